//! Tests of quotes no cue attributed (continued, bylined, inline) and of
//! speaker resolution.

use super::*;

#[test]
fn bar_dash_byline_on_the_quote_line() {
    let a = one("\u{201c}Maybe we can build a wall around him.\u{201d} \u{2015} Steve Quinlan.");
    assert_eq!(a.kind, QuoteKind::Direct);
    assert_eq!(a.source, s("Steve Quinlan"));
}

#[test]
fn quote_going_on_after_an_aside_joins_the_first_quote() {
    let all = seen(
        "\u{201c}We are five right now,\u{201d} Nega said, introducing me to his comrades from \
         Dallas. \u{201c}Another is returning here tomorrow morning.\u{201d}",
    );
    let first = all.iter().find(|a| a.cue == s("said")).expect("said");
    assert_eq!(
        first.content,
        [
            "We are five right now",
            "Another is returning here tomorrow morning."
        ]
    );
}

#[test]
fn quote_after_a_sentence_without_a_usable_cue_goes_on() {
    let a = one(
        "\"We have had problems with cyber intrusions from Russia,\" Obama said after \
         meeting Putin. He didn't suggest retaliation. \"Our goal is not to duplicate a \
         cycle of escalation.\"",
    );
    assert_eq!(a.source, s("Obama"));
    assert_eq!(a.content.len(), 2);
}

#[test]
fn a_quote_with_neither_speaker_nor_cue_is_no_attribution() {
    let all = seen(
        "The referendum passed with 56 percent of the vote.\n\n\u{201c}Stop mass \
         naturalization, Yes to naturalization initiative\u{201d} (2008) was the next one.",
    );
    assert!(all.is_empty(), "{all:?}");
    // With a bare cue before it, the quote has its speaker.
    let a = one("Phil Musser agreed. \u{201c}It is a very strong field this year.\u{201d}");
    assert_eq!(a.source, s("Phil Musser"));
}

#[test]
fn pronouns_skip_people_of_the_other_sex() {
    let text = "Melania Trump spoke to NBC News. Asked by Matt Lauer whether she had \
                practiced her speech, she said she read it once over.";
    let said = seen(text)
        .into_iter()
        .find(|a| a.cue == s("said"))
        .expect("said");
    assert_eq!(said.source, s("she"));
    assert_eq!(said.speaker, s("Melania Trump"));
    let text = "Mrs. Clinton met Bernie Sanders. He said the race was not over.";
    assert_eq!(one(text).speaker, s("Bernie Sanders"));
}

#[test]
fn quote_continuing_in_next_sentence() {
    let a = one("\u{201c}We won,\u{201d} she said. \u{201c}Now we rest.\u{201d}");
    assert_eq!(a.content, ["We won", "Now we rest."]);
}

#[test]
fn pronoun_resolves_to_last_person() {
    let text = "Russian President Vladimir Putin met the press in Sochi. \u{201c}We are ready,\u{201d} he said.";
    let a = one(text);
    assert_eq!(a.source, s("he"));
    assert_eq!(a.speaker, s("Vladimir Putin"));
}

#[test]
fn fixture_the_official_resolves_to_full_description() {
    let text = "\u{201c}This statement builds on months of talks,\u{201d} a senior US State \
                Department official told journalists.\n\nThe official added that the talks were hard.";
    let all = seen(text);
    assert_eq!(all.len(), 2, "{all:#?}");
    assert_eq!(all[1].source, s("The official"));
    assert_eq!(all[1].speaker, s("a senior US State Department official"));
}

#[test]
fn inline_quote_after_uncued_verb() {
    let a = one("Washington, star of television’s “Scandal,” thanked Obama for “taking these steps to make us ALL safer.”");
    assert_eq!(a.kind, QuoteKind::Direct);
    assert_eq!(a.source, s("Washington"));
    assert_eq!(a.content, ["taking these steps to make us ALL safer."]);
}

#[test]
fn short_inline_quote_is_reported() {
    let a = one("He ended the speech with “a promise to keep fighting” for workers.");
    assert_eq!(a.kind, QuoteKind::Reported);
    assert_eq!(a.source, s("He"));
}
