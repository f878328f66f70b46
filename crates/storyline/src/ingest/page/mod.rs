//! Web pages: the main text and the metadata of one HTML page.
//!
//! [`extract_page`] is the one way a page becomes an [`Article`], whether it
//! came as an `.html` file, a web-archive record, a feed item's page or a
//! `{"url", "html"}` object posted to the API:
//!
//! 1. bytes to text ([`super::decode_html`]: byte-order mark, the HTTP
//!    charset, `<meta charset>`, else detection);
//! 2. one parse into a DOM ([`dom_query`], html5ever);
//! 3. metadata from that DOM before anything changes it ([`meta`]): headline,
//!    publication and modification time ([`date`]), authors, outlet,
//!    canonical URL, language, each with the place it was found;
//! 4. the main text ([`body`]): blocks of the article with, in their place,
//!    the furniture inside it (captions, "related" lists, share bars) marked
//!    with a reason, so that cleaning removes and reports them.

use super::decode::is_binary;
use crate::model::{Article, Diagnostic, Origin, Published};

pub mod body;
mod container;
pub mod date;
mod depth;
mod inert;
pub mod jsonld;
pub mod meta;
pub mod scan;
pub mod when;

pub use inert::strip_inert;

/// Fewer words of prose than this, once the furniture is removed, and a page
/// is not an article (a menu, a login wall, an empty shell).
pub const MIN_ARTICLE_WORDS: usize = 10;

/// What is known about a page besides its bytes.
#[derive(Debug, Clone, Copy, Default)]
pub struct PageInfo<'a> {
    /// Where the page was fetched from (a WARC target URI, a feed item's link,
    /// the `url` of a posted page). The page's own canonical URL wins over it.
    pub url: Option<&'a str>,
    /// When the page was fetched (`WARC-Date`): no publication date can be
    /// later, and it is never taken as one.
    pub crawled: Option<jiff::Timestamp>,
    /// The charset of the HTTP `Content-Type` header, if one came with the page.
    pub charset: Option<&'a str>,
}

/// A metadata value and where on the page it was found (`json-ld`,
/// `opengraph`, `meta:<name>`, `time`, `url`, `text`, `title-tag`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field<T> {
    /// The value.
    pub value: T,
    /// Where it came from.
    pub source: &'static str,
}

impl<T> Field<T> {
    /// A value found at `source`.
    pub fn new(value: T, source: &'static str) -> Self {
        Field { value, source }
    }
}

/// Extract the article of one HTML page. `path` and `line` name the input
/// (a file, or a record inside one) in diagnostics; `id` becomes the
/// article's id. A page without a main text is an error diagnostic and no
/// article; what was repaired or could not be found (an undeclared encoding,
/// no publication date, an implausible date) is a warning.
pub fn extract_page(
    path: &str,
    line: Option<usize>,
    id: &str,
    bytes: &[u8],
    info: &PageInfo,
) -> (Option<Article>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let warn = |diags: &mut Vec<Diagnostic>, msg: String| {
        diags.push(Diagnostic::warning(path, line, msg));
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        diags.push(Diagnostic::error(path, line, "empty page, skipped"));
        return (None, diags);
    }
    let (html, note) = super::decode_html(bytes, info.charset, info.url);
    if let Some(note) = note {
        warn(&mut diags, note);
    }
    if is_binary(html.as_bytes()) {
        diags.push(Diagnostic::error(
            path,
            line,
            "binary content (NUL characters), skipped",
        ));
        return (None, diags);
    }
    let stripped = strip_inert(&html);
    let doc = dom_query::Document::from(depth::bound_depth(&stripped).as_ref());
    let meta = meta::read(&doc, info);
    for note in &meta.notes {
        warn(&mut diags, note.clone());
    }
    let url = meta.url.as_ref().map(|f| f.value.clone());
    let title = meta.title.as_ref().map(|t| t.value.clone());
    let body = body::extract(doc, url.as_deref().or(info.url), title.as_deref());
    // A page is an article when some prose is left once its marked
    // furniture is gone: a navigation-only page or an empty shell is not.
    let words: usize = crate::clean::unmarked(&body.text, &body.marked)
        .map(crate::clean::words_in)
        .sum();
    if words < MIN_ARTICLE_WORDS {
        diags.push(Diagnostic::error(
            path,
            line,
            format!("no article text found on the page ({words} words of prose), skipped"),
        ));
        return (None, diags);
    }
    let mut article = Article::new(id, String::new(), body.text);
    article.marked = body.marked;
    article.provenance.format = "html".into();
    article.provenance.extractor = Some(body.extractor.to_string());
    match meta.title {
        Some(t) => {
            article.title = t.value;
            article.provenance.set_source("title", t.source);
        }
        None => {
            // No headline anywhere: the first kept line stands in.
            let first = article.text.lines().next().unwrap_or_default();
            article.title = first.chars().take(120).collect();
            article.provenance.set_source("title", "text");
        }
    }
    if let Some(f) = meta.site_name {
        article.source = Some(f.value);
        article.provenance.set_source("source", f.source);
    }
    if let Some(f) = meta.url {
        article.url = Some(f.value);
        article.provenance.set_source("url", f.source);
    } else if let Some(u) = info.url {
        article.url = Some(u.to_string());
        article.provenance.set_source("url", "given");
    }
    if let Some(f) = meta.lang {
        article.lang = Some(f.value);
        article.provenance.set_source("lang", f.source);
    }
    if let Some(f) = meta.authors {
        article.provenance.authors = f.value;
        article.provenance.set_source("authors", f.source);
    }
    match meta.published {
        Some(f) => {
            article.published = Some(f.value);
            article.provenance.set_source("published", f.source);
        }
        None => warn(
            &mut diags,
            "no publication date found on the page".to_string(),
        ),
    }
    if let Some(f) = meta.modified {
        article.provenance.modified = Some(f.value);
        article.provenance.set_source("modified", f.source);
    }
    article.provenance.crawled = info.crawled;
    article.origin = Origin {
        path: path.to_string(),
        line,
        record: None,
    };
    (Some(article), diags)
}

/// Parse an HTML file: [`extract_page`] with nothing known but its bytes.
pub fn parse_html(path: &str, id: &str, bytes: &[u8]) -> (Option<Article>, Vec<Diagnostic>) {
    extract_page(path, None, id, bytes, &PageInfo::default())
}

/// Is `p` a publication time a page can have been given, fetched at
/// `crawled`? Not year 1 or the Unix epoch (placeholders), not before 1990
/// (the web), not after the fetch (or more than a day into the future of
/// `now` when the fetch time is unknown).
pub fn plausible(p: &Published, crawled: Option<jiff::Timestamp>, now: jiff::Timestamp) -> bool {
    let secs = p.at.as_second();
    let floor = 631_152_000; // 1990-01-01T00:00:00Z
    let ceiling = match crawled {
        // A day of slack: the page's zone may be ahead of the crawler's clock.
        Some(c) => c.as_second() + 86_400,
        None => now.as_second() + 86_400,
    };
    secs >= floor && secs <= ceiling
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_nested_twenty_thousand_deep_gives_its_text() {
        // Unbounded, the tree builder's scope checks made this minutes of
        // work (issue 14); bounded, it is read like any page.
        let n = 20_000;
        let page = "<html><body>".to_string()
            + &"<div>".repeat(n)
            + "<p>The mayor announced a new tram line on Tuesday, to open next year.</p>"
            + &"</div>".repeat(n)
            + "</body></html>";
        let (a, _) = parse_html("deep.html", "deep", page.as_bytes());
        let a = a.expect("article");
        assert!(
            a.text.contains("The mayor announced a new tram line"),
            "{}",
            a.text
        );
    }

    #[test]
    fn html_main_content_is_extracted() {
        let page = br#"<html><head><title>Obama, Putin talk Syria</title>
<meta property="og:site_name" content="Example News"></head><body>
<nav><ul><li><a href="/a">Tips for becoming a good boxer</a></li><li><a href="/b">Five tech tools</a></li></ul></nav>
<article><h1>Obama, Putin talk Syria</h1>
<p>President Barack Obama and Russian President Vladimir Putin on Monday failed to force a breakthrough in negotiations over a cease-fire for Syria, but agreed to keep looking for a path to provide humanitarian relief.</p>
<p>After a 90-minute huddle on the sidelines of an economic summit, the two leaders directed their top diplomats to return to talks quickly, likely later this week, according to a senior administration official.</p>
<p>The official said the U.S. was eager to find an agreement quickly, mindful of the deteriorating conditions around the besieged city of Aleppo.</p>
</article><footer>Copyright Example News. All rights reserved.</footer></body></html>"#;
        let (a, d) = parse_html("p.html", "p", page);
        let a = a.expect("article");
        // The one warning: the page carries no date.
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("no publication date"), "{d:?}");
        assert_eq!(a.title, "Obama, Putin talk Syria");
        assert!(a.text.contains("90-minute huddle"));
        assert!(!a.text.contains("good boxer"), "{}", a.text);
        assert!(!a.text.contains("All rights reserved"), "{}", a.text);
        assert_eq!(a.source.as_deref(), Some("Example News"));
    }
}
