//! Summarizer benchmark: time per story on the MultiLing 2011 English clusters
//! (read from `../shared`; skipped with a message when absent) and on synthetic
//! stories of 10, 100 and 1,000 articles, to show how cost grows with story size.
//! Run: `cargo bench -p storyline --bench summarize`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use storyline::{digest_grouped, ingest, synth, Article, Config, Grouping, Language};

/// The clusters of a MultiLing clusters JSONL file, as articles.
fn multiling(path: &Path) -> Option<Vec<Vec<Article>>> {
    let text = std::fs::read_to_string(path).ok()?;
    let clusters = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|c| {
            c["docs"]
                .as_array()
                .map(|docs| {
                    docs.iter()
                        .map(|d| {
                            let mut a = Article::new(
                                d["id"].as_str().unwrap_or_default(),
                                d["title"].as_str().unwrap_or_default(),
                                d["text"].as_str().unwrap_or_default(),
                            );
                            a.published = d["published"].as_str().and_then(ingest::parse_published);
                            a
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    Some(clusters)
}

fn summarize_one(articles: &[Article], cfg: &Config) -> usize {
    let all = (0..articles.len()).collect();
    let d = digest_grouped(articles.to_vec(), cfg, Grouping::Given(vec![all]));
    d.stories.first().map_or(0, |s| s.summary.len())
}

fn bench(c: &mut Criterion) {
    // The language is given, as `storyline summarize` takes it from each
    // cluster, and extraction is off, as that command does not use it.
    let mut cfg = Config {
        language: Some(Language::ENGLISH),
        extract: false,
        ..Config::default()
    };
    cfg.summary.max_words = 250;
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/multiling2011/english.clusters.jsonl");
    match multiling(&path) {
        Some(clusters) => {
            let mut group = c.benchmark_group("multiling_english");
            group.throughput(Throughput::Elements(clusters.len() as u64));
            // The answer is checked once: every cluster gets a summary.
            assert!(clusters.iter().all(|a| summarize_one(a, &cfg) > 0));
            group.bench_function("10_clusters_250_words", |b| {
                b.iter(|| {
                    clusters
                        .iter()
                        .map(|a| summarize_one(a, &cfg))
                        .sum::<usize>()
                })
            });
            group.finish();
        }
        None => eprintln!("multiling_english skipped: {} not found", path.display()),
    }

    let mut group = c.benchmark_group("story_size");
    group.sample_size(10);
    let (pool, labels) = synth::corpus(20_000, 5);
    for n in [10usize, 100, 1_000] {
        // One story of n articles: the largest generated story, topped up with
        // articles of the next ones (the summarizer does not care).
        let mut by_story: Vec<usize> = (0..pool.len()).collect();
        by_story.sort_by_key(|&i| labels[i]);
        let story: Vec<Article> = by_story
            .into_iter()
            .take(n)
            .map(|i| pool[i].clone())
            .collect();
        let sentences: usize = story.iter().map(|a| a.text.matches(". ").count() + 1).sum();
        assert!(summarize_one(&story, &cfg) > 0);
        group.throughput(Throughput::Elements(sentences as u64));
        group.bench_with_input(BenchmarkId::new("articles", n), &story, |b, story| {
            b.iter(|| summarize_one(story, &cfg))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
