//! Extraction benchmark: names, attributions and dates of one article
//! ([`storyline::extract::extract_article`]), per article, on the PolNeAR dev
//! articles (news and opinion from eight US outlets, read from `../shared`;
//! skipped with a message when absent) and on the example corpus in the repo.
//! Each article is cleaned first, outside the timed loop, as the pipeline does.
//! Run: `cargo bench -p storyline --bench extract`.

use std::ops::Range;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use storyline::clean::clean;
use storyline::extract::extract_article;
use storyline::Article;

/// Articles of a JSON Lines file with `id` and `text` (and an optional `title`).
fn read_jsonl(path: &Path) -> Option<Vec<Article>> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(
        text.lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .map(|v| {
                Article::new(
                    v["id"].as_str().unwrap_or_default(),
                    v["title"].as_str().unwrap_or_default(),
                    v["text"].as_str().unwrap_or_default(),
                )
            })
            .collect(),
    )
}

fn bench_set(c: &mut Criterion, name: &str, articles: &[Article]) {
    let kept: Vec<Vec<Range<usize>>> = articles.iter().map(|a| clean(&a.text).paragraphs).collect();
    // Checked once: extraction finds something in these articles.
    let found: usize = articles
        .iter()
        .zip(&kept)
        .map(|(a, k)| {
            let e = extract_article(a, k);
            e.mentions.len() + e.attributions.len() + e.times.len()
        })
        .sum();
    assert!(found > 0, "{name}: nothing extracted");
    let mut group = c.benchmark_group("extract_article");
    group.throughput(Throughput::Elements(articles.len() as u64));
    group.bench_function(name, |b| {
        b.iter(|| {
            articles
                .iter()
                .zip(&kept)
                .map(|(a, k)| extract_article(a, k).attributions.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let polnear = root.join("../shared/data/polnear-dev/articles.jsonl");
    match read_jsonl(&polnear) {
        Some(articles) => bench_set(c, "polnear_dev", &articles),
        None => eprintln!("polnear_dev skipped: {} not found", polnear.display()),
    }
    let corpus = root.join("examples/corpus.jsonl");
    let articles = read_jsonl(&corpus).expect("the example corpus is in the repo");
    bench_set(c, "example_corpus", &articles);
}

criterion_group!(benches, bench);
criterion_main!(benches);
