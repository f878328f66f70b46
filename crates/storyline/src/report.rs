//! Report: render a [`Digest`] as Markdown, JSON or one self-contained HTML page.
//!
//! The JSON shape is a documented, versioned contract (`docs/json-schema.md`,
//! field `schema`): the types in this module are the only ones that derive
//! `Serialize`; a story's parts also derive `Deserialize`, because the story
//! database (`storyline-store`) stores them and its server reads them back.
//! Markdown and HTML are for people; every piece of article text in the HTML
//! page is escaped with [`html_escape`], the escaper the server uses too.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::clean::Reason;
use crate::copies::swaps;
use crate::model::Published;
use crate::pipeline::Digest;
use crate::text::word_count;

/// Version tag of the JSON report; bump on any incompatible change.
pub const SCHEMA: &str = "storyline.digest/1";
/// Version tag of the JSON Lines report ([`Format::JsonLines`]), whose lines
/// carry the JSON report's parts unchanged.
pub const LINES_SCHEMA: &str = "storyline.digest-lines/1";

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown for a terminal or a notes app.
    Markdown,
    /// Stable JSON (see `docs/json-schema.md`).
    Json,
    /// One self-contained HTML page.
    Html,
    /// The JSON report as JSON Lines: one object per line, each tagged with
    /// its `type` (a large report can be read one story at a time).
    JsonLines,
}

/// Render `digest` in `format`.
pub fn render(digest: &Digest, format: Format) -> crate::Result<String> {
    Ok(match format {
        Format::Markdown => markdown(digest),
        Format::Json => serde_json::to_string_pretty(&StreamedReport(digest))? + "\n",
        Format::Html => html(digest),
        Format::JsonLines => {
            let mut out = Vec::new();
            write_lines(digest, &mut out)?;
            String::from_utf8_lossy(&out).into_owned()
        }
    })
}

/// Write `digest` in `format` to `out`, the same bytes as [`render`]. JSON is
/// built and written one story, copy group or article at a time, so the
/// report of a large digest is never held in memory whole (for 100,000
/// articles the JSON is about a gigabyte).
pub fn write(digest: &Digest, format: Format, out: &mut dyn std::io::Write) -> crate::Result<()> {
    match format {
        Format::Json => {
            let mut ser = serde_json::Serializer::pretty(&mut *out);
            StreamedReport(digest).serialize(&mut ser)?;
            out.write_all(b"\n").map_err(serde_json::Error::io)?;
        }
        Format::JsonLines => write_lines(digest, out)?,
        Format::Markdown | Format::Html => out
            .write_all(render(digest, format)?.as_bytes())
            .map_err(serde_json::Error::io)?,
    }
    Ok(())
}

/// One line of the JSON Lines report: a part of the JSON report, tagged.
#[derive(Serialize)]
struct Line<'a, T: Serialize> {
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(flatten)]
    body: T,
}

/// The first line of the JSON Lines report.
#[derive(Serialize)]
struct LinesHeader<'a> {
    schema: &'a str,
    language: &'a str,
    stats: JsonStats,
}

/// The JSON report as JSON Lines ([`Format::JsonLines`]): a `report` line
/// (schema, language, stats), then one line per story, copy group, document
/// copy, article and diagnostic, in the JSON report's order, each built and
/// written alone.
fn write_lines(d: &Digest, out: &mut dyn std::io::Write) -> crate::Result<()> {
    fn line<T: Serialize>(out: &mut dyn std::io::Write, kind: &str, body: T) -> crate::Result<()> {
        serde_json::to_writer(&mut *out, &Line { kind, body })?;
        out.write_all(b"\n").map_err(serde_json::Error::io)?;
        Ok(())
    }
    let header = LinesHeader {
        schema: LINES_SCHEMA,
        language: d.language.code(),
        stats: json_stats(d),
    };
    line(out, "report", header)?;
    for s in &d.stories {
        line(out, "story", json_story(d, s))?;
    }
    for g in 0..d.copy_groups.len() {
        line(out, "copy_group", json_copy_group(d, g))?;
    }
    for c in json_document_copies(d) {
        line(out, "document_copy", c)?;
    }
    let story_of = story_of(d);
    for i in 0..d.articles.len() {
        line(out, "article", json_article(d, i, &story_of))?;
    }
    for x in json_diagnostics(d) {
        line(out, "diagnostic", x)?;
    }
    Ok(())
}

/// [`JsonReport`] serialised as it is built: the same fields in the same
/// order, each long list produced item by item.
struct StreamedReport<'a>(&'a Digest);

/// A sequence serialised from a fresh iterator, without collecting it.
struct Lazy<F>(F);

impl<F, I> Serialize for Lazy<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

impl Serialize for StreamedReport<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let d = self.0;
        let story_of = story_of(d);
        let mut r = s.serialize_struct("JsonReport", 8)?;
        r.serialize_field("schema", SCHEMA)?;
        r.serialize_field("language", d.language.code())?;
        r.serialize_field("stats", &json_stats(d))?;
        r.serialize_field(
            "stories",
            &Lazy(|| d.stories.iter().map(|s| json_story(d, s))),
        )?;
        r.serialize_field(
            "copy_groups",
            &Lazy(|| (0..d.copy_groups.len()).map(|g| json_copy_group(d, g))),
        )?;
        r.serialize_field("document_copies", &json_document_copies(d))?;
        r.serialize_field(
            "articles",
            &Lazy(|| (0..d.articles.len()).map(|i| json_article(d, i, &story_of))),
        )?;
        r.serialize_field("diagnostics", &json_diagnostics(d))?;
        r.end()
    }
}

// ---------------------------------------------------------------- JSON schema

/// The JSON report (schema `storyline.digest/1`).
#[derive(Debug, Serialize)]
pub struct JsonReport {
    /// Schema tag, [`SCHEMA`].
    pub schema: &'static str,
    /// ISO 639-1 code of the language the text was normalised as.
    pub language: &'static str,
    /// Counts.
    pub stats: JsonStats,
    /// Stories, largest first.
    pub stories: Vec<JsonStory>,
    /// Copy groups, by first publication.
    pub copy_groups: Vec<JsonCopyGroup>,
    /// Article-level copying.
    pub document_copies: Vec<JsonDocCopy>,
    /// Every article read, in input order, with kept and removed spans.
    pub articles: Vec<JsonArticle>,
    /// Problems with the input.
    pub diagnostics: Vec<JsonDiagnostic>,
}

/// Counts over the whole digest.
#[derive(Debug, Serialize)]
pub struct JsonStats {
    /// Articles read.
    pub articles: usize,
    /// Sentences kept after cleaning.
    pub sentences: usize,
    /// Stories found.
    pub stories: usize,
    /// Copy groups found.
    pub copy_groups: usize,
    /// Lines removed by cleaning.
    pub removed_lines: usize,
    /// Input problems reported.
    pub diagnostics: usize,
    /// Pieces of input skipped (error diagnostics: a file, a line, a record).
    pub skipped: usize,
    /// Articles that are only a teaser (a feed item without its full text).
    pub teasers: usize,
}

/// A story.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonStory {
    /// Story id ("s1", ...).
    pub id: String,
    /// Headline of the story's first article.
    pub title: String,
    /// Article ids, in publication order.
    pub articles: Vec<String>,
    /// Distinct outlets (or article ids where the outlet is unknown).
    pub sources: Vec<String>,
    /// Id of the first published article.
    pub first_article: String,
    /// Earliest publication time (RFC 3339), if known.
    pub first_published: Option<String>,
    /// Latest publication time (RFC 3339), if known.
    pub last_published: Option<String>,
    /// The summary.
    pub summary: Vec<JsonSummarySentence>,
    /// Words in the summary.
    pub summary_words: usize,
    /// Ids of copy groups carried by the story's articles.
    pub copy_groups: Vec<String>,
    /// People, organisations and places, most widely mentioned first.
    pub entities: Vec<JsonEntity>,
    /// Quotes and reported speech with their speakers, merged across copies.
    pub quotes: Vec<JsonQuote>,
    /// Dated events, earliest first.
    pub timeline: Vec<JsonEvent>,
    /// Relative time expressions ("on Monday") that could not be dated because
    /// their article has no publication date.
    pub undated_expressions: usize,
}

/// An entity of a story.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonEntity {
    /// Fullest name seen.
    pub name: String,
    /// "person", "organization", "place" or "other".
    pub kind: String,
    /// Titles and roles seen with it, most frequent first.
    pub titles: Vec<String>,
    /// Other spellings seen.
    pub aliases: Vec<String>,
    /// Number of mentions.
    pub mentions: usize,
    /// Articles that mention it.
    pub articles: Vec<String>,
}

/// A quote of a story.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonQuote {
    /// "direct" or "reported".
    pub kind: String,
    /// Who said it (resolved: "a senior US State Department official" for "the official").
    pub speaker: Option<String>,
    /// Outlet or agency relaying it ("TASS").
    pub carrier: Option<String>,
    /// The content (fragments joined with " … ").
    pub text: String,
    /// Article it is shown from; `start`/`end` locate its first fragment.
    pub article: String,
    /// Byte offset of the first fragment.
    pub start: usize,
    /// End byte offset of the first fragment.
    pub end: usize,
    /// Every article of the story carrying it or a copy of it.
    pub carried_by: Vec<String>,
}

/// A dated event.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonEvent {
    /// First day (YYYY-MM-DD).
    pub start: String,
    /// Last day (YYYY-MM-DD), equal to `start` for a single day.
    pub end: String,
    /// The time expression as written.
    pub expression: String,
    /// The sentence it dates.
    pub sentence: String,
    /// Article the sentence is shown from.
    pub article: String,
    /// Articles carrying the sentence or a copy of it.
    pub carried_by: Vec<String>,
}

/// One summary sentence with its citations.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonSummarySentence {
    /// The sentence as printed by its first carrier in the story.
    pub text: String,
    /// Article the text is taken from.
    pub article: String,
    /// Byte offset of the sentence in that article's `text`.
    pub start: usize,
    /// Byte offset of the end of the sentence (exclusive).
    pub end: usize,
    /// Every article in the story carrying the sentence or a copy of it.
    pub cites: Vec<String>,
    /// Outlets of `cites`.
    pub sources: Vec<String>,
    /// Copy group id, when the sentence was copied.
    pub copy_group: Option<String>,
}

/// A copy group.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonCopyGroup {
    /// Group id ("c1", ...).
    pub id: String,
    /// The first carrier's sentence.
    pub first: JsonSpan,
    /// The copies, in publication order, with swapped words.
    pub copies: Vec<JsonCopy>,
}

/// A sentence located in an article.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonSpan {
    /// Article id.
    pub article: String,
    /// Byte offset into the article's `text`.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// The sentence. Never empty in a report; the story database stores
    /// copy groups without it (the article text holds it) and fills it in
    /// when a story is read.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
}

/// A copy of a group's first sentence.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonCopy {
    /// Where the copy is.
    #[serde(flatten)]
    pub span: JsonSpan,
    /// Words replaced relative to the first carrier (empty for verbatim copies).
    pub swaps: Vec<JsonSwap>,
}

/// A replaced run of words.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonSwap {
    /// In the original.
    pub from: String,
    /// In the copy.
    pub to: String,
}

/// Article-level copying.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonDocCopy {
    /// The later article.
    pub copier: String,
    /// The earlier article.
    pub original: String,
    /// Sentences of `copier` found in `original`.
    pub shared_sentences: usize,
    /// Share of `copier`'s sentences.
    pub share: f64,
}

/// An article with what cleaning kept and removed.
#[derive(Debug, Serialize)]
pub struct JsonArticle {
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Outlet.
    pub source: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Publication time (RFC 3339).
    pub published: Option<String>,
    /// Input file.
    pub file: String,
    /// Line in the input file (JSONL).
    pub line: Option<usize>,
    /// Record of a web archive or item of a feed (1-based).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<usize>,
    /// Language the input declares for the article, as written there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// How the article was read and where each metadata field came from.
    pub provenance: JsonProvenance,
    /// Story id.
    pub story: Option<String>,
    /// Kept sentences, as byte spans into `text`.
    pub sentences: Vec<JsonRange>,
    /// Removed lines with their reason.
    pub removed: Vec<JsonRemoved>,
    /// The article body; all offsets index into it.
    pub text: String,
}

pub use crate::ingest::JsonProvenance;

/// A byte range.
#[derive(Debug, Serialize)]
pub struct JsonRange {
    /// Start byte offset.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
}

/// A removed line.
#[derive(Debug, Serialize)]
pub struct JsonRemoved {
    /// Start byte offset.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// Reason, one of the `clean::Reason` names.
    pub reason: &'static str,
    /// The removed text.
    pub text: String,
}

impl JsonRemoved {
    /// A line cleaning removed from `text` (the article text its span indexes).
    pub fn of(text: &str, r: &crate::clean::Removed) -> JsonRemoved {
        JsonRemoved {
            start: r.span.start,
            end: r.span.end,
            reason: r.reason.as_str(),
            text: text[r.span.clone()].to_string(),
        }
    }
}

/// An input problem.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    /// File.
    pub file: String,
    /// Line, when known.
    pub line: Option<usize>,
    /// Record of a web archive or item of a feed (1-based), when the problem is in one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<usize>,
    /// "warning" (input repaired) or "error" (input skipped).
    pub severity: &'static str,
    /// What happened.
    pub message: String,
}

fn quote_kind(k: crate::quotes::QuoteKind) -> &'static str {
    match k {
        crate::quotes::QuoteKind::Direct => "direct",
        crate::quotes::QuoteKind::Reported => "reported",
    }
}

/// Entities listed per story in Markdown and HTML (all are in the JSON).
const SHOWN_ENTITIES: usize = 10;
/// Quotes shown per story in Markdown and HTML.
const SHOWN_QUOTES: usize = 12;
/// Timeline events shown per story in Markdown and HTML.
const SHOWN_EVENTS: usize = 12;

/// Entities worth listing for a reader: named with a title, or mentioned more than once.
fn shown_entities(s: &crate::pipeline::Story) -> Vec<&crate::entities::Entity> {
    s.extract
        .entities
        .iter()
        .filter(|e| !e.titles.is_empty() || e.mentions > 1)
        .take(SHOWN_ENTITIES)
        .collect()
}

/// A day range for people: "Mon 2016-09-05" or "2016-12-01 to 2016-12-31".
fn day_range(r: &crate::dates::DateRange) -> String {
    if r.start == r.end {
        format!("{} {}", r.start.strftime("%a"), r.start)
    } else {
        format!("{} to {}", r.start, r.end)
    }
}

/// The quotes a reader sees first: direct quotes, then reported speech, each
/// in story order; at most [`SHOWN_QUOTES`].
fn shown_quotes(s: &crate::pipeline::Story) -> Vec<&crate::extract::StoryQuote> {
    let q = &s.extract.quotes;
    q.iter()
        .filter(|x| x.kind == crate::quotes::QuoteKind::Direct)
        .chain(
            q.iter()
                .filter(|x| x.kind != crate::quotes::QuoteKind::Direct),
        )
        .take(SHOWN_QUOTES)
        .collect()
}

/// Speaker as shown: "Putin (quoted by TASS)".
fn speaker_label(q: &crate::extract::StoryQuote) -> String {
    let who = q
        .speaker
        .clone()
        .unwrap_or_else(|| "unattributed".to_string());
    match &q.carrier {
        Some(c) => format!("{who} (quoted by {c})"),
        None => who,
    }
}

fn ts(t: Option<Published>) -> Option<String> {
    t.map(|t| t.to_string())
}

/// Earliest and latest publication among some articles.
fn time_range(d: &Digest, articles: &[usize]) -> (Option<Published>, Option<Published>) {
    let mut times: Vec<Published> = articles
        .iter()
        .filter_map(|&a| d.articles[a].published)
        .collect();
    times.sort_by_key(Published::order_key);
    (times.first().copied(), times.last().copied())
}

impl JsonReport {
    /// Build the JSON report of a digest. To write a large digest, prefer
    /// [`write`], which builds one story or article at a time.
    pub fn from_digest(d: &Digest) -> Self {
        let story_of = story_of(d);
        JsonReport {
            schema: SCHEMA,
            language: d.language.code(),
            stats: json_stats(d),
            stories: d.stories.iter().map(|s| json_story(d, s)).collect(),
            copy_groups: (0..d.copy_groups.len())
                .map(|g| json_copy_group(d, g))
                .collect(),
            document_copies: json_document_copies(d),
            articles: (0..d.articles.len())
                .map(|i| json_article(d, i, &story_of))
                .collect(),
            diagnostics: json_diagnostics(d),
        }
    }
}

/// The story id of each article, if it is in one.
fn story_of(d: &Digest) -> Vec<Option<&str>> {
    let mut story_of = vec![None; d.articles.len()];
    for s in &d.stories {
        for &a in &s.articles {
            story_of[a] = Some(s.id.as_str());
        }
    }
    story_of
}

fn json_stats(d: &Digest) -> JsonStats {
    JsonStats {
        articles: d.articles.len(),
        sentences: d.sentences.len(),
        stories: d.stories.len(),
        copy_groups: d.copy_groups.len(),
        removed_lines: d.cleaned.iter().map(|c| c.removed.len()).sum(),
        diagnostics: d.diagnostics.len(),
        skipped: d
            .diagnostics
            .iter()
            .filter(|x| x.severity == crate::model::Severity::Error)
            .count(),
        teasers: d.articles.iter().filter(|a| a.provenance.teaser).count(),
    }
}

fn json_story(d: &Digest, s: &crate::pipeline::Story) -> JsonStory {
    let id = |a: usize| d.articles[a].id.clone();
    let (first_published, last_published) = time_range(d, &s.articles);
    let summary: Vec<JsonSummarySentence> = s
        .summary
        .iter()
        .map(|ss| {
            let sent = &d.sentences[ss.sentence];
            JsonSummarySentence {
                text: d.sentence_text(ss.sentence).to_string(),
                article: id(sent.article),
                start: sent.span.start,
                end: sent.span.end,
                cites: ss.cites.iter().map(|&a| id(a)).collect(),
                sources: ss
                    .cites
                    .iter()
                    .map(|&a| d.articles[a].outlet().to_string())
                    .collect(),
                copy_group: ss.copy_group.map(|g| format!("c{}", g + 1)),
            }
        })
        .collect();
    JsonStory {
        id: s.id.clone(),
        title: d.articles[s.articles[0]].title.clone(),
        articles: s.articles.iter().map(|&a| id(a)).collect(),
        sources: outlets(d, &s.articles),
        first_article: id(s.articles[0]),
        first_published: ts(first_published),
        last_published: ts(last_published),
        summary_words: summary.iter().map(|x| word_count(&x.text)).sum(),
        summary,
        copy_groups: s
            .copy_groups
            .iter()
            .map(|g| format!("c{}", g + 1))
            .collect(),
        entities: s
            .extract
            .entities
            .iter()
            .map(|e| JsonEntity {
                name: e.name.clone(),
                kind: e.kind.as_str().to_string(),
                titles: e.titles.clone(),
                aliases: e.aliases.clone(),
                mentions: e.mentions,
                articles: e.articles.iter().map(|&a| id(a)).collect(),
            })
            .collect(),
        quotes: s
            .extract
            .quotes
            .iter()
            .map(|q| JsonQuote {
                kind: quote_kind(q.kind).to_string(),
                speaker: q.speaker.clone(),
                carrier: q.carrier.clone(),
                text: q.text.clone(),
                article: id(q.article),
                start: q.span.start,
                end: q.span.end,
                carried_by: q.carried_by.iter().map(|&a| id(a)).collect(),
            })
            .collect(),
        timeline: s
            .extract
            .timeline
            .iter()
            .map(|ev| JsonEvent {
                start: ev.when.start.to_string(),
                end: ev.when.end.to_string(),
                expression: ev.expression.clone(),
                sentence: d.sentence_text(ev.sentence).to_string(),
                article: id(d.sentences[ev.sentence].article),
                carried_by: ev.carried_by.iter().map(|&a| id(a)).collect(),
            })
            .collect(),
        undated_expressions: s.extract.undated_expressions,
    }
}

fn json_copy_group(d: &Digest, g: usize) -> JsonCopyGroup {
    let id = |a: usize| d.articles[a].id.clone();
    let group = &d.copy_groups[g];
    let span = |s: usize| {
        let sent = &d.sentences[s];
        JsonSpan {
            article: id(sent.article),
            start: sent.span.start,
            end: sent.span.end,
            text: d.sentence_text(s).to_string(),
        }
    };
    let first_text = d.sentence_text(group.first());
    JsonCopyGroup {
        id: format!("c{}", g + 1),
        first: span(group.first()),
        copies: group.members[1..]
            .iter()
            .map(|&s| JsonCopy {
                span: span(s),
                swaps: swaps(first_text, d.sentence_text(s))
                    .into_iter()
                    .map(|w| JsonSwap {
                        from: w.from,
                        to: w.to,
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn json_article(d: &Digest, i: usize, story_of: &[Option<&str>]) -> JsonArticle {
    let a = &d.articles[i];
    JsonArticle {
        id: a.id.clone(),
        title: a.title.clone(),
        source: a.source.clone(),
        url: a.url.clone(),
        published: ts(a.published),
        file: a.origin.path.clone(),
        line: a.origin.line,
        record: a.origin.record,
        lang: a.lang.clone(),
        provenance: JsonProvenance::of(&a.provenance),
        story: story_of[i].map(str::to_string),
        sentences: d.article_sentences[i]
            .clone()
            .map(|s| JsonRange {
                start: d.sentences[s].span.start,
                end: d.sentences[s].span.end,
            })
            .collect(),
        removed: d.cleaned[i]
            .removed
            .iter()
            .map(|r| JsonRemoved::of(&a.text, r))
            .collect(),
        text: a.text.clone(),
    }
}

fn json_document_copies(d: &Digest) -> Vec<JsonDocCopy> {
    let id = |a: usize| d.articles[a].id.clone();
    d.doc_copies
        .iter()
        .map(|c| JsonDocCopy {
            copier: id(c.copier),
            original: id(c.original),
            shared_sentences: c.shared,
            share: (c.share * 1000.0).round() / 1000.0,
        })
        .collect()
}

fn json_diagnostics(d: &Digest) -> Vec<JsonDiagnostic> {
    d.diagnostics
        .iter()
        .map(|x| JsonDiagnostic {
            file: x.path.clone(),
            line: x.line,
            record: x.record,
            severity: x.severity.as_str(),
            message: x.message.clone(),
        })
        .collect()
}

/// Distinct outlets of some articles, in the order given.
fn outlets(d: &Digest, articles: &[usize]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for &a in articles {
        let o = d.articles[a].outlet();
        if !out.iter().any(|x| x == o) {
            out.push(o.to_string());
        }
    }
    out
}

fn date(t: Option<Published>) -> Option<String> {
    t.map(|t| t.at.strftime("%Y-%m-%d").to_string())
}

fn removed_counts(d: &Digest) -> Vec<(Reason, usize)> {
    Reason::ALL
        .iter()
        .map(|&r| {
            (
                r,
                d.cleaned
                    .iter()
                    .flat_map(|c| &c.removed)
                    .filter(|x| x.reason == r)
                    .count(),
            )
        })
        .filter(|&(_, n)| n > 0)
        .collect()
}

/// A later carrier of a copy group and the words it swapped.
struct CopyLine {
    article: usize,
    swaps: Vec<crate::copies::Swap>,
}

/// Later carriers shown per copy group in Markdown and HTML (all are in the
/// JSON).
const SHOWN_COPIES: usize = 20;

/// The first carrier's sentence of group `g`, the first [`SHOWN_COPIES`]
/// other carriers in `story` with their swaps, and how many more there are.
/// A group can span stories and hold a sentence of every article of a wire
/// story picked up a thousand times: listing all its members under every
/// story was quadratic, and unreadable.
fn copy_lines(
    d: &Digest,
    g: usize,
    story: &crate::pipeline::Story,
    facts: &GroupFacts,
) -> (String, Vec<CopyLine>, usize) {
    let group = &d.copy_groups[g];
    let first_text = d.sentence_text(group.first()).to_string();
    // The story's own sentences of the group (not the group's members, which
    // may be a hundred thousand for every story the group touches).
    let mut members = story
        .articles
        .iter()
        .flat_map(|&a| d.article_sentences[a].clone())
        .filter(|&s| facts.group_of[s] == Some(g) && s != group.first());
    let copies = members
        .by_ref()
        .take(SHOWN_COPIES)
        .map(|s| CopyLine {
            article: d.sentences[s].article,
            swaps: swaps(&first_text, d.sentence_text(s)),
        })
        .collect();
    (first_text, copies, members.count())
}

/// What the Markdown and HTML reports need of every copy group, worked out
/// once per report rather than once per story.
struct GroupFacts {
    /// Copy group of each sentence.
    group_of: Vec<Option<usize>>,
    /// Whether every carrier of the group has the same words.
    verbatim: Vec<bool>,
}

impl GroupFacts {
    fn of(d: &Digest) -> Self {
        let mut group_of = vec![None; d.sentences.len()];
        let mut verbatim = Vec::with_capacity(d.copy_groups.len());
        for (g, group) in d.copy_groups.iter().enumerate() {
            for &s in &group.members {
                group_of[s] = Some(g);
            }
            let first = d.sentence_text(group.members[0]);
            verbatim.push(group.members.iter().all(|&s| d.sentence_text(s) == first));
        }
        GroupFacts { group_of, verbatim }
    }
}

/// Copy groups shown per story in Markdown and HTML (all are in the JSON).
const SHOWN_GROUPS: usize = 10;

/// The story's copy groups most worth showing: most carriers first, then spun
/// copies (some carrier changed words) before verbatim ones, then by first publication.
fn shown_groups(
    d: &Digest,
    story: &crate::pipeline::Story,
    facts: &GroupFacts,
) -> (Vec<usize>, usize) {
    let mut groups = story.copy_groups.clone();
    groups.sort_by_key(|&g| {
        (
            std::cmp::Reverse(d.copy_groups[g].members.len()),
            facts.verbatim[g],
            g,
        )
    });
    let hidden = groups.len().saturating_sub(SHOWN_GROUPS);
    groups.truncate(SHOWN_GROUPS);
    groups.sort_unstable();
    (groups, hidden)
}

// ---------------------------------------------------------------- Markdown

fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// " (3 only teasers)" when some articles are feed items without their full
/// text, else nothing: a reader should know a story rests on teasers.
fn teasers_note(d: &Digest) -> String {
    match d.articles.iter().filter(|a| a.provenance.teaser).count() {
        0 => String::new(),
        n => format!(" ({n} only teasers)"),
    }
}

fn markdown(d: &Digest) -> String {
    let facts = GroupFacts::of(d);
    let mut m = String::new();
    let removed: usize = d.cleaned.iter().map(|c| c.removed.len()).sum();
    let _ = writeln!(m, "# storyline digest\n");
    let _ = writeln!(
        m,
        "{} articles{} · {} stories · {} copy groups · {} boilerplate lines removed · {} input problems\n",
        d.articles.len(),
        teasers_note(d),
        d.stories.len(),
        d.copy_groups.len(),
        removed,
        d.diagnostics.len()
    );
    for (n, s) in d.stories.iter().enumerate() {
        let first = &d.articles[s.articles[0]];
        let _ = writeln!(m, "## {}. {}\n", n + 1, md_escape(&first.title));
        let (first_published, last_published) = time_range(d, &s.articles);
        let span = match (date(first_published), date(last_published)) {
            (Some(a), Some(b)) if a == b => format!(" · {a}"),
            (Some(a), Some(b)) => format!(" · {a} to {b}"),
            _ => String::new(),
        };
        let _ = writeln!(
            m,
            "Story `{}` · {} article{} · first published by **{}**{}\n",
            s.id,
            s.articles.len(),
            if s.articles.len() == 1 { "" } else { "s" },
            md_escape(first.outlet()),
            span
        );
        let words: usize = s
            .summary
            .iter()
            .map(|x| word_count(d.sentence_text(x.sentence)))
            .sum();
        let _ = writeln!(m, "**Summary** ({words} words)\n");
        for ss in &s.summary {
            let cites: Vec<String> = ss
                .cites
                .iter()
                .map(|&a| md_escape(d.articles[a].outlet()))
                .collect();
            let _ = writeln!(
                m,
                "- {} [{}]",
                md_escape(d.sentence_text(ss.sentence)),
                cites.join("; ")
            );
        }
        let entities = shown_entities(s);
        if !entities.is_empty() {
            let _ = writeln!(m, "\n**People and organisations**\n");
            for e in entities {
                let titles = if e.titles.is_empty() {
                    String::new()
                } else {
                    format!(", {}", md_escape(&e.titles.join("; ")))
                };
                let _ = writeln!(
                    m,
                    "- {}{} ({}; {} article{}, {} mention{})",
                    md_escape(&e.name),
                    titles,
                    e.kind.as_str(),
                    e.articles.len(),
                    if e.articles.len() == 1 { "" } else { "s" },
                    e.mentions,
                    if e.mentions == 1 { "" } else { "s" }
                );
            }
        }
        if !s.extract.quotes.is_empty() {
            let _ = writeln!(m, "\n**Quotes**\n");
            for q in shown_quotes(s) {
                let cites: Vec<String> = q
                    .carried_by
                    .iter()
                    .map(|&a| md_escape(d.articles[a].outlet()))
                    .collect();
                let text = if q.kind == crate::quotes::QuoteKind::Direct {
                    format!("“{}”", md_escape(&q.text))
                } else {
                    md_escape(&q.text)
                };
                let _ = writeln!(
                    m,
                    "- **{}**: {} [{}]",
                    md_escape(&speaker_label(q)),
                    text,
                    cites.join("; ")
                );
            }
            if s.extract.quotes.len() > SHOWN_QUOTES {
                let _ = writeln!(
                    m,
                    "- … and {} more (all are in `--format json`)",
                    s.extract.quotes.len() - SHOWN_QUOTES
                );
            }
        }
        if !s.extract.timeline.is_empty() || s.extract.undated_expressions > 0 {
            let _ = writeln!(m, "\n**Timeline**\n");
            for ev in s.extract.timeline.iter().take(SHOWN_EVENTS) {
                let cites: Vec<String> = ev
                    .carried_by
                    .iter()
                    .map(|&a| md_escape(d.articles[a].outlet()))
                    .collect();
                let _ = writeln!(
                    m,
                    "- {} (“{}”): {} [{}]",
                    day_range(&ev.when),
                    md_escape(&ev.expression),
                    md_escape(d.sentence_text(ev.sentence)),
                    cites.join("; ")
                );
            }
            if s.extract.timeline.len() > SHOWN_EVENTS {
                let _ = writeln!(
                    m,
                    "- … and {} more dated events (all are in `--format json`)",
                    s.extract.timeline.len() - SHOWN_EVENTS
                );
            }
            if s.extract.undated_expressions > 0 {
                let _ = writeln!(
                    m,
                    "- {} relative time expression{} could not be dated: no publication date (give dated input or `--published`)",
                    s.extract.undated_expressions,
                    if s.extract.undated_expressions == 1 { "" } else { "s" }
                );
            }
        }
        if !s.copy_groups.is_empty() {
            let _ = writeln!(m, "\n**Copied sentences**\n");
            let (shown, hidden) = shown_groups(d, s, &facts);
            for &g in &shown {
                let (text, copies, more) = copy_lines(d, g, s, &facts);
                let first_a = d.sentences[d.copy_groups[g].first()].article;
                let mut by: Vec<String> = copies
                    .iter()
                    .map(|c| {
                        let o = md_escape(d.articles[c.article].outlet());
                        if c.swaps.is_empty() {
                            format!("{o} (verbatim)")
                        } else {
                            let sw: Vec<String> = c
                                .swaps
                                .iter()
                                .map(|w| (&w.from, &w.to))
                                .map(|(f, t)| match (f.is_empty(), t.is_empty()) {
                                    (true, _) => format!("added “{}”", md_escape(t)),
                                    (_, true) => format!("dropped “{}”", md_escape(f)),
                                    _ => format!("“{}” → “{}”", md_escape(f), md_escape(t)),
                                })
                                .collect();
                            format!("{o} ({})", sw.join(", "))
                        }
                    })
                    .collect();
                if more > 0 {
                    by.push(format!("and {more} more"));
                }
                let _ = writeln!(
                    m,
                    "- “{}” — first in **{}**; copied by {}",
                    md_escape(&text),
                    md_escape(d.articles[first_a].outlet()),
                    by.join("; ")
                );
            }
            if hidden > 0 {
                let _ = writeln!(
                    m,
                    "- … and {hidden} more copied sentences (all are in `--format json`)"
                );
            }
        }
        let _ = writeln!(m, "\n**Articles**\n");
        for &a in &s.articles {
            let art = &d.articles[a];
            let when = date(art.published)
                .map(|t| format!(" · {t}"))
                .unwrap_or_default();
            let _ = writeln!(
                m,
                "- {} — {}{} (`{}`)",
                md_escape(art.outlet()),
                md_escape(&art.title),
                when,
                md_escape(&art.origin.to_string())
            );
        }
        let _ = writeln!(m);
    }
    let counts = removed_counts(d);
    if !counts.is_empty() {
        let list: Vec<String> = counts
            .iter()
            .map(|(r, n)| format!("{} {n}", r.as_str()))
            .collect();
        let _ = writeln!(
            m,
            "## Removed boilerplate\n\n{} (every line with its reason is in `--format json`)\n",
            list.join(" · ")
        );
    }
    if !d.diagnostics.is_empty() {
        let _ = writeln!(m, "## Input problems\n");
        for x in &d.diagnostics {
            let _ = writeln!(m, "- {}", md_escape(&x.to_string()));
        }
        let _ = writeln!(m);
    }
    m
}

// ---------------------------------------------------------------- HTML

/// Escape text for HTML element content and quoted attribute values:
/// `& < > " '`. The one HTML escaper of the project: the server's pages
/// use it too.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    push_html_escape(&mut out, s);
    out
}

/// [`html_escape`] appended to `out`, without a `String` of its own (most
/// text has nothing to escape, and is copied in one piece).
pub fn push_html_escape(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The five are ASCII, so `i` is a char boundary.
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

const CSS: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}\
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.5rem;border-top:1px solid #ddd;padding-top:1rem}\
.meta{color:#666;font-size:.9rem}.cite{color:#555;font-size:.85rem;white-space:nowrap}\
ul.summary li{margin:.4rem 0}del{color:#a33}ins{color:#262;text-decoration:none;background:#e6f4e6}\
details{margin:.5rem 0}.removed{color:#999}.reason{font-size:.8rem;background:#eee;border-radius:3px;padding:0 .3rem}\
@media (max-width:600px){body{margin:1rem auto}}";

fn html(d: &Digest) -> String {
    let facts = GroupFacts::of(d);
    let e = html_escape;
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
<title>storyline digest</title><style>{CSS}</style></head><body>\n<h1>storyline digest</h1>\n"
    );
    let removed: usize = d.cleaned.iter().map(|c| c.removed.len()).sum();
    let _ = writeln!(
        h,
        "<p class=\"meta\">{} articles{} · {} stories · {} copy groups · {} boilerplate lines removed · {} input problems</p>",
        d.articles.len(),
        teasers_note(d),
        d.stories.len(),
        d.copy_groups.len(),
        removed,
        d.diagnostics.len()
    );
    for s in &d.stories {
        let first = &d.articles[s.articles[0]];
        let _ = writeln!(
            h,
            "<section id=\"{}\"><h2>{}</h2>",
            e(&s.id),
            e(&first.title)
        );
        let _ = writeln!(
            h,
            "<p class=\"meta\">{} articles · first published by <b>{}</b></p><ul class=\"summary\">",
            s.articles.len(),
            e(first.outlet())
        );
        for ss in &s.summary {
            let cites: Vec<String> = ss
                .cites
                .iter()
                .map(|&a| format!("<a href=\"#a{a}\">{}</a>", e(d.articles[a].outlet())))
                .collect();
            let _ = writeln!(
                h,
                "<li>{} <span class=\"cite\">[{}]</span></li>",
                e(d.sentence_text(ss.sentence)),
                cites.join("; ")
            );
        }
        h.push_str("</ul>\n");
        let entities = shown_entities(s);
        if !entities.is_empty() {
            h.push_str("<h3>People and organisations</h3><ul>\n");
            for en in entities {
                let titles = if en.titles.is_empty() {
                    String::new()
                } else {
                    format!(", <i>{}</i>", e(&en.titles.join("; ")))
                };
                let _ = writeln!(
                    h,
                    "<li>{}{} <span class=\"meta\">{} · {} articles</span></li>",
                    e(&en.name),
                    titles,
                    en.kind.as_str(),
                    en.articles.len()
                );
            }
            h.push_str("</ul>\n");
        }
        if !s.extract.quotes.is_empty() {
            h.push_str("<h3>Quotes</h3><ul>\n");
            for q in shown_quotes(s) {
                let cites: Vec<String> = q
                    .carried_by
                    .iter()
                    .map(|&a| format!("<a href=\"#a{a}\">{}</a>", e(d.articles[a].outlet())))
                    .collect();
                let _ = writeln!(
                    h,
                    "<li><b>{}</b>: <q>{}</q> <span class=\"cite\">[{}]</span></li>",
                    e(&speaker_label(q)),
                    e(&q.text),
                    cites.join("; ")
                );
            }
            h.push_str("</ul>\n");
        }
        if !s.extract.timeline.is_empty() {
            h.push_str("<h3>Timeline</h3><ul>\n");
            for ev in s.extract.timeline.iter().take(SHOWN_EVENTS) {
                let _ = writeln!(
                    h,
                    "<li><b>{}</b> ({}): {}</li>",
                    e(&day_range(&ev.when)),
                    e(&ev.expression),
                    e(d.sentence_text(ev.sentence))
                );
            }
            h.push_str("</ul>\n");
        }
        if !s.copy_groups.is_empty() {
            h.push_str("<h3>Copied sentences</h3><ul>\n");
            let (shown, hidden) = shown_groups(d, s, &facts);
            for &g in &shown {
                let (text, copies, more) = copy_lines(d, g, s, &facts);
                let first_a = d.sentences[d.copy_groups[g].first()].article;
                let _ = write!(
                    h,
                    "<li>“{}” — first in <b>{}</b><ul>",
                    e(&text),
                    e(d.articles[first_a].outlet())
                );
                for c in copies {
                    let sw: Vec<String> = c
                        .swaps
                        .iter()
                        .map(|w| (&w.from, &w.to))
                        .map(|(f, t)| match (f.is_empty(), t.is_empty()) {
                            (true, _) => format!("added <ins>{}</ins>", e(t)),
                            (_, true) => format!("dropped <del>{}</del>", e(f)),
                            _ => format!("<del>{}</del> → <ins>{}</ins>", e(f), e(t)),
                        })
                        .collect();
                    let what = if sw.is_empty() {
                        "verbatim".to_string()
                    } else {
                        sw.join(", ")
                    };
                    let _ = write!(
                        h,
                        "<li>{}: {}</li>",
                        e(d.articles[c.article].outlet()),
                        what
                    );
                }
                if more > 0 {
                    let _ = write!(h, "<li>and {more} more</li>");
                }
                h.push_str("</ul></li>\n");
            }
            if hidden > 0 {
                let _ = writeln!(
                    h,
                    "<li>… and {hidden} more copied sentences (all are in the JSON report)</li>"
                );
            }
            h.push_str("</ul>\n");
        }
        h.push_str("<h3>Articles</h3>\n");
        for &a in &s.articles {
            let art = &d.articles[a];
            let _ = write!(
                h,
                "<details id=\"a{a}\"><summary>{} — {}</summary>",
                e(art.outlet()),
                e(&art.title)
            );
            let mut events: Vec<(usize, usize, Option<&'static str>)> = d.article_sentences[a]
                .clone()
                .map(|i| (d.sentences[i].span.start, d.sentences[i].span.end, None))
                .collect();
            events.extend(
                d.cleaned[a]
                    .removed
                    .iter()
                    .map(|r| (r.span.start, r.span.end, Some(r.reason.as_str()))),
            );
            events.sort_unstable();
            for (start, end, reason) in events {
                let text = e(&art.text[start..end]);
                match reason {
                    Some(r) => {
                        let _ = write!(
                            h,
                            "<p class=\"removed\"><span class=\"reason\">{r}</span> {text}</p>"
                        );
                    }
                    None => {
                        let _ = write!(h, "<p>{text}</p>");
                    }
                }
            }
            h.push_str("</details>\n");
        }
        h.push_str("</section>\n");
    }
    if !d.diagnostics.is_empty() {
        h.push_str("<h2>Input problems</h2><ul>\n");
        for x in &d.diagnostics {
            let _ = writeln!(h, "<li>{}</li>", e(&x.to_string()));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</body></html>\n");
    h
}
