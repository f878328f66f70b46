//! What a worker does with one job: robots.txt, one request, and for a
//! page the extraction; the coordinator ([`crate::run`]) decides the rest.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustc_hash::FxHashMap;
use storyline::ingest::feed::read_feed_links;
use storyline::ingest::{extract_page, PageInfo};
use storyline::{Article, Diagnostic};

use crate::http::{Answer, Client, FetchError, Validators};
use crate::robots::Robots;
use crate::url;

/// `Accept` for feeds.
const ACCEPT_FEED: &str = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5";
/// `Accept` for pages.
const ACCEPT_PAGE: &str = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5";
/// The longest `Retry-After` obeyed as is; a site asking for longer is
/// retried after this.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(6 * 3600);

/// A job: poll a feed, or fetch the page of an item.
#[derive(Debug)]
pub enum Job {
    /// Poll the feed at `url` (possibly a redirect target of the feed).
    Poll {
        /// The feed as followed.
        feed: String,
        /// Where to ask now.
        url: String,
        /// Validators of the last success.
        validators: Validators,
        /// Redirects followed so far.
        hops: usize,
    },
    /// Fetch an item's page.
    Page(Box<crate::run::Pending>),
}

/// Why a request gave no usable answer.
#[derive(Debug, Clone)]
pub struct Failure {
    /// What went wrong, for the log and the feeds page.
    pub message: String,
    /// HTTP status, when one came.
    pub status: Option<u16>,
    /// Wait this long before asking the host again.
    pub retry_after: Option<Duration>,
    /// robots.txt forbids it.
    pub blocked: bool,
    /// Trying again may help (timeouts, 5xx, connection errors).
    pub transient: bool,
}

impl Failure {
    fn new(message: impl Into<String>, transient: bool) -> Failure {
        Failure {
            message: message.into(),
            status: None,
            retry_after: None,
            blocked: false,
            transient,
        }
    }
}

/// What a worker hands back (one per request: its size does not matter).
#[allow(clippy::large_enum_variant)]
pub enum Done {
    /// A poll's answer: the feed's items, or 304.
    Polled {
        /// The feed as followed.
        feed: String,
        /// Its items (empty for 304).
        outcome: Result<Polled, Failure>,
    },
    /// A page's article.
    Page {
        /// The item.
        pending: Box<crate::run::Pending>,
        /// The article, with what extraction noted.
        outcome: Result<(Article, Vec<Diagnostic>), Failure>,
    },
    /// A redirect to follow: the job again, for its new URL.
    Redirect(Job),
}

/// A successful poll.
pub struct Polled {
    /// 200 or 304.
    pub status: u16,
    /// Validators of this answer.
    pub validators: Validators,
    /// The items, as articles (teasers for items without full text).
    pub items: Vec<Article>,
    /// What the feed reader noted.
    pub diags: Vec<Diagnostic>,
}

/// Counters the workers share.
#[derive(Default)]
pub struct Counters {
    /// HTTP requests made, robots.txt included.
    pub requests: AtomicU64,
    /// Bytes of bodies received (decompressed).
    pub bytes: AtomicU64,
    /// Microseconds working: requests and extraction.
    pub work_us: AtomicU64,
    /// Microseconds waiting for a host's delay or `Retry-After`.
    pub polite_us: AtomicU64,
}

/// Everything a worker needs.
pub struct Context {
    /// The HTTP client.
    pub client: Client,
    /// robots.txt per origin.
    pub robots: Mutex<FxHashMap<String, Robots>>,
    /// The pause between two requests to one host.
    pub delay: Duration,
    /// Counters.
    pub counters: Counters,
}

impl Context {
    /// Count time spent working since `t`.
    fn worked(&self, t: Instant) {
        let us = t.elapsed().as_micros() as u64;
        self.counters.work_us.fetch_add(us, Ordering::Relaxed);
    }

    /// Count a politeness wait.
    pub fn waited(&self, d: Duration) {
        let us = d.as_micros() as u64;
        self.counters.polite_us.fetch_add(us, Ordering::Relaxed);
    }

    /// The rest this host gets after a request: the delay, or its
    /// robots.txt `Crawl-delay` when longer.
    pub fn rest(&self, for_url: &str) -> Duration {
        let crawl = url::origin(for_url).and_then(|o| {
            let robots = self.robots.lock().unwrap_or_else(|e| e.into_inner());
            robots.get(&o).and_then(Robots::delay)
        });
        crawl.map_or(self.delay, |c| c.max(self.delay))
    }

    /// May `target` be fetched? Fetches robots.txt first when it is not
    /// known or has expired (one more request to the same host, then the
    /// host's delay before the next).
    fn allowed(&self, target: &str) -> Result<(), Failure> {
        let Some(origin) = url::origin(target) else {
            return Err(Failure::new(format!("not an http(s) URL: {target}"), false));
        };
        let now = Instant::now();
        let known = {
            let robots = self.robots.lock().unwrap_or_else(|e| e.into_inner());
            robots.get(&origin).filter(|r| r.expires > now).cloned()
        };
        let robots = match known {
            Some(r) => r,
            None => {
                let t = Instant::now();
                let answer = self.client.get(
                    &format!("{origin}/robots.txt"),
                    "text/plain",
                    &Validators::default(),
                );
                self.counters.requests.fetch_add(1, Ordering::Relaxed);
                self.worked(t);
                let r = match &answer {
                    Ok(a) => {
                        self.counters
                            .bytes
                            .fetch_add(a.body.len() as u64, Ordering::Relaxed);
                        // A redirected robots.txt is treated as missing.
                        let status = if (300..400).contains(&a.status) {
                            404
                        } else {
                            a.status
                        };
                        Robots::from_answer(Some(status), &a.body, Instant::now())
                    }
                    Err(e) => Robots::unreachable(&e.to_string(), Instant::now()),
                };
                self.robots
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(origin, r.clone());
                // The request for the page is a second request to the host.
                let rest = r.delay().map_or(self.delay, |d| d.max(self.delay));
                std::thread::sleep(rest);
                self.waited(rest);
                r
            }
        };
        robots.check(target).map_err(|why| Failure {
            blocked: true,
            ..Failure::new(why, false)
        })
    }

    /// One GET after the robots check; a non-2xx/304/3xx status is a failure.
    fn get(&self, target: &str, accept: &str, v: &Validators) -> Result<Answer, Failure> {
        self.allowed(target)?;
        let t = Instant::now();
        let answer = self.client.get(target, accept, v);
        self.counters.requests.fetch_add(1, Ordering::Relaxed);
        self.worked(t);
        let answer = answer.map_err(|e| {
            let transient = !matches!(e, FetchError::TooBig(_) | FetchError::Other(_));
            Failure::new(e.to_string(), transient)
        })?;
        self.counters
            .bytes
            .fetch_add(answer.body.len() as u64, Ordering::Relaxed);
        match answer.status {
            200..=399 => Ok(answer),
            s => Err(Failure {
                message: format!("HTTP {s}"),
                status: Some(s),
                retry_after: answer.retry_after.map(|d| d.min(MAX_RETRY_AFTER)),
                blocked: false,
                transient: s == 408 || s == 429 || s >= 500,
            }),
        }
    }
}

/// A redirect's next URL, or the failure when there is none or too many.
fn redirect(ctx: &Context, from: &str, a: &Answer, hops: usize) -> Result<String, Failure> {
    if hops >= ctx.client.config().max_redirects {
        return Err(Failure::new(
            format!(
                "more than {} redirects (a loop?)",
                ctx.client.config().max_redirects
            ),
            false,
        ));
    }
    let loc = a.location.as_deref().unwrap_or_default();
    url::join(from, loc).ok_or_else(|| {
        Failure::new(
            format!("HTTP {} with no usable Location ({loc:?})", a.status),
            false,
        )
    })
}

/// Run one job.
pub fn work(ctx: &Context, job: Job) -> Done {
    match job {
        Job::Poll {
            feed,
            url: target,
            validators,
            hops,
        } => {
            let answer = match ctx.get(&target, ACCEPT_FEED, &validators) {
                Ok(a) => a,
                Err(f) => {
                    return Done::Polled {
                        feed,
                        outcome: Err(f),
                    }
                }
            };
            if (300..400).contains(&answer.status) && answer.status != 304 {
                return match redirect(ctx, &target, &answer, hops) {
                    Ok(next) => Done::Redirect(Job::Poll {
                        feed,
                        url: next,
                        validators,
                        hops: hops + 1,
                    }),
                    Err(f) => Done::Polled {
                        feed,
                        outcome: Err(f),
                    },
                };
            }
            let t = Instant::now();
            let outcome = read_poll(&feed, &target, answer);
            ctx.worked(t);
            Done::Polled { feed, outcome }
        }
        Job::Page(mut pending) => {
            let target = pending.fetch_url.clone();
            let answer = match ctx.get(&target, ACCEPT_PAGE, &Validators::default()) {
                Ok(a) => a,
                Err(f) => {
                    return Done::Page {
                        pending,
                        outcome: Err(f),
                    }
                }
            };
            if (300..400).contains(&answer.status) {
                return match redirect(ctx, &target, &answer, pending.hops) {
                    Ok(next) => {
                        pending.fetch_url = next;
                        pending.hops += 1;
                        Done::Redirect(Job::Page(pending))
                    }
                    Err(f) => Done::Page {
                        pending,
                        outcome: Err(f),
                    },
                };
            }
            let t = Instant::now();
            let outcome = read_page(&pending, &target, &answer);
            ctx.worked(t);
            Done::Page { pending, outcome }
        }
    }
}

fn read_poll(feed: &str, target: &str, answer: Answer) -> Result<Polled, Failure> {
    if answer.status == 304 {
        return Ok(Polled {
            status: 304,
            validators: answer.validators,
            items: Vec::new(),
            diags: Vec::new(),
        });
    }
    let mut items = Vec::new();
    let mut diags = Vec::new();
    if looks_like_html(&answer) {
        let hint = feed_link(&answer.body, target)
            .map(|u| format!("; the page links to the feed {u}"))
            .unwrap_or_default();
        return Err(Failure::new(
            format!("not a feed: an HTML page{hint}"),
            false,
        ));
    }
    read_feed_links(
        feed,
        "item",
        &answer.body,
        &mut |a| items.push(a),
        &mut diags,
    );
    if items.is_empty()
        && diags
            .iter()
            .any(|d| d.severity == storyline::Severity::Error)
    {
        let why = diags
            .iter()
            .find(|d| d.severity == storyline::Severity::Error)
            .map(|d| d.message.clone())
            .unwrap_or_default();
        return Err(Failure::new(format!("unreadable feed: {why}"), false));
    }
    Ok(Polled {
        status: answer.status,
        validators: answer.validators,
        items,
        diags,
    })
}

fn looks_like_html(a: &Answer) -> bool {
    let ct = a
        .content_type
        .as_deref()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if ct.contains("html") {
        return true;
    }
    let head = String::from_utf8_lossy(&a.body[..a.body.len().min(512)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// The first `<link rel="alternate">` to a feed on an HTML page.
fn feed_link(body: &[u8], base: &str) -> Option<String> {
    let text = String::from_utf8_lossy(&body[..body.len().min(64 * 1024)]);
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<link") {
        let start = from + i;
        let end = lower[start..].find('>').map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if tag.contains("alternate") && (tag.contains("rss+xml") || tag.contains("atom+xml")) {
            let at = tag.find("href=")? + 5;
            let raw = &text[start + at..end];
            let quote = raw.chars().next()?;
            let href = if quote == '"' || quote == '\'' {
                raw[1..].split(quote).next()?
            } else {
                raw.split(|c: char| c.is_whitespace() || c == '/').next()?
            };
            return url::join(base, href);
        }
        from = end;
    }
    None
}

fn read_page(
    pending: &crate::run::Pending,
    target: &str,
    answer: &Answer,
) -> Result<(Article, Vec<Diagnostic>), Failure> {
    if let Some(ct) = answer.content_type.as_deref() {
        let ct = ct.to_ascii_lowercase();
        if !(ct.contains("html") || ct.contains("xml") || ct.starts_with("text/")) {
            return Err(Failure::new(format!("not an HTML page ({ct})"), false));
        }
    }
    let info = PageInfo {
        url: Some(target),
        crawled: Some(jiff::Timestamp::now()),
        charset: answer.charset(),
    };
    let (article, diags) = extract_page(target, None, &pending.id, &answer.body, &info);
    match article {
        Some(a) => Ok((a, diags)),
        None => {
            let why = diags
                .iter()
                .find(|d| d.severity == storyline::Severity::Error)
                .map_or("no article on the page".to_string(), |d| d.message.clone());
            Err(Failure::new(why, false))
        }
    }
}

/// The worker threads: take jobs until the queue closes, send results.
pub fn spawn(
    n: usize,
    ctx: Arc<Context>,
    queue: Arc<crate::queue::Queue<Job>>,
    done: std::sync::mpsc::SyncSender<Done>,
) -> Vec<std::thread::JoinHandle<()>> {
    (0..n.max(1))
        .map(|i| {
            let (ctx, queue, done) = (ctx.clone(), queue.clone(), done.clone());
            std::thread::Builder::new()
                .name(format!("follow-{i}"))
                .spawn(move || {
                    while let Some((host, job, waited)) = queue.next() {
                        ctx.waited(waited);
                        let out = work(&ctx, job);
                        let mut rest = match &out {
                            Done::Polled { feed, .. } => ctx.rest(feed),
                            Done::Page { pending, .. } => ctx.rest(&pending.fetch_url),
                            Done::Redirect(_) => ctx.delay,
                        };
                        let retry = match &out {
                            Done::Polled {
                                outcome: Err(f), ..
                            }
                            | Done::Page {
                                outcome: Err(f), ..
                            } => f.retry_after,
                            _ => None,
                        };
                        if let Some(r) = retry {
                            rest = rest.max(r);
                        }
                        queue.release(&host, rest);
                        if done.send(out).is_err() {
                            break;
                        }
                    }
                })
                .expect("spawn a follow worker")
        })
        .collect()
}
