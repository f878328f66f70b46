//! Dates: find time expressions in news text and resolve them to a day or a range of days,
//! against the article's publication date.
//!
//! [`find_times`] reads a text's lexemes ([`crate::tokens`]: runs of letters, runs
//! of digits, single punctuation characters) and matches a small grammar of English news
//! time expressions on the tokens. No regular expressions are used; the cost is linear
//! in the length of the text, and a text without a digit, a capital letter or one of a
//! few lowercase keywords is rejected before tokenising.
//!
//! # Spans
//!
//! A span covers the words that carry the meaning of the expression, not the
//! preposition that introduces it, nor a possessive `'s`:
//!
//! | text | span |
//! |---|---|
//! | "on Monday", "late on Sunday", "Monday's meeting" | `Monday`, `Sunday`, `Monday` |
//! | "in December", "since March", "early May", "mid-December" | `December`, `March`, `May`, `December` |
//! | "last December", "next Monday", "this coming Friday" | the whole phrase |
//! | "earlier this week", "later this year", "last year's" | `earlier this week`, `later this year`, `last year` |
//! | "two days ago", "3 days later" | the whole phrase |
//! | "January 20, 2017", "May 16-17", "Monday, Sept. 5" | the whole date |
//! | "in 2016", "mid-2016", "in 2015-2016" | `2016`, `2016`, `2015-2016` |
//! | "over the weekend" | `the weekend` |
//!
//! # Resolution rules
//!
//! `P` is the publication date; weeks run Monday to Sunday.
//!
//! * **Weekdays** ("Monday", "on Monday"): the most recent such day on or before `P`
//!   (an article of Monday saying "on Monday" means that Monday). With a *future cue*
//!   up to eight words before it in the same clause ("will", "'ll", "shall", "would",
//!   "must", "expected", "expects", "scheduled", "upcoming", "next", "is due",
//!   "plans to", "intends to", "hopes to", "aims to", "set to", "to be"; not "would
//!   not", "would have", "than expected"), the first such day on or after `P` ("will
//!   speak on Wednesday" in a Wednesday article is that day; "during a scheduled
//!   meeting Tuesday" in a Monday article is the next day). A weekday joined to the
//!   previous day expression by "and", "or", "possibly", a comma... ("on Thursday and
//!   possibly Friday") takes that expression's tense.
//!   "last Monday": the most recent Monday strictly before `P` (published on a Monday, it
//!   is a week earlier). "next Monday" / "this coming Monday": the first Monday strictly
//!   after `P`. "this Monday": the Monday of `P`'s week; with a future cue and before `P`,
//!   one week later. "this past Monday" = "last Monday".
//!   Not tagged: "Good Friday", "Black Friday", "Bloody Sunday" and similar names,
//!   "Sunday Times", "Mail on Sunday", "Saturday Night Live" and similar titles.
//! * **Day words**: "today", "tonight", "this morning/afternoon/evening" = `P`;
//!   "yesterday", "last night" = `P - 1`; "tomorrow" = `P + 1`; "the day before
//!   yesterday" = `P - 2`; "the day after tomorrow" = `P + 2`. Capitalised "Today",
//!   "Tonight"... only at the start of a sentence and not before another capitalised
//!   word ("USA Today", "the Today programme", "Tonight Show").
//! * **Periods** with "this"/"last"/"next": week (Monday..Sunday), weekend
//!   (Saturday..Sunday of the week), month, year, and the seasons (northern hemisphere,
//!   astronomical: spring Mar 20..Jun 20, summer Jun 21..Sep 22, autumn/fall
//!   Sep 23..Dec 20, winter Dec 21..Mar 19). "this" = the period containing `P` (for a
//!   season: the one of `P`'s year; winter: the one around `P`'s new year in the first
//!   half of the year, the coming one otherwise); "last"/"next" = the previous/next
//!   period (a season: the last one ended before `P`, the first one starting after it).
//!   "earlier this X" = start of X .. `P`; "later this X" = `P` .. end of X (no
//!   resolution when `P` lies outside X). "over the weekend" = the weekend of `P`'s
//!   week when `P` is a Saturday or Sunday, otherwise the weekend before. Not tagged
//!   after "the" or a possessive ("the last year", "his last week in office").
//! * **Month and day** ("January 20", "Jan. 20", "Sept. 5", "20 January", "20th of
//!   January", "May 16-17", "May 16 to 17", "May 30 to June 2"): the year is chosen so
//!   that the date lies within (`P` - 10 months, `P` + 2 months]: news mostly refers
//!   back, a date more than two months ahead is last year's, and a date more than ten
//!   months back is next year's ("January 3" in an article of December 28). With a
//!   future cue (or the tense of a day expression just before, as for weekdays): the
//!   first occurrence on or after `P`. An explicit year ("January 20,
//!   2017", "20 January 2017", "Sept. 11, 2001") makes it absolute. A weekday just before
//!   the date ("Monday, Sept. 5") joins the date's span. Impossible days ("February 30",
//!   "September 31", "Feb. 29, 2017") are returned unresolved, never moved to the next
//!   month.
//! * **Month alone**: the whole month. Requires a cue before it: "in", "early", "late",
//!   "mid-", "since", "until", "till", "by" (and for months other than "May" and
//!   "March" also "during", "from", "through", "throughout", "before", "after", "end of",
//!   "beginning of"...). The most recent such month not after `P`'s month; with a future
//!   cue, the next one not before it. "last May" = the most recent May strictly before
//!   `P`'s month, "next May" the first strictly after it, "this May" = May of `P`'s
//!   year. "May" alone must also be followed by punctuation, a number or one of a few
//!   function words ("in May and June", "in May, ..."), so that "a speech by May on
//!   Brexit" is not a month; "April", "June", "August" and "May" followed by a
//!   capitalised word are taken as names. A month alone right after another one
//!   ("in May and June", "in June or July") takes its cue and tense. With a year
//!   ("December 2016", "May of 2016") the month is absolute.
//! * **Years**: four digits 1900..=2099, not part of a larger number ("2,016",
//!   "2016.5", "A2016", "$2016", "2016%"), not followed by a quantity noun ("in 2000
//!   cases", "2000 people") and preceded by "in", "since", "by", "until", "till", "from",
//!   "during", "through", "throughout", "before", "after", "early", "late", "mid-", or
//!   "of" after a period noun ("the end of 2016", "the summer of 2015"). "in 2015 and
//!   2016", "from 2014 to 2016", "between 2014 and 2016": both years count. "2015-2016"
//!   is one range of years. Absolute, January 1 to December 31.
//! * **Numeric dates**: ISO "2016-09-05" and US "09/05/2016" (month first), years
//!   1000..=2999; absolute.
//! * **Counts**: "N days/weeks ago" = `P` - N days/weeks (one day); "N months ago" = the
//!   calendar month of `P` - N months; "N years ago" = the calendar year `P`'s year - N.
//!   "later" counts forward from `P`, "earlier" backward (both an approximation: the text
//!   often counts from another event). N is 1..=999 or a number word "a", "an", "one" ..
//!   "twelve".
//!
//! Without a publication date every relative expression is returned with `resolved:
//! None` and `relative: true`; absolute ones are resolved.
//!
//! # Not handled
//!
//! Decades ("the 1990s"), vague periods ("in recent weeks", "for weeks", "a few days
//! ago", "in the past week"), "in two weeks", times of day, day-first numeric dates
//! ("5.9.2016", "05/09/2016" read as US), two-digit years, weekday and month
//! abbreviations without a day ("Mon", "Sun", "Dec"), all-capital names ("MONDAY"),
//! southern-hemisphere seasons, and Easter-based holidays.

use std::ops::Range;

use jiff::civil::{Date, Weekday};
use jiff::Span;

use crate::tokens::{self, Lexeme, Lexer};

/// An inclusive range of days; `start <= end`. A single day has `start == end`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct DateRange {
    /// The first day of the range.
    pub start: Date,
    /// The last day of the range (inclusive).
    pub end: Date,
}

impl DateRange {
    /// The range of one day.
    fn day(d: Date) -> Self {
        DateRange { start: d, end: d }
    }
}

/// A time expression found in a text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TimeExpr {
    /// Byte range of the expression in the text. Introducing prepositions are not part of
    /// it ("on Monday" -> the span of "Monday"); modifiers that change the meaning are
    /// ("last Monday", "earlier this week", "two days ago"). See the module documentation.
    pub span: Range<usize>,
    /// What it refers to; `None` when it cannot be resolved: a relative expression without a
    /// publication date, or an impossible date ("February 30").
    pub resolved: Option<DateRange>,
    /// The expression depends on the publication date ("on Monday", "last year", "January 20" without a year).
    pub relative: bool,
}

/// Every time expression of `text`, in text order, resolved against `published` when given.
///
/// Never panics; expressions do not overlap.
pub fn find_times(text: &str, published: Option<Date>) -> Vec<TimeExpr> {
    if !worth_scanning(text) {
        return Vec::new();
    }
    let lexemes: Vec<Lexeme> = Lexer::new(text).collect();
    times_in(text, &lexemes, published)
}

/// [`find_times`] over lexemes already made ([`crate::tokens`]): `lexemes`
/// are those of one paragraph of `text`, and spans are offsets into `text`.
pub fn find_times_in(text: &str, lexemes: &[Lexeme], published: Option<Date>) -> Vec<TimeExpr> {
    let Some((first, last)) = lexemes.first().zip(lexemes.last()) else {
        return Vec::new();
    };
    if !worth_scanning(&text[first.start..last.end]) {
        return Vec::new();
    }
    times_in(text, lexemes, published)
}

fn times_in(text: &str, toks: &[Lexeme], published: Option<Date>) -> Vec<TimeExpr> {
    let mut out = Vec::new();
    let cx = Ctx {
        text,
        toks,
        published,
    };
    let mut prev: Option<Hit> = None;
    let mut i = 0;
    while i < toks.len() {
        let Some(hit) = cx.match_at(i, prev.as_ref()) else {
            i += 1;
            continue;
        };
        let first = toks.get(hit.first);
        let last = hit.end.checked_sub(1).and_then(|e| toks.get(e));
        if let (Some(a), Some(b)) = (first, last) {
            out.push(TimeExpr {
                span: a.start..b.end,
                resolved: hit.resolved,
                relative: hit.relative,
            });
        }
        i = hit.end.max(i + 1);
        prev = Some(hit);
    }
    out
}

/// Lowercase words that can start or end an expression without a digit or a capital.
const KEYWORDS: [&str; 11] = [
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
    "last",
    "this",
    "next",
    "earlier",
    "later",
    "ago",
    "weekend",
];

/// Cheap pre-check: every expression has a digit, a capital letter or a keyword.
fn worth_scanning(text: &str) -> bool {
    text.bytes()
        .any(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
        || KEYWORDS.iter().any(|k| text.contains(k))
}

// ---------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------

/// What a date token is: the lexeme's class ([`crate::tokens::Class`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A run of alphabetic characters.
    Word,
    /// A run of ASCII digits.
    Num,
    /// Any other single non-space character.
    Punct,
}

impl Kind {
    fn of(l: &Lexeme) -> Kind {
        match l.class {
            tokens::Class::Letters => Kind::Word,
            tokens::Class::Digits => Kind::Num,
            tokens::Class::Other(_) => Kind::Punct,
        }
    }
}

/// `w` is the lowercase ASCII keyword `kw`, or `kw` with a capital first letter.
fn eq_kw(w: &str, kw: &str) -> bool {
    let (w, kw) = (w.as_bytes(), kw.as_bytes());
    match (w.split_first(), kw.split_first()) {
        (Some((a, wr)), Some((b, kr))) => a.to_ascii_lowercase() == *b && wr == kr,
        _ => false,
    }
}

mod calendar;
#[cfg(test)]
mod tests;
mod words;

use calendar::*;
use words::*;

// ---------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------

/// What a match was, for the tense and year chaining of the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A weekday or a month-day date.
    Day,
    /// A bare year.
    Year,
    /// A month named alone ("in December").
    Month,
    /// Anything else.
    Other,
}

/// A match: tokens `first..end`.
#[derive(Debug, Clone)]
struct Hit {
    first: usize,
    end: usize,
    resolved: Option<DateRange>,
    relative: bool,
    class: Class,
    future: bool,
}

/// The direction of a relative expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Deixis {
    /// Plain, past reading (news default).
    Past,
    /// Plain, with a future cue.
    Future,
    /// "last ...".
    Last,
    /// "this ...".
    This,
    /// "next ...".
    Next,
}

/// Which part of a "this" period: "earlier this week", "later this year".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Whole,
    Earlier,
    Later,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Season {
    Spring,
    Summer,
    Autumn,
    Winter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Period {
    Week,
    Weekend,
    Month,
    Year,
    Season(Season),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CountUnit {
    Day,
    Week,
    Month,
    Year,
}

/// A month-day date or range of dates without its year: `m1/d1 ..= m2/d2`.
#[derive(Debug, Clone, Copy)]
struct Days {
    m1: i8,
    d1: i8,
    m2: i8,
    d2: i8,
}

impl Days {
    fn single(m: i8, d: i8) -> Self {
        Days {
            m1: m,
            d1: d,
            m2: m,
            d2: d,
        }
    }

    /// The range when the start lies in year `y` ("Dec 30 - Jan 2" ends in `y + 1`).
    fn in_year(self, y: i32) -> Option<DateRange> {
        let end_year = if self.m2 < self.m1 { y + 1 } else { y };
        range(
            civil(y, self.m1, self.d1)?,
            civil(end_year, self.m2, self.d2)?,
        )
    }

    /// The range with an explicit year, which belongs to the end date.
    fn with_year(self, y: i32) -> Option<DateRange> {
        self.in_year(if self.m2 < self.m1 { y - 1 } else { y })
    }
}

struct Ctx<'a> {
    text: &'a str,
    toks: &'a [Lexeme],
    published: Option<Date>,
}

// Token indices below `0` are written `i.wrapping_sub(n)`: they wrap to huge values,
// which read as "no token" (empty text, no kind) like indices past the end.
impl<'a> Ctx<'a> {
    fn s(&self, i: usize) -> &'a str {
        self.toks
            .get(i)
            .and_then(|t| self.text.get(t.start..t.end))
            .unwrap_or("")
    }

    fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(Kind::of)
    }

    fn is(&self, i: usize, w: &str) -> bool {
        self.s(i) == w
    }

    fn is_any(&self, i: usize, ws: &[&str]) -> bool {
        let s = self.s(i);
        !s.is_empty() && ws.contains(&s)
    }

    fn is_kw(&self, i: usize, kw: &str) -> bool {
        eq_kw(self.s(i), kw)
    }

    fn is_any_kw(&self, i: usize, kws: &[&str]) -> bool {
        let s = self.s(i);
        kws.iter().any(|k| eq_kw(s, k))
    }

    /// Token `i` starts where token `i - 1` ends (no space between them).
    fn touches_prev(&self, i: usize) -> bool {
        match (
            i.checked_sub(1).and_then(|p| self.toks.get(p)),
            self.toks.get(i),
        ) {
            (Some(a), Some(b)) => a.end == b.start,
            _ => false,
        }
    }

    /// Token `i` is a word with a capital first letter.
    fn capitalised(&self, i: usize) -> bool {
        self.kind(i) == Some(Kind::Word) && self.s(i).starts_with(|c: char| c.is_uppercase())
    }

    /// Token `i` begins a sentence, a quote or a line.
    fn sentence_start(&self, i: usize) -> bool {
        let Some(p) = i.checked_sub(1) else {
            return true;
        };
        if let (Some(a), Some(b)) = (self.toks.get(p), self.toks.get(i)) {
            if self
                .text
                .get(a.end..b.start)
                .is_some_and(|g| g.contains('\n'))
            {
                return true;
            }
        }
        matches!(
            self.s(p),
            "." | "!"
                | "?"
                | "\""
                | "“"
                | "”"
                | "'"
                | "‘"
                | "’"
                | "("
                | "["
                | ":"
                | ";"
                | "—"
                | "–"
                | "-"
                | "*"
        )
    }

    /// The value and digit count of number token `i`; values over 9 digits read as `u32::MAX`.
    fn num(&self, i: usize) -> Option<(u32, usize)> {
        if self.kind(i) != Some(Kind::Num) {
            return None;
        }
        let s = self.s(i);
        if s.len() > 9 {
            return Some((u32::MAX, s.len()));
        }
        let v = s
            .bytes()
            .fold(0u32, |acc, b| acc * 10 + u32::from(b.wrapping_sub(b'0')));
        Some((v, s.len()))
    }

    /// Number `i` is glued on its left to a letter, a currency sign or a number
    /// ("A380", "$2016", "2,016", "9/11").
    fn glued_left(&self, i: usize) -> bool {
        if !self.touches_prev(i) {
            return false;
        }
        let p = i.wrapping_sub(1);
        match self.kind(p) {
            Some(Kind::Word | Kind::Num) => true,
            Some(Kind::Punct) => {
                matches!(self.s(p), "$" | "€" | "£" | "¥" | "#")
                    || (matches!(self.s(p), "," | "." | "/" | ":")
                        && self.touches_prev(p)
                        && self.kind(p.wrapping_sub(1)) == Some(Kind::Num))
            }
            None => false,
        }
    }

    /// Number `i` is glued on its right to a letter, a percent sign, another number
    /// ("2,000", "1.5", "10:30") or a hyphenated word ("1,750-page").
    fn glued_right(&self, i: usize) -> bool {
        let n = i + 1;
        if !self.touches_prev(n) {
            return false;
        }
        match self.kind(n) {
            Some(Kind::Word | Kind::Num) => true,
            Some(Kind::Punct) => {
                let s = self.s(n);
                let next = self.kind(n + 1).filter(|_| self.touches_prev(n + 1));
                s == "%"
                    || (matches!(s, "," | "." | "/" | ":") && next == Some(Kind::Num))
                    || (matches!(s, "-" | "‐") && next == Some(Kind::Word))
            }
            None => false,
        }
    }

    /// A day of the month 1..=31 at `i`, with an optional ordinal suffix ("20th").
    /// Returns the day and the index after it.
    fn day_at(&self, i: usize) -> Option<(i8, usize)> {
        let (v, len) = self.num(i)?;
        if len > 2 || !(1..=31).contains(&v) || self.glued_left(i) {
            return None;
        }
        let d = i8::try_from(v).ok()?;
        let n = i + 1;
        if self.touches_prev(n) && self.kind(n) == Some(Kind::Word) {
            let ordinal = matches!(self.s(n), "st" | "nd" | "rd" | "th");
            // "16th-century" is not a date.
            let hyphen_word = self.is(n + 1, "-") && self.touches_prev(n + 1);
            return (ordinal && !hyphen_word).then_some((d, n + 1));
        }
        if self.glued_right(i) {
            return None;
        }
        Some((d, n))
    }

    /// A free-standing four-digit number in `lo..=hi` at `i` that is not a quantity.
    fn year_num(&self, i: usize, lo: u32, hi: u32) -> Option<(i32, usize)> {
        let (v, len) = self.num(i)?;
        if len != 4
            || !(lo..=hi).contains(&v)
            || self.glued_left(i)
            || self.glued_right(i)
            || self.is_any(i + 1, &QUANTITY_NOUNS)
        {
            return None;
        }
        Some((i32::try_from(v).ok()?, i + 1))
    }

    /// A month name at `i`: its number, whether abbreviated, and the index after it
    /// (after the abbreviation's dot).
    fn month_at(&self, i: usize) -> Option<(i8, bool, usize)> {
        if self.kind(i) != Some(Kind::Word) {
            return None;
        }
        let w = self.s(i);
        if let Some(m) = month_full(w) {
            return Some((m, false, i + 1));
        }
        let m = month_abbr(w)?;
        let n = i + 1;
        if self.is(n, ".") && self.touches_prev(n) {
            Some((m, true, n + 1))
        } else {
            Some((m, true, n))
        }
    }

    /// A relative hit: resolved with `rule` when there is a publication date.
    fn rel(
        &self,
        first: usize,
        end: usize,
        class: Class,
        future: bool,
        rule: impl FnOnce(Date) -> Option<DateRange>,
    ) -> Hit {
        Hit {
            first,
            end,
            resolved: self.published.and_then(rule),
            relative: true,
            class,
            future,
        }
    }

    /// An absolute hit.
    fn abs(&self, first: usize, end: usize, class: Class, resolved: Option<DateRange>) -> Hit {
        Hit {
            first,
            end,
            resolved,
            relative: false,
            class,
            future: false,
        }
    }

    /// The longest expression starting at token `i`, if any.
    fn match_at(&self, i: usize, prev: Option<&Hit>) -> Option<Hit> {
        match self.kind(i)? {
            // Most words are lowercase and start nothing: skip them early.
            Kind::Word if self.s(i).starts_with(|c: char| c.is_ascii_lowercase()) => {
                if !starts_lowercase_expr(self.s(i)) {
                    return None;
                }
                self.keyword_at(i, prev).or_else(|| self.count_at(i))
            }
            Kind::Word => self
                .weekday_at(i, prev)
                .or_else(|| self.month_first(i, i, prev))
                .or_else(|| self.keyword_at(i, prev))
                .or_else(|| self.count_at(i)),
            Kind::Num => self
                .iso_at(i)
                .or_else(|| self.us_at(i))
                .or_else(|| self.day_first(i, i, prev))
                .or_else(|| self.count_at(i))
                .or_else(|| self.year_at(i, prev)),
            Kind::Punct => None,
        }
    }

    /// Whether the expression at `i` is in the future: the tense of the previous day
    /// expression when only connectors lie between them, else a future cue before `i`.
    fn future(&self, i: usize, prev: Option<&Hit>) -> bool {
        if let Some(h) = prev {
            if matches!(h.class, Class::Day | Class::Month)
                && h.end <= i
                && i - h.end <= 3
                && (h.end..i).all(|k| self.is_any(k, &TENSE_CARRIERS))
            {
                return h.future;
            }
        }
        self.future_cue(i)
    }

    /// A future cue within 8 words before `i`, in the same clause (and at most 16 tokens
    /// back, so that runs of punctuation keep the scan bounded).
    fn future_cue(&self, i: usize) -> bool {
        let mut seen = 0;
        let mut k = i;
        while seen < 8 && i - k < 16 {
            let Some(p) = k.checked_sub(1) else {
                return false;
            };
            k = p;
            let s = self.s(k);
            match self.kind(k) {
                None => return false,
                Some(Kind::Punct) => {
                    if CLAUSE_BREAKS.contains(&s) {
                        return false;
                    }
                    continue;
                }
                _ => seen += 1,
            }
            let before = k.wrapping_sub(1);
            let cue = match s {
                "will" => !self.is_any(
                    before,
                    &[
                        "the",
                        "a",
                        "his",
                        "her",
                        "their",
                        "political",
                        "good",
                        "free",
                    ],
                ),
                "ll" | "shall" | "scheduled" | "upcoming" => true,
                // Not "would not say on Monday", "would have met", "must have".
                "would" | "must" => !self.is_any(k + 1, &["not", "have"]),
                "expected" | "expects" => !self.is_any(before, &["than", "as"]),
                "next" => !self.is(k + 1, "to"),
                "plans" | "plan" | "planning" | "intends" | "intend" | "hopes" | "hope"
                | "aims" | "set" => self.is(k + 1, "to"),
                "due" => self.is_any(before, &["is", "are", "was", "were", "be", "s"]),
                "be" => self.is(before, "to"),
                _ => {
                    if CUE_STOPS.contains(&s) {
                        return false;
                    }
                    false
                }
            };
            if cue {
                return true;
            }
        }
        false
    }

    /// "Monday", "on Monday", "Monday's"; "Monday, Sept. 5" (joined to the date).
    fn weekday_at(&self, i: usize, prev: Option<&Hit>) -> Option<Hit> {
        let wd = weekday(self.s(i))?;
        let j = if self.is(i + 1, ",") { i + 2 } else { i + 1 };
        let date = self
            .month_first(j, i, prev)
            .or_else(|| self.day_first(j, i, prev));
        if let Some(mut hit) = date.filter(|h| h.class == Class::Day) {
            hit.first = i;
            return Some(hit);
        }
        let p = i.wrapping_sub(1);
        // Modified weekdays ("last Monday") are matched from the modifier; here the
        // modifier did not qualify ("the last Monday of the month").
        if self.is_any_kw(p, &["last", "this", "next", "coming", "past"])
            || self.is_any(p, &WEEKDAY_NAME_BEFORE)
            || self.is_any(i + 1, &WEEKDAY_NAME_AFTER)
            || (self.is(p, "on")
                && self.is_any(p.wrapping_sub(1), &["Mail", "Independent", "Scotland"]))
        {
            return None;
        }
        let future = self.future(i, prev);
        let dx = if future { Deixis::Future } else { Deixis::Past };
        Some(self.rel(i, i + 1, Class::Day, future, |p| {
            weekday_date(p, wd, dx, future).map(DateRange::day)
        }))
    }

    /// Month first: "January 20", "Jan. 20, 2017", "May 16-17", "December 2016", "in December".
    /// The tense is looked up before `tense_at`.
    fn month_first(&self, i: usize, tense_at: usize, prev: Option<&Hit>) -> Option<Hit> {
        let (m, abbr, j) = self.month_at(i)?;
        if let Some((d1, k)) = self.day_at(j) {
            let (days, k) = self.day_range_tail(Days::single(m, d1), k);
            return Some(self.finish_days(i, k, days, tense_at, prev));
        }
        let k = if self.is(j, "of") { j + 1 } else { j };
        if let Some((y, e)) = self.year_num(k, 1000, 2999) {
            return Some(self.abs(i, e, Class::Other, month_range(y, m)));
        }
        if abbr {
            return None;
        }
        self.month_alone(i, m, prev)
    }

    /// Day first: "20 January", "20th of January 2017", "16-17 May".
    fn day_first(&self, i: usize, tense_at: usize, prev: Option<&Hit>) -> Option<Hit> {
        let (d1, mut k) = self.day_at(i)?;
        let ordinal = k == i + 2;
        let mut d2 = d1;
        if self.is_any(k, &RANGE_CONNECT) {
            if let Some((d, e)) = self.day_at(k + 1) {
                if d > d1 && self.month_at(e).is_some() {
                    d2 = d;
                    k = e;
                }
            }
        }
        if ordinal && self.is(k, "of") && self.month_at(k + 1).is_some() {
            k += 1;
        }
        let (m, _, j) = self.month_at(k)?;
        let days = Days {
            m1: m,
            d1,
            m2: m,
            d2,
        };
        Some(self.finish_days(i, j, days, tense_at, prev))
    }

    /// The end of a day range after the first day: "-17", "to 17", "to June 2".
    fn day_range_tail(&self, days: Days, k: usize) -> (Days, usize) {
        if !self.is_any(k, &RANGE_CONNECT) {
            return (days, k);
        }
        if let Some((d2, e)) = self.day_at(k + 1) {
            if d2 > days.d1 && !self.is_any(e, &QUANTITY_NOUNS) {
                return (Days { d2, ..days }, e);
            }
        } else if let Some((m2, _, j)) = self.month_at(k + 1) {
            if let Some((d2, e)) = self.day_at(j) {
                let later = m2 > days.m1 || (days.m1 == 12 && m2 == 1);
                if later {
                    return (Days { m2, d2, ..days }, e);
                }
            }
        }
        (days, k)
    }

    /// A month-day date from token `first` to `k`, with an optional ", 2017" after it.
    fn finish_days(
        &self,
        first: usize,
        k: usize,
        days: Days,
        tense_at: usize,
        prev: Option<&Hit>,
    ) -> Hit {
        let y_at = if self.is(k, ",") { k + 1 } else { k };
        if let Some((y, e)) = self.year_num(y_at, 1000, 2999) {
            return self.abs(first, e, Class::Day, days.with_year(y));
        }
        let future = self.future(tense_at, prev);
        self.rel(first, k, Class::Day, future, |p| {
            days.in_year(infer_year(p, days.m1, days.d1, future)?)
        })
    }

    /// A month name alone ("in December", "since March", "mid-December").
    fn month_alone(&self, i: usize, m: i8, prev: Option<&Hit>) -> Option<Hit> {
        let name = self.s(i);
        let p = i.wrapping_sub(1);
        let mid = self.is(p, "-")
            && self.touches_prev(i)
            && self.touches_prev(p)
            && self.is_kw(p.wrapping_sub(1), "mid");
        let chained = prev.is_some_and(|h| h.class == Class::Month && h.end == p)
            && self.is_any(p, &YEAR_CHAIN);
        let cue = mid
            || chained
            || if matches!(name, "May" | "March") {
                self.is_any_kw(p, &STRICT_MONTH_CUES)
            } else {
                self.is_any_kw(p, &MONTH_CUES)
                    || (self.is(p, "of") && self.is_any(p.wrapping_sub(1), &OF_NOUNS))
            };
        if !cue {
            return None;
        }
        let n = i + 1;
        if matches!(name, "April" | "May" | "June" | "August") && self.capitalised(n) {
            return None;
        }
        if name == "May" {
            let ok = match self.kind(n) {
                None | Some(Kind::Num) => true,
                Some(Kind::Punct) => !matches!(self.s(n), "'" | "’"),
                Some(Kind::Word) => self.is_any(n, &MAY_FOLLOWERS),
            };
            if !ok {
                return None;
            }
        }
        let future = self.future(i, prev);
        let dx = if future { Deixis::Future } else { Deixis::Past };
        Some(self.rel(i, n, Class::Month, future, |p| {
            month_range(month_year(p, m, dx), m)
        }))
    }

    /// Day words and "last/this/next ...", "earlier/later this ...", "over the weekend".
    fn keyword_at(&self, i: usize, prev: Option<&Hit>) -> Option<Hit> {
        let w = self.s(i);
        // Capitalised only at a sentence start, and not as a title ("USA Today", "the
        // Today programme", "Tonight Show").
        let plain = |kw: &str| {
            eq_kw(w, kw)
                && (w.starts_with(|c: char| c.is_ascii_lowercase())
                    || (self.sentence_start(i) && !self.capitalised(i + 1)))
        };
        let day_hit = |first: usize, end: usize, days: i64| {
            Some(self.rel(first, end, Class::Other, false, move |p| {
                shift(p, days).map(DateRange::day)
            }))
        };
        if plain("today") || plain("tonight") {
            return day_hit(i, i + 1, 0);
        }
        if plain("yesterday") {
            return day_hit(i, i + 1, -1);
        }
        if plain("tomorrow") {
            return day_hit(i, i + 1, 1);
        }
        if w == "day" && self.is_kw(i.wrapping_sub(1), "the") {
            if self.is(i + 1, "before") && self.is(i + 2, "yesterday") {
                return day_hit(i, i + 3, -2);
            }
            if self.is(i + 1, "after") && self.is(i + 2, "tomorrow") {
                return day_hit(i, i + 3, 2);
            }
            return None;
        }
        for (kw, dx) in [
            ("last", Deixis::Last),
            ("this", Deixis::This),
            ("next", Deixis::Next),
        ] {
            if eq_kw(w, kw) {
                if dx != Deixis::This && self.is_any_kw(i.wrapping_sub(1), &NOT_DEICTIC_BEFORE) {
                    return None;
                }
                return self.deictic(i, i, dx, Part::Whole, prev);
            }
        }
        for (kw, part) in [("earlier", Part::Earlier), ("later", Part::Later)] {
            if eq_kw(w, kw) && self.is(i + 1, "this") {
                return self.deictic(i, i + 1, Deixis::This, part, prev);
            }
        }
        if eq_kw(w, "over") && self.is(i + 1, "the") && self.is(i + 2, "weekend") {
            return Some(self.rel(i + 1, i + 3, Class::Other, false, |p| {
                let ws = week_start(p)?;
                let weekend = p.weekday().to_monday_zero_offset() >= 5;
                let sat = shift(ws, if weekend { 5 } else { -2 })?;
                range(sat, shift(sat, 1)?)
            }));
        }
        None
    }

    /// "last/this/next" (token `m`) + a weekday, a month or a period; the span starts at `first`.
    fn deictic(
        &self,
        first: usize,
        m: usize,
        dx: Deixis,
        part: Part,
        prev: Option<&Hit>,
    ) -> Option<Hit> {
        let mut dx = dx;
        let mut n = m + 1;
        if dx == Deixis::This && part == Part::Whole {
            if self.is(n, "past") {
                dx = Deixis::Last;
                n += 1;
            } else if self.is(n, "coming") {
                dx = Deixis::Next;
                n += 1;
            }
        }
        let w = self.s(n);
        let end = n + 1;
        let period = match w {
            "week" => Period::Week,
            "weekend" => Period::Weekend,
            "month" => Period::Month,
            "year" => Period::Year,
            "spring" => Period::Season(Season::Spring),
            "summer" => Period::Season(Season::Summer),
            "autumn" => Period::Season(Season::Autumn),
            "winter" => Period::Season(Season::Winter),
            "fall" if !self.is_any(end, &FALL_NOT) => Period::Season(Season::Autumn),
            "morning" | "afternoon" | "evening" if dx == Deixis::This && part == Part::Whole => {
                return Some(
                    self.rel(first, end, Class::Other, false, |p| Some(DateRange::day(p))),
                );
            }
            "night" if dx == Deixis::Last && part == Part::Whole => {
                return Some(self.rel(first, end, Class::Other, false, |p| {
                    shift(p, -1).map(DateRange::day)
                }));
            }
            _ => {
                if part != Part::Whole {
                    return None;
                }
                if let Some(wd) = weekday(w) {
                    let future = dx == Deixis::Next || self.future(first, prev);
                    return Some(self.rel(first, end, Class::Day, future, |p| {
                        weekday_date(p, wd, dx, future).map(DateRange::day)
                    }));
                }
                let mo = month_full(w)?;
                return Some(self.rel(first, end, Class::Other, false, |p| {
                    month_range(month_year(p, mo, dx), mo)
                }));
            }
        };
        Some(self.rel(first, end, Class::Other, false, |p| {
            apply_part(period_range(p, period, dx)?, p, part)
        }))
    }

    /// "two days ago", "3 days later", "a week ago", "five years earlier".
    fn count_at(&self, i: usize) -> Option<Hit> {
        let n = match self.kind(i)? {
            Kind::Num => {
                let (v, len) = self.num(i)?;
                if len > 3 || v == 0 || self.glued_left(i) || self.glued_right(i) {
                    return None;
                }
                i64::from(v)
            }
            Kind::Word => number_word(self.s(i))?,
            Kind::Punct => return None,
        };
        let (unit, plural) = match self.s(i + 1) {
            "day" => (CountUnit::Day, false),
            "days" => (CountUnit::Day, true),
            "week" => (CountUnit::Week, false),
            "weeks" => (CountUnit::Week, true),
            "month" => (CountUnit::Month, false),
            "months" => (CountUnit::Month, true),
            "year" => (CountUnit::Year, false),
            "years" => (CountUnit::Year, true),
            _ => return None,
        };
        if plural != (n != 1) {
            return None;
        }
        let k = match self.s(i + 2) {
            "ago" | "earlier" => -n,
            "later" => n,
            _ => return None,
        };
        Some(self.rel(i, i + 3, Class::Other, false, |p| match unit {
            CountUnit::Day => shift(p, k).map(DateRange::day),
            CountUnit::Week => shift(p, 7 * k).map(DateRange::day),
            CountUnit::Month => {
                let d = add_months(p, k)?;
                month_range(i32::from(d.year()), d.month())
            }
            CountUnit::Year => year_range(i32::from(p.year()) + i32::try_from(k).ok()?),
        }))
    }

    /// ISO "2016-09-05".
    fn iso_at(&self, i: usize) -> Option<Hit> {
        let (y, ylen) = self.num(i)?;
        let (m, mlen) = self.num(i + 2)?;
        let (d, dlen) = self.num(i + 4)?;
        let shape = ylen == 4
            && (1..=2).contains(&mlen)
            && (1..=2).contains(&dlen)
            && self.is(i + 1, "-")
            && self.is(i + 3, "-")
            && (i + 1..=i + 4).all(|k| self.touches_prev(k))
            && !self.glued_left(i)
            && !(self.touches_prev(i + 5)
                && matches!(self.kind(i + 5), Some(Kind::Num | Kind::Punct))
                && self.glued_right(i + 4));
        if !shape || !(1000..=2999).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d)
        {
            return None;
        }
        let date = civil(
            i32::try_from(y).ok()?,
            i8::try_from(m).ok()?,
            i8::try_from(d).ok()?,
        );
        Some(self.abs(i, i + 5, Class::Day, date.map(DateRange::day)))
    }

    /// US "09/05/2016" (month first).
    fn us_at(&self, i: usize) -> Option<Hit> {
        let (m, mlen) = self.num(i)?;
        let (d, dlen) = self.num(i + 2)?;
        let (y, ylen) = self.num(i + 4)?;
        let shape = ylen == 4
            && (1..=2).contains(&mlen)
            && (1..=2).contains(&dlen)
            && self.is(i + 1, "/")
            && self.is(i + 3, "/")
            && (i + 1..=i + 4).all(|k| self.touches_prev(k))
            && !self.glued_left(i)
            && !self.glued_right(i + 4);
        if !shape || !(1000..=2999).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d)
        {
            return None;
        }
        let date = civil(
            i32::try_from(y).ok()?,
            i8::try_from(m).ok()?,
            i8::try_from(d).ok()?,
        );
        Some(self.abs(i, i + 5, Class::Day, date.map(DateRange::day)))
    }

    /// A bare year after a cue: "in 2016", "since 2014", "mid-2016", "in 2015-2016".
    fn year_at(&self, i: usize, prev: Option<&Hit>) -> Option<Hit> {
        let (y, end) = self.year_num(i, 1900, 2099)?;
        let p = i.wrapping_sub(1);
        let mid = self.is(p, "-")
            && self.touches_prev(i)
            && self.touches_prev(p)
            && self.is_kw(p.wrapping_sub(1), "mid");
        let chained = prev.is_some_and(|h| h.class == Class::Year && h.end == p)
            && self.is_any(p, &YEAR_CHAIN);
        // "between 2014 and 2016": "between" only before "and" and another year.
        let between = self.is_kw(p, "between")
            && self.is(end, "and")
            && self.year_num(end + 1, 1900, 2099).is_some();
        let cue = mid
            || chained
            || between
            || self.is_any_kw(p, &YEAR_CUES)
            || (self.is(p, "of") && self.is_any(p.wrapping_sub(1), &OF_NOUNS));
        if !cue {
            return None;
        }
        let (y2, end) = if self.is_any(end, &["-", "–"])
            && self.touches_prev(end)
            && self.touches_prev(end + 1)
            && self.kind(end + 1) == Some(Kind::Num)
        {
            // "2015-2016"; "2016-123" is not a year.
            let (y2, e) = self.year_num(end + 1, 1900, 2099)?;
            if y2 < y {
                return None;
            }
            (y2, e)
        } else {
            (y, end)
        };
        // "from 2000 to 3000": a range of plain numbers.
        if self.is_any(end, &YEAR_CHAIN)
            && self.kind(end + 1) == Some(Kind::Num)
            && self.year_num(end + 1, 1900, 2099).is_none()
        {
            return None;
        }
        let resolved = year_range(y)
            .zip(year_range(y2))
            .and_then(|(a, b)| range(a.start, b.end));
        Some(self.abs(i, end, Class::Year, resolved))
    }
}
