//! `storyline extract`: any input (pages, web archives, feeds, text, JSON
//! Lines) out as JSON Lines of articles with their metadata and provenance,
//! streamed: an archive of gigabytes goes through in bounded memory. With
//! `--explain`, plain text instead: each article's attributions with the pass
//! of the extractor that found each one.

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
    /// Instead of JSON, print each article's attributions as plain text: kind,
    /// the pass that found it, cue, source, speaker, carrier and content, with
    /// byte spans into the article text (as written in the JSON `text`).
    #[arg(long)]
    explain: bool,
}

/// One article as a JSON line that `storyline digest` and `ingest` read back:
/// the text without the lines its page marked as furniture (those are listed
/// under `removed`), and how it was read under `provenance`.
pub fn article_line(a: &Article) -> serde_json::Value {
    let text = kept_text(a);
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

/// The text `article_line` writes for `a`: without the lines its page marked
/// as furniture, paragraphs trimmed and separated by a blank line.
fn kept_text(a: &Article) -> String {
    let text: String = storyline::clean::unmarked(&a.text, &a.marked).collect();
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The attributions of article number `n` (from 1) explained in plain text:
/// a heading, then per attribution its kind and pass, and each part with its
/// byte span and text.
fn explain(n: usize, a: &Article) -> String {
    use std::fmt::Write as _;
    use storyline::quotes::{find_attributions, QuoteKind};
    let text = kept_text(a);
    let found = find_attributions(&text);
    let mut out = String::new();
    let _ = writeln!(out, "== article {n}: {} {:?}", a.id, a.title);
    let _ = writeln!(out, "   {} attributions", found.len());
    let part = |out: &mut String, name: &str, r: &Option<std::ops::Range<usize>>| {
        let _ = match r {
            Some(r) => writeln!(
                out,
                "   {name:<8} {}..{} {:?}",
                r.start,
                r.end,
                &text[r.clone()]
            ),
            None => writeln!(out, "   {name:<8} -"),
        };
    };
    for (i, x) in found.iter().enumerate() {
        let kind = match x.kind {
            QuoteKind::Direct => "direct",
            QuoteKind::Reported => "reported",
        };
        let _ = writeln!(out, "[{}] {kind} by {}", i + 1, x.pass.as_str());
        part(&mut out, "cue", &x.cue);
        part(&mut out, "source", &x.source);
        part(&mut out, "speaker", &x.speaker);
        if x.carrier.is_some() {
            part(&mut out, "carrier", &x.carrier);
        }
        for c in &x.content {
            part(&mut out, "content", &Some(c.clone()));
        }
    }
    out.push('\n');
    out
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
                let res = if args.explain {
                    out.write_all(explain(written + 1, &a).as_bytes())
                } else {
                    let line = article_line(&a);
                    serde_json::to_writer(&mut out, &line)
                        .map_err(std::io::Error::from)
                        .and_then(|_| out.write_all(b"\n"))
                };
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
