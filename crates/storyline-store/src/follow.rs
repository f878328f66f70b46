//! What `storyline follow` keeps between runs: the feeds it polls and the
//! items it has seen.
//!
//! An item is recorded under two keys, its GUID within its feed
//! ([`ItemKey::guid`]) and its canonical URL ([`ItemKey::url`]), so an item
//! whose GUID changes on every poll, or the same article carried by twenty
//! feeds, is fetched and stored once. Items and the articles made from them
//! are written in the same transaction ([`Store::ingest_followed`]): after a
//! crash an item is either stored and seen, or neither.

use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;

use crate::{IngestReport, Result, Store};

/// One followed feed: where it is, its HTTP validators, its schedule and
/// what the last polls gave. Times are Unix seconds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Feed {
    /// The feed's URL, as the user gave it.
    pub url: String,
    /// The feed's own title, once polled.
    pub title: Option<String>,
    /// When it was first followed.
    pub added: i64,
    /// `ETag` of the last successful response, for `If-None-Match`.
    pub etag: Option<String>,
    /// `Last-Modified` of the last successful response, for `If-Modified-Since`.
    pub last_modified: Option<String>,
    /// Polls made.
    pub polls: i64,
    /// Polls answered `304 Not Modified`.
    pub not_modified: i64,
    /// When it was last polled.
    pub last_poll: Option<i64>,
    /// When a poll last succeeded (a feed read, or 304).
    pub last_success: Option<i64>,
    /// HTTP status of the last poll (none when no response came).
    pub last_status: Option<i64>,
    /// What went wrong last (the poll, or a page of one of its items).
    pub last_error: Option<String>,
    /// When it went wrong.
    pub last_error_at: Option<i64>,
    /// Failed polls in a row (the backoff exponent); 0 after a success.
    pub failures: i64,
    /// Everything that failed for this feed: polls and pages.
    pub errors: i64,
    /// Current poll interval, seconds.
    pub interval: i64,
    /// When it is due next.
    pub next_poll: i64,
}

/// Counts of a feed's items by what became of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ItemCounts {
    /// Stored as new articles.
    pub stored: i64,
    /// The same text as an article already stored.
    pub duplicate: i64,
    /// Failed to fetch or extract (retried up to the follow's limit).
    pub failed: i64,
    /// Not fetched: robots.txt disallows the page.
    pub blocked: i64,
}

/// What became of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemState {
    /// Stored as an article.
    Stored,
    /// Its text was already stored under another article.
    Duplicate,
    /// Fetching or extracting its page failed.
    Failed,
    /// robots.txt disallows its page.
    Blocked,
}

impl ItemState {
    fn as_str(self) -> &'static str {
        match self {
            ItemState::Stored => "stored",
            ItemState::Duplicate => "duplicate",
            ItemState::Failed => "failed",
            ItemState::Blocked => "blocked",
        }
    }

    fn parse(s: &str) -> Option<ItemState> {
        Some(match s {
            "stored" => ItemState::Stored,
            "duplicate" => ItemState::Duplicate,
            "failed" => ItemState::Failed,
            "blocked" => ItemState::Blocked,
            _ => return None,
        })
    }
}

/// The keys an item is known by.
pub struct ItemKey;

impl ItemKey {
    /// An item's GUID within its feed.
    pub fn guid(feed: &str, guid: &str) -> String {
        format!("guid {feed} {guid}")
    }

    /// An item's canonical URL, whatever feed carried it.
    pub fn url(url: &str) -> String {
        format!("url {url}")
    }
}

/// One seen item, under one key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// [`ItemKey::guid`] or [`ItemKey::url`].
    pub key: String,
    /// The feed that carried it (first).
    pub feed: String,
    /// Its page.
    pub url: Option<String>,
    /// The article it was stored as, or duplicates.
    pub article: Option<String>,
    /// What became of it.
    pub state: ItemState,
    /// Fetches tried.
    pub attempts: i64,
    /// Why it failed or was blocked.
    pub error: Option<String>,
    /// When it was first seen.
    pub seen: i64,
}

const FEED_COLUMNS: &str = "url, title, added_ts, etag, last_modified, polls, not_modified,
    last_poll_ts, last_success_ts, last_status, last_error, last_error_ts, failures, errors,
    interval_s, next_poll_ts";

fn feed_row(r: &Row) -> rusqlite::Result<Feed> {
    Ok(Feed {
        url: r.get(0)?,
        title: r.get(1)?,
        added: r.get(2)?,
        etag: r.get(3)?,
        last_modified: r.get(4)?,
        polls: r.get(5)?,
        not_modified: r.get(6)?,
        last_poll: r.get(7)?,
        last_success: r.get(8)?,
        last_status: r.get(9)?,
        last_error: r.get(10)?,
        last_error_at: r.get(11)?,
        failures: r.get(12)?,
        errors: r.get(13)?,
        interval: r.get(14)?,
        next_poll: r.get(15)?,
    })
}

fn save_feed(conn: &rusqlite::Connection, f: &Feed) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!(
        "INSERT OR REPLACE INTO feeds ({FEED_COLUMNS})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
    ))?
    .execute(params![
        f.url,
        f.title,
        f.added,
        f.etag,
        f.last_modified,
        f.polls,
        f.not_modified,
        f.last_poll,
        f.last_success,
        f.last_status,
        f.last_error,
        f.last_error_at,
        f.failures,
        f.errors,
        f.interval,
        f.next_poll
    ])?;
    Ok(())
}

fn save_item(conn: &rusqlite::Connection, i: &Item) -> rusqlite::Result<()> {
    // A key seen before keeps its first feed and first sighting; a retry
    // counts its attempts.
    conn.prepare_cached(
        "INSERT INTO feed_items (key, feed, url, article, state, attempts, error, seen_ts)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (key) DO UPDATE SET url = excluded.url, article = excluded.article,
             state = excluded.state, attempts = excluded.attempts, error = excluded.error",
    )?
    .execute(params![
        i.key,
        i.feed,
        i.url,
        i.article,
        i.state.as_str(),
        i.attempts,
        i.error,
        i.seen
    ])?;
    Ok(())
}

impl Store {
    /// Start following feeds not followed yet, due now; returns how many
    /// were new. A feed already followed keeps its state.
    pub fn add_feeds(&mut self, urls: &[String], now: i64, interval: i64) -> Result<usize> {
        let go = |conn: &mut rusqlite::Connection| -> rusqlite::Result<usize> {
            let tx = conn.transaction()?;
            let mut n = 0;
            {
                let mut insert = tx.prepare_cached(
                    "INSERT OR IGNORE INTO feeds (url, added_ts, interval_s, next_poll_ts)
                     VALUES (?1, ?2, ?3, ?2)",
                )?;
                for url in urls {
                    n += insert.execute(params![url, now, interval])?;
                }
            }
            tx.commit()?;
            Ok(n)
        };
        let out = go(&mut self.conn);
        out.map_err(|e| self.sqlite(e))
    }

    /// Every followed feed, in the order they were added.
    pub fn feeds(&self) -> Result<Vec<Feed>> {
        let go = || -> rusqlite::Result<Vec<Feed>> {
            let mut st = self.conn.prepare(&format!(
                "SELECT {FEED_COLUMNS} FROM feeds ORDER BY added_ts, url"
            ))?;
            let rows = st.query_map([], feed_row)?;
            rows.collect()
        };
        go().map_err(|e| self.sqlite(e))
    }

    /// A feed's items by what became of them (each item once, under its
    /// GUID key; items without one under their URL key).
    pub fn feed_items(&self, feed: &str) -> Result<ItemCounts> {
        let go = || -> rusqlite::Result<ItemCounts> {
            let mut st = self.conn.prepare_cached(
                "SELECT state, count(*) FROM feed_items
                 WHERE feed = ?1 AND key >= 'guid ' AND key < 'guid!' GROUP BY state",
            )?;
            let mut counts = ItemCounts::default();
            let rows = st.query_map([feed], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?;
            for row in rows {
                let (state, n): (String, i64) = row?;
                match ItemState::parse(&state) {
                    Some(ItemState::Stored) => counts.stored += n,
                    Some(ItemState::Duplicate) => counts.duplicate += n,
                    Some(ItemState::Failed) => counts.failed += n,
                    Some(ItemState::Blocked) => counts.blocked += n,
                    None => {}
                }
            }
            Ok(counts)
        };
        go().map_err(|e| self.sqlite(e))
    }

    /// Save a feed's state (after a poll).
    pub fn save_feed(&mut self, feed: &Feed) -> Result<()> {
        save_feed(&self.conn, feed).map_err(|e| self.sqlite(e))
    }

    /// The item recorded under `key`, if any.
    pub fn item(&self, key: &str) -> Result<Option<Item>> {
        let go = || -> rusqlite::Result<Option<Item>> {
            self.conn
                .prepare_cached(
                    "SELECT key, feed, url, article, state, attempts, error, seen_ts
                     FROM feed_items WHERE key = ?1",
                )?
                .query_row([key], |r| {
                    let state: String = r.get(4)?;
                    Ok(Item {
                        key: r.get(0)?,
                        feed: r.get(1)?,
                        url: r.get(2)?,
                        article: r.get(3)?,
                        state: ItemState::parse(&state).unwrap_or(ItemState::Failed),
                        attempts: r.get(5)?,
                        error: r.get(6)?,
                        seen: r.get(7)?,
                    })
                })
                .optional()
        };
        go().map_err(|e| self.sqlite(e))
    }

    /// Ingest articles made from followed items and record the items and
    /// their feeds' state, all in one transaction. An item whose article
    /// turns out to repeat a stored text is recorded as
    /// [`ItemState::Duplicate`] of that article.
    pub fn ingest_followed(
        &mut self,
        articles: Vec<storyline::Article>,
        items: &[Item],
        feeds: &[Feed],
    ) -> Result<IngestReport> {
        let mut record = |tx: &rusqlite::Transaction, report: &IngestReport| {
            let twin: rustc_hash::FxHashMap<&str, &str> = report
                .placed
                .iter()
                .filter_map(|p| Some((p.article.as_str(), p.duplicate_of.as_deref()?)))
                .collect();
            for item in items {
                let mut item = item.clone();
                if let Some(dup) = item.article.as_deref().and_then(|a| twin.get(a)) {
                    item.state = ItemState::Duplicate;
                    item.article = Some(dup.to_string());
                }
                save_item(tx, &item)?;
            }
            for feed in feeds {
                save_feed(tx, feed)?;
            }
            Ok(())
        };
        if articles.is_empty() {
            // Only state to record: no need to touch the stories.
            let report = IngestReport::default();
            let go = |conn: &mut rusqlite::Connection| -> rusqlite::Result<()> {
                let tx = conn.transaction()?;
                record(&tx, &report)?;
                tx.commit()
            };
            let out = go(&mut self.conn);
            return out.map(|()| report).map_err(|e| self.sqlite(e));
        }
        let mut writer = self.writer.take();
        let never = std::sync::atomic::AtomicBool::new(false);
        let out = self.ingest_with(&mut writer, articles, &mut record, &never);
        self.writer = if out.is_ok() { writer } else { None };
        out
    }
}
