//! The word tables of time expressions and their lookups.

use super::*;

pub(super) const WEEKDAYS: [(&str, Weekday); 7] = [
    ("Monday", Weekday::Monday),
    ("Tuesday", Weekday::Tuesday),
    ("Wednesday", Weekday::Wednesday),
    ("Thursday", Weekday::Thursday),
    ("Friday", Weekday::Friday),
    ("Saturday", Weekday::Saturday),
    ("Sunday", Weekday::Sunday),
];

pub(super) const NUMBER_WORDS: [(&str, i64); 14] = [
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
pub(super) const WEEKDAY_NAME_BEFORE: [&str; 17] = [
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
pub(super) const WEEKDAY_NAME_AFTER: [&str; 14] = [
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
pub(super) const STRICT_MONTH_CUES: [&str; 7] =
    ["in", "early", "late", "since", "until", "till", "by"];

/// Cues before any other month alone.
pub(super) const MONTH_CUES: [&str; 13] = [
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
pub(super) const YEAR_CUES: [&str; 13] = [
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
pub(super) const YEAR_CHAIN: [&str; 7] = ["and", "or", "to", "through", "until", "-", "–"];

/// Nouns that make "of" a cue for a following month or year ("the end of 2016").
pub(super) const OF_NOUNS: [&str; 16] = [
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
pub(super) const MAY_FOLLOWERS: [&str; 20] = [
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
pub(super) const QUANTITY_NOUNS: [&str; 48] = [
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
pub(super) const RANGE_CONNECT: [&str; 5] = ["-", "–", "—", "to", "through"];

/// Words between two day expressions that carry the tense of the first to the second.
pub(super) const TENSE_CARRIERS: [&str; 17] = [
    ",", "and", "or", "on", "possibly", "perhaps", "maybe", "probably", "then", "again", "also",
    "to", "through", "-", "–", "/", "until",
];

/// Punctuation that ends the search for a future cue.
pub(super) const CLAUSE_BREAKS: [&str; 12] =
    [".", "!", "?", ";", ":", ",", "(", ")", "\"", "“", "”", "—"];

/// Words that end the search for a future cue (another clause, or a past one).
pub(super) const CUE_STOPS: [&str; 17] = [
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
pub(super) const FALL_NOT: [&str; 12] = [
    "in", "of", "from", "to", "by", "was", "is", "has", "had", "would", "could", "will",
];

/// Determiners before "last"/"next" that make them adjectives ("the last year", "his next week").
pub(super) const NOT_DEICTIC_BEFORE: [&str; 10] = [
    "the", "his", "her", "their", "its", "my", "our", "your", "a", "whose",
];

pub(super) fn weekday(w: &str) -> Option<Weekday> {
    WEEKDAYS.iter().find(|(n, _)| *n == w).map(|&(_, d)| d)
}

/// "January" (capitalised as written in running text; "january" and
/// "JANUARY" are not read).
pub(super) fn month_full(w: &str) -> Option<i8> {
    english_month_as_written(w, true)
}

/// "Jan", "Sept": accepted only before a day or a year ("Jan. 20", "Sep 5",
/// "Dec 2016").
pub(super) fn month_abbr(w: &str) -> Option<i8> {
    english_month_as_written(w, false)
}

pub(super) fn english_month_as_written(w: &str, wide: bool) -> Option<i8> {
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
pub(super) fn starts_lowercase_expr(w: &str) -> bool {
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

pub(super) fn number_word(w: &str) -> Option<i64> {
    NUMBER_WORDS
        .iter()
        .find(|(n, _)| eq_kw(w, n))
        .map(|&(_, v)| v)
}
