//! Pass: reported speech around every cue word not used by a direct
//! quote ("X said (that) ...", "..., X said.", "according to X, ...",
//! "As X reported, ...", "X described it as “...”", "..., adding that ...").

use super::doc::{Doc, Kind, Raw};
use super::lexicon::*;
use super::{Pass, QuoteKind};

impl Doc<'_> {
    /// Attributes reported speech around every unused cue outside quotes.
    pub(super) fn reported_speech(&mut self, out: &mut Vec<Raw>) {
        let n = self.toks.len();
        // Direct attributions by cue position, to find the latest attribution
        // of a sentence before a cue (", adding that", "and stressed").
        let mut direct: Vec<(usize, usize)> = out
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.cue.map(|(c, _)| (c, i)))
            .collect();
        direct.sort_unstable();
        let mut di = 0;
        let mut recent: Option<(usize, usize)> = None; // (sentence, index in out)
        for c in 0..n {
            while di < direct.len() && direct[di].0 < c {
                recent = Some((self.sent_of(direct[di].0), direct[di].1));
                di += 1;
            }
            if self.used[c] || !self.has(c, CUE) || self.toks[c].quoted {
                continue;
            }
            // "Several cast members said": a noun's modifier, not a verb.
            let modifier = c > 0
                && self.has(c - 1, DET)
                && self.is_word(c + 1)
                && !self.has(c + 1, STOP | SKIP | DET | PRON)
                && self.cue_at(self.skip_right(c + 2));
            if modifier {
                continue;
            }
            let (s0, s1) = self.sentence(c);
            let sidx = self.sent_of(c);
            let prev = recent.filter(|&(s, _)| s == sidx).map(|(_, i)| i);
            if c > s0 && self.is(c - 1, "to") && self.reporting_infinitive(c).is_none() {
                continue;
            }
            if self.is(c, "according") && !self.is(c + 1, "to") {
                continue;
            }
            let (ce, quoted_speaker) = self.cue_end(c);
            let mut raw = Raw::new(Pass::Reported, QuoteKind::Reported, Vec::new());
            raw.cue = Some((c, ce));
            raw.key = c;

            if self.is(c, "according") {
                let Some(src) = self.np_right(ce).map(|np| self.author_of(np)) else {
                    continue;
                };
                raw.source = Some(src);
                let lead = (s0..c).all(|i| {
                    !self.is_word(i) || self.has(i, SKIP) || self.is(i, "but") || self.is(i, "and")
                });
                if lead {
                    let lim = (src.1 + 12).min(s1);
                    let a = (src.1..lim)
                        .find(|&p| self.punct(p) == Some(','))
                        .map_or(src.1, |p| p + 1);
                    let b = self.next_stop[a].min(s1);
                    raw.content.push((a, b));
                } else {
                    raw.content.push((self.clause_start(s0, c), c));
                    // "..., according to him, Mexico's network censured ..."
                    if self.punct(c - 1) == Some(',') && self.punct(src.1) == Some(',') {
                        let b = self.next_stop[src.1 + 1].min(s1);
                        raw.content.push((src.1 + 1, b));
                    }
                }
                raw.pass = Pass::ReportedAccording;
                if self.push_reported(raw, out) {
                    recent = Some((sidx, out.len() - 1));
                }
                continue;
            }
            // "As reported by Western Journalism, last year Seattle ...".
            if c > s0 && self.is(c - 1, "as") && self.is(c + 1, "by") {
                let Some(src) = self.np_right(c + 2) else {
                    continue;
                };
                let lim = (src.1 + 6).min(s1);
                if let Some(p) = (src.1..lim).find(|&p| self.punct(p) == Some(',')) {
                    let b = self.next_stop[p + 1].min(s1);
                    raw.source = Some(src);
                    raw.content.push((p + 1, b));
                    raw.pass = Pass::ReportedAsBy;
                    if self.push_reported(raw, out) {
                        recent = Some((sidx, out.len() - 1));
                    }
                }
                continue;
            }
            if self.has(c, WEAK) {
                // "has learned that ...", "thinks he ...": a clause must follow.
                let a = self.after_adjuncts(ce);
                // A pronoun with a verb contracted ("it's", "they're") opens
                // a clause too, and so does the end of a clause after the
                // cue ("that won't happen, they believe.").
                let w = self.word(a);
                let contracted = ["\u{2019}", "'"].iter().any(|q| {
                    w.split_once(q).is_some_and(|(p, v)| {
                        flags_of(p) & PRON != 0
                            || ["there", "that"].iter().any(|x| p.eq_ignore_ascii_case(x))
                            || ["s", "re", "ll", "d", "m", "ve"].contains(&v)
                                && !p.is_empty()
                                && p.chars().next().is_some_and(char::is_uppercase)
                    })
                });
                let trailing = c > s0 + 1
                    && self.clause_ends_at(a)
                    && self.np_left(c).is_some_and(|(ss, _)| {
                        ss > s0 + 1 && matches!(self.punct(ss - 1), Some(',' | '\u{2014}'))
                    });
                // "strategists think women are likely to ...": a short noun
                // phrase and a finite auxiliary.
                let finite = self.has(c, THINK)
                    && self.is_word(a)
                    && !self.has(a, STOP | SKIP | CUE)
                    && (a + 1..(a + 4).min(n)).any(|k| {
                        [
                            "is", "are", "was", "were", "will", "would", "can", "could", "should",
                            "has", "have", "had", "may", "might", "must",
                        ]
                        .iter()
                        .any(|w| self.is(k, w))
                    })
                    && (a..a + 4).all(|k| self.is_word(k) || self.tok(k).is_none());
                let clause = self.is(a, "that")
                    || (self.has(a, PRON) && !self.is(a, "it") && !self.is(a, "you"))
                    || (self.is_cap(a) && !self.has(a, STOP))
                    || (self.has(c, THINK) && (self.has(a, DET | PRON) || contracted))
                    || finite
                    || trailing;
                if !clause {
                    continue;
                }
            }
            // ", said X" at the end of a clause.
            if c > s0
                && self.punct(c - 1) == Some(',')
                && self.has(c, CUE_INV)
                && self.subject_before_aside(c - 1).is_none()
            {
                // "..., said the event brought back memories": a clause, not
                // a speaker, follows.
                let speaker = self.np_right(ce).filter(|&(s, e)| {
                    !(s + 1..e).any(|i| {
                        self.verb_like(i)
                            && !self.word(i).ends_with('s')
                            && !self.has(i, ROLE | TITLE)
                    })
                });
                if let Some(src) = speaker {
                    if self.clause_ends_at(self.after_adjuncts(src.1)) && !self.has(src.0, PRON) {
                        raw.source = Some(src);
                        let a = self.clause_start(s0, c - 1);
                        raw.content.push((a, c - 1));
                        raw.pass = Pass::ReportedInverted;
                        if self.push_reported(raw, out) {
                            recent = Some((sidx, out.len() - 1));
                        }
                        continue;
                    }
                }
            }
            // "Sanders said, going on to say that ...": the phrase leading
            // to the cue stands for it.
            let head = self.reporting_infinitive(c).unwrap_or(c);
            let participle =
                self.has(c, PARTICIPLE) || (head < c && self.word(head).ends_with("ing"));
            let mut kp = head.saturating_sub(1);
            while kp > s0 && self.has(kp, SKIP) && !self.is(kp, "and") && !self.is(kp, "but") {
                kp -= 1;
            }
            let after_comma = head > s0
                && (matches!(self.punct(kp), Some(',' | '\u{2014}'))
                    || self.is(kp, "and")
                    || self.is(kp, "but")
                    || (participle
                        && ["before", "after", "while", "by", "when", "in"]
                            .iter()
                            .any(|w| self.is(head - 1, w))));
            let progressive = self.has(c, PARTICIPLE)
                && c > s0
                && ["is", "was", "are", "were", "been"]
                    .iter()
                    .any(|w| self.is(c - 1, w));
            let mut clause_end = None;
            // "Claiming the criticism is unfair, Trump told Fox ...": a
            // participle opening the sentence speaks for the main subject.
            let leading = participle
                && !self.has(self.after_adjuncts(ce), LINK | STOP)
                && self.past_conjunction(s0) == head;
            let leading_subject = leading.then(|| self.main_clause_after(c, s1)).flatten();
            if let Some((p, np)) = leading_subject {
                raw.source = Some(np);
                clause_end = Some(p);
            } else if progressive {
                // "Trump is insisting that ..."
                let Some(src) = self.np_left(c - 1) else {
                    continue;
                };
                raw.source = Some(src);
            } else if after_comma && (participle || self.is(kp, "and") || self.is(kp, "but")) {
                // ", adding that ..." / "and stressed ...": the subject of the
                // clause before; "Eight years after backing Obama, Cuban is
                // ...": of the main clause after an opening one.
                let opening = prev.is_none()
                    && participle
                    && !matches!(self.punct(kp), Some(',' | '\u{2014}'))
                    && self.words_in(s0, head - 1) <= 3
                    && !(s0..head).any(|i| self.has(i, PRON) || self.toks[i].quoted);
                let main = opening.then(|| self.main_clause_after(c, s1)).flatten();
                if let Some((p, _)) = main {
                    // The opening clause's content ends at its comma.
                    clause_end = Some(p);
                }
                raw.source = match (prev, main.map(|(_, np)| np)) {
                    (Some(i), _) => out[i].source,
                    (None, Some(np)) => Some(np),
                    (None, None) => self.sentence_subject(s0, c),
                };
                if raw.source.is_none() {
                    continue;
                }
            } else {
                let Some((ss, se)) = self.np_left(c) else {
                    // "following reports that ...": no source.
                    let a = self.after_adjuncts(ce);
                    if c > s0 && self.has(c - 1, STOP) && self.is(a, "that") && self.has(c, CUE_INV)
                    {
                        let b = self.next_stop[a + 1].min(s1);
                        raw.content.push((a + 1, b));
                        raw.pass = Pass::ReportedUnnamed;
                        if self.push_reported(raw, out) {
                            recent = Some((sidx, out.len() - 1));
                        }
                    }
                    continue;
                };
                raw.source = Some((ss, se));
                // "Trump fired back a response saying ...", "released a
                // statement calling ...": the medium is not the speaker; the
                // subject of the clause is.
                if self.has(c, PARTICIPLE) && self.has(se - 1, VENUE) && !self.is_cap(ss) {
                    if let Some(subj) = self
                        .clause_subject(s0, ss)
                        .or_else(|| self.sentence_subject(s0, ss))
                    {
                        if subj.1 <= ss {
                            raw.source = Some(subj);
                        }
                    }
                }
                let (ss, se) = raw.source.unwrap_or((ss, se));
                if self.has(c, CUE_AS) && !self.is_speakerlike(ss, se) {
                    continue;
                }
                if let Some(sp) = quoted_speaker {
                    raw.carrier = raw.source;
                    raw.source = Some(sp);
                }
                // "As X reported, ..."
                if ss > s0 && self.is(ss - 1, "as") && ss - 1 == self.clause_start(s0, ss - 1) {
                    let lim = (ce + 10).min(s1);
                    if let Some(p) = (ce..lim).find(|&p| self.punct(p) == Some(',')) {
                        let b = self.next_stop[p + 1].min(s1);
                        raw.content.push((p + 1, b));
                        raw.pass = Pass::ReportedAsX;
                        if self.push_reported(raw, out) {
                            recent = Some((sidx, out.len() - 1));
                        }
                    }
                    continue;
                }
                // "..., the official said." / "..., he said, ..."
                let after = self.after_adjuncts(ce);
                if ss > s0 + 1
                    && matches!(self.punct(ss - 1), Some(',' | '\u{2014}'))
                    && self.clause_ends_at(after)
                {
                    let a = self.clause_start(s0, ss - 1);
                    let resumes = self.punct(after) == Some(',')
                        && self.is_word(after + 1)
                        && !self.is_cap(after + 1)
                        && !self.has(after + 1, CLAUSE | CUE);
                    let before = self.words_in(a, ss - 1);
                    if before >= 3 || (before >= 1 && resumes) {
                        raw.content.push((a, ss - 1));
                        if resumes {
                            let b = self.next_stop[after + 1].min(s1);
                            raw.content.push((after + 1, b));
                        }
                        raw.carrier = raw.carrier.or_else(|| self.carrier_after(ce));
                        raw.pass = Pass::ReportedTrailing;
                        if self.push_reported(raw, out) {
                            recent = Some((sidx, out.len() - 1));
                        }
                        continue;
                    }
                }
            }
            // Forward content: "X said (that) ...".
            let mut a = self.after_adjuncts(ce);
            if a < n && self.next_stop[a] == a {
                // "Cost estimates, he added, were ...": no content here.
                continue;
            }
            raw.carrier = raw.carrier.or_else(|| self.carrier_after(ce));
            if self.has(c, CUE_OBJ) && !self.is(a, "that") {
                // "is telling supporters after his victory in the South
                // Carolina primary that ...": the listener, however long,
                // is not content.
                let lim = (a + 24).min(self.next_stop[a]).min(s1);
                if let Some(p) = (a..lim).find(|&p| self.is(p, "that") && !self.toks[p].quoted) {
                    // Commas only inside a place name ("Manchester, New Hampshire,").
                    let plain = |q: usize| match self.punct(q) {
                        Some(',') => q > a && self.is_cap(q - 1),
                        Some(';') => false,
                        _ => !self.has(q, CUE | PRON) && !self.toks[q].quoted,
                    };
                    if (a..p).all(plain) {
                        a = p;
                    }
                }
            }
            // "In a speech, he said:\n\nLet no one be mistaken ...": a block
            // quote set off as its own paragraph, without quotation marks.
            if self.punct(a) == Some(':')
                && self.tok(a + 1).is_some_and(|t| {
                    t.para != self.toks[a].para && t.kind == Kind::Word && !t.quoted
                })
            {
                let para = self.toks[a + 1].para;
                let b = (a + 1..n).find(|&q| self.toks[q].para != para).unwrap_or(n);
                if self.words_in(a + 1, b) >= 4 {
                    raw.content.push((a + 1, b));
                    raw.pass = Pass::ReportedBlock;
                    if self.push_reported(raw, out) {
                        recent = Some((sidx, out.len() - 1));
                    }
                }
                continue;
            }
            // "experts said that is unlikely": "that" is the subject here.
            let demonstrative = self.is(a, "that")
                && [
                    "is", "was", "would", "will", "could", "may", "might", "has", "had",
                ]
                .iter()
                .any(|w| self.is(a + 1, w));
            if (self.is(a, "that") && !demonstrative) || matches!(self.punct(a), Some(':' | ',')) {
                a += 1;
                // "said that, during the period when ..., Gates was": past
                // the aside.
                if self.is(a - 1, "that") && self.punct(a) == Some(',') {
                    let lim = (a + 30).min(s1);
                    if let Some(p) = (a + 1..lim).find(|&p| self.punct(p) == Some(',')) {
                        a = p + 1;
                    }
                }
            }
            if a >= s1 || self.is(a, "by") {
                continue;
            }
            if [
                "is", "was", "are", "were", "would", "will", "could", "had", "has",
            ]
            .iter()
            .any(|w| self.is(a, w))
            {
                // "a probe the agency said was ongoing": the cue sits in a
                // relative clause; the content is the antecedent's predicate.
                let b = self.next_stop[a].min(s1);
                if self.words_in(a, b) >= 2 {
                    raw.content.push((a, b));
                    raw.pass = Pass::ReportedRelative;
                    if self.push_reported(raw, out) {
                        recent = Some((sidx, out.len() - 1));
                    }
                }
                continue;
            }
            let mut b = self.next_stop[a].min(s1).min(clause_end.unwrap_or(s1));
            if self.has(c, PARTICIPLE) && c > s0 && self.punct(c - 1) == Some(',') {
                // "Trump, noting the crowd, said ...": the aside ends at the
                // comma before the main cue.
                if let Some(p) = (a..b).find(|&p| {
                    self.punct(p) == Some(',') && {
                        let v = self.skip_right(p + 1);
                        self.cue_at(v) && !self.has(v, PARTICIPLE)
                    }
                }) {
                    // "Dekker, reporting from Sochi, said": a place, not speech.
                    if ["from", "in", "at", "on", "for", "with"]
                        .iter()
                        .any(|w| self.is(a, w))
                    {
                        continue;
                    }
                    b = p;
                }
            }
            // One word is content only as a label ("called it “X”") or as
            // the named object of a stance verb ("endorsed Clinton",
            // "attacked her").
            let one_ok = self.has(c, CUE_AS)
                || (!self.has(c, WEAK | THINK)
                    && (self.is_cap(a) && !self.has(a, STOP | SKIP | DET | PRON)
                        || self.is(a, "him")
                        || self.is(a, "her")
                        || self.is(a, "them")));
            if self.words_in(a, b) < 2 && !(one_ok && self.words_in(a, b) >= 1) {
                continue;
            }
            // "call" is a noun as often as a verb ("his call for", "roll
            // call"): a cue only as a verb naming a label ("they call them
            // “lone wolves”").
            let noun_call =
                self.is(c, "call") && (c == s0 || self.has(c - 1, DET | STOP) || self.is_cap(c));
            if noun_call {
                continue;
            }
            if self.has(c, CUE_AS) {
                let first = self.regions.partition_point(|r| r.open < a);
                let mut spans: Vec<(usize, usize)> = Vec::new();
                for r in self.regions[first..]
                    .iter()
                    .take_while(|r| r.close <= b && r.open <= ce + 8)
                {
                    // Only labels in a row: "as “candid” and “blunt”".
                    if let Some(&(_, prev_close)) = spans.last() {
                        if r.open > prev_close + 3 {
                            break;
                        }
                    }
                    spans.push((r.open + 1, r.close));
                }
                if let (Some(&(first, _)), Some(&(_, last))) = (spans.first(), spans.last()) {
                    // "called the KKK “abhorrent”": with an object before the
                    // label, annotators take object and label as the content
                    // (its kind then follows the share of quoted words); a
                    // bare label or one after "as" ("described the talk as
                    // “candid”") stays a direct quote.
                    let bare = first == a + 1 || (first >= 2 && self.is(first - 2, "as"));
                    if bare {
                        raw.kind = QuoteKind::Direct;
                        raw.content = spans;
                    } else {
                        raw.content = vec![(a, last + 1)];
                    }
                    raw.pass = Pass::Label;
                    if self.push_reported(raw, out) {
                        recent = Some((sidx, out.len() - 1));
                    }
                    continue;
                }
            }
            if self.is(c, "call") {
                continue;
            }
            raw.content.push((a, b));
            if self.push_reported(raw, out) {
                recent = Some((sidx, out.len() - 1));
            }
        }
    }
}
