//! Hostile and heavy input (issue 14): what a client, a web page in a
//! browser or an article's own fields can do to the server, and what it
//! cannot.

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
