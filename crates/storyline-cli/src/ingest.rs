//! `storyline ingest`: add articles to a story database, batch by batch.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use storyline_store::{IngestReport, Store};

use crate::io;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: io::Input,
    /// The story database (created if missing).
    #[arg(long, value_name = "FILE")]
    db: PathBuf,
    /// Articles per transaction: a batch is stored whole or not at all.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
    batch: u32,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let Some((articles, _)) = args.input.read()? else {
        return Ok(ExitCode::from(1));
    };
    let cfg = args.input.config()?;
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
        // Where each article came from, to name the ones the store refuses.
        let origins: std::collections::HashMap<String, storyline::Origin> = batch
            .iter()
            .map(|a| (a.id.clone(), a.origin.clone()))
            .collect();
        let report = store
            .ingest(batch)
            .with_context(|| format!("ingest into {}", args.db.display()))?;
        sum.added += report.added;
        sum.duplicates += report.duplicates;
        if !args.input.quiet {
            for id in &report.id_clashes {
                let (path, line) = origins
                    .get(id)
                    .map_or((String::new(), None), |o| (o.path.clone(), o.line));
                let d = storyline::Diagnostic::warning(
                    path,
                    line,
                    format!(
                        "article id {id:?} is already stored with a different text; \
                         this one was not stored (give it its own id)"
                    ),
                );
                bar.suspend(|| eprintln!("storyline: {d}"));
            }
        }
        sum.id_clashes.extend(report.id_clashes);
        sum.stories_changed.extend(report.stories_changed);
        sum.redirects.extend(report.redirects);
        bar.inc(n);
    }
    bar.finish_and_clear();
    sum.stories_changed.sort();
    sum.stories_changed.dedup();
    let health = store.health()?;
    println!(
        "{}: added {} articles ({} already stored{}), {} stories changed, {} merged; now {} articles in {} stories",
        args.db.display(),
        sum.added,
        sum.duplicates,
        match sum.id_clashes.len() {
            0 => String::new(),
            n => format!(", of which {n} under an id taken by another text"),
        },
        sum.stories_changed.len(),
        sum.redirects.len(),
        health.articles,
        health.stories
    );
    Ok(ExitCode::SUCCESS)
}
