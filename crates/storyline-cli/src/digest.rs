//! `storyline digest`: articles in, story report out.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::ValueEnum;
use storyline::{ingest, report, Config};

use crate::io;

#[derive(clap::Args)]
pub struct Args {
    /// Files or directories: .txt (headline on the first line), .jsonl, .html.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Report format.
    #[arg(long, short, value_enum, default_value_t = OutputFormat::Markdown)]
    format: OutputFormat,
    /// Word budget of each story summary.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    words: u32,
    /// Publication date for articles that have none (YYYY-MM-DD or RFC 3339).
    #[arg(long, value_name = "DATE")]
    published: Option<String>,
    /// Language of the articles (stopwords, stemming): `auto` detects it.
    #[arg(long, default_value = "auto")]
    lang: String,
    /// Write the report to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Find stories as a stream, in publication order, as `storyline ingest`
    /// does (the same stories a story database holds), instead of in one batch.
    #[arg(long)]
    stream: bool,
    /// Do not print input problems on standard error (they stay in the report).
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Markdown,
    Json,
    Html,
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
    let spinner = io::progress(1, "finding stories");
    let grouping = if args.stream {
        storyline::Grouping::Stream
    } else {
        storyline::Grouping::Batch
    };
    let mut digest = storyline::digest_grouped(articles, &cfg, grouping);
    spinner.finish_and_clear();
    digest.diagnostics = diags;
    let format = match args.format {
        OutputFormat::Markdown => report::Format::Markdown,
        OutputFormat::Json => report::Format::Json,
        OutputFormat::Html => report::Format::Html,
    };
    io::write_output(args.output.as_deref(), &report::render(&digest, format)?)?;
    Ok(ExitCode::SUCCESS)
}
