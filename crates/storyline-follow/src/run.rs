//! The coordinator: schedules polls, decides what is new, hands pages to
//! the workers, and writes articles, items and feed state to the store in
//! batches, one transaction each.
//!
//! # What is committed when
//!
//! An item is recorded (under its GUID and URL keys) in the transaction
//! that stores its article, or records why it has none. A feed's new
//! validators (`ETag`, `Last-Modified`) are committed only once every item
//! of that poll is recorded: a process killed in between polls the feed
//! again without validators and finds the unrecorded items again, so
//! nothing committed is lost and nothing is stored twice.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustc_hash::FxHashMap;
use storyline::{Article, Diagnostic, Severity};
use storyline_store::{Feed, Item, ItemKey, ItemState, Store};

use crate::http::{Client, Validators};
use crate::queue::Queue;
use crate::worker::{self, Context, Done, Failure, Job, Polled};
use crate::{url, Event, FollowConfig, FollowError, Stats};

/// An item waiting for its page (or for its turn in a batch).
#[derive(Debug)]
pub struct Pending {
    /// The feed that carried it.
    pub feed: String,
    /// The article's id: its canonical URL, else its GUID.
    pub id: String,
    /// The keys it is recorded under.
    pub keys: Vec<String>,
    /// What the feed said about it (title, date, outlet; a teaser's text).
    pub from_feed: Article,
    /// The page to fetch (after redirects, where they led).
    pub fetch_url: String,
    /// Redirects followed.
    pub hops: usize,
    /// Fetches tried.
    pub attempts: i64,
    /// Its page is fetched (the feed has only a teaser).
    pub page: bool,
}

/// Per-feed bookkeeping of the coordinator.
#[derive(Default)]
struct Track {
    /// A poll is queued or running.
    polling: bool,
    /// Items of the last poll not yet recorded.
    outstanding: usize,
    /// Validators of a poll whose items are not all recorded yet.
    fresh: Option<Validators>,
    /// Changed since the last commit.
    dirty: bool,
    /// Polled in this run (for `--once`).
    polled: bool,
}

/// Results a worker may hand over before the coordinator takes them.
const RESULTS_WAITING: usize = 32;

/// In a `--once` run, jobs for a host that must rest longer than this are
/// left for the next run.
const HELD_TOO_LONG: Duration = Duration::from_secs(60);

fn now_s() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// Follow until `stop` is set (or, with `once`, until every feed was polled
/// once and its items are stored).
pub fn follow(
    store: &mut Store,
    sources: &[String],
    config: &FollowConfig,
    stop: &AtomicBool,
    on_event: &mut dyn FnMut(&Event),
) -> Result<Stats, FollowError> {
    let started = Instant::now();
    let min = config.min_interval.as_secs().max(1) as i64;
    store.add_feeds(sources, now_s(), min)?;
    let mut feeds: FxHashMap<String, Feed> = store
        .feeds()?
        .into_iter()
        .map(|f| (f.url.clone(), f))
        .collect();
    if feeds.is_empty() {
        return Err(FollowError::NothingToFollow);
    }
    let mut order: Vec<String> = feeds.keys().cloned().collect();
    order.sort();
    let ctx = Arc::new(Context {
        client: Client::new(config.http.clone()),
        robots: Default::default(),
        delay: config.delay,
        counters: Default::default(),
    });
    let queue: Arc<Queue<Job>> = Arc::new(Queue::default());
    // Bounded: when the store falls behind, workers wait with their results
    // instead of piling extracted articles up in memory.
    let (tx, rx) = mpsc::sync_channel(RESULTS_WAITING);
    let handles = worker::spawn(config.workers, ctx.clone(), queue.clone(), tx);
    let mut c = Coordinator {
        store,
        config,
        feeds: &mut feeds,
        track: FxHashMap::default(),
        claimed: FxHashMap::default(),
        riders: FxHashMap::default(),
        batch: Vec::new(),
        items: Vec::new(),
        batch_started: None,
        queue: queue.clone(),
        inflight: 0,
        stats: Stats::default(),
        on_event,
    };
    let result = c.run(&order, &rx, stop);
    queue.close();
    let mut stats = std::mem::take(&mut c.stats);
    drop(c);
    // Workers finish the request they are in (bounded by the timeout); in
    // `--once` runs nothing is running by now.
    if config.once {
        for h in handles {
            let _ = h.join();
        }
    }
    let k = &ctx.counters;
    stats.requests = k.requests.load(Ordering::Relaxed);
    stats.bytes = k.bytes.load(Ordering::Relaxed);
    stats.work = Duration::from_micros(k.work_us.load(Ordering::Relaxed));
    stats.polite_wait = Duration::from_micros(k.polite_us.load(Ordering::Relaxed));
    stats.elapsed = started.elapsed();
    result.map(|()| stats)
}

struct Coordinator<'a> {
    store: &'a mut Store,
    config: &'a FollowConfig,
    feeds: &'a mut FxHashMap<String, Feed>,
    track: FxHashMap<String, Track>,
    /// Keys of items queued or waiting in the batch, with the id of the
    /// item that holds them.
    claimed: FxHashMap<String, String>,
    /// Keys (with their feed) of items seen while another item with the
    /// same URL was in flight, by that item's id: recorded with it.
    riders: FxHashMap<String, Vec<(String, String)>>,
    batch: Vec<Article>,
    items: Vec<Item>,
    batch_started: Option<Instant>,
    queue: Arc<Queue<Job>>,
    /// Jobs queued whose results have not been handled yet.
    inflight: usize,
    stats: Stats,
    on_event: &'a mut dyn FnMut(&Event),
}

impl Coordinator<'_> {
    fn run(
        &mut self,
        order: &[String],
        rx: &mpsc::Receiver<Done>,
        stop: &AtomicBool,
    ) -> Result<(), FollowError> {
        loop {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            self.schedule(order);
            let wait = if self.batch_started.is_some() {
                Duration::from_millis(100)
            } else {
                Duration::from_millis(250)
            };
            match rx.recv_timeout(wait) {
                Ok(done) => self.handle(done),
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            // Take whatever else is ready before deciding to write.
            while let Ok(done) = rx.try_recv() {
                self.handle(done);
            }
            let idle = self.inflight == 0;
            let due = self.batch.len() >= self.config.batch
                || self
                    .batch_started
                    .is_some_and(|t| t.elapsed() >= self.config.batch_wait)
                || idle;
            if due && (self.batch_started.is_some() || self.track.values().any(|t| t.dirty)) {
                self.commit()?;
            }
            if self.config.once {
                self.give_up_held();
                let idle = self.inflight == 0;
                if idle && self.track.values().all(|t| t.polled && !t.polling) {
                    break;
                }
            }
        }
        self.commit()
    }

    /// Queue a poll of every feed that is due and not being polled.
    fn schedule(&mut self, order: &[String]) {
        let now = now_s();
        for url in order {
            let Some(feed) = self.feeds.get(url) else {
                continue;
            };
            let t = self.track.entry(url.clone()).or_default();
            let due = if self.config.once {
                !t.polled
            } else {
                feed.next_poll <= now
            };
            if !due || t.polling || t.outstanding > 0 {
                continue;
            }
            t.polling = true;
            t.polled = true;
            let Some(host) = url::host(url) else {
                continue;
            };
            self.push(
                host,
                Job::Poll {
                    feed: url.clone(),
                    url: url.clone(),
                    validators: Validators {
                        etag: feed.etag.clone(),
                        last_modified: feed.last_modified.clone(),
                    },
                    hops: 0,
                },
            );
        }
    }

    /// A run that polls once does not wait for a host that asked for a long
    /// rest (`Retry-After`): its jobs are left, unrecorded, for the next run.
    fn give_up_held(&mut self) {
        for (host, job) in self.queue.take_held(HELD_TOO_LONG) {
            self.inflight -= 1;
            let (feed, url) = match job {
                Job::Poll { feed, url, .. } => {
                    if let Some(t) = self.track.get_mut(&feed) {
                        t.polling = false;
                    }
                    (feed, url)
                }
                Job::Page(p) => {
                    for k in &p.keys {
                        self.claimed.remove(k);
                    }
                    self.riders.remove(&p.id);
                    // Its feed's new validators must not be committed now:
                    // the next poll has to see this item again.
                    if let Some(t) = self.track.get_mut(&p.feed) {
                        t.outstanding = t.outstanding.saturating_sub(1);
                        t.fresh = None;
                    }
                    (p.feed.clone(), p.fetch_url.clone())
                }
            };
            (self.on_event)(&Event::Problem {
                feed,
                url,
                severity: Severity::Warning,
                message: format!("{host} asked to wait; left for the next run"),
            });
        }
    }

    /// Queue a job; it is in flight until its result is handled.
    fn push(&mut self, host: String, job: Job) {
        self.inflight += 1;
        self.queue.push(host, job);
    }

    fn handle(&mut self, done: Done) {
        self.inflight = self.inflight.saturating_sub(1);
        match done {
            Done::Redirect(job) => {
                let target = match &job {
                    Job::Poll { url, .. } => url.clone(),
                    Job::Page(p) => p.fetch_url.clone(),
                };
                match url::host(&target) {
                    Some(host) => self.push(host, job),
                    None => {
                        let f = Failure {
                            message: format!("redirect to a non-http URL {target}"),
                            status: None,
                            retry_after: None,
                            blocked: false,
                            transient: false,
                        };
                        match job {
                            Job::Poll { feed, .. } => self.polled(feed, Err(f)),
                            Job::Page(p) => self.page(p, Err(f)),
                        }
                    }
                }
            }
            Done::Polled { feed, outcome } => self.polled(feed, outcome),
            Done::Page { pending, outcome } => self.page(pending, outcome),
        }
    }

    fn polled(&mut self, url: String, outcome: Result<Polled, Failure>) {
        let now = now_s();
        let min = self.config.min_interval.as_secs().max(1) as i64;
        let max = (self.config.max_interval.as_secs() as i64).max(min);
        let Some(feed) = self.feeds.get_mut(&url) else {
            return;
        };
        let t = self.track.entry(url.clone()).or_default();
        t.polling = false;
        t.dirty = true;
        feed.polls += 1;
        feed.last_poll = Some(now);
        self.stats.polls += 1;
        let polled = match outcome {
            Err(f) => {
                feed.last_status = f.status.map(i64::from);
                feed.failures += 1;
                feed.errors += 1;
                feed.last_error = Some(f.message.clone());
                feed.last_error_at = Some(now);
                // Exponential backoff from the shortest interval, capped,
                // and never sooner than the server asked.
                let exp = feed.failures.clamp(0, 20) as u32;
                let mut wait = min.saturating_mul(1 << exp.min(20)).min(max * 4);
                if let Some(r) = f.retry_after {
                    wait = wait.max(r.as_secs() as i64);
                }
                feed.next_poll = now + wait;
                self.stats.feed_errors += 1;
                (self.on_event)(&Event::Problem {
                    feed: url.clone(),
                    url: url.clone(),
                    severity: Severity::Error,
                    message: format!("poll failed: {}", f.message),
                });
                return;
            }
            Ok(p) => p,
        };
        feed.last_status = Some(i64::from(polled.status));
        feed.failures = 0;
        feed.last_success = Some(now);
        for d in &polled.diags {
            (self.on_event)(&Event::Problem {
                feed: url.clone(),
                url: url.clone(),
                severity: d.severity,
                message: d.message.clone(),
            });
        }
        if polled.status == 304 {
            feed.not_modified += 1;
            self.stats.not_modified += 1;
            feed.interval = (feed.interval * 3 / 2).clamp(min, max);
            feed.next_poll = now + feed.interval;
            (self.on_event)(&Event::Polled {
                feed: url,
                status: 304,
                items: 0,
                new: 0,
            });
            return;
        }
        if let Some(title) = polled.items.iter().find_map(|a| a.source.clone()) {
            feed.title = Some(title);
        }
        let count = polled.items.len();
        let dates: Vec<i64> = polled
            .items
            .iter()
            .filter_map(|a| a.published.map(|p| p.at.as_second()))
            .collect();
        let mut new = 0;
        for item in polled.items {
            if self.item(&url, item) {
                new += 1;
            }
        }
        let Some(feed) = self.feeds.get_mut(&url) else {
            return;
        };
        feed.interval = next_interval(feed.interval, new, &dates, min, max);
        feed.next_poll = now + feed.interval;
        let t = self.track.entry(url.clone()).or_default();
        if t.outstanding == 0 {
            feed.etag = polled.validators.etag;
            feed.last_modified = polled.validators.last_modified;
        } else {
            t.fresh = Some(polled.validators);
        }
        (self.on_event)(&Event::Polled {
            feed: url,
            status: polled.status,
            items: count,
            new,
        });
    }

    /// One item of a feed: skip it when known, else take the feed's text or
    /// queue its page. Returns whether it was new.
    fn item(&mut self, feed: &str, article: Article) -> bool {
        let link = article.url.as_deref().and_then(url::canonical);
        let mut keys = vec![ItemKey::guid(feed, &article.id)];
        if let Some(l) = &link {
            keys.push(ItemKey::url(l));
        }
        if let Some(owner) = keys.iter().find_map(|k| self.claimed.get(k)).cloned() {
            // The same item is in flight from another feed (or under another
            // GUID): its keys are recorded with it.
            let riders = self.riders.entry(owner).or_default();
            for k in keys.into_iter().filter(|k| !self.claimed.contains_key(k)) {
                riders.push((k, feed.to_string()));
            }
            self.stats.seen += 1;
            return false;
        }
        // Known under one of its keys: record the others the same way, so
        // the next poll finds it at once.
        let mut known: Option<Item> = None;
        for k in &keys {
            match self.store.item(k) {
                Ok(Some(i)) => {
                    known = Some(i);
                    break;
                }
                Ok(None) => {}
                Err(e) => {
                    (self.on_event)(&Event::Problem {
                        feed: feed.to_string(),
                        url: link.clone().unwrap_or_default(),
                        severity: Severity::Error,
                        message: e.to_string(),
                    });
                    return false;
                }
            }
        }
        if let Some(seen) = known {
            let now = now_s();
            for k in keys {
                if k != seen.key && self.store.item(&k).ok().flatten().is_none() {
                    self.claimed.insert(k.clone(), seen.key.clone());
                    // Stored already, by another feed or under another
                    // GUID: for this key it is a duplicate.
                    let state = match seen.state {
                        ItemState::Stored => ItemState::Duplicate,
                        s => s,
                    };
                    self.items.push(Item {
                        key: k,
                        feed: feed.to_string(),
                        state,
                        seen: now,
                        ..seen.clone()
                    });
                    self.batch_started.get_or_insert_with(Instant::now);
                }
            }
            self.stats.seen += 1;
            return false;
        }
        let id = link.clone().unwrap_or_else(|| article.id.clone());
        for k in &keys {
            self.claimed.insert(k.clone(), id.clone());
        }
        let needs_page = article.provenance.teaser && link.is_some();
        let pending = Box::new(Pending {
            feed: feed.to_string(),
            id,
            keys,
            fetch_url: article.url.clone().unwrap_or_default(),
            from_feed: article,
            hops: 0,
            attempts: 1,
            page: needs_page,
        });
        if needs_page {
            self.track.entry(feed.to_string()).or_default().outstanding += 1;
            match url::host(&pending.fetch_url) {
                Some(host) => self.push(host, Job::Page(pending)),
                None => {
                    let f = Failure {
                        message: "item link is not an http(s) URL".into(),
                        status: None,
                        retry_after: None,
                        blocked: false,
                        transient: false,
                    };
                    self.page(pending, Err(f));
                }
            }
        } else {
            // The feed carries the whole text.
            let mut a = pending.from_feed.clone();
            a.id = pending.id.clone();
            a.origin.path = feed.to_string();
            self.add(&pending, a);
        }
        true
    }

    /// A page came back (or failed).
    fn page(
        &mut self,
        mut pending: Box<Pending>,
        outcome: Result<(Article, Vec<Diagnostic>), Failure>,
    ) {
        let url = pending.fetch_url.clone();
        match outcome {
            Ok((page, diags)) => {
                self.stats.pages += 1;
                for d in diags.iter().filter(|d| d.severity == Severity::Warning) {
                    (self.on_event)(&Event::Problem {
                        feed: pending.feed.clone(),
                        url: url.clone(),
                        severity: d.severity,
                        message: d.message.clone(),
                    });
                }
                let article = merge(page, &pending);
                // The page's canonical URL is a key too: the same article
                // reached through another link is one article.
                if let Some(canon) = article.url.as_deref().and_then(url::canonical) {
                    let key = ItemKey::url(&canon);
                    if !pending.keys.contains(&key) {
                        let stored = self.store.item(&key).ok().flatten();
                        if self.claimed.contains_key(&key) || stored.is_some() {
                            self.stats.seen += 1;
                            let twin = stored.and_then(|s| s.article);
                            self.record(&pending, ItemState::Duplicate, twin, None);
                            return;
                        }
                        self.claimed.insert(key.clone(), pending.id.clone());
                        pending.keys.push(key);
                    }
                }
                self.add(&pending, article);
            }
            Err(f) if f.transient && pending.attempts < self.config.max_attempts => {
                pending.attempts += 1;
                (self.on_event)(&Event::Problem {
                    feed: pending.feed.clone(),
                    url: url.clone(),
                    severity: Severity::Warning,
                    message: format!(
                        "{} (try {} of {})",
                        f.message,
                        pending.attempts - 1,
                        self.config.max_attempts
                    ),
                });
                if let Some(host) = url::host(&url) {
                    self.push(host, Job::Page(pending));
                }
            }
            Err(f) => {
                let state = if f.blocked {
                    self.stats.blocked += 1;
                    ItemState::Blocked
                } else {
                    self.stats.failed += 1;
                    ItemState::Failed
                };
                if let Some(feed) = self.feeds.get_mut(&pending.feed) {
                    if !f.blocked {
                        feed.errors += 1;
                        feed.last_error = Some(format!("{url}: {}", f.message));
                        feed.last_error_at = Some(now_s());
                    }
                }
                (self.on_event)(&Event::Problem {
                    feed: pending.feed.clone(),
                    url,
                    severity: if f.blocked {
                        Severity::Warning
                    } else {
                        Severity::Error
                    },
                    message: f.message.clone(),
                });
                self.record(&pending, state, None, Some(f.message));
            }
        }
    }

    /// An article for the next batch.
    fn add(&mut self, pending: &Pending, article: Article) {
        self.record(pending, ItemState::Stored, Some(article.id.clone()), None);
        self.batch.push(article);
    }

    /// Record an item's keys with what became of it; its feed's count of
    /// outstanding items drops.
    fn record(
        &mut self,
        p: &Pending,
        state: ItemState,
        article: Option<String>,
        error: Option<String>,
    ) {
        let now = now_s();
        for k in &p.keys {
            self.items.push(Item {
                key: k.clone(),
                feed: p.feed.clone(),
                url: p.from_feed.url.clone(),
                article: article.clone(),
                state,
                attempts: p.attempts,
                error: error.clone(),
                seen: now,
            });
        }
        let rider_state = match state {
            ItemState::Stored => ItemState::Duplicate,
            s => s,
        };
        for (key, feed) in self.riders.remove(&p.id).unwrap_or_default() {
            self.items.push(Item {
                key,
                feed,
                url: p.from_feed.url.clone(),
                article: article.clone(),
                state: rider_state,
                attempts: p.attempts,
                error: error.clone(),
                seen: now,
            });
        }
        self.batch_started.get_or_insert_with(Instant::now);
        let t = self.track.entry(p.feed.clone()).or_default();
        t.dirty = true;
        if p.page {
            t.outstanding = t.outstanding.saturating_sub(1);
            if t.outstanding == 0 {
                if let (Some(v), Some(feed)) = (t.fresh.take(), self.feeds.get_mut(&p.feed)) {
                    feed.etag = v.etag;
                    feed.last_modified = v.last_modified;
                }
            }
        }
    }

    /// Write the batch: articles, items and changed feeds in one transaction.
    fn commit(&mut self) -> Result<(), FollowError> {
        let dirty: Vec<Feed> = self
            .track
            .iter_mut()
            .filter(|(_, t)| t.dirty)
            .filter_map(|(url, t)| {
                t.dirty = false;
                self.feeds.get(url).cloned()
            })
            .collect();
        if self.batch.is_empty() && self.items.is_empty() && dirty.is_empty() {
            return Ok(());
        }
        let articles = std::mem::take(&mut self.batch);
        let items = std::mem::take(&mut self.items);
        let n = articles.len();
        let report = self.store.ingest_followed(articles, &items, &dirty)?;
        for i in &items {
            self.claimed.remove(&i.key);
        }
        self.batch_started = None;
        self.stats.stored += report.added as u64;
        self.stats.duplicates += report.duplicates as u64;
        if n > 0 {
            (self.on_event)(&Event::Stored {
                added: report.added,
                duplicates: report.duplicates,
                stories_changed: report.stories_changed.len(),
            });
        }
        Ok(())
    }
}

/// The page's article, filled in from the feed where the page says nothing.
fn merge(mut page: Article, pending: &Pending) -> Article {
    let feed = &pending.from_feed;
    page.id = pending.id.clone();
    if page.provenance.source_of("title") == Some("text") && !feed.title.is_empty() {
        page.title = feed.title.clone();
        page.provenance.set_source("title", "feed");
    }
    if page.published.is_none() {
        if let Some(p) = feed.published {
            page.published = Some(p);
            page.provenance.set_source("published", "feed");
        }
    }
    if page.source.is_none() {
        if let Some(s) = &feed.source {
            page.source = Some(s.clone());
            page.provenance.set_source("source", "feed");
        }
    }
    if page.lang.is_none() {
        if let Some(l) = &feed.lang {
            page.lang = Some(l.clone());
            page.provenance.set_source("lang", "feed");
        }
    }
    if page.provenance.authors.is_empty() && !feed.provenance.authors.is_empty() {
        page.provenance.authors = feed.provenance.authors.clone();
        page.provenance.set_source("authors", "feed");
    }
    page
}

/// The next poll interval: the feed's own publishing rate (the median gap
/// between its items' dates) when it dates at least three items, else
/// halved after new items and half again as long after none; within
/// `[min, max]` seconds.
pub fn next_interval(prev: i64, new: usize, dates: &[i64], min: i64, max: i64) -> i64 {
    let mut d: Vec<i64> = dates.to_vec();
    d.sort_unstable();
    d.dedup();
    let target = if d.len() >= 3 {
        let mut gaps: Vec<i64> = d.windows(2).map(|w| w[1] - w[0]).collect();
        gaps.sort_unstable();
        gaps[gaps.len() / 2]
    } else if new > 0 {
        prev / 2
    } else {
        prev * 3 / 2
    };
    target.clamp(min, max.max(min))
}

#[cfg(test)]
mod tests {
    use super::next_interval;

    #[test]
    fn interval_follows_the_publishing_rate_within_bounds() {
        let hourly: Vec<i64> = (0..10).map(|i| i * 3600).collect();
        assert_eq!(next_interval(600, 3, &hourly, 300, 21600), 3600);
        let minutely: Vec<i64> = (0..10).map(|i| i * 60).collect();
        assert_eq!(next_interval(600, 3, &minutely, 300, 21600), 300);
        assert_eq!(next_interval(600, 2, &[], 300, 21600), 300);
        assert_eq!(next_interval(600, 0, &[], 300, 21600), 900);
        assert_eq!(next_interval(20000, 0, &[], 300, 21600), 21600);
    }
}
