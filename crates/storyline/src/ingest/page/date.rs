//! When was a page published? Candidates from structured data, meta tags,
//! the URL, `<time>` elements and the visible text, in a fixed order; the
//! first plausible one is the publication date unless more kinds of places
//! agree on another day.
//!
//! The order of the candidates:
//!
//! 1. **`json-ld`**: an article node's `datePublished`, else its
//!    `dateCreated` (an `Article`, `NewsArticle`, `BlogPosting`, ... at the
//!    top level, in an array, in `@graph` or under `mainEntity`);
//! 2. **`opengraph`**: `article:published_time`, `og:published_time` and
//!    their kin (`property=`);
//! 3. **`itemprop`**: `datePublished`/`dateCreated` microdata outside
//!    comments, navigation, sidebars and related-article lists;
//! 4. **`meta:<name>`**: the common names for a publication date
//!    (`pubdate`, `publishdate`, `date`, `dc.date`, `dcterms.created`,
//!    `sailthru.date`, `parsely-pub-date`, ...; see [`META_PUBLISHED`]),
//!    also as RDFa `property` on any element;
//! 5. **`json-ld`** again: a `WebPage` (or other) node's `datePublished`,
//!    `dateCreated` or `uploadDate`;
//! 6. **`url`**: a whole day in the canonical URL's path (`/2019/11/19/`,
//!    `/20191119/`, `/2019-11-19-`), else in `og:url`, else in the URL the
//!    page was fetched from;
//! 7. **`time`**: a `<time>` marked as the publication (`pubdate`, a class
//!    such as `published` or `entry-date`), then the first other `<time>`s;
//! 8. **`element`**: the first elements whose class, id or itemprop says
//!    date, time, publish(ed), posted, byline, meta, ... (`abbr.published`
//!    and `data-*` date attributes included);
//! 9. **`text`**: a date written near the headline: the nearest one after
//!    the first `<h1>` or in the two text runs just before it (a dateline,
//!    "Veröffentlicht am 19.11.2019").
//!
//! Steps 7–9 look outside comments, navigation, sidebars and related lists,
//! and skip dates marked as updates (a class `updated`, "Aktualisiert am",
//! "mis à jour", "Stand:"); only when no step finds anything are those
//! regions searched. Then, as last resorts: a date in the `<title>` or
//! `<h1>` (`title-tag`, `h1`), a day in the `og:image` URL (`og:image`),
//! and finally the one date the page marks as an update, with a note.
//!
//! **Agreement.** The kinds of places above (JSON-LD, OpenGraph, microdata,
//! meta names, URL, `<time>`, elements, text) vouch independently. When
//! more of them (at least two) name one other day than the first
//! candidate's, that day wins and a note says so; the value taken is the
//! first candidate on that day (keeping its time and zone). A day within a
//! day of the crawl time never outvotes (a "today" widget).
//!
//! **Zones.** Machine dates keep the zone they were written in
//! ([`Published::offset`]); a bare day is `date_only`. A time written in
//! UTC or without a zone that falls on another day than the page's own
//! (the URL's day, else the first visible date) keeps its instant, and its
//! zone is taken as the whole-hour offset nearest UTC (within ten hours)
//! that puts it on the page's day, with a note saying it was inferred.
//!
//! **Original, not updated.** The modification date comes from the same
//! kinds of places (`dateModified`, `article:modified_time`,
//! `og:updated_time`, `last-modified`, ...). Structured modification dates
//! are never taken as the publication date: a page whose markup says only
//! when it was updated has no publication date from its markup.
//!
//! **Plausibility.** Every value is checked by [`super::plausible`]:
//! placeholders (year 1, the Unix epoch), dates before 1990 and dates
//! after the crawl (or more than a day after now) are rejected; a rejected
//! or unreadable structured value gets a note naming the value and where
//! it came from ("JSON-LD datePublished 0001-01-01T00:00:00Z is a
//! placeholder, ignored"). The crawl time is never a publication time.

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
    ("schema:datepublished", "meta:schema:datepublished"),
    ("schema:datecreated", "meta:schema:datecreated"),
    ("dcterms:created", "meta:dcterms:created"),
    ("dcterms:issued", "meta:dcterms:issued"),
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
    "letzte änderung",
    "ultima modifica",
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

/// A publication date found somewhere, before the choice.
#[derive(Debug, Clone, Copy)]
struct Cand {
    value: Published,
    source: &'static str,
    /// The kind of place, for counting independent agreement.
    family: Family,
}

/// Kinds of places that vouch for a day independently of each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    JsonLd,
    OpenGraph,
    Itemprop,
    Meta,
    Url,
    Time,
    Element,
    Text,
}

/// The day a value names, in the zone it was written in.
fn local_day(p: &Published) -> jiff::civil::Date {
    let offset = p.offset.unwrap_or(jiff::tz::Offset::UTC);
    offset.to_datetime(p.at).date()
}

/// Find the publication and modification dates of a scanned page.
pub fn find(scan: &Scan, ld: &JsonLd, ctx: &Context) -> PageDates {
    let mut f = Finder {
        ctx,
        notes: Vec::new(),
    };
    let published = published(scan, ld, &mut f);
    let modified = modified(scan, ld, &mut f);
    // A modification before the publication is not one.
    let modified = modified.filter(|m| published.as_ref().is_none_or(|p| m.value.at >= p.value.at));
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

/// Structured candidates (steps 1–5), best first.
fn structured(scan: &Scan, ld: &JsonLd, f: &mut Finder) -> Vec<Cand> {
    let mut out = Vec::new();
    let push = |out: &mut Vec<Cand>, value, source, family| {
        out.push(Cand {
            value,
            source,
            family,
        })
    };
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
                push(&mut out, p, "json-ld", Family::JsonLd);
                break;
            }
        }
    }
    // 2. OpenGraph.
    for m in scan.metas.iter().filter(|m| m.kind == MetaKind::Property) {
        if OG_PUBLISHED.contains(&m.key.as_str()) {
            let what = format!("meta property {}", m.key);
            if let Some(p) = f.structured(&m.content, &what) {
                push(&mut out, p, "opengraph", Family::OpenGraph);
            }
        }
    }
    // 3. Microdata.
    for m in scan.metas.iter().filter(|m| m.kind == MetaKind::Itemprop) {
        if matches!(m.key.as_str(), "datepublished" | "datecreated") && m.region & FOREIGN == 0 {
            let what = format!("itemprop {}", m.key);
            if let Some(p) = f.structured(&m.content, &what) {
                push(&mut out, p, "itemprop", Family::Itemprop);
            }
        }
    }
    // 4. Named metas (and RDFa properties of the same names).
    for m in &scan.metas {
        if matches!(m.kind, MetaKind::Name | MetaKind::Property) && m.region & FOREIGN == 0 {
            if let Some((_, source)) = META_PUBLISHED.iter().find(|(k, _)| *k == m.key) {
                let what = format!("meta {}", m.key);
                if let Some(p) = f.structured(&m.content, &what) {
                    push(&mut out, p, source, Family::Meta);
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
                push(&mut out, p, "json-ld", Family::JsonLd);
                break;
            }
        }
    }
    out
}

/// Is this class/id text that of an update time?
fn is_update(hints: &str) -> bool {
    UPDATE_HINTS.iter().any(|u| hints.contains(u))
        && !["published", "entry-date", "datepublished"]
            .iter()
            .any(|p| hints.contains(p))
}

/// Visible candidates (steps 7–9), best first; `updates` collects the
/// dates marked as updates, the last resort. `foreign`: look only in
/// comments, navigation, sidebars and related lists (used when nothing
/// else dates the page), else only outside them.
fn visible(scan: &Scan, f: &Finder, updates: &mut Vec<Cand>, foreign: bool) -> Vec<Cand> {
    let mut out = Vec::new();
    let here = |r: u16| (r & FOREIGN != 0) == foreign;
    let order = f.ctx.order;
    let time_value = |t: &super::scan::TimeEl| -> Option<Published> {
        let from_attr = t
            .datetime
            .as_deref()
            .and_then(|d| when::parse_value(d, order))
            .and_then(|p| f.quiet(p));
        from_attr.or_else(|| when::first(&t.text, order).and_then(|x| f.quiet(x.value)))
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
    // 7. <time>: marked ones first, then the first others.
    let mut times = 0;
    for t in scan
        .times
        .iter()
        .filter(|t| !foreign && marked(t) && !is_update(&t.hints))
    {
        if let Some(p) = time_value(t) {
            out.push(Cand {
                value: p,
                source: "time",
                family: Family::Time,
            });
            times += 1;
            break;
        }
    }
    for t in scan.times.iter().filter(|t| here(t.region)) {
        if times >= 2 {
            break;
        }
        if let Some(p) = time_value(t) {
            let c = Cand {
                value: p,
                source: "time",
                family: Family::Time,
            };
            if is_update(&t.hints) {
                updates.push(c);
            } else if !marked(t) {
                out.push(c);
                times += 1;
            }
        }
    }
    // 8. Elements hinting at a date.
    let mut elements = 0;
    for h in scan.hinted.iter().filter(|h| here(h.region)) {
        if elements >= 2 {
            break;
        }
        let from_attr = h
            .attr
            .as_deref()
            .and_then(|a| when::parse_value(a, order))
            .and_then(|p| f.quiet(p));
        let mut update = is_update(&h.hints);
        let value = from_attr.or_else(|| {
            let all = when::find_all(&h.text, order);
            let first = all
                .iter()
                .find(|d| !said_updated(&h.text, d.start) && f.quiet(d.value).is_some());
            match first {
                Some(d) => Some(d.value),
                None => {
                    update = true;
                    all.iter().find_map(|d| f.quiet(d.value))
                }
            }
        });
        if let Some(p) = value {
            let c = Cand {
                value: p,
                source: "element",
                family: Family::Element,
            };
            if update {
                updates.push(c);
            } else {
                out.push(c);
                elements += 1;
            }
        }
    }
    // 9. Text around the headline: the nearest date after it, else just
    // before it (a dateline above the <h1>).
    let texts: Vec<&super::scan::Segment> = scan.texts.iter().filter(|s| here(s.region)).collect();
    let split = texts
        .iter()
        .position(|s| s.region & region::AFTER_H1 != 0)
        .unwrap_or(0);
    let date_in = |s: &super::scan::Segment, updates: &mut Vec<Cand>| -> Option<Published> {
        let all = when::find_all(&s.text, order);
        for d in &all {
            if let Some(p) = f.quiet(d.value) {
                if said_updated(&s.text, d.start) {
                    updates.push(Cand {
                        value: p,
                        source: "text",
                        family: Family::Text,
                    });
                } else {
                    return Some(p);
                }
            }
        }
        None
    };
    let after = texts[split..].iter().take(12);
    let before = texts[..split].iter().rev().take(2);
    let mut found = None;
    for (i, s) in after.enumerate() {
        if let Some(p) = date_in(s, updates) {
            found = Some((i, p));
            break;
        }
    }
    let near_before = before
        .enumerate()
        .find_map(|(i, s)| date_in(s, updates).map(|p| (i, p)));
    let text = match (found, near_before) {
        (Some((ia, a)), Some((ib, b))) => Some(if ib < ia { b } else { a }),
        (Some((_, a)), None) => Some(a),
        (None, Some((_, b))) => Some(b),
        (None, None) => None,
    };
    if let Some(p) = text {
        out.push(Cand {
            value: p,
            source: "text",
            family: Family::Text,
        });
    }
    out
}

/// How many independent kinds of places name `day`.
fn support(cands: &[Cand], day: jiff::civil::Date) -> usize {
    let mut families: Vec<Family> = cands
        .iter()
        .filter(|c| local_day(&c.value) == day)
        .map(|c| c.family)
        .collect();
    families.dedup();
    let mut unique: Vec<Family> = Vec::new();
    for fam in families {
        if !unique.contains(&fam) {
            unique.push(fam);
        }
    }
    unique.len()
}

fn published(scan: &Scan, ld: &JsonLd, f: &mut Finder) -> Option<Field<Published>> {
    let structured = structured(scan, ld, f);
    let url = url_day(scan, f.ctx);
    let mut updates = Vec::new();
    let mut visible = visible(scan, f, &mut updates, false);
    if structured.is_empty() && url.is_none() && visible.is_empty() {
        visible = self::visible(scan, f, &mut updates, true);
    }
    let mut all: Vec<Cand> = structured.clone();
    if let Some(u) = url {
        all.push(Cand {
            value: u,
            source: "url",
            family: Family::Url,
        });
    }
    all.extend(visible.iter().copied());
    let Some(first) = all.first().copied() else {
        return last_resort(scan, f, &updates);
    };
    // The first candidate, unless more kinds of places agree on another day.
    let mut chosen = first;
    let first_support = support(&all, local_day(&first.value));
    let mut best_support = first_support;
    for c in &all {
        // The day the page was fetched cannot outvote: it is today's date
        // in a widget, not the article's.
        if let Some(crawled) = f.ctx.info.crawled {
            if (c.value.at.as_second() - crawled.as_second()).abs() < 86_400 {
                continue;
            }
        }
        let s = support(&all, local_day(&c.value));
        if s > best_support && s >= 2 {
            best_support = s;
            chosen = *c;
        }
    }
    if local_day(&chosen.value) != local_day(&first.value) {
        f.notes.push(format!(
            "{} {} is outvoted: {} places name {}",
            first.source,
            first.value,
            best_support,
            local_day(&chosen.value)
        ));
    }
    // A machine time without a zone (or in UTC) that the page itself dates
    // a day apart (URL, visible date): the zone is the page's, inferred.
    if chosen.value.offset.is_none_or(|o| o.seconds() == 0) && !chosen.value.date_only {
        let page_day = url
            .map(|u| local_day(&u))
            .or_else(|| visible.first().map(|v| local_day(&v.value)));
        if let Some(day) = page_day.filter(|d| *d != local_day(&chosen.value)) {
            if let Some(offset) = offset_onto(chosen.value.at, day) {
                f.notes.push(format!(
                    "{} {} falls on {} on the page; its zone taken as {} (inferred)",
                    chosen.source, chosen.value, day, offset
                ));
                chosen.value.offset = Some(offset);
            }
        }
    }
    Some(Field::new(chosen.value, chosen.source))
}

/// When nothing else dates the page: a date in the `<title>` or `<h1>`, a
/// day in the `og:image` URL, else the one date the page shows as an update
/// ("Stand: 12.11.2021"), with a note.
fn last_resort(scan: &Scan, f: &mut Finder, updates: &[Cand]) -> Option<Field<Published>> {
    let order = f.ctx.order;
    for (text, source) in scan
        .title
        .iter()
        .map(|t| (t, "title-tag"))
        .chain(scan.h1.iter().map(|h| (h, "h1")))
    {
        if let Some(p) = when::first(text, order).and_then(|d| f.quiet(d.value)) {
            return Some(Field::new(p, source));
        }
    }
    let image = scan
        .metas
        .iter()
        .filter(|m| m.key == "og:image")
        .find_map(|m| when::in_url(&m.content))
        .and_then(|p| f.quiet(p));
    if let Some(p) = image {
        return Some(Field::new(p, "og:image"));
    }
    let u = updates.first()?;
    f.notes.push(format!(
        "only an update date was found ({}, {}), taken as the publication date",
        u.value, u.source
    ));
    Some(Field::new(u.value, u.source))
}

/// The whole-hour offset nearest UTC that puts `at` on `day`, if one
/// within ten hours of UTC can.
fn offset_onto(at: Timestamp, day: jiff::civil::Date) -> Option<jiff::tz::Offset> {
    let mut hours: Vec<i8> = (-10..=10).collect();
    hours.sort_by_key(|h| h.unsigned_abs());
    hours.into_iter().find_map(|h| {
        let o = jiff::tz::Offset::constant(h);
        (o.to_datetime(at).date() == day).then_some(o)
    })
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

#[cfg(test)]
mod tests {
    use super::super::{jsonld, meta, scan};
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap_or(Timestamp::UNIX_EPOCH)
    }

    /// The dates of a page, fetched from `url` (if any) at `crawled` (if any).
    fn dates_at(html: &str, url: Option<&str>, crawled: Option<&str>) -> PageDates {
        let doc = dom_query::Document::from(html);
        let info = PageInfo {
            url,
            crawled: crawled.map(ts),
            charset: None,
        };
        let s = scan::scan(&doc);
        let ld = jsonld::read(&s.json_ld);
        let canonical = s.canonical.as_deref().and_then(|c| meta::resolve(c, url));
        let ctx = Context {
            canonical: canonical.as_deref(),
            info: &info,
            order: Order::DayFirst,
            now: ts("2024-06-01T00:00:00Z"),
        };
        find(&s, &ld, &ctx)
    }

    fn dates(html: &str) -> PageDates {
        dates_at(html, None, None)
    }

    /// Published value as shown and its source.
    fn shown(d: &PageDates) -> (String, &'static str) {
        d.published
            .as_ref()
            .map_or(("-".into(), ""), |f| (f.value.to_string(), f.source))
    }

    const LD: &str = r#"<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"H","datePublished":"2019-11-19T10:48:00-05:00","dateModified":"2019-11-20T08:00:00-05:00"}</script>"#;
    const OG: &str =
        r#"<meta property="article:published_time" content="2019-11-19T16:48:00+01:00">"#;

    #[test]
    fn each_structured_source() {
        let d = dates(LD);
        assert_eq!(shown(&d), ("2019-11-19T10:48:00-05:00".into(), "json-ld"));
        assert_eq!(
            d.modified.as_ref().map(|m| (m.value.to_string(), m.source)),
            Some(("2019-11-20T08:00:00-05:00".into(), "json-ld"))
        );
        assert_eq!(
            shown(&dates(OG)),
            ("2019-11-19T16:48:00+01:00".into(), "opengraph")
        );
        let micro = r#"<div itemscope itemtype="https://schema.org/Article"><meta itemprop="datePublished" content="2019-11-19"></div>"#;
        let d = dates(micro);
        assert_eq!(shown(&d), ("2019-11-19".into(), "itemprop"));
        assert!(d.published.is_some_and(|p| p.value.date_only));
        let named = r#"<meta name="sailthru.date" content="2019-11-19 10:48:00">"#;
        assert_eq!(
            shown(&dates(named)),
            ("2019-11-19T10:48:00Z".into(), "meta:sailthru.date")
        );
        let rdfa = r#"<p class="submitted"><span property="dc:date dc:created" content="2019-11-19T10:48:00+02:00"></span></p>"#;
        assert_eq!(
            shown(&dates(rdfa)),
            ("2019-11-19T10:48:00+02:00".into(), "meta:dc:date")
        );
    }

    #[test]
    fn the_order_between_sources() {
        // JSON-LD before OpenGraph before a named meta, when they disagree
        // by more than a few days (a later day never outvotes).
        let html = format!(
            r#"{LD}{OG}<meta name="date" content="2020-03-01"><link rel="canonical" href="https://ex.com/2021/01/01/a">"#
        );
        assert_eq!(shown(&dates(&html)).1, "json-ld");
        let html = format!(r#"{OG}<meta name="date" content="2020-03-01">"#);
        assert_eq!(shown(&dates(&html)).1, "opengraph");
        // Then the URL, then <time>, then elements, then the text.
        let page = r#"<link rel="canonical" href="https://ex.com/news/2019/11/19/slug/"><time datetime="2018-01-01">x</time>"#;
        assert_eq!(shown(&dates(page)), ("2019-11-19".into(), "url"));
        let page = r#"<h1>T</h1><time class="entry-date published" datetime="2019-11-19T10:48:00+01:00">19.11.2019</time><span class="date">01.01.2018</span>"#;
        assert_eq!(
            shown(&dates(page)),
            ("2019-11-19T10:48:00+01:00".into(), "time")
        );
        let page = r#"<h1>T</h1><div class="post-meta">Von Anna Muster | 19.11.2019</div><p>Am 3.1.2018 begann es.</p>"#;
        assert_eq!(shown(&dates(page)), ("2019-11-19".into(), "element"));
        // The fetched URL counts when the page names no canonical one.
        let d = dates_at("<p>x</p>", Some("https://ex.com/2019/11/19/a"), None);
        assert_eq!(shown(&d), ("2019-11-19".into(), "url"));
    }

    #[test]
    fn datelines_in_german_and_french() {
        let de = "<h1>Titel</h1><p>Berlin, 19. November 2019, 10:48 Uhr – Die Regierung hat am 3. März 2018 ...</p>";
        assert_eq!(shown(&dates(de)), ("2019-11-19T10:48:00Z".into(), "text"));
        let fr =
            "<h1>Titre</h1><p>Publié le 3 décembre 2019 à 10h48</p><p>Le 1er janvier 2018, ...</p>";
        assert_eq!(shown(&dates(fr)), ("2019-12-03T10:48:00Z".into(), "text"));
        // An update is not the publication.
        let upd =
            "<h1>Titel</h1><p>Aktualisiert am 21.11.2019</p><p>Veröffentlicht am 19.11.2019</p>";
        assert_eq!(shown(&dates(upd)), ("2019-11-19".into(), "text"));
        // Comment dates are not the article's.
        let comments = r#"<h1>T</h1><article><div class="date">19.11.2019</div></article><div class="comments"><span class="date">01.12.2019</span></div>"#;
        assert_eq!(shown(&dates(comments)).0, "2019-11-19");
    }

    #[test]
    fn placeholders_and_future_dates_are_rejected_with_a_note() {
        let html = format!(
            r#"<script type="application/ld+json">{{"@type":"Article","datePublished":"0001-01-01T00:00:00Z"}}</script>{OG}"#
        );
        let d = dates(&html);
        assert_eq!(shown(&d).1, "opengraph");
        assert!(
            d.notes.iter().any(
                |n| n == "JSON-LD datePublished 0001-01-01T00:00:00Z is a placeholder, ignored"
            ),
            "{:?}",
            d.notes
        );
        let epoch =
            dates(r#"<meta property="article:published_time" content="1970-01-01T00:00:00Z">"#);
        assert_eq!(shown(&epoch).0, "-");
        assert!(epoch
            .notes
            .iter()
            .any(|n| n.contains("1970-01-01T00:00:00Z is a placeholder")));
        let future = dates_at(OG, None, Some("2019-11-01T00:00:00Z"));
        assert_eq!(shown(&future).0, "-");
        assert!(
            future
                .notes
                .iter()
                .any(|n| n.contains("after the page was fetched")),
            "{:?}",
            future.notes
        );
        let garbage = dates(r#"<meta property="article:published_time" content="heute">"#);
        assert!(garbage
            .notes
            .iter()
            .any(|n| n.contains("\"heute\" is not a date")));
    }

    #[test]
    fn a_modification_is_never_the_publication() {
        let only_modified = r#"<script type="application/ld+json">{"@type":"Article","dateModified":"2019-11-20"}</script><meta property="og:updated_time" content="2019-11-20T10:00:00Z">"#;
        let d = dates(only_modified);
        assert_eq!(d.published, None);
        assert_eq!(d.modified.as_ref().map(|m| m.source), Some("json-ld"));
        // No date anywhere: none, and the crawl time is never one.
        let none = dates_at(
            "<h1>T</h1><p>No date here.</p>",
            None,
            Some("2019-11-20T00:00:00Z"),
        );
        assert_eq!(none.published, None);
    }

    #[test]
    fn agreement_and_zones() {
        // Three kinds of places name the 21st, one the 18th: the 21st.
        let html = r#"<script type="application/ld+json">{"@type":"Article","datePublished":"2019-11-18"}</script>
<meta property="article:published_time" content="2019-11-21T09:00:00+01:00"><meta name="date" content="2019-11-21">
<h1>T</h1><time datetime="2019-11-21">21.11.2019</time>"#;
        let d = dates(html);
        assert_eq!(shown(&d), ("2019-11-21T09:00:00+01:00".into(), "opengraph"));
        assert!(
            d.notes.iter().any(|n| n.contains("outvoted")),
            "{:?}",
            d.notes
        );
        // A UTC time on the day after the URL's: the page's zone is inferred,
        // the instant kept.
        let utc = r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2023-11-09T03:28:00Z"}</script><link rel="canonical" href="https://ex.com/2023/11/08/news/a/">"#;
        let d = dates(utc);
        let p = d.published.as_ref().map(|f| f.value);
        assert_eq!(p.map(|p| p.at), Some(ts("2023-11-09T03:28:00Z")));
        assert_eq!(shown(&d).0, "2023-11-08T23:28:00-04:00");
        assert!(d.notes.iter().any(|n| n.contains("(inferred)")));
    }

    #[test]
    fn the_crawl_day_never_outvotes_and_last_resorts() {
        // Today's date in three widgets, fetched today: the article's day stays.
        let html = r#"<meta property="article:published_time" content="2019-11-01T09:00:00+01:00">
<h1>T</h1><time datetime="2019-11-20">20.11.2019</time><span class="date">20.11.2019</span><p>Heute, 20.11.2019</p>"#;
        let d = dates_at(html, None, Some("2019-11-20T12:00:00Z"));
        assert_eq!(shown(&d).0, "2019-11-01T09:00:00+01:00");
        // A date in the title when nothing else has one.
        let d = dates("<title>Bericht vom 22.04.2020 | Blog</title><h1>Bericht</h1><p>Text.</p>");
        assert_eq!(shown(&d), ("2020-04-22".into(), "title-tag"));
        // The only date is an update: taken, with a note.
        let d = dates(
            r#"<h1>Italien</h1><span class="heading__meta">Aktualisiert am 12.11.2021</span>"#,
        );
        assert_eq!(shown(&d).0, "2021-11-12");
        assert!(
            d.notes.iter().any(|n| n.contains("only an update date")),
            "{:?}",
            d.notes
        );
    }

    #[test]
    fn malformed_json_ld_is_not_fatal() {
        let html = r#"<script type="application/ld+json">{"@type":"Article", "datePublished": "2019-11-19",,}</script>"#;
        let d = dates(html);
        assert_eq!(shown(&d).0, "2019-11-19");
        let html = r#"<script type="application/ld+json">{{{</script><script type="application/ld+json"></script>"#;
        assert_eq!(dates(html).published, None);
    }
}
