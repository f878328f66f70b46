//! Word tables shared by the stages that read running text, loaded once from
//! the data files in `crates/storyline/data/`.
//!
//! Today: month names (`data/month-names.txt`, Unicode CLDR 47 plus common
//! spellings CLDR lacks; its header gives origin, licence and the script that
//! generates it). The sentence splitter, the boilerplate rules, the time
//! expressions of running text and the dates of web pages all read months
//! here, instead of each keeping a list. Also the sentence splitter's
//! abbreviations and sentence openers (`data/sentence-abbreviations.txt`) and
//! the English function words (`data/english-stopwords.txt`), as
//! [`WordList`]s.

use std::collections::HashMap;
use std::sync::OnceLock;

/// A month name as the data file lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Month {
    /// 1 (January) to 12.
    pub number: u8,
    /// The row's first name, the wide form ("january"); otherwise an
    /// abbreviation or other spelling ("jan", "sept").
    pub wide: bool,
}

/// The names of the data file, lower-case: all languages, and English alone
/// (a spelling can be shared by languages: "sept" is English and French).
struct Months {
    all: HashMap<String, Month>,
    english: HashMap<String, Month>,
}

fn table() -> &'static Months {
    static TABLE: OnceLock<Months> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Months {
            all: HashMap::new(),
            english: HashMap::new(),
        };
        let mut rows_seen: Vec<(&str, u8)> = Vec::new();
        for line in include_str!("../data/month-names.txt").lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(lang), Some(num), Some(names)) = (cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            let Ok(number) = num.trim().parse::<u8>() else {
                continue;
            };
            // Later rows ("not in CLDR") add spellings; they never replace a
            // row's wide name.
            let first_row = !rows_seen.contains(&(lang, number));
            rows_seen.push((lang, number));
            for (k, name) in names.split(' ').filter(|n| !n.is_empty()).enumerate() {
                let month = Month {
                    number,
                    wide: first_row && k == 0,
                };
                let name = name.to_lowercase();
                if lang == "en" {
                    t.english.entry(name.clone()).or_insert(month);
                }
                t.all.entry(name).or_insert(month);
            }
        }
        t
    })
}

fn lookup(map: &HashMap<String, Month>, word: &str) -> Option<Month> {
    if word.is_empty() || word.len() > 24 {
        return None;
    }
    if word.bytes().all(|b| b.is_ascii_lowercase()) {
        return map.get(word).copied();
    }
    map.get(&word.to_lowercase()).copied()
}

/// The month a word names in any language of the data file (case ignored;
/// the word as written, without a final dot).
pub fn month(word: &str) -> Option<Month> {
    lookup(&table().all, word)
}

/// The month an English word names (case ignored: "June", "jun", "SEPT").
pub fn english_month(word: &str) -> Option<Month> {
    lookup(&table().english, word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_months_wide_and_short() {
        assert_eq!(
            english_month("January"),
            Some(Month {
                number: 1,
                wide: true
            })
        );
        assert_eq!(
            english_month("may").map(|m| (m.number, m.wide)),
            Some((5, true))
        );
        for (w, n) in [("jan", 1), ("Sept", 9), ("SEP", 9), ("jun", 6), ("Dec", 12)] {
            assert_eq!(
                english_month(w).map(|m| (m.number, m.wide)),
                Some((n, false)),
                "{w}"
            );
        }
        assert_eq!(english_month("Monday"), None);
        // German is in the file, but not English.
        assert_eq!(english_month("Dezember"), None);
        assert_eq!(month("Dezember").map(|m| m.number), Some(12));
        // English has twelve wide names and every month an abbreviation but May.
        let wide = (1..=12)
            .filter(|&n| table().english.values().any(|m| m.number == n && m.wide))
            .count();
        assert_eq!(wide, 12);
    }
}

/// A list of words from a data file, sorted for binary search.
#[derive(Debug, Default)]
pub struct WordList(Vec<&'static str>);

impl WordList {
    /// The words of `lines`: one per line, `#` comment lines and blank lines
    /// skipped, surrounding whitespace trimmed.
    fn of(lines: impl Iterator<Item = &'static str>) -> WordList {
        let mut words: Vec<&'static str> = lines
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        words.sort_unstable();
        words.dedup();
        WordList(words)
    }

    /// Whether `word` is listed (case-sensitive).
    pub fn contains(&self, word: &str) -> bool {
        self.0.binary_search(&word).is_ok()
    }

    /// The words, sorted.
    pub fn words(&self) -> &[&'static str] {
        &self.0
    }
}

/// The lines of `[section]` of a data file with sections (empty when it is
/// missing).
fn section(text: &'static str, name: &str) -> impl Iterator<Item = &'static str> {
    let header = format!("[{name}]");
    text.lines()
        .skip_while(move |l| l.trim() != header)
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with('['))
}

/// The sentence splitter's lists (`data/sentence-abbreviations.txt`).
#[derive(Debug)]
pub struct Abbreviations {
    /// A period after the word never ends a sentence ("Mr.").
    pub never: WordList,
    /// A period after the word does not end a sentence before a number ("No. 1").
    pub before_number: WordList,
    /// A period after the word ends a sentence only before a sentence opener.
    pub ambiguous: WordList,
    /// Common sentence openers.
    pub starters: WordList,
}

/// The sentence splitter's lists, parsed once.
pub fn abbreviations() -> &'static Abbreviations {
    static LISTS: OnceLock<Abbreviations> = OnceLock::new();
    LISTS.get_or_init(|| {
        let text = include_str!("../data/sentence-abbreviations.txt");
        Abbreviations {
            never: WordList::of(section(text, "never")),
            before_number: WordList::of(section(text, "before-number")),
            ambiguous: WordList::of(section(text, "ambiguous")),
            starters: WordList::of(section(text, "starters")),
        }
    })
}

/// English function words (`data/english-stopwords.txt`), parsed once.
pub fn english_stopwords() -> &'static WordList {
    static LIST: OnceLock<WordList> = OnceLock::new();
    LIST.get_or_init(|| WordList::of(include_str!("../data/english-stopwords.txt").lines()))
}
