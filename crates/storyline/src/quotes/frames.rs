//! Passes of attributions without a speech verb in subject position:
//! framed statements (a headline "Name: claim", "In a new poll, ...",
//! "As X put it, ..."), interview transcript turns, cues whose speaker
//! goes unnamed, stances and findings of polls, any verb before a "that"
//! clause, and nouns of stance with a possessive holder.

use super::doc::{Doc, Kind, Raw};
use super::lexicon::*;
use super::{Pass, QuoteKind};

impl Doc<'_> {
    /// Statements framed without a verb: a headline "Name: claim" and a
    /// sentence opening "In a new poll by X, ..." / "In an interview, ...".
    pub(super) fn framed_statements(&self, out: &mut Vec<Raw>) {
        for &(s0, s1) in &self.sents {
            if self.toks[s0].quoted || self.used[s0] {
                continue;
            }
            // Headline "NY Daily News: Paris Terror Attacks Highlight Threat".
            if self.toks[s0].para == 0 && self.is_cap(s0) {
                let lim = (s0 + 7).min(s1);
                if let Some(p) = (s0 + 1..lim).find(|&p| self.punct(p) == Some(':')) {
                    let names =
                        (s0..p).all(|i| self.is_word(i) && (self.is_cap(i) || self.has(i, LINK)));
                    let clean = !(p + 1..s1).any(|i| self.cue_at(i) || self.toks[i].quoted);
                    if names && clean && self.words_in(p + 1, s1) >= 2 {
                        let mut raw =
                            Raw::new(Pass::Headline, QuoteKind::Reported, vec![(p + 1, s1)]);
                        raw.cue = Some((p, p + 1));
                        raw.source = Some((s0, p));
                        raw.key = s0;
                        self.push_reported(raw, out);
                        continue;
                    }
                }
            }
            let mut a = s0;
            if self.is(a, "but") || self.is(a, "and") || self.is(a, "or") {
                a += 1;
                if self.punct(a) == Some(',') {
                    a += 1;
                }
            }
            // "As Ms. Simonyan put it in a statement in July, RT is “...”"
            if self.is(a, "as") {
                if let Some(raw) = self.as_x_put_it(a, s1) {
                    self.push_reported(raw, out);
                    continue;
                }
            }
            // "In a new NBC News/Wall Street Journal poll, 50 percent ..."
            if !self.is(a, "in") || !self.has(a + 1, DET) {
                continue;
            }
            let lim = (a + 16).min(s1);
            let Some(p) =
                (a + 1..lim).find(|&p| matches!(self.punct(p), Some(',')) || self.toks[p].quoted)
            else {
                continue;
            };
            if self.punct(p) != Some(',')
                || !(a + 1..p).any(|i| words(List::Frame).iter().any(|f| self.is(i, f)))
            {
                continue;
            }
            let frame = (a + 1..p).find(|&i| words(List::Frame).iter().any(|f| self.is(i, f)));
            let speech = frame.filter(|&i| words(List::SpeechFrame).iter().any(|f| self.is(i, f)));
            let b = self.next_stop[p + 1].min(s1);
            if speech.is_none() {
                // "In a CNN poll, 31% of Republicans said they ...": the poll
                // speaks for the share of its respondents.
                let share = |(s, e): (usize, usize)| {
                    s == p + 1
                        && (s..e).any(|i| {
                            self.punct(i) == Some('%')
                                || ["percent", "majority", "half", "third", "thirds", "most"]
                                    .iter()
                                    .any(|w| self.is(i, w))
                        })
                };
                if let Some(r) = out.iter_mut().find(|r| r.source.is_some_and(share)) {
                    let end = r.content.iter().map(|x| x.1).max().unwrap_or(b);
                    r.source = Some((a + 1, p));
                    r.cue = Some((a, a + 1));
                    r.content = vec![(p + 1, end)];
                    r.key = a;
                    r.pass = Pass::PollShare;
                    continue;
                }
            }
            if self.words_in(p + 1, b) < 3 || (p + 1..b).any(|i| self.cue_at(i) || self.has(i, CUE))
            {
                continue;
            }
            let mut raw = Raw::new(Pass::Framed, QuoteKind::Reported, vec![(p + 1, b)]);
            raw.cue = Some((a, a + 1));
            raw.source = Some((a + 1, p));
            raw.key = a;
            // "In an interview with X, Ham made it clear ...": a speech
            // frames what its named subject says; a poll or a report speaks
            // itself.
            if let Some(f) = speech {
                if let Some(np) = self
                    .np_right(p + 1)
                    .filter(|&(s, _)| self.is_cap(s) || self.has(s, PRON))
                {
                    raw.source = Some(np);
                    raw.cue = Some((f, f + 1));
                }
            }
            self.push_reported(raw, out);
        }
    }

    /// "As X put it[ adjuncts], ..." opening a sentence at `a` (the "as"),
    /// which ends at `s1`: X is the source of the rest of the sentence.
    pub(super) fn as_x_put_it(&self, a: usize, s1: usize) -> Option<Raw> {
        let src = self.np_right(a + 1)?;
        let v = self.skip_right(src.1);
        if !self.is(v, "put") || !self.is(v + 1, "it") {
            return None;
        }
        let lim = (v + 20).min(s1);
        let p = (v + 2..lim)
            .find(|&p| matches!(self.punct(p), Some(',' | ':')) || self.toks[p].quoted)?;
        if self.toks[p].quoted {
            return None;
        }
        let content = if self.tok(p + 1).is_some_and(|t| t.kind == Kind::Open) {
            // "As Trump put it: “...”" is found with the quote's own
            // attributions; after a comma the quote is the content.
            if self.punct(p) == Some(':') {
                return None;
            }
            let r = self.regions.iter().find(|r| r.open == p + 1)?;
            (r.open + 1, r.close)
        } else {
            (p + 1, self.next_stop[p + 1].min(s1))
        };
        if self.words_in(content.0, content.1) < 2 {
            return None;
        }
        let mut raw = Raw::new(Pass::AsXPutIt, QuoteKind::Reported, vec![content]);
        raw.cue = Some((v, v + 2));
        raw.source = Some(src);
        raw.key = a;
        Some(raw)
    }

    /// Turns of an interview transcript: a paragraph (not the headline)
    /// opening with a speaker label in capitals and a colon ("PENCE: Well,
    /// ...", "JAKE TAPPER: ...", also inside a quotation mark). The label is
    /// the source, the colon the cue and the rest of the paragraph the
    /// content; a quote paragraph right after joins it (see [`Self::orphan_quotes`]).
    pub(super) fn transcript_turns(&self, out: &mut Vec<Raw>) {
        /// Labels of a section rather than a speaker.
        const NOT_SPEAKERS: &[&str] = &[
            "VIDEO",
            "WATCH",
            "UPDATE",
            "UPDATED",
            "EXCLUSIVE",
            "BREAKING",
            "READ",
            "NOTE",
            "EDITOR",
            "PHOTO",
            "PHOTOS",
            "CORRECTION",
            "RELATED",
            "MORE",
            "LISTEN",
            "SOURCE",
            "SOURCES",
            "WARNING",
            "ALERT",
            "AUDIO",
            "FLASHBACK",
            "POLL",
            "ANALYSIS",
            "OPINION",
            "UPDATES",
            "DEVELOPING",
            "CLAIM",
            "FACT",
            "FACTS",
            "BOTTOM",
            "LINE",
            "TRANSCRIPT",
        ];
        let n = self.toks.len();
        let mut i = 0;
        while i < n {
            let para = self.toks[i].para;
            let para_end = (i..n).find(|&k| self.toks[k].para != para).unwrap_or(n);
            let start = i;
            i = para_end;
            if para == 0 {
                continue;
            }
            let mut a = start;
            while a < para_end && matches!(self.toks[a].kind, Kind::Open | Kind::Mark { .. }) {
                a += 1;
            }
            let mut c = a;
            while c < para_end && c < a + 3 && self.is_word(c) {
                let w = self.word(c);
                let letters = w.chars().filter(|ch| ch.is_alphabetic()).count();
                if letters < 2 || w.chars().any(char::is_lowercase) || NOT_SPEAKERS.contains(&w) {
                    break;
                }
                c += 1;
            }
            if c == a || self.punct(c) != Some(':') || self.used[c] {
                continue;
            }
            // The content runs to the paragraph's end, without a closing mark.
            let mut e = para_end;
            while e > c + 1 && !matches!(self.toks[e - 1].kind, Kind::Word | Kind::Punct(_)) {
                e -= 1;
            }
            if self.words_in(c + 1, e) < 2 {
                continue;
            }
            let kind = if self.toks[a].quoted {
                QuoteKind::Direct
            } else {
                QuoteKind::Reported
            };
            let mut raw = Raw::new(Pass::Transcript, kind, vec![(c + 1, e)]);
            raw.cue = Some((c, c + 1));
            raw.source = Some((a, c));
            raw.key = a;
            out.push(raw);
        }
    }

    /// Cues whose speaker is left unnamed, which PolNeAR annotates without a
    /// source: a question put to someone ("Asked about X, ...", "when asked
    /// whether ...", "has been asked to ..."), an expectation ("is widely expected to ...") and
    /// a report ("X reportedly considered ..."). The content runs from
    /// after the cue to the next comma or clause stop.
    pub(super) fn sourceless_cues(&self, out: &mut Vec<Raw>) {
        let mut cues: Vec<usize> = out.iter().filter_map(|r| r.cue.map(|c| c.0)).collect();
        cues.sort_unstable();
        let n = self.toks.len();
        for c in 0..n {
            let t = &self.toks[c];
            if t.kind != Kind::Word || t.quoted || self.used[c] {
                continue;
            }
            let asked = self.is(c, "asked");
            let expected = self.is(c, "expected");
            let reportedly = self.is(c, "reportedly");
            if !(asked || expected || reportedly) || cues.binary_search(&c).is_ok() {
                continue;
            }
            let (s0, s1) = self.sentence(c);
            // The word before, over adverbs ("was once asked", "is widely expected").
            let mut k = c;
            while k > s0
                && (self.has(k - 1, SKIP) || self.word(k - 1).ends_with("ly"))
                && !self.is(k - 1, "and")
            {
                k -= 1;
            }
            let before = k.checked_sub(1).filter(|&b| b >= s0);
            let be = before.is_some_and(|b| {
                ["is", "are", "was", "were", "be", "been", "being"]
                    .iter()
                    .any(|w| self.is(b, w))
            });
            let mut a = c + 1;
            let mut asker = None;
            if asked {
                let opens = before.is_none_or(|b| {
                    be || matches!(self.punct(b), Some(',' | '(' | '\u{2014}'))
                        || [
                            "when", "if", "after", "once", "and", "but", "before", "while",
                        ]
                        .iter()
                        .any(|w| self.is(b, w))
                });
                if !opens {
                    continue;
                }
                // "Asked by Matt Lauer whether ...": the asker is the source
                // of the question.
                if self.is(a, "by") {
                    let Some((ss, se)) = self.np_right(a + 1) else {
                        continue;
                    };
                    a = self.after_adjuncts(se);
                    // A question ("whether ...", "to respond"), not a topic
                    // ("about his meeting"), has content.
                    let question = ["whether", "if", "why", "how", "what", "when", "who", "to"]
                        .iter()
                        .any(|w| self.is(a, w));
                    if !question {
                        continue;
                    }
                    asker = Some((ss, se));
                }
                while a < s1
                    && (self.has(a, TIME) && !self.has(a, DET) || self.word(a).ends_with("ly"))
                {
                    a += 1;
                }
            } else if expected && (!be || !self.is(a, "to")) {
                continue;
            }
            let lim = self.next_stop[a.min(n)].min(s1);
            let b = (a..lim)
                .find(|&p| {
                    matches!(self.punct(p), Some(',' | ';' | '\u{2014}')) && !self.toks[p].quoted
                })
                .unwrap_or(lim);
            if self.words_in(a, b) < 2 {
                continue;
            }
            let mut raw = Raw::new(Pass::Sourceless, QuoteKind::Reported, vec![(a, b)]);
            raw.cue = Some((c, c + 1));
            raw.source = asker;
            raw.key = c;
            self.push_reported(raw, out);
        }
    }

    /// Stances of a share of people and findings of polls, which PolNeAR
    /// annotates as attributions: "Two-thirds support reducing ...", "a
    /// majority of Republicans support deportation", "Polls there show
    /// Trump is trailing", "the survey found ...". The content runs from
    /// after the verb to the clause's end.
    pub(super) fn poll_findings(&self, out: &mut Vec<Raw>) {
        let n = self.toks.len();
        let mut cues: Vec<usize> = out.iter().filter_map(|r| r.cue.map(|c| c.0)).collect();
        cues.sort_unstable();
        for v in 1..n {
            if !self.has(v, STANCE_VERB | FINDING_VERB)
                || self.used[v]
                || self.toks[v].quoted
                || cues.binary_search(&v).is_ok()
            {
                continue;
            }
            let stance = self.has(v, STANCE_VERB);
            let show = self.has(v, FINDING_VERB);
            if !(stance || show) {
                continue;
            }
            let (s0, s1) = self.sentence(v);
            if v <= s0 {
                continue;
            }
            // The subject: the words back to the clause start, no verb among them.
            let lo = v.saturating_sub(14).max(s0);
            // "46 percent would choose Clinton and 44 percent would back
            // Trump": a coordinator opens the second clause.
            let start = (lo..v)
                .rev()
                .find(|&p| {
                    (!self.is_word(p) && self.punct(p) != Some('%') && self.punct(p) != Some('-'))
                        || ["and", "but", "while", "whereas", "or"]
                            .iter()
                            .any(|w| self.is(p, w))
                })
                .map_or(lo, |p| p + 1);
            if start >= v
                || (start..v).any(|p| self.verb_like(p) || self.has(p, CUE) || self.toks[p].quoted)
            {
                continue;
            }
            // "half", "Two-thirds": the word or its part after a hyphen.
            let has = |list: &[&str]| {
                (start..v).any(|p| {
                    let x = self.word(p);
                    let tail = x.rsplit_once('-').map_or(x, |(_, t)| t);
                    list.iter().any(|l| tail.eq_ignore_ascii_case(l))
                })
            };
            let share = has(words(List::Share))
                || (start..v).any(|p| self.punct(p) == Some('%'))
                || (start + 2 <= v
                    && (start..v - 1).any(|p| self.is(p, "in") && self.is_number(p + 1)));
            // "polls show", "Polls there show", "the new survey found".
            let finder =
                (start..v).any(|p| p + 3 >= v && words(List::Finder).iter().any(|f| self.is(p, f)));
            if !((stance && share) || (show && finder)) {
                continue;
            }
            let mut a = v + 1;
            if self.is(a, "that") {
                a += 1;
            }
            let b = self.next_stop[a.min(n)].min(s1);
            // One word only as a name: "44 percent would back Trump".
            let named = stance && self.words_in(a, b) == 1 && self.is_cap(a);
            if self.words_in(a, b) < 2 && !named {
                continue;
            }
            // "did a majority of Republicans support": the auxiliary is not the source.
            let mut from = (start..v)
                .rev()
                .find(|&p| ["did", "do", "does"].iter().any(|x| self.is(p, x)))
                .map_or(start, |p| p + 1);
            while from + 1 < v && ["and", "but"].iter().any(|x| self.is(from, x)) {
                from += 1;
            }
            // "44 percent would back": the auxiliary is not the source either.
            let mut to = v;
            while to > from + 1 && self.has(to - 1, SKIP) {
                to -= 1;
            }
            let mut raw = Raw::new(Pass::Poll, QuoteKind::Reported, vec![(a, b)]);
            raw.cue = Some((v, v + 1));
            raw.source = Some((from, to));
            raw.key = from;
            self.push_reported(raw, out);
        }
    }

    /// "X verb that ...": any finite verb outside the lexicon whose subject
    /// looks like a speaker and which takes a "that" clause ("He conceded
    /// that ...", "Officials have signaled that ...") is a cue.
    pub(super) fn that_clauses(&self, out: &mut Vec<Raw>) {
        let n = self.toks.len();
        for v in 0..n {
            if !self.is(v + 1, "that") || self.has(v, CUE) || self.used[v] || !self.verb_like(v) {
                continue;
            }
            let a = v + 2;
            if !(self.has(a, PRON | DET) || self.is_cap(a))
                || self.has(a, STOP) && !self.has(a, PRON | DET)
            {
                continue;
            }
            let (s0, s1) = self.sentence(v);
            if v <= s0 {
                continue;
            }
            let Some((ss, se)) = self.np_left(v) else {
                continue;
            };
            if !self.is_speakerlike(ss, se) {
                continue;
            }
            let b = self.next_stop[a].min(s1);
            if self.words_in(a, b) < 2 {
                continue;
            }
            let mut raw = Raw::new(Pass::ThatClause, QuoteKind::Reported, vec![(a, b)]);
            raw.cue = Some((v, v + 1));
            raw.source = Some((ss, se));
            raw.key = ss;
            self.push_reported(raw, out);
        }
    }

    /// Nouns of stance and statement that PolNeAR annotates as cues: "his
    /// attacks on Clinton", "Mr. Trump's decision to seize on ...",
    /// "Opposition to the Common Core ...". The source is the possessive
    /// before the noun (none without one); the content runs from after the
    /// linking word to the next comma or clause stop.
    pub(super) fn nominal_cues(&self, out: &mut Vec<Raw>) {
        let n = self.toks.len();
        for c in 0..n {
            let t = &self.toks[c];
            if t.kind != Kind::Word || t.quoted || self.used[c] {
                continue;
            }
            if t.flags & NOUN_CUE == 0 {
                continue;
            }
            let (s0, s1) = self.sentence(c);
            let mut a = c + 1;
            if ["for", "of", "to", "on", "about", "over", "against", "that"]
                .iter()
                .any(|x| self.is(a, x))
            {
                a += 1;
            } else {
                continue;
            }
            // The possessive before: "his", "Mr. Trump's", "the DNC’s".
            let mut source = None;
            if c > s0 {
                let p = c - 1;
                let pw = self.word(p);
                if ["his", "her", "their", "its", "our", "my"]
                    .iter()
                    .any(|x| pw.eq_ignore_ascii_case(x))
                {
                    source = Some((p, p + 1));
                } else if pw.ends_with("'s") || pw.ends_with("\u{2019}s") {
                    source = self.np_core_left_poss(p, s0);
                }
            }
            let lim = self.next_stop[a.min(n)].min(s1).min(a + 30);
            let b = (a..lim)
                .find(|&p| {
                    matches!(self.punct(p), Some(',' | ';' | '\u{2014}' | '('))
                        && !self.toks[p].quoted
                })
                .unwrap_or(lim);
            // Without a possessive only a sentence-opening noun is a cue
            // ("Opposition to the deal has ..."); elsewhere its holder is
            // usually a clause subject this rule cannot pick reliably.
            if self.words_in(a, b) < 1 || (source.is_none() && c != s0) {
                continue;
            }
            let mut raw = Raw::new(Pass::Nominal, QuoteKind::Reported, vec![(a, b)]);
            raw.cue = Some((c, c + 1));
            raw.source = source;
            raw.key = c;
            self.push_reported(raw, out);
        }
    }
}
