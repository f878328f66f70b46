//! The scoring settings of ROUGE, shared by the tokenizer and the scorer
//! (each reads them; neither owns them).

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::exceptions::StemExceptions;

/// Scoring settings, named after the ROUGE-1.5.5 command-line options.
///
/// [`RougeConfig::default`] is the TAC 2008-2011 setting: stemming (`-m`),
/// no length limit, ROUGE-SU4 (`-2 4 -u`), model average (`-f A`) with
/// leave-one-out jackknifing over the references, `alpha = 0.5` (`-p 0.5`).
/// For stemmed scores identical to ROUGE's, also set
/// [`RougeConfig::stem_exceptions`] to the WordNet exception lists.
/// [`RougeConfig::multiling2011`] is a plain ROUGE-1.5.5 run without stemming
/// or jackknifing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RougeConfig {
    /// Stem tokens longer than three characters (`-m`), with
    /// [`RougeConfig::stem_exceptions`] first and the Porter stemmer for the
    /// rest.
    pub stem: bool,
    /// Irregular forms ROUGE-1.5.5 maps to a base form instead of stemming
    /// (its WordNet exception database). `None` means Porter stemming only,
    /// which differs from ROUGE for forms such as `said`, `were`, `children`.
    #[serde(skip)]
    pub stem_exceptions: Option<Arc<StemExceptions>>,
    /// Keep only the first N raw words of the peer and of each model (`-l N`);
    /// `None` or `Some(0)` means no limit.
    pub word_limit: Option<usize>,
    /// Largest number of words allowed between the two words of a skip
    /// bigram (`-2 N`); `usize::MAX` means unlimited (ROUGE's `-2 -1`).
    pub max_skip: usize,
    /// Add unigrams to the skip-bigram counts, giving ROUGE-SU (`-u`).
    pub skip_unigrams: bool,
    /// With more than one reference, score against every leave-one-out subset
    /// of the references and average recall, precision and F over the
    /// subsets, as NIST did for DUC and TAC by running ROUGE-1.5.5 once per
    /// subset. ROUGE-1.5.5 itself (`-f A`) pools all references and does not
    /// jackknife; MultiLing 2011 did not either.
    pub jackknife: bool,
    /// Weight of precision in the F measure (`-p`): `F = PR / ((1-a)P + aR)`,
    /// so 0.5 is the balanced F1. Meant to lie in `0.0..=1.0`.
    pub alpha: f64,
    /// Tokenize for any script instead of ROUGE-1.5.5's `[a-z0-9]` only:
    /// Unicode lower case, words are runs of letters, digits and combining
    /// marks (Arabic, Devanagari, Greek, Hebrew, accented Latin are kept as
    /// written). Stemming then applies to pure `[a-z]` tokens only.
    #[serde(default)]
    pub unicode: bool,
}

impl Default for RougeConfig {
    fn default() -> Self {
        Self {
            stem: true,
            stem_exceptions: None,
            word_limit: None,
            max_skip: 4,
            skip_unigrams: true,
            jackknife: true,
            alpha: 0.5,
            unicode: false,
        }
    }
}

impl RougeConfig {
    /// The settings of the published MultiLing 2011 pilot scores: ROUGE-1.5.5
    /// `-a -x -2 4 -u -c 95 -r 1000 -n 2 -f A -p 0.5 -t 0 -d`, that is no
    /// stemming, no length limit, ROUGE-SU4, model average without
    /// jackknifing.
    pub fn multiling2011() -> Self {
        Self {
            stem: false,
            jackknife: false,
            ..Self::default()
        }
    }
}
