//! XML feeds: RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom, read with quick-xml.
//!
//! Elements are matched by namespace and local name, so `media:title` is
//! not the item's title. Undeclared prefixes that feeds use by habit
//! (`dc:`, `content:`, `atom:`) are understood anyway. Only the elements
//! the reader needs are descended into; the rest is skipped whole.

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::NsReader;

use super::{fragment_text, one_line, plain_text, rss_author, FeedInfo, Item, Sink};
use crate::model::Diagnostic;

/// The vocabulary an element belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Vocab {
    /// No namespace, RSS 1.0's or RSS 2.0's own.
    Plain,
    Atom,
    Rdf,
    Content,
    Dc,
    Dcterms,
    /// Anything else (Media RSS, iTunes, XHTML, ...): not read.
    Other,
}

impl Vocab {
    fn of(ns: &ResolveResult) -> Vocab {
        match ns {
            ResolveResult::Unbound => Vocab::Plain,
            ResolveResult::Bound(Namespace(uri)) => match *uri {
                b"http://www.w3.org/2005/Atom" | b"http://purl.org/atom/ns#" => Vocab::Atom,
                b"http://purl.org/rss/1.0/"
                | b"http://backend.userland.com/rss2"
                | b"http://my.netscape.com/rdf/simple/0.9/" => Vocab::Plain,
                b"http://www.w3.org/1999/02/22-rdf-syntax-ns#" => Vocab::Rdf,
                b"http://purl.org/rss/1.0/modules/content/" => Vocab::Content,
                b"http://purl.org/dc/elements/1.1/" => Vocab::Dc,
                b"http://purl.org/dc/terms/" => Vocab::Dcterms,
                _ => Vocab::Other,
            },
            ResolveResult::Unknown(prefix) => match prefix.as_slice() {
                b"atom" => Vocab::Atom,
                b"rdf" => Vocab::Rdf,
                b"content" => Vocab::Content,
                b"dc" => Vocab::Dc,
                b"dcterms" => Vocab::Dcterms,
                _ => Vocab::Other,
            },
        }
    }

    /// RSS's or Atom's own elements.
    fn core(self) -> bool {
        matches!(self, Vocab::Plain | Vocab::Atom)
    }
}

/// The elements the reader is inside of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// `rss`, `rdf:RDF` or `feed`.
    Root,
    /// An RSS `channel`.
    Channel,
    Item,
    /// An Atom `author` of the feed (`false`) or of an entry (`true`).
    Author(bool),
}

/// What an element's text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Html,
    Xhtml,
}

/// Read an XML feed.
pub(super) fn read(text: &str, sink: &mut Sink) {
    let mut reader = NsReader::from_str(text);
    let mut lines = Lines::new(text);
    let mut feed = FeedInfo::default();
    let mut stack: Vec<Ctx> = Vec::new();
    let mut item: Option<Item> = None;
    let mut n = 0usize;
    let mut rooted = false;
    loop {
        let (vocab, event) = match reader.read_resolved_event() {
            Ok((ns, event)) => (Vocab::of(&ns), event),
            Err(e) => {
                broken(sink, lines.at(reader.error_position()), &e);
                return;
            }
        };
        let (start, empty) = match event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(_) => {
                if stack.pop() == Some(Ctx::Item) {
                    if let Some(done) = item.take() {
                        sink.item(&feed, done);
                    }
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let local = start.local_name().as_ref().to_ascii_lowercase();
        let name = local.as_slice();
        let top = stack.last().copied();
        let field = match top {
            None if rooted => None,
            None => {
                rooted = true;
                feed.format = match (name, vocab) {
                    (b"rss", _) | (b"rdf", _) => "rss",
                    (b"feed", _) => "atom",
                    _ => {
                        let shown = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                        let msg = if shown.eq_ignore_ascii_case("html") {
                            "not a feed: the document is an HTML page (<html>)".to_string()
                        } else {
                            format!("not a feed: the root element is <{shown}>")
                        };
                        sink.diags.push(Diagnostic::error(sink.path, None, msg));
                        return;
                    }
                };
                if let Some(lang) = attr(&start, b"xml:lang") {
                    feed.lang = Some(lang);
                }
                if !empty {
                    stack.push(Ctx::Root);
                }
                continue;
            }
            Some(Ctx::Root | Ctx::Channel) => match (name, vocab) {
                (b"channel", Vocab::Plain) => {
                    if !empty {
                        stack.push(Ctx::Channel);
                    }
                    continue;
                }
                (b"item" | b"entry", v) if v.core() => {
                    n += 1;
                    let line = lines.at(reader.buffer_position());
                    let new = Item {
                        n,
                        line: Some(line),
                        id: attr(&start, b"rdf:about"),
                        lang: attr(&start, b"xml:lang"),
                        ..Item::default()
                    };
                    if empty {
                        sink.item(&feed, new);
                    } else {
                        item = Some(new);
                        stack.push(Ctx::Item);
                    }
                    continue;
                }
                (b"author", Vocab::Atom) | (b"author", Vocab::Plain) if feed.format == "atom" => {
                    if !empty {
                        stack.push(Ctx::Author(false));
                    }
                    continue;
                }
                (b"title", v) if v.core() && feed.title.is_none() => Some(Field::FeedTitle),
                (b"title", Vocab::Dc) if feed.title.is_none() => Some(Field::FeedTitle),
                (b"language", Vocab::Plain | Vocab::Dc) => Some(Field::FeedLang),
                _ => None,
            },
            Some(Ctx::Author(of_item)) => match name {
                b"name" => Some(Field::AuthorName(of_item)),
                _ => None,
            },
            Some(Ctx::Item) => {
                let atom = feed.format == "atom" || vocab == Vocab::Atom;
                match (name, vocab) {
                    (b"title", v) if v.core() => Some(Field::Title),
                    (b"title", Vocab::Dc) => Some(Field::DcTitle),
                    (b"link", v) if v.core() => {
                        if let Some(href) = attr(&start, b"href") {
                            let rel = attr(&start, b"rel").unwrap_or_else(|| "alternate".into());
                            if let Some(it) = item.as_mut().filter(|_| rel == "alternate") {
                                it.link.get_or_insert(href);
                            }
                            None
                        } else {
                            Some(Field::Link)
                        }
                    }
                    (b"guid", Vocab::Plain) => {
                        let permalink = attr(&start, b"ispermalink")
                            .or_else(|| attr(&start, b"isPermaLink"))
                            .is_none_or(|v| !v.trim().eq_ignore_ascii_case("false"));
                        Some(Field::Guid(permalink))
                    }
                    (b"id", v) if v.core() => Some(Field::Id),
                    (b"pubdate" | b"published" | b"issued", v) if v.core() => {
                        Some(Field::Published)
                    }
                    (b"date" | b"created" | b"issued", Vocab::Dc | Vocab::Dcterms) => {
                        Some(Field::Published)
                    }
                    (b"updated" | b"modified", v) if v.core() => Some(Field::Updated),
                    (b"modified", Vocab::Dcterms) => Some(Field::Updated),
                    (b"author", v) if v.core() && atom => {
                        if !empty {
                            stack.push(Ctx::Author(true));
                        }
                        continue;
                    }
                    (b"author", Vocab::Plain) => Some(Field::RssAuthor),
                    (b"creator", Vocab::Dc) => Some(Field::Creator),
                    (b"description", Vocab::Plain) => Some(Field::Summary(Kind::Html)),
                    (b"description", Vocab::Dc) => Some(Field::Summary(Kind::Text)),
                    (b"summary", v) if v.core() => {
                        content_kind(&start, atom, Kind::Text).map(Field::Summary)
                    }
                    (b"content", v) if v.core() => {
                        content_kind(&start, atom, Kind::Html).map(Field::Content)
                    }
                    (b"encoded", Vocab::Content) => Some(Field::Content(Kind::Html)),
                    (b"language", Vocab::Dc) => Some(Field::Lang),
                    _ => None,
                }
            }
        };
        if empty {
            continue;
        }
        let Some(field) = field else {
            // Not needed: skip the element with everything inside it.
            if let Err(e) = reader.read_to_end(start.name()) {
                broken(sink, lines.at(reader.error_position()), &e);
                return;
            }
            continue;
        };
        let raw = match reader.read_text(start.name()) {
            Ok(raw) => String::from_utf8_lossy(&raw).into_owned(),
            Err(e) => {
                broken(sink, lines.at(reader.error_position()), &e);
                return;
            }
        };
        field.store(&raw, &mut feed, item.as_mut());
    }
    if !stack.is_empty() {
        let line = lines.at(reader.buffer_position());
        let d = if item.is_some() {
            let msg = "not well-formed XML: the file ends inside an item; that item is lost";
            Diagnostic::error(sink.path, Some(line), msg).in_record(n)
        } else {
            let msg = "not well-formed XML: the file ends before the feed is closed";
            Diagnostic::warning(sink.path, Some(line), msg)
        };
        sink.diags.push(d);
    }
    if !rooted {
        sink.diags.push(Diagnostic::error(
            sink.path,
            None,
            "not a feed: no XML element found",
        ));
    }
}

/// An element whose text the reader keeps.
#[derive(Debug, Clone, Copy)]
enum Field {
    FeedTitle,
    FeedLang,
    AuthorName(bool),
    Title,
    DcTitle,
    Link,
    /// A `guid`; `true` when it is a permalink.
    Guid(bool),
    Id,
    Published,
    Updated,
    RssAuthor,
    Creator,
    Summary(Kind),
    Content(Kind),
    Lang,
}

impl Field {
    /// Keep the element's raw inner XML where it belongs.
    fn store(self, raw: &str, feed: &mut FeedInfo, item: Option<&mut Item>) {
        let line = || one_line(&markup(raw));
        let set = |slot: &mut Option<String>, value: String| {
            if slot.is_none() && !value.is_empty() {
                *slot = Some(value);
            }
        };
        match self {
            Field::FeedTitle => set(&mut feed.title, line()),
            Field::FeedLang => set(&mut feed.lang, line()),
            Field::AuthorName(false) => feed.authors.push(line()),
            _ => {}
        }
        let Some(item) = item else {
            return;
        };
        match self {
            Field::FeedTitle | Field::FeedLang => {}
            Field::AuthorName(false) => {}
            Field::AuthorName(true) | Field::Creator => {
                let name = line();
                if !name.is_empty() && !item.authors.contains(&name) {
                    item.authors.push(name);
                }
            }
            Field::RssAuthor => {
                let name = rss_author(&markup(raw));
                if !name.is_empty() && !item.authors.contains(&name) {
                    item.authors.push(name);
                }
            }
            Field::Title | Field::DcTitle => set(&mut item.title, line()),
            Field::Link => set(&mut item.link, line()),
            Field::Guid(permalink) => {
                let guid = line();
                if permalink && guid.starts_with("http") {
                    set(&mut item.permalink, guid.clone());
                }
                set(&mut item.id, guid);
            }
            Field::Id => set(&mut item.id, line()),
            Field::Published => set(&mut item.published, line()),
            Field::Updated => set(&mut item.updated, line()),
            Field::Summary(kind) => set(&mut item.summary, text_of(raw, kind)),
            Field::Content(kind) => set(&mut item.content, text_of(raw, kind)),
            Field::Lang => set(&mut item.lang, line()),
        }
    }
}

/// What an Atom `content`/`summary` (or an RSS element of that name)
/// holds, by its `type`; `None` for content that is not text (a `src`
/// link, an image).
fn content_kind(start: &BytesStart, atom: bool, default: Kind) -> Option<Kind> {
    if attr(start, b"src").is_some() {
        return None;
    }
    let Some(ty) = attr(start, b"type") else {
        return Some(if atom { Kind::Text } else { default });
    };
    match ty.trim().to_ascii_lowercase().as_str() {
        "text" | "text/plain" => Some(Kind::Text),
        "html" | "text/html" => Some(Kind::Html),
        "xhtml" | "application/xhtml+xml" => Some(Kind::Xhtml),
        t if t.starts_with("text/") => Some(Kind::Text),
        _ => None,
    }
}

/// The text of a content element.
fn text_of(raw: &str, kind: Kind) -> String {
    match kind {
        Kind::Text => plain_text(&markup(raw)),
        Kind::Html => fragment_text(&markup(raw)),
        // Inline XHTML is markup already; the HTML parser reads its entities.
        Kind::Xhtml => fragment_text(raw),
    }
}

/// Raw inner XML to the string it stands for: CDATA sections as they are,
/// entities and character references resolved elsewhere (HTML entities a
/// feed should not use, like `&nbsp;`, too; unknown ones are kept).
/// Child elements stay as markup (for an HTML field they are its HTML).
fn markup(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find("<![CDATA[") {
        unescape_into(&rest[..at], &mut out);
        let inner = &rest[at + 9..];
        match inner.find("]]>") {
            Some(end) => {
                out.push_str(&inner[..end]);
                rest = &inner[end + 3..];
            }
            None => {
                out.push_str(inner);
                rest = "";
            }
        }
    }
    unescape_into(rest, &mut out);
    out
}

/// Append `s` with its entity and character references resolved.
fn unescape_into(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let resolved = after
            .find(';')
            .filter(|&end| end <= 32)
            .and_then(|end| entity(&after[..end]).map(|c| (c, end)));
        match resolved {
            Some((c, end)) => {
                out.push_str(&c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// The text of an entity or character reference (without `&` and `;`).
fn entity(name: &str) -> Option<String> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code)
            .filter(|&c| c != '\0')
            .map(String::from);
    }
    let s = match name {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "hellip" => "…",
        "mdash" => "—",
        "ndash" => "–",
        "lsquo" => "‘",
        "rsquo" => "’",
        "ldquo" => "“",
        "rdquo" => "”",
        "laquo" => "«",
        "raquo" => "»",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "euro" => "€",
        "pound" => "£",
        "deg" => "°",
        "middot" => "·",
        "bull" => "•",
        _ => return None,
    };
    Some(s.to_string())
}

/// The value of attribute `key` (matched on its full name, else on its
/// local name), with references resolved.
/// The error for XML that stops being well-formed at `line`: what was read
/// before stays, the rest of the feed is lost.
fn broken(sink: &mut Sink, line: usize, e: &dyn std::fmt::Display) {
    let msg = format!("not well-formed XML ({e}); the rest of the feed is lost");
    sink.diags
        .push(Diagnostic::error(sink.path, Some(line), msg));
}

fn attr(start: &BytesStart, key: &[u8]) -> Option<String> {
    let mut by_local = None;
    for a in start.attributes().with_checks(false).flatten() {
        let value = || {
            let mut out = String::new();
            unescape_into(&String::from_utf8_lossy(&a.value), &mut out);
            out
        };
        if a.key.as_ref() == key {
            return Some(value());
        }
        if by_local.is_none() && a.key.local_name().as_ref() == key {
            by_local = Some(value());
        }
    }
    by_local
}

/// Byte offsets to line numbers, counted forward as the reader moves.
struct Lines<'a> {
    text: &'a [u8],
    pos: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines {
            text: text.as_bytes(),
            pos: 0,
            line: 1,
        }
    }

    /// The 1-based line of byte `offset` (offsets mostly only grow; an
    /// earlier one is counted from the start).
    fn at(&mut self, offset: u64) -> usize {
        let offset = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        if offset < self.pos {
            self.pos = 0;
            self.line = 1;
        }
        self.line += self.text[self.pos..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.pos = offset;
        self.line
    }
}
