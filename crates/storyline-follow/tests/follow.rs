//! `follow` against local servers (127.0.0.1 only) with the faults a live
//! feed list produces: every item stored once, robots.txt obeyed, one
//! request at a time per host with the delay kept, 304 on the second poll,
//! and failures that never stop the other feeds.

mod common;

use std::sync::atomic::AtomicBool;
use std::time::Duration;

use common::{page, rss, Route, Server};
use storyline_follow::{follow, FollowConfig, Stats};
use storyline_store::{ItemKey, ItemState, Store};

const TOPICS: &[&str] = &[
    "a new tram line",
    "a harbour bridge",
    "a solar farm",
    "a public library",
    "a night bus service",
    "a river flood wall",
    "a cycle lane network",
    "a hospital wing",
    "a school kitchen",
    "a football stadium",
    "a recycling plant",
    "a rent freeze",
];

fn config() -> FollowConfig {
    FollowConfig {
        delay: Duration::from_millis(40),
        min_interval: Duration::from_secs(60),
        workers: 4,
        batch: 5,
        batch_wait: Duration::from_millis(200),
        once: true,
        http: storyline_follow::http::HttpConfig {
            timeout: Duration::from_secs(2),
            connect_timeout: Duration::from_secs(2),
            ..Default::default()
        },
        ..FollowConfig::default()
    }
}

fn temp_db(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("storyline-follow-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join("stories.db")
}

fn run(db: &std::path::Path, sources: &[String], config: &FollowConfig) -> Stats {
    let mut store = Store::open(db).expect("open store");
    let log = std::env::var_os("FOLLOW_TEST_LOG").is_some();
    follow(
        &mut store,
        sources,
        config,
        &AtomicBool::new(false),
        &mut |e| {
            if log {
                eprintln!("{e:?}");
            }
        },
    )
    .expect("follow")
}

/// A site with `n` teaser items starting at topic `from`, their pages and a
/// robots.txt; returns the feed URL.
fn site(s: &Server, outlet: &str, from: usize, n: usize) -> String {
    let items: Vec<_> = (from..from + n)
        .map(|i| {
            let link = s.url(&format!("/news/{i}.html"));
            s.route(
                &format!("/news/{i}.html"),
                Route::ok(
                    "text/html; charset=utf-8",
                    page(outlet, &format!("Council backs {}", TOPICS[i]), TOPICS[i]),
                ),
            );
            (
                format!("{outlet}-{i}"),
                format!("Council backs {}", TOPICS[i]),
                link,
                "Short teaser.".to_string(),
            )
        })
        .collect();
    s.route(
        "/robots.txt",
        Route::ok("text/plain", "User-agent: *\nDisallow: /private/\n"),
    );
    s.route(
        "/feed.xml",
        Route {
            etag: Some("\"v1\"".into()),
            ..Route::ok("application/rss+xml", rss(outlet, &items))
        },
    );
    s.url("/feed.xml")
}

#[test]
fn every_item_is_stored_once_across_feeds_and_polls() {
    let a = Server::start();
    let b = Server::start();
    let feed_a = site(&a, "Northbridge Post", 0, 6);
    // The second outlet carries three of the first's links under its own
    // GUIDs, with tracking parameters, and two stories of its own.
    let mut items: Vec<_> = (0..3)
        .map(|i| {
            (
                format!("b-copy-{i}"),
                format!("Council backs {}", TOPICS[i]),
                a.url(&format!("/news/{i}.html?utm_source=feed")),
                "Teaser.".to_string(),
            )
        })
        .collect();
    for (i, topic) in TOPICS.iter().enumerate().take(8).skip(6) {
        let headline = format!("Council backs {topic}");
        let path = format!("/b/{i}.html");
        b.route(
            &path,
            Route::ok("text/html", page("Valley Herald", &headline, topic)),
        );
        items.push((format!("b-{i}"), headline, b.url(&path), "Teaser.".into()));
    }
    b.route(
        "/rss",
        Route {
            etag: Some("\"b1\"".into()),
            ..Route::ok("application/rss+xml", rss("Valley Herald", &items))
        },
    );
    let feeds = vec![feed_a.clone(), b.url("/rss")];
    let db = temp_db("once");
    let first = run(&db, &feeds, &config());
    let store = Store::open_read_only(&db).expect("read");
    assert_eq!(store.health().expect("health").articles, 8, "{first:?}");
    for i in 0..6 {
        assert_eq!(
            a.count(&format!("/news/{i}.html")),
            1,
            "page {i} fetched once"
        );
    }
    // Known by every key: the copy's GUID points to the one article.
    let copy = store
        .item(&ItemKey::guid(&b.url("/rss"), "b-copy-1"))
        .expect("item")
        .expect("the copy is recorded");
    assert_eq!(
        copy.article.as_deref(),
        Some(a.url("/news/1.html").as_str())
    );

    // Second poll: conditional GET, 304, nothing fetched or stored again.
    let second = run(&db, &feeds, &config());
    assert_eq!(
        (second.not_modified, second.stored, second.pages),
        (2, 0, 0),
        "{second:?}"
    );
    let feed_hits: Vec<_> = a
        .hits()
        .into_iter()
        .filter(|h| h.path == "/feed.xml")
        .collect();
    assert_eq!(feed_hits.len(), 2);
    assert_eq!(
        feed_hits[1]
            .headers
            .get("if-none-match")
            .map(String::as_str),
        Some("\"v1\"")
    );
    assert_eq!(feed_hits[1].status, 304);
    assert!(feed_hits[0]
        .headers
        .get("user-agent")
        .is_some_and(|u| u.starts_with("storyline/")));
    assert_eq!(
        Store::open_read_only(&db)
            .expect("read")
            .health()
            .expect("health")
            .articles,
        8
    );
    let f = Store::open_read_only(&db)
        .expect("read")
        .feeds()
        .expect("feeds");
    assert!(
        f.iter()
            .all(|f| f.polls == 2 && f.not_modified == 1 && f.failures == 0),
        "{f:?}"
    );
}

#[test]
fn the_same_item_in_twenty_feeds_is_fetched_and_stored_once() {
    let origin = Server::start();
    let _ = site(&origin, "Wire", 0, 3);
    // Twenty outlets on twenty hosts carry the wire's three links, each
    // under its own GUIDs.
    let outlets: Vec<Server> = (0..20).map(|_| Server::start()).collect();
    let feeds: Vec<String> = outlets
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let items: Vec<_> = (0..3)
                .map(|i| {
                    let link = origin.url(&format!("/news/{i}.html"));
                    (
                        format!("o{k}-{i}"),
                        format!("Council backs {}", TOPICS[i]),
                        link,
                        "T.".to_string(),
                    )
                })
                .collect();
            s.route("/robots.txt", Route::status(404));
            s.route(
                "/rss",
                Route::ok("application/rss+xml", rss(&format!("Outlet {k}"), &items)),
            );
            s.url("/rss")
        })
        .collect();
    let db = temp_db("twenty");
    let stats = run(&db, &feeds, &config());
    assert_eq!(stats.stored, 3, "{stats:?}");
    for i in 0..3 {
        assert_eq!(origin.count(&format!("/news/{i}.html")), 1);
    }
    let store = Store::open_read_only(&db).expect("read");
    let per_feed: Vec<_> = feeds
        .iter()
        .map(|f| store.feed_items(f).expect("counts"))
        .collect();
    // Every feed's three items are recorded: stored by one, duplicates in
    // the others.
    assert!(
        per_feed.iter().all(|c| c.stored + c.duplicate == 3),
        "{per_feed:?}"
    );
    assert_eq!(per_feed.iter().map(|c| c.stored).sum::<i64>(), 3);
}

#[test]
fn guids_that_change_on_every_poll_are_one_item() {
    let s = Server::start();
    let feed = site(&s, "Harbour Daily", 0, 3);
    let db = temp_db("guids");
    let mut cfg = config();
    run(&db, std::slice::from_ref(&feed), &cfg);
    // The same links under new GUIDs, and no validators this time.
    let items: Vec<_> = (0..3)
        .map(|i| {
            (
                format!("fresh-{i}-x"),
                format!("Council backs {}", TOPICS[i]),
                s.url(&format!("/news/{i}.html")),
                "T.".into(),
            )
        })
        .collect();
    s.route(
        "/feed.xml",
        Route::ok("application/rss+xml", rss("Harbour Daily", &items)),
    );
    cfg.batch = 1;
    let again = run(&db, &[feed], &cfg);
    assert_eq!(
        (again.stored, again.pages, again.seen),
        (0, 0, 3),
        "{again:?}"
    );
    for i in 0..3 {
        assert_eq!(s.count(&format!("/news/{i}.html")), 1);
    }
}

#[test]
fn robots_disallowed_pages_are_never_fetched() {
    let s = Server::start();
    s.route(
        "/robots.txt",
        Route::ok("text/plain", "User-agent: *\nDisallow: /private/\n"),
    );
    s.route(
        "/private/1.html",
        Route::ok("text/html", page("X", "Secret", TOPICS[0])),
    );
    s.route(
        "/open/2.html",
        Route::ok("text/html", page("X", "Open", TOPICS[1])),
    );
    let items = vec![
        (
            "p1".to_string(),
            "Secret".to_string(),
            s.url("/private/1.html"),
            "T.".to_string(),
        ),
        (
            "o2".to_string(),
            "Open".to_string(),
            s.url("/open/2.html"),
            "T.".to_string(),
        ),
    ];
    s.route(
        "/feed.xml",
        Route::ok("application/rss+xml", rss("X", &items)),
    );
    let db = temp_db("robots");
    let stats = run(&db, &[s.url("/feed.xml")], &config());
    assert_eq!(s.count("/private/1.html"), 0);
    assert_eq!(
        s.count("/robots.txt"),
        1,
        "{:?}",
        s.hits()
            .iter()
            .map(|h| (&h.path, h.start))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        s.count("/robots.txt"),
        1,
        "robots.txt fetched once per site"
    );
    assert_eq!((stats.stored, stats.blocked), (1, 1), "{stats:?}");
    let store = Store::open_read_only(&db).expect("read");
    let item = store
        .item(&ItemKey::guid(&s.url("/feed.xml"), "p1"))
        .expect("item")
        .expect("recorded");
    assert_eq!(item.state, ItemState::Blocked);
    assert_eq!(
        store
            .feed_items(&s.url("/feed.xml"))
            .expect("counts")
            .blocked,
        1
    );
}

#[test]
fn one_request_at_a_time_per_host_and_the_delay_between() {
    let a = Server::start();
    let b = Server::start();
    let fa = site(&a, "A", 0, 6);
    let fb = site(&b, "B", 6, 6);
    let mut cfg = config();
    cfg.delay = Duration::from_millis(150);
    cfg.workers = 6;
    let db = temp_db("polite");
    let stats = run(&db, &[fa, fb], &cfg);
    assert_eq!(stats.stored, 12, "{stats:?}");
    for s in [&a, &b] {
        let mut hits = s.hits();
        hits.sort_by_key(|h| h.start);
        assert_eq!(hits.len(), 8, "robots, feed, six pages");
        for w in hits.windows(2) {
            let gap = w[1].start.saturating_duration_since(w[0].end);
            assert!(
                w[1].start >= w[0].end,
                "overlapping requests to one host: {:?}",
                w
            );
            // The server logs a little after the client finished reading.
            assert!(
                gap >= Duration::from_millis(120),
                "gap {gap:?} between {} and {}",
                w[0].path,
                w[1].path
            );
        }
    }
    // The two hosts were served side by side, not one after the other.
    let (a0, b0) = (a.hits()[0].start, b.hits()[0].start);
    let apart = if a0 > b0 { a0 - b0 } else { b0 - a0 };
    assert!(apart < Duration::from_millis(500), "{apart:?}");
    assert!(stats.polite_wait > Duration::ZERO);
}

#[test]
fn failing_feeds_and_pages_never_stop_the_others() {
    let s = Server::start();
    let good = site(&s, "Good", 0, 2);
    s.route("/500.xml", Route::status(500));
    // A host that asks for an hour's rest holds only itself up.
    let limited_host = Server::start();
    limited_host.route(
        "/limit.xml",
        Route::status(429).header("Retry-After", "3600"),
    );
    limited_host.route("/robots.txt", Route::status(404));
    s.route("/page.xml", Route::ok("text/html", "<!DOCTYPE html><html><head><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed.xml\"></head><body>Hi</body></html>"));
    s.route(
        "/loop-a.xml",
        Route::status(302).header("Location", "/loop-b.xml"),
    );
    s.route(
        "/loop-b.xml",
        Route::status(301).header("Location", "/loop-a.xml"),
    );
    s.route(
        "/slow.xml",
        Route {
            trickle: Some(Duration::from_millis(30)),
            ..Route::ok("application/rss+xml", rss("Slow", &[]))
        },
    );
    // Pages: one fails twice then works, one is too big, one is Windows-1252
    // without saying so, one is gone.
    let bad_items = vec![
        (
            "flaky".to_string(),
            "Flaky".to_string(),
            s.url("/p/flaky.html"),
            "T.".to_string(),
        ),
        (
            "big".to_string(),
            "Big".to_string(),
            s.url("/p/big.html"),
            "T.".to_string(),
        ),
        (
            "cp".to_string(),
            "Café".to_string(),
            s.url("/p/cp.html"),
            "T.".to_string(),
        ),
        (
            "gone".to_string(),
            "Gone".to_string(),
            s.url("/p/gone.html"),
            "T.".to_string(),
        ),
    ];
    s.route(
        "/pages.xml",
        Route::ok("application/rss+xml", rss("Pages", &bad_items)),
    );
    s.route(
        "/p/flaky.html",
        Route {
            first: vec![503, 502],
            ..Route::ok("text/html", page("F", "Flaky", TOPICS[4]))
        },
    );
    s.route("/p/big.html", Route::ok("text/html", "x".repeat(300_000)));
    let cp = page("Café Times", "Le café du port rouvre", TOPICS[5])
        .replace("<meta charset=\"utf-8\">", "");
    let cp_bytes: Vec<u8> = cp
        .chars()
        .map(|c| if c == 'é' { 0xE9 } else { c as u8 })
        .collect();
    s.route("/p/cp.html", Route::ok("text/html", cp_bytes));
    let feeds: Vec<String> = [
        "/500.xml",
        "/page.xml",
        "/loop-a.xml",
        "/slow.xml",
        "/pages.xml",
    ]
    .iter()
    .map(|p| s.url(p))
    .chain([good.clone(), limited_host.url("/limit.xml")])
    // A TLS handshake with a server that speaks plain HTTP fails.
    .chain([plain_http_server()])
    .collect();
    let mut cfg = config();
    cfg.http.max_body = 200_000;
    cfg.http.timeout = Duration::from_millis(800);
    let db = temp_db("faults");
    let stats = run(&db, &feeds, &cfg);
    let store = Store::open_read_only(&db).expect("read");
    let by_url: std::collections::HashMap<String, _> = store
        .feeds()
        .expect("feeds")
        .into_iter()
        .map(|f| (f.url.clone(), f))
        .collect();
    let error = |p: &str| by_url[&s.url(p)].last_error.clone().unwrap_or_default();
    assert!(
        error("/500.xml").contains("HTTP 500"),
        "{}",
        error("/500.xml")
    );
    // One failure: the next poll waits twice the shortest interval.
    let failed = &by_url[&s.url("/500.xml")];
    assert_eq!(failed.next_poll - failed.last_poll.unwrap_or(0), 2 * 60);
    let limited = &by_url[&limited_host.url("/limit.xml")];
    assert!(limited
        .last_error
        .as_deref()
        .unwrap_or_default()
        .contains("HTTP 429"));
    assert!(
        limited.next_poll - limited.last_poll.unwrap_or(0) >= 3600,
        "Retry-After obeyed"
    );
    assert!(
        error("/page.xml").contains("not a feed"),
        "{}",
        error("/page.xml")
    );
    assert!(
        error("/page.xml").contains("/feed.xml"),
        "the page's feed is suggested"
    );
    assert!(
        error("/loop-a.xml").contains("redirects"),
        "{}",
        error("/loop-a.xml")
    );
    assert!(
        error("/slow.xml").contains("timed out"),
        "{}",
        error("/slow.xml")
    );
    let tls = by_url
        .values()
        .find(|f| f.url.starts_with("https://"))
        .expect("https feed");
    assert!(
        tls.last_error
            .as_deref()
            .unwrap_or_default()
            .contains("TLS"),
        "{tls:?}"
    );
    assert_eq!(by_url.values().filter(|f| f.failures > 0).count(), 6);
    // The good feed and the good pages are stored all the same.
    assert_eq!(store.feed_items(&good).expect("counts").stored, 2);
    let pages = store.feed_items(&s.url("/pages.xml")).expect("counts");
    assert_eq!((pages.stored, pages.failed), (2, 2), "{pages:?} {stats:?}");
    assert_eq!(s.count("/p/flaky.html"), 3, "two failures, then the page");
    let cafe = store
        .article(&s.url("/p/cp.html"))
        .expect("read")
        .expect("stored");
    assert!(
        cafe.to_string().contains("Le café du port rouvre"),
        "{cafe}"
    );
    assert!(error("/pages.xml").contains("HTTP 404") || error("/pages.xml").contains("body over"));
    assert_eq!(by_url[&s.url("/pages.xml")].errors, 2);
}

/// An `https://` URL of a server that answers every connection at once in
/// plain HTTP, as a misconfigured site does.
fn plain_http_server() -> String {
    use std::io::Write;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for mut conn in listener.incoming().flatten() {
            let _ = conn.write_all(b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
        }
    });
    format!("https://{addr}/feed.xml")
}
