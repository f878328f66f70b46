//! Plain data shared by the stages: articles, diagnostics, sentences.
//!
//! Every span is a byte range into [`Article::text`], so any sentence, kept
//! paragraph or removed line can be traced back to the exact source text.

use std::fmt;
use std::ops::Range;

/// One news article as read from the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Unique id within a run (file stem, JSONL `id`, or a generated one).
    pub id: String,
    /// Headline. For `.txt` input, the first non-empty line of the file.
    pub title: String,
    /// Body text (without the headline for `.txt` input). All spans index into it.
    pub text: String,
    /// Outlet name, when known (JSONL `source`, HTML site name).
    pub source: Option<String>,
    /// Canonical URL, when known.
    pub url: Option<String>,
    /// Publication time, when known.
    pub published: Option<Published>,
    /// Where the article came from: file and, for JSONL, line.
    pub origin: Origin,
}

impl Article {
    /// A minimal article, handy in tests and examples.
    pub fn new(id: impl Into<String>, title: impl Into<String>, text: impl Into<String>) -> Self {
        Article {
            id: id.into(),
            title: title.into(),
            text: text.into(),
            source: None,
            url: None,
            published: None,
            origin: Origin::default(),
        }
    }

    /// The outlet name if known, else the article id: what a citation shows.
    pub fn outlet(&self) -> &str {
        self.source.as_deref().unwrap_or(&self.id)
    }
}

/// When an article was published, and how precisely that is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Published {
    /// The instant (naive times are read as UTC; a bare date is its midnight UTC).
    pub at: jiff::Timestamp,
    /// Only the day is known, not the time.
    pub date_only: bool,
}

impl Published {
    /// Key for "who published first": by day, then a known time before a bare date
    /// of the same day (a bare date cannot claim to be earlier than 09:30), then time.
    pub fn order_key(&self) -> (i64, bool, jiff::Timestamp) {
        (
            self.at.as_second().div_euclid(86_400),
            self.date_only,
            self.at,
        )
    }
}

impl fmt::Display for Published {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.date_only {
            write!(f, "{}", self.at.strftime("%Y-%m-%d"))
        } else {
            write!(f, "{}", self.at)
        }
    }
}

/// Where an article was read from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// Path of the input file as given (or found under a given directory).
    pub path: String,
    /// 1-based line number for JSONL input.
    pub line: Option<usize>,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.path, line),
            None => f.write_str(&self.path),
        }
    }
}

/// How serious a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Input was read, but something was repaired or guessed (e.g. invalid UTF-8 replaced).
    Warning,
    /// Input was skipped (e.g. a malformed JSON line, an empty article).
    Error,
}

impl Severity {
    /// Lower-case name as used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A problem with one piece of input: which file, which line, what happened.
/// Diagnostics are data: the rest of the input is still processed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// File (or directory) concerned.
    pub path: String,
    /// 1-based line, when the problem is on one line.
    pub line: Option<usize>,
    /// Whether the input was skipped or only repaired.
    pub severity: Severity,
    /// What happened, in words a user understands.
    pub message: String,
}

impl Diagnostic {
    /// An error: the input named was skipped.
    pub fn error(path: impl Into<String>, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    /// A warning: the input was read but repaired or guessed.
    pub fn warning(
        path: impl Into<String>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, message)
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: ", self.path, line)?,
            None => write!(f, "{}: ", self.path)?,
        }
        write!(f, "{}: {}", self.severity.as_str(), self.message)
    }
}

/// A sentence of an article, after cleaning and segmentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Index of the article in the input slice.
    pub article: usize,
    /// Position of the sentence within its article (0-based, kept sentences only).
    pub position: usize,
    /// Byte range into the article's text.
    pub span: Range<usize>,
}
