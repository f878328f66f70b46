//! Tests of the attribution extractor, one file per pass, and the helpers
//! they share: attributions as strings for readable assertions.

mod direct;
mod frames;
mod orphans;
mod passes;
mod reported;
mod whole;

use super::*;

/// One attribution as strings, for readable assertions.
#[derive(Debug, PartialEq)]
struct Seen {
    kind: QuoteKind,
    content: Vec<String>,
    cue: Option<String>,
    source: Option<String>,
    speaker: Option<String>,
    carrier: Option<String>,
}

fn seen(text: &str) -> Vec<Seen> {
    let part = |r: &Option<Range<usize>>| r.clone().map(|r| text[r].to_string());
    find_attributions(text)
        .iter()
        .map(|a| Seen {
            kind: a.kind,
            content: a
                .content
                .iter()
                .map(|r| text[r.clone()].to_string())
                .collect(),
            cue: part(&a.cue),
            source: part(&a.source),
            speaker: part(&a.speaker),
            carrier: part(&a.carrier),
        })
        .collect()
}

/// The only attribution of `text`.
fn one(text: &str) -> Seen {
    let mut all = seen(text);
    assert_eq!(all.len(), 1, "{all:#?}");
    all.remove(0)
}

/// Asserts that `text` holds one attribution, with `source` and
/// `content`, and returns it.
fn said(text: &str, source: &str, content: &[&str]) -> Seen {
    let a = one(text);
    assert_eq!(a.source, s(source));
    assert_eq!(a.content, content);
    a
}

/// Asserts that none of `texts` holds an attribution.
fn finds_nothing(texts: &[&str]) {
    for text in texts {
        let all = seen(text);
        assert!(all.is_empty(), "{text}: {all:?}");
    }
}

fn s(x: &str) -> Option<String> {
    Some(x.to_string())
}
