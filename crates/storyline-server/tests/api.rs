//! The JSON API over a real store on a real socket: every path of
//! `openapi.json` answers as documented, bad requests get 4xx with a JSON
//! error, concurrent posts neither lose nor duplicate an article, and the
//! pages escape what articles hold.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{
    build_db, build_db_batches, hostile_article, scratch, Server, HOSTILE_IMG, HOSTILE_SCRIPT,
};
use serde_json::{json, Value};

/// A small synthetic corpus with stories of several articles.
fn corpus(n: usize, seed: u64) -> Vec<storyline::Article> {
    storyline::synth::corpus(n, seed).0
}

fn article_json(a: &storyline::Article) -> Value {
    json!({
        "id": a.id,
        "title": a.title,
        "text": a.text,
        "source": a.source,
        "url": a.url,
        "published": a.published.map(|p| p.to_string()),
    })
}

// ---- a small JSON Schema checker (the subset openapi.json uses) ----------

struct Checker<'a> {
    doc: &'a Value,
}

impl Checker<'_> {
    fn resolve<'s>(&'s self, schema: &'s Value) -> &'s Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let name = r.strip_prefix("#/components/schemas/").expect(r);
                self.resolve(&self.doc["components"]["schemas"][name])
            }
            None => schema,
        }
    }

    /// Every way `value` breaks `schema`, with the JSON path.
    fn check(&self, schema: &Value, value: &Value, at: &str, errs: &mut Vec<String>) {
        let schema = self.resolve(schema);
        assert!(!schema.is_null(), "dangling $ref at {at}");
        if let Some(options) = schema.get("oneOf").and_then(Value::as_array) {
            let ok = options.iter().any(|o| {
                let mut e = Vec::new();
                self.check(o, value, at, &mut e);
                e.is_empty()
            });
            if !ok {
                errs.push(format!("{at}: matches no oneOf option"));
            }
            return;
        }
        if let Some(t) = schema.get("type") {
            let types: Vec<&str> = match t {
                Value::String(s) => vec![s.as_str()],
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                _ => panic!("bad type at {at}"),
            };
            let fits = types.iter().any(|t| match *t {
                "string" => value.is_string(),
                "integer" => value.is_i64() || value.is_u64(),
                "number" => value.is_number(),
                "boolean" => value.is_boolean(),
                "null" => value.is_null(),
                "array" => value.is_array(),
                "object" => value.is_object(),
                other => panic!("unknown type {other} at {at}"),
            });
            if !fits {
                errs.push(format!("{at}: {value} is not {types:?}"));
                return;
            }
        }
        if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
            if !allowed.contains(value) {
                errs.push(format!("{at}: {value} not in {allowed:?}"));
            }
        }
        if let (Some(min), Some(n)) = (
            schema.get("minimum").and_then(Value::as_f64),
            value.as_f64(),
        ) {
            if n < min {
                errs.push(format!("{at}: {n} < minimum {min}"));
            }
        }
        if let (Some(max), Some(n)) = (
            schema.get("maximum").and_then(Value::as_f64),
            value.as_f64(),
        ) {
            if n > max {
                errs.push(format!("{at}: {n} > maximum {max}"));
            }
        }
        if let Some(obj) = value.as_object() {
            for req in schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let req = req.as_str().unwrap();
                if !obj.contains_key(req) {
                    errs.push(format!("{at}: required field {req:?} missing"));
                }
            }
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                for (k, sub) in props {
                    if let Some(v) = obj.get(k) {
                        self.check(sub, v, &format!("{at}.{k}"), errs);
                    }
                }
            }
        }
        if let Some(items) = value.as_array() {
            if let Some(min) = schema.get("minItems").and_then(Value::as_u64) {
                if (items.len() as u64) < min {
                    errs.push(format!("{at}: fewer than {min} items"));
                }
            }
            if let Some(max) = schema.get("maxItems").and_then(Value::as_u64) {
                if (items.len() as u64) > max {
                    errs.push(format!("{at}: more than {max} items"));
                }
            }
            if let Some(item) = schema.get("items") {
                for (i, v) in items.iter().enumerate() {
                    self.check(item, v, &format!("{at}[{i}]"), errs);
                }
            }
        }
    }
}

/// What one documented operation answered.
struct Seen {
    status: u16,
    body: Value,
}

#[test]
fn every_documented_path_answers_as_documented() {
    let dir = scratch("openapi");
    let db = dir.join("stories.db");
    // The hostile article arrives after the corpus, as a posted one would.
    build_db_batches(&db, vec![corpus(120, 7), vec![hostile_article()]]);
    // A followed feed whose last poll failed, as `storyline follow` records one.
    {
        let mut store = storyline_store::Store::open(&db).unwrap();
        let url = "https://news.example/feed.xml".to_string();
        store.add_feeds(&[url], 1_700_000_000, 300).unwrap();
        let mut feed = store.feeds().unwrap().remove(0);
        feed.title = Some("News <b>".into());
        feed.last_status = Some(503);
        feed.last_error = Some("HTTP 503".into());
        feed.last_error_at = Some(1_700_000_100);
        store.save_feed(&feed).unwrap();
    }
    let server = Server::start(&db, 64 * 1024);

    let doc: Value = server.get("/api/openapi.json").json();
    let file: Value = serde_json::from_str(storyline_server::OPENAPI).unwrap();
    assert_eq!(doc, file, "the served document is the file");
    assert_eq!(doc["openapi"], "3.1.0");
    let checker = Checker { doc: &doc };

    // Real ids to ask for.
    let list = server.get("/api/stories?per_page=5").json();
    let story_id = list["stories"][0]["id"].as_str().unwrap().to_string();
    let story = server.get(&format!("/api/stories/{story_id}")).json();
    let article_id = story["articles"][0]["id"].as_str().unwrap().to_string();

    // (path template, method) → what we asked and got.
    let mut seen: BTreeMap<(String, String), Vec<(String, Seen)>> = BTreeMap::new();
    let mut ask = |template: &str, method: &str, path: String, body: Option<Vec<u8>>| {
        let r = match &body {
            Some(b) => server.post(&path, b),
            None => server.get(&path),
        };
        let status = r.status;
        assert_eq!(
            r.header("content-type"),
            Some("application/json"),
            "{method} {path}"
        );
        assert!(r.header("content-security-policy").is_some(), "{path}");
        seen.entry((template.to_string(), method.to_string()))
            .or_default()
            .push((
                path,
                Seen {
                    status,
                    body: r.json(),
                },
            ));
    };
    ask("/api/health", "get", "/api/health".into(), None);
    ask("/api/feeds", "get", "/api/feeds".into(), None);
    ask("/api/openapi.json", "get", "/api/openapi.json".into(), None);
    for q in [
        "",
        "?per_page=3&page=2",
        "?sort=recent",
        "?q=agreement",
        "?from=2024-01-01&to=2024-12-31",
        "?min_articles=3",
        "?source=Daily%20Ledger",
        "?page=9999",
    ] {
        ask("/api/stories", "get", format!("/api/stories{q}"), None);
    }
    for q in [
        "?from=yesterday",
        "?to=2024-02-30",
        "?page=0",
        "?per_page=101",
        "?sort=best",
        "?min_articles=-1",
        "?from=2024-05-01&to=2024-01-01",
    ] {
        ask("/api/stories", "get", format!("/api/stories{q}"), None);
    }
    ask(
        "/api/stories/{id}",
        "get",
        format!("/api/stories/{story_id}"),
        None,
    );
    ask(
        "/api/stories/{id}",
        "get",
        "/api/stories/no-such".into(),
        None,
    );
    ask(
        "/api/articles/{id}",
        "get",
        format!("/api/articles/{article_id}"),
        None,
    );
    ask(
        "/api/articles/{id}",
        "get",
        "/api/articles/hostile-1".into(),
        None,
    );
    ask(
        "/api/articles/{id}",
        "get",
        "/api/articles/no%20such".into(),
        None,
    );
    let fresh = json!({"id": "posted-1", "title": "Harbour board approves the budget",
        "text": "The Marbeck harbour board approved the budget on Monday, officials said.",
        "source": "Test Wire", "published": "2024-03-04"});
    ask(
        "/api/articles",
        "post",
        "/api/articles".into(),
        Some(fresh.to_string().into_bytes()),
    );
    ask(
        "/api/articles",
        "post",
        "/api/articles".into(),
        Some(json!([fresh]).to_string().into_bytes()),
    );
    // A raw page: extracted as an .html file is, with where each field came from.
    let page = json!({"id": "posted-page", "url": "https://marbeck.example/budget",
        "html": "<html lang=\"en\"><head><title>Harbour budget passes | Marbeck Post</title>\
        <meta property=\"og:site_name\" content=\"Marbeck Post\"></head><body><nav><a href=\"/\">Home</a></nav>\
        <article><h1>Harbour budget passes</h1><p>The Marbeck harbour board approved its budget on Monday, \
        officials said, after a two-hour meeting in which the dredging plan was debated at length.</p>\
        <figure><img src=\"b.jpg\"><figcaption>The harbour board meets on Monday.</figcaption></figure>\
        <p>The budget sets aside money for new moorings and for repairs to the old pier, the board said.</p></article></body></html>"});
    ask(
        "/api/articles",
        "post",
        "/api/articles".into(),
        Some(page.to_string().into_bytes()),
    );
    ask(
        "/api/articles/{id}",
        "get",
        "/api/articles/posted-page".into(),
        None,
    );
    for bad in [
        &b"{not json"[..],
        b"[]",
        br#"{"id":"x"}"#,
        br#"{"text":"ok","published":"someday"}"#,
    ] {
        ask(
            "/api/articles",
            "post",
            "/api/articles".into(),
            Some(bad.to_vec()),
        );
    }
    let huge = json!({"id": "huge", "text": "word ".repeat(20_000)});
    ask(
        "/api/articles",
        "post",
        "/api/articles".into(),
        Some(huge.to_string().into_bytes()),
    );

    // Every documented operation was exercised, answered a documented status,
    // and its body fits the documented schema.
    let paths = doc["paths"].as_object().unwrap();
    let mut documented = BTreeSet::new();
    for (template, ops) in paths {
        for (method, op) in ops.as_object().unwrap() {
            documented.insert((template.clone(), method.clone()));
            let answers = seen
                .get(&(template.clone(), method.clone()))
                .unwrap_or_else(|| panic!("{method} {template} was never exercised"));
            for (path, got) in answers {
                let resp = &op["responses"][got.status.to_string()];
                assert!(
                    resp.is_object(),
                    "{method} {path} answered undocumented {}: {}",
                    got.status,
                    got.body
                );
                let schema = &resp["content"]["application/json"]["schema"];
                let mut errs = Vec::new();
                checker.check(schema, &got.body, "$", &mut errs);
                assert!(
                    errs.is_empty(),
                    "{method} {path} ({}): {errs:#?}",
                    got.status
                );
                if got.status >= 400 {
                    assert!(got.body["error"].as_str().is_some_and(|e| !e.is_empty()));
                }
            }
        }
    }
    let exercised: BTreeSet<_> = seen.keys().cloned().collect();
    assert_eq!(exercised, documented, "every route is documented");

    // The statuses say what happened.
    let statuses = |t: &str, m: &str| -> Vec<u16> {
        seen[&(t.to_string(), m.to_string())]
            .iter()
            .map(|(_, s)| s.status)
            .collect()
    };
    assert_eq!(
        statuses("/api/stories", "get"),
        [[200; 8].as_slice(), &[400; 7]].concat()
    );
    assert_eq!(statuses("/api/stories/{id}", "get"), [200, 404]);
    assert_eq!(statuses("/api/feeds", "get"), [200]);
    let feeds = &seen[&("/api/feeds".to_string(), "get".to_string())][0]
        .1
        .body;
    assert_eq!(feeds["feeds"][0]["last_error_at"], "2023-11-14T22:15:00Z");
    assert_eq!(statuses("/api/articles/{id}", "get"), [200, 200, 404, 200]);
    assert_eq!(
        statuses("/api/articles", "post"),
        [200, 200, 200, 400, 400, 400, 400, 413]
    );
    // The page came in with its metadata and a warning for what it lacks.
    let posts = &seen[&("/api/articles".to_string(), "post".to_string())];
    let warnings = posts[2].1.body["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains("no publication date")),
        "{warnings:?}"
    );
    let gets = &seen[&("/api/articles/{id}".to_string(), "get".to_string())];
    let page = &gets[3].1.body;
    assert_eq!(page["provenance"]["format"], "api+html");
    assert_eq!(page["source"], "Marbeck Post");
    assert_eq!(page["url"], "https://marbeck.example/budget");
    assert!(page["removed"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["reason"] == "caption"));

    // The second post of the same article is a duplicate, in the same story.
    let posts = &seen[&("/api/articles".to_string(), "post".to_string())];
    assert_eq!(posts[0].1.body["added"], 1);
    assert_eq!(posts[1].1.body["added"], 0);
    assert_eq!(posts[1].1.body["duplicates"], 1);
    assert_eq!(posts[0].1.body["stories"], posts[1].1.body["stories"]);
    let posted_story = posts[0].1.body["stories"][0].as_str().unwrap().to_string();
    let posted = server.get("/api/articles/posted-1").json();
    assert_eq!(posted["story"], posted_story.as_str());
    assert_eq!(posted["source"], "Test Wire");

    // The list answers what it was asked.
    let by_page = &seen[&("/api/stories".to_string(), "get".to_string())];
    let all = &by_page[0].1.body;
    assert!(all["total"].as_u64().unwrap() >= 5);
    let page2 = &by_page[1].1.body;
    assert_eq!(
        (page2["page"].as_u64(), page2["per_page"].as_u64()),
        (Some(2), Some(3))
    );
    assert!(page2["stories"].as_array().unwrap().len() <= 3);
    let covered: Vec<usize> = all["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["sources"].as_array().unwrap().len())
        .collect();
    assert!(
        covered.windows(2).all(|w| w[0] >= w[1]),
        "most covered first: {covered:?}"
    );
    let min3 = &by_page[5].1.body;
    for s in min3["stories"].as_array().unwrap() {
        assert!(s["articles"].as_u64().unwrap() >= 3, "{s}");
    }
    let ledger = &by_page[6].1.body;
    for s in ledger["stories"].as_array().unwrap() {
        assert!(
            s["sources"]
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o == "Daily Ledger"),
            "{s}"
        );
    }
    assert!(by_page[7].1.body["stories"].as_array().unwrap().is_empty());
    // Error messages name the parameter.
    assert!(by_page[8].1.body["error"]
        .as_str()
        .unwrap()
        .contains("from"));
    assert!(by_page[10].1.body["error"]
        .as_str()
        .unwrap()
        .contains("page"));
}

#[test]
fn unknown_paths_and_methods_are_json_errors() {
    let dir = scratch("errors");
    let db = dir.join("stories.db");
    build_db(&db, corpus(10, 3));
    let server = Server::start(&db, 1024);
    let r = server.get("/api/nothing");
    assert_eq!(r.status, 404);
    assert!(r.json()["error"].is_string());
    let r = server.post("/api/health", b"{}");
    assert_eq!(r.status, 405);
    assert!(r.json()["error"].is_string());
    let r = server.get("/api/stories?q=%ZZ");
    assert!(r.status == 400 || r.status == 200, "{}", r.status);
    // Ids that do not decode, odd ids.
    let r = server.get("/api/stories/%FF");
    assert_eq!(r.status, 400);
    assert!(r.json()["error"].as_str().unwrap().contains("id"));
    assert_eq!(server.get("/api/articles/%FF%FE").status, 400);
    assert_eq!(server.get("/stories/%FF").status, 400);
    assert_eq!(server.get("/api/articles/a%2Fb%3F%23").status, 404);
    assert_eq!(
        server
            .get("/api/articles/%27%3B%20DROP%20TABLE%20articles")
            .status,
        404
    );
    assert_eq!(server.get("/api/health").status, 200, "still answering");
    // Pages: 404 and 400 as HTML.
    let r = server.get("/nothing/here");
    assert_eq!(r.status, 404);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    let r = server.get("/?from=never");
    assert_eq!(r.status, 400);
    assert!(r.text().contains("from must be a date"));
    assert_eq!(server.get("/stories/none").status, 404);
    assert_eq!(server.get("/articles/none").status, 404);
    // The limit is the configured one.
    let body = json!({"id": "big", "text": "x".repeat(2000)}).to_string();
    let r = server.post("/api/articles", body.as_bytes());
    assert_eq!(r.status, 413);
    assert!(r.json()["error"].as_str().unwrap().contains("1024"));
}

#[test]
fn concurrent_posts_never_lose_or_duplicate_an_article() {
    let dir = scratch("concurrent");
    let db = dir.join("stories.db");
    // Start from an existing store, as a running server would.
    build_db(&db, corpus(30, 1));
    let server = Server::start(&db, 10 * 1024 * 1024);
    let base = server.get("/api/health").json()["articles"]
        .as_u64()
        .unwrap();

    // 8 clients post overlapping batches: every article is posted by 2 clients,
    // and 5 shared articles by all of them.
    let pool: Vec<storyline::Article> = corpus(200, 99)
        .into_iter()
        .map(|mut a| {
            a.id = format!("c-{}", a.id);
            a
        })
        .collect();
    let distinct_text: BTreeSet<&str> = pool.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(distinct_text.len(), pool.len(), "synthetic texts differ");
    let clients = 8;
    let batches: Vec<Vec<Value>> = (0..clients)
        .map(|c| {
            pool.iter()
                .enumerate()
                .filter(|(i, _)| i % clients == c || (i + 1) % clients == c || *i < 5)
                .map(|(_, a)| article_json(a))
                .collect()
        })
        .collect();
    let posted: usize = batches.iter().map(Vec::len).sum();
    let addr = server.addr;
    let reports: Vec<Value> = std::thread::scope(|s| {
        let handles: Vec<_> = batches
            .iter()
            .map(|batch| {
                s.spawn(move || {
                    // Each client posts its batch in 4 requests.
                    batch
                        .chunks(batch.len().div_ceil(4))
                        .map(|chunk| {
                            let body = serde_json::to_vec(chunk).unwrap();
                            let r = common::request(addr, "POST", "/api/articles", Some(&body));
                            assert_eq!(r.status, 200, "{}", r.text());
                            r.json()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let added: u64 = reports.iter().map(|r| r["added"].as_u64().unwrap()).sum();
    let dups: u64 = reports
        .iter()
        .map(|r| r["duplicates"].as_u64().unwrap())
        .sum();
    assert_eq!(added, pool.len() as u64, "each article added exactly once");
    assert_eq!(added + dups, posted as u64);
    let health = server.get("/api/health").json();
    assert_eq!(
        health["articles"].as_u64().unwrap(),
        base + pool.len() as u64
    );
    // Every article is stored, in a story, and all posts agree on which.
    let mut story_of: BTreeMap<String, Value> = BTreeMap::new();
    for r in &reports {
        for p in r["placed"].as_array().unwrap() {
            let id = p["article"].as_str().unwrap().to_string();
            assert!(p["story"].is_string(), "{p}");
            story_of.entry(id).or_insert_with(|| p["story"].clone());
        }
    }
    assert_eq!(story_of.len(), pool.len());
    for a in pool.iter().step_by(7) {
        let r = server.get(&format!("/api/articles/{}", a.id));
        assert_eq!(r.status, 200, "{}", a.id);
        let got = r.json();
        assert_eq!(got["text"], a.text.as_str());
        let story = got["story"].as_str().unwrap();
        // The story (following a merge redirect if any) holds the article.
        let mut r = server.get(&format!("/api/stories/{story}"));
        if r.status == 308 {
            r = server.get(r.header("location").unwrap());
        }
        assert_eq!(r.status, 200);
        let s = r.json();
        let members: Vec<&str> = s["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap())
            .collect();
        assert!(members.contains(&a.id.as_str()), "{} not in {story}", a.id);
    }
}

#[test]
fn pages_escape_hostile_articles_and_forbid_script() {
    let dir = scratch("hostile");
    let db = dir.join("stories.db");
    build_db_batches(&db, vec![corpus(20, 5), vec![hostile_article()]]);
    let server = Server::start(&db, 1024 * 1024);
    let article = server.get("/articles/hostile-1");
    assert_eq!(article.status, 200);
    let csp = article.header("content-security-policy").unwrap();
    assert!(
        csp.contains("default-src 'none'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    let story_id = server.get("/api/articles/hostile-1").json()["story"]
        .as_str()
        .unwrap()
        .to_string();
    let story = server.get(&format!("/stories/{story_id}"));
    let search = server.get("/?q=harbour");
    for (what, page) in [
        ("article", &article),
        ("story", &story),
        ("search", &search),
    ] {
        assert_eq!(page.status, 200, "{what}");
        let html = page.text();
        assert!(!html.contains(HOSTILE_SCRIPT), "{what}: raw script");
        assert!(!html.contains(HOSTILE_IMG), "{what}: raw img");
        assert!(
            !html.contains("href=\"javascript:"),
            "{what}: javascript link"
        );
        assert!(!html.to_ascii_lowercase().contains("<script"), "{what}");
        assert!(html.contains("name=\"viewport\""), "{what}");
    }
    let html = article.text();
    assert!(html.contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=&quot;document.title=&#39;pwned&#39;&quot;&gt;"));
    assert!(html.contains("&lt;a href=&quot;javascript:alert(1)&quot;&gt;click me&lt;/a&gt;"));
    assert!(html.contains("Original (not a web link)"));
    let css = server.get("/assets/style.css");
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").unwrap().starts_with("text/css"));
}

#[test]
fn a_posted_article_shows_on_its_story_page_at_once() {
    let dir = scratch("fresh");
    let db = dir.join("stories.db");
    let articles = corpus(40, 21);
    let x = articles
        .iter()
        .find(|a| a.text.len() > 400)
        .unwrap()
        .clone();
    build_db(&db, articles);
    // A long page cache: only the ingest can make the page fresh.
    let mut config = storyline_server::Config::new(&db);
    config.page_cache = std::time::Duration::from_secs(600);
    let server = Server::start_with(config);
    let before_story = server.get(&format!("/api/articles/{}", x.id)).json()["story"]
        .as_str()
        .unwrap()
        .to_string();
    let before = server.get(&format!("/stories/{before_story}"));
    assert_eq!(before.status, 200);
    assert_eq!(
        before.text(),
        server.get(&format!("/stories/{before_story}")).text()
    );
    let follow_up = json!({
        "id": "follow-up-1",
        "title": "Follow-up <b>report</b>",
        "text": format!("{}\n\nMore details were expected later in the week.", x.text),
        "source": "Late Wire",
        "published": x.published.map(|p| p.to_string()),
    });
    let r = server.post("/api/articles", follow_up.to_string().as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    let story = r.json()["stories"][0].as_str().unwrap().to_string();
    let mut page = server.get(&format!("/stories/{story}"));
    if page.status == 308 {
        page = server.get(page.header("location").unwrap());
    }
    assert_eq!(page.status, 200);
    assert!(
        page.text().contains("Follow-up &lt;b&gt;report&lt;/b&gt;"),
        "the new article is listed at once"
    );
    // The old page of the story the copy joined is not served from the cache.
    let again = server.get(&format!("/stories/{before_story}"));
    if story == before_story {
        assert_ne!(again.text(), before.text());
    }
}

#[test]
fn a_merged_story_redirects_to_the_story_it_joined() {
    let dir = scratch("merge");
    let db = dir.join("stories.db");
    let server = Server::start(&db, 1 << 20);
    let post = |id: &str, title: &str, text: &str| -> Value {
        let body =
            json!({"id": id, "title": title, "text": text, "published": "2016-09-06T12:00:00Z"});
        let r = server.post("/api/articles", body.to_string().as_bytes());
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()
    };
    let budget = "The Marbeck harbour board approved a new budget for dredging the northern channel on Monday. Board chair Lena Ortiz said the dredging would start in spring.";
    let protest = "Fishermen in Marbeck protested against quotas at the town hall on Monday. Union leader Tomas Varga said the quotas would ruin the fleet.";
    let a = post("m-a", "Harbour board approves dredging budget", budget);
    let b = post("m-b", "Fishermen protest fishing quotas", protest);
    assert_ne!(a["stories"][0], b["stories"][0], "two events, two stories");
    // One report of both events joins the two stories.
    let both = format!(
        "{} {protest}",
        budget.replace("on Monday.", "on Monday, officials said.")
    );
    let c = post("m-c", "Marbeck: dredging budget and quota protest", &both);
    let redirects = c["redirects"].as_array().unwrap();
    assert!(
        !redirects.is_empty(),
        "the bridging report should merge the two stories (if the store's \
         clustering changed, this test needs another bridge): {c}"
    );
    let (old, new) = (
        redirects[0][0].as_str().unwrap().to_string(),
        redirects[0][1].as_str().unwrap().to_string(),
    );
    let r = server.get(&format!("/api/stories/{old}"));
    assert_eq!(r.status, 308);
    assert_eq!(
        r.header("location"),
        Some(format!("/api/stories/{new}").as_str())
    );
    assert_eq!(r.json(), json!({ "moved_to": new }));
    let followed = server.get(r.header("location").unwrap());
    assert_eq!(followed.status, 200);
    let merged = followed.json();
    let ids: Vec<&str> = merged["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    for id in ["m-a", "m-b", "m-c"] {
        assert!(ids.contains(&id), "{id} in the merged story: {ids:?}");
    }
    let page = server.get(&format!("/stories/{old}"));
    assert_eq!(page.status, 308);
    assert_eq!(
        page.header("location"),
        Some(format!("/stories/{new}").as_str())
    );
    assert!(page.text().contains("was merged into"));
}

#[test]
fn odd_requests_never_get_a_server_error() {
    let dir = scratch("odd");
    let db = dir.join("stories.db");
    build_db_batches(&db, vec![corpus(15, 2), vec![hostile_article()]]);
    let server = Server::start(&db, 1 << 20);
    let q = storyline_server::html::enc;
    let paths = [
        "/api/stories?page=99999999999999999999".to_string(),
        "/api/stories?per_page=0".into(),
        "/api/stories?q=%00".into(),
        format!("/api/stories?q={}", q("\" OR 1=1 --")),
        "/api/stories?q=NEAR(a%20b)%20AND%20*".into(),
        "/api/stories?q=%22unbalanced".into(),
        "/api/stories?q=a&q=b&page=1&page=2".into(),
        "/api/stories?entity=%F0%9F%98%80&source=%E2%80%AE".into(),
        "/api/stories?from=0000-01-01&to=9999-12-31".into(),
        "/api/stories?from=2016-02-29&to=2016-02-29".into(),
        "/api/stories?from=2015-02-29".into(),
        "/api/stories/".into(),
        "/api/stories/%20".into(),
        format!("/api/stories/{}", "s".repeat(5000)),
        "/api/articles/hostile-1?mark=1-2".into(),
        "/?q=%3Cscript%3Ealert(1)%3C/script%3E".into(),
        "/?q=*".into(),
        "/?page=2&per_page=1".into(),
        "/?from=2016-13-40".into(),
        "/articles/hostile-1?mark=40-5".into(),
        "/articles/hostile-1?mark=1-99999999".into(),
        "/articles/hostile-1?mark=x-y&mark=-".into(),
        "/articles/hostile-1?mark=18446744073709551615-18446744073709551616".into(),
        "/stories/".into(),
        "/assets/../Cargo.toml".into(),
        "/%2e%2e/%2e%2e/etc/passwd".into(),
    ];
    for p in &paths {
        let r = server.get(p);
        assert!(r.status < 500, "GET {p}: {} {}", r.status, r.text());
        if p.starts_with("/api/") && r.status >= 400 {
            assert!(
                serde_json::from_slice::<Value>(&r.body).is_ok_and(|v| v["error"].is_string()),
                "GET {p}: {} {:?}",
                r.status,
                r.text()
            );
        }
        if !p.starts_with("/api/") {
            assert!(!r.text().contains("<script>"), "GET {p}");
        }
    }
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let bodies: Vec<Vec<u8>> = vec![
        deep.into_bytes(),
        b"".to_vec(),
        b"null".to_vec(),
        vec![0xff, 0xfe, 0x00],
        br#"{"id":"","text":"x"}"#.to_vec(),
        br#"{"id":"u1","text":"\u0000 zero byte and \ud83d\ude00"}"#.to_vec(),
        br#"{"id":"u2","text":"x","url":"javascript:alert(1)","published":"2016-09-05T25:00:00Z"}"#
            .to_vec(),
        json!({"id": "long", "title": "t".repeat(100_000), "text": "word ".repeat(1000)})
            .to_string()
            .into_bytes(),
    ];
    for b in &bodies {
        let r = server.post("/api/articles", b);
        assert!(
            r.status < 500,
            "POST {:?}: {} {}",
            String::from_utf8_lossy(&b[..b.len().min(40)]),
            r.status,
            r.text()
        );
        assert!(r.json().is_object());
    }
    assert_eq!(server.get("/api/health").status, 200);
}
