//! Scaling of hostile shapes (issue 14): each shape is doubled three times
//! and the time of each size is divided by the time of the size before. A
//! ratio near 2 is linear; near 4 is quadratic. Medians of 3 runs.
//!
//! ```text
//! cargo bench -p storyline --bench scaling
//! ```

use std::time::{Duration, Instant};

use storyline::ingest::{parse_html, parse_published};
use storyline::report::{render, Format};
use storyline::{digest_grouped, Article, Config, Grouping};

/// Median wall time of `runs` calls of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

/// Time `make(n)` then `run` over doubling sizes from `base`; print the
/// times and ratios, and return the largest ratio.
fn shape<T>(name: &str, base: usize, make: impl Fn(usize) -> T, run: impl Fn(&T)) -> f64 {
    let mut last: Option<Duration> = None;
    let mut worst: f64 = 0.0;
    let mut line = format!("{name:<44}");
    for step in 0..4 {
        let n = base << step;
        let input = make(n);
        let t = median(3, || run(&input));
        line.push_str(&format!(" {n:>6}: {:>8.3} s", t.as_secs_f64()));
        if let Some(prev) = last {
            let ratio = t.as_secs_f64() / prev.as_secs_f64().max(1e-6);
            worst = worst.max(ratio);
            line.push_str(&format!(" (x{ratio:.2})"));
        }
        last = Some(t);
    }
    println!("{line}   worst x{worst:.2}");
    worst
}

fn digest_markdown(articles: &[Article], grouping: Grouping) {
    let d = digest_grouped(articles.to_vec(), &Config::default(), grouping);
    let _ = render(&d, Format::Markdown);
}

/// Two articles of `n` copies of one quoted, dated sentence.
fn repeated_sentences(n: usize) -> Vec<Article> {
    let line = "\"We will build the tram line,\" the mayor said on Tuesday. ";
    ["a", "b"]
        .iter()
        .map(|k| {
            let mut a = Article::new(*k, format!("Tram {k}"), line.repeat(n));
            a.published = parse_published("2025-03-07");
            a
        })
        .collect()
}

/// One article of `n` distinct sentences.
fn long_article(n: usize) -> Vec<Article> {
    let text: String = (0..n)
        .map(|i| {
            format!(
                "Councillor number {i} said the tram line would pass street {} by {}. ",
                i * 7,
                2020 + i % 9
            )
        })
        .collect();
    vec![Article::new("long", "A long article", text)]
}

/// A page of `n` nested `div`s around one paragraph.
fn nested_page(n: usize) -> String {
    "<html><body>".to_string()
        + &"<div>".repeat(n)
        + "<p>The mayor announced a new tram line on Tuesday, to open next year.</p>"
        + &"</div>".repeat(n)
        + "</body></html>"
}

fn main() {
    println!("shape (time per size, ratio to the size before)");
    let mut worst = Vec::new();
    worst.push(shape(
        "repeated sentences (2 articles of n)",
        2000,
        repeated_sentences,
        |a| digest_markdown(a, Grouping::Batch),
    ));
    worst.push(shape(
        "near-identical articles (n copies), batch",
        500,
        storyline::synth::wire_copies,
        |a| digest_markdown(a, Grouping::Batch),
    ));
    worst.push(shape(
        "near-identical articles (n copies), stream",
        500,
        storyline::synth::wire_copies,
        |a| digest_markdown(a, Grouping::Stream),
    ));
    worst.push(shape(
        "sentences per article (1 article of n)",
        2500,
        long_article,
        |a| digest_markdown(a, Grouping::Batch),
    ));
    worst.push(shape(
        "nesting depth (n divs), page extraction",
        2500,
        nested_page,
        |p| {
            let _ = parse_html("deep.html", "deep", p.as_bytes());
        },
    ));
    let max = worst.iter().copied().fold(0.0, f64::max);
    println!("largest ratio per doubling: x{max:.2} (near-linear: <= 2.3)");
}
