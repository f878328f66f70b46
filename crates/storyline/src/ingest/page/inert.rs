//! Remove what never holds article text or metadata before the page is
//! parsed: scripts (but JSON-LD), styles, inline SVG and comments. On news
//! pages these are often half the bytes, and the HTML parser would scan them
//! character by character. Also cut a tag's attributes after the first
//! [`MAX_ATTRIBUTES`]: html5ever compares each new attribute with all the
//! earlier ones of its tag, so a tag with 100,000 attributes took minutes.

use memchr::memchr;

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
        } else if starts_tag(rest, b"svg") {
            Some(close_of(bytes, i + 4, b"svg"))
        } else if rest.first().is_some_and(u8::is_ascii_alphabetic) {
            // Any other start tag: walk its attributes; past the limit, the
            // rest of the tag goes.
            let (end, cut) = scan_tag(bytes, i);
            if let Some(cut) = cut {
                let buf = out.get_or_insert_with(|| String::with_capacity(html.len()));
                buf.push_str(&html[copied..cut]);
                buf.push('>');
                copied = end;
            }
            at = end.max(i + 1);
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

/// Walk the start tag opening at `i` (`<` then a letter): the byte after
/// its `>` (or the end of the page), and, when it has more than
/// [`MAX_ATTRIBUTES`] attributes, where the first one past the limit starts
/// (a char boundary: the byte before it is ASCII whitespace).
fn scan_tag(bytes: &[u8], i: usize) -> (usize, Option<usize>) {
    let n = bytes.len();
    let space = |b: u8| b.is_ascii_whitespace();
    let mut j = i + 1;
    while j < n && !space(bytes[j]) && bytes[j] != b'>' && bytes[j] != b'/' {
        j += 1;
    }
    let mut count = 0usize;
    let mut cut = None;
    loop {
        while j < n && (space(bytes[j]) || bytes[j] == b'/') {
            j += 1;
        }
        if j >= n {
            return (n, cut);
        }
        if bytes[j] == b'>' {
            return (j + 1, cut);
        }
        count += 1;
        if count > MAX_ATTRIBUTES && cut.is_none() {
            cut = Some(j);
        }
        // The name, then an optional `= value`.
        while j < n && !space(bytes[j]) && !matches!(bytes[j], b'=' | b'>' | b'/') {
            j += 1;
        }
        while j < n && space(bytes[j]) {
            j += 1;
        }
        if j < n && bytes[j] == b'=' {
            j += 1;
            while j < n && space(bytes[j]) {
                j += 1;
            }
            match bytes.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    j = memchr(q, &bytes[j + 1..]).map_or(n, |e| j + 1 + e + 1);
                }
                _ => {
                    while j < n && !space(bytes[j]) && bytes[j] != b'>' {
                        j += 1;
                    }
                }
            }
        }
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
    fn a_tag_keeps_its_first_attributes_only() {
        let mut attrs = String::new();
        for i in 0..1000 {
            attrs.push_str(&format!(" data-x{i}=\"v > {i}\""));
        }
        let html = format!("<p class='a b'>Before</p><article{attrs}>Text</article>");
        let out = strip_inert(&html);
        assert!(
            out.contains("data-x255=\"v > 255\" >Text</article>"),
            "{}",
            &out[out.len() - 80..]
        );
        assert!(!out.contains("data-x256"));
        assert!(out.starts_with("<p class='a b'>Before</p>"));
        // Few attributes: nothing copied.
        let small = "<a href=\"/x\" title='t > u'>link</a>";
        assert!(matches!(strip_inert(small), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn unclosed_elements_run_to_the_end() {
        assert_eq!(strip_inert("<p>a</p><script>never closed <p>"), "<p>a</p> ");
        assert_eq!(strip_inert("<p>a</p><!-- open"), "<p>a</p> ");
        // Multi-byte text around removed markup stays whole.
        assert_eq!(strip_inert("é<style>x</style>ü"), "é ü");
    }
}
