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

/// The text of an HTML fragment (a feed item's content, an article's
/// markup): one line per block element (paragraph, heading, list item, table
/// row, line break), runs of whitespace collapsed, a blank line between
/// paragraphs.
pub fn fragment_text(html: &str) -> String {
    let doc = Document::fragment(html);
    let mut out = String::new();
    render_block_text(&doc.root(), &mut out);
    tidy(&out)
}

/// Elements that start a new line.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "main"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "tr"
            | "figure"
            | "figcaption"
            | "form"
            | "address"
            | "hr"
            | "td"
            | "th"
            | "caption"
            | "details"
            | "summary"
    )
}

/// Elements whose content is never text.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "iframe"
            | "object"
            | "embed"
            | "head"
            | "select"
            | "option"
            | "button"
            | "input"
            | "textarea"
            | "canvas"
            | "video"
            | "audio"
            | "map"
    )
}

/// Walk the tree under `root` without recursion (pages nest deeply), writing
/// its text with a blank line around every block element (so that cleaning
/// never joins two blocks as one hard-wrapped paragraph) and a newline for
/// `<br>`.
fn render_block_text(root: &dom_query::NodeRef, out: &mut String) {
    let mut stack = vec![(*root, false)];
    while let Some((node, closing)) = stack.pop() {
        let name = node.node_name();
        let block = name.as_deref().is_some_and(is_block);
        if closing {
            if block {
                out.push_str("\n\n");
            }
            continue;
        }
        if name.as_deref() == Some("br") {
            out.push('\n');
            continue;
        }
        if node.is_text() {
            push_collapsed(out, &node.text());
            continue;
        }
        if !(node.is_element() || node.is_document() || node.is_fragment()) {
            continue;
        }
        if name.as_deref().is_some_and(is_skipped) {
            continue;
        }
        if block {
            out.push_str("\n\n");
        }
        stack.push((node, true));
        let children: Vec<_> = node.children_it(true).collect();
        stack.extend(children.into_iter().map(|c| (c, false)));
    }
}

/// Append text with runs of whitespace collapsed to one space (no space at
/// the start of a line).
fn push_collapsed(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with([' ', '\n']) {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_keep_their_blocks() {
        let html = "<p>First <b>bold</b>\n  para.</p><p>Second<br>line</p><ul><li>one</li><li>two</li></ul><script>x()</script>";
        assert_eq!(
            fragment_text(html),
            "First bold para.\n\nSecond\nline\n\none\n\ntwo"
        );
        // Deep nesting is walked without recursion.
        let deep = format!(
            "{}<p>deep</p>{}",
            "<div>".repeat(3_000),
            "</div>".repeat(3_000)
        );
        assert_eq!(fragment_text(&deep), "deep");
    }
}
