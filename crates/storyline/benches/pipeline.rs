//! Whole-pipeline benchmark: `digest` on a synthetic corpus of 10,000 articles
//! (plus stage-level benches). Run: `cargo bench -p storyline --bench pipeline`.
//! Throughput is reported by criterion as elements (articles) per second.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use storyline::{digest, report, synth, Config};

fn pipeline(c: &mut Criterion) {
    let mut group = c.benchmark_group("digest");
    group.sample_size(10);
    for n in [1_000usize, 10_000] {
        let (articles, _) = synth::corpus(n, 42);
        // Check the answer once, so the bench measures a pipeline that works.
        let d = digest(articles.clone(), &Config::default());
        assert_eq!(d.articles.len(), n);
        assert!(
            d.stories.len() > n / 40 && d.stories.len() < n,
            "{} stories",
            d.stories.len()
        );
        assert!(!d.copy_groups.is_empty());
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("articles", n), &articles, |b, articles| {
            b.iter(|| digest(articles.clone(), &Config::default()))
        });
        // The same without the extract stage (entities, quotes, timeline), to
        // measure what extraction adds.
        let no_extract = Config {
            extract: false,
            ..Config::default()
        };
        group.bench_with_input(
            BenchmarkId::new("articles_without_extract", n),
            &articles,
            |b, articles| b.iter(|| digest(articles.clone(), &no_extract)),
        );
    }
    group.finish();

    let (articles, _) = synth::corpus(1_000, 42);
    let d = digest(articles, &Config::default());
    let mut group = c.benchmark_group("report");
    group.throughput(Throughput::Elements(1_000));
    group.bench_function("json_1000", |b| {
        b.iter(|| report::render(&d, report::Format::Json))
    });
    group.bench_function("markdown_1000", |b| {
        b.iter(|| report::render(&d, report::Format::Markdown))
    });
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
