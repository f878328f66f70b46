//! Prints storyline's attributions for the text on stdin, one per line, for
//! trying the quote extractor on a sentence by hand.

use std::io::Read;

fn main() -> anyhow::Result<()> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    for a in storyline::quotes::find_attributions(&text) {
        let part = |r: &Option<std::ops::Range<usize>>| r.clone().map_or("-", |r| &text[r]);
        let content: Vec<&str> = a.content.iter().map(|r| &text[r.clone()]).collect();
        println!(
            "{:?} source={:?} cue={:?} speaker={:?} content={:?}",
            a.kind,
            part(&a.source),
            part(&a.cue),
            a.speaker,
            content.join(" | ")
        );
    }
    Ok(())
}
