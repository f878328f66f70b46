//! `storyline extract`: any input (pages, web archives, feeds, text, JSON
//! Lines) out as JSON Lines of articles with their metadata and provenance,
//! streamed: an archive of gigabytes goes through in bounded memory.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use serde_json::json;
use storyline::{ingest, Article};

use crate::io;

#[derive(clap::Args)]
pub struct Args {
    /// Files or directories: .html, .warc(.gz), feeds (.rss, .atom, .xml, .json), .txt, .jsonl.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Write the JSON lines to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Do not print input problems on standard error.
    #[arg(long, short)]
    quiet: bool,
}

/// One article as a JSON line that `storyline digest` and `ingest` read back:
/// the text without the lines its page marked as furniture (those are listed
/// under `removed`), and how it was read under `provenance`.
pub fn article_line(a: &Article) -> serde_json::Value {
    let text: String = storyline::clean::unmarked(&a.text, &a.marked).collect();
    let text = text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    let removed: Vec<serde_json::Value> = a
        .marked
        .iter()
        .map(|m| json!({"reason": m.reason.as_str(), "text": &a.text[m.span.clone()]}))
        .collect();
    json!({
        "id": a.id,
        "title": a.title,
        "text": text,
        "source": a.source,
        "url": a.url,
        "published": a.published.map(|p| p.to_string()),
        "lang": a.lang,
        "file": a.origin.path,
        "record": a.origin.record,
        "provenance": storyline::report::JsonProvenance::of(&a.provenance),
        "removed": removed,
    })
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let (files, diags) = ingest::discover(&args.paths);
    io::report_diagnostics(&diags, args.quiet);
    let sink: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(sink);
    let bar = io::progress(files.len() as u64, "extracting");
    let mut written = 0usize;
    let mut failed: Option<std::io::Error> = None;
    for file in &files {
        ingest::read_each(
            file,
            &mut |a| {
                if failed.is_some() {
                    return;
                }
                let line = article_line(&a);
                let res = serde_json::to_writer(&mut out, &line)
                    .map_err(std::io::Error::from)
                    .and_then(|_| out.write_all(b"\n"));
                match res {
                    Ok(()) => written += 1,
                    Err(e) => failed = Some(e),
                }
            },
            // Printed as they come: an archive's warnings are not held.
            &mut |d| io::report_diagnostics([&d], args.quiet),
        );
        if let Some(e) = failed.take() {
            return Err(anyhow::Error::from(e).context("cannot write the articles"));
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    out.flush().context("cannot write the articles")?;
    if written == 0 {
        eprintln!("storyline: error: no article could be read from the given paths");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
