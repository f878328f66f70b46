//! Attributions in news text: who said what, with which cue.
//!
//! [`find_attributions`] finds direct quotes (content inside quotation marks,
//! whole or partial) and reported speech ("the official said the U.S. was
//! eager ...", "according to a senior official, ...") in plain news text, and
//! for each one the cue ("said", "told journalists"), the source as written
//! at that place, the speaker resolved from pronouns and roles to the fullest
//! earlier mention, and the outlet relaying it (the carrier).
//!
//! The extractor is a set of hand-written rules over one tokenisation of the
//! text; it needs no model and no allocation per character. It works in
//! passes that are each linear in the number of tokens:
//!
//! 1. tokenise (words, punctuation, quotation marks; paragraphs are lines);
//! 2. pair quotation marks within each paragraph (straight, curly, angle and
//!    single marks; a quote never closed ends at its paragraph end);
//! 3. split sentences (abbreviations such as "U.S." and "Mr." do not end one);
//! 4. attribute each quote from the words after its closing mark
//!    (`"...," the official said`, `"...", said X`, `"...", TASS quoted Putin
//!    as saying`) or before its opening mark (`X said: "..."`, `X added that
//!    "..."`, `X was quoted as saying "..."`), merging interrupted quotes
//!    (`"...," he said, "..."`);
//! 5. attribute reported speech around each remaining cue word (`X said
//!    (that) ...`, `..., X said.`, `according to X, ...`, `As X reported,
//!    ...`, `X described it as "..."`, `..., adding that ...`);
//! 6. add verbless frames (a headline "Name: claim", "In a new poll, ...",
//!    whose share of respondents it speaks for, "In an interview, X ...",
//!    "As X put it, ...", an interview transcript's "PENCE: ..." turns),
//!    cues whose speaker goes unnamed ("Asked about X, ...", "is expected
//!    to ...", "reportedly"), nouns of stance with a possessive holder ("his
//!    attacks on X") and any verb taking a "that" clause after a speaker;
//! 7. join a quote that opens the sentence after an attribution to it
//!    (`"...," he said. "..."`, also across a paragraph break), give a quote
//!    after a bare cue ("Phil Musser agreed.") its speaker, leave a quote
//!    with neither speaker nor cue out, drop attributions
//!    whose cue lies inside another attribution's content (except plain
//!    speech and report verbs, which PolNeAR annotates nested too), and
//!    resolve pronoun and role speakers.
//!
//! Known limits: verbs of thinking and stance outside the lexicon are cues
//! only before a "that" clause or after a quote ("“...,” he retaliated");
//! part of the lexicon was chosen by precision on PolNeAR's training split;
//! a pronoun resolves to the last person mentioned before it, which is not
//! always its referent; only double quotes pair inside paragraphs (single
//! quotes only at top level, and they never make a direct quote).
//!
//! All ranges are byte ranges into the text, on character boundaries.
//!
//! ```
//! use storyline::quotes::{find_attributions, QuoteKind};
//!
//! let text = "\u{201c}We will keep talking,\u{201d} the minister told reporters.";
//! let found = find_attributions(text);
//! assert_eq!(found.len(), 1);
//! assert_eq!(found[0].kind, QuoteKind::Direct);
//! assert_eq!(&text[found[0].content[0].clone()], "We will keep talking");
//! assert_eq!(found[0].source.clone().map(|r| &text[r]), Some("the minister"));
//! ```

use crate::entities::{given_name_sex, NameSex};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::OnceLock;

/// Direct quote (content inside quotation marks, whole or partial) or reported speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuoteKind {
    /// The content is (mostly) inside quotation marks.
    Direct,
    /// Indirect speech, paraphrase or a stated belief, not (mostly) quoted.
    Reported,
}

/// One attribution: who said what, with which cue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// Direct quote or reported speech.
    pub kind: QuoteKind,
    /// The content: one span, or several when a quote is interrupted ("“...,” he said, “...”").
    pub content: Vec<Range<usize>>,
    /// The cue: "said", "told journalists", "according to", "was quoted as saying", "added".
    pub cue: Option<Range<usize>>,
    /// The speaker as written at this place: "Putin", "he", "the official", "a senior US State Department official".
    pub source: Option<Range<usize>>,
    /// The speaker resolved to the fullest mention earlier in the text when `source` is a pronoun
    /// or a role ("he" -> "Vladimir Putin"; "the official" -> "a senior US State Department official");
    /// equal to `source` when it already is a name or full description.
    pub speaker: Option<Range<usize>>,
    /// An outlet or agency relaying the quote ("TASS" in "TASS quoted Putin as saying").
    pub carrier: Option<Range<usize>>,
}

/// Every attribution of `text`, in text order.
///
/// Never panics; runs in time linear in the length of `text` (up to a
/// logarithmic factor in the number of attributions).
pub fn find_attributions(text: &str) -> Vec<Attribution> {
    let mut doc = Doc::new(text);
    if doc.toks.is_empty() {
        return Vec::new();
    }
    doc.pair_quotes();
    doc.split_sentences();
    doc.mark_names();
    doc.prepare();
    let mut found = doc.direct_quotes();
    doc.reported_speech(&mut found);
    doc.framed_statements(&mut found);
    doc.transcript_turns(&mut found);
    doc.sourceless_cues(&mut found);
    doc.nominal_cues(&mut found);
    doc.that_clauses(&mut found);
    doc.poll_findings(&mut found);
    doc.orphan_quotes(&mut found);
    found.retain(|r| !doc.is_title(r));
    let mut found = drop_nested(found, |r| doc.may_nest(r), |r| doc.is_according(r));
    found.sort_by_key(|a| a.key);
    doc.resolve(&mut found);
    found.iter().map(|a| doc.finish(a)).collect()
}

// ---------------------------------------------------------------------------
// Lexicon

/// A verb (or phrase head) of saying, writing or thinking.
const CUE: u32 = 1;
/// A cue that takes a listener before its content: "told reporters that".
const CUE_OBJ: u32 = 1 << 1;
/// A cue whose content is a quoted label: "described it as “candid”".
const CUE_AS: u32 = 1 << 2;
/// A cue that can precede its subject: "..., said the official."
const CUE_INV: u32 = 1 << 3;
/// A participle cue that takes its subject from the clause before: ", adding that".
const PARTICIPLE: u32 = 1 << 4;
/// A cue that counts only when "that" follows: "has learned that".
const WEAK: u32 = 1 << 5;
/// Determiner, possessive or numeral that opens a noun phrase.
const DET: u32 = 1 << 6;
/// Personal or relative pronoun that can be a speaker.
const PRON: u32 = 1 << 7;
/// Auxiliary or adverb that may stand between a subject and its cue.
const SKIP: u32 = 1 << 8;
/// A function word that cannot be part of a speaker's noun phrase.
const STOP: u32 = 1 << 9;
/// A title before a person's name: "President", "Mr.".
const TITLE: u32 = 1 << 10;
/// A role noun that heads a speaker description: "official", "spokesman".
const ROLE: u32 = 1 << 11;
/// A word that marks a capitalised name as not a person: "Department", "Monday".
const NONPERSON: u32 = 1 << 12;
/// A time word that may follow a cue: "said Monday", "said last week".
const TIME: u32 = 1 << 13;
/// A noun naming the occasion of a statement: "said in a statement".
const VENUE: u32 = 1 << 14;
/// An abbreviation that keeps its period: "Mr.", "Sen.".
const ABBR: u32 = 1 << 15;
/// A preposition that may join parts of a speaker's noun phrase: "spokesman for".
const LINK: u32 = 1 << 16;
/// A word that starts a clause after a comma and so ends an interrupted content.
const CLAUSE: u32 = 1 << 17;
/// A verb that is a cue only right after a quote: "“...,” read the email."
const INV_ONLY: u32 = 1 << 18;
/// A cue of a news outlet or document ("writes", "reports"): after a quote
/// that already has a speaker before it, its subject is the carrier.
const MEDIA: u32 = 1 << 19;
/// A verb of belief whose clause may open with any noun phrase: "think the
/// tax will ...".
const THINK: u32 = 1 << 20;

/// A cue of plain speech or report whose attribution is annotated even
/// inside another one's content ("X said Y had said Z" holds two): PolNeAR
/// splits the outer content around the inner attribution.
const NEST: u32 = 1 << 21;

/// A noun of stance or statement that is a cue with a possessive holder:
/// "his attacks on Clinton", "Mr. Trump's decision to ...".
const NOUN_CUE: u32 = 1 << 22;

/// A verb of stance that makes an attribution after a share of people:
/// "Two-thirds support ...".
const STANCE_VERB: u32 = 1 << 23;

/// A verb of finding that makes an attribution after a poll or survey:
/// "Polls show ...".
const FINDING_VERB: u32 = 1 << 24;

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
struct Fnv(u64);

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
const LONGEST: usize = 16;

/// The fewest words a quote inside a sentence needs to be attributed to the
/// sentence's subject without a cue.
const MIN_INLINE_WORDS: usize = 4;

/// The fewest words such a quote needs to count as a direct quote rather
/// than a quoted phrase.
const DIRECT_INLINE_WORDS: usize = 8;

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
fn flags_of(word: &str) -> u32 {
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

// ---------------------------------------------------------------------------
// Tokens

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Letters and digits, with inner apostrophes, hyphens and periods.
    Word,
    /// One punctuation character.
    Punct(char),
    /// A quotation mark not (yet) paired; `lo`: looks like an opener by its
    /// left side, `rc`: looks like a closer by its right side.
    Mark { ch: char, lo: bool, rc: bool },
    /// An opening mark of a paired quote.
    Open,
    /// A closing mark of a paired quote.
    Close,
}

/// One token with its byte span and properties.
#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
    kind: Kind,
    /// Lexicon flags (words only).
    flags: u32,
    /// Starts with an uppercase letter.
    cap: bool,
    /// Paragraph number.
    para: u32,
    /// Inside a paired quote (between its marks).
    quoted: bool,
}

/// A paired quote: token indices of its marks.
#[derive(Debug, Clone, Copy)]
struct Region {
    /// The opening mark.
    open: usize,
    /// The closing mark, or the end of the paragraph (exclusive) when never closed.
    close: usize,
    /// Whether a closing mark was found.
    closed: bool,
}

/// A mention of a person: its tokens and the fullest mention of the same
/// surname up to it.
#[derive(Debug, Clone, Copy)]
struct Person {
    /// The name without its title.
    span: (usize, usize),
    /// The longest mention so far with the same surname.
    full: (usize, usize),
    /// The title word just before the name ("President"), if any.
    title: Option<usize>,
}

/// An attribution under construction, in token indices (`[a, b)` ranges).
#[derive(Debug, Clone)]
struct Raw {
    /// As [`Attribution::kind`].
    kind: QuoteKind,
    /// As [`Attribution::content`].
    content: Vec<(usize, usize)>,
    /// As [`Attribution::cue`].
    cue: Option<(usize, usize)>,
    /// As [`Attribution::source`].
    source: Option<(usize, usize)>,
    /// As [`Attribution::speaker`] (set by [`Doc::resolve`]).
    speaker: Option<(usize, usize)>,
    /// As [`Attribution::carrier`].
    carrier: Option<(usize, usize)>,
    /// Sort key: first token of the attribution.
    key: usize,
    /// The source is the subject of the clause before ("..., adding: “...”").
    needs_subject: bool,
    /// Found from the words after a quote ("“...,” he said").
    quote: bool,
}

/// Whether `c` is a quotation mark (or an apostrophe, which may be one).
fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201c}'
            | '\u{201d}'
            | '\u{201e}'
            | '\u{201f}'
            | '\u{ab}'
            | '\u{bb}'
            | '\''
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201a}'
    )
}

/// Whether a quotation mark after `c` (none: text start) looks like an opener.
fn opens_left(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '(' | '[' | '{' | '\u{2014}' | '\u{2013}' | '-' | '/' | ':'
                )
                || is_quote_char(c)
        }
    }
}

/// Whether a quotation mark before `c` (none: text end) looks like a closer.
fn closes_right(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    ',' | '.'
                        | ';'
                        | ':'
                        | '!'
                        | '?'
                        | ')'
                        | ']'
                        | '}'
                        | '\u{2026}'
                        | '\u{2014}'
                        | '\u{2013}'
                        | '-'
                        | '/'
                )
                || is_quote_char(c)
        }
    }
}

/// The document being analysed: text, tokens and per-token tables.
struct Doc<'a> {
    text: &'a str,
    toks: Vec<Tok>,
    regions: Vec<Region>,
    /// Sentence number of each token.
    sent: Vec<u32>,
    /// Sentences as token ranges.
    sents: Vec<(usize, usize)>,
    /// Bytes of words before each token (prefix sums, `n + 1` entries).
    word_bytes: Vec<usize>,
    /// Characters, and characters inside quotes (marks included), before
    /// each token (prefix sums, `n + 1` entries).
    chars: Vec<(usize, usize)>,
    /// For each token, the first token at or after it where a forward content stops.
    next_stop: Vec<usize>,
    /// Cue tokens already used by an attribution.
    used: Vec<bool>,
}

impl<'a> Doc<'a> {
    /// Tokenises `text`.
    fn new(text: &'a str) -> Self {
        let mut toks = Vec::with_capacity(text.len() / 5 + 1);
        let mut para = 0u32;
        let mut prev: Option<char> = None;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '\n' {
                para += 1;
                prev = Some(c);
                continue;
            }
            if c.is_whitespace() {
                prev = Some(c);
                continue;
            }
            if c.is_alphanumeric() {
                let mut end = i + c.len_utf8();
                let mut last = c;
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_alphanumeric() {
                        end = j + d.len_utf8();
                        last = d;
                        chars.next();
                        continue;
                    }
                    // Combining accents stay in their word, and so do the
                    // symbols from U+0080..U+00BF that UTF-8 read as Latin-1
                    // leaves inside one ("FranÃÂ§ois").
                    let mojibake = ('\u{300}'..='\u{36f}').contains(&d)
                        || ('\u{80}'..='\u{bf}').contains(&d)
                            && !matches!(d, '\u{a0}' | '\u{ab}' | '\u{bb}')
                            && text
                                .get(j + d.len_utf8()..)
                                .and_then(|s| s.chars().next())
                                .is_some_and(char::is_alphanumeric);
                    // "2,093": a thousands separator stays in its number.
                    let thousands = d == ','
                        && text[i..j].bytes().all(|b| b.is_ascii_digit() || b == b',')
                        && text.get(j + 1..).is_some_and(|s| {
                            let b = s.as_bytes();
                            b.len() >= 3
                                && b[..3].iter().all(u8::is_ascii_digit)
                                && !b.get(3).is_some_and(u8::is_ascii_digit)
                        });
                    if mojibake || thousands {
                        chars.next();
                        end = j + d.len_utf8();
                        last = d;
                        continue;
                    }
                    if matches!(d, '\'' | '\u{2019}' | '-' | '.' | '&' | '\u{2011}') {
                        let after = text.get(j + d.len_utf8()..).and_then(|s| s.chars().next());
                        if after.is_some_and(char::is_alphanumeric) {
                            chars.next();
                            end = j + d.len_utf8();
                            last = d;
                            continue;
                        }
                        if d == '.' {
                            let word = &text[i..end];
                            let abbr = flags_of(word) & ABBR != 0
                                || word.contains('.')
                                || (word.chars().count() == 1
                                    && word.chars().all(char::is_uppercase));
                            if abbr {
                                chars.next();
                                end = j + 1;
                                last = d;
                            }
                        }
                    }
                    break;
                }
                let word = &text[i..end];
                let flags = match word.strip_suffix('.') {
                    Some(stem) => flags_of(word) | flags_of(stem),
                    None => flags_of(word),
                };
                toks.push(Tok {
                    start: i,
                    end,
                    kind: Kind::Word,
                    flags,
                    cap: c.is_uppercase(),
                    para,
                    quoted: false,
                });
                prev = Some(last);
                continue;
            }
            let mut end = i + c.len_utf8();
            let kind = if is_quote_char(c) {
                let mut ch = c;
                // Two apostrophes stand for a double quotation mark ('' in
                // some newspapers' archives).
                let triple = text.get(i..i + 3) == Some("'''");
                let closing = !opens_left(prev);
                if c == '\''
                    && chars.peek().is_some_and(|&(_, d)| d == '\'')
                    && !(triple && closing)
                {
                    chars.next();
                    end += 1;
                    ch = '"';
                }
                let next = chars.peek().map(|&(_, d)| d);
                Kind::Mark {
                    ch,
                    lo: opens_left(prev),
                    rc: closes_right(next),
                }
            } else {
                Kind::Punct(c)
            };
            toks.push(Tok {
                start: i,
                end,
                kind,
                flags: 0,
                cap: false,
                para,
                quoted: false,
            });
            prev = Some(c);
        }
        let n = toks.len();
        Doc {
            text,
            toks,
            regions: Vec::new(),
            sent: vec![0; n],
            sents: Vec::new(),
            word_bytes: Vec::new(),
            chars: Vec::new(),
            next_stop: Vec::new(),
            used: vec![false; n],
        }
    }

    // -- token helpers ------------------------------------------------------

    /// Token `i`, if any.
    fn tok(&self, i: usize) -> Option<&Tok> {
        self.toks.get(i)
    }

    /// The text of token `i` (empty past the end).
    fn word(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| &self.text[t.start..t.end])
    }

    /// Whether token `i` is a word.
    fn is_word(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| t.kind == Kind::Word)
    }

    /// Whether token `i` is a word with any of the lexicon flags `flag`.
    fn has(&self, i: usize, flag: u32) -> bool {
        self.tok(i)
            .is_some_and(|t| t.kind == Kind::Word && t.flags & flag != 0)
    }

    /// Whether token `i` is the word `w` (ASCII case-insensitive).
    fn is(&self, i: usize, w: &str) -> bool {
        self.is_word(i) && self.word(i).eq_ignore_ascii_case(w)
    }

    /// The punctuation character of token `i`, if it is one.
    fn punct(&self, i: usize) -> Option<char> {
        match self.tok(i)?.kind {
            Kind::Punct(c) => Some(c),
            _ => None,
        }
    }

    /// Whether token `i` is a capitalised word.
    fn is_cap(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| t.kind == Kind::Word && t.cap)
    }

    /// Sentence number of token `i` (`usize::MAX` past the end).
    fn sent_of(&self, i: usize) -> usize {
        self.sent.get(i).map_or(usize::MAX, |&s| s as usize)
    }

    /// Token range of the sentence of token `i`.
    fn sentence(&self, i: usize) -> (usize, usize) {
        self.sents
            .get(self.sent_of(i))
            .copied()
            .unwrap_or((i, i + 1))
    }

    /// Whether tokens `i` and `j` exist and share a sentence.
    fn same_sent(&self, i: usize, j: usize) -> bool {
        j < self.toks.len() && i < self.toks.len() && self.sent[i] == self.sent[j]
    }

    /// Number of words among tokens `[a, b)`.
    fn words_in(&self, a: usize, b: usize) -> usize {
        (a..b.min(self.toks.len()))
            .filter(|&i| self.is_word(i))
            .count()
    }

    // -- pass 2: quotation marks ------------------------------------------

    /// Pairs quotation marks paragraph by paragraph.
    fn pair_quotes(&mut self) {
        #[derive(Clone, Copy, PartialEq)]
        enum Role {
            Opener,
            Closer,
            Either,
            Apostrophe,
        }
        let n = self.toks.len();
        let mut outer: Option<usize> = None;
        let mut single: Option<usize> = None;
        let mut regions = Vec::new();
        let mut i = 0;
        while i <= n {
            let para_end = i == n || (i > 0 && self.toks[i].para != self.toks[i - 1].para);
            if para_end {
                if let Some(o) = outer.take() {
                    regions.push(Region {
                        open: o,
                        close: i,
                        closed: false,
                    });
                }
                single = None;
                if i == n {
                    break;
                }
            }
            let Kind::Mark { ch, lo, rc } = self.toks[i].kind else {
                i += 1;
                continue;
            };
            let double = !matches!(ch, '\'' | '\u{2018}' | '\u{2019}' | '\u{201a}');
            let role = match ch {
                '\u{201c}' | '\u{201e}' | '\u{ab}' => {
                    if outer.is_some() && rc && !lo {
                        Role::Closer
                    } else {
                        Role::Opener
                    }
                }
                '\u{201d}' | '\u{bb}' | '\u{201f}' => {
                    if outer.is_none() && lo && !rc {
                        Role::Opener
                    } else {
                        Role::Closer
                    }
                }
                '\u{2018}' | '\u{201a}' => {
                    if lo {
                        Role::Opener
                    } else {
                        Role::Apostrophe
                    }
                }
                _ => match (lo, rc) {
                    (true, false) => Role::Opener,
                    (false, true) => Role::Closer,
                    _ if double => Role::Either,
                    _ => Role::Apostrophe,
                },
            };
            if double {
                match (outer, role) {
                    (None, Role::Opener | Role::Either) => outer = Some(i),
                    (Some(o), Role::Closer | Role::Either) => {
                        regions.push(Region {
                            open: o,
                            close: i,
                            closed: true,
                        });
                        outer = None;
                        single = None;
                    }
                    _ => {}
                }
            } else if outer.is_none() {
                match (single, role) {
                    (None, Role::Opener) => single = Some(i),
                    (Some(o), Role::Closer) => {
                        regions.push(Region {
                            open: o,
                            close: i,
                            closed: true,
                        });
                        single = None;
                    }
                    _ => {}
                }
            }
            i += 1;
        }
        regions.sort_by_key(|r| r.open);
        regions.retain(|r| self.words_in(r.open + 1, r.close) > 0);
        for r in &regions {
            self.toks[r.open].kind = Kind::Open;
            if r.closed {
                self.toks[r.close].kind = Kind::Close;
            }
            for t in &mut self.toks[r.open + 1..r.close] {
                t.quoted = true;
            }
        }
        self.regions = regions;
    }

    // -- pass 3: sentences -------------------------------------------------

    /// Splits every paragraph into sentences.
    fn split_sentences(&mut self) {
        let n = self.toks.len();
        let mut start = 0;
        let mut i = 0;
        while i < n {
            let mut end = None;
            if i + 1 < n && self.toks[i + 1].para != self.toks[i].para {
                end = Some(i + 1);
            } else if i + 1 == n {
                end = Some(n);
            } else {
                let terminal = match self.toks[i].kind {
                    Kind::Punct(c) => matches!(c, '.' | '!' | '?' | '\u{2026}'),
                    Kind::Word => {
                        // An abbreviation with its period ends a sentence only
                        // before a word that typically starts one.
                        let w = self.word(i);
                        w.ends_with('.')
                            && self.toks[i].flags & TITLE == 0
                            && self.starts_sentence_word(i + 1)
                    }
                    _ => false,
                };
                if terminal {
                    let mut j = i + 1;
                    while j < n
                        && self.toks[j].para == self.toks[i].para
                        && (matches!(self.toks[j].kind, Kind::Close | Kind::Punct(')'))
                            || matches!(self.toks[j].kind, Kind::Mark { rc: true, .. }))
                    {
                        j += 1;
                    }
                    let next_ok = j >= n
                        || self.toks[j].para != self.toks[i].para
                        || self.is_cap(j)
                        || self.text[self.toks[j].start..].starts_with(|c: char| c.is_numeric())
                        || matches!(self.toks[j].kind, Kind::Open | Kind::Mark { .. });
                    if next_ok {
                        end = Some(j);
                        i = j - 1;
                    }
                }
            }
            if let Some(e) = end {
                let idx = self.sents.len() as u32;
                for s in &mut self.sent[start..e] {
                    *s = idx;
                }
                self.sents.push((start, e));
                start = e;
            }
            i += 1;
        }
        if start < n {
            let idx = self.sents.len() as u32;
            for s in &mut self.sent[start..n] {
                *s = idx;
            }
            self.sents.push((start, n));
        }
    }

    /// Capitalised function words inside a sentence are names ("Will
    /// Doyle", "May"): their function-word flags are dropped, except in
    /// title-case paragraphs such as headlines.
    fn mark_names(&mut self) {
        let n = self.toks.len();
        let mut p = 0;
        while p < n {
            let para = self.toks[p].para;
            let mut e = p;
            let (mut words, mut caps) = (0usize, 0usize);
            while e < n && self.toks[e].para == para {
                if self.toks[e].kind == Kind::Word {
                    words += 1;
                    caps += usize::from(self.toks[e].cap);
                }
                e += 1;
            }
            if caps * 5 < words * 3 {
                for i in p..e {
                    let first = i == self.sentence(i).0
                        || (i > 0
                            && matches!(
                                self.toks[i - 1].kind,
                                Kind::Open
                                    | Kind::Mark { .. }
                                    | Kind::Punct(':' | '(' | '\u{2014}')
                            ));
                    let t = &mut self.toks[i];
                    if t.kind == Kind::Word && t.cap && !first && t.end - t.start > 1 {
                        // A weekday ("said Monday") stays a time word.
                        let time = if t.flags & NONPERSON != 0 { 0 } else { TIME };
                        t.flags &= !(STOP | SKIP | DET | PRON | LINK | CLAUSE | time);
                    }
                }
            }
            p = e;
        }
    }

    /// Whether token `i` is a capitalised word that typically opens a sentence.
    fn starts_sentence_word(&self, i: usize) -> bool {
        if !self.is_cap(i) {
            return matches!(
                self.tok(i).map(|t| t.kind),
                Some(Kind::Open | Kind::Mark { .. })
            );
        }
        self.has(i, DET | PRON | STOP | SKIP) && !self.has(i, LINK)
    }

    // -- tables --------------------------------------------------------------

    /// Builds the prefix sums and the stop table used by the reported-speech pass.
    fn prepare(&mut self) {
        let n = self.toks.len();
        let mut wb = Vec::with_capacity(n + 1);
        let mut cc = Vec::with_capacity(n + 1);
        let (mut w, mut c, mut q) = (0, 0, 0);
        for t in &self.toks {
            wb.push(w);
            cc.push((c, q));
            if t.kind == Kind::Word {
                w += t.end - t.start;
            }
            let part = &self.text[t.start..t.end];
            let chars = if part.is_ascii() {
                part.len()
            } else {
                part.chars().count()
            };
            c += chars;
            if t.quoted || matches!(t.kind, Kind::Open | Kind::Close) {
                q += chars;
            }
        }
        wb.push(w);
        cc.push((c, q));
        self.word_bytes = wb;
        self.chars = cc;

        let mut stop = vec![false; n];
        for (i, s) in stop.iter_mut().enumerate() {
            let t = &self.toks[i];
            if t.quoted {
                continue;
            }
            // "... “jobs, jobs, jobs,” but he has also ...": a quote closed
            // before a conjunction ends the content after its mark.
            let after_close = i > 0 && self.toks[i - 1].kind == Kind::Close;
            let k = if self.punct(i) == Some(',') { i + 1 } else { i };
            if after_close
                && ["but", "though", "although", "until", "whereas", "yet"]
                    .iter()
                    .any(|w| self.is(k, w))
            {
                *s = true;
                continue;
            }
            *s = match t.kind {
                Kind::Punct(';') => true,
                Kind::Punct(',') | Kind::Punct('\u{2014}') | Kind::Punct('\u{2015}') => {
                    self.is(i + 1, "according")
                        // "..., while 5 percent prefer Johnson"
                        || self.is(i + 1, "while")
                        || self.is(i + 1, "whereas")
                        // "the test, which state media claimed ...": a
                        // relative clause with a speaker of its own.
                        || (self.is(i + 1, "which")
                            && !self.has(i + 2, PRON)
                            && (i + 3..i + 7).any(|v| {
                                self.cue_at(v)
                                    && !self.has(v, PARTICIPLE)
                                    && (i + 2..v).all(|q| {
                                        self.is_word(q) && !self.has(q, STOP | CUE)
                                    })
                            }))
                        || self.has(i + 1, PARTICIPLE)
                        || ((self.is(i + 1, "and") || self.is(i + 1, "but"))
                            && self.has(i + 2, PARTICIPLE))
                        || self.trailing_cue_after(i)
                        || {
                            // "Although he acknowledged that X, he maintained
                            // that Y": a new speaker's cue and its "that".
                            let v = self
                                .np_right(i + 1)
                                .map_or(i + 1, |(_, e)| self.skip_right(e));
                            v > i + 1
                                && (self.has(v, CUE) || self.verb_like(v))
                                && (self.is(v + 1, "that")
                                    // "..., the mother of three replied, “...”":
                                    // a new speaker's cue and quote.
                                    || (self.cue_at(v) && {
                                        let o = if matches!(self.punct(v + 1), Some(',' | ':'))
                                        {
                                            v + 2
                                        } else {
                                            v + 1
                                        };
                                        self.tok(o).is_some_and(|t| t.kind == Kind::Open)
                                    }))
                        }
                }
                Kind::Punct(':') => self.tok(i + 1).is_some_and(|t| t.kind == Kind::Open),
                // "explained the headline by saying: “...”": the cue of
                // the quote ends the content before it.
                Kind::Word
                    if self.is(i, "by")
                        && self.has(i + 1, PARTICIPLE)
                        && self.cue_at(i + 1)
                        && self.tok(i + 3).is_some_and(|t| t.kind == Kind::Open) =>
                {
                    true
                }
                Kind::Word => {
                    (self.is(i, "and") || self.is(i, "but"))
                        && !self.is(i + 1, "that")
                        && (self.cue_at(i + 1)
                            || (self.has(i + 1, SKIP) && self.cue_at(i + 2))
                            || self.trailing_cue_after(i)
                            // "and 1 percent support Stein"
                            || (self.is_number(i + 1)
                                && (self.is(i + 2, "percent") || self.punct(i + 2) == Some('%'))))
                }
                _ => false,
            };
        }
        let mut next = vec![n; n + 1];
        for i in (0..n).rev() {
            next[i] = if stop[i] { i } else { next[i + 1] };
        }
        self.next_stop = next;
    }

    /// Whether a usable cue word is at `i` (outside quotes).
    fn cue_at(&self, i: usize) -> bool {
        self.has(i, CUE) && !self.has(i, WEAK) && self.tok(i).is_some_and(|t| !t.quoted)
    }

    /// Whether the comma at `i` is followed by `NP cue` and then the end of the
    /// sentence or a comma: ", the official said."
    fn trailing_cue_after(&self, i: usize) -> bool {
        let Some((s, e)) = self.np_right(i + 1) else {
            return false;
        };
        if s != i + 1 {
            return false;
        }
        let c = self.skip_right(e);
        self.cue_at(c) && !self.has(c, PARTICIPLE)
    }

    /// The token after an "And" or "But" opening the sentence at `s0`, else `s0`.
    fn past_conjunction(&self, s0: usize) -> usize {
        if self.is(s0, "and") || self.is(s0, "but") {
            s0 + 1
        } else {
            s0
        }
    }

    /// Whether token `i` is a word made of digits ("2013", "12").
    fn is_number(&self, i: usize) -> bool {
        self.is_word(i)
            && self.word(i).starts_with(|c: char| c.is_ascii_digit())
            && self
                .word(i)
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b',')
    }

    /// Whether token `i` counts people: digits or a small number word
    /// ("the mother of three", "a father of 2").
    fn is_count(&self, i: usize) -> bool {
        self.is_number(i)
            || [
                "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            ]
            .iter()
            .any(|w| self.is(i, w))
    }

    /// Whether token `i` ends a clause: end of sentence, a comma or a period.
    fn clause_ends_at(&self, i: usize) -> bool {
        i >= self.toks.len()
            || self.sent_of(i) != self.sent_of(i.saturating_sub(1))
            || matches!(self.punct(i), Some('.' | ',' | '!' | '?' | ';'))
    }

    // -- noun phrases -------------------------------------------------------

    /// Skips auxiliaries and adverbs rightwards from `i` ("has also said").
    fn skip_right(&self, mut i: usize) -> usize {
        let mut k = 0;
        while k < 4 && self.has(i, SKIP) && !self.is(i, "and") && !self.is(i, "but") {
            i += 1;
            k += 1;
        }
        i
    }

    /// A speaker noun phrase starting at `j`, as `[start, end)` tokens: a
    /// pronoun; a determiner and what follows up to a function word or cue
    /// ("the Kremlin press service"); or a run of capitalised words and role
    /// nouns ("Secretary of State John Kerry", "Clinton spokesman Brian Fallon").
    fn np_right(&self, j: usize) -> Option<(usize, usize)> {
        let t = self.tok(j)?;
        if t.kind != Kind::Word || t.quoted {
            return None;
        }
        if t.flags & PRON != 0 {
            return Some((j, j + 1));
        }
        if t.flags & (STOP | SKIP) != 0 && t.flags & DET == 0 {
            return None;
        }
        if t.flags & CUE != 0 && t.flags & ROLE == 0 && !t.cap {
            return None;
        }
        if self.opens_with_participle(j) {
            // "Appearing before supporters, Suu Kyi said".
            return None;
        }
        let s = self.sent_of(j);
        let det = t.flags & DET != 0;
        let mut e = j + 1;
        while e - j < 10 && self.sent_of(e) == s && self.is_word(e) && !self.toks[e].quoted {
            let f = self.toks[e].flags;
            let cap = self.toks[e].cap;
            if f & LINK != 0 {
                // "Secretary of State", "spokesman for the campaign"
                // "the mother of three"
                let count = self.is(e, "of") && self.is_count(e + 1);
                let next_ok =
                    self.is_cap(e + 1) || (self.has(e + 1, DET) && !self.is(e, "and")) || count;
                if next_ok && !self.has(e + 1, TIME) {
                    e += 1;
                    continue;
                }
                break;
            }
            if f & (STOP | SKIP | PRON) != 0 && f & DET == 0 {
                break;
            }
            if f & CUE != 0 && f & ROLE == 0 {
                break;
            }
            if f & DET != 0 && !self.is_word(e + 1) {
                break;
            }
            // "The committee filed a complaint": a determiner after a plain
            // word opens the object of a verb.
            if f & DET != 0 && e > j + 1 && !self.has(e - 1, LINK | DET) && !self.is_cap(e - 1) {
                // "sent out", "put away": the verb and its particle.
                let particle = ["out", "up", "away", "off", "down", "back"]
                    .iter()
                    .any(|w| self.is(e - 1, w));
                if particle && e > j + 2 && self.verb_like(e - 2) {
                    e -= 2;
                } else if self.verb_like(e - 1) {
                    e -= 1;
                }
                break;
            }
            // Without a determiner only names and role nouns continue the
            // phrase ("Clinton seemed irritated" ends after "Clinton").
            if !det && !cap && f & (ROLE | TITLE | DET) == 0 {
                break;
            }
            e += 1;
        }
        // Do not end on a linking word or determiner.
        while e > j + 1
            && self.has(e - 1, LINK | DET)
            && !(e >= 2 && self.is(e - 2, "of") && self.is_count(e - 1))
        {
            e -= 1;
        }
        Some((j, e))
    }

    /// For a clause opening its sentence (ending at `s1`) with a cue at
    /// `c`: the comma that ends it and the subject of the main clause after
    /// that comma ("After saying X, Clinton left").
    fn main_clause_after(&self, c: usize, s1: usize) -> Option<(usize, (usize, usize))> {
        let p = (c..(c + 30).min(s1)).find(|&p| self.punct(p) == Some(','))?;
        Some((p, self.subject_right(p + 1)?))
    }

    /// The subject opening a clause at `j`, when a verb follows it: a
    /// pronoun, or a determiner and capitalised or role words ("the White
    /// House", "billionaire owner Mark Cuban" not, "Trump").
    fn subject_right(&self, j: usize) -> Option<(usize, usize)> {
        if self.has(j, PRON) {
            return Some((j, j + 1));
        }
        let mut e = j + usize::from(self.has(j, DET));
        let first = e;
        while self.is_word(e)
            && !self.toks[e].quoted
            && (self.is_cap(e) || self.has(e, ROLE | TITLE))
        {
            e += 1;
        }
        let verb = self.is_word(e) && !self.is_cap(e) && !self.has(e, LINK | CLAUSE | DET);
        (e > first && verb).then_some((j, e))
    }

    /// The speaker noun phrase ending just before cue `c` ("a senior official
    /// has also said"), skipping auxiliaries, adverbs, "on Monday" and an
    /// appositive between commas; a relative "who" is itself the source.
    fn np_left(&self, c: usize) -> Option<(usize, usize)> {
        let (s0, _) = self.sentence(c);
        let mut k = self.reporting_infinitive(c).unwrap_or(c).checked_sub(1)?;
        let mut skipped = 0;
        while k > s0 && skipped < 5 {
            let w = self.word(k);
            let adverb = self.is_word(k)
                && !self.is_cap(k)
                && w.len() > 4
                && w.ends_with("ly")
                && !self.has(k, ROLE);
            // "Jeb Bush in a Medium post said": skip the venue phrase.
            let venue_from = if self.has(k, VENUE) {
                (k.saturating_sub(5).max(s0)..k).rev().find(|&p| {
                    ["in", "on", "during", "at"].iter().any(|w| self.is(p, w))
                        && (p + 1..k)
                            .all(|q| self.is_word(q) && (!self.has(q, STOP) || self.has(q, DET)))
                })
            } else {
                None
            };
            // "less than two weeks ago said", "about 10 days later said"
            let count_of_time = (self.is_count(k) || self.is(k, "a") || self.is(k, "few"))
                && self.has(k + 1, TIME)
                && k + 1 < c;
            // "Aides remain confident that": a linking verb before a state.
            let linking = self.has(c, PARTICIPLE)
                && [
                    "remain", "remains", "remained", "seem", "seems", "seemed", "appear",
                    "appears", "appeared", "feel", "feels", "felt", "grew", "grow", "grows",
                    "became", "become", "becomes", "stay", "stays", "stayed",
                ]
                .iter()
                .any(|w| self.is(k, w));
            if let Some(p) = venue_from.filter(|&p| p > s0) {
                k = p - 1;
            } else if linking {
                k -= 1;
            } else if count_of_time {
                k -= 1;
                while k > s0
                    && [
                        "than", "less", "more", "about", "nearly", "almost", "just", "only",
                    ]
                    .iter()
                    .any(|w| self.is(k, w))
                {
                    k -= 1;
                }
            } else if self.has(k, TIME) && self.is(k - 1, "on") {
                k = k.checked_sub(2)?;
            } else if (self.has(k, SKIP) && !self.has(k, LINK) && !self.is(k, "but"))
                || adverb
                // "Her campaign workers here said"
                || ((self.is(k, "here") || self.is(k, "there")) && k > s0 + 1)
                // "Gowdy earlier Thursday said": days and months too.
                || (self.has(k, TIME) && (!self.is_cap(k) || self.has(k, NONPERSON)) && !self.has(k, DET))
            {
                k -= 1;
            } else {
                break;
            }
            skipped += 1;
        }
        if k < s0 {
            return None;
        }
        if self.punct(k) == Some(',') && k > s0 && self.punct(k - 1) == Some(')') {
            // "Sen. Jack Reed (D-R.I.), said"
            k -= 1;
        }
        if self.punct(k) == Some(')') {
            // "Sen. Marco Rubio (R-Fla.) said"
            let lo = k.saturating_sub(8).max(s0);
            let open = (lo..k).rev().find(|&p| self.punct(p) == Some('('))?;
            k = open.checked_sub(1)?;
            if k < s0 {
                return None;
            }
        }
        let t = self.tok(k)?;
        if t.quoted {
            return None;
        }
        // "Gov. X of Ohio, a Republican who ..., said": the subject opening
        // the sentence, across the whole aside.
        if matches!(t.kind, Kind::Punct(',' | '\u{2014}' | '\u{2013}' | '-')) {
            if let Some(np) = self.subject_before_aside(k) {
                return Some(np);
            }
        }
        match t.kind {
            // A relative "who" or ", which" is the source as written.
            Kind::Word if t.flags & PRON != 0 => Some((k, k + 1)),
            Kind::Word if self.is(k, "which") && k >= s0 + 2 && self.punct(k - 1) == Some(',') => {
                Some((k, k + 1))
            }
            // "Six in 10 say", "About four in 10 said"
            Kind::Word if self.is_number(k) && k >= s0 + 2 && self.is(k - 1, "in") => {
                let mut a = k - 2;
                if a > s0
                    && ["about", "nearly", "almost", "roughly", "some"]
                        .iter()
                        .any(|w| self.is(a - 1, w))
                {
                    a -= 1;
                }
                Some((a, k + 1))
            }
            Kind::Word => {
                let np = self.np_core_left(k, s0)?;
                // "Protesters marching through the streets chanted": the
                // object of a preposition after a participle is not the
                // subject; the noun phrase before the participle is.
                let prep = np.0 > s0
                    && [
                        "through", "across", "along", "into", "around", "outside", "toward",
                        "towards",
                    ]
                    .iter()
                    .any(|w| self.is(np.0 - 1, w));
                if prep && np.0 >= s0 + 2 {
                    let v = np.0 - 2;
                    if self.is_word(v) && !self.is_cap(v) && self.word(v).ends_with("ing") && v > s0
                    {
                        if let Some(subj) = self.np_core_left(v - 1, s0) {
                            return Some(subj);
                        }
                    }
                }
                Some(np)
            }
            // "42% say"
            Kind::Punct('%') if k > s0 && self.is_word(k - 1) => Some((k - 1, k + 1)),
            Kind::Punct(',' | '\u{2014}' | '\u{2013}') => {
                // Appositive: "Stefanie Dekker, reporting from Sochi, said";
                // "Clinton, during a town hall in Columbus, Ohio, said".
                let lo = k.saturating_sub(40).max(s0);
                let mut nearest = None;
                let mut p = k;
                while p > lo {
                    p -= 1;
                    // "Dekker, reporting from Sochi, said": a participle
                    // opening the aside does not end it.
                    let aside = self.has(p, PARTICIPLE) && p > 0 && self.punct(p - 1) == Some(',');
                    if self.toks[p].quoted
                        || (self.cue_at(p) && !aside)
                        || (self.has(p, PRON) && !self.is(p, "who"))
                    {
                        break;
                    }
                    if self.punct(p) != self.punct(k) || p == s0 || !self.is_word(p - 1) {
                        continue;
                    }
                    let Some(np) = self.np_core_left(p - 1, s0) else {
                        continue;
                    };
                    let opens = np.0 == s0
                        || (np.0 > s0 && (self.is(np.0 - 1, "but") || self.is(np.0 - 1, "and")));
                    if opens {
                        return Some(np);
                    }
                    nearest = nearest.or(Some(np));
                }
                nearest
            }
            _ => None,
        }
    }

    /// The noun phrase whose head is the word `h`, scanning left no further
    /// than `s0`: back to a determiner ("a senior US State Department
    /// official") or over capitalised words ("Russian President Vladimir
    /// Putin"); lowercase modifiers join when a capital, a determiner or a
    /// clause boundary ("..., digital consultant Phil Musser") is reached.
    fn np_core_left(&self, h: usize, s0: usize) -> Option<(usize, usize)> {
        let t = self.tok(h)?;
        if t.kind != Kind::Word
            || t.quoted
            || !self.text[t.start..].starts_with(char::is_alphabetic)
        {
            return None;
        }
        let head = self.word(h);
        if [
            "'s",
            "\u{2019}s",
            "'re",
            "\u{2019}re",
            "'ve",
            "\u{2019}ve",
            "'ll",
            "\u{2019}ll",
            "'m",
            "\u{2019}m",
            "'d",
            "\u{2019}d",
        ]
        .iter()
        .any(|x| head.ends_with(x))
        {
            // A possessive or a contraction is not a subject.
            return None;
        }
        // Shares of a poll's respondents: "Two in three said", "six in 10
        // said", "most of them said".
        if h >= s0 + 2 && (self.is(h - 1, "in") || self.is(h - 1, "of")) {
            let number = |i: usize| self.is_number(i) || (self.has(i, DET) && !self.has(i, STOP));
            let whole = number(h)
                || self.is(h, "them")
                || self.is(h, "us")
                || self.is(h, "those")
                || self.is(h, "respondents");
            if whole && number(h - 2) && self.is_word(h) {
                return Some((h - 2, h + 1));
            }
            // "the 34-year-old mother of three replied"
            if self.is_count(h) && self.is(h - 1, "of") && !self.has(h - 2, STOP | SKIP | DET | CUE)
            {
                if let Some((s, _)) = self.np_core_left(h - 2, s0) {
                    return Some((s, h + 1));
                }
            }
        }
        if t.flags & (STOP | SKIP) != 0 && t.flags & (ROLE | DET) == 0 {
            return None;
        }
        if t.flags & PRON != 0 {
            return Some((h, h + 1));
        }
        if t.flags & CUE != 0 && t.flags & ROLE == 0 && !t.cap {
            return None;
        }
        // A quantifier alone opens a clause as its subject: "another says",
        // "all but two said". (A head of digits never gets here: it is not
        // alphabetic.)
        if t.flags & DET != 0 && !t.cap {
            let opens = h == s0
                || matches!(self.punct(h - 1), Some(',' | ';' | ':'))
                || self.is(h - 1, "and")
                || self.is(h - 1, "but")
                || self.is(h - 1, "least")
                || self.is(h - 1, "than")
                || self.is(h - 1, "about")
                || self.is(h - 1, "nearly")
                || self.is(h - 1, "only");
            let pronominal = [
                "another", "both", "some", "many", "most", "several", "all", "few", "one", "two",
                "three", "four", "five",
            ]
            .iter()
            .any(|w| head.eq_ignore_ascii_case(w));
            if opens && pronominal {
                return Some((h, h + 1));
            }
            return None;
        }
        let mut start = h;
        let mut low = None;
        let mut clean = false;
        let mut i = h;
        loop {
            if i <= s0 {
                clean = true;
                break;
            }
            if h - i >= 9 {
                break;
            }
            i -= 1;
            let u = self.toks[i];
            if u.kind != Kind::Word || u.quoted {
                clean = matches!(u.kind, Kind::Punct(',' | '\u{2014}' | '(' | ';'));
                break;
            }
            // A determiner or a count opens the phrase ("5 percent").
            if u.flags & DET != 0 || self.is_number(i) {
                start = i;
                low = None;
                break;
            }
            if u.flags & LINK != 0 {
                let right_ok = self.is_cap(i + 1) || self.has(i + 1, DET);
                let left_ok = i > s0 && self.is_word(i - 1) && !self.has(i - 1, STOP | SKIP | CUE);
                if right_ok && left_ok && start == i + 1 {
                    continue;
                }
                break;
            }
            if u.flags & (STOP | SKIP | PRON) != 0 || (u.flags & CUE != 0 && !u.cap) {
                break;
            }
            let w = self.word(i);
            if !u.cap && u.flags & ROLE == 0 && (w.ends_with("ing") || w.ends_with("ly")) {
                // "officials sharply condemning Mr Putin's ...": a verb phrase.
                break;
            }
            if u.cap {
                start = i;
                low = None;
            } else {
                low = Some(i);
            }
        }
        if clean {
            if let Some(l) = low {
                start = l;
            }
        }
        if start == h && !t.cap && t.flags & ROLE == 0 && !head.ends_with('s') {
            // "supporters of reform said": the plural or role before "of"
            // heads the phrase.
            if h >= s0 + 2
                && self.is(h - 1, "of")
                && (self.has(h - 2, ROLE)
                    || (self.word(h - 2).ends_with('s') && !self.is_cap(h - 2)))
            {
                if let Some((s, _)) = self.np_core_left(h - 2, s0) {
                    return Some((s, h + 1));
                }
            }
            // A bare lowercase word heads a phrase only as a role or a plural
            // ("reporters", "critics"), not "long" in "have long sought".
            return None;
        }
        // Extend over "spokesman for", "director of".
        if start >= s0 + 2 && self.has(start - 1, LINK) && !self.is(start - 1, "and") {
            let head = start - 2;
            if self.has(head, ROLE) || self.has(head, TITLE) {
                if let Some((s, _)) = self.np_core_left(head, s0) {
                    start = s;
                }
            }
        }
        Some((start, h + 1))
    }

    // -- cues -----------------------------------------------------------------

    /// The end of the cue phrase at `c` (exclusive) and, for "X quoted Y as
    /// saying", the speaker Y. Includes the listener of "told reporters".
    fn cue_end(&self, c: usize) -> (usize, Option<(usize, usize)>) {
        let mut e = c + 1;
        if self.is(c, "according") && self.is(e, "to") {
            return (e + 1, None);
        }
        if (self.is(c, "pointed") || self.is(c, "pointing")) && self.is(e, "out") {
            return (e + 1, None);
        }
        if self.is(c, "quoted") {
            if self.is(e, "as") && self.has(e + 1, PARTICIPLE) {
                return (e + 2, None);
            }
            if let Some((s, pe)) = self.np_right(e) {
                if self.is(pe, "as") && self.has(pe + 1, PARTICIPLE) {
                    return (pe + 2, Some((s, pe)));
                }
            }
            return (e, None);
        }
        if self.has(c, CUE_OBJ) && !self.is(e, "that") && self.same_sent(c, e) {
            if let Some((_, oe)) = self.np_right(e) {
                if !self.has(e, PRON) || self.is(e, "him") || self.is(e, "her") {
                    e = oe;
                }
            } else if self.is(e, "him")
                || self.is(e, "her")
                || self.is(e, "them")
                || self.is(e, "me")
                || self.is(e, "us")
            {
                e += 1;
            }
        }
        (e, None)
    }

    /// Skips time and venue adjuncts after a cue: "on Monday", "in a statement
    /// carried by TASS", "at the conference", "last week".
    fn after_adjuncts(&self, mut i: usize) -> usize {
        let n = self.toks.len();
        let mut rounds = 0;
        while i < n && rounds < 6 {
            rounds += 1;
            if self.has(i, TIME) && !self.has(i, DET) {
                i += 1;
                continue;
            }
            // "on MSNBC’s “Morning Joe”", "in CNN's "State of the Union"": a
            // show named in quotation marks.
            if (self.is(i, "on") || self.is(i, "in"))
                && self.is_word(i + 1)
                && (self.word(i + 1).ends_with("\u{2019}s") || self.word(i + 1).ends_with("'s"))
                && self.tok(i + 2).is_some_and(|t| t.kind == Kind::Open)
            {
                if let Some(r) = self.regions.iter().find(|r| r.open == i + 2) {
                    if r.closed && self.words_in(r.open, r.close) <= 6 {
                        i = r.close + 1;
                        continue;
                    }
                }
            }
            // "said for the first time that"
            if self.is(i, "for") && self.is(i + 1, "the") && self.is(i + 3, "time") {
                i += 4;
                continue;
            }
            let relative = self.is(i, "last")
                || self.is(i, "this")
                || self.is(i, "next")
                || self.is(i, "earlier");
            if relative && self.has(i + 1, TIME) {
                i += 2;
                continue;
            }
            if (self.is(i, "on")
                || self.is(i, "in")
                || self.is(i, "at")
                || self.is(i, "during")
                || self.is(i, "via")
                || self.is(i, "to"))
                && !self.has(i + 1, PRON)
            {
                if self.has(i + 1, TIME) && !self.has(i + 1, DET) {
                    i += 2;
                    continue;
                }
                // "in 2013", "on 12 May"
                if self.is_number(i + 1) {
                    i += 2;
                    while self.is_number(i) || self.has(i, TIME) {
                        i += 1;
                    }
                    continue;
                }
                // preposition (det) (modifiers) venue-noun
                let mut j = i + 1;
                if self.has(j, DET) {
                    j += 1;
                }
                let mut found = None;
                for k in j..(j + 4).min(n) {
                    if !self.is_word(k) || self.has(k, STOP | CUE) {
                        break;
                    }
                    if self.has(k, VENUE) || self.is_time_noun(k) {
                        found = Some(k);
                    }
                }
                if let Some(k) = found {
                    i = k + 1;
                    // "with CNN", "to reporters", "carried by TASS"
                    if (self.is(i, "with") || self.is(i, "to") || self.is(i, "on"))
                        && self.np_right(i + 1).is_some()
                    {
                        if let Some((_, e)) = self.np_right(i + 1) {
                            i = e;
                        }
                    }
                    continue;
                }
            }
            // "said after the attacks.", "told reporters outside the
            // courthouse.": a short prepositional phrase ending the sentence.
            if [
                "after", "before", "during", "in", "at", "on", "from", "by", "outside",
            ]
            .iter()
            .any(|w| self.is(i, w))
            {
                let lim = (i + 8).min(n);
                if let Some(end) = (i + 1..lim).find(|&k| !self.is_word(k) || self.has(k, CUE)) {
                    if end > i + 1
                        && (matches!(self.punct(end), Some('.' | '!' | '?'))
                            // "said Tuesday in Paris, noting ...": a participle next.
                            || (self.punct(end) == Some(',') && self.has(end + 1, PARTICIPLE)))
                        && self.sent_of(end) == self.sent_of(i)
                    {
                        i = end;
                    }
                }
            }
            break;
        }
        i
    }

    /// Whether token `i` names a stretch of time ("morning", "hours",
    /// "Monday"), as in "in the early morning hours".
    fn is_time_noun(&self, i: usize) -> bool {
        const NOUNS: &[&str] = &[
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
            "morning",
            "afternoon",
            "evening",
            "night",
            "weekend",
            "week",
            "month",
            "year",
            "hours",
            "hour",
            "days",
            "weeks",
            "months",
            "years",
            "summer",
            "winter",
            "spring",
            "autumn",
        ];
        self.is_word(i) && NOUNS.iter().any(|w| self.is(i, w))
    }

    /// The carrier named by "carried by X", "quoted by X", "reported by X"
    /// within a few tokens after `i` in the same sentence.
    fn carrier_after(&self, i: usize) -> Option<(usize, usize)> {
        let (_, se) = self.sentence(i.saturating_sub(1));
        let end = se.min(i + 14);
        for k in i..end {
            if self.is(k + 1, "by")
                && (self.is(k, "carried")
                    || self.is(k, "quoted")
                    || self.is(k, "reported")
                    || self.is(k, "cited")
                    || self.is(k, "published"))
            {
                let (s, e) = self.np_right(k + 2)?;
                // "the Russian news agency TASS" -> "TASS"
                let mut cs = e;
                while cs > s && self.is_cap(cs - 1) && !self.has(cs - 1, DET) {
                    cs -= 1;
                }
                if cs < e && self.has(s, DET) {
                    return Some((cs, e));
                }
                return Some((s, e));
            }
        }
        None
    }

    // -- pass 4: direct quotes ------------------------------------------------

    /// Attribution of the quote `r` from the words after its closing mark.
    fn attr_after(&self, r: &Region) -> Option<Raw> {
        if !r.closed {
            return None;
        }
        let close = r.close;
        let t = self.tok(close)?;
        let last_inside = self.text[..t.start]
            .chars()
            .rev()
            .find(|&c| !is_quote_char(c) && !c.is_whitespace());
        let mut k = close + 1;
        let nt = self.tok(k)?;
        if nt.para != t.para {
            return None;
        }
        let mut sep = matches!(
            last_inside,
            Some(',' | '?' | '!' | '\u{2014}' | '\u{2013}' | '-' | '\u{2026}' | ':')
        );
        // Without a comma ("“... here.” Trump said.") the cue must end the
        // clause; this is checked below.
        if matches!(self.punct(k), Some(',' | '\u{2014}' | '\u{2013}')) {
            sep = true;
            k += 1;
        } else if self.punct(k) == Some('.') {
            k += 1;
        }
        // ", said X" / ", according to X"
        let inverted = (self.cue_at(k) && (self.has(k, CUE_INV) || self.is(k, "according")))
            || (self.has(k, INV_ONLY) && !self.toks[k].quoted);
        if inverted {
            let (ce, _) = self.cue_end(k);
            let src = self.np_right(ce)?;
            if !sep && !self.clause_ends_at(self.after_adjuncts(src.1)) {
                return None;
            }
            let mut raw = Raw::new(QuoteKind::Direct, vec![(r.open + 1, r.close)]);
            raw.cue = Some((k, ce));
            raw.source = Some(src);
            raw.carrier = self.carrier_after(src.1);
            return Some(raw);
        }
        // ", X said" / ", X, a spokesman for Y, said" / ", Rep. X (D-Wis.) said"
        let (s, e) = self.np_right(k)?;
        let e = self.skip_paren(e);
        let mut c = self.skip_right(e);
        if self.punct(e) == Some(',') {
            let lim = (e + 16).min(self.sentence(e).1);
            let p = (e + 1..lim)
                .find(|&p| self.punct(p) == Some(',') || self.toks[p].quoted || self.cue_at(p));
            if let Some(p) = p.filter(|&p| self.punct(p) == Some(',')) {
                c = self.skip_right(p + 1);
            }
            if p.is_none_or(|p| self.punct(p) != Some(',')) || !self.cue_at(c) {
                // "X, who has proposed Y, said", "X, now 81 and retired in
                // Cambridge, Mass., said": a longer aside closed by a comma
                // right before the cue.
                c = self.long_aside(e)?;
            }
        }
        if self.has(c, PARTICIPLE) {
            return None;
        }
        // "“disgrace” Wednesday on The Laura Ingraham Show": a capital
        // after a capital is part of a name.
        if !self.cue_at(c) || (self.is_cap(c) && c > 0 && self.is_cap(c - 1)) {
            return None;
        }
        let (ce, quoted) = self.cue_end(c);
        if !sep && !self.clause_ends_at(self.after_adjuncts(ce)) {
            return None;
        }
        let mut raw = Raw::new(QuoteKind::Direct, vec![(r.open + 1, r.close)]);
        raw.cue = Some((c, ce));
        if let Some(sp) = quoted {
            raw.source = Some(sp);
            raw.carrier = Some((s, e));
        } else {
            raw.source = Some((s, e));
            raw.carrier = self.carrier_after(ce);
        }
        Some(raw)
    }

    /// For the comma `k` right before a cue, the subject that opens the
    /// sentence when everything between it and `k` is one aside: "Gov. John
    /// Kasich of Ohio, a Republican who has refused to endorse Mr. Trump,
    /// said"; "On Monday, Sen. Ted Cruz (R-Tex.), a candidate who ...,
    /// tweeted". The aside may hold cue words and pronouns of its own.
    fn subject_before_aside(&self, k: usize) -> Option<(usize, usize)> {
        let (s0, _) = self.sentence(k);
        let mut a = self.past_conjunction(s0);
        // A short opening phrase: "On the other side,", "In Ohio,".
        if self.has(a, STOP) && !self.has(a, DET | PRON) {
            let lim = (a + 8).min(k);
            a = (a + 1..lim).find(|&p| self.punct(p) == Some(','))? + 1;
        }
        let (ns, ne) = self.np_right(a)?;
        let comma = self.skip_paren(ne);
        // The aside is set off by commas or by dashes ("--" is two tokens).
        let delim = self.punct(k)?;
        let dash = |c: Option<char>| matches!(c, Some('\u{2014}' | '\u{2013}' | '-'));
        let same = if delim == ',' {
            self.punct(comma) == Some(',')
        } else {
            dash(self.punct(comma)) && dash(Some(delim))
        };
        let comma = if dash(self.punct(comma)) && self.punct(comma + 1) == Some('-') {
            comma + 1
        } else {
            comma
        };
        if comma >= k
            || !same
            || k - comma > 40
            || self.has(ns, PRON)
            || !self.is_speakerlike(ns, ne)
        {
            return None;
        }
        let clean = (comma + 1..k).all(|p| {
            !self.toks[p].quoted
                && !matches!(
                    self.toks[p].kind,
                    Kind::Open | Kind::Close | Kind::Mark { .. }
                )
                && !matches!(self.punct(p), Some(';' | ':' | '.' | '!' | '?'))
        });
        // The aside opens with a noun phrase or a relative "who".
        // ... and opens with a noun phrase or a relative "who", not with
        // "and" (a list of names) or a verb.
        let o = comma + 1;
        let opens = self.has(o, DET)
            || self.is(o, "who")
            || self.is(o, "whose")
            || self.is_cap(o)
            || self.has(o, ROLE | TITLE)
            || (self.is_word(o) && !self.has(o, STOP | SKIP | PRON | CUE) && !self.verb_like(o));
        (clean && opens).then_some((ns, ne))
    }

    /// For a cue `c` after "to" that still reports speech ("went on to
    /// say", "was prompted to say", "took to Twitter to say", "paused to
    /// note"), the verb that opens the phrase; `None` for "wants to say",
    /// "declined to say" and other infinitives.
    fn reporting_infinitive(&self, c: usize) -> Option<usize> {
        const LEADS: &[&str] = &[
            "came", "goes", "going", "gone", "go", "paused", "prompted", "rose", "stood",
            "stopped", "took", "turned", "used", "went",
        ];
        let to = c.checked_sub(1)?;
        if !self.is(to, "to") {
            return None;
        }
        let lo = to.saturating_sub(4);
        let g = (lo..to)
            .rev()
            .find(|&g| LEADS.iter().any(|w| self.is(g, w)))?;
        // Only words between ("took to Twitter to", "went on to").
        let plain = (g + 1..to).all(|k| self.is_word(k) && !self.has(k, CUE));
        // "was prompted to": the passive's auxiliary opens the phrase.
        let mut g = g;
        while g > 0
            && ["was", "were", "is", "are", "been", "being", "be"]
                .iter()
                .any(|w| self.is(g - 1, w))
        {
            g -= 1;
        }
        (plain && self.same_sent(g, c)).then_some(g)
    }

    /// Past a short parenthesis opening at `e` ("(D-Wis.)", "(R-Utah)") in
    /// the same sentence; `e` itself when none opens there.
    fn skip_paren(&self, e: usize) -> usize {
        if self.punct(e) != Some('(') {
            return e;
        }
        let lim = (e + 8).min(self.sentence(e).1);
        (e + 1..lim)
            .find(|&p| self.punct(p) == Some(')'))
            .map_or(e, |p| p + 1)
    }

    /// After a speaker ending at the comma `e`, the cue right after a later
    /// comma of the same sentence, within a short unquoted aside.
    fn long_aside(&self, e: usize) -> Option<usize> {
        let lim = (e + 28).min(self.sentence(e).1);
        for p in e + 1..lim {
            if self.toks[p].quoted || matches!(self.punct(p), Some(';' | ':' | '(' | ')')) {
                return None;
            }
            if self.punct(p) == Some(',') {
                let c = self.skip_right(p + 1);
                if self.cue_at(c) && !self.has(c, PARTICIPLE) {
                    return Some(c);
                }
            }
        }
        None
    }

    /// The first token after the closing mark of `r` in its paragraph, past
    /// a comma or period, and whether the quote is set off by a comma (or
    /// `?`, `!`, a dash) inside or after its closing mark.
    fn after_close(&self, r: &Region) -> Option<(usize, bool)> {
        if !r.closed {
            return None;
        }
        let t = self.tok(r.close)?;
        let last_inside = self.text[..t.start]
            .chars()
            .rev()
            .find(|&c| !is_quote_char(c) && !c.is_whitespace());
        let k = r.close + 1;
        if self.tok(k)?.para != t.para {
            return None;
        }
        let inside = matches!(
            last_inside,
            Some(',' | '?' | '!' | '\u{2014}' | '\u{2013}' | '-')
        );
        if matches!(self.punct(k), Some(',' | '\u{2014}' | '\u{2013}')) {
            return Some((k + 1, true));
        }
        Some((k, inside))
    }

    /// "“...,” Sanders's campaign manager, Jeff Weaver, said in an
    /// interview.": a long speaker description between the quote and its
    /// cue, with no function word that would start a clause.
    fn attr_after_long(&self, r: &Region) -> Option<Raw> {
        let (k, sep) = self.after_close(r)?;
        if !sep || !self.is_word(k) || self.has(k, STOP | SKIP) && !self.has(k, DET) {
            return None;
        }
        let (_, se) = self.sentence(k);
        let lim = (k + 16).min(se);
        let c = (k + 1..lim).find(|&p| {
            self.toks[p].quoted
                || self.cue_at(p)
                || !(self.is_word(p) || matches!(self.punct(p), Some(',' | '(' | ')' | '-')))
                || (self.has(p, STOP | SKIP | PRON) && !self.has(p, LINK | DET))
        })?;
        if !self.cue_at(c) || self.has(c, PARTICIPLE) {
            return None;
        }
        let (ce, _) = self.cue_end(c);
        if !self.clause_ends_at(self.after_adjuncts(ce)) {
            return None;
        }
        let mut e = c;
        while e > k && matches!(self.punct(e - 1), Some(',' | '-')) {
            e -= 1;
        }
        let mut raw = Raw::new(QuoteKind::Direct, vec![(r.open + 1, r.close)]);
        raw.cue = Some((c, ce));
        raw.source = Some((k, e));
        raw.carrier = self.carrier_after(ce);
        Some(raw)
    }

    /// "“...,” an angry Hollande retaliated.", "“Mexico!” the audience
    /// screamed back.": after a quote closed with a comma (or `?`, `!`), a
    /// speaker and any finite verb ending the clause make an attribution,
    /// also for verbs outside the lexicon.
    fn attr_after_verb(&self, r: &Region) -> Option<Raw> {
        let (k, sep) = self.after_close(r)?;
        if !sep || !(self.has(k, PRON) || self.is_cap(k) || self.has(k, DET)) {
            return None;
        }
        let (_, se) = self.sentence(k);
        let lim = (k + 8).min(se);
        let v = (k + 1..lim).find(|&p| self.verb_like(p))?;
        if (k..v).any(|p| {
            !self.is_word(p)
                || self.toks[p].quoted
                || self.has(p, STOP | SKIP) && !self.has(p, DET | LINK)
        }) {
            return None;
        }
        if self.has(k, PRON) && v != k + 1 {
            return None;
        }
        let mut ce = v + 1;
        if ["back", "out", "in", "up", "on", "off"]
            .iter()
            .any(|w| self.is(ce, w))
        {
            ce += 1;
        }
        if !self.clause_ends_at(ce)
            && ![
                "with", "at", "to", "as", "in", "on", "from", "during", "after", "while", "before",
                "when", "into", "outside", "across",
            ]
            .iter()
            .any(|w| self.is(ce, w))
        {
            return None;
        }
        let mut raw = Raw::new(QuoteKind::Direct, vec![(r.open + 1, r.close)]);
        raw.cue = Some((v, ce));
        raw.source = Some((k, v));
        Some(raw)
    }

    /// Attribution of the quote `r` from the words before its opening mark
    /// (also across a paragraph break after a colon: "He said:\n\n“...”").
    fn attr_before(&self, r: &Region) -> Option<Raw> {
        let open = r.open;
        let mut k = open.checked_sub(1)?;
        let cross = self.toks[k].para != self.toks[open].para;
        if cross && self.punct(k) != Some(':') {
            return None;
        }
        let (s0, _) = self.sentence(k);
        if !cross && open <= self.sentence(open).0 && self.punct(k) != Some(':') {
            return None;
        }
        let mut colon = false;
        let mut comma = false;
        if matches!(self.punct(k), Some(':' | ',')) {
            colon = self.punct(k) == Some(':');
            comma = !colon;
            k = k.checked_sub(1)?;
        }
        if k < s0 || self.toks[k].quoted {
            return None;
        }
        if self.is(k, "that") && k > s0 {
            k -= 1;
        }
        // "X was quoted as saying" / "TASS quoted Putin as saying"
        if self.has(k, PARTICIPLE) && k >= s0 + 2 && self.is(k - 1, "as") {
            let lo = k.saturating_sub(8).max(s0);
            let q = (lo..k - 1).rev().find(|&q| self.is(q, "quoted"))?;
            let mut raw = Raw::new(QuoteKind::Direct, self.quote_run(r));
            if q > s0 && (self.is(q - 1, "was") || self.is(q - 1, "were") || self.is(q - 1, "been"))
            {
                raw.cue = Some((q - 1, k + 1));
                raw.source = self.np_left(q - 1);
                raw.source?;
            } else {
                raw.cue = Some((q, k + 1));
                raw.source = self.np_right(q + 1).filter(|&(_, e)| e == k - 1);
                raw.carrier = self.np_left(q);
                raw.source?;
            }
            return Some(raw);
        }
        // "Stated Stone: “...”" / "Continued Stone:"
        if colon {
            if let Some((mut s, e)) = self.np_core_left(k, s0) {
                if s == s0 && e > s + 1 && (self.has(s, CUE_INV) || self.has(s, INV_ONLY)) {
                    s += 1;
                }
                let v = s.wrapping_sub(1);
                let verb_first = s > s0
                    && (v == s0 || self.punct(v - 1) == Some(','))
                    && (self.has(v, CUE_INV) || self.has(v, INV_ONLY));
                if e == k + 1 && verb_first {
                    let mut raw = Raw::new(QuoteKind::Direct, self.quote_run(r));
                    raw.cue = Some((v, v + 1));
                    raw.source = Some((s, e));
                    return Some(raw);
                }
            }
        }
        // Find a cue at most a few adjunct tokens back ("told CNN on
        // Sunday:"), or anywhere in the clause before a colon.
        let lo = if colon {
            k.saturating_sub(40)
        } else {
            k.saturating_sub(7)
        }
        .max(s0);
        let mut c = None;
        let mut j = k + 1;
        while j > lo {
            j -= 1;
            if self.toks[j].quoted {
                break;
            }
            let weak_ok = j == k && self.has(j, WEAK) && !self.toks[j].quoted;
            if (self.cue_at(j) || weak_ok || ((colon || comma) && self.has(j, INV_ONLY)))
                && !self.has(j, CUE_AS)
            {
                c = Some(j);
                break;
            }
            if colon {
                // Only within the clause before the colon.
                if matches!(self.punct(j), Some(',' | ';' | '.')) || self.has(j, CLAUSE) {
                    break;
                }
                continue;
            }
            if !self.is_word(j) || self.has(j, PRON) && !self.is(j, "him") && !self.is(j, "her") {
                break;
            }
            if self.has(j, STOP) && !self.has(j, LINK) && !self.is(j, "on") && !self.has(j, DET) {
                break;
            }
        }
        if let Some(c) = c {
            let (ce, _) = self.cue_end(c);
            let adj = self.after_adjuncts(ce);
            if !(colon || comma) && (adj < k + 1 || (self.has(c, CUE_OBJ) && ce > c + 1)) {
                // Words between the cue and the quote that are not adjuncts:
                // "said the aim was to reach “...”" is not a direct quote, nor
                // is "told ABC’s “This Week”".
                return None;
            }
            let mut raw = Raw::new(QuoteKind::Direct, self.quote_run(r));
            if !(colon || comma) {
                self.extend_partial(r, &mut raw);
            }
            raw.cue = Some((c, ce));
            if let Some(g) = self.reporting_infinitive(c) {
                // "was prompted to say, “...”", "took to Twitter to say:"
                raw.source = Some(self.np_left(g)?);
            } else if c > s0 && self.is(c - 1, "to") {
                // "interjected to say:"
                if !colon || c < s0 + 2 {
                    return None;
                }
                raw.source = Some(self.np_left(c - 2)?);
            } else if self.is(c, "according") {
                // "According to HuffPo: “...”"
                raw.source = Some(self.author_of(self.np_right(ce)?));
            } else if self.has(c, PARTICIPLE)
                || (c > s0 && (self.is(c - 1, "and") || self.is(c - 1, "but")))
            {
                // Subject taken from the clause before, by the caller.
                raw.needs_subject = true;
            } else if comma
                && (self.has(c, CUE_INV) || self.has(c, INV_ONLY))
                && self.past_conjunction(s0) == c
            {
                // "Said Comey, “...”": the verb opens the sentence.
                let (s, e) = self.np_right(c + 1).filter(|&(_, e)| e <= k + 1)?;
                raw.source = Some((s, e));
            } else {
                raw.source = Some(self.np_left(c)?);
            }
            raw.carrier = self.carrier_after(ce);
            return Some(raw);
        }
        if colon {
            // "Kerry: “...”", "... surprise pollster Daron Shaw: “...”"
            if let Some((s, e)) = self.np_core_left(k, s0) {
                if (s == s0 || self.is_cap(k)) && e == k + 1 {
                    let mut raw = Raw::new(QuoteKind::Direct, self.quote_run(r));
                    raw.cue = Some((k + 1, k + 2));
                    raw.source = Some((s, e));
                    return Some(raw);
                }
            }
            // "Trump leaned in and boomed: “...”": the subject of the clause.
            let mut raw = Raw::new(QuoteKind::Direct, self.quote_run(r));
            raw.cue = Some((k + 1, k + 2));
            raw.source = Some(
                self.clause_subject(s0, k + 1)
                    .or_else(|| self.sentence_subject(s0, k + 1))?,
            );
            return Some(raw);
        }
        None
    }

    /// "Obama said “it gets me mad” every time he thinks about ...": a
    /// partial quote right after its cue whose clause goes on after the
    /// closing mark; the content runs to the clause's end and is direct only
    /// when mostly quoted.
    fn extend_partial(&self, r: &Region, raw: &mut Raw) {
        let k = r.close + 1;
        // A comma inside the closing mark ends the clause ("“...,” one of").
        let comma_inside = r.close > 0 && self.punct(r.close - 1) == Some(',');
        if !r.closed
            || comma_inside
            || !self.is_word(k)
            || self.is_cap(k)
            || self.has(k, CUE | PRON)
            || !self.same_sent(r.close, k)
        {
            return;
        }
        let (_, s1) = self.sentence(k);
        let b = self.next_stop[k].min(s1);
        if b <= k {
            return;
        }
        raw.content = vec![self.trim(r.open, b).unwrap_or((r.open, b))];
        if !self.mostly_quoted(&[(r.open, b)]) {
            raw.kind = QuoteKind::Reported;
        }
    }

    /// The content span of quote `r` alone.
    fn quote_run(&self, r: &Region) -> Vec<(usize, usize)> {
        vec![(r.open + 1, r.close)]
    }

    /// Attributes quotes from their surroundings and merges interrupted
    /// quotes ("“A,” he said, “B.”").
    fn direct_quotes(&mut self) -> Vec<Raw> {
        let mut out: Vec<Raw> = Vec::new();
        let regions = std::mem::take(&mut self.regions);
        let mut consumed = vec![false; regions.len()];
        for (ri, r) in regions.iter().enumerate() {
            if consumed[ri] || self.is_title_span(r.open + 1, r.close) {
                continue;
            }
            let before = self.attr_before(r);
            let after = self
                .attr_after(r)
                .or_else(|| self.attr_after_long(r))
                .or_else(|| self.attr_after_verb(r));
            let raw = match (before, after) {
                (Some(mut b), Some(a)) => {
                    let differs = match (b.source, a.source) {
                        (Some(x), Some(y)) => self.span_text(x) != self.span_text(y),
                        _ => true,
                    };
                    let a_cue = a.cue.map_or(0, |c| c.0);
                    // A person's pronoun does not relay ("“...,” he wrote").
                    let media = (self.has(a_cue, MEDIA)
                        && !a
                            .source
                            .is_some_and(|(x, y)| y == x + 1 && self.has(x, PRON)))
                        || a.source
                            .is_some_and(|(x, y)| (x..y).any(|i| self.has(i, NONPERSON)));
                    if let Some((c, _)) = a.cue {
                        self.used[c] = true;
                    }
                    if b.needs_subject {
                        b.source = a.source;
                        b.needs_subject = false;
                        Some(b)
                    } else if b.cue.is_some()
                        && a.cue.is_some_and(|(c, ce)| {
                            c > r.close && {
                                let t = self.after_adjuncts(ce.max(a.source.map_or(0, |x| x.1)));
                                !self.clause_ends_at(t) && self.is_word(t) && !self.has(t, CUE)
                            }
                        })
                    {
                        // "Trump claimed that “...,” one of the prosecutors
                        // said the cases differ": the later cue has its own
                        // content; the quote is the earlier speaker's.
                        if let Some((c, _)) = a.cue {
                            self.used[c] = false;
                        }
                        Some(b)
                    } else if !self.has(a_cue, CUE) && b.cue.is_some() {
                        // "Silverman interjected, “...” who proceeded to
                        // perform": a cue of the lexicon before the quote wins
                        // over any verb after it.
                        if let Some((c, _)) = a.cue {
                            self.used[c] = false;
                        }
                        Some(b)
                    } else if media
                        && differs
                        && b.source.is_some_and(|(x, y)| {
                            self.is_speakerlike(x, y) && !self.has(y - 1, VENUE)
                        })
                    {
                        // "Obama “suggested ...”, the wire service writes."
                        b.carrier = b.carrier.or(a.source);
                        Some(b)
                    } else {
                        // "Nothing the president said “...,” the senator said."
                        if let Some((c, _)) = b.cue {
                            self.used[c] = false;
                        }
                        Some(a)
                    }
                }
                (Some(b), None) => Some(b),
                (None, Some(mut a)) => {
                    // "Obama “suggested the USA has concerns ...”, the wire
                    // service writes": the name before the quote speaks when
                    // a medium relays it (a person after the quote speaks
                    // the words: "Rubio “apologized numerous times,” Hannity
                    // said").
                    let first = r.open + 1;
                    let (s0, _) = self.sentence(r.open);
                    let a_cue = a.cue.map_or(0, |c| c.0);
                    // A person's pronoun does not relay ("“...,” he wrote").
                    let media = (self.has(a_cue, MEDIA)
                        && !a
                            .source
                            .is_some_and(|(x, y)| y == x + 1 && self.has(x, PRON)))
                        || a.source
                            .is_some_and(|(x, y)| (x..y).any(|i| self.has(i, NONPERSON)));
                    if media
                        && self.has(first, CUE)
                        && !self.has(first, WEAK)
                        && !self.is_cap(first)
                        && r.open > s0
                    {
                        if let Some(np) = self.np_core_left(r.open - 1, s0) {
                            if self.has(np.0, PRON) || self.is_cap(np.0) || self.has(np.0, DET) {
                                a.carrier = a.source;
                                a.source = Some(np);
                            }
                        }
                    }
                    Some(a)
                }
                (None, None) => None,
            };
            let Some(mut raw) = raw else { continue };
            if raw.needs_subject {
                // ", telling the crowd, “...”": the subject of an earlier
                // attribution of the sentence, else of the sentence.
                let c = raw.cue.map_or(r.open, |c| c.0);
                let (s0, _) = self.sentence(c);
                let prev = out
                    .iter()
                    .rev()
                    .take_while(|p| p.key >= s0)
                    .find(|p| p.cue.is_some_and(|(pc, _)| pc < c && pc >= s0));
                raw.source = match prev {
                    Some(p) => p.source,
                    None => self.sentence_subject(s0, c),
                };
                raw.needs_subject = false;
                if raw.source.is_none() {
                    continue;
                }
            }
            let cue = raw.cue.map_or(r.open, |(c, _)| c);
            if let Some((c, _)) = raw.cue {
                self.used[c] = true;
            }
            // Interrupted quote: "“A,” he said, “B.”"
            if let Some(nr) = regions.get(ri + 1) {
                let ce = raw.cue.map_or(0, |c| c.1);
                let se = raw.source.map_or(0, |s| s.1);
                let tail = self.after_adjuncts(ce.max(se));
                if tail > r.close
                    && self.punct(tail) == Some(',')
                    && nr.open == tail + 1
                    && self.toks[nr.open].para == self.toks[r.open].para
                {
                    raw.content.push((nr.open + 1, nr.close));
                    consumed[ri + 1] = true;
                }
            }
            raw.key = raw.key.min(cue);
            if let Some((s, _)) = raw.source {
                raw.key = raw.key.min(s);
            }
            raw.quote = raw.cue.is_some_and(|(c, _)| c > r.close);
            out.push(raw);
        }
        self.regions = regions;
        out
    }

    // -- pass 5: reported speech -----------------------------------------------

    /// Attributes reported speech around every unused cue outside quotes.
    fn reported_speech(&mut self, out: &mut Vec<Raw>) {
        let n = self.toks.len();
        // Direct attributions by cue position, to find the latest attribution
        // of a sentence before a cue (", adding that", "and stressed").
        let mut direct: Vec<(usize, usize)> = out
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.cue.map(|(c, _)| (c, i)))
            .collect();
        direct.sort_unstable();
        let mut di = 0;
        let mut recent: Option<(usize, usize)> = None; // (sentence, index in out)
        for c in 0..n {
            while di < direct.len() && direct[di].0 < c {
                recent = Some((self.sent_of(direct[di].0), direct[di].1));
                di += 1;
            }
            if self.used[c] || !self.has(c, CUE) || self.toks[c].quoted {
                continue;
            }
            // "Several cast members said": a noun's modifier, not a verb.
            let modifier = c > 0
                && self.has(c - 1, DET)
                && self.is_word(c + 1)
                && !self.has(c + 1, STOP | SKIP | DET | PRON)
                && self.cue_at(self.skip_right(c + 2));
            if modifier {
                continue;
            }
            let (s0, s1) = self.sentence(c);
            let sidx = self.sent_of(c);
            let prev = recent.filter(|&(s, _)| s == sidx).map(|(_, i)| i);
            if c > s0 && self.is(c - 1, "to") && self.reporting_infinitive(c).is_none() {
                continue;
            }
            if self.is(c, "according") && !self.is(c + 1, "to") {
                continue;
            }
            let (ce, quoted_speaker) = self.cue_end(c);
            let mut raw = Raw::new(QuoteKind::Reported, Vec::new());
            raw.cue = Some((c, ce));
            raw.key = c;

            if self.is(c, "according") {
                let Some(src) = self.np_right(ce).map(|np| self.author_of(np)) else {
                    continue;
                };
                raw.source = Some(src);
                let lead = (s0..c).all(|i| {
                    !self.is_word(i) || self.has(i, SKIP) || self.is(i, "but") || self.is(i, "and")
                });
                if lead {
                    let lim = (src.1 + 12).min(s1);
                    let a = (src.1..lim)
                        .find(|&p| self.punct(p) == Some(','))
                        .map_or(src.1, |p| p + 1);
                    let b = self.next_stop[a].min(s1);
                    raw.content.push((a, b));
                } else {
                    raw.content.push((self.clause_start(s0, c), c));
                    // "..., according to him, Mexico's network censured ..."
                    if self.punct(c - 1) == Some(',') && self.punct(src.1) == Some(',') {
                        let b = self.next_stop[src.1 + 1].min(s1);
                        raw.content.push((src.1 + 1, b));
                    }
                }
                if self.push_reported(raw, out) {
                    recent = Some((sidx, out.len() - 1));
                }
                continue;
            }
            // "As reported by Western Journalism, last year Seattle ...".
            if c > s0 && self.is(c - 1, "as") && self.is(c + 1, "by") {
                let Some(src) = self.np_right(c + 2) else {
                    continue;
                };
                let lim = (src.1 + 6).min(s1);
                if let Some(p) = (src.1..lim).find(|&p| self.punct(p) == Some(',')) {
                    let b = self.next_stop[p + 1].min(s1);
                    raw.source = Some(src);
                    raw.content.push((p + 1, b));
                    if self.push_reported(raw, out) {
                        recent = Some((sidx, out.len() - 1));
                    }
                }
                continue;
            }
            if self.has(c, WEAK) {
                // "has learned that ...", "thinks he ...": a clause must follow.
                let a = self.after_adjuncts(ce);
                // A pronoun with a verb contracted ("it's", "they're") opens
                // a clause too, and so does the end of a clause after the
                // cue ("that won't happen, they believe.").
                let w = self.word(a);
                let contracted = ["\u{2019}", "'"].iter().any(|q| {
                    w.split_once(q).is_some_and(|(p, v)| {
                        flags_of(p) & PRON != 0
                            || ["there", "that"].iter().any(|x| p.eq_ignore_ascii_case(x))
                            || ["s", "re", "ll", "d", "m", "ve"].contains(&v)
                                && !p.is_empty()
                                && p.chars().next().is_some_and(char::is_uppercase)
                    })
                });
                let trailing = c > s0 + 1
                    && self.clause_ends_at(a)
                    && self.np_left(c).is_some_and(|(ss, _)| {
                        ss > s0 + 1 && matches!(self.punct(ss - 1), Some(',' | '\u{2014}'))
                    });
                // "strategists think women are likely to ...": a short noun
                // phrase and a finite auxiliary.
                let finite = self.has(c, THINK)
                    && self.is_word(a)
                    && !self.has(a, STOP | SKIP | CUE)
                    && (a + 1..(a + 4).min(n)).any(|k| {
                        [
                            "is", "are", "was", "were", "will", "would", "can", "could", "should",
                            "has", "have", "had", "may", "might", "must",
                        ]
                        .iter()
                        .any(|w| self.is(k, w))
                    })
                    && (a..a + 4).all(|k| self.is_word(k) || self.tok(k).is_none());
                let clause = self.is(a, "that")
                    || (self.has(a, PRON) && !self.is(a, "it") && !self.is(a, "you"))
                    || (self.is_cap(a) && !self.has(a, STOP))
                    || (self.has(c, THINK) && (self.has(a, DET | PRON) || contracted))
                    || finite
                    || trailing;
                if !clause {
                    continue;
                }
            }
            // ", said X" at the end of a clause.
            if c > s0
                && self.punct(c - 1) == Some(',')
                && self.has(c, CUE_INV)
                && self.subject_before_aside(c - 1).is_none()
            {
                // "..., said the event brought back memories": a clause, not
                // a speaker, follows.
                let speaker = self.np_right(ce).filter(|&(s, e)| {
                    !(s + 1..e).any(|i| {
                        self.verb_like(i)
                            && !self.word(i).ends_with('s')
                            && !self.has(i, ROLE | TITLE)
                    })
                });
                if let Some(src) = speaker {
                    if self.clause_ends_at(self.after_adjuncts(src.1)) && !self.has(src.0, PRON) {
                        raw.source = Some(src);
                        let a = self.clause_start(s0, c - 1);
                        raw.content.push((a, c - 1));
                        if self.push_reported(raw, out) {
                            recent = Some((sidx, out.len() - 1));
                        }
                        continue;
                    }
                }
            }
            // "Sanders said, going on to say that ...": the phrase leading
            // to the cue stands for it.
            let head = self.reporting_infinitive(c).unwrap_or(c);
            let participle =
                self.has(c, PARTICIPLE) || (head < c && self.word(head).ends_with("ing"));
            let mut kp = head.saturating_sub(1);
            while kp > s0 && self.has(kp, SKIP) && !self.is(kp, "and") && !self.is(kp, "but") {
                kp -= 1;
            }
            let after_comma = head > s0
                && (matches!(self.punct(kp), Some(',' | '\u{2014}'))
                    || self.is(kp, "and")
                    || self.is(kp, "but")
                    || (participle
                        && ["before", "after", "while", "by", "when", "in"]
                            .iter()
                            .any(|w| self.is(head - 1, w))));
            let progressive = self.has(c, PARTICIPLE)
                && c > s0
                && ["is", "was", "are", "were", "been"]
                    .iter()
                    .any(|w| self.is(c - 1, w));
            let mut clause_end = None;
            // "Claiming the criticism is unfair, Trump told Fox ...": a
            // participle opening the sentence speaks for the main subject.
            let leading = participle
                && !self.has(self.after_adjuncts(ce), LINK | STOP)
                && self.past_conjunction(s0) == head;
            let leading_subject = leading.then(|| self.main_clause_after(c, s1)).flatten();
            if let Some((p, np)) = leading_subject {
                raw.source = Some(np);
                clause_end = Some(p);
            } else if progressive {
                // "Trump is insisting that ..."
                let Some(src) = self.np_left(c - 1) else {
                    continue;
                };
                raw.source = Some(src);
            } else if after_comma && (participle || self.is(kp, "and") || self.is(kp, "but")) {
                // ", adding that ..." / "and stressed ...": the subject of the
                // clause before; "Eight years after backing Obama, Cuban is
                // ...": of the main clause after an opening one.
                let opening = prev.is_none()
                    && participle
                    && !matches!(self.punct(kp), Some(',' | '\u{2014}'))
                    && self.words_in(s0, head - 1) <= 3
                    && !(s0..head).any(|i| self.has(i, PRON) || self.toks[i].quoted);
                let main = opening.then(|| self.main_clause_after(c, s1)).flatten();
                if let Some((p, _)) = main {
                    // The opening clause's content ends at its comma.
                    clause_end = Some(p);
                }
                raw.source = match (prev, main.map(|(_, np)| np)) {
                    (Some(i), _) => out[i].source,
                    (None, Some(np)) => Some(np),
                    (None, None) => self.sentence_subject(s0, c),
                };
                if raw.source.is_none() {
                    continue;
                }
            } else {
                let Some((ss, se)) = self.np_left(c) else {
                    // "following reports that ...": no source.
                    let a = self.after_adjuncts(ce);
                    if c > s0 && self.has(c - 1, STOP) && self.is(a, "that") && self.has(c, CUE_INV)
                    {
                        let b = self.next_stop[a + 1].min(s1);
                        raw.content.push((a + 1, b));
                        if self.push_reported(raw, out) {
                            recent = Some((sidx, out.len() - 1));
                        }
                    }
                    continue;
                };
                raw.source = Some((ss, se));
                // "Trump fired back a response saying ...", "released a
                // statement calling ...": the medium is not the speaker; the
                // subject of the clause is.
                if self.has(c, PARTICIPLE) && self.has(se - 1, VENUE) && !self.is_cap(ss) {
                    if let Some(subj) = self
                        .clause_subject(s0, ss)
                        .or_else(|| self.sentence_subject(s0, ss))
                    {
                        if subj.1 <= ss {
                            raw.source = Some(subj);
                        }
                    }
                }
                let (ss, se) = raw.source.unwrap_or((ss, se));
                if self.has(c, CUE_AS) && !self.is_speakerlike(ss, se) {
                    continue;
                }
                if let Some(sp) = quoted_speaker {
                    raw.carrier = raw.source;
                    raw.source = Some(sp);
                }
                // "As X reported, ..."
                if ss > s0 && self.is(ss - 1, "as") && ss - 1 == self.clause_start(s0, ss - 1) {
                    let lim = (ce + 10).min(s1);
                    if let Some(p) = (ce..lim).find(|&p| self.punct(p) == Some(',')) {
                        let b = self.next_stop[p + 1].min(s1);
                        raw.content.push((p + 1, b));
                        if self.push_reported(raw, out) {
                            recent = Some((sidx, out.len() - 1));
                        }
                    }
                    continue;
                }
                // "..., the official said." / "..., he said, ..."
                let after = self.after_adjuncts(ce);
                if ss > s0 + 1
                    && matches!(self.punct(ss - 1), Some(',' | '\u{2014}'))
                    && self.clause_ends_at(after)
                {
                    let a = self.clause_start(s0, ss - 1);
                    let resumes = self.punct(after) == Some(',')
                        && self.is_word(after + 1)
                        && !self.is_cap(after + 1)
                        && !self.has(after + 1, CLAUSE | CUE);
                    let before = self.words_in(a, ss - 1);
                    if before >= 3 || (before >= 1 && resumes) {
                        raw.content.push((a, ss - 1));
                        if resumes {
                            let b = self.next_stop[after + 1].min(s1);
                            raw.content.push((after + 1, b));
                        }
                        raw.carrier = raw.carrier.or_else(|| self.carrier_after(ce));
                        if self.push_reported(raw, out) {
                            recent = Some((sidx, out.len() - 1));
                        }
                        continue;
                    }
                }
            }
            // Forward content: "X said (that) ...".
            let mut a = self.after_adjuncts(ce);
            if a < n && self.next_stop[a] == a {
                // "Cost estimates, he added, were ...": no content here.
                continue;
            }
            raw.carrier = raw.carrier.or_else(|| self.carrier_after(ce));
            if self.has(c, CUE_OBJ) && !self.is(a, "that") {
                // "is telling supporters after his victory in the South
                // Carolina primary that ...": the listener, however long,
                // is not content.
                let lim = (a + 24).min(self.next_stop[a]).min(s1);
                if let Some(p) = (a..lim).find(|&p| self.is(p, "that") && !self.toks[p].quoted) {
                    // Commas only inside a place name ("Manchester, New Hampshire,").
                    let plain = |q: usize| match self.punct(q) {
                        Some(',') => q > a && self.is_cap(q - 1),
                        Some(';') => false,
                        _ => !self.has(q, CUE | PRON) && !self.toks[q].quoted,
                    };
                    if (a..p).all(plain) {
                        a = p;
                    }
                }
            }
            // "In a speech, he said:\n\nLet no one be mistaken ...": a block
            // quote set off as its own paragraph, without quotation marks.
            if self.punct(a) == Some(':')
                && self.tok(a + 1).is_some_and(|t| {
                    t.para != self.toks[a].para && t.kind == Kind::Word && !t.quoted
                })
            {
                let para = self.toks[a + 1].para;
                let b = (a + 1..n).find(|&q| self.toks[q].para != para).unwrap_or(n);
                if self.words_in(a + 1, b) >= 4 {
                    raw.content.push((a + 1, b));
                    if self.push_reported(raw, out) {
                        recent = Some((sidx, out.len() - 1));
                    }
                }
                continue;
            }
            // "experts said that is unlikely": "that" is the subject here.
            let demonstrative = self.is(a, "that")
                && [
                    "is", "was", "would", "will", "could", "may", "might", "has", "had",
                ]
                .iter()
                .any(|w| self.is(a + 1, w));
            if (self.is(a, "that") && !demonstrative) || matches!(self.punct(a), Some(':' | ',')) {
                a += 1;
                // "said that, during the period when ..., Gates was": past
                // the aside.
                if self.is(a - 1, "that") && self.punct(a) == Some(',') {
                    let lim = (a + 30).min(s1);
                    if let Some(p) = (a + 1..lim).find(|&p| self.punct(p) == Some(',')) {
                        a = p + 1;
                    }
                }
            }
            if a >= s1 || self.is(a, "by") {
                continue;
            }
            if [
                "is", "was", "are", "were", "would", "will", "could", "had", "has",
            ]
            .iter()
            .any(|w| self.is(a, w))
            {
                // "a probe the agency said was ongoing": the cue sits in a
                // relative clause; the content is the antecedent's predicate.
                let b = self.next_stop[a].min(s1);
                if self.words_in(a, b) >= 2 {
                    raw.content.push((a, b));
                    if self.push_reported(raw, out) {
                        recent = Some((sidx, out.len() - 1));
                    }
                }
                continue;
            }
            let mut b = self.next_stop[a].min(s1).min(clause_end.unwrap_or(s1));
            if self.has(c, PARTICIPLE) && c > s0 && self.punct(c - 1) == Some(',') {
                // "Trump, noting the crowd, said ...": the aside ends at the
                // comma before the main cue.
                if let Some(p) = (a..b).find(|&p| {
                    self.punct(p) == Some(',') && {
                        let v = self.skip_right(p + 1);
                        self.cue_at(v) && !self.has(v, PARTICIPLE)
                    }
                }) {
                    // "Dekker, reporting from Sochi, said": a place, not speech.
                    if ["from", "in", "at", "on", "for", "with"]
                        .iter()
                        .any(|w| self.is(a, w))
                    {
                        continue;
                    }
                    b = p;
                }
            }
            // One word is content only as a label ("called it “X”") or as
            // the named object of a stance verb ("endorsed Clinton",
            // "attacked her").
            let one_ok = self.has(c, CUE_AS)
                || (!self.has(c, WEAK | THINK)
                    && (self.is_cap(a) && !self.has(a, STOP | SKIP | DET | PRON)
                        || self.is(a, "him")
                        || self.is(a, "her")
                        || self.is(a, "them")));
            if self.words_in(a, b) < 2 && !(one_ok && self.words_in(a, b) >= 1) {
                continue;
            }
            // "call" is a noun as often as a verb ("his call for", "roll
            // call"): a cue only as a verb naming a label ("they call them
            // “lone wolves”").
            let noun_call =
                self.is(c, "call") && (c == s0 || self.has(c - 1, DET | STOP) || self.is_cap(c));
            if noun_call {
                continue;
            }
            if self.has(c, CUE_AS) {
                let first = self.regions.partition_point(|r| r.open < a);
                let mut spans: Vec<(usize, usize)> = Vec::new();
                for r in self.regions[first..]
                    .iter()
                    .take_while(|r| r.close <= b && r.open <= ce + 8)
                {
                    // Only labels in a row: "as “candid” and “blunt”".
                    if let Some(&(_, prev_close)) = spans.last() {
                        if r.open > prev_close + 3 {
                            break;
                        }
                    }
                    spans.push((r.open + 1, r.close));
                }
                if let (Some(&(first, _)), Some(&(_, last))) = (spans.first(), spans.last()) {
                    // "called the KKK “abhorrent”": with an object before the
                    // label, annotators take object and label as the content
                    // (its kind then follows the share of quoted words); a
                    // bare label or one after "as" ("described the talk as
                    // “candid”") stays a direct quote.
                    let bare = first == a + 1 || (first >= 2 && self.is(first - 2, "as"));
                    if bare {
                        raw.kind = QuoteKind::Direct;
                        raw.content = spans;
                    } else {
                        raw.content = vec![(a, last + 1)];
                    }
                    if self.push_reported(raw, out) {
                        recent = Some((sidx, out.len() - 1));
                    }
                    continue;
                }
            }
            if self.is(c, "call") {
                continue;
            }
            raw.content.push((a, b));
            if self.push_reported(raw, out) {
                recent = Some((sidx, out.len() - 1));
            }
        }
    }

    /// Statements framed without a verb: a headline "Name: claim" and a
    /// sentence opening "In a new poll by X, ..." / "In an interview, ...".
    fn framed_statements(&self, out: &mut Vec<Raw>) {
        /// Frames of what a speaker says, not of what a study finds.
        const SPEECH_FRAMES: &[&str] = &[
            "interview",
            "statement",
            "letter",
            "memo",
            "op-ed",
            "column",
            "speech",
            "tweet",
            "post",
            "email",
            "video",
            "interviews",
            "remarks",
            "testimony",
        ];
        const FRAMES: &[&str] = &[
            "poll",
            "survey",
            "study",
            "report",
            "analysis",
            "interview",
            "statement",
            "letter",
            "memo",
            "op-ed",
            "column",
            "editorial",
            "speech",
            "tweet",
            "post",
            "paper",
            "release",
            "filing",
            "ruling",
            "opinion",
            "email",
            "video",
            "ad",
            "polls",
            "surveys",
            "studies",
            "reports",
            "interviews",
            "remarks",
            "testimony",
        ];
        for &(s0, s1) in &self.sents {
            if self.toks[s0].quoted || self.used[s0] {
                continue;
            }
            // Headline "NY Daily News: Paris Terror Attacks Highlight Threat".
            if self.toks[s0].para == 0 && self.is_cap(s0) {
                let lim = (s0 + 7).min(s1);
                if let Some(p) = (s0 + 1..lim).find(|&p| self.punct(p) == Some(':')) {
                    let names =
                        (s0..p).all(|i| self.is_word(i) && (self.is_cap(i) || self.has(i, LINK)));
                    let clean = !(p + 1..s1).any(|i| self.cue_at(i) || self.toks[i].quoted);
                    if names && clean && self.words_in(p + 1, s1) >= 2 {
                        let mut raw = Raw::new(QuoteKind::Reported, vec![(p + 1, s1)]);
                        raw.cue = Some((p, p + 1));
                        raw.source = Some((s0, p));
                        raw.key = s0;
                        self.push_reported(raw, out);
                        continue;
                    }
                }
            }
            let mut a = s0;
            if self.is(a, "but") || self.is(a, "and") || self.is(a, "or") {
                a += 1;
                if self.punct(a) == Some(',') {
                    a += 1;
                }
            }
            // "As Ms. Simonyan put it in a statement in July, RT is “...”"
            if self.is(a, "as") {
                if let Some(raw) = self.as_x_put_it(a, s1) {
                    self.push_reported(raw, out);
                    continue;
                }
            }
            // "In a new NBC News/Wall Street Journal poll, 50 percent ..."
            if !self.is(a, "in") || !self.has(a + 1, DET) {
                continue;
            }
            let lim = (a + 16).min(s1);
            let Some(p) =
                (a + 1..lim).find(|&p| matches!(self.punct(p), Some(',')) || self.toks[p].quoted)
            else {
                continue;
            };
            if self.punct(p) != Some(',')
                || !(a + 1..p).any(|i| FRAMES.iter().any(|f| self.is(i, f)))
            {
                continue;
            }
            let frame = (a + 1..p).find(|&i| FRAMES.iter().any(|f| self.is(i, f)));
            let speech = frame.filter(|&i| SPEECH_FRAMES.iter().any(|f| self.is(i, f)));
            let b = self.next_stop[p + 1].min(s1);
            if speech.is_none() {
                // "In a CNN poll, 31% of Republicans said they ...": the poll
                // speaks for the share of its respondents.
                let share = |(s, e): (usize, usize)| {
                    s == p + 1
                        && (s..e).any(|i| {
                            self.punct(i) == Some('%')
                                || ["percent", "majority", "half", "third", "thirds", "most"]
                                    .iter()
                                    .any(|w| self.is(i, w))
                        })
                };
                if let Some(r) = out.iter_mut().find(|r| r.source.is_some_and(share)) {
                    let end = r.content.iter().map(|x| x.1).max().unwrap_or(b);
                    r.source = Some((a + 1, p));
                    r.cue = Some((a, a + 1));
                    r.content = vec![(p + 1, end)];
                    r.key = a;
                    continue;
                }
            }
            if self.words_in(p + 1, b) < 3 || (p + 1..b).any(|i| self.cue_at(i) || self.has(i, CUE))
            {
                continue;
            }
            let mut raw = Raw::new(QuoteKind::Reported, vec![(p + 1, b)]);
            raw.cue = Some((a, a + 1));
            raw.source = Some((a + 1, p));
            raw.key = a;
            // "In an interview with X, Ham made it clear ...": a speech
            // frames what its named subject says; a poll or a report speaks
            // itself.
            if let Some(f) = speech {
                if let Some(np) = self
                    .np_right(p + 1)
                    .filter(|&(s, _)| self.is_cap(s) || self.has(s, PRON))
                {
                    raw.source = Some(np);
                    raw.cue = Some((f, f + 1));
                }
            }
            self.push_reported(raw, out);
        }
    }

    /// "As X put it[ adjuncts], ..." opening a sentence at `a` (the "as"),
    /// which ends at `s1`: X is the source of the rest of the sentence.
    fn as_x_put_it(&self, a: usize, s1: usize) -> Option<Raw> {
        let src = self.np_right(a + 1)?;
        let v = self.skip_right(src.1);
        if !self.is(v, "put") || !self.is(v + 1, "it") {
            return None;
        }
        let lim = (v + 20).min(s1);
        let p = (v + 2..lim)
            .find(|&p| matches!(self.punct(p), Some(',' | ':')) || self.toks[p].quoted)?;
        if self.toks[p].quoted {
            return None;
        }
        let content = if self.tok(p + 1).is_some_and(|t| t.kind == Kind::Open) {
            // "As Trump put it: “...”" is found with the quote's own
            // attributions; after a comma the quote is the content.
            if self.punct(p) == Some(':') {
                return None;
            }
            let r = self.regions.iter().find(|r| r.open == p + 1)?;
            (r.open + 1, r.close)
        } else {
            (p + 1, self.next_stop[p + 1].min(s1))
        };
        if self.words_in(content.0, content.1) < 2 {
            return None;
        }
        let mut raw = Raw::new(QuoteKind::Reported, vec![content]);
        raw.cue = Some((v, v + 2));
        raw.source = Some(src);
        raw.key = a;
        Some(raw)
    }

    /// Turns of an interview transcript: a paragraph (not the headline)
    /// opening with a speaker label in capitals and a colon ("PENCE: Well,
    /// ...", "JAKE TAPPER: ...", also inside a quotation mark). The label is
    /// the source, the colon the cue and the rest of the paragraph the
    /// content; a quote paragraph right after joins it (see [`Self::orphan_quotes`]).
    fn transcript_turns(&self, out: &mut Vec<Raw>) {
        /// Labels of a section rather than a speaker.
        const NOT_SPEAKERS: &[&str] = &[
            "VIDEO",
            "WATCH",
            "UPDATE",
            "UPDATED",
            "EXCLUSIVE",
            "BREAKING",
            "READ",
            "NOTE",
            "EDITOR",
            "PHOTO",
            "PHOTOS",
            "CORRECTION",
            "RELATED",
            "MORE",
            "LISTEN",
            "SOURCE",
            "SOURCES",
            "WARNING",
            "ALERT",
            "AUDIO",
            "FLASHBACK",
            "POLL",
            "ANALYSIS",
            "OPINION",
            "UPDATES",
            "DEVELOPING",
            "CLAIM",
            "FACT",
            "FACTS",
            "BOTTOM",
            "LINE",
            "TRANSCRIPT",
        ];
        let n = self.toks.len();
        let mut i = 0;
        while i < n {
            let para = self.toks[i].para;
            let para_end = (i..n).find(|&k| self.toks[k].para != para).unwrap_or(n);
            let start = i;
            i = para_end;
            if para == 0 {
                continue;
            }
            let mut a = start;
            while a < para_end && matches!(self.toks[a].kind, Kind::Open | Kind::Mark { .. }) {
                a += 1;
            }
            let mut c = a;
            while c < para_end && c < a + 3 && self.is_word(c) {
                let w = self.word(c);
                let letters = w.chars().filter(|ch| ch.is_alphabetic()).count();
                if letters < 2 || w.chars().any(char::is_lowercase) || NOT_SPEAKERS.contains(&w) {
                    break;
                }
                c += 1;
            }
            if c == a || self.punct(c) != Some(':') || self.used[c] {
                continue;
            }
            // The content runs to the paragraph's end, without a closing mark.
            let mut e = para_end;
            while e > c + 1 && !matches!(self.toks[e - 1].kind, Kind::Word | Kind::Punct(_)) {
                e -= 1;
            }
            if self.words_in(c + 1, e) < 2 {
                continue;
            }
            let kind = if self.toks[a].quoted {
                QuoteKind::Direct
            } else {
                QuoteKind::Reported
            };
            let mut raw = Raw::new(kind, vec![(c + 1, e)]);
            raw.cue = Some((c, c + 1));
            raw.source = Some((a, c));
            raw.key = a;
            out.push(raw);
        }
    }

    /// Cues whose speaker is left unnamed, which PolNeAR annotates without a
    /// source: a question put to someone ("Asked about X, ...", "when asked
    /// whether ...", "has been asked to ..."), an expectation ("is widely expected to ...") and
    /// a report ("X reportedly considered ..."). The content runs from
    /// after the cue to the next comma or clause stop.
    fn sourceless_cues(&self, out: &mut Vec<Raw>) {
        let mut cues: Vec<usize> = out.iter().filter_map(|r| r.cue.map(|c| c.0)).collect();
        cues.sort_unstable();
        let n = self.toks.len();
        for c in 0..n {
            let t = &self.toks[c];
            if t.kind != Kind::Word || t.quoted || self.used[c] {
                continue;
            }
            let asked = self.is(c, "asked");
            let expected = self.is(c, "expected");
            let reportedly = self.is(c, "reportedly");
            if !(asked || expected || reportedly) || cues.binary_search(&c).is_ok() {
                continue;
            }
            let (s0, s1) = self.sentence(c);
            // The word before, over adverbs ("was once asked", "is widely expected").
            let mut k = c;
            while k > s0
                && (self.has(k - 1, SKIP) || self.word(k - 1).ends_with("ly"))
                && !self.is(k - 1, "and")
            {
                k -= 1;
            }
            let before = k.checked_sub(1).filter(|&b| b >= s0);
            let be = before.is_some_and(|b| {
                ["is", "are", "was", "were", "be", "been", "being"]
                    .iter()
                    .any(|w| self.is(b, w))
            });
            let mut a = c + 1;
            let mut asker = None;
            if asked {
                let opens = before.is_none_or(|b| {
                    be || matches!(self.punct(b), Some(',' | '(' | '\u{2014}'))
                        || [
                            "when", "if", "after", "once", "and", "but", "before", "while",
                        ]
                        .iter()
                        .any(|w| self.is(b, w))
                });
                if !opens {
                    continue;
                }
                // "Asked by Matt Lauer whether ...": the asker is the source
                // of the question.
                if self.is(a, "by") {
                    let Some((ss, se)) = self.np_right(a + 1) else {
                        continue;
                    };
                    a = self.after_adjuncts(se);
                    // A question ("whether ...", "to respond"), not a topic
                    // ("about his meeting"), has content.
                    let question = ["whether", "if", "why", "how", "what", "when", "who", "to"]
                        .iter()
                        .any(|w| self.is(a, w));
                    if !question {
                        continue;
                    }
                    asker = Some((ss, se));
                }
                while a < s1
                    && (self.has(a, TIME) && !self.has(a, DET) || self.word(a).ends_with("ly"))
                {
                    a += 1;
                }
            } else if expected && (!be || !self.is(a, "to")) {
                continue;
            }
            let lim = self.next_stop[a.min(n)].min(s1);
            let b = (a..lim)
                .find(|&p| {
                    matches!(self.punct(p), Some(',' | ';' | '\u{2014}')) && !self.toks[p].quoted
                })
                .unwrap_or(lim);
            if self.words_in(a, b) < 2 {
                continue;
            }
            let mut raw = Raw::new(QuoteKind::Reported, vec![(a, b)]);
            raw.cue = Some((c, c + 1));
            raw.source = asker;
            raw.key = c;
            self.push_reported(raw, out);
        }
    }

    /// Stances of a share of people and findings of polls, which PolNeAR
    /// annotates as attributions: "Two-thirds support reducing ...", "a
    /// majority of Republicans support deportation", "Polls there show
    /// Trump is trailing", "the survey found ...". The content runs from
    /// after the verb to the clause's end.
    fn poll_findings(&self, out: &mut Vec<Raw>) {
        const SHARES: &[&str] = &[
            "half",
            "majority",
            "majorities",
            "minority",
            "most",
            "percent",
            "plurality",
            "quarter",
            "quarters",
            "third",
            "thirds",
        ];
        const FINDERS: &[&str] = &[
            "data", "figures", "numbers", "poll", "polling", "polls", "records", "results",
            "studies", "study", "survey", "surveys",
        ];
        let n = self.toks.len();
        let mut cues: Vec<usize> = out.iter().filter_map(|r| r.cue.map(|c| c.0)).collect();
        cues.sort_unstable();
        for v in 1..n {
            if !self.has(v, STANCE_VERB | FINDING_VERB)
                || self.used[v]
                || self.toks[v].quoted
                || cues.binary_search(&v).is_ok()
            {
                continue;
            }
            let stance = self.has(v, STANCE_VERB);
            let show = self.has(v, FINDING_VERB);
            if !(stance || show) {
                continue;
            }
            let (s0, s1) = self.sentence(v);
            if v <= s0 {
                continue;
            }
            // The subject: the words back to the clause start, no verb among them.
            let lo = v.saturating_sub(14).max(s0);
            // "46 percent would choose Clinton and 44 percent would back
            // Trump": a coordinator opens the second clause.
            let start = (lo..v)
                .rev()
                .find(|&p| {
                    (!self.is_word(p) && self.punct(p) != Some('%') && self.punct(p) != Some('-'))
                        || ["and", "but", "while", "whereas", "or"]
                            .iter()
                            .any(|w| self.is(p, w))
                })
                .map_or(lo, |p| p + 1);
            if start >= v
                || (start..v).any(|p| self.verb_like(p) || self.has(p, CUE) || self.toks[p].quoted)
            {
                continue;
            }
            // "half", "Two-thirds": the word or its part after a hyphen.
            let has = |list: &[&str]| {
                (start..v).any(|p| {
                    let x = self.word(p);
                    let tail = x.rsplit_once('-').map_or(x, |(_, t)| t);
                    list.iter().any(|l| tail.eq_ignore_ascii_case(l))
                })
            };
            let share = has(SHARES)
                || (start..v).any(|p| self.punct(p) == Some('%'))
                || (start + 2 <= v
                    && (start..v - 1).any(|p| self.is(p, "in") && self.is_number(p + 1)));
            // "polls show", "Polls there show", "the new survey found".
            let finder = (start..v).any(|p| p + 3 >= v && FINDERS.iter().any(|f| self.is(p, f)));
            if !((stance && share) || (show && finder)) {
                continue;
            }
            let mut a = v + 1;
            if self.is(a, "that") {
                a += 1;
            }
            let b = self.next_stop[a.min(n)].min(s1);
            // One word only as a name: "44 percent would back Trump".
            let named = stance && self.words_in(a, b) == 1 && self.is_cap(a);
            if self.words_in(a, b) < 2 && !named {
                continue;
            }
            // "did a majority of Republicans support": the auxiliary is not the source.
            let mut from = (start..v)
                .rev()
                .find(|&p| ["did", "do", "does"].iter().any(|x| self.is(p, x)))
                .map_or(start, |p| p + 1);
            while from + 1 < v && ["and", "but"].iter().any(|x| self.is(from, x)) {
                from += 1;
            }
            // "44 percent would back": the auxiliary is not the source either.
            let mut to = v;
            while to > from + 1 && self.has(to - 1, SKIP) {
                to -= 1;
            }
            let mut raw = Raw::new(QuoteKind::Reported, vec![(a, b)]);
            raw.cue = Some((v, v + 1));
            raw.source = Some((from, to));
            raw.key = from;
            self.push_reported(raw, out);
        }
    }

    /// "X verb that ...": any finite verb outside the lexicon whose subject
    /// looks like a speaker and which takes a "that" clause ("He conceded
    /// that ...", "Officials have signaled that ...") is a cue.
    fn that_clauses(&self, out: &mut Vec<Raw>) {
        let n = self.toks.len();
        for v in 0..n {
            if !self.is(v + 1, "that") || self.has(v, CUE) || self.used[v] || !self.verb_like(v) {
                continue;
            }
            let a = v + 2;
            if !(self.has(a, PRON | DET) || self.is_cap(a))
                || self.has(a, STOP) && !self.has(a, PRON | DET)
            {
                continue;
            }
            let (s0, s1) = self.sentence(v);
            if v <= s0 {
                continue;
            }
            let Some((ss, se)) = self.np_left(v) else {
                continue;
            };
            if !self.is_speakerlike(ss, se) {
                continue;
            }
            let b = self.next_stop[a].min(s1);
            if self.words_in(a, b) < 2 {
                continue;
            }
            let mut raw = Raw::new(QuoteKind::Reported, vec![(a, b)]);
            raw.cue = Some((v, v + 1));
            raw.source = Some((ss, se));
            raw.key = ss;
            self.push_reported(raw, out);
        }
    }

    /// Nouns of stance and statement that PolNeAR annotates as cues: "his
    /// attacks on Clinton", "Mr. Trump's decision to seize on ...",
    /// "Opposition to the Common Core ...". The source is the possessive
    /// before the noun (none without one); the content runs from after the
    /// linking word to the next comma or clause stop.
    fn nominal_cues(&self, out: &mut Vec<Raw>) {
        let n = self.toks.len();
        for c in 0..n {
            let t = &self.toks[c];
            if t.kind != Kind::Word || t.quoted || self.used[c] {
                continue;
            }
            if t.flags & NOUN_CUE == 0 {
                continue;
            }
            let (s0, s1) = self.sentence(c);
            let mut a = c + 1;
            if ["for", "of", "to", "on", "about", "over", "against", "that"]
                .iter()
                .any(|x| self.is(a, x))
            {
                a += 1;
            } else {
                continue;
            }
            // The possessive before: "his", "Mr. Trump's", "the DNC’s".
            let mut source = None;
            if c > s0 {
                let p = c - 1;
                let pw = self.word(p);
                if ["his", "her", "their", "its", "our", "my"]
                    .iter()
                    .any(|x| pw.eq_ignore_ascii_case(x))
                {
                    source = Some((p, p + 1));
                } else if pw.ends_with("'s") || pw.ends_with("\u{2019}s") {
                    source = self.np_core_left_poss(p, s0);
                }
            }
            let lim = self.next_stop[a.min(n)].min(s1).min(a + 30);
            let b = (a..lim)
                .find(|&p| {
                    matches!(self.punct(p), Some(',' | ';' | '\u{2014}' | '('))
                        && !self.toks[p].quoted
                })
                .unwrap_or(lim);
            // Without a possessive only a sentence-opening noun is a cue
            // ("Opposition to the deal has ..."); elsewhere its holder is
            // usually a clause subject this rule cannot pick reliably.
            if self.words_in(a, b) < 1 || (source.is_none() && c != s0) {
                continue;
            }
            let mut raw = Raw::new(QuoteKind::Reported, vec![(a, b)]);
            raw.cue = Some((c, c + 1));
            raw.source = source;
            raw.key = c;
            self.push_reported(raw, out);
        }
    }

    /// The noun phrase ending with the possessive word at `p` ("Mr.
    /// Trump's", "the DNC’s"), possessive included.
    fn np_core_left_poss(&self, p: usize, s0: usize) -> Option<(usize, usize)> {
        let mut s = p;
        while s > s0
            && s + 6 > p
            && (self.is_cap(s - 1) || self.has(s - 1, DET | TITLE))
            && !self.has(s - 1, STOP)
        {
            s -= 1;
            if self.has(s, DET) {
                break;
            }
        }
        Some((s, p + 1))
    }

    /// Whether token `i` looks like a finite verb of a clause: a lowercase
    /// word ending in "-ed" or "-s", or a common irregular past form.
    fn verb_like(&self, i: usize) -> bool {
        const IRREGULAR: &[&str] = &[
            "wrote", "told", "shot", "cut", "cried", "began", "went", "put", "spoke", "thought",
            "felt", "made", "came", "gave", "took", "rang", "sang", "drew", "struck", "fought",
            "swore", "hit", "threw", "broke", "let", "kept", "led", "meant", "sent", "got",
            "chimed", "write", "say", "tell", "add", "ask", "note", "brought", "bought", "caught",
            "taught", "held", "left", "lost", "met", "paid", "ran", "stood", "won", "became",
            "built",
        ];
        if !self.is_word(i) || self.is_cap(i) || self.toks[i].quoted {
            return false;
        }
        if self.has(i, STOP | SKIP | DET | PRON | LINK | TIME | ROLE) {
            return false;
        }
        let w = self.word(i);
        (w.len() > 3 && (w.ends_with("ed") || w.ends_with('s') && !w.ends_with("ss")))
            || IRREGULAR.iter().any(|x| w.eq_ignore_ascii_case(x))
    }

    /// Whether `[s, e)` can name a speaker: a pronoun, a capitalised name or a role.
    fn is_speakerlike(&self, s: usize, e: usize) -> bool {
        (e == s + 1 && self.has(s, PRON))
            || (s..e).any(|i| self.is_cap(i) && !self.has(i, DET))
            || self.has(e - 1, ROLE | TITLE)
            || self.is_role_plural(e - 1)
    }

    /// Whether token `i` is the plural of a role noun ("surrogates").
    fn is_role_plural(&self, i: usize) -> bool {
        self.is_word(i)
            && self
                .word(i)
                .strip_suffix('s')
                .is_some_and(|stem| flags_of(stem) & ROLE != 0)
    }

    /// The start of the clause ending at `end`: the sentence start, or just
    /// after a semicolon or colon in between.
    fn clause_start(&self, s0: usize, end: usize) -> usize {
        let mut a = s0;
        let lo = end.saturating_sub(200).max(s0);
        for i in (lo..end).rev() {
            if matches!(self.punct(i), Some(';' | ':')) && !self.toks[i].quoted {
                a = i + 1;
                break;
            }
        }
        // Leading "But", "And", "However," are not content.
        while a < end && (self.is(a, "but") || self.is(a, "and")) {
            a += 1;
        }
        a
    }

    /// For "according to an analysis by the Pew Research Center" and "a
    /// court document filed by X", the author after "by" (or "from",
    /// "with"), whom annotators take as the source; else `np` itself.
    fn author_of(&self, np: (usize, usize)) -> (usize, usize) {
        let mut k = np.1;
        if [
            "filed",
            "released",
            "published",
            "compiled",
            "conducted",
            "obtained",
            "written",
        ]
        .iter()
        .any(|w| self.is(k, w))
        {
            k += 1;
        }
        let by = self.is(k, "by") || self.is(k, "from") || self.is(k, "with");
        if !by {
            return np;
        }
        self.np_right(k + 1).unwrap_or(np)
    }

    /// Whether tokens `[s, e)` only name a time: "Monday", "a Sunday",
    /// "A few minutes", "any time Thursday".
    fn is_time_only(&self, s: usize, e: usize) -> bool {
        e > s
            && (s..e).any(|i| self.has(i, TIME) || self.is(i, "minutes") || self.is(i, "time"))
            && (s..e).all(|i| {
                self.has(i, TIME | DET)
                    || self.is(i, "minutes")
                    || self.is(i, "time")
                    || self.is(i, "hours")
                    || self.is(i, "later")
            })
    }

    /// Whether token `j` is a capitalised participle opening a sentence
    /// ("Appearing before ...", "Rattling off ...", "Adding, ..."), which
    /// is not a name.
    fn opens_with_participle(&self, j: usize) -> bool {
        let w = self.word(j);
        self.is_cap(j)
            && j == self.sentence(j).0
            && w.len() > 5
            && w.ends_with("ing")
            && !self.is_cap(j + 1)
    }

    /// The first token after a dateline opening the sentence at `s0`
    /// ("PARIS, Aug 31 (Reuters) - ...", "WASHINGTON — ..."), else `s0`.
    fn after_dateline(&self, s0: usize, c: usize) -> usize {
        let lim = (s0 + 10).min(c);
        let Some(d) =
            (s0 + 1..lim).find(|&p| matches!(self.punct(p), Some('\u{2014}' | '\u{2013}' | '-')))
        else {
            return s0;
        };
        let caps = {
            let w = self.word(s0);
            w.len() > 1 && w.chars().all(|ch| ch.is_uppercase() || !ch.is_alphabetic())
        };
        let agency = self.punct(d - 1) == Some(')');
        if caps || agency {
            d + 1
        } else {
            s0
        }
    }

    /// The subject of the clause ending at `c` when it opens with a pronoun,
    /// a name or a determiner (", but he gave the Texan a compliment:").
    fn clause_subject(&self, s0: usize, c: usize) -> Option<(usize, usize)> {
        let lo = c.saturating_sub(40).max(s0);
        let mut a = (lo..c)
            .rev()
            .find(|&p| matches!(self.punct(p), Some(',' | ';')) && !self.toks[p].quoted)
            .map_or(s0, |p| p + 1);
        while a < c && self.has(a, CLAUSE | SKIP) && !self.has(a, PRON) {
            a += 1;
        }
        let (s, e) = self.np_right(a)?;
        let good = self.has(s, PRON) || self.has(s, DET) || self.is_cap(s);
        (good && e < c && !self.is(s, "who")).then_some((s, e))
    }

    /// The subject of the main clause before token `c` of the sentence
    /// starting at `s0`: the nearest noun phrase that opens a comma-separated
    /// part and is followed by a lowercase word ("Hours later, Trump returned
    /// the compliment, telling Reuters"), else the sentence's first noun
    /// phrase after an introductory phrase.
    fn sentence_subject(&self, s0: usize, c: usize) -> Option<(usize, usize)> {
        let s0 = self.after_dateline(s0, c);
        let lo = c.saturating_sub(60).max(s0);
        let good = |a: usize| -> Option<(usize, usize)> {
            let (s, e) = self.np_right(a)?;
            let opener = self.has(s, PRON | DET) || self.is_cap(s);
            let verb_next = self.is_word(e) && !self.is_cap(e) && !self.has(e, LINK | CLAUSE);
            (opener && verb_next && !self.is(s, "who") && e <= c).then_some((s, e))
        };
        for p in (lo..c.saturating_sub(1)).rev() {
            if self.punct(p) == Some(',') && !self.toks[p].quoted {
                if let Some(np) = good(p + 1) {
                    return Some(np);
                }
            }
        }
        let mut a = s0;
        // "And then Trump went on the attack, saying ..."
        while a + 1 < c
            && ["and", "but", "then", "so", "yet", "still", "also", "now"]
                .iter()
                .any(|w| self.is(a, w))
        {
            a += 1;
        }
        if self.has(a, STOP | SKIP) && !self.has(a, DET) {
            let lim = c.min(s0 + 40);
            let p = (a..lim).find(|&p| self.punct(p) == Some(','))?;
            a = p + 1;
        }
        let (s, e) = self.np_right(a)?;
        if self.has(s, DET) && e == s + 1 {
            return None;
        }
        Some((s, e))
    }

    /// Trims punctuation from the content spans, sets the kind from the share
    /// of quoted words, and keeps the attribution if it has content.
    fn push_reported(&self, mut raw: Raw, out: &mut Vec<Raw>) -> bool {
        // A source that is only a time ("Monday", "A few minutes later")
        // is a misparse: the subject of the sentence after it speaks.
        if let (Some((s, e)), Some((c, _))) = (raw.source, raw.cue) {
            if self.is_time_only(s, e) {
                let s0 = self.sentence(c).0;
                let lim = c.min(s0 + 40);
                let next = (e..lim).find(|&p| {
                    self.is_word(p) && !self.is_time_only(p, p + 1) && !self.has(p, STOP | SKIP)
                        || self.has(p, DET | PRON)
                });
                let alt = next
                    .and_then(|p| self.np_right(p))
                    .filter(|&(a, b)| b <= c && !self.is_time_only(a, b));
                if let Some(np) = alt {
                    raw.source = Some(np);
                }
            }
        }
        let mut spans = Vec::with_capacity(raw.content.len());
        for &(a, b) in &raw.content {
            if let Some(s) = self.trim(a, b) {
                spans.push(s);
            }
        }
        if spans.is_empty() {
            return false;
        }
        if raw.kind == QuoteKind::Reported {
            if self.word_bytes[spans[spans.len() - 1].1] == self.word_bytes[spans[0].0] {
                return false;
            }
            // "endorsed and has fundraised for ...", "reported from
            // Washington", "the award show is ...": what follows a verb that
            // is no cue here.
            let a = spans[0].0;
            let colon = raw.cue.is_some_and(|(c, _)| self.punct(c) == Some(':'));
            if !colon
                && ["and", "from", "is"].iter().any(|w| self.is(a, w))
                && !self.mostly_quoted(&spans)
            {
                return false;
            }
            // "spoke to reporters", "responding to the attack", "compared
            // with 2012": the phrase names a listener, a topic or a yardstick,
            // not what was said.
            const NOT_CONTENT: &[(&str, &[&str])] = &[
                ("spoke", &["to", "with", "for", "at"]),
                ("speaking", &["to", "with", "at"]),
                ("responding", &["to"]),
                ("adding", &["to"]),
                ("added", &["to"]),
                ("compared", &["to", "with"]),
                ("showed", &["up"]),
                ("showing", &["in"]),
                ("share", &["of"]),
                ("issued", &["in"]),
                ("support", &["in"]),
                ("claims", &["of"]),
                ("backed", &["away"]),
            ];
            if let Some((c, _)) = raw.cue {
                let listener = NOT_CONTENT
                    .iter()
                    .any(|(v, preps)| self.is(c, v) && preps.iter().any(|w| self.is(a, w)));
                if listener && !self.mostly_quoted(&spans) {
                    return false;
                }
            }
            if self.mostly_quoted(&spans) {
                raw.kind = QuoteKind::Direct;
            }
        }
        raw.key = raw.key.min(spans[0].0);
        if let Some((s, _)) = raw.source {
            raw.key = raw.key.min(s);
        }
        raw.content = spans;
        out.push(raw);
        true
    }

    /// Whether at least half of the characters of `spans` (token ranges)
    /// lie inside quotation marks, marks and punctuation included, as
    /// PolNeAR's gold counts them.
    fn mostly_quoted(&self, spans: &[(usize, usize)]) -> bool {
        let (mut q, mut w) = (0usize, 0usize);
        for &(a, b) in spans {
            let (Some(&(ca, qa)), Some(&(cb, qb))) = (self.chars.get(a), self.chars.get(b)) else {
                continue;
            };
            w += cb - ca;
            q += qb - qa;
        }
        2 * q >= w
    }

    /// `[a, b)` without leading and trailing punctuation (keeping quotation
    /// marks that belong to a quote inside); `None` when no word is left.
    fn trim(&self, mut a: usize, mut b: usize) -> Option<(usize, usize)> {
        b = b.min(self.toks.len());
        while a < b
            && matches!(
                self.toks[a].kind,
                Kind::Punct(_) | Kind::Mark { .. } | Kind::Close
            )
        {
            a += 1;
        }
        while b > a
            && matches!(
                self.toks[b - 1].kind,
                Kind::Punct(_) | Kind::Mark { .. } | Kind::Open
            )
        {
            b -= 1;
        }
        (self.words_in(a, b) > 0).then_some((a, b))
    }

    // -- pass 6: unattributed quotes ----------------------------------------------

    /// Quotes nobody was found for: a quote opening the sentence right after
    /// an attribution continues it ("“A,” he said. “B.”", also across a
    /// paragraph break); other whole-sentence quotes are kept with no source.
    fn orphan_quotes(&self, out: &mut Vec<Raw>) {
        let mut spans: Vec<(usize, usize)> =
            out.iter().flat_map(|r| r.content.iter().copied()).collect();
        spans.sort_unstable();
        let mut max_end = Vec::with_capacity(spans.len());
        let mut m = 0;
        for &(_, b) in &spans {
            m = m.max(b);
            max_end.push(m);
        }
        // The attribution that ends in each sentence (the latest by cue).
        let last_tok = self.toks.len().saturating_sub(1);
        let mut ends_in: Vec<Option<usize>> = vec![None; self.sents.len()];
        for (i, r) in out.iter().enumerate() {
            let end = r
                .content
                .iter()
                .map(|c| c.1)
                .chain(r.cue.map(|c| c.1))
                .chain(r.source.map(|c| c.1))
                .max()
                .unwrap_or(0);
            let s = self.sent_of(end.saturating_sub(1).min(last_tok));
            if let Some(slot) = ends_in.get_mut(s) {
                // "“A,” Nega said, introducing me to his comrades. “B.”": the
                // speaker's aside does not take the quote that goes on.
                let aside_of = |j: usize| {
                    out[j].quote
                        && out[j].kind == QuoteKind::Direct
                        && r.kind == QuoteKind::Reported
                        && r.source.is_some()
                        && out[j].source.map(|s| self.span_text(s).to_lowercase())
                            == r.source.map(|s| self.span_text(s).to_lowercase())
                };
                let later = slot.is_none_or(|j| out[j].key <= r.key && !aside_of(j));
                if later {
                    *slot = Some(i);
                }
            }
        }
        for r in &self.regions {
            let inside = (r.open + 1, r.close);
            let k = spans.partition_point(|&(a, _)| a < inside.1);
            if k > 0 && max_end[k - 1] > inside.0 {
                continue;
            }
            let s = self.sent_of(r.open);
            let (s0, _) = self.sentence(r.open);
            if s0 != r.open {
                // "Washington thanked Obama for “...”": the subject of the
                // clause speaks a quote inside its sentence.
                if let Some(raw) = self.inline_orphan(r, s0) {
                    out.push(raw);
                }
                continue;
            }
            let end_sent = self.sent_of(r.close.saturating_sub(1).min(last_tok));
            if let Some(src) = self.byline_after(r) {
                // "“...”\n\n- Bernie Sanders."
                let mut raw = Raw::new(QuoteKind::Direct, vec![inside]);
                raw.source = Some(src);
                raw.key = r.open;
                out.push(raw);
                if let Some(slot) = ends_in.get_mut(end_sent) {
                    *slot = Some(out.len() - 1);
                }
                continue;
            }
            // "“A,” Obama said. He did not suggest X. “B.”": one sentence
            // between, in the same paragraph, when the attribution was a
            // direct quote with a named source.
            let gap = s.checked_sub(2).and_then(|p| ends_in[p]).filter(|&ai| {
                let para = self.toks[r.open].para;
                out[ai].kind == QuoteKind::Direct
                    && out[ai].source.is_some()
                    && out[ai].quote
                    && out[ai].key < self.toks.len()
                    && self.toks[out[ai].key].para == para
                    && ends_in[s - 1].is_none()
                    && {
                        let (a, b) = self.sents[s - 1];
                        !(a..b).any(|i| self.toks[i].quoted || self.cue_at(i))
                    }
            });
            if let Some(ai) = s.checked_sub(1).and_then(|p| ends_in[p]).or(gap) {
                out[ai].content.push(inside);
                if let Some(slot) = ends_in.get_mut(end_sent) {
                    *slot = Some(ai);
                }
                continue;
            }
            // "Phil Musser agreed. “...”" / "He added:\n\n“...”"
            // A quote with neither speaker nor cue is not an attribution
            // (on PolNeAR train, 1 of 41 such quotes was one).
            let Some((src, cue)) = s.checked_sub(1).and_then(|p| self.bare_cue(p)) else {
                continue;
            };
            let mut raw = Raw::new(QuoteKind::Direct, vec![inside]);
            raw.source = Some(src);
            raw.cue = Some(cue);
            raw.key = r.open;
            out.push(raw);
            if let Some(slot) = ends_in.get_mut(end_sent) {
                *slot = Some(out.len() - 1);
            }
        }
    }

    /// For a quote that ends its paragraph, the name of a byline paragraph
    /// right after it ("- Bernie Sanders.", "-Michelle Marks, Philadelphia.")
    /// or a dash and name ending its own paragraph ("“...” ― Carla Sanchez.").
    fn byline_after(&self, r: &Region) -> Option<(usize, usize)> {
        let para = self.tok(r.open)?.para;
        let mut k = r.close + usize::from(r.closed);
        let is_dash = |k: usize| {
            matches!(
                self.punct(k),
                Some('-' | '\u{2014}' | '\u{2013}' | '\u{2015}')
            )
        };
        while self.tok(k)?.para == para && !(r.closed && is_dash(k)) {
            if self.is_word(k) || matches!(self.tok(k)?.kind, Kind::Open | Kind::Mark { .. }) {
                return None;
            }
            k += 1;
        }
        if !is_dash(k) {
            return None;
        }
        let next = self.tok(k)?.para;
        let s = k + 1;
        let mut e = s;
        while self
            .tok(e)
            .is_some_and(|t| t.para == next && t.kind == Kind::Word)
            && e < s + 8
        {
            e += 1;
        }
        let short =
            self.tok(e).is_none_or(|t| t.para != next) || matches!(self.punct(e), Some(',' | '.'));
        (e > s && self.is_cap(s) && short).then_some((s, e))
    }

    /// A quote inside a sentence with no cue of its own, attributed to the
    /// subject of its clause when that looks like a speaker.
    fn inline_orphan(&self, r: &Region, s0: usize) -> Option<Raw> {
        let inside = (r.open + 1, r.close);
        // "on CNN’s “State of the Union”": the name of a show.
        if r.open >= 2
            && (self.is(r.open - 2, "on") || self.is(r.open - 2, "in"))
            && (self.word(r.open - 1).ends_with("\u{2019}s")
                || self.word(r.open - 1).ends_with("'s"))
        {
            return None;
        }
        if self.words_in(inside.0, inside.1) < MIN_INLINE_WORDS {
            return None;
        }
        let (s, e) = self
            .clause_subject(s0, r.open)
            .or_else(|| self.sentence_subject(s0, r.open))?;
        if e >= r.open || !self.is_speakerlike(s, e) || self.toks[s..e].iter().any(|t| t.quoted) {
            return None;
        }
        let n = self.words_in(inside.0, inside.1);
        let kind = if n >= DIRECT_INLINE_WORDS {
            QuoteKind::Direct
        } else {
            QuoteKind::Reported
        };
        let mut raw = Raw::new(kind, vec![inside]);
        raw.source = Some((s, e));
        raw.key = s;
        Some(raw)
    }

    /// For a sentence that is only "NP cue." or "NP cue:" ("Phil Musser
    /// agreed.", "Continued Stone:"), its speaker and cue.
    fn bare_cue(&self, sent: usize) -> Option<((usize, usize), (usize, usize))> {
        let &(s0, s1) = self.sents.get(sent)?;
        let mut e = s1;
        while e > s0
            && matches!(
                self.toks[e - 1].kind,
                Kind::Punct(_) | Kind::Close | Kind::Mark { .. }
            )
        {
            e -= 1;
        }
        if e <= s0 || e - s0 > 24 || self.toks[s0..e].iter().any(|t| t.quoted) {
            return None;
        }
        for c in (s0..e).rev() {
            if !self.cue_at(c) && !self.has(c, INV_ONLY) {
                continue;
            }
            let (ce, _) = self.cue_end(c);
            if self.after_adjuncts(ce) < e {
                return None;
            }
            if c == s0 {
                let np = self.np_right(c + 1)?;
                return (np.1 >= e).then_some((np, (c, ce)));
            }
            let np = self.np_left(c)?;
            if np.0 == s0 {
                return Some((np, (c, ce)));
            }
            // "Sam Lau, the communications director for the party said in a
            // statement.": the name opening the sentence, before an aside.
            let first = self.np_right(s0)?;
            let aside = self.punct(first.1) == Some(',')
                && np.0 > first.1
                && (first.1..np.0).all(|k| !matches!(self.punct(k), Some('.' | ';' | ':')));
            return (aside && self.is_speakerlike(first.0, first.1)).then_some((first, (c, ce)));
        }
        None
    }

    // -- speaker resolution -----------------------------------------------------

    /// Resolves pronoun and role sources to earlier, fuller mentions.
    fn resolve(&self, found: &mut [Raw]) {
        /// How many earlier attributions a role or "they" looks back over.
        const LOOK_BACK: usize = 40;
        let persons = self.person_mentions();
        for i in 0..found.len() {
            let Some((s, e)) = found[i].source else {
                continue;
            };
            let earlier = &found[i.saturating_sub(LOOK_BACK)..i];
            let resolved = if e == s + 1 && (self.is(s, "who") || self.is(s, "which")) {
                self.antecedent(s)
            } else if e == s + 1 && self.has(s, PRON) {
                // "She’s said": the pronoun without its auxiliary.
                let w = self.word(s);
                let base = w.split(['\u{2019}', '\'']).next().unwrap_or(w);
                let is = |x: &str| base.eq_ignore_ascii_case(x);
                if is("he") || is("she") {
                    // The last person before it whose name or title does
                    // not say the other sex ("Asked by Matt Lauer whether
                    // ..., she said" is not Matt Lauer).
                    let want = if is("he") {
                        NameSex::Male
                    } else {
                        NameSex::Female
                    };
                    let k = persons.partition_point(|p| p.span.1 <= s);
                    persons[..k]
                        .iter()
                        .rev()
                        .take(8)
                        .find(|p| {
                            self.person_sex(p)
                                .is_none_or(|x| x == want || x == NameSex::Either)
                        })
                        .map(|p| p.full)
                } else if is("they") {
                    earlier
                        .iter()
                        .rev()
                        .filter_map(|a| a.speaker)
                        .find(|&(a, b)| {
                            !self.has(a, PRON)
                                && (self.word(b - 1).ends_with('s')
                                    || (a..b).any(|t| self.is(t, "and")))
                        })
                } else {
                    None
                }
            } else if self.is_role_phrase(s, e) {
                let head = self.word(e - 1);
                earlier
                    .iter()
                    .rev()
                    .filter_map(|a| a.source.map(|src| (src, a.speaker)))
                    .find(|&((a, b), _)| {
                        b - a > e - s && self.word(b - 1).eq_ignore_ascii_case(head)
                    })
                    .map(|(src, sp)| sp.unwrap_or(src))
                    .or_else(|| {
                        // "the US President" -> the last person titled
                        // "President" before this sentence.
                        let s0 = self.sentence(s).0;
                        let k = persons.partition_point(|p| p.span.1 <= s0);
                        persons[..k]
                            .iter()
                            .rev()
                            .find(|p| {
                                p.title
                                    .is_some_and(|t| self.word(t).eq_ignore_ascii_case(head))
                            })
                            .map(|p| p.full)
                    })
            } else if e == s + 1 && self.is_cap(s) {
                // A surname alone: the fullest mention of it so far.
                let k = persons.partition_point(|p| p.span.0 < s);
                persons.get(k).filter(|p| p.span == (s, e)).map(|p| p.full)
            } else {
                None
            };
            found[i].speaker = Some(resolved.unwrap_or((s, e)));
        }
    }

    /// The noun phrase a relative "who" or ", which" at `k` refers to:
    /// "Mike Lee, who declared ..." -> "Mike Lee".
    fn antecedent(&self, k: usize) -> Option<(usize, usize)> {
        let (s0, _) = self.sentence(k);
        let h = if self.punct(k.checked_sub(1)?) == Some(',') {
            k.checked_sub(2)?
        } else {
            k.checked_sub(1)?
        };
        if h < s0 || self.toks[h].quoted {
            return None;
        }
        self.np_core_left(h, s0)
    }

    /// Whether `r` is only the title of a show, book or film in quotation
    /// marks ("Sunday on Fox News channel’s “Sunday Morning Futures”",
    /// "told “Fox and Friends”"): a few capitalised words with no sentence
    /// punctuation, right after a possessive or a word that introduces a
    /// title.
    fn is_title(&self, r: &Raw) -> bool {
        let [(a, b)] = r.content[..] else {
            return false;
        };
        self.is_title_span(a, b)
    }

    /// [`Doc::is_title`] for the quoted tokens `[a, b)`.
    fn is_title_span(&self, a: usize, b: usize) -> bool {
        const BEFORE: &[&str] = &[
            "on",
            "with",
            "in",
            "of",
            "for",
            "told",
            "show",
            "series",
            "program",
            "book",
            "film",
            "movie",
            "novel",
            "titled",
            "entitled",
            "memoir",
            "album",
            "song",
            "episode",
            "documentary",
            "musical",
            "play",
            "magazine",
            "newspaper",
        ];
        const SMALL: &[&str] = &[
            "a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "with", "from",
            "by", "is", "as",
        ];
        if a < 2 || b > self.toks.len() || self.toks[a - 1].kind != Kind::Open {
            return false;
        }
        let n = self.words_in(a, b);
        if n == 0 || n > 6 || !self.is_cap(a) {
            return false;
        }
        let plain = (a..b).all(|i| {
            if self.is_word(i) {
                self.is_cap(i)
                    || self.word(i).starts_with(|c: char| c.is_ascii_digit())
                    || SMALL.iter().any(|w| self.is(i, w))
            } else {
                // A full stop may close the title at a sentence's end.
                (!matches!(self.punct(i), Some('.' | '!' | '?'))
                    || (i + 1 == b && self.punct(i) == Some('.')))
                    && (self.punct(i) != Some(',') || i + 1 == b)
                    && !matches!(self.toks[i].kind, Kind::Open | Kind::Close)
            }
        });
        if !plain {
            return false;
        }
        let mut p = a - 2;
        if self.punct(p) == Some(',') && p > 0 {
            p -= 1;
        }
        let w = self.word(p);
        self.is_word(p)
            && (BEFORE.iter().any(|x| w.eq_ignore_ascii_case(x))
                || w.ends_with("'s")
                || w.ends_with("\u{2019}s"))
    }

    /// Whether `r` is an "according to X" attribution, which wraps a quote
    /// and its own attribution ("“...,” the judge said, according to the
    /// Post").
    fn is_according(&self, r: &Raw) -> bool {
        r.cue.is_some_and(|(c, _)| self.is(c, "according"))
    }

    /// Whether `r` is kept inside another attribution's content: its cue
    /// is a verb of plain speech or report ([`NEST`]).
    fn may_nest(&self, r: &Raw) -> bool {
        r.cue.is_some_and(|(c, _)| self.has(c, NEST))
    }

    /// Whether `[s, e)` is a described role ("the official", "a senior
    /// official", "the Kremlin spokesman") rather than a name.
    fn is_role_phrase(&self, s: usize, e: usize) -> bool {
        e > s + 1 && self.has(s, DET) && self.has(e - 1, ROLE)
    }

    /// Capitalised name runs that look like persons (titles stripped: "Russian
    /// President Vladimir Putin" -> "Vladimir Putin"), in text order, each
    /// with the fullest mention so far that ends with the same surname.
    /// The sex a person's title ("Mrs.", "Mr.") or given name says, if any.
    fn person_sex(&self, p: &Person) -> Option<NameSex> {
        if let Some(t) = p.title {
            let w = self.word(t).trim_end_matches('.');
            if ["mr", "sir", "king", "prince"]
                .iter()
                .any(|x| w.eq_ignore_ascii_case(x))
            {
                return Some(NameSex::Male);
            }
            if ["mrs", "ms", "miss", "madam", "queen", "princess"]
                .iter()
                .any(|x| w.eq_ignore_ascii_case(x))
            {
                return Some(NameSex::Female);
            }
        }
        let (a, e) = p.full;
        // Only a name of two words or more starts with a given name.
        if e - a >= 2 {
            given_name_sex(self.word(a))
        } else {
            None
        }
    }

    fn person_mentions(&self) -> Vec<Person> {
        let n = self.toks.len();
        let mut out: Vec<Person> = Vec::new();
        let mut fullest: HashMap<&str, (usize, usize), BuildHasherDefault<Fnv>> =
            HashMap::default();
        let mut i = 0;
        while i < n {
            if !self.is_cap(i) || self.has(i, DET | STOP | SKIP | PRON) || self.toks[i].quoted {
                i += 1;
                continue;
            }
            let s = i;
            let mut e = i;
            while e < n
                && e - s < 6
                && self.is_cap(e)
                && !self.has(e, STOP | DET | PRON)
                && self.toks[e].para == self.toks[s].para
            {
                e += 1;
            }
            i = e.max(s + 1);
            let mut a = s;
            let mut title = None;
            for k in s..e {
                if self.has(k, TITLE) {
                    a = k + 1;
                    title = Some(k);
                }
            }
            let titled = title.is_some();
            if a >= e || e - a > 4 {
                continue;
            }
            let acronym = (a..e).any(|k| {
                let w = self.word(k);
                w.len() > 1 && w.chars().all(|c| c.is_uppercase() || c == '.')
            });
            if acronym || (a..e).any(|k| self.has(k, NONPERSON)) {
                continue;
            }
            let last = self.word(e - 1);
            let key = last
                .strip_suffix("'s")
                .or_else(|| last.strip_suffix("\u{2019}s"))
                .unwrap_or(last);
            let known = fullest.contains_key(key);
            if titled || e - a >= 2 || known || self.is_speaker_word(a) {
                let span = (a, e);
                let best = fullest.entry(key).or_insert(span);
                if e - a > best.1 - best.0 {
                    *best = span;
                }
                out.push(Person {
                    span,
                    full: *best,
                    title,
                });
            }
        }
        out
    }

    /// Whether the single capitalised word at `a` is directly followed by a cue
    /// ("Toner said") or preceded by ", said".
    fn is_speaker_word(&self, a: usize) -> bool {
        self.cue_at(self.skip_right(a + 1))
            || (a > 0 && self.cue_at(a - 1) && self.has(a - 1, CUE_INV))
    }

    // -- output ----------------------------------------------------------------

    /// Byte range of tokens `[a, b)`; `None` when empty.
    /// [`Self::bytes`] of a speaker, without the auxiliary of a contracted
    /// pronoun ("She’s said" gives "She").
    fn name_bytes(&self, (a, b): (usize, usize)) -> Option<Range<usize>> {
        let r = self.bytes((a, b))?;
        if b == a + 1 && self.has(a, PRON) {
            if let Some(i) = self.text[r.clone()].find(['\u{2019}', '\'']) {
                if i > 0 {
                    return Some(r.start..r.start + i);
                }
            }
        }
        Some(r)
    }

    fn bytes(&self, (a, b): (usize, usize)) -> Option<Range<usize>> {
        if a >= b || b > self.toks.len() {
            return None;
        }
        Some(self.toks[a].start..self.toks[b - 1].end)
    }

    /// Text of tokens `s` (empty when none).
    fn span_text(&self, s: (usize, usize)) -> &str {
        self.bytes(s).map_or("", |r| &self.text[r])
    }

    /// Converts token ranges to byte ranges; a trailing comma inside a quote
    /// is not content.
    fn finish(&self, raw: &Raw) -> Attribution {
        let content = raw
            .content
            .iter()
            .filter_map(|&(a, mut b)| {
                while b > a
                    && matches!(
                        self.punct(b - 1),
                        Some(',' | ';' | ':' | '\u{2014}' | '\u{2013}' | '-')
                    )
                {
                    b -= 1;
                }
                self.bytes((a, b))
            })
            .collect();
        // Single quotation marks (headlines' ‘...’) do not make a direct
        // quote for PolNeAR's gold, which counts double marks only.
        let single = |a: usize| {
            a > 0
                && self.toks[a - 1].kind == Kind::Open
                && matches!(
                    &self.text[self.toks[a - 1].start..self.toks[a - 1].end],
                    "'" | "\u{2018}" | "\u{2019}" | "\u{201a}"
                )
        };
        let kind = if raw.kind == QuoteKind::Direct
            && !raw.content.is_empty()
            && raw
                .content
                .iter()
                .all(|&(a, _)| a < self.toks.len() && single(a))
        {
            QuoteKind::Reported
        } else {
            raw.kind
        };
        Attribution {
            kind,
            content,
            cue: raw.cue.and_then(|c| self.bytes(c)),
            source: raw.source.and_then(|c| self.name_bytes(c)),
            speaker: raw.speaker.and_then(|c| self.name_bytes(c)),
            carrier: raw.carrier.and_then(|c| self.bytes(c)),
        }
    }
}

impl Raw {
    /// An attribution with this content and nothing else yet.
    fn new(kind: QuoteKind, content: Vec<(usize, usize)>) -> Self {
        let key = content
            .first()
            .map_or(usize::MAX, |c| c.0.saturating_sub(1));
        Raw {
            kind,
            content,
            cue: None,
            source: None,
            speaker: None,
            carrier: None,
            key,
            needs_subject: false,
            quote: false,
        }
    }
}

/// Drops attributions whose cue lies inside the content of another one
/// (annotation in news corpora is univocal: "X said Y believes Z" is one
/// attribution of X). A quote attributed from its own surroundings wins over
/// a reported content that swallowed it ("Trump asserted that France had lost
/// its identity: “...,” he claimed").
fn drop_nested(
    found: Vec<Raw>,
    may_nest: impl Fn(&Raw) -> bool,
    wraps: impl Fn(&Raw) -> bool,
) -> Vec<Raw> {
    let mut protected: Vec<usize> = found
        .iter()
        .filter(|r| r.quote)
        .filter_map(|r| r.cue.map(|c| c.0))
        .collect();
    protected.sort_unstable();
    let swallows = |r: &Raw| {
        !r.quote
            && !wraps(r)
            && r.content.iter().any(|&(a, b)| {
                let k = protected.partition_point(|&c| c < a);
                protected.get(k).is_some_and(|&c| c < b)
            })
    };
    let found: Vec<Raw> = found.into_iter().filter(|r| !swallows(r)).collect();
    // Content spans with their attribution, sorted, and the running
    // furthest end with the attribution that reaches it.
    let mut spans: Vec<(usize, usize, usize)> = found
        .iter()
        .enumerate()
        .flat_map(|(i, r)| r.content.iter().map(move |&(a, b)| (a, b, i)))
        .collect();
    spans.sort_unstable();
    let mut max_end: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    let mut m = (0, usize::MAX);
    for &(_, b, i) in &spans {
        if b > m.0 {
            m = (b, i);
        }
        max_end.push(m);
    }
    let contains = |r: &Raw, c: usize| r.content.iter().any(|&(a, b)| a <= c && c < b);
    let keep: Vec<bool> = found
        .iter()
        .map(|r| {
            let Some((c, _)) = r.cue else { return true };
            if may_nest(r) {
                return true;
            }
            let k = spans.partition_point(|&(a, _, _)| a <= c);
            if k == 0 || max_end[k - 1].0 <= c {
                return true;
            }
            // Two attributions holding each other's cue: keep both.
            let other = &found[max_end[k - 1].1];
            other.cue.is_some_and(|(oc, _)| contains(r, oc))
        })
        .collect();
    found
        .into_iter()
        .zip(keep)
        .filter_map(|(r, k)| k.then_some(r))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One attribution as strings, for readable assertions.
    #[derive(Debug, PartialEq)]
    struct Seen {
        kind: QuoteKind,
        content: Vec<String>,
        cue: Option<String>,
        source: Option<String>,
        speaker: Option<String>,
        carrier: Option<String>,
    }

    fn seen(text: &str) -> Vec<Seen> {
        let part = |r: &Option<Range<usize>>| r.clone().map(|r| text[r].to_string());
        find_attributions(text)
            .iter()
            .map(|a| Seen {
                kind: a.kind,
                content: a
                    .content
                    .iter()
                    .map(|r| text[r.clone()].to_string())
                    .collect(),
                cue: part(&a.cue),
                source: part(&a.source),
                speaker: part(&a.speaker),
                carrier: part(&a.carrier),
            })
            .collect()
    }

    /// The only attribution of `text`.
    fn one(text: &str) -> Seen {
        let mut all = seen(text);
        assert_eq!(all.len(), 1, "{all:#?}");
        all.remove(0)
    }

    /// Asserts that `text` holds one attribution, with `source` and
    /// `content`, and returns it.
    fn said(text: &str, source: &str, content: &[&str]) -> Seen {
        let a = one(text);
        assert_eq!(a.source, s(source));
        assert_eq!(a.content, content);
        a
    }

    /// Asserts that none of `texts` holds an attribution.
    fn finds_nothing(texts: &[&str]) {
        for text in texts {
            let all = seen(text);
            assert!(all.is_empty(), "{text}: {all:?}");
        }
    }

    fn s(x: &str) -> Option<String> {
        Some(x.to_string())
    }

    #[test]
    fn quote_then_comma_speaker_said() {
        let a = one("\"We will not back down\", the mayor said.");
        assert_eq!(a.kind, QuoteKind::Direct);
        assert_eq!(a.content, ["We will not back down"]);
        assert_eq!(a.source, s("the mayor"));
        assert_eq!(a.cue, s("said"));
    }

    #[test]
    fn party_and_state_after_the_speaker() {
        let a = one("\u{201c}It is a dog whistle,\u{201d} Rep. Gwen Moore (D-Wis.) said Friday.");
        assert_eq!(a.content, ["It is a dog whistle"]);
        assert_eq!(a.source, s("Rep. Gwen Moore (D-Wis.)"));
        assert_eq!(a.cue, s("said"));
    }

    #[test]
    fn long_appositive_between_quote_and_cue() {
        let a = one(
            "''It is fiscally responsible,'' Leonard E. Burman, director of the centrist \
             Urban-Brookings Tax Policy Center and a professor at the Maxwell School of \
             Syracuse University, said of the plan.",
        );
        assert_eq!(a.kind, QuoteKind::Direct);
        assert_eq!(a.source, s("Leonard E. Burman"));
        assert_eq!(a.cue, s("said"));
    }

    #[test]
    fn bar_dash_byline_on_the_quote_line() {
        let a =
            one("\u{201c}Maybe we can build a wall around him.\u{201d} \u{2015} Steve Quinlan.");
        assert_eq!(a.kind, QuoteKind::Direct);
        assert_eq!(a.source, s("Steve Quinlan"));
    }

    #[test]
    fn transcript_turns_have_their_label_as_source() {
        let text = "Pence on Fox\n\n\"PENCE: Well, look, Mark Cuban has been out there saying \
                    tough stuff.\n\n\"But the truth is that he has a unique way.\n\n\
                    WALLACE: Do you really see those two as equivalent?\n\n\
                    VIDEO: the full interview is below.";
        let all = seen(text);
        assert_eq!(all.len(), 2, "{all:#?}");
        assert_eq!(all[0].source, s("PENCE"));
        assert_eq!(all[0].kind, QuoteKind::Direct);
        assert_eq!(
            all[0].content.len(),
            2,
            "the next quoted paragraph continues the turn"
        );
        assert_eq!(all[1].source, s("WALLACE"));
        assert_eq!(all[1].kind, QuoteKind::Reported);
        assert_eq!(
            all[1].content,
            ["Do you really see those two as equivalent?"]
        );
    }

    #[test]
    fn went_on_to_say() {
        said(
            "Clinton went on to say that the plan would fail in the long run.",
            "Clinton",
            &["the plan would fail in the long run"],
        );
    }

    #[test]
    fn participle_aside_ends_before_the_main_cue() {
        let all = seen("Trump, noting the crowd size, said, \u{201c}This is the biggest rally ever held here.\u{201d}");
        assert_eq!(all.len(), 2, "{all:#?}");
        let noting = all.iter().find(|a| a.cue == s("noting")).expect("noting");
        assert_eq!(noting.content, ["the crowd size"]);
        let said = all.iter().find(|a| a.cue == s("said")).expect("said");
        assert_eq!(said.kind, QuoteKind::Direct);
        assert_eq!(said.source, s("Trump"));
    }

    #[test]
    fn participle_of_place_is_an_aside_not_a_cue() {
        let a = one(
            "Al Jazeera's Stefanie Dekker, reporting from Sochi, said the press remarks had \
             revealed no new details.",
        );
        assert_eq!(a.cue, s("said"));
        assert_eq!(a.source, s("Al Jazeera's Stefanie Dekker"));
    }

    #[test]
    fn subject_before_a_long_aside_speaks() {
        let all = seen(
            "Gov. John Kasich of Ohio, a Republican who has refused to endorse Mr. Trump, said \
             the Khan family deserved better.",
        );
        let said = all.iter().find(|a| a.cue == s("said")).expect("said");
        assert_eq!(said.source, s("Gov. John Kasich of Ohio"));
        assert_eq!(said.content, ["the Khan family deserved better"]);
        let a = one(
            "On the other side, Sen. Ted Cruz (R-Tex.), a candidate who has made religious \
             liberty a centerpiece of his campaign, tweeted a warning.",
        );
        assert_eq!(a.source, s("Sen. Ted Cruz"));
    }

    #[test]
    fn partial_quote_with_its_clause_going_on() {
        let a = one(
            "Obama said \u{201c}it gets me mad\u{201d} every time he thinks about the children \
             who were killed.",
        );
        assert_eq!(a.kind, QuoteKind::Reported, "mostly unquoted");
        assert_eq!(
            a.content,
            ["\u{201c}it gets me mad\u{201d} every time he thinks about the children who were killed"]
        );
        let b = one("Sanders says \u{201c}the wind is at our backs despite the loss\u{201d} now.");
        assert_eq!(b.kind, QuoteKind::Direct, "mostly quoted");
        assert_eq!(b.source, s("Sanders"));
    }

    #[test]
    fn verb_opening_the_sentence_before_its_speaker() {
        let a = one("Said Comey, \"The thought that we erred is very painful to us.\"");
        assert_eq!(a.kind, QuoteKind::Direct);
        assert_eq!(a.source, s("Comey"));
        assert_eq!(a.cue, s("Said"));
    }

    #[test]
    fn by_saying_introduces_the_quote() {
        let all = seen(
            "He explained the Drudge headline by saying: \u{201c}It was because I asked for \
             America to pray.\u{201d}",
        );
        let q = all.iter().find(|a| a.cue == s("saying")).expect("saying");
        assert_eq!(q.kind, QuoteKind::Direct);
        assert_eq!(q.source, s("He"));
    }

    #[test]
    fn plain_said_clauses_found_in_polnear_misses() {
        let a = one("But attorneys and legal experts said that is highly unlikely.");
        assert_eq!(
            a.content,
            ["that is highly unlikely"],
            "'that' is the subject"
        );
        let a = one("Sen. Jack Reed (D-R.I.), said on Tuesday that he had not read the plan.");
        assert_eq!(a.source, s("Sen. Jack Reed"));
        let a = one("About four in 10 said they were angry with the government.");
        assert_eq!(a.source, s("About four in 10"));
    }

    #[test]
    fn later_cue_with_its_own_content_leaves_the_quote_to_the_earlier_one() {
        let all = seen(
            "Trump claimed on Tuesday that \u{201c}General Petraeus got in trouble for far \
             less,\u{201d} one of the former prosecutors said the two cases were different.",
        );
        let claimed = all.iter().find(|a| a.cue == s("claimed")).expect("claimed");
        assert_eq!(claimed.kind, QuoteKind::Direct);
        assert_eq!(
            claimed.content,
            ["General Petraeus got in trouble for far less"]
        );
        let said = all.iter().find(|a| a.cue == s("said")).expect("said");
        assert_eq!(said.content, ["the two cases were different"]);
    }

    #[test]
    fn asides_between_dashes_and_block_quotes() {
        said(
            "The Supreme Court justice -- who has been in a scuffle with the nominee over \
             the past few days -- said she regretted her remarks.",
            "The Supreme Court justice",
            &["she regretted her remarks"],
        );
        let a = one(
            "Rep. Elijah Cummings (D-Md.), chair of the platform committee, said Clinton \
             did not appear concerned.",
        );
        assert_eq!(a.source, s("Rep. Elijah Cummings"));
        said(
            "In a speech last July, he said:\n\nLet no one be mistaken, his candidacy is a cancer.",
            "he",
            &["Let no one be mistaken, his candidacy is a cancer"],
        );
    }

    #[test]
    fn askers_of_questions_and_reports_by_an_outlet() {
        let all = seen(
            "Asked by Matt Lauer whether she had practiced her speech, she said she read it once.",
        );
        let q = all.iter().find(|a| a.cue == s("Asked")).expect("asked");
        assert_eq!(q.source, s("Matt Lauer"));
        assert_eq!(q.content, ["whether she had practiced her speech"]);
        // A topic is not a question: no attribution for the asker.
        let all = seen(
            "Asked by CNN\u{2019}s Michelle Kosinski about the meeting, the President smiled.",
        );
        assert!(all.iter().all(|a| a.cue != s("Asked")), "{all:#?}");
        said(
            "As reported by Western Journalism, last year Seattle became the first city to act.",
            "Western Journalism",
            &["last year Seattle became the first city to act"],
        );
        let a = one("Ryan told a news conference they are planting the seeds to accomplish that.");
        assert_eq!(
            a.content,
            ["they are planting the seeds to accomplish that"]
        );
    }

    #[test]
    fn shares_of_people_and_poll_findings() {
        let a = one("Two-thirds support reducing the prison sentences for non-violent crimes.");
        assert_eq!(a.source, s("Two-thirds"));
        assert_eq!(a.cue, s("support"));
        said(
            "Polls there show Trump is trailing Ted Cruz just ahead of the vote.",
            "Polls there",
            &["Trump is trailing Ted Cruz just ahead of the vote"],
        );
        let a = one("In Alabama did a majority of Republicans support deportation of immigrants.");
        assert_eq!(a.source, s("a majority of Republicans"));
        // A person's support is not a poll finding.
        assert!(seen("The senators support the bill in its current form.").is_empty());
    }

    #[test]
    fn contracted_pronoun_speaks() {
        let text = "Hillary Clinton spoke in Ohio. She\u{2019}s said that the plan would fail.";
        let a = one(text);
        assert_eq!(a.source, s("She"));
        assert_eq!(a.speaker, s("Hillary Clinton"));
        assert_eq!(a.content, ["the plan would fail"]);
    }

    #[test]
    fn second_speaker_clause_ends_the_first_content() {
        let all = seen(
            "Although he acknowledged that the event was tragic, he maintained that it does not \
             change his past statements.",
        );
        let ack = all
            .iter()
            .find(|a| a.cue == s("acknowledged"))
            .expect("acknowledged");
        assert_eq!(ack.content, ["the event was tragic"]);
        let kept = all
            .iter()
            .find(|a| a.cue == s("maintained"))
            .expect("maintained");
        assert_eq!(kept.content, ["it does not change his past statements"]);
    }

    #[test]
    fn quote_going_on_after_an_aside_joins_the_first_quote() {
        let all = seen(
            "\u{201c}We are five right now,\u{201d} Nega said, introducing me to his comrades from \
             Dallas. \u{201c}Another is returning here tomorrow morning.\u{201d}",
        );
        let first = all.iter().find(|a| a.cue == s("said")).expect("said");
        assert_eq!(
            first.content,
            [
                "We are five right now",
                "Another is returning here tomorrow morning."
            ]
        );
    }

    #[test]
    fn new_speaker_with_a_quote_ends_the_reported_clause() {
        let all = seen(
            "She said fathers would not be eligible, and when pressed on why the plan leaves \
             out dads, the 34-year-old mother of three replied, \"It is meant to benefit the \
             mother who has given birth.\"",
        );
        let said = all.iter().find(|a| a.cue == s("said")).expect("said");
        assert_eq!(
            said.content,
            ["fathers would not be eligible, and when pressed on why the plan leaves out dads"]
        );
        let replied = all.iter().find(|a| a.cue == s("replied")).expect("replied");
        assert_eq!(replied.source, s("the 34-year-old mother of three"));
    }

    #[test]
    fn a_show_title_after_a_quote_is_not_its_speaker() {
        let a = one(
            "Christie blasted Clinton as a \u{201c}disgrace\u{201d} Wednesday on The Laura \
             Ingraham Show.",
        );
        assert_eq!(a.source, s("Christie"));
        assert_eq!(a.cue, s("blasted"));
    }

    #[test]
    fn as_x_put_it() {
        let a = one(
            "As Ms. Simonyan put it in a statement in July, RT is ''providing a perspective \
             you won't get from the mainstream press.''",
        );
        assert_eq!(a.source, s("Ms. Simonyan"));
        assert_eq!(a.kind, QuoteKind::Direct);
        said(
            "As Vulture put it, \u{201c}Hello, it\u{2019}s the Biebs.\u{201d} He won.",
            "Vulture",
            &["Hello, it\u{2019}s the Biebs"],
        );
    }

    #[test]
    fn a_name_with_mojibake_or_combining_accents_stays_one_word() {
        // As in PolNeAR's Washington Post text: "A" + U+0303 + U+0083 + "A"
        // + U+0302 + U+00A7 where "ç" was.
        let text = "\"Europe must be able to defend itself,\" French President \
                    FranA\u{303}\u{83}A\u{302}\u{a7}ois Hollande said Friday.";
        let a = one(text);
        assert_eq!(
            a.source,
            s("French President FranA\u{303}\u{83}A\u{302}\u{a7}ois Hollande")
        );
    }

    #[test]
    fn quote_after_a_sentence_without_a_usable_cue_goes_on() {
        let a = one(
            "\"We have had problems with cyber intrusions from Russia,\" Obama said after \
             meeting Putin. He didn't suggest retaliation. \"Our goal is not to duplicate a \
             cycle of escalation.\"",
        );
        assert_eq!(a.source, s("Obama"));
        assert_eq!(a.content.len(), 2);
    }

    #[test]
    fn going_on_to_say_after_a_quote_takes_the_speaker() {
        let all = seen(
            "\"There is an issue that is bringing the people who voted for me together,\" \
             Sanders said, going on to say that the country has spent \"hundreds of years \
             fighting against racism.\"",
        );
        let say = all.iter().find(|a| a.cue == s("say")).expect("say");
        assert_eq!(say.source, s("Sanders"));
    }

    #[test]
    fn verbs_naming_a_label_or_urging() {
        let all = seen(
            "Obama and Clinton call them \"lone wolves\" and describe their actions as crimes. \
             Cruz exhorted Republicans to \"vote your conscience\" at the convention. Trump \
             took to Twitter overnight to accuse the campaign of being \u{201c}duped.\u{201d}",
        );
        let call = all.iter().find(|a| a.cue == s("call")).expect("call");
        assert_eq!(call.source, s("Obama and Clinton"));
        assert!(all
            .iter()
            .any(|a| a.cue == s("exhorted Republicans") && a.source == s("Cruz")));
        assert!(all
            .iter()
            .any(|a| a.cue == s("accuse") && a.source == s("Trump")));
        // Without a label, "call" reports nothing.
        assert!(seen("I will fight for this great country we call home.").is_empty());
    }

    #[test]
    fn a_time_phrase_after_the_cue_is_not_content() {
        let all = seen(
            "Trump tweeted in the early morning hours that Machado was \u{201c}disgusting\u{201d} \
             and \u{201c}a con\u{201d} and encouraged Americans to look.",
        );
        let tweeted = all.iter().find(|a| a.cue == s("tweeted")).expect("tweeted");
        assert_eq!(
            tweeted.content,
            ["Machado was \u{201c}disgusting\u{201d} and \u{201c}a con\u{201d}"]
        );
        assert_eq!(tweeted.kind, QuoteKind::Direct);
    }

    #[test]
    fn a_thousands_separator_does_not_end_the_content() {
        let a = one(
            "The State Department has said 2,093 of Clinton's released emails were redacted in \
             all or part.",
        );
        assert_eq!(
            a.content,
            ["2,093 of Clinton's released emails were redacted in all or part"]
        );
    }

    #[test]
    fn an_interview_frames_its_subject_a_poll_speaks_itself() {
        let a = one(
            "In an interview with Trending Today USA, Ham made it clear he had major misgivings \
             about the armed forces.",
        );
        assert_eq!(a.source, s("Ham"));
        let b = one("In a new NBC News poll, 50 percent of voters back the plan.");
        assert_eq!(b.source, s("a new NBC News poll"));
    }

    #[test]
    fn a_quote_with_neither_speaker_nor_cue_is_no_attribution() {
        let all = seen(
            "The referendum passed with 56 percent of the vote.\n\n\u{201c}Stop mass \
             naturalization, Yes to naturalization initiative\u{201d} (2008) was the next one.",
        );
        assert!(all.is_empty(), "{all:?}");
        // With a bare cue before it, the quote has its speaker.
        let a = one("Phil Musser agreed. \u{201c}It is a very strong field this year.\u{201d}");
        assert_eq!(a.source, s("Phil Musser"));
    }

    #[test]
    fn a_cue_word_modifying_a_noun_is_no_cue() {
        let all = seen("Several cast members said Trump had one contestant twirl before him.");
        assert_eq!(all.len(), 1, "{all:?}");
        assert_eq!(all[0].cue, s("said"));
    }

    #[test]
    fn a_clause_opening_with_and_from_or_is_is_no_content() {
        finds_nothing(&[
            "Sanders endorsed and has fundraised for her primary challenger in Florida.",
            "Ryan Grim reported from Washington, D.C.",
            "The award show is undoubtedly one of the best displays of talent.",
        ]);
    }

    #[test]
    fn a_moderator_asking_is_the_source_of_the_question() {
        let a = one(
            "Rubio was asked by Fox Business moderator Gerard Baker whether his plan would \
             risk adding another program.",
        );
        assert_eq!(a.source, s("Fox Business moderator Gerard Baker"));
        assert_eq!(a.cue, s("asked"));
    }

    #[test]
    fn an_opening_participle_clause_belongs_to_the_main_subject() {
        said(
            "Days after insisting the deal was dead, the White House reversed course.",
            "the White House",
            &["the deal was dead"],
        );
        said(
            "After saying the plan would fail, Clinton left the stage.",
            "Clinton",
            &["the plan would fail"],
        );
    }

    #[test]
    fn a_span_of_time_before_the_cue_is_skipped() {
        said(
            "The State Department less than two weeks ago said for the first time that the \
             intelligence had passed through the server.",
            "The State Department",
            &["the intelligence had passed through the server"],
        );
    }

    #[test]
    fn a_poll_speaks_for_the_share_of_its_respondents() {
        said(
            "In a New York Times/CBS News survey, 79 percent of Democrats said they were \
             satisfied with the field.",
            "a New York Times/CBS News survey",
            &["79 percent of Democrats said they were satisfied with the field"],
        );
    }

    #[test]
    fn a_listener_or_a_yardstick_is_not_what_was_said() {
        finds_nothing(&[
            "The president spoke to reporters for seven minutes outside the White House.",
            "Spending rose 4 percent, compared with 2 percent in 2012.",
            "The real Trump showed up at the debate.",
        ]);
    }

    #[test]
    fn plural_roles_can_name_a_label() {
        let a = one("His surrogates called him ''a genius'' for his tax avoidance strategies.");
        assert_eq!(a.source, s("His surrogates"));
        assert_eq!(a.cue, s("called"));
    }

    #[test]
    fn a_subject_stops_before_its_verb_and_object() {
        let a =
            one("The committee filed a complaint, claiming that Mills had a conflict of interest.");
        assert_eq!(a.source, s("The committee"));
        let b = one("His campaign sent out a text message saying the race was close.");
        assert_eq!(b.source, s("His campaign"));
    }

    #[test]
    fn a_leading_participle_speaks_for_the_main_subject() {
        let all = seen(
            "Claiming the criticism of Lauer is designed to pressure the moderators, Trump told \
             Fox that the press was unfair.",
        );
        let claiming = all
            .iter()
            .find(|a| a.cue == s("Claiming"))
            .expect("Claiming");
        assert_eq!(claiming.source, s("Trump"));
        assert_eq!(
            claiming.content,
            ["the criticism of Lauer is designed to pressure the moderators"]
        );
        // A participle of place is no attribution.
        let speaking = seen("Speaking at a rally in Ohio, Trump said the press was unfair.");
        assert!(
            speaking.iter().all(|a| a.cue != s("Speaking")),
            "{speaking:?}"
        );
    }

    #[test]
    fn each_share_of_a_poll_has_its_own_preference() {
        let all = seen(
            "Among likely voters, 46 percent would choose Clinton and 44 percent would back \
             Trump, while 5 percent prefer Gary Johnson and 1 percent support Jill Stein.",
        );
        let got: Vec<(Option<String>, Vec<String>)> =
            all.into_iter().map(|a| (a.source, a.content)).collect();
        assert_eq!(
            got,
            [
                (s("46 percent"), vec!["Clinton".to_string()]),
                (s("44 percent"), vec!["Trump".to_string()]),
                (s("5 percent"), vec!["Gary Johnson".to_string()]),
                (s("1 percent"), vec!["Jill Stein".to_string()]),
            ]
        );
    }

    #[test]
    fn a_relative_clause_with_its_own_speaker_ends_the_content() {
        let all = seen(
            "The U.N. called an emergency meeting to discuss the test, which state news media \
             claimed now allows Pyongyang to produce nuclear warheads.",
        );
        let called = all.iter().find(|a| a.cue == s("called")).expect("called");
        assert_eq!(called.content, ["an emergency meeting to discuss the test"]);
        assert!(all.iter().any(|a| a.cue == s("claimed")), "{all:?}");
    }

    #[test]
    fn a_clause_after_said_is_content_not_an_inverted_speaker() {
        said(
            "Donna Sampson Rawlings, 59, of Ashton, Md., who watched the ceremony on a screen on \
             the Mall, said the event brought back memories of her father.",
            "Donna Sampson Rawlings",
            &["the event brought back memories of her father"],
        );
        // An inverted speaker still is one.
        let b = one(
            "The big Nucor steel plant is under intense pressure from Asian imports, said the \
             company's chief executive, John J. Ferriola.",
        );
        assert_eq!(b.cue, s("said"));
        assert!(b
            .source
            .is_some_and(|x| x.starts_with("the company's chief executive")));
    }

    #[test]
    fn hoping_and_eager_take_their_subject_across_the_auxiliary() {
        said(
            "Clinton is hoping that she wins Ohio.",
            "Clinton",
            &["she wins Ohio"],
        );
        said(
            "Republicans are eager to move past the fight over the nomination.",
            "Republicans",
            &["to move past the fight over the nomination"],
        );
    }

    #[test]
    fn states_of_mind_with_a_that_clause() {
        said(
            "Clinton is convinced that she will win Ohio.",
            "Clinton",
            &["she will win Ohio"],
        );
        let b = one("Aides remain confident that the plan will pass.");
        assert_eq!(b.source, s("Aides"));
        assert_eq!(b.cue, s("confident"));
        // Without a clause, a state of mind reports nothing.
        finds_nothing(&["He was confident in his chances."]);
    }

    #[test]
    fn pronouns_skip_people_of_the_other_sex() {
        let text = "Melania Trump spoke to NBC News. Asked by Matt Lauer whether she had \
                    practiced her speech, she said she read it once over.";
        let said = seen(text)
            .into_iter()
            .find(|a| a.cue == s("said"))
            .expect("said");
        assert_eq!(said.source, s("she"));
        assert_eq!(said.speaker, s("Melania Trump"));
        let text = "Mrs. Clinton met Bernie Sanders. He said the race was not over.";
        assert_eq!(one(text).speaker, s("Bernie Sanders"));
    }

    #[test]
    fn infinitives_that_still_report_speech() {
        let a = one("The debate was so calm that Mr. Trump was prompted to say, \u{201c}I cannot believe how civil it is.\u{201d}");
        assert_eq!(a.source, s("Mr. Trump"));
        assert_eq!(a.kind, QuoteKind::Direct);
        let a = one("Hillary Clinton took to Twitter to say thanks to everyone who turned out.");
        assert_eq!(a.source, s("Hillary Clinton"));
        assert_eq!(a.cue, s("say"));
        // Declining to say is no statement.
        assert!(seen("He declined to say whether he would run.")
            .iter()
            .all(|a| a.cue != s("say")));
    }

    #[test]
    fn thinking_verbs_take_a_clause_with_a_plain_subject() {
        said(
            "Clinton strategists think women are likely to be the key to a victory.",
            "Clinton strategists",
            &["women are likely to be the key to a victory"],
        );
        assert!(seen("They think highly of the plan.").is_empty());
    }

    #[test]
    fn cue_inside_a_relative_clause() {
        said(
            "The FBI opened a probe the law enforcement agency said was ongoing as of this month.",
            "the law enforcement agency",
            &["was ongoing as of this month"],
        );
    }

    #[test]
    fn show_named_after_the_cue_is_not_content() {
        let a = one("The plan will fail, he said Wednesday on CNN\u{2019}s \u{201c}State of the Union.\u{201d}");
        assert_eq!(a.content, ["The plan will fail"]);
        assert_eq!(a.source, s("he"));
    }

    #[test]
    fn plural_before_of_and_place_before_a_participle() {
        let a = one(
            "Several supporters of reform said it is more realistic to keep some superdelegates.",
        );
        assert_eq!(a.source, s("Several supporters of reform"));
        let all = seen("Trump\u{2019}s excesses are sickening, Hollande said Tuesday in Paris, noting the crowd.");
        let said = all.iter().find(|a| a.cue == s("said")).expect("said");
        assert_eq!(said.content, ["Trump\u{2019}s excesses are sickening"]);
    }

    #[test]
    fn titles_ending_a_sentence_are_not_quotes() {
        assert!(seen("It was the album \u{201c}Born in the U.S.A.\u{201d}").is_empty());
        assert!(seen("He was the star of \u{201c}The Apprentice.\u{201d}").is_empty());
    }

    #[test]
    fn cue_sentence_with_a_long_speaker_before_a_quote() {
        let a = one(
            "Sam Lau, the communications director for the Iowa Democratic Party said in a \
             statement. \u{201c}There are no paper ballots to recount.\u{201d}",
        );
        assert_eq!(a.source, s("Sam Lau"));
        assert_eq!(a.cue, s("said"));
        assert_eq!(a.kind, QuoteKind::Direct);
    }

    #[test]
    fn curly_quote_with_comma_inside() {
        let a = one("\u{201c}The bridge is safe,\u{201d} Jane Holt said.");
        assert_eq!(a.content, ["The bridge is safe"]);
        assert_eq!(a.source, s("Jane Holt"));
        assert_eq!(a.speaker, s("Jane Holt"));
    }

    #[test]
    fn said_before_speaker_after_quote() {
        let a = one("\u{201c}Prices will rise,\u{201d} said Tom Reyes, an economist at the bank.");
        assert_eq!(a.content, ["Prices will rise"]);
        assert_eq!(a.source, s("Tom Reyes"));
        assert_eq!(a.cue, s("said"));
    }

    #[test]
    fn speaker_said_colon_quote() {
        let a = one("The minister said: \u{201c}We are ready.\u{201d}");
        assert_eq!(a.kind, QuoteKind::Direct);
        assert_eq!(a.content, ["We are ready."]);
        assert_eq!(a.source, s("The minister"));
    }

    #[test]
    fn speaker_said_quote_without_colon() {
        let a = one("Mayor Ana Ruiz said \"the budget is balanced\".");
        assert_eq!(a.kind, QuoteKind::Direct);
        assert_eq!(a.content, ["the budget is balanced"]);
        assert_eq!(a.source, s("Mayor Ana Ruiz"));
    }

    #[test]
    fn told_journalists_is_the_cue() {
        let a = one("\u{201c}Talks were useful,\u{201d} a senior official told journalists.");
        assert_eq!(a.cue, s("told journalists"));
        assert_eq!(a.source, s("a senior official"));
    }

    #[test]
    fn was_quoted_as_saying() {
        let a = one("The general was quoted as saying \u{201c}the border is closed\u{201d}.");
        assert_eq!(a.content, ["the border is closed"]);
        assert_eq!(a.cue, s("was quoted as saying"));
        assert_eq!(a.source, s("The general"));
        assert_eq!(a.carrier, None);
    }

    #[test]
    fn fixture_tass_quoted_putin_as_saying() {
        let a = one(
            "\u{201c}Against all odds we have a certain rapprochement\u{201d}, TASS quoted Putin as saying.",
        );
        assert_eq!(
            a.content,
            ["Against all odds we have a certain rapprochement"]
        );
        assert_eq!(a.source, s("Putin"));
        assert_eq!(a.carrier, s("TASS"));
        assert_eq!(a.cue, s("quoted Putin as saying"));
    }

    #[test]
    fn statement_carried_by_an_agency() {
        let a = one(
            "\"It is also planned to consider regional problems\", the Kremlin press service \
             said in a statement carried by the Russian news agency TASS.",
        );
        assert_eq!(a.source, s("the Kremlin press service"));
        assert_eq!(a.carrier, s("TASS"));
    }

    #[test]
    fn kremlin_spokesman_after_quote() {
        let a =
            one("\u{201c}The leaders met behind closed doors\u{201d}, the Kremlin spokesman said.");
        assert_eq!(a.source, s("the Kremlin spokesman"));
        assert_eq!(a.speaker, s("the Kremlin spokesman"));
    }

    #[test]
    fn fixture_toner_said() {
        let a = one("\u{201c}What we are looking at is a clear path forward\u{201d}, Toner said.");
        assert_eq!(
            a.content,
            ["What we are looking at is a clear path forward"]
        );
        assert_eq!(a.source, s("Toner"));
    }

    #[test]
    fn according_to_opening_the_sentence() {
        let a = one("According to the Foreign Ministry, the ministers will meet on Thursday.");
        assert_eq!(a.kind, QuoteKind::Reported);
        assert_eq!(a.cue, s("According to"));
        assert_eq!(a.source, s("the Foreign Ministry"));
        assert_eq!(a.content, ["the ministers will meet on Thursday"]);
    }

    #[test]
    fn according_to_closing_the_sentence() {
        let a =
            one("The talks will resume next week, according to a senior administration official.");
        assert_eq!(a.content, ["The talks will resume next week"]);
        assert_eq!(a.source, s("a senior administration official"));
    }

    #[test]
    fn reported_speech_with_said() {
        let a = one("The official said the U.S. was eager to find an agreement quickly.");
        assert_eq!(a.kind, QuoteKind::Reported);
        assert_eq!(a.source, s("The official"));
        assert_eq!(
            a.content,
            ["the U.S. was eager to find an agreement quickly"]
        );
    }

    #[test]
    fn reported_speech_trailing_cue() {
        let a = one("The two leaders used the talk to clarify sticking points, the official said.");
        assert_eq!(
            a.content,
            ["The two leaders used the talk to clarify sticking points"]
        );
        assert_eq!(a.source, s("the official"));
    }

    #[test]
    fn told_listener_that() {
        let a = one("Erdogan told Putin that the two countries could change the region.");
        assert_eq!(a.cue, s("told Putin"));
        assert_eq!(a.source, s("Erdogan"));
        assert_eq!(a.content, ["the two countries could change the region"]);
    }

    #[test]
    fn denied_and_warned() {
        let a = one("Putin has denied his government was involved.");
        assert_eq!(a.cue, s("denied"));
        assert_eq!(a.source, s("Putin"));
        assert_eq!(a.content, ["his government was involved"]);
        let b = one("The senator warned that the deal would collapse.");
        assert_eq!(b.cue, s("warned"));
        assert_eq!(b.content, ["the deal would collapse"]);
    }

    #[test]
    fn described_as_partial_quotes() {
        let a =
            one("Obama described the talk as \u{201c}candid\u{201d} and \u{201c}blunt\u{201d}.");
        assert_eq!(a.kind, QuoteKind::Direct);
        assert_eq!(a.content, ["candid", "blunt"]);
        assert_eq!(a.cue, s("described"));
        assert_eq!(a.source, s("Obama"));
    }

    #[test]
    fn added_that_quote() {
        let a = one("The official added that \u{201c}Russia has agreed to work with us\u{201d} on the border.");
        assert_eq!(a.kind, QuoteKind::Direct);
        // The clause goes on after the quote, and its content with it.
        assert_eq!(
            a.content,
            ["\u{201c}Russia has agreed to work with us\u{201d} on the border"]
        );
        assert_eq!(a.cue, s("added"));
    }

    #[test]
    fn partial_quote_inside_reported_clause() {
        let a = one("Trump said he had \"good\" talks on Syria with Putin.");
        assert_eq!(a.kind, QuoteKind::Reported);
        assert_eq!(a.content, ["he had \"good\" talks on Syria with Putin"]);
    }

    #[test]
    fn interrupted_quote_has_two_spans() {
        let a = one("\u{201c}The deal,\u{201d} he said, \u{201c}is dead.\u{201d}");
        assert_eq!(a.content, ["The deal", "is dead."]);
        assert_eq!(a.source, s("he"));
    }

    #[test]
    fn quote_spanning_sentences() {
        let a = one("\u{201c}We tried. We failed. We will try again,\u{201d} the coach said.");
        assert_eq!(a.content, ["We tried. We failed. We will try again"]);
        assert_eq!(a.source, s("the coach"));
    }

    #[test]
    fn quote_continuing_in_next_sentence() {
        let a = one("\u{201c}We won,\u{201d} she said. \u{201c}Now we rest.\u{201d}");
        assert_eq!(a.content, ["We won", "Now we rest."]);
    }

    #[test]
    fn unmatched_quote_stops_at_paragraph_end() {
        let text =
            "The mayor said: \u{201c}We will rebuild the bridge.\n\nThe council meets on Monday.";
        let a = one(text);
        assert_eq!(a.content, ["We will rebuild the bridge."]);
        assert_eq!(a.source, s("The mayor"));
    }

    #[test]
    fn nested_single_quotes_stay_inside() {
        let a =
            one("\u{201c}He told me \u{2018}never again\u{2019} and left,\u{201d} Ms. Lee said.");
        assert_eq!(
            a.content,
            ["He told me \u{2018}never again\u{2019} and left"]
        );
        assert_eq!(a.source, s("Ms. Lee"));
    }

    #[test]
    fn mismatched_straight_marks() {
        let a = one("The aim is \"peace, and talks \"should go on here,\" the official said.");
        assert_eq!(a.content, ["peace, and talks \"should go on here"]);
        assert_eq!(a.source, s("the official"));
    }

    #[test]
    fn two_apostrophes_are_a_double_mark() {
        let a = one("''He is running a campaign,'' said Senator Tim Scott.");
        assert_eq!(a.content, ["He is running a campaign"]);
        assert_eq!(a.source, s("Senator Tim Scott"));
    }

    #[test]
    fn pronoun_resolves_to_last_person() {
        let text = "Russian President Vladimir Putin met the press in Sochi. \u{201c}We are ready,\u{201d} he said.";
        let a = one(text);
        assert_eq!(a.source, s("he"));
        assert_eq!(a.speaker, s("Vladimir Putin"));
    }

    #[test]
    fn fixture_the_official_resolves_to_full_description() {
        let text = "\u{201c}This statement builds on months of talks,\u{201d} a senior US State \
                    Department official told journalists.\n\nThe official added that the talks were hard.";
        let all = seen(text);
        assert_eq!(all.len(), 2, "{all:#?}");
        assert_eq!(all[1].source, s("The official"));
        assert_eq!(all[1].speaker, s("a senior US State Department official"));
    }

    #[test]
    fn as_x_reported() {
        said("As NPR\u{2019}s David Welna reported earlier this summer, Kerry has been pushing for a deal.", "NPR\u{2019}s David Welna", &["Kerry has been pushing for a deal"]);
    }

    #[test]
    fn inline_quote_after_uncued_verb() {
        let a = one("Washington, star of television’s “Scandal,” thanked Obama for “taking these steps to make us ALL safer.”");
        assert_eq!(a.kind, QuoteKind::Direct);
        assert_eq!(a.source, s("Washington"));
        assert_eq!(a.content, ["taking these steps to make us ALL safer."]);
    }

    #[test]
    fn short_inline_quote_is_reported() {
        let a = one("He ended the speech with “a promise to keep fighting” for workers.");
        assert_eq!(a.kind, QuoteKind::Reported);
        assert_eq!(a.source, s("He"));
    }

    #[test]
    fn learned_cue_verb() {
        let a = one("Sanders railed against the trade deal on Tuesday.");
        assert_eq!(a.cue, s("railed"));
        assert_eq!(a.source, s("Sanders"));
        assert_eq!(a.content, ["against the trade deal on Tuesday"]);
    }

    #[test]
    fn relative_who_is_the_source() {
        let a = one(
            "The plan was praised by Senator Mike Lee, who declared that it was time to unite.",
        );
        assert_eq!(a.source, s("who"));
        assert_eq!(a.speaker, s("Senator Mike Lee"));
        assert_eq!(a.content, ["it was time to unite"]);
    }

    #[test]
    fn think_takes_a_clause_without_that() {
        said(
            "Economists think the progress on climate change is real.",
            "Economists",
            &["the progress on climate change is real"],
        );
        assert!(seen("They think so.").is_empty());
    }

    #[test]
    fn adding_that_takes_the_subject() {
        let all = seen("The minister said the talks went well, adding that a deal was close.");
        assert_eq!(all.len(), 2, "{all:#?}");
        assert_eq!(all[0].content, ["the talks went well"]);
        assert_eq!(all[1].cue, s("adding"));
        assert_eq!(all[1].source, s("The minister"));
        assert_eq!(all[1].content, ["a deal was close"]);
    }

    #[test]
    fn headline_says() {
        said(
            "Putin Says He And Obama Took Step Forward On Syria",
            "Putin",
            &["He And Obama Took Step Forward On Syria"],
        );
    }

    #[test]
    fn results_in_text_order() {
        let text = "Putin said the talks were useful. \u{201c}We agree,\u{201d} Obama said. \
                    According to TASS, the ministers will meet again.";
        let found = find_attributions(text);
        assert_eq!(found.len(), 3);
        assert!(found
            .windows(2)
            .all(|w| w[0].content[0].start < w[1].content[0].start));
    }

    #[test]
    fn five_thousand_word_quote() {
        let words = "word ".repeat(5_000);
        let text = format!("\u{201c}{}\u{201d}, the official said.", words.trim_end());
        let a = one(&text);
        assert_eq!(a.content[0].split_whitespace().count(), 5_000);
        assert_eq!(a.source, s("the official"));
    }

    #[test]
    fn long_input_runs_in_linear_time() {
        let paragraph = "\u{201c}Talks were useful,\u{201d} he said, \u{201c}and long. Very long\n";
        let text = format!(
            "{}The official said the deal, he said, was done.",
            paragraph.repeat(20_000)
        );
        let start = std::time::Instant::now();
        let found = find_attributions(&text);
        assert!(found.len() >= 20_000);
        // A quadratic pass over ~300,000 tokens would take minutes.
        assert!(start.elapsed().as_secs() < 20);
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let odd = [
            "",
            " ",
            "\n\n",
            "\"",
            "\u{201c}",
            "\u{201d}",
            "''",
            "'''",
            "\u{ab}\u{bb}",
            "said",
            ", said",
            "said,",
            "\u{201c}\u{201d} he said",
            "\u{201c} \u{201d}, said",
            "he said:",
            ": \u{201c}",
            "according to",
            "According to",
            "quoted as saying",
            "\u{201c}a\u{201d}, ",
            "\u{1f642}\u{201c}\u{65e5}\u{672c}\u{201d}, \u{e9} said.",
            "Mr.",
            "U.S.",
            "(",
            ")",
            "\u{201c}x,\u{201d} \u{2014}",
            "\"a\" \"b\" \"c",
            "\u{2019}s",
            "\r\n\u{201c}a\r\n",
        ];
        for text in odd {
            for a in find_attributions(text) {
                for r in a
                    .content
                    .iter()
                    .chain(&a.cue)
                    .chain(&a.source)
                    .chain(&a.speaker)
                {
                    assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                    assert!(r.start <= r.end && r.end <= text.len());
                }
            }
        }
    }

    #[test]
    fn random_inputs_keep_ranges_on_char_boundaries() {
        let pieces = [
            "said",
            "he",
            "the",
            "official",
            "told",
            "according",
            "to",
            "Putin",
            "Mr.",
            "as",
            "saying",
            "quoted",
            ",",
            ".",
            ":",
            "\u{2014}",
            "(",
            ")",
            "\"",
            "\u{201c}",
            "\u{201d}",
            "\u{2018}",
            "\u{2019}",
            "'",
            "''",
            "\u{ab}",
            "\u{bb}",
            "\n",
            " ",
            "\u{e9}",
            "\u{65e5}",
            "\u{1f642}",
            "who",
            "and",
            "In",
            "a",
            "poll",
            "adding",
            "described",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..3_000 {
            let len = next() % 40;
            let mut text = String::new();
            for _ in 0..len {
                let i = usize::try_from(next() % pieces.len() as u64).unwrap_or(0);
                text.push_str(pieces[i]);
                if next() % 2 == 0 {
                    text.push(' ');
                }
            }
            for a in find_attributions(&text) {
                for r in a
                    .content
                    .iter()
                    .chain(&a.cue)
                    .chain(&a.source)
                    .chain(&a.speaker)
                {
                    assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                    assert!(r.start <= r.end && r.end <= text.len(), "{text:?}");
                }
            }
        }
    }
}
