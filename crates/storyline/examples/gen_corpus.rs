//! Write the generated corpus (`storyline::synth::corpus`, seed 42) as JSON
//! Lines that `storyline digest` and `storyline ingest` read, so that both
//! commands can be timed on the same file in one run
//! (`scripts/bench-store.sh`).
//!
//! Usage: cargo run --release -p storyline --example gen_corpus -- N > corpus.jsonl
//!
//! Articles are generated 100,000 at a time (`storyline::synth::chunked`) and
//! written as they come: a million articles never sit in memory at once.
use std::io::Write;

fn main() {
    let n: usize = match std::env::args().nth(1).map(|s| s.parse()) {
        Some(Ok(n)) => n,
        _ => {
            eprintln!("usage: gen_corpus N > corpus.jsonl");
            std::process::exit(2);
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for articles in storyline::synth::chunked(n, 100_000, 42) {
        for a in articles {
            if writeln!(out, "{}", storyline::synth::jsonl_line(&a)).is_err() {
                std::process::exit(1);
            }
        }
    }
    if out.flush().is_err() {
        std::process::exit(1);
    }
}
