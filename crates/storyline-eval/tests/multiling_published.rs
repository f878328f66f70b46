//! Faithfulness check: recompute the published ROUGE recall of the MultiLing
//! 2011 pilot (TAC 2011) from the participants' summaries and compare.
//!
//! The organisers ran ROUGE-1.5.5 with `-a -x -2 4 -u -c 95 -r 1000 -n 2 -f A
//! -p 0.5 -t 0 -d`: no stemming, no length limit, plain model average (no
//! jackknifing), averaged over the 10 topics. The data (CC BY 3.0) lives next
//! to the repository checkout in `shared/data/multiling2011`; without it the
//! tests pass after saying so, unless `STORYLINE_REQUIRE_DATA=1`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use std::time::Instant;

use storyline_eval::{
    load_clusters, load_system_summaries, macro_average, score, Cluster, Prf, RougeConfig,
    RougeScores, SystemSummary,
};

/// Where the MultiLing 2011 export is expected.
const DATA_DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/multiling2011"
);

/// Largest accepted distance between our recall and the published one.
const TOLERANCE: f64 = 0.002;

/// The languages of the pilot, English first.
const LANGUAGES: &[&str] = &[
    "english", "arabic", "czech", "french", "greek", "hebrew", "hindi",
];

/// Metric names as `published.json` spells them.
const METRICS: [&str; 3] = ["ROUGE-1", "ROUGE-2", "ROUGE-SU4"];

/// Published figures we do not reproduce within [`TOLERANCE`], with the
/// looser bound they do meet: (language, system, metric, bound).
///
/// Hebrew ID2 (CLASSY1) ROUGE-1: ours 0.34734, published 0.34343. ROUGE-1.5.5
/// itself, run on the same files with the published options, prints 0.34703,
/// so the gap is in the data, not in the scoring: Hebrew summaries keep only
/// digits and a few Latin tokens under ROUGE's `[a-z0-9]` filter (1 to 33
/// tokens per reference), and one token more or less in one file moves the
/// average by about 0.004. Most likely the "corrected submission" shipped with
/// the data is not the file the organisers scored.
const KNOWN_DEVIATIONS: &[(&str, &str, &str, f64)] = &[("hebrew", "ID2", "ROUGE-1", 0.005)];

/// Everything loaded from the data folder.
struct Dataset {
    /// Clusters keyed by (language, cluster id).
    clusters: HashMap<(String, String), Cluster>,
    /// All system summaries, every language.
    participants: Vec<SystemSummary>,
    /// The parsed `published.json`.
    published: serde_json::Value,
}

/// Loads the data from [`DATA_DIR`], or returns `None` (after saying why)
/// when the folder is absent and `STORYLINE_REQUIRE_DATA` is not `1`.
fn dataset() -> Option<Dataset> {
    let required = std::env::var("STORYLINE_REQUIRE_DATA").is_ok_and(|v| v == "1");
    dataset_at(Path::new(DATA_DIR), required)
}

/// Loads the data from `dir`; an absent folder gives `None`, or a panic when
/// the data is `required`.
fn dataset_at(dir: &Path, required: bool) -> Option<Dataset> {
    if !dir.is_dir() {
        println!(
            "MultiLing 2011 data absent: looked for {} ({}); skipping",
            without_dot_dot(dir).display(),
            dir.display()
        );
        assert!(
            !required,
            "STORYLINE_REQUIRE_DATA=1 but {} is absent",
            dir.display()
        );
        return None;
    }
    let mut clusters = HashMap::new();
    for lang in LANGUAGES {
        let path = dir.join(format!("{lang}.clusters.jsonl"));
        let (rows, diagnostics) = load_clusters(&path).expect("readable clusters file");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        for cluster in rows {
            clusters.insert((cluster.lang.clone(), cluster.id.clone()), cluster);
        }
    }
    let (participants, diagnostics) =
        load_system_summaries(dir.join("participants.jsonl")).expect("readable participants");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    Some(Dataset {
        clusters,
        participants,
        published: read_json(&dir.join("published.json")),
    })
}

/// `dir` with `..` components resolved lexically, for a readable message
/// about a folder that may not exist.
fn without_dot_dot(dir: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in dir.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Parses a JSON file.
fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).expect("readable published.json");
    serde_json::from_str(&text).expect("valid published.json")
}

/// Per-system macro-averaged scores of one language, keyed by system id.
fn system_averages(
    data: &Dataset,
    lang: &str,
    cfg: &RougeConfig,
) -> BTreeMap<String, (usize, RougeScores)> {
    let mut per_system: BTreeMap<String, Vec<RougeScores>> = BTreeMap::new();
    for row in data.participants.iter().filter(|r| r.lang == lang) {
        let key = (row.lang.clone(), row.id.clone());
        let cluster = data
            .clusters
            .get(&key)
            .unwrap_or_else(|| panic!("no cluster {key:?} for system {}", row.system));
        let models: Vec<&str> = cluster.summaries.iter().map(String::as_str).collect();
        per_system
            .entry(row.system.clone())
            .or_default()
            .push(score(&row.summary, &models, cfg));
    }
    per_system
        .into_iter()
        .map(|(system, scores)| (system, (scores.len(), macro_average(&scores))))
        .collect()
}

/// Published recall of one system and metric.
fn published_recall(data: &Dataset, lang: &str, system: &str, metric: &str) -> f64 {
    data.published["scores"][lang][system][metric]["recall"]
        .as_f64()
        .unwrap_or_else(|| panic!("no published {lang} {system} {metric} recall"))
}

/// Recall of our scores for a metric name.
fn recall(scores: &RougeScores, metric: &str) -> f64 {
    let prf: &Prf = match metric {
        "ROUGE-1" => &scores.rouge1,
        "ROUGE-2" => &scores.rouge2,
        _ => &scores.rouge_su4,
    };
    prf.recall
}

/// System ids in numeric order (ID1, ID2, ..., ID10).
fn ordered_systems<V>(map: &BTreeMap<String, V>) -> Vec<&String> {
    let mut systems: Vec<&String> = map.keys().collect();
    systems.sort_by_key(|s| {
        s.trim_start_matches("ID")
            .parse::<u32>()
            .unwrap_or(u32::MAX)
    });
    systems
}

/// One comparison of our recall with the published figure.
struct Row {
    system: String,
    metric: &'static str,
    ours: f64,
    published: f64,
}

impl Row {
    /// Signed difference, ours minus published.
    fn delta(&self) -> f64 {
        self.ours - self.published
    }
}

/// Scores one language, prints the table and returns every comparison.
fn compare_language(data: &Dataset, lang: &str, cfg: &RougeConfig) -> Vec<Row> {
    let started = Instant::now();
    let averages = system_averages(data, lang, cfg);
    let elapsed = started.elapsed();
    println!(
        "\n{lang}: {} systems scored in {elapsed:.2?} (recall, ours / published / diff)",
        averages.len()
    );
    println!(
        "{:<6} {:>3}  {:>27}  {:>27}  {:>27}",
        "system", "n", "ROUGE-1", "ROUGE-2", "ROUGE-SU4"
    );
    let mut rows = Vec::new();
    for system in ordered_systems(&averages) {
        let (count, scores) = &averages[system];
        let mut line = format!("{system:<6} {count:>3}");
        for metric in METRICS {
            let row = Row {
                system: system.clone(),
                metric,
                ours: recall(scores, metric),
                published: published_recall(data, lang, system, metric),
            };
            line += &format!("  {:.5} {:.5} {:+.5}", row.ours, row.published, row.delta());
            rows.push(row);
        }
        println!("{line}");
    }
    rows
}

/// The bound a comparison has to meet.
fn bound_for(lang: &str, row: &Row) -> f64 {
    KNOWN_DEVIATIONS
        .iter()
        .find(|(l, s, m, _)| *l == lang && *s == row.system && *m == row.metric)
        .map_or(TOLERANCE, |(_, _, _, bound)| *bound)
}

/// Comparisons of one language that miss their bound, as readable lines.
fn failures(lang: &str, rows: &[Row]) -> Vec<String> {
    rows.iter()
        .filter(|row| row.delta().abs() > bound_for(lang, row))
        .map(|row| {
            format!(
                "{lang} {} {}: ours {:.5}, published {:.5}",
                row.system, row.metric, row.ours, row.published
            )
        })
        .collect()
}

#[test]
fn english_recall_matches_published() {
    let Some(data) = dataset() else { return };
    let rows = compare_language(&data, "english", &RougeConfig::multiling2011());
    let systems = rows.len() / METRICS.len();
    assert_eq!(systems, 10, "expected the 10 English systems");
    let bad = failures("english", &rows);
    assert!(
        bad.is_empty(),
        "not within {TOLERANCE}:\n{}",
        bad.join("\n")
    );
}

#[test]
fn english_summaries_per_system() {
    let Some(data) = dataset() else { return };
    let averages = system_averages(&data, "english", &RougeConfig::multiling2011());
    for (system, (count, _)) in &averages {
        assert_eq!(*count, 10, "{system} should have one summary per topic");
    }
}

#[test]
fn other_languages_recall_matches_published() {
    let Some(data) = dataset() else { return };
    let mut bad = Vec::new();
    for lang in LANGUAGES.iter().filter(|l| **l != "english") {
        let rows = compare_language(&data, lang, &RougeConfig::multiling2011());
        for (l, system, metric, bound) in KNOWN_DEVIATIONS.iter().filter(|d| d.0 == *lang) {
            println!("known deviation allowed up to {bound}: {l} {system} {metric}");
        }
        bad.extend(failures(lang, &rows));
    }
    assert!(bad.is_empty(), "not within bounds:\n{}", bad.join("\n"));
}

/// The published figures were computed without jackknifing: with it, the
/// languages with few `[a-z0-9]` tokens drift well past the tolerance.
#[test]
fn published_figures_are_not_jackknifed() {
    let Some(data) = dataset() else { return };
    let jackknifed = RougeConfig {
        jackknife: true,
        ..RougeConfig::multiling2011()
    };
    let mut worst = (0.0_f64, String::new());
    for lang in LANGUAGES {
        let averages = system_averages(&data, lang, &jackknifed);
        for (system, (_, scores)) in &averages {
            for metric in METRICS {
                let delta = recall(scores, metric) - published_recall(&data, lang, system, metric);
                if delta.abs() > worst.0 {
                    worst = (delta.abs(), format!("{lang} {system} {metric}"));
                }
            }
        }
    }
    println!(
        "\nwith jackknifing the worst recall difference is {:.5} ({})",
        worst.0, worst.1
    );
    assert!(
        worst.0 > 0.005,
        "jackknifing unexpectedly reproduces the figures"
    );
}

#[test]
fn absent_data_is_skipped_unless_required() {
    let missing = Path::new(DATA_DIR).join("no-such-folder");
    assert!(dataset_at(&missing, false).is_none());
    let required = std::panic::catch_unwind(|| dataset_at(&missing, true).is_some());
    assert!(
        required.is_err(),
        "a required but absent data folder must fail"
    );
}
