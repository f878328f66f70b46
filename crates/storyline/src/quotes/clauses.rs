//! Clause helpers shared by the reported and framed passes: subjects of
//! clauses and sentences, where a clause starts, whether a phrase looks
//! like a speaker, and `push_reported`, which checks and adds a reported
//! attribution.

use super::doc::{Doc, Kind, Raw};
use super::lexicon::*;
use super::QuoteKind;

impl Doc<'_> {
    /// The noun phrase ending with the possessive word at `p` ("Mr.
    /// Trump's", "the DNC’s"), possessive included.
    pub(super) fn np_core_left_poss(&self, p: usize, s0: usize) -> Option<(usize, usize)> {
        let mut s = p;
        while s > s0
            && s + 6 > p
            && (self.is_cap(s - 1) || self.has(s - 1, DET | TITLE))
            && !self.has(s - 1, STOP)
        {
            s -= 1;
            if self.has(s, DET) {
                break;
            }
        }
        Some((s, p + 1))
    }

    /// Whether token `i` looks like a finite verb of a clause: a lowercase
    /// word ending in "-ed" or "-s", or a common irregular past form.
    pub(super) fn verb_like(&self, i: usize) -> bool {
        if !self.is_word(i) || self.is_cap(i) || self.toks[i].quoted {
            return false;
        }
        if self.has(i, STOP | SKIP | DET | PRON | LINK | TIME | ROLE) {
            return false;
        }
        let w = self.word(i);
        (w.len() > 3 && (w.ends_with("ed") || w.ends_with('s') && !w.ends_with("ss")))
            || words(List::IrregularVerb)
                .iter()
                .any(|x| w.eq_ignore_ascii_case(x))
    }

    /// Whether `[s, e)` can name a speaker: a pronoun, a capitalised name or a role.
    pub(super) fn is_speakerlike(&self, s: usize, e: usize) -> bool {
        (e == s + 1 && self.has(s, PRON))
            || (s..e).any(|i| self.is_cap(i) && !self.has(i, DET))
            || self.has(e - 1, ROLE | TITLE)
            || self.is_role_plural(e - 1)
    }

    /// Whether token `i` is the plural of a role noun ("surrogates").
    pub(super) fn is_role_plural(&self, i: usize) -> bool {
        self.is_word(i)
            && self
                .word(i)
                .strip_suffix('s')
                .is_some_and(|stem| flags_of(stem) & ROLE != 0)
    }

    /// The start of the clause ending at `end`: the sentence start, or just
    /// after a semicolon or colon in between.
    pub(super) fn clause_start(&self, s0: usize, end: usize) -> usize {
        let mut a = s0;
        let lo = end.saturating_sub(200).max(s0);
        for i in (lo..end).rev() {
            if matches!(self.punct(i), Some(';' | ':')) && !self.toks[i].quoted {
                a = i + 1;
                break;
            }
        }
        // Leading "But", "And", "However," are not content.
        while a < end && (self.is(a, "but") || self.is(a, "and")) {
            a += 1;
        }
        a
    }

    /// For "according to an analysis by the Pew Research Center" and "a
    /// court document filed by X", the author after "by" (or "from",
    /// "with"), whom annotators take as the source; else `np` itself.
    pub(super) fn author_of(&self, np: (usize, usize)) -> (usize, usize) {
        let mut k = np.1;
        if [
            "filed",
            "released",
            "published",
            "compiled",
            "conducted",
            "obtained",
            "written",
        ]
        .iter()
        .any(|w| self.is(k, w))
        {
            k += 1;
        }
        let by = self.is(k, "by") || self.is(k, "from") || self.is(k, "with");
        if !by {
            return np;
        }
        self.np_right(k + 1).unwrap_or(np)
    }

    /// Whether tokens `[s, e)` only name a time: "Monday", "a Sunday",
    /// "A few minutes", "any time Thursday".
    pub(super) fn is_time_only(&self, s: usize, e: usize) -> bool {
        e > s
            && (s..e).any(|i| self.has(i, TIME) || self.is(i, "minutes") || self.is(i, "time"))
            && (s..e).all(|i| {
                self.has(i, TIME | DET)
                    || self.is(i, "minutes")
                    || self.is(i, "time")
                    || self.is(i, "hours")
                    || self.is(i, "later")
            })
    }

    /// Whether token `j` is a capitalised participle opening a sentence
    /// ("Appearing before ...", "Rattling off ...", "Adding, ..."), which
    /// is not a name.
    pub(super) fn opens_with_participle(&self, j: usize) -> bool {
        let w = self.word(j);
        self.is_cap(j)
            && j == self.sentence(j).0
            && w.len() > 5
            && w.ends_with("ing")
            && !self.is_cap(j + 1)
    }

    /// The first token after a dateline opening the sentence at `s0`
    /// ("PARIS, Aug 31 (Reuters) - ...", "WASHINGTON — ..."), else `s0`.
    pub(super) fn after_dateline(&self, s0: usize, c: usize) -> usize {
        let lim = (s0 + 10).min(c);
        let Some(d) =
            (s0 + 1..lim).find(|&p| matches!(self.punct(p), Some('\u{2014}' | '\u{2013}' | '-')))
        else {
            return s0;
        };
        let caps = {
            let w = self.word(s0);
            w.len() > 1 && w.chars().all(|ch| ch.is_uppercase() || !ch.is_alphabetic())
        };
        let agency = self.punct(d - 1) == Some(')');
        if caps || agency {
            d + 1
        } else {
            s0
        }
    }

    /// The subject of the clause ending at `c` when it opens with a pronoun,
    /// a name or a determiner (", but he gave the Texan a compliment:").
    pub(super) fn clause_subject(&self, s0: usize, c: usize) -> Option<(usize, usize)> {
        let lo = c.saturating_sub(40).max(s0);
        let mut a = (lo..c)
            .rev()
            .find(|&p| matches!(self.punct(p), Some(',' | ';')) && !self.toks[p].quoted)
            .map_or(s0, |p| p + 1);
        while a < c && self.has(a, CLAUSE | SKIP) && !self.has(a, PRON) {
            a += 1;
        }
        let (s, e) = self.np_right(a)?;
        let good = self.has(s, PRON) || self.has(s, DET) || self.is_cap(s);
        (good && e < c && !self.is(s, "who")).then_some((s, e))
    }

    /// The subject of the main clause before token `c` of the sentence
    /// starting at `s0`: the nearest noun phrase that opens a comma-separated
    /// part and is followed by a lowercase word ("Hours later, Trump returned
    /// the compliment, telling Reuters"), else the sentence's first noun
    /// phrase after an introductory phrase.
    pub(super) fn sentence_subject(&self, s0: usize, c: usize) -> Option<(usize, usize)> {
        let s0 = self.after_dateline(s0, c);
        let lo = c.saturating_sub(60).max(s0);
        let good = |a: usize| -> Option<(usize, usize)> {
            let (s, e) = self.np_right(a)?;
            let opener = self.has(s, PRON | DET) || self.is_cap(s);
            let verb_next = self.is_word(e) && !self.is_cap(e) && !self.has(e, LINK | CLAUSE);
            (opener && verb_next && !self.is(s, "who") && e <= c).then_some((s, e))
        };
        for p in (lo..c.saturating_sub(1)).rev() {
            if self.punct(p) == Some(',') && !self.toks[p].quoted {
                if let Some(np) = good(p + 1) {
                    return Some(np);
                }
            }
        }
        let mut a = s0;
        // "And then Trump went on the attack, saying ..."
        while a + 1 < c
            && ["and", "but", "then", "so", "yet", "still", "also", "now"]
                .iter()
                .any(|w| self.is(a, w))
        {
            a += 1;
        }
        if self.has(a, STOP | SKIP) && !self.has(a, DET) {
            let lim = c.min(s0 + 40);
            let p = (a..lim).find(|&p| self.punct(p) == Some(','))?;
            a = p + 1;
        }
        let (s, e) = self.np_right(a)?;
        if self.has(s, DET) && e == s + 1 {
            return None;
        }
        Some((s, e))
    }

    /// Trims punctuation from the content spans, sets the kind from the share
    /// of quoted words, and keeps the attribution if it has content.
    pub(super) fn push_reported(&self, mut raw: Raw, out: &mut Vec<Raw>) -> bool {
        // A source that is only a time ("Monday", "A few minutes later")
        // is a misparse: the subject of the sentence after it speaks.
        if let (Some((s, e)), Some((c, _))) = (raw.source, raw.cue) {
            if self.is_time_only(s, e) {
                let s0 = self.sentence(c).0;
                let lim = c.min(s0 + 40);
                let next = (e..lim).find(|&p| {
                    self.is_word(p) && !self.is_time_only(p, p + 1) && !self.has(p, STOP | SKIP)
                        || self.has(p, DET | PRON)
                });
                let alt = next
                    .and_then(|p| self.np_right(p))
                    .filter(|&(a, b)| b <= c && !self.is_time_only(a, b));
                if let Some(np) = alt {
                    raw.source = Some(np);
                }
            }
        }
        let mut spans = Vec::with_capacity(raw.content.len());
        for &(a, b) in &raw.content {
            if let Some(s) = self.trim(a, b) {
                spans.push(s);
            }
        }
        if spans.is_empty() {
            return false;
        }
        if raw.kind == QuoteKind::Reported {
            if self.word_bytes[spans[spans.len() - 1].1] == self.word_bytes[spans[0].0] {
                return false;
            }
            // "endorsed and has fundraised for ...", "reported from
            // Washington", "the award show is ...": what follows a verb that
            // is no cue here.
            let a = spans[0].0;
            let colon = raw.cue.is_some_and(|(c, _)| self.punct(c) == Some(':'));
            if !colon
                && ["and", "from", "is"].iter().any(|w| self.is(a, w))
                && !self.mostly_quoted(&spans)
            {
                return false;
            }
            // "spoke to reporters", "responding to the attack", "compared
            // with 2012": the phrase names a listener, a topic or a yardstick,
            // not what was said.
            const NOT_CONTENT: &[(&str, &[&str])] = &[
                ("spoke", &["to", "with", "for", "at"]),
                ("speaking", &["to", "with", "at"]),
                ("responding", &["to"]),
                ("adding", &["to"]),
                ("added", &["to"]),
                ("compared", &["to", "with"]),
                ("showed", &["up"]),
                ("showing", &["in"]),
                ("share", &["of"]),
                ("issued", &["in"]),
                ("support", &["in"]),
                ("claims", &["of"]),
                ("backed", &["away"]),
            ];
            if let Some((c, _)) = raw.cue {
                let listener = NOT_CONTENT
                    .iter()
                    .any(|(v, preps)| self.is(c, v) && preps.iter().any(|w| self.is(a, w)));
                if listener && !self.mostly_quoted(&spans) {
                    return false;
                }
            }
            if self.mostly_quoted(&spans) {
                raw.kind = QuoteKind::Direct;
            }
        }
        raw.key = raw.key.min(spans[0].0);
        if let Some((s, _)) = raw.source {
            raw.key = raw.key.min(s);
        }
        raw.content = spans;
        out.push(raw);
        true
    }

    /// Whether at least half of the characters of `spans` (token ranges)
    /// lie inside quotation marks, marks and punctuation included, as
    /// PolNeAR's gold counts them.
    pub(super) fn mostly_quoted(&self, spans: &[(usize, usize)]) -> bool {
        let (mut q, mut w) = (0usize, 0usize);
        for &(a, b) in spans {
            let (Some(&(ca, qa)), Some(&(cb, qb))) = (self.chars.get(a), self.chars.get(b)) else {
                continue;
            };
            w += cb - ca;
            q += qb - qa;
        }
        2 * q >= w
    }

    /// `[a, b)` without leading and trailing punctuation (keeping quotation
    /// marks that belong to a quote inside); `None` when no word is left.
    pub(super) fn trim(&self, mut a: usize, mut b: usize) -> Option<(usize, usize)> {
        b = b.min(self.toks.len());
        while a < b
            && matches!(
                self.toks[a].kind,
                Kind::Punct(_) | Kind::Mark { .. } | Kind::Close
            )
        {
            a += 1;
        }
        while b > a
            && matches!(
                self.toks[b - 1].kind,
                Kind::Punct(_) | Kind::Mark { .. } | Kind::Open
            )
        {
            b -= 1;
        }
        (self.words_in(a, b) > 0).then_some((a, b))
    }
}
