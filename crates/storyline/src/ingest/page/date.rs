//! When was a page published? Candidates from structured data, meta tags,
//! `<time>` elements, the URL and the visible text, tried in a fixed order;
//! the first plausible one is the publication date.
//!
//! The order (each step only when the ones before found nothing plausible):
//!
//! 1. **`json-ld`**: the article node's `datePublished`, else its
//!    `dateCreated` (an `Article`, `NewsArticle`, `BlogPosting`, ... at the
//!    top level, in an array, in `@graph` or under `mainEntity`);
//! 2. **`opengraph`**: `article:published_time`, `og:published_time` and
//!    their kin (`property=`);
//! 3. **`itemprop`**: `datePublished`/`dateCreated` microdata outside
//!    comments and related-article lists;
//! 4. **`meta:<name>`**: the common names for a publication date
//!    (`pubdate`, `publishdate`, `date`, `dc.date`, `dcterms.created`,
//!    `sailthru.date`, `parsely-pub-date`, ...; see [`META_PUBLISHED`]);
//! 5. **`json-ld`** again: a `WebPage` node's `datePublished`;
//! 6. **`url`**: a whole day in the canonical URL's path (`/2019/11/19/`,
//!    `/20191119/`, `/2019-11-19-`), else in `og:url`, else in the URL the
//!    page was fetched from;
//! 7. **`time`**: a `<time>` marked as the publication (`pubdate`, a class
//!    such as `published` or `entry-date`), else the first `<time>` with a
//!    date outside comments, navigation, sidebars and related lists;
//! 8. **`element`**: an element whose class, id or itemprop says date,
//!    time, publish(ed), posted, byline or meta (`abbr.published` and
//!    `data-*` date attributes included), first in page order, outside
//!    those regions and not marked as an update;
//! 9. **`text`**: a date written in the text after the headline (a
//!    dateline, "Veröffentlicht am 19.11.2019"), not one said to be an
//!    update.
//!
//! Machine dates keep the zone they were written in
//! ([`Published::offset`]); a bare day is `date_only`. The URL's day is
//! the local day of publication: a time from steps 1–5 that falls on
//! another day than the URL's is taken as written only when the two are
//! at most a day apart (a zone), else the URL's day wins (the structured
//! value is then most likely a modification or a placeholder).
//!
//! The modification date comes from the same kinds of places
//! (`dateModified`, `article:modified_time`, `og:updated_time`,
//! `last-modified`, ...). It is never taken as the publication date: a
//! page that says only when it was updated has no publication date.
//!
//! Every value is checked by [`super::plausible`]: placeholders (year 1,
//! the Unix epoch), dates before 1990 and dates after the crawl (or more
//! than a day after now) are rejected, each with a note naming the value
//! and where it came from.

use jiff::Timestamp;

use super::jsonld::{JsonLd, Kind};
use super::scan::{region, MetaKind, Scan};
use super::when::{self, Order};
use super::{Field, PageInfo};
use crate::model::Published;

/// The dates of one page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageDates {
    /// First publication.
    pub published: Option<Field<Published>>,
    /// Last modification.
    pub modified: Option<Field<Published>>,
    /// Dates found and rejected, with the reason, for diagnostics.
    pub notes: Vec<String>,
}

/// What the date finder knows besides the page's own markup.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The page's canonical URL, when it names one.
    pub canonical: Option<&'a str>,
    /// What the page was fetched with (its URL, the crawl time).
    pub info: &'a PageInfo<'a>,
    /// How to read `03/04/2019` on this page.
    pub order: Order,
    /// The present, for pages whose crawl time is unknown.
    pub now: Timestamp,
}

/// Meta names (`name=`, `property=` not starting with `og:`/`article:`)
/// that carry a publication date, with the source recorded for each.
pub const META_PUBLISHED: &[(&str, &str)] = &[
    ("pubdate", "meta:pubdate"),
    ("publishdate", "meta:publishdate"),
    ("publish-date", "meta:publish-date"),
    ("publish_date", "meta:publish_date"),
    ("published-date", "meta:published-date"),
    ("published_date", "meta:published_date"),
    ("publication_date", "meta:publication_date"),
    ("publish_time", "meta:publish_time"),
    ("published_time", "meta:published_time"),
    ("date", "meta:date"),
    ("dc.date", "meta:dc.date"),
    ("dc.date.issued", "meta:dc.date.issued"),
    ("dc.date.created", "meta:dc.date.created"),
    ("dc.created", "meta:dc.created"),
    ("dc:date", "meta:dc:date"),
    ("dc:created", "meta:dc:created"),
    ("dcterms.created", "meta:dcterms.created"),
    ("dcterms.date", "meta:dcterms.date"),
    ("dcterms.issued", "meta:dcterms.issued"),
    ("sailthru.date", "meta:sailthru.date"),
    ("parsely-pub-date", "meta:parsely-pub-date"),
    ("article.published", "meta:article.published"),
    ("article.created", "meta:article.created"),
    ("article_date_original", "meta:article_date_original"),
    ("original-publish-date", "meta:original-publish-date"),
    ("originalpublicationdate", "meta:originalpublicationdate"),
    (
        "citation_publication_date",
        "meta:citation_publication_date",
    ),
    ("citation_date", "meta:citation_date"),
    ("datepublished", "meta:datepublished"),
    ("date_published", "meta:date_published"),
    ("datecreated", "meta:datecreated"),
    ("created", "meta:created"),
    ("displaydate", "meta:displaydate"),
    (
        "cxenseparse:recs:publishtime",
        "meta:cxenseparse:recs:publishtime",
    ),
    (
        "shareaholic:article_published_time",
        "meta:shareaholic:article_published_time",
    ),
    ("rnews:datepublished", "meta:rnews:datepublished"),
    ("bt:pubdate", "meta:bt:pubdate"),
    (
        "analyticsattributes.articledate",
        "meta:analyticsattributes.articledate",
    ),
    (
        "dcsext.articlefirstpublished",
        "meta:dcsext.articlefirstpublished",
    ),
    ("twt-published-at", "meta:twt-published-at"),
    ("pdate", "meta:pdate"),
    ("ptime", "meta:ptime"),
    ("og:published_time", "meta:og:published_time"),
    ("article:published_time", "meta:article:published_time"),
];

/// OpenGraph-style properties for the publication date.
const OG_PUBLISHED: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "article:published",
    "og:article:published_time",
    "og:article:published",
    "article:published_date",
    "article:publicationdate",
    "article:post_date",
    "og:pubdate",
    "og:publish_date",
    "og:datepublished",
    "video:release_date",
];

/// Names (any kind of meta) for the modification date.
const META_MODIFIED: &[(&str, &str)] = &[
    ("article:modified_time", "opengraph"),
    ("og:updated_time", "opengraph"),
    ("og:modified_time", "opengraph"),
    ("article:modified", "opengraph"),
    ("og:article:modified_time", "opengraph"),
    ("article:updated_time", "opengraph"),
    ("datemodified", "itemprop"),
    ("dateupdated", "itemprop"),
    ("last-modified", "meta:last-modified"),
    ("lastmod", "meta:lastmod"),
    ("lastmodified", "meta:lastmodified"),
    ("modified", "meta:modified"),
    ("dcterms.modified", "meta:dcterms.modified"),
    ("dc.date.modified", "meta:dc.date.modified"),
    ("dc.modified", "meta:dc.modified"),
    ("sailthru.lastmodified", "meta:sailthru.lastmodified"),
    ("parsely-updated", "meta:parsely-updated"),
    ("revised", "meta:revised"),
];

/// Words before a date that say it is an update, not the publication.
const UPDATE_WORDS: &[&str] = &[
    "update",
    "aktualisiert",
    "geändert",
    "modifi",
    "mis à jour",
    "mise à jour",
    "actualiza",
    "aggiornat",
    "bijgewerkt",
    "atualiza",
    "last edited",
    "revised",
    "stand:",
];

/// Class/id words of elements that hold an update time.
const UPDATE_HINTS: &[&str] = &["updated", "modified", "update", "lastmod", "aktualisiert"];

/// Regions whose dates are not the page's own.
const FOREIGN: u16 = region::COMMENT | region::RELATED | region::ASIDE | region::NAV;

/// Collects the decision and the notes.
struct Finder<'a> {
    ctx: &'a Context<'a>,
    notes: Vec<String>,
}

impl Finder<'_> {
    /// Parse and check one structured value; a note when it is not usable.
    fn structured(&mut self, raw: &str, what: &str) -> Option<Published> {
        let raw = raw.trim();
        if raw.is_empty() {
            return None;
        }
        let Some(p) = when::parse_value(raw, self.ctx.order) else {
            let shown: String = raw.chars().take(60).collect();
            self.notes
                .push(format!("{what} {shown:?} is not a date, ignored"));
            return None;
        };
        self.check(p, raw, what)
    }

    /// A value found in text: no note when it is implausible (text is full
    /// of dates that are not the page's).
    fn quiet(&self, p: Published) -> Option<Published> {
        super::plausible(&p, self.ctx.info.crawled, self.ctx.now).then_some(p)
    }

    fn check(&mut self, p: Published, raw: &str, what: &str) -> Option<Published> {
        if super::plausible(&p, self.ctx.info.crawled, self.ctx.now) {
            return Some(p);
        }
        let year = p.at.to_zoned(jiff::tz::TimeZone::UTC).year();
        let secs = p.at.as_second();
        let why = if year < 1000 || (0..86_400).contains(&secs) {
            "is a placeholder"
        } else if year < 1990 {
            "is before 1990"
        } else if self.ctx.info.crawled.is_some() {
            "is after the page was fetched"
        } else {
            "is in the future"
        };
        self.notes.push(format!("{what} {raw} {why}, ignored"));
        None
    }
}

/// Find the publication and modification dates of a scanned page.
pub fn find(scan: &Scan, ld: &JsonLd, ctx: &Context) -> PageDates {
    let mut f = Finder {
        ctx,
        notes: Vec::new(),
    };
    let mut published = published(scan, ld, &mut f);
    let modified = modified(scan, ld, &mut f);
    // A modification before the publication is not one.
    let modified = modified.filter(|m| published.as_ref().is_none_or(|p| m.value.at >= p.value.at));
    if let Some(p) = &published {
        // A structured time and the URL's day disagreeing by more than a
        // zone's worth: the URL's day is the publication day.
        if !matches!(p.source, "url" | "time" | "element" | "text") {
            if let Some(u) = url_day(scan, ctx) {
                let gap = (p.value.at.as_second() - u.at.as_second()).abs();
                if gap > 2 * 86_400 {
                    f.notes.push(format!(
                        "{} {} disagrees with the day in the URL ({}), the URL's day taken",
                        p.source, p.value, u
                    ));
                    published = Some(Field::new(u, "url"));
                }
            }
        }
    }
    PageDates {
        published,
        modified,
        notes: f.notes,
    }
}

/// The day in the page's URLs: canonical, `og:url`, the fetched URL.
fn url_day(scan: &Scan, ctx: &Context) -> Option<Published> {
    let og_url = scan
        .metas
        .iter()
        .find(|m| m.key == "og:url")
        .map(|m| m.content.as_str());
    [ctx.canonical, og_url, ctx.info.url]
        .into_iter()
        .flatten()
        .find_map(when::in_url)
        .filter(|p| super::plausible(p, ctx.info.crawled, ctx.now))
}

fn published(scan: &Scan, ld: &JsonLd, f: &mut Finder) -> Option<Field<Published>> {
    // 1. JSON-LD article.
    for node in ld
        .nodes
        .iter()
        .filter(|n| n.kind == Kind::Article || n.kind == Kind::Unknown)
    {
        for (raw, what) in [
            (&node.published, "JSON-LD datePublished"),
            (&node.created, "JSON-LD dateCreated"),
        ] {
            if let Some(p) = raw.as_deref().and_then(|r| f.structured(r, what)) {
                return Some(Field::new(p, "json-ld"));
            }
        }
    }
    // 2. OpenGraph.
    for m in scan.metas.iter().filter(|m| m.kind == MetaKind::Property) {
        if OG_PUBLISHED.contains(&m.key.as_str()) {
            let what = format!("meta property {}", m.key);
            if let Some(p) = f.structured(&m.content, &what) {
                return Some(Field::new(p, "opengraph"));
            }
        }
    }
    // 3. Microdata.
    for m in scan.metas.iter().filter(|m| m.kind == MetaKind::Itemprop) {
        if matches!(m.key.as_str(), "datepublished" | "datecreated") && m.region & FOREIGN == 0 {
            let what = format!("itemprop {}", m.key);
            if let Some(p) = f.structured(&m.content, &what) {
                return Some(Field::new(p, "itemprop"));
            }
        }
    }
    // 4. Named metas.
    for m in &scan.metas {
        if matches!(m.kind, MetaKind::Name | MetaKind::Property) {
            if let Some((_, source)) = META_PUBLISHED.iter().find(|(k, _)| *k == m.key) {
                let what = format!("meta {}", m.key);
                if let Some(p) = f.structured(&m.content, &what) {
                    return Some(Field::new(p, source));
                }
            }
        }
    }
    // 5. JSON-LD page or other node.
    for node in ld
        .nodes
        .iter()
        .filter(|n| matches!(n.kind, Kind::Page | Kind::Other))
    {
        for (raw, what) in [
            (&node.published, "JSON-LD datePublished"),
            (&node.created, "JSON-LD dateCreated"),
            (&node.uploaded, "JSON-LD uploadDate"),
        ] {
            if let Some(p) = raw.as_deref().and_then(|r| f.structured(r, what)) {
                return Some(Field::new(p, "json-ld"));
            }
        }
    }
    // 6. The URL.
    if let Some(p) = url_day(scan, f.ctx) {
        return Some(Field::new(p, "url"));
    }
    // 7. <time>.
    let is_update = |hints: &str| UPDATE_HINTS.iter().any(|u| hints.contains(u));
    let time_value = |f: &Finder, t: &super::scan::TimeEl| -> Option<Published> {
        let from_attr = t
            .datetime
            .as_deref()
            .and_then(|d| when::parse_value(d, f.ctx.order))
            .and_then(|p| f.quiet(p));
        from_attr.or_else(|| when::first(&t.text, f.ctx.order).and_then(|x| f.quiet(x.value)))
    };
    let marked = |t: &super::scan::TimeEl| {
        t.pubdate
            || [
                "published",
                "entry-date",
                "post-date",
                "pubdate",
                "datepublished",
                "publish",
            ]
            .iter()
            .any(|h| t.hints.contains(h))
    };
    for t in scan
        .times
        .iter()
        .filter(|t| marked(t) && !is_update(&t.hints))
    {
        if let Some(p) = time_value(f, t) {
            return Some(Field::new(p, "time"));
        }
    }
    for t in scan
        .times
        .iter()
        .filter(|t| t.region & FOREIGN == 0 && !is_update(&t.hints))
    {
        if let Some(p) = time_value(f, t) {
            return Some(Field::new(p, "time"));
        }
    }
    // 8. Elements hinting at a date.
    for h in scan
        .hinted
        .iter()
        .filter(|h| h.region & FOREIGN == 0 && !is_update(&h.hints))
    {
        let from_attr = h
            .attr
            .as_deref()
            .and_then(|a| when::parse_value(a, f.ctx.order))
            .and_then(|p| f.quiet(p));
        let from_text = || {
            when::find_all(&h.text, f.ctx.order)
                .into_iter()
                .find(|d| !said_updated(&h.text, d.start))
                .and_then(|d| f.quiet(d.value))
        };
        if let Some(p) = from_attr.or_else(from_text) {
            return Some(Field::new(p, "element"));
        }
    }
    // 9. Text after the headline.
    for s in scan
        .texts
        .iter()
        .filter(|s| s.region & FOREIGN == 0 && s.region & region::AFTER_H1 != 0)
    {
        let found = when::find_all(&s.text, f.ctx.order)
            .into_iter()
            .filter(|d| !said_updated(&s.text, d.start))
            .find_map(|d| f.quiet(d.value));
        if let Some(p) = found {
            return Some(Field::new(p, "text"));
        }
    }
    None
}

/// Do the words just before byte `at` of `text` say the date there is an
/// update?
fn said_updated(text: &str, at: usize) -> bool {
    let mut from = at.saturating_sub(40);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let before = text.get(from..at).unwrap_or_default().to_lowercase();
    // Only the words since the previous date or sentence.
    let before = before.rsplit(['|', '·', '•']).next().unwrap_or_default();
    UPDATE_WORDS.iter().any(|w| before.contains(w))
}

fn modified(scan: &Scan, ld: &JsonLd, f: &mut Finder) -> Option<Field<Published>> {
    if let Some(node) = ld.main() {
        if let Some(p) = node
            .modified
            .as_deref()
            .and_then(|r| f.structured(r, "JSON-LD dateModified"))
        {
            return Some(Field::new(p, "json-ld"));
        }
    }
    for (key, source) in META_MODIFIED {
        for m in scan.metas.iter().filter(|m| m.key == *key) {
            if m.kind == MetaKind::Itemprop && m.region & FOREIGN != 0 {
                continue;
            }
            let what = format!("meta {key}");
            if let Some(p) = f.structured(&m.content, &what) {
                return Some(Field::new(p, source));
            }
        }
    }
    for m in scan
        .metas
        .iter()
        .filter(|m| m.kind == MetaKind::HttpEquiv && m.key == "last-modified")
    {
        if let Some(p) = f.structured(&m.content, "meta http-equiv last-modified") {
            return Some(Field::new(p, "meta:last-modified"));
        }
    }
    scan.times
        .iter()
        .filter(|t| t.region & FOREIGN == 0 && UPDATE_HINTS.iter().any(|u| t.hints.contains(u)))
        .find_map(|t| {
            let p = t
                .datetime
                .as_deref()
                .and_then(|d| when::parse_value(d, f.ctx.order))?;
            f.quiet(p)
        })
        .map(|p| Field::new(p, "time"))
}
