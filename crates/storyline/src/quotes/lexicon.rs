//! The lexicon: the lexical flags of words (cue verbs, pronouns, titles,
//! roles, time words ...) and the word lists single rules read, loaded once
//! from `data/attribution-cues.tsv`.
//!
//! The flags and the names of the lists are the schema and live here; the
//! words live in the data file, one row per word with the names of its groups
//! (see its header for what each group means and how to add a word). The
//! file is parsed strictly: the tests fail on an unknown group name.

use rustc_hash::FxHashMap;
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

/// The group names of the data file, each with its flag, in bit order.
const GROUPS: &[(&str, u32)] = &[
    ("CUE", CUE),
    ("CUE_OBJ", CUE_OBJ),
    ("CUE_AS", CUE_AS),
    ("CUE_INV", CUE_INV),
    ("PARTICIPLE", PARTICIPLE),
    ("WEAK", WEAK),
    ("DET", DET),
    ("PRON", PRON),
    ("SKIP", SKIP),
    ("STOP", STOP),
    ("TITLE", TITLE),
    ("ROLE", ROLE),
    ("NONPERSON", NONPERSON),
    ("TIME", TIME),
    ("VENUE", VENUE),
    ("ABBR", ABBR),
    ("LINK", LINK),
    ("CLAUSE", CLAUSE),
    ("INV_ONLY", INV_ONLY),
    ("MEDIA", MEDIA),
    ("THINK", THINK),
    ("NEST", NEST),
    ("NOUN_CUE", NOUN_CUE),
    ("STANCE_VERB", STANCE_VERB),
    ("FINDING_VERB", FINDING_VERB),
];

/// A word list that one rule reads whole, comparing each word ASCII
/// case-insensitively (rather than a flag on the tokens of the word).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum List {
    /// A noun naming a stretch of time: "in the early morning hours".
    TimeNoun,
    /// A noun of a frame opening a sentence: "In a new poll, ...".
    Frame,
    /// A frame of what a speaker says, not of what a study finds.
    SpeechFrame,
    /// A share of people that speaks for them: "a majority of Republicans".
    Share,
    /// A noun of a poll or data whose finding is an attribution: "Polls show".
    Finder,
    /// An irregular finite verb of a clause: "wrote", "told".
    IrregularVerb,
    /// A verb leading to an infinitive that still reports speech: "went on to say".
    InfinitiveLead,
    /// A word before a quoted title of a work: "on", "book", "titled".
    TitleBefore,
    /// A small word inside a quoted title: "of", "the".
    TitleSmall,
}

/// The list names of the data file, in the order of [`List`].
const LISTS: &[(&str, List)] = &[
    ("TIME_NOUN", List::TimeNoun),
    ("FRAME", List::Frame),
    ("SPEECH_FRAME", List::SpeechFrame),
    ("SHARE", List::Share),
    ("FINDER", List::Finder),
    ("IRREGULAR_VERB", List::IrregularVerb),
    ("INFINITIVE_LEAD", List::InfinitiveLead),
    ("TITLE_BEFORE", List::TitleBefore),
    ("TITLE_SMALL", List::TitleSmall),
];

/// The word lists: one row per word with its groups (see the file's header).
const DATA: &str = include_str!("../../data/attribution-cues.tsv");

/// Words with flags.
type Flags = FxHashMap<&'static [u8], u32>;

/// The data file read: the flags of each word, and the words of each list.
struct Lexicon {
    flags: Flags,
    lists: Vec<Vec<&'static str>>,
}

/// The longest word in the lexicon, in bytes.
pub(super) const LONGEST: usize = 16;

/// The flags and the lists (as bits by [`List`] index) of a group list
/// ("CUE CUE_INV TIME_NOUN"), or the first unknown or repeated name.
fn groups(list: &str) -> Result<(u32, u32), String> {
    let (mut flags, mut lists) = (0, 0);
    for name in list.split(' ') {
        let (set, bit) = if let Some(&(_, flag)) = GROUPS.iter().find(|(n, _)| *n == name) {
            (&mut flags, flag)
        } else if let Some(i) = LISTS.iter().position(|(n, _)| *n == name) {
            (&mut lists, 1 << i)
        } else {
            return Err(format!("unknown group {name:?}"));
        };
        if *set & bit != 0 {
            return Err(format!("group {name} twice"));
        }
        *set |= bit;
    }
    Ok((flags, lists))
}

/// Parses the data file strictly: every row a word (ASCII, no uppercase
/// letters or spaces, at most [`LONGEST`] bytes, not seen before), its
/// groups, and optionally the groups of those chosen on PolNeAR train.
fn parse(data: &'static str) -> Result<Lexicon, String> {
    let mut map = Flags::default();
    let mut lists = vec![Vec::new(); LISTS.len()];
    let mut seen = std::collections::HashSet::new();
    for (n, line) in data.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let at = |e: String| format!("attribution-cues.tsv line {}: {e}", n + 1);
        let cols: Vec<&str> = line.split('\t').collect();
        let (word, list, chosen) = match cols[..] {
            [w, g] => (w, g, None),
            [w, g, c] => (w, g, Some(c)),
            _ => return Err(at(format!("{} columns, not 2 or 3", cols.len()))),
        };
        let plain = word
            .bytes()
            .all(|b| b.is_ascii_graphic() && !b.is_ascii_uppercase());
        if word.is_empty() || word.len() > LONGEST || !plain {
            return Err(at(format!("bad word {word:?}")));
        }
        let (flags, in_lists) = groups(list).map_err(at)?;
        if let Some(c) = chosen {
            let (c, l) = groups(c).map_err(at)?;
            if c & !flags != 0 || l != 0 {
                return Err(at(format!("{word}: chosen groups not among its flags")));
            }
        }
        if !seen.insert(word) {
            return Err(at(format!("{word} listed twice")));
        }
        if flags != 0 {
            map.insert(word.as_bytes(), flags);
        }
        for (i, words) in lists.iter_mut().enumerate() {
            if in_lists & (1 << i) != 0 {
                words.push(word);
            }
        }
    }
    Ok(Lexicon { flags: map, lists })
}

/// The lexicon: a map from lowercase word to flags and the lists, built once.
fn lexicon() -> &'static Lexicon {
    static MAP: OnceLock<Lexicon> = OnceLock::new();
    // The file is part of the build and its tests parse it, so this holds.
    MAP.get_or_init(|| parse(DATA).unwrap_or_else(|e| panic!("{e}")))
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
    lexicon()
        .flags
        .get(&buf[..bytes.len()])
        .copied()
        .unwrap_or(0)
}

/// The words of `list`, lowercase.
pub(super) fn words(list: List) -> &'static [&'static str] {
    &lexicon().lists[list as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_file_parses_strictly() {
        let lex = parse(DATA).unwrap_or_else(|e| panic!("{e}"));
        assert!(lex.flags.len() > 1000, "{}", lex.flags.len());
        for (i, &(name, list)) in LISTS.iter().enumerate() {
            assert_eq!(list as usize, i, "{name} out of order");
            assert!(!words(list).is_empty(), "{name}");
        }
        assert!(words(List::TimeNoun).contains(&"hours"));
        // "wrote" is one row with all its groups.
        assert_eq!(flags_of("Wrote"), CUE | CUE_INV | INV_ONLY | MEDIA);
        assert_eq!(flags_of("said"), CUE | CUE_INV | STOP | NEST);
    }

    #[test]
    fn unknown_groups_and_malformed_rows_are_errors() {
        assert!(parse("said\tCUE NEST\n# note\n").is_ok());
        for bad in [
            "said\tCUE SPEECH\n",
            "said\tcue\n",
            "said\tCUE  NEST\n",
            "said\tCUE CUE\n",
            "said\t\n",
            "said\n",
            "Said\tCUE\n",
            "said\tCUE\nsaid\tNEST\n",
            "said\tCUE\tNEST\n",
            "said\tCUE\tCUE\textra\n",
            "said\tCUE TIME_NOUN\tTIME_NOUN\n",
            "hours\tTIME_NOUN TIME_NOUN\n",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }
}
