//! Hostile and heavy input (issue 14): what a client, a web page in a
//! browser or an article's own fields can do to the server, and what it
//! cannot.
#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::*;

fn article(id: &str, url: &str) -> storyline::Article {
    let mut a = storyline::Article::new(
        id,
        "Harbour talks end without a deal",
        format!(
            "The harbour talks in Marbeck ended without a deal on Tuesday, officials said ({id}).\n\n\
             The spokesman said the dispute would return to court next month."
        ),
    );
    a.url = Some(url.into());
    a.source = Some("Test Wire".into());
    a.published = storyline::ingest::parse_published("2016-09-06");
    a
}

#[test]
fn a_url_with_bidi_controls_is_never_a_link() {
    let dir = scratch("hostile-bidi");
    let db = dir.join("stories.db");
    // Shown as is, "https://bank.example/\u{202E}fdp.exe" reads ".../exe.pdf".
    let tricks = [
        "https://bank.example/\u{202E}fdp.exe",
        "https://bank.example/\u{2066}a\u{2069}",
        "https://bank.example/\u{202A}b",
    ];
    let articles = tricks
        .iter()
        .enumerate()
        .map(|(i, u)| article(&format!("bidi-{i}"), u))
        .chain([article("plain", "https://bank.example/report")])
        .collect();
    build_db(&db, articles);
    let server = Server::start(&db, 64 * 1024);
    for (i, url) in tricks.iter().enumerate() {
        let r = server.get(&format!("/articles/bidi-{i}"));
        assert_eq!(r.status, 200);
        let page = r.text();
        assert!(!page.contains("href=\"https://bank.example/"), "{page}");
        for c in ('\u{202A}'..='\u{202E}').chain('\u{2066}'..='\u{2069}') {
            assert!(
                !page.contains(c),
                "U+{:04X} on the page of {url:?}",
                u32::from(c)
            );
        }
        assert!(page.contains("not a web link"), "{page}");
        assert!(page.contains("https://bank.example/[U+"), "{page}");
    }
    // A plain URL is still a link.
    let page = server.get("/articles/plain").text();
    assert!(
        page.contains("<a href=\"https://bank.example/report\""),
        "{page}"
    );
}

/// A connection that has sent `head` and stalls.
fn stalled(addr: std::net::SocketAddr, head: &str) -> TcpStream {
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(head.as_bytes()).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s
}

/// What the server sends before it closes `s` (empty: closed without a word).
fn read_until_closed(s: &mut TcpStream) -> Vec<u8> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return raw,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return raw,
            Err(e) => panic!("still open after {raw:?}: {e}"),
        }
    }
}

fn short_timeouts(db: &std::path::Path) -> storyline_server::Config {
    let mut config = storyline_server::Config::new(db);
    config.max_body = 64 * 1024;
    config.header_timeout = Duration::from_millis(500);
    config.body_timeout = Duration::from_millis(500);
    config
}

#[test]
fn a_client_that_stalls_in_its_headers_is_disconnected() {
    let dir = scratch("hostile-slowloris");
    let db = dir.join("stories.db");
    build_db(&db, vec![article("a1", "https://e.example/1")]);
    let server = Server::start_with(short_timeouts(&db));
    let start = Instant::now();
    let mut half = stalled(
        server.addr,
        &format!(
            "GET /api/health HTTP/1.1\r\nHost: {}\r\nX-Slow: ",
            server.addr
        ),
    );
    let mut silent = stalled(server.addr, "");
    read_until_closed(&mut half);
    read_until_closed(&mut silent);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(server.get("/api/health").status, 200);
}

#[test]
fn idle_connections_beyond_the_bound_do_not_stop_health_answering() {
    let dir = scratch("hostile-idle");
    let db = dir.join("stories.db");
    build_db(&db, vec![article("a1", "https://e.example/1")]);
    let mut config = short_timeouts(&db);
    config.max_connections = 4;
    let server = Server::start_with(config);
    // Twice as many idle connections as may be served, some half-sent.
    let idle: Vec<TcpStream> = (0..8)
        .map(|i| {
            stalled(
                server.addr,
                if i % 2 == 0 { "" } else { "GET / HTTP/1.1\r\n" },
            )
        })
        .collect();
    let start = Instant::now();
    let r = server.get("/api/health");
    assert_eq!(r.status, 200);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    drop(idle);
}

#[test]
fn a_declared_content_length_over_the_limit_gets_413_before_the_body() {
    let dir = scratch("hostile-length");
    let db = dir.join("stories.db");
    build_db(&db, vec![article("a1", "https://e.example/1")]);
    let server = Server::start_with(short_timeouts(&db));
    let mut s = stalled(
        server.addr,
        &format!(
            "POST /api/articles HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
             Content-Length: 1000000000\r\n\r\n",
            server.addr
        ),
    );
    let start = Instant::now();
    let raw = read_until_closed(&mut s);
    let text = String::from_utf8_lossy(&raw);
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    assert!(text.contains("{\"error\":"), "{text}");
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn a_body_that_stalls_gets_408() {
    let dir = scratch("hostile-slow-body");
    let db = dir.join("stories.db");
    build_db(&db, vec![article("a1", "https://e.example/1")]);
    let server = Server::start_with(short_timeouts(&db));
    let mut s = stalled(
        server.addr,
        &format!(
            "POST /api/articles HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
             Content-Length: 100\r\n\r\n{{\"id\": ",
            server.addr
        ),
    );
    let raw = read_until_closed(&mut s);
    let text = String::from_utf8_lossy(&raw);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains("did not arrive"), "{text}");
}

fn post_with(server: &Server, headers: &[(&str, &str)], body: &str) -> Response {
    raw_post(server.addr, &server.addr.to_string(), headers, body)
}

/// A POST with the given Host and headers (no Content-Type unless given).
fn raw_post(
    addr: std::net::SocketAddr,
    host: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Response {
    let mut head = format!("POST /api/articles HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    let mut s = stalled(addr, &head);
    let raw = read_until_closed(&mut s);
    let r = Response {
        status: String::from_utf8_lossy(&raw)
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0),
        headers: Vec::new(),
        body: raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map_or(Vec::new(), |i| raw[i + 4..].to_vec()),
    };
    assert!(r.status != 0, "{:?}", String::from_utf8_lossy(&raw));
    r
}

const POSTED: &str =
    r#"{"id":"p1","text":"The harbour board approved the budget on Monday, officials said."}"#;

#[test]
fn a_form_from_another_page_cannot_write() {
    let dir = scratch("hostile-csrf");
    let db = dir.join("stories.db");
    build_db(&db, vec![article("a1", "https://e.example/1")]);
    let server = Server::start(&db, 64 * 1024);
    let json = ("Content-Type", "application/json");
    // What an HTML form can send, from any page.
    for ct in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ] {
        let r = post_with(&server, &[("Content-Type", ct)], POSTED);
        assert_eq!(r.status, 415, "{ct}");
        assert!(r.json()["error"]
            .as_str()
            .unwrap()
            .contains("application/json"));
    }
    assert_eq!(post_with(&server, &[], POSTED).status, 415);
    // Another origin, even with the right type (a fetch with CORS preflight
    // skipped by a buggy browser, or a plugin).
    for origin in ["http://evil.example", "null", "http://127.0.0.1:1"] {
        let r = post_with(&server, &[json, ("Origin", origin)], POSTED);
        assert_eq!(r.status, 403, "{origin}");
        assert!(r.json()["error"].as_str().unwrap().contains("origin"));
    }
    // Nothing was stored.
    assert_eq!(server.get("/api/articles/p1").status, 404);
    // This server's own origin, and no origin at all (curl), may write.
    let own = format!("http://{}", server.addr);
    let r = post_with(&server, &[json, ("Origin", own.as_str())], POSTED);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(server.get("/api/articles/p1").status, 200);
}

#[test]
fn a_foreign_host_is_refused_dns_rebinding() {
    let dir = scratch("hostile-host");
    let db = dir.join("stories.db");
    build_db(&db, vec![article("a1", "https://e.example/1")]);
    let mut config = storyline_server::Config::new(&db);
    config.allow_hosts = vec!["news.example".into()];
    let server = Server::start_with(config);
    let port = server.addr.port();
    for host in ["evil.example", "evil.example:{port}", "127.0.0.1:1"] {
        let host = host.replace("{port}", &port.to_string());
        let mut s = stalled(
            server.addr,
            &format!("GET /api/health HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        );
        let raw = String::from_utf8_lossy(&read_until_closed(&mut s)).into_owned();
        assert!(raw.starts_with("HTTP/1.1 421"), "{host}: {raw}");
        assert!(raw.contains("{\"error\":"), "{raw}");
        let r = raw_post(
            server.addr,
            &host,
            &[("Content-Type", "application/json")],
            POSTED,
        );
        assert_eq!(r.status, 421, "{host}");
    }
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        "news.example".to_string(),
    ] {
        let mut s = stalled(
            server.addr,
            &format!("GET /api/health HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        );
        let raw = String::from_utf8_lossy(&read_until_closed(&mut s)).into_owned();
        assert!(raw.starts_with("HTTP/1.1 200"), "{host}: {raw}");
    }
}

#[test]
fn a_write_token_when_set_is_required() {
    let dir = scratch("hostile-token");
    let db = dir.join("stories.db");
    build_db(&db, vec![article("a1", "https://e.example/1")]);
    let mut config = storyline_server::Config::new(&db);
    config.write_token = Some("s3cret-token".into());
    let server = Server::start_with(config);
    let json = ("Content-Type", "application/json");
    for auth in [
        None,
        Some("Bearer wrong"),
        Some("s3cret-token"),
        Some("Basic s3cret-token"),
    ] {
        let mut headers = vec![json];
        if let Some(a) = auth {
            headers.push(("Authorization", a));
        }
        let r = post_with(&server, &headers, POSTED);
        assert_eq!(r.status, 401, "{auth:?}");
        assert!(r.json()["error"].as_str().unwrap().contains("token"));
    }
    let r = post_with(
        &server,
        &[json, ("Authorization", "Bearer s3cret-token")],
        POSTED,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    // Reads need no token.
    assert_eq!(server.get("/api/articles/p1").status, 200);
}

#[test]
fn a_read_only_database_is_served_and_writes_get_503() {
    let dir = scratch("hostile-read-only");
    let db = dir.join("stories.db");
    build_db(&db, vec![article("a1", "https://e.example/1")]);
    let mut config = storyline_server::Config::new(&db);
    config.read_only = true;
    let server = Server::start_with(config);
    assert_eq!(server.get("/api/health").status, 200);
    assert_eq!(server.get("/api/articles/a1").status, 200);
    assert_eq!(server.get("/articles/a1").status, 200);
    let r = server.post("/api/articles", POSTED.as_bytes());
    assert_eq!(r.status, 503);
    assert!(r.json()["error"].as_str().unwrap().contains("read-only"));
}

#[cfg(unix)]
#[test]
fn a_database_in_a_read_only_directory_falls_back_to_reading() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("hostile-ro-dir");
    let db = dir.join("stories.db");
    build_db(&db, vec![article("a1", "https://e.example/1")]);
    let perms = |p: &std::path::Path, mode| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    perms(&db, 0o444);
    perms(&dir, 0o555);
    // Root writes anyway: there the fallback cannot be reached this way (the
    // read-only serving itself is checked above through Config::read_only).
    let writable = std::fs::File::create(dir.join("probe")).is_ok();
    if writable {
        eprintln!("skipped: permissions do not bind this user (root?)");
    } else {
        let server = Server::start(&db, 64 * 1024);
        assert_eq!(server.get("/api/articles/a1").status, 200);
        assert_eq!(server.post("/api/articles", POSTED.as_bytes()).status, 503);
    }
    perms(&dir, 0o755);
    perms(&db, 0o644);
}

#[test]
fn a_20kb_path_under_api_gets_414_with_a_json_error() {
    let dir = scratch("hostile-long-uri");
    let db = dir.join("stories.db");
    build_db(&db, vec![article("a1", "https://e.example/1")]);
    let server = Server::start(&db, 64 * 1024);
    let long = "a".repeat(20 * 1024);
    for path in [
        format!("/api/articles/{long}"),
        format!("/api/stories?q={long}"),
        format!("/api/{long}"),
    ] {
        let r = server.get(&path);
        assert_eq!(r.status, 414, "{}", &path[..20]);
        let error = r.json()["error"].as_str().unwrap().to_string();
        assert!(error.contains("longer than 8192 bytes"), "{error}");
    }
    // A page answers with a page.
    let r = server.get(&format!("/articles/{long}"));
    assert_eq!(r.status, 414);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    // A target of exactly the limit is still served.
    let at_limit = format!(
        "/api/articles/{}",
        "a".repeat(8192 - "/api/articles/".len())
    );
    let r = server.get(&at_limit);
    assert_eq!(r.status, 404);
    assert!(r.json()["error"].as_str().unwrap().contains("no article"));
}

#[test]
fn headers_of_100kb_get_431_with_a_json_error() {
    let dir = scratch("hostile-big-headers");
    let db = dir.join("stories.db");
    build_db(&db, vec![article("a1", "https://e.example/1")]);
    let server = Server::start(&db, 64 * 1024);
    let fill = "b".repeat(10_000);
    let names: Vec<String> = (0..10).map(|i| format!("X-Fill-{i}")).collect();
    let headers: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), fill.as_str())).collect();
    let r = server.get_with("/api/health", &headers);
    assert_eq!(r.status, 431);
    let error = r.json()["error"].as_str().unwrap().to_string();
    assert!(error.contains("larger than 65536 bytes"), "{error}");
    let r = server.get_with("/", &headers);
    assert_eq!(r.status, 431);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    // 50 KB of them is still served.
    let r = server.get_with("/api/health", &headers[..5]);
    assert_eq!(r.status, 200);
    // More header fields than hyper parses (100) are refused by hyper
    // itself, before any service of ours runs: 431 without a body (see
    // listen.rs).
    let many: Vec<String> = (0..150).map(|i| format!("X-H{i}")).collect();
    let headers: Vec<(&str, &str)> = many.iter().map(|n| (n.as_str(), "v")).collect();
    assert_eq!(server.get_with("/api/health", &headers).status, 431);
}

/// `/api` and `/api/` fall outside the nested API router; they are still
/// the API's and answer with a JSON error (an HTML 404 before, found by the
/// property test `any_api_path_and_query_gets_json`).
#[test]
fn the_api_root_answers_with_a_json_error() {
    let dir = scratch("hostile-api-root");
    let db = dir.join("stories.db");
    build_db(&db, vec![article("a1", "https://e.example/1")]);
    let server = Server::start(&db, 64 * 1024);
    for path in ["/api", "/api/", "/api/?q=1"] {
        let r = server.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert!(r.json()["error"].is_string(), "{path}");
    }
    let r = server.get("/nothing-here");
    assert_eq!(r.status, 404);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
}

#[test]
fn an_ingest_whose_client_left_is_cancelled_and_writes_nothing() {
    // Issue 14: a long ingest went on after its client had gone, holding the
    // writer for nobody. Now it is cancelled and rolled back.
    let dir = scratch("hostile-gone");
    let db = dir.join("stories.db");
    build_db(&db, vec![article("a1", "https://e.example/1")]);
    let server = Server::start(&db, 64 << 20);
    let text: String = (0..60_000)
        .map(|i| {
            format!(
                "Councillor {i} said the tram line would pass street {}. ",
                i * 7
            )
        })
        .collect();
    let body = serde_json::json!({"id": "big", "title": "Tram line", "text": text}).to_string();
    let head = format!(
        "POST /api/articles HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n",
        server.addr,
        body.len()
    );
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body.as_bytes()).unwrap();
    // Leave while the article is being ingested.
    std::thread::sleep(Duration::from_millis(300));
    drop(s);
    // The next write waits for the writer, then finds the big one absent.
    let t = Instant::now();
    let r = post_with(
        &server,
        &[("Content-Type", "application/json")],
        r#"{"id": "small", "text": "A short note on the tram line vote in the council."}"#,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(server.get("/api/articles/big").status, 404);
    assert_eq!(server.get("/api/articles/small").status, 200);
    eprintln!("the small write waited {:?}", t.elapsed());
}
