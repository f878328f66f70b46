//! Property tests of what the server parses from a request and what it
//! writes into pages (issue 14): the story list's query parameters, ids and
//! odd paths under `/api/`, and the HTML escaper.
//!
//! 256 cases each, so that CI stays fast; `PROPTEST_CASES=100000 cargo test
//! -p storyline-server --test properties` searches longer (proptest reads
//! the variable, and [`config`] keeps it in force).
#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use std::sync::OnceLock;

use axum::body::Body;
use http_body_util::BodyExt;
use proptest::prelude::*;
use proptest::test_runner::Config;
use storyline_server::html::{enc, esc};
use storyline_server::params::{story_query, to_pairs, MAX_MIN_ARTICLES, MAX_PAGE, MAX_PER_PAGE};
use storyline_store::{Sort, StoryQuery};

use common::*;

/// 256 cases unless `PROPTEST_CASES` says otherwise.
fn config() -> Config {
    let mut config = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 256;
    }
    config
}

const KEYS: [&str; 9] = [
    "q",
    "source",
    "entity",
    "from",
    "to",
    "min_articles",
    "page",
    "per_page",
    "sort",
];

/// A parameter name: mostly one the list knows, sometimes anything.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(&KEYS[..]).prop_map(String::from),
        1 => any::<String>(),
    ]
}

/// A value: anything, or shaped like a number or a date (valid or not), or
/// blank.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ +-]?[0-9]{0,22}[ ]?",
        "[0-9]{1,6}-[0-9]{1,3}-[0-9]{1,3}",
        "[ \t]{0,3}",
        proptest::sample::select(&["covered", "recent", "best", " recent "][..])
            .prop_map(String::from),
    ]
}

fn pairs() -> impl Strategy<Value = Vec<(String, String)>> {
    proptest::collection::vec((key(), value()), 0..8)
}

/// The last non-blank value given for `key`, trimmed.
fn last<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.trim())
        .find(|v| !v.is_empty())
}

fn valid_date() -> impl Strategy<Value = jiff::civil::Date> {
    (0i16..=9999, 1i8..=12, 1i8..=31).prop_map(|(y, m, d)| {
        let first = jiff::civil::date(y, m, 1);
        jiff::civil::date(y, m, d.min(first.days_in_month()))
    })
}

proptest! {
    #![proptest_config(config())]

    /// Whatever the pairs, parsing answers (never panics); what it accepts
    /// is within bounds, holds the last value given for each name, and
    /// has `from <= to`; it refuses exactly when some value alone is
    /// refused or the dates are the wrong way round.
    #[test]
    fn story_query_accepts_only_what_each_value_allows(pairs in pairs()) {
        let parsed = story_query(&pairs);
        let alone_ok = pairs
            .iter()
            .filter(|(k, v)| KEYS.contains(&k.as_str()) && !v.trim().is_empty())
            .all(|(k, v)| story_query(&[(k.clone(), v.clone())]).is_ok());
        match parsed {
            Ok(q) => {
                prop_assert!(alone_ok);
                prop_assert!((1..=MAX_PER_PAGE).contains(&q.per_page));
                prop_assert!((1..=MAX_PAGE).contains(&q.page));
                prop_assert!(q.min_articles.is_none_or(|n| n <= MAX_MIN_ARTICLES));
                if let (Some(from), Some(to)) = (q.from, q.to) {
                    prop_assert!(from <= to);
                }
                prop_assert_eq!(q.q.as_deref(), last(&pairs, "q"));
                prop_assert_eq!(q.source.as_deref(), last(&pairs, "source"));
                prop_assert_eq!(q.entity.as_deref(), last(&pairs, "entity"));
                prop_assert_eq!(q.from.map(|d| d.to_string()), last(&pairs, "from").map(String::from));
                prop_assert_eq!(q.to.map(|d| d.to_string()), last(&pairs, "to").map(String::from));
                // Numbers as numbers: "+5" and "005" are 5.
                let number = |k| last(&pairs, k).map(|v| v.parse::<usize>().unwrap());
                prop_assert_eq!(q.min_articles, number("min_articles"));
                let default = StoryQuery::default();
                prop_assert_eq!(q.page, number("page").unwrap_or(default.page));
                prop_assert_eq!(q.per_page, number("per_page").unwrap_or(default.per_page));
                let sort = match last(&pairs, "sort") {
                    Some("recent") => Sort::Recent,
                    _ => Sort::Covered,
                };
                prop_assert_eq!(q.sort, sort);
            }
            Err(e) => {
                let reversed = matches!(
                    (story_query(&[]).ok(), e.contains(") is after to (")),
                    (Some(_), true)
                );
                prop_assert!(!alone_ok || reversed, "refused {pairs:?}: {e}");
                prop_assert!(!e.is_empty());
            }
        }
    }

    /// A number is accepted exactly within its bounds, and kept as given.
    #[test]
    fn numbers_are_accepted_within_their_bounds(n in prop_oneof![0u64..200, 0u64..20_000, any::<u64>()]) {
        for (key, min, max) in [
            ("per_page", 1, MAX_PER_PAGE as u64),
            ("page", 1, MAX_PAGE as u64),
            ("min_articles", 0, MAX_MIN_ARTICLES as u64),
        ] {
            let q = story_query(&[(key.to_string(), n.to_string())]);
            prop_assert_eq!(q.is_ok(), (min..=max).contains(&n), "{}={}", key, n);
            if let Ok(q) = q {
                let got = match key {
                    "per_page" => q.per_page,
                    "page" => q.page,
                    _ => q.min_articles.unwrap(),
                };
                prop_assert_eq!(got as u64, n);
            }
        }
    }

    /// Two valid dates: accepted, each as given, exactly when `from <= to`;
    /// either alone is always accepted.
    #[test]
    fn dates_are_kept_and_ordered(a in valid_date(), b in valid_date()) {
        let q = story_query(&[("from".into(), a.to_string()), ("to".into(), b.to_string())]);
        prop_assert_eq!(q.is_ok(), a <= b);
        if let Ok(q) = q {
            prop_assert_eq!((q.from, q.to), (Some(a), Some(b)));
        }
        prop_assert_eq!(story_query(&[("from".into(), a.to_string())]).unwrap().from, Some(a));
        prop_assert_eq!(story_query(&[("to".into(), b.to_string())]).unwrap().to, Some(b));
    }

    /// Every accepted query survives the trip through the links the pages
    /// write (`to_pairs`, plus the page number the pager adds).
    #[test]
    fn accepted_queries_round_trip_through_their_links(pairs in pairs()) {
        if let Ok(q) = story_query(&pairs) {
            let again: Vec<(String, String)> = to_pairs(&q)
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .chain([("page".to_string(), q.page.to_string())])
                .collect();
            prop_assert_eq!(story_query(&again), Ok(q));
        }
    }

    /// Escaped text holds no raw `<`, `>`, `"` or `'`, every `&` starts one
    /// of the five entities, and unescaping gives the text back.
    #[test]
    fn escaped_text_has_no_raw_markup_and_unescapes_back(s in any::<String>()) {
        let e = esc(&s);
        prop_assert!(!e.contains(['<', '>', '"', '\'']), "{e:?}");
        for (i, _) in e.match_indices('&') {
            prop_assert!(ENTITIES.iter().any(|(ent, _)| e[i..].starts_with(ent)), "{e:?}");
        }
        prop_assert_eq!(unescape(&e), s);
    }

    /// A percent-encoded id is one path segment of unreserved characters
    /// and `%XX`, and decodes back to the id.
    #[test]
    fn encoded_ids_are_one_segment_and_decode_back(s in any::<String>()) {
        let e = enc(&s);
        prop_assert!(e.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)), "{e:?}");
        prop_assert_eq!(percent_decode(&e), s);
    }

    /// Any path and query under `/api/` is answered without a panic and
    /// without a server error; every refusal is a JSON `{"error": ...}`.
    #[test]
    fn any_api_path_and_query_gets_json(
        base in proptest::sample::select(&["", "health", "stories", "articles", "feeds", "openapi.json", "stories/", "articles/"][..]),
        tail in proptest::collection::vec(prop_oneof![
            "[a-zA-Z0-9._~-]{0,12}",
            "(%[0-9A-Fa-f]{2}){1,4}",
            "%[g-zG-Z._~-]?",
            any::<String>().prop_map(|s| enc(&s)),
        ], 0..3),
        query in proptest::option::of(proptest::collection::vec(
            ("[a-z_]{0,12}", prop_oneof![
                "[a-zA-Z0-9 ._-]{0,12}",
                "(%[0-9A-Fa-f]{2}){1,3}",
                any::<String>().prop_map(|s| enc(&s)),
            ]),
            0..4,
        )),
    ) {
        let mut uri = format!("/api/{base}{}", tail.join("/"));
        if let Some(query) = &query {
            let q: Vec<String> = query.iter().map(|(k, v)| format!("{k}={}", v.replace(' ', "+"))).collect();
            uri.push('?');
            uri.push_str(&q.join("&"));
        }
        let (status, ctype, body) = call(&uri);
        prop_assert!(status < 500, "{uri}: {status} {body}");
        if status >= 400 {
            prop_assert!(ctype.starts_with("application/json"), "{uri}: {status} {ctype}");
            let v: serde_json::Value = serde_json::from_str(&body).unwrap();
            prop_assert!(v["error"].is_string(), "{uri}: {body}");
        }
    }
}

const ENTITIES: [(&str, char); 5] = [
    ("&amp;", '&'),
    ("&lt;", '<'),
    ("&gt;", '>'),
    ("&quot;", '"'),
    ("&#39;", '\''),
];

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let (ent, c) = ENTITIES
            .iter()
            .find(|(ent, _)| rest.starts_with(ent))
            .expect("an entity after every &");
        out.push(*c);
        rest = &rest[ent.len()..];
    }
    out.push_str(rest);
    out
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// The router over a small database, and a runtime to call it on: one for
/// all cases.
fn app() -> &'static (tokio::runtime::Runtime, axum::Router) {
    static APP: OnceLock<(tokio::runtime::Runtime, axum::Router)> = OnceLock::new();
    APP.get_or_init(|| {
        let dir = scratch("properties");
        let db = dir.join("stories.db");
        let mut a = storyline::Article::new(
            "a1",
            "Harbour talks end without a deal",
            "The harbour talks in Marbeck ended without a deal on Tuesday, officials said.",
        );
        a.source = Some("Test Wire".into());
        a.published = storyline::ingest::parse_published("2016-09-06");
        build_db(&db, vec![a]);
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let config = storyline_server::Config::new(&db);
        let app = storyline_server::router(&config).unwrap();
        (rt, app)
    })
}

/// GET `uri` through the router in process: status, content type, body.
fn call(uri: &str) -> (u16, String, String) {
    let (rt, app) = app();
    let req = axum::http::Request::get(uri)
        .header("host", "localhost")
        .body(Body::empty())
        .unwrap();
    rt.block_on(async {
        let mut app = app.clone();
        let resp = tower_service::Service::call(&mut app, req).await.unwrap();
        let status = resp.status().as_u16();
        let ctype = resp
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let body = resp.into_body().collect().await.unwrap().to_bytes();
        (status, ctype, String::from_utf8_lossy(&body).into_owned())
    })
}
