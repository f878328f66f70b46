//! Incremental ingest: the state that lets articles arrive one at a time, in
//! publication order, and still find their copies and stories.
//!
//! [`Incremental`] is the single implementation of "articles as they arrive":
//! the pipeline's stream grouping ([`crate::Grouping::Stream`]) feeds a whole
//! corpus through it, and the store feeds it batch after batch, so ingesting a
//! corpus in one call or in ten gives the same stories as `digest` in stream
//! mode. It keeps, for the live window only:
//! - running document frequencies (IDF as known when each article arrived);
//! - the sentences' exact-copy keys and LSH buckets, each sentence tagged with
//!   the key of the earliest sentence it copies (its *copy key*);
//! - the [`StoryIndex`] (sparse similarity graph and stories).
//!
//! With [`Incremental::close_idle`] on, stories idle for longer than
//! [`horizon_days`] are closed and their state dropped, so memory follows the
//! live window, not the corpus. A new *dated* article could not link to them
//! by similarity anyway; but an undated one (time counts for nothing) could,
//! and a copy of a sentence older than the horizon is no longer linked to it.
//! The store always closes; the pipeline's stream closes when every article is
//! dated (then it and the store decide alike, and a long corpus does not hold
//! every sentence's LSH buckets), and keeps every story open otherwise, so
//! that undated articles, which come last, can still join them.

use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::clean::Cleaned;
use crate::copies::{is_copy_of, CopyConfig, CopyProbe};
use crate::fingerprint::{fingerprint_sentences, Fingerprint};
use crate::model::Article;
use crate::stories::{
    horizon_days, renumbered, term_frequencies, weigh, DocFreq, ItemState, StoryConfig, StoryIndex,
    StoryInput,
};
use crate::text::{Normalizer, Term};
use crate::tokens::Tokens;

/// An article's per-article analysis: cleaning, sentences and fingerprints.
/// Pure and independent per article, so callers compute it in parallel.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Kept paragraphs and removed lines.
    pub cleaned: Cleaned,
    /// Byte spans of the kept sentences in the article text.
    pub sentences: Vec<Range<usize>>,
    /// One fingerprint per sentence.
    pub fingerprints: Vec<Fingerprint>,
    /// Normalised headline terms.
    pub title: Vec<Term>,
}

/// Clean, segment and fingerprint one article.
pub fn prepare(article: &Article, normalizer: &Normalizer, copies: &CopyConfig) -> Prepared {
    let tokens = Tokens::new(&article.text);
    let (cleaned, sentences) =
        crate::clean::clean_and_split_in(&article.text, &article.marked, &tokens);
    let fingerprints = fingerprint_sentences(
        normalizer,
        &article.text,
        &tokens,
        &sentences,
        copies.min_terms,
    );
    Prepared {
        cleaned,
        sentences,
        fingerprints,
        title: normalizer.terms(&article.title),
    }
}

/// The incremental state's clock, persisted with it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Clock {
    /// Latest publication time seen.
    pub latest: Option<jiff::Timestamp>,
    /// Cutoff of the last closing of idle stories.
    pub closed_until: Option<jiff::Timestamp>,
}

/// A persisted article, to rebuild the state ([`Incremental::restore`]).
#[derive(Debug, Clone)]
pub struct Restored {
    /// The number it was added under.
    pub number: u64,
    /// Its sentence fingerprints (recomputed from the stored text).
    pub fingerprints: Vec<Fingerprint>,
    /// Its index state.
    pub state: ItemState,
    /// Its copy keys.
    pub sentence_keys: Vec<u64>,
}

/// What adding one article decided.
#[derive(Debug, Clone)]
pub struct Added {
    /// The article's number in this state (order added, from 0).
    pub item: usize,
    /// The story (internal id) it joined.
    pub story: usize,
    /// Internal ids of every story whose members changed.
    pub touched: Vec<usize>,
    /// What story detection knows of it (persist it to restore the state).
    pub input: StoryInput,
    /// Copy key per sentence (0: too short to be a copy).
    pub sentence_keys: Vec<u64>,
    /// Distinct terms counted into the document frequencies.
    pub terms: Vec<u64>,
}

struct LiveSentence {
    probe: CopyProbe,
    key: u64,
}

/// The incremental state. See the module docs.
pub struct Incremental {
    stories: StoryConfig,
    copies: CopyConfig,
    df: DocFreq,
    index: StoryIndex,
    /// Exact normalised sentence hash → copy key.
    exact: FxHashMap<u64, u64>,
    /// (band, key) → live sentence slots, oldest first.
    buckets: FxHashMap<(u8, u64), Vec<usize>>,
    /// Live sentences by slot.
    sentences: FxHashMap<usize, LiveSentence>,
    next_slot: usize,
    /// Slots of each item's sentences, in arrival order (to forget them).
    slots_of: std::collections::VecDeque<(usize, Vec<usize>)>,
    /// Publication time of each item.
    published: Vec<Option<jiff::Timestamp>>,
    /// The caller's number of each item.
    numbers: Vec<u64>,
    /// Renumber items once this many closed ones hold slots (each renumbering
    /// costs the open items once: amortised, little per closed article).
    compact_after: usize,
    latest: Option<jiff::Timestamp>,
    closed_until: Option<jiff::Timestamp>,
    /// Stories closed and not yet taken by the caller (callers' numbers).
    closed: Vec<Vec<u64>>,
    close_idle: bool,
}

impl Incremental {
    /// An empty state.
    pub fn new(stories: &StoryConfig, copies: &CopyConfig) -> Self {
        Incremental {
            stories: stories.clone(),
            copies: copies.clone(),
            df: DocFreq::default(),
            index: StoryIndex::new(stories.clone()),
            exact: FxHashMap::default(),
            buckets: FxHashMap::default(),
            sentences: FxHashMap::default(),
            next_slot: 0,
            slots_of: std::collections::VecDeque::new(),
            published: Vec::new(),
            latest: None,
            closed_until: None,
            closed: Vec::new(),
            close_idle: false,
            numbers: Vec::new(),
            compact_after: 4096,
        }
    }

    /// Renumber items once `n` closed articles hold slots (default 4,096), so
    /// that memory follows the open stories only.
    pub fn compact_after(mut self, n: usize) -> Self {
        self.compact_after = n.max(1);
        self
    }

    /// The number the caller gave an item ([`Added::item`], story members).
    pub fn number(&self, item: usize) -> u64 {
        self.numbers[item]
    }

    /// Close stories idle beyond the horizon (off by default; see the module docs).
    pub fn close_idle(mut self, on: bool) -> Self {
        self.close_idle = on;
        self
    }

    /// Start from stored document frequencies (see [`Added::terms`]).
    pub fn set_doc_freq(&mut self, df: DocFreq) {
        self.df = df;
    }

    /// Add the next article, given a number unique to it among every article
    /// this state will ever see (the store's sequence number; it names the
    /// article's copy keys), its headline terms and sentence fingerprints.
    pub fn add(
        &mut self,
        number: u64,
        title: &[Term],
        fingerprints: &[Fingerprint],
        published: Option<jiff::Timestamp>,
    ) -> Added {
        self.advance(published);
        let item = self.index.len();
        let sentence_keys = self.link_sentences(item, number, fingerprints, None);
        let mut all: Vec<Term> = title.to_vec();
        all.extend(fingerprints.iter().flat_map(|f| f.terms.iter().copied()));
        let mut terms: Vec<u64> = all.iter().filter(|t| !t.stop).map(|t| t.id).collect();
        terms.sort_unstable();
        terms.dedup();
        self.df.add(&all);
        let body: Vec<Term> = fingerprints
            .iter()
            .flat_map(|f| f.terms.iter().copied())
            .collect();
        let mut copy_groups: Vec<usize> = sentence_keys
            .iter()
            .filter(|&&k| k != 0)
            .map(|&k| k as usize)
            .collect();
        copy_groups.sort_unstable();
        copy_groups.dedup();
        let tf = term_frequencies(title, &body, &self.stories);
        let input = StoryInput {
            vector: weigh(&tf, &self.df, &self.stories),
            published,
            copy_groups,
            tf,
            weighed_at: self.df.docs(),
        };
        let twin = self.twin_of(number, &sentence_keys);
        let (story, touched) = match twin {
            Some(of) => self.index.add_twin(input.clone(), of),
            None => self.index.add_reweighed(input.clone(), Some(&self.df)),
        };
        self.published.push(published);
        self.numbers.push(number);
        Added {
            item,
            story,
            touched,
            input,
            sentence_keys,
            terms,
        }
    }

    /// Rebuild the state in a new process from what a store persisted: the
    /// document frequencies, the clock ([`Incremental::clock`]) and, in the
    /// order added, each live article's number, sentence fingerprints, index
    /// state ([`Incremental::item_state`], links and story by position in
    /// `items`) and copy keys ([`Added::sentence_keys`]).
    pub fn restore(
        stories: &StoryConfig,
        copies: &CopyConfig,
        df: DocFreq,
        clock: Clock,
        items: Vec<Restored>,
    ) -> Self {
        let mut state = Incremental::new(stories, copies);
        state.df = df;
        state.latest = clock.latest;
        state.closed_until = clock.closed_until;
        let mut index_items = Vec::with_capacity(items.len());
        for (item, r) in items.into_iter().enumerate() {
            let published = r.state.input.published;
            // Sentences of articles older than the last cutoff were forgotten.
            let forgotten = matches!((published, clock.closed_until), (Some(p), Some(c)) if p < c);
            if !forgotten {
                state.link_sentences(item, r.number, &r.fingerprints, Some(&r.sentence_keys));
            }
            state.published.push(published);
            state.numbers.push(r.number);
            index_items.push(r.state);
        }
        state.index = StoryIndex::restore(stories.clone(), index_items);
        state
    }

    /// The index state of one article, to persist after a batch.
    pub fn item_state(&self, item: usize) -> ItemState {
        self.index.item_state(item)
    }

    /// Members of a story (internal id), in the order added.
    pub fn members(&self, story: usize) -> &[usize] {
        self.index.members(story)
    }

    /// The clock: latest publication seen and the last closing cutoff.
    pub fn clock(&self) -> Clock {
        Clock {
            latest: self.latest,
            closed_until: self.closed_until,
        }
    }

    /// The document frequencies so far.
    pub fn doc_freq(&self) -> &DocFreq {
        &self.df
    }

    /// Stories of the given internal story id, split into events, as the
    /// callers' article numbers.
    pub fn parts(&self, story: usize) -> Vec<Vec<u64>> {
        self.to_numbers(self.index.parts(story))
    }

    /// All stories so far (callers' article numbers): the closed ones not yet
    /// taken, then the open ones.
    pub fn stories(&self) -> Vec<Vec<u64>> {
        let mut all = self.closed.clone();
        all.extend(self.to_numbers(self.index.stories()));
        all
    }

    /// Take the stories closed since the last call: their articles left the
    /// live window and will not be touched again.
    pub fn take_closed(&mut self) -> Vec<Vec<u64>> {
        std::mem::take(&mut self.closed)
    }

    fn to_numbers(&self, stories: Vec<Vec<usize>>) -> Vec<Vec<u64>> {
        stories
            .into_iter()
            .map(|s| s.into_iter().map(|i| self.numbers[i]).collect())
            .collect()
    }

    /// Number of articles added (restored ones included).
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether nothing was added.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Move the clock to `published` and close what fell out of the window,
    /// at most once per week of publication time (closing scans the whole
    /// live state; closing later only holds a little more in memory).
    fn advance(&mut self, published: Option<jiff::Timestamp>) {
        let Some(t) = published else { return };
        if self.latest.is_some_and(|l| l >= t) {
            return;
        }
        self.latest = Some(t);
        let horizon = horizon_days(&self.stories);
        if !self.close_idle || !horizon.is_finite() {
            return;
        }
        let Ok(cutoff) = t.checked_sub(jiff::SignedDuration::from_secs_f64(horizon * 86_400.0))
        else {
            return;
        };
        let due = match self.closed_until {
            None => true,
            Some(c) => cutoff.as_second() - c.as_second() >= CLOSE_EVERY_SECONDS,
        };
        if !due {
            return;
        }
        self.closed_until = Some(cutoff);
        let closed = self.index.close_before(cutoff);
        let closed = self.to_numbers(closed);
        self.closed.extend(closed);
        // Forget sentences of articles published before the cutoff.
        let published = &self.published;
        let sentences = &mut self.sentences;
        let mut dropped = false;
        self.slots_of.retain(|(item, slots)| {
            let old = published[*item].is_some_and(|p| p < cutoff);
            if old {
                for s in slots {
                    sentences.remove(s);
                }
                dropped |= !slots.is_empty();
            }
            !old
        });
        if dropped {
            let sentences = &self.sentences;
            self.buckets.retain(|_, list| {
                list.retain(|s| sentences.contains_key(s));
                !list.is_empty()
            });
            let live: rustc_hash::FxHashSet<u64> = sentences.values().map(|s| s.key).collect();
            self.exact.retain(|_, k| live.contains(k));
        }
        let closed = self.index.closed_items();
        if closed >= self.compact_after {
            self.compact();
        }
    }

    /// Renumber the items of open stories (see [`StoryIndex::compact`]).
    fn compact(&mut self) {
        let map = self.index.compact();
        let keep = |a: &usize| map[*a] != usize::MAX;
        self.published = renumbered(std::mem::take(&mut self.published), &map);
        self.numbers = renumbered(std::mem::take(&mut self.numbers), &map);
        // Sentences of open articles only are still indexed; an entry for a
        // closed one (none expected) is forgotten with its sentences.
        let sentences = &mut self.sentences;
        self.slots_of.retain_mut(|(item, slots)| {
            if keep(item) {
                *item = map[*item];
                true
            } else {
                for s in slots.iter() {
                    sentences.remove(s);
                }
                false
            }
        });
    }

    /// Give each sentence its copy key (or the stored one) and index it.
    fn link_sentences(
        &mut self,
        item: usize,
        number: u64,
        fingerprints: &[Fingerprint],
        stored: Option<&[u64]>,
    ) -> Vec<u64> {
        let mut keys = Vec::with_capacity(fingerprints.len());
        let mut slots = Vec::new();
        for (position, fp) in fingerprints.iter().enumerate() {
            if fp.terms.len() < self.copies.min_terms {
                keys.push(0);
                continue;
            }
            let own = sentence_key(number, position);
            let exact_hit = self.exact.get(&fp.exact).copied();
            let key = match (stored, exact_hit) {
                (Some(stored), _) => stored.get(position).copied().unwrap_or(own),
                (None, Some(k)) => k,
                (None, None) => {
                    // Candidates from every band, each checked once, lowest
                    // copy key first: the first verified copy is the answer.
                    let mut cands: Vec<(u64, usize)> = Vec::new();
                    for (band, &b) in fp.bands.iter().enumerate() {
                        if let Some(list) = self.buckets.get(&(band as u8, b)) {
                            let lo = list.len().saturating_sub(self.copies.max_bucket_checks);
                            cands.extend(list[lo..].iter().filter_map(|slot| {
                                self.sentences.get(slot).map(|s| (s.key, *slot))
                            }));
                        }
                    }
                    cands.sort_unstable();
                    cands.dedup();
                    cands
                        .iter()
                        .find(|&&(_, slot)| {
                            self.sentences
                                .get(&slot)
                                .is_some_and(|s| is_copy_of(fp, &s.probe, &self.copies))
                        })
                        .map_or(own, |&(key, _)| key)
                }
            };
            keys.push(key);
            if exact_hit.is_none() {
                self.exact.insert(fp.exact, key);
                let slot = self.next_slot;
                self.next_slot += 1;
                for (band, &b) in fp.bands.iter().enumerate() {
                    self.buckets.entry((band as u8, b)).or_default().push(slot);
                }
                // What `is_copy_of` compares; the band keys live in `buckets`.
                self.sentences.insert(
                    slot,
                    LiveSentence {
                        probe: CopyProbe::of(fp),
                        key,
                    },
                );
                slots.push(slot);
            }
        }
        self.slots_of.push_back((item, slots));
        keys
    }
}

/// Closing idle stories runs at most once per this much publication time.
const CLOSE_EVERY_SECONDS: i64 = 7 * 86_400;

/// A sentence's own copy key: unique per (article, position), never 0.
/// The open item this article is a near-identical twin of, from its copy
/// keys: at least [`crate::stories::TWIN_MIN_SENTENCES`] and
/// [`crate::stories::TWIN_SHARE`] of its keyed sentences first carried by one
/// earlier article.
impl Incremental {
    fn twin_of(&self, number: u64, keys: &[u64]) -> Option<usize> {
        let firsts = keys.iter().filter(|&&k| k != 0).map(|&k| (k >> 20) - 1);
        let first = crate::stories::twin_source(firsts, number)?;
        let item = self.numbers.binary_search(&first).ok()?;
        self.index.is_open(item).then_some(item)
    }
}

fn sentence_key(number: u64, position: usize) -> u64 {
    ((number + 1) << 20) | (position as u64 & 0xF_FFFF)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Language;

    fn arrivals(n: usize) -> (Vec<Article>, Vec<Prepared>) {
        let (mut articles, _) = crate::synth::corpus(n, 11);
        articles.sort_by_key(|a| a.published.map(|p| p.order_key()));
        // Stretch time so that stories go idle and close.
        let base = articles[0].published.map_or(0, |p| p.at.as_second());
        for a in &mut articles {
            if let Some(p) = &mut a.published {
                let t = base + (p.at.as_second() - base) * 20;
                p.at = jiff::Timestamp::from_second(t).unwrap_or(p.at);
            }
        }
        let normalizer = Normalizer::new(Language::ENGLISH);
        let prepared = articles
            .iter()
            .map(|a| prepare(a, &normalizer, &CopyConfig::default()))
            .collect();
        (articles, prepared)
    }

    fn feed(state: &mut Incremental, articles: &[Article], prepared: &[Prepared], from: usize) {
        for (k, (a, p)) in articles.iter().zip(prepared).enumerate() {
            state.add(
                (from + k) as u64,
                &p.title,
                &p.fingerprints,
                a.published.map(|p| p.at),
            );
        }
    }

    fn sorted(mut stories: Vec<Vec<u64>>) -> Vec<Vec<u64>> {
        stories.iter_mut().for_each(|s| s.sort_unstable());
        stories.sort();
        stories
    }

    #[test]
    fn a_restored_state_decides_like_the_one_that_never_stopped() {
        let (articles, prepared) = arrivals(400);
        let cfg = StoryConfig::default();
        let copies = CopyConfig::default();
        // Compacting early, so that renumbering is exercised too.
        let fresh = || {
            Incremental::new(&cfg, &copies)
                .close_idle(true)
                .compact_after(8)
        };
        let mut whole = fresh();
        feed(&mut whole, &articles, &prepared, 0);

        let half = 200;
        let mut first = fresh();
        let mut keys = Vec::new();
        for (k, (a, p)) in articles[..half].iter().zip(&prepared[..half]).enumerate() {
            let added = first.add(
                k as u64,
                &p.title,
                &p.fingerprints,
                a.published.map(|p| p.at),
            );
            keys.push(added.sentence_keys);
        }
        let mut closed: Vec<Vec<u64>> = first.take_closed();
        assert!(!closed.is_empty(), "a story closed before the restart");
        assert!(
            first.len() < half,
            "closed articles' slots were compacted away"
        );
        // What a store keeps: every item of an open story, in order.
        let dead: rustc_hash::FxHashSet<u64> = closed.iter().flatten().copied().collect();
        let live: Vec<usize> = (0..first.len())
            .filter(|&i| !dead.contains(&first.number(i)))
            .collect();
        let position: FxHashMap<usize, usize> =
            live.iter().enumerate().map(|(k, &i)| (i, k)).collect();
        let items = live
            .iter()
            .map(|&i| {
                let number = first.number(i);
                let mut state = first.item_state(i);
                state.links = state
                    .links
                    .iter()
                    .filter_map(|&(b, s)| position.get(&b).map(|&k| (k, s)))
                    .collect();
                Restored {
                    number,
                    fingerprints: prepared[number as usize].fingerprints.clone(),
                    state,
                    sentence_keys: keys[number as usize].clone(),
                }
            })
            .collect();
        let mut second = Incremental::restore(
            &cfg,
            &copies,
            first.doc_freq().clone(),
            first.clock(),
            items,
        )
        .close_idle(true)
        .compact_after(8);
        for (k, (a, p)) in articles[half..].iter().zip(&prepared[half..]).enumerate() {
            second.add(
                (half + k) as u64,
                &p.title,
                &p.fingerprints,
                a.published.map(|p| p.at),
            );
        }
        closed.extend(second.stories());
        let expected = sorted(whole.stories());
        assert!(expected.len() > 10, "several stories: {}", expected.len());
        assert_eq!(sorted(closed), expected);
        // And compaction changed nothing: a stream that never compacts agrees.
        let mut plain = Incremental::new(&cfg, &copies).close_idle(true);
        feed(&mut plain, &articles, &prepared, 0);
        assert_eq!(sorted(plain.stories()), expected);
    }
}
