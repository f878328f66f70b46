//! Feed files: RSS 2.0 (and 0.9x), RSS 1.0 (RDF), Atom and JSON Feed.
//!
//! Each item becomes an [`Article`]:
//!
//! | article | RSS | Atom | JSON Feed |
//! |---|---|---|---|
//! | `id` | `guid`, `rdf:about` | `id` | `id` |
//! | `title` | `title` | `title` | `title` |
//! | `url` | `link`, else a permalink `guid` | `link` (alternate) | `url` |
//! | `published` | `pubDate`, `dc:date` | `published`, else `updated` | `date_published`, else `date_modified` |
//! | authors | `author`, `dc:creator` | `author/name` (entry, else feed) | `authors`, `author` |
//! | text | `content:encoded`, else `description` | `content`, else `summary` | `content_html`/`content_text`, else `summary` |
//! | `source` | the channel's `title` | the feed's `title` | `title` |
//! | `lang` | `language`, `dc:language` | `xml:lang` | `language` |
//!
//! An id falls back to the link, then to `{stem}-{n}`. The channel's own
//! dates (`lastBuildDate`, the feed's `updated`) are never an item's
//! publication time. HTML content goes through [`fragment_text`]. Every
//! field taken from the feed is recorded as `feed` in
//! [`crate::model::Provenance::sources`]; the format is `rss`, `atom` or
//! `json-feed`; [`crate::model::Origin::record`] is the item's number
//! (from 1) and, for XML feeds, `line` the line its element starts on.
//!
//! # Teasers
//!
//! Many feeds carry only the start of an article. An item is marked
//! [`crate::model::Provenance::teaser`] (still an article, with its title
//! and the text it has; a later step may fetch the page) when
//!
//! * it has **no full content** (only a `description`/`summary`) and that
//!   summary has fewer than [`TEASER_WORDS`] words, or ends cut: an
//!   ellipsis (`…`, `...`, `[…]`, `(more…)`) or a "read more" link
//!   ("Read more", "Continue reading", "Read the full story", and the same
//!   in a few other languages); or
//! * its full content itself ends cut that way and has fewer than
//!   [`TEASER_WORDS`] words (feeds that put the excerpt in
//!   `content:encoded` too).
//!
//! A WordPress trailer line ("The post … appeared first on …") is ignored
//! when looking for the cut.
//!
//! # Bad input
//!
//! A feed that is not well-formed XML (or JSON) gets an error naming the
//! line where the parser stopped; the items read before it are kept. An
//! item with no text is skipped with an error naming it (number, line,
//! title); one without a title takes the first line of its text, as a page
//! does. An unreadable date is a warning.

use super::page::body::fragment_text;
use crate::model::{Article, Diagnostic, Origin, Published};

mod json;
#[cfg(test)]
mod tests;
mod xml;

/// A summary-only item shorter than this (in words) is a teaser; so is any
/// item under it whose text ends cut ("…", "Read more").
pub const TEASER_WORDS: usize = 150;

/// Read the items of one feed document, handing each article to `emit`.
/// `path` names the file in diagnostics; `stem` makes the ids of items
/// with neither id nor link (`{stem}-{n}`).
pub fn read_feed(
    path: &str,
    stem: &str,
    bytes: &[u8],
    emit: &mut dyn FnMut(Article),
    diags: &mut Vec<Diagnostic>,
) {
    read(path, stem, bytes, false, emit, diags);
}

/// [`read_feed`] for a reader that will fetch each item's page: an item
/// with a title and a link but no text is kept too, as a teaser with empty
/// text, instead of being skipped.
pub fn read_feed_links(
    path: &str,
    stem: &str,
    bytes: &[u8],
    emit: &mut dyn FnMut(Article),
    diags: &mut Vec<Diagnostic>,
) {
    read(path, stem, bytes, true, emit, diags);
}

fn read(
    path: &str,
    stem: &str,
    bytes: &[u8],
    keep_links: bool,
    emit: &mut dyn FnMut(Article),
    diags: &mut Vec<Diagnostic>,
) {
    let before = diags.len();
    let (text, note) = decode(bytes);
    if let Some(note) = note {
        diags.push(Diagnostic::warning(path, None, note));
    }
    let mut sink = Sink {
        path,
        stem,
        emit,
        diags,
        keep_links,
        items: 0,
        articles: 0,
    };
    let body = text.trim_start_matches('\u{feff}').trim_start();
    if body.starts_with('{') {
        json::read(body, &mut sink);
    } else {
        xml::read(&text, &mut sink);
    }
    if sink.items == 0 && sink.diags.len() == before {
        sink.diags
            .push(Diagnostic::warning(path, None, "the feed has no items"));
    }
}

/// What the feed says about all its items.
#[derive(Debug, Default)]
struct FeedInfo {
    /// `rss`, `atom` or `json-feed`.
    format: &'static str,
    title: Option<String>,
    lang: Option<String>,
    /// Authors of the feed, for items that name none (Atom, JSON Feed).
    authors: Vec<String>,
}

/// One item as read, before it becomes an article.
#[derive(Debug, Default)]
struct Item {
    /// 1-based number in the feed.
    n: usize,
    /// Line its element starts on (XML feeds).
    line: Option<usize>,
    id: Option<String>,
    title: Option<String>,
    link: Option<String>,
    /// A `guid` that is a permalink: the URL when there is no link.
    permalink: Option<String>,
    published: Option<String>,
    updated: Option<String>,
    authors: Vec<String>,
    /// The text of the full content.
    content: Option<String>,
    /// The text of the summary or description.
    summary: Option<String>,
    lang: Option<String>,
}

/// Where items go, and the counts for the end of the file.
struct Sink<'a> {
    path: &'a str,
    stem: &'a str,
    emit: &'a mut dyn FnMut(Article),
    diags: &'a mut Vec<Diagnostic>,
    /// Keep items that have a link but no text (see [`read_feed_links`]).
    keep_links: bool,
    items: usize,
    articles: usize,
}

impl Sink<'_> {
    /// Turn an item into an article (or a diagnostic) and hand it on.
    fn item(&mut self, feed: &FeedInfo, item: Item) {
        self.items += 1;
        if let Some(article) = self.article(feed, item) {
            self.articles += 1;
            (self.emit)(article);
        }
    }

    fn article(&mut self, feed: &FeedInfo, item: Item) -> Option<Article> {
        let (path, n, line) = (self.path, item.n, item.line);
        let at = |d: Diagnostic| d.in_record(n);
        let content = item.content.filter(|t| !t.trim().is_empty());
        let summary = item.summary.filter(|t| !t.trim().is_empty());
        let title = item.title.filter(|t| !t.trim().is_empty());
        let full = content.is_some();
        let linked = self.keep_links && title.is_some() && item.link.is_some();
        let Some(text) = content.or(summary).or_else(|| linked.then(String::new)) else {
            let what = match &title {
                Some(t) => format!("item {n} ({t:?}) has a title but no text; skipped"),
                None => format!("item {n} has neither title nor text; skipped"),
            };
            self.diags.push(at(Diagnostic::error(path, line, what)));
            return None;
        };
        let teaser = is_teaser(&text, full);
        let id = item
            .id
            .clone()
            .filter(|s| !s.trim().is_empty())
            .or_else(|| item.link.clone())
            .unwrap_or_else(|| format!("{}-{n}", self.stem));
        let mut article = Article::new(id, String::new(), text);
        let prov = &mut article.provenance;
        prov.format = feed.format.to_string();
        prov.teaser = teaser;
        match title {
            Some(t) => {
                article.title = t;
                prov.set_source("title", "feed");
            }
            None => {
                let first = article.text.lines().next().unwrap_or_default();
                article.title = first.chars().take(120).collect();
                prov.set_source("title", "text");
            }
        }
        if let Some(url) = item.link.or(item.permalink) {
            article.url = Some(url);
            prov.set_source("url", "feed");
        }
        if let Some(outlet) = &feed.title {
            article.source = Some(outlet.clone());
            prov.set_source("source", "feed");
        }
        if let Some(lang) = item.lang.or_else(|| feed.lang.clone()) {
            article.lang = Some(lang);
            prov.set_source("lang", "feed");
        }
        let authors = if item.authors.is_empty() {
            feed.authors.clone()
        } else {
            item.authors
        };
        if !authors.is_empty() {
            prov.authors = authors;
            prov.set_source("authors", "feed");
        }
        let date = |raw: &Option<String>, what: &str, diags: &mut Vec<Diagnostic>| {
            let raw = raw.as_deref()?.trim();
            let parsed = parse_date(raw);
            if parsed.is_none() && !raw.is_empty() {
                diags.push(at(Diagnostic::warning(
                    path,
                    line,
                    format!("item {n}: unreadable {what} date {raw:?}, ignored"),
                )));
            }
            parsed
        };
        let published = date(&item.published, "publication", self.diags);
        let updated = date(&item.updated, "update", self.diags);
        if let Some(p) = published.or(updated) {
            article.published = Some(p);
            article.provenance.set_source("published", "feed");
        }
        if let (Some(_), Some(u)) = (published, updated) {
            article.provenance.modified = Some(u);
            article.provenance.set_source("modified", "feed");
        }
        article.origin = Origin {
            path: path.to_string(),
            line,
            record: Some(n),
        };
        Some(article)
    }
}

/// The text of a feed: a byte-order mark, else UTF-8, else the encoding the
/// XML declaration names, else Windows-1252 (with a note for a warning).
fn decode(bytes: &[u8]) -> (String, Option<String>) {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return (text.into_owned(), None);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_string(), None);
    }
    let declared = xml_encoding(&bytes[..bytes.len().min(512)]);
    match declared.filter(|e| *e != encoding_rs::UTF_8) {
        Some(enc) => (enc.decode_without_bom_handling(bytes).0.into_owned(), None),
        None => (
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
            Some("invalid UTF-8 and no other encoding declared; decoded as Windows-1252".into()),
        ),
    }
}

/// The `encoding` of an `<?xml ...?>` declaration.
fn xml_encoding(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = String::from_utf8_lossy(head);
    let decl = head.trim_start().strip_prefix("<?xml")?;
    let decl = &decl[..decl.find("?>")?];
    let at = decl.find("encoding")? + "encoding".len();
    let rest = decl[at..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = rest[1..].split(quote).next()?;
    encoding_rs::Encoding::for_label(value.trim().as_bytes())
}

/// A feed date: RFC 3339 or RFC 2822 as [`super::parse_published`] reads
/// them, else RFC 2822 with a wrong weekday or none (common in feeds).
fn parse_date(raw: &str) -> Option<Published> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    if let Some(p) = super::parse_published(raw) {
        return Some(p);
    }
    // "Mon, 06 Sep 2016 ..." with the wrong day name: drop it.
    let without_day = match raw.split_once(',') {
        Some((day, rest)) if day.trim().chars().all(char::is_alphabetic) => rest.trim(),
        _ => raw,
    };
    super::parse_published(without_day).or_else(|| {
        // A zone name jiff does not know ("CEST"): read the time as UTC.
        let (time, zone) = without_day.rsplit_once(' ')?;
        zone.chars()
            .all(|c| c.is_ascii_uppercase())
            .then(|| super::parse_published(&format!("{time} +0000")))
            .flatten()
    })
}

/// Is this item's text only a teaser? See the module documentation.
fn is_teaser(text: &str, full_content: bool) -> bool {
    let words = text.split_whitespace().count();
    if full_content {
        words < TEASER_WORDS && ends_cut(text)
    } else {
        words < TEASER_WORDS || ends_cut(text)
    }
}

/// Phrases that end a cut text, in lower case.
const READ_MORE: &[&str] = &[
    "read more",
    "continue reading",
    "keep reading",
    "read the full story",
    "read the full article",
    "read full story",
    "read full article",
    "read the rest",
    "read the rest of this entry",
    "weiterlesen",
    "mehr lesen",
    "lire la suite",
    "leer más",
    "seguir leyendo",
    "continua a leggere",
    "leia mais",
    "lees meer",
];

/// Does the text end in an ellipsis or a "read more" link?
fn ends_cut(text: &str) -> bool {
    let Some(last) = text
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty() && !is_feed_trailer(l))
    else {
        return false;
    };
    let bare = last.trim_end_matches([' ', '»', '→', '›', '>', ')', ']', '|', '–', '—', '-']);
    if bare.ends_with('…') || bare.ends_with("...") {
        return true;
    }
    let lower = bare.trim_end_matches(['.', ':', '!']).to_lowercase();
    let short = last.split_whitespace().count() <= 8;
    READ_MORE.iter().any(|p| {
        lower
            .strip_suffix(p)
            .is_some_and(|before| before.is_empty() || !before.ends_with(char::is_alphanumeric))
            || short && lower.starts_with(p)
    })
}

/// WordPress's "The post … appeared first on …" line under every item.
fn is_feed_trailer(line: &str) -> bool {
    line.starts_with("The post ") && line.contains(" appeared first on ")
}

/// Plain text from a feed field that is not HTML: whitespace tidied, one
/// blank line at most between paragraphs.
fn plain_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = false;
    for line in s.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        blank = false;
        out.push_str(&line);
    }
    out
}

/// A one-line field (a title, a name): markup and entities resolved,
/// whitespace collapsed.
fn one_line(s: &str) -> String {
    let text = if s.contains(['<', '&']) {
        fragment_text(s)
    } else {
        s.to_string()
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An RSS `author`: `jdoe@example.com (Jane Doe)` → `Jane Doe`.
fn rss_author(s: &str) -> String {
    let s = one_line(s);
    match (s.find('('), s.rfind(')')) {
        (Some(open), Some(close)) if open < close && s[..open].contains('@') => {
            s[open + 1..close].trim().to_string()
        }
        _ => s,
    }
}
