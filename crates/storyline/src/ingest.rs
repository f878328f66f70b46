//! Ingest: bytes from files into [`Article`]s, with a [`Diagnostic`] for every
//! piece of input that was skipped or repaired.
//!
//! This is one of the two places in the library that touch the file system (the
//! other is nothing: reports are returned as strings). The parsers
//! ([`parse_txt`], [`parse_jsonl`], [`parse_html`]) work on bytes and are pure;
//! [`discover`] and [`read_file`] do the I/O around them.
//!
//! Formats:
//! - `.txt`: the first non-empty line is the headline, the rest is the body. An
//!   optional front-matter block may come first: a `---` line, `key: value`
//!   lines (`id`, `title`, `source`, `url`, `published`), and a closing `---`.
//! - `.jsonl` / `.ndjson`: one `{"id","title","text","source","url","published"}`
//!   object per line; only `text` is required.
//! - `.html` / `.htm`: one web page; the main content is extracted with
//!   `dom_smoothie` (a port of Mozilla's Readability), boilerplate left behind.

use std::path::{Path, PathBuf};

use crate::model::{Article, Diagnostic, Origin, Published};

/// The input formats storyline reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text, headline on the first non-empty line.
    Text,
    /// JSON Lines, one article per line.
    JsonLines,
    /// One HTML page.
    Html,
}

impl Format {
    /// The format a file name's extension implies, if any.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            _ => None,
        }
    }
}

/// A file found by [`discover`], with the format it will be read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// Path to read.
    pub path: PathBuf,
    /// How to read it.
    pub format: Format,
}

/// Expand the paths a user gave into the files to read, in a stable order
/// (directories are walked recursively, entries sorted by name; hidden entries
/// skipped). Missing paths and files of unknown type become diagnostics.
pub fn discover(paths: &[PathBuf]) -> (Vec<InputFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    for path in paths {
        let shown = path.display().to_string();
        match std::fs::metadata(path) {
            Err(e) => diags.push(Diagnostic::error(shown, None, format!("cannot read: {e}"))),
            Ok(meta) if meta.is_dir() => walk_dir(path, &mut files, &mut diags),
            Ok(_) => match Format::from_path(path) {
                Some(format) => files.push(InputFile {
                    path: path.clone(),
                    format,
                }),
                // A file named explicitly is read as text even without a known extension.
                None => files.push(InputFile {
                    path: path.clone(),
                    format: Format::Text,
                }),
            },
        }
    }
    (files, diags)
}

fn walk_dir(dir: &Path, files: &mut Vec<InputFile>, diags: &mut Vec<Diagnostic>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            let msg = format!("cannot list directory: {e}");
            diags.push(Diagnostic::error(dir.display().to_string(), None, msg));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk_dir(&path, files, diags);
        } else if let Some(format) = Format::from_path(&path) {
            files.push(InputFile { path, format });
        } else {
            diags.push(Diagnostic::warning(
                path.display().to_string(),
                None,
                "skipped: not a .txt, .jsonl or .html file",
            ));
        }
    }
}

/// Read and parse one file. I/O errors become diagnostics, never panics.
pub fn read_file(file: &InputFile) -> (Vec<Article>, Vec<Diagnostic>) {
    let shown = file.path.display().to_string();
    let bytes = match std::fs::read(&file.path) {
        Ok(b) => b,
        Err(e) => {
            return (
                Vec::new(),
                vec![Diagnostic::error(shown, None, format!("cannot read: {e}"))],
            )
        }
    };
    let stem = file
        .path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("article")
        .to_string();
    match file.format {
        Format::Text => {
            let (article, diags) = parse_txt(&shown, &stem, &bytes);
            (article.into_iter().collect(), diags)
        }
        Format::JsonLines => parse_jsonl(&shown, &bytes),
        Format::Html => {
            let (article, diags) = parse_html(&shown, &stem, &bytes);
            (article.into_iter().collect(), diags)
        }
    }
}

/// Looks like a binary file: a NUL byte in the first 8 KiB.
fn is_binary(bytes: &[u8]) -> bool {
    bytes.iter().take(8192).any(|&b| b == 0)
}

/// Decode `bytes` as UTF-8; if that fails, as Windows-1252 (the usual legacy
/// encoding of news pages), with a warning naming the line of the first bad byte.
fn decode(path: &str, line_offset: usize, bytes: &[u8], diags: &mut Vec<Diagnostic>) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            let bad = e.valid_up_to();
            let line = line_offset + bytes[..bad].iter().filter(|&&b| b == b'\n').count();
            diags.push(Diagnostic::warning(
                path,
                Some(line),
                format!("invalid UTF-8 (byte {bad}); decoded as Windows-1252"),
            ));
            bytes.iter().map(|&b| cp1252(b)).collect()
        }
    }
}

/// Windows-1252 byte to char (undefined bytes map to U+FFFD).
fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{FFFD}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{FFFD}', 'Ž',
        '\u{FFFD}', '\u{FFFD}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ',
        '\u{FFFD}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// Normalise line ends to `\n` so that spans are the same whatever the platform.
fn normalise_newlines(s: String) -> String {
    if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s
    }
}

/// Parse a `.txt` article: first non-empty line is the headline, the rest the body.
pub fn parse_txt(path: &str, id: &str, bytes: &[u8]) -> (Option<Article>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    if bytes.is_empty() {
        diags.push(Diagnostic::error(path, None, "empty file, skipped"));
        return (None, diags);
    }
    if is_binary(bytes) {
        diags.push(Diagnostic::error(
            path,
            None,
            "binary file (contains NUL bytes), skipped",
        ));
        return (None, diags);
    }
    let text = normalise_newlines(decode(path, 1, bytes, &mut diags));
    let (meta, text) = split_front_matter(path, &text, &mut diags);
    // The headline is the first non-empty line that is not page furniture (a
    // navigation list or a stray "-" above the headline stays in the body, where
    // cleaning removes it with its reason).
    let mut offset = 0;
    let mut title_span = None;
    let mut first_line = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let start = offset + (line.len() - line.trim_start().len());
            let span = start..start + trimmed.len();
            first_line.get_or_insert(span.clone());
            let furniture = match crate::clean::classify(trimmed) {
                Some(crate::clean::Reason::Fragment) => trimmed.split_whitespace().count() < 2,
                Some(_) => true,
                None => false,
            };
            if !furniture {
                title_span = Some(span);
                break;
            }
        }
        offset += line.len();
    }
    let Some(title_span) = title_span.or(first_line) else {
        diags.push(Diagnostic::error(path, None, "only whitespace, skipped"));
        return (None, diags);
    };
    let (title_start, title_end) = (title_span.start, title_span.end);
    let title = text[title_start..title_end].trim().to_string();
    let before = text[..title_start].trim();
    let after = text[title_end..].trim_start();
    let body = if before.is_empty() {
        after.to_string()
    } else {
        format!("{before}\n{after}")
    };
    if body.trim().is_empty() {
        let line = 1 + text[..title_start].matches('\n').count();
        diags.push(Diagnostic::error(
            path,
            Some(line),
            "empty article: a headline but no body text, skipped",
        ));
        return (None, diags);
    }
    let mut article = Article::new(id, title, body);
    article.origin = Origin {
        path: path.to_string(),
        line: None,
    };
    for (key, value, line) in meta {
        match key.as_str() {
            "id" => article.id = value,
            "title" => article.title = value,
            "source" => article.source = Some(value),
            "url" => article.url = Some(value),
            "published" => match parse_published(&value) {
                Some(t) => article.published = Some(t),
                None => diags.push(Diagnostic::warning(
                    path,
                    Some(line),
                    format!("unrecognised published date {value:?}, ignored"),
                )),
            },
            _ => diags.push(Diagnostic::warning(
                path,
                Some(line),
                format!("unknown front-matter key {key:?}, ignored"),
            )),
        }
    }
    (Some(article), diags)
}

/// Split an optional front-matter block (`---`, `key: value` lines, `---`) off the
/// start of a text file. Returns the `(key, value, line)` entries and the rest of
/// the text. Without a closing `---` the text is returned whole, with a warning.
fn split_front_matter(
    path: &str,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<(String, String, usize)>, String) {
    let mut lines = text.split_inclusive('\n');
    if lines.next().map(str::trim) != Some("---") {
        return (Vec::new(), text.to_string());
    }
    let mut offset = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut entries = Vec::new();
    let mut line_diags = Vec::new();
    for (i, line) in lines.enumerate() {
        offset += line.len();
        let trimmed = line.trim();
        if trimmed == "---" {
            diags.append(&mut line_diags);
            return (entries, text[offset..].to_string());
        }
        match trimmed.split_once(':') {
            Some((k, v)) if !k.trim().is_empty() => {
                entries.push((k.trim().to_ascii_lowercase(), v.trim().to_string(), i + 2));
            }
            _ if trimmed.is_empty() => {}
            _ => line_diags.push(Diagnostic::warning(
                path,
                Some(i + 2),
                "front-matter line is not `key: value`, ignored",
            )),
        }
    }
    diags.push(Diagnostic::warning(
        path,
        Some(1),
        "front matter opened with `---` but never closed; read as text",
    ));
    (Vec::new(), text.to_string())
}

/// Parse JSON Lines: one article object per line. A malformed line is reported
/// with its line number and skipped; the other lines are still read.
pub fn parse_jsonl(path: &str, bytes: &[u8]) -> (Vec<Article>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut articles = Vec::new();
    if is_binary(bytes) {
        diags.push(Diagnostic::error(
            path,
            None,
            "binary file (contains NUL bytes), skipped",
        ));
        return (articles, diags);
    }
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let line_no = i + 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let line = decode(path, line_no, raw, &mut diags);
        let value: serde_json::Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => {
                diags.push(Diagnostic::error(
                    path,
                    Some(line_no),
                    format!("malformed JSON, line skipped: {e}"),
                ));
                continue;
            }
        };
        match article_from_json(&value, path, line_no, &mut diags) {
            Ok(article) => articles.push(article),
            Err(msg) => diags.push(Diagnostic::error(
                path,
                Some(line_no),
                format!("{msg}, line skipped"),
            )),
        }
    }
    if articles.is_empty() && diags.is_empty() {
        diags.push(Diagnostic::error(path, None, "no articles in file"));
    }
    (articles, diags)
}

fn json_str(value: &serde_json::Value, key: &str) -> Option<String> {
    match value.get(key)? {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn article_from_json(
    value: &serde_json::Value,
    path: &str,
    line: usize,
    diags: &mut Vec<Diagnostic>,
) -> Result<Article, String> {
    if !value.is_object() {
        return Err("not a JSON object".into());
    }
    let text = match value.get("text") {
        Some(serde_json::Value::String(s)) => normalise_newlines(s.clone()),
        Some(_) => return Err("field \"text\" is not a string".into()),
        None => return Err("missing field \"text\"".into()),
    };
    if text.trim().is_empty() {
        return Err("empty article: \"text\" is empty".into());
    }
    let id = json_str(value, "id").unwrap_or_else(|| {
        let stem = Path::new(path)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("line");
        format!("{stem}-{line}")
    });
    let title = json_str(value, "title").unwrap_or_else(|| {
        let first = text.trim().lines().next().unwrap_or_default();
        first.chars().take(120).collect()
    });
    let published = json_str(value, "published").and_then(|p| {
        let parsed = parse_published(&p);
        if parsed.is_none() {
            diags.push(Diagnostic::warning(
                path,
                Some(line),
                format!("unrecognised \"published\" value {p:?}, ignored"),
            ));
        }
        parsed
    });
    Ok(Article {
        id,
        title,
        text,
        source: json_str(value, "source"),
        url: json_str(value, "url"),
        published,
        origin: Origin {
            path: path.to_string(),
            line: Some(line),
        },
    })
}

/// Parse an HTML page with a main-content extractor. Navigation, footers and
/// other page furniture are left out by the extractor; what remains still goes
/// through the cleaning stage.
pub fn parse_html(path: &str, id: &str, bytes: &[u8]) -> (Option<Article>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    if bytes.is_empty() {
        diags.push(Diagnostic::error(path, None, "empty file, skipped"));
        return (None, diags);
    }
    if is_binary(bytes) {
        diags.push(Diagnostic::error(
            path,
            None,
            "binary file (contains NUL bytes), skipped",
        ));
        return (None, diags);
    }
    let html = decode(path, 1, bytes, &mut diags);
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let parsed =
        dom_smoothie::Readability::new(html.as_str(), None, Some(cfg)).and_then(|mut r| r.parse());
    let page = match parsed {
        Ok(page) => page,
        Err(e) => {
            diags.push(Diagnostic::error(
                path,
                None,
                format!("no main content found in HTML page, skipped: {e}"),
            ));
            return (None, diags);
        }
    };
    let text = tidy_extracted_text(&page.text_content);
    if text.trim().is_empty() {
        diags.push(Diagnostic::error(
            path,
            None,
            "empty article: HTML page has no main text, skipped",
        ));
        return (None, diags);
    }
    let published = page.published_time.as_deref().and_then(parse_published);
    let title = if page.title.trim().is_empty() {
        text.lines()
            .next()
            .unwrap_or_default()
            .chars()
            .take(120)
            .collect()
    } else {
        page.title.trim().to_string()
    };
    let article = Article {
        id: id.to_string(),
        title,
        text,
        source: page.site_name.filter(|s| !s.trim().is_empty()),
        url: page.url,
        published,
        origin: Origin {
            path: path.to_string(),
            line: None,
        },
    };
    (Some(article), diags)
}

/// Extracted text has ragged whitespace: trim each line and keep at most one blank
/// line between paragraphs.
fn tidy_extracted_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = false;
    for line in s.lines().map(str::trim) {
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push('\n');
            blank = false;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

/// Parse a publication time: RFC 3339 / ISO 8601 with or without an offset
/// (naive times are read as UTC), a bare date, or RFC 2822 (`Mon, 05 Sep 2016 10:00:00 +0000`).
pub fn parse_published(s: &str) -> Option<Published> {
    let s = s.trim();
    let timed = |at| {
        Some(Published {
            at,
            date_only: false,
        })
    };
    if let Ok(ts) = s.parse::<jiff::Timestamp>() {
        return timed(ts);
    }
    if let Ok(zoned) = s.parse::<jiff::Zoned>() {
        return timed(zoned.timestamp());
    }
    if let Ok(dt) = s.parse::<jiff::civil::DateTime>() {
        // A bare date also parses as a civil datetime; keep its precision.
        let date_only = s.len() <= 10;
        let at = dt.to_zoned(jiff::tz::TimeZone::UTC).ok()?.timestamp();
        return Some(Published { at, date_only });
    }
    if let Ok(z) = jiff::fmt::rfc2822::parse(s) {
        return timed(z.timestamp());
    }
    None
}

/// Make article ids unique: a repeated id gets `#2`, `#3`, ... and a warning.
pub fn dedupe_ids(articles: &mut [Article], diags: &mut Vec<Diagnostic>) {
    let mut seen = rustc_hash::FxHashMap::<String, usize>::default();
    for article in articles.iter_mut() {
        let n = seen.entry(article.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            let new_id = format!("{}#{}", article.id, n);
            diags.push(Diagnostic::warning(
                article.origin.path.clone(),
                article.origin.line,
                format!(
                    "duplicate article id {:?}, renamed to {:?}",
                    article.id, new_id
                ),
            ));
            article.id = new_id;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;

    #[test]
    fn txt_headline_and_body() {
        let (a, d) = parse_txt(
            "x.txt",
            "x",
            b"\n\n  Headline here \n\nFirst para.\n\nSecond.",
        );
        let a = a.expect("article");
        assert!(d.is_empty());
        assert_eq!(a.title, "Headline here");
        assert_eq!(a.text, "First para.\n\nSecond.");
        // Furniture above the headline stays in the body, for cleaning to remove.
        let (a, _) = parse_txt(
            "n.txt",
            "n",
            b"-\nTips for boxers - November 6, 2020\nUS sees progress in Syria talks\nBody.",
        );
        let a = a.expect("article");
        assert_eq!(a.title, "US sees progress in Syria talks");
        assert_eq!(a.text, "-\nTips for boxers - November 6, 2020\nBody.");
    }

    #[test]
    fn txt_front_matter() {
        let input = b"---\nsource: Harbor Gazette\npublished: 2025-03-14T09:30:00Z\nurl: https://example.org/a\ncolour: blue\n---\nFerries collide\n\nTwo ferries collided.";
        let (a, d) = parse_txt("f.txt", "f", input);
        let a = a.expect("article");
        assert_eq!(a.title, "Ferries collide");
        assert_eq!(a.text, "Two ferries collided.");
        assert_eq!(a.source.as_deref(), Some("Harbor Gazette"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(
            a.published.map(|t| t.to_string()).as_deref(),
            Some("2025-03-14T09:30:00Z")
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, Some(5));
        // Never closed: read as plain text, with a warning.
        let (a, d) = parse_txt("g.txt", "g", b"---\nsource: X\nHeadline words\nBody.");
        assert_eq!(a.expect("article").title, "source: X");
        assert!(d[0].message.contains("never closed"));
    }

    #[test]
    fn txt_bad_inputs_are_diagnosed() {
        let (a, d) = parse_txt("e.txt", "e", b"");
        assert!(a.is_none() && d[0].message.contains("empty file"));
        let (a, d) = parse_txt("b.bin", "b", b"\x7fELF\x00\x00\x01");
        assert!(a.is_none() && d[0].message.contains("binary"));
        let (a, d) = parse_txt("h.txt", "h", b"Only a headline\n\n");
        assert!(a.is_none() && d[0].message.contains("no body"));
        assert_eq!(d[0].line, Some(1));
        let (a, d) = parse_txt(
            "l.txt",
            "l",
            b"Caf\xe9 news today\nThe caf\xe9 opened.\nMore.",
        );
        let a = a.expect("latin-1 article still read");
        assert_eq!(a.title, "Café news today");
        assert_eq!(d[0].severity, Severity::Warning);
        assert_eq!(d[0].line, Some(1));
    }

    #[test]
    fn jsonl_bad_lines_are_skipped_with_line_numbers() {
        let input = br#"{"id":"a","title":"T","text":"Body one.","published":"2016-09-05"}
{"id":"b","title":"T2","text":
{"id":"c","title":"T3"}
[1,2]

{"id":"d","text":"   "}
{"id":7,"text":"Body two.","published":"yesterday"}
"#;
        let (arts, diags) = parse_jsonl("in.jsonl", input);
        let ids: Vec<&str> = arts.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "7"]);
        let lines: Vec<Option<usize>> = diags.iter().map(|d| d.line).collect();
        assert_eq!(lines, [Some(2), Some(3), Some(4), Some(6), Some(7)]);
        assert!(diags[1].message.contains("missing field \"text\""));
        assert!(diags[4].message.contains("published"));
        assert_eq!(
            arts[0].published.map(|t| t.to_string()).as_deref(),
            Some("2016-09-05")
        );
        assert_eq!(arts[1].title, "Body two.");
    }

    #[test]
    fn published_formats() {
        let day = parse_published("2016-09-05").expect("date");
        assert!(day.date_only);
        assert_eq!(day.at.to_string(), "2016-09-05T00:00:00Z");
        for s in [
            "2016-09-05T00:00:00",
            "2016-09-05T00:00:00Z",
            "2016-09-05T02:00:00+02:00",
            "Mon, 05 Sep 2016 00:00:00 +0000",
        ] {
            assert_eq!(
                parse_published(s).map(|t| t.at.to_string()).as_deref(),
                Some("2016-09-05T00:00:00Z"),
                "{s}"
            );
        }
        assert!(parse_published("February 30").is_none());
        assert!(parse_published("2017-02-30").is_none());
    }

    #[test]
    fn html_main_content_is_extracted() {
        let page = br#"<html><head><title>Obama, Putin talk Syria</title>
<meta property="og:site_name" content="Example News"></head><body>
<nav><ul><li><a href="/a">Tips for becoming a good boxer</a></li><li><a href="/b">Five tech tools</a></li></ul></nav>
<article><h1>Obama, Putin talk Syria</h1>
<p>President Barack Obama and Russian President Vladimir Putin on Monday failed to force a breakthrough in negotiations over a cease-fire for Syria, but agreed to keep looking for a path to provide humanitarian relief.</p>
<p>After a 90-minute huddle on the sidelines of an economic summit, the two leaders directed their top diplomats to return to talks quickly, likely later this week, according to a senior administration official.</p>
<p>The official said the U.S. was eager to find an agreement quickly, mindful of the deteriorating conditions around the besieged city of Aleppo.</p>
</article><footer>Copyright Example News. All rights reserved.</footer></body></html>"#;
        let (a, d) = parse_html("p.html", "p", page);
        let a = a.expect("article");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(a.title, "Obama, Putin talk Syria");
        assert!(a.text.contains("90-minute huddle"));
        assert!(!a.text.contains("good boxer"), "{}", a.text);
        assert!(!a.text.contains("All rights reserved"), "{}", a.text);
        assert_eq!(a.source.as_deref(), Some("Example News"));
    }

    #[test]
    fn duplicate_ids_are_renamed() {
        let mut arts = vec![Article::new("a", "t", "x"), Article::new("a", "t", "y")];
        let mut d = Vec::new();
        dedupe_ids(&mut arts, &mut d);
        assert_eq!(arts[1].id, "a#2");
        assert_eq!(d.len(), 1);
    }
}
