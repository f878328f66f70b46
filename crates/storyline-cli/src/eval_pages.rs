//! `storyline eval pages` and `storyline eval dates`: web-page extraction
//! measured on public benchmarks read from a path (nothing is fetched).
//!
//! - `pages DIR`: scrapinghub's article-extraction-benchmark checkout
//!   (`html/*.html.gz`, `ground-truth.json`), scored with its own metric
//!   (`storyline_eval::extraction`). storyline's text is what cleaning keeps:
//!   the page's main text minus the furniture marked inside it and the lines
//!   the clean stage removes, exactly what every later stage reads.
//! - `dates DIR`: htmldate's repository checkout (`tests/eval_default.json`
//!   and the pages under `tests/cache` and `tests/eval`), the publication day
//!   scored as htmldate's own evaluation scores it.
//!
//! `--system FILE.json` scores another system's output with the same code, in
//! the same table (the benchmark's output layout; `scripts/pages_peers.py`
//! writes trafilatura's and htmldate's).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use serde::Serialize;
use storyline::ingest::{extract_page, mojibake_count, PageInfo};
use storyline::Article;
use storyline_eval::extraction::{
    load_body_gold, load_body_system, load_date_gold, load_date_system, score_bodies, score_dates,
    BodyScores, DateScores,
};

use crate::io;

#[derive(clap::Args)]
pub struct PagesArgs {
    /// A checkout of scrapinghub/article-extraction-benchmark (html/*.html.gz, ground-truth.json).
    dir: PathBuf,
    /// Also score another system's output (the benchmark's layout: {"version","output":{id:{"articleBody"}}}); repeatable.
    #[arg(long, value_name = "FILE.json")]
    system: Vec<PathBuf>,
    /// Write storyline's kept text per page in the benchmark's layout (for its evaluate.py).
    #[arg(long, value_name = "FILE.json")]
    dump: Option<PathBuf>,
    /// Extract each page this many times and count its median time (steadier on a busy machine).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
    repeat: u32,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(clap::Args)]
pub struct DatesArgs {
    /// A checkout of adbar/htmldate (tests/eval_default.json, tests/cache, tests/eval).
    dir: PathBuf,
    /// Also score another system's days ({"version","output":{url: "YYYY-MM-DD"|null}}); repeatable.
    #[arg(long, value_name = "FILE.json")]
    system: Vec<PathBuf>,
    /// Write storyline's day per page ({"version","output":{url: day}}).
    #[arg(long, value_name = "FILE.json")]
    dump: Option<PathBuf>,
    /// List the pages storyline gets wrong or misses (URL, gold, found, source).
    #[arg(long)]
    errors: bool,
    /// Score one half of the pages only, split by the FNV-1a hash of the URL:
    /// `tune` (even hashes, for error reading and tuning) or `check` (odd, held out).
    #[arg(long, value_enum)]
    half: Option<Half>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Half {
    Tune,
    Check,
}

/// FNV-1a (64 bits) of a string: the deterministic split of `--half`.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Table,
    Json,
}

/// One system's row.
#[derive(Serialize)]
struct Row<S> {
    system: String,
    #[serde(flatten)]
    scores: S,
}

/// What storyline's run measured beside the scores.
#[derive(Serialize)]
struct RunFacts {
    /// Pages read.
    pages: usize,
    /// Time inside page extraction (decode, parse, metadata, main text), one thread.
    extract_seconds: f64,
    /// Pages per second of that time.
    pages_per_second: f64,
    /// Pages that gave no article.
    failed: usize,
    /// Mojibake marks ("Ã©", "â€") in storyline's text, summed over pages.
    mojibake_marks: usize,
    /// The same in the gold text (the benchmark's own).
    mojibake_marks_gold: usize,
    /// Pages where each metadata field was found.
    fields_found: BTreeMap<String, usize>,
}

/// A page's bytes, decompressed when its name ends in `.gz`.
fn read_page(path: &Path) -> anyhow::Result<Vec<u8>> {
    let raw = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    if path.extension().is_some_and(|e| e == "gz") {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .with_context(|| format!("cannot decompress {}", path.display()))?;
        Ok(out)
    } else {
        Ok(raw)
    }
}

/// What cleaning makes of an article: the text every stage reads (its kept
/// paragraphs, one per line) and the lines removed, each with its reason.
type Cleaned = (String, Vec<(&'static str, String)>);

/// Clean an article as every stage does.
fn cleaned(a: &Article) -> Cleaned {
    let (cleaned, _) = storyline::clean::clean_and_split(&a.text, &a.marked);
    let kept: Vec<&str> = cleaned
        .paragraphs
        .iter()
        .map(|p| &a.text[p.clone()])
        .collect();
    let removed = cleaned
        .removed
        .iter()
        .map(|r| (r.reason.as_str(), a.text[r.span.clone()].to_string()))
        .collect();
    (kept.join("\n"), removed)
}

/// How storyline names itself in the tables and dumps.
fn storyline_name() -> String {
    format!("storyline {}", env!("CARGO_PKG_VERSION"))
}

/// A `--system` file's row name: its file stem, with the version it gives.
fn system_name(path: &Path, version: &str) -> String {
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("system");
    if version.is_empty() {
        name.to_string()
    } else {
        format!("{name} ({version})")
    }
}

/// Extract every page, timing only the extraction: each page `repeat` times,
/// its median counted.
fn extract_all(
    pages: &[(String, PathBuf)],
    repeat: u32,
    info_of: impl Fn(&str) -> PageInfo<'static>,
) -> anyhow::Result<(BTreeMap<String, Option<Article>>, Duration)> {
    let bar = io::progress(pages.len() as u64, "extracting");
    let mut out = BTreeMap::new();
    let mut spent = Duration::ZERO;
    for (id, path) in pages {
        let bytes = read_page(path)?;
        let shown = path.display().to_string();
        let info = info_of(id);
        let mut times = Vec::with_capacity(repeat as usize);
        let mut article = None;
        for _ in 0..repeat {
            let start = Instant::now();
            let (a, _) = extract_page(&shown, None, id, &bytes, &info);
            times.push(start.elapsed());
            article = a;
        }
        times.sort();
        spent += times[times.len() / 2];
        out.insert(id.clone(), article);
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok((out, spent))
}

fn facts(
    articles: &BTreeMap<String, Option<Article>>,
    spent: Duration,
    texts: &BTreeMap<String, String>,
    gold_texts: Option<&BTreeMap<String, String>>,
) -> RunFacts {
    let mut fields_found = BTreeMap::new();
    for a in articles.values().flatten() {
        for (field, _) in &a.provenance.sources {
            *fields_found.entry(field.clone()).or_insert(0) += 1;
        }
    }
    RunFacts {
        pages: articles.len(),
        extract_seconds: spent.as_secs_f64(),
        pages_per_second: articles.len() as f64 / spent.as_secs_f64().max(1e-9),
        failed: articles.values().filter(|a| a.is_none()).count(),
        mojibake_marks: texts.values().map(|t| mojibake_count(t)).sum(),
        mojibake_marks_gold: gold_texts.map_or(0, |g| g.values().map(|t| mojibake_count(t)).sum()),
        fields_found,
    }
}

pub fn pages(args: PagesArgs) -> anyhow::Result<ExitCode> {
    let gold = load_body_gold(&args.dir)?;
    let pages: Vec<(String, PathBuf)> = gold
        .keys()
        .map(|id| {
            (
                id.clone(),
                args.dir.join("html").join(format!("{id}.html.gz")),
            )
        })
        .collect();
    let (articles, spent) = extract_all(&pages, args.repeat, |_| PageInfo::default())?;
    let cleaned: BTreeMap<String, Cleaned> = articles
        .iter()
        .map(|(id, a)| (id.clone(), a.as_ref().map(cleaned).unwrap_or_default()))
        .collect();
    let texts: BTreeMap<String, String> = cleaned
        .iter()
        .map(|(id, (text, _))| (id.clone(), text.clone()))
        .collect();
    let mut rows = vec![Row {
        system: storyline_name(),
        scores: score_bodies(&gold, &texts),
    }];
    for path in &args.system {
        let (version, predicted) = load_body_system(path)?;
        rows.push(Row {
            system: system_name(path, &version),
            scores: score_bodies(&gold, &predicted),
        });
    }
    if let Some(dump) = &args.dump {
        // Beside the benchmark's "articleBody": what cleaning removed, and why.
        let output: serde_json::Map<String, serde_json::Value> = cleaned
            .iter()
            .map(|(id, (text, removed))| {
                let page = serde_json::json!({ "articleBody": text, "removed": removed });
                (id.clone(), page)
            })
            .collect();
        let doc = serde_json::json!({"version": storyline_name(), "output": output});
        io::write_output(Some(dump), &serde_json::to_string(&doc)?)?;
    }
    let facts = facts(&articles, spent, &texts, Some(&gold));
    let mut out = String::new();
    match args.format {
        Format::Json => {
            let doc = serde_json::json!({"systems": rows, "storyline": facts});
            let _ = writeln!(out, "{}", serde_json::to_string_pretty(&doc)?);
        }
        Format::Table => {
            let _ = writeln!(
                out,
                "{:<40} {:>6} {:>9} {:>7} {:>8} {:>6}",
                "system", "F1", "precision", "recall", "accuracy", "empty"
            );
            for r in &rows {
                let s: &BodyScores = &r.scores;
                let _ = writeln!(
                    out,
                    "{:<40} {:>6.3} {:>9.3} {:>7.3} {:>8.3} {:>6}",
                    r.system, s.f1, s.precision, s.recall, s.accuracy, s.empty
                );
            }
            print_facts(&mut out, &facts);
        }
    }
    io::write_output(None, &out)?;
    Ok(ExitCode::SUCCESS)
}

fn print_facts(out: &mut String, f: &RunFacts) {
    let _ = writeln!(out,
        "storyline: {} pages, {} without an article; extraction with metadata {:.2} s on one thread ({:.0} pages/s, {:.2} ms/page)",
        f.pages,
        f.failed,
        f.extract_seconds,
        f.pages_per_second,
        1000.0 * f.extract_seconds / f.pages.max(1) as f64
    );
    let _ = writeln!(
        out,
        "mojibake marks: {} in storyline's text ({} in the gold text)",
        f.mojibake_marks, f.mojibake_marks_gold
    );
    let found: Vec<String> = f
        .fields_found
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    let _ = writeln!(out, "pages with each field: {}", found.join(", "));
}

pub fn dates(args: DatesArgs) -> anyhow::Result<ExitCode> {
    let mut gold = load_date_gold(&args.dir)?;
    if let Some(half) = args.half {
        gold.retain(|p| (fnv1a(&p.url) % 2 == 0) == (half == Half::Tune));
    }
    let pages: Vec<(String, PathBuf)> = gold
        .iter()
        .map(|p| (p.url.clone(), p.file.clone()))
        .collect();
    // As htmldate's evaluation: the page alone, its URL not given.
    let (articles, spent) = extract_all(&pages, 1, |_| PageInfo::default())?;
    let days: BTreeMap<String, Option<String>> = articles
        .iter()
        .map(|(url, a)| {
            let day = a.as_ref().and_then(|a| a.published).map(|p| day_of(&p));
            (url.clone(), day)
        })
        .collect();
    let mut rows = vec![Row {
        system: storyline_name(),
        scores: score_dates(&gold, &days),
    }];
    for path in &args.system {
        let (version, predicted) = load_date_system(path)?;
        rows.push(Row {
            system: system_name(path, &version),
            scores: score_dates(&gold, &predicted),
        });
    }
    if let Some(dump) = &args.dump {
        let doc = serde_json::json!({"version": storyline_name(), "output": days});
        io::write_output(Some(dump), &serde_json::to_string(&doc)?)?;
    }
    let texts = BTreeMap::new();
    let facts = facts(&articles, spent, &texts, None);
    let mut decided: BTreeMap<&str, usize> = BTreeMap::new();
    for a in articles.values().flatten() {
        if let Some(source) = a.provenance.source_of("published") {
            *decided.entry(source).or_insert(0) += 1;
        }
    }
    if args.errors {
        for page in &gold {
            let found = days.get(&page.url).cloned().flatten();
            if found.as_deref() != Some(page.date.as_str()) {
                let source = articles
                    .get(&page.url)
                    .and_then(|a| a.as_ref())
                    .and_then(|a| a.provenance.source_of("published").map(str::to_string))
                    .unwrap_or_default();
                eprintln!(
                    "{}\tgold {}\tfound {}\t{}\t{}",
                    page.file
                        .file_name()
                        .and_then(|n| n.to_str())
                        .unwrap_or_default(),
                    page.date,
                    found.as_deref().unwrap_or("-"),
                    source,
                    page.url
                );
            }
        }
    }
    let mut out = String::new();
    match args.format {
        Format::Json => {
            let doc = serde_json::json!({"systems": rows, "storyline": facts});
            let _ = writeln!(out, "{}", serde_json::to_string_pretty(&doc)?);
        }
        Format::Table => {
            let _ = writeln!(
                out,
                "{:<40} {:>8} {:>9} {:>7} {:>6} {:>6} {:>8}",
                "system", "accuracy", "precision", "recall", "right", "wrong", "missing"
            );
            for r in &rows {
                let s: &DateScores = &r.scores;
                let _ = writeln!(
                    out,
                    "{:<40} {:>8.3} {:>9.3} {:>7.3} {:>6} {:>6} {:>8}",
                    r.system, s.accuracy, s.precision, s.recall, s.right, s.wrong, s.missing
                );
            }
            print_facts(&mut out, &facts);
            let decided: Vec<String> = decided.iter().map(|(k, v)| format!("{k} {v}")).collect();
            let _ = writeln!(out, "publication date decided by: {}", decided.join(", "));
        }
    }
    io::write_output(None, &out)?;
    Ok(ExitCode::SUCCESS)
}

/// The publication day as the page states it: in the zone it was written in
/// when known, else the UTC day.
fn day_of(p: &storyline::Published) -> String {
    let offset = p.offset.unwrap_or(jiff::tz::Offset::UTC);
    p.at.to_zoned(jiff::tz::TimeZone::fixed(offset))
        .strftime("%Y-%m-%d")
        .to_string()
}
