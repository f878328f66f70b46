//! Property tests of the parsers (issue 14): on any input, no panic, and
//! what is read keeps its promises. The case count is bounded so that CI
//! stays fast; `PROPTEST_CASES=100000 cargo test -p storyline --test
//! properties` runs a longer search.

use proptest::prelude::*;
use storyline::ingest::{parse_html, parse_jsonl, parse_published, parse_txt};
use storyline::segment::split_sentences;

fn config() -> ProptestConfig {
    // PROPTEST_CASES, when set, wins over this default.
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text that looks like news and like its hazards: words, abbreviations,
/// initials, numbers, quotes of every kind, brackets, line breaks.
fn newsy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("The".to_string()),
        Just("mayor".to_string()),
        Just("said".to_string()),
        Just("U.S.".to_string()),
        Just("Mr.".to_string()),
        Just("J. R.".to_string()),
        Just("3.5".to_string()),
        Just("No. 10".to_string()),
        Just(".".to_string()),
        Just("?!".to_string()),
        Just("...".to_string()),
        Just("\"".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("``".to_string()),
        Just("''".to_string()),
        Just("'".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("—".to_string()),
        Just("Путин".to_string()),
        Just("北京。".to_string()),
        "[a-zA-Z]{1,8}",
        "\\PC{0,4}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn sentences_are_ordered_trimmed_and_cover_every_visible_character(text in newsy()) {
        let spans = split_sentences(&text);
        let mut covered = 0;
        let mut last_end = 0;
        for r in &spans {
            prop_assert!(r.start < r.end && r.end <= text.len());
            prop_assert!(r.start >= last_end, "overlap at {:?}", r);
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            let s = &text[r.clone()];
            prop_assert_eq!(s.trim(), s);
            covered += s.chars().filter(|c| !c.is_whitespace()).count();
            last_end = r.end;
        }
        prop_assert_eq!(covered, text.chars().filter(|c| !c.is_whitespace()).count());
    }

    #[test]
    fn jsonl_never_panics_and_names_a_line_for_what_it_drops(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let (articles, diags) = parse_jsonl("any.jsonl", &bytes);
        for d in &diags {
            prop_assert_eq!(d.path.as_str(), "any.jsonl");
        }
        prop_assert!(!articles.is_empty() || !diags.is_empty(), "nothing read and nothing said");
    }

    #[test]
    fn every_jsonl_article_is_read_back_with_its_id_title_and_text(
        rows in prop::collection::vec(("[a-z0-9]{1,6}", "\\PC{1,40}", "\\PC{0,200}"), 1..8)
    ) {
        let mut lines = String::new();
        for (k, (id, title, text)) in rows.iter().enumerate() {
            let text = format!("Body {k}. {text}");
            let row = serde_json::json!({"id": format!("{id}-{k}"), "title": title, "text": text});
            lines.push_str(&row.to_string());
            lines.push('\n');
        }
        let (articles, diags) = parse_jsonl("rows.jsonl", lines.as_bytes());
        prop_assert_eq!(articles.len(), rows.len(), "{:?}", diags);
        for (k, (a, (id, title, text))) in articles.iter().zip(&rows).enumerate() {
            prop_assert_eq!(&a.id, &format!("{id}-{k}"));
            prop_assert_eq!(a.line_or_zero(), k + 1);
            if !title.trim().is_empty() {
                prop_assert_eq!(&a.title, title.trim());
            }
            let body = format!("Body {k}. {text}").replace("\r\n", "\n").replace('\r', "\n");
            prop_assert_eq!(&a.text, &body);
        }
    }

    #[test]
    fn text_files_with_front_matter_never_panic(head in "(---\n)?([a-z]{1,6}: \\PC{0,20}\n){0,4}(---\n)?", body in newsy()) {
        let input = format!("{head}{body}");
        let (article, _) = parse_txt("a.txt", "a", input.as_bytes());
        if let Some(a) = article {
            prop_assert!(!a.text.trim().is_empty());
            prop_assert!(!a.title.contains('\n'));
        }
    }

    // (No `<title>` or `<textarea>` in the soup: their content is text by
    // the HTML standard, markup-looking or not.)
    #[test]
    fn tag_soup_never_panics_and_gives_text_without_markup(
        parts in prop::collection::vec(prop_oneof![
            Just("<div>"), Just("</div>"), Just("<p>"), Just("</p>"), Just("<article>"),
            Just("<table><tr><td>"), Just("</td>"), Just("<script>"), Just("</script>"),
            Just("<!--"), Just("-->"), Just("<b><i>"), Just("</b>"), Just("<br>"),
            Just("<meta property='article:published_time' content='2019-11-19'>"),
            Just("<a href='/x'>"), Just("</a>"), Just("<h1>"), Just("</h1>"),
            Just("The mayor announced a new tram line for the city on Tuesday."),
            Just("Opponents said the cost would push up taxes for a decade."),
            Just("&amp;"), Just("&"), Just("<"), Just(">"), Just("\u{0}"),
        ], 0..80)
    ) {
        let page = parts.concat();
        let (article, _) = parse_html("soup.html", "soup", page.as_bytes());
        if let Some(a) = article {
            prop_assert!(!a.text.contains("<p>") && !a.text.contains("<div>"), "{}", a.text);
        }
    }

    #[test]
    fn any_string_parses_as_a_date_or_not_without_panic(s in "\\PC{0,40}") {
        let _ = parse_published(&s);
        let _ = storyline::dates::find_times(&s, None);
    }

    #[test]
    fn every_calendar_day_reads_back_as_itself(y in 1990i16..2100, m in 1i8..=12, d in 1i8..=28) {
        let s = format!("{y:04}-{m:02}-{d:02}");
        let p = parse_published(&s).expect("a valid day");
        prop_assert!(p.date_only);
        prop_assert!(p.at.to_string().starts_with(&s));
    }
}

/// Line of an article's origin (0 when none), for the read-back test.
trait LineOrZero {
    fn line_or_zero(&self) -> usize;
}

impl LineOrZero for storyline::Article {
    fn line_or_zero(&self) -> usize {
        self.origin.line.unwrap_or(0)
    }
}
