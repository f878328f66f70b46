//! Loaders for the JSONL evaluation data (clusters with reference summaries,
//! and system summaries).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::EvalError;

/// One source article of a cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Document identifier (for MultiLing 2011 the file stem, e.g. `M0003`).
    pub id: String,
    /// Headline; empty when absent.
    #[serde(default)]
    pub title: String,
    /// Body text, one paragraph per line.
    pub text: String,
    /// Publication date (`YYYY-MM-DD`) when known.
    #[serde(default)]
    pub published: Option<String>,
    /// Where the article comes from; empty when absent.
    #[serde(default)]
    pub source: String,
}

/// A topic: its source documents and its human reference summaries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cluster {
    /// Topic identifier, e.g. `M000`.
    pub id: String,
    /// Language name, e.g. `english`; empty when absent.
    #[serde(default)]
    pub lang: String,
    /// Source documents.
    pub docs: Vec<Document>,
    /// Reference ("model") summaries; empty when the file has none.
    #[serde(default)]
    pub summaries: Vec<String>,
    /// Annotator identifier of each reference, in the same order.
    #[serde(default)]
    pub summary_ids: Vec<String>,
    /// One-based line of the row in its file (set by the loader).
    #[serde(skip)]
    pub line: usize,
}

/// One system's summary of one cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemSummary {
    /// Language name, e.g. `english`; empty when absent.
    #[serde(default)]
    pub lang: String,
    /// Identifier of the summarised cluster.
    pub id: String,
    /// System identifier, e.g. `ID3`; empty when absent (one system per file).
    #[serde(default)]
    pub system: String,
    /// The summary text.
    pub summary: String,
    /// One-based line of the row in its file (set by the loader).
    #[serde(skip)]
    pub line: usize,
}

/// Rows that remember the line they were read from.
trait Lined {
    fn set_line(&mut self, line: usize);
}

impl Lined for Cluster {
    fn set_line(&mut self, line: usize) {
        self.line = line;
    }
}

impl Lined for SystemSummary {
    fn set_line(&mut self, line: usize) {
        self.line = line;
    }
}

/// A skipped input line and why it was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file the line comes from.
    pub path: PathBuf,
    /// One-based line number.
    pub line: usize,
    /// What is wrong with the line.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}

/// Records loaded from a JSONL file, plus one diagnostic per skipped line.
pub type Loaded<T> = (Vec<T>, Vec<Diagnostic>);

/// Loads `<lang>.clusters.jsonl` rows (`id`, `lang`, `docs`, `summaries`,
/// `summary_ids`).
///
/// Blank lines are ignored. Lines that are not valid JSON, lack a field, or
/// whose `summary_ids` and `summaries` differ in length are skipped and
/// reported; the other rows are still returned. Only an unreadable file is an
/// error.
pub fn load_clusters(path: impl AsRef<Path>) -> Result<Loaded<Cluster>, EvalError> {
    load_jsonl(path.as_ref(), |c: &Cluster| {
        if c.summary_ids.is_empty() || c.summaries.len() == c.summary_ids.len() {
            Ok(())
        } else {
            Err(format!(
                "cluster {}: {} summaries but {} summary_ids",
                c.id,
                c.summaries.len(),
                c.summary_ids.len()
            ))
        }
    })
}

/// Loads `participants.jsonl` rows (`lang`, `id`, `system`, `summary`), with
/// the same handling of malformed lines as [`load_clusters`].
pub fn load_system_summaries(path: impl AsRef<Path>) -> Result<Loaded<SystemSummary>, EvalError> {
    load_jsonl(path.as_ref(), |_: &SystemSummary| Ok(()))
}

/// Reads a JSONL file, parsing each non-blank line as a `T` and checking it
/// with `validate`.
fn load_jsonl<T: DeserializeOwned + Lined>(
    path: &Path,
    validate: impl Fn(&T) -> Result<(), String>,
) -> Result<Loaded<T>, EvalError> {
    load_lines(path, |line_no, line| {
        let mut item: T = serde_json::from_str(line).map_err(|e| json_message(&e))?;
        validate(&item)?;
        item.set_line(line_no);
        Ok(item)
    })
}

/// Reads a line-oriented file: each non-blank line (trimmed, valid UTF-8) goes
/// to `parse` with its one-based number; a line that is not UTF-8 or that
/// `parse` rejects becomes a [`Diagnostic`] and the rest is still read. Only an
/// unreadable file is an error.
pub(crate) fn load_lines<T>(
    path: &Path,
    parse: impl Fn(usize, &str) -> Result<T, String>,
) -> Result<Loaded<T>, EvalError> {
    let bytes = std::fs::read(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut items = Vec::new();
    let mut diagnostics = Vec::new();
    for (index, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let parsed = std::str::from_utf8(raw)
            .map_err(|e| format!("invalid UTF-8: {e}"))
            .and_then(|line| {
                let line = line.trim();
                if line.is_empty() {
                    Ok(None)
                } else {
                    parse(index + 1, line).map(Some)
                }
            });
        match parsed {
            Ok(Some(item)) => items.push(item),
            Ok(None) => {}
            Err(message) => diagnostics.push(Diagnostic {
                path: path.to_path_buf(),
                line: index + 1,
                message,
            }),
        }
    }
    Ok((items, diagnostics))
}

/// A serde_json error without its "at line 1 column N" tail (every record is
/// on its own line, so only the column is informative).
fn json_message(err: &serde_json::Error) -> String {
    let text = err.to_string();
    let tail = format!(" at line {} column {}", err.line(), err.column());
    let head = text.strip_suffix(&tail).unwrap_or(&text);
    format!("{head} (column {})", err.column())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `content` to a fresh file in the system temp directory.
    fn temp_file(name: &str, content: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("storyline-eval-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join(name);
        std::fs::write(&path, content).expect("write temp file");
        path
    }

    #[test]
    fn malformed_lines_are_reported_and_the_rest_loaded() {
        let path = temp_file(
            "participants.jsonl",
            concat!(
                r#"{"lang":"english","id":"M000","system":"ID1","summary":"a b"}"#,
                "\n",
                r#"{"lang":"english","id":"M001","system":"ID1"}"#,
                "\n\n",
                "not json\n",
                r#"{"lang":"english","id":"M002","system":"ID2","summary":"c"}"#,
                "\r\n",
            ),
        );
        let (rows, diags) = load_system_summaries(&path).expect("readable");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].id, "M002");
        assert_eq!(diags.len(), 2);
        assert_eq!(diags[0].line, 2);
        assert!(
            diags[0].message.contains("missing field `summary`"),
            "{}",
            diags[0]
        );
        assert_eq!(diags[1].line, 4);
        let shown = diags[1].to_string();
        assert!(
            shown.starts_with(&format!("{}:4: ", path.display())),
            "{shown}"
        );
        assert!(!shown.contains("at line 1"), "{shown}");
        let _ = std::fs::remove_file(&path);
    }

    #[test]
    fn clusters_are_validated() {
        let path = temp_file(
            "clusters.jsonl",
            concat!(
                r#"{"id":"M000","lang":"english","docs":[{"id":"M0000","text":"x"}],"summaries":["s"],"summary_ids":["A"]}"#,
                "\n",
                r#"{"id":"M001","lang":"english","docs":[],"summaries":["s","t"],"summary_ids":["A"]}"#,
                "\n",
            ),
        );
        let (clusters, diags) = load_clusters(&path).expect("readable");
        assert_eq!(clusters.len(), 1);
        assert_eq!(clusters[0].docs[0].title, "");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].line, 2);
        assert!(diags[0].message.contains("2 summaries but 1 summary_ids"));
        let _ = std::fs::remove_file(&path);
    }

    #[test]
    fn missing_file_is_an_error_naming_it() {
        let path = std::env::temp_dir().join("storyline-eval-no-such-file.jsonl");
        let err = load_clusters(&path).expect_err("missing file");
        assert!(err
            .to_string()
            .contains("storyline-eval-no-such-file.jsonl"));
    }

    #[test]
    fn invalid_utf8_line_is_reported() {
        let dir = std::env::temp_dir().join(format!("storyline-eval-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("bad-utf8.jsonl");
        let mut bytes = b"\xff\xfe\n".to_vec();
        bytes.extend_from_slice(br#"{"lang":"l","id":"i","system":"s","summary":"x"}"#);
        std::fs::write(&path, bytes).expect("write");
        let (rows, diags) = load_system_summaries(&path).expect("readable");
        assert_eq!(rows.len(), 1);
        assert_eq!(diags[0].line, 1);
        assert!(diags[0].message.contains("UTF-8"));
        let _ = std::fs::remove_file(&path);
    }
}
