//! Tests of provenance: each attribution names the pass (the rule) that
//! found it.

use super::*;

/// The pass names of the attributions of `text`, in text order.
fn passes(text: &str) -> Vec<&'static str> {
    find_attributions(text)
        .iter()
        .map(|a| a.pass.as_str())
        .collect()
}

#[test]
fn each_attribution_names_the_rule_that_found_it() {
    let cases: &[(&str, &[&str])] = &[
        (
            "\u{201c}We will keep talking,\u{201d} the minister told reporters.",
            &["direct-after"],
        ),
        (
            "\u{201c}We will keep talking,\u{201d} said the minister.",
            &["direct-after-inverted"],
        ),
        (
            "\u{201c}We will keep talking,\u{201d} an angry Hollande retaliated.",
            &["direct-after-verb"],
        ),
        (
            "The minister said: \u{201c}We will keep talking.\u{201d}",
            &["direct-before"],
        ),
        (
            "The general was quoted as saying \u{201c}the border is closed\u{201d}.",
            &["direct-quoted-as"],
        ),
        (
            "The minister said the talks would go on next week.",
            &["reported"],
        ),
        (
            "According to a senior official, the talks would go on next week.",
            &["reported-according"],
        ),
        (
            "As reported by Western Journalism, last year Seattle became the first city to act.",
            &["reported-as-by"],
        ),
        (
            "As NPR\u{2019}s David Welna reported earlier this summer, Kerry has been pushing \
             for a deal.",
            &["reported-as-x"],
        ),
        (
            "The talks would go on next week, the minister said.",
            &["reported-trailing"],
        ),
        (
            "As Vulture put it, \u{201c}Hello, it\u{2019}s the Biebs.\u{201d} He won.",
            &["as-x-put-it"],
        ),
        (
            "Two-thirds support reducing the prison sentences for non-violent crimes.",
            &["poll"],
        ),
        (
            "\u{201c}Maybe we can build a wall around him.\u{201d} \u{2015} Steve Quinlan.",
            &["orphan-byline"],
        ),
        (
            "Washington, star of television\u{2019}s \u{201c}Scandal,\u{201d} thanked Obama for \
             \u{201c}taking these steps to make us ALL safer.\u{201d}",
            &["orphan-inline"],
        ),
        (
            "NY Daily News: Paris Terror Attacks Highlight Threat",
            &["headline"],
        ),
        (
            "In an interview with Fox, Ham made it clear he would not run again.",
            &["framed"],
        ),
        (
            "Pence on Fox\n\nPENCE: Well, look, Mark Cuban has been out there saying tough stuff.",
            &["transcript"],
        ),
        (
            "Asked by Matt Lauer whether she had practiced her speech, she smiled.",
            &["sourceless"],
        ),
        (
            "He insinuated that the plan had failed badly.",
            &["that-clause"],
        ),
        (
            "His attacks on Clinton have grown sharper this month.",
            &["nominal"],
        ),
    ];
    for (text, want) in cases {
        assert_eq!(passes(text), *want, "{text}");
    }
}

#[test]
fn pass_names_are_distinct() {
    let names = [
        Pass::DirectAfterInverted,
        Pass::DirectAfter,
        Pass::DirectAfterLong,
        Pass::DirectAfterVerb,
        Pass::DirectQuotedAs,
        Pass::DirectVerbFirst,
        Pass::DirectBefore,
        Pass::DirectNameColon,
        Pass::DirectClauseColon,
        Pass::Reported,
        Pass::ReportedAccording,
        Pass::ReportedAsBy,
        Pass::ReportedAsX,
        Pass::ReportedInverted,
        Pass::ReportedTrailing,
        Pass::ReportedUnnamed,
        Pass::ReportedBlock,
        Pass::ReportedRelative,
        Pass::Label,
        Pass::Headline,
        Pass::AsXPutIt,
        Pass::Framed,
        Pass::PollShare,
        Pass::Transcript,
        Pass::Sourceless,
        Pass::Poll,
        Pass::ThatClause,
        Pass::Nominal,
        Pass::OrphanBareCue,
        Pass::OrphanByline,
        Pass::OrphanInline,
    ]
    .map(Pass::as_str);
    let mut sorted = names.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), names.len(), "{names:?}");
}
