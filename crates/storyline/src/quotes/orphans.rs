//! Pass: quotes no earlier pass attributed. A quote opening the sentence
//! after an attribution continues it ("“A,” he said. “B.”"), a quote after
//! a bare cue ("Phil Musser agreed.") or a byline gets that speaker, a quote
//! inside a sentence goes to the clause subject, and the rest are left out.

use super::doc::{Doc, Kind, Raw, Region};
use super::lexicon::*;
use super::{Pass, QuoteKind};

/// The fewest words a quote inside a sentence needs to be attributed to the
/// sentence's subject without a cue.
const MIN_INLINE_WORDS: usize = 4;

/// The fewest words such a quote needs to count as a direct quote rather
/// than a quoted phrase.
const DIRECT_INLINE_WORDS: usize = 8;

impl Doc<'_> {
    /// Quotes nobody was found for: a quote opening the sentence right after
    /// an attribution continues it ("“A,” he said. “B.”", also across a
    /// paragraph break); other whole-sentence quotes are kept with no source.
    pub(super) fn orphan_quotes(&self, out: &mut Vec<Raw>) {
        let mut spans: Vec<(usize, usize)> =
            out.iter().flat_map(|r| r.content.iter().copied()).collect();
        spans.sort_unstable();
        let mut max_end = Vec::with_capacity(spans.len());
        let mut m = 0;
        for &(_, b) in &spans {
            m = m.max(b);
            max_end.push(m);
        }
        // The attribution that ends in each sentence (the latest by cue).
        let last_tok = self.toks.len().saturating_sub(1);
        let mut ends_in: Vec<Option<usize>> = vec![None; self.sents.len()];
        for (i, r) in out.iter().enumerate() {
            let end = r
                .content
                .iter()
                .map(|c| c.1)
                .chain(r.cue.map(|c| c.1))
                .chain(r.source.map(|c| c.1))
                .max()
                .unwrap_or(0);
            let s = self.sent_of(end.saturating_sub(1).min(last_tok));
            if let Some(slot) = ends_in.get_mut(s) {
                // "“A,” Nega said, introducing me to his comrades. “B.”": the
                // speaker's aside does not take the quote that goes on.
                let aside_of = |j: usize| {
                    out[j].quote
                        && out[j].kind == QuoteKind::Direct
                        && r.kind == QuoteKind::Reported
                        && r.source.is_some()
                        && out[j].source.map(|s| self.span_text(s).to_lowercase())
                            == r.source.map(|s| self.span_text(s).to_lowercase())
                };
                let later = slot.is_none_or(|j| out[j].key <= r.key && !aside_of(j));
                if later {
                    *slot = Some(i);
                }
            }
        }
        for r in &self.regions {
            let inside = (r.open + 1, r.close);
            let k = spans.partition_point(|&(a, _)| a < inside.1);
            if k > 0 && max_end[k - 1] > inside.0 {
                continue;
            }
            let s = self.sent_of(r.open);
            let (s0, _) = self.sentence(r.open);
            if s0 != r.open {
                // "Washington thanked Obama for “...”": the subject of the
                // clause speaks a quote inside its sentence.
                if let Some(raw) = self.inline_orphan(r, s0) {
                    out.push(raw);
                }
                continue;
            }
            let end_sent = self.sent_of(r.close.saturating_sub(1).min(last_tok));
            if let Some(src) = self.byline_after(r) {
                // "“...”\n\n- Bernie Sanders."
                let mut raw = Raw::new(Pass::OrphanByline, QuoteKind::Direct, vec![inside]);
                raw.source = Some(src);
                raw.key = r.open;
                out.push(raw);
                if let Some(slot) = ends_in.get_mut(end_sent) {
                    *slot = Some(out.len() - 1);
                }
                continue;
            }
            // "“A,” Obama said. He did not suggest X. “B.”": one sentence
            // between, in the same paragraph, when the attribution was a
            // direct quote with a named source.
            let gap = s.checked_sub(2).and_then(|p| ends_in[p]).filter(|&ai| {
                let para = self.toks[r.open].para;
                out[ai].kind == QuoteKind::Direct
                    && out[ai].source.is_some()
                    && out[ai].quote
                    && out[ai].key < self.toks.len()
                    && self.toks[out[ai].key].para == para
                    && ends_in[s - 1].is_none()
                    && {
                        let (a, b) = self.sents[s - 1];
                        !(a..b).any(|i| self.toks[i].quoted || self.cue_at(i))
                    }
            });
            if let Some(ai) = s.checked_sub(1).and_then(|p| ends_in[p]).or(gap) {
                out[ai].content.push(inside);
                if let Some(slot) = ends_in.get_mut(end_sent) {
                    *slot = Some(ai);
                }
                continue;
            }
            // "Phil Musser agreed. “...”" / "He added:\n\n“...”"
            // A quote with neither speaker nor cue is not an attribution
            // (on PolNeAR train, 1 of 41 such quotes was one).
            let Some((src, cue)) = s.checked_sub(1).and_then(|p| self.bare_cue(p)) else {
                continue;
            };
            let mut raw = Raw::new(Pass::OrphanBareCue, QuoteKind::Direct, vec![inside]);
            raw.source = Some(src);
            raw.cue = Some(cue);
            raw.key = r.open;
            out.push(raw);
            if let Some(slot) = ends_in.get_mut(end_sent) {
                *slot = Some(out.len() - 1);
            }
        }
    }

    /// For a quote that ends its paragraph, the name of a byline paragraph
    /// right after it ("- Bernie Sanders.", "-Michelle Marks, Philadelphia.")
    /// or a dash and name ending its own paragraph ("“...” ― Carla Sanchez.").
    pub(super) fn byline_after(&self, r: &Region) -> Option<(usize, usize)> {
        let para = self.tok(r.open)?.para;
        let mut k = r.close + usize::from(r.closed);
        let is_dash = |k: usize| {
            matches!(
                self.punct(k),
                Some('-' | '\u{2014}' | '\u{2013}' | '\u{2015}')
            )
        };
        while self.tok(k)?.para == para && !(r.closed && is_dash(k)) {
            if self.is_word(k) || matches!(self.tok(k)?.kind, Kind::Open | Kind::Mark { .. }) {
                return None;
            }
            k += 1;
        }
        if !is_dash(k) {
            return None;
        }
        let next = self.tok(k)?.para;
        let s = k + 1;
        let mut e = s;
        while self
            .tok(e)
            .is_some_and(|t| t.para == next && t.kind == Kind::Word)
            && e < s + 8
        {
            e += 1;
        }
        let short =
            self.tok(e).is_none_or(|t| t.para != next) || matches!(self.punct(e), Some(',' | '.'));
        (e > s && self.is_cap(s) && short).then_some((s, e))
    }

    /// A quote inside a sentence with no cue of its own, attributed to the
    /// subject of its clause when that looks like a speaker.
    pub(super) fn inline_orphan(&self, r: &Region, s0: usize) -> Option<Raw> {
        let inside = (r.open + 1, r.close);
        // "on CNN’s “State of the Union”": the name of a show.
        if r.open >= 2
            && (self.is(r.open - 2, "on") || self.is(r.open - 2, "in"))
            && (self.word(r.open - 1).ends_with("\u{2019}s")
                || self.word(r.open - 1).ends_with("'s"))
        {
            return None;
        }
        if self.words_in(inside.0, inside.1) < MIN_INLINE_WORDS {
            return None;
        }
        let (s, e) = self
            .clause_subject(s0, r.open)
            .or_else(|| self.sentence_subject(s0, r.open))?;
        if e >= r.open || !self.is_speakerlike(s, e) || self.toks[s..e].iter().any(|t| t.quoted) {
            return None;
        }
        let n = self.words_in(inside.0, inside.1);
        let kind = if n >= DIRECT_INLINE_WORDS {
            QuoteKind::Direct
        } else {
            QuoteKind::Reported
        };
        let mut raw = Raw::new(Pass::OrphanInline, kind, vec![inside]);
        raw.source = Some((s, e));
        raw.key = s;
        Some(raw)
    }

    /// For a sentence that is only "NP cue." or "NP cue:" ("Phil Musser
    /// agreed.", "Continued Stone:"), its speaker and cue.
    pub(super) fn bare_cue(&self, sent: usize) -> Option<((usize, usize), (usize, usize))> {
        let &(s0, s1) = self.sents.get(sent)?;
        let mut e = s1;
        while e > s0
            && matches!(
                self.toks[e - 1].kind,
                Kind::Punct(_) | Kind::Close | Kind::Mark { .. }
            )
        {
            e -= 1;
        }
        if e <= s0 || e - s0 > 24 || self.toks[s0..e].iter().any(|t| t.quoted) {
            return None;
        }
        for c in (s0..e).rev() {
            if !self.cue_at(c) && !self.has(c, INV_ONLY) {
                continue;
            }
            let (ce, _) = self.cue_end(c);
            if self.after_adjuncts(ce) < e {
                return None;
            }
            if c == s0 {
                let np = self.np_right(c + 1)?;
                return (np.1 >= e).then_some((np, (c, ce)));
            }
            let np = self.np_left(c)?;
            if np.0 == s0 {
                return Some((np, (c, ce)));
            }
            // "Sam Lau, the communications director for the party said in a
            // statement.": the name opening the sentence, before an aside.
            let first = self.np_right(s0)?;
            let aside = self.punct(first.1) == Some(',')
                && np.0 > first.1
                && (first.1..np.0).all(|k| !matches!(self.punct(k), Some('.' | ';' | ':')));
            return (aside && self.is_speakerlike(first.0, first.1)).then_some((first, (c, ce)));
        }
        None
    }
}
