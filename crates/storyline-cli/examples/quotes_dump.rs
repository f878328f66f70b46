//! Dumps storyline's attributions for every article of a PolNeAR-style JSONL
//! as JSONL (byte ranges), for error analysis of the quote extractor.

use std::io::{BufRead, Write};

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: quotes_dump FILE"))?;
    let file = std::io::BufReader::new(std::fs::File::open(path)?);
    let out = std::io::stdout();
    let mut out = out.lock();
    for line in file.lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        let text = v["text"].as_str().unwrap_or_default();
        let found = storyline::quotes::find_attributions(text);
        let items: Vec<_> = found
            .iter()
            .map(|a| {
                let r = |x: &Option<std::ops::Range<usize>>| x.clone().map(|r| [r.start, r.end]);
                serde_json::json!({
                    "direct": a.kind == storyline::quotes::QuoteKind::Direct,
                    "content": a.content.iter().map(|r| [r.start, r.end]).collect::<Vec<_>>(),
                    "cue": r(&a.cue),
                    "source": r(&a.source),
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::json!({"id": v["id"], "pred": items}))?;
    }
    Ok(())
}
