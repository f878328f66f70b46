//! Ingest throughput into the store, and peak memory: a generated corpus
//! (`STORYLINE_BENCH_N` articles, default 100,000; `synth::chunked`, made
//! 50,000 at a time so that the bench's own memory stays small) in
//! publication order, in batches of `STORYLINE_BENCH_BATCH` (default 1,000),
//! into a fresh database.
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
    rss_mib("VmHWM:")
}

/// A memory line of `/proc/self/status` (`VmRSS:` now, `VmHWM:` peak) in MiB.
fn rss_mib(key: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Articles generated (and held) at a time.
const CHUNK: usize = 50_000;

fn in_publication_order(mut articles: Vec<storyline::Article>) -> Vec<storyline::Article> {
    let rank = storyline::copies::publication_order(&articles);
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by_key(|&i| rank[i]);
    let mut slots: Vec<Option<storyline::Article>> = articles.drain(..).map(Some).collect();
    order.iter().filter_map(|&i| slots[i].take()).collect()
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` would not run us.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let n = env("STORYLINE_BENCH_N", 100_000);
    let batch = env("STORYLINE_BENCH_BATCH", 1_000).max(1);
    let dir = std::env::temp_dir().join(format!("storyline-bench-ingest-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("stories.db");
    let mut store = Store::open(&path).expect("open");
    eprintln!("ingest bench: {n} generated articles, made {CHUNK} at a time, batches of {batch}");
    // Only ingest is timed; generating a chunk is not.
    let mut secs = 0.0;
    let mut text_bytes = 0usize;
    let tenth = (n / 10).max(1);
    let mut done = 0;
    let mut part = 0.0;
    for chunk in storyline::synth::chunked(n, CHUNK, 42) {
        let articles = in_publication_order(chunk);
        text_bytes += articles.iter().map(|a| a.text.len()).sum::<usize>();
        for group in articles.chunks(batch) {
            let t = Instant::now();
            store.ingest(group.to_vec()).expect("ingest");
            let took = t.elapsed().as_secs_f64();
            secs += took;
            part += took;
            done += group.len();
            if done % tenth < group.len() && done >= tenth {
                eprintln!(
                    "  {done:>7} articles: last part at {:>6.0} articles/s, RSS {:.0} MiB (peak {:.0})",
                    tenth as f64 / part,
                    rss_mib("VmRSS:").unwrap_or(f64::NAN),
                    peak_rss_mib().unwrap_or(f64::NAN)
                );
                part = 0.0;
            }
        }
    }
    let text_mib = text_bytes as f64 / 1048576.0;
    let health = store.health().expect("health");
    let db_mib = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) as f64 / 1048576.0;
    println!(
        "ingest: {n} articles ({text_mib:.0} MiB of text) in {secs:.1} s = {:.0} articles/s; {} stories; database {db_mib:.0} MiB; peak RSS {:.0} MiB (the bench holds one chunk of the corpus at a time)",
        n as f64 / secs,
        health.stories,
        peak_rss_mib().unwrap_or(f64::NAN)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
