//! Remove what never holds article text or metadata before the page is
//! parsed: scripts (but JSON-LD), styles, comments, inline SVG, navigation
//! menus, `template` and `select`, and the attributes no reader looks at
//! (`src`, `srcset`, most `data-*`, event handlers). `<noscript>` tags go
//! but their content stays, as a reader without scripts sees it. On news
//! pages these are often half the bytes, and the HTML parser would scan them
//! character by character. Also cut a tag's attributes after the first
//! [`MAX_ATTRIBUTES`]: html5ever compares each new attribute with all the
//! earlier ones of its tag, so a tag with 100,000 attributes took minutes.

use memchr::memchr;

/// Elements dropped whole: they never hold the article or its metadata
/// (navigation menus are a fifth of a news page's markup once scripts are
/// gone), and the readers would skip them anyway.
const DROPPED: &[&[u8]] = &[b"svg", b"nav", b"template", b"select"];

/// Attributes kept per tag; the rest of a tag's attributes are dropped.
pub const MAX_ATTRIBUTES: usize = 256;

/// `html` without `<script>` elements (except `type="application/ld+json"`,
/// where the metadata is), `<style>`, `<svg>` and `<!-- comments -->`. An
/// element left open runs to the end of the page, as a parser would read it.
pub fn strip_inert(html: &str) -> std::borrow::Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut at = 0;
    let mut attrs = Vec::new();
    while let Some(i) = memchr(b'<', &bytes[at..]).map(|i| i + at) {
        let rest = &bytes[i + 1..];
        let end = if rest.starts_with(b"!--") {
            Some(find(bytes, i + 4, b"-->").map_or(bytes.len(), |e| e + 3))
        } else if starts_tag(rest, b"script") {
            let open_end = memchr(b'>', &bytes[i..]).map_or(bytes.len(), |e| i + e + 1);
            if is_json_ld(&bytes[i..open_end]) {
                None
            } else {
                Some(close_of(bytes, open_end, b"script"))
            }
        } else if starts_tag(rest, b"style") {
            Some(close_of(bytes, i + 6, b"style"))
        } else if starts_tag(rest, b"noscript")
            || (rest.first() == Some(&b'/') && starts_tag_or_end(&rest[1..], b"noscript"))
        {
            // A `<noscript>` is what a reader without scripts sees (some blogs
            // put the whole post there): its tags go, its content stays and
            // is parsed as markup, not as the raw text a scripting parser
            // makes of it.
            Some(memchr(b'>', &bytes[i..]).map_or(bytes.len(), |e| i + e + 1))
        } else if let Some(name) = DROPPED.iter().find(|n| starts_tag(rest, n)) {
            Some(close_of(bytes, i + 1 + name.len(), name))
        } else if rest.first().is_some_and(u8::is_ascii_alphabetic) {
            // Any other start tag: keep the attributes that say something
            // about text or metadata, at most MAX_ATTRIBUTES of them.
            let tag = scan_tag(bytes, i, &mut attrs);
            let kept = attrs.iter().filter(|a| a.keep).count();
            if kept < attrs.len() {
                let buf = out.get_or_insert_with(|| String::with_capacity(html.len()));
                buf.push_str(&html[copied..tag.name_end]);
                for a in attrs.iter().filter(|a| a.keep) {
                    buf.push(' ');
                    buf.push_str(&html[a.span.clone()]);
                }
                buf.push_str(if tag.self_closing { "/>" } else { ">" });
                copied = tag.end;
            }
            at = tag.end.max(i + 1);
            if at >= bytes.len() {
                break;
            }
            continue;
        } else {
            None
        };
        match end {
            Some(end) => {
                let buf = out.get_or_insert_with(|| String::with_capacity(html.len() / 2));
                buf.push_str(&html[copied..i]);
                // Keep word boundaries: removed markup is a space.
                buf.push(' ');
                copied = end;
                at = end;
            }
            None => at = i + 1,
        }
        if at >= bytes.len() {
            break;
        }
    }
    match out {
        None => std::borrow::Cow::Borrowed(html),
        Some(mut buf) => {
            buf.push_str(&html[copied.min(html.len())..]);
            std::borrow::Cow::Owned(buf)
        }
    }
}

/// Attributes kept: the ones the container search, the block reader and
/// the metadata reader look at. Everything else (`src`, `srcset`, `data-*`,
/// `onclick`, sizes) is most of a modern page's tag bytes.
const KEPT_ATTRIBUTES: &[&[u8]] = &[
    b"class",
    b"id",
    b"href",
    b"rel",
    b"role",
    b"style",
    b"hidden",
    b"aria-hidden",
    b"lang",
    b"xml:lang",
    b"itemprop",
    b"itemtype",
    b"itemscope",
    b"datetime",
    b"pubdate",
    b"content",
    b"property",
    b"name",
    b"http-equiv",
    b"charset",
    b"type",
    b"title",
];

/// Is an attribute of this name kept? One of [`KEPT_ATTRIBUTES`], or a
/// `data-*` attribute that may hold a date (`data-published`,
/// `data-timestamp`), which the metadata reader looks at.
fn kept_attribute(name: &[u8]) -> bool {
    if KEPT_ATTRIBUTES.iter().any(|k| k.eq_ignore_ascii_case(name)) {
        return true;
    }
    let lower = name.to_ascii_lowercase();
    lower.starts_with(b"data-")
        && [&b"date"[..], b"time", b"publish"]
            .iter()
            .any(|w| lower.windows(w.len()).any(|x| x == *w))
}

/// One attribute of a start tag.
struct Attr {
    /// Bytes of the attribute, name to the end of its value.
    span: std::ops::Range<usize>,
    /// Kept in the output.
    keep: bool,
}

/// A start tag as [`scan_tag`] reads it.
struct Tag {
    /// Byte after the tag's name (`<div` → after `v`).
    name_end: usize,
    /// Byte after its `>` (or the end of the page).
    end: usize,
    /// It ends in `/>`.
    self_closing: bool,
}

/// Walk the start tag opening at `i` (`<` then a letter), filling `attrs`
/// with its attributes, each marked kept when its name is one of
/// [`KEPT_ATTRIBUTES`] and it is among the first [`MAX_ATTRIBUTES`].
fn scan_tag(bytes: &[u8], i: usize, attrs: &mut Vec<Attr>) -> Tag {
    attrs.clear();
    let n = bytes.len();
    let space = |b: u8| b.is_ascii_whitespace();
    let mut j = i + 1;
    while j < n && !space(bytes[j]) && bytes[j] != b'>' && bytes[j] != b'/' {
        j += 1;
    }
    let name_end = j;
    let mut slash = false;
    loop {
        while j < n && space(bytes[j]) {
            j += 1;
        }
        if j >= n {
            return Tag {
                name_end,
                end: n,
                self_closing: false,
            };
        }
        match bytes[j] {
            b'>' => {
                return Tag {
                    name_end,
                    end: j + 1,
                    self_closing: slash,
                }
            }
            b'/' => {
                slash = true;
                j += 1;
                continue;
            }
            _ => slash = false,
        }
        let start = j;
        // The name, then an optional `= value`.
        while j < n && !space(bytes[j]) && !matches!(bytes[j], b'=' | b'>' | b'/') {
            j += 1;
        }
        let name = &bytes[start..j];
        let mut value_end = j;
        let mut k = j;
        while k < n && space(bytes[k]) {
            k += 1;
        }
        if k < n && bytes[k] == b'=' {
            k += 1;
            while k < n && space(bytes[k]) {
                k += 1;
            }
            match bytes.get(k) {
                Some(&q @ (b'"' | b'\'')) => {
                    k = memchr(q, &bytes[k + 1..]).map_or(n, |e| k + 1 + e + 1);
                }
                _ => {
                    while k < n && !space(bytes[k]) && bytes[k] != b'>' {
                        k += 1;
                    }
                }
            }
            value_end = k;
            j = k;
        }
        let keep = attrs.len() < MAX_ATTRIBUTES && kept_attribute(name);
        attrs.push(Attr {
            span: start..value_end,
            keep,
        });
    }
}

/// Does `rest` (the bytes after `<`) open the element `name` (any case,
/// followed by a space, `>` or `/`)?
fn starts_tag(rest: &[u8], name: &[u8]) -> bool {
    rest.len() > name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name)
        && matches!(rest[name.len()], b' ' | b'>' | b'/' | b'\t' | b'\n' | b'\r')
}

/// Is this opening tag a JSON-LD script?
fn is_json_ld(tag: &[u8]) -> bool {
    tag.windows(7).any(|w| w.eq_ignore_ascii_case(b"ld+json"))
}

/// The byte after the end tag `</name ...>` that closes the element opened
/// before `from`, or the end of the page. Every byte at which the value can
/// lie on a char boundary: the tag is ASCII.
fn close_of(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut at = from;
    while let Some(i) = find(bytes, at, b"</") {
        if starts_tag_or_end(&bytes[i + 2..], name) {
            return memchr(b'>', &bytes[i..]).map_or(bytes.len(), |e| i + e + 1);
        }
        at = i + 2;
    }
    bytes.len()
}

/// Like [`starts_tag`], but the name may also end the input.
fn starts_tag_or_end(rest: &[u8], name: &[u8]) -> bool {
    rest.len() >= name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name)
        && rest
            .get(name.len())
            .is_none_or(|b| matches!(b, b' ' | b'>' | b'/' | b'\t' | b'\n' | b'\r'))
}

/// Position of `needle` in `bytes` at or after `from`.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(bytes.get(from..)?, needle).map(|i| i + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_styles_svg_and_comments_go_json_ld_stays() {
        let html = r#"<head><script>var a = "<p>not text</p>";</script><STYLE>p{}</STYLE>
<script type="application/ld+json">{"datePublished":"2019-11-19"}</script></head>
<body><!-- a <p>comment</p> --><p>Kept <svg><path d="M0"/></svg>text.</p><scripture>x</scripture></body>"#;
        let out = strip_inert(html);
        assert!(!out.contains("not text") && !out.contains("p{}") && !out.contains("comment"));
        assert!(!out.contains("path"));
        assert!(out.contains(r#"{"datePublished":"2019-11-19"}"#));
        assert!(out.contains("<p>Kept  text.</p>"), "{out}");
        // `<scripture>` is not `<script>`.
        assert!(out.contains("<scripture>x</scripture>"));
        // Nothing to strip: the page is borrowed, not copied.
        assert!(matches!(
            strip_inert("<p>plain</p>"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn tags_keep_the_attributes_that_matter_and_at_most_256() {
        let mut attrs = String::new();
        for i in 0..1000 {
            attrs.push_str(&format!(" class{i}=\"v > {i}\""));
        }
        let html = format!(
            "<p class='a b' data-x=\"1\" onclick=\"go()\">Before</p><img src=x.jpg alt=\"A > B\"/><article{attrs}>Text</article>"
        );
        let out = strip_inert(&html);
        assert!(
            out.starts_with("<p class='a b'>Before</p><img/>"),
            "{out:.80}"
        );
        // Unknown names go; so do all attributes past the limit.
        assert!(out.ends_with("<article>Text</article>"), "{out:.80}");
        let many = format!("<div{}>x</div>", " class=\"c\"".repeat(300));
        assert_eq!(strip_inert(&many).matches("class").count(), MAX_ATTRIBUTES);
        // Only kept attributes: nothing copied.
        let small = "<a href=\"/x\" title='t > u'>link</a>";
        assert!(matches!(strip_inert(small), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn noscript_content_is_kept_as_markup() {
        assert_eq!(
            strip_inert("<script type='text/template'><p>a</p></script><noscript><p>The post.</p></noscript>"),
            "  <p>The post.</p> "
        );
    }

    #[test]
    fn menus_go_to_their_first_end_tag() {
        // Nesting is not counted: pages leave navs unclosed, and a count
        // that never returns to zero would drop the rest of the page. A
        // nested nav leaves the outer one's tail, which the readers skip.
        let html = "<p>a</p><nav><ul><li><nav>inner</nav></li><li>Sports</li></ul></nav><p>b</p><NAV class=x>c</NAV>";
        assert_eq!(
            strip_inert(html),
            "<p>a</p> </li><li>Sports</li></ul></nav><p>b</p> "
        );
        let unclosed =
            "<nav class=outer><nav class=inner>menu</nav><article><p>The article.</p></article>";
        assert!(strip_inert(unclosed).contains("<p>The article.</p>"));
        // A tag that only starts like one is kept.
        assert_eq!(strip_inert("<navbar>x</navbar>"), "<navbar>x</navbar>");
    }

    #[test]
    fn unclosed_elements_run_to_the_end() {
        assert_eq!(strip_inert("<p>a</p><script>never closed <p>"), "<p>a</p> ");
        assert_eq!(strip_inert("<p>a</p><!-- open"), "<p>a</p> ");
        // Multi-byte text around removed markup stays whole.
        assert_eq!(strip_inert("é<style>x</style>ü"), "é ü");
    }
}
