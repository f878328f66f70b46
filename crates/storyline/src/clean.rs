//! Clean: tell the article's own prose from page furniture.
//!
//! The text is read line by line. Each line is either kept (as part of a
//! paragraph) or removed with a [`Reason`]. Nothing is dropped silently: every
//! removed line is returned with its byte span, so reports can show it and users
//! can check the decision.

use std::ops::Range;

use crate::tokens::Tokens;

/// Why a line was removed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Reason {
    /// A headline of another article with its date, as in "related stories" lists.
    Navigation,
    /// "Advertisement", "Sponsored content" and the like.
    Advertisement,
    /// A photo or image credit ("© REUTERS/ Jorge Silva", "Photo: AP").
    PhotoCredit,
    /// A photo caption ("Putin, left, listens to Obama ...").
    Caption,
    /// The same line twice in a row (usually a caption printed twice).
    RepeatedLine,
    /// A byline or dateline alone on its line ("By Jane Doe", "• Leroy Wright", "AP, Hangzhou :").
    Byline,
    /// Site furniture: "Share this article", "Read more", "All rights reserved".
    SiteChrome,
    /// A stray fragment: one or two words or only punctuation, not a sentence.
    Fragment,
}

impl Reason {
    /// Stable snake_case name, as used in the JSON report.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Navigation => "navigation",
            Reason::Advertisement => "advertisement",
            Reason::PhotoCredit => "photo_credit",
            Reason::Caption => "caption",
            Reason::RepeatedLine => "repeated_line",
            Reason::Byline => "byline",
            Reason::SiteChrome => "site_chrome",
            Reason::Fragment => "fragment",
        }
    }

    /// The reason named `name` (as [`Reason::as_str`] writes it).
    pub fn from_name(name: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// Every reason, in report order.
    pub const ALL: [Reason; 8] = [
        Reason::Navigation,
        Reason::Advertisement,
        Reason::PhotoCredit,
        Reason::Caption,
        Reason::RepeatedLine,
        Reason::Byline,
        Reason::SiteChrome,
        Reason::Fragment,
    ];
}

/// A removed line: where it was and why it went.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Removed {
    /// Byte range into the article text (the line, without its newline).
    pub span: Range<usize>,
    /// Why it was removed.
    pub reason: Reason,
}

/// The result of cleaning one article.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Cleaned {
    /// Paragraphs of prose that are kept, as byte ranges into the article text.
    pub paragraphs: Vec<Range<usize>>,
    /// Lines removed, in text order, each with its reason.
    pub removed: Vec<Removed>,
}

/// Clean one article's text.
pub fn clean(text: &str) -> Cleaned {
    clean_marked(text, &[])
}

/// Clean one article's text, where the input's structure already marked some
/// lines as furniture (`marked`, spans into `text` in text order, as in
/// [`crate::Article::marked`]): a line inside a marked span is removed with
/// the marked reason, whatever the line rules say.
pub fn clean_marked(text: &str, marked: &[Removed]) -> Cleaned {
    let lines = line_spans(text);
    let mut next_mark = 0;
    // A line printed twice in a row (a caption above and below a photo) is
    // furniture both times. The same line far apart is kept: list items of
    // a recipe, the rows of a table shown twice.
    let mut repeated = vec![false; lines.len()];
    let mut prev: Option<(usize, &str)> = None;
    for (i, r) in lines.iter().enumerate() {
        let line = text[r.clone()].trim();
        if line.is_empty() {
            continue;
        }
        if let Some((j, p)) = prev {
            if p == line && line.split_whitespace().count() >= 3 {
                repeated[i] = true;
                repeated[j] = true;
            }
        }
        prev = Some((i, line));
    }
    let mut out = Cleaned::default();
    let mut prev_kept: Option<usize> = None; // index into out.paragraphs of the last kept line
    let mut prev_line_kept = false;
    for (i, r) in lines.into_iter().enumerate() {
        let line = text[r.clone()].trim();
        if line.is_empty() {
            prev_line_kept = false;
            continue;
        }
        while marked.get(next_mark).is_some_and(|m| m.span.end <= r.start) {
            next_mark += 1;
        }
        let mark = marked
            .get(next_mark)
            .filter(|m| m.span.start < r.end.max(r.start + 1) && r.start < m.span.end);
        let reason = if let Some(m) = mark {
            Some(m.reason)
        } else if repeated[i] {
            Some(Reason::RepeatedLine)
        } else {
            classify(line)
        };
        // Trim the span to the line's non-whitespace content.
        let lead = text[r.clone()].len() - text[r.clone()].trim_start().len();
        let span = r.start + lead..r.start + lead + line.len();
        match reason {
            Some(reason) => {
                out.removed.push(Removed { span, reason });
                prev_line_kept = false;
            }
            None => {
                // A hard-wrapped paragraph continues on the next line in lower case.
                let continues = prev_line_kept
                    && prev_kept.is_some_and(|p| {
                        let prev = text[out.paragraphs[p].clone()].trim_end();
                        !prev.ends_with(['.', '!', '?', '"', '”', ':', ';', ')'])
                            && line.chars().next().is_some_and(char::is_lowercase)
                    });
                match prev_kept {
                    Some(p) if continues => out.paragraphs[p].end = span.end,
                    _ => {
                        out.paragraphs.push(span);
                        prev_kept = Some(out.paragraphs.len() - 1);
                    }
                }
                prev_line_kept = true;
            }
        }
    }
    out
}

/// Byte ranges of the lines of `text` (without the `\n`).
fn line_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            spans.push(start..i);
            start = i + 1;
        }
    }
    spans.push(start..text.len());
    spans
}

const ADVERTISEMENT: &[&str] = &[
    "ad",
    "advert",
    "advertisement",
    "advertising",
    "continue reading below",
    "continue reading the main story",
    "paid content",
    "promoted",
    "promoted content",
    "sponsored",
    "sponsored content",
    "story continues below",
    "story continues below advertisement",
];

const CHROME_PREFIXES: &[&str] = &[
    "all rights reserved",
    "also read",
    "click here",
    "comments",
    "copyright",
    "follow us",
    "like us on facebook",
    "more:",
    "read also",
    "read more",
    "read the full",
    "read the rest",
    "recommended",
    "related:",
    "related stories",
    "share on",
    "share this",
    "sign up",
    "subscribe",
    "watch:",
    "you may also like",
];

const CREDIT_MARKERS: &[&str] = &[
    "©",
    "(c) ",
    "photo:",
    "photo by",
    "photograph:",
    "photos:",
    "image:",
    "image by",
    "images:",
    "picture:",
    "credit:",
    "getty images",
    "reuters/",
    "ap photo",
    "afp photo",
    "afp/",
    "epa/",
    "shutterstock",
    "file photo",
];

/// Words that open a line stating when the page was published or updated
/// ("Updated at 1:23 p.m.", "Posted on March 30, 2015 by Admin"), in the
/// languages the page benchmarks hold most.
const TIMESTAMP_PREFIXES: &[&str] = &[
    "published",
    "first published",
    "updated",
    "last updated",
    "last modified",
    "posted",
    "publié",
    "mis à jour",
    "veröffentlicht",
    "aktualisiert",
    "publicado",
    "actualizado",
    "atualizado",
    "pubblicato",
    "aggiornato",
];

/// Decide whether one line, taken alone, is page furniture, and which kind.
/// (Repeated lines are only known in the context of a whole article; see [`clean`].)
pub fn classify(line: &str) -> Option<Reason> {
    let line = line.trim();
    let lower = line.to_lowercase();
    let bare = lower.trim_matches(|c: char| !c.is_alphanumeric() && c != ':');
    let words: Vec<&str> = line.split_whitespace().collect();
    let n_words = word_count(&words);
    let ends_sentence = line.ends_with([
        '.', '!', '?', '"', '”', '’', '\'', ')', ';', '。', '！', '？', '」', '』', '）', '…',
    ]);

    if !line.chars().any(char::is_alphanumeric) {
        return Some(Reason::Fragment);
    }
    if ADVERTISEMENT.contains(&bare) {
        return Some(Reason::Advertisement);
    }
    if n_words <= 12 && CREDIT_MARKERS.iter().any(|m| lower.contains(m)) {
        return Some(Reason::PhotoCredit);
    }
    if n_words <= 12 && CHROME_PREFIXES.iter().any(|p| bare.starts_with(p)) {
        return Some(Reason::SiteChrome);
    }
    if !ends_sentence && ends_with_date(&lower) {
        return Some(Reason::Navigation);
    }
    if is_caption(&lower) {
        return Some(Reason::Caption);
    }
    if is_byline(line, &words) || is_timestamp(&lower, n_words) {
        return Some(Reason::Byline);
    }
    if n_words <= 2 && !ends_sentence {
        return Some(Reason::Fragment);
    }
    None
}

/// The parts of `text` outside the `marked` spans (in text order, as
/// [`crate::Article::marked`] holds them): the text without its furniture.
pub fn unmarked<'a>(text: &'a str, marked: &'a [Removed]) -> impl Iterator<Item = &'a str> + 'a {
    let mut at = 0;
    let mut marks = marked.iter();
    std::iter::from_fn(move || {
        if at > text.len() {
            return None;
        }
        let part = match marks.next() {
            Some(m) => {
                let end = m.span.start.max(at).min(text.len());
                let part = &text[at..end];
                at = at.max(m.span.end).min(text.len());
                part
            }
            None => {
                let part = &text[at..];
                at = text.len() + 1;
                part
            }
        };
        Some(part)
    })
}

/// Words of a text, counting a run of Chinese or Japanese characters as one
/// word per two characters (they are written without spaces).
pub fn words_in(text: &str) -> usize {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    word_count(&tokens)
}

/// Words of a line: whitespace-separated tokens, where a run of Chinese or
/// Japanese characters (written without spaces) counts one word per two
/// characters.
fn word_count(tokens: &[&str]) -> usize {
    tokens
        .iter()
        .map(|t| {
            let cjk = t.chars().filter(|&c| is_cjk(c)).count();
            (cjk / 2).max(1)
        })
        .sum()
}

/// Han ideographs and kana: scripts written without spaces between words.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}' | '\u{FF66}'..='\u{FF9F}')
}

/// A line that only says when the page was published or updated: a
/// timestamp word first, a number somewhere, at most 14 words.
fn is_timestamp(lower: &str, n_words: usize) -> bool {
    let lower = lower.trim_start_matches(['|', ' ', '·', '•']);
    n_words <= 14
        && lower.chars().any(|c| c.is_ascii_digit())
        && TIMESTAMP_PREFIXES.iter().any(|p| {
            lower
                .strip_prefix(p)
                .is_some_and(|rest| rest.starts_with([' ', ':']))
        })
}

/// "..., left, listens to ..." and similar picture descriptions.
fn is_caption(lower: &str) -> bool {
    const MARKS: &[&str] = &[
        ", left,",
        ", right,",
        ", center,",
        ", centre,",
        ", second left,",
        ", second right,",
        "(l)",
        "(r)",
        "(l-r)",
        "pictured ",
        "in this photo",
        "in this file photo",
        "in this image",
    ];
    MARKS.iter().any(|m| lower.contains(m))
}

/// A byline or dateline alone on its line: "By Jane Doe", "• Leroy Wright",
/// "— Name", "AP, Hangzhou :".
fn is_byline(line: &str, words: &[&str]) -> bool {
    let trimmed = line.trim_start_matches(['•', '·', '-', '–', '—', '*', ' ']);
    let bullet = trimmed.len() != line.len();
    let body: Vec<&str> = trimmed.split_whitespace().collect();
    if body.is_empty() || body.len() > 6 {
        return false;
    }
    let name_like = |w: &&str| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w.chars().next().is_some_and(char::is_uppercase) || w.is_empty()
    };
    let by = body[0].eq_ignore_ascii_case("by");
    if (by && body.len() >= 2 && body[1..].iter().all(name_like))
        || (bullet && body.len() <= 4 && body.iter().all(name_like) && !line.ends_with('.'))
    {
        return true;
    }
    // Dateline credit: "AP, Hangzhou :" / "SALVADOR, Feb 26 -": short, ends with ':' or '-'.
    words.len() <= 5
        && (line.ends_with(':') || line.ends_with(" -") || line.ends_with(" —"))
        && body.iter().all(name_like)
}

/// Does the line end with a date ("November 6, 2020", "6 November 2020",
/// "2020-11-06", "11/06/2020"), as listed headlines do?
fn ends_with_date(lower: &str) -> bool {
    let toks: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .collect();
    let n = toks.len();
    if n < 2 {
        return false;
    }
    let is_year = |t: &str| {
        t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()) && t.starts_with(['1', '2'])
    };
    let is_day = |t: &str| (1..=2).contains(&t.len()) && t.chars().all(|c| c.is_ascii_digit());
    let is_month = |t: &str| crate::lexicon::english_month(t.trim_end_matches('.')).is_some();
    let last = toks[n - 1];
    if n >= 3 && is_year(last) {
        // "Month D YYYY" or "D Month YYYY"
        let (a, b) = (toks[n - 3], toks[n - 2]);
        if (is_month(a) && is_day(b)) || (is_day(a) && is_month(b)) {
            return true;
        }
    }
    let numeric = |t: &str, sep: char| {
        let parts: Vec<&str> = t.split(sep).collect();
        parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    };
    numeric(last, '-') || numeric(last, '/')
}

/// Clean an article's text (honouring the lines its input marked as
/// furniture) and split its kept paragraphs into sentences (byte spans in
/// `text`).
pub fn clean_and_split(text: &str, marked: &[Removed]) -> (Cleaned, Vec<Range<usize>>) {
    clean_and_split_in(text, marked, &Tokens::new(text))
}

/// [`clean_and_split`] with the text's lexemes already made.
pub fn clean_and_split_in(
    text: &str,
    marked: &[Removed],
    tokens: &Tokens,
) -> (Cleaned, Vec<Range<usize>>) {
    let cleaned = clean_marked(text, marked);
    let spans = cleaned
        .paragraphs
        .iter()
        .flat_map(|p| crate::segment::split_sentences_in(text, tokens.within(p.clone())))
        .collect();
    (cleaned, spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn removed(text: &str) -> Vec<(&str, Reason)> {
        clean(text)
            .removed
            .iter()
            .map(|r| (&text[r.span.clone()], r.reason))
            .collect()
    }

    fn kept(text: &str) -> Vec<&str> {
        clean(text)
            .paragraphs
            .iter()
            .map(|r| &text[r.clone()])
            .collect()
    }

    #[test]
    fn navigation_block_of_dated_headlines() {
        let text = "-\nTips for becoming a good boxer - November 6, 2020\n-\n\
            Our Top Inspirational Baseball Stars - November 24, 2018\n\
            US sees progress in Syria talks with Russia, expects meeting soon\n\
            The phone conversation followed discussions on Syria, the ministry said.";
        assert_eq!(
            removed(text),
            [
                ("-", Reason::Fragment),
                (
                    "Tips for becoming a good boxer - November 6, 2020",
                    Reason::Navigation
                ),
                ("-", Reason::Fragment),
                (
                    "Our Top Inspirational Baseball Stars - November 24, 2018",
                    Reason::Navigation
                ),
            ]
        );
        assert_eq!(kept(text).len(), 2);
    }

    #[test]
    fn ads_credits_bylines_and_fragments() {
        let text = "© REUTERS/ Jorge Silva\nA US official has commented on the talks.\n\
            Advertisement\nblock\nAP, Hangzhou :\n  • Leroy Wright\nBy Jane Doe\n\
            Share this article\nPhoto: AP";
        assert_eq!(
            removed(text),
            [
                ("© REUTERS/ Jorge Silva", Reason::PhotoCredit),
                ("Advertisement", Reason::Advertisement),
                ("block", Reason::Fragment),
                ("AP, Hangzhou :", Reason::Byline),
                ("• Leroy Wright", Reason::Byline),
                ("By Jane Doe", Reason::Byline),
                ("Share this article", Reason::SiteChrome),
                ("Photo: AP", Reason::PhotoCredit),
            ]
        );
        assert_eq!(kept(text), ["A US official has commented on the talks."]);
    }

    #[test]
    fn timestamps_alone_are_bylines() {
        // Timestamps alone on their line are bylines; a sentence that says
        // "updated" is prose.
        let text = "Updated at 1:23 p.m.\nPosted on March 30, 2015 by Admin\n\
            The company updated its forecast on Tuesday, raising it by 3 percent.";
        assert_eq!(
            removed(text),
            [
                ("Updated at 1:23 p.m.", Reason::Byline),
                ("Posted on March 30, 2015 by Admin", Reason::Byline),
            ]
        );
    }

    #[test]
    fn repeated_caption_is_removed_both_times() {
        let cap = "Russian President Vladimir Putin, left, listens to US President Barack Obama in Hangzhou on Monday.";
        let text = format!("{cap}\n{cap}\nPresident Barack Obama and Russian President Vladimir Putin on Monday failed to force a breakthrough.");
        let r = removed(&text);
        assert_eq!(r.len(), 2);
        assert!(r
            .iter()
            .all(|(l, why)| *l == cap && *why == Reason::RepeatedLine));
        // A single caption is still recognised as one.
        assert_eq!(removed(cap), [(cap, Reason::Caption)]);
        // The same line far apart is content: a recipe repeats its steps.
        let step = "Eat every two to three hours";
        let text = format!("{step}\nMeal two is a salad with chicken.\n{step}");
        assert!(removed(&text).is_empty(), "{:?}", removed(&text));
    }

    #[test]
    fn prose_is_kept_including_dates_in_sentences() {
        let text = "Trump will host Erdogan on May 16-17 at the White House.\n\n\
            The truce was agreed on November 6, 2020.\n\
            \"But they are still hoping for some agreement\".";
        assert!(removed(text).is_empty());
        assert_eq!(kept(text).len(), 3);
    }

    #[test]
    fn hard_wrapped_lines_join_into_one_paragraph() {
        let text = "The ministry said the talks would\ncontinue next week in Geneva.\nA new paragraph starts here.";
        assert_eq!(
            kept(text),
            [
                "The ministry said the talks would\ncontinue next week in Geneva.",
                "A new paragraph starts here."
            ]
        );
    }

    #[test]
    fn sentences_without_spaces_are_not_fragments() {
        // Japanese: no spaces, the sentence ends in "。".
        let text = "もちろん、Apple社は「脱獄」を認めていません。\n報道によると、今回販売されたのは、いわゆる「脱獄」したiPhone";
        assert!(removed(text).is_empty(), "{:?}", removed(text));
        // Two characters alone are still a fragment.
        assert_eq!(removed("記事"), [("記事", Reason::Fragment)]);
    }

    #[test]
    fn unmarked_parts_skip_the_marked_spans() {
        let text = "Prose one.\n\nCaption.\n\nProse two.";
        let marked = [Removed {
            span: 12..20,
            reason: Reason::Caption,
        }];
        let parts: Vec<&str> = unmarked(text, &marked).collect();
        assert_eq!(parts, ["Prose one.\n\n", "\n\nProse two."]);
        assert_eq!(unmarked(text, &[]).collect::<Vec<_>>(), [text]);
    }

    #[test]
    fn spans_point_into_the_text() {
        let text = "  Advertisement  \n\nBody sentence one is here.";
        let c = clean(text);
        assert_eq!(&text[c.removed[0].span.clone()], "Advertisement");
        assert_eq!(&text[c.paragraphs[0].clone()], "Body sentence one is here.");
    }
}
