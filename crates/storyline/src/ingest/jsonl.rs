//! JSON Lines: one article object per line.

use std::io::BufRead;
use std::path::Path;

use super::decode::{decode, is_binary, normalise_newlines};
use super::parse_published;
use crate::model::{Article, Diagnostic, Origin};

/// Parse JSON Lines: one article object per line. A malformed line is reported
/// with its line number and skipped; the other lines are still read.
pub fn parse_jsonl(path: &str, bytes: &[u8]) -> (Vec<Article>, Vec<Diagnostic>) {
    let mut articles = Vec::new();
    let mut diags = Vec::new();
    read_jsonl(path, &mut &bytes[..], &mut |a| articles.push(a), &mut |d| {
        diags.push(d)
    });
    (articles, diags)
}

/// Stream JSON Lines from `reader`, handing each article to `emit`. Memory
/// holds one line at a time; a line longer than
/// [`super::MAX_DOCUMENT_BYTES`] is skipped with an error.
pub fn read_jsonl(
    path: &str,
    reader: &mut dyn BufRead,
    emit: &mut dyn FnMut(Article),
    diag: &mut dyn FnMut(Diagnostic),
) {
    // Diagnostics go out as they arise (a file of millions of lines never
    // holds them all); `noted` counts them.
    let mut noted = 0usize;
    let mut send = |d: Diagnostic, noted: &mut usize| {
        *noted += 1;
        diag(d);
    };
    // Binary content shows in the head of the file (the first line of an
    // image may hold no NUL at all).
    if reader.fill_buf().is_ok_and(is_binary) {
        diag(Diagnostic::error(
            path,
            None,
            "binary file (NUL and control bytes), skipped",
        ));
        return;
    }
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut emitted = 0usize;
    let mut line = Vec::new();
    let mut line_no = 0usize;
    loop {
        line.clear();
        line_no += 1;
        let (ended, too_long) = match read_line_capped(reader, &mut line, super::MAX_DOCUMENT_BYTES)
        {
            Ok(r) => r,
            Err(e) => {
                diags.push(Diagnostic::error(
                    path,
                    Some(line_no),
                    format!("read stopped at this line ({e}); the rest of the file is lost"),
                ));
                break;
            }
        };
        if ended && line.is_empty() {
            break;
        }
        if too_long {
            diags.push(Diagnostic::error(
                path,
                Some(line_no),
                format!(
                    "line longer than {} MiB, skipped",
                    super::MAX_DOCUMENT_BYTES >> 20
                ),
            ));
        } else if emitted == 0 && noted == 0 && diags.is_empty() && opens_document(&line) {
            // A pretty-printed JSON document, not JSON Lines: an array of
            // articles (or one article) is read whole; anything else is one
            // error, not one per line.
            read_document(path, &line, reader, emit, &mut diags);
            for d in diags.drain(..) {
                send(d, &mut noted);
            }
            return;
        } else if let Some(article) = parse_line(path, line_no, &line, &mut diags) {
            emitted += 1;
            emit(article);
        }
        for d in diags.drain(..) {
            send(d, &mut noted);
        }
        if ended {
            break;
        }
    }
    for d in diags.drain(..) {
        send(d, &mut noted);
    }
    if emitted == 0 && noted == 0 {
        send(
            Diagnostic::error(path, None, "no articles in file"),
            &mut noted,
        );
    }
}

/// Does this first line open a JSON document spread over lines (`[`, `{`,
/// or `[{` with the rest below) rather than hold a whole JSON value?
fn opens_document(line: &[u8]) -> bool {
    let t = line.trim_ascii();
    (t.first() == Some(&b'[') || t == b"{")
        && serde_json::from_slice::<serde_json::Value>(t).is_err()
        || t.first() == Some(&b'[')
            && serde_json::from_slice::<serde_json::Value>(t).is_ok_and(|v| v.is_array())
}

/// Read a whole JSON document (up to [`super::MAX_DOCUMENT_BYTES`]) whose
/// first line is `first`: an array of article objects, or one article object.
fn read_document(
    path: &str,
    first: &[u8],
    reader: &mut dyn BufRead,
    emit: &mut dyn FnMut(Article),
    diags: &mut Vec<Diagnostic>,
) {
    let mut bytes = first.to_vec();
    bytes.push(b'\n');
    let limit = super::MAX_DOCUMENT_BYTES as u64;
    if let Err(e) = std::io::Read::read_to_end(&mut std::io::Read::take(reader, limit), &mut bytes)
    {
        diags.push(Diagnostic::error(path, None, format!("cannot read: {e}")));
        return;
    }
    let value: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(e) => {
            diags.push(Diagnostic::error(
                path,
                Some(e.line()),
                format!("neither JSON Lines nor a whole JSON document of articles: {e}"),
            ));
            return;
        }
    };
    let items = match value {
        serde_json::Value::Array(items) => items,
        obj @ serde_json::Value::Object(_) => vec![obj],
        _ => {
            diags.push(Diagnostic::error(
                path,
                None,
                "a JSON document that is not an article or a list of articles",
            ));
            return;
        }
    };
    let mut emitted = 0;
    for (i, item) in items.iter().enumerate() {
        match article_from_json(item, path, i + 1, diags) {
            Ok(mut a) => {
                // Items are numbered, not lines.
                a.origin.line = None;
                a.origin.record = Some(i + 1);
                emitted += 1;
                emit(a);
            }
            Err(msg) => diags.push(
                Diagnostic::error(path, None, format!("{msg}, item skipped")).in_record(i + 1),
            ),
        }
    }
    if emitted == 0 && items.is_empty() {
        diags.push(Diagnostic::error(path, None, "no articles in file"));
    }
}

/// Read one line (without its `\n` or `\r\n`) into `out`, keeping at most
/// `cap` bytes. Returns (end of input reached, line was longer than `cap`).
fn read_line_capped(
    reader: &mut dyn BufRead,
    out: &mut Vec<u8>,
    cap: usize,
) -> std::io::Result<(bool, bool)> {
    let mut too_long = false;
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok((true, too_long));
        }
        let (chunk, found) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..i], Some(i)),
            None => (buf, None),
        };
        if out.len() + chunk.len() > cap {
            too_long = true;
            out.clear();
        } else if !too_long {
            out.extend_from_slice(chunk);
        }
        let used = found.map_or(buf.len(), |i| i + 1);
        reader.consume(used);
        if found.is_some() {
            if out.last() == Some(&b'\r') {
                out.pop();
            }
            return Ok((false, too_long));
        }
    }
}

/// One line: an article, or a diagnostic naming the line.
fn parse_line(
    path: &str,
    line_no: usize,
    raw: &[u8],
    diags: &mut Vec<Diagnostic>,
) -> Option<Article> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let line = decode(path, line_no, raw, diags);
    let value: serde_json::Value = match parse_record(&line) {
        Ok(Record { value, repeated }) => {
            for key in repeated {
                diags.push(Diagnostic::warning(
                    path,
                    Some(line_no),
                    format!("key {key:?} appears more than once; the last value is used"),
                ));
            }
            value
        }
        Err(e) => {
            diags.push(Diagnostic::error(
                path,
                Some(line_no),
                format!("malformed JSON, line skipped: {e}"),
            ));
            return None;
        }
    };
    match article_from_json(&value, path, line_no, diags) {
        Ok(article) => Some(article),
        Err(msg) => {
            diags.push(Diagnostic::error(
                path,
                Some(line_no),
                format!("{msg}, line skipped"),
            ));
            None
        }
    }
}

/// A JSON Lines record: its value, and the keys its object gives more than
/// once (JSON allows it; the last one wins, which should not pass unsaid).
struct Record {
    value: serde_json::Value,
    repeated: Vec<String>,
}

impl<'de> serde::Deserialize<'de> for Record {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Object;
        impl<'de> serde::de::Visitor<'de> for Object {
            type Value = Record;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Record, A::Error> {
                let mut map = serde_json::Map::new();
                let mut repeated = Vec::new();
                while let Some((key, value)) = m.next_entry::<String, serde_json::Value>()? {
                    if map.insert(key.clone(), value).is_some() && !repeated.contains(&key) {
                        repeated.push(key);
                    }
                }
                Ok(Record {
                    value: serde_json::Value::Object(map),
                    repeated,
                })
            }
        }
        d.deserialize_map(Object)
    }
}

/// Parse a line: an object with its repeated keys, or any other JSON value
/// (which the caller refuses with its own message).
fn parse_record(line: &str) -> serde_json::Result<Record> {
    serde_json::from_str::<Record>(line).or_else(|_| {
        serde_json::from_str(line).map(|value| Record {
            value,
            repeated: Vec::new(),
        })
    })
}

/// The fields read as strings; a value of another type is ignored, and said.
const STRING_FIELDS: [&str; 6] = ["id", "title", "source", "url", "published", "lang"];

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
    for key in STRING_FIELDS {
        let kind = match value.get(key) {
            Some(serde_json::Value::Bool(_)) => "a boolean",
            Some(serde_json::Value::Array(_)) => "an array",
            Some(serde_json::Value::Object(_)) => "an object",
            _ => continue,
        };
        diags.push(Diagnostic::warning(
            path,
            Some(line),
            format!("field {key:?} is {kind}, not a string: ignored"),
        ));
    }
    let id = json_str(value, "id").unwrap_or_else(|| {
        let stem = Path::new(path)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("line");
        format!("{stem}-{line}")
    });
    let mut article = match (value.get("text"), value.get("html")) {
        (Some(serde_json::Value::String(s)), _) => {
            let text = normalise_newlines(s.clone());
            if text.trim().is_empty() {
                return Err("empty article: \"text\" is empty".into());
            }
            let title = json_str(value, "title").unwrap_or_else(|| {
                let first = text.trim().lines().next().unwrap_or_default();
                first.chars().take(super::TITLE_FROM_TEXT_CHARS).collect()
            });
            let title = if title.chars().count() > super::MAX_TITLE_CHARS {
                diags.push(Diagnostic::warning(
                    path,
                    Some(line),
                    format!(
                        "title of {} characters cut to {}",
                        title.chars().count(),
                        super::MAX_TITLE_CHARS
                    ),
                ));
                super::shorten(&title, super::MAX_TITLE_CHARS)
            } else {
                title
            };
            let mut a = Article::new(id, title, text);
            a.provenance.format = "jsonl".into();
            a
        }
        (Some(_), _) => return Err("field \"text\" is not a string".into()),
        // A raw page: the same extraction as an .html file, its URL as a hint.
        (None, Some(serde_json::Value::String(html))) => {
            let url = json_str(value, "url");
            let info = super::PageInfo {
                url: url.as_deref(),
                ..Default::default()
            };
            let (page, page_diags) =
                super::extract_page(path, Some(line), &id, html.as_bytes(), &info);
            let problem = page_diags
                .iter()
                .find(|d| d.severity == crate::model::Severity::Error)
                .map(|d| d.message.clone());
            diags.extend(
                page_diags
                    .into_iter()
                    .filter(|d| d.severity != crate::model::Severity::Error),
            );
            let mut a =
                page.ok_or_else(|| problem.unwrap_or_else(|| "no article in \"html\"".into()))?;
            a.provenance.format = "jsonl+html".into();
            if let Some(title) = json_str(value, "title") {
                a.title = title;
                a.provenance.set_source("title", "jsonl");
            }
            a
        }
        (None, Some(_)) => return Err("field \"html\" is not a string".into()),
        (None, None) => return Err("missing field \"text\" (or \"html\")".into()),
    };
    if let Some(p) = json_str(value, "published") {
        match parse_published(&p) {
            Some(published) => {
                article.published = Some(published);
                article.provenance.set_source("published", "jsonl");
            }
            None => diags.push(Diagnostic::warning(
                path,
                Some(line),
                format!("unrecognised \"published\" value {p:?}, ignored"),
            )),
        }
    }
    for (field, slot) in [
        ("source", &mut article.source),
        ("url", &mut article.url),
        ("lang", &mut article.lang),
    ] {
        if let Some(v) = json_str(value, field) {
            *slot = Some(v);
            article.provenance.set_source(field, "jsonl");
        }
    }
    // A line written by `storyline extract` says how the article was first
    // read; keep that, and what this line itself sets.
    if let Some(p) = value.get("provenance") {
        if let Ok(p) = serde_json::from_value::<super::JsonProvenance>(p.clone()) {
            let here = std::mem::take(&mut article.provenance.sources);
            article.provenance = p.to_provenance();
            for (field, source) in here {
                if article.provenance.source_of(&field).is_none() {
                    article.provenance.set_source(&field, &source);
                }
            }
        }
    }
    article.origin = Origin {
        path: path.to_string(),
        line: Some(line),
        record: None,
    };
    Ok(article)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_pretty_printed_document_is_read_whole_or_refused_once() {
        let doc = b"[\n  {\"id\": \"a\", \"text\": \"Body one.\"},\n  {\"id\": \"b\"}\n]\n";
        let (arts, diags) = super::parse_jsonl("list.json", doc);
        assert_eq!(arts.len(), 1);
        assert_eq!(arts[0].origin.record, Some(1));
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].record, Some(2));
        // An object that is not an article: one error, not one per line.
        let (arts, diags) = super::parse_jsonl(
            "gold.json",
            b"{\n  \"x\": {\"file\": \"a\"},\n  \"y\": 2\n}\n",
        );
        assert!(arts.is_empty());
        assert_eq!(diags.len(), 1, "{diags:?}");
        // One line holding a whole array is an array too.
        let (arts, _) = super::parse_jsonl("one.json", br#"[{"text":"A."},{"text":"B."}]"#);
        assert_eq!(arts.len(), 2);
    }

    use super::*;
    use crate::ingest::MAX_TITLE_CHARS;

    #[test]
    fn a_stray_nul_byte_loses_no_line() {
        // One raw NUL used to mark the whole file binary: every line lost.
        let input =
            b"{\"id\":\"a\",\"text\":\"Body \x00one.\"}\n{\"id\":\"b\",\"text\":\"Body two.\"}\n";
        let (arts, diags) = parse_jsonl("nul.jsonl", input);
        assert_eq!(arts.len(), 2, "{diags:?}");
        assert_eq!(arts[0].text, "Body one.");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].line, Some(1));
        assert!(diags[0].message.contains("NUL"), "{diags:?}");
        // A real binary file is still refused once.
        let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00";
        let (arts, diags) = parse_jsonl("img.jsonl", png);
        assert!(arts.is_empty());
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].message.contains("binary"), "{diags:?}");
    }

    #[test]
    fn repeated_keys_wrong_types_and_huge_titles_are_said() {
        let long = "word ".repeat(400);
        let input = format!(
            "{{\"id\":\"a\",\"title\":\"One\",\"title\":\"Two\",\"text\":\"Body.\"}}\n\
             {{\"id\":\"b\",\"title\":[\"x\"],\"source\":{{\"n\":1}},\"url\":true,\"text\":\"Body.\"}}\n\
             {{\"id\":\"c\",\"title\":\"{long}\",\"text\":\"Body.\"}}\n"
        );
        let (arts, diags) = parse_jsonl("typed.jsonl", input.as_bytes());
        assert_eq!(arts.len(), 3, "{diags:?}");
        let said = |line: usize, what: &str| {
            diags
                .iter()
                .any(|d| d.line == Some(line) && d.message.contains(what))
        };
        assert_eq!(arts[0].title, "Two");
        assert!(said(1, "\"title\" appears more than once"), "{diags:?}");
        for field in ["title", "source", "url"] {
            assert!(said(2, &format!("{field:?} is")), "{field}: {diags:?}");
        }
        assert_eq!(arts[1].source, None);
        assert!(arts[2].title.chars().count() <= MAX_TITLE_CHARS + 1);
        assert!(said(3, "cut to"), "{diags:?}");
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
}
