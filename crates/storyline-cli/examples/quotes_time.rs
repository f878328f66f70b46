//! Times `find_attributions` over every article of a PolNeAR-style JSONL
//! (best of several rounds), for checking the extractor's speed.

use std::io::BufRead;

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: quotes_time FILE"))?;
    let file = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut texts = Vec::new();
    for line in file.lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        texts.push(v["text"].as_str().unwrap_or_default().to_string());
    }
    let mut best = f64::MAX;
    let mut n = 0;
    for _ in 0..15 {
        let t = std::time::Instant::now();
        n = texts
            .iter()
            .map(|x| storyline::quotes::find_attributions(x).len())
            .sum::<usize>();
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!("{n} attributions, best {:.1} ms", best * 1e3);
    Ok(())
}
