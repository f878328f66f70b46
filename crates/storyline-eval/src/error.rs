//! Errors of the evaluation crate.

use std::path::PathBuf;

/// What can go wrong while loading evaluation data.
///
/// Malformed lines of a JSONL file are not errors: the loaders skip them and
/// report each one as a [`crate::Diagnostic`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    /// The file could not be opened or read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file that failed.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file was read but is not in the expected layout.
    #[error("{}: {message}", path.display())]
    Format {
        /// The file that is malformed.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
}
