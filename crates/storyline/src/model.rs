//! Plain data shared by the stages: articles, diagnostics, sentences.
//!
//! Every span is a byte range into [`Article::text`], so any sentence, kept
//! paragraph or removed line can be traced back to the exact source text.

use std::fmt;
use std::ops::Range;

/// One news article as read from the input.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
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
    /// Language the input declares for this article (`<html lang>`, a feed's
    /// language, a JSONL `lang`), as written there; `None` when nothing says.
    pub lang: Option<String>,
    /// How the article was obtained: reader, extractor, the source of each
    /// metadata field, and what a page said beyond the core fields.
    pub provenance: Provenance,
    /// Lines of [`Article::text`] that the input's own structure marks as page
    /// furniture (a `<figcaption>`, a "related stories" list inside the
    /// article), each with its reason. Cleaning removes them whatever its line
    /// rules say. Spans are byte ranges into `text`, in text order.
    pub marked: Vec<crate::clean::Removed>,
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
            lang: None,
            provenance: Provenance::default(),
            marked: Vec::new(),
        }
    }

    /// The outlet name if known, else the article id: what a citation shows.
    pub fn outlet(&self) -> &str {
        self.source.as_deref().unwrap_or(&self.id)
    }
}

/// When an article was published, and how precisely that is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Published {
    /// The instant (naive times are read as UTC; a bare date is its midnight UTC).
    pub at: jiff::Timestamp,
    /// Only the day is known, not the time.
    pub date_only: bool,
    /// The UTC offset the source wrote the time in (`+02:00`), when it gave
    /// one; shown back in that zone. `None` for bare dates and naive times.
    #[serde(with = "offset_seconds")]
    pub offset: Option<jiff::tz::Offset>,
}

/// An optional UTC offset as its seconds east of UTC (jiff's `Offset` has no
/// serde form of its own).
mod offset_seconds {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(o: &Option<jiff::tz::Offset>, s: S) -> Result<S::Ok, S::Error> {
        o.map(jiff::tz::Offset::seconds).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<jiff::tz::Offset>, D::Error> {
        Option::<i32>::deserialize(d)?
            .map(|secs| jiff::tz::Offset::from_seconds(secs).map_err(serde::de::Error::custom))
            .transpose()
    }
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

impl Published {
    /// A time known to the second or better, without a known zone.
    pub fn timed(at: jiff::Timestamp) -> Published {
        Published {
            at,
            date_only: false,
            offset: None,
        }
    }

    /// A bare day, held as its midnight UTC.
    pub fn day(at: jiff::Timestamp) -> Published {
        Published {
            at,
            date_only: true,
            offset: None,
        }
    }
}

impl fmt::Display for Published {
    /// RFC 3339: a bare date as `YYYY-MM-DD`, a time in the zone it was
    /// written in (`2016-09-05T12:00:00+02:00`), else in UTC (`...Z`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.date_only {
            write!(f, "{}", self.at.strftime("%Y-%m-%d"))
        } else if let Some(offset) = self.offset.filter(|o| o.seconds() != 0) {
            write!(f, "{}", self.at.display_with_offset(offset))
        } else {
            write!(f, "{}", self.at)
        }
    }
}

/// Where an article and its fields came from. Empty for articles built in
/// code; the readers fill it in.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Provenance {
    /// The reader: `txt`, `jsonl`, `html`, `warc`, `rss`, `atom`, `json-feed`,
    /// `api` (empty when unknown).
    pub format: String,
    /// The main-text extractor of a web page, when one ran.
    pub extractor: Option<String>,
    /// For each filled metadata field (`title`, `published`, `modified`,
    /// `source`, `url`, `authors`, `lang`), where its value came from:
    /// `json-ld`, `opengraph`, `meta:<name>`, `time`, `url`, `text`,
    /// `title-tag`, `canonical`, `host`, `feed`, `front-matter`, `jsonl`,
    /// `warc`. Sorted by field.
    pub sources: Vec<(String, String)>,
    /// When the page says it was last modified.
    pub modified: Option<Published>,
    /// Authors as the page names them.
    pub authors: Vec<String>,
    /// When a crawler fetched the page (`WARC-Date`): a crawl time, never a
    /// publication time.
    pub crawled: Option<jiff::Timestamp>,
    /// The article is only a teaser (a feed item without its full text).
    pub teaser: bool,
}

impl Provenance {
    /// Record where `field` came from (replacing an earlier record).
    pub fn set_source(&mut self, field: &str, source: &str) {
        match self
            .sources
            .binary_search_by(|(f, _)| f.as_str().cmp(field))
        {
            Ok(i) => self.sources[i].1 = source.to_string(),
            Err(i) => self
                .sources
                .insert(i, (field.to_string(), source.to_string())),
        }
    }

    /// Where `field` came from, if recorded.
    pub fn source_of(&self, field: &str) -> Option<&str> {
        self.sources
            .binary_search_by(|(f, _)| f.as_str().cmp(field))
            .ok()
            .map(|i| self.sources[i].1.as_str())
    }
}

/// Where an article was read from.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Origin {
    /// Path of the input file as given (or found under a given directory).
    pub path: String,
    /// 1-based line number for JSONL input.
    pub line: Option<usize>,
    /// 1-based record number in a web archive, or item number in a feed.
    pub record: Option<usize>,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(record) = self.record {
            write!(f, " record {record}")?;
        }
        Ok(())
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
    /// 1-based record of a web archive or item of a feed, when the problem is
    /// in one.
    pub record: Option<usize>,
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
            record: None,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    /// The same diagnostic, placed in record (or feed item) `record`.
    pub fn in_record(mut self, record: usize) -> Self {
        self.record = Some(record);
        self
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
        if let Some(record) = self.record {
            write!(f, "record {record}: ")?;
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
