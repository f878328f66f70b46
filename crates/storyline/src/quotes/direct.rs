//! Pass: direct quotes. Each paired quote is attributed from the words
//! after its closing mark ("“...,” the official said") or before its
//! opening mark ("X said: “...”"), and interrupted quotes are merged.

use super::doc::{is_quote_char, Doc, Kind, Raw, Region};
use super::lexicon::*;
use super::{Pass, QuoteKind};

impl Doc<'_> {
    /// Attribution of the quote `r` from the words after its closing mark.
    pub(super) fn attr_after(&self, r: &Region) -> Option<Raw> {
        if !r.closed {
            return None;
        }
        let close = r.close;
        let t = self.tok(close)?;
        let last_inside = self.text[..t.start]
            .chars()
            .rev()
            .find(|&c| !is_quote_char(c) && !c.is_whitespace());
        let mut k = close + 1;
        let nt = self.tok(k)?;
        if nt.para != t.para {
            return None;
        }
        let mut sep = matches!(
            last_inside,
            Some(',' | '?' | '!' | '\u{2014}' | '\u{2013}' | '-' | '\u{2026}' | ':')
        );
        // Without a comma ("“... here.” Trump said.") the cue must end the
        // clause; this is checked below.
        if matches!(self.punct(k), Some(',' | '\u{2014}' | '\u{2013}')) {
            sep = true;
            k += 1;
        } else if self.punct(k) == Some('.') {
            k += 1;
        }
        // ", said X" / ", according to X"
        let inverted = (self.cue_at(k) && (self.has(k, CUE_INV) || self.is(k, "according")))
            || (self.has(k, INV_ONLY) && !self.toks[k].quoted);
        if inverted {
            let (ce, _) = self.cue_end(k);
            let src = self.np_right(ce)?;
            if !sep && !self.clause_ends_at(self.after_adjuncts(src.1)) {
                return None;
            }
            let mut raw = Raw::new(
                Pass::DirectAfterInverted,
                QuoteKind::Direct,
                vec![(r.open + 1, r.close)],
            );
            raw.cue = Some((k, ce));
            raw.source = Some(src);
            raw.carrier = self.carrier_after(src.1);
            return Some(raw);
        }
        // ", X said" / ", X, a spokesman for Y, said" / ", Rep. X (D-Wis.) said"
        let (s, e) = self.np_right(k)?;
        let e = self.skip_paren(e);
        let mut c = self.skip_right(e);
        if self.punct(e) == Some(',') {
            let lim = (e + 16).min(self.sentence(e).1);
            let p = (e + 1..lim)
                .find(|&p| self.punct(p) == Some(',') || self.toks[p].quoted || self.cue_at(p));
            if let Some(p) = p.filter(|&p| self.punct(p) == Some(',')) {
                c = self.skip_right(p + 1);
            }
            if p.is_none_or(|p| self.punct(p) != Some(',')) || !self.cue_at(c) {
                // "X, who has proposed Y, said", "X, now 81 and retired in
                // Cambridge, Mass., said": a longer aside closed by a comma
                // right before the cue.
                c = self.long_aside(e)?;
            }
        }
        if self.has(c, PARTICIPLE) {
            return None;
        }
        // "“disgrace” Wednesday on The Laura Ingraham Show": a capital
        // after a capital is part of a name.
        if !self.cue_at(c) || (self.is_cap(c) && c > 0 && self.is_cap(c - 1)) {
            return None;
        }
        let (ce, quoted) = self.cue_end(c);
        if !sep && !self.clause_ends_at(self.after_adjuncts(ce)) {
            return None;
        }
        let mut raw = Raw::new(
            Pass::DirectAfter,
            QuoteKind::Direct,
            vec![(r.open + 1, r.close)],
        );
        raw.cue = Some((c, ce));
        if let Some(sp) = quoted {
            raw.source = Some(sp);
            raw.carrier = Some((s, e));
        } else {
            raw.source = Some((s, e));
            raw.carrier = self.carrier_after(ce);
        }
        Some(raw)
    }

    /// For the comma `k` right before a cue, the subject that opens the
    /// sentence when everything between it and `k` is one aside: "Gov. John
    /// Kasich of Ohio, a Republican who has refused to endorse Mr. Trump,
    /// said"; "On Monday, Sen. Ted Cruz (R-Tex.), a candidate who ...,
    /// tweeted". The aside may hold cue words and pronouns of its own.
    pub(super) fn subject_before_aside(&self, k: usize) -> Option<(usize, usize)> {
        let (s0, _) = self.sentence(k);
        let mut a = self.past_conjunction(s0);
        // A short opening phrase: "On the other side,", "In Ohio,".
        if self.has(a, STOP) && !self.has(a, DET | PRON) {
            let lim = (a + 8).min(k);
            a = (a + 1..lim).find(|&p| self.punct(p) == Some(','))? + 1;
        }
        let (ns, ne) = self.np_right(a)?;
        let comma = self.skip_paren(ne);
        // The aside is set off by commas or by dashes ("--" is two tokens).
        let delim = self.punct(k)?;
        let dash = |c: Option<char>| matches!(c, Some('\u{2014}' | '\u{2013}' | '-'));
        let same = if delim == ',' {
            self.punct(comma) == Some(',')
        } else {
            dash(self.punct(comma)) && dash(Some(delim))
        };
        let comma = if dash(self.punct(comma)) && self.punct(comma + 1) == Some('-') {
            comma + 1
        } else {
            comma
        };
        if comma >= k
            || !same
            || k - comma > 40
            || self.has(ns, PRON)
            || !self.is_speakerlike(ns, ne)
        {
            return None;
        }
        let clean = (comma + 1..k).all(|p| {
            !self.toks[p].quoted
                && !matches!(
                    self.toks[p].kind,
                    Kind::Open | Kind::Close | Kind::Mark { .. }
                )
                && !matches!(self.punct(p), Some(';' | ':' | '.' | '!' | '?'))
        });
        // The aside opens with a noun phrase or a relative "who".
        // ... and opens with a noun phrase or a relative "who", not with
        // "and" (a list of names) or a verb.
        let o = comma + 1;
        let opens = self.has(o, DET)
            || self.is(o, "who")
            || self.is(o, "whose")
            || self.is_cap(o)
            || self.has(o, ROLE | TITLE)
            || (self.is_word(o) && !self.has(o, STOP | SKIP | PRON | CUE) && !self.verb_like(o));
        (clean && opens).then_some((ns, ne))
    }

    /// For a cue `c` after "to" that still reports speech ("went on to
    /// say", "was prompted to say", "took to Twitter to say", "paused to
    /// note"), the verb that opens the phrase; `None` for "wants to say",
    /// "declined to say" and other infinitives.
    pub(super) fn reporting_infinitive(&self, c: usize) -> Option<usize> {
        let to = c.checked_sub(1)?;
        if !self.is(to, "to") {
            return None;
        }
        let lo = to.saturating_sub(4);
        let g = (lo..to)
            .rev()
            .find(|&g| words(List::InfinitiveLead).iter().any(|w| self.is(g, w)))?;
        // Only words between ("took to Twitter to", "went on to").
        let plain = (g + 1..to).all(|k| self.is_word(k) && !self.has(k, CUE));
        // "was prompted to": the passive's auxiliary opens the phrase.
        let mut g = g;
        while g > 0
            && ["was", "were", "is", "are", "been", "being", "be"]
                .iter()
                .any(|w| self.is(g - 1, w))
        {
            g -= 1;
        }
        (plain && self.same_sent(g, c)).then_some(g)
    }

    /// Past a short parenthesis opening at `e` ("(D-Wis.)", "(R-Utah)") in
    /// the same sentence; `e` itself when none opens there.
    pub(super) fn skip_paren(&self, e: usize) -> usize {
        if self.punct(e) != Some('(') {
            return e;
        }
        let lim = (e + 8).min(self.sentence(e).1);
        (e + 1..lim)
            .find(|&p| self.punct(p) == Some(')'))
            .map_or(e, |p| p + 1)
    }

    /// After a speaker ending at the comma `e`, the cue right after a later
    /// comma of the same sentence, within a short unquoted aside.
    pub(super) fn long_aside(&self, e: usize) -> Option<usize> {
        let lim = (e + 28).min(self.sentence(e).1);
        for p in e + 1..lim {
            if self.toks[p].quoted || matches!(self.punct(p), Some(';' | ':' | '(' | ')')) {
                return None;
            }
            if self.punct(p) == Some(',') {
                let c = self.skip_right(p + 1);
                if self.cue_at(c) && !self.has(c, PARTICIPLE) {
                    return Some(c);
                }
            }
        }
        None
    }

    /// The first token after the closing mark of `r` in its paragraph, past
    /// a comma or period, and whether the quote is set off by a comma (or
    /// `?`, `!`, a dash) inside or after its closing mark.
    pub(super) fn after_close(&self, r: &Region) -> Option<(usize, bool)> {
        if !r.closed {
            return None;
        }
        let t = self.tok(r.close)?;
        let last_inside = self.text[..t.start]
            .chars()
            .rev()
            .find(|&c| !is_quote_char(c) && !c.is_whitespace());
        let k = r.close + 1;
        if self.tok(k)?.para != t.para {
            return None;
        }
        let inside = matches!(
            last_inside,
            Some(',' | '?' | '!' | '\u{2014}' | '\u{2013}' | '-')
        );
        if matches!(self.punct(k), Some(',' | '\u{2014}' | '\u{2013}')) {
            return Some((k + 1, true));
        }
        Some((k, inside))
    }

    /// "“...,” Sanders's campaign manager, Jeff Weaver, said in an
    /// interview.": a long speaker description between the quote and its
    /// cue, with no function word that would start a clause.
    pub(super) fn attr_after_long(&self, r: &Region) -> Option<Raw> {
        let (k, sep) = self.after_close(r)?;
        if !sep || !self.is_word(k) || self.has(k, STOP | SKIP) && !self.has(k, DET) {
            return None;
        }
        let (_, se) = self.sentence(k);
        let lim = (k + 16).min(se);
        let c = (k + 1..lim).find(|&p| {
            self.toks[p].quoted
                || self.cue_at(p)
                || !(self.is_word(p) || matches!(self.punct(p), Some(',' | '(' | ')' | '-')))
                || (self.has(p, STOP | SKIP | PRON) && !self.has(p, LINK | DET))
        })?;
        if !self.cue_at(c) || self.has(c, PARTICIPLE) {
            return None;
        }
        let (ce, _) = self.cue_end(c);
        if !self.clause_ends_at(self.after_adjuncts(ce)) {
            return None;
        }
        let mut e = c;
        while e > k && matches!(self.punct(e - 1), Some(',' | '-')) {
            e -= 1;
        }
        let mut raw = Raw::new(
            Pass::DirectAfterLong,
            QuoteKind::Direct,
            vec![(r.open + 1, r.close)],
        );
        raw.cue = Some((c, ce));
        raw.source = Some((k, e));
        raw.carrier = self.carrier_after(ce);
        Some(raw)
    }

    /// "“...,” an angry Hollande retaliated.", "“Mexico!” the audience
    /// screamed back.": after a quote closed with a comma (or `?`, `!`), a
    /// speaker and any finite verb ending the clause make an attribution,
    /// also for verbs outside the lexicon.
    pub(super) fn attr_after_verb(&self, r: &Region) -> Option<Raw> {
        let (k, sep) = self.after_close(r)?;
        if !sep || !(self.has(k, PRON) || self.is_cap(k) || self.has(k, DET)) {
            return None;
        }
        let (_, se) = self.sentence(k);
        let lim = (k + 8).min(se);
        let v = (k + 1..lim).find(|&p| self.verb_like(p))?;
        if (k..v).any(|p| {
            !self.is_word(p)
                || self.toks[p].quoted
                || self.has(p, STOP | SKIP) && !self.has(p, DET | LINK)
        }) {
            return None;
        }
        if self.has(k, PRON) && v != k + 1 {
            return None;
        }
        let mut ce = v + 1;
        if ["back", "out", "in", "up", "on", "off"]
            .iter()
            .any(|w| self.is(ce, w))
        {
            ce += 1;
        }
        if !self.clause_ends_at(ce)
            && ![
                "with", "at", "to", "as", "in", "on", "from", "during", "after", "while", "before",
                "when", "into", "outside", "across",
            ]
            .iter()
            .any(|w| self.is(ce, w))
        {
            return None;
        }
        let mut raw = Raw::new(
            Pass::DirectAfterVerb,
            QuoteKind::Direct,
            vec![(r.open + 1, r.close)],
        );
        raw.cue = Some((v, ce));
        raw.source = Some((k, v));
        Some(raw)
    }

    /// Attribution of the quote `r` from the words before its opening mark
    /// (also across a paragraph break after a colon: "He said:\n\n“...”").
    pub(super) fn attr_before(&self, r: &Region) -> Option<Raw> {
        let open = r.open;
        let mut k = open.checked_sub(1)?;
        let cross = self.toks[k].para != self.toks[open].para;
        if cross && self.punct(k) != Some(':') {
            return None;
        }
        let (s0, _) = self.sentence(k);
        if !cross && open <= self.sentence(open).0 && self.punct(k) != Some(':') {
            return None;
        }
        let mut colon = false;
        let mut comma = false;
        if matches!(self.punct(k), Some(':' | ',')) {
            colon = self.punct(k) == Some(':');
            comma = !colon;
            k = k.checked_sub(1)?;
        }
        if k < s0 || self.toks[k].quoted {
            return None;
        }
        if self.is(k, "that") && k > s0 {
            k -= 1;
        }
        // "X was quoted as saying" / "TASS quoted Putin as saying"
        if self.has(k, PARTICIPLE) && k >= s0 + 2 && self.is(k - 1, "as") {
            let lo = k.saturating_sub(8).max(s0);
            let q = (lo..k - 1).rev().find(|&q| self.is(q, "quoted"))?;
            let mut raw = Raw::new(Pass::DirectQuotedAs, QuoteKind::Direct, self.quote_run(r));
            if q > s0 && (self.is(q - 1, "was") || self.is(q - 1, "were") || self.is(q - 1, "been"))
            {
                raw.cue = Some((q - 1, k + 1));
                raw.source = self.np_left(q - 1);
                raw.source?;
            } else {
                raw.cue = Some((q, k + 1));
                raw.source = self.np_right(q + 1).filter(|&(_, e)| e == k - 1);
                raw.carrier = self.np_left(q);
                raw.source?;
            }
            return Some(raw);
        }
        // "Stated Stone: “...”" / "Continued Stone:"
        if colon {
            if let Some((mut s, e)) = self.np_core_left(k, s0) {
                if s == s0 && e > s + 1 && (self.has(s, CUE_INV) || self.has(s, INV_ONLY)) {
                    s += 1;
                }
                let v = s.wrapping_sub(1);
                let verb_first = s > s0
                    && (v == s0 || self.punct(v - 1) == Some(','))
                    && (self.has(v, CUE_INV) || self.has(v, INV_ONLY));
                if e == k + 1 && verb_first {
                    let mut raw =
                        Raw::new(Pass::DirectVerbFirst, QuoteKind::Direct, self.quote_run(r));
                    raw.cue = Some((v, v + 1));
                    raw.source = Some((s, e));
                    return Some(raw);
                }
            }
        }
        // Find a cue at most a few adjunct tokens back ("told CNN on
        // Sunday:"), or anywhere in the clause before a colon.
        let lo = if colon {
            k.saturating_sub(40)
        } else {
            k.saturating_sub(7)
        }
        .max(s0);
        let mut c = None;
        let mut j = k + 1;
        while j > lo {
            j -= 1;
            if self.toks[j].quoted {
                break;
            }
            let weak_ok = j == k && self.has(j, WEAK) && !self.toks[j].quoted;
            if (self.cue_at(j) || weak_ok || ((colon || comma) && self.has(j, INV_ONLY)))
                && !self.has(j, CUE_AS)
            {
                c = Some(j);
                break;
            }
            if colon {
                // Only within the clause before the colon.
                if matches!(self.punct(j), Some(',' | ';' | '.')) || self.has(j, CLAUSE) {
                    break;
                }
                continue;
            }
            if !self.is_word(j) || self.has(j, PRON) && !self.is(j, "him") && !self.is(j, "her") {
                break;
            }
            if self.has(j, STOP) && !self.has(j, LINK) && !self.is(j, "on") && !self.has(j, DET) {
                break;
            }
        }
        if let Some(c) = c {
            let (ce, _) = self.cue_end(c);
            let adj = self.after_adjuncts(ce);
            if !(colon || comma) && (adj < k + 1 || (self.has(c, CUE_OBJ) && ce > c + 1)) {
                // Words between the cue and the quote that are not adjuncts:
                // "said the aim was to reach “...”" is not a direct quote, nor
                // is "told ABC’s “This Week”".
                return None;
            }
            let mut raw = Raw::new(Pass::DirectBefore, QuoteKind::Direct, self.quote_run(r));
            if !(colon || comma) {
                self.extend_partial(r, &mut raw);
            }
            raw.cue = Some((c, ce));
            if let Some(g) = self.reporting_infinitive(c) {
                // "was prompted to say, “...”", "took to Twitter to say:"
                raw.source = Some(self.np_left(g)?);
            } else if c > s0 && self.is(c - 1, "to") {
                // "interjected to say:"
                if !colon || c < s0 + 2 {
                    return None;
                }
                raw.source = Some(self.np_left(c - 2)?);
            } else if self.is(c, "according") {
                // "According to HuffPo: “...”"
                raw.source = Some(self.author_of(self.np_right(ce)?));
            } else if self.has(c, PARTICIPLE)
                || (c > s0 && (self.is(c - 1, "and") || self.is(c - 1, "but")))
            {
                // Subject taken from the clause before, by the caller.
                raw.needs_subject = true;
            } else if comma
                && (self.has(c, CUE_INV) || self.has(c, INV_ONLY))
                && self.past_conjunction(s0) == c
            {
                // "Said Comey, “...”": the verb opens the sentence.
                let (s, e) = self.np_right(c + 1).filter(|&(_, e)| e <= k + 1)?;
                raw.source = Some((s, e));
            } else {
                raw.source = Some(self.np_left(c)?);
            }
            raw.carrier = self.carrier_after(ce);
            return Some(raw);
        }
        if colon {
            // "Kerry: “...”", "... surprise pollster Daron Shaw: “...”"
            if let Some((s, e)) = self.np_core_left(k, s0) {
                if (s == s0 || self.is_cap(k)) && e == k + 1 {
                    let mut raw =
                        Raw::new(Pass::DirectNameColon, QuoteKind::Direct, self.quote_run(r));
                    raw.cue = Some((k + 1, k + 2));
                    raw.source = Some((s, e));
                    return Some(raw);
                }
            }
            // "Trump leaned in and boomed: “...”": the subject of the clause.
            let mut raw = Raw::new(
                Pass::DirectClauseColon,
                QuoteKind::Direct,
                self.quote_run(r),
            );
            raw.cue = Some((k + 1, k + 2));
            raw.source = Some(
                self.clause_subject(s0, k + 1)
                    .or_else(|| self.sentence_subject(s0, k + 1))?,
            );
            return Some(raw);
        }
        None
    }

    /// "Obama said “it gets me mad” every time he thinks about ...": a
    /// partial quote right after its cue whose clause goes on after the
    /// closing mark; the content runs to the clause's end and is direct only
    /// when mostly quoted.
    pub(super) fn extend_partial(&self, r: &Region, raw: &mut Raw) {
        let k = r.close + 1;
        // A comma inside the closing mark ends the clause ("“...,” one of").
        let comma_inside = r.close > 0 && self.punct(r.close - 1) == Some(',');
        if !r.closed
            || comma_inside
            || !self.is_word(k)
            || self.is_cap(k)
            || self.has(k, CUE | PRON)
            || !self.same_sent(r.close, k)
        {
            return;
        }
        let (_, s1) = self.sentence(k);
        let b = self.next_stop[k].min(s1);
        if b <= k {
            return;
        }
        raw.content = vec![self.trim(r.open, b).unwrap_or((r.open, b))];
        if !self.mostly_quoted(&[(r.open, b)]) {
            raw.kind = QuoteKind::Reported;
        }
    }

    /// The content span of quote `r` alone.
    pub(super) fn quote_run(&self, r: &Region) -> Vec<(usize, usize)> {
        vec![(r.open + 1, r.close)]
    }

    /// Attributes quotes from their surroundings and merges interrupted
    /// quotes ("“A,” he said, “B.”").
    pub(super) fn direct_quotes(&mut self) -> Vec<Raw> {
        let mut out: Vec<Raw> = Vec::new();
        let regions = std::mem::take(&mut self.regions);
        let mut consumed = vec![false; regions.len()];
        for (ri, r) in regions.iter().enumerate() {
            if consumed[ri] || self.is_title_span(r.open + 1, r.close) {
                continue;
            }
            let before = self.attr_before(r);
            let after = self
                .attr_after(r)
                .or_else(|| self.attr_after_long(r))
                .or_else(|| self.attr_after_verb(r));
            let raw = match (before, after) {
                (Some(mut b), Some(a)) => {
                    let differs = match (b.source, a.source) {
                        (Some(x), Some(y)) => self.span_text(x) != self.span_text(y),
                        _ => true,
                    };
                    let a_cue = a.cue.map_or(0, |c| c.0);
                    // A person's pronoun does not relay ("“...,” he wrote").
                    let media = (self.has(a_cue, MEDIA)
                        && !a
                            .source
                            .is_some_and(|(x, y)| y == x + 1 && self.has(x, PRON)))
                        || a.source
                            .is_some_and(|(x, y)| (x..y).any(|i| self.has(i, NONPERSON)));
                    if let Some((c, _)) = a.cue {
                        self.used[c] = true;
                    }
                    if b.needs_subject {
                        b.source = a.source;
                        b.needs_subject = false;
                        Some(b)
                    } else if b.cue.is_some()
                        && a.cue.is_some_and(|(c, ce)| {
                            c > r.close && {
                                let t = self.after_adjuncts(ce.max(a.source.map_or(0, |x| x.1)));
                                !self.clause_ends_at(t) && self.is_word(t) && !self.has(t, CUE)
                            }
                        })
                    {
                        // "Trump claimed that “...,” one of the prosecutors
                        // said the cases differ": the later cue has its own
                        // content; the quote is the earlier speaker's.
                        if let Some((c, _)) = a.cue {
                            self.used[c] = false;
                        }
                        Some(b)
                    } else if !self.has(a_cue, CUE) && b.cue.is_some() {
                        // "Silverman interjected, “...” who proceeded to
                        // perform": a cue of the lexicon before the quote wins
                        // over any verb after it.
                        if let Some((c, _)) = a.cue {
                            self.used[c] = false;
                        }
                        Some(b)
                    } else if media
                        && differs
                        && b.source.is_some_and(|(x, y)| {
                            self.is_speakerlike(x, y) && !self.has(y - 1, VENUE)
                        })
                    {
                        // "Obama “suggested ...”, the wire service writes."
                        b.carrier = b.carrier.or(a.source);
                        Some(b)
                    } else {
                        // "Nothing the president said “...,” the senator said."
                        if let Some((c, _)) = b.cue {
                            self.used[c] = false;
                        }
                        Some(a)
                    }
                }
                (Some(b), None) => Some(b),
                (None, Some(mut a)) => {
                    // "Obama “suggested the USA has concerns ...”, the wire
                    // service writes": the name before the quote speaks when
                    // a medium relays it (a person after the quote speaks
                    // the words: "Rubio “apologized numerous times,” Hannity
                    // said").
                    let first = r.open + 1;
                    let (s0, _) = self.sentence(r.open);
                    let a_cue = a.cue.map_or(0, |c| c.0);
                    // A person's pronoun does not relay ("“...,” he wrote").
                    let media = (self.has(a_cue, MEDIA)
                        && !a
                            .source
                            .is_some_and(|(x, y)| y == x + 1 && self.has(x, PRON)))
                        || a.source
                            .is_some_and(|(x, y)| (x..y).any(|i| self.has(i, NONPERSON)));
                    if media
                        && self.has(first, CUE)
                        && !self.has(first, WEAK)
                        && !self.is_cap(first)
                        && r.open > s0
                    {
                        if let Some(np) = self.np_core_left(r.open - 1, s0) {
                            if self.has(np.0, PRON) || self.is_cap(np.0) || self.has(np.0, DET) {
                                a.carrier = a.source;
                                a.source = Some(np);
                            }
                        }
                    }
                    Some(a)
                }
                (None, None) => None,
            };
            let Some(mut raw) = raw else { continue };
            if raw.needs_subject {
                // ", telling the crowd, “...”": the subject of an earlier
                // attribution of the sentence, else of the sentence.
                let c = raw.cue.map_or(r.open, |c| c.0);
                let (s0, _) = self.sentence(c);
                let prev = out
                    .iter()
                    .rev()
                    .take_while(|p| p.key >= s0)
                    .find(|p| p.cue.is_some_and(|(pc, _)| pc < c && pc >= s0));
                raw.source = match prev {
                    Some(p) => p.source,
                    None => self.sentence_subject(s0, c),
                };
                raw.needs_subject = false;
                if raw.source.is_none() {
                    continue;
                }
            }
            let cue = raw.cue.map_or(r.open, |(c, _)| c);
            if let Some((c, _)) = raw.cue {
                self.used[c] = true;
            }
            // Interrupted quote: "“A,” he said, “B.”"
            if let Some(nr) = regions.get(ri + 1) {
                let ce = raw.cue.map_or(0, |c| c.1);
                let se = raw.source.map_or(0, |s| s.1);
                let tail = self.after_adjuncts(ce.max(se));
                if tail > r.close
                    && self.punct(tail) == Some(',')
                    && nr.open == tail + 1
                    && self.toks[nr.open].para == self.toks[r.open].para
                {
                    raw.content.push((nr.open + 1, nr.close));
                    consumed[ri + 1] = true;
                }
            }
            raw.key = raw.key.min(cue);
            if let Some((s, _)) = raw.source {
                raw.key = raw.key.min(s);
            }
            raw.quote = raw.cue.is_some_and(|(c, _)| c > r.close);
            out.push(raw);
        }
        self.regions = regions;
        out
    }
}
