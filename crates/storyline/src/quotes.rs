//! Placeholder until the attribution module lands (same interface).
#![allow(missing_docs, unused_variables)]
use std::ops::Range;
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuoteKind {
    Direct,
    Reported,
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    pub kind: QuoteKind,
    pub content: Vec<Range<usize>>,
    pub cue: Option<Range<usize>>,
    pub source: Option<Range<usize>>,
    pub speaker: Option<Range<usize>>,
    pub carrier: Option<Range<usize>>,
}
pub fn find_attributions(text: &str) -> Vec<Attribution> {
    Vec::new()
}
