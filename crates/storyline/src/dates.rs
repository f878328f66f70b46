//! Placeholder until the time-expression module lands (same interface).
#![allow(missing_docs, unused_variables)]
use jiff::civil::Date;
use std::ops::Range;
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateRange {
    pub start: Date,
    pub end: Date,
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeExpr {
    pub span: Range<usize>,
    pub resolved: Option<DateRange>,
    pub relative: bool,
}
pub fn find_times(text: &str, published: Option<Date>) -> Vec<TimeExpr> {
    Vec::new()
}
