//! What `storyline follow` records, shown by the server (`/api/feeds`,
//! `/feeds`), and the Atom feeds of stories and searches, over a real store
//! on a real socket: feeds read back as feeds, one entry per article or
//! story, hostile text stays text.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use std::collections::BTreeSet;

use common::{build_db, build_db_batches, hostile_article, scratch, Server};
use serde_json::{json, Value};
use storyline_store::{Item, ItemKey, ItemState, Store};

const ATOM: &str = "application/atom+xml; charset=utf-8";
const NEWS: &str = "https://news.example/feed.xml";
const ODD: &str = "javascript:alert(1)";
/// A title a feed could give to break out of the page.
const HOSTILE_TITLE: &str = "<script>alert('feed')</script> News";

fn corpus(n: usize, seed: u64) -> Vec<storyline::Article> {
    storyline::synth::corpus(n, seed).0
}

fn item(feed: &str, guid: &str, article: Option<&str>, state: ItemState) -> Item {
    Item {
        key: ItemKey::guid(feed, guid),
        feed: feed.to_string(),
        url: Some(format!("https://news.example/{guid}")),
        article: article.map(str::to_string),
        state,
        attempts: 1,
        error: (state == ItemState::Failed).then(|| "HTTP 500".to_string()),
        seen: 1_700_000_100,
    }
}

/// Follow two feeds in `db` as `storyline follow` would have recorded them:
/// one with a hostile title, a failing last poll and items of every kind,
/// one never polled.
fn follow_feeds(db: &std::path::Path) {
    let mut store = Store::open(db).unwrap();
    let urls = vec![NEWS.to_string(), ODD.to_string()];
    assert_eq!(store.add_feeds(&urls, 1_700_000_000, 300).unwrap(), 2);
    let mut news = store.feeds().unwrap().remove(0);
    assert_eq!(news.url, NEWS);
    news.title = Some(HOSTILE_TITLE.into());
    news.polls = 5;
    news.not_modified = 1;
    news.last_poll = Some(1_700_000_900);
    news.last_success = Some(1_700_000_300);
    news.last_status = Some(503);
    news.last_error = Some("HTTP 503 </dd><img src=x onerror=alert(1)>".into());
    news.last_error_at = Some(1_700_000_900);
    news.failures = 2;
    news.errors = 3;
    news.interval = 600;
    news.next_poll = 1_700_002_100;
    let mut first = storyline::Article::new(
        "followed-1",
        "Harbour board meets",
        "The Marbeck harbour board met on Monday to discuss the dredging budget, officials said.",
    );
    first.source = Some("News Example".into());
    let mut second = first.clone();
    second.id = "followed-2".into();
    second.title = "Quota protest".into();
    second.text =
        "Fishermen in Marbeck protested against the new quotas at the town hall on Tuesday.".into();
    // The same text as the first under another id: a duplicate.
    let mut copy = first.clone();
    copy.id = "followed-3".into();
    let items = [
        item(NEWS, "g1", Some("followed-1"), ItemState::Stored),
        item(NEWS, "g2", Some("followed-2"), ItemState::Stored),
        item(NEWS, "g3", Some("followed-3"), ItemState::Stored),
        item(NEWS, "g4", None, ItemState::Failed),
        item(NEWS, "g5", None, ItemState::Blocked),
        item(NEWS, "g6", None, ItemState::Blocked),
    ];
    store
        .ingest_followed(vec![first, second], &items[..2], &[])
        .unwrap();
    store
        .ingest_followed(vec![copy], &items[2..], &[news])
        .unwrap();
}

#[test]
fn followed_feeds_show_in_the_api_and_on_a_page() {
    let dir = scratch("feeds");
    let db = dir.join("stories.db");
    build_db(&db, corpus(20, 5));
    follow_feeds(&db);
    let server = Server::start(&db, 1 << 20);

    let r = server.get("/api/feeds");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let feeds = r.json()["feeds"].as_array().unwrap().clone();
    assert_eq!(feeds.len(), 2, "{feeds:?}");
    let news = &feeds[0];
    assert_eq!(news["url"], NEWS);
    assert_eq!(news["title"], HOSTILE_TITLE);
    assert_eq!(news["added"], "2023-11-14T22:13:20Z");
    assert_eq!(news["last_poll"], "2023-11-14T22:28:20Z");
    assert_eq!(news["last_success"], "2023-11-14T22:18:20Z");
    assert_eq!(news["last_status"], 503);
    assert_eq!(
        news["last_error"],
        "HTTP 503 </dd><img src=x onerror=alert(1)>"
    );
    assert_eq!(news["last_error_at"], "2023-11-14T22:28:20Z");
    assert_eq!(
        (
            &news["polls"],
            &news["not_modified"],
            &news["failures"],
            &news["errors"]
        ),
        (&json!(5), &json!(1), &json!(2), &json!(3))
    );
    assert_eq!(news["interval_seconds"], 600);
    assert_eq!(news["next_poll"], "2023-11-14T22:48:20Z");
    assert_eq!(
        news["items"],
        json!({"stored": 2, "duplicate": 1, "failed": 1, "blocked": 2})
    );
    // Never polled: nulls, no items.
    let odd = &feeds[1];
    assert_eq!(odd["url"], ODD);
    for key in [
        "title",
        "last_poll",
        "last_success",
        "last_status",
        "last_error",
        "last_error_at",
    ] {
        assert_eq!(odd[key], Value::Null, "{key}");
    }
    assert_eq!(odd["interval_seconds"], 300);
    assert_eq!(odd["next_poll"], "2023-11-14T22:13:20Z");
    assert_eq!(
        odd["items"],
        json!({"stored": 0, "duplicate": 0, "failed": 0, "blocked": 0})
    );

    let page = server.get("/feeds");
    assert_eq!(page.status, 200);
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    let html = page.text();
    assert!(
        !html.to_ascii_lowercase().contains("<script"),
        "the feed's title is text: {html}"
    );
    assert!(!html.contains("<img"), "{html}");
    assert!(html.contains("<h2>&lt;script&gt;alert(&#39;feed&#39;)&lt;/script&gt; News</h2>"));
    assert!(html.contains(&format!(
        "<a href=\"{NEWS}\" rel=\"nofollow noopener noreferrer\">"
    )));
    assert!(!html.contains("href=\"javascript:"), "{html}");
    assert!(html.contains("<code>javascript:alert(1)</code>"));
    assert!(html.contains("HTTP 503 &lt;/dd&gt;&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("2 stored · 1 duplicate · 1 failed · 2 blocked"));
    assert!(html.contains("2023-11-14 22:48 UTC"), "next poll shown");
    // Every page links to it.
    assert!(server.get("/").text().contains("<a href=\"/feeds\">"));

    // A database nothing was followed into.
    let empty_db = dir.join("empty.db");
    build_db(&empty_db, corpus(5, 1));
    let server = Server::start(&empty_db, 1 << 20);
    assert_eq!(server.get("/api/feeds").json(), json!({"feeds": []}));
    let html = server.get("/feeds").text();
    assert!(
        html.contains("storyline follow --db FILE SOURCES..."),
        "{html}"
    );
    assert!(html.contains("storyline serve --follow SOURCES..."));
}

// ---- Atom ------------------------------------------------------------------

/// What a feed reader needs of an entry (or of the feed itself).
#[derive(Debug)]
struct Entry {
    id: String,
    title: String,
    link: String,
    updated: String,
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The text of the first `<name>` element in `xml`.
fn element(xml: &str, name: &str) -> String {
    let open = format!("<{name}>");
    let start = xml.find(&open).unwrap_or_else(|| panic!("no <{name}>")) + open.len();
    let end = start + xml[start..].find(&format!("</{name}>")).unwrap();
    unescape(&xml[start..end])
}

/// The head of the feed and its entries, in document order.
fn read_atom(doc: &str) -> (Entry, Vec<Entry>) {
    let mut parts = doc.split("<entry>");
    let head = parts.next().unwrap();
    let entry = |xml: &str| {
        let link = xml
            .split("<link ")
            .skip(1)
            .find(|l| l.contains("rel=\"alternate\""))
            .and_then(|l| l.split("href=\"").nth(1))
            .map(|l| unescape(&l[..l.find('"').unwrap()]))
            .unwrap_or_default();
        Entry {
            id: element(xml, "id"),
            title: element(xml, "title"),
            link,
            updated: element(xml, "updated"),
        }
    };
    (entry(head), parts.map(entry).collect())
}

/// The library's feed reader reads the document as an Atom feed: the
/// articles it makes, with no error.
fn library_reads(doc: &str) -> Vec<storyline::Article> {
    let mut got = Vec::new();
    let mut diags = Vec::new();
    storyline::ingest::feed::read_feed(
        "feed.atom",
        "feed",
        doc.as_bytes(),
        &mut |a| got.push(a),
        &mut diags,
    );
    assert!(
        diags
            .iter()
            .all(|d| d.severity != storyline::Severity::Error),
        "{diags:?}"
    );
    assert!(got.iter().all(|a| a.provenance.format.starts_with("atom")));
    got
}

fn atom_doc(server: &Server, path: &str) -> String {
    let r = server.get(path);
    assert_eq!(r.status, 200, "{path}: {}", r.text());
    assert_eq!(r.header("content-type"), Some(ATOM), "{path}");
    let doc = r.text();
    assert!(doc.starts_with(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"
    ));
    doc
}

#[test]
fn a_story_feed_has_an_entry_per_article_newest_first() {
    let dir = scratch("atom-story");
    let db = dir.join("stories.db");
    let mut hostile = hostile_article();
    hostile.title = "Harbour </title><script>alert(1)</script> talks".into();
    build_db_batches(&db, vec![corpus(60, 21), vec![hostile]]);
    let server = Server::start(&db, 1 << 20);

    let list = server.get("/api/stories?min_articles=3&per_page=3").json();
    let stories = list["stories"].as_array().unwrap();
    assert!(!stories.is_empty(), "the corpus has stories of 3+ articles");
    for listed in stories {
        let id = listed["id"].as_str().unwrap();
        let story = server.get(&format!("/api/stories/{id}")).json();
        let articles = story["articles"].as_array().unwrap();
        let path = format!("/stories/{id}/feed.atom");
        let doc = atom_doc(&server, &path);
        let (head, entries) = read_atom(&doc);
        assert_eq!(entries.len(), articles.len(), "{path}");
        assert_eq!(library_reads(&doc).len(), articles.len(), "{path}");
        assert_eq!(head.id, format!("tag:storyline,2026:feed/story/{id}"));
        assert_eq!(head.title, story["title"].as_str().unwrap());
        assert_eq!(head.link, format!("/stories/{id}"));
        // One entry per article, with its title, a link to its page here
        // and a stable id.
        let want: BTreeSet<(String, String, String)> = articles
            .iter()
            .map(|a| {
                let aid = a["id"].as_str().unwrap();
                (
                    format!(
                        "tag:storyline,2026:article/{}",
                        storyline_server::html::enc(aid)
                    ),
                    a["title"].as_str().unwrap().to_string(),
                    format!("/articles/{}", storyline_server::html::enc(aid)),
                )
            })
            .collect();
        let got: BTreeSet<(String, String, String)> = entries
            .iter()
            .map(|e| (e.id.clone(), e.title.clone(), e.link.clone()))
            .collect();
        assert_eq!(got, want, "{path}");
        // Newest first; the feed changes when its newest article does.
        let times: Vec<&str> = entries.iter().map(|e| e.updated.as_str()).collect();
        assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
        assert_eq!(head.updated, times[0]);
        assert!(
            times.iter().all(|t| t.len() == 20 && t.ends_with('Z')),
            "{times:?}"
        );
        // The story page announces the feed and links to it.
        let page = server.get(&format!("/stories/{id}")).text();
        assert!(page.contains(&format!(
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Atom feed\" href=\"{path}\">"
        )));
        assert!(page.contains(&format!("href=\"{path}\">Atom feed</a>")));
        // Served again from the page cache, the same.
        assert_eq!(atom_doc(&server, &path), doc);
        // A reader that has it is told so, without the document.
        let r = server.get(&path);
        let etag = r.header("etag").unwrap().to_string();
        let again = server.get_with(&path, &[("If-None-Match", &etag)]);
        assert_eq!(again.status, 304);
        assert!(again.body.is_empty());
        assert_eq!(again.header("etag"), Some(etag.as_str()));
        let other = server.get_with(&path, &[("If-None-Match", "\"0\"")]);
        assert_eq!((other.status, other.text()), (200, doc.clone()));
    }

    // The hostile headline stays text.
    let story = server.get("/api/articles/hostile-1").json()["story"]
        .as_str()
        .unwrap()
        .to_string();
    let doc = atom_doc(&server, &format!("/stories/{story}/feed.atom"));
    assert!(!doc.contains("<script"), "{doc}");
    assert!(!doc.contains("</title><"), "{doc}");
    assert!(doc.contains(
        "<title>Harbour &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; talks</title>"
    ));
    let (_, entries) = read_atom(&doc);
    assert!(entries
        .iter()
        .any(|e| e.title == "Harbour </title><script>alert(1)</script> talks"));
    assert!(library_reads(&doc)
        .iter()
        .any(|a| a.id == "tag:storyline,2026:article/hostile-1"));

    // Unknown and undecodable ids.
    let r = server.get("/stories/no-such/feed.atom");
    assert_eq!(r.status, 404);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert_eq!(server.get("/stories/%FF/feed.atom").status, 400);
}

#[test]
fn a_merged_story_feed_redirects_to_the_story_it_joined() {
    let dir = scratch("atom-merge");
    let db = dir.join("stories.db");
    let server = Server::start(&db, 1 << 20);
    let post = |id: &str, title: &str, text: &str| -> Value {
        let body =
            json!({"id": id, "title": title, "text": text, "published": "2016-09-06T12:00:00Z"});
        let r = server.post("/api/articles", body.to_string().as_bytes());
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()
    };
    // The bridge of tests/api.rs `a_merged_story_redirects_to_the_story_it_joined`.
    let budget = "The Marbeck harbour board approved a new budget for dredging the northern channel on Monday. Board chair Lena Ortiz said the dredging would start in spring.";
    let protest = "Fishermen in Marbeck protested against quotas at the town hall on Monday. Union leader Tomas Varga said the quotas would ruin the fleet.";
    let a = post("m-a", "Harbour board approves dredging budget", budget);
    let before = a["stories"][0].as_str().unwrap().to_string();
    assert_eq!(
        read_atom(&atom_doc(&server, &format!("/stories/{before}/feed.atom")))
            .1
            .len(),
        1
    );
    post("m-b", "Fishermen protest fishing quotas", protest);
    let both = format!(
        "{} {protest}",
        budget.replace("on Monday.", "on Monday, officials said.")
    );
    let c = post("m-c", "Marbeck: dredging budget and quota protest", &both);
    let Some(pair) = c["redirects"].as_array().and_then(|r| r.first()) else {
        panic!("the bridging report should merge the two stories: {c}");
    };
    let (old, new) = (pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
    let r = server.get(&format!("/stories/{old}/feed.atom"));
    assert_eq!(r.status, 308);
    let location = format!("/stories/{new}/feed.atom");
    assert_eq!(r.header("location"), Some(location.as_str()));
    // The story grew: its feed has all three, and says so in `updated`.
    let etag = server.get(&location).header("etag").unwrap().to_string();
    let (_, entries) = read_atom(&atom_doc(&server, &location));
    assert_eq!(entries.len(), 3);
    // It changes when the story grows.
    post(
        "m-d",
        "Harbour board: dredging to start in spring",
        &format!("{budget} The board will meet again next week."),
    );
    let r = server.get_with(&location, &[("If-None-Match", &etag)]);
    assert_eq!(r.status, 200, "a new article is a new feed");
    assert_eq!(read_atom(&r.text()).1.len(), 4);
}

#[test]
fn a_search_feed_lists_the_matching_stories_newest_first() {
    let dir = scratch("atom-search");
    let db = dir.join("stories.db");
    build_db(&db, corpus(80, 13));
    let server = Server::start(&db, 1 << 20);

    let all = server.get("/api/stories?per_page=100").json();
    let total = all["total"].as_u64().unwrap();
    // A word of one story's title that not every story has.
    let word = all["stories"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| {
            s["title"]
                .as_str()
                .unwrap()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.len() >= 6)
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .find(|w| {
            let n = server.get(&format!("/api/stories?q={w}")).json()["total"]
                .as_u64()
                .unwrap();
            n > 0 && n < total
        })
        .expect("a word some stories have");
    let matching = server
        .get(&format!("/api/stories?q={word}&sort=recent"))
        .json();
    let want: Vec<String> = matching["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "tag:storyline,2026:story/{}",
                storyline_server::html::enc(s["id"].as_str().unwrap())
            )
        })
        .collect();
    let path = format!("/feed.atom?q={word}");
    let doc = atom_doc(&server, &path);
    let (head, entries) = read_atom(&doc);
    let got: Vec<String> = entries.iter().map(|e| e.id.clone()).collect();
    assert_eq!(got, want, "only the matching stories, newest first");
    assert!((got.len() as u64) < total);
    assert_eq!(library_reads(&doc).len(), got.len());
    assert_eq!(head.id, format!("tag:storyline,2026:feed/stories?q={word}"));
    assert_eq!(head.link, format!("/?q={word}&sort=recent"));
    for (e, s) in entries.iter().zip(matching["stories"].as_array().unwrap()) {
        assert_eq!(e.title, s["title"].as_str().unwrap());
        assert_eq!(e.link, format!("/stories/{}", s["id"].as_str().unwrap()));
    }
    // The list page announces and links the same feed.
    let page = server.get(&format!("/?q={word}")).text();
    assert!(page.contains(&format!(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Atom feed\" href=\"{path}\">"
    )));
    assert!(page.contains(&format!("href=\"{path}\">Atom feed</a>")));
    // The list's other parameters work as they do on the list.
    let doc = atom_doc(&server, "/feed.atom?per_page=3&sort=covered");
    let covered: Vec<String> = server.get("/api/stories?per_page=3").json()["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap().to_string())
        .collect();
    let titles: Vec<String> = read_atom(&doc).1.into_iter().map(|e| e.title).collect();
    assert_eq!(titles, covered);
    // Nothing matches: an empty feed, still a feed.
    let (_, none) = read_atom(&atom_doc(&server, "/feed.atom?q=zzqxnotaword"));
    assert!(none.is_empty());
    // Bad parameters are refused as on the list.
    for bad in [
        "/feed.atom?from=yesterday",
        "/feed.atom?page=0",
        "/feed.atom?sort=best",
    ] {
        let r = server.get(bad);
        assert_eq!(r.status, 400, "{bad}");
        assert!(r.text().contains("<p class=\"error\">"), "{bad}");
    }
}
