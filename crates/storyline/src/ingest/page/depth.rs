//! Bound how deeply elements nest before the page is parsed. An HTML tree
//! builder checks the open elements' stack for every start and end tag
//! ("is a `p` in button scope?"), so a page of 20,000 nested `div`s costs
//! 20,000 × 20,000 steps: minutes for a megabyte. Real pages nest a few dozen
//! deep; browsers stop nesting at 512 (Chromium's parser reparents deeper
//! elements). Start tags beyond [`MAX_DEPTH`] open elements are dropped with
//! their end tags, so their content joins the element at the limit: the text
//! stays, only the excess structure goes.
//!
//! Only elements that must be closed explicitly count: void elements (`br`,
//! `img`) never open, and those whose end tag may be left out (`p`, `li`,
//! `td`, `option`, ...) would make a count on a sloppy page climb forever. An
//! end tag closes the nearest open element of its name among the top
//! [`SEARCH`] entries, as a parser would; a stray one changes nothing.

use memchr::memchr;

/// Open elements kept; deeper start tags are dropped.
pub const MAX_DEPTH: usize = 512;

/// How far down the stack an end tag looks for its element.
const SEARCH: usize = 16;

/// Elements that never have content or whose end tag may be omitted, and
/// raw-text elements (handled apart): none of them is counted.
const NOT_COUNTED: &[&[u8]] = &[
    b"area",
    b"base",
    b"br",
    b"col",
    b"embed",
    b"hr",
    b"img",
    b"input",
    b"link",
    b"meta",
    b"source",
    b"track",
    b"wbr",
    b"param",
    b"keygen",
    b"frame",
    b"p",
    b"li",
    b"dt",
    b"dd",
    b"tr",
    b"td",
    b"th",
    b"thead",
    b"tbody",
    b"tfoot",
    b"option",
    b"optgroup",
    b"colgroup",
    b"caption",
    b"rb",
    b"rt",
    b"rp",
    b"rtc",
    b"html",
    b"head",
    b"body",
    b"image",
];

/// Elements whose content is text up to their end tag, not markup.
const RAW_TEXT: &[&[u8]] = &[
    b"script",
    b"style",
    b"textarea",
    b"title",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
];

/// `html` with start tags nested deeper than [`MAX_DEPTH`] (and their end
/// tags) replaced by a space; borrowed when nothing is that deep.
pub fn bound_depth(html: &str) -> std::borrow::Cow<'_, str> {
    let bytes = html.as_bytes();
    let n = bytes.len();
    // Open counted elements: (name key, dropped).
    let mut open: Vec<(u64, bool)> = Vec::new();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut at = 0;
    while let Some(i) = memchr(b'<', &bytes[at..]).map(|i| i + at) {
        let end_tag = bytes.get(i + 1) == Some(&b'/');
        let name_start = if end_tag { i + 2 } else { i + 1 };
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            if bytes[i + 1..].starts_with(b"!--") {
                at = memchr::memmem::find(&bytes[i..], b"-->").map_or(n, |e| i + e + 3);
            } else {
                at = i + 1;
            }
            if at >= n {
                break;
            }
            continue;
        }
        let mut name_end = name_start;
        while name_end < n
            && !matches!(
                bytes[name_end],
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>'
            )
        {
            name_end += 1;
        }
        let name = &bytes[name_start..name_end];
        let tag_end = tag_end(bytes, name_end);
        let mut drop = false;
        if end_tag {
            let key = key(name);
            let top = open.len();
            let found = (top.saturating_sub(SEARCH)..top)
                .rev()
                .find(|&k| open[k].0 == key);
            if let Some(k) = found {
                drop = open[k].1;
                open.truncate(k);
            }
        } else if RAW_TEXT.iter().any(|r| name.eq_ignore_ascii_case(r)) {
            // Skip to the end tag: what is inside is not markup.
            at = raw_text_end(bytes, tag_end, name);
            if at >= n {
                break;
            }
            continue;
        } else if !NOT_COUNTED.iter().any(|r| name.eq_ignore_ascii_case(r)) {
            // `<div/>` opens a div all the same in HTML.
            drop = open.len() >= MAX_DEPTH;
            open.push((key(name), drop));
        }
        if drop {
            let buf = out.get_or_insert_with(|| String::with_capacity(n));
            buf.push_str(&html[copied..i]);
            buf.push(' ');
            copied = tag_end;
        }
        at = tag_end;
        if at >= n {
            break;
        }
    }
    match out {
        None => std::borrow::Cow::Borrowed(html),
        Some(mut buf) => {
            buf.push_str(&html[copied.min(n)..]);
            std::borrow::Cow::Owned(buf)
        }
    }
}

/// A tag name's key, case folded (names longer than 12 bytes may share one,
/// which at worst closes the wrong one of two such elements).
fn key(name: &[u8]) -> u64 {
    let mut k: u64 = name.len() as u64;
    for &b in name.iter().take(12) {
        k = k
            .wrapping_mul(131)
            .wrapping_add(u64::from(b.to_ascii_lowercase()));
    }
    k
}

/// The byte after the `>` that ends the tag whose name ends at `from`
/// (quoted attribute values may hold `>`), or the end of the page.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let n = bytes.len();
    let mut j = from;
    while j < n {
        match bytes[j] {
            b'>' => return j + 1,
            q @ (b'"' | b'\'') if j > 0 && bytes[j - 1] == b'=' => {
                j = memchr(q, &bytes[j + 1..]).map_or(n, |e| j + 1 + e + 1);
            }
            _ => j += 1,
        }
    }
    n
}

/// The byte after `</name>` at or after `from`, or the end of the page.
fn raw_text_end(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut at = from;
    while let Some(i) = memchr::memmem::find(&bytes[at.min(bytes.len())..], b"</").map(|i| i + at) {
        let rest = &bytes[i + 2..];
        if rest.len() >= name.len() && rest[..name.len()].eq_ignore_ascii_case(name) {
            return memchr(b'>', &bytes[i..]).map_or(bytes.len(), |e| i + e + 1);
        }
        at = i + 2;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_are_left_alone() {
        let page = "<html><body><div class=a><p>One<p>Two<ul><li>x<li>y</ul><br><img src=a>\
                    <div><span>z</span></div></div><script>if (a<b) '</div>'</script></body></html>";
        assert!(matches!(bound_depth(page), std::borrow::Cow::Borrowed(_)));
        // Sloppy markup (hundreds of unclosed paragraphs) counts nothing.
        let sloppy = "<div>".to_string() + &"<p>para".repeat(2000) + "</div>";
        assert!(matches!(
            bound_depth(&sloppy),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn nesting_beyond_the_limit_is_flattened_and_the_text_kept() {
        let n = MAX_DEPTH + 300;
        let html =
            "<div>".repeat(n) + "<p>The mayor spoke.</p>" + &"</div>".repeat(n) + "<p>After.</p>";
        let out = bound_depth(&html);
        assert_eq!(out.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(out.matches("</div>").count(), MAX_DEPTH);
        assert!(out.contains("<p>The mayor spoke.</p>"));
        assert!(out.ends_with("<p>After.</p>"));
        // The parser then sees the text once, inside the deepest kept div.
        let doc = dom_query::Document::from(out.as_ref());
        assert_eq!(doc.select("p").length(), 2);
        assert!(doc.select("body").text().contains("The mayor spoke."));
    }

    #[test]
    fn a_slash_does_not_close_an_element_and_quotes_hide_brackets() {
        let html = "<span/>".repeat(MAX_DEPTH + 10) + "x";
        assert_eq!(bound_depth(&html).matches("<span/>").count(), MAX_DEPTH);
        let html = "<div title='a>b'>".repeat(10) + "x";
        assert!(matches!(bound_depth(&html), std::borrow::Cow::Borrowed(_)));
    }
}
