//! `.txt` articles: the first non-empty line that is not page furniture is the
//! headline, the rest the body; an optional front-matter block may come first.

use super::decode::{decode, is_binary, normalise_newlines};
use super::parse_published;
use crate::model::{Article, Diagnostic, Origin};

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
            "binary file (NUL and control bytes), skipped",
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
    let (title_start, mut title_end) = (title_span.start, title_span.end);
    let mut title = text[title_start..title_end].trim().to_string();
    if title.chars().count() > super::MAX_TITLE_CHARS {
        // A first line this long is text, not a headline (a file without
        // line breaks): it stays in the body, and its start is the title.
        let line = 1 + text[..title_start].matches('\n').count();
        diags.push(Diagnostic::warning(
            path,
            Some(line),
            format!(
                "first line is {} characters, too long for a headline: kept in the text, its start is the title",
                title.chars().count()
            ),
        ));
        title = super::shorten(&title, super::TITLE_FROM_TEXT_CHARS);
        title_end = title_start;
    }
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
        record: None,
    };
    article.provenance.format = "txt".into();
    for (key, value, line) in meta {
        let known = ["title", "source", "url", "lang"].contains(&key.as_str());
        if known {
            article.provenance.set_source(&key, "front-matter");
        }
        match key.as_str() {
            "id" => article.id = value,
            "title" => article.title = value,
            "source" => article.source = Some(value),
            "url" => article.url = Some(value),
            "lang" => article.lang = Some(value),
            "published" => match parse_published(&value) {
                Some(t) => {
                    article.published = Some(t);
                    article.provenance.set_source("published", "front-matter");
                }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;

    #[test]
    fn a_file_without_line_breaks_is_text_not_a_headline() {
        // A 100 MB single line used to become a 100 MB title.
        let one_line = "The mayor announced a tram line on Tuesday. ".repeat(2000);
        let (a, d) = parse_txt("flat.txt", "flat", one_line.as_bytes());
        let a = a.expect("article");
        assert!(a.title.chars().count() <= crate::ingest::TITLE_FROM_TEXT_CHARS + 1);
        assert!(a.title.starts_with("The mayor announced"));
        assert!(a.text.starts_with("The mayor announced") && a.text.len() > 80_000);
        assert!(
            d.iter()
                .any(|d| d.message.contains("too long for a headline")),
            "{d:?}"
        );
        // A stray NUL is removed and said, not a reason to drop the file.
        let (a, d) = parse_txt("nul.txt", "nul", b"Tram line approved\n\nBody \x00text.\n");
        assert_eq!(a.expect("article").text.trim_end(), "Body text.");
        assert!(
            d.iter()
                .any(|d| d.message.contains("NUL") && d.line == Some(3)),
            "{d:?}"
        );
    }

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
}
