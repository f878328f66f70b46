//! `storyline ingest`: add articles to a story database, batch by batch.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use storyline::{ingest, Config};
use storyline_store::{IngestReport, Store};

use crate::io;

#[derive(clap::Args)]
pub struct Args {
    /// Files or directories: .txt (headline on the first line), .jsonl, .html.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The story database (created if missing).
    #[arg(long, value_name = "FILE")]
    db: PathBuf,
    /// Articles per transaction: a batch is stored whole or not at all.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
    batch: u32,
    /// Publication date for articles that have none (YYYY-MM-DD or RFC 3339).
    #[arg(long, value_name = "DATE")]
    published: Option<String>,
    /// Language of the articles for a new database: `auto` detects it. A
    /// database keeps the language of its first ingest.
    #[arg(long, default_value = "auto")]
    lang: String,
    /// Word budget of each story summary.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    words: u32,
    /// Do not print input problems on standard error.
    #[arg(long, short)]
    quiet: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let default_published = match &args.published {
        Some(s) => Some(ingest::parse_published(s).with_context(|| {
            format!("--published {s:?} is not a date (expected YYYY-MM-DD or RFC 3339)")
        })?),
        None => None,
    };
    let (mut articles, diags) = io::read_articles(&args.paths);
    io::report_diagnostics(&diags, args.quiet);
    if articles.is_empty() {
        eprintln!("storyline: error: no article could be read from the given paths");
        return Ok(ExitCode::from(1));
    }
    if let Some(t) = default_published {
        for a in articles.iter_mut().filter(|a| a.published.is_none()) {
            a.published = Some(t);
        }
    }
    let mut cfg = Config {
        language: crate::summarize::parse_lang(&args.lang)?,
        ..Config::default()
    };
    cfg.summary.max_words = args.words as usize;
    let mut store = Store::open_with(&args.db, cfg)?;
    // Publication order across batches, as the stories are meant to be built.
    let rank = storyline::copies::publication_order(&articles);
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by_key(|&i| rank[i]);
    let mut slots: Vec<Option<storyline::Article>> = articles.into_iter().map(Some).collect();
    let total = order.len();
    let bar = io::progress(total as u64, "ingesting");
    let mut sum = IngestReport::default();
    for chunk in order.chunks(args.batch as usize) {
        let batch: Vec<storyline::Article> =
            chunk.iter().filter_map(|&i| slots[i].take()).collect();
        let n = batch.len() as u64;
        let report = store
            .ingest(batch)
            .with_context(|| format!("ingest into {}", args.db.display()))?;
        sum.added += report.added;
        sum.duplicates += report.duplicates;
        sum.stories_changed.extend(report.stories_changed);
        sum.redirects.extend(report.redirects);
        bar.inc(n);
    }
    bar.finish_and_clear();
    sum.stories_changed.sort();
    sum.stories_changed.dedup();
    let health = store.health()?;
    println!(
        "{}: added {} articles ({} already stored), {} stories changed, {} merged; now {} articles in {} stories",
        args.db.display(),
        sum.added,
        sum.duplicates,
        sum.stories_changed.len(),
        sum.redirects.len(),
        health.articles,
        health.stories
    );
    Ok(ExitCode::SUCCESS)
}
