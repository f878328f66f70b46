use super::*;

fn day(s: &str) -> Date {
    s.parse()
        .unwrap_or_else(|e| panic!("bad test date {s:?}: {e}"))
}

/// Asserts the expressions of `text` (span text and resolution), in order.
fn check(text: &str, published: Option<&str>, want: &[(&str, Option<(&str, &str)>)]) {
    let got: Vec<(&str, Option<DateRange>)> = find_times(text, published.map(day))
        .into_iter()
        .map(|t| (&text[t.span], t.resolved))
        .collect();
    let want: Vec<(&str, Option<DateRange>)> = want
        .iter()
        .map(|&(s, r)| {
            (
                s,
                r.map(|(a, b)| DateRange {
                    start: day(a),
                    end: day(b),
                }),
            )
        })
        .collect();
    assert_eq!(got, want, "text: {text:?}, published: {published:?}");
}

fn one(d: &str) -> Option<(&str, &str)> {
    Some((d, d))
}

#[test]
fn weekday_same_day_counts() {
    check(
        "President Barack Obama and Russian President Vladimir Putin on Monday failed to force a breakthrough",
        Some("2016-09-05"),
        &[("Monday", one("2016-09-05"))],
    );
}

#[test]
fn earlier_this_week() {
    check(
        "The phone conversation followed discussions on Syria between Russian President Vladimir Putin and his US counterpart Barack Obama in China earlier this week",
        Some("2016-09-07"),
        &[("earlier this week", Some(("2016-09-05", "2016-09-07")))],
    );
}

#[test]
fn bare_weekday_is_past() {
    check(
        "Obama met with Russian President Vladimir Putin for about 90 minutes Monday",
        Some("2016-09-07"),
        &[("Monday", one("2016-09-05"))],
    );
}

#[test]
fn future_weekdays_and_carried_tense() {
    check(
        "are expected to meet on Thursday and possibly Friday",
        Some("2016-09-07"),
        &[
            ("Thursday", one("2016-09-08")),
            ("Friday", one("2016-09-09")),
        ],
    );
    check(
        "The two leaders will meet on Thursday, or Friday",
        Some("2016-09-07"),
        &[
            ("Thursday", one("2016-09-08")),
            ("Friday", one("2016-09-09")),
        ],
    );
    // Future on the publication day itself is that day.
    check(
        "Obama will speak on Wednesday",
        Some("2016-09-07"),
        &[("Wednesday", one("2016-09-07"))],
    );
}

#[test]
fn future_cues_and_their_limits() {
    // Published on Monday 2016-09-05.
    check(
        "Russia said on Sunday that Lavrov would meet Kerry on Thursday or Friday",
        Some("2016-09-05"),
        &[
            ("Sunday", one("2016-09-04")),
            ("Thursday", one("2016-09-08")),
            ("Friday", one("2016-09-09")),
        ],
    );
    check(
        "The deal must be signed by Friday; he would not say on Friday why",
        Some("2016-09-05"),
        &[("Friday", one("2016-09-09")), ("Friday", one("2016-09-02"))],
    );
    check(
        "Stocks fell more than expected on Friday, and Obama, who will travel to Laos, met Putin on Monday after talks on Sunday",
        Some("2016-09-06"),
        &[
            ("Friday", one("2016-09-02")),
            ("Monday", one("2016-09-05")),
            ("Sunday", one("2016-09-04")),
        ],
    );
}

#[test]
fn day_range_with_future() {
    check(
        "Trump will host Erdogan on May 16-17 at the White House",
        Some("2017-05-03"),
        &[("May 16-17", Some(("2017-05-16", "2017-05-17")))],
    );
    check(
        "talks from May 16 to 17 in Geneva",
        Some("2017-05-03"),
        &[("May 16 to 17", Some(("2017-05-16", "2017-05-17")))],
    );
    check(
        "a summit on 16-17 May and a visit from May 30 to June 2",
        Some("2017-05-03"),
        &[
            ("16-17 May", Some(("2017-05-16", "2017-05-17"))),
            ("May 30 to June 2", Some(("2017-05-30", "2017-06-02"))),
        ],
    );
}

#[test]
fn month_day_year_inference() {
    check(
        "a goal that has been elusive since he took office on January 20",
        Some("2017-05-03"),
        &[("January 20", one("2017-01-20"))],
    );
    // More than two months ahead: last year's.
    check(
        "the attack on Dec. 26 and the vote on July 4",
        Some("2017-05-03"),
        &[
            ("Dec. 26", one("2016-12-26")),
            ("July 4", one("2016-07-04")),
        ],
    );
    // More than ten months back: next year's.
    check(
        "the inauguration on January 3",
        Some("2016-12-28"),
        &[("January 3", one("2017-01-03"))],
    );
    // Future cue: next occurrence.
    check(
        "the election will be held on March 1",
        Some("2017-05-03"),
        &[("March 1", one("2018-03-01"))],
    );
}

#[test]
fn month_day_forms() {
    check(
        "Jan. 20, Sept. 5, Sep 5, 20 January, the 20th of January and January 20th",
        Some("2017-05-03"),
        &[
            ("Jan. 20", one("2017-01-20")),
            ("Sept. 5", one("2016-09-05")),
            ("Sep 5", one("2016-09-05")),
            ("20 January", one("2017-01-20")),
            ("20th of January", one("2017-01-20")),
            ("January 20th", one("2017-01-20")),
        ],
    );
}

#[test]
fn sept_11_memorial() {
    check(
        "the Sept. 11 memorial ceremony",
        Some("2016-09-12"),
        &[("Sept. 11", one("2016-09-11"))],
    );
}

#[test]
fn month_alone() {
    check(
        "a similar truce agreed on in December",
        Some("2017-05-03"),
        &[("December", Some(("2016-12-01", "2016-12-31")))],
    );
    check(
        "prices have risen since March, and talks resume in early June",
        Some("2017-05-03"),
        &[
            ("March", Some(("2017-03-01", "2017-03-31"))),
            ("June", Some(("2016-06-01", "2016-06-30"))),
        ],
    );
    check(
        "the talks will resume in June",
        Some("2017-05-03"),
        &[("June", Some(("2017-06-01", "2017-06-30")))],
    );
    check(
        "last December, this December, next December, last May, by mid-December",
        Some("2017-05-03"),
        &[
            ("last December", Some(("2016-12-01", "2016-12-31"))),
            ("this December", Some(("2017-12-01", "2017-12-31"))),
            ("next December", Some(("2017-12-01", "2017-12-31"))),
            ("last May", Some(("2016-05-01", "2016-05-31"))),
            ("December", Some(("2016-12-01", "2016-12-31"))),
        ],
    );
}

#[test]
fn last_years_possessive() {
    check(
        "interfering in last year's USA presidential election",
        Some("2017-05-03"),
        &[("last year", Some(("2016-01-01", "2016-12-31")))],
    );
}

#[test]
fn saturday_from_sunday() {
    check(
        "On Saturday, Trump and Putin had a brief on-the-go meeting",
        Some("2017-11-12"),
        &[("Saturday", one("2017-11-11"))],
    );
}

#[test]
fn earlier_this_summer() {
    check(
        "As NPR's David Welna reported earlier this summer",
        Some("2016-09-05"),
        &[("earlier this summer", Some(("2016-06-21", "2016-09-05")))],
    );
    // Outside the season there is nothing "earlier" in it.
    check(
        "as reported earlier this summer",
        Some("2016-05-05"),
        &[("earlier this summer", None)],
    );
    check(
        "last summer, this winter, next spring, this fall",
        Some("2017-01-10"),
        &[
            ("last summer", Some(("2016-06-21", "2016-09-22"))),
            ("this winter", Some(("2016-12-21", "2017-03-19"))),
            ("next spring", Some(("2017-03-20", "2017-06-20"))),
            ("this fall", Some(("2017-09-23", "2017-12-20"))),
        ],
    );
}

#[test]
fn duterte_scheduled_meeting() {
    check(
        "Duterte on Monday warned that Obama should not question him, during a scheduled meeting Tuesday",
        Some("2016-09-05"),
        &[("Monday", one("2016-09-05")), ("Tuesday", one("2016-09-06"))],
    );
}

#[test]
fn impossible_dates() {
    check(
        "on February 30",
        Some("2017-05-03"),
        &[("February 30", None)],
    );
    check(
        "on Feb. 30, 2017",
        Some("2017-05-03"),
        &[("Feb. 30, 2017", None)],
    );
    check(
        "on September 31",
        Some("2017-05-03"),
        &[("September 31", None)],
    );
    check("on 2016-02-30", None, &[("2016-02-30", None)]);
    check("February 30", None, &[("February 30", None)]);
}

#[test]
fn leap_days() {
    check(
        "on Feb. 29, 2016 and Feb. 29, 2017",
        None,
        &[
            ("Feb. 29, 2016", one("2016-02-29")),
            ("Feb. 29, 2017", None),
        ],
    );
    check(
        "on February 29",
        Some("2016-03-10"),
        &[("February 29", one("2016-02-29"))],
    );
    check(
        "on February 29",
        Some("2017-03-10"),
        &[("February 29", None)],
    );
}

#[test]
fn without_publication_date() {
    let t = find_times("Putin spoke on Monday", None);
    assert_eq!(t.len(), 1);
    assert!(t[0].relative);
    assert_eq!(t[0].resolved, None);

    let text = "He took office on January 20, 2017.";
    let t = find_times(text, None);
    assert_eq!(t.len(), 1);
    assert_eq!(&text[t[0].span.clone()], "January 20, 2017");
    assert!(!t[0].relative);
    assert_eq!(t[0].resolved, Some(DateRange::day(day("2017-01-20"))));

    let t = find_times("signed on January 20", None);
    assert_eq!(t.len(), 1);
    assert!(t[0].relative);
    assert_eq!(t[0].resolved, None);
}

#[test]
fn relative_flags() {
    let t = find_times(
        "in 2016, on Monday, in December 2016",
        Some(day("2017-05-03")),
    );
    let flags: Vec<bool> = t.iter().map(|t| t.relative).collect();
    assert_eq!(flags, [false, true, false]);
}

#[test]
fn absolute_dates() {
    check(
        "January 20, 2017; 20 January 2017; Sept. 11, 2001; December 2016; May of 2015",
        Some("2018-01-01"),
        &[
            ("January 20, 2017", one("2017-01-20")),
            ("20 January 2017", one("2017-01-20")),
            ("Sept. 11, 2001", one("2001-09-11")),
            ("December 2016", Some(("2016-12-01", "2016-12-31"))),
            ("May of 2015", Some(("2015-05-01", "2015-05-31"))),
        ],
    );
    check(
        "on 2016-09-05 and 09/05/2016 and May 16-17, 2017",
        None,
        &[
            ("2016-09-05", one("2016-09-05")),
            ("09/05/2016", one("2016-09-05")),
            ("May 16-17, 2017", Some(("2017-05-16", "2017-05-17"))),
        ],
    );
}

#[test]
fn years() {
    check(
        "in 2016, since 2014, by 2020, mid-2016, at the end of 2015, in 2015 and 2016",
        None,
        &[
            ("2016", Some(("2016-01-01", "2016-12-31"))),
            ("2014", Some(("2014-01-01", "2014-12-31"))),
            ("2020", Some(("2020-01-01", "2020-12-31"))),
            ("2016", Some(("2016-01-01", "2016-12-31"))),
            ("2015", Some(("2015-01-01", "2015-12-31"))),
            ("2015", Some(("2015-01-01", "2015-12-31"))),
            ("2016", Some(("2016-01-01", "2016-12-31"))),
        ],
    );
    check(
        "from 2014 to 2016 and in 2015-2016, between 2010 and 2012",
        None,
        &[
            ("2014", Some(("2014-01-01", "2014-12-31"))),
            ("2016", Some(("2016-01-01", "2016-12-31"))),
            ("2015-2016", Some(("2015-01-01", "2016-12-31"))),
            ("2010", Some(("2010-01-01", "2010-12-31"))),
            ("2012", Some(("2012-01-01", "2012-12-31"))),
        ],
    );
}

#[test]
fn numbers_that_are_not_years() {
    for text in [
        "2,000 troops",
        "a 1,750-page report",
        "profit of 1,750 dlrs",
        "in 1000 cases",
        "in 2000 cases",
        "the 2016 election",
        "in 2,016 homes",
        "flight A2016 from Paris",
        "rose 2016% in 2016.5",
        "from 2000 to 3000 people",
        "from 2000 to 3000",
        "between 2000 and 3000 people",
        "in 1990s",
        "the 9/11 attacks",
        "at 10:30 on 5/6",
    ] {
        check(text, Some("2017-05-03"), &[]);
    }
}

#[test]
fn negatives() {
    for text in [
        "Putin may meet Obama",
        "the march on Washington",
        "the March on Washington",
        "May I ask a question?",
        "Theresa May said the vote would go ahead",
        "a speech by May on Brexit",
        "since May took office",
        "confidence in May's leadership",
        "The Sun reported it",
        "the Good Friday Agreement",
        "the Sunday Times reported",
        "the Mail on Sunday said",
        "on Saturday Night Live",
        "the Dec issue",
        "USA Today reported",
        "he told the Today programme",
        "the last year of his term",
        "his last week in office",
        "the next week was busy",
        "prices fell more than expected",
        "the Mondays are busy",
        "April Ryan asked in April Ryan's column",
    ] {
        check(text, Some("2017-05-03"), &[]);
    }
}

#[test]
fn may_the_month() {
    check(
        "in May, since May and June, by May 2018, May 5, early May",
        Some("2017-08-03"),
        &[
            ("May", Some(("2017-05-01", "2017-05-31"))),
            ("May", Some(("2017-05-01", "2017-05-31"))),
            ("June", Some(("2017-06-01", "2017-06-30"))),
            ("May 2018", Some(("2018-05-01", "2018-05-31"))),
            ("May 5", one("2017-05-05")),
            ("May", Some(("2017-05-01", "2017-05-31"))),
        ],
    );
}

#[test]
fn day_words() {
    check(
        "Today, officials said tonight that yesterday and tomorrow, this morning and last night",
        Some("2016-09-05"),
        &[
            ("Today", one("2016-09-05")),
            ("tonight", one("2016-09-05")),
            ("yesterday", one("2016-09-04")),
            ("tomorrow", one("2016-09-06")),
            ("this morning", one("2016-09-05")),
            ("last night", one("2016-09-04")),
        ],
    );
    check(
        "the day before yesterday and the day after tomorrow",
        Some("2016-09-05"),
        &[
            ("day before yesterday", one("2016-09-03")),
            ("day after tomorrow", one("2016-09-07")),
        ],
    );
}

#[test]
fn weeks_and_weekends() {
    // 2016-09-07 is a Wednesday.
    check(
        "this week, last week, next week, later this week, this weekend, last weekend, over the weekend",
        Some("2016-09-07"),
        &[
            ("this week", Some(("2016-09-05", "2016-09-11"))),
            ("last week", Some(("2016-08-29", "2016-09-04"))),
            ("next week", Some(("2016-09-12", "2016-09-18"))),
            ("later this week", Some(("2016-09-07", "2016-09-11"))),
            ("this weekend", Some(("2016-09-10", "2016-09-11"))),
            ("last weekend", Some(("2016-09-03", "2016-09-04"))),
            ("the weekend", Some(("2016-09-03", "2016-09-04"))),
        ],
    );
    check(
        "over the weekend",
        Some("2016-09-11"),
        &[("the weekend", Some(("2016-09-10", "2016-09-11")))],
    );
}

#[test]
fn months_and_years() {
    check(
        "this month, last month, next month, earlier this month, later this month",
        Some("2017-01-15"),
        &[
            ("this month", Some(("2017-01-01", "2017-01-31"))),
            ("last month", Some(("2016-12-01", "2016-12-31"))),
            ("next month", Some(("2017-02-01", "2017-02-28"))),
            ("earlier this month", Some(("2017-01-01", "2017-01-15"))),
            ("later this month", Some(("2017-01-15", "2017-01-31"))),
        ],
    );
    check(
        "This year, last year, next year, earlier this year, later this year",
        Some("2017-05-03"),
        &[
            ("This year", Some(("2017-01-01", "2017-12-31"))),
            ("last year", Some(("2016-01-01", "2016-12-31"))),
            ("next year", Some(("2018-01-01", "2018-12-31"))),
            ("earlier this year", Some(("2017-01-01", "2017-05-03"))),
            ("later this year", Some(("2017-05-03", "2017-12-31"))),
        ],
    );
}

#[test]
fn modified_weekdays() {
    // 2016-09-05 is a Monday.
    check(
        "last Monday, next Monday, this Friday, this past Friday, this coming Monday",
        Some("2016-09-05"),
        &[
            ("last Monday", one("2016-08-29")),
            ("next Monday", one("2016-09-12")),
            ("this Friday", one("2016-09-09")),
            ("this past Friday", one("2016-09-02")),
            ("this coming Monday", one("2016-09-12")),
        ],
    );
    check(
        "Last Tuesday he resigned",
        Some("2016-09-07"),
        &[("Last Tuesday", one("2016-09-06"))],
    );
}

#[test]
fn counts() {
    check(
        "two days ago, 3 days later, a week ago, A month ago, five years earlier, 1 day later",
        Some("2016-09-05"),
        &[
            ("two days ago", one("2016-09-03")),
            ("3 days later", one("2016-09-08")),
            ("a week ago", one("2016-08-29")),
            ("A month ago", Some(("2016-08-01", "2016-08-31"))),
            ("five years earlier", Some(("2011-01-01", "2011-12-31"))),
            ("1 day later", one("2016-09-06")),
        ],
    );
    check(
        "a few days ago, 2,000 years ago, two day ago",
        Some("2016-09-05"),
        &[],
    );
}

#[test]
fn weekday_joined_to_date() {
    check(
        "on Monday, Sept. 5, 2016, and Tuesday 6 September",
        Some("2016-09-07"),
        &[
            ("Monday, Sept. 5, 2016", one("2016-09-05")),
            ("Tuesday 6 September", one("2016-09-06")),
        ],
    );
}

#[test]
fn multibyte_text() {
    let text =
        "Über déjà-vu: le 5 décembre — on Monday’s talks in Zürich, since März, «December 5»";
    let t = find_times(text, Some(day("2016-12-07")));
    let spans: Vec<&str> = t.iter().map(|t| &text[t.span.clone()]).collect();
    assert_eq!(spans, ["Monday", "December 5"]);
    assert_eq!(t[0].resolved, Some(DateRange::day(day("2016-12-05"))));
    check("ÉtéMonday Mondayé éMay 5", Some("2016-09-05"), &[]);
}

#[test]
fn byte_spans_after_multibyte_prefix() {
    let text = "日本語 on Monday";
    let t = find_times(text, None);
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].span, 13..19);
}

#[test]
fn no_panic_on_odd_inputs() {
    let long_digits = "9".repeat(10_000);
    let long_words = "May ".repeat(5_000);
    let long_mixed = "Monday, 31 31 May 16-17, 2016-02-30 ".repeat(500);
    let inputs = [
        "",
        " ",
        "0",
        "2016",
        "in 2016",
        "in 99999999999999999999 days ago",
        "999 years ago",
        "May May May",
        "31 31 31",
        "January",
        "January 0",
        "January 32",
        "Feb. 29, 2016",
        "Feb. 29, 2017",
        "0000-00-00",
        "2016-9-5-",
        "13/45/2016",
        "-",
        "May 16-",
        "May 16 to",
        "Monday,",
        "the day",
        "over the",
        "earlier this",
        "last",
        "mid-",
        "-2016",
        "é",
        "Mayé 5",
        "May\u{301} 5",
        "December\u{0}5",
        "\u{FEFF}Monday",
        "🎉 on Monday 🎉 December 5 🎉",
        &long_digits,
        &long_words,
        &long_mixed,
    ];
    for p in [
        None,
        Some(day("2016-09-05")),
        Some(Date::MAX),
        Some(Date::MIN),
    ] {
        for text in inputs {
            for t in find_times(text, p) {
                assert!(text.get(t.span.clone()).is_some());
                if let Some(r) = t.resolved {
                    assert!(r.start <= r.end);
                }
            }
        }
    }
    check(
        "Feb. 29, 2016",
        None,
        &[("Feb. 29, 2016", one("2016-02-29"))],
    );
    check("Feb. 29, 2017", None, &[("Feb. 29, 2017", None)]);
}

#[test]
fn no_panic_on_random_fragments() {
    const PIECES: [&str; 40] = [
        "May", "March", "Monday", "Sept", ".", ",", "-", "–", "'", "’", "s", " ", " ", " ", "16",
        "31", "2016", "02", "/", "9", "0", "last", "this", "next", "earlier", "ago", "days", "a",
        "week", "in", "mid", "the", "weekend", "over", "é", "日本", "🎉", "of", "th", "will",
    ];
    // xorshift64: a fixed sequence of pseudo-random numbers.
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut text = String::new();
    let mut hits = 0;
    for _ in 0..20_000 {
        text.clear();
        for _ in 0..next() % 24 {
            let r = next();
            text.push_str(PIECES[(r % PIECES.len() as u64) as usize]);
            if r & 0x300 != 0 {
                text.push(' ');
            }
        }
        for p in [None, Some(day("2016-02-29")), Some(Date::MAX)] {
            for t in find_times(&text, p) {
                assert!(text.get(t.span.clone()).is_some(), "{text:?}");
                hits += 1;
            }
        }
    }
    assert!(
        hits > 1_000,
        "the fragments should form expressions: {hits}"
    );
}

#[test]
fn prefilter_skips_plain_lowercase() {
    assert!(find_times("nothing to see here", Some(day("2016-09-05"))).is_empty());
    check(
        "it happened two days ago",
        Some("2016-09-05"),
        &[("two days ago", one("2016-09-03"))],
    );
}

#[test]
fn spans_do_not_overlap_and_are_ordered() {
    let text = "On Monday, Sept. 5, Obama said that in December 2016 and last year, two days ago, \
                earlier this week and on Tuesday he will meet on Friday and possibly Saturday.";
    let t = find_times(text, Some(day("2016-09-07")));
    assert!(t.len() >= 8);
    for w in t.windows(2) {
        assert!(w[0].span.end <= w[1].span.start);
    }
}
