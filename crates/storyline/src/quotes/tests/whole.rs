//! Tests of the whole extractor: text order, long inputs in linear time,
//! odd and random inputs.

use super::*;

#[test]
fn results_in_text_order() {
    let text = "Putin said the talks were useful. \u{201c}We agree,\u{201d} Obama said. \
                According to TASS, the ministers will meet again.";
    let found = find_attributions(text);
    assert_eq!(found.len(), 3);
    assert!(found
        .windows(2)
        .all(|w| w[0].content[0].start < w[1].content[0].start));
}

#[test]
fn long_input_runs_in_linear_time() {
    let paragraph = "\u{201c}Talks were useful,\u{201d} he said, \u{201c}and long. Very long\n";
    let text = format!(
        "{}The official said the deal, he said, was done.",
        paragraph.repeat(20_000)
    );
    let start = std::time::Instant::now();
    let found = find_attributions(&text);
    assert!(found.len() >= 20_000);
    // A quadratic pass over ~300,000 tokens would take minutes.
    assert!(start.elapsed().as_secs() < 20);
}

#[test]
fn odd_inputs_do_not_panic() {
    let odd = [
        "",
        " ",
        "\n\n",
        "\"",
        "\u{201c}",
        "\u{201d}",
        "''",
        "'''",
        "\u{ab}\u{bb}",
        "said",
        ", said",
        "said,",
        "\u{201c}\u{201d} he said",
        "\u{201c} \u{201d}, said",
        "he said:",
        ": \u{201c}",
        "according to",
        "According to",
        "quoted as saying",
        "\u{201c}a\u{201d}, ",
        "\u{1f642}\u{201c}\u{65e5}\u{672c}\u{201d}, \u{e9} said.",
        "Mr.",
        "U.S.",
        "(",
        ")",
        "\u{201c}x,\u{201d} \u{2014}",
        "\"a\" \"b\" \"c",
        "\u{2019}s",
        "\r\n\u{201c}a\r\n",
    ];
    for text in odd {
        for a in find_attributions(text) {
            for r in a
                .content
                .iter()
                .chain(&a.cue)
                .chain(&a.source)
                .chain(&a.speaker)
            {
                assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                assert!(r.start <= r.end && r.end <= text.len());
            }
        }
    }
}

#[test]
fn random_inputs_keep_ranges_on_char_boundaries() {
    let pieces = [
        "said",
        "he",
        "the",
        "official",
        "told",
        "according",
        "to",
        "Putin",
        "Mr.",
        "as",
        "saying",
        "quoted",
        ",",
        ".",
        ":",
        "\u{2014}",
        "(",
        ")",
        "\"",
        "\u{201c}",
        "\u{201d}",
        "\u{2018}",
        "\u{2019}",
        "'",
        "''",
        "\u{ab}",
        "\u{bb}",
        "\n",
        " ",
        "\u{e9}",
        "\u{65e5}",
        "\u{1f642}",
        "who",
        "and",
        "In",
        "a",
        "poll",
        "adding",
        "described",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..3_000 {
        let len = next() % 40;
        let mut text = String::new();
        for _ in 0..len {
            let i = usize::try_from(next() % pieces.len() as u64).unwrap_or(0);
            text.push_str(pieces[i]);
            if next() % 2 == 0 {
                text.push(' ');
            }
        }
        for a in find_attributions(&text) {
            for r in a
                .content
                .iter()
                .chain(&a.cue)
                .chain(&a.source)
                .chain(&a.speaker)
            {
                assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                assert!(r.start <= r.end && r.end <= text.len(), "{text:?}");
            }
        }
    }
}
