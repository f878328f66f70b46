//! Time the ingest read path alone (files → articles, nothing kept), for
//! throughput and peak-memory measurements of the readers:
//!
//! ```text
//! cargo run --release -p storyline --example read_time -- out.warc.gz
//! /usr/bin/time -v target/release/examples/read_time out.warc.gz
//! ```
//!
//! Prints, per file, the articles read, the diagnostics, the time and the
//! rate in input megabytes and articles per second.

use std::path::PathBuf;
use std::time::Instant;

use storyline::ingest;

fn main() {
    let paths: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let (files, diags) = ingest::discover(&paths);
    for d in &diags {
        eprintln!("{d}");
    }
    for file in &files {
        let size = std::fs::metadata(&file.path).map(|m| m.len()).unwrap_or(0);
        let start = Instant::now();
        let mut count = 0usize;
        let mut text_bytes = 0usize;
        let mut diags = Vec::new();
        ingest::read_each(
            file,
            &mut |a| {
                count += 1;
                text_bytes += a.text.len();
            },
            &mut diags,
        );
        let secs = start.elapsed().as_secs_f64();
        // The diagnostics are kept (one "no publication date" warning per
        // page while dates are not read): their memory is not the reader's.
        let diag_bytes: usize = diags.capacity() * std::mem::size_of::<storyline::Diagnostic>()
            + diags
                .iter()
                .map(|d| d.message.capacity() + d.path.capacity())
                .sum::<usize>();
        if let Some(last) = diags.last() {
            eprintln!("{last}");
        }
        println!(
            "{}: {count} articles ({:.1} MB of text), {} diagnostics ({:.1} MB held), {secs:.2} s: {:.1} MB/s of input, {:.0} articles/s",
            file.path.display(),
            text_bytes as f64 / 1e6,
            diags.len(),
            diag_bytes as f64 / 1e6,
            size as f64 / 1e6 / secs,
            count as f64 / secs
        );
    }
}
