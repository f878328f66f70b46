//! Input and output shared by the subcommands: reading articles with progress,
//! writing results to a file or standard output.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use storyline::{ingest, Article, Config, Diagnostic};

/// The input options of the commands that read articles (`digest`, `ingest`).
#[derive(clap::Args)]
pub struct Input {
    /// Files or directories: .txt (headline on the first line), .jsonl, .html,
    /// .warc, feeds (.rss, .atom, .xml, .json); any of them gzipped (.gz).
    /// Files without a known extension are recognised by their content.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Word budget of each story summary.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub words: u32,
    /// Publication date for articles that have none (YYYY-MM-DD or RFC 3339).
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// Language of the articles (stopwords, stemming): `auto` detects it. A
    /// story database detects each article's language unless the article
    /// declares one or this option names one; stories form within a language.
    #[arg(long, default_value = "auto")]
    pub lang: String,
    /// Do not print input problems on standard error (`digest` still lists
    /// them in its report).
    #[arg(long, short)]
    pub quiet: bool,
}

impl Input {
    /// Read the articles, print their problems (unless `--quiet`) and date the
    /// undated ones with `--published`. `None`, after saying so, when no
    /// article could be read.
    pub fn read(&self) -> anyhow::Result<Option<(Vec<Article>, Vec<Diagnostic>)>> {
        let default_published = self.default_published()?;
        let (mut articles, diags) = read_articles(&self.paths);
        report_diagnostics(&diags, self.quiet);
        if articles.is_empty() {
            eprintln!("storyline: error: no article could be read from the given paths");
            return Ok(None);
        }
        if let Some(t) = default_published {
            for a in articles.iter_mut().filter(|a| a.published.is_none()) {
                a.published = Some(t);
            }
        }
        Ok(Some((articles, diags)))
    }

    /// The date `--published` gives undated articles.
    pub fn default_published(&self) -> anyhow::Result<Option<storyline::Published>> {
        self.published
            .as_deref()
            .map(|s| {
                ingest::parse_published(s).with_context(|| {
                    format!("--published {s:?} is not a date (expected YYYY-MM-DD or RFC 3339)")
                })
            })
            .transpose()
    }

    /// Pipeline settings from `--lang` and `--words`.
    pub fn config(&self) -> anyhow::Result<Config> {
        let mut cfg = Config {
            language: parse_lang(&self.lang)?,
            ..Config::default()
        };
        cfg.summary.max_words = self.words as usize;
        Ok(cfg)
    }
}

/// Is this error (somewhere in its chain) a closed pipe? Then we exit quietly.
/// The library keeps its I/O and JSON errors in `Arc`s (a JSON report
/// streamed into a closed pipe fails inside serde_json), so they are asked
/// through its error type.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        let kind = e
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| match e.downcast_ref::<storyline::Error>()? {
                storyline::Error::Io { source, .. } => Some(source.kind()),
                storyline::Error::Json(json) => json.io_error_kind(),
                _ => None,
            });
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
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
    write_output_with(path, |out| Ok(out.write_all(text.as_bytes())?))
}

/// Write to `path` (or stdout) through a buffer, as `write` produces it; the
/// output never has to be one string in memory. A file is written beside its
/// final name and renamed when complete, so a failed run leaves no partial
/// report behind under that name (a device or pipe, such as `/dev/null`, is
/// written directly).
pub fn write_output_with(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    match path {
        Some(path) if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) => {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            let mut out = std::io::BufWriter::new(file);
            write(&mut out)?;
            out.flush()
                .with_context(|| format!("cannot write {}", path.display()))
        }
        Some(path) => {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            let partial = path.with_file_name(format!(".{}.partial", name.unwrap_or_default()));
            let file = std::fs::File::create(&partial)
                .with_context(|| format!("cannot write {}", path.display()))?;
            let mut out = std::io::BufWriter::new(file);
            let written = write(&mut out)
                .and_then(|()| out.flush().map_err(anyhow::Error::from))
                .and_then(|()| std::fs::rename(&partial, path).map_err(anyhow::Error::from));
            if written.is_err() {
                let _ = std::fs::remove_file(&partial);
            }
            written.with_context(|| format!("cannot write {}", path.display()))
        }
        None => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut stdout)?;
            stdout.flush()?;
            Ok(())
        }
    }
}

/// Parse a `--lang` value: `auto` (None) or a known code or name.
pub fn parse_lang(s: &str) -> anyhow::Result<Option<storyline::Language>> {
    if s.eq_ignore_ascii_case("auto") {
        return Ok(None);
    }
    storyline::Language::parse(s).map(Some).ok_or_else(|| {
        let known: Vec<String> = storyline::Language::all()
            .map(|(c, n)| format!("{c} ({n})"))
            .collect();
        anyhow::anyhow!(
            "unknown language {s:?}; use auto or one of: {}",
            known.join(", ")
        )
    })
}
