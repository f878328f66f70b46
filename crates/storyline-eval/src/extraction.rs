//! Scores of web-page extraction: the article body against the
//! article-extraction-benchmark's gold, and publication dates against
//! htmldate's gold.
//!
//! The body metric is the one of scrapinghub's article-extraction-benchmark
//! (`evaluate.py`), reproduced exactly: words are Python `\w+` runs (case
//! kept), each text becomes the multiset of its 4-word shingles, a page's true
//! and false positives and false negatives are the clipped multiset counts
//! divided by their sum (so every page weighs the same), precision and recall
//! are averaged over the pages where they are defined, and F1 is computed from
//! the two averages. Accuracy is the share of pages whose predicted words equal
//! the gold words exactly. The benchmark's bootstrap intervals are random and
//! are not reproduced.
//!
//! The date metric is the one of htmldate's `tests/evaluation.py`: a page is
//! right when the predicted day equals the gold day, wrong when another day is
//! given, missed when none is; accuracy is right / pages.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::EvalError;

/// Is `c` a word character of Python's `re` (`\w`): `str.isalnum()` or `_`?
fn is_python_word(c: char) -> bool {
    if c == '_' {
        return true;
    }
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() && !is_mark_or_symbol(c)
}

/// Marks and symbols (categories M, So) that Rust's `is_alphanumeric` accepts
/// through the Other_Alphabetic property and Python's `isalnum` does not.
fn is_mark_or_symbol(c: char) -> bool {
    let cp = u32::from(c);
    let marks = crate::marks::MARKS;
    let i = marks.partition_point(|&(_, hi)| hi < cp);
    marks.get(i).is_some_and(|&(lo, _)| lo <= cp)
}

/// The words of `text` as Python's `re.findall(r'\w+', text)` finds them.
pub fn python_words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (is_python_word(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// The multiset of shingles of `n` words, as the benchmark builds it: a text
/// of fewer than `n` words (but at least one) is one short shingle.
fn shingles<'a>(words: &[&'a str], n: usize) -> BTreeMap<Vec<&'a str>, usize> {
    let mut out = BTreeMap::new();
    let last = words.len().saturating_sub(n) + 1;
    for i in 0..last.max(1) {
        let end = (i + n).min(words.len());
        if i < end {
            *out.entry(words[i..end].to_vec()).or_insert(0) += 1;
        }
    }
    out
}

/// One page's true positives, false positives and false negatives over 4-word
/// shingles, normalised to sum to 1 (all zero when both texts are empty).
pub fn body_counts(gold: &str, predicted: &str) -> [f64; 3] {
    let g = shingles(&python_words(gold), 4);
    let p = shingles(&python_words(predicted), 4);
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (key, &gc) in &g {
        let pc = p.get(key).copied().unwrap_or(0);
        tp += gc.min(pc);
        fn_ += gc.saturating_sub(pc);
    }
    for (key, &pc) in &p {
        fp += pc.saturating_sub(g.get(key).copied().unwrap_or(0));
    }
    let sum = (tp + fp + fn_) as f64;
    if sum == 0.0 {
        return [0.0; 3];
    }
    [tp as f64 / sum, fp as f64 / sum, fn_ as f64 / sum]
}

/// Body extraction scores over a set of pages.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BodyScores {
    /// Pages scored.
    pub pages: usize,
    /// F1 of the averaged precision and recall.
    pub f1: f64,
    /// Mean precision over pages with a prediction.
    pub precision: f64,
    /// Mean recall over pages with gold text.
    pub recall: f64,
    /// Share of pages whose words equal the gold words exactly.
    pub accuracy: f64,
    /// Pages whose prediction is empty while the gold is not.
    pub empty: usize,
}

/// Score predicted bodies against gold bodies, page by page (`gold` and
/// `predicted` are keyed by page id). A page missing from `predicted` counts
/// as an empty prediction.
pub fn score_bodies(
    gold: &BTreeMap<String, String>,
    predicted: &BTreeMap<String, String>,
) -> BodyScores {
    let mut counts = Vec::with_capacity(gold.len());
    let mut exact = 0usize;
    let mut empty = 0usize;
    for (id, g) in gold {
        let p = predicted.get(id).map_or("", String::as_str);
        counts.push(body_counts(g, p));
        if python_words(g) == python_words(p) {
            exact += 1;
        }
        if python_words(p).is_empty() && !python_words(g).is_empty() {
            empty += 1;
        }
    }
    let (precision, recall) = mean_precision_recall(&counts);
    BodyScores {
        pages: gold.len(),
        f1: f1(precision, recall),
        precision,
        recall,
        accuracy: exact as f64 / gold.len().max(1) as f64,
        empty,
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// The benchmark's `metrics_from_tp_fp_fns`: precision averaged over pages
/// with `tp + fp > 0`, recall over pages with `tp + fn > 0`.
pub fn mean_precision_recall(counts: &[[f64; 3]]) -> (f64, f64) {
    let precision = |&[tp, fp, fn_]: &[f64; 3]| {
        if fp == 0.0 && fn_ == 0.0 {
            1.0
        } else if tp == 0.0 && fp == 0.0 {
            0.0
        } else {
            tp / (tp + fp)
        }
    };
    let recall = |&[tp, fp, fn_]: &[f64; 3]| {
        if fp == 0.0 && fn_ == 0.0 {
            1.0
        } else if tp == 0.0 && fn_ == 0.0 {
            0.0
        } else {
            tp / (tp + fn_)
        }
    };
    let mean = |xs: Vec<f64>| xs.iter().sum::<f64>() / xs.len().max(1) as f64;
    let p = mean(
        counts
            .iter()
            .filter(|c| c[0] + c[1] > 0.0)
            .map(precision)
            .collect(),
    );
    let r = mean(
        counts
            .iter()
            .filter(|c| c[0] + c[2] > 0.0)
            .map(recall)
            .collect(),
    );
    (p, r)
}

/// Read a JSON file.
fn read_json(path: &Path) -> Result<serde_json::Value, EvalError> {
    let bytes = std::fs::read(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_slice(&bytes).map_err(|e| EvalError::Format {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

/// The gold bodies of an article-extraction-benchmark checkout:
/// `ground-truth.json`, `{id: {"articleBody": text, "url": ...}}`.
pub fn load_body_gold(dir: &Path) -> Result<BTreeMap<String, String>, EvalError> {
    let path = dir.join("ground-truth.json");
    let value = read_json(&path)?;
    let obj = value.as_object().ok_or_else(|| EvalError::Format {
        path: path.clone(),
        message: "expected an object keyed by page id".into(),
    })?;
    Ok(obj
        .iter()
        .map(|(id, v)| {
            let body = v.get("articleBody").and_then(|b| b.as_str()).unwrap_or("");
            (id.clone(), body.to_string())
        })
        .collect())
}

/// A system's output in the benchmark's layout, `{"version", "output": {id:
/// {"articleBody"}}}` or the older bare `{id: {"articleBody"}}`: its version
/// (empty when absent) and bodies (a `null` body is empty).
pub fn load_body_system(path: &Path) -> Result<(String, BTreeMap<String, String>), EvalError> {
    let value = read_json(path)?;
    let (version, output) = match (value.get("version"), value.get("output")) {
        (Some(v), Some(out)) if out.is_object() => (
            v.as_str()
                .map(str::to_string)
                .unwrap_or_else(|| v.to_string()),
            out,
        ),
        _ => (String::new(), &value),
    };
    let obj = output.as_object().ok_or_else(|| EvalError::Format {
        path: path.to_path_buf(),
        message: "expected an object keyed by page id".into(),
    })?;
    let bodies = obj
        .iter()
        .map(|(id, v)| {
            let body = v.get("articleBody").and_then(|b| b.as_str()).unwrap_or("");
            (id.clone(), body.to_string())
        })
        .collect();
    Ok((version, bodies))
}

/// One page of htmldate's evaluation set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatePage {
    /// The page's URL (the key of the gold file).
    pub url: String,
    /// The HTML file, found under `tests/cache` or `tests/eval`.
    pub file: std::path::PathBuf,
    /// The gold publication day, `YYYY-MM-DD`.
    pub date: String,
}

/// The pages of htmldate's `tests/eval_default.json` under a checkout of its
/// repository (`dir` holds `tests/`), in the file's order. A page whose HTML
/// file is absent is an error: the set would silently shrink.
pub fn load_date_gold(dir: &Path) -> Result<Vec<DatePage>, EvalError> {
    let path = dir.join("tests").join("eval_default.json");
    let value = read_json(&path)?;
    let obj = value.as_object().ok_or_else(|| EvalError::Format {
        path: path.clone(),
        message: "expected an object keyed by URL".into(),
    })?;
    let mut pages = Vec::with_capacity(obj.len());
    for (url, entry) in obj {
        let file = entry.get("file").and_then(|f| f.as_str()).unwrap_or("");
        let date = entry.get("date").and_then(|f| f.as_str()).unwrap_or("");
        let found = ["cache", "eval"]
            .iter()
            .map(|d| dir.join("tests").join(d).join(file))
            .find(|p| !file.is_empty() && p.is_file());
        let Some(file) = found else {
            return Err(EvalError::Format {
                path: path.clone(),
                message: format!("page {file:?} of {url} is not under tests/cache or tests/eval"),
            });
        };
        pages.push(DatePage {
            url: url.clone(),
            file,
            date: date.to_string(),
        });
    }
    Ok(pages)
}

/// Date extraction scores over a set of pages.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DateScores {
    /// Pages scored.
    pub pages: usize,
    /// Pages whose predicted day is the gold day.
    pub right: usize,
    /// Pages given another day.
    pub wrong: usize,
    /// Pages given no day.
    pub missing: usize,
    /// right / pages.
    pub accuracy: f64,
    /// right / (right + wrong).
    pub precision: f64,
    /// right / (right + missing).
    pub recall: f64,
}

/// Score predicted days (`YYYY-MM-DD`, or longer strings whose first ten
/// characters are the day) against the gold days, keyed by URL.
pub fn score_dates(pages: &[DatePage], predicted: &BTreeMap<String, Option<String>>) -> DateScores {
    let (mut right, mut wrong, mut missing) = (0, 0, 0);
    for page in pages {
        match predicted.get(&page.url).and_then(Option::as_deref) {
            None => missing += 1,
            Some(p) if p.get(..10) == Some(page.date.as_str()) => right += 1,
            Some(_) => wrong += 1,
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    DateScores {
        pages: pages.len(),
        right,
        wrong,
        missing,
        accuracy: ratio(right, pages.len()),
        precision: ratio(right, right + wrong),
        recall: ratio(right, right + missing),
    }
}

/// A date system's output: `{"version", "output": {url: "YYYY-MM-DD" | null}}`
/// or a bare `{url: day}` object.
pub fn load_date_system(
    path: &Path,
) -> Result<(String, BTreeMap<String, Option<String>>), EvalError> {
    let value = read_json(path)?;
    let (version, output) = match (value.get("version"), value.get("output")) {
        (Some(v), Some(out)) if out.is_object() => {
            (v.as_str().unwrap_or_default().to_string(), out)
        }
        _ => (String::new(), &value),
    };
    let obj = output.as_object().ok_or_else(|| EvalError::Format {
        path: path.to_path_buf(),
        message: "expected an object keyed by URL".into(),
    })?;
    let days = obj
        .iter()
        .map(|(url, v)| (url.clone(), v.as_str().map(str::to_string)))
        .collect();
    Ok((version, days))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_follow_python_w() {
        assert_eq!(
            python_words("Don't stop_me, 3.5 km!"),
            ["Don", "t", "stop_me", "3", "5", "km"]
        );
        // Arabic harakat (category Mn) split words in Python; letters do not.
        assert_eq!(python_words("كَتَب"), ["ك", "ت", "ب"]);
        assert_eq!(
            python_words("日本語のテキスト。次"),
            ["日本語のテキスト", "次"]
        );
        assert_eq!(python_words("café ½"), ["café", "½"]);
        // A circled letter is a symbol to Python ("ⓒ 2019").
        assert_eq!(python_words("ⓒ2019 news"), ["2019", "news"]);
    }

    #[test]
    fn shingle_counts_are_clipped_and_normalised() {
        // Identical texts: all true positives.
        assert_eq!(body_counts("a b c d e", "a b c d e"), [1.0, 0.0, 0.0]);
        // Both empty: nothing at all.
        assert_eq!(body_counts("", " ... "), [0.0; 3]);
        // A short prediction is one short shingle, which matches nothing.
        assert_eq!(body_counts("a b c d", "a b"), [0.0, 0.5, 0.5]);
        // A repeated shingle counts as often as it occurs.
        let [tp, fp, fn_] = body_counts("a b c d a b c d", "a b c d");
        assert_eq!((tp, fp), (0.2, 0.0));
        assert!((fn_ - 0.8).abs() < 1e-12);
    }

    #[test]
    fn page_averages_skip_undefined_pages() {
        // An empty prediction has no precision but a recall of 0.
        let (p, r) = mean_precision_recall(&[[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]);
        assert_eq!((p, r), (1.0, 0.5));
        let mut gold = BTreeMap::new();
        gold.insert("x".to_string(), "one two three four five".to_string());
        gold.insert("y".to_string(), "six seven eight nine".to_string());
        let mut pred = BTreeMap::new();
        pred.insert("x".to_string(), "one two three four five".to_string());
        let s = score_bodies(&gold, &pred);
        assert_eq!(
            (s.precision, s.recall, s.accuracy, s.empty),
            (1.0, 0.5, 0.5, 1)
        );
    }

    #[test]
    fn dates_compare_the_day() {
        let page = |u: &str, d: &str| DatePage {
            url: u.into(),
            file: "f".into(),
            date: d.into(),
        };
        let pages = [
            page("a", "2020-01-02"),
            page("b", "2020-01-03"),
            page("c", "2020-01-04"),
        ];
        let mut pred = BTreeMap::new();
        pred.insert(
            "a".to_string(),
            Some("2020-01-02T10:00:00+01:00".to_string()),
        );
        pred.insert("b".to_string(), Some("2020-01-04".to_string()));
        pred.insert("c".to_string(), None);
        let s = score_dates(&pages, &pred);
        assert_eq!((s.right, s.wrong, s.missing), (1, 1, 1));
        assert_eq!(s.precision, 0.5);
    }
}
