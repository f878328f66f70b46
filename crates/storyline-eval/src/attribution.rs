//! Scoring of attribution (quote) extraction against hand-annotated gold, and
//! a loader for the PolNeAR corpus.
//!
//! An attribution is reduced to its source spans, its content spans and
//! whether it is a direct quote. [`score`] matches predictions to gold one to
//! one:
//!
//! * a prediction and a gold attribution are *compatible* when their content
//!   spans overlap by at least one byte and their source spans overlap too;
//!   when the gold source is empty (PolNeAR's `Attribution-no-source`) content
//!   overlap suffices;
//! * compatible pairs are taken greedily by decreasing content overlap (ties:
//!   larger source overlap, then earlier gold, then earlier prediction), each
//!   gold and each prediction at most once;
//! * precision = matched predictions / predictions, recall = matched gold /
//!   gold, F1 their harmonic mean (0 when both are 0; an empty side gives 1 for
//!   its ratio when the other side is empty too).
//!
//! [`AttributionScores::direct`] repeats the matching on direct gold and
//! direct predictions only; [`AttributionScores::all`] uses everything. A gold
//! attribution is direct when at least half of the characters of its content
//! lie inside quotation marks of the article ([`quoted_share`]).
//!
//! Scores of several articles are pooled with [`AttributionScores::pool`]
//! (micro-average over the counts).
//!
//! For PolNeAR, [`load_polnear`] gives each article's text and gold in byte
//! offsets (gold attributions without a content span cannot be matched and
//! are left out, counted in [`PolnearArticle::without_content`]); an
//! extractor's output becomes [`PredictedAttribution`]s with its source span
//! (none when it found no source), its content spans and its direct flag.
//!
//! ```
//! use storyline_eval::attribution::{score, GoldAttribution, PredictedAttribution};
//!
//! let gold = [GoldAttribution { source: vec![0..3], cue: vec![], content: vec![10..20], direct: false }];
//! let pred = [PredictedAttribution { source: vec![0..3], content: vec![12..25], direct: false }];
//! let s = score(&gold, &pred);
//! assert_eq!(s.all.f1, 1.0);
//! assert_eq!(s.direct.gold, 0);
//! ```

use std::ops::Range;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::{EvalError, Loaded};

/// A gold attribution: byte ranges into its article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoldAttribution {
    /// Source spans; empty when the annotation has no source.
    pub source: Vec<Range<usize>>,
    /// Cue spans; empty when the annotation has no cue. Not scored (a match
    /// needs content and source), but a tagger learns from it.
    pub cue: Vec<Range<usize>>,
    /// Content spans (several for a discontinuous content).
    pub content: Vec<Range<usize>>,
    /// Whether the content is mostly inside quotation marks.
    pub direct: bool,
}

/// A predicted attribution: byte ranges into its article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PredictedAttribution {
    /// Source spans; empty when the extractor found no source.
    pub source: Vec<Range<usize>>,
    /// Content spans.
    pub content: Vec<Range<usize>>,
    /// Whether the extractor calls it a direct quote.
    pub direct: bool,
}

/// Precision, recall and F1, with the counts they come from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf3 {
    /// Matched predictions over predictions.
    pub precision: f64,
    /// Matched gold over gold.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Gold attributions counted.
    pub gold: usize,
    /// Predicted attributions counted.
    pub predicted: usize,
    /// Matched pairs (one to one, so matched gold = matched predictions).
    pub matched: usize,
}

impl Prf3 {
    /// Scores from counts. With no predictions precision is 1 if there is no
    /// gold either, else 0; likewise recall with no gold.
    pub fn from_counts(matched: usize, gold: usize, predicted: usize) -> Prf3 {
        let ratio = |num: usize, den: usize, other: usize| {
            if den == 0 {
                if other == 0 {
                    1.0
                } else {
                    0.0
                }
            } else {
                num as f64 / den as f64
            }
        };
        let precision = ratio(matched, predicted, gold);
        let recall = ratio(matched, gold, predicted);
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf3 {
            precision,
            recall,
            f1,
            gold,
            predicted,
            matched,
        }
    }
}

/// Scores of one article or of a pooled set of articles.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AttributionScores {
    /// Direct gold against direct predictions only.
    pub direct: Prf3,
    /// All gold against all predictions.
    pub all: Prf3,
}

impl AttributionScores {
    /// Micro-average: adds up the counts of every item and recomputes the ratios.
    pub fn pool<'a>(items: impl IntoIterator<Item = &'a AttributionScores>) -> AttributionScores {
        let (mut d, mut a) = ([0usize; 3], [0usize; 3]);
        for s in items {
            d[0] += s.direct.matched;
            d[1] += s.direct.gold;
            d[2] += s.direct.predicted;
            a[0] += s.all.matched;
            a[1] += s.all.gold;
            a[2] += s.all.predicted;
        }
        AttributionScores {
            direct: Prf3::from_counts(d[0], d[1], d[2]),
            all: Prf3::from_counts(a[0], a[1], a[2]),
        }
    }
}

/// Scores `predicted` against `gold` (both for the same article); see the
/// module documentation for the matching rule.
pub fn score(gold: &[GoldAttribution], predicted: &[PredictedAttribution]) -> AttributionScores {
    let all_gold: Vec<Spans<'_>> = gold
        .iter()
        .map(|g| (&g.source[..], &g.content[..]))
        .collect();
    let all_pred: Vec<Spans<'_>> = predicted
        .iter()
        .map(|p| (&p.source[..], &p.content[..]))
        .collect();
    let direct_gold: Vec<Spans<'_>> = gold
        .iter()
        .filter(|g| g.direct)
        .map(|g| (&g.source[..], &g.content[..]))
        .collect();
    let direct_pred: Vec<Spans<'_>> = predicted
        .iter()
        .filter(|p| p.direct)
        .map(|p| (&p.source[..], &p.content[..]))
        .collect();
    AttributionScores {
        direct: Prf3::from_counts(
            match_count(&direct_gold, &direct_pred),
            direct_gold.len(),
            direct_pred.len(),
        ),
        all: Prf3::from_counts(
            match_count(&all_gold, &all_pred),
            all_gold.len(),
            all_pred.len(),
        ),
    }
}

/// `(source, content)` of one attribution.
type Spans<'a> = (&'a [Range<usize>], &'a [Range<usize>]);

/// Number of one-to-one matches, taken greedily by overlap size.
fn match_count(gold: &[Spans<'_>], predicted: &[Spans<'_>]) -> usize {
    let mut pairs = Vec::new();
    for (gi, (gs, gc)) in gold.iter().enumerate() {
        for (pi, (ps, pc)) in predicted.iter().enumerate() {
            let content = overlap(gc, pc);
            if content == 0 {
                continue;
            }
            let source = overlap(gs, ps);
            if !gs.is_empty() && source == 0 {
                continue;
            }
            pairs.push((content, source, gi, pi));
        }
    }
    pairs.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.cmp(&a.1))
            .then(a.2.cmp(&b.2))
            .then(a.3.cmp(&b.3))
    });
    let mut gold_used = vec![false; gold.len()];
    let mut pred_used = vec![false; predicted.len()];
    let mut matched = 0;
    for (_, _, gi, pi) in pairs {
        if !gold_used[gi] && !pred_used[pi] {
            gold_used[gi] = true;
            pred_used[pi] = true;
            matched += 1;
        }
    }
    matched
}

/// Total number of bytes shared by two lists of ranges.
fn overlap(a: &[Range<usize>], b: &[Range<usize>]) -> usize {
    let mut total = 0;
    for x in a {
        for y in b {
            let lo = x.start.max(y.start);
            let hi = x.end.min(y.end);
            total += hi.saturating_sub(lo);
        }
    }
    total
}

/// Share (0 to 1) of the non-whitespace characters of `spans` that lie inside
/// quotation marks of `text`, marks included; 0 for empty spans.
///
/// Quotes are found line by line: `“`/`”`, `«`/`»` and straight `"` pair up
/// (a straight mark opens when no quote is open and closes otherwise; two
/// apostrophes `''`, as in some newspaper archives, count as one `"`); a
/// quote still open at the end of its line ends there. Single quotes are not
/// counted (they are mostly apostrophes in the news this is meant for).
pub fn quoted_share(text: &str, spans: &[Range<usize>]) -> f64 {
    share_inside(text, &quoted_ranges(text), spans)
}

/// [`quoted_share`] with the quoted ranges of `text` computed beforehand.
fn share_inside(text: &str, inside: &[Range<usize>], spans: &[Range<usize>]) -> f64 {
    let (mut total, mut quoted) = (0usize, 0usize);
    for span in spans {
        let Some(part) = text.get(span.clone()) else {
            continue;
        };
        for (i, c) in part.char_indices() {
            if c.is_whitespace() {
                continue;
            }
            total += 1;
            let at = span.start + i;
            let k = inside.partition_point(|r| r.end <= at);
            if inside.get(k).is_some_and(|r| r.start <= at) {
                quoted += 1;
            }
        }
    }
    if total == 0 {
        0.0
    } else {
        quoted as f64 / total as f64
    }
}

/// Byte ranges of `text` between paired quotation marks, marks included, in order.
fn quoted_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        // Two apostrophes in a row are a straight double mark.
        let c = if c == '\'' && chars.peek().is_some_and(|&(_, d)| d == '\'') {
            chars.next();
            '"'
        } else {
            c
        };
        match c {
            '\n' => {
                if let Some(o) = open.take() {
                    out.push(o..i);
                }
            }
            '\u{201c}' | '\u{ab}' | '\u{201e}' if open.is_none() => open = Some(i),
            '\u{201d}' | '\u{bb}' => {
                if let Some(o) = open.take() {
                    out.push(o..i + c.len_utf8());
                }
            }
            '"' => match open.take() {
                Some(o) => out.push(o..i + if text[i..].starts_with("''") { 2 } else { 1 }),
                None => open = Some(i),
            },
            _ => {}
        }
    }
    if let Some(o) = open {
        out.push(o..text.len());
    }
    out
}

/// One PolNeAR article with its gold attributions in byte offsets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolnearArticle {
    /// File stem, e.g. `breitbart_2016-09-12_stealth-over-health-hillary-clin`.
    pub id: String,
    /// The article text (headline on the first line).
    pub text: String,
    /// Gold attributions that have a content span; `direct` set by [`quoted_share`] >= 0.5.
    pub gold: Vec<GoldAttribution>,
    /// Gold attributions left out because they have no content span.
    pub without_content: usize,
}

#[derive(Deserialize)]
struct RawArticle {
    id: String,
    text: String,
    attributions: Vec<RawAttribution>,
}

#[derive(Deserialize)]
struct RawAttribution {
    source: Option<RawSpan>,
    #[serde(default)]
    cue: Option<RawSpan>,
    content: Option<RawSpan>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawSpan {
    One(CharSpan),
    Many(Vec<CharSpan>),
}

#[derive(Deserialize)]
struct CharSpan {
    start: usize,
    end: usize,
}

/// Loads PolNeAR `articles.jsonl` (fields `id`, `text`, `attributions` with
/// `source` and `content` spans in Python character offsets, a span being
/// `{start, end}`, a list of them, or null) and converts the offsets to byte
/// ranges.
///
/// Lines that are not valid JSON, lack a field or have a span outside the
/// text are skipped and reported; only an unreadable file is an error.
pub fn load_polnear(path: impl AsRef<Path>) -> Result<Loaded<PolnearArticle>, EvalError> {
    crate::data::load_lines(path.as_ref(), |_, line| {
        let article: RawArticle =
            serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
        convert(article)
    })
}

/// Converts one parsed article to byte offsets.
fn convert(article: RawArticle) -> Result<PolnearArticle, String> {
    // Byte offset of every char index, plus the end.
    let mut offsets: Vec<usize> = article.text.char_indices().map(|(i, _)| i).collect();
    offsets.push(article.text.len());
    let to_bytes = |span: &Option<RawSpan>| -> Result<Vec<Range<usize>>, String> {
        let parts: Vec<&CharSpan> = match span {
            None => Vec::new(),
            Some(RawSpan::One(s)) => vec![s],
            Some(RawSpan::Many(v)) => v.iter().collect(),
        };
        parts
            .into_iter()
            .map(|s| match (offsets.get(s.start), offsets.get(s.end)) {
                (Some(&a), Some(&b)) if a <= b => Ok(a..b),
                _ => Err(format!(
                    "article {}: span {}..{} outside its {} characters",
                    article.id,
                    s.start,
                    s.end,
                    offsets.len() - 1
                )),
            })
            .collect()
    };
    let inside = quoted_ranges(&article.text);
    let mut gold = Vec::with_capacity(article.attributions.len());
    let mut without_content = 0;
    for a in &article.attributions {
        let content = to_bytes(&a.content)?;
        let source = to_bytes(&a.source)?;
        let cue = to_bytes(&a.cue)?;
        if content.is_empty() {
            without_content += 1;
            continue;
        }
        let direct = share_inside(&article.text, &inside, &content) >= 0.5;
        gold.push(GoldAttribution {
            source,
            cue,
            content,
            direct,
        });
    }
    Ok(PolnearArticle {
        id: article.id,
        text: article.text,
        gold,
        without_content,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(a: usize, b: usize) -> Range<usize> {
        a..b
    }

    fn gold(source: &[Range<usize>], content: &[Range<usize>], direct: bool) -> GoldAttribution {
        GoldAttribution {
            source: source.to_vec(),
            cue: Vec::new(),
            content: content.to_vec(),
            direct,
        }
    }

    fn pred(
        source: &[Range<usize>],
        content: &[Range<usize>],
        direct: bool,
    ) -> PredictedAttribution {
        PredictedAttribution {
            source: source.to_vec(),
            content: content.to_vec(),
            direct,
        }
    }

    #[test]
    fn overlapping_content_and_source_match() {
        let s = score(
            &[gold(&[r(0, 5)], &[r(10, 30)], false)],
            &[pred(&[r(2, 4)], &[r(25, 40)], false)],
        );
        assert_eq!(s.all.matched, 1);
        assert_eq!((s.all.precision, s.all.recall, s.all.f1), (1.0, 1.0, 1.0));
    }

    #[test]
    fn wrong_source_does_not_match() {
        let s = score(
            &[gold(&[r(0, 5)], &[r(10, 30)], false)],
            &[pred(&[r(5, 8)], &[r(10, 30)], false)],
        );
        assert_eq!(s.all.matched, 0);
        assert_eq!(s.all.f1, 0.0);
    }

    #[test]
    fn missing_predicted_source_does_not_match_a_gold_source() {
        let s = score(
            &[gold(&[r(0, 5)], &[r(10, 30)], false)],
            &[pred(&[], &[r(10, 30)], false)],
        );
        assert_eq!(s.all.matched, 0);
    }

    #[test]
    fn null_gold_source_needs_content_only() {
        let s = score(
            &[gold(&[], &[r(10, 30)], false)],
            &[pred(&[r(40, 45)], &[r(29, 35)], false)],
        );
        assert_eq!(s.all.matched, 1);
    }

    #[test]
    fn touching_spans_do_not_overlap() {
        let s = score(
            &[gold(&[], &[r(10, 30)], false)],
            &[pred(&[], &[r(30, 35)], false)],
        );
        assert_eq!(s.all.matched, 0);
    }

    #[test]
    fn matching_is_one_to_one() {
        let g = [gold(&[r(0, 5)], &[r(10, 30)], false)];
        let p = [
            pred(&[r(0, 5)], &[r(10, 20)], false),
            pred(&[r(0, 5)], &[r(20, 30)], false),
        ];
        let s = score(&g, &p);
        assert_eq!(s.all.matched, 1);
        assert_eq!(s.all.precision, 0.5);
        assert_eq!(s.all.recall, 1.0);
    }

    #[test]
    fn greedy_takes_larger_overlaps_first() {
        // p0 overlaps g1 by 10 and g0 by 5; p1 overlaps only g0.
        let g = [
            gold(&[], &[r(0, 10)], false),
            gold(&[], &[r(10, 20)], false),
        ];
        let p = [pred(&[], &[r(5, 20)], false), pred(&[], &[r(0, 3)], false)];
        let s = score(&g, &p);
        assert_eq!(s.all.matched, 2);
    }

    #[test]
    fn discontinuous_fragments_count() {
        let g = [gold(&[r(0, 3)], &[r(10, 20), r(40, 50)], true)];
        let p = [pred(&[r(0, 3)], &[r(45, 48)], true)];
        assert_eq!(score(&g, &p).direct.matched, 1);
    }

    #[test]
    fn direct_scores_use_direct_items_only() {
        let g = [
            gold(&[r(0, 3)], &[r(10, 20)], true),
            gold(&[r(0, 3)], &[r(30, 40)], false),
        ];
        let p = [
            pred(&[r(0, 3)], &[r(10, 20)], false),
            pred(&[r(0, 3)], &[r(30, 40)], true),
        ];
        let s = score(&g, &p);
        assert_eq!(s.all.matched, 2);
        assert_eq!(
            (s.direct.gold, s.direct.predicted, s.direct.matched),
            (1, 1, 0)
        );
        assert_eq!(s.direct.f1, 0.0);
    }

    #[test]
    fn empty_sides() {
        let s = score(&[], &[]);
        assert_eq!((s.all.precision, s.all.recall, s.all.f1), (1.0, 1.0, 1.0));
        let s = score(&[gold(&[], &[r(0, 3)], false)], &[]);
        assert_eq!((s.all.precision, s.all.recall, s.all.f1), (0.0, 0.0, 0.0));
    }

    #[test]
    fn pooling_adds_counts() {
        let a = score(
            &[gold(&[], &[r(0, 3)], false)],
            &[pred(&[], &[r(0, 3)], false)],
        );
        let b = score(
            &[gold(&[], &[r(0, 3)], false)],
            &[pred(&[], &[r(5, 8)], false)],
        );
        let p = AttributionScores::pool(&[a, b]);
        assert_eq!((p.all.gold, p.all.predicted, p.all.matched), (2, 2, 1));
        assert_eq!(p.all.f1, 0.5);
    }

    #[test]
    fn quoted_share_of_marks() {
        let text = "He said \u{201c}we won\u{201d} and \"we lost\" and ''we tied'' today.";
        let won = text.find("we won").unwrap_or(0);
        assert_eq!(quoted_share(text, &[r(won, won + 6)]), 1.0);
        let lost = text.find("we lost").unwrap_or(0);
        assert_eq!(quoted_share(text, &[r(lost, lost + 7)]), 1.0);
        let tied = text.find("we tied").unwrap_or(0);
        assert_eq!(quoted_share(text, &[r(tied, tied + 7)]), 1.0);
        assert_eq!(quoted_share(text, &[r(0, 7)]), 0.0);
        // "said “we won”": 4 of 11 non-space characters are outside.
        let share = quoted_share(text, &[r(3, won + 9)]);
        assert!((share - 7.0 / 11.0).abs() < 1e-9, "{share}");
    }

    #[test]
    fn unclosed_quote_ends_at_line_end() {
        let text = "\u{201c}Open quote\nplain line";
        assert_eq!(quoted_share(text, &[r(4, 14)]), 1.0);
        let plain = text.find("plain").unwrap_or(0);
        assert_eq!(quoted_share(text, &[r(plain, text.len())]), 0.0);
    }

    /// Writes `content` to a fresh file in the system temp directory.
    fn temp_file(name: &str, content: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("storyline-eval-attr-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join(name);
        std::fs::write(&path, content).expect("write temp file");
        path
    }

    #[test]
    fn polnear_char_offsets_become_byte_offsets() {
        // "é" and "“" take 2 and 3 bytes: char offsets differ from byte offsets.
        let text = "Ren\u{e9} said \u{201c}we won\u{201d}.";
        let line = serde_json::json!({
            "id": "a",
            "title": "t",
            "text": text,
            "attributions": [
                {"source": {"start": 0, "end": 4, "text": "Ren\u{e9}"},
                 "cue": {"start": 5, "end": 9, "text": "said"},
                 "content": {"start": 10, "end": 18, "text": "\u{201c}we won\u{201d}"}},
                {"source": null, "cue": null,
                 "content": [{"start": 0, "end": 4}, {"start": 11, "end": 13}]},
                {"source": null, "cue": {"start": 5, "end": 9}, "content": null}
            ]
        });
        let path = temp_file(
            "polnear.jsonl",
            &format!(
                "{line}\nnot json\n\n{}\n",
                line.to_string().replace("\"end\":18", "\"end\":99")
            ),
        );
        let (articles, diagnostics) = load_polnear(&path).expect("readable");
        assert_eq!(articles.len(), 1);
        assert_eq!(diagnostics.len(), 2, "{diagnostics:?}");
        assert_eq!(diagnostics[0].line, 2);
        let a = &articles[0];
        assert_eq!(a.without_content, 1);
        assert_eq!(a.gold.len(), 2);
        let g = &a.gold[0];
        assert_eq!(&text[g.source[0].clone()], "Ren\u{e9}");
        assert_eq!(&text[g.content[0].clone()], "\u{201c}we won\u{201d}");
        assert!(g.direct);
        let h = &a.gold[1];
        assert!(h.source.is_empty());
        assert_eq!(h.content.len(), 2);
        assert_eq!(&text[h.content[1].clone()], "we");
        assert!(!h.direct);
    }

    #[test]
    fn unreadable_file_is_an_error() {
        let missing = std::env::temp_dir().join("storyline-eval-no-such-file.jsonl");
        assert!(matches!(load_polnear(&missing), Err(EvalError::Io { .. })));
    }
}
