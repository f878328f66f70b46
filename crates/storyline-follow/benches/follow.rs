//! Follow benchmark: `FEEDS` local feeds (default 200) of `ITEMS` teaser
//! items each (default 50), spread over `HOSTS` servers on 127.0.0.1
//! (default 20, so politeness applies per server as it would per site),
//! followed once by the release `storyline` binary under `/usr/bin/time`.
//!
//! ```text
//! cargo build --release -p storyline-cli
//! cargo bench -p storyline-follow --bench follow
//! FEEDS=200 ITEMS=50 HOSTS=20 DELAY=20ms WORKERS=8 BATCH=1000 cargo bench -p storyline-follow --bench follow
//! ```
//!
//! Prints articles per second end to end, CPU time per article, peak RSS of
//! the follower, and the share of worker time spent waiting on politeness.
//! The pages are the synthetic corpus (`storyline::synth`) rendered as
//! news pages: headline, outlet, date, navigation, paragraphs, footer.

#[path = "../tests/common/mod.rs"]
mod common;

use std::fmt::Write as _;
use std::process::Command;

use common::{Route, Server};

fn env(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn page(a: &storyline::Article) -> String {
    let mut body = String::new();
    for line in a.text.lines().filter(|l| !l.trim().is_empty()) {
        let _ = write!(body, "<p>{}</p>", escape(line));
    }
    let outlet = escape(a.outlet());
    let date = a.published.map(|p| p.at.to_string()).unwrap_or_default();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t} | {outlet}</title>\
<meta property=\"og:site_name\" content=\"{outlet}\"><meta property=\"article:published_time\" content=\"{date}\"></head>\
<body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a> <a href=\"/sport\">Sport</a></nav>\
<article><h1>{t}</h1>{body}</article><aside><h2>Most read</h2><ul><li><a href=\"/a\">Another story</a></li></ul></aside>\
<footer>Copyright {outlet}</footer></body></html>",
        t = escape(&a.title)
    )
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let feeds: usize = env("FEEDS", "200").parse().unwrap_or(200);
    let items: usize = env("ITEMS", "50").parse().unwrap_or(50);
    let hosts: usize = env("HOSTS", "20").parse().unwrap_or(20).max(1);
    let delay = env("DELAY", "20ms");
    let workers = env("WORKERS", "8");
    let batch = env("BATCH", "1000");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let bin = std::env::var("STORYLINE_BIN")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| root.join("target/release/storyline"));
    if !bin.exists() {
        eprintln!(
            "{} not found: cargo build --release -p storyline-cli first",
            bin.display()
        );
        std::process::exit(2);
    }
    let (articles, _) = storyline::synth::corpus(feeds * items, 42);
    let servers: Vec<Server> = (0..hosts).map(|_| Server::start()).collect();
    let mut list = String::new();
    let mut bytes = 0usize;
    for f in 0..feeds {
        let s = &servers[f % hosts];
        s.route(
            "/robots.txt",
            Route::ok("text/plain", "User-agent: *\nDisallow: /private/\n"),
        );
        let mut rows = Vec::new();
        for i in 0..items {
            let n = f * items + i;
            let a = &articles[n];
            let path = format!("/a/{n}.html");
            let html = page(a);
            bytes += html.len();
            s.route(&path, Route::ok("text/html; charset=utf-8", html));
            rows.push((
                format!("item-{n}"),
                escape(&a.title),
                s.url(&path),
                "Teaser.".to_string(),
            ));
        }
        let path = format!("/feed/{f}.xml");
        s.route(
            &path,
            Route::ok(
                "application/rss+xml",
                common::rss(&format!("Feed {f}"), &rows),
            ),
        );
        let _ = writeln!(list, "{}", s.url(&path));
    }
    let dir = std::env::temp_dir().join(format!("storyline-follow-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let feeds_file = dir.join("feeds.txt");
    std::fs::write(&feeds_file, list).expect("write the feed list");
    let out = Command::new("/usr/bin/time")
        .args([
            "-f",
            "time: %e s wall, %U s user, %S s system, %M KB peak RSS",
        ])
        .arg(&bin)
        .args([
            "follow",
            "--once",
            "--delay",
            &delay,
            "--workers",
            &workers,
            "--db",
        ])
        .arg(dir.join("stories.db"))
        .arg(&feeds_file)
        .output()
        .expect("run storyline follow under /usr/bin/time");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let Some(time) = stderr.lines().rev().find(|l| l.starts_with("time: ")) else {
        eprintln!("no timing line:\n{stderr}");
        std::process::exit(2);
    };
    let nums: Vec<f64> = time
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter_map(|t| t.parse().ok())
        .collect();
    let (wall, user, sys, rss_kb) = (nums[0], nums[1], nums[2], nums[3]);
    let n = feeds * items;
    println!("follow bench: {feeds} feeds x {items} items on {hosts} hosts, delay {delay}, {workers} workers, batch {batch}, {:.1} MB of pages", bytes as f64 / 1e6);
    println!("{}", stdout.trim());
    println!(
        "{:.0} articles/s end to end; {:.2} ms CPU per article; peak RSS {:.0} MB; wall {wall:.1} s",
        n as f64 / wall,
        1000.0 * (user + sys) / n as f64,
        rss_kb / 1024.0
    );
    // The same articles through `storyline ingest`, same batch size: what
    // the store alone costs, so the follower's own share shows.
    let jsonl = dir.join("articles.jsonl");
    let mut lines = String::new();
    for a in &articles {
        let _ = writeln!(lines, "{}", storyline::synth::jsonl_line(a));
    }
    std::fs::write(&jsonl, lines).expect("write articles");
    let out = Command::new("/usr/bin/time")
        .args([
            "-f",
            "time: %e s wall, %U s user, %S s system, %M KB peak RSS",
        ])
        .arg(&bin)
        .args(["ingest", "-q", "--batch", &batch, "--db"])
        .arg(dir.join("ingest.db"))
        .arg(&jsonl)
        .output()
        .expect("run storyline ingest under /usr/bin/time");
    let stderr = String::from_utf8_lossy(&out.stderr);
    if let Some(time) = stderr.lines().rev().find(|l| l.starts_with("time: ")) {
        let nums: Vec<f64> = time
            .split(|c: char| !(c.is_ascii_digit() || c == '.'))
            .filter_map(|t| t.parse().ok())
            .collect();
        println!(
            "storyline ingest of the same {n} articles: {:.0} articles/s; {:.2} ms CPU per article; peak RSS {:.0} MB",
            n as f64 / nums[0],
            1000.0 * (nums[1] + nums[2]) / n as f64,
            nums[3] / 1024.0
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
