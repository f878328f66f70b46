//! ROUGE scoring for storyline that reproduces ROUGE-1.5.5 as DUC, TAC and
//! MultiLing ran it.
//!
//! * [`tokenize`] follows ROUGE-1.5.5 for English: ASCII lowercase, every
//!   character outside `[a-z0-9]` is a word break, optional stemming of
//!   tokens longer than three characters (ROUGE's irregular-form list
//!   [`StemExceptions`] if supplied, else the Porter stemmer in [`porter`]),
//!   optional word limit.
//! * [`score`] gives ROUGE-1, ROUGE-2 and ROUGE-SU4 of one peer summary
//!   against several references, with ROUGE's clipped counts and model-average
//!   formula (`-f A`), optionally jackknifed over the references.
//! * [`macro_average`] averages per-summary scores, as ROUGE does over an
//!   evaluation set.
//! * [`load_clusters`] and [`load_system_summaries`] read the JSONL data.
//! * [`bcubed`] and [`adjusted_rand_index`] score a story clustering against gold labels.
//! * [`attribution`] scores quote attribution against PolNeAR-style gold.
//! * [`extraction`] scores web-page extraction: article bodies as scrapinghub's
//!   article-extraction-benchmark does, publication days as htmldate's evaluation does.
//!
//! Per-summary recall and precision equal ROUGE-1.5.5's printed values (five
//! decimals) for ROUGE-1, ROUGE-2 and ROUGE-SU4, with and without stemming
//! (stemming with the WordNet lists loaded into [`StemExceptions`]), word
//! limits, other skip distances and `alpha`; F can differ in the fifth
//! decimal because ROUGE computes it from its rounded recall and precision.
//! The `multiling_published` test reproduces the published MultiLing 2011
//! averages.
//!
//! ```
//! use storyline_eval::{macro_average, score, RougeConfig};
//!
//! let cfg = RougeConfig::default(); // TAC: stemming, SU4, jackknifing
//! let refs = ["The quake hit Chile on Saturday.", "A strong earthquake struck Chile."];
//! let one = score("An earthquake hit Chile.", &refs, &cfg);
//! let avg = macro_average(&[one]);
//! assert!(avg.rouge1.recall > 0.0 && avg.rouge2.f <= 1.0);
//! ```
#![warn(missing_docs)]

pub mod attribution;
pub mod clustering;
mod config;
mod data;
mod error;
mod exceptions;
pub mod extraction;
mod marks;
pub mod porter;
mod rouge;
mod tokenize;

pub use clustering::{adjusted_rand_index, bcubed, BCubed};
pub use data::{
    load_clusters, load_system_summaries, Cluster, Diagnostic, Document, Loaded, SystemSummary,
};
pub use error::EvalError;
pub use exceptions::{StemExceptions, WORDNET_FILES};
pub use rouge::{
    macro_average, score, score_rouge_n, score_rouge_s, Prf, RougeConfig, RougeScores,
};
pub use tokenize::tokenize;
