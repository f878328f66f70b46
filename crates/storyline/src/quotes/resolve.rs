//! The last steps: dropping titles and attributions nested in another's
//! content, resolving pronoun and role speakers to fuller earlier mentions,
//! and turning token ranges into the byte ranges of [`Attribution`].

use super::doc::{Doc, Kind, Person, Raw};
use super::lexicon::*;
use super::{Attribution, QuoteKind};
use crate::entities::{given_name_sex, NameSex};
use rustc_hash::FxHashMap;
use std::ops::Range;

impl Doc<'_> {
    /// Resolves pronoun and role sources to earlier, fuller mentions.
    pub(super) fn resolve(&self, found: &mut [Raw]) {
        /// How many earlier attributions a role or "they" looks back over.
        const LOOK_BACK: usize = 40;
        let persons = self.person_mentions();
        for i in 0..found.len() {
            let Some((s, e)) = found[i].source else {
                continue;
            };
            let earlier = &found[i.saturating_sub(LOOK_BACK)..i];
            let resolved = if e == s + 1 && (self.is(s, "who") || self.is(s, "which")) {
                self.antecedent(s)
            } else if e == s + 1 && self.has(s, PRON) {
                // "She’s said": the pronoun without its auxiliary.
                let w = self.word(s);
                let base = w.split(['\u{2019}', '\'']).next().unwrap_or(w);
                let is = |x: &str| base.eq_ignore_ascii_case(x);
                if is("he") || is("she") {
                    // The last person before it whose name or title does
                    // not say the other sex ("Asked by Matt Lauer whether
                    // ..., she said" is not Matt Lauer).
                    let want = if is("he") {
                        NameSex::Male
                    } else {
                        NameSex::Female
                    };
                    let k = persons.partition_point(|p| p.span.1 <= s);
                    persons[..k]
                        .iter()
                        .rev()
                        .take(8)
                        .find(|p| {
                            self.person_sex(p)
                                .is_none_or(|x| x == want || x == NameSex::Either)
                        })
                        .map(|p| p.full)
                } else if is("they") {
                    earlier
                        .iter()
                        .rev()
                        .filter_map(|a| a.speaker)
                        .find(|&(a, b)| {
                            !self.has(a, PRON)
                                && (self.word(b - 1).ends_with('s')
                                    || (a..b).any(|t| self.is(t, "and")))
                        })
                } else {
                    None
                }
            } else if self.is_role_phrase(s, e) {
                let head = self.word(e - 1);
                earlier
                    .iter()
                    .rev()
                    .filter_map(|a| a.source.map(|src| (src, a.speaker)))
                    .find(|&((a, b), _)| {
                        b - a > e - s && self.word(b - 1).eq_ignore_ascii_case(head)
                    })
                    .map(|(src, sp)| sp.unwrap_or(src))
                    .or_else(|| {
                        // "the US President" -> the last person titled
                        // "President" before this sentence.
                        let s0 = self.sentence(s).0;
                        let k = persons.partition_point(|p| p.span.1 <= s0);
                        persons[..k]
                            .iter()
                            .rev()
                            .find(|p| {
                                p.title
                                    .is_some_and(|t| self.word(t).eq_ignore_ascii_case(head))
                            })
                            .map(|p| p.full)
                    })
            } else if e == s + 1 && self.is_cap(s) {
                // A surname alone: the fullest mention of it so far.
                let k = persons.partition_point(|p| p.span.0 < s);
                persons.get(k).filter(|p| p.span == (s, e)).map(|p| p.full)
            } else {
                None
            };
            found[i].speaker = Some(resolved.unwrap_or((s, e)));
        }
    }

    /// The noun phrase a relative "who" or ", which" at `k` refers to:
    /// "Mike Lee, who declared ..." -> "Mike Lee".
    pub(super) fn antecedent(&self, k: usize) -> Option<(usize, usize)> {
        let (s0, _) = self.sentence(k);
        let h = if self.punct(k.checked_sub(1)?) == Some(',') {
            k.checked_sub(2)?
        } else {
            k.checked_sub(1)?
        };
        if h < s0 || self.toks[h].quoted {
            return None;
        }
        self.np_core_left(h, s0)
    }

    /// Whether `r` is only the title of a show, book or film in quotation
    /// marks ("Sunday on Fox News channel’s “Sunday Morning Futures”",
    /// "told “Fox and Friends”"): a few capitalised words with no sentence
    /// punctuation, right after a possessive or a word that introduces a
    /// title.
    pub(super) fn is_title(&self, r: &Raw) -> bool {
        let [(a, b)] = r.content[..] else {
            return false;
        };
        self.is_title_span(a, b)
    }

    /// [`Doc::is_title`] for the quoted tokens `[a, b)`.
    pub(super) fn is_title_span(&self, a: usize, b: usize) -> bool {
        if a < 2 || b > self.toks.len() || self.toks[a - 1].kind != Kind::Open {
            return false;
        }
        let n = self.words_in(a, b);
        if n == 0 || n > 6 || !self.is_cap(a) {
            return false;
        }
        let plain = (a..b).all(|i| {
            if self.is_word(i) {
                self.is_cap(i)
                    || self.word(i).starts_with(|c: char| c.is_ascii_digit())
                    || words(List::TitleSmall).iter().any(|w| self.is(i, w))
            } else {
                // A full stop may close the title at a sentence's end.
                (!matches!(self.punct(i), Some('.' | '!' | '?'))
                    || (i + 1 == b && self.punct(i) == Some('.')))
                    && (self.punct(i) != Some(',') || i + 1 == b)
                    && !matches!(self.toks[i].kind, Kind::Open | Kind::Close)
            }
        });
        if !plain {
            return false;
        }
        let mut p = a - 2;
        if self.punct(p) == Some(',') && p > 0 {
            p -= 1;
        }
        let w = self.word(p);
        self.is_word(p)
            && (words(List::TitleBefore)
                .iter()
                .any(|x| w.eq_ignore_ascii_case(x))
                || w.ends_with("'s")
                || w.ends_with("\u{2019}s"))
    }

    /// Whether `r` is an "according to X" attribution, which wraps a quote
    /// and its own attribution ("“...,” the judge said, according to the
    /// Post").
    pub(super) fn is_according(&self, r: &Raw) -> bool {
        r.cue.is_some_and(|(c, _)| self.is(c, "according"))
    }

    /// Whether `r` is kept inside another attribution's content: its cue
    /// is a verb of plain speech or report ([`NEST`]).
    pub(super) fn may_nest(&self, r: &Raw) -> bool {
        r.cue.is_some_and(|(c, _)| self.has(c, NEST))
    }

    /// Whether `[s, e)` is a described role ("the official", "a senior
    /// official", "the Kremlin spokesman") rather than a name.
    pub(super) fn is_role_phrase(&self, s: usize, e: usize) -> bool {
        e > s + 1 && self.has(s, DET) && self.has(e - 1, ROLE)
    }

    /// Capitalised name runs that look like persons (titles stripped: "Russian
    /// President Vladimir Putin" -> "Vladimir Putin"), in text order, each
    /// with the fullest mention so far that ends with the same surname.
    /// The sex a person's title ("Mrs.", "Mr.") or given name says, if any.
    pub(super) fn person_sex(&self, p: &Person) -> Option<NameSex> {
        if let Some(t) = p.title {
            let w = self.word(t).trim_end_matches('.');
            if ["mr", "sir", "king", "prince"]
                .iter()
                .any(|x| w.eq_ignore_ascii_case(x))
            {
                return Some(NameSex::Male);
            }
            if ["mrs", "ms", "miss", "madam", "queen", "princess"]
                .iter()
                .any(|x| w.eq_ignore_ascii_case(x))
            {
                return Some(NameSex::Female);
            }
        }
        let (a, e) = p.full;
        // Only a name of two words or more starts with a given name.
        if e - a >= 2 {
            given_name_sex(self.word(a))
        } else {
            None
        }
    }

    pub(super) fn person_mentions(&self) -> Vec<Person> {
        let n = self.toks.len();
        let mut out: Vec<Person> = Vec::new();
        let mut fullest: FxHashMap<&str, (usize, usize)> = FxHashMap::default();
        let mut i = 0;
        while i < n {
            if !self.is_cap(i) || self.has(i, DET | STOP | SKIP | PRON) || self.toks[i].quoted {
                i += 1;
                continue;
            }
            let s = i;
            let mut e = i;
            while e < n
                && e - s < 6
                && self.is_cap(e)
                && !self.has(e, STOP | DET | PRON)
                && self.toks[e].para == self.toks[s].para
            {
                e += 1;
            }
            i = e.max(s + 1);
            let mut a = s;
            let mut title = None;
            for k in s..e {
                if self.has(k, TITLE) {
                    a = k + 1;
                    title = Some(k);
                }
            }
            let titled = title.is_some();
            if a >= e || e - a > 4 {
                continue;
            }
            let acronym = (a..e).any(|k| {
                let w = self.word(k);
                w.len() > 1 && w.chars().all(|c| c.is_uppercase() || c == '.')
            });
            if acronym || (a..e).any(|k| self.has(k, NONPERSON)) {
                continue;
            }
            let last = self.word(e - 1);
            let key = last
                .strip_suffix("'s")
                .or_else(|| last.strip_suffix("\u{2019}s"))
                .unwrap_or(last);
            let known = fullest.contains_key(key);
            if titled || e - a >= 2 || known || self.is_speaker_word(a) {
                let span = (a, e);
                let best = fullest.entry(key).or_insert(span);
                if e - a > best.1 - best.0 {
                    *best = span;
                }
                out.push(Person {
                    span,
                    full: *best,
                    title,
                });
            }
        }
        out
    }

    /// Whether the single capitalised word at `a` is directly followed by a cue
    /// ("Toner said") or preceded by ", said".
    pub(super) fn is_speaker_word(&self, a: usize) -> bool {
        self.cue_at(self.skip_right(a + 1))
            || (a > 0 && self.cue_at(a - 1) && self.has(a - 1, CUE_INV))
    }

    // -- output ----------------------------------------------------------------

    /// Byte range of tokens `[a, b)`; `None` when empty.
    /// [`Self::bytes`] of a speaker, without the auxiliary of a contracted
    /// pronoun ("She’s said" gives "She").
    pub(super) fn name_bytes(&self, (a, b): (usize, usize)) -> Option<Range<usize>> {
        let r = self.bytes((a, b))?;
        if b == a + 1 && self.has(a, PRON) {
            if let Some(i) = self.text[r.clone()].find(['\u{2019}', '\'']) {
                if i > 0 {
                    return Some(r.start..r.start + i);
                }
            }
        }
        Some(r)
    }

    pub(super) fn bytes(&self, (a, b): (usize, usize)) -> Option<Range<usize>> {
        if a >= b || b > self.toks.len() {
            return None;
        }
        Some(self.toks[a].start..self.toks[b - 1].end)
    }

    /// Text of tokens `s` (empty when none).
    pub(super) fn span_text(&self, s: (usize, usize)) -> &str {
        self.bytes(s).map_or("", |r| &self.text[r])
    }

    /// Converts token ranges to byte ranges; a trailing comma inside a quote
    /// is not content.
    pub(super) fn finish(&self, raw: &Raw) -> Attribution {
        let content = raw
            .content
            .iter()
            .filter_map(|&(a, mut b)| {
                while b > a
                    && matches!(
                        self.punct(b - 1),
                        Some(',' | ';' | ':' | '\u{2014}' | '\u{2013}' | '-')
                    )
                {
                    b -= 1;
                }
                self.bytes((a, b))
            })
            .collect();
        // Single quotation marks (headlines' ‘...’) do not make a direct
        // quote for PolNeAR's gold, which counts double marks only.
        let single = |a: usize| {
            a > 0
                && self.toks[a - 1].kind == Kind::Open
                && matches!(
                    &self.text[self.toks[a - 1].start..self.toks[a - 1].end],
                    "'" | "\u{2018}" | "\u{2019}" | "\u{201a}"
                )
        };
        let kind = if raw.kind == QuoteKind::Direct
            && !raw.content.is_empty()
            && raw
                .content
                .iter()
                .all(|&(a, _)| a < self.toks.len() && single(a))
        {
            QuoteKind::Reported
        } else {
            raw.kind
        };
        Attribution {
            kind,
            content,
            cue: raw.cue.and_then(|c| self.bytes(c)),
            source: raw.source.and_then(|c| self.name_bytes(c)),
            speaker: raw.speaker.and_then(|c| self.name_bytes(c)),
            carrier: raw.carrier.and_then(|c| self.bytes(c)),
            pass: raw.pass,
        }
    }
}

/// Drops attributions whose cue lies inside the content of another one
/// (annotation in news corpora is univocal: "X said Y believes Z" is one
/// attribution of X). A quote attributed from its own surroundings wins over
/// a reported content that swallowed it ("Trump asserted that France had lost
/// its identity: “...,” he claimed").
pub(super) fn drop_nested(
    found: Vec<Raw>,
    may_nest: impl Fn(&Raw) -> bool,
    wraps: impl Fn(&Raw) -> bool,
) -> Vec<Raw> {
    let mut protected: Vec<usize> = found
        .iter()
        .filter(|r| r.quote)
        .filter_map(|r| r.cue.map(|c| c.0))
        .collect();
    protected.sort_unstable();
    let swallows = |r: &Raw| {
        !r.quote
            && !wraps(r)
            && r.content.iter().any(|&(a, b)| {
                let k = protected.partition_point(|&c| c < a);
                protected.get(k).is_some_and(|&c| c < b)
            })
    };
    let found: Vec<Raw> = found.into_iter().filter(|r| !swallows(r)).collect();
    // Content spans with their attribution, sorted, and the running
    // furthest end with the attribution that reaches it.
    let mut spans: Vec<(usize, usize, usize)> = found
        .iter()
        .enumerate()
        .flat_map(|(i, r)| r.content.iter().map(move |&(a, b)| (a, b, i)))
        .collect();
    spans.sort_unstable();
    let mut max_end: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    let mut m = (0, usize::MAX);
    for &(_, b, i) in &spans {
        if b > m.0 {
            m = (b, i);
        }
        max_end.push(m);
    }
    let contains = |r: &Raw, c: usize| r.content.iter().any(|&(a, b)| a <= c && c < b);
    let keep: Vec<bool> = found
        .iter()
        .map(|r| {
            let Some((c, _)) = r.cue else { return true };
            if may_nest(r) {
                return true;
            }
            let k = spans.partition_point(|&(a, _, _)| a <= c);
            if k == 0 || max_end[k - 1].0 <= c {
                return true;
            }
            // Two attributions holding each other's cue: keep both.
            let other = &found[max_end[k - 1].1];
            other.cue.is_some_and(|(oc, _)| contains(r, oc))
        })
        .collect();
    found
        .into_iter()
        .zip(keep)
        .filter_map(|(r, k)| k.then_some(r))
        .collect()
}
