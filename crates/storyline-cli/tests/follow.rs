//! `storyline follow` as a process: killed with SIGKILL in the middle of a
//! run, the next run completes without storing anything twice; `--once`
//! exits by itself; bad sources are named.

#[path = "../../storyline-follow/tests/common/mod.rs"]
mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{page, rss, Route, Server};
use storyline_store::Store;

const WORDS: &[&str] = &[
    "tram", "bridge", "harbour", "library", "stadium", "clinic", "school", "market",
];

fn site(s: &Server, n: usize) -> String {
    let items: Vec<_> = (0..n)
        .map(|i| {
            // Distinct texts: two words per item from a small list.
            let topic = format!(
                "a {} and {} plan number {i}",
                WORDS[i % WORDS.len()],
                WORDS[(i / WORDS.len()) % WORDS.len()]
            );
            let path = format!("/n/{i}.html");
            s.route(
                &path,
                Route::ok(
                    "text/html",
                    page("Kill Test Gazette", &format!("Plan {i} approved"), &topic),
                ),
            );
            (
                format!("g{i}"),
                format!("Plan {i} approved"),
                s.url(&path),
                "Teaser.".to_string(),
            )
        })
        .collect();
    s.route("/robots.txt", Route::status(404));
    s.route(
        "/feed.xml",
        Route::ok("application/rss+xml", rss("Kill Test Gazette", &items)),
    );
    s.url("/feed.xml")
}

fn follow_cmd(db: &std::path::Path, feed: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_storyline"));
    cmd.args([
        "follow",
        "--once",
        "--delay",
        "60ms",
        "--batch",
        "4",
        "--batch-wait",
        "100ms",
        "--db",
    ])
    .arg(db)
    .arg(feed)
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    cmd
}

fn articles(db: &std::path::Path) -> usize {
    Store::open_read_only(db)
        .ok()
        .and_then(|s| s.health().ok())
        .map_or(0, |h| h.articles)
}

#[test]
fn a_run_killed_with_sigkill_resumes_without_duplicates() {
    let s = Server::start();
    let n = 40;
    let feed = site(&s, n);
    let dir = std::env::temp_dir().join(format!("storyline-follow-kill-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let db = dir.join("stories.db");
    let mut child = follow_cmd(&db, &feed)
        .spawn()
        .expect("start storyline follow");
    let t = Instant::now();
    while articles(&db) < 8 && t.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    let before = articles(&db);
    assert!(
        (8..n).contains(&before),
        "killed with {before} of {n} stored"
    );
    let out = follow_cmd(&db, &feed).output().expect("rerun");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = Store::open_read_only(&db).expect("read");
    let counts = store.feed_items(&feed).expect("counts");
    assert_eq!(
        store.health().expect("health").articles,
        n,
        "{counts:?} {before} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        (counts.stored, counts.duplicate, counts.failed),
        (n as i64, 0, 0)
    );
    // Pages committed before the kill were not fetched again: at most the
    // ones in flight or in the uncommitted batch were.
    let fetched: usize = (0..n).map(|i| s.count(&format!("/n/{i}.html"))).sum();
    assert!(fetched <= n + 8, "{fetched} page fetches for {n} pages");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains(&format!("{} articles stored", n - before)),
        "{said}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_sources_are_named_and_good_ones_followed() {
    let s = Server::start();
    let feed = site(&s, 2);
    let dir = std::env::temp_dir().join(format!("storyline-follow-src-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let list = dir.join("feeds.txt");
    std::fs::write(
        &list,
        format!("# outlets\n{feed}\nftp://old.example/feed\n"),
    )
    .expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["follow", "--once", "--delay", "10ms", "--db"])
        .arg(dir.join("s.db"))
        .arg(&list)
        .arg(dir.join("missing.opml"))
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("feeds.txt:3"), "{err}");
    assert!(err.contains("missing.opml"), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 articles stored"));
    std::fs::remove_dir_all(&dir).ok();
}

/// `GET path` on `addr` with a plain socket: (status, body).
fn get(addr: &str, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let Ok(mut conn) = std::net::TcpStream::connect(addr) else {
        return (0, String::new());
    };
    let _ = conn.set_read_timeout(Some(Duration::from_secs(10)));
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    if conn.write_all(request.as_bytes()).is_err() {
        return (0, String::new());
    }
    let mut raw = String::new();
    let _ = conn.read_to_string(&mut raw);
    let status = raw
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = raw.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    (status, body.to_string())
}

#[test]
fn serve_with_follow_shows_the_stories_grow_and_stops_on_sigterm() {
    use std::io::BufRead;
    let s = Server::start();
    let n = 6;
    let feed = site(&s, n);
    let dir = std::env::temp_dir().join(format!("storyline-serve-follow-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let db = dir.join("stories.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["serve", "--addr", "127.0.0.1:0", "--page-cache-ms", "0"])
        .args(["--delay", "10ms", "--batch", "2", "--batch-wait", "100ms"])
        .arg("--db")
        .arg(&db)
        .arg("--follow")
        .arg(&feed)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start storyline serve --follow");
    let mut err = std::io::BufReader::new(child.stderr.take().expect("stderr"));
    // The follower may log before the server says where it listens.
    let mut first = String::new();
    let mut said = String::new();
    while !first.contains("http://") {
        first.clear();
        if err.read_line(&mut first).expect("a line") == 0 {
            panic!("serve exited: {said}");
        }
        said.push_str(&first);
    }
    let addr = first
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {first:?}"))
        .to_string();
    let t = Instant::now();
    let mut health = String::new();
    while t.elapsed() < Duration::from_secs(60) {
        health = get(&addr, "/api/health").1;
        if health.contains(&format!("\"articles\":{n}")) {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(health.contains(&format!("\"articles\":{n}")), "{health}");
    // The stories the follower stored are served by the same process.
    let (status, list) = get(&addr, "/api/stories");
    assert_eq!(status, 200, "{list}");
    assert!(
        list.contains("\"total\":") && !list.contains("\"total\":0"),
        "{list}"
    );
    // The feeds page's data: the feed, its items, its last success.
    let (status, feeds) = get(&addr, "/api/feeds");
    assert_eq!(status, 200, "{feeds}");
    let feeds: serde_json::Value = serde_json::from_str(&feeds).expect("feeds JSON");
    let row = &feeds["feeds"][0];
    assert_eq!(row["url"].as_str(), Some(feed.as_str()), "{feeds}");
    assert_eq!(row["items"]["stored"].as_i64(), Some(n as i64), "{feeds}");
    assert!(row["last_success"].is_string(), "{feeds}");
    // SIGTERM: the server finishes, the follower stops, the process exits.
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let t = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if t.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut rest = String::new();
    let _ = std::io::Read::read_to_string(&mut err, &mut rest);
    let status = status.unwrap_or_else(|| panic!("still running 30 s after SIGTERM: {rest}"));
    assert!(status.success(), "{status:?}: {rest}");
    assert!(rest.contains("stopped"), "{rest}");
    let store = Store::open_read_only(&db).expect("read");
    assert_eq!(store.feed_items(&feed).expect("counts").stored, n as i64);
    std::fs::remove_dir_all(&dir).ok();
}
