//! Noun phrases and cues: the speaker's noun phrase left or right of a
//! cue (`np_left`, `np_right`), where a cue phrase ends (`cue_end`), the
//! adjuncts after it (`after_adjuncts`) and a carrier named after it.

use super::doc::{Doc, Kind};
use super::lexicon::*;

impl Doc<'_> {
    /// Skips auxiliaries and adverbs rightwards from `i` ("has also said").
    pub(super) fn skip_right(&self, mut i: usize) -> usize {
        let mut k = 0;
        while k < 4 && self.has(i, SKIP) && !self.is(i, "and") && !self.is(i, "but") {
            i += 1;
            k += 1;
        }
        i
    }

    /// A speaker noun phrase starting at `j`, as `[start, end)` tokens: a
    /// pronoun; a determiner and what follows up to a function word or cue
    /// ("the Kremlin press service"); or a run of capitalised words and role
    /// nouns ("Secretary of State John Kerry", "Clinton spokesman Brian Fallon").
    pub(super) fn np_right(&self, j: usize) -> Option<(usize, usize)> {
        let t = self.tok(j)?;
        if t.kind != Kind::Word || t.quoted {
            return None;
        }
        if t.flags & PRON != 0 {
            return Some((j, j + 1));
        }
        if t.flags & (STOP | SKIP) != 0 && t.flags & DET == 0 {
            return None;
        }
        if t.flags & CUE != 0 && t.flags & ROLE == 0 && !t.cap {
            return None;
        }
        if self.opens_with_participle(j) {
            // "Appearing before supporters, Suu Kyi said".
            return None;
        }
        let s = self.sent_of(j);
        let det = t.flags & DET != 0;
        let mut e = j + 1;
        while e - j < 10 && self.sent_of(e) == s && self.is_word(e) && !self.toks[e].quoted {
            let f = self.toks[e].flags;
            let cap = self.toks[e].cap;
            if f & LINK != 0 {
                // "Secretary of State", "spokesman for the campaign"
                // "the mother of three"
                let count = self.is(e, "of") && self.is_count(e + 1);
                let next_ok =
                    self.is_cap(e + 1) || (self.has(e + 1, DET) && !self.is(e, "and")) || count;
                if next_ok && !self.has(e + 1, TIME) {
                    e += 1;
                    continue;
                }
                break;
            }
            if f & (STOP | SKIP | PRON) != 0 && f & DET == 0 {
                break;
            }
            if f & CUE != 0 && f & ROLE == 0 {
                break;
            }
            if f & DET != 0 && !self.is_word(e + 1) {
                break;
            }
            // "The committee filed a complaint": a determiner after a plain
            // word opens the object of a verb.
            if f & DET != 0 && e > j + 1 && !self.has(e - 1, LINK | DET) && !self.is_cap(e - 1) {
                // "sent out", "put away": the verb and its particle.
                let particle = ["out", "up", "away", "off", "down", "back"]
                    .iter()
                    .any(|w| self.is(e - 1, w));
                if particle && e > j + 2 && self.verb_like(e - 2) {
                    e -= 2;
                } else if self.verb_like(e - 1) {
                    e -= 1;
                }
                break;
            }
            // Without a determiner only names and role nouns continue the
            // phrase ("Clinton seemed irritated" ends after "Clinton").
            if !det && !cap && f & (ROLE | TITLE | DET) == 0 {
                break;
            }
            e += 1;
        }
        // Do not end on a linking word or determiner.
        while e > j + 1
            && self.has(e - 1, LINK | DET)
            && !(e >= 2 && self.is(e - 2, "of") && self.is_count(e - 1))
        {
            e -= 1;
        }
        Some((j, e))
    }

    /// For a clause opening its sentence (ending at `s1`) with a cue at
    /// `c`: the comma that ends it and the subject of the main clause after
    /// that comma ("After saying X, Clinton left").
    pub(super) fn main_clause_after(&self, c: usize, s1: usize) -> Option<(usize, (usize, usize))> {
        let p = (c..(c + 30).min(s1)).find(|&p| self.punct(p) == Some(','))?;
        Some((p, self.subject_right(p + 1)?))
    }

    /// The subject opening a clause at `j`, when a verb follows it: a
    /// pronoun, or a determiner and capitalised or role words ("the White
    /// House", "billionaire owner Mark Cuban" not, "Trump").
    pub(super) fn subject_right(&self, j: usize) -> Option<(usize, usize)> {
        if self.has(j, PRON) {
            return Some((j, j + 1));
        }
        let mut e = j + usize::from(self.has(j, DET));
        let first = e;
        while self.is_word(e)
            && !self.toks[e].quoted
            && (self.is_cap(e) || self.has(e, ROLE | TITLE))
        {
            e += 1;
        }
        let verb = self.is_word(e) && !self.is_cap(e) && !self.has(e, LINK | CLAUSE | DET);
        (e > first && verb).then_some((j, e))
    }

    /// The speaker noun phrase ending just before cue `c` ("a senior official
    /// has also said"), skipping auxiliaries, adverbs, "on Monday" and an
    /// appositive between commas; a relative "who" is itself the source.
    pub(super) fn np_left(&self, c: usize) -> Option<(usize, usize)> {
        let (s0, _) = self.sentence(c);
        let mut k = self.reporting_infinitive(c).unwrap_or(c).checked_sub(1)?;
        let mut skipped = 0;
        while k > s0 && skipped < 5 {
            let w = self.word(k);
            let adverb = self.is_word(k)
                && !self.is_cap(k)
                && w.len() > 4
                && w.ends_with("ly")
                && !self.has(k, ROLE);
            // "Jeb Bush in a Medium post said": skip the venue phrase.
            let venue_from = if self.has(k, VENUE) {
                (k.saturating_sub(5).max(s0)..k).rev().find(|&p| {
                    ["in", "on", "during", "at"].iter().any(|w| self.is(p, w))
                        && (p + 1..k)
                            .all(|q| self.is_word(q) && (!self.has(q, STOP) || self.has(q, DET)))
                })
            } else {
                None
            };
            // "less than two weeks ago said", "about 10 days later said"
            let count_of_time = (self.is_count(k) || self.is(k, "a") || self.is(k, "few"))
                && self.has(k + 1, TIME)
                && k + 1 < c;
            // "Aides remain confident that": a linking verb before a state.
            let linking = self.has(c, PARTICIPLE)
                && [
                    "remain", "remains", "remained", "seem", "seems", "seemed", "appear",
                    "appears", "appeared", "feel", "feels", "felt", "grew", "grow", "grows",
                    "became", "become", "becomes", "stay", "stays", "stayed",
                ]
                .iter()
                .any(|w| self.is(k, w));
            if let Some(p) = venue_from.filter(|&p| p > s0) {
                k = p - 1;
            } else if linking {
                k -= 1;
            } else if count_of_time {
                k -= 1;
                while k > s0
                    && [
                        "than", "less", "more", "about", "nearly", "almost", "just", "only",
                    ]
                    .iter()
                    .any(|w| self.is(k, w))
                {
                    k -= 1;
                }
            } else if self.has(k, TIME) && self.is(k - 1, "on") {
                k = k.checked_sub(2)?;
            } else if (self.has(k, SKIP) && !self.has(k, LINK) && !self.is(k, "but"))
                || adverb
                // "Her campaign workers here said"
                || ((self.is(k, "here") || self.is(k, "there")) && k > s0 + 1)
                // "Gowdy earlier Thursday said": days and months too.
                || (self.has(k, TIME) && (!self.is_cap(k) || self.has(k, NONPERSON)) && !self.has(k, DET))
            {
                k -= 1;
            } else {
                break;
            }
            skipped += 1;
        }
        if k < s0 {
            return None;
        }
        if self.punct(k) == Some(',') && k > s0 && self.punct(k - 1) == Some(')') {
            // "Sen. Jack Reed (D-R.I.), said"
            k -= 1;
        }
        if self.punct(k) == Some(')') {
            // "Sen. Marco Rubio (R-Fla.) said"
            let lo = k.saturating_sub(8).max(s0);
            let open = (lo..k).rev().find(|&p| self.punct(p) == Some('('))?;
            k = open.checked_sub(1)?;
            if k < s0 {
                return None;
            }
        }
        let t = self.tok(k)?;
        if t.quoted {
            return None;
        }
        // "Gov. X of Ohio, a Republican who ..., said": the subject opening
        // the sentence, across the whole aside.
        if matches!(t.kind, Kind::Punct(',' | '\u{2014}' | '\u{2013}' | '-')) {
            if let Some(np) = self.subject_before_aside(k) {
                return Some(np);
            }
        }
        match t.kind {
            // A relative "who" or ", which" is the source as written.
            Kind::Word if t.flags & PRON != 0 => Some((k, k + 1)),
            Kind::Word if self.is(k, "which") && k >= s0 + 2 && self.punct(k - 1) == Some(',') => {
                Some((k, k + 1))
            }
            // "Six in 10 say", "About four in 10 said"
            Kind::Word if self.is_number(k) && k >= s0 + 2 && self.is(k - 1, "in") => {
                let mut a = k - 2;
                if a > s0
                    && ["about", "nearly", "almost", "roughly", "some"]
                        .iter()
                        .any(|w| self.is(a - 1, w))
                {
                    a -= 1;
                }
                Some((a, k + 1))
            }
            Kind::Word => {
                let np = self.np_core_left(k, s0)?;
                // "Protesters marching through the streets chanted": the
                // object of a preposition after a participle is not the
                // subject; the noun phrase before the participle is.
                let prep = np.0 > s0
                    && [
                        "through", "across", "along", "into", "around", "outside", "toward",
                        "towards",
                    ]
                    .iter()
                    .any(|w| self.is(np.0 - 1, w));
                if prep && np.0 >= s0 + 2 {
                    let v = np.0 - 2;
                    if self.is_word(v) && !self.is_cap(v) && self.word(v).ends_with("ing") && v > s0
                    {
                        if let Some(subj) = self.np_core_left(v - 1, s0) {
                            return Some(subj);
                        }
                    }
                }
                Some(np)
            }
            // "42% say"
            Kind::Punct('%') if k > s0 && self.is_word(k - 1) => Some((k - 1, k + 1)),
            Kind::Punct(',' | '\u{2014}' | '\u{2013}') => {
                // Appositive: "Stefanie Dekker, reporting from Sochi, said";
                // "Clinton, during a town hall in Columbus, Ohio, said".
                let lo = k.saturating_sub(40).max(s0);
                let mut nearest = None;
                let mut p = k;
                while p > lo {
                    p -= 1;
                    // "Dekker, reporting from Sochi, said": a participle
                    // opening the aside does not end it.
                    let aside = self.has(p, PARTICIPLE) && p > 0 && self.punct(p - 1) == Some(',');
                    if self.toks[p].quoted
                        || (self.cue_at(p) && !aside)
                        || (self.has(p, PRON) && !self.is(p, "who"))
                    {
                        break;
                    }
                    if self.punct(p) != self.punct(k) || p == s0 || !self.is_word(p - 1) {
                        continue;
                    }
                    let Some(np) = self.np_core_left(p - 1, s0) else {
                        continue;
                    };
                    let opens = np.0 == s0
                        || (np.0 > s0 && (self.is(np.0 - 1, "but") || self.is(np.0 - 1, "and")));
                    if opens {
                        return Some(np);
                    }
                    nearest = nearest.or(Some(np));
                }
                nearest
            }
            _ => None,
        }
    }

    /// The noun phrase whose head is the word `h`, scanning left no further
    /// than `s0`: back to a determiner ("a senior US State Department
    /// official") or over capitalised words ("Russian President Vladimir
    /// Putin"); lowercase modifiers join when a capital, a determiner or a
    /// clause boundary ("..., digital consultant Phil Musser") is reached.
    pub(super) fn np_core_left(&self, h: usize, s0: usize) -> Option<(usize, usize)> {
        let t = self.tok(h)?;
        if t.kind != Kind::Word
            || t.quoted
            || !self.text[t.start..].starts_with(char::is_alphabetic)
        {
            return None;
        }
        let head = self.word(h);
        if [
            "'s",
            "\u{2019}s",
            "'re",
            "\u{2019}re",
            "'ve",
            "\u{2019}ve",
            "'ll",
            "\u{2019}ll",
            "'m",
            "\u{2019}m",
            "'d",
            "\u{2019}d",
        ]
        .iter()
        .any(|x| head.ends_with(x))
        {
            // A possessive or a contraction is not a subject.
            return None;
        }
        // Shares of a poll's respondents: "Two in three said", "six in 10
        // said", "most of them said".
        if h >= s0 + 2 && (self.is(h - 1, "in") || self.is(h - 1, "of")) {
            let number = |i: usize| self.is_number(i) || (self.has(i, DET) && !self.has(i, STOP));
            let whole = number(h)
                || self.is(h, "them")
                || self.is(h, "us")
                || self.is(h, "those")
                || self.is(h, "respondents");
            if whole && number(h - 2) && self.is_word(h) {
                return Some((h - 2, h + 1));
            }
            // "the 34-year-old mother of three replied"
            if self.is_count(h) && self.is(h - 1, "of") && !self.has(h - 2, STOP | SKIP | DET | CUE)
            {
                if let Some((s, _)) = self.np_core_left(h - 2, s0) {
                    return Some((s, h + 1));
                }
            }
        }
        if t.flags & (STOP | SKIP) != 0 && t.flags & (ROLE | DET) == 0 {
            return None;
        }
        if t.flags & PRON != 0 {
            return Some((h, h + 1));
        }
        if t.flags & CUE != 0 && t.flags & ROLE == 0 && !t.cap {
            return None;
        }
        // A quantifier alone opens a clause as its subject: "another says",
        // "all but two said". (A head of digits never gets here: it is not
        // alphabetic.)
        if t.flags & DET != 0 && !t.cap {
            let opens = h == s0
                || matches!(self.punct(h - 1), Some(',' | ';' | ':'))
                || self.is(h - 1, "and")
                || self.is(h - 1, "but")
                || self.is(h - 1, "least")
                || self.is(h - 1, "than")
                || self.is(h - 1, "about")
                || self.is(h - 1, "nearly")
                || self.is(h - 1, "only");
            let pronominal = [
                "another", "both", "some", "many", "most", "several", "all", "few", "one", "two",
                "three", "four", "five",
            ]
            .iter()
            .any(|w| head.eq_ignore_ascii_case(w));
            if opens && pronominal {
                return Some((h, h + 1));
            }
            return None;
        }
        let mut start = h;
        let mut low = None;
        let mut clean = false;
        let mut i = h;
        loop {
            if i <= s0 {
                clean = true;
                break;
            }
            if h - i >= 9 {
                break;
            }
            i -= 1;
            let u = self.toks[i];
            if u.kind != Kind::Word || u.quoted {
                clean = matches!(u.kind, Kind::Punct(',' | '\u{2014}' | '(' | ';'));
                break;
            }
            // A determiner or a count opens the phrase ("5 percent").
            if u.flags & DET != 0 || self.is_number(i) {
                start = i;
                low = None;
                break;
            }
            if u.flags & LINK != 0 {
                let right_ok = self.is_cap(i + 1) || self.has(i + 1, DET);
                let left_ok = i > s0 && self.is_word(i - 1) && !self.has(i - 1, STOP | SKIP | CUE);
                if right_ok && left_ok && start == i + 1 {
                    continue;
                }
                break;
            }
            if u.flags & (STOP | SKIP | PRON) != 0 || (u.flags & CUE != 0 && !u.cap) {
                break;
            }
            let w = self.word(i);
            if !u.cap && u.flags & ROLE == 0 && (w.ends_with("ing") || w.ends_with("ly")) {
                // "officials sharply condemning Mr Putin's ...": a verb phrase.
                break;
            }
            if u.cap {
                start = i;
                low = None;
            } else {
                low = Some(i);
            }
        }
        if clean {
            if let Some(l) = low {
                start = l;
            }
        }
        if start == h && !t.cap && t.flags & ROLE == 0 && !head.ends_with('s') {
            // "supporters of reform said": the plural or role before "of"
            // heads the phrase.
            if h >= s0 + 2
                && self.is(h - 1, "of")
                && (self.has(h - 2, ROLE)
                    || (self.word(h - 2).ends_with('s') && !self.is_cap(h - 2)))
            {
                if let Some((s, _)) = self.np_core_left(h - 2, s0) {
                    return Some((s, h + 1));
                }
            }
            // A bare lowercase word heads a phrase only as a role or a plural
            // ("reporters", "critics"), not "long" in "have long sought".
            return None;
        }
        // Extend over "spokesman for", "director of".
        if start >= s0 + 2 && self.has(start - 1, LINK) && !self.is(start - 1, "and") {
            let head = start - 2;
            if self.has(head, ROLE) || self.has(head, TITLE) {
                if let Some((s, _)) = self.np_core_left(head, s0) {
                    start = s;
                }
            }
        }
        Some((start, h + 1))
    }

    // -- cues -----------------------------------------------------------------

    /// The end of the cue phrase at `c` (exclusive) and, for "X quoted Y as
    /// saying", the speaker Y. Includes the listener of "told reporters".
    pub(super) fn cue_end(&self, c: usize) -> (usize, Option<(usize, usize)>) {
        let mut e = c + 1;
        if self.is(c, "according") && self.is(e, "to") {
            return (e + 1, None);
        }
        if (self.is(c, "pointed") || self.is(c, "pointing")) && self.is(e, "out") {
            return (e + 1, None);
        }
        if self.is(c, "quoted") {
            if self.is(e, "as") && self.has(e + 1, PARTICIPLE) {
                return (e + 2, None);
            }
            if let Some((s, pe)) = self.np_right(e) {
                if self.is(pe, "as") && self.has(pe + 1, PARTICIPLE) {
                    return (pe + 2, Some((s, pe)));
                }
            }
            return (e, None);
        }
        if self.has(c, CUE_OBJ) && !self.is(e, "that") && self.same_sent(c, e) {
            if let Some((_, oe)) = self.np_right(e) {
                if !self.has(e, PRON) || self.is(e, "him") || self.is(e, "her") {
                    e = oe;
                }
            } else if self.is(e, "him")
                || self.is(e, "her")
                || self.is(e, "them")
                || self.is(e, "me")
                || self.is(e, "us")
            {
                e += 1;
            }
        }
        (e, None)
    }

    /// Skips time and venue adjuncts after a cue: "on Monday", "in a statement
    /// carried by TASS", "at the conference", "last week".
    pub(super) fn after_adjuncts(&self, mut i: usize) -> usize {
        let n = self.toks.len();
        let mut rounds = 0;
        while i < n && rounds < 6 {
            rounds += 1;
            if self.has(i, TIME) && !self.has(i, DET) {
                i += 1;
                continue;
            }
            // "on MSNBC’s “Morning Joe”", "in CNN's "State of the Union"": a
            // show named in quotation marks.
            if (self.is(i, "on") || self.is(i, "in"))
                && self.is_word(i + 1)
                && (self.word(i + 1).ends_with("\u{2019}s") || self.word(i + 1).ends_with("'s"))
                && self.tok(i + 2).is_some_and(|t| t.kind == Kind::Open)
            {
                if let Some(r) = self.regions.iter().find(|r| r.open == i + 2) {
                    if r.closed && self.words_in(r.open, r.close) <= 6 {
                        i = r.close + 1;
                        continue;
                    }
                }
            }
            // "said for the first time that"
            if self.is(i, "for") && self.is(i + 1, "the") && self.is(i + 3, "time") {
                i += 4;
                continue;
            }
            let relative = self.is(i, "last")
                || self.is(i, "this")
                || self.is(i, "next")
                || self.is(i, "earlier");
            if relative && self.has(i + 1, TIME) {
                i += 2;
                continue;
            }
            if (self.is(i, "on")
                || self.is(i, "in")
                || self.is(i, "at")
                || self.is(i, "during")
                || self.is(i, "via")
                || self.is(i, "to"))
                && !self.has(i + 1, PRON)
            {
                if self.has(i + 1, TIME) && !self.has(i + 1, DET) {
                    i += 2;
                    continue;
                }
                // "in 2013", "on 12 May"
                if self.is_number(i + 1) {
                    i += 2;
                    while self.is_number(i) || self.has(i, TIME) {
                        i += 1;
                    }
                    continue;
                }
                // preposition (det) (modifiers) venue-noun
                let mut j = i + 1;
                if self.has(j, DET) {
                    j += 1;
                }
                let mut found = None;
                for k in j..(j + 4).min(n) {
                    if !self.is_word(k) || self.has(k, STOP | CUE) {
                        break;
                    }
                    if self.has(k, VENUE) || self.is_time_noun(k) {
                        found = Some(k);
                    }
                }
                if let Some(k) = found {
                    i = k + 1;
                    // "with CNN", "to reporters", "carried by TASS"
                    if (self.is(i, "with") || self.is(i, "to") || self.is(i, "on"))
                        && self.np_right(i + 1).is_some()
                    {
                        if let Some((_, e)) = self.np_right(i + 1) {
                            i = e;
                        }
                    }
                    continue;
                }
            }
            // "said after the attacks.", "told reporters outside the
            // courthouse.": a short prepositional phrase ending the sentence.
            if [
                "after", "before", "during", "in", "at", "on", "from", "by", "outside",
            ]
            .iter()
            .any(|w| self.is(i, w))
            {
                let lim = (i + 8).min(n);
                if let Some(end) = (i + 1..lim).find(|&k| !self.is_word(k) || self.has(k, CUE)) {
                    if end > i + 1
                        && (matches!(self.punct(end), Some('.' | '!' | '?'))
                            // "said Tuesday in Paris, noting ...": a participle next.
                            || (self.punct(end) == Some(',') && self.has(end + 1, PARTICIPLE)))
                        && self.sent_of(end) == self.sent_of(i)
                    {
                        i = end;
                    }
                }
            }
            break;
        }
        i
    }

    /// Whether token `i` names a stretch of time ("morning", "hours",
    /// "Monday"), as in "in the early morning hours".
    pub(super) fn is_time_noun(&self, i: usize) -> bool {
        self.is_word(i) && words(List::TimeNoun).iter().any(|w| self.is(i, w))
    }

    /// The carrier named by "carried by X", "quoted by X", "reported by X"
    /// within a few tokens after `i` in the same sentence.
    pub(super) fn carrier_after(&self, i: usize) -> Option<(usize, usize)> {
        let (_, se) = self.sentence(i.saturating_sub(1));
        let end = se.min(i + 14);
        for k in i..end {
            if self.is(k + 1, "by")
                && (self.is(k, "carried")
                    || self.is(k, "quoted")
                    || self.is(k, "reported")
                    || self.is(k, "cited")
                    || self.is(k, "published"))
            {
                let (s, e) = self.np_right(k + 2)?;
                // "the Russian news agency TASS" -> "TASS"
                let mut cs = e;
                while cs > s && self.is_cap(cs - 1) && !self.has(cs - 1, DET) {
                    cs -= 1;
                }
                if cs < e && self.has(s, DET) {
                    return Some((cs, e));
                }
                return Some((s, e));
            }
        }
        None
    }
}
