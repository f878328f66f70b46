//! Page metadata: headline, outlet, canonical URL, authors, language and
//! dates, each with where it was found.
//!
//! Everything is read from one pass over the DOM ([`super::scan`]) and the
//! page's JSON-LD ([`super::jsonld`]); the dates are [`super::date`]'s.
//!
//! - **title**: `og:title`, else JSON-LD `headline`, else an `<h1>` that
//!   agrees with the `<title>`, else the `<title>`; a site name before or
//!   after a separator ("… | TheHill", "TheHill - …") is removed when it
//!   matches the outlet's name or host, and a short last part after a
//!   separator ("… - The Washington Post") when the rest is much longer.
//! - **site_name**: `og:site_name`, JSON-LD `publisher.name`, a JSON-LD
//!   `WebSite` name, `application-name`, else the canonical host without
//!   `www.` (source `host`).
//! - **url**: `link rel=canonical` (`canonical`), `og:url` (`opengraph`),
//!   JSON-LD `url`/`mainEntityOfPage` (`json-ld`): absolute http(s) only,
//!   a relative one resolved against the fetched URL when that is known.
//! - **authors**: JSON-LD `author`, `meta name=author`, `article:author`
//!   when it is not a URL, `rel=author` links, byline elements; "By " and
//!   its kin removed, duplicates dropped.
//! - **lang**: `<html lang>`, `og:locale`, `content-language`, JSON-LD
//!   `inLanguage`, as a BCP-47-like code (`en-US`, `de`).

use dom_query::Document;

use super::date::{self, Context};
use super::jsonld::{self, JsonLd};
use super::scan::{self, MetaKind, Scan};
use super::when::Order;
use super::{Field, PageInfo};
use crate::model::Published;

/// What a page says about itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageMeta {
    /// The headline, without a site suffix ("… | TheHill").
    pub title: Option<Field<String>>,
    /// The outlet: `og:site_name`, a JSON-LD publisher, else the host.
    pub site_name: Option<Field<String>>,
    /// The canonical URL: `link rel=canonical`, `og:url`, JSON-LD `url`.
    pub url: Option<Field<String>>,
    /// Authors as the page names them.
    pub authors: Option<Field<Vec<String>>>,
    /// The declared language (`<html lang>`, `og:locale`, `content-language`).
    pub lang: Option<Field<String>>,
    /// When the article was first published.
    pub published: Option<Field<Published>>,
    /// When it was last modified.
    pub modified: Option<Field<Published>>,
    /// What was found but not used, and why (an implausible date), in words
    /// for a diagnostic.
    pub notes: Vec<String>,
}

/// Read the metadata of a parsed page (the present is the clock's, for
/// pages whose crawl time is unknown).
pub fn read(doc: &Document, info: &PageInfo) -> PageMeta {
    read_at(doc, info, jiff::Timestamp::now())
}

/// [`read`] with the present given.
pub fn read_at(doc: &Document, info: &PageInfo, now: jiff::Timestamp) -> PageMeta {
    let scan = scan::scan(doc);
    let ld = jsonld::read(&scan.json_ld);
    let mut meta = PageMeta {
        notes: ld.notes.clone(),
        ..Default::default()
    };
    meta.url = canonical(&scan, &ld, info);
    meta.lang = lang(&scan, &ld);
    meta.site_name = site_name(
        &scan,
        &ld,
        meta.url.as_ref().map(|f| f.value.as_str()).or(info.url),
    );
    meta.title = title(
        &scan,
        &ld,
        meta.site_name.as_ref().map(|f| f.value.as_str()),
        meta.url.as_ref().map(|f| f.value.as_str()).or(info.url),
    );
    meta.authors = authors(&scan, &ld);
    let host = meta
        .url
        .as_ref()
        .map(|f| f.value.as_str())
        .or(info.url)
        .and_then(host_of);
    let ctx = Context {
        canonical: meta.url.as_ref().map(|f| f.value.as_str()),
        info,
        order: order_for(meta.lang.as_ref().map(|f| f.value.as_str()), host),
        now,
    };
    let dates = date::find(&scan, &ld, &ctx);
    meta.published = dates.published;
    meta.modified = dates.modified;
    meta.notes.extend(dates.notes);
    meta
}

/// The first `<meta>` value under one of these keys (any kind).
fn meta_value<'s>(scan: &'s Scan, kind: MetaKind, key: &str) -> Option<&'s str> {
    scan.metas
        .iter()
        .find(|m| m.kind == kind && m.key == key && !m.content.is_empty())
        .map(|m| m.content.as_str())
}

/// `property=` or `name=`: sites mix them up for OpenGraph.
fn og_value<'s>(scan: &'s Scan, key: &str) -> Option<&'s str> {
    meta_value(scan, MetaKind::Property, key).or_else(|| meta_value(scan, MetaKind::Name, key))
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------- URL

fn canonical(scan: &Scan, ld: &JsonLd, info: &PageInfo) -> Option<Field<String>> {
    let candidates = [
        (scan.canonical.as_deref(), "canonical"),
        (og_value(scan, "og:url"), "opengraph"),
        (ld.main().and_then(|n| n.url.as_deref()), "json-ld"),
    ];
    candidates.into_iter().find_map(|(href, source)| {
        let url = resolve(href?, info.url)?;
        Some(Field::new(url, source))
    })
}

/// `href` as an absolute http(s) URL, resolved against `base` when relative.
pub fn resolve(href: &str, base: Option<&str>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let lower = href.get(..8).unwrap_or(href).to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return host_of(href).map(|_| href.to_string());
    }
    if lower.contains(':') && !lower.starts_with('/') && lower.find(':') < lower.find('/') {
        // Another scheme (mailto:, javascript:).
        return None;
    }
    let base = base?;
    let (scheme, rest) = base.split_once("://")?;
    if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
        return None;
    }
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let origin = format!("{scheme}://{}", &rest[..host_end]);
    if let Some(net) = href.strip_prefix("//") {
        return Some(format!("{scheme}://{net}"));
    }
    if href.starts_with('/') {
        return Some(format!("{origin}{href}"));
    }
    let path = rest[host_end..]
        .split(['?', '#'])
        .next()
        .unwrap_or_default();
    if href.starts_with('?') {
        return Some(format!("{origin}{path}{href}"));
    }
    let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
    Some(format!("{origin}{dir}{href}"))
}

/// The host of an http(s) URL, without `www.` and a port.
pub fn host_of(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?;
    let host = host.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty() && host.contains('.')).then_some(host)
}

// ---------------------------------------------------------------- language

fn lang(scan: &Scan, ld: &JsonLd) -> Option<Field<String>> {
    let candidates = [
        (scan.html_lang.as_deref(), "html-lang"),
        (og_value(scan, "og:locale"), "opengraph"),
        (
            meta_value(scan, MetaKind::HttpEquiv, "content-language"),
            "meta:content-language",
        ),
        (
            meta_value(scan, MetaKind::Name, "language"),
            "meta:language",
        ),
        (ld.main().and_then(|n| n.lang.as_deref()), "json-ld"),
    ];
    candidates
        .into_iter()
        .find_map(|(v, source)| normalize_lang(v?).map(|l| Field::new(l, source)))
}

/// `en_us` → `en-US`, `DE` → `de`, `zh-hant-tw` → `zh-Hant-TW`; the first
/// of a list; `None` for what is not a language tag.
pub fn normalize_lang(raw: &str) -> Option<String> {
    let first = raw.split([',', ';', ' ']).find(|s| !s.is_empty())?;
    let mut parts = first.split(['-', '_']);
    let primary = parts.next()?;
    if !(2..=3).contains(&primary.len()) || !primary.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let mut out = primary.to_ascii_lowercase();
    for p in parts {
        if p.is_empty() || p.len() > 8 || !p.bytes().all(|b| b.is_ascii_alphanumeric()) {
            break;
        }
        out.push('-');
        match p.len() {
            2 => out.push_str(&p.to_ascii_uppercase()),
            4 => {
                let lower = p.to_ascii_lowercase();
                out.push_str(&lower[..1].to_ascii_uppercase());
                out.push_str(&lower[1..]);
            }
            _ => out.push_str(&p.to_ascii_lowercase()),
        }
    }
    Some(out)
}

/// How numeric dates with slashes read on a page: month first in US
/// English (a bare `en` on a host outside the UK, Ireland and the
/// Commonwealth counts as US), day first elsewhere.
fn order_for(lang: Option<&str>, host: Option<&str>) -> Order {
    match lang {
        Some("en-US") => Order::MonthFirst,
        Some("en") => {
            let commonwealth = host.is_some_and(|h| {
                [".uk", ".ie", ".au", ".nz", ".za", ".in"]
                    .iter()
                    .any(|t| h.ends_with(t))
            });
            if commonwealth {
                Order::DayFirst
            } else {
                Order::MonthFirst
            }
        }
        _ => Order::DayFirst,
    }
}

// ---------------------------------------------------------------- outlet

fn site_name(scan: &Scan, ld: &JsonLd, url: Option<&str>) -> Option<Field<String>> {
    let candidates = [
        (og_value(scan, "og:site_name"), "opengraph"),
        (ld.main().and_then(|n| n.publisher.as_deref()), "json-ld"),
        (ld.website.as_deref(), "json-ld"),
        (
            meta_value(scan, MetaKind::Name, "application-name"),
            "meta:application-name",
        ),
    ];
    candidates
        .into_iter()
        .find_map(|(v, source)| {
            let v = collapse(v?);
            (!v.is_empty() && v.len() < 120).then(|| Field::new(v, source))
        })
        .or_else(|| {
            url.and_then(host_of)
                .map(|h| Field::new(h.to_string(), "host"))
        })
}

// ---------------------------------------------------------------- title

/// Separators between a headline and a site name.
const SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " » ", " · ", " • ", " // ",
];

/// Lower-case letters and digits only.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn title(scan: &Scan, ld: &JsonLd, site: Option<&str>, url: Option<&str>) -> Option<Field<String>> {
    let mut names: Vec<String> = Vec::new();
    for n in [site, og_value(scan, "og:site_name"), ld.website.as_deref()]
        .into_iter()
        .flatten()
    {
        names.push(squash(n));
    }
    if let Some(host) = url.and_then(host_of) {
        names.push(squash(host));
        // The registered label: "washingtonpost" of washingtonpost.com.
        let labels: Vec<&str> = host.split('.').collect();
        if labels.len() >= 2 {
            names.push(squash(labels[labels.len() - 2]));
        }
    }
    names.retain(|n| n.len() >= 3);
    let h1s: Vec<String> = scan
        .h1
        .iter()
        .map(|h| collapse(h))
        .filter(|h| !h.is_empty())
        .collect();
    let tag = scan
        .title
        .as_deref()
        .map(collapse)
        .filter(|t| !t.is_empty());
    let og = og_value(scan, "og:title")
        .map(collapse)
        .filter(|t| !t.is_empty());
    if let Some(og) = og {
        return Some(Field::new(strip_site(&og, &names, &h1s, true), "opengraph"));
    }
    if let Some(head) = ld.main().and_then(|n| n.headline.as_deref()).map(collapse) {
        if !head.is_empty() {
            return Some(Field::new(strip_site(&head, &names, &h1s, true), "json-ld"));
        }
    }
    if let Some(tag) = &tag {
        let tag_sq = squash(tag);
        if let Some(h1) = h1s.iter().find(|h| {
            let sq = squash(h);
            sq.len() >= 8 && tag_sq.contains(&sq)
        }) {
            return Some(Field::new(h1.clone(), "h1"));
        }
        return Some(Field::new(strip_site(tag, &names, &h1s, true), "title-tag"));
    }
    h1s.first().map(|h| Field::new(h.clone(), "h1"))
}

/// Does a part of a title name the site?
fn names_site(part: &str, names: &[String]) -> bool {
    let sq = squash(part);
    if sq.is_empty() {
        return false;
    }
    names.iter().any(|n| {
        *n == sq
            || (sq.len() >= 5 && n.contains(&sq))
            || (n.len() >= 5 && sq.contains(n.as_str()) && sq.len() <= n.len() + 12)
    })
}

/// A title without the site name before or after a separator.
fn strip_site(title: &str, names: &[String], h1s: &[String], by_length: bool) -> String {
    let mut t = title.trim().to_string();
    for _ in 0..3 {
        // The part that equals an <h1> is the headline.
        let before = t.clone();
        let mut changed = false;
        for sep in SEPARATORS {
            if let Some(h1) = h1s.iter().find(|h| {
                t.split(sep).count() > 1
                    && t.split(sep).any(|p| squash(p) == squash(h))
                    && squash(h).len() >= 8
            }) {
                return h1.clone();
            }
            // Suffix.
            if let Some(i) = t.rfind(sep) {
                let (head, tail) = (&t[..i], &t[i + sep.len()..]);
                if !head.trim().is_empty() && names_site(tail, names) {
                    t = head.trim().to_string();
                    changed = true;
                    break;
                }
            }
            // Prefix.
            if let Some(i) = t.find(sep) {
                let (head, tail) = (&t[..i], &t[i + sep.len()..]);
                if !tail.trim().is_empty() && names_site(head, names) {
                    t = tail.trim().to_string();
                    changed = true;
                    break;
                }
            }
        }
        if !changed && by_length {
            // A short last part after a strong separator: a site or section.
            for sep in [" | ", " - ", " – ", " — ", " :: ", " » "] {
                if let Some(i) = t.rfind(sep) {
                    let (head, tail) = (&t[..i], &t[i + sep.len()..]);
                    let (hw, tw) = (
                        head.split_whitespace().count(),
                        tail.split_whitespace().count(),
                    );
                    if tw <= 4 && hw >= 4 && hw >= 2 * tw && starts_upper(tail) {
                        t = head.trim().to_string();
                        changed = true;
                        break;
                    }
                }
            }
        }
        if !changed || t == before {
            break;
        }
    }
    t
}

fn starts_upper(s: &str) -> bool {
    s.trim()
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

// ---------------------------------------------------------------- authors

fn authors(scan: &Scan, ld: &JsonLd) -> Option<Field<Vec<String>>> {
    let from_ld: Vec<String> = ld.main().map(|n| n.authors.clone()).unwrap_or_default();
    let meta_author: Vec<String> = scan
        .metas
        .iter()
        .filter(|m| m.kind == MetaKind::Name && m.key == "author")
        .map(|m| m.content.clone())
        .collect();
    let og_author: Vec<String> = scan
        .metas
        .iter()
        .filter(|m| {
            m.key == "article:author"
                && !m.content.contains("://")
                && !m.content.starts_with("www.")
        })
        .map(|m| m.content.clone())
        .collect();
    let candidates: [(Vec<String>, &'static str); 5] = [
        (from_ld, "json-ld"),
        (meta_author, "meta:author"),
        (og_author, "opengraph"),
        (scan.author_links.clone(), "rel-author"),
        (scan.bylines.clone(), "byline"),
    ];
    for (raw, source) in candidates {
        let split = matches!(source, "rel-author" | "byline");
        let mut out: Vec<String> = Vec::new();
        for r in raw {
            for name in clean_author(&r, split) {
                if !out.iter().any(|o| o.eq_ignore_ascii_case(&name)) {
                    out.push(name);
                }
            }
        }
        if !out.is_empty() {
            return Some(Field::new(out, source));
        }
    }
    None
}

/// Words that introduce a byline.
const BY: &[&str] = &[
    "by ",
    "von ",
    "par ",
    "por ",
    "di ",
    "door ",
    "from ",
    "autor: ",
    "author: ",
    "auteur : ",
    "text: ",
];

fn clean_author(raw: &str, split: bool) -> Vec<String> {
    let mut s = collapse(raw);
    // A byline line often goes on with a date or a role.
    if split {
        if let Some(i) = s.find(['|', '·', '•', '\u{2013}', '\u{2014}']) {
            s.truncate(i);
        }
        if let Some(i) = s.find(|c: char| c.is_ascii_digit()) {
            s.truncate(i);
        }
    }
    let mut t = s
        .trim()
        .trim_end_matches([',', ';', ':', '-'])
        .trim()
        .to_string();
    for _ in 0..2 {
        let lower = t.to_lowercase();
        if let Some(b) = BY.iter().find(|b| lower.starts_with(*b)) {
            // Lower-casing can change lengths: cut only on a boundary.
            if let Some(rest) = t.get(b.len()..) {
                t = rest.trim().to_string();
            }
        }
    }
    let parts: Vec<String> = if split {
        t.split([',', '&'])
            .flat_map(|p| p.split(" and ").flat_map(|q| q.split(" und ")))
            .map(|p| p.trim().to_string())
            .collect()
    } else {
        vec![t]
    };
    parts
        .into_iter()
        .filter(|p| {
            !p.is_empty()
                && p.len() <= 80
                && p.chars().any(char::is_alphabetic)
                && !p.contains("://")
                && (!split || p.split_whitespace().count() <= 5)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> jiff::Timestamp {
        "2024-06-01T00:00:00Z"
            .parse()
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
    }

    fn meta_of(html: &str) -> PageMeta {
        read_at(&Document::from(html), &PageInfo::default(), now())
    }

    fn meta_at(html: &str, url: &str) -> PageMeta {
        let info = PageInfo {
            url: Some(url),
            ..Default::default()
        };
        read_at(&Document::from(html), &info, now())
    }

    fn value<T: Clone>(f: &Option<Field<T>>) -> Option<(T, &'static str)> {
        f.as_ref().map(|f| (f.value.clone(), f.source))
    }

    #[test]
    fn title_suffixes_and_prefixes_go() {
        let m = meta_of("<title>Senate passes the bill after a long night | TheHill</title>");
        assert_eq!(
            value(&m.title),
            Some((
                "Senate passes the bill after a long night".into(),
                "title-tag"
            ))
        );
        let m = meta_of(
            r#"<head><title>TheHill - Senate passes the bill</title><meta property="og:site_name" content="The Hill"></head>"#,
        );
        assert_eq!(
            value(&m.title).map(|t| t.0),
            Some("Senate passes the bill".into())
        );
        let m = meta_of("<title>Obama and Putin meet in China - The Washington Post</title>");
        assert_eq!(
            value(&m.title).map(|t| t.0),
            Some("Obama and Putin meet in China".into())
        );
        // A dash inside a headline stays.
        let m = meta_of("<title>Trump - the man and the myth</title>");
        assert_eq!(
            value(&m.title).map(|t| t.0),
            Some("Trump - the man and the myth".into())
        );
        // An <h1> that agrees with the <title> is the headline.
        let m = meta_of("<title>World | Obama, Putin talk Syria | Example</title><h1>Obama, Putin talk Syria</h1>");
        assert_eq!(
            value(&m.title),
            Some(("Obama, Putin talk Syria".into(), "h1"))
        );
        // og:title first, its site part removed by the host.
        let m = meta_at(
            r#"<meta property="og:title" content="Ein Titel – SPIEGEL"><title>x</title>"#,
            "https://www.spiegel.de/a.html",
        );
        assert_eq!(value(&m.title), Some(("Ein Titel".into(), "opengraph")));
    }

    #[test]
    fn outlet_url_and_language() {
        let m = meta_at(
            r#"<html lang="en_us"><head><link rel="canonical" href="/politics/2019/11/19/story.html"></head></html>"#,
            "https://www.example.com/amp/story?x=1",
        );
        assert_eq!(
            value(&m.url),
            Some((
                "https://www.example.com/politics/2019/11/19/story.html".into(),
                "canonical"
            ))
        );
        assert_eq!(value(&m.site_name), Some(("example.com".into(), "host")));
        assert_eq!(value(&m.lang), Some(("en-US".into(), "html-lang")));
        // Relative without a base: no canonical URL.
        let m = meta_of(
            r#"<link rel="canonical" href="/a/b"><meta property="og:locale" content="fr_FR">"#,
        );
        assert_eq!(m.url, None);
        assert_eq!(value(&m.lang), Some(("fr-FR".into(), "opengraph")));
        let m = meta_of(
            r#"<link rel="canonical" href="javascript:void(0)"><meta property="og:url" content="https://ex.org/a"><meta property="og:site_name" content=" Ex  Org ">"#,
        );
        assert_eq!(
            value(&m.url),
            Some(("https://ex.org/a".into(), "opengraph"))
        );
        assert_eq!(value(&m.site_name), Some(("Ex Org".into(), "opengraph")));
        assert_eq!(
            resolve("story.html", Some("https://ex.com/a/b/c.html")).as_deref(),
            Some("https://ex.com/a/b/story.html")
        );
        assert_eq!(
            resolve("//cdn.ex.com/x", Some("https://ex.com/")).as_deref(),
            Some("https://cdn.ex.com/x")
        );
        assert_eq!(normalize_lang("zh-hant-tw").as_deref(), Some("zh-Hant-TW"));
        assert_eq!(normalize_lang("x"), None);
    }

    #[test]
    fn hostile_input_does_not_panic() {
        let nasty = [
            "",
            "<",
            "<meta property=\"article:published_time\" content=\"99999999999999999999-99-99T25:99:99+99:99\">",
            "<meta name=\"date\" content=\"2019-11-19T10:48:00.\">",
            "<meta name=\"author\" content=\"\u{212A}by \u{130}stanbul\">",
            "<p class=\"byline\">D\u{130} \u{212A}\u{212A}</p>",
            "<title> | - | </title><h1> - </h1>",
            "<link rel=canonical href=\"http://\"><meta property=og:url content=\"https://@:/\">",
            "<script type=\"application/ld+json\">[[[[[[[[[[{\"@graph\":[{\"@type\":[]}]}]]]]]]]]]]</script>",
            "<h1>T</h1><p>19.19.19.19.19 31/31/2019 2019年13月40日 Nov 99, 2019 1er 1er 1er</p>",
            "<time datetime=\"\u{FEFF}2019-11-19\">\u{1F600}</time>",
        ];
        for html in nasty {
            let _ = meta_of(html);
            let _ = meta_at(html, "https://ex.com/a/b");
            let _ = meta_at(html, "not a url");
        }
    }

    #[test]
    fn authors_from_each_place() {
        let m = meta_of(
            r#"<script type="application/ld+json">{"@type":"NewsArticle","author":[{"@type":"Person","name":"Anna Muster"},{"name":"Ben Beispiel"}, "Anna Muster"]}</script>"#,
        );
        assert_eq!(
            value(&m.authors),
            Some((vec!["Anna Muster".into(), "Ben Beispiel".into()], "json-ld"))
        );
        let m = meta_of(
            r#"<meta name="author" content="  By Jane Doe "><meta property="article:author" content="https://facebook.com/jd">"#,
        );
        assert_eq!(
            value(&m.authors),
            Some((vec!["Jane Doe".into()], "meta:author"))
        );
        let m = meta_of(
            r#"<meta property="article:author" content="https://facebook.com/jd"><body><p class="byline">Von Anna Muster und Ben Beispiel | 19.11.2019</p></body>"#,
        );
        assert_eq!(
            value(&m.authors),
            Some((vec!["Anna Muster".into(), "Ben Beispiel".into()], "byline"))
        );
    }
}
