//! Dates: find time expressions in news text and resolve them to a day or a range of days,
//! against the article's publication date.
//!
//! [`find_times`] splits a text into words, numbers and punctuation (one pass, one
//! allocation for the token list) and matches a small grammar of English news
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

/// An inclusive range of days; `start <= end`. A single day has `start == end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
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
    let mut out = Vec::new();
    if !worth_scanning(text) {
        return out;
    }
    let mut toks = Vec::with_capacity(text.len() / 4 + 1);
    tokenize(text, &mut toks);
    let cx = Ctx {
        text,
        toks: &toks,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A run of alphabetic characters.
    Word,
    /// A run of ASCII digits.
    Num,
    /// Any other single non-space character.
    Punct,
}

/// A token: byte range `start..end` of the text (always on character boundaries).
#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
    kind: Kind,
}

/// Splits `text` into words, numbers and single punctuation characters; whitespace
/// separates tokens and is dropped.
fn tokenize(text: &str, out: &mut Vec<Tok>) {
    let mut i = 0;
    let mut cur: Option<Tok> = None;
    while let Some((c, len)) = char_at(text, i) {
        let kind = if c.is_ascii_digit() {
            Some(Kind::Num)
        } else if c.is_alphabetic() {
            Some(Kind::Word)
        } else if c.is_whitespace() {
            None
        } else {
            Some(Kind::Punct)
        };
        match (cur.as_mut(), kind) {
            (Some(t), Some(k)) if t.kind == k && k != Kind::Punct => t.end = i + len,
            _ => {
                out.extend(cur.take());
                cur = kind.map(|kind| Tok {
                    start: i,
                    end: i + len,
                    kind,
                });
            }
        }
        i += len;
    }
    out.extend(cur);
}

/// The character at byte `i` (a character boundary) and its length; ASCII without decoding.
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b.is_ascii() {
        return Some((char::from(b), 1));
    }
    let c = text.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

/// `w` is the lowercase ASCII keyword `kw`, or `kw` with a capital first letter.
fn eq_kw(w: &str, kw: &str) -> bool {
    let (w, kw) = (w.as_bytes(), kw.as_bytes());
    match (w.split_first(), kw.split_first()) {
        (Some((a, wr)), Some((b, kr))) => a.to_ascii_lowercase() == *b && wr == kr,
        _ => false,
    }
}

// ---------------------------------------------------------------------------
// Lexicon
// ---------------------------------------------------------------------------

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("Monday", Weekday::Monday),
    ("Tuesday", Weekday::Tuesday),
    ("Wednesday", Weekday::Wednesday),
    ("Thursday", Weekday::Thursday),
    ("Friday", Weekday::Friday),
    ("Saturday", Weekday::Saturday),
    ("Sunday", Weekday::Sunday),
];

const NUMBER_WORDS: [(&str, i64); 14] = [
    ("a", 1),
    ("an", 1),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
];

/// Words that make a following weekday part of a name ("Good Friday", "Bloody Sunday").
const WEEKDAY_NAME_BEFORE: [&str; 17] = [
    "Good",
    "Black",
    "Cyber",
    "Super",
    "Ash",
    "Holy",
    "Maundy",
    "Easter",
    "Bloody",
    "Giving",
    "Palm",
    "Whit",
    "Fat",
    "Mothering",
    "Low",
    "Blue",
    "Manic",
];

/// Words that make a preceding weekday part of a title ("Sunday Times", "Saturday Night Live").
const WEEKDAY_NAME_AFTER: [&str; 14] = [
    "Times",
    "Telegraph",
    "Mirror",
    "Express",
    "People",
    "Herald",
    "Post",
    "Independent",
    "Mail",
    "Star",
    "Sport",
    "Night",
    "Review",
    "Tribune",
];

/// Cues before "May" or "March" alone ("in May"); "last"/"this"/"next" are handled apart.
const STRICT_MONTH_CUES: [&str; 7] = ["in", "early", "late", "since", "until", "till", "by"];

/// Cues before any other month alone.
const MONTH_CUES: [&str; 13] = [
    "in",
    "early",
    "late",
    "since",
    "until",
    "till",
    "by",
    "during",
    "from",
    "through",
    "throughout",
    "before",
    "after",
];

/// Cues before a bare year ("in 2016").
const YEAR_CUES: [&str; 13] = [
    "in",
    "since",
    "by",
    "until",
    "till",
    "from",
    "during",
    "through",
    "throughout",
    "before",
    "after",
    "early",
    "late",
];

/// Words joining a second year to a first ("in 2015 and 2016").
const YEAR_CHAIN: [&str; 7] = ["and", "or", "to", "through", "until", "-", "–"];

/// Nouns that make "of" a cue for a following month or year ("the end of 2016").
const OF_NOUNS: [&str; 16] = [
    "end",
    "start",
    "beginning",
    "middle",
    "half",
    "quarter",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "election",
    "elections",
    "class",
    "rest",
    "course",
];

/// Words after "May" alone that keep it a month ("in May and June", "since May last year").
const MAY_FOLLOWERS: [&str; 20] = [
    "and",
    "or",
    "to",
    "through",
    "last",
    "this",
    "next",
    "of",
    "when",
    "in",
    "until",
    "before",
    "after",
    "for",
    "the",
    "a",
    "an",
    "because",
    "while",
    "following",
];

/// Nouns after a number that make it a quantity, not a year or a day ("2000 people").
const QUANTITY_NOUNS: [&str; 48] = [
    "people",
    "persons",
    "men",
    "women",
    "children",
    "troops",
    "soldiers",
    "police",
    "officers",
    "refugees",
    "migrants",
    "workers",
    "cases",
    "deaths",
    "votes",
    "voters",
    "residents",
    "protesters",
    "dlrs",
    "dollars",
    "euros",
    "pounds",
    "yuan",
    "yen",
    "rubles",
    "roubles",
    "tonnes",
    "tons",
    "barrels",
    "shares",
    "units",
    "km",
    "kilometres",
    "kilometers",
    "miles",
    "metres",
    "meters",
    "feet",
    "percent",
    "pct",
    "per",
    "times",
    "years",
    "days",
    "hours",
    "minutes",
    "more",
    "of",
];

/// Connectors of a day range ("May 16-17", "May 16 to 17").
const RANGE_CONNECT: [&str; 5] = ["-", "–", "—", "to", "through"];

/// Words between two day expressions that carry the tense of the first to the second.
const TENSE_CARRIERS: [&str; 17] = [
    ",", "and", "or", "on", "possibly", "perhaps", "maybe", "probably", "then", "again", "also",
    "to", "through", "-", "–", "/", "until",
];

/// Punctuation that ends the search for a future cue.
const CLAUSE_BREAKS: [&str; 12] = [".", "!", "?", ";", ":", ",", "(", ")", "\"", "“", "”", "—"];

/// Words that end the search for a future cue (another clause, or a past one).
const CUE_STOPS: [&str; 17] = [
    "after",
    "since",
    "following",
    "because",
    "when",
    "who",
    "which",
    "that",
    "while",
    "but",
    "said",
    "was",
    "were",
    "had",
    "did",
    "ago",
    "met",
];

/// Words after "fall" that make it a noun or a verb rather than the season.
const FALL_NOT: [&str; 12] = [
    "in", "of", "from", "to", "by", "was", "is", "has", "had", "would", "could", "will",
];

/// Determiners before "last"/"next" that make them adjectives ("the last year", "his next week").
const NOT_DEICTIC_BEFORE: [&str; 10] = [
    "the", "his", "her", "their", "its", "my", "our", "your", "a", "whose",
];

fn weekday(w: &str) -> Option<Weekday> {
    WEEKDAYS.iter().find(|(n, _)| *n == w).map(|&(_, d)| d)
}

/// "January" (capitalised as written in running text; "january" and
/// "JANUARY" are not read).
fn month_full(w: &str) -> Option<i8> {
    english_month_as_written(w, true)
}

/// "Jan", "Sept": accepted only before a day or a year ("Jan. 20", "Sep 5",
/// "Dec 2016").
fn month_abbr(w: &str) -> Option<i8> {
    english_month_as_written(w, false)
}

fn english_month_as_written(w: &str, wide: bool) -> Option<i8> {
    let mut chars = w.chars();
    let title_case = chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_lowercase());
    if !title_case {
        return None;
    }
    crate::lexicon::english_month(w)
        .filter(|m| m.wide == wide)
        .map(|m| m.number as i8)
}

/// The lowercase words an expression can start with.
fn starts_lowercase_expr(w: &str) -> bool {
    matches!(
        w,
        "today"
            | "tonight"
            | "yesterday"
            | "tomorrow"
            | "day"
            | "last"
            | "this"
            | "next"
            | "earlier"
            | "later"
            | "over"
    ) || NUMBER_WORDS.iter().any(|(n, _)| *n == w)
}

fn number_word(w: &str) -> Option<i64> {
    NUMBER_WORDS
        .iter()
        .find(|(n, _)| eq_kw(w, n))
        .map(|&(_, v)| v)
}

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
    toks: &'a [Tok],
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
        self.toks.get(i).map(|t| t.kind)
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

// ---------------------------------------------------------------------------
// Calendar arithmetic (all checked: out-of-range dates give `None`)
// ---------------------------------------------------------------------------

fn civil(y: i32, m: i8, d: i8) -> Option<Date> {
    Date::new(i16::try_from(y).ok()?, m, d).ok()
}

fn range(start: Date, end: Date) -> Option<DateRange> {
    (start <= end).then_some(DateRange { start, end })
}

fn month_range(y: i32, m: i8) -> Option<DateRange> {
    let start = civil(y, m, 1)?;
    Some(DateRange {
        start,
        end: start.last_of_month(),
    })
}

fn year_range(y: i32) -> Option<DateRange> {
    range(civil(y, 1, 1)?, civil(y, 12, 31)?)
}

fn shift(d: Date, days: i64) -> Option<Date> {
    d.checked_add(Span::new().try_days(days).ok()?).ok()
}

fn add_months(d: Date, months: i64) -> Option<Date> {
    d.checked_add(Span::new().try_months(months).ok()?).ok()
}

/// Monday = 0 .. Sunday = 6.
fn weekday_index(w: Weekday) -> i64 {
    i64::from(w.to_monday_zero_offset())
}

/// The Monday of `d`'s week.
fn week_start(d: Date) -> Option<Date> {
    shift(d, -weekday_index(d.weekday()))
}

/// The day a weekday refers to, seen from `p` (see the module documentation).
fn weekday_date(p: Date, w: Weekday, dx: Deixis, future: bool) -> Option<Date> {
    let (pw, ww) = (weekday_index(p.weekday()), weekday_index(w));
    match dx {
        // On or before `p`.
        Deixis::Past => shift(p, -(pw - ww).rem_euclid(7)),
        // On or after `p`.
        Deixis::Future => shift(p, (ww - pw).rem_euclid(7)),
        // Strictly before `p`.
        Deixis::Last => shift(p, -((pw - ww - 1).rem_euclid(7) + 1)),
        // Strictly after `p`.
        Deixis::Next => shift(p, (ww - pw - 1).rem_euclid(7) + 1),
        // In `p`'s week; a week later when the future is meant and it is already past.
        Deixis::This => {
            let d = shift(week_start(p)?, ww)?;
            if future && d < p {
                shift(d, 7)
            } else {
                Some(d)
            }
        }
    }
}

/// The year of a month named alone, seen from `p`.
fn month_year(p: Date, m: i8, dx: Deixis) -> i32 {
    let (y, pm) = (i32::from(p.year()), p.month());
    match dx {
        Deixis::Past if m > pm => y - 1,
        Deixis::Future if m < pm => y + 1,
        Deixis::Last if m >= pm => y - 1,
        Deixis::Next if m <= pm => y + 1,
        _ => y,
    }
}

/// The year of a month-day date without a year: within (`p` - 10 months, `p` + 2 months],
/// or the first occurrence on or after `p` when the future is meant.
fn infer_year(p: Date, m: i8, d: i8, future: bool) -> Option<i32> {
    let y = i32::from(p.year());
    // The date in year `y`, clamped to the month's length so that "February 30" still
    // gets a year (and is rejected afterwards).
    let probe = civil(y, m, 1).and_then(|first| civil(y, m, d.min(first.days_in_month())))?;
    if future {
        return Some(if probe >= p { y } else { y + 1 });
    }
    if probe > add_months(p, 2)? {
        Some(y - 1)
    } else if probe <= add_months(p, -10)? {
        Some(y + 1)
    } else {
        Some(y)
    }
}

impl Season {
    /// The season starting in year `y`.
    fn starting_in(self, y: i32) -> Option<DateRange> {
        let (sm, sd, em, ed, end_year) = match self {
            Season::Spring => (3, 20, 6, 20, y),
            Season::Summer => (6, 21, 9, 22, y),
            Season::Autumn => (9, 23, 12, 20, y),
            Season::Winter => (12, 21, 3, 19, y + 1),
        };
        range(civil(y, sm, sd)?, civil(end_year, em, ed)?)
    }
}

/// A week, weekend, month, year or season with "last"/"this"/"next", seen from `p`.
fn period_range(p: Date, period: Period, dx: Deixis) -> Option<DateRange> {
    let step: i64 = match dx {
        Deixis::Last => -1,
        Deixis::Next => 1,
        _ => 0,
    };
    let y = i32::from(p.year());
    match period {
        Period::Week => {
            let start = shift(week_start(p)?, 7 * step)?;
            range(start, shift(start, 6)?)
        }
        Period::Weekend => {
            let sat = shift(week_start(p)?, 7 * step + 5)?;
            range(sat, shift(sat, 1)?)
        }
        Period::Month => {
            let d = add_months(p, step)?;
            month_range(i32::from(d.year()), d.month())
        }
        Period::Year => year_range(y + i32::try_from(step).ok()?),
        Period::Season(s) => match dx {
            Deixis::Last => (y - 2..=y)
                .rev()
                .filter_map(|y| s.starting_in(y))
                .find(|r| r.end < p),
            Deixis::Next => (y - 1..=y + 1)
                .filter_map(|y| s.starting_in(y))
                .find(|r| r.start > p),
            _ if s == Season::Winter && p.month() <= 6 => s.starting_in(y - 1),
            _ => s.starting_in(y),
        },
    }
}

/// "earlier this ...": start .. `p`; "later this ...": `p` .. end.
fn apply_part(r: DateRange, p: Date, part: Part) -> Option<DateRange> {
    match part {
        Part::Whole => Some(r),
        Part::Earlier => range(r.start, r.end.min(p)),
        Part::Later => range(r.start.max(p), r.end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        s.parse()
            .unwrap_or_else(|e| panic!("bad test date {s:?}: {e}"))
    }

    /// Asserts the expressions of `text` (span text and resolution), in order.
    fn check(text: &str, published: Option<&str>, want: &[(&str, Option<(&str, &str)>)]) {
        let got: Vec<(&str, Option<DateRange>)> = find_times(text, published.map(day))
            .into_iter()
            .map(|t| (&text[t.span], t.resolved))
            .collect();
        let want: Vec<(&str, Option<DateRange>)> = want
            .iter()
            .map(|&(s, r)| {
                (
                    s,
                    r.map(|(a, b)| DateRange {
                        start: day(a),
                        end: day(b),
                    }),
                )
            })
            .collect();
        assert_eq!(got, want, "text: {text:?}, published: {published:?}");
    }

    fn one(d: &str) -> Option<(&str, &str)> {
        Some((d, d))
    }

    #[test]
    fn weekday_same_day_counts() {
        check(
            "President Barack Obama and Russian President Vladimir Putin on Monday failed to force a breakthrough",
            Some("2016-09-05"),
            &[("Monday", one("2016-09-05"))],
        );
    }

    #[test]
    fn earlier_this_week() {
        check(
            "The phone conversation followed discussions on Syria between Russian President Vladimir Putin and his US counterpart Barack Obama in China earlier this week",
            Some("2016-09-07"),
            &[("earlier this week", Some(("2016-09-05", "2016-09-07")))],
        );
    }

    #[test]
    fn bare_weekday_is_past() {
        check(
            "Obama met with Russian President Vladimir Putin for about 90 minutes Monday",
            Some("2016-09-07"),
            &[("Monday", one("2016-09-05"))],
        );
    }

    #[test]
    fn future_weekdays_and_carried_tense() {
        check(
            "are expected to meet on Thursday and possibly Friday",
            Some("2016-09-07"),
            &[
                ("Thursday", one("2016-09-08")),
                ("Friday", one("2016-09-09")),
            ],
        );
        check(
            "The two leaders will meet on Thursday, or Friday",
            Some("2016-09-07"),
            &[
                ("Thursday", one("2016-09-08")),
                ("Friday", one("2016-09-09")),
            ],
        );
        // Future on the publication day itself is that day.
        check(
            "Obama will speak on Wednesday",
            Some("2016-09-07"),
            &[("Wednesday", one("2016-09-07"))],
        );
    }

    #[test]
    fn future_cues_and_their_limits() {
        // Published on Monday 2016-09-05.
        check(
            "Russia said on Sunday that Lavrov would meet Kerry on Thursday or Friday",
            Some("2016-09-05"),
            &[
                ("Sunday", one("2016-09-04")),
                ("Thursday", one("2016-09-08")),
                ("Friday", one("2016-09-09")),
            ],
        );
        check(
            "The deal must be signed by Friday; he would not say on Friday why",
            Some("2016-09-05"),
            &[("Friday", one("2016-09-09")), ("Friday", one("2016-09-02"))],
        );
        check(
            "Stocks fell more than expected on Friday, and Obama, who will travel to Laos, met Putin on Monday after talks on Sunday",
            Some("2016-09-06"),
            &[
                ("Friday", one("2016-09-02")),
                ("Monday", one("2016-09-05")),
                ("Sunday", one("2016-09-04")),
            ],
        );
    }

    #[test]
    fn day_range_with_future() {
        check(
            "Trump will host Erdogan on May 16-17 at the White House",
            Some("2017-05-03"),
            &[("May 16-17", Some(("2017-05-16", "2017-05-17")))],
        );
        check(
            "talks from May 16 to 17 in Geneva",
            Some("2017-05-03"),
            &[("May 16 to 17", Some(("2017-05-16", "2017-05-17")))],
        );
        check(
            "a summit on 16-17 May and a visit from May 30 to June 2",
            Some("2017-05-03"),
            &[
                ("16-17 May", Some(("2017-05-16", "2017-05-17"))),
                ("May 30 to June 2", Some(("2017-05-30", "2017-06-02"))),
            ],
        );
    }

    #[test]
    fn month_day_year_inference() {
        check(
            "a goal that has been elusive since he took office on January 20",
            Some("2017-05-03"),
            &[("January 20", one("2017-01-20"))],
        );
        // More than two months ahead: last year's.
        check(
            "the attack on Dec. 26 and the vote on July 4",
            Some("2017-05-03"),
            &[
                ("Dec. 26", one("2016-12-26")),
                ("July 4", one("2016-07-04")),
            ],
        );
        // More than ten months back: next year's.
        check(
            "the inauguration on January 3",
            Some("2016-12-28"),
            &[("January 3", one("2017-01-03"))],
        );
        // Future cue: next occurrence.
        check(
            "the election will be held on March 1",
            Some("2017-05-03"),
            &[("March 1", one("2018-03-01"))],
        );
    }

    #[test]
    fn month_day_forms() {
        check(
            "Jan. 20, Sept. 5, Sep 5, 20 January, the 20th of January and January 20th",
            Some("2017-05-03"),
            &[
                ("Jan. 20", one("2017-01-20")),
                ("Sept. 5", one("2016-09-05")),
                ("Sep 5", one("2016-09-05")),
                ("20 January", one("2017-01-20")),
                ("20th of January", one("2017-01-20")),
                ("January 20th", one("2017-01-20")),
            ],
        );
    }

    #[test]
    fn sept_11_memorial() {
        check(
            "the Sept. 11 memorial ceremony",
            Some("2016-09-12"),
            &[("Sept. 11", one("2016-09-11"))],
        );
    }

    #[test]
    fn month_alone() {
        check(
            "a similar truce agreed on in December",
            Some("2017-05-03"),
            &[("December", Some(("2016-12-01", "2016-12-31")))],
        );
        check(
            "prices have risen since March, and talks resume in early June",
            Some("2017-05-03"),
            &[
                ("March", Some(("2017-03-01", "2017-03-31"))),
                ("June", Some(("2016-06-01", "2016-06-30"))),
            ],
        );
        check(
            "the talks will resume in June",
            Some("2017-05-03"),
            &[("June", Some(("2017-06-01", "2017-06-30")))],
        );
        check(
            "last December, this December, next December, last May, by mid-December",
            Some("2017-05-03"),
            &[
                ("last December", Some(("2016-12-01", "2016-12-31"))),
                ("this December", Some(("2017-12-01", "2017-12-31"))),
                ("next December", Some(("2017-12-01", "2017-12-31"))),
                ("last May", Some(("2016-05-01", "2016-05-31"))),
                ("December", Some(("2016-12-01", "2016-12-31"))),
            ],
        );
    }

    #[test]
    fn last_years_possessive() {
        check(
            "interfering in last year's USA presidential election",
            Some("2017-05-03"),
            &[("last year", Some(("2016-01-01", "2016-12-31")))],
        );
    }

    #[test]
    fn saturday_from_sunday() {
        check(
            "On Saturday, Trump and Putin had a brief on-the-go meeting",
            Some("2017-11-12"),
            &[("Saturday", one("2017-11-11"))],
        );
    }

    #[test]
    fn earlier_this_summer() {
        check(
            "As NPR's David Welna reported earlier this summer",
            Some("2016-09-05"),
            &[("earlier this summer", Some(("2016-06-21", "2016-09-05")))],
        );
        // Outside the season there is nothing "earlier" in it.
        check(
            "as reported earlier this summer",
            Some("2016-05-05"),
            &[("earlier this summer", None)],
        );
        check(
            "last summer, this winter, next spring, this fall",
            Some("2017-01-10"),
            &[
                ("last summer", Some(("2016-06-21", "2016-09-22"))),
                ("this winter", Some(("2016-12-21", "2017-03-19"))),
                ("next spring", Some(("2017-03-20", "2017-06-20"))),
                ("this fall", Some(("2017-09-23", "2017-12-20"))),
            ],
        );
    }

    #[test]
    fn duterte_scheduled_meeting() {
        check(
            "Duterte on Monday warned that Obama should not question him, during a scheduled meeting Tuesday",
            Some("2016-09-05"),
            &[("Monday", one("2016-09-05")), ("Tuesday", one("2016-09-06"))],
        );
    }

    #[test]
    fn impossible_dates() {
        check(
            "on February 30",
            Some("2017-05-03"),
            &[("February 30", None)],
        );
        check(
            "on Feb. 30, 2017",
            Some("2017-05-03"),
            &[("Feb. 30, 2017", None)],
        );
        check(
            "on September 31",
            Some("2017-05-03"),
            &[("September 31", None)],
        );
        check("on 2016-02-30", None, &[("2016-02-30", None)]);
        check("February 30", None, &[("February 30", None)]);
    }

    #[test]
    fn leap_days() {
        check(
            "on Feb. 29, 2016 and Feb. 29, 2017",
            None,
            &[
                ("Feb. 29, 2016", one("2016-02-29")),
                ("Feb. 29, 2017", None),
            ],
        );
        check(
            "on February 29",
            Some("2016-03-10"),
            &[("February 29", one("2016-02-29"))],
        );
        check(
            "on February 29",
            Some("2017-03-10"),
            &[("February 29", None)],
        );
    }

    #[test]
    fn without_publication_date() {
        let t = find_times("Putin spoke on Monday", None);
        assert_eq!(t.len(), 1);
        assert!(t[0].relative);
        assert_eq!(t[0].resolved, None);

        let text = "He took office on January 20, 2017.";
        let t = find_times(text, None);
        assert_eq!(t.len(), 1);
        assert_eq!(&text[t[0].span.clone()], "January 20, 2017");
        assert!(!t[0].relative);
        assert_eq!(t[0].resolved, Some(DateRange::day(day("2017-01-20"))));

        let t = find_times("signed on January 20", None);
        assert_eq!(t.len(), 1);
        assert!(t[0].relative);
        assert_eq!(t[0].resolved, None);
    }

    #[test]
    fn relative_flags() {
        let t = find_times(
            "in 2016, on Monday, in December 2016",
            Some(day("2017-05-03")),
        );
        let flags: Vec<bool> = t.iter().map(|t| t.relative).collect();
        assert_eq!(flags, [false, true, false]);
    }

    #[test]
    fn absolute_dates() {
        check(
            "January 20, 2017; 20 January 2017; Sept. 11, 2001; December 2016; May of 2015",
            Some("2018-01-01"),
            &[
                ("January 20, 2017", one("2017-01-20")),
                ("20 January 2017", one("2017-01-20")),
                ("Sept. 11, 2001", one("2001-09-11")),
                ("December 2016", Some(("2016-12-01", "2016-12-31"))),
                ("May of 2015", Some(("2015-05-01", "2015-05-31"))),
            ],
        );
        check(
            "on 2016-09-05 and 09/05/2016 and May 16-17, 2017",
            None,
            &[
                ("2016-09-05", one("2016-09-05")),
                ("09/05/2016", one("2016-09-05")),
                ("May 16-17, 2017", Some(("2017-05-16", "2017-05-17"))),
            ],
        );
    }

    #[test]
    fn years() {
        check(
            "in 2016, since 2014, by 2020, mid-2016, at the end of 2015, in 2015 and 2016",
            None,
            &[
                ("2016", Some(("2016-01-01", "2016-12-31"))),
                ("2014", Some(("2014-01-01", "2014-12-31"))),
                ("2020", Some(("2020-01-01", "2020-12-31"))),
                ("2016", Some(("2016-01-01", "2016-12-31"))),
                ("2015", Some(("2015-01-01", "2015-12-31"))),
                ("2015", Some(("2015-01-01", "2015-12-31"))),
                ("2016", Some(("2016-01-01", "2016-12-31"))),
            ],
        );
        check(
            "from 2014 to 2016 and in 2015-2016, between 2010 and 2012",
            None,
            &[
                ("2014", Some(("2014-01-01", "2014-12-31"))),
                ("2016", Some(("2016-01-01", "2016-12-31"))),
                ("2015-2016", Some(("2015-01-01", "2016-12-31"))),
                ("2010", Some(("2010-01-01", "2010-12-31"))),
                ("2012", Some(("2012-01-01", "2012-12-31"))),
            ],
        );
    }

    #[test]
    fn numbers_that_are_not_years() {
        for text in [
            "2,000 troops",
            "a 1,750-page report",
            "profit of 1,750 dlrs",
            "in 1000 cases",
            "in 2000 cases",
            "the 2016 election",
            "in 2,016 homes",
            "flight A2016 from Paris",
            "rose 2016% in 2016.5",
            "from 2000 to 3000 people",
            "from 2000 to 3000",
            "between 2000 and 3000 people",
            "in 1990s",
            "the 9/11 attacks",
            "at 10:30 on 5/6",
        ] {
            check(text, Some("2017-05-03"), &[]);
        }
    }

    #[test]
    fn negatives() {
        for text in [
            "Putin may meet Obama",
            "the march on Washington",
            "the March on Washington",
            "May I ask a question?",
            "Theresa May said the vote would go ahead",
            "a speech by May on Brexit",
            "since May took office",
            "confidence in May's leadership",
            "The Sun reported it",
            "the Good Friday Agreement",
            "the Sunday Times reported",
            "the Mail on Sunday said",
            "on Saturday Night Live",
            "the Dec issue",
            "USA Today reported",
            "he told the Today programme",
            "the last year of his term",
            "his last week in office",
            "the next week was busy",
            "prices fell more than expected",
            "the Mondays are busy",
            "April Ryan asked in April Ryan's column",
        ] {
            check(text, Some("2017-05-03"), &[]);
        }
    }

    #[test]
    fn may_the_month() {
        check(
            "in May, since May and June, by May 2018, May 5, early May",
            Some("2017-08-03"),
            &[
                ("May", Some(("2017-05-01", "2017-05-31"))),
                ("May", Some(("2017-05-01", "2017-05-31"))),
                ("June", Some(("2017-06-01", "2017-06-30"))),
                ("May 2018", Some(("2018-05-01", "2018-05-31"))),
                ("May 5", one("2017-05-05")),
                ("May", Some(("2017-05-01", "2017-05-31"))),
            ],
        );
    }

    #[test]
    fn day_words() {
        check(
            "Today, officials said tonight that yesterday and tomorrow, this morning and last night",
            Some("2016-09-05"),
            &[
                ("Today", one("2016-09-05")),
                ("tonight", one("2016-09-05")),
                ("yesterday", one("2016-09-04")),
                ("tomorrow", one("2016-09-06")),
                ("this morning", one("2016-09-05")),
                ("last night", one("2016-09-04")),
            ],
        );
        check(
            "the day before yesterday and the day after tomorrow",
            Some("2016-09-05"),
            &[
                ("day before yesterday", one("2016-09-03")),
                ("day after tomorrow", one("2016-09-07")),
            ],
        );
    }

    #[test]
    fn weeks_and_weekends() {
        // 2016-09-07 is a Wednesday.
        check(
            "this week, last week, next week, later this week, this weekend, last weekend, over the weekend",
            Some("2016-09-07"),
            &[
                ("this week", Some(("2016-09-05", "2016-09-11"))),
                ("last week", Some(("2016-08-29", "2016-09-04"))),
                ("next week", Some(("2016-09-12", "2016-09-18"))),
                ("later this week", Some(("2016-09-07", "2016-09-11"))),
                ("this weekend", Some(("2016-09-10", "2016-09-11"))),
                ("last weekend", Some(("2016-09-03", "2016-09-04"))),
                ("the weekend", Some(("2016-09-03", "2016-09-04"))),
            ],
        );
        check(
            "over the weekend",
            Some("2016-09-11"),
            &[("the weekend", Some(("2016-09-10", "2016-09-11")))],
        );
    }

    #[test]
    fn months_and_years() {
        check(
            "this month, last month, next month, earlier this month, later this month",
            Some("2017-01-15"),
            &[
                ("this month", Some(("2017-01-01", "2017-01-31"))),
                ("last month", Some(("2016-12-01", "2016-12-31"))),
                ("next month", Some(("2017-02-01", "2017-02-28"))),
                ("earlier this month", Some(("2017-01-01", "2017-01-15"))),
                ("later this month", Some(("2017-01-15", "2017-01-31"))),
            ],
        );
        check(
            "This year, last year, next year, earlier this year, later this year",
            Some("2017-05-03"),
            &[
                ("This year", Some(("2017-01-01", "2017-12-31"))),
                ("last year", Some(("2016-01-01", "2016-12-31"))),
                ("next year", Some(("2018-01-01", "2018-12-31"))),
                ("earlier this year", Some(("2017-01-01", "2017-05-03"))),
                ("later this year", Some(("2017-05-03", "2017-12-31"))),
            ],
        );
    }

    #[test]
    fn modified_weekdays() {
        // 2016-09-05 is a Monday.
        check(
            "last Monday, next Monday, this Friday, this past Friday, this coming Monday",
            Some("2016-09-05"),
            &[
                ("last Monday", one("2016-08-29")),
                ("next Monday", one("2016-09-12")),
                ("this Friday", one("2016-09-09")),
                ("this past Friday", one("2016-09-02")),
                ("this coming Monday", one("2016-09-12")),
            ],
        );
        check(
            "Last Tuesday he resigned",
            Some("2016-09-07"),
            &[("Last Tuesday", one("2016-09-06"))],
        );
    }

    #[test]
    fn counts() {
        check(
            "two days ago, 3 days later, a week ago, A month ago, five years earlier, 1 day later",
            Some("2016-09-05"),
            &[
                ("two days ago", one("2016-09-03")),
                ("3 days later", one("2016-09-08")),
                ("a week ago", one("2016-08-29")),
                ("A month ago", Some(("2016-08-01", "2016-08-31"))),
                ("five years earlier", Some(("2011-01-01", "2011-12-31"))),
                ("1 day later", one("2016-09-06")),
            ],
        );
        check(
            "a few days ago, 2,000 years ago, two day ago",
            Some("2016-09-05"),
            &[],
        );
    }

    #[test]
    fn weekday_joined_to_date() {
        check(
            "on Monday, Sept. 5, 2016, and Tuesday 6 September",
            Some("2016-09-07"),
            &[
                ("Monday, Sept. 5, 2016", one("2016-09-05")),
                ("Tuesday 6 September", one("2016-09-06")),
            ],
        );
    }

    #[test]
    fn multibyte_text() {
        let text =
            "Über déjà-vu: le 5 décembre — on Monday’s talks in Zürich, since März, «December 5»";
        let t = find_times(text, Some(day("2016-12-07")));
        let spans: Vec<&str> = t.iter().map(|t| &text[t.span.clone()]).collect();
        assert_eq!(spans, ["Monday", "December 5"]);
        assert_eq!(t[0].resolved, Some(DateRange::day(day("2016-12-05"))));
        check("ÉtéMonday Mondayé éMay 5", Some("2016-09-05"), &[]);
    }

    #[test]
    fn byte_spans_after_multibyte_prefix() {
        let text = "日本語 on Monday";
        let t = find_times(text, None);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].span, 13..19);
    }

    #[test]
    fn no_panic_on_odd_inputs() {
        let long_digits = "9".repeat(10_000);
        let long_words = "May ".repeat(5_000);
        let long_mixed = "Monday, 31 31 May 16-17, 2016-02-30 ".repeat(500);
        let inputs = [
            "",
            " ",
            "0",
            "2016",
            "in 2016",
            "in 99999999999999999999 days ago",
            "999 years ago",
            "May May May",
            "31 31 31",
            "January",
            "January 0",
            "January 32",
            "Feb. 29, 2016",
            "Feb. 29, 2017",
            "0000-00-00",
            "2016-9-5-",
            "13/45/2016",
            "-",
            "May 16-",
            "May 16 to",
            "Monday,",
            "the day",
            "over the",
            "earlier this",
            "last",
            "mid-",
            "-2016",
            "é",
            "Mayé 5",
            "May\u{301} 5",
            "December\u{0}5",
            "\u{FEFF}Monday",
            "🎉 on Monday 🎉 December 5 🎉",
            &long_digits,
            &long_words,
            &long_mixed,
        ];
        for p in [
            None,
            Some(day("2016-09-05")),
            Some(Date::MAX),
            Some(Date::MIN),
        ] {
            for text in inputs {
                for t in find_times(text, p) {
                    assert!(text.get(t.span.clone()).is_some());
                    if let Some(r) = t.resolved {
                        assert!(r.start <= r.end);
                    }
                }
            }
        }
        check(
            "Feb. 29, 2016",
            None,
            &[("Feb. 29, 2016", one("2016-02-29"))],
        );
        check("Feb. 29, 2017", None, &[("Feb. 29, 2017", None)]);
    }

    #[test]
    fn no_panic_on_random_fragments() {
        const PIECES: [&str; 40] = [
            "May", "March", "Monday", "Sept", ".", ",", "-", "–", "'", "’", "s", " ", " ", " ",
            "16", "31", "2016", "02", "/", "9", "0", "last", "this", "next", "earlier", "ago",
            "days", "a", "week", "in", "mid", "the", "weekend", "over", "é", "日本", "🎉", "of",
            "th", "will",
        ];
        // xorshift64: a fixed sequence of pseudo-random numbers.
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut text = String::new();
        let mut hits = 0;
        for _ in 0..20_000 {
            text.clear();
            for _ in 0..next() % 24 {
                let r = next();
                text.push_str(PIECES[(r % PIECES.len() as u64) as usize]);
                if r & 0x300 != 0 {
                    text.push(' ');
                }
            }
            for p in [None, Some(day("2016-02-29")), Some(Date::MAX)] {
                for t in find_times(&text, p) {
                    assert!(text.get(t.span.clone()).is_some(), "{text:?}");
                    hits += 1;
                }
            }
        }
        assert!(
            hits > 1_000,
            "the fragments should form expressions: {hits}"
        );
    }

    #[test]
    fn prefilter_skips_plain_lowercase() {
        assert!(find_times("nothing to see here", Some(day("2016-09-05"))).is_empty());
        check(
            "it happened two days ago",
            Some("2016-09-05"),
            &[("two days ago", one("2016-09-03"))],
        );
    }

    #[test]
    fn spans_do_not_overlap_and_are_ordered() {
        let text =
            "On Monday, Sept. 5, Obama said that in December 2016 and last year, two days ago, \
                    earlier this week and on Tuesday he will meet on Friday and possibly Saturday.";
        let t = find_times(text, Some(day("2016-09-07")));
        assert!(t.len() >= 8);
        for w in t.windows(2) {
            assert!(w[0].span.end <= w[1].span.start);
        }
    }
}
