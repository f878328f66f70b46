//! Trains the attribution tagger on PolNeAR's training split and writes the
//! model the library ships.
//!
//! ```text
//! cargo run --release -p storyline-cli --example train_attribution -- \
//!     [TRAIN.jsonl] [OUT.bin] [--epochs N] [--validate K]
//! ```
//!
//! Defaults: `../shared/data/polnear-train/articles.jsonl`,
//! `crates/storyline/data/attribution-tagger.bin`, 8 epochs. `--validate K`
//! trains on all but the last K articles of train and scores the rules, the
//! tagger alone and the rules with the tagger's additions on those K (for
//! choosing settings without looking at dev); it writes no model. Training is
//! deterministic: the same data gives the same bytes. Dev is scored by
//! `storyline eval quotes DEV.jsonl --tagger`.

use std::path::PathBuf;

use storyline::learned::attribution::{
    additions_with, tag_with, GoldSpans, Tagged, TrainingArticle,
};
use storyline::learned::perceptron::Model;
use storyline::quotes::{find_attributions, QuoteKind};
use storyline_eval::attribution::{
    load_polnear, score, AttributionScores, PolnearArticle, PredictedAttribution,
};

fn main() -> anyhow::Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut paths = Vec::new();
    let mut epochs = 8usize;
    let mut validate = 0usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--epochs" => epochs = args.next().unwrap_or_default().parse()?,
            "--validate" => validate = args.next().unwrap_or_default().parse()?,
            _ => paths.push(PathBuf::from(a)),
        }
    }
    let train_path = paths
        .first()
        .cloned()
        .unwrap_or_else(|| root.join("../shared/data/polnear-train/articles.jsonl"));
    let out = paths
        .get(1)
        .cloned()
        .unwrap_or_else(|| root.join("crates/storyline/data/attribution-tagger.bin"));
    let (articles, diags) = load_polnear(&train_path)?;
    for d in &diags {
        eprintln!("train_attribution: {d}");
    }
    let held = validate.min(articles.len());
    let (fit, check) = articles.split_at(articles.len() - held);
    let training: Vec<TrainingArticle> = fit.iter().map(to_training).collect();
    let start = std::time::Instant::now();
    let model = storyline::learned::attribution::train(&training, epochs);
    eprintln!(
        "trained on {} articles, {epochs} epochs, in {:.1} s: {} feature buckets in use",
        fit.len(),
        start.elapsed().as_secs_f64(),
        model.features()
    );
    if held > 0 {
        validate_on(&model, check);
        return Ok(());
    }
    let bytes = model.to_bytes();
    std::fs::write(&out, &bytes)?;
    eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    Ok(())
}

fn to_training(a: &PolnearArticle) -> TrainingArticle {
    TrainingArticle {
        text: a.text.clone(),
        gold: a
            .gold
            .iter()
            .map(|g| GoldSpans {
                source: g.source.clone(),
                cue: g.cue.clone(),
                content: g.content.clone(),
            })
            .collect(),
    }
}

fn predicted(t: &Tagged) -> PredictedAttribution {
    PredictedAttribution {
        source: t.source.clone().into_iter().collect(),
        content: t.content.clone(),
        direct: t.direct,
    }
}

/// Scores the rules, the tagger alone and the rules with the tagger's
/// additions on `check`.
fn validate_on(model: &Model, check: &[PolnearArticle]) {
    let (mut rules_s, mut tagger_s, mut both_s) = (Vec::new(), Vec::new(), Vec::new());
    for a in check {
        let rules: Vec<PredictedAttribution> = find_attributions(&a.text)
            .into_iter()
            .map(|x| PredictedAttribution {
                source: x.source.into_iter().collect(),
                content: x.content,
                direct: x.kind == QuoteKind::Direct,
            })
            .collect();
        let tagged = tag_with(model, &a.text);
        let contents: Vec<_> = rules.iter().map(|r| r.content.clone()).collect();
        let mut both = rules.clone();
        both.extend(
            additions_with(model, &a.text, &contents)
                .iter()
                .map(predicted),
        );
        rules_s.push(score(&a.gold, &rules));
        tagger_s.push(score(
            &a.gold,
            &tagged.iter().map(predicted).collect::<Vec<_>>(),
        ));
        both_s.push(score(&a.gold, &both));
    }
    println!("on the last {} articles of train:", check.len());
    for (name, s) in [
        ("rules", rules_s),
        ("tagger", tagger_s),
        ("rules + tagger", both_s),
    ] {
        let t = AttributionScores::pool(&s);
        println!(
            "{name:<22} direct P {:.4} R {:.4} F1 {:.4} | all P {:.4} R {:.4} F1 {:.4}",
            t.direct.precision,
            t.direct.recall,
            t.direct.f1,
            t.all.precision,
            t.all.recall,
            t.all.f1
        );
    }
}
