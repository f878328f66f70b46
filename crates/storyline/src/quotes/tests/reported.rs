//! Tests of reported speech around cue words.

use super::*;

#[test]
fn went_on_to_say() {
    said(
        "Clinton went on to say that the plan would fail in the long run.",
        "Clinton",
        &["the plan would fail in the long run"],
    );
}

#[test]
fn participle_aside_ends_before_the_main_cue() {
    let all = seen("Trump, noting the crowd size, said, \u{201c}This is the biggest rally ever held here.\u{201d}");
    assert_eq!(all.len(), 2, "{all:#?}");
    let noting = all.iter().find(|a| a.cue == s("noting")).expect("noting");
    assert_eq!(noting.content, ["the crowd size"]);
    let said = all.iter().find(|a| a.cue == s("said")).expect("said");
    assert_eq!(said.kind, QuoteKind::Direct);
    assert_eq!(said.source, s("Trump"));
}

#[test]
fn participle_of_place_is_an_aside_not_a_cue() {
    let a = one(
        "Al Jazeera's Stefanie Dekker, reporting from Sochi, said the press remarks had \
         revealed no new details.",
    );
    assert_eq!(a.cue, s("said"));
    assert_eq!(a.source, s("Al Jazeera's Stefanie Dekker"));
}

#[test]
fn subject_before_a_long_aside_speaks() {
    let all = seen(
        "Gov. John Kasich of Ohio, a Republican who has refused to endorse Mr. Trump, said \
         the Khan family deserved better.",
    );
    let said = all.iter().find(|a| a.cue == s("said")).expect("said");
    assert_eq!(said.source, s("Gov. John Kasich of Ohio"));
    assert_eq!(said.content, ["the Khan family deserved better"]);
    let a = one(
        "On the other side, Sen. Ted Cruz (R-Tex.), a candidate who has made religious \
         liberty a centerpiece of his campaign, tweeted a warning.",
    );
    assert_eq!(a.source, s("Sen. Ted Cruz"));
}

#[test]
fn plain_said_clauses_found_in_polnear_misses() {
    let a = one("But attorneys and legal experts said that is highly unlikely.");
    assert_eq!(
        a.content,
        ["that is highly unlikely"],
        "'that' is the subject"
    );
    let a = one("Sen. Jack Reed (D-R.I.), said on Tuesday that he had not read the plan.");
    assert_eq!(a.source, s("Sen. Jack Reed"));
    let a = one("About four in 10 said they were angry with the government.");
    assert_eq!(a.source, s("About four in 10"));
}

#[test]
fn later_cue_with_its_own_content_leaves_the_quote_to_the_earlier_one() {
    let all = seen(
        "Trump claimed on Tuesday that \u{201c}General Petraeus got in trouble for far \
         less,\u{201d} one of the former prosecutors said the two cases were different.",
    );
    let claimed = all.iter().find(|a| a.cue == s("claimed")).expect("claimed");
    assert_eq!(claimed.kind, QuoteKind::Direct);
    assert_eq!(
        claimed.content,
        ["General Petraeus got in trouble for far less"]
    );
    let said = all.iter().find(|a| a.cue == s("said")).expect("said");
    assert_eq!(said.content, ["the two cases were different"]);
}

#[test]
fn asides_between_dashes_and_block_quotes() {
    said(
        "The Supreme Court justice -- who has been in a scuffle with the nominee over \
         the past few days -- said she regretted her remarks.",
        "The Supreme Court justice",
        &["she regretted her remarks"],
    );
    let a = one(
        "Rep. Elijah Cummings (D-Md.), chair of the platform committee, said Clinton \
         did not appear concerned.",
    );
    assert_eq!(a.source, s("Rep. Elijah Cummings"));
    said(
        "In a speech last July, he said:\n\nLet no one be mistaken, his candidacy is a cancer.",
        "he",
        &["Let no one be mistaken, his candidacy is a cancer"],
    );
}

#[test]
fn contracted_pronoun_speaks() {
    let text = "Hillary Clinton spoke in Ohio. She\u{2019}s said that the plan would fail.";
    let a = one(text);
    assert_eq!(a.source, s("She"));
    assert_eq!(a.speaker, s("Hillary Clinton"));
    assert_eq!(a.content, ["the plan would fail"]);
}

#[test]
fn second_speaker_clause_ends_the_first_content() {
    let all = seen(
        "Although he acknowledged that the event was tragic, he maintained that it does not \
         change his past statements.",
    );
    let ack = all
        .iter()
        .find(|a| a.cue == s("acknowledged"))
        .expect("acknowledged");
    assert_eq!(ack.content, ["the event was tragic"]);
    let kept = all
        .iter()
        .find(|a| a.cue == s("maintained"))
        .expect("maintained");
    assert_eq!(kept.content, ["it does not change his past statements"]);
}

#[test]
fn new_speaker_with_a_quote_ends_the_reported_clause() {
    let all = seen(
        "She said fathers would not be eligible, and when pressed on why the plan leaves \
         out dads, the 34-year-old mother of three replied, \"It is meant to benefit the \
         mother who has given birth.\"",
    );
    let said = all.iter().find(|a| a.cue == s("said")).expect("said");
    assert_eq!(
        said.content,
        ["fathers would not be eligible, and when pressed on why the plan leaves out dads"]
    );
    let replied = all.iter().find(|a| a.cue == s("replied")).expect("replied");
    assert_eq!(replied.source, s("the 34-year-old mother of three"));
}

#[test]
fn verbs_naming_a_label_or_urging() {
    let all = seen(
        "Obama and Clinton call them \"lone wolves\" and describe their actions as crimes. \
         Cruz exhorted Republicans to \"vote your conscience\" at the convention. Trump \
         took to Twitter overnight to accuse the campaign of being \u{201c}duped.\u{201d}",
    );
    let call = all.iter().find(|a| a.cue == s("call")).expect("call");
    assert_eq!(call.source, s("Obama and Clinton"));
    assert!(all
        .iter()
        .any(|a| a.cue == s("exhorted Republicans") && a.source == s("Cruz")));
    assert!(all
        .iter()
        .any(|a| a.cue == s("accuse") && a.source == s("Trump")));
    // Without a label, "call" reports nothing.
    assert!(seen("I will fight for this great country we call home.").is_empty());
}

#[test]
fn a_time_phrase_after_the_cue_is_not_content() {
    let all = seen(
        "Trump tweeted in the early morning hours that Machado was \u{201c}disgusting\u{201d} \
         and \u{201c}a con\u{201d} and encouraged Americans to look.",
    );
    let tweeted = all.iter().find(|a| a.cue == s("tweeted")).expect("tweeted");
    assert_eq!(
        tweeted.content,
        ["Machado was \u{201c}disgusting\u{201d} and \u{201c}a con\u{201d}"]
    );
    assert_eq!(tweeted.kind, QuoteKind::Direct);
}

#[test]
fn a_thousands_separator_does_not_end_the_content() {
    let a = one(
        "The State Department has said 2,093 of Clinton's released emails were redacted in \
         all or part.",
    );
    assert_eq!(
        a.content,
        ["2,093 of Clinton's released emails were redacted in all or part"]
    );
}

#[test]
fn a_cue_word_modifying_a_noun_is_no_cue() {
    let all = seen("Several cast members said Trump had one contestant twirl before him.");
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0].cue, s("said"));
}

#[test]
fn a_clause_opening_with_and_from_or_is_is_no_content() {
    finds_nothing(&[
        "Sanders endorsed and has fundraised for her primary challenger in Florida.",
        "Ryan Grim reported from Washington, D.C.",
        "The award show is undoubtedly one of the best displays of talent.",
    ]);
}

#[test]
fn an_opening_participle_clause_belongs_to_the_main_subject() {
    said(
        "Days after insisting the deal was dead, the White House reversed course.",
        "the White House",
        &["the deal was dead"],
    );
    said(
        "After saying the plan would fail, Clinton left the stage.",
        "Clinton",
        &["the plan would fail"],
    );
}

#[test]
fn a_span_of_time_before_the_cue_is_skipped() {
    said(
        "The State Department less than two weeks ago said for the first time that the \
         intelligence had passed through the server.",
        "The State Department",
        &["the intelligence had passed through the server"],
    );
}

#[test]
fn a_listener_or_a_yardstick_is_not_what_was_said() {
    finds_nothing(&[
        "The president spoke to reporters for seven minutes outside the White House.",
        "Spending rose 4 percent, compared with 2 percent in 2012.",
        "The real Trump showed up at the debate.",
    ]);
}

#[test]
fn plural_roles_can_name_a_label() {
    let a = one("His surrogates called him ''a genius'' for his tax avoidance strategies.");
    assert_eq!(a.source, s("His surrogates"));
    assert_eq!(a.cue, s("called"));
}

#[test]
fn a_subject_stops_before_its_verb_and_object() {
    let a = one("The committee filed a complaint, claiming that Mills had a conflict of interest.");
    assert_eq!(a.source, s("The committee"));
    let b = one("His campaign sent out a text message saying the race was close.");
    assert_eq!(b.source, s("His campaign"));
}

#[test]
fn a_leading_participle_speaks_for_the_main_subject() {
    let all = seen(
        "Claiming the criticism of Lauer is designed to pressure the moderators, Trump told \
         Fox that the press was unfair.",
    );
    let claiming = all
        .iter()
        .find(|a| a.cue == s("Claiming"))
        .expect("Claiming");
    assert_eq!(claiming.source, s("Trump"));
    assert_eq!(
        claiming.content,
        ["the criticism of Lauer is designed to pressure the moderators"]
    );
    // A participle of place is no attribution.
    let speaking = seen("Speaking at a rally in Ohio, Trump said the press was unfair.");
    assert!(
        speaking.iter().all(|a| a.cue != s("Speaking")),
        "{speaking:?}"
    );
}

#[test]
fn a_relative_clause_with_its_own_speaker_ends_the_content() {
    let all = seen(
        "The U.N. called an emergency meeting to discuss the test, which state news media \
         claimed now allows Pyongyang to produce nuclear warheads.",
    );
    let called = all.iter().find(|a| a.cue == s("called")).expect("called");
    assert_eq!(called.content, ["an emergency meeting to discuss the test"]);
    assert!(all.iter().any(|a| a.cue == s("claimed")), "{all:?}");
}

#[test]
fn a_clause_after_said_is_content_not_an_inverted_speaker() {
    said(
        "Donna Sampson Rawlings, 59, of Ashton, Md., who watched the ceremony on a screen on \
         the Mall, said the event brought back memories of her father.",
        "Donna Sampson Rawlings",
        &["the event brought back memories of her father"],
    );
    // An inverted speaker still is one.
    let b = one(
        "The big Nucor steel plant is under intense pressure from Asian imports, said the \
         company's chief executive, John J. Ferriola.",
    );
    assert_eq!(b.cue, s("said"));
    assert!(b
        .source
        .is_some_and(|x| x.starts_with("the company's chief executive")));
}

#[test]
fn hoping_and_eager_take_their_subject_across_the_auxiliary() {
    said(
        "Clinton is hoping that she wins Ohio.",
        "Clinton",
        &["she wins Ohio"],
    );
    said(
        "Republicans are eager to move past the fight over the nomination.",
        "Republicans",
        &["to move past the fight over the nomination"],
    );
}

#[test]
fn states_of_mind_with_a_that_clause() {
    said(
        "Clinton is convinced that she will win Ohio.",
        "Clinton",
        &["she will win Ohio"],
    );
    let b = one("Aides remain confident that the plan will pass.");
    assert_eq!(b.source, s("Aides"));
    assert_eq!(b.cue, s("confident"));
    // Without a clause, a state of mind reports nothing.
    finds_nothing(&["He was confident in his chances."]);
}

#[test]
fn infinitives_that_still_report_speech() {
    let a = one("The debate was so calm that Mr. Trump was prompted to say, \u{201c}I cannot believe how civil it is.\u{201d}");
    assert_eq!(a.source, s("Mr. Trump"));
    assert_eq!(a.kind, QuoteKind::Direct);
    let a = one("Hillary Clinton took to Twitter to say thanks to everyone who turned out.");
    assert_eq!(a.source, s("Hillary Clinton"));
    assert_eq!(a.cue, s("say"));
    // Declining to say is no statement.
    assert!(seen("He declined to say whether he would run.")
        .iter()
        .all(|a| a.cue != s("say")));
}

#[test]
fn thinking_verbs_take_a_clause_with_a_plain_subject() {
    said(
        "Clinton strategists think women are likely to be the key to a victory.",
        "Clinton strategists",
        &["women are likely to be the key to a victory"],
    );
    assert!(seen("They think highly of the plan.").is_empty());
}

#[test]
fn cue_inside_a_relative_clause() {
    said(
        "The FBI opened a probe the law enforcement agency said was ongoing as of this month.",
        "the law enforcement agency",
        &["was ongoing as of this month"],
    );
}

#[test]
fn show_named_after_the_cue_is_not_content() {
    let a = one(
        "The plan will fail, he said Wednesday on CNN\u{2019}s \u{201c}State of the Union.\u{201d}",
    );
    assert_eq!(a.content, ["The plan will fail"]);
    assert_eq!(a.source, s("he"));
}

#[test]
fn plural_before_of_and_place_before_a_participle() {
    let a =
        one("Several supporters of reform said it is more realistic to keep some superdelegates.");
    assert_eq!(a.source, s("Several supporters of reform"));
    let all = seen(
        "Trump\u{2019}s excesses are sickening, Hollande said Tuesday in Paris, noting the crowd.",
    );
    let said = all.iter().find(|a| a.cue == s("said")).expect("said");
    assert_eq!(said.content, ["Trump\u{2019}s excesses are sickening"]);
}

#[test]
fn fixture_toner_said() {
    let a = one("\u{201c}What we are looking at is a clear path forward\u{201d}, Toner said.");
    assert_eq!(
        a.content,
        ["What we are looking at is a clear path forward"]
    );
    assert_eq!(a.source, s("Toner"));
}

#[test]
fn according_to_opening_the_sentence() {
    let a = one("According to the Foreign Ministry, the ministers will meet on Thursday.");
    assert_eq!(a.kind, QuoteKind::Reported);
    assert_eq!(a.cue, s("According to"));
    assert_eq!(a.source, s("the Foreign Ministry"));
    assert_eq!(a.content, ["the ministers will meet on Thursday"]);
}

#[test]
fn according_to_closing_the_sentence() {
    let a = one("The talks will resume next week, according to a senior administration official.");
    assert_eq!(a.content, ["The talks will resume next week"]);
    assert_eq!(a.source, s("a senior administration official"));
}

#[test]
fn reported_speech_with_said() {
    let a = one("The official said the U.S. was eager to find an agreement quickly.");
    assert_eq!(a.kind, QuoteKind::Reported);
    assert_eq!(a.source, s("The official"));
    assert_eq!(
        a.content,
        ["the U.S. was eager to find an agreement quickly"]
    );
}

#[test]
fn reported_speech_trailing_cue() {
    let a = one("The two leaders used the talk to clarify sticking points, the official said.");
    assert_eq!(
        a.content,
        ["The two leaders used the talk to clarify sticking points"]
    );
    assert_eq!(a.source, s("the official"));
}

#[test]
fn told_listener_that() {
    let a = one("Erdogan told Putin that the two countries could change the region.");
    assert_eq!(a.cue, s("told Putin"));
    assert_eq!(a.source, s("Erdogan"));
    assert_eq!(a.content, ["the two countries could change the region"]);
}

#[test]
fn denied_and_warned() {
    let a = one("Putin has denied his government was involved.");
    assert_eq!(a.cue, s("denied"));
    assert_eq!(a.source, s("Putin"));
    assert_eq!(a.content, ["his government was involved"]);
    let b = one("The senator warned that the deal would collapse.");
    assert_eq!(b.cue, s("warned"));
    assert_eq!(b.content, ["the deal would collapse"]);
}

#[test]
fn described_as_partial_quotes() {
    let a = one("Obama described the talk as \u{201c}candid\u{201d} and \u{201c}blunt\u{201d}.");
    assert_eq!(a.kind, QuoteKind::Direct);
    assert_eq!(a.content, ["candid", "blunt"]);
    assert_eq!(a.cue, s("described"));
    assert_eq!(a.source, s("Obama"));
}

#[test]
fn partial_quote_inside_reported_clause() {
    let a = one("Trump said he had \"good\" talks on Syria with Putin.");
    assert_eq!(a.kind, QuoteKind::Reported);
    assert_eq!(a.content, ["he had \"good\" talks on Syria with Putin"]);
}

#[test]
fn as_x_reported() {
    said("As NPR\u{2019}s David Welna reported earlier this summer, Kerry has been pushing for a deal.", "NPR\u{2019}s David Welna", &["Kerry has been pushing for a deal"]);
}

#[test]
fn learned_cue_verb() {
    let a = one("Sanders railed against the trade deal on Tuesday.");
    assert_eq!(a.cue, s("railed"));
    assert_eq!(a.source, s("Sanders"));
    assert_eq!(a.content, ["against the trade deal on Tuesday"]);
}

#[test]
fn relative_who_is_the_source() {
    let a =
        one("The plan was praised by Senator Mike Lee, who declared that it was time to unite.");
    assert_eq!(a.source, s("who"));
    assert_eq!(a.speaker, s("Senator Mike Lee"));
    assert_eq!(a.content, ["it was time to unite"]);
}

#[test]
fn think_takes_a_clause_without_that() {
    said(
        "Economists think the progress on climate change is real.",
        "Economists",
        &["the progress on climate change is real"],
    );
    assert!(seen("They think so.").is_empty());
}

#[test]
fn adding_that_takes_the_subject() {
    let all = seen("The minister said the talks went well, adding that a deal was close.");
    assert_eq!(all.len(), 2, "{all:#?}");
    assert_eq!(all[0].content, ["the talks went well"]);
    assert_eq!(all[1].cue, s("adding"));
    assert_eq!(all[1].source, s("The minister"));
    assert_eq!(all[1].content, ["a deal was close"]);
}
