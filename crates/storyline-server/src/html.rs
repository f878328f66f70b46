//! Small helpers for writing HTML by hand safely: every piece of text goes
//! through [`esc`], every URL piece through [`enc`], and only `http(s)` URLs
//! from the input ever become links ([`safe_url`]).

use std::fmt::Write as _;

/// HTML-escape text for element content and quoted attribute values
/// (`& < > " '`): the library's escaper, the one the HTML report uses, so
/// the project has one. `push_esc` appends to a `String` without one of its
/// own (the pages escape a lot of text, and most of it has nothing to escape).
pub use storyline::report::{html_escape as esc, push_html_escape as push_esc};

/// Percent-encode a path segment or query value: everything but the
/// unreserved characters `A-Z a-z 0-9 - . _ ~` is encoded, so ids holding
/// `#`, `/`, `?` or spaces stay one segment.
pub fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A query string (`?a=1&b=2`, escaped for an attribute) from pairs; empty
/// when there are none.
pub fn query(pairs: &[(&str, String)]) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect();
    format!("?{}", parts.join("&amp;"))
}

/// The URL if it is an absolute `http://` or `https://` URL without spaces,
/// control characters or invisible ones ([`is_invisible`]); anything else
/// (`javascript:`, `data:`, relative, a URL whose shown text a right-to-left
/// override would reorder) is not linked.
pub fn safe_url(url: &str) -> Option<&str> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let scheme_ok = lower.starts_with("http://") || lower.starts_with("https://");
    let clean = !url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || is_invisible(c));
    let has_host = url
        .split_once("//")
        .is_some_and(|(_, rest)| !rest.is_empty() && !rest.starts_with('/'));
    (scheme_ok && clean && has_host).then_some(url)
}

/// Bidirectional-text controls (embeddings, overrides, isolates, marks) and
/// zero-width characters: invisible themselves, and the bidi ones reorder
/// the text around them, so `https://a.example/\u{202E}fdp.exe` shows as
/// `https://a.example/exe.pdf`. Not `char::is_control` (they are format
/// characters, Unicode category Cf).
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// `s` with every invisible character ([`is_invisible`]) and control
/// character shown as `[U+XXXX]`, for text that must be read as it is (a URL
/// that is not linked). Still to be escaped with [`esc`].
pub fn visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_invisible(c) || c.is_control() {
            let _ = write!(out, "[U+{:04X}]", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// The whole page around `body`: viewport meta, style sheet, the header with
/// a search box (`q` its value; `None`: no box, the page has its own form).
/// `title` and `q` are escaped here; `body` must already be HTML.
pub fn page(title: &str, q: Option<&str>, body: &str) -> String {
    page_with_feed(title, q, None, body)
}

/// [`page`] announcing an Atom feed of what it shows (`feed`: its href), so
/// feed readers given the page find it.
pub fn page_with_feed(title: &str, q: Option<&str>, feed: Option<&str>, body: &str) -> String {
    let alternate = match feed {
        Some(href) => format!(
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Atom feed\" href=\"{}\">",
            esc(href)
        ),
        None => String::new(),
    };
    let search = match q {
        Some(q) => format!(
            "<form class=\"search\" action=\"/\" method=\"get\" role=\"search\">\
<input type=\"search\" name=\"q\" value=\"{}\" placeholder=\"Search stories\" aria-label=\"Search stories\">\
<button type=\"submit\">Search</button></form>",
            esc(q)
        ),
        None => String::new(),
    };
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{title} · storyline</title><link rel=\"stylesheet\" href=\"/assets/style.css\">{alternate}</head>\
<body><header class=\"top\"><a class=\"brand\" href=\"/\">storyline</a>{search}\
<nav class=\"site\"><a href=\"/feeds\">Followed feeds</a></nav></header>\
<main>{body}</main>\
<footer><a href=\"/api/openapi.json\">JSON API</a></footer></body></html>\n",
        title = esc(title),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
pub(crate) mod tests {
    use super::*;

    /// The property tests' configuration: 256 cases, so that the suite stays
    /// fast, unless `PROPTEST_CASES` asks for another count (a longer run).
    pub(crate) fn proptest_config() -> proptest::test_runner::Config {
        let mut config = proptest::test_runner::Config::default();
        if std::env::var_os("PROPTEST_CASES").is_none() {
            config.cases = 256;
        }
        config
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc(r#"<img src=x onerror="a('b')">&"#),
            "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;"
        );
    }

    #[test]
    fn push_esc_appends_what_esc_returns() {
        for s in [
            "",
            "plain",
            "&<>\"'",
            "é<ü>&amp;",
            "a'b\"c<d>e&f",
            "日本<語>",
        ] {
            let mut out = String::from("x");
            push_esc(&mut out, s);
            assert_eq!(out, format!("x{}", esc(s)), "{s:?}");
        }
    }

    #[test]
    fn encodes_ids_as_one_segment() {
        assert_eq!(enc("a b#2/?é"), "a%20b%232%2F%3F%C3%A9");
        assert_eq!(enc("000_00deb3.x~-"), "000_00deb3.x~-");
        assert_eq!(
            query(&[("q", "a&b".into()), ("page", "2".into())]),
            "?q=a%26b&amp;page=2"
        );
        assert_eq!(query(&[]), "");
    }

    #[test]
    fn only_http_urls_are_links() {
        assert!(safe_url("https://example.org/a?b=c").is_some());
        assert!(safe_url("HTTP://example.org").is_some());
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,<script>",
            "//example.org",
            "/relative",
            "https://",
            "https:///x",
            "https://a b",
            "https://a\nb",
            "",
            "https://a.example/\u{202E}fdp.exe",
            "https://a.example/\u{2066}x\u{2069}",
            "https://a.example/\u{200F}x",
            "https://a\u{200B}.example/",
        ] {
            assert!(safe_url(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn invisible_characters_are_made_visible() {
        assert_eq!(
            visible("https://a.example/\u{202E}fdp.exe\u{2069}\n"),
            "https://a.example/[U+202E]fdp.exe[U+2069][U+000A]"
        );
        assert_eq!(visible("plain ünïcode"), "plain ünïcode");
        for c in ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}'] {
            assert!(is_invisible(c));
        }
        for c in ['\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}'] {
            assert!(is_invisible(c));
        }
        assert!(!is_invisible('a') && !is_invisible('\u{05D0}'));
    }

    #[test]
    fn page_escapes_title_and_query() {
        let p = page("<script>x</script>", Some("\"><script>"), "<p>ok</p>");
        assert!(!p.contains("<script>"));
        assert!(p.contains("&lt;script&gt;x&lt;/script&gt; · storyline"));
        assert!(p.contains("value=\"&quot;&gt;&lt;script&gt;\""));
        assert!(p.contains("<p>ok</p>"));
        assert!(p.contains("name=\"viewport\""));
        assert!(!page("t", None, "").contains("<form"));
        assert!(p.contains("<a href=\"/feeds\">"));
        assert!(!p.contains("application/atom+xml"));
        let f = page_with_feed("t", None, Some("/feed.atom?q=a&b"), "");
        assert!(f.contains(
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Atom feed\" href=\"/feed.atom?q=a&amp;b\">"
        ));
    }
}
