//! Rendered pages (and story lists) kept for a short while.
//!
//! A story page costs a store read and a render (a few hundred µs for a
//! story of twenty articles); the same page is asked for again and again. A
//! page is kept until any of: an ingest through this server finishes (the
//! generation changes), its time to live passes (so a `storyline ingest` run
//! by another process on the same database shows within that time), or the
//! cache is full (then it is emptied). A render that started before an ingest
//! finished is never served after it: entries carry the generation read
//! before the store was asked.
//!
//! A missing page is made once, not once per waiting request: [`PageCache::
//! lookup`] hands out a lock (one of a few hundred, chosen by the key's hash)
//! to the request that makes it, and the others find the page when they get
//! the lock. Without this, the first moments after a start or an ingest send
//! every connection to the store at once.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::Bytes;

/// Most pages kept at once.
const MAX_ENTRIES: usize = 4096;

/// Locks for making pages (keys share them by hash).
const STRIPES: usize = 256;

/// The cache of rendered pages, keyed by what was asked.
pub(crate) struct PageCache {
    ttl: Duration,
    generation: AtomicU64,
    pages: Mutex<HashMap<String, Entry>>,
    making: Vec<tokio::sync::Mutex<()>>,
}

/// What [`PageCache::lookup`] found.
pub(crate) enum Lookup<'a> {
    /// A fresh page.
    Hit(Bytes),
    /// No page: make it while holding this (if caching is on), then `put` it.
    Miss(Option<tokio::sync::MutexGuard<'a, ()>>),
}

struct Entry {
    generation: u64,
    made: Instant,
    body: Bytes,
}

impl PageCache {
    /// A cache whose pages live at most `ttl` (zero: nothing is kept).
    pub fn new(ttl: Duration) -> Self {
        PageCache {
            ttl,
            generation: AtomicU64::new(0),
            pages: Mutex::new(HashMap::new()),
            making: (0..STRIPES).map(|_| tokio::sync::Mutex::new(())).collect(),
        }
    }

    /// The page for `key` if fresh; otherwise the right to make it, after
    /// waiting for anyone already making it (and then looking again).
    pub async fn lookup(&self, key: &str) -> Lookup<'_> {
        if self.ttl.is_zero() {
            return Lookup::Miss(None);
        }
        if let Some(body) = self.get(key) {
            return Lookup::Hit(body);
        }
        let stripe = (storyline::text::hash_str(key) % STRIPES as u64) as usize;
        let guard = self.making[stripe].lock().await;
        match self.get(key) {
            Some(body) => Lookup::Hit(body),
            None => Lookup::Miss(Some(guard)),
        }
    }

    /// The generation to tag a page with: read it before reading the store.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// The data changed: every page kept so far is stale.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// A fresh page for `key`, if kept.
    pub fn get(&self, key: &str) -> Option<Bytes> {
        if self.ttl.is_zero() {
            return None;
        }
        let now = self.generation();
        let pages = self.pages.lock().unwrap_or_else(|p| p.into_inner());
        let e = pages.get(key)?;
        (e.generation == now && e.made.elapsed() < self.ttl).then(|| e.body.clone())
    }

    /// Keep `body` for `key`, rendered from data read at `generation`.
    pub fn put(&self, key: &str, generation: u64, body: Bytes) {
        if self.ttl.is_zero() || generation != self.generation() {
            return;
        }
        let mut pages = self.pages.lock().unwrap_or_else(|p| p.into_inner());
        if pages.len() >= MAX_ENTRIES && !pages.contains_key(key) {
            pages.clear();
        }
        pages.insert(
            key.to_string(),
            Entry {
                generation,
                made: Instant::now(),
                body,
            },
        );
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod tests {
    use super::*;

    #[test]
    fn pages_go_stale_on_ingest_and_with_time() {
        let c = PageCache::new(Duration::from_millis(200));
        let g = c.generation();
        c.put("/stories/s1", g, Bytes::from_static(b"one"));
        assert_eq!(c.get("/stories/s1").unwrap(), "one");
        assert!(c.get("/stories/s2").is_none());
        c.invalidate();
        assert!(c.get("/stories/s1").is_none(), "stale after an ingest");
        // A render that read the store before the ingest is not kept.
        c.put("/stories/s1", g, Bytes::from_static(b"old"));
        assert!(c.get("/stories/s1").is_none());
        c.put("/stories/s1", c.generation(), Bytes::from_static(b"new"));
        assert_eq!(c.get("/stories/s1").unwrap(), "new");
        std::thread::sleep(Duration::from_millis(250));
        assert!(c.get("/stories/s1").is_none(), "stale after its time");
    }

    #[tokio::test]
    async fn a_missing_page_is_made_once() {
        let c = std::sync::Arc::new(PageCache::new(Duration::from_secs(60)));
        let made = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let tasks: Vec<_> = (0..20)
            .map(|_| {
                let (c, made) = (c.clone(), made.clone());
                tokio::spawn(async move {
                    match c.lookup("/stories/s1").await {
                        Lookup::Hit(b) => b,
                        Lookup::Miss(_guard) => {
                            let g = c.generation();
                            made.fetch_add(1, Ordering::SeqCst);
                            tokio::task::yield_now().await;
                            let body = Bytes::from_static(b"page");
                            c.put("/stories/s1", g, body.clone());
                            body
                        }
                    }
                })
            })
            .collect();
        for t in tasks {
            assert_eq!(t.await.unwrap(), "page");
        }
        assert_eq!(made.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn zero_time_keeps_nothing_and_size_is_bounded() {
        let c = PageCache::new(Duration::ZERO);
        c.put("a", c.generation(), Bytes::from_static(b"x"));
        assert!(c.get("a").is_none());
        let c = PageCache::new(Duration::from_secs(60));
        for i in 0..=MAX_ENTRIES {
            c.put(&i.to_string(), 0, Bytes::from_static(b"x"));
        }
        assert!(c.pages.lock().unwrap().len() <= MAX_ENTRIES);
        assert!(c.get(&MAX_ENTRIES.to_string()).is_some());
    }
}
