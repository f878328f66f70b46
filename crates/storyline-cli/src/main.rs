//! `storyline`: the command-line front end. Glue only: parse arguments, read the
//! input with progress, call the library, print the report.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use storyline::{ingest, report, Article, Config, Diagnostic};

#[derive(Parser)]
#[command(
    name = "storyline",
    version,
    about = "Turn a pile of news articles into attributed stories"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read articles and write a story report: stories, copied sentences, cited summaries.
    Digest(DigestArgs),
}

#[derive(clap::Args)]
struct DigestArgs {
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
    /// Write the report to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Digest(args) => run_digest(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("storyline: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|e| e.downcast_ref::<std::io::Error>())
        .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}

/// A progress bar on standard error when it is a terminal; hidden when piped.
fn progress(len: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    let style = ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} {elapsed}")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(what.to_string());
    bar
}

fn read_input(paths: &[PathBuf]) -> (Vec<Article>, Vec<Diagnostic>) {
    let (files, mut diags) = ingest::discover(paths);
    let bar = progress(files.len() as u64, "reading");
    let mut articles = Vec::new();
    for file in &files {
        let (mut a, d) = ingest::read_file(file);
        articles.append(&mut a);
        diags.extend(d);
        bar.inc(1);
    }
    bar.finish_and_clear();
    ingest::dedupe_ids(&mut articles, &mut diags);
    (articles, diags)
}

fn run_digest(args: DigestArgs) -> anyhow::Result<ExitCode> {
    let default_published = match &args.published {
        Some(s) => Some(ingest::parse_published(s).with_context(|| {
            format!("--published {s:?} is not a date (expected YYYY-MM-DD or RFC 3339)")
        })?),
        None => None,
    };
    let (mut articles, diags) = read_input(&args.paths);
    if !args.quiet {
        for d in &diags {
            eprintln!("storyline: {d}");
        }
    }
    if articles.is_empty() {
        eprintln!("storyline: error: no article could be read from the given paths");
        return Ok(ExitCode::from(1));
    }
    if let Some(t) = default_published {
        for a in articles.iter_mut().filter(|a| a.published.is_none()) {
            a.published = Some(t);
        }
    }
    let mut cfg = Config::default();
    cfg.summary.max_words = args.words as usize;
    let spinner = progress(1, "finding stories");
    let mut digest = storyline::digest(articles, &cfg);
    spinner.finish_and_clear();
    digest.diagnostics = diags;
    let format = match args.format {
        OutputFormat::Markdown => report::Format::Markdown,
        OutputFormat::Json => report::Format::Json,
        OutputFormat::Html => report::Format::Html,
    };
    let out = report::render(&digest, format)?;
    match &args.output {
        Some(path) => {
            std::fs::write(path, out).with_context(|| format!("cannot write {}", path.display()))?
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(out.as_bytes())?;
            stdout.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
