//! `storyline eval`: ROUGE of summaries against references, BCubed and ARI of
//! stories against gold labels.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Subcommand, ValueEnum};
use serde::Serialize;
use storyline::Config;
use storyline_eval::{
    load_clusters, load_system_summaries, macro_average, score, Prf, RougeConfig, RougeScores,
};

use crate::{io, summarize};

#[derive(Subcommand)]
pub enum Command {
    /// ROUGE-1, ROUGE-2 and ROUGE-SU4 of storyline's summaries (or --system files) against the references.
    Summaries(SummariesArgs),
    /// BCubed and adjusted Rand index of storyline's stories against gold labels, batch and stream.
    Stories(StoriesArgs),
    /// Precision, recall and F1 of attributions (quotes, reported speech) against PolNeAR-style gold.
    Quotes(QuotesArgs),
    /// Main text of web pages against scrapinghub's article-extraction-benchmark (its own metric).
    Pages(crate::eval_pages::PagesArgs),
    /// Publication day of web pages against htmldate's evaluation set.
    Dates(crate::eval_pages::DatesArgs),
}

#[derive(clap::Args)]
pub struct QuotesArgs {
    /// Articles JSONL with gold attributions: {"id","text","attributions":[{"source","cue","content"}]},
    /// spans as character offsets (PolNeAR's format).
    articles: PathBuf,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Also score the learned tagger (storyline::learned::attribution) alone
    /// and as additions to the rules.
    #[arg(long)]
    tagger: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Label {
    /// One real-world event per gold story (stories as storyline finds them).
    Event,
    /// One topic (kind of event) per gold story: storyline clusters at topic granularity.
    Topic,
}

#[derive(clap::Args)]
pub struct StoriesArgs {
    /// Articles JSONL with gold labels (fields "event"/"topic"), or a clusters JSONL
    /// ({"id","docs":[...]}: each cluster is one label).
    articles: PathBuf,
    /// Which gold label to score against; `topic` also makes storyline cluster by topic.
    #[arg(long, value_enum, default_value_t = Label::Event)]
    label: Label,
    /// Override the story similarity threshold.
    #[arg(long)]
    threshold: Option<f64>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TokenizerArg {
    Rouge155,
    Unicode,
}

#[derive(clap::Args)]
pub struct SummariesArgs {
    /// Clusters JSONL with reference summaries.
    clusters: PathBuf,
    /// Score summaries made elsewhere: JSONL {"id","summary"[,"system"]} (repeatable).
    #[arg(long, value_name = "FILE.jsonl")]
    system: Vec<PathBuf>,
    /// Summary budget and ROUGE length cut, in words (0: no cut, as MultiLing 2011 published).
    #[arg(long, default_value_t = 250)]
    words: usize,
    /// No Porter stemming (as MultiLing 2011 published).
    #[arg(long)]
    no_stem: bool,
    /// Pool the references instead of jackknifing them (as MultiLing 2011 published).
    #[arg(long)]
    no_jackknife: bool,
    /// Tokenizer: `rouge155` keeps only [a-z0-9] as ROUGE-1.5.5 does (and as the
    /// MultiLing 2011 figures were computed); `unicode` keeps every script.
    #[arg(long, value_enum, default_value_t = TokenizerArg::Rouge155)]
    tokenizer: TokenizerArg,
    /// Also score storyline's own summaries when --system is given.
    #[arg(long)]
    with_storyline: bool,
    /// Only these languages' rows of a --system file (its "lang" field), e.g. english.
    #[arg(long)]
    lang: Option<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Show per-cluster rows too.
    #[arg(long)]
    per_cluster: bool,
}

pub fn run(cmd: Command) -> anyhow::Result<ExitCode> {
    match cmd {
        Command::Summaries(args) => summaries(args),
        Command::Stories(args) => stories(args),
        Command::Quotes(args) => quotes(args),
        Command::Pages(args) => crate::eval_pages::pages(args),
        Command::Dates(args) => crate::eval_pages::dates(args),
    }
}

fn quotes(args: QuotesArgs) -> anyhow::Result<ExitCode> {
    use storyline::quotes::{find_attributions, QuoteKind};
    use storyline_eval::attribution::{
        load_polnear, score, AttributionScores, PredictedAttribution,
    };
    let shown = args.articles.display().to_string();
    let (articles, diags) =
        load_polnear(&args.articles).with_context(|| format!("cannot read {shown}"))?;
    for d in &diags {
        eprintln!("storyline: {d}");
    }
    if articles.is_empty() {
        eprintln!("storyline: error: no article with gold attributions in {shown}");
        return Ok(ExitCode::from(1));
    }
    let start = std::time::Instant::now();
    let found: Vec<_> = articles
        .iter()
        .map(|a| find_attributions(&a.text))
        .collect();
    let seconds = start.elapsed().as_secs_f64();
    let rules: Vec<Vec<PredictedAttribution>> = found
        .iter()
        .map(|f| {
            f.iter()
                .map(|x| PredictedAttribution {
                    source: x.source.clone().into_iter().collect(),
                    content: x.content.clone(),
                    direct: x.kind == QuoteKind::Direct,
                })
                .collect()
        })
        .collect();
    let score_all = |systems: &[Vec<PredictedAttribution>]| -> AttributionScores {
        let per_article: Vec<AttributionScores> = articles
            .iter()
            .zip(systems)
            .map(|(a, p)| score(&a.gold, p))
            .collect();
        AttributionScores::pool(&per_article)
    };
    let total = score_all(&rules);
    // The learned tagger alone, and its additions to the rules.
    let mut learned: Vec<(&str, AttributionScores)> = Vec::new();
    if args.tagger {
        use storyline::learned::attribution::{additions, tag_attributions, Tagged};
        let predicted = |t: &Tagged| PredictedAttribution {
            source: t.source.clone().into_iter().collect(),
            content: t.content.clone(),
            direct: t.direct,
        };
        let alone: Vec<Vec<PredictedAttribution>> = articles
            .iter()
            .map(|a| tag_attributions(&a.text).iter().map(predicted).collect())
            .collect();
        let both: Vec<Vec<PredictedAttribution>> = articles
            .iter()
            .zip(&rules)
            .map(|(a, r)| {
                let contents: Vec<_> = r.iter().map(|x| x.content.clone()).collect();
                let mut all = r.clone();
                all.extend(additions(&a.text, &contents).iter().map(predicted));
                all
            })
            .collect();
        learned.push(("tagger", score_all(&alone)));
        learned.push(("rules + tagger", score_all(&both)));
    }
    let words: usize = articles
        .iter()
        .map(|a| a.text.split_whitespace().count())
        .sum();
    let text = match args.format {
        Format::Json => {
            let mut json = serde_json::json!({
                "articles": articles.len(),
                "words": words,
                "extract_seconds": seconds,
                "direct": total.direct,
                "all": total.all,
            });
            for (name, t) in &learned {
                json[name.replace(" + ", "_").as_str()] =
                    serde_json::json!({"direct": t.direct, "all": t.all});
            }
            serde_json::to_string_pretty(&json)? + "\n"
        }
        Format::Table => {
            let mut t = String::new();
            let w = if learned.is_empty() { 16 } else { 29 };
            let _ = writeln!(t, "{} articles, {} words; a match needs overlapping content and overlapping source spans", articles.len(), words);
            let _ = writeln!(
                t,
                "{:<w$} {:>6} {:>9} {:>8} {:>9} {:>9} {:>9}",
                "attributions", "gold", "predicted", "matched", "P", "R", "F1"
            );
            for (name, p) in [("direct quotes", &total.direct), ("all", &total.all)] {
                let _ = writeln!(
                    t,
                    "{:<w$} {:>6} {:>9} {:>8} {:>9.4} {:>9.4} {:>9.4}",
                    name, p.gold, p.predicted, p.matched, p.precision, p.recall, p.f1
                );
            }
            for (system, s) in &learned {
                for (name, p) in [("direct quotes", &s.direct), ("all", &s.all)] {
                    let _ = writeln!(
                        t,
                        "{:<w$} {:>6} {:>9} {:>8} {:>9.4} {:>9.4} {:>9.4}",
                        format!("{system}: {name}"),
                        p.gold,
                        p.predicted,
                        p.matched,
                        p.precision,
                        p.recall,
                        p.f1
                    );
                }
            }
            let _ = writeln!(
                t,
                "extraction: {:.1} ms in all, {:.1} µs per article",
                seconds * 1e3,
                seconds * 1e6 / articles.len() as f64
            );
            t
        }
    };
    io::write_output(None, &text)?;
    Ok(ExitCode::SUCCESS)
}

/// Articles with their gold labels, read from an articles JSONL (label field) or a
/// clusters JSONL (cluster id). Lines without a label are named and left out.
fn labelled_articles(
    path: &std::path::Path,
    label: Label,
) -> anyhow::Result<(Vec<storyline::Article>, Vec<String>)> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {shown}"))?;
    let is_clusters = bytes
        .split(|&b| b == b'\n')
        .find(|l| !l.iter().all(u8::is_ascii_whitespace))
        .and_then(|l| serde_json::from_slice::<serde_json::Value>(l).ok())
        .is_some_and(|v| v.get("docs").is_some());
    if is_clusters {
        let (clusters, diags) =
            load_clusters(path).with_context(|| format!("cannot read {shown}"))?;
        for d in &diags {
            eprintln!("storyline: {d}");
        }
        let mut articles = Vec::new();
        let mut labels = Vec::new();
        for c in &clusters {
            for a in summarize::cluster_articles(c) {
                articles.push(a);
                labels.push(c.id.clone());
            }
        }
        return Ok((articles, labels));
    }
    let (parsed, diags) = storyline::ingest::parse_jsonl(&shown, &bytes);
    for d in &diags {
        eprintln!("storyline: {d}");
    }
    let field = match label {
        Label::Event => "event",
        Label::Topic => "topic",
    };
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    let mut articles = Vec::new();
    let mut labels = Vec::new();
    for a in parsed {
        let gold = a
            .origin
            .line
            .and_then(|n| lines.get(n - 1))
            .and_then(|l| serde_json::from_slice::<serde_json::Value>(l).ok())
            .and_then(|v| match v.get(field) {
                Some(serde_json::Value::String(s)) => Some(s.clone()),
                Some(serde_json::Value::Number(n)) => Some(n.to_string()),
                _ => None,
            });
        match gold {
            Some(g) => {
                labels.push(g);
                articles.push(a);
            }
            None => eprintln!(
                "storyline: {}: warning: no {field:?} label; article left out of the evaluation",
                a.origin
            ),
        }
    }
    Ok((articles, labels))
}

#[derive(Serialize)]
struct StoryResult {
    mode: &'static str,
    stories: usize,
    gold_stories: usize,
    bcubed: storyline_eval::BCubed,
    adjusted_rand_index: f64,
    seconds: f64,
}

fn stories(args: StoriesArgs) -> anyhow::Result<ExitCode> {
    let (articles, labels) = labelled_articles(&args.articles, args.label)?;
    if articles.is_empty() {
        eprintln!(
            "storyline: error: no labelled article in {}",
            args.articles.display()
        );
        return Ok(ExitCode::from(1));
    }
    let mut cfg = Config::default();
    if args.label == Label::Topic {
        cfg.stories = storyline::stories::StoryConfig::topics();
    }
    if let Some(t) = args.threshold {
        cfg.stories.threshold = t;
    }
    let gold_stories = labels
        .iter()
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let mut results = Vec::new();
    for (mode, grouping) in [
        ("batch", storyline::Grouping::Batch),
        ("stream", storyline::Grouping::Stream),
    ] {
        let start = std::time::Instant::now();
        let d = storyline::digest_grouped(articles.clone(), &cfg, grouping);
        let seconds = start.elapsed().as_secs_f64();
        let mut pred = vec![usize::MAX; labels.len()];
        for (i, s) in d.stories.iter().enumerate() {
            for &a in &s.articles {
                pred[a] = i;
            }
        }
        results.push(StoryResult {
            mode,
            stories: d.stories.len(),
            gold_stories,
            bcubed: storyline_eval::bcubed(&pred, &labels),
            adjusted_rand_index: storyline_eval::adjusted_rand_index(&pred, &labels),
            seconds,
        });
    }
    let label = match args.label {
        Label::Event => "event",
        Label::Topic => "topic",
    };
    let text = match args.format {
        Format::Json => {
            serde_json::to_string_pretty(&serde_json::json!({
                "articles": articles.len(),
                "label": label,
                "threshold": cfg.stories.threshold,
                "results": results,
            }))? + "\n"
        }
        Format::Table => {
            let mut t = String::new();
            let _ = writeln!(
                t,
                "{} articles, {} gold {label} labels, threshold {}",
                articles.len(),
                gold_stories,
                cfg.stories.threshold
            );
            let _ = writeln!(
                t,
                "{:<7} {:>7}  {:>9} {:>9} {:>9}  {:>7}  {:>8}",
                "mode", "stories", "B3 P", "B3 R", "B3 F1", "ARI", "seconds"
            );
            for r in &results {
                let _ = writeln!(
                    t,
                    "{:<7} {:>7}  {:>9.4} {:>9.4} {:>9.4}  {:>7.4}  {:>8.3}",
                    r.mode,
                    r.stories,
                    r.bcubed.precision,
                    r.bcubed.recall,
                    r.bcubed.f1,
                    r.adjusted_rand_index,
                    r.seconds
                );
            }
            t
        }
    };
    io::write_output(None, &text)?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct SystemResult {
    system: String,
    clusters: usize,
    average: RougeScores,
    per_cluster: BTreeMap<String, RougeScores>,
}

fn summaries(args: SummariesArgs) -> anyhow::Result<ExitCode> {
    let shown = args.clusters.display().to_string();
    let (clusters, diags) =
        load_clusters(&args.clusters).with_context(|| format!("cannot read {shown}"))?;
    for d in &diags {
        eprintln!("storyline: {d}");
    }
    let with_refs: Vec<_> = clusters
        .iter()
        .filter(|c| {
            let ok = !c.summaries.is_empty();
            if !ok {
                eprintln!("storyline: {shown}:{}: warning: cluster {:?} has no reference summaries; not scored", c.line, c.id);
            }
            ok
        })
        .collect();
    if with_refs.is_empty() {
        eprintln!("storyline: error: no cluster with reference summaries in {shown}");
        return Ok(ExitCode::from(1));
    }
    let cfg = RougeConfig {
        stem: !args.no_stem,
        jackknife: !args.no_jackknife,
        word_limit: (args.words > 0).then_some(args.words),
        unicode: args.tokenizer == TokenizerArg::Unicode,
        ..RougeConfig::default()
    };
    // system name -> cluster id -> summary
    let mut systems: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let known: std::collections::BTreeSet<&str> = with_refs.iter().map(|c| c.id.as_str()).collect();
    for path in &args.system {
        let (rows, diags) = load_system_summaries(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        for d in &diags {
            eprintln!("storyline: {d}");
        }
        let default_name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("system")
            .to_string();
        for r in rows {
            if args
                .lang
                .as_deref()
                .is_some_and(|l| !r.lang.is_empty() && r.lang != l)
            {
                continue;
            }
            if !known.contains(r.id.as_str()) {
                eprintln!(
                    "storyline: {}:{}: warning: unknown cluster id {:?}; row ignored",
                    path.display(),
                    r.line,
                    r.id
                );
                continue;
            }
            let name = if r.system.is_empty() {
                default_name.clone()
            } else {
                r.system
            };
            systems.entry(name).or_default().insert(r.id, r.summary);
        }
    }
    if args.system.is_empty() || args.with_storyline {
        let mut pcfg = Config::default();
        pcfg.summary.max_words = if args.words > 0 { args.words } else { 250 };
        let bar = io::progress(with_refs.len() as u64, "summarizing");
        let own = systems.entry("storyline".to_string()).or_default();
        for c in &with_refs {
            pcfg.language = Some(summarize::cluster_language(c, None));
            own.insert(c.id.clone(), summarize::summarize_cluster(c, &pcfg).summary);
            bar.inc(1);
        }
        bar.finish_and_clear();
    }
    let mut results = Vec::new();
    for (name, sums) in &systems {
        let mut per_cluster = BTreeMap::new();
        for c in &with_refs {
            let peer = match sums.get(&c.id) {
                Some(s) => s.as_str(),
                None => {
                    eprintln!("storyline: warning: system {name:?} has no summary for cluster {:?}; scored as empty", c.id);
                    ""
                }
            };
            let refs: Vec<&str> = c.summaries.iter().map(String::as_str).collect();
            per_cluster.insert(c.id.clone(), score(peer, &refs, &cfg));
        }
        let all: Vec<RougeScores> = per_cluster.values().copied().collect();
        results.push(SystemResult {
            system: name.clone(),
            clusters: all.len(),
            average: macro_average(&all),
            per_cluster,
        });
    }
    let text = match args.format {
        Format::Json => {
            serde_json::to_string_pretty(&serde_json::json!({
                "clusters": shown,
                "settings": {"tokenizer": if cfg.unicode { "unicode" } else { "rouge155" }, "stem": cfg.stem, "jackknife": cfg.jackknife, "word_limit": cfg.word_limit, "max_skip": cfg.max_skip, "skip_unigrams": cfg.skip_unigrams},
                "systems": results,
            }))? + "\n"
        }
        Format::Table => table(&results, &cfg, args.per_cluster),
    };
    io::write_output(None, &text)?;
    Ok(ExitCode::SUCCESS)
}

fn table(results: &[SystemResult], cfg: &RougeConfig, per_cluster: bool) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "ROUGE-1.5.5 settings: tokenizer={} stem={} jackknife={} word_limit={} skip={} (+unigrams)",
        if cfg.unicode { "unicode" } else { "rouge155" },
        cfg.stem,
        cfg.jackknife,
        cfg.word_limit.map_or("none".to_string(), |n| n.to_string()),
        cfg.max_skip
    );
    let _ = writeln!(
        t,
        "{:<24} {:>4}  {:>20}  {:>20}  {:>20}",
        "system", "n", "ROUGE-1 R/P/F", "ROUGE-2 R/P/F", "ROUGE-SU4 R/P/F"
    );
    let prf = |p: &Prf| format!("{:.4}/{:.4}/{:.4}", p.recall, p.precision, p.f);
    for r in results {
        let a = &r.average;
        let _ = writeln!(
            t,
            "{:<24} {:>4}  {}  {}  {}",
            r.system,
            r.clusters,
            prf(&a.rouge1),
            prf(&a.rouge2),
            prf(&a.rouge_su4)
        );
        if per_cluster {
            for (id, s) in &r.per_cluster {
                let _ = writeln!(
                    t,
                    "  {:<22} {:>4}  {}  {}  {}",
                    id,
                    "",
                    prf(&s.rouge1),
                    prf(&s.rouge2),
                    prf(&s.rouge_su4)
                );
            }
        }
    }
    t
}
