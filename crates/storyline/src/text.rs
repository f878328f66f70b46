//! Words and their normalised forms, shared by fingerprinting, story detection and
//! summarisation.
//!
//! Normalisation maps the variants a copy editor (or a spinning tool) swaps for one
//! another onto one term, so that a copy with "Russian Federation" for "Russia" or
//! "USA" for "U.S." still matches: case is folded, dotted and spelled-out country
//! names are unified, possessives dropped, and words are stemmed (Snowball English).

use std::ops::Range;

use rust_stemmers::Stemmer;
use rustc_hash::FxHashSet;

use crate::lang::Language;
use crate::tokens::{Class, Lexeme, Lexer};

/// A normalised word: a 64-bit hash of its canonical form plus what later stages
/// need to know about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Term {
    /// Hash of the canonical (case-folded, unified, stemmed) form.
    pub id: u64,
    /// A function word ("the", "said", ...) that carries no topic.
    pub stop: bool,
    /// Written with a capital letter (a likely name), not counting sentence starts.
    pub capitalized: bool,
    /// Contains a digit ("165", "2016", "CRB-217").
    pub number: bool,
}

impl Term {
    /// A name or a number: what tells one event's sentence from another's of the same shape.
    pub fn distinctive(&self) -> bool {
        self.capitalized || self.number
    }
}

/// Combining marks that belong inside words: Latin diacritics written
/// separately, Devanagari vowel signs and viramas, Arabic harakat, Hebrew points.
fn is_combining_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0591}'..='\u{05BD}' | '\u{05BF}' | '\u{05C1}'..='\u{05C2}' | '\u{05C4}'..='\u{05C5}' | '\u{05C7}'
        | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}'
        | '\u{0900}'..='\u{0903}' | '\u{093A}'..='\u{094F}' | '\u{0951}'..='\u{0957}' | '\u{0962}'..='\u{0963}'
        | '\u{0981}'..='\u{0983}' | '\u{09BC}'..='\u{09D7}'
        | '\u{200C}'..='\u{200D}')
}

/// A character that can be part of a word: letters, digits and combining marks.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Byte ranges of the words of `s`: runs of letters, digits and combining marks
/// (any script), keeping internal apostrophes ("Obama's"), dotted acronyms
/// ("U.S.") and numbers ("1,750", "3.5"). Assembled from the lexemes of
/// [`crate::tokens`].
pub fn words(s: &str) -> Vec<Range<usize>> {
    words_from(s, Lexer::new(s))
}

/// [`words`] assembled from lexemes already made: `lexemes` are those of
/// `s` from some offset on (a sentence's lexemes in its article, with `s`
/// the article's text up to the sentence's end); ranges are offsets in `s`.
pub fn words_from(s: &str, lexemes: impl IntoIterator<Item = Lexeme>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut lexemes = lexemes.into_iter().peekable();
    // A lexeme that is part of a word: letters, digits, or one word character.
    let in_word = |l: &Lexeme| match l.class {
        Class::Letters | Class::Digits => true,
        Class::Other(c) => is_word_char(c),
    };
    let chars = |l: &Lexeme| s[l.start..l.end].chars().count();
    while let Some(first) = lexemes.next() {
        if !first.is_alphanumeric() {
            continue;
        }
        let start = first.start;
        let mut end = first.end;
        let mut prev_single_letter = first.class == Class::Letters;
        // Characters since the word's start or its last joiner.
        let mut run_len = chars(&first);
        while let Some(&l) = lexemes.peek().filter(|l| !l.space_before) {
            if in_word(&l) {
                end = l.end;
                run_len += chars(&l);
                lexemes.next();
                continue;
            }
            let c = l.other().unwrap_or(' ');
            // Joiners: keep going only if the next char after the joiner is a word char
            // (and, for dots, the word so far is a one-letter acronym part or a number).
            let next = s[l.end..].chars().next();
            let number_so_far = || {
                s[start..end]
                    .chars()
                    .all(|d| d.is_ascii_digit() || d == ',')
            };
            let joins = match c {
                '\'' | '’' => next.is_some_and(char::is_alphabetic),
                '.' => {
                    (prev_single_letter && run_len == 1 && next.is_some_and(char::is_alphabetic))
                        || (number_so_far() && next.is_some_and(|n| n.is_ascii_digit()))
                }
                ',' => number_so_far() && next.is_some_and(|n| n.is_ascii_digit()),
                _ => false,
            };
            if !joins {
                // A trailing dot of an acronym like "U.S." belongs to the word.
                if c == '.' && prev_single_letter && run_len == 1 && s[start..end].contains('.') {
                    end = l.end;
                    lexemes.next();
                }
                break;
            }
            lexemes.next();
            prev_single_letter = c == '.';
            run_len = 0;
            end = l.end;
        }
        out.push(start..end);
    }
    out
}

/// Is `lower` (an already lower-cased word) an English function word?
pub fn is_stopword(lower: &str) -> bool {
    crate::lexicon::english_stopwords().contains(lower)
}

/// Multi-word names that are unified to one canonical term (lower case, in order).
const PHRASES: &[(&[&str], &str)] = &[
    (&["united", "states", "of", "america"], "usa"),
    (&["russian", "federation"], "russia"),
    (&["united", "states"], "usa"),
    (&["united", "kingdom"], "uk"),
    (&["great", "britain"], "uk"),
    (&["united", "nations"], "un"),
    (&["european", "union"], "eu"),
    (&["people's", "republic", "of", "china"], "china"),
];

/// Canonical form of one lower-cased word, given how it was written.
fn canonical_word(lower: &str, original: &str) -> Option<&'static str> {
    let dotted = original.contains('.');
    let upper = original.len() > 1 && original.chars().all(|c| !c.is_lowercase());
    let undotted: String = lower.chars().filter(|&c| c != '.').collect();
    match undotted.as_str() {
        "usa" => Some("usa"),
        "us" if dotted || upper => Some("usa"),
        "america" => Some("usa"),
        "uk" if dotted || upper => Some("uk"),
        "britain" => Some("uk"),
        "un" if dotted || upper => Some("un"),
        "eu" if dotted || upper => Some("eu"),
        _ => None,
    }
}

/// Turns text into [`Term`]s for one language: its stopwords (storyline's own
/// list for English, the `stop-words` crate's ISO lists for the others) and its
/// Snowball stemmer where one exists. Cheap to share across threads.
pub struct Normalizer {
    language: Language,
    stemmer: Option<Stemmer>,
    /// `None`: the built-in English list.
    stopwords: Option<FxHashSet<String>>,
}

impl Default for Normalizer {
    fn default() -> Self {
        Normalizer::new(Language::ENGLISH)
    }
}

impl std::fmt::Debug for Normalizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Normalizer({})", self.language.name())
    }
}

impl Normalizer {
    /// A normalizer for `language`.
    pub fn new(language: Language) -> Self {
        let stopwords = (language != Language::ENGLISH).then(|| {
            stop_words::lookup(language.code())
                .unwrap_or_default()
                .iter()
                .map(|w| w.to_lowercase())
                .collect()
        });
        Normalizer {
            language,
            stemmer: language.stemmer().map(Stemmer::create),
            stopwords,
        }
    }

    /// The language this normalizer is for.
    pub fn language(&self) -> Language {
        self.language
    }

    fn is_stop(&self, lower: &str) -> bool {
        match &self.stopwords {
            Some(set) => set.contains(lower),
            None => is_stopword(lower),
        }
    }

    /// The canonical string of every word of `s`, in order (multi-word names
    /// collapsed to one entry). Mostly for tests and debugging; stages use [`terms`](Self::terms).
    pub fn canonical(&self, s: &str) -> Vec<String> {
        self.walk(s, |canon, _, _, _| canon.to_string())
    }

    /// The [`Term`]s of `s`, in order. Same result as hashing [`canonical`](Self::canonical),
    /// but each distinct word form is lower-cased, looked up and stemmed once per
    /// thread (a cache keyed by the form as written), which is most of the cost.
    pub fn terms(&self, s: &str) -> Vec<Term> {
        self.terms_of(s, &words(s))
    }

    /// [`terms`](Self::terms) of a sentence from its lexemes in its article's
    /// text ([`crate::tokens::Tokens::within`]), without lexing it again.
    pub fn terms_in(&self, text: &str, lexemes: &[Lexeme]) -> Vec<Term> {
        let Some(last) = lexemes.last() else {
            return Vec::new();
        };
        // The text ends where the sentence does, as if it were cut out.
        let s = &text[..last.end];
        self.terms_of(s, &words_from(s, lexemes.iter().copied()))
    }

    fn terms_of(&self, s: &str, spans: &[Range<usize>]) -> Vec<Term> {
        let mut out = Vec::with_capacity(spans.len());
        TERM_CACHE.with(|caches| {
            let mut caches = caches.borrow_mut();
            let lang = self.language.index();
            if caches.len() <= lang {
                caches.resize_with(lang + 1, Default::default);
            }
            let cache = &mut caches[lang];
            if cache.len() > MAX_CACHED_FORMS {
                cache.clear();
            }
            let mut i = 0;
            while i < spans.len() {
                if let Some((len, canon)) = phrase_at(s, spans, i) {
                    out.push(Term {
                        id: hash_str(canon),
                        stop: false,
                        capitalized: true,
                        number: false,
                    });
                    i += len;
                    continue;
                }
                let original = &s[spans[i].clone()];
                let word = match cache.get(original) {
                    Some(w) => *w,
                    None => {
                        let w = self.classify_word(original);
                        cache.insert(Box::from(original), w);
                        w
                    }
                };
                let capitalized = i > 0 && original.chars().next().is_some_and(char::is_uppercase);
                out.push(match word {
                    Word::Canonical(id) => Term {
                        id,
                        stop: false,
                        capitalized: true,
                        number: false,
                    },
                    Word::Stop(id) => Term {
                        id,
                        stop: true,
                        capitalized: false,
                        number: false,
                    },
                    Word::Content { id, number } => Term {
                        id,
                        stop: false,
                        capitalized,
                        number,
                    },
                });
                i += 1;
            }
        });
        out
    }

    /// What a word form is, independent of its position.
    fn classify_word(&self, original: &str) -> Word {
        let lower = lower_form(original);
        if let Some(canon) = canonical_word(&lower, original) {
            Word::Canonical(hash_str(canon))
        } else if self.is_stop(&lower) {
            Word::Stop(hash_str(&lower))
        } else {
            let number = lower.chars().any(|c| c.is_ascii_digit());
            let id = match &self.stemmer {
                Some(stemmer) => hash_str(&stemmer.stem(&lower)),
                None => hash_str(&lower),
            };
            Word::Content { id, number }
        }
    }

    fn walk<T>(&self, s: &str, mut emit: impl FnMut(&str, bool, bool, bool) -> T) -> Vec<T> {
        let spans = words(s);
        let lowers: Vec<String> = spans.iter().map(|r| lower_form(&s[r.clone()])).collect();
        let mut out = Vec::with_capacity(spans.len());
        let mut i = 0;
        while i < spans.len() {
            let original = &s[spans[i].clone()];
            let capitalized = i > 0 && original.chars().next().is_some_and(char::is_uppercase);
            if let Some((len, canon)) = PHRASES.iter().find_map(|(phrase, canon)| {
                let n = phrase.len();
                (i + n <= lowers.len()
                    && lowers[i..i + n]
                        .iter()
                        .zip(phrase.iter())
                        .all(|(a, b)| a == b))
                .then_some((n, *canon))
            }) {
                out.push(emit(canon, false, true, false));
                i += len;
                continue;
            }
            let lower = &lowers[i];
            let number = lower.chars().any(|c| c.is_ascii_digit());
            if let Some(canon) = canonical_word(lower, original) {
                out.push(emit(canon, false, true, false));
            } else if self.is_stop(lower) {
                out.push(emit(lower, true, false, false));
            } else if let Some(stemmer) = &self.stemmer {
                let stem = stemmer.stem(lower);
                out.push(emit(&stem, false, capitalized, number));
            } else {
                out.push(emit(lower, false, capitalized, number));
            }
            i += 1;
        }
        out
    }
}

/// A word form's class, cached per thread by [`Normalizer::terms`].
#[derive(Debug, Clone, Copy)]
enum Word {
    /// A unified name ("U.S." → usa): always counts as a name.
    Canonical(u64),
    /// A function word.
    Stop(u64),
    /// Any other word (stemmed).
    Content { id: u64, number: bool },
}

/// Word forms cached per thread before the cache is cleared (bounds memory).
const MAX_CACHED_FORMS: usize = 1 << 19;

thread_local! {
    /// One cache per language (indexed by `Language::index`).
    static TERM_CACHE: std::cell::RefCell<Vec<rustc_hash::FxHashMap<Box<str>, Word>>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Lower case without a possessive "'s", curly apostrophes made straight.
fn lower_form(w: &str) -> String {
    let w = w
        .strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .unwrap_or(w);
    w.to_lowercase().replace('’', "'")
}

/// A multi-word name of [`PHRASES`] starting at word `i`: its length in words and canonical term.
fn phrase_at(s: &str, spans: &[Range<usize>], i: usize) -> Option<(usize, &'static str)> {
    let first = &s[spans[i].clone()];
    // Cheap pre-check: every phrase starts with a word of at least 5 ASCII letters.
    if first.len() < 5 || !first.is_ascii() {
        return None;
    }
    // Phrase words are ASCII: an ASCII case-insensitive comparison (after the
    // possessive is dropped) equals comparing `lower_form`s, without allocating.
    let word_is = |k: usize, p: &str| {
        let w = &s[spans[k].clone()];
        let w = w
            .strip_suffix("'s")
            .or_else(|| w.strip_suffix("’s"))
            .unwrap_or(w);
        w.eq_ignore_ascii_case(p)
    };
    PHRASES.iter().find_map(|(phrase, canon)| {
        let n = phrase.len();
        (i + n <= spans.len() && phrase.iter().enumerate().all(|(k, p)| word_is(i + k, p)))
            .then_some((n, *canon))
    })
}

/// A fast, seeded-free, deterministic 64-bit string hash (FNV-1a folded through a
/// final mixer). Deterministic across runs and platforms, which the copy and story
/// stages rely on.
pub fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    mix64(h)
}

/// The SplitMix64 finaliser: spreads the bits of `x` over the whole word.
pub fn mix64(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Number of words in `s`, as the summary budget counts them (whitespace-separated).
pub fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<&str> {
        words(s).into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn words_keep_acronyms_numbers_and_possessives() {
        assert_eq!(
            w("The U.S. paid $1,750.50 to Obama’s aides, i.e. 3.5 percent."),
            [
                "The",
                "U.S.",
                "paid",
                "1,750.50",
                "to",
                "Obama’s",
                "aides",
                "i.e.",
                "3.5",
                "percent"
            ]
        );
        assert_eq!(w("war-torn Syria's"), ["war", "torn", "Syria's"]);
        assert_eq!(w("«Ça va», dit-il."), ["Ça", "va", "dit", "il"]);
        assert!(w("").is_empty());
        assert!(w("... — !!").is_empty());
    }

    #[test]
    fn cached_terms_equal_hashed_canonical_forms() {
        for lang in ["en", "fr", "cs"] {
            let n = Normalizer::new(Language::parse(lang).expect("lang"));
            for text in [
                "The Russian Federation and the U.S. said on Monday that Obama's aides met in the United States.",
                "Les négociations et la négociation, à Paris, le 5 mai 2016.",
                "US officials told us that 1,750 people in the UK and the United Kingdom were there.",
            ] {
                for _ in 0..2 {
                    let ids: Vec<u64> = n.terms(text).iter().map(|t| t.id).collect();
                    let canon: Vec<u64> = n.canonical(text).iter().map(|c| hash_str(c)).collect();
                    assert_eq!(ids, canon, "{lang}: {text}");
                }
            }
        }
    }

    #[test]
    fn words_in_other_scripts_keep_their_marks() {
        assert_eq!(
            w("प्रधानमंत्री ने घोषणा की।"),
            ["प्रधानमंत्री", "ने", "घोषणा", "की"]
        );
        assert_eq!(w("قال الرئيسُ إنّ"), ["قال", "الرئيسُ", "إنّ"]);
        assert_eq!(
            w("Ο πρωθυπουργός ανακοίνωσε"),
            ["Ο", "πρωθυπουργός", "ανακοίνωσε"]
        );
    }

    #[test]
    fn other_languages_use_their_stopwords_and_stemmers() {
        let fr = Normalizer::new(Language::parse("fr").expect("fr"));
        let t = fr.terms("Les négociations et la négociation");
        assert!(t[0].stop && t[2].stop && t[3].stop);
        assert_eq!(t[1].id, t[4].id, "French stemming");
        let cs = Normalizer::new(Language::parse("cs").expect("cs"));
        assert!(
            cs.terms("a vláda")[0].stop,
            "Czech stopwords without a stemmer"
        );
    }

    #[test]
    fn the_stopword_file_is_read_whole() {
        assert_eq!(crate::lexicon::english_stopwords().words().len(), 182);
        assert!(is_stopword("the") && is_stopword("said") && !is_stopword("putin"));
    }

    #[test]
    fn spun_country_names_normalise_to_one_term() {
        let n = Normalizer::default();
        let a = n.canonical("the Russia leader is playing a role in the U.S.");
        let b = n.canonical("the Russian Federation leader is playing a role in the USA");
        assert_eq!(a, b);
        let c = n.canonical("covered United States concerns");
        let d = n.canonical("covered US concerns");
        assert_eq!(c, d);
        // The pronoun "us" is not the country.
        assert_ne!(n.canonical("tell us")[1], "usa");
    }

    #[test]
    fn terms_flag_names_but_not_sentence_starts() {
        let n = Normalizer::default();
        let t = n.terms("Officials met Putin in Hangzhou");
        let caps: Vec<bool> = t.iter().map(|t| t.capitalized).collect();
        assert_eq!(caps, [false, false, true, false, true]);
        assert!(t[3].stop);
        // Stemming maps inflections together.
        assert_eq!(n.terms("negotiations")[0].id, n.terms("negotiation")[0].id);
    }
}
