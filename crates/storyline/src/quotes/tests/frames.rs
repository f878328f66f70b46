//! Tests of the framed statements, transcript turns, unnamed askers, polls
//! and shares of people.

use super::*;

#[test]
fn transcript_turns_have_their_label_as_source() {
    let text = "Pence on Fox\n\n\"PENCE: Well, look, Mark Cuban has been out there saying \
                tough stuff.\n\n\"But the truth is that he has a unique way.\n\n\
                WALLACE: Do you really see those two as equivalent?\n\n\
                VIDEO: the full interview is below.";
    let all = seen(text);
    assert_eq!(all.len(), 2, "{all:#?}");
    assert_eq!(all[0].source, s("PENCE"));
    assert_eq!(all[0].kind, QuoteKind::Direct);
    assert_eq!(
        all[0].content.len(),
        2,
        "the next quoted paragraph continues the turn"
    );
    assert_eq!(all[1].source, s("WALLACE"));
    assert_eq!(all[1].kind, QuoteKind::Reported);
    assert_eq!(
        all[1].content,
        ["Do you really see those two as equivalent?"]
    );
}

#[test]
fn askers_of_questions_and_reports_by_an_outlet() {
    let all = seen(
        "Asked by Matt Lauer whether she had practiced her speech, she said she read it once.",
    );
    let q = all.iter().find(|a| a.cue == s("Asked")).expect("asked");
    assert_eq!(q.source, s("Matt Lauer"));
    assert_eq!(q.content, ["whether she had practiced her speech"]);
    // A topic is not a question: no attribution for the asker.
    let all =
        seen("Asked by CNN\u{2019}s Michelle Kosinski about the meeting, the President smiled.");
    assert!(all.iter().all(|a| a.cue != s("Asked")), "{all:#?}");
    said(
        "As reported by Western Journalism, last year Seattle became the first city to act.",
        "Western Journalism",
        &["last year Seattle became the first city to act"],
    );
    let a = one("Ryan told a news conference they are planting the seeds to accomplish that.");
    assert_eq!(
        a.content,
        ["they are planting the seeds to accomplish that"]
    );
}

#[test]
fn shares_of_people_and_poll_findings() {
    let a = one("Two-thirds support reducing the prison sentences for non-violent crimes.");
    assert_eq!(a.source, s("Two-thirds"));
    assert_eq!(a.cue, s("support"));
    said(
        "Polls there show Trump is trailing Ted Cruz just ahead of the vote.",
        "Polls there",
        &["Trump is trailing Ted Cruz just ahead of the vote"],
    );
    let a = one("In Alabama did a majority of Republicans support deportation of immigrants.");
    assert_eq!(a.source, s("a majority of Republicans"));
    // A person's support is not a poll finding.
    assert!(seen("The senators support the bill in its current form.").is_empty());
}

#[test]
fn as_x_put_it() {
    let a = one(
        "As Ms. Simonyan put it in a statement in July, RT is ''providing a perspective \
         you won't get from the mainstream press.''",
    );
    assert_eq!(a.source, s("Ms. Simonyan"));
    assert_eq!(a.kind, QuoteKind::Direct);
    said(
        "As Vulture put it, \u{201c}Hello, it\u{2019}s the Biebs.\u{201d} He won.",
        "Vulture",
        &["Hello, it\u{2019}s the Biebs"],
    );
}

#[test]
fn an_interview_frames_its_subject_a_poll_speaks_itself() {
    let a = one(
        "In an interview with Trending Today USA, Ham made it clear he had major misgivings \
         about the armed forces.",
    );
    assert_eq!(a.source, s("Ham"));
    let b = one("In a new NBC News poll, 50 percent of voters back the plan.");
    assert_eq!(b.source, s("a new NBC News poll"));
}

#[test]
fn a_moderator_asking_is_the_source_of_the_question() {
    let a = one(
        "Rubio was asked by Fox Business moderator Gerard Baker whether his plan would \
         risk adding another program.",
    );
    assert_eq!(a.source, s("Fox Business moderator Gerard Baker"));
    assert_eq!(a.cue, s("asked"));
}

#[test]
fn a_poll_speaks_for_the_share_of_its_respondents() {
    said(
        "In a New York Times/CBS News survey, 79 percent of Democrats said they were \
         satisfied with the field.",
        "a New York Times/CBS News survey",
        &["79 percent of Democrats said they were satisfied with the field"],
    );
}

#[test]
fn each_share_of_a_poll_has_its_own_preference() {
    let all = seen(
        "Among likely voters, 46 percent would choose Clinton and 44 percent would back \
         Trump, while 5 percent prefer Gary Johnson and 1 percent support Jill Stein.",
    );
    let got: Vec<(Option<String>, Vec<String>)> =
        all.into_iter().map(|a| (a.source, a.content)).collect();
    assert_eq!(
        got,
        [
            (s("46 percent"), vec!["Clinton".to_string()]),
            (s("44 percent"), vec!["Trump".to_string()]),
            (s("5 percent"), vec!["Gary Johnson".to_string()]),
            (s("1 percent"), vec!["Jill Stein".to_string()]),
        ]
    );
}

#[test]
fn headline_says() {
    said(
        "Putin Says He And Obama Took Step Forward On Syria",
        "Putin",
        &["He And Obama Took Step Forward On Syria"],
    );
}
