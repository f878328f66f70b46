//! Tests of direct quotes: quote pairing and attribution from the words
//! before or after a quote.

use super::*;

#[test]
fn quote_then_comma_speaker_said() {
    let a = one("\"We will not back down\", the mayor said.");
    assert_eq!(a.kind, QuoteKind::Direct);
    assert_eq!(a.content, ["We will not back down"]);
    assert_eq!(a.source, s("the mayor"));
    assert_eq!(a.cue, s("said"));
}

#[test]
fn party_and_state_after_the_speaker() {
    let a = one("\u{201c}It is a dog whistle,\u{201d} Rep. Gwen Moore (D-Wis.) said Friday.");
    assert_eq!(a.content, ["It is a dog whistle"]);
    assert_eq!(a.source, s("Rep. Gwen Moore (D-Wis.)"));
    assert_eq!(a.cue, s("said"));
}

#[test]
fn long_appositive_between_quote_and_cue() {
    let a = one(
        "''It is fiscally responsible,'' Leonard E. Burman, director of the centrist \
         Urban-Brookings Tax Policy Center and a professor at the Maxwell School of \
         Syracuse University, said of the plan.",
    );
    assert_eq!(a.kind, QuoteKind::Direct);
    assert_eq!(a.source, s("Leonard E. Burman"));
    assert_eq!(a.cue, s("said"));
}

#[test]
fn partial_quote_with_its_clause_going_on() {
    let a = one(
        "Obama said \u{201c}it gets me mad\u{201d} every time he thinks about the children \
         who were killed.",
    );
    assert_eq!(a.kind, QuoteKind::Reported, "mostly unquoted");
    assert_eq!(
        a.content,
        ["\u{201c}it gets me mad\u{201d} every time he thinks about the children who were killed"]
    );
    let b = one("Sanders says \u{201c}the wind is at our backs despite the loss\u{201d} now.");
    assert_eq!(b.kind, QuoteKind::Direct, "mostly quoted");
    assert_eq!(b.source, s("Sanders"));
}

#[test]
fn verb_opening_the_sentence_before_its_speaker() {
    let a = one("Said Comey, \"The thought that we erred is very painful to us.\"");
    assert_eq!(a.kind, QuoteKind::Direct);
    assert_eq!(a.source, s("Comey"));
    assert_eq!(a.cue, s("Said"));
}

#[test]
fn by_saying_introduces_the_quote() {
    let all = seen(
        "He explained the Drudge headline by saying: \u{201c}It was because I asked for \
         America to pray.\u{201d}",
    );
    let q = all.iter().find(|a| a.cue == s("saying")).expect("saying");
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(q.source, s("He"));
}

#[test]
fn a_show_title_after_a_quote_is_not_its_speaker() {
    let a = one(
        "Christie blasted Clinton as a \u{201c}disgrace\u{201d} Wednesday on The Laura \
         Ingraham Show.",
    );
    assert_eq!(a.source, s("Christie"));
    assert_eq!(a.cue, s("blasted"));
}

#[test]
fn a_name_with_mojibake_or_combining_accents_stays_one_word() {
    // As in PolNeAR's Washington Post text: "A" + U+0303 + U+0083 + "A"
    // + U+0302 + U+00A7 where "ç" was.
    let text = "\"Europe must be able to defend itself,\" French President \
                FranA\u{303}\u{83}A\u{302}\u{a7}ois Hollande said Friday.";
    let a = one(text);
    assert_eq!(
        a.source,
        s("French President FranA\u{303}\u{83}A\u{302}\u{a7}ois Hollande")
    );
}

#[test]
fn going_on_to_say_after_a_quote_takes_the_speaker() {
    let all = seen(
        "\"There is an issue that is bringing the people who voted for me together,\" \
         Sanders said, going on to say that the country has spent \"hundreds of years \
         fighting against racism.\"",
    );
    let say = all.iter().find(|a| a.cue == s("say")).expect("say");
    assert_eq!(say.source, s("Sanders"));
}

#[test]
fn titles_ending_a_sentence_are_not_quotes() {
    assert!(seen("It was the album \u{201c}Born in the U.S.A.\u{201d}").is_empty());
    assert!(seen("He was the star of \u{201c}The Apprentice.\u{201d}").is_empty());
}

#[test]
fn cue_sentence_with_a_long_speaker_before_a_quote() {
    let a = one(
        "Sam Lau, the communications director for the Iowa Democratic Party said in a \
         statement. \u{201c}There are no paper ballots to recount.\u{201d}",
    );
    assert_eq!(a.source, s("Sam Lau"));
    assert_eq!(a.cue, s("said"));
    assert_eq!(a.kind, QuoteKind::Direct);
}

#[test]
fn curly_quote_with_comma_inside() {
    let a = one("\u{201c}The bridge is safe,\u{201d} Jane Holt said.");
    assert_eq!(a.content, ["The bridge is safe"]);
    assert_eq!(a.source, s("Jane Holt"));
    assert_eq!(a.speaker, s("Jane Holt"));
}

#[test]
fn said_before_speaker_after_quote() {
    let a = one("\u{201c}Prices will rise,\u{201d} said Tom Reyes, an economist at the bank.");
    assert_eq!(a.content, ["Prices will rise"]);
    assert_eq!(a.source, s("Tom Reyes"));
    assert_eq!(a.cue, s("said"));
}

#[test]
fn speaker_said_colon_quote() {
    let a = one("The minister said: \u{201c}We are ready.\u{201d}");
    assert_eq!(a.kind, QuoteKind::Direct);
    assert_eq!(a.content, ["We are ready."]);
    assert_eq!(a.source, s("The minister"));
}

#[test]
fn speaker_said_quote_without_colon() {
    let a = one("Mayor Ana Ruiz said \"the budget is balanced\".");
    assert_eq!(a.kind, QuoteKind::Direct);
    assert_eq!(a.content, ["the budget is balanced"]);
    assert_eq!(a.source, s("Mayor Ana Ruiz"));
}

#[test]
fn told_journalists_is_the_cue() {
    let a = one("\u{201c}Talks were useful,\u{201d} a senior official told journalists.");
    assert_eq!(a.cue, s("told journalists"));
    assert_eq!(a.source, s("a senior official"));
}

#[test]
fn was_quoted_as_saying() {
    let a = one("The general was quoted as saying \u{201c}the border is closed\u{201d}.");
    assert_eq!(a.content, ["the border is closed"]);
    assert_eq!(a.cue, s("was quoted as saying"));
    assert_eq!(a.source, s("The general"));
    assert_eq!(a.carrier, None);
}

#[test]
fn fixture_tass_quoted_putin_as_saying() {
    let a = one(
        "\u{201c}Against all odds we have a certain rapprochement\u{201d}, TASS quoted Putin as saying.",
    );
    assert_eq!(
        a.content,
        ["Against all odds we have a certain rapprochement"]
    );
    assert_eq!(a.source, s("Putin"));
    assert_eq!(a.carrier, s("TASS"));
    assert_eq!(a.cue, s("quoted Putin as saying"));
}

#[test]
fn statement_carried_by_an_agency() {
    let a = one(
        "\"It is also planned to consider regional problems\", the Kremlin press service \
         said in a statement carried by the Russian news agency TASS.",
    );
    assert_eq!(a.source, s("the Kremlin press service"));
    assert_eq!(a.carrier, s("TASS"));
}

#[test]
fn kremlin_spokesman_after_quote() {
    let a = one("\u{201c}The leaders met behind closed doors\u{201d}, the Kremlin spokesman said.");
    assert_eq!(a.source, s("the Kremlin spokesman"));
    assert_eq!(a.speaker, s("the Kremlin spokesman"));
}

#[test]
fn added_that_quote() {
    let a = one(
        "The official added that \u{201c}Russia has agreed to work with us\u{201d} on the border.",
    );
    assert_eq!(a.kind, QuoteKind::Direct);
    // The clause goes on after the quote, and its content with it.
    assert_eq!(
        a.content,
        ["\u{201c}Russia has agreed to work with us\u{201d} on the border"]
    );
    assert_eq!(a.cue, s("added"));
}

#[test]
fn interrupted_quote_has_two_spans() {
    let a = one("\u{201c}The deal,\u{201d} he said, \u{201c}is dead.\u{201d}");
    assert_eq!(a.content, ["The deal", "is dead."]);
    assert_eq!(a.source, s("he"));
}

#[test]
fn quote_spanning_sentences() {
    let a = one("\u{201c}We tried. We failed. We will try again,\u{201d} the coach said.");
    assert_eq!(a.content, ["We tried. We failed. We will try again"]);
    assert_eq!(a.source, s("the coach"));
}

#[test]
fn unmatched_quote_stops_at_paragraph_end() {
    let text =
        "The mayor said: \u{201c}We will rebuild the bridge.\n\nThe council meets on Monday.";
    let a = one(text);
    assert_eq!(a.content, ["We will rebuild the bridge."]);
    assert_eq!(a.source, s("The mayor"));
}

#[test]
fn nested_single_quotes_stay_inside() {
    let a = one("\u{201c}He told me \u{2018}never again\u{2019} and left,\u{201d} Ms. Lee said.");
    assert_eq!(
        a.content,
        ["He told me \u{2018}never again\u{2019} and left"]
    );
    assert_eq!(a.source, s("Ms. Lee"));
}

#[test]
fn mismatched_straight_marks() {
    let a = one("The aim is \"peace, and talks \"should go on here,\" the official said.");
    assert_eq!(a.content, ["peace, and talks \"should go on here"]);
    assert_eq!(a.source, s("the official"));
}

#[test]
fn two_apostrophes_are_a_double_mark() {
    let a = one("''He is running a campaign,'' said Senator Tim Scott.");
    assert_eq!(a.content, ["He is running a campaign"]);
    assert_eq!(a.source, s("Senator Tim Scott"));
}

#[test]
fn five_thousand_word_quote() {
    let words = "word ".repeat(5_000);
    let text = format!("\u{201c}{}\u{201d}, the official said.", words.trim_end());
    let a = one(&text);
    assert_eq!(a.content[0].split_whitespace().count(), 5_000);
    assert_eq!(a.source, s("the official"));
}
