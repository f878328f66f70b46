//! The library's error type. Stages never fail on bad input (bad input becomes a
//! [`Diagnostic`](crate::Diagnostic)); `Error` is for the edges: reading files and
//! writing reports.

use std::sync::Arc;

/// Everything that can go wrong at storyline's edges.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    /// Reading an input path or writing an output failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory involved.
        path: String,
        /// The underlying I/O error (in an `Arc` so that `Error` stays `Clone`).
        #[source]
        source: Arc<std::io::Error>,
    },
    /// Serialising a report to JSON failed.
    #[error("cannot serialise the report: {0}")]
    Json(Arc<serde_json::Error>),
    /// A configuration value is out of its valid range.
    #[error("invalid configuration: {0}")]
    Config(String),
}

impl Error {
    /// Wrap an I/O error with the path it concerns.
    pub fn io(path: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source: Arc::new(source),
        }
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Json(Arc::new(e))
    }
}

/// `Result` with storyline's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
