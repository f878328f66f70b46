//! Segment: split a paragraph of English news text into sentences.
//!
//! [`split_sentences`] returns byte ranges into the input, one per sentence,
//! so callers can slice the original text without copying it.
//!
//! # How it works
//!
//! The text is read once, left to right, as a sequence of *tokens* (maximal
//! runs of non-whitespace characters, made of the lexemes of
//! [`crate::tokens`]). A sentence boundary can only fall in
//! the whitespace between two tokens, so `is.is`, `3.5`, `$1.2` or `U.S.-led`
//! are never split. For each gap the splitter looks at how the token before
//! it ends and how the token after it starts:
//!
//! * A token ends a sentence when it finishes with `.`, `!`, `?` or `…`
//!   (possibly repeated, possibly followed by closing quotes or brackets
//!   such as `."`, `.”`, `?’`, `.)`, or preceded by one as in `”.`), **and**
//!   the next token starts a sentence: an uppercase (or uncased) letter, a
//!   digit, a currency sign before a digit, or an opening quote or bracket
//!   followed by one of those. A lowercase word after the punctuation never
//!   starts a new sentence (`"Is it over?" he asked.`).
//! * A single period after a known abbreviation is treated specially:
//!   titles (`Mr.`, `Dr.`, `Gen.`, …), single-letter initials (`John F.
//!   Kennedy`) and a few others (`vs.`, `e.g.`, `approx.`, `Ave.`, …) never
//!   end a sentence; `No.` does not end one before a number (`No. 1`);
//!   company suffixes (`Inc.`, `Corp.`, …), month and US state
//!   abbreviations, and dotted acronyms (`U.S.`, `D.C.`, `a.m.`) end a
//!   sentence only when the next word is a common sentence opener such as
//!   `The`, `He` or `However` (see `data/sentence-abbreviations.txt`), so `U.S. President` stays
//!   together while `backed by the U.S. The deal` is split.
//! * Line breaks: a blank line (two or more line breaks) always ends a
//!   sentence, which turns headline-like lines into sentences of their own.
//!   A single line break ends a sentence whenever the line ends with
//!   sentence punctuation (abbreviations keep their rules, except that an
//!   ambiguous one followed by a capitalised line also ends the sentence);
//!   otherwise a single line break is ordinary whitespace.
//!
//! The work is linear in the input: every token is examined a bounded
//! number of times, abbreviation lists are sorted slices searched with
//! binary search, and the only allocation is the returned `Vec`.

use std::ops::Range;

use crate::tokens::{chunks, Lexeme, Lexer};

/// Split `text` into sentences.
///
/// Returns byte ranges into `text`, in order and non-overlapping. Each range
/// is non-empty, starts and ends on a `char` boundary, and is trimmed of
/// surrounding whitespace (as defined by [`char::is_whitespace`]); together
/// the ranges cover every non-whitespace character of `text`. Empty or
/// whitespace-only input yields an empty `Vec`. The function never panics.
///
/// ```ignore
/// let text = "Backed by the U.S. The deal holds. Mr. Lavrov agreed.";
/// let sentences: Vec<&str> = split_sentences(text)
///     .into_iter()
///     .map(|r| &text[r])
///     .collect();
/// assert_eq!(sentences, ["Backed by the U.S.", "The deal holds.", "Mr. Lavrov agreed."]);
/// ```
#[must_use]
pub fn split_sentences(text: &str) -> Vec<Range<usize>> {
    split(tokens(text, Lexer::new(text)))
}

/// [`split_sentences`] of a paragraph of `text` from its lexemes
/// ([`crate::tokens::Tokens::within`]); the ranges are offsets in `text`.
#[must_use]
pub fn split_sentences_in(text: &str, lexemes: &[Lexeme]) -> Vec<Range<usize>> {
    split(tokens(text, lexemes.iter().copied()))
}

fn split<'a>(mut tokens: impl Iterator<Item = Token<'a>>) -> Vec<Range<usize>> {
    let mut sentences = Vec::new();
    let Some(first) = tokens.next() else {
        return sentences;
    };
    let mut start = first.start;
    let mut prev = first;
    for token in tokens {
        if is_boundary(&prev, &token) {
            sentences.push(start..prev.end());
            start = token.start;
        }
        prev = token;
    }
    sentences.push(start..prev.end());
    sentences
}

/// A maximal run of non-whitespace characters.
#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    /// Byte offset of the token in the whole text.
    start: usize,
    /// The token itself.
    text: &'a str,
    /// Line breaks in the whitespace before the token (saturating).
    newlines_before: u8,
}

impl Token<'_> {
    const fn end(&self) -> usize {
        self.start + self.text.len()
    }
}

/// The tokens of a text: its chunks of lexemes ([`crate::tokens::chunks`]).
fn tokens<'a>(
    text: &'a str,
    lexemes: impl IntoIterator<Item = Lexeme>,
) -> impl Iterator<Item = Token<'a>> {
    chunks(lexemes).map(move |c| Token {
        start: c.start,
        text: &text[c.start..c.end],
        newlines_before: c.newlines,
    })
}

/// Does a sentence end between `prev` and `next`?
fn is_boundary(prev: &Token<'_>, next: &Token<'_>) -> bool {
    if next.newlines_before >= 2 {
        return true;
    }
    let line_break = next.newlines_before == 1;
    match ending(prev.text) {
        Ending::Open => false,
        Ending::Strong | Ending::Ellipsis | Ending::Quoted => {
            line_break || starts_sentence(next.text)
        }
        Ending::Period(body) => match classify(body) {
            Abbrev::Plain => line_break || starts_sentence(next.text),
            Abbrev::Never => false,
            Abbrev::Number => {
                !starts_with_digit(next.text) && (line_break || starts_sentence(next.text))
            }
            Abbrev::Ambiguous => {
                if line_break {
                    !starts_with_digit(next.text) && starts_sentence(next.text)
                } else {
                    starts_with_starter(next.text)
                }
            }
        },
    }
}

/// How a token ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending<'a> {
    /// No sentence punctuation at the end.
    Open,
    /// Punctuation containing `!` or `?`.
    Strong,
    /// Several periods or `…`.
    Ellipsis,
    /// A single period next to a closing quote or bracket (`."`, `”.`, `.)`).
    Quoted,
    /// A single bare period; holds the text before it.
    Period(&'a str),
}

fn ending(token: &str) -> Ending<'_> {
    let unclosed = token.trim_end_matches(is_closer);
    let closed = unclosed.len() != token.len();
    let body = unclosed.trim_end_matches(is_terminal);
    let punct = &unclosed[body.len()..];
    if punct.is_empty() {
        Ending::Open
    } else if punct.contains([
        '!', '?', '\u{0964}', '\u{0965}', '\u{061F}', '\u{06D4}', '\u{3002}', '\u{FF01}',
        '\u{FF1F}',
    ]) {
        Ending::Strong
    } else if punct != "." {
        Ending::Ellipsis
    } else if closed || body.ends_with(is_closer) {
        Ending::Quoted
    } else {
        Ending::Period(body)
    }
}

/// What kind of word precedes a single period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Abbrev {
    /// An ordinary word: the period is a full stop.
    Plain,
    /// Titles, initials and the like: never a full stop.
    Never,
    /// `No.`/`Nos.`: not a full stop before a number.
    Number,
    /// A full stop only before a common sentence opener.
    Ambiguous,
}

fn classify(body: &str) -> Abbrev {
    let word = body.trim_start_matches(is_opener);
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_alphabetic() {
            return Abbrev::Never;
        }
    }
    // `ex-Gov.`, `pro-U.S.`, `Smith-Jones Co.`: look at the last part.
    let key = word
        .rsplit(['-', '\u{2013}', '\u{2014}', '/'])
        .next()
        .unwrap_or(word)
        .trim_start_matches(is_opener);
    let lists = crate::lexicon::abbreviations();
    if lists.never.contains(key) {
        Abbrev::Never
    } else if lists.before_number.contains(key) {
        Abbrev::Number
    } else if lists.ambiguous.contains(key) || is_month_abbreviation(key) || is_dotted_acronym(key)
    {
        Abbrev::Ambiguous
    } else {
        Abbrev::Plain
    }
}

/// `Jan`, `Sept`: a capitalised English month abbreviation (see
/// [`crate::lexicon`]); a full stop after one only before a common sentence
/// opener.
fn is_month_abbreviation(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_lowercase())
        && crate::lexicon::english_month(word).is_some_and(|m| !m.wide)
}

/// `U.S`, `a.m`, `D.C`, `Ph.D`: short letter groups joined by single dots
/// (the final period has already been removed).
fn is_dotted_acronym(word: &str) -> bool {
    let mut segment = 0usize;
    let mut dots = 0usize;
    for c in word.chars() {
        if c == '.' {
            if segment == 0 {
                return false;
            }
            segment = 0;
            dots += 1;
        } else if c.is_alphabetic() {
            segment += 1;
            if segment > 2 {
                return false;
            }
        } else {
            return false;
        }
    }
    dots > 0 && segment > 0
}

/// Does `token` look like the first token of a sentence?
fn starts_sentence(token: &str) -> bool {
    let mut chars = token.chars().skip_while(|&c| is_opener(c));
    match chars.next() {
        Some(c) if c.is_ascii_digit() => true,
        Some(c) if is_currency(c) => chars.next().is_some_and(|d| d.is_ascii_digit()),
        Some(c) => c.is_alphabetic() && !c.is_lowercase(),
        None => false,
    }
}

fn starts_with_digit(token: &str) -> bool {
    token.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Does `token` begin (perhaps after an opening quote) with one of the
/// sentence openers of `data/sentence-abbreviations.txt`?
fn starts_with_starter(token: &str) -> bool {
    let token = token.trim_start_matches(is_opening_quote);
    let len = token
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(token.len());
    let (word, rest) = token.split_at(len);
    if word.is_empty() {
        return false;
    }
    // `A.I.` is an acronym, not the article `A`.
    if rest
        .strip_prefix('.')
        .is_some_and(|r| r.starts_with(char::is_alphabetic))
    {
        return false;
    }
    crate::lexicon::abbreviations().starters.contains(word)
}

const fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | '\u{2026}'
            | '\u{0964}'
            | '\u{0965}'
            | '\u{061F}'
            | '\u{06D4}'
            | '\u{3002}'
            | '\u{FF01}'
            | '\u{FF1F}'
    )
}

const fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{201D}' | '\u{2019}' | ')' | ']' | '}' | '\u{BB}' | '\u{203A}'
    )
}

const fn is_opener(c: char) -> bool {
    matches!(c, '(' | '[' | '{') || is_opening_quote(c)
}

/// Opening quotation marks, including the grave accent that LaTeX-style and
/// much newswire and TREC text doubles as an opening quote (``like this'').
const fn is_opening_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '`'
            | '\u{201C}'
            | '\u{2018}'
            | '\u{AB}'
            | '\u{2039}'
            | '\u{201E}'
            | '\u{201A}'
    )
}

const fn is_currency(c: char) -> bool {
    matches!(c, '$' | '\u{A3}' | '\u{20AC}' | '\u{A5}')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Split `text` and compare the sentences with `expected`.
    fn check(text: &str, expected: &[&str]) {
        let got: Vec<&str> = split_sentences(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(got, expected, "input: {text:?}");
    }

    /// The invariants promised by `split_sentences`.
    fn assert_invariants(text: &str) {
        let ranges = split_sentences(text);
        let mut last_end = 0;
        let mut covered = 0usize;
        for r in &ranges {
            assert!(r.start < r.end, "empty range {r:?} in {text:?}");
            assert!(r.start >= last_end, "overlap/disorder at {r:?} in {text:?}");
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            let s = &text[r.clone()];
            assert_eq!(s, s.trim(), "untrimmed sentence {s:?}");
            assert!(
                text[last_end..r.start].chars().all(char::is_whitespace),
                "uncovered text before {r:?} in {text:?}"
            );
            covered += s.chars().filter(|c| !c.is_whitespace()).count();
            last_end = r.end;
        }
        assert!(text[last_end..].chars().all(char::is_whitespace));
        let total = text.chars().filter(|c| !c.is_whitespace()).count();
        assert_eq!(covered, total);
    }

    #[test]
    fn doc_example() {
        check(
            "Backed by the U.S. The deal holds. Mr. Lavrov agreed.",
            &[
                "Backed by the U.S.",
                "The deal holds.",
                "Mr. Lavrov agreed.",
            ],
        );
    }

    #[test]
    fn possessive_and_bracketed_endings() {
        check(
            "It hurt the U.S.' allies. Russia (not Iran.) The end.",
            &[
                "It hurt the U.S.' allies.",
                "Russia (not Iran.)",
                "The end.",
            ],
        );
        check(
            "The talks ended. (Kerry left early.) \u{AB}Fin.\u{BB} Done.",
            &[
                "The talks ended.",
                "(Kerry left early.)",
                "\u{AB}Fin.\u{BB}",
                "Done.",
            ],
        );
    }

    #[test]
    fn every_list_of_the_data_file_is_read() {
        // A misspelt section header would leave a list empty without error.
        let lists = crate::lexicon::abbreviations();
        assert_eq!(lists.never.words().len(), 46);
        assert_eq!(lists.before_number.words(), ["No", "Nos"]);
        assert_eq!(lists.ambiguous.words().len(), 42);
        assert_eq!(lists.starters.words().len(), 116);
        assert!(lists.never.contains("Mr") && !lists.never.contains("Mr."));
        assert!(lists.ambiguous.contains("Inc") && lists.starters.contains("The"));
    }

    #[test]
    fn ends_at_period_exclamation_question_and_ellipsis_char() {
        check(
            "Obama has expressed skepticism that Russia would hold to its agreement. \
             Will it last? Nobody knows! Talks resume\u{2026} Kerry said so.",
            &[
                "Obama has expressed skepticism that Russia would hold to its agreement.",
                "Will it last?",
                "Nobody knows!",
                "Talks resume\u{2026}",
                "Kerry said so.",
            ],
        );
        check(
            "Prices rose in 2016. 2017 was worse. $5 million was lost. Really?! Yes.",
            &[
                "Prices rose in 2016.",
                "2017 was worse.",
                "$5 million was lost.",
                "Really?!",
                "Yes.",
            ],
        );
    }

    #[test]
    fn closing_quotes_and_brackets_stay_with_the_sentence() {
        check(
            "He said: \"We will win.\" Then he left.",
            &["He said: \"We will win.\"", "Then he left."],
        );
        check(
            "She called it \u{201C}a good start.\u{201D} The talks resume Friday.",
            &[
                "She called it \u{201C}a good start.\u{201D}",
                "The talks resume Friday.",
            ],
        );
        check(
            "He asked \u{2018}why not?\u{2019} Nobody answered.",
            &["He asked \u{2018}why not?\u{2019}", "Nobody answered."],
        );
        check(
            "The talks ended (again.) Lavrov left.",
            &["The talks ended (again.)", "Lavrov left."],
        );
        // Fixture 001: a quote closed before the period, then a quoted sentence.
        check(
            "They discussed the creation of \"safe, or de-escalation zones to achieve lasting \
             peace for humanitarian and other reasons\". \"The chemical attack in Khan \
             Sheikhoun was an obvious example of that\".",
            &[
                "They discussed the creation of \"safe, or de-escalation zones to achieve \
                 lasting peace for humanitarian and other reasons\".",
                "\"The chemical attack in Khan Sheikhoun was an obvious example of that\".",
            ],
        );
    }

    #[test]
    fn lowercase_after_period_does_not_split() {
        // Fixture 000.
        check(
            "\"This statement really builds on months of... intense discussions with the \
             Russians.\"",
            &[
                "\"This statement really builds on months of... intense discussions with the \
               Russians.\"",
            ],
        );
        check(
            "The vote was 5 to 4. and then it ended.",
            &["The vote was 5 to 4. and then it ended."],
        );
    }

    #[test]
    fn period_without_space_never_splits() {
        // Fixture 004.
        check(
            "\u{201C}What we are looking at is.is a clear path forward to a nationwide \
             cessation of hostilities\u{201D}, Toner said.",
            &[
                "\u{201C}What we are looking at is.is a clear path forward to a nationwide \
               cessation of hostilities\u{201D}, Toner said.",
            ],
        );
        check("See example.com.Next", &["See example.com.Next"]);
    }

    #[test]
    fn titles_and_honorifics_never_split() {
        // Fixture 003.
        check(
            "There was agreement, not just between myself and Mr. (Vladimir) Putin, but with \
             Chancellor (Angela) Merkel and President (Francois) Hollande, that that effort \
             should increase in urgency over the next several weeks.",
            &[
                "There was agreement, not just between myself and Mr. (Vladimir) Putin, but \
               with Chancellor (Angela) Merkel and President (Francois) Hollande, that that \
               effort should increase in urgency over the next several weeks.",
            ],
        );
        for title in [
            "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Capt",
            "Sgt", "Adm", "Rev", "St", "Jr", "Sr", "Hon", "Pres", "Atty", "Supt", "Det", "Insp",
            "Cmdr", "Maj",
        ] {
            let text = format!("He met {title}. Smith in Geneva. The talks ended.");
            let first = format!("He met {title}. Smith in Geneva.");
            check(&text, &[&first, "The talks ended."]);
        }
        check(
            "Lt. Col. James Brown and Martin Luther King Jr. The Rev. Al Sharpton spoke.",
            &["Lt. Col. James Brown and Martin Luther King Jr. The Rev. Al Sharpton spoke."],
        );
        check(
            "The former ex-Gov. Smith attended.",
            &["The former ex-Gov. Smith attended."],
        );
    }

    #[test]
    fn month_abbreviations() {
        check(
            "The ceasefire took effect on Sept. 5 and collapsed by Oct. 2. Talks resumed.",
            &[
                "The ceasefire took effect on Sept. 5 and collapsed by Oct. 2.",
                "Talks resumed.",
            ],
        );
        check(
            "Trump took office on Jan. 20 after a Nov. 8 election.",
            &["Trump took office on Jan. 20 after a Nov. 8 election."],
        );
        // Only a clear sentence opener ends a sentence after a month.
        check(
            "The summit is planned for Dec. Officials declined to give a date.",
            &[
                "The summit is planned for Dec.",
                "Officials declined to give a date.",
            ],
        );
        check(
            "By mid-Aug. Kerry had met Lavrov twice.",
            &["By mid-Aug. Kerry had met Lavrov twice."],
        );
    }

    #[test]
    fn single_letter_initials_never_split() {
        // Fixture 001.
        check(
            "The Kremlin said Secretary of State Rex W. Tillerson and Foreign Minister \
             Sergey V. Lavrov would \"intensify\" their dialogue to \"search for options\" \
             in Syria.",
            &[
                "The Kremlin said Secretary of State Rex W. Tillerson and Foreign Minister \
               Sergey V. Lavrov would \"intensify\" their dialogue to \"search for options\" \
               in Syria.",
            ],
        );
        check(
            "John F. Kennedy met J. K. Rowling. J.K. Rowling left.",
            &["John F. Kennedy met J. K. Rowling.", "J.K. Rowling left."],
        );
        check("Roe v. Wade was cited.", &["Roe v. Wade was cited."]);
    }

    #[test]
    fn common_abbreviations() {
        check(
            "He ranked No. 1 in the poll. No. The answer was no.",
            &["He ranked No. 1 in the poll.", "No.", "The answer was no."],
        );
        check(
            "It was Russia vs. Turkey, e.g. Idlib. Fruit, grain, etc. were sent. Fuel, \
             water, etc. The convoy left.",
            &[
                "It was Russia vs. Turkey, e.g. Idlib.",
                "Fruit, grain, etc. were sent.",
                "Fuel, water, etc.",
                "The convoy left.",
            ],
        );
        check(
            "Shares of Apple Inc. Chief Executive Tim Cook rose. The deal went to Rosneft \
             Corp. The board approved it.",
            &[
                "Shares of Apple Inc. Chief Executive Tim Cook rose.",
                "The deal went to Rosneft Corp.",
                "The board approved it.",
            ],
        );
        check(
            "The call began at 9 a.m. Moscow time and ended at 10 p.m. It lasted long.",
            &[
                "The call began at 9 a.m. Moscow time and ended at 10 p.m.",
                "It lasted long.",
            ],
        );
        check(
            "About approx. 300 people marched down Pennsylvania Ave. Washington police and \
             the Univ. Chicago team watched from Mt. Hood and Ft. Bragg. The dept. Head spoke.",
            &[
                "About approx. 300 people marched down Pennsylvania Ave. Washington police \
                 and the Univ. Chicago team watched from Mt. Hood and Ft. Bragg.",
                "The dept. Head spoke.",
            ],
        );
    }

    #[test]
    fn dotted_acronyms_split_only_before_sentence_openers() {
        // Fixture 002.
        check(
            "Secretary of State John Kerry and Russian foreign minister Sergey Lavrov have \
             for weeks been trying to broker a deal that would curb the violence between the \
             Russian-ally Syrian President Bashar Assad\u{2019}s government forces and \
             moderate rebels backed by the U.S. The deal depends on the two sides agreeing \
             to closer militarily coordination against extremist groups operating in Syria, \
             something the Russians have long sought and the U.S. resisted.",
            &[
                "Secretary of State John Kerry and Russian foreign minister Sergey Lavrov have \
                 for weeks been trying to broker a deal that would curb the violence between \
                 the Russian-ally Syrian President Bashar Assad\u{2019}s government forces and \
                 moderate rebels backed by the U.S.",
                "The deal depends on the two sides agreeing to closer militarily coordination \
                 against extremist groups operating in Syria, something the Russians have long \
                 sought and the U.S. resisted.",
            ],
        );
        check(
            "U.S. President Donald Trump met U.S. officials and the U.S. Treasury in \
             Washington, D.C. He then flew to the U.K. Officials said it went well.",
            &[
                "U.S. President Donald Trump met U.S. officials and the U.S. Treasury in \
                 Washington, D.C.",
                "He then flew to the U.K.",
                "Officials said it went well.",
            ],
        );
        check(
            "It was a U.N. \u{201C}The talks failed,\u{201D} he said. The U.N. A.I. panel met.",
            &[
                "It was a U.N.",
                "\u{201C}The talks failed,\u{201D} he said.",
                "The U.N. A.I. panel met.",
            ],
        );
    }

    #[test]
    fn quoted_speech_followed_by_attribution_is_one_sentence() {
        // Fixture 000.
        check(
            "\"This statement really builds on months of... intense discussions with the \
             Russians... I would describe these discussions as quite intense, difficult but \
             also professional and ultimately constructive,\" a senior US State Department \
             official told journalists. \"Despite our many differences with Russia our two \
             countries are capable of working together on difficult problems where interests \
             converge,\" a senior official told journalists.",
            &[
                "\"This statement really builds on months of... intense discussions with the \
                 Russians...",
                "I would describe these discussions as quite intense, difficult but also \
                 professional and ultimately constructive,\" a senior US State Department \
                 official told journalists.",
                "\"Despite our many differences with Russia our two countries are capable of \
                 working together on difficult problems where interests converge,\" a senior \
                 official told journalists.",
            ],
        );
        // Fixture 004.
        check(
            "\u{201C}Both US and Russian Federation are interested in fighting \
             terrorism\u{201D}, Putin said at the conference.",
            &[
                "\u{201C}Both US and Russian Federation are interested in fighting \
               terrorism\u{201D}, Putin said at the conference.",
            ],
        );
        check(
            "\"Is it over?\" he asked. \u{201C}Not yet!\u{201D} she replied.",
            &[
                "\"Is it over?\" he asked.",
                "\u{201C}Not yet!\u{201D} she replied.",
            ],
        );
    }

    #[test]
    fn backtick_quotes_of_newswire_split_like_straight_quotes() {
        // ``...'' is the quotation convention of much newswire and TREC text;
        // the opening backticks must start a sentence as `"` does.
        check(
            "The minister resigned on Friday. ``We have lost the vote,'' he said. \
             ``It is over.'' Talks resume Monday.",
            &[
                "The minister resigned on Friday.",
                "``We have lost the vote,'' he said.",
                "``It is over.''",
                "Talks resume Monday.",
            ],
        );
        // Closing '' after the stop, then a plain sentence; and a question.
        check(
            "He called it ``a good start.'' The talks went on. ``Why now?'' asked Lavrov.",
            &[
                "He called it ``a good start.''",
                "The talks went on.",
                "``Why now?'' asked Lavrov.",
            ],
        );
        // A lowercase word after the quote never starts a sentence.
        check("``Is it over?'' he asked.", &["``Is it over?'' he asked."]);
        // A single grave accent before a capital still opens a sentence.
        check(
            "It ended. `Fine.' She left.",
            &["It ended.", "`Fine.'", "She left."],
        );
    }

    #[test]
    fn ellipsis_splits_only_before_a_capital() {
        // Fixture 000.
        check(
            "\"De-escalation zones... are designed to reduce violence and create conditions \
             for Syrians to return to their homes... They're not aimed at partitioning Syria \
             or dividing Syria into spheres of influence,\" the official added.",
            &[
                "\"De-escalation zones... are designed to reduce violence and create \
                 conditions for Syrians to return to their homes...",
                "They're not aimed at partitioning Syria or dividing Syria into spheres of \
                 influence,\" the official added.",
            ],
        );
        check(
            "The memorandum\u{2026} reflects the commitment.",
            &["The memorandum\u{2026} reflects the commitment."],
        );
    }

    #[test]
    fn closing_quote_then_period_splits() {
        // Fixture 004.
        check(
            "\u{201C}Now whether that\u{2019}s going to happen overnight or whether \
             that\u{2019}s going to happen over a period of days, that\u{2019}s a question to \
             be resolved\u{201D}. The official would not be named discussing the private \
             discussion, which also covered USA concerns over cybersecurity and the situation \
             in Ukraine.",
            &[
                "\u{201C}Now whether that\u{2019}s going to happen overnight or whether \
                 that\u{2019}s going to happen over a period of days, that\u{2019}s a question \
                 to be resolved\u{201D}.",
                "The official would not be named discussing the private discussion, which \
                 also covered USA concerns over cybersecurity and the situation in Ukraine.",
            ],
        );
        // Fixture 001.
        check(
            "\"It was a very, very fulsome call, a lot of detailed exchanges\". It is \
             obviously divided.",
            &[
                "\"It was a very, very fulsome call, a lot of detailed exchanges\".",
                "It is obviously divided.",
            ],
        );
    }

    #[test]
    fn sentence_ends_of_other_scripts() {
        check(
            "प्रधानमंत्री ने घोषणा की। विपक्ष ने इसकी आलोचना की।",
            &["प्रधानमंत्री ने घोषणा की।", "विपक्ष ने इसकी आलोचना की।"],
        );
        check(
            "هل انتهى الاجتماع؟ قال المتحدث إنه انتهى.",
            &["هل انتهى الاجتماع؟", "قال المتحدث إنه انتهى."],
        );
        check(
            "Ο υπουργός μίλησε. Η συνάντηση έληξε.",
            &["Ο υπουργός μίλησε.", "Η συνάντηση έληξε."],
        );
    }

    #[test]
    fn numbers_never_split() {
        check(
            "The economy grew 3.5 percent to $1.2 billion, ranking No. 1 in the region. \
             Growth was 0.5 points higher.",
            &[
                "The economy grew 3.5 percent to $1.2 billion, ranking No. 1 in the region.",
                "Growth was 0.5 points higher.",
            ],
        );
        check(
            "Version 2.0.1 shipped. It cost \u{20AC}3.50.",
            &["Version 2.0.1 shipped.", "It cost \u{20AC}3.50."],
        );
    }

    #[test]
    fn line_breaks() {
        // Fixture 002: a line ending in a period always ends the sentence.
        check(
            "Russian President Vladimir Putin, left, listens to US President Barack Obama in \
             Hangzhou in eastern China's zhejiang province on Monday.\nthe photo was taken by AP.",
            &[
                "Russian President Vladimir Putin, left, listens to US President Barack Obama \
                 in Hangzhou in eastern China's zhejiang province on Monday.",
                "the photo was taken by AP.",
            ],
        );
        // Fixture 001: a headline followed by a blank line.
        check(
            "Trump, Putin signal new effort to cooperate on Syria\n\nThe presidents of Russian \
             Federation and Turkey said on Wednesday they support the creation of safe-zones.",
            &[
                "Trump, Putin signal new effort to cooperate on Syria",
                "The presidents of Russian Federation and Turkey said on Wednesday they support \
                 the creation of safe-zones.",
            ],
        );
        // Blank lines with stray spaces and CRLF line endings also count.
        check(
            "Putin and Trump\r\n  \r\nA US official commented.\r\nHe was not named.",
            &[
                "Putin and Trump",
                "A US official commented.",
                "He was not named.",
            ],
        );
        // A single line break inside a sentence is just whitespace.
        check(
            "The official said the U.S. was eager\nto find an agreement quickly.",
            &["The official said the U.S. was eager\nto find an agreement quickly."],
        );
        // Abbreviations keep their rules across a single line break.
        check(
            "A letter from Mr.\nPutin arrived. It came via the U.S.\nOfficials read it.",
            &[
                "A letter from Mr.\nPutin arrived.",
                "It came via the U.S.",
                "Officials read it.",
            ],
        );
        // Fixture 001: a bullet after a blank line.
        check(
            "Instead, Erdo\u{11F}an said that he had reached an agreement with Putin that \
             whoever was responsible should be punished.\n\n  \u{2022} Leroy Wright",
            &[
                "Instead, Erdo\u{11F}an said that he had reached an agreement with Putin that \
                 whoever was responsible should be punished.",
                "\u{2022} Leroy Wright",
            ],
        );
    }

    const PARAGRAPHS: &[&str] = &[
        // Fixture 000.
        "The purpose of the talks in Astana is \"establishing de-escalation areas, and Astana \
         \"should remain a focus for that purpose - the de-escalation areas. The political \
         discussions have to remain in Geneva through the Geneva process,\" the official told \
         journalists. \"De-escalation zones... are designed to reduce violence and create \
         conditions for Syrians to return to their homes... They're not aimed at partitioning \
         Syria or dividing Syria into spheres of influence,\" the official added.\n\n\
         The official added that \"Russia have agreed to work with the Syrian regime to remove \
         Iranian-backed forces... from opposition-held territory\" as well as the borders of the \
         Golan [Heights] and Jordan.",
        // Fixture 001.
        "He did not provide a timeline for the lifting of these two restrictions. \"It was a \
         very, very fulsome call, a lot of detailed exchanges\". It is obviously divided, and \
         inside the Syrian society we see great problems. \"I believe that the steps we are \
         taking together will change the fate of the region\", Erdogan said.\n\n\
         The establishment of safe zones has been a key opposition demand for the past several \
         years. Instead, Erdo\u{11F}an said that he had reached an agreement with Putin that \
         whoever was responsible should be punished.\n\n  \u{2022} Leroy Wright\n",
        // Fixture 002.
        "block\nAP, Hangzhou :\nPresident Barack Obama and Russian President Vladimir Putin on \
         Monday failed to force a breakthrough in negotiations over a cease-fire for Syria, but \
         agreed to keep looking for a path to provide humanitarian relief to thousands of \
         besieged civilians in the civil war-ravaged country.\nAfter a 90-minute huddle on the \
         sidelines of an economic summit, the two leaders directed their top diplomats to \
         return to talks quickly, likely later this week, according to a senior administration \
         official who briefed reporters on the meeting. The official would not be named \
         discussing the private discussion, which also covered U.S. concerns over \
         cybersecurity and the situation in Ukraine.\nThe official said the U.S. was eager to \
         find an agreement quickly, mindful of the deteriorating conditions around the besieged \
         city of Aleppo. But U.S. was wary of enter a deal that would not be effective.",
        // Fixture 003.
        "As the president was greeted by his Chinese hosts, Obama\u{2019}s aides and journalists \
         accompanying the president clashed with a Chinese official as they tried to watch the \
         ceremony. The tensions lingered throughout the trip as Chinese officials severely \
         restricted the media\u{2019}s ability to attend Obama\u{2019}s G20 events. \u{201C}After \
         that Obama and Putin held a one-on-one meeting behind closed doors\u{201D}, the Kremlin \
         spokesman said. Duterte on Monday warned that Obama should not question him, during a \
         scheduled meeting Tuesday, about extrajudicial killings in his country.",
    ];

    #[test]
    fn fixture_paragraphs_keep_invariants() {
        for p in PARAGRAPHS {
            assert_invariants(p);
        }
        let all = PARAGRAPHS.join("\n");
        assert_invariants(&all);
    }

    #[test]
    fn fixture_paragraph_sentences() {
        check(
            PARAGRAPHS[2],
            &[
                "block\nAP, Hangzhou :\nPresident Barack Obama and Russian President Vladimir \
                 Putin on Monday failed to force a breakthrough in negotiations over a \
                 cease-fire for Syria, but agreed to keep looking for a path to provide \
                 humanitarian relief to thousands of besieged civilians in the civil \
                 war-ravaged country.",
                "After a 90-minute huddle on the sidelines of an economic summit, the two \
                 leaders directed their top diplomats to return to talks quickly, likely later \
                 this week, according to a senior administration official who briefed reporters \
                 on the meeting.",
                "The official would not be named discussing the private discussion, which also \
                 covered U.S. concerns over cybersecurity and the situation in Ukraine.",
                "The official said the U.S. was eager to find an agreement quickly, mindful of \
                 the deteriorating conditions around the besieged city of Aleppo.",
                "But U.S. was wary of enter a deal that would not be effective.",
            ],
        );
        check(
            PARAGRAPHS[3],
            &[
                "As the president was greeted by his Chinese hosts, Obama\u{2019}s aides and \
                 journalists accompanying the president clashed with a Chinese official as \
                 they tried to watch the ceremony.",
                "The tensions lingered throughout the trip as Chinese officials severely \
                 restricted the media\u{2019}s ability to attend Obama\u{2019}s G20 events.",
                "\u{201C}After that Obama and Putin held a one-on-one meeting behind closed \
                 doors\u{201D}, the Kremlin spokesman said.",
                "Duterte on Monday warned that Obama should not question him, during a \
                 scheduled meeting Tuesday, about extrajudicial killings in his country.",
            ],
        );
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let dots = ".".repeat(10_000);
        let dotted_words = "a. ".repeat(5_000);
        let mixed = "\u{201C}\u{201D}. ".repeat(1_000);
        let inputs: Vec<&str> = vec![
            "",
            " ",
            "\n\n\n",
            " \t\r\n\u{a0}\u{2029}",
            ".",
            "...",
            "?!",
            "\u{2026}",
            ". . .",
            "\u{201C}\u{201D}",
            "\"\"\"\"",
            "\u{201C}\u{201D}\u{2018}\u{2019}\"'",
            "( ) [ ] \u{AB} \u{BB}",
            "Mr.",
            "U.S.",
            "U.S. ",
            " .U.S.",
            "a.\u{00e9}. B",
            "\u{00e9}. \u{00c9}. \u{4e2d}\u{6587}\u{3002} \u{0416}. \u{0436}",
            "Caf\u{e9}. \u{c9}t\u{e9}. \u{201C}\u{c9}t\u{e9}!\u{201D} \u{1F600}. \u{1F600}",
            "\u{1F1FA}\u{1F1F8}. \u{1F1F7}\u{1F1FA}.\n\n\u{1F600}?",
            "\u{301}. \u{301}",
            "$. $5. \u{20AC}",
            "No. No. No.",
            "e.g. i.e. vs. a.m. p.m.",
            ".\n.\n.\n\n.",
            &dots,
            &dotted_words,
            &mixed,
        ];
        for input in inputs {
            assert_invariants(input);
        }
        check("", &[]);
        check("   \n\t ", &[]);
        check("...", &["..."]);
        check("\u{201C}\u{201D}", &["\u{201C}\u{201D}"]);
        check("Mr.", &["Mr."]);
        check("U.S.", &["U.S."]);
        check("a.\u{00e9}. B", &["a.\u{00e9}. B"]);
        check(&dots, &[dots.as_str()]);
    }

    #[test]
    fn random_strings_keep_invariants() {
        // Deterministic xorshift over an alphabet of troublesome pieces.
        const PIECES: &[&str] = &[
            ".",
            "!",
            "?",
            "\u{2026}",
            "\"",
            "'",
            "\u{201C}",
            "\u{201D}",
            "\u{2019}",
            "(",
            ")",
            " ",
            "\n",
            "\n\n",
            "\r\n",
            "\u{a0}",
            "U.S",
            "Mr",
            "a",
            "B",
            "No",
            "1",
            "$",
            "The",
            "\u{e9}",
            "\u{4e2d}",
            "\u{1F600}",
            "-",
            "\u{2014}",
            "Inc",
            "Sept",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut text = String::new();
        for _ in 0..3_000 {
            text.clear();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = state % 40;
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let index = usize::try_from(state % PIECES.len() as u64).unwrap_or(0);
                text.push_str(PIECES[index]);
            }
            assert_invariants(&text);
        }
    }

    #[test]
    fn every_substring_keeps_invariants() {
        // Cut a tricky paragraph at every char boundary to shake out edge cases.
        let text = "He said: \u{201C}We\u{2019}ll win.\u{201D} Then Mr. Lavrov left the U.S. The \
                    deal\u{2026} it failed?! No. 1.\n\nDone";
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        for &a in &bounds {
            for &b in &bounds {
                if a <= b {
                    assert_invariants(&text[a..b]);
                }
            }
        }
    }
}
