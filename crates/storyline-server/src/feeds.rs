//! The feeds `storyline follow` records, as JSON (`GET /api/feeds`) and as a
//! page (`/feeds`): when each was last read, what went wrong last, what
//! became of its items, when it is polled next. A follower writes them from
//! its own process (or beside the server with `storyline serve --follow`);
//! the server only reads.
//!
//! Feed titles, URLs and error messages come from the network: every one is
//! escaped where it is written, and only `http(s)` URLs become links.

use std::fmt::Write as _;

use axum::response::{IntoResponse, Response};
use axum::{extract::State, Json};
use serde_json::{json, Value};
use storyline_store::{Feed, ItemCounts, Store, StoreError};

use crate::error::ApiError;
use crate::html::{esc, page, safe_url};
use crate::{pages, AppState};

/// Every followed feed with its item counts, in the order they were added.
fn read_feeds(s: &Store) -> Result<Vec<(Feed, ItemCounts)>, StoreError> {
    s.feeds()?
        .into_iter()
        .map(|f| {
            let counts = s.feed_items(&f.url)?;
            Ok((f, counts))
        })
        .collect()
}

/// Unix seconds as RFC 3339 UTC (`2026-01-02T03:04:05Z`); `None` if out of
/// range.
pub fn rfc3339(t: i64) -> Option<String> {
    jiff::Timestamp::from_second(t).ok().map(|t| t.to_string())
}

fn time(t: Option<i64>) -> Value {
    t.and_then(rfc3339).map_or(Value::Null, Value::String)
}

/// One feed as the API shows it.
pub fn feed_json(f: &Feed, items: &ItemCounts) -> Value {
    json!({
        "url": f.url,
        "title": f.title,
        "added": time(Some(f.added)),
        "last_poll": time(f.last_poll),
        "last_success": time(f.last_success),
        "last_status": f.last_status,
        "last_error": f.last_error,
        "last_error_at": time(f.last_error_at),
        "polls": f.polls,
        "not_modified": f.not_modified,
        "failures": f.failures,
        "errors": f.errors,
        "interval_seconds": f.interval,
        "next_poll": time(Some(f.next_poll)),
        "items": {
            "stored": items.stored,
            "duplicate": items.duplicate,
            "failed": items.failed,
            "blocked": items.blocked,
        },
    })
}

/// `GET /api/feeds`: every followed feed.
pub(crate) async fn api(State(st): State<AppState>) -> Result<Response, ApiError> {
    let feeds = st.readers.run(read_feeds).await?;
    let list: Vec<Value> = feeds.iter().map(|(f, c)| feed_json(f, c)).collect();
    Ok(Json(json!({ "feeds": list })).into_response())
}

/// `GET /feeds`: the page.
pub(crate) async fn page_handler(State(st): State<AppState>) -> Response {
    match st.readers.run(read_feeds).await {
        Ok(feeds) => pages::html(
            axum::http::StatusCode::OK,
            page("Followed feeds", Some(""), &render_feeds(&feeds)),
        ),
        Err(e) => pages::error_page(&e),
    }
}

/// A time for people: `2016-09-05 09:30 UTC` in a `<time>` element.
fn at(t: i64) -> String {
    match jiff::Timestamp::from_second(t) {
        Ok(ts) => {
            let iso = ts.to_string();
            let pretty = format!(
                "{} {} UTC",
                iso.get(..10).unwrap_or(&iso),
                iso.get(11..16).unwrap_or_default()
            );
            format!("<time datetime=\"{}\">{}</time>", esc(&iso), esc(&pretty))
        }
        Err(_) => "unknown".to_string(),
    }
}

/// A poll interval for people: `45 s`, `5 min`, `1 h 30 min`.
fn every(seconds: i64) -> String {
    let s = seconds.max(0);
    if s < 60 {
        return format!("{s} s");
    }
    let (h, m) = (s / 3600, (s % 3600) / 60);
    match (h, m) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// The page's body.
pub fn render_feeds(feeds: &[(Feed, ItemCounts)]) -> String {
    let mut out = String::from("<h1>Followed feeds</h1>");
    if feeds.is_empty() {
        out.push_str(
            "<p class=\"empty\">No feed is followed yet. Follow feeds into this database with \
<code>storyline follow --db FILE SOURCES...</code>, or serve it and follow at once with \
<code>storyline serve --follow SOURCES...</code> (SOURCES: feed URLs, files of URLs, \
OPML files).</p>",
        );
        return out;
    }
    let failing = feeds.iter().filter(|(f, _)| f.failures > 0).count();
    let _ = write!(
        out,
        "<p class=\"count\">{} followed",
        if feeds.len() == 1 {
            "1 feed".to_string()
        } else {
            format!("{} feeds", feeds.len())
        }
    );
    if failing > 0 {
        let _ = write!(out, " · <span class=\"error\">{failing} failing</span>");
    }
    out.push_str(" · <a href=\"/api/feeds\">as JSON</a></p><ol class=\"feeds\">");
    for (f, items) in feeds {
        let name = f.title.as_deref().filter(|t| !t.trim().is_empty());
        let _ = write!(
            out,
            "<li class=\"feed\"><h2>{}</h2>",
            esc(name.unwrap_or(&f.url))
        );
        match safe_url(&f.url) {
            Some(u) => {
                let _ = write!(
                    out,
                    "<p class=\"url\"><a href=\"{}\" rel=\"nofollow noopener noreferrer\">{}</a></p>",
                    esc(u),
                    esc(u)
                );
            }
            None => {
                let _ = write!(
                    out,
                    "<p class=\"url\"><code>{}</code></p>",
                    esc(&crate::html::visible(&f.url))
                );
            }
        }
        out.push_str("<dl>");
        let _ = write!(
            out,
            "<dt>Last success</dt><dd>{}</dd>",
            f.last_success.map_or("never".to_string(), at)
        );
        if let Some(err) = f.last_error.as_deref() {
            let _ = write!(out, "<dt>Last error</dt><dd class=\"error\">");
            if let Some(t) = f.last_error_at {
                let _ = write!(out, "{} · ", at(t));
            }
            if let Some(status) = f.last_status.filter(|s| *s >= 400) {
                let _ = write!(out, "HTTP {status} · ");
            }
            let _ = write!(out, "{}", esc(err));
            if f.failures > 0 {
                let _ = write!(out, " ({} failed polls in a row)", f.failures);
            }
            out.push_str("</dd>");
        }
        // A failing status is shown with the error already.
        if let Some(status) = f.last_status.filter(|s| *s < 400 || f.last_error.is_none()) {
            let _ = write!(out, "<dt>Last status</dt><dd>HTTP {status}</dd>");
        }
        let _ = write!(
            out,
            "<dt>Items</dt><dd>{} stored · {} duplicate · {} failed · {} blocked by robots.txt</dd>",
            items.stored, items.duplicate, items.failed, items.blocked
        );
        let _ = write!(
            out,
            "<dt>Polls</dt><dd>{} ({} not modified) · {} errors in all</dd>",
            f.polls, f.not_modified, f.errors
        );
        let _ = write!(
            out,
            "<dt>Next poll</dt><dd>{} · every {}</dd>",
            at(f.next_poll),
            every(f.interval)
        );
        let _ = write!(out, "<dt>Followed since</dt><dd>{}</dd>", at(f.added));
        out.push_str("</dl></li>");
    }
    out.push_str("</ol>");
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod tests {
    use super::*;

    fn feed() -> (Feed, ItemCounts) {
        (
            Feed {
                url: "javascript:alert(1)".into(),
                title: Some("<script>alert(1)</script>".into()),
                added: 1_700_000_000,
                last_error: Some("HTTP 503 <b>busy</b>".into()),
                last_error_at: Some(1_700_000_600),
                last_status: Some(503),
                failures: 2,
                errors: 3,
                polls: 7,
                not_modified: 1,
                interval: 5400,
                next_poll: 1_700_003_600,
                ..Feed::default()
            },
            ItemCounts {
                stored: 4,
                duplicate: 1,
                failed: 2,
                blocked: 3,
            },
        )
    }

    #[test]
    fn the_page_escapes_what_the_network_gave() {
        let body = render_feeds(&[feed()]);
        assert!(!body.contains("<script") && !body.contains("<b>"), "{body}");
        assert!(body.contains("<h2>&lt;script&gt;alert(1)&lt;/script&gt;</h2>"));
        assert!(!body.contains("href=\"javascript"), "{body}");
        assert!(body.contains("<code>javascript:alert(1)</code>"));
        assert!(body.contains("HTTP 503 &lt;b&gt;busy&lt;/b&gt; (2 failed polls in a row)"));
        assert!(
            body.contains("<time datetime=\"2023-11-14T22:23:20Z\">2023-11-14 22:23 UTC</time>")
        );
        assert!(body.contains("4 stored · 1 duplicate · 2 failed · 3 blocked"));
        assert!(body.contains("every 1 h 30 min"));
        assert!(body.contains("<dt>Last success</dt><dd>never</dd>"));
        assert!(body.contains("1 failing"));
        assert!(!body.contains("Last status"), "503 is shown with the error");
        let (mut ok, c) = feed();
        (ok.last_status, ok.last_error, ok.failures) = (Some(304), None, 0);
        let body = render_feeds(&[(ok, c)]);
        assert!(body.contains("<dt>Last status</dt><dd>HTTP 304</dd>"));
        assert!(!body.contains("Last error") && !body.contains("failing"));
    }

    #[test]
    fn no_feed_says_how_to_follow_one() {
        let body = render_feeds(&[]);
        assert!(body.contains("storyline follow --db FILE SOURCES..."));
        assert!(body.contains("storyline serve --follow SOURCES..."));
    }

    #[test]
    fn json_times_are_rfc3339_or_null() {
        let (f, c) = feed();
        let v = feed_json(&f, &c);
        assert_eq!(v["added"], "2023-11-14T22:13:20Z");
        assert_eq!(v["last_success"], Value::Null);
        assert_eq!(v["interval_seconds"], 5400);
        assert_eq!(v["items"]["blocked"], 3);
        assert_eq!(every(45), "45 s");
        assert_eq!(every(300), "5 min");
        assert_eq!(every(7200), "2 h");
        assert_eq!(rfc3339(i64::MAX), None);
    }
}
