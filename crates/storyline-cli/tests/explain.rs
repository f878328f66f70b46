//! `storyline extract --explain`: each article's attributions in plain text,
//! with the pass of the extractor that found each one and byte spans.

mod common;

use common::{storyline, text, tmp};

#[test]
fn explain_prints_each_attribution_with_its_pass_and_spans() {
    let path = tmp("talks.txt");
    std::fs::write(
        &path,
        "Talks on the border resume in Geneva\n\n\
         \u{201c}We will keep talking,\u{201d} the minister told reporters on Monday.\n\n\
         According to a senior official, the two sides are close to a deal on the crossings.\n\n\
         President Anna Berg said the agreement would be signed next week. \
         \u{201c}This is a good day,\u{201d} she added.\n",
    )
    .expect("write the article");
    let out = storyline(&["extract", path.to_str().expect("utf-8 path"), "--explain"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let got = text(&out.stdout);
    for line in [
        "== article 1: talks \"Talks on the border resume in Geneva\"",
        "   4 attributions",
        "[1] direct by direct-after",
        "   cue      41..55 \"told reporters\"",
        "   source   28..40 \"the minister\"",
        "   content  3..23 \"We will keep talking\"",
        "[2] reported by reported-according",
        "   cue      68..80 \"According to\"",
        "   source   81..98 \"a senior official\"",
        "   content  100..150 \"the two sides are close to a deal on the crossings\"",
        "[3] reported by reported",
        "   source   153..172 \"President Anna Berg\"",
        "   content  178..217 \"the agreement would be signed next week\"",
        "[4] direct by direct-after",
        "   source   245..248 \"she\"",
        // The pronoun resolved to the name mentioned before it.
        "   speaker  163..172 \"Anna Berg\"",
    ] {
        assert!(
            got.lines().any(|l| l == line),
            "no line {line:?} in:\n{got}"
        );
    }
    // Plain text, not the JSON lines `extract` writes without --explain.
    assert!(!got.contains("\"provenance\""), "{got}");
}
