//! Profiling aid: summarize the MultiLing English clusters many times.
//! Usage: cargo run --release --example prof_summarize -- PATH/english.clusters.jsonl [ROUNDS]
use storyline::{digest_grouped, ingest, Article, Config, Grouping, Language};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: prof_summarize CLUSTERS.jsonl [ROUNDS]");
        return;
    };
    let rounds: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(100);
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let clusters: Vec<Vec<Article>> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|c| {
            c["docs"]
                .as_array()
                .into_iter()
                .flatten()
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
        .collect();
    let mut cfg = Config {
        language: Some(Language::ENGLISH),
        ..Config::default()
    };
    cfg.summary.max_words = 250;
    let start = std::time::Instant::now();
    let mut n = 0;
    for _ in 0..rounds {
        for c in &clusters {
            let all = (0..c.len()).collect();
            n += digest_grouped(c.clone(), &cfg, Grouping::Given(vec![all])).stories[0]
                .summary
                .len();
        }
    }
    let per = start.elapsed().as_secs_f64() / (rounds * clusters.len()) as f64;
    eprintln!("{:.3} ms per cluster ({n} sentences)", per * 1e3);
}
