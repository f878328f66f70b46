//! # storyline-follow
//!
//! Follow news feeds live into the story store: poll each feed, fetch the
//! page of every new item whose feed carries only a teaser, extract its text
//! and metadata, and ingest in batches into the same database that
//! `storyline ingest` writes and `storyline serve` reads.
//!
//! Politely: robots.txt is honoured ([`robots`]), a host gets one request at
//! a time with a pause between them ([`queue`]), `Retry-After` and 429/503
//! are obeyed, failing feeds back off exponentially, and each feed's poll
//! interval follows how often it publishes (within the bounds set).
//!
//! State lives in the database (see `storyline_store::Feed` and
//! `storyline_store::Item`): a restart resumes without refetching or
//! storing twice.

#![warn(missing_docs)]

pub mod http;
pub mod queue;
pub mod robots;
mod run;
pub mod sources;
pub mod url;
mod worker;

use std::time::Duration;

pub use run::{follow, next_interval};
pub use sources::read_sources;

use storyline::Severity;

/// How to follow.
#[derive(Debug, Clone)]
pub struct FollowConfig {
    /// The HTTP client's settings.
    pub http: http::HttpConfig,
    /// Pause between two requests to one host (a robots.txt `Crawl-delay`
    /// that is longer wins).
    pub delay: Duration,
    /// Shortest poll interval of a feed.
    pub min_interval: Duration,
    /// Longest poll interval of a feed.
    pub max_interval: Duration,
    /// Requests in flight at once (to different hosts).
    pub workers: usize,
    /// Articles per ingest transaction.
    pub batch: usize,
    /// Longest time an article waits for its batch.
    pub batch_wait: Duration,
    /// Tries of a page that fails in a way that may pass (timeouts, 5xx).
    pub max_attempts: i64,
    /// Poll every feed once, store what it brings, and return.
    pub once: bool,
}

impl Default for FollowConfig {
    fn default() -> Self {
        FollowConfig {
            http: http::HttpConfig::default(),
            delay: Duration::from_secs(2),
            min_interval: Duration::from_secs(5 * 60),
            max_interval: Duration::from_secs(6 * 3600),
            workers: 8,
            batch: 1000,
            batch_wait: Duration::from_secs(10),
            max_attempts: 3,
            once: false,
        }
    }
}

/// What happened, for progress and logs.
#[derive(Debug, Clone)]
pub enum Event {
    /// A feed was polled.
    Polled {
        /// The feed.
        feed: String,
        /// 200 or 304.
        status: u16,
        /// Items in the feed.
        items: usize,
        /// Items not seen before.
        new: usize,
    },
    /// A batch was stored.
    Stored {
        /// New articles.
        added: usize,
        /// Articles whose text was already stored.
        duplicates: usize,
        /// Stories created or changed.
        stories_changed: usize,
    },
    /// Something went wrong with a feed or one of its pages.
    Problem {
        /// The feed.
        feed: String,
        /// The URL concerned (the feed's, or a page's).
        url: String,
        /// Error (the feed or page gave nothing) or warning.
        severity: Severity,
        /// What.
        message: String,
    },
}

/// Counts of one run.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Feed polls.
    pub polls: u64,
    /// Polls answered 304.
    pub not_modified: u64,
    /// Polls that failed.
    pub feed_errors: u64,
    /// Pages fetched and extracted.
    pub pages: u64,
    /// Items already known.
    pub seen: u64,
    /// Articles stored.
    pub stored: u64,
    /// Articles whose text was already stored.
    pub duplicates: u64,
    /// Items whose page failed.
    pub failed: u64,
    /// Items robots.txt kept us from.
    pub blocked: u64,
    /// HTTP requests, robots.txt included.
    pub requests: u64,
    /// Body bytes received.
    pub bytes: u64,
    /// Worker time spent on requests and extraction.
    pub work: Duration,
    /// Worker time spent waiting for hosts to rest.
    pub polite_wait: Duration,
    /// Wall time.
    pub elapsed: Duration,
}

/// Why following stopped.
#[derive(Debug, thiserror::Error)]
pub enum FollowError {
    /// The store failed (the batch in hand is not committed).
    #[error(transparent)]
    Store(#[from] storyline_store::StoreError),
    /// No feed given and none followed in the database.
    #[error("no feeds to follow: give feed URLs, a file of URLs or an OPML file")]
    NothingToFollow,
}
