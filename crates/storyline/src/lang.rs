//! Languages: which stemmer and stopword list a text gets, and how to tell the
//! language of a text that does not say (`whatlang`, trigram statistics).

use rust_stemmers::Algorithm;

/// A language storyline knows how to normalise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Language(usize);

struct Info {
    code: &'static str,
    name: &'static str,
    whatlang: whatlang::Lang,
    stemmer: Option<Algorithm>,
}

/// ISO 639-1 code, English name, whatlang's language, Snowball stemmer if any.
const TABLE: &[Info] = &[
    Info {
        code: "en",
        name: "english",
        whatlang: whatlang::Lang::Eng,
        stemmer: Some(Algorithm::English),
    },
    Info {
        code: "fr",
        name: "french",
        whatlang: whatlang::Lang::Fra,
        stemmer: Some(Algorithm::French),
    },
    Info {
        code: "de",
        name: "german",
        whatlang: whatlang::Lang::Deu,
        stemmer: Some(Algorithm::German),
    },
    Info {
        code: "es",
        name: "spanish",
        whatlang: whatlang::Lang::Spa,
        stemmer: Some(Algorithm::Spanish),
    },
    Info {
        code: "it",
        name: "italian",
        whatlang: whatlang::Lang::Ita,
        stemmer: Some(Algorithm::Italian),
    },
    Info {
        code: "pt",
        name: "portuguese",
        whatlang: whatlang::Lang::Por,
        stemmer: Some(Algorithm::Portuguese),
    },
    Info {
        code: "nl",
        name: "dutch",
        whatlang: whatlang::Lang::Nld,
        stemmer: Some(Algorithm::Dutch),
    },
    Info {
        code: "sv",
        name: "swedish",
        whatlang: whatlang::Lang::Swe,
        stemmer: Some(Algorithm::Swedish),
    },
    Info {
        code: "da",
        name: "danish",
        whatlang: whatlang::Lang::Dan,
        stemmer: Some(Algorithm::Danish),
    },
    Info {
        code: "fi",
        name: "finnish",
        whatlang: whatlang::Lang::Fin,
        stemmer: Some(Algorithm::Finnish),
    },
    Info {
        code: "hu",
        name: "hungarian",
        whatlang: whatlang::Lang::Hun,
        stemmer: Some(Algorithm::Hungarian),
    },
    Info {
        code: "ro",
        name: "romanian",
        whatlang: whatlang::Lang::Ron,
        stemmer: Some(Algorithm::Romanian),
    },
    Info {
        code: "ru",
        name: "russian",
        whatlang: whatlang::Lang::Rus,
        stemmer: Some(Algorithm::Russian),
    },
    Info {
        code: "tr",
        name: "turkish",
        whatlang: whatlang::Lang::Tur,
        stemmer: Some(Algorithm::Turkish),
    },
    Info {
        code: "el",
        name: "greek",
        whatlang: whatlang::Lang::Ell,
        stemmer: Some(Algorithm::Greek),
    },
    Info {
        code: "ar",
        name: "arabic",
        whatlang: whatlang::Lang::Ara,
        stemmer: Some(Algorithm::Arabic),
    },
    Info {
        code: "cs",
        name: "czech",
        whatlang: whatlang::Lang::Ces,
        stemmer: None,
    },
    Info {
        code: "pl",
        name: "polish",
        whatlang: whatlang::Lang::Pol,
        stemmer: None,
    },
    Info {
        code: "he",
        name: "hebrew",
        whatlang: whatlang::Lang::Heb,
        stemmer: None,
    },
    Info {
        code: "hi",
        name: "hindi",
        whatlang: whatlang::Lang::Hin,
        stemmer: None,
    },
    Info {
        code: "uk",
        name: "ukrainian",
        whatlang: whatlang::Lang::Ukr,
        stemmer: None,
    },
];

impl Default for Language {
    fn default() -> Self {
        Language::ENGLISH
    }
}

impl Language {
    /// English, the default.
    pub const ENGLISH: Language = Language(0);

    /// Position in the language table (a small, stable key).
    pub(crate) fn index(self) -> usize {
        self.0
    }

    fn info(self) -> &'static Info {
        &TABLE[self.0]
    }

    /// ISO 639-1 code ("en").
    pub fn code(self) -> &'static str {
        self.info().code
    }

    /// English name in lower case ("english"), as MultiLing files name languages.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The Snowball stemmer for this language, if there is one.
    pub fn stemmer(self) -> Option<Algorithm> {
        self.info().stemmer
    }

    /// A language from its ISO 639-1 code or English name, any case.
    pub fn parse(s: &str) -> Option<Language> {
        let s = s.trim().to_ascii_lowercase();
        TABLE
            .iter()
            .position(|i| i.code == s || i.name == s)
            .map(Language)
    }

    /// Every language storyline knows, as (code, name) pairs.
    pub fn all() -> impl Iterator<Item = (&'static str, &'static str)> {
        TABLE.iter().map(|i| (i.code, i.name))
    }

    /// The language of `text`, if it is one storyline knows and the detector is
    /// reasonably sure. Looks at the first 4 KiB.
    pub fn detect(text: &str) -> Option<Language> {
        let mut end = text.len().min(4096);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let info = whatlang::detect(&text[..end])?;
        if !info.is_reliable() && info.confidence() < 0.5 {
            return None;
        }
        TABLE
            .iter()
            .position(|i| i.whatlang == info.lang())
            .map(Language)
    }

    /// The most common detected language of several texts (English when none is
    /// detected).
    pub fn detect_majority<'a>(texts: impl IntoIterator<Item = &'a str>) -> Language {
        let mut counts = vec![0usize; TABLE.len()];
        for t in texts {
            if let Some(l) = Language::detect(t) {
                counts[l.0] += 1;
            }
        }
        let best = (0..TABLE.len())
            .max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))
            .unwrap_or(0);
        if counts[best] == 0 {
            Language::ENGLISH
        } else {
            Language(best)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_codes_and_names() {
        assert_eq!(Language::parse("EN"), Some(Language::ENGLISH));
        assert_eq!(Language::parse("arabic").map(Language::code), Some("ar"));
        assert_eq!(Language::parse("hi").map(Language::name), Some("hindi"));
        assert_eq!(Language::parse("klingon"), None);
        assert!(Language::parse("cs").is_some_and(|l| l.stemmer().is_none()));
    }

    #[test]
    fn detect_scripts_and_languages() {
        let fr = "Le président a annoncé mardi une nouvelle réforme des retraites, que les syndicats ont aussitôt rejetée.";
        assert_eq!(Language::detect(fr).map(Language::code), Some("fr"));
        let el = "Ο πρωθυπουργός ανακοίνωσε την Τρίτη νέα μέτρα για την οικονομία της χώρας.";
        assert_eq!(Language::detect(el).map(Language::code), Some("el"));
        let hi = "प्रधानमंत्री ने मंगलवार को देश की अर्थव्यवस्था के लिए नए उपायों की घोषणा की।";
        assert_eq!(Language::detect(hi).map(Language::code), Some("hi"));
        assert_eq!(Language::detect_majority(["", "12 34"]), Language::ENGLISH);
    }
}
