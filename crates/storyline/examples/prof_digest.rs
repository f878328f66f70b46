//! Profiling aid: time `digest` and the Markdown report on a synthetic corpus.
//! Usage: cargo run --release --example prof_digest -- [N] [stream]
use std::time::Instant;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let (articles, _) = storyline::synth::corpus(n, 42);
    let grouping = if std::env::args().nth(2).as_deref() == Some("stream") {
        storyline::Grouping::Stream
    } else {
        storyline::Grouping::Batch
    };
    let t = Instant::now();
    let d = storyline::digest_grouped(articles, &storyline::Config::default(), grouping);
    let digest_time = t.elapsed();
    let mut sizes: Vec<usize> = d.copy_groups.iter().map(|g| g.members.len()).collect();
    sizes.sort_unstable();
    let mut story_sizes: Vec<usize> = d.stories.iter().map(|s| s.articles.len()).collect();
    story_sizes.sort_unstable();
    eprintln!(
        "digest {n}: {digest_time:?}; {} stories (largest {:?}); {} copy groups (largest {:?})",
        d.stories.len(),
        story_sizes.iter().rev().take(5).collect::<Vec<_>>(),
        d.copy_groups.len(),
        sizes.iter().rev().take(5).collect::<Vec<_>>()
    );
    eprintln!("peak RSS after the digest: {} MiB", peak_rss_mib());
    let t = Instant::now();
    let md = storyline::report::render(&d, storyline::report::Format::Markdown).map(|s| s.len());
    eprintln!("markdown: {:?}, {:?} bytes", t.elapsed(), md);
    let t = Instant::now();
    let mut sink = std::io::sink();
    let json = storyline::report::write(&d, storyline::report::Format::Json, &mut sink);
    eprintln!(
        "json: {:?}, {:?}; peak RSS {} MiB",
        t.elapsed(),
        json.map(|_| "written"),
        peak_rss_mib()
    );
}

/// Peak resident set size of this process in MiB (Linux; 0 elsewhere).
fn peak_rss_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .map_or(0, |kib| kib / 1024)
}
