//! The lexicon: the lexical flags of words (cue verbs, pronouns, titles,
//! roles, time words ...) and the words that have them.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// A verb (or phrase head) of saying, writing or thinking.
pub(super) const CUE: u32 = 1;
/// A cue that takes a listener before its content: "told reporters that".
pub(super) const CUE_OBJ: u32 = 1 << 1;
/// A cue whose content is a quoted label: "described it as “candid”".
pub(super) const CUE_AS: u32 = 1 << 2;
/// A cue that can precede its subject: "..., said the official."
pub(super) const CUE_INV: u32 = 1 << 3;
/// A participle cue that takes its subject from the clause before: ", adding that".
pub(super) const PARTICIPLE: u32 = 1 << 4;
/// A cue that counts only when "that" follows: "has learned that".
pub(super) const WEAK: u32 = 1 << 5;
/// Determiner, possessive or numeral that opens a noun phrase.
pub(super) const DET: u32 = 1 << 6;
/// Personal or relative pronoun that can be a speaker.
pub(super) const PRON: u32 = 1 << 7;
/// Auxiliary or adverb that may stand between a subject and its cue.
pub(super) const SKIP: u32 = 1 << 8;
/// A function word that cannot be part of a speaker's noun phrase.
pub(super) const STOP: u32 = 1 << 9;
/// A title before a person's name: "President", "Mr.".
pub(super) const TITLE: u32 = 1 << 10;
/// A role noun that heads a speaker description: "official", "spokesman".
pub(super) const ROLE: u32 = 1 << 11;
/// A word that marks a capitalised name as not a person: "Department", "Monday".
pub(super) const NONPERSON: u32 = 1 << 12;
/// A time word that may follow a cue: "said Monday", "said last week".
pub(super) const TIME: u32 = 1 << 13;
/// A noun naming the occasion of a statement: "said in a statement".
pub(super) const VENUE: u32 = 1 << 14;
/// An abbreviation that keeps its period: "Mr.", "Sen.".
pub(super) const ABBR: u32 = 1 << 15;
/// A preposition that may join parts of a speaker's noun phrase: "spokesman for".
pub(super) const LINK: u32 = 1 << 16;
/// A word that starts a clause after a comma and so ends an interrupted content.
pub(super) const CLAUSE: u32 = 1 << 17;
/// A verb that is a cue only right after a quote: "“...,” read the email."
pub(super) const INV_ONLY: u32 = 1 << 18;
/// A cue of a news outlet or document ("writes", "reports"): after a quote
/// that already has a speaker before it, its subject is the carrier.
pub(super) const MEDIA: u32 = 1 << 19;
/// A verb of belief whose clause may open with any noun phrase: "think the
/// tax will ...".
pub(super) const THINK: u32 = 1 << 20;

/// A cue of plain speech or report whose attribution is annotated even
/// inside another one's content ("X said Y had said Z" holds two): PolNeAR
/// splits the outer content around the inner attribution.
pub(super) const NEST: u32 = 1 << 21;

/// A noun of stance or statement that is a cue with a possessive holder:
/// "his attacks on Clinton", "Mr. Trump's decision to ...".
pub(super) const NOUN_CUE: u32 = 1 << 22;

/// A verb of stance that makes an attribution after a share of people:
/// "Two-thirds support ...".
pub(super) const STANCE_VERB: u32 = 1 << 23;

/// A verb of finding that makes an attribution after a poll or survey:
/// "Polls show ...".
pub(super) const FINDING_VERB: u32 = 1 << 24;

/// Words and their lexical flags; each string lists lowercase words separated by
/// whitespace.
const LEXICON: &[(u32, &str)] = &[
    (
        STANCE_VERB,
        "approve approves back backs disapprove disapproves favor favors favour favours \
         oppose opposes prefer prefers reject rejects support supports choose chooses chose",
    ),
    (
        FINDING_VERB,
        "find finds found show shows showed suggest suggests",
    ),
    (
        CUE | CUE_INV,
        "said says added adds wrote writes asked asks explained continued noted notes \
         recalled replied responded argued argues insisted insists stated tweeted observed \
         cautioned warned warns concluded reported reports declared quipped joked remarked \
         conceded acknowledged countered boasted complained predicted suggested suggests \
         admitted admits",
    ),
    (
        CUE,
        "say according announced announces claimed claims denied denies deny confirmed \
         confirms stressed stresses emphasized emphasised underlined reiterated asserted \
         asserts   indicated revealed disclosed mentioned acknowledges \
         agreed described describes expressed expresses urged urges cited cites vowed vows \
         promised promises pledged pledges predicts believes hoped hopes feared fears thinks \
         assessed estimated alleged alleges accused accuses criticized criticised praised \
         praises defended dismissed rejected questioned denounced condemned blamed blames \
         blame decried lamented slammed blasted mocked touted hinted signaled signalled \
         implied wondered proclaimed posted declined refused discussed echoed shouted chanted \
         pleaded retorted wrote tweets quoted believed doubted figured calculated projected \
         forecast forecasts showed shows show finds mocks concludes conclude barked gloated \
         cracked marvels muses contended contends objected charged speculated stipulated \
         testified ruled hinted pointed",
    ),
    (
        INV_ONLY,
        "read reads beamed boomed agreed agrees declares quipped shouted yelled exclaimed \
         snapped cautioned laughed sighed recounted recalls offered concurred wrote tweeted \
         posted interjected chimed deadpanned scoffed marveled mused remembered wondered \
         vowed predicted warned insisted",
    ),
    (
        CUE,
        "endorsed endorses seemed seems appeared appears sought offered proposed opposed \
         supported mention talked recommended requested demanded pushed signaled hailed \
         welcomed applauded lambasted ripped chided scolded faulted knocked attacked pressed \
         challenged vowing hoping wondering rejecting wants wanted plans planned intends \
         vowed refuses",
    ),
    (
        MEDIA,
        "writes wrote reports reported reads read notes noted",
    ),
    (
        CUE,
        "yelled shouted exclaimed snapped quipped declares agrees cautions recounted recalls \
         explains tweets insist replies responds asserted remarked reasoned surmised opined \
         groused grumbled bragged conceded concedes  counters acknowledges predicts \
         warns worried believed thought",
    ),
    (
        CUE | CUE_OBJ,
        "told tells tell assured reminded informed warned urged exhorted exhorts",
    ),
    (
        CUE | CUE_OBJ | PARTICIPLE,
        "telling assuring reminding informing",
    ),
    (
        CUE | CUE_AS,
        "called calls call dubbed labeled labelled termed branded deemed described describes",
    ),
    (
        CUE | CUE_AS | PARTICIPLE,
        "labeling labelling calling dubbing describing",
    ),
    (CUE | CUE_INV, "answered  replies responds"),
    (
        CUE | PARTICIPLE,
        "saying adding noting arguing insisting explaining warning citing pointing suggesting \
         stressing claiming telling describing calling stating declaring asserting \
         acknowledging announcing accusing urging predicting recalling referring questioning \
         emphasizing writing asking complaining promising vowing denying confirming praising \
         criticizing blaming reiterating conceding admitting hinting pledging insisting \
         labeling labelling declaring charging alleging arguing remarking answering replying \
         responding explaining tweeting",
    ),
    (
        CUE | WEAK,
        "found learned learnt believe think thought know knows knew argue claim insist \
         suggest fear hope expect expects expected feel feels felt worry worries worried \
         concluded predict estimate acknowledge admit recognize recognized agree agrees \
         understand understands realize realized assume assumed suspect suspects suspected \
         noticed decided determined demanded demands proposed recommended announce reveal \
         confirm explain note warn write suggesting indicate indicates imply implies \
         emphasize",
    ),
    (
        CUE,
        "spoke voted issued discuss accuse named considered respond endorse backed offer seem sees \
         ordered referred oppose shared supports repeated praise seeks listed nominated voiced \
         favored sounded portrayed prefer describe highlighted railed encouraged express \
         viewed emailed thanked slams threatened preferred embraced hints portray retweeted \
         assailed referenced criticize declare reveals bemoaned blasts likened opposes invoked \
         commented mentions considers rebuked derided lashed unveiled see want decided",
    ),
    // States of mind that take a "that" clause: "is convinced that ...".
    (
        CUE | PARTICIPLE | WEAK,
        "convinced concerned optimistic hopeful adamant confident",
    ),
    (
        CUE | PARTICIPLE,
        "talking supporting seeking backing pushing offering denouncing defending discussing \
         expecting touting repeating proposing reminding dismissing blasting mentioning \
         thanking slamming mocking echoing implying hoping wondering rejecting eager",
    ),
    (
        THINK,
        "think thinks believe believes know knows knew expect hope fear worry argue claim \
         insist suggest realize understand agree assume found learned thought",
    ),
    // Verbs of stance, thought and publication that PolNeAR annotates as
    // cues, kept where they were right at least 45 percent of the time on
    // the PolNeAR training split.
    (
        CUE,
        "accept addressed advocate advocated advocates allowed apologize apologized \
         apologizes ask assails backs blast boast boasts brags cast casts caution \
         championed champions cite clarified comment compared complain concede \
         congratulated consider criticizes decide defend defends detailed disagree \
         disagrees discusses dismisses doubt doubts downplayed echo elaborated embrace \
         embraces emphasizes estimates favor favors framed insulted intend intended jokes \
         laid laments lays lobbied lobby maintain mock outlined paints pitched pledge \
         pressured promote promoted promotes proposes published publishes pushes \
         questions rebuke recall regards rejects released remember remembers reply rips \
         threaten touts underscores views vow written",
    ),
    (
        CUE | PARTICIPLE,
        "accepting applauding challenging chiding clarifying commenting \
         congratulating considering decrying demanding lamenting laying opposing \
         outlining planning portraying posting publishing releasing revealing ripping \
         showing signing threatening underscoring",
    ),
    // Verbs found in PolNeAR train's cues (three times or more), kept where
    // they were right at least 45 percent of the time there.
    (
        CUE,
        "acquiesced aligned appointed attempted attributed authorized avoided \
         balked blocked brushed coined contradicted credited disavowed displayed \
         distanced doubled exposed fired focused focuses identified identify ignored \
         imagined known negotiated persuaded pivoted positioned prefers \
         presented pronounced recognizes refers refuse resisted sentenced share \
         shrugged sided singled sparred sponsored spotted sued ticked titled touched \
         unleashed uttered vouched weighed",
    ),
    (
        CUE | PARTICIPLE,
        "aiming alluding attempting crediting detailing determining endorsing fearing \
         introducing knowing launching lining looking quoting referencing refusing \
         relying reporting restricting speaking",
    ),
    // Kept where right at least 40 percent of the time on PolNeAR train.
    (
        NOUN_CUE,
        "suggestion view assertion promise opposition claim claims criticism endorsement \
         call calls argument insistence accusation decision attacks",
    ),
    (
        NEST,
        "said says say according reported announced accused suggested",
    ),
    (
        DET,
        "the a an his her its their our my your this these those some many several most few \
         other another both all each every any one two three four five six seven eight nine \
         ten dozens hundreds thousands",
    ),
    (PRON, "he she they we i it you who"),
    (
        SKIP | STOP,
        "has have had would will could should may might can did does do didn't doesn't don't \
         hasn't haven't won't wouldn't not never also later previously meanwhile then again \
         recently reportedly already once often still earlier publicly privately openly just \
         even first further repeatedly quickly meantime separately too now initially \
         similarly however moreover instead and but",
    ),
    (
        STOP,
        "that which whom whose when where while as because if after before since although \
         though or nor so than to is are was were be been being am there here what how why \
         whether yet by about into over under during without against between among through \
         per via on upon like unlike until unless amid following despite regarding asked says \
         said no s",
    ),
    (LINK | STOP, "of for at from in with and & on"),
    (
        CLAUSE,
        "and but or who which while although though as because since when where whereas so \
         yet then before after according if unless with even",
    ),
    (
        TITLE,
        "president mr mr. mrs mrs. ms ms. dr dr. secretary minister chancellor senator sen. \
         rep. gov. governor prime general gen. ambassador king queen prince pope premier \
         mayor judge justice candidate nominee chairman chairwoman director professor prof. \
         sheikh vice spokesman spokeswoman representative congressman congresswoman leader \
         commander envoy speaker lord lady sir sgt. lt. col. capt. rev. attorney adviser \
         advisor aide analyst economist chief emir sultan ayatollah cardinal bishop rabbi \
         imam dame",
    ),
    (
        ROLE,
        "official officials spokesman spokeswoman spokesperson spokesmen minister ministry \
         president secretary source sources aide aides adviser advisers advisor advisors \
         analyst analysts expert experts lawyer lawyers attorney diplomat diplomats officer \
         officers negotiator negotiators leader leaders agency department office service \
         campaign committee government administration statement report reports poll polls \
         survey study researchers critics supporters chief director ambassador envoy governor \
         senator candidate nominee representative member members group organization \
         commission council chancellor premier mayor general commander ministers presidents \
         kremlin spokespeople executive chairman judge prosecutor prosecutors police military \
         army ministries everyone everybody someone somebody nobody anyone anybody others \
         people public press media staff team family spokesperson counsel \
         founder host anchor percent majority plurality half respondents person man woman \
         voter resident friend neighbor worker supporter student teacher owner veteran \
         protester activist historian strategist consultant pollster lawmaker legislator \
         reporter journalist columnist writer author editor commentator observer scholar \
         professor manager managers chairwoman economist economists correspondent \
         congressman congresswoman delegate delegates scientist researcher directors \
         organizer advocate lobbyist pastor surrogate operative deputy speaker treasurer \
         sheriff lawmakers senators governors voters donor donors ally allies insider \
         insiders moderator moderators producer producers contributor contributors \
         physician physicians",
    ),
    (
        NONPERSON,
        "federation department ministry house kremlin party committee agency news times post \
         union nations council office service court congress senate campaign foundation \
         institute university press journal network summit street city county state states \
         republic kingdom sea river heights monday tuesday wednesday thursday friday saturday \
         sunday january february march april june july august september october november \
         december group bank company corp inc association organization commission times \
         tribune herald guardian reuters tass ap afp cnn bbc fox nbc abc cbs msnbc npr daily \
         weekly magazine radio tv television airport square hall center centre east west \
         north south middle army forces police government administration province region \
         island islands mountains valley gulf ocean committee assembly parliament duma navy \
         air force club democrats republicans russian american syrian turkish chinese british \
         french german iranian israeli ukrainian european islamic islamist muslim christian \
         jewish arab national international global world general supreme federal democratic \
         republican northern southern eastern western",
    ),
    (
        TIME,
        "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight \
         earlier later last this week month year night morning afternoon evening weekend \
         recently ago days weeks months years summer winter spring fall autumn again \
         repeatedly previously also publicly privately separately then too late early next \
         once twice now",
    ),
    (
        VENUE,
        "statement statements interview tweet tweets speech letter email e-mail post \
         conference rally briefing debate twitter facebook instagram release video radio \
         television broadcast event meeting appearance call message memo column editorial \
         remarks op-ed blog book podcast hearing address show program programme session forum \
         documentary filing testimony report news transcript note telephone phone text \
         blogpost announcement communique summit visit trip ceremony gathering sidelines \
         response reply op tv cnn msnbc fox abc nbc cbs npr",
    ),
    (
        ABBR,
        "mr mrs ms dr st sen rep gov gen lt col sgt capt jr sr inc corp co ltd vs no jan feb \
         aug sept sep oct nov dec prof rev mt ft gens reps sens govs messrs cmdr adm maj pres \
         dept univ est approx u.s u.n u.k e.u d.c",
    ),
];

/// A small FNV-1a hasher for the lexicon's short keys.
#[derive(Default)]
pub(super) struct Fnv(u64);

impl Hasher for Fnv {
    /// The hash so far.
    fn finish(&self) -> u64 {
        self.0
    }
    /// Mixes `bytes` into the hash.
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type Lexicon = HashMap<&'static [u8], u32, BuildHasherDefault<Fnv>>;

/// The longest word in the lexicon, in bytes.
pub(super) const LONGEST: usize = 16;

/// The lexicon as one map from lowercase word to flags, built once.
fn lexicon() -> &'static Lexicon {
    static MAP: OnceLock<Lexicon> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = Lexicon::default();
        let mut strong = Lexicon::default();
        for &(flags, words) in LEXICON {
            for w in words.split_whitespace() {
                *map.entry(w.as_bytes()).or_insert(0) |= flags;
                if flags & CUE != 0 && flags & WEAK == 0 {
                    strong.insert(w.as_bytes(), CUE);
                }
            }
        }
        // A word listed as a full cue anywhere is not a weak one.
        for (w, f) in map.iter_mut() {
            if strong.contains_key(w) {
                *f &= !WEAK;
            }
        }
        map
    })
}

/// Flags of a word (ASCII case-insensitive; words with other letters have none).
pub(super) fn flags_of(word: &str) -> u32 {
    // "she’s", "they've", "I'd": a pronoun with its auxiliary contracted
    // is a pronoun (the speaker in "She’s said that ...").
    if let Some((p, v)) = word.split_once(['\u{2019}', '\'']) {
        if ["s", "ve", "d", "re", "m", "ll"].contains(&v) && !p.is_empty() {
            return flags_of(p) & PRON;
        }
    }
    let bytes = word.as_bytes();
    if bytes.len() > LONGEST {
        return 0;
    }
    let mut buf = [0u8; LONGEST];
    for (d, s) in buf.iter_mut().zip(bytes) {
        if !s.is_ascii() {
            return 0;
        }
        *d = s.to_ascii_lowercase();
    }
    lexicon().get(&buf[..bytes.len()]).copied().unwrap_or(0)
}
