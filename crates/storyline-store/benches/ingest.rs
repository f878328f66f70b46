//! Ingest throughput into the store, and peak memory: a generated corpus
//! (`STORYLINE_BENCH_N` articles, default 100,000) in publication order, in
//! batches of `STORYLINE_BENCH_BATCH` (default 1,000), into a fresh database.
//!
//! `cargo bench -p storyline-store --bench ingest`
//!
//! Prints articles per second overall and per tenth of the corpus (it should
//! not slow down as the database grows: the live window, not the corpus, is
//! held in memory), and the process's peak resident memory.

use std::time::Instant;

use storyline_store::Store;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Peak resident set size of this process in MiB (Linux), if known.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` would not run us.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let n = env("STORYLINE_BENCH_N", 100_000);
    let batch = env("STORYLINE_BENCH_BATCH", 1_000).max(1);
    let t = Instant::now();
    let (mut articles, _) = storyline::synth::corpus(n, 42);
    let rank = storyline::copies::publication_order(&articles);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| rank[i]);
    let mut slots: Vec<Option<storyline::Article>> = articles.drain(..).map(Some).collect();
    let articles: Vec<storyline::Article> = order.iter().filter_map(|&i| slots[i].take()).collect();
    let generated = t.elapsed().as_secs_f64();
    let rss_corpus = peak_rss_mib().unwrap_or(f64::NAN);
    let text_mib = articles.iter().map(|a| a.text.len()).sum::<usize>() as f64 / 1048576.0;
    let dir = std::env::temp_dir().join(format!("storyline-bench-ingest-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("stories.db");
    let mut store = Store::open(&path).expect("open");
    eprintln!(
        "ingest bench: {n} generated articles ({text_mib:.0} MiB of text, generated in {generated:.1} s), batches of {batch}"
    );
    let start = Instant::now();
    let tenth = (n / 10).max(1);
    let mut done = 0;
    let mut mark = Instant::now();
    for chunk in articles.chunks(batch) {
        store.ingest(chunk.to_vec()).expect("ingest");
        done += chunk.len();
        if done % tenth < batch && done >= tenth {
            let secs = mark.elapsed().as_secs_f64();
            eprintln!(
                "  {done:>7} articles: last part at {:>6.0} articles/s, peak RSS {:.0} MiB",
                tenth as f64 / secs,
                peak_rss_mib().unwrap_or(f64::NAN)
            );
            mark = Instant::now();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let health = store.health().expect("health");
    let db_mib = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) as f64 / 1048576.0;
    println!(
        "ingest: {n} articles in {secs:.1} s = {:.0} articles/s; {} stories; database {db_mib:.0} MiB; peak RSS {:.0} MiB (of which the generated corpus held in memory {rss_corpus:.0} MiB)",
        n as f64 / secs,
        health.stories,
        peak_rss_mib().unwrap_or(f64::NAN)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
