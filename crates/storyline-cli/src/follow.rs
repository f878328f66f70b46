//! `storyline follow`: poll feeds into a story database until stopped (or
//! once, with `--once`). Also run by `storyline serve --follow`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use storyline_follow::{http::HttpConfig, Event, FollowConfig, Stats};
use storyline_store::Store;

#[derive(clap::Args, Clone)]
pub struct Args {
    /// The story database (created if missing); it also keeps the feeds
    /// followed and the items seen.
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,
    /// Feeds to follow: feed URLs, files of URLs (one a line, `#` comments)
    /// or OPML files. Feeds followed before stay followed; with none, the
    /// database's feeds are polled.
    #[arg(value_name = "SOURCE")]
    pub sources: Vec<String>,
    #[command(flatten)]
    pub options: Options,
}

/// How to follow; shared with `serve --follow`.
#[derive(clap::Args, Clone)]
pub struct Options {
    /// Poll every feed once, store what it brings, and exit (for cron).
    #[arg(long)]
    pub once: bool,
    /// How site owners can reach you (an email or a URL), sent in the
    /// User-Agent.
    #[arg(long, value_name = "CONTACT")]
    pub contact: Option<String>,
    /// Pause between two requests to one host (robots.txt Crawl-delay wins
    /// when longer): 500ms, 2s, 1m.
    #[arg(long, value_name = "TIME", default_value = "2s", value_parser = duration)]
    pub delay: Duration,
    /// Shortest poll interval of a feed.
    #[arg(long, value_name = "TIME", default_value = "5m", value_parser = duration)]
    pub min_interval: Duration,
    /// Longest poll interval of a feed.
    #[arg(long, value_name = "TIME", default_value = "6h", value_parser = duration)]
    pub max_interval: Duration,
    /// Requests in flight at once, to different hosts.
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub workers: u16,
    /// Articles per transaction (a transaction is also written when an
    /// article has waited --batch-wait, or when nothing is in flight).
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
    pub batch: u32,
    /// Longest an article waits for its batch to be written.
    #[arg(long, value_name = "TIME", default_value = "10s", value_parser = duration)]
    pub batch_wait: Duration,
    /// Time allowed for one request, body included.
    #[arg(long, value_name = "TIME", default_value = "30s", value_parser = duration)]
    pub timeout: Duration,
    /// Time allowed to connect.
    #[arg(long, value_name = "TIME", default_value = "10s", value_parser = duration)]
    pub connect_timeout: Duration,
    /// Largest feed or page to download, in bytes (named apart from
    /// `serve --max-body`, the largest request the server accepts).
    #[arg(long, value_name = "BYTES", default_value_t = 8 * 1024 * 1024)]
    pub max_download: u64,
    /// Tries of a page that fails in a way that may pass (timeouts, 5xx).
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u8).range(1..=20))]
    pub tries: u8,
}

impl Options {
    pub fn config(&self) -> FollowConfig {
        FollowConfig {
            http: HttpConfig {
                user_agent: HttpConfig::user_agent_for(self.contact.as_deref()),
                connect_timeout: self.connect_timeout,
                timeout: self.timeout,
                max_body: self.max_download,
                max_redirects: 5,
            },
            delay: self.delay,
            min_interval: self.min_interval,
            max_interval: self.max_interval.max(self.min_interval),
            workers: usize::from(self.workers),
            batch: self.batch as usize,
            batch_wait: self.batch_wait,
            max_attempts: i64::from(self.tries),
            once: self.once,
        }
    }
}

/// `500ms`, `2s`, `5m`, `6h`, `1d`, or plain seconds (`1.5`).
pub fn duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num
        .parse()
        .map_err(|_| format!("{s:?} is not a time (try 500ms, 2s, 5m, 6h)"))?;
    let secs = match unit.trim() {
        "ms" => n / 1000.0,
        "" | "s" => n,
        "m" | "min" => n * 60.0,
        "h" => n * 3600.0,
        "d" => n * 86400.0,
        u => return Err(format!("unknown time unit {u:?} (use ms, s, m, h or d)")),
    };
    if !secs.is_finite() || !(0.0..=3.2e7).contains(&secs) {
        return Err(format!("{s:?} is out of range"));
    }
    Ok(Duration::from_secs_f64(secs))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let stop = Arc::new(AtomicBool::new(false));
    watch_signals(stop.clone());
    let stats = follow(&args.db, &args.sources, &args.options, &stop)?;
    report(&args.db, &stats);
    Ok(ExitCode::SUCCESS)
}

/// Follow into `db` until `stop` (or once); progress and problems on stderr.
pub fn follow(
    db: &std::path::Path,
    sources: &[String],
    options: &Options,
    stop: &AtomicBool,
) -> anyhow::Result<Stats> {
    let (feeds, diags) = storyline_follow::read_sources(sources);
    for d in &diags {
        eprintln!("{d}");
    }
    if !sources.is_empty() && feeds.is_empty() {
        anyhow::bail!("none of the sources named a feed");
    }
    let mut store = Store::open(db).with_context(|| format!("opening {}", db.display()))?;
    let config = options.config();
    let mut log = Log::new();
    let stats = storyline_follow::follow(&mut store, &feeds, &config, stop, &mut |e| log.event(e))
        .with_context(|| format!("following into {}", db.display()))?;
    log.bar.finish_and_clear();
    Ok(stats)
}

/// Progress on a terminal (a status line with problems printed above it),
/// plain timestamped lines otherwise.
struct Log {
    bar: ProgressBar,
    terminal: bool,
    polls: u64,
    stored: u64,
    problems: u64,
}

impl Log {
    fn new() -> Log {
        let terminal = std::io::stderr().is_terminal();
        let bar = if terminal {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        } else {
            ProgressBar::hidden()
        };
        Log {
            bar,
            terminal,
            polls: 0,
            stored: 0,
            problems: 0,
        }
    }

    fn line(&self, text: String) {
        if self.terminal {
            self.bar.println(text);
        } else {
            eprintln!(
                "{} {text}",
                jiff::Timestamp::now()
                    .round(jiff::Unit::Second)
                    .unwrap_or_else(|_| jiff::Timestamp::now())
            );
        }
    }

    fn event(&mut self, e: &Event) {
        match e {
            Event::Polled {
                feed,
                status,
                items,
                new,
            } => {
                self.polls += 1;
                if !self.terminal || *new > 0 {
                    let what = if *status == 304 {
                        "not modified".to_string()
                    } else {
                        format!("{items} items, {new} new")
                    };
                    self.line(format!("polled {feed}: {what}"));
                }
            }
            Event::Stored {
                added,
                duplicates,
                stories_changed,
            } => {
                self.stored += *added as u64;
                self.line(format!(
                    "stored {added} articles ({duplicates} already stored), {stories_changed} stories changed"
                ));
            }
            Event::Problem {
                feed,
                url,
                severity,
                message,
            } => {
                self.problems += 1;
                let at = if url == feed {
                    feed.clone()
                } else {
                    format!("{url} (feed {feed})")
                };
                self.line(format!("{}: {at}: {message}", severity.as_str()));
            }
        }
        self.bar.set_message(format!(
            "following: {} polls, {} articles stored, {} problems",
            self.polls, self.stored, self.problems
        ));
    }
}

pub fn report(db: &std::path::Path, s: &Stats) {
    let busy = s.work.as_secs_f64() + s.polite_wait.as_secs_f64();
    let share = if busy > 0.0 {
        100.0 * s.polite_wait.as_secs_f64() / busy
    } else {
        0.0
    };
    println!(
        "{}: {} polls ({} not modified, {} failed), {} pages, {} articles stored, {} already stored, {} items already seen, {} failed, {} blocked by robots.txt; {} requests, {:.1} MB in {:.1} s ({:.0}% of worker time waiting on politeness)",
        db.display(),
        s.polls,
        s.not_modified,
        s.feed_errors,
        s.pages,
        s.stored,
        s.duplicates,
        s.seen,
        s.failed,
        s.blocked,
        s.requests,
        s.bytes as f64 / 1e6,
        s.elapsed.as_secs_f64(),
        share
    );
}

/// Ctrl-C or SIGTERM: finish the batch in hand and stop. A second one
/// exits at once (the batch is lost, nothing committed is).
pub fn watch_signals(stop: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        let Ok(rt) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        rt.block_on(async {
            storyline_server::shutdown_signal().await;
            eprintln!("storyline: stopping after the current batch");
            stop.store(true, Ordering::Relaxed);
            storyline_server::shutdown_signal().await;
            std::process::exit(130);
        });
    });
}

#[cfg(test)]
mod tests {
    use super::duration;
    use std::time::Duration;

    #[test]
    fn durations_read_with_units() {
        assert_eq!(duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(duration("2s"), Ok(Duration::from_secs(2)));
        assert_eq!(duration("1.5"), Ok(Duration::from_millis(1500)));
        assert_eq!(duration("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(duration("6h"), Ok(Duration::from_secs(21600)));
        assert!(duration("5 parsecs").is_err());
        assert!(duration("-1s").is_err());
    }
}
