//! `storyline summarize`: pre-clustered articles in (MultiLing clusters JSONL),
//! one cited summary per cluster out, as JSON lines. Reference summaries in the
//! input are never read by the summarizer.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use serde::Serialize;
use storyline::{ingest, Article, Config, Grouping, Language};
use storyline_eval::{load_clusters, Cluster};

use crate::io;

#[derive(clap::Args)]
pub struct Args {
    /// Clusters JSONL: {"id", "docs": [{"id","title","text","published","source"}], ...}.
    clusters: PathBuf,
    /// Word budget of each summary (never exceeded).
    #[arg(long, default_value_t = 250, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    words: u32,
    /// Language: `auto` takes each cluster's "lang" field, or detects it from the text.
    #[arg(long, default_value = "auto")]
    lang: String,
    /// Write the JSON lines to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Benchmark: summarize each cluster this many times and print the median
    /// time per cluster (JSON, one line per cluster, then a summary) on stderr.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    repeat: u32,
}

/// One output line.
#[derive(Serialize)]
pub struct SummaryLine {
    /// Cluster id.
    pub id: String,
    /// The summary text, sentences separated by newlines.
    pub summary: String,
    /// Each sentence with the documents that carry it or a copy of it.
    pub sentences: Vec<CitedSentence>,
}

/// A summary sentence and its citations.
#[derive(Serialize)]
pub struct CitedSentence {
    /// The sentence.
    pub text: String,
    /// Ids of the cluster's documents carrying it or a copy.
    pub cites: Vec<String>,
}

/// The articles of a cluster, as the pipeline reads them.
pub fn cluster_articles(cluster: &Cluster) -> Vec<Article> {
    cluster
        .docs
        .iter()
        .map(|d| {
            let mut a = Article::new(d.id.clone(), d.title.clone(), d.text.clone());
            a.source = (!d.source.is_empty()).then(|| d.source.clone());
            a.published = d.published.as_deref().and_then(ingest::parse_published);
            a
        })
        .collect()
}

/// The language to summarize a cluster in: the one given, else the cluster's
/// "lang" field when storyline knows it, else detected from the documents.
pub fn cluster_language(cluster: &Cluster, given: Option<Language>) -> Language {
    given
        .or_else(|| Language::parse(&cluster.lang))
        .unwrap_or_else(|| Language::detect_majority(cluster.docs.iter().map(|d| d.text.as_str())))
}

/// Summarize one cluster as one story.
/// Only the summary is kept, so the extract stage (entities, quotes, dates)
/// is not run: it took more than half of the time and none of its output
/// reached the summary.
pub fn summarize_cluster(cluster: &Cluster, cfg: &Config) -> SummaryLine {
    let articles = cluster_articles(cluster);
    let all: Vec<usize> = (0..articles.len()).collect();
    let cfg = Config {
        extract: false,
        ..cfg.clone()
    };
    let d = storyline::digest_grouped(articles, &cfg, Grouping::Given(vec![all]));
    let sentences: Vec<CitedSentence> = d
        .stories
        .first()
        .map(|s| {
            s.summary
                .iter()
                .map(|x| CitedSentence {
                    text: d.sentence_text(x.sentence).to_string(),
                    cites: x.cites.iter().map(|&a| d.articles[a].id.clone()).collect(),
                })
                .collect()
        })
        .unwrap_or_default();
    SummaryLine {
        id: cluster.id.clone(),
        summary: sentences
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        sentences,
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let (clusters, diags) = load_clusters(&args.clusters)
        .with_context(|| format!("cannot read {}", args.clusters.display()))?;
    for d in &diags {
        eprintln!("storyline: {d}");
    }
    if clusters.is_empty() {
        eprintln!(
            "storyline: error: no cluster could be read from {}",
            args.clusters.display()
        );
        return Ok(ExitCode::from(1));
    }
    let given = io::parse_lang(&args.lang)?;
    let mut cfg = Config::default();
    cfg.summary.max_words = args.words as usize;
    let bar = io::progress(clusters.len() as u64, "summarizing");
    let mut out = String::new();
    let mut medians: Vec<f64> = Vec::new();
    for c in &clusters {
        if c.docs.iter().all(|d| d.text.trim().is_empty()) {
            eprintln!(
                "storyline: {}:{}: warning: cluster {:?} has no document text; empty summary",
                args.clusters.display(),
                c.line,
                c.id
            );
        }
        cfg.language = Some(cluster_language(c, given));
        let mut times = Vec::with_capacity(args.repeat as usize);
        let mut line = None;
        for _ in 0..args.repeat {
            let start = std::time::Instant::now();
            line = Some(summarize_cluster(c, &cfg));
            times.push(start.elapsed().as_secs_f64());
        }
        let line = line.unwrap_or_else(|| summarize_cluster(c, &cfg));
        if args.repeat > 1 {
            times.sort_by(f64::total_cmp);
            let median = times[times.len() / 2];
            medians.push(median);
            eprintln!(
                "{}",
                serde_json::json!({"id": c.id, "median_ms": median * 1e3, "runs": times.len()})
            );
        }
        let _ = writeln!(out, "{}", serde_json::to_string(&line)?);
        bar.inc(1);
    }
    bar.finish_and_clear();
    if !medians.is_empty() {
        medians.sort_by(f64::total_cmp);
        eprintln!(
            "{}",
            serde_json::json!({"clusters": medians.len(), "median_ms_per_cluster": medians[medians.len() / 2] * 1e3, "total_ms": medians.iter().sum::<f64>() * 1e3})
        );
    }
    io::write_output(args.output.as_deref(), &out)?;
    Ok(ExitCode::SUCCESS)
}
