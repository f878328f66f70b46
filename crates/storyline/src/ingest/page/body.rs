//! The main text of a page.

use dom_query::Document;

use crate::clean::{Reason, Removed};

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

/// Extract the main text of a parsed page (the document is consumed when
/// the fallback runs). [`super::container`] finds the article's container
/// by Readability's scoring on the tree as parsed; [`blocks`] then reads it
/// block by block and marks the furniture inside it. When the container
/// holds little of a page that has much text (under 500 characters of more
/// than 1,500), `dom_smoothie`'s Readability, with its retries, decides
/// instead.
pub fn extract(doc: Document, url: Option<&str>, title: Option<&str>) -> Body {
    if let Some(mut blocks) = own_container(&doc, title) {
        mark_link_lists(&mut blocks);
        let (text, marked) = assemble(&blocks);
        return Body {
            text,
            marked,
            extractor: "storyline",
        };
    }
    readability(doc, url)
}

/// The blocks of the container [`super::container`] finds, trying
/// Readability's passes in turn (all rules, then fewer) until one holds 500
/// characters, or any text at all on a page with little text. `None` when
/// no pass does.
fn own_container(doc: &Document, title: Option<&str>) -> Option<Vec<Block>> {
    let root = doc.root();
    for pass in super::container::Pass::ALL {
        let Some(found) = super::container::find(&root, title, pass) else {
            continue;
        };
        let mut all = Vec::new();
        for node in &found.nodes {
            all.extend(blocks_skipping(node, &found.skip, found.text as usize));
        }
        let chars: usize = all.iter().map(|b| b.text.len()).sum();
        if chars >= 500 || (chars > 0 && found.page_text < 1500) {
            return Some(all);
        }
    }
    None
}

/// `dom_smoothie`'s Readability (which rewrites the document, and retries
/// with looser rules when it finds too little), then the block reader on
/// the container it returns.
fn readability(doc: Document, url: Option<&str>) -> Body {
    let cfg = dom_smoothie::Config {
        // Class names stay on the kept elements: they tell captions, credits
        // and "related" lists from prose.
        keep_classes: true,
        // Metadata is read by `meta` before Readability runs.
        disable_json_ld: true,
        text_mode: dom_smoothie::TextMode::Raw,
        ..Default::default()
    };
    let parsed =
        dom_smoothie::Readability::with_document(doc, url, Some(cfg)).and_then(|mut r| r.parse());
    let Ok(article) = parsed else {
        return Body {
            extractor: "readability",
            ..Body::default()
        };
    };
    let content = Document::fragment(article.content.as_ref());
    let mut blocks = blocks(&content.root());
    mark_link_lists(&mut blocks);
    let (text, marked) = assemble(&blocks);
    Body {
        text,
        marked,
        extractor: "dom_smoothie",
    }
}

/// One block of a page's text: a paragraph, heading, list item or table row,
/// with the reason it is furniture, if it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The block's text, whitespace collapsed; `\n` where a `<br>` was.
    pub text: String,
    /// Why the block is page furniture, if the markup says so.
    pub reason: Option<Reason>,
    /// Bytes of `text` inside links.
    pub link_bytes: usize,
    /// The block is a list item.
    pub list_item: bool,
}

/// The furniture a class or id names, by whole tokens of the attribute
/// (`article-caption`, `imageCredit` → `image`, `credit`).
fn reason_of_names(names: &str) -> Option<Reason> {
    let mut found = None;
    for token in name_tokens(names) {
        let reason = match token.as_str() {
            "caption" | "captions" | "figcaption" | "wp-caption-text" => Reason::Caption,
            "credit" | "credits" | "copyright" => Reason::PhotoCredit,
            "byline" | "bylines" | "dateline" | "timestamp" | "author" | "authors" => {
                Reason::Byline
            }
            "related" | "recommended" | "recommendations" | "recirc" | "breadcrumb"
            | "breadcrumbs" | "more-stories" | "outbrain" | "taboola" | "trending" | "popular"
            | "most-read" | "mostread" => Reason::Navigation,
            "share" | "sharing" | "social" | "newsletter" | "subscribe" | "subscription"
            | "signup" | "promo" | "tags" | "tag-list" | "toolbar" | "comments" | "comment"
            | "disqus" | "print" | "follow" | "login" => Reason::SiteChrome,
            "ad" | "ads" | "advert" | "advertisement" | "adsbygoogle" | "sponsored" | "sponsor"
            | "dfp" => Reason::Advertisement,
            _ => continue,
        };
        found = Some(reason);
        break;
    }
    found
}

/// Lower-case tokens of a class or id value: split on spaces, `-`, `_` and
/// camel case (`relatedStories` → `related`, `stories`), plus each
/// hyphenated class whole (`more-stories`).
fn name_tokens(names: &str) -> Vec<String> {
    let mut out = Vec::new();
    for class in names.split_whitespace() {
        let lower = class.to_ascii_lowercase();
        out.push(lower.replace('_', "-"));
        let mut cur = String::new();
        let mut prev_lower = false;
        for c in class.chars() {
            if c == '-' || c == '_' || !c.is_ascii_alphanumeric() {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                prev_lower = false;
                continue;
            }
            if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = c.is_ascii_lowercase();
            cur.push(c.to_ascii_lowercase());
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

/// The furniture an element is by its tag, class or id, if any.
fn element_reason(node: &dom_query::NodeRef, name: &str) -> Option<Reason> {
    match name {
        "figcaption" => return Some(Reason::Caption),
        "nav" => return Some(Reason::Navigation),
        _ => {}
    }
    let class = node.attr("class");
    let id = node.attr("id");
    let names = match (class, id) {
        (Some(c), Some(i)) => format!("{c} {i}"),
        (Some(c), None) => c.to_string(),
        (None, Some(i)) => i.to_string(),
        (None, None) => return None,
    };
    reason_of_names(&names)
}

/// The blocks of the tree under `root`, in document order, walked without
/// recursion. An element marked as furniture (by tag, class or id) becomes
/// blocks of its own with that reason, unless it holds most of the text
/// (a class such as `share-enabled` on the article's own container).
pub fn blocks(root: &dom_query::NodeRef) -> Vec<Block> {
    blocks_skipping(root, &Default::default(), root.text().len())
}

/// [`blocks`], leaving out the subtrees rooted at `skip` (those the container
/// search judged not to be the article: sidebars, comment threads, hidden
/// elements), as Readability deletes them. `total` is the length of the
/// article's text: an element holding two fifths of it is never furniture.
pub fn blocks_skipping(
    root: &dom_query::NodeRef,
    skip: &rustc_hash::FxHashSet<dom_query::NodeId>,
    total: usize,
) -> Vec<Block> {
    let total = total.max(1);
    let mut out = Vec::new();
    let mut cur = Block {
        text: String::new(),
        reason: None,
        link_bytes: 0,
        list_item: false,
    };
    // (node, closing?, reason in force inside it, inside a link)
    struct Frame<'a> {
        node: dom_query::NodeRef<'a>,
        closing: bool,
        reason: Option<Reason>,
        link: bool,
    }
    let flush = |cur: &mut Block, out: &mut Vec<Block>, reason: Option<Reason>, list_item: bool| {
        let text = cur.text.trim();
        if !text.is_empty() {
            out.push(Block {
                text: text.to_string(),
                reason: cur.reason,
                link_bytes: cur.link_bytes.min(text.len()),
                list_item: cur.list_item,
            });
        }
        cur.text.clear();
        cur.link_bytes = 0;
        cur.reason = reason;
        cur.list_item = list_item;
    };
    let mut stack = vec![Frame {
        node: *root,
        closing: false,
        reason: None,
        link: false,
    }];
    while let Some(f) = stack.pop() {
        let name = f.node.node_name();
        let name = name.as_deref().unwrap_or("");
        if f.closing {
            // Leaving a block (or a furniture element): what follows starts
            // a new block under the enclosing reason.
            let parent_reason = stack
                .iter()
                .rev()
                .find(|p| p.closing)
                .and_then(|p| p.reason);
            flush(&mut cur, &mut out, parent_reason, false);
            continue;
        }
        if f.node.is_text() {
            let before = cur.text.len();
            push_collapsed(&mut cur.text, &f.node.text());
            if f.link {
                cur.link_bytes += cur.text.len() - before;
            }
            continue;
        }
        if !(f.node.is_element() || f.node.is_document() || f.node.is_fragment()) {
            continue;
        }
        if is_skipped(name) || skip.contains(&f.node.id) {
            continue;
        }
        if name == "br" {
            cur.text.push('\n');
            continue;
        }
        // Table cells are words of their row, not lines of their own.
        if matches!(name, "td" | "th") && !cur.text.is_empty() && !cur.text.ends_with([' ', '\n']) {
            cur.text.push(' ');
        }
        let own = if f.node.is_element() {
            element_reason(&f.node, name)
                .filter(|r| f.reason != Some(*r))
                .filter(|_| f.node.text().len() * 5 < total * 2)
        } else {
            None
        };
        let reason = own.or(f.reason);
        let block = is_block(name) || own.is_some();
        if block {
            flush(&mut cur, &mut out, reason, name == "li");
        }
        if block {
            stack.push(Frame {
                node: f.node,
                closing: true,
                reason,
                link: f.link,
            });
        }
        let link = f.link || name == "a";
        let children: Vec<_> = f.node.children_it(true).collect();
        stack.extend(children.into_iter().map(|node| Frame {
            node,
            closing: false,
            reason,
            link,
        }));
    }
    flush(&mut cur, &mut out, None, false);
    out
}

/// Mark as navigation the blocks that are links and little else (a list of
/// other stories inside the article's container), unless such blocks are
/// most of the text: then the article *is* a list of links, and it stays.
pub fn mark_link_lists(blocks: &mut [Block]) {
    let is_link_block = |b: &Block| {
        let words = b.text.split_whitespace().count();
        b.reason.is_none() && b.link_bytes * 10 >= b.text.len() * 8 && (b.list_item || words <= 12)
    };
    let total: usize = blocks.iter().map(|b| b.text.len()).sum();
    let links: usize = blocks
        .iter()
        .filter(|b| is_link_block(b))
        .map(|b| b.text.len())
        .sum();
    if links * 2 >= total {
        return;
    }
    for b in blocks.iter_mut() {
        if is_link_block(b) {
            b.reason = Some(Reason::Navigation);
        }
    }
}

/// Join blocks into an article text, one block per paragraph (a blank line
/// between), and the spans of the furniture blocks.
pub fn assemble(blocks: &[Block]) -> (String, Vec<Removed>) {
    let mut text = String::new();
    let mut marked = Vec::new();
    for b in blocks {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        // Lines of a block (split at <br>) are trimmed; empty ones dropped.
        let mut first = true;
        for line in b.text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if !first {
                text.push('\n');
            }
            first = false;
            text.push_str(line);
        }
        if let Some(reason) = b.reason {
            marked.push(Removed {
                span: start..text.len(),
                reason,
            });
        }
    }
    (text, marked)
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
            | "caption"
            | "details"
            | "summary"
    )
}

/// Elements whose content is never the article's text: the block reader and
/// the container search ([`super::container`]) both pass over them.
pub(super) fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
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

    fn furniture(html: &str) -> Vec<(String, Option<Reason>)> {
        let doc = Document::fragment(html);
        let mut b = blocks(&doc.root());
        mark_link_lists(&mut b);
        b.into_iter().map(|b| (b.text, b.reason)).collect()
    }

    const PROSE: &str = "<p>The city council voted on Tuesday to extend the tram line to the harbour, a project that has been debated for more than ten years and will cost about 40 million euros.</p>";

    #[test]
    fn markup_names_the_furniture() {
        let html = format!(
            r#"{PROSE}<figure><img src="a.jpg"><figcaption>The harbour at dawn. <span class="credit">Photo: J. Doe</span></figcaption></figure>
            <div class="share-bar"><a href="/fb">Facebook</a> <a href="/tw">Twitter</a></div>
            <p class="article-byline">By Jane Doe</p>
            <div class="relatedStories"><h3>More news</h3></div>{PROSE}"#
        );
        let got = furniture(&html);
        let reasons: Vec<Option<Reason>> = got.iter().map(|(_, r)| *r).collect();
        assert_eq!(
            reasons,
            [
                None,
                Some(Reason::Caption),
                Some(Reason::PhotoCredit),
                Some(Reason::SiteChrome),
                Some(Reason::Byline),
                Some(Reason::Navigation),
                None
            ],
            "{got:?}"
        );
        assert_eq!(got[1].0, "The harbour at dawn.");
        assert_eq!(got[2].0, "Photo: J. Doe");
    }

    #[test]
    fn a_furniture_class_on_the_whole_article_is_ignored() {
        // "share-enabled" on the container that holds all the prose.
        let html =
            format!(r#"<div class="story share-enabled">{PROSE}{PROSE}</div><p>Short tail.</p>"#);
        assert!(furniture(&html).iter().all(|(_, r)| r.is_none()));
    }

    #[test]
    fn tables_are_read_row_by_row() {
        let html = "<table><tr><th>Pos.</th><th>Driver</th><th>Points</th></tr><tr><td>1</td><td>Kyle Busch</td><td>5040</td></tr></table>";
        let got: Vec<String> = furniture(html).into_iter().map(|(t, _)| t).collect();
        assert_eq!(got, ["Pos. Driver Points", "1 Kyle Busch 5040"]);
    }

    #[test]
    fn link_lists_are_navigation_unless_they_are_the_article() {
        let list = r#"<ul><li><a href="/1">Mayor resigns after vote</a></li><li><a href="/2">Ferry service resumes</a></li></ul>"#;
        let got = furniture(&format!("{PROSE}{list}{PROSE}"));
        assert_eq!(
            got[1],
            (
                "Mayor resigns after vote".to_string(),
                Some(Reason::Navigation)
            )
        );
        assert_eq!(got[2].1, Some(Reason::Navigation));
        // A page that is a list of links keeps them: they are its content.
        let got = furniture(&format!("<p>Sources:</p>{list}"));
        assert!(got.iter().all(|(_, r)| r.is_none()), "{got:?}");
    }

    #[test]
    fn assembled_text_marks_whole_blocks() {
        let b = |t: &str, r| Block {
            text: t.into(),
            reason: r,
            link_bytes: 0,
            list_item: false,
        };
        let (text, marked) = assemble(&[
            b("Prose here.", None),
            b("Caption\nline two", Some(Reason::Caption)),
            b("More prose.", None),
        ]);
        assert_eq!(text, "Prose here.\n\nCaption\nline two\n\nMore prose.");
        assert_eq!(marked.len(), 1);
        assert_eq!(&text[marked[0].span.clone()], "Caption\nline two");
        let cleaned = crate::clean::clean_marked(&text, &marked);
        let kept: Vec<&str> = cleaned
            .paragraphs
            .iter()
            .map(|p| &text[p.clone()])
            .collect();
        assert_eq!(kept, ["Prose here.", "More prose."]);
        assert_eq!(cleaned.removed.len(), 2);
        assert!(cleaned.removed.iter().all(|r| r.reason == Reason::Caption));
    }
}
