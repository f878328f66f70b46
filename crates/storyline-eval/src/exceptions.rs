//! The irregular-form list ROUGE-1.5.5 consults before Porter stemming.
//!
//! With `-m`, ROUGE-1.5.5 first looks each token up in a database built from
//! the WordNet 2.0 morphological exception lists (`adj.exc`, `adv.exc`,
//! `noun.exc`, `verb.exc`: `children child`, `went go`, `said say`, ...) and
//! only Porter-stems tokens that are not listed. The lists are not bundled
//! with this crate; they ship with ROUGE-1.5.5 (`data/WordNet-2.0-Exceptions/`)
//! and with WordNet 2.0 (`dict/*.exc`). Without them, stemmed scores differ from
//! ROUGE's wherever an irregular form occurs.

use std::collections::HashMap;
use std::path::Path;

use crate::error::EvalError;

/// The four WordNet list files, in the order that reproduces the database
/// shipped with ROUGE-1.5.5 (a later file wins for a form listed twice, so
/// `best` and `better` map to `well`, as in that database).
pub const WORDNET_FILES: [&str; 4] = ["adj.exc", "adv.exc", "noun.exc", "verb.exc"];

/// Inflected forms mapped to the base form ROUGE uses instead of a Porter stem.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StemExceptions {
    /// Inflected form to base form.
    bases: HashMap<String, String>,
}

impl StemExceptions {
    /// An empty list (plain Porter stemming).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the lines of one exception file: whitespace-separated fields, the
    /// inflected form first and its base form second (further fields are
    /// ignored, as ROUGE does). Lines with fewer than two fields are skipped.
    /// A form already present is overwritten.
    pub fn add_exc_text(&mut self, text: &str) {
        for line in text.lines() {
            let mut fields = line.split_whitespace();
            if let (Some(form), Some(base)) = (fields.next(), fields.next()) {
                self.bases.insert(form.to_owned(), base.to_owned());
            }
        }
    }

    /// Reads the four WordNet lists ([`WORDNET_FILES`]) from `dir`, for
    /// example ROUGE-1.5.5's `data/WordNet-2.0-Exceptions` or WordNet 2.0's
    /// `dict`.
    pub fn load_wordnet_dir(dir: impl AsRef<Path>) -> Result<Self, EvalError> {
        let mut list = Self::new();
        for name in WORDNET_FILES {
            let path = dir.as_ref().join(name);
            let text =
                std::fs::read_to_string(&path).map_err(|source| EvalError::Io { path, source })?;
            list.add_exc_text(&text);
        }
        Ok(list)
    }

    /// The base form listed for `form`, if any.
    pub fn base(&self, form: &str) -> Option<&str> {
        self.bases.get(form).map(String::as_str)
    }

    /// Number of listed forms.
    pub fn len(&self) -> usize {
        self.bases.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.bases.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_entries_win_and_extra_fields_are_ignored() {
        let mut list = StemExceptions::new();
        list.add_exc_text("best good\nchildren child\naxes ax axis\nlonely\n");
        list.add_exc_text("best well\n");
        assert_eq!(list.base("best"), Some("well"));
        assert_eq!(list.base("children"), Some("child"));
        assert_eq!(list.base("axes"), Some("ax"));
        assert_eq!(list.base("lonely"), None);
        assert_eq!(list.len(), 3);
    }

    #[test]
    fn missing_directory_names_the_file() {
        let dir = std::env::temp_dir().join("storyline-eval-no-wordnet-here");
        let err = StemExceptions::load_wordnet_dir(&dir).expect_err("absent");
        assert!(err.to_string().contains("adj.exc"), "{err}");
    }
}
