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

/// One wire story carried by `n` outlets, each with its dateline and one
/// word swapped.
fn wire_copies(n: usize) -> Vec<Article> {
    let body = "The city council of Port Avalen approved a new tram line on Tuesday after a debate that lasted nine hours. \
        The line will run 14 kilometres from the harbour to the university and carry 40,000 passengers a day. \
        Mayor Ines Borel said the vote was a turning point for a city choked by traffic. \
        Opponents said the 820 million euro cost would push up local taxes for a decade. \
        Construction is due to start next spring and the first trams should run in 2029.";
    let swaps = [
        ("approved", "backed"),
        ("Opponents", "Critics"),
        ("debate", "discussion"),
    ];
    (0..n)
        .map(|k| {
            let (from, to) = swaps[k % swaps.len()];
            let text = format!("PORT AVALEN (Outlet {k}) - {}", body.replace(from, to));
            let mut a = Article::new(format!("w{k}"), "Port Avalen approves tram line", text);
            a.source = Some(format!("Outlet {k}"));
            a.published =
                parse_published(&format!("2025-03-07T{:02}:{:02}:00Z", 8 + k % 12, k % 60));
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
        wire_copies,
        |a| digest_markdown(a, Grouping::Batch),
    ));
    worst.push(shape(
        "near-identical articles (n copies), stream",
        500,
        wire_copies,
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
