//! The main text of a page.

use dom_query::Document;

use crate::clean::Removed;

/// The main text of a page, with the furniture found inside it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Body {
    /// The article's blocks, one per line (paragraphs separated by a blank line).
    pub text: String,
    /// Lines of `text` that the page's structure marks as furniture.
    pub marked: Vec<Removed>,
    /// Which extractor produced it.
    pub extractor: &'static str,
}

/// Extract the main text of a parsed page (the document is consumed: the
/// extractor prunes it in place).
pub fn extract(doc: Document, url: Option<&str>) -> Body {
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let parsed =
        dom_smoothie::Readability::with_document(doc, url, Some(cfg)).and_then(|mut r| r.parse());
    let text = parsed.map(|a| tidy(&a.text_content)).unwrap_or_default();
    Body {
        text,
        marked: Vec::new(),
        extractor: "readability",
    }
}

/// Extracted text has ragged whitespace: trim each line and keep at most one
/// blank line between paragraphs.
fn tidy(s: &str) -> String {
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
