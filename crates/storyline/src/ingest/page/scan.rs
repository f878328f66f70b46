//! One pass over a page's DOM collecting everything the metadata readers
//! look at: `<meta>` tags, links, JSON-LD blocks, the `<title>` and `<h1>`,
//! `<time>` elements, elements whose class, id or itemprop hints at a date
//! or a byline, and the visible text runs that contain a digit.
//!
//! The walk is iterative (pages nest thousands deep) and touches each node
//! once; texts are collected with bounded lengths, so the cost is linear in
//! the page and small beside the parse.

use dom_query::{Document, NodeData, NodeId, TreeNode};

/// Where on the page an element sits, as bits (an element inherits its
/// ancestors').
pub mod region {
    /// Inside `<article>`, `<main>` or an element typed as an article.
    pub const ARTICLE: u16 = 1;
    /// Inside a comment section.
    pub const COMMENT: u16 = 2;
    /// Inside `<aside>`, a sidebar or a widget.
    pub const ASIDE: u16 = 4;
    /// Inside `<footer>`.
    pub const FOOTER: u16 = 8;
    /// Inside `<nav>` or a menu.
    pub const NAV: u16 = 16;
    /// Inside a list of related or recommended articles, a teaser.
    pub const RELATED: u16 = 32;
    /// Inside `<header>`.
    pub const HEADER: u16 = 64;
    /// Comes after the first `<h1>` opened.
    pub const AFTER_H1: u16 = 128;
    /// Inside `<head>` (the `<title>`): not page text.
    pub const HEAD: u16 = 256;
}

/// How a `<meta>` (or an itemprop-carrying element) names its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetaKind {
    /// `name="..."`
    Name,
    /// `property="..."`
    Property,
    /// `itemprop="..."`
    Itemprop,
    /// `http-equiv="..."`
    HttpEquiv,
}

/// A named value: a `<meta>` tag, or an element with an `itemprop` of
/// interest (its `content`/`datetime` attribute, else its text).
#[derive(Debug, Clone)]
pub struct Meta {
    /// Which attribute names it.
    pub kind: MetaKind,
    /// The name, lower-case.
    pub key: String,
    /// The value, trimmed.
    pub content: String,
    /// Where it sits ([`region`] bits); 0 for `<meta>` in the head.
    pub region: u16,
}

/// A `<time>` element.
#[derive(Debug, Clone, Default)]
pub struct TimeEl {
    /// Its `datetime` attribute.
    pub datetime: Option<String>,
    /// Its text.
    pub text: String,
    /// It has a `pubdate` attribute.
    pub pubdate: bool,
    /// Its class and id and itemprop (and its parent's class), lower-case.
    pub hints: String,
    /// [`region`] bits.
    pub region: u16,
}

/// An element whose class, id or itemprop hints at a date, or that carries
/// a `data-*` date attribute.
#[derive(Debug, Clone, Default)]
pub struct Hinted {
    /// Its tag name.
    pub tag: String,
    /// Class, id and itemprop, lower-case.
    pub hints: String,
    /// An attribute value that may be the date (`datetime`, `content`,
    /// `title`, `data-*`), if any.
    pub attr: Option<String>,
    /// The name of that attribute.
    pub attr_name: String,
    /// Its text (the first few hundred bytes).
    pub text: String,
    /// [`region`] bits.
    pub region: u16,
}

/// A visible run of text that contains a digit.
#[derive(Debug, Clone)]
pub struct Segment {
    /// The text, whitespace collapsed, at most a few hundred bytes.
    pub text: String,
    /// [`region`] bits.
    pub region: u16,
}

/// What one pass collected.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// `<html lang>` (or `xml:lang`).
    pub html_lang: Option<String>,
    /// The first `<title>` text.
    pub title: Option<String>,
    /// The texts of the first few `<h1>`.
    pub h1: Vec<String>,
    /// `<meta>` tags and itemprop values, in page order.
    pub metas: Vec<Meta>,
    /// `link rel=canonical` href.
    pub canonical: Option<String>,
    /// Texts of `rel=author` links.
    pub author_links: Vec<String>,
    /// The text of each `application/ld+json` script.
    pub json_ld: Vec<String>,
    /// `<time>` elements.
    pub times: Vec<TimeEl>,
    /// Elements hinting at a date.
    pub hinted: Vec<Hinted>,
    /// Texts of elements hinting at an author (class `author`, `byline`,
    /// itemprop `author`).
    pub bylines: Vec<String>,
    /// Visible text runs with a digit.
    pub texts: Vec<Segment>,
}

const TITLE_LIMIT: usize = 600;
const TEXT_LIMIT: usize = 240;
const SEGMENT_LIMIT: usize = 400;
const MAX_ITEMS: usize = 400;
const MAX_SEGMENTS: usize = 3000;
const MAX_OPEN: usize = 6;

/// Where collected text goes.
#[derive(Debug, Clone, Copy)]
enum Target {
    Title,
    H1(usize),
    Time(usize),
    Hinted(usize),
    Byline(usize),
    Meta(usize),
    AuthorLink(usize),
}

struct Frame {
    region: u16,
    /// Collectors opened by this element.
    opened: u8,
}

struct Walker<'a> {
    scan: Scan,
    frames: Vec<Frame>,
    open: Vec<Target>,
    h1_seen: bool,
    tree: &'a dom_query::Tree,
}

/// Scan a parsed page.
pub fn scan(doc: &Document) -> Scan {
    let tree = &doc.tree;
    let mut w = Walker {
        scan: Scan::default(),
        frames: Vec::new(),
        open: Vec::new(),
        h1_seen: false,
        tree,
    };
    let root = doc.root().id;
    let links = |id: NodeId| {
        tree.query_node(&id, |n: &TreeNode| {
            (n.first_child, n.next_sibling, n.parent)
        })
        .unwrap_or((None, None, None))
    };
    let mut current = links(root).0;
    while let Some(id) = current {
        let descend = w.enter(id);
        let (first, _, _) = links(id);
        if descend {
            if let Some(child) = first {
                current = Some(child);
                continue;
            }
        }
        if descend {
            w.leave();
        }
        // Next sibling, else climb, leaving each element on the way up.
        let mut at = id;
        current = None;
        loop {
            let (_, next, parent) = links(at);
            if let Some(next) = next {
                current = Some(next);
                break;
            }
            match parent {
                Some(p) if p != root => {
                    w.leave();
                    at = p;
                }
                _ => break,
            }
        }
    }
    w.scan
}

/// Tags whose content is never page text.
fn skipped(tag: &str) -> bool {
    matches!(
        tag,
        "style"
            | "noscript"
            | "template"
            | "svg"
            | "iframe"
            | "select"
            | "option"
            | "button"
            | "textarea"
            | "canvas"
            | "math"
            | "object"
    )
}

/// For each byte, which of `words` (at most 32) start with it: a table
/// built at compile time.
const fn first_bytes(words: &[&str]) -> [u32; 256] {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < words.len() && i < 32 {
        let b = words[i].as_bytes();
        if !b.is_empty() {
            t[b[0] as usize] |= 1 << i;
        }
        i += 1;
    }
    t
}

/// Does `hay` contain any of `needles` (lower-case), ASCII case ignored?
/// One pass over `hay`; at each byte only the needles beginning with it
/// (`first`, from [`first_bytes`]) are compared.
fn contains_any(hay: &str, needles: &[&str], first: &[u32; 256]) -> bool {
    let h = hay.as_bytes();
    for i in 0..h.len() {
        let c = h[i];
        let mut mask = first[usize::from(c.to_ascii_lowercase())];
        while mask != 0 {
            let k = mask.trailing_zeros() as usize;
            mask &= mask - 1;
            if needles
                .get(k)
                .is_some_and(|n| starts_with_ci(&h[i..], n.as_bytes()))
            {
                return true;
            }
        }
    }
    false
}

/// `hay` starts with `prefix` (lower-case), ASCII case ignored.
fn starts_with_ci(hay: &[u8], prefix: &[u8]) -> bool {
    hay.len() >= prefix.len() && hay[..prefix.len()].eq_ignore_ascii_case(prefix)
}

const COMMENT_WORDS: &[&str] = &["comment", "disqus", "respond", "reply"];
const ASIDE_WORDS: &[&str] = &["sidebar", "widget-area", "aside"];
const RELATED_WORDS: &[&str] = &["related", "recommend", "more-", "popular", "trending"];
const NAV_WORDS: &[&str] = &["menu", "navbar", "navigation", "breadcrumb"];
/// Bytes that start a region word.
const REGION_FIRST: [bool; 256] = {
    let groups = [
        first_bytes(COMMENT_WORDS),
        first_bytes(ASIDE_WORDS),
        first_bytes(RELATED_WORDS),
        first_bytes(NAV_WORDS),
    ];
    let mut t = [false; 256];
    let mut g = 0;
    while g < groups.len() {
        let mut i = 0;
        while i < 256 {
            t[i] = t[i] || groups[g][i] != 0;
            i += 1;
        }
        g += 1;
    }
    t
};

/// The [`region`] bits that class/id tokens name: a token starting with
/// one of the words ("comment-list", "sidebar_left"; not "one-sidebar").
fn region_of_tokens(hints: &str) -> u16 {
    let mut r = 0;
    for t in hints.split(|c: char| c.is_ascii_whitespace()) {
        let Some(&b) = t.as_bytes().first() else {
            continue;
        };
        if !REGION_FIRST[usize::from(b.to_ascii_lowercase())] {
            continue;
        }
        let starts = |words: &[&str]| {
            words
                .iter()
                .any(|w| starts_with_ci(t.as_bytes(), w.as_bytes()))
        };
        if starts(COMMENT_WORDS) {
            r |= region::COMMENT;
        }
        if starts(ASIDE_WORDS) {
            r |= region::ASIDE;
        }
        if starts(RELATED_WORDS) {
            r |= region::RELATED;
        }
        if starts(NAV_WORDS) {
            r |= region::NAV;
        }
    }
    r
}

/// Class/id words that hint at a date or a byline line.
const DATE_HINTS: &[&str] = &[
    "date",
    "datum",
    "time",
    "publish",
    "posted",
    "byline",
    "meta",
    "fecha",
    "submitted",
    "dateline",
    "parution",
    "subline",
    "info",
    "author",
    "autor",
    "footer",
    "post-detail",
    "data",
    "created",
    "zeit",
];

const DATE_FIRST: [u32; 256] = first_bytes(DATE_HINTS);

const DATA_WORDS: &[&str] = &["date", "time", "publish"];
const DATA_FIRST: [u32; 256] = first_bytes(DATA_WORDS);
const ITEMTYPE_FIRST: [u32; 256] = first_bytes(&["article", "blogposting"]);

const AUTHOR_HINTS: &[&str] = &["author", "byline", "autor", "auteur"];
const AUTHOR_FIRST: [u32; 256] = first_bytes(AUTHOR_HINTS);

impl Walker<'_> {
    /// Enter node `id`; false when its children are not to be visited (or it
    /// has none to be left).
    fn enter(&mut self, id: NodeId) -> bool {
        // A transient value on the stack: boxing the large variant would
        // cost an allocation per element.
        #[allow(clippy::large_enum_variant)]
        enum What {
            Element(ElementInfo),
            /// An element nothing is read from: only its region counts.
            Plain(u16),
            Skip,
            Other,
        }
        let tree = self.tree;
        let what = tree
            .query_node(&id, |n: &TreeNode| match &n.data {
                NodeData::Text { contents } => {
                    // Read in place: only what a collector keeps is copied.
                    if !self.open.is_empty() || contents.bytes().any(|b| b.is_ascii_digit()) {
                        self.text(contents);
                    }
                    What::Other
                }
                NodeData::Element(el) => match plain(el) {
                    Plain::Yes(bits) => What::Plain(bits),
                    Plain::Skip => What::Skip,
                    Plain::No => What::Element(ElementInfo::of(el)),
                },
                _ => What::Other,
            })
            .unwrap_or(What::Other);
        match what {
            What::Other | What::Skip => false,
            What::Element(info) => self.element(id, info),
            What::Plain(bits) => {
                let mut region = self.region() | bits;
                if self.h1_seen {
                    region |= region::AFTER_H1;
                }
                self.frames.push(Frame { region, opened: 0 });
                true
            }
        }
    }

    fn region(&self) -> u16 {
        self.frames.last().map_or(0, |f| f.region)
    }

    fn element(&mut self, id: NodeId, info: ElementInfo) -> bool {
        let tag: &str = &info.tag;
        if tag == "script" {
            if info.script_ld_json && self.scan.json_ld.len() < 32 {
                let text = dom_query::NodeRef::new(id, self.tree).text();
                self.scan.json_ld.push(text.to_string());
            }
            return false;
        }
        if skipped(tag) {
            return false;
        }
        // The Wayback Machine's toolbar on archived pages: its dates are the
        // capture's.
        if info.wayback {
            return false;
        }
        let mut region = self.region();
        match tag {
            "article" | "main" => region |= region::ARTICLE,
            "footer" => region |= region::FOOTER,
            "nav" => region |= region::NAV,
            "header" => region |= region::HEADER,
            "head" => region |= region::HEAD,
            _ => {}
        }
        if info.itemtype_article {
            region |= region::ARTICLE;
        }
        // Page-wide classes ("one-sidebar", "comments-open") say nothing
        // about where an element sits.
        if tag != "body" && tag != "html" {
            region |= info.region;
        }
        if self.h1_seen {
            region |= region::AFTER_H1;
        }
        let mut opened = 0u8;
        let mut open = |w: &mut Self, t: Target| {
            if w.open.len() < MAX_OPEN {
                w.open.push(t);
                opened += 1;
            }
        };
        match tag {
            "html" => {
                if let Some(l) = info.lang.clone() {
                    self.scan.html_lang.get_or_insert(l);
                }
            }
            "title" if self.scan.title.is_none() => {
                self.scan.title = Some(String::new());
                open(self, Target::Title);
            }
            "h1" => {
                self.h1_seen = true;
                if self.scan.h1.len() < 4 {
                    self.scan.h1.push(String::new());
                    let i = self.scan.h1.len() - 1;
                    open(self, Target::H1(i));
                }
            }
            "meta" => {
                if let (Some((kind, key)), Some(content)) =
                    (info.meta_key.clone(), info.content.clone())
                {
                    if self.scan.metas.len() < MAX_ITEMS {
                        self.scan.metas.push(Meta {
                            kind,
                            key,
                            content,
                            region,
                        });
                    }
                }
            }
            "link" if info.rel.split_whitespace().any(|r| r == "canonical") => {
                if let Some(h) = &info.href {
                    self.scan.canonical.get_or_insert_with(|| h.clone());
                }
            }
            "time" if self.scan.times.len() < MAX_ITEMS => {
                self.scan.times.push(TimeEl {
                    datetime: info.datetime.clone(),
                    text: String::new(),
                    pubdate: info.pubdate,
                    hints: info.hints.clone(),
                    region,
                });
                let i = self.scan.times.len() - 1;
                open(self, Target::Time(i));
            }
            _ => {}
        }
        if tag == "a"
            && info.rel.split_whitespace().any(|r| r == "author")
            && self.scan.author_links.len() < 16
        {
            self.scan.author_links.push(String::new());
            let i = self.scan.author_links.len() - 1;
            open(self, Target::AuthorLink(i));
        }
        // RDFa properties with a value on elements other than <meta>
        // (`<span property="dc:date dc:created" content="...">`).
        if tag != "meta" {
            if let (Some(props), Some(content)) = (&info.property, &info.content) {
                for p in props.split_whitespace().take(4) {
                    if self.scan.metas.len() < MAX_ITEMS {
                        self.scan.metas.push(Meta {
                            kind: MetaKind::Property,
                            key: p.to_string(),
                            content: content.clone(),
                            region,
                        });
                    }
                }
            }
        }
        // itemprop values on elements other than <meta>.
        if tag != "meta" {
            if let Some(prop) = info.itemprop.as_deref() {
                if is_itemprop_of_interest(prop) && self.scan.metas.len() < MAX_ITEMS {
                    let value = info.datetime.clone().or_else(|| info.content.clone());
                    let from_text = value.is_none();
                    self.scan.metas.push(Meta {
                        kind: MetaKind::Itemprop,
                        key: prop.to_string(),
                        content: value.unwrap_or_default(),
                        region,
                    });
                    if from_text {
                        let i = self.scan.metas.len() - 1;
                        open(self, Target::Meta(i));
                    }
                }
            }
        }
        // Elements hinting at a date.
        let date_hint = info.date_hint;
        if tag != "time"
            && tag != "meta"
            && tag != "html"
            && tag != "body"
            && (date_hint || info.data_date.is_some())
            && self.scan.hinted.len() < MAX_ITEMS
        {
            let (attr_name, attr) = match (&info.datetime, &info.data_date, &info.title_attr) {
                (Some(d), _, _) => ("datetime".to_string(), Some(d.clone())),
                (None, Some((n, v)), _) => (n.clone(), Some(v.clone())),
                (None, None, Some(t)) if tag == "abbr" || t.bytes().any(|b| b.is_ascii_digit()) => {
                    ("title".to_string(), Some(t.clone()))
                }
                _ => (String::new(), None),
            };
            self.scan.hinted.push(Hinted {
                tag: tag.to_string(),
                hints: info.hints.clone(),
                attr,
                attr_name,
                text: String::new(),
                region,
            });
            let i = self.scan.hinted.len() - 1;
            open(self, Target::Hinted(i));
        }
        let author_hint = info.author_hint || info.itemprop.as_deref() == Some("author");
        if author_hint
            && region & (region::COMMENT | region::RELATED) == 0
            && self.scan.bylines.len() < 16
        {
            self.scan.bylines.push(String::new());
            let i = self.scan.bylines.len() - 1;
            open(self, Target::Byline(i));
        }
        self.frames.push(Frame { region, opened });
        true
    }

    /// Leave the innermost open element.
    fn leave(&mut self) {
        if let Some(f) = self.frames.pop() {
            for _ in 0..f.opened {
                self.open.pop();
            }
        }
    }

    fn text(&mut self, raw: &str) {
        if raw.trim().is_empty() {
            // Still a word break for collectors.
            for k in 0..self.open.len() {
                let t = self.open[k];
                if let Some(s) = self.target(t) {
                    if !s.ends_with(' ') && !s.is_empty() {
                        s.push(' ');
                    }
                }
            }
            return;
        }
        for k in 0..self.open.len() {
            let t = self.open[k];
            let limit = match t {
                Target::Title | Target::H1(_) => TITLE_LIMIT,
                _ => TEXT_LIMIT,
            };
            if let Some(s) = self.target(t) {
                push_collapsed(s, raw, limit);
            }
        }
        if raw.bytes().any(|b| b.is_ascii_digit())
            && self.scan.texts.len() < MAX_SEGMENTS
            && self.region() & region::HEAD == 0
        {
            let mut text = String::with_capacity(raw.len().min(SEGMENT_LIMIT));
            push_collapsed(&mut text, raw, SEGMENT_LIMIT);
            if text.ends_with(' ') {
                text.pop();
            }
            let region = self.region();
            self.scan.texts.push(Segment { text, region });
        }
    }

    fn target(&mut self, t: Target) -> Option<&mut String> {
        match t {
            Target::Title => self.scan.title.as_mut(),
            Target::H1(i) => self.scan.h1.get_mut(i),
            Target::Time(i) => self.scan.times.get_mut(i).map(|x| &mut x.text),
            Target::Hinted(i) => self.scan.hinted.get_mut(i).map(|x| &mut x.text),
            Target::Byline(i) => self.scan.bylines.get_mut(i),
            Target::Meta(i) => self.scan.metas.get_mut(i).map(|x| &mut x.content),
            Target::AuthorLink(i) => self.scan.author_links.get_mut(i),
        }
    }
}

/// Append `raw` to `out` with whitespace runs collapsed, up to `limit` bytes.
fn push_collapsed(out: &mut String, raw: &str, limit: usize) {
    for c in raw.chars() {
        if out.len() + c.len_utf8() > limit {
            return;
        }
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

/// itemprops whose values are collected.
fn is_itemprop_of_interest(p: &str) -> bool {
    matches!(
        p,
        "datepublished" | "datecreated" | "datemodified" | "dateupdated" | "uploaddate" | "pubyear"
    )
}

/// Whether an element can be passed over with only its region read.
enum Plain {
    /// Yes: nothing is read from it; these are the region bits its class
    /// and id name.
    Yes(u16),
    /// Its content is never page text.
    Skip,
    /// No: read it whole ([`ElementInfo::of`]).
    No,
}

/// The quick look at every element: most carry nothing the metadata
/// readers want, and building an [`ElementInfo`] for them is the cost.
fn plain(el: &dom_query::Element) -> Plain {
    let tag: &str = &el.name.local;
    if skipped(tag) {
        return Plain::Skip;
    }
    if matches!(
        tag,
        "html"
            | "body"
            | "head"
            | "title"
            | "h1"
            | "meta"
            | "link"
            | "time"
            | "script"
            | "abbr"
            | "article"
            | "main"
            | "footer"
            | "nav"
            | "header"
    ) {
        return Plain::No;
    }
    let mut bits = 0;
    for a in &el.attrs {
        let key: &str = &a.name.local;
        let value: &str = &a.value;
        match key {
            "class" | "id" => {
                if contains_any(value, DATE_HINTS, &DATE_FIRST)
                    || contains_any(value, AUTHOR_HINTS, &AUTHOR_FIRST)
                    || (tag == "div" && value.starts_with("wm-ipp"))
                {
                    return Plain::No;
                }
                bits |= region_of_tokens(value);
            }
            "itemprop" | "property" | "datetime" | "pubdate" | "itemtype" => return Plain::No,
            "rel" if tag == "a" => return Plain::No,
            _ if key.starts_with("data-") && contains_any(&key[5..], DATA_WORDS, &DATA_FIRST) => {
                return Plain::No
            }
            _ => {}
        }
    }
    Plain::Yes(bits)
}

/// What the walker needs of an element, read under one borrow.
#[derive(Debug, Default)]
struct ElementInfo {
    tag: dom_query::LocalName,
    /// class + id + itemprop, lower-case, space separated; filled only for
    /// elements that may be kept (a date or author hint, `<time>`).
    hints: String,
    /// [`region`] bits the class and id tokens name.
    region: u16,
    /// class/id/itemprop hint at a date.
    date_hint: bool,
    /// class/id/itemprop hint at an author.
    author_hint: bool,
    /// The Wayback Machine's toolbar.
    wayback: bool,
    lang: Option<String>,
    meta_key: Option<(MetaKind, String)>,
    content: Option<String>,
    datetime: Option<String>,
    itemprop: Option<String>,
    rel: String,
    href: Option<String>,
    /// RDFa `property` of an element other than `<meta>`, lower-case.
    property: Option<String>,
    pubdate: bool,
    title_attr: Option<String>,
    data_date: Option<(String, String)>,
    script_ld_json: bool,
    itemtype_article: bool,
}

impl ElementInfo {
    fn of(el: &dom_query::Element) -> ElementInfo {
        let mut info = ElementInfo {
            tag: el.name.local.clone(),
            ..Default::default()
        };
        let tag: &str = &info.tag;
        let is_meta = tag == "meta";
        let (mut content, mut href, mut title) = (None, None, None);
        let (mut class, mut id_attr, mut itemprop_raw): (Option<&str>, Option<&str>, Option<&str>) =
            (None, None, None);
        let mut name = None;
        let mut property = None;
        let mut http_equiv = None;
        for a in &el.attrs {
            let key: &str = &a.name.local;
            let value: &str = &a.value;
            match key {
                "class" => class = Some(value),
                "id" => id_attr = Some(value),
                "itemprop" => {
                    itemprop_raw = Some(value);
                    info.itemprop = Some(value.trim().to_ascii_lowercase());
                }
                "lang" | "xml:lang" if tag == "html" => {
                    let v = value.trim();
                    if !v.is_empty() {
                        info.lang = Some(v.to_string());
                    }
                }
                "name" if is_meta => name = Some(value.trim().to_ascii_lowercase()),
                "property" if is_meta => property = Some(value.trim().to_ascii_lowercase()),
                "property" => info.property = Some(value.trim().to_ascii_lowercase()),
                "http-equiv" if is_meta => http_equiv = Some(value.trim().to_ascii_lowercase()),
                "content" => content = Some(value),
                "datetime" => info.datetime = Some(value.trim().to_string()),
                "rel" if tag == "link" || tag == "a" => info.rel = value.to_ascii_lowercase(),
                "href" if tag == "link" => href = Some(value),
                "pubdate" => info.pubdate = true,
                "title" => title = Some(value),
                "type" if tag == "script" => {
                    let v = value.trim().to_ascii_lowercase();
                    info.script_ld_json = v == "application/ld+json";
                }
                "itemtype" => {
                    info.itemtype_article =
                        contains_any(value, &["article", "blogposting"], &ITEMTYPE_FIRST);
                }
                // Attribute names come lower-case from the parser.
                _ if key.starts_with("data-")
                    && info.data_date.is_none()
                    && contains_any(&key[5..], DATA_WORDS, &DATA_FIRST)
                    && value.len() < 64
                    && value.bytes().filter(u8::is_ascii_digit).count() >= 6 =>
                {
                    info.data_date = Some((key.to_string(), value.trim().to_string()));
                }
                _ => {}
            }
        }
        // Hints are matched on the raw values; a lower-case copy is made only
        // for elements that may be kept.
        for v in [class, id_attr].into_iter().flatten() {
            info.region |= region_of_tokens(v);
            info.wayback |= tag == "div" && v.starts_with("wm-ipp");
        }
        for v in [class, id_attr, itemprop_raw].into_iter().flatten() {
            info.date_hint |= contains_any(v, DATE_HINTS, &DATE_FIRST);
            info.author_hint |= contains_any(v, AUTHOR_HINTS, &AUTHOR_FIRST);
        }
        if info.date_hint || info.author_hint || tag == "time" {
            for v in [class, id_attr, itemprop_raw].into_iter().flatten() {
                if !info.hints.is_empty() {
                    info.hints.push(' ');
                }
                info.hints.extend(v.chars().map(|c| c.to_ascii_lowercase()));
            }
        }
        // Values are copied only where they can matter.
        if is_meta || info.itemprop.is_some() || info.property.is_some() {
            info.content = content.map(|c| c.trim().to_string());
        }
        info.href = href.map(|h| h.trim().to_string());
        if let Some(t) = title {
            if tag == "abbr" || t.bytes().any(|b| b.is_ascii_digit()) && t.len() < 80 {
                info.title_attr = Some(t.trim().to_string());
            }
        }
        if is_meta {
            info.meta_key = match (name, property, info.itemprop.clone(), http_equiv) {
                (_, Some(p), _, _) if !p.is_empty() => Some((MetaKind::Property, p)),
                (Some(n), _, _, _) if !n.is_empty() => Some((MetaKind::Name, n)),
                (_, _, Some(i), _) if !i.is_empty() => Some((MetaKind::Itemprop, i)),
                (_, _, _, Some(h)) if !h.is_empty() => Some((MetaKind::HttpEquiv, h)),
                _ => None,
            };
            if info.content.is_none() {
                info.content = info.datetime.clone();
            }
        }
        info
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pass_collects_what_metadata_needs() {
        let html = r#"<html lang="de-DE"><head><title>Ein Titel | Zeitung</title>
<meta property="og:title" content="Ein Titel">
<meta name="date" content="2019-11-19">
<link rel="canonical" href="https://zeitung.example/a/1">
<script type="application/ld+json">{"@type":"NewsArticle"}</script>
<script>var x = "2001-01-01";</script>
</head><body><nav class="menu"><p>Archiv 2018</p></nav>
<article><h1>Ein <em>Titel</em></h1>
<div class="post-meta"><span class="author">Von Anna Muster</span> am <time datetime="2019-11-19T10:48:00+01:00">19.11.2019</time></div>
<p>Am 19. November 2019 sagte sie ...</p>
<div class="comments"><span class="date">20.11.2019</span></div>
</article></body></html>"#;
        let doc = Document::from(html);
        let s = scan(&doc);
        assert_eq!(s.html_lang.as_deref(), Some("de-DE"));
        assert_eq!(s.title.as_deref(), Some("Ein Titel | Zeitung"));
        assert_eq!(s.h1, ["Ein Titel"]);
        assert_eq!(s.canonical.as_deref(), Some("https://zeitung.example/a/1"));
        assert_eq!(s.json_ld.len(), 1);
        assert_eq!(s.metas.len(), 2);
        assert_eq!(s.metas[1].key, "date");
        assert_eq!(s.times.len(), 1);
        assert_eq!(s.times[0].text, "19.11.2019");
        assert!(s.times[0].region & region::ARTICLE != 0);
        assert_eq!(s.bylines, ["Von Anna Muster"]);
        let meta = s
            .hinted
            .iter()
            .find(|h| h.hints == "post-meta")
            .map(|h| h.text.as_str());
        assert_eq!(meta, Some("Von Anna Muster am 19.11.2019"));
        let comment = s.hinted.iter().find(|h| h.hints == "date");
        assert!(comment.is_some_and(|h| h.region & region::COMMENT != 0));
        // Script text is not page text.
        assert!(s.texts.iter().all(|t| !t.text.contains("2001")));
        assert!(s
            .texts
            .iter()
            .any(|t| t.text.starts_with("Am 19. November") && t.region & region::AFTER_H1 != 0));
        let nav = s.texts.iter().find(|t| t.text.contains("Archiv"));
        assert!(nav.is_some_and(|t| t.region & region::NAV != 0));
    }

    #[test]
    fn deep_pages_do_not_overflow() {
        let html = format!(
            "<html><body>{}<time datetime=\"2019-11-19\">x</time>{}</body></html>",
            "<div>".repeat(5_000),
            "</div>".repeat(5_000)
        );
        let s = scan(&Document::from(html.as_str()));
        assert_eq!(s.times.len(), 1);
    }
}
