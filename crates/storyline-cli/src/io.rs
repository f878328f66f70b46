//! Input and output shared by the subcommands: reading articles with progress,
//! writing results to a file or standard output.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use storyline::{ingest, Article, Diagnostic};

/// Is this error (somewhere in its chain) a closed pipe? Then we exit quietly.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|e| e.downcast_ref::<std::io::Error>())
        .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}

/// A progress bar on standard error when it is a terminal; hidden when piped.
pub fn progress(len: u64, what: &str) -> ProgressBar {
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

/// Read every article under `paths`, with a progress bar over files.
pub fn read_articles(paths: &[PathBuf]) -> (Vec<Article>, Vec<Diagnostic>) {
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

/// Print diagnostics on standard error, one per line, unless `quiet`.
pub fn report_diagnostics<'a>(diags: impl IntoIterator<Item = &'a Diagnostic>, quiet: bool) {
    if !quiet {
        for d in diags {
            eprintln!("storyline: {d}");
        }
    }
}

/// Write `text` to `path`, or to standard output when `path` is `None`.
pub fn write_output(path: Option<&Path>, text: &str) -> anyhow::Result<()> {
    match path {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
            Ok(())
        }
    }
}
