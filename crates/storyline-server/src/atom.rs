//! Atom feeds (RFC 4287) of a story and of a story search, so a feed reader
//! can watch a story grow or a search fill:
//!
//! - `GET /stories/{id}/feed.atom`: one entry per article of the story,
//!   newest first (at most [`MAX_ARTICLE_ENTRIES`]); the feed's `updated` is
//!   the latest article's time, so a reader sees when the story grows. A
//!   merged story's old id redirects (308) to the feed of the story it
//!   joined.
//! - `GET /feed.atom?q=...`: one entry per story of the story list with the
//!   same parameters as `/` and `/api/stories`; newest first unless `sort`
//!   is given.
//!
//! Ids are `tag:` URIs built from the stable story and article ids
//! (`tag:storyline,2026:article/{id}`), so they never change with the host
//! the server is reached by; links are absolute paths (`/articles/{id}`),
//! which readers resolve against the feed's own URL (RFC 4287 §4.2.7 allows
//! IRI references). Every piece of text goes through [`push_xml`], which also
//! drops the characters XML 1.0 does not allow.
//!
//! Feeds are kept in the page cache like pages, and carry an `ETag`: a
//! reader polling with `If-None-Match` gets `304 Not Modified` until the
//! feed changes.
//!
//! The builders are pure (JSON in, XML out) and tested without a database.

use std::collections::HashMap;
use std::fmt::Write as _;

use axum::body::Bytes;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use storyline_store::{
    ArticleDetail, Sort, StoredStory, StoryArticle, StoryLookup, StoryPage, StoryQuery,
};

use crate::cache::Lookup;
use crate::error::ApiError;
use crate::html::enc;
use crate::pages::{given, nonempty};
use crate::{api, pages, params, AppState};

/// The media type of every feed.
pub const CONTENT_TYPE: &str = "application/atom+xml; charset=utf-8";

/// The prefix of every id (a `tag:` URI, RFC 4151).
pub const TAG: &str = "tag:storyline,2026:";

/// Most entries in a story's feed (its newest articles).
pub const MAX_ARTICLE_ENTRIES: usize = 200;

/// Longest entry summary made from the start of an article, in characters.
const START_CHARS: usize = 400;

/// `updated` of what has no date at all (Atom requires one).
const EPOCH: &str = "1970-01-01T00:00:00Z";

// ---- XML text ------------------------------------------------------------

/// XML-escape text for element content and quoted attribute values
/// (`& < > " '`), dropping characters XML 1.0 does not allow (control
/// characters other than tab, newline and carriage return; U+FFFE, U+FFFF).
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_xml(&mut out, s);
    out
}

/// [`xml`] appended to `out`.
pub fn push_xml(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

/// An Atom date (RFC 3339, UTC, whole seconds) from a stored publication
/// time: RFC 3339 with any offset, or a bare date (its midnight, UTC).
pub fn atom_time(t: &str) -> Option<jiff::Timestamp> {
    let t = t.trim();
    if let Ok(ts) = t.parse::<jiff::Timestamp>() {
        return jiff::Timestamp::from_second(ts.as_second()).ok();
    }
    let day = t.parse::<jiff::civil::Date>().ok()?;
    day.to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

fn stamp(t: Option<jiff::Timestamp>) -> String {
    t.map_or_else(|| EPOCH.to_string(), |t| t.to_string())
}

// ---- the document --------------------------------------------------------

/// One entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// A `tag:` URI.
    pub id: String,
    /// Plain text.
    pub title: String,
    /// The page on this server (an absolute path).
    pub link: String,
    /// When it last changed (none: [`EPOCH`]).
    pub updated: Option<jiff::Timestamp>,
    /// Its authors (outlets), plain text.
    pub authors: Vec<String>,
    /// Plain text.
    pub summary: String,
}

/// A feed.
#[derive(Debug, Clone, PartialEq)]
pub struct Feed {
    /// A `tag:` URI.
    pub id: String,
    /// Plain text.
    pub title: String,
    /// Plain text, if any.
    pub subtitle: Option<String>,
    /// Where the feed itself is (an absolute path with its query).
    pub self_link: String,
    /// The HTML page the feed follows.
    pub page_link: String,
    /// The entries, in the order given.
    pub entries: Vec<Entry>,
}

impl Feed {
    /// The latest `updated` of the entries (the feed changes when they do).
    pub fn updated(&self) -> Option<jiff::Timestamp> {
        self.entries.iter().filter_map(|e| e.updated).max()
    }
}

/// The feed as an Atom document.
pub fn render(feed: &Feed) -> String {
    let mut out = String::with_capacity(1024 + feed.entries.len() * 512);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    text_el(&mut out, "  ", "id", &feed.id);
    text_el(&mut out, "  ", "title", &feed.title);
    if let Some(sub) = &feed.subtitle {
        text_el(&mut out, "  ", "subtitle", sub);
    }
    text_el(&mut out, "  ", "updated", &stamp(feed.updated()));
    link_el(
        &mut out,
        "  ",
        "self",
        "application/atom+xml",
        &feed.self_link,
    );
    link_el(&mut out, "  ", "alternate", "text/html", &feed.page_link);
    // A feed needs an author unless every entry has one.
    out.push_str("  <author><name>storyline</name></author>\n");
    out.push_str("  <generator>storyline</generator>\n");
    for e in &feed.entries {
        out.push_str("  <entry>\n");
        text_el(&mut out, "    ", "id", &e.id);
        text_el(&mut out, "    ", "title", &e.title);
        link_el(&mut out, "    ", "alternate", "text/html", &e.link);
        text_el(&mut out, "    ", "updated", &stamp(e.updated));
        for a in &e.authors {
            out.push_str("    <author><name>");
            push_xml(&mut out, a);
            out.push_str("</name></author>\n");
        }
        text_el(&mut out, "    ", "summary", &e.summary);
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

fn text_el(out: &mut String, indent: &str, name: &str, text: &str) {
    let _ = write!(out, "{indent}<{name}>");
    push_xml(out, text);
    let _ = writeln!(out, "</{name}>");
}

fn link_el(out: &mut String, indent: &str, rel: &str, kind: &str, href: &str) {
    let _ = write!(out, "{indent}<link rel=\"{rel}\" type=\"{kind}\" href=\"");
    push_xml(out, href);
    out.push_str("\"/>\n");
}

// ---- a story's feed ------------------------------------------------------

/// The story's articles for the feed: newest first (undated last), at most
/// [`MAX_ARTICLE_ENTRIES`].
fn newest_articles(story: &StoredStory) -> Vec<&StoryArticle> {
    let mut list: Vec<(Option<jiff::Timestamp>, usize, &StoryArticle)> = story
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (given(&a.published).and_then(atom_time), i, a))
        .collect();
    // Later in the story's order first among equal times.
    list.sort_by(|x, y| y.0.cmp(&x.0).then(y.1.cmp(&x.1)));
    list.truncate(MAX_ARTICLE_ENTRIES);
    list.into_iter().map(|(_, _, a)| a).collect()
}

/// The summary sentences of the story that cite `article`, joined.
fn cited_sentences(story: &StoredStory, article: &str) -> String {
    let texts: Vec<&str> = story
        .summary
        .iter()
        .filter(|sent| sent.article == article || sent.cites.iter().any(|c| c == article))
        .map(|sent| sent.text.as_str())
        .filter(|t| !t.is_empty())
        .collect();
    texts.join(" ")
}

/// The ids of the feed's articles that no summary sentence cites: their
/// entries need the start of their text (see [`article_start`]).
pub fn uncited_articles(story: &StoredStory) -> Vec<String> {
    newest_articles(story)
        .into_iter()
        .map(|a| a.id.as_str())
        .filter(|id| !id.is_empty() && cited_sentences(story, id).is_empty())
        .map(str::to_string)
        .collect()
}

/// The start of an article (as `Store::article_detail` gives it): its kept
/// sentences, in order, up to about [`START_CHARS`] characters; the raw text
/// when it has none.
pub fn article_start(article: &ArticleDetail) -> String {
    let text = article.text.as_str();
    let mut out = String::new();
    for sent in &article.sentences {
        let Some(piece) = text.get(sent.start..sent.end) else {
            continue;
        };
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(piece.trim());
        if out.chars().count() >= START_CHARS {
            break;
        }
    }
    if out.is_empty() {
        out = text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    cut(&out, START_CHARS)
}

/// `text` cut to at most `max` characters at a word boundary, with "…".
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let end = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
    let head = &text[..end];
    let head = head.rfind(' ').map_or(head, |i| &head[..i]);
    format!("{}…", head.trim_end())
}

/// The feed of a story (as `Store::story_detail` gives it); `starts` holds
/// the start of each article that no summary sentence cites, by id.
pub fn story_feed(story: &StoredStory, starts: &HashMap<String, String>) -> Feed {
    let id = story.id.as_str();
    let title = story.title.as_str();
    let articles = &story.articles;
    let outlets = story.sources.len();
    let entries = newest_articles(story)
        .into_iter()
        .map(|a| {
            let aid = a.id.as_str();
            let mut summary = cited_sentences(story, aid);
            if summary.is_empty() {
                summary = starts.get(aid).cloned().unwrap_or_default();
            }
            let title = nonempty(&a.title).unwrap_or(aid).to_string();
            if summary.is_empty() {
                summary.clone_from(&title);
            }
            Entry {
                id: format!("{TAG}article/{}", enc(aid)),
                title,
                link: format!("/articles/{}", enc(aid)),
                updated: given(&a.published).and_then(atom_time),
                authors: given(&a.source).map(str::to_string).into_iter().collect(),
                summary,
            }
        })
        .collect();
    Feed {
        id: format!("{TAG}feed/story/{}", enc(id)),
        title: if title.is_empty() {
            format!("Story {id}")
        } else {
            title.to_string()
        },
        subtitle: Some(format!(
            "{} from {} · storyline",
            plural(articles.len(), "article", "articles"),
            plural(outlets, "outlet", "outlets")
        )),
        self_link: story_feed_href(id),
        page_link: format!("/stories/{}", enc(id)),
        entries,
    }
}

/// Where a story's feed is.
pub fn story_feed_href(id: &str) -> String {
    format!("/stories/{}/feed.atom", enc(id))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

// ---- a search's feed -----------------------------------------------------

/// A query string (`?a=1&b=2`, not escaped) from pairs; empty when there
/// are none.
fn raw_query(pairs: &[(&str, String)]) -> String {
    let pairs: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// The parameters of a feed's URL: those of the list, except that the
/// feed's order by default is newest first (`sort=covered` is said, `recent`
/// is not).
fn feed_pairs(q: &StoryQuery) -> Vec<(&'static str, String)> {
    let mut pairs: Vec<_> = params::to_pairs(q)
        .into_iter()
        .filter(|(k, _)| *k != "sort")
        .collect();
    if q.sort == Sort::Covered {
        pairs.push(("sort", "covered".to_string()));
    }
    pairs
}

/// Where the feed of a story list is (`q` as the list page has it): the
/// same filters, newest first.
pub fn search_feed_href(q: &StoryQuery) -> String {
    let newest = StoryQuery {
        sort: Sort::Recent,
        ..q.clone()
    };
    format!("/feed.atom{}", raw_query(&feed_pairs(&newest)))
}

/// The feed of a page of stories.
pub fn search_feed(page: &StoryPage, q: &StoryQuery) -> Feed {
    let query = raw_query(&feed_pairs(q));
    let entries = page
        .stories
        .iter()
        .map(|st| {
            let last = st
                .last_published
                .as_deref()
                .or(st.first_published.as_deref());
            Entry {
                id: format!("{TAG}story/{}", enc(&st.id)),
                title: st.title.clone(),
                link: format!("/stories/{}", enc(&st.id)),
                updated: last.and_then(atom_time),
                authors: st.sources.clone(),
                summary: if st.lede.is_empty() {
                    st.title.clone()
                } else {
                    st.lede.clone()
                },
            }
        })
        .collect();
    let title = match &q.q {
        Some(text) => format!("Stories matching “{text}” · storyline"),
        None => "Stories · storyline".to_string(),
    };
    Feed {
        id: format!("{TAG}feed/stories{query}"),
        title,
        subtitle: Some(plural(page.total, "story", "stories")),
        self_link: format!("/feed.atom{query}"),
        page_link: format!("/{}", raw_query(&params::to_pairs(q))),
        entries,
    }
}

// ---- handlers ------------------------------------------------------------

/// A feed response with an `ETag` (a hash of the document); `304 Not
/// Modified` without a body when the reader already has it, so readers that
/// poll often cost little.
fn atom(body: Bytes, request: &HeaderMap) -> Response {
    let tag = format!(
        "\"{:016x}\"",
        storyline::text::hash_str(&String::from_utf8_lossy(&body))
    );
    let fresh = request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| {
            let t = t.trim();
            t == "*" || t.trim_start_matches("W/") == tag
        });
    let mut resp = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut resp = Response::new(body.into());
        resp.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
        resp
    };
    if let Ok(v) = HeaderValue::from_str(&tag) {
        resp.headers_mut().insert(header::ETAG, v);
    }
    resp
}

/// `GET /stories/{id}/feed.atom`.
pub(crate) async fn story(
    State(st): State<AppState>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> Response {
    let id = match api::path_id(id) {
        Ok(id) => id,
        Err(e) => return pages::error_page(&e),
    };
    let cache_key = format!("atom /stories/{id}");
    let _making = match st.cache.lookup(&cache_key).await {
        Lookup::Hit(body) => return atom(body, &headers),
        Lookup::Miss(guard) => guard,
    };
    let generation = st.cache.generation();
    let key = id.clone();
    let found = st
        .readers
        .run(move |s| {
            let lookup = s.story_detail(&key)?;
            let mut starts = HashMap::new();
            if let Some(StoryLookup::Found(story)) = &lookup {
                for aid in uncited_articles(story) {
                    if let Some(a) = s.article_detail(&aid)? {
                        starts.insert(aid, article_start(&a));
                    }
                }
            }
            Ok((lookup, starts))
        })
        .await;
    match found {
        Ok((Some(StoryLookup::Found(story)), starts)) => {
            let body = Bytes::from(render(&story_feed(&story, &starts)));
            st.cache.put(&cache_key, generation, body.clone());
            atom(body, &headers)
        }
        Ok((Some(StoryLookup::Moved(to)), _)) => {
            let location = story_feed_href(&to);
            let mut resp = (
                StatusCode::PERMANENT_REDIRECT,
                format!("This story was merged; its feed is at {location}\n"),
            )
                .into_response();
            if let Ok(v) = HeaderValue::from_str(&location) {
                resp.headers_mut().insert(header::LOCATION, v);
            }
            resp
        }
        Ok((None, _)) => {
            pages::error_page(&ApiError::NotFound(format!("There is no story {id:?}.")))
        }
        Err(e) => pages::error_page(&e),
    }
}

/// `GET /feed.atom`: the story list's parameters; newest first unless
/// `sort` is given.
pub(crate) async fn search(
    State(st): State<AppState>,
    headers: HeaderMap,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let parsed = api::query_pairs(q).and_then(|pairs| {
        let mut query = params::story_query(&pairs).map_err(ApiError::BadRequest)?;
        let sorted = pairs
            .iter()
            .any(|(k, v)| k == "sort" && !v.trim().is_empty());
        if !sorted {
            query.sort = Sort::Recent;
        }
        Ok(query)
    });
    let query = match parsed {
        Ok(query) => query,
        Err(e) => return pages::error_page(&e),
    };
    let cache_key = format!("atom {query:?}");
    let _making = match st.cache.lookup(&cache_key).await {
        Lookup::Hit(body) => return atom(body, &headers),
        Lookup::Miss(guard) => guard,
    };
    let generation = st.cache.generation();
    let q2 = query.clone();
    match st.readers.run(move |s| s.list_stories(&q2)).await {
        Ok(page) => {
            let body = Bytes::from(render(&search_feed(&page, &query)));
            st.cache.put(&cache_key, generation, body.clone());
            atom(body, &headers)
        }
        Err(e) => pages::error_page(&e),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_what_xml_forbids() {
        assert_eq!(
            xml("</title><script>a('b\"c')</script>&"),
            "&lt;/title&gt;&lt;script&gt;a(&apos;b&quot;c&apos;)&lt;/script&gt;&amp;"
        );
        assert_eq!(xml("a\u{0}b\u{1b}c\td\ne\u{FFFF}f\u{FFFE}é"), "abc\td\nefé");
        assert_eq!(xml("日本 😀"), "日本 😀");
    }

    #[test]
    fn dates_become_utc_rfc3339() {
        let t = |s: &str| atom_time(s).map(|t| t.to_string());
        assert_eq!(
            t("2016-09-05T09:30:00Z").as_deref(),
            Some("2016-09-05T09:30:00Z")
        );
        assert_eq!(
            t("2016-09-05T11:30:00.25+02:00").as_deref(),
            Some("2016-09-05T09:30:00Z")
        );
        assert_eq!(t("2016-09-05").as_deref(), Some("2016-09-05T00:00:00Z"));
        assert_eq!(t("yesterday"), None);
        assert_eq!(t(""), None);
    }

    fn story() -> StoredStory {
        let article =
            |id: &str, title: &str, source: Option<&str>, published: Option<&str>| StoryArticle {
                id: id.into(),
                title: title.into(),
                source: source.map(Into::into),
                published: published.map(Into::into),
                ..StoryArticle::default()
            };
        StoredStory {
            id: "s 1".into(),
            title: "Talks </title><script>x</script>".into(),
            sources: vec!["Wire".into(), "Copier".into()],
            articles: vec![
                article("a1", "First", Some("Wire"), Some("2016-09-05T09:30:00Z")),
                article("a2", "Undated <b>", None, None),
                article("a3", "Third \u{0}", Some("Copier"), Some("2016-09-07")),
            ],
            summary: vec![storyline::report::JsonSummarySentence {
                text: "They agreed & signed.".into(),
                article: "a1".into(),
                start: 0,
                end: 21,
                cites: vec!["a1".into(), "a3".into()],
                sources: vec!["Wire".into(), "Copier".into()],
                copy_group: None,
            }],
            ..StoredStory::default()
        }
    }

    #[test]
    fn a_story_feed_lists_its_articles_newest_first() {
        let story = story();
        assert_eq!(uncited_articles(&story), ["a2"]);
        let starts = HashMap::from([("a2".to_string(), "The start.".to_string())]);
        let feed = story_feed(&story, &starts);
        let ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "tag:storyline,2026:article/a3",
                "tag:storyline,2026:article/a1",
                "tag:storyline,2026:article/a2"
            ]
        );
        assert_eq!(feed.entries[2].summary, "The start.");
        assert_eq!(feed.entries[0].summary, "They agreed & signed.");
        assert_eq!(feed.updated().unwrap().to_string(), "2016-09-07T00:00:00Z");
        let doc = render(&feed);
        assert!(!doc.contains("<script") && !doc.contains("<b>"), "{doc}");
        assert!(doc.contains("<title>Talks &lt;/title&gt;&lt;script&gt;x&lt;/script&gt;</title>"));
        assert!(doc.contains("<updated>2016-09-07T00:00:00Z</updated>\n  <link rel=\"self\""));
        assert!(doc.contains("href=\"/stories/s%201/feed.atom\""));
        assert!(doc.contains("<link rel=\"alternate\" type=\"text/html\" href=\"/articles/a1\"/>"));
        assert!(doc.contains("<summary>They agreed &amp; signed.</summary>"));
        assert!(doc.contains(&format!("<updated>{EPOCH}</updated>")));
        assert!(!doc.contains('\u{0}'));
        // The library's feed reader reads it back.
        let mut got = Vec::new();
        let mut diags = Vec::new();
        storyline::ingest::feed::read_feed(
            "story.atom",
            "story",
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
        // (It reads a title as one line of text without tags.)
        let titles: Vec<&str> = got.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["Third", "First", "Undated"]);
        assert!(doc.contains("<title>Undated &lt;b&gt;</title>"));
        assert_eq!(got[1].url.as_deref(), Some("/articles/a1"));
        assert_eq!(got[1].text, "They agreed & signed.");
    }

    #[test]
    fn an_article_start_is_its_kept_sentences_cut_at_a_word() {
        let article = |text: &str, spans: &[(usize, usize)]| ArticleDetail {
            id: "a".into(),
            title: String::new(),
            source: None,
            url: None,
            published: None,
            file: "api".into(),
            line: None,
            record: None,
            lang: None,
            provenance: storyline::report::JsonProvenance::of(&Default::default()),
            story: None,
            sentences: spans
                .iter()
                .map(|&(start, end)| storyline::report::JsonRange { start, end })
                .collect(),
            removed: Vec::new(),
            text: text.into(),
        };
        let text = "Photo: AP\nThe board met. It voted.";
        let a = article(text, &[(10, 24), (25, 34), (30, 999)]);
        assert_eq!(article_start(&a), "The board met. It voted.");
        let long = "word ".repeat(200);
        let start = article_start(&article(&long, &[]));
        assert!(start.ends_with("word…") && start.chars().count() <= START_CHARS + 1);
        assert_eq!(article_start(&article("", &[])), "");
    }

    #[test]
    fn a_search_feed_keeps_the_query_in_its_links() {
        let page = StoryPage {
            total: 1,
            page: 1,
            per_page: 20,
            stories: vec![storyline_store::StoryListItem {
                id: "s/1".into(),
                title: "<script>".into(),
                lede: String::new(),
                articles: 2,
                sources: vec!["Wire".into()],
                first_published: Some("2016-09-05".into()),
                last_published: Some("2016-09-07T10:00:00Z".into()),
                entities: vec![],
            }],
        };
        let q = StoryQuery {
            q: Some("a&b".into()),
            sort: Sort::Recent,
            ..StoryQuery::default()
        };
        let doc = render(&search_feed(&page, &q));
        assert!(doc.contains("<id>tag:storyline,2026:feed/stories?q=a%26b</id>"));
        assert!(doc.contains("href=\"/feed.atom?q=a%26b\""));
        assert!(doc.contains("href=\"/?q=a%26b&amp;sort=recent\""));
        assert!(doc.contains("<id>tag:storyline,2026:story/s%2F1</id>"));
        assert!(doc.contains("<title>&lt;script&gt;</title>"));
        assert!(doc.contains("<summary>&lt;script&gt;</summary>"));
        assert!(doc.contains("<updated>2016-09-07T10:00:00Z</updated>"));
        assert!(doc.contains("<author><name>Wire</name></author>"));
        // By default a feed is newest first; the list, most covered first.
        let covered = StoryQuery {
            per_page: 5,
            ..StoryQuery::default()
        };
        let feed = search_feed(&page, &covered);
        assert_eq!(feed.self_link, "/feed.atom?per_page=5&sort=covered");
        assert_eq!(feed.page_link, "/?per_page=5");
        assert_eq!(search_feed_href(&covered), "/feed.atom?per_page=5");
        assert_eq!(search_feed_href(&q), "/feed.atom?q=a%26b");
    }
}
