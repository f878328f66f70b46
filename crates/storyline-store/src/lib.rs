//! # storyline-store
//!
//! The embedded story store: articles go in as they arrive ([`Store::ingest`]),
//! stories grow incrementally, and readers list, search and open them.
//!
//! One SQLite file holds everything (WAL mode: readers never wait for an
//! ingest). Each ingest batch is one transaction. Story ids never change
//! meaning: when two stories merge, the old id redirects ([`StoryLookup::Moved`]).

#![warn(missing_docs)]

use serde::Serialize;

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed (disk full, read-only file, corrupt database...).
    #[error("database {path}: {source}")]
    Sqlite {
        /// The database file.
        path: String,
        /// What SQLite said.
        #[source]
        source: rusqlite::Error,
    },
    /// The database was written by a newer storyline.
    #[error("database {path} has schema version {found}; this storyline knows up to {known}")]
    TooNew {
        /// The database file.
        path: String,
        /// Version found in the file.
        found: i64,
        /// Newest version this build knows.
        known: i64,
    },
    /// The caller cancelled an ingest ([`Store::ingest_cancellable`]): its
    /// transaction was rolled back and nothing of it was written.
    #[error("database {path}: ingest cancelled, nothing written")]
    Cancelled {
        /// The database file.
        path: String,
    },
    /// A stored value could not be read back.
    #[error("database {path}: {message}")]
    Corrupt {
        /// The database file.
        path: String,
        /// What was wrong.
        message: String,
    },
}

impl StoreError {
    /// Whether SQLite could not write (or create) the file: a read-only file,
    /// directory or file system, or no permission. Such a database may still
    /// be opened for reading ([`Store::open_read_only`]).
    pub fn is_read_only(&self) -> bool {
        use rusqlite::ErrorCode::{CannotOpen, PermissionDenied, ReadOnly};
        match self {
            StoreError::Sqlite { source, .. } => matches!(
                source.sqlite_error_code(),
                Some(ReadOnly | CannotOpen | PermissionDenied)
            ),
            _ => false,
        }
    }
}

/// Result of the store.
pub type Result<T> = std::result::Result<T, StoreError>;

/// How to order a story list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// Most outlets first (ties: most articles, then most recent).
    #[default]
    Covered,
    /// Latest publication first.
    Recent,
}

/// A story list request: search text and filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryQuery {
    /// Full-text query over story titles, summaries and article text.
    pub q: Option<String>,
    /// Stories with an article published on or after this day.
    pub from: Option<jiff::civil::Date>,
    /// Stories with an article published on or before this day.
    pub to: Option<jiff::civil::Date>,
    /// Stories carried by this outlet (exact, case-insensitive).
    pub source: Option<String>,
    /// Stories mentioning this entity (name or alias, case-insensitive).
    pub entity: Option<String>,
    /// Stories with at least this many articles.
    pub min_articles: Option<usize>,
    /// Order (with `q`, relevance is blended in).
    pub sort: Sort,
    /// Page number, from 1.
    pub page: usize,
    /// Stories per page.
    pub per_page: usize,
}

impl Default for StoryQuery {
    fn default() -> Self {
        StoryQuery {
            q: None,
            from: None,
            to: None,
            source: None,
            entity: None,
            min_articles: None,
            sort: Sort::Covered,
            page: 1,
            per_page: 20,
        }
    }
}

/// One story in a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryListItem {
    /// Stable story id ("s17").
    pub id: String,
    /// Headline of the story's first published article.
    pub title: String,
    /// First sentence of the summary.
    pub lede: String,
    /// Number of articles.
    pub articles: usize,
    /// Distinct outlets, first publisher first.
    pub sources: Vec<String>,
    /// Publication range (RFC 3339 or bare date).
    pub first_published: Option<String>,
    /// Publication range (RFC 3339 or bare date).
    pub last_published: Option<String>,
    /// The most widely mentioned entities (up to 5).
    pub entities: Vec<String>,
}

/// A page of stories.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryPage {
    /// Stories matching the query, over all pages.
    pub total: usize,
    /// This page (from 1).
    pub page: usize,
    /// Page size.
    pub per_page: usize,
    /// The stories on this page.
    pub stories: Vec<StoryListItem>,
}

/// What a story id names: the story as JSON ([`Store::story`]) or typed
/// ([`Store::story_detail`]), or where its id now redirects.
#[derive(Debug, Clone, PartialEq)]
pub enum StoryLookup<T = serde_json::Value> {
    /// The story (see docs/json-schema.md, "Story in the story database").
    Found(T),
    /// The story was merged into another; its id redirects there.
    Moved(String),
}

/// What one ingest call did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IngestReport {
    /// Articles added.
    pub added: usize,
    /// Articles skipped because the same id or the same text was already stored.
    pub duplicates: usize,
    /// For each input article, in input order: its id and the story it is in
    /// (for a duplicate, the story of the stored article).
    pub placed: Vec<Placed>,
    /// Stories created or changed, whose summaries were recomputed.
    pub stories_changed: Vec<String>,
    /// Old story ids that now redirect, with their target.
    pub redirects: Vec<(String, String)>,
    /// Ids of skipped articles whose text differs from the article already
    /// stored (or earlier in the call) under the same id: two articles that
    /// share an id, of which only the first is kept. Callers should say so.
    pub id_clashes: Vec<String>,
}

/// Where one ingested article went.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placed {
    /// The article id (for a duplicate text under a new id: the new id).
    pub article: String,
    /// The story holding it (or holding the stored duplicate).
    pub story: Option<String>,
    /// The stored article this one duplicates, if it was skipped.
    pub duplicate_of: Option<String>,
}

/// Counts for the health endpoint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Health {
    /// Schema version of the open database.
    pub schema_version: i64,
    /// Stored articles.
    pub articles: usize,
    /// Live stories (redirected ids not counted).
    pub stories: usize,
}

mod codec;
mod follow;
mod lanes;
mod meta;
mod read;
mod schema;
mod story;
mod write;

pub use follow::{Feed, Item, ItemCounts, ItemKey, ItemState};
pub use story::{ArticleDetail, StoredStory, StoryArticle};

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

/// An open story database.
///
/// A `Store` owns one SQLite connection and is not shared between threads:
/// a server opens one read-only `Store` per worker and one writable `Store`
/// for ingest (SQLite's WAL lets them run at the same time). A writable store
/// keeps the incremental state in memory between ingests and reloads it when
/// another process has written since.
pub struct Store {
    conn: Connection,
    path: String,
    writer: Option<lanes::Writer>,
    config: storyline::Config,
}

impl Store {
    /// Open (or create) a database for reading and writing, upgrading its
    /// schema to the current version.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        Store::open_with(path, storyline::Config::default())
    }

    /// [`Store::open`] with pipeline settings (summary length, thresholds).
    /// `config.language`, when set, is the language of every article ingested
    /// that does not declare its own; otherwise each article's language is
    /// detected. Stories form within a language.
    pub fn open_with(path: impl AsRef<Path>, config: storyline::Config) -> Result<Store> {
        Store::open_at_version(path, config, schema::VERSION)
    }

    /// Open, migrating only up to `version`: what an older storyline would
    /// have written (for upgrade tests).
    #[doc(hidden)]
    pub fn open_at_version(
        path: impl AsRef<Path>,
        config: storyline::Config,
        version: i64,
    ) -> Result<Store> {
        let name = path.as_ref().display().to_string();
        let err = |source| StoreError::Sqlite {
            path: name.clone(),
            source,
        };
        let mut conn = Connection::open(path.as_ref()).map_err(err)?;
        // What is in the file is checked before anything is written to it
        // (WAL mode is a change to the file too).
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(err)?;
        let found = schema::version(&conn).map_err(err)?;
        if found > schema::VERSION {
            return Err(StoreError::TooNew {
                path: name,
                found,
                known: schema::VERSION,
            });
        }
        if let Some(message) = schema::not_ours(&conn, found).map_err(err)? {
            return Err(StoreError::Corrupt {
                path: name,
                message,
            });
        }
        configure(&conn).map_err(err)?;
        schema::migrate(&mut conn, version).map_err(err)?;
        Ok(Store {
            conn,
            path: name,
            writer: None,
            config,
        })
    }

    /// Open an existing database for reading only.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store> {
        let name = path.as_ref().display().to_string();
        let err = |source| StoreError::Sqlite {
            path: name.clone(),
            source,
        };
        let conn = Connection::open_with_flags(
            path.as_ref(),
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(err)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(err)?;
        let found = schema::version(&conn).map_err(err)?;
        if let Some(message) = schema::not_ours(&conn, found).map_err(err)? {
            return Err(StoreError::Corrupt {
                path: name,
                message,
            });
        }
        if found != schema::VERSION {
            return Err(if found > schema::VERSION {
                StoreError::TooNew {
                    path: name,
                    found,
                    known: schema::VERSION,
                }
            } else {
                StoreError::Corrupt {
                    path: name,
                    message: format!(
                        "schema version {found}, expected {}: open it once for writing (storyline ingest) to upgrade",
                        schema::VERSION
                    ),
                }
            });
        }
        Ok(Store {
            conn,
            path: name,
            writer: None,
            config: storyline::Config::default(),
        })
    }

    /// SQLite's integrity check: empty when the file is consistent, else the
    /// problems it reports.
    pub fn check(&self) -> Result<Vec<String>> {
        let go = || -> rusqlite::Result<Vec<String>> {
            let mut st = self.conn.prepare("PRAGMA integrity_check")?;
            let rows = st.query_map([], |r| r.get::<_, String>(0))?;
            rows.filter(|r| r.as_deref().is_ok_and(|m| m != "ok") || r.is_err())
                .collect()
        };
        go().map_err(|e| self.sqlite(e))
    }

    /// Cap the database file at its current size plus `extra_pages` pages:
    /// what a full disk looks like to SQLite (for tests).
    #[doc(hidden)]
    pub fn limit_growth(&self, extra_pages: u64) -> Result<()> {
        let go = || -> rusqlite::Result<()> {
            let pages: i64 = self.conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
            let cap = pages + extra_pages as i64;
            let _: i64 =
                self.conn
                    .query_row(&format!("PRAGMA max_page_count = {cap}"), [], |r| r.get(0))?;
            Ok(())
        };
        go().map_err(|e| self.sqlite(e))
    }

    /// The database file this store reads.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Counts and schema version.
    pub fn health(&self) -> Result<Health> {
        let q = || -> rusqlite::Result<Health> {
            Ok(Health {
                schema_version: schema::version(&self.conn)?,
                articles: self
                    .conn
                    .query_row("SELECT count(*) FROM articles", [], |r| r.get::<_, i64>(0))?
                    as usize,
                stories: self
                    .conn
                    .query_row("SELECT count(*) FROM stories", [], |r| r.get::<_, i64>(0))?
                    as usize,
            })
        };
        q().map_err(|e| self.sqlite(e))
    }

    fn sqlite(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    fn corrupt(&self, message: impl Into<String>) -> StoreError {
        StoreError::Corrupt {
            path: self.path.clone(),
            message: message.into(),
        }
    }
}

/// Connection settings of a writable store: WAL so readers never wait for an
/// ingest, full fsync at commit (`synchronous = FULL`: a committed batch
/// survives power loss, not just a killed process), a busy timeout so two
/// writers queue instead of failing.
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(rusqlite::Error::InvalidParameterName(format!(
            "journal_mode stays {mode}, not wal"
        )));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}
