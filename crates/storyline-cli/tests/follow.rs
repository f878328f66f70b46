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
