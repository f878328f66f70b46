//! Story-detection tuning aid: BCubed F1 of `digest` stories against gold labels
//! in a JSONL file (field given as the second argument). Prints one line.
//! Usage: cargo run --release --example tune_stories -- FILE.jsonl LABEL_FIELD [threshold]
use std::collections::HashMap;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = &args[1];
    let field = &args[2];
    let bytes = std::fs::read(path).expect("read");
    let (articles, _) = storyline::ingest::parse_jsonl(path, &bytes);
    let mut labels = Vec::new();
    for line in String::from_utf8_lossy(&bytes)
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let v: serde_json::Value = serde_json::from_str(line).expect("json");
        labels.push(v[field.as_str()].to_string());
    }
    let mut cfg = storyline::Config::default();
    if let Some(t) = args.get(3) {
        cfg.stories.threshold = t.parse().expect("threshold");
    }
    let nodate = args.iter().any(|a| a == "--no-dates");
    let articles: Vec<_> = articles
        .into_iter()
        .map(|mut a| {
            if nodate {
                a.published = None;
            }
            a
        })
        .collect();
    let d = storyline::digest(articles, &cfg);
    let mut pred = vec![0usize; labels.len()];
    for (i, s) in d.stories.iter().enumerate() {
        for &a in &s.articles {
            pred[a] = i;
        }
    }
    let (mut p, mut r) = (0.0, 0.0);
    let n = labels.len();
    let mut by_pred: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut by_gold: HashMap<&String, Vec<usize>> = HashMap::new();
    for i in 0..n {
        by_pred.entry(pred[i]).or_default().push(i);
        by_gold.entry(&labels[i]).or_default().push(i);
    }
    for i in 0..n {
        let pc = &by_pred[&pred[i]];
        let gc = &by_gold[&labels[i]];
        let both = pc.iter().filter(|&&j| labels[j] == labels[i]).count() as f64;
        p += both / pc.len() as f64;
        r += both / gc.len() as f64;
    }
    p /= n as f64;
    r /= n as f64;
    if std::env::var("SL_SHOW").is_ok() {
        for (i, s) in d.stories.iter().enumerate() {
            let mut c: HashMap<&String, usize> = HashMap::new();
            for &a in &s.articles {
                *c.entry(&labels[a]).or_default() += 1;
            }
            if c.len() > 1 {
                println!("story {i}: {c:?}");
            }
        }
    }
    println!(
        "stories {} gold {} P {:.3} R {:.3} F1 {:.3}",
        d.stories.len(),
        by_gold.len(),
        p,
        r,
        2.0 * p * r / (p + r)
    );
}
