//! Stories: group the articles that report the same event.
//!
//! Each article becomes a TF-IDF vector over its normalised content terms
//! (headline terms and names weigh more). Articles are then taken in publication
//! order and each joins the story whose centroid it is most similar to, or starts
//! a new one. Two more signals adjust the similarity:
//! - shared copy groups: an article that carries a sentence of the story is
//!   very likely about the same event;
//! - time: beyond a window of days, similarity decays, so the same kind of event
//!   months apart becomes a different story.
//!
//! The same function serves the batch path (all articles at once) and the
//! stream path (one article at a time): [`StoryIndex`] holds the state.

use rustc_hash::{FxHashMap, FxHashSet};

pub use crate::cluster::{average_link, average_link_by_component, average_link_weighted};
use crate::model::Article;
use crate::text::Term;

/// Knobs of story detection.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryConfig {
    /// Minimum similarity for an article to join a story.
    pub threshold: f64,
    /// Added to the similarity for each copy group shared with the story (up to 3).
    pub copy_bonus: f64,
    /// Days within which time does not matter.
    pub window_days: f64,
    /// Beyond the window, similarity is multiplied by `exp(-extra_days / decay_days)`.
    pub decay_days: f64,
    /// Terms kept per article vector (the strongest ones).
    pub max_terms: usize,
    /// Weight of names (capitalised terms) relative to other words: names tell
    /// one event from another, but not one topic from another.
    pub name_weight: f32,
    /// Split a story into two events when, with the terms its members share
    /// discounted (local IDF), its members form two groups whose average local
    /// similarity is under this value (see [`split_events`]); `None` never splits.
    pub split_threshold: Option<f64>,
}

impl Default for StoryConfig {
    fn default() -> Self {
        StoryConfig {
            threshold: 0.15,
            copy_bonus: 0.1,
            window_days: 7.0,
            decay_days: 20.0,
            max_terms: 80,
            name_weight: 1.5,
            split_threshold: Some(0.03),
        }
    }
}

impl StoryConfig {
    /// Cluster by topic (kind of event) rather than by event: a looser threshold,
    /// no time decay and no event split, and names weigh like other words (the
    /// events of one topic have different participants).
    pub fn topics() -> Self {
        StoryConfig {
            threshold: 0.05,
            decay_days: f64::INFINITY,
            split_threshold: None,
            name_weight: 1.0,
            ..StoryConfig::default()
        }
    }
}

/// A sparse, L2-normalised term vector: `(term id, weight)` sorted by id.
pub type TermVector = Vec<(u64, f32)>;

/// Document frequencies over a collection, for IDF weights.
#[derive(Debug, Clone, Default)]
pub struct DocFreq {
    df: FxHashMap<u64, u32>,
    docs: u32,
}

impl DocFreq {
    /// Count one document's distinct terms.
    pub fn add(&mut self, terms: &[Term]) {
        let distinct: FxHashSet<u64> = terms.iter().filter(|t| !t.stop).map(|t| t.id).collect();
        self.add_distinct(distinct);
    }

    /// Count one document given its distinct terms (each id once; for
    /// instance the ids of its [`term_frequencies`], which skip function
    /// words as [`DocFreq::add`] does).
    pub fn add_distinct(&mut self, ids: impl IntoIterator<Item = u64>) {
        for id in ids {
            *self.df.entry(id).or_insert(0) += 1;
        }
        self.docs += 1;
    }

    /// Each term's document count, in no particular order: partial counts
    /// made apart (say on several machines) add up to the whole's, see
    /// [`DocFreq::from_counts`].
    pub fn counts(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.df.iter().map(|(&id, &n)| (id, n))
    }

    /// Document frequencies as stored: `(term, documents)` pairs and the
    /// number of documents.
    pub fn from_counts(counts: impl IntoIterator<Item = (u64, u32)>, docs: u32) -> Self {
        DocFreq {
            df: counts.into_iter().collect(),
            docs,
        }
    }

    /// Number of documents counted.
    pub fn docs(&self) -> u32 {
        self.docs
    }

    /// Smoothed inverse document frequency of a term.
    pub fn idf(&self, id: u64) -> f32 {
        let df = self.df.get(&id).copied().unwrap_or(0) as f32;
        ((1.0 + self.docs as f32) / (1.0 + df)).ln() + 1.0
    }
}

/// An article's dampened term frequencies `(term id, 1 + ln tf)`, sorted by
/// id, before IDF: headline terms count double and names `name_weight` times.
pub fn term_frequencies(title: &[Term], body: &[Term], cfg: &StoryConfig) -> TermVector {
    let mut tf: FxHashMap<u64, f32> = FxHashMap::default();
    for (terms, weight) in [(title, 2.0f32), (body, 1.0)] {
        for t in terms.iter().filter(|t| !t.stop) {
            let w = if t.capitalized {
                cfg.name_weight * weight
            } else {
                weight
            };
            *tf.entry(t.id).or_insert(0.0) += w;
        }
    }
    let mut v: Vec<(u64, f32)> = tf.into_iter().map(|(id, f)| (id, 1.0 + f.ln())).collect();
    v.sort_unstable_by_key(|&(id, _)| id);
    v
}

/// Weigh term frequencies by IDF, keep the `max_terms` strongest and
/// L2-normalise.
pub fn weigh(tf: &[(u64, f32)], df: &DocFreq, cfg: &StoryConfig) -> TermVector {
    let mut v: Vec<(u64, f32)> = tf.iter().map(|&(id, f)| (id, f * df.idf(id))).collect();
    v.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(cfg.max_terms);
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|(_, w)| *w /= norm);
    }
    v.sort_unstable_by_key(|&(id, _)| id);
    v
}

/// Everything story detection needs to know about one article.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StoryInput {
    /// The article's vector.
    pub vector: TermVector,
    /// Publication time, if known.
    pub published: Option<jiff::Timestamp>,
    /// Copy groups the article carries a sentence of.
    pub copy_groups: Vec<usize>,
    /// Term frequencies before IDF ([`term_frequencies`]): when present, the
    /// stream path re-weighs the vector with the document frequencies of the
    /// moment each time the article's story is re-clustered. Empty in batch.
    pub tf: TermVector,
    /// Documents counted when `vector` was last weighed from `tf`.
    pub weighed_at: u32,
}

/// Incremental story detection (the stream path): feed articles one at a time,
/// in publication order, with [`StoryIndex::add`]. The index keeps the sparse
/// similarity graph: each new article is linked to recent articles that share
/// one of its strongest terms or a copy group. Then the stories it touches are
/// re-clustered together with it by average-link over their part of the graph,
/// the same decision batch clustering makes on that neighbourhood. Work per
/// article is bounded by the size of the stories it touches. A re-clustered
/// story keeps the id of the old story most of its members came from.
#[derive(Debug, Clone, Default)]
pub struct StoryIndex {
    cfg: StoryConfig,
    inputs: Vec<StoryInput>,
    postings: FxHashMap<u64, Vec<usize>>,
    adjacency: Vec<Vec<(usize, f64)>>,
    cluster_of: Vec<usize>,
    members: Vec<Vec<usize>>,
    /// Posting keys each item was filed under when it arrived.
    keys: Vec<Vec<u64>>,
    /// Per-item scratch of `add`: (position among the local items, re-weighed).
    scratch: Vec<(u32, bool)>,
    /// Items of closed stories still holding a slot (see [`StoryIndex::compact`]).
    closed_items: usize,
    /// The article each near-identical twin stands beside ([`StoryIndex::add_twin`]).
    twin_of: Vec<Option<usize>>,
    /// Articles each item stands for: 1 plus its twins (0 for a twin).
    weight: Vec<u32>,
}

/// One article's share of a [`StoryIndex`], to persist and restore it exactly.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemState {
    /// What the index knows of the article (its vector as last weighed).
    pub input: StoryInput,
    /// Posting keys it was filed under.
    pub keys: Vec<u64>,
    /// Links to other items `(item, similarity)`.
    pub links: Vec<(usize, f64)>,
    /// Its story (internal id).
    pub story: usize,
    /// The article it is a near-identical twin of, if it is one.
    pub twin_of: Option<usize>,
}

impl StoryIndex {
    /// An empty index.
    pub fn new(cfg: StoryConfig) -> Self {
        StoryIndex {
            cfg,
            ..Default::default()
        }
    }

    /// Add the next article; returns the id of the story it is now in.
    /// Articles are numbered in the order added.
    pub fn add(&mut self, input: StoryInput) -> usize {
        self.add_touching(input).0
    }

    /// Add the next article; returns the id of the story it is now in and the
    /// ids of every story whose members changed (the ones it touched, emptied
    /// ones included, and new ones).
    pub fn add_touching(&mut self, input: StoryInput) -> (usize, Vec<usize>) {
        self.add_reweighed(input, None)
    }

    /// [`StoryIndex::add_touching`], and when `df` is given, the members of the
    /// stories the article touches have their vectors re-weighed from their
    /// term frequencies with these document frequencies, and the links among
    /// them re-scored, before they are re-clustered. A stream learns its IDF as
    /// it goes: early articles were weighed with little evidence, and this lets
    /// a story correct its early decisions each time it grows.
    pub fn add_reweighed(
        &mut self,
        input: StoryInput,
        df: Option<&DocFreq>,
    ) -> (usize, Vec<usize>) {
        let item = self.inputs.len();
        let keys = candidate_keys(&input);
        let mut cands: Vec<usize> = Vec::new();
        for key in &keys {
            if let Some(list) = self.postings.get(key) {
                let lo = list.len().saturating_sub(POSTING_WINDOW);
                cands.extend_from_slice(&list[lo..]);
            }
        }
        cands.sort_unstable();
        cands.dedup();
        // The new article's weights by term: each candidate's cosine is then
        // one lookup per candidate term (the products are summed in the same
        // order as `pair_similarity`'s merge, so the result is identical).
        let weights: FxHashMap<u64, f32> = input.vector.iter().copied().collect();
        let mut edges = Vec::new();
        for j in cands {
            let b = &self.inputs[j];
            let sim = similarity_with(&input, b, &self.cfg, || {
                b.vector
                    .iter()
                    .filter_map(|(id, w)| weights.get(id).map(|x| x * w))
                    .fold(0.0f32, |acc, p| acc + p)
            });
            if sim >= MIN_EDGE {
                edges.push((j, sim));
            }
        }
        for &key in &keys {
            self.postings.entry(key).or_default().push(item);
        }
        self.keys.push(keys);
        self.inputs.push(input);
        self.twin_of.push(None);
        self.weight.push(1);
        for &(j, sim) in &edges {
            self.adjacency[j].push((item, sim));
        }
        self.adjacency.push(edges);
        // The stories the new article touches, re-clustered with it.
        let mut touched: Vec<usize> = self.adjacency[item]
            .iter()
            .map(|&(j, _)| self.cluster_of[j])
            .collect();
        touched.sort_unstable();
        touched.dedup();
        let joined: usize = touched
            .iter()
            .map(|&c| self.members[c].len())
            .sum::<usize>()
            + 1;
        if joined > RECLUSTER_WHOLE && !joined.is_power_of_two() {
            return self.join_best(item, &touched);
        }
        // Twins are not in the graph: their articles stand with them.
        let mut twins: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
        let mut local: Vec<usize> = Vec::new();
        for &c in &touched {
            for &a in &self.members[c] {
                match self.twin_of[a] {
                    Some(rep) => twins.entry(rep).or_default().push(a),
                    None => local.push(a),
                }
            }
        }
        local.push(item);
        local.sort_unstable();
        // Position of each local item (scratch indexed by item: no hashing
        // in the loops over links below), and whether it was re-weighed.
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.resize(self.inputs.len(), (u32::MAX, false));
        for (k, &a) in local.iter().enumerate() {
            scratch[a] = (k as u32, false);
        }
        if let Some(df) = df {
            // Re-weigh when the collection grew by a tenth since the last
            // weighing: IDF moves little after that, and the cost stays
            // logarithmic in the collection size per article.
            let mut any_fresh = false;
            for &a in &local {
                let x = &mut self.inputs[a];
                if a != item && !x.tf.is_empty() && df.docs() > x.weighed_at + x.weighed_at / 10 {
                    x.vector = weigh(&x.tf, df, &self.cfg);
                    x.weighed_at = df.docs();
                    scratch[a].1 = true;
                    any_fresh = true;
                }
            }
            if any_fresh {
                // Links are symmetric: score each pair once, when its lower
                // end comes first in `local` (sorted), and reuse the score
                // at the other end.
                let mut scored: FxHashMap<(usize, usize), f64> = FxHashMap::default();
                for &a in &local {
                    let mut adj = std::mem::take(&mut self.adjacency[a]);
                    for (b, sim) in adj.iter_mut() {
                        let (at, fresh_b) = scratch[*b];
                        if at != u32::MAX && (scratch[a].1 || fresh_b) {
                            *sim = match scored.get(&(*b, a)) {
                                Some(&s) if *b < a => s,
                                _ => {
                                    let s = pair_similarity(
                                        &self.inputs[a],
                                        &self.inputs[*b],
                                        &self.cfg,
                                    );
                                    scored.insert((a, *b), s);
                                    s
                                }
                            };
                        }
                    }
                    self.adjacency[a] = adj;
                }
            }
        }
        let mut local_edges = Vec::new();
        for (k, &a) in local.iter().enumerate() {
            for &(b, sim) in &self.adjacency[a] {
                let l = scratch[b].0 as usize;
                if scratch[b].0 != u32::MAX && k < l {
                    local_edges.push((k, l, sim));
                }
            }
        }
        for &a in &local {
            scratch[a] = (u32::MAX, false);
        }
        self.scratch = scratch;
        let weights: Vec<f64> = local.iter().map(|&a| f64::from(self.weight[a])).collect();
        let mut parts: Vec<Vec<usize>> =
            average_link_weighted(&weights, local_edges, self.cfg.threshold)
                .into_iter()
                .map(|p| {
                    let mut items: Vec<usize> = p.iter().map(|&k| local[k]).collect();
                    for k in p {
                        items.extend(twins.remove(&local[k]).unwrap_or_default());
                    }
                    items
                })
                .collect();
        parts.sort_by_key(|p| (std::cmp::Reverse(p.len()), p.iter().min().copied()));
        // Give each part the id of the old story most of its members came from.
        for &c in &touched {
            self.members[c].clear();
        }
        let mut free = touched.clone();
        let mut changed = touched.clone();
        self.cluster_of.push(usize::MAX);
        for part in parts {
            let mut votes: FxHashMap<usize, usize> = FxHashMap::default();
            for &a in &part {
                if a != item {
                    *votes.entry(self.cluster_of[a]).or_insert(0) += 1;
                }
            }
            let id = free
                .iter()
                .copied()
                .max_by_key(|c| (votes.get(c).copied().unwrap_or(0), std::cmp::Reverse(*c)))
                .filter(|c| votes.contains_key(c));
            let id = match id {
                Some(c) => {
                    free.retain(|&x| x != c);
                    c
                }
                None => {
                    self.members.push(Vec::new());
                    changed.push(self.members.len() - 1);
                    self.members.len() - 1
                }
            };
            for &a in &part {
                self.cluster_of[a] = id;
            }
            let mut part = part;
            part.sort_unstable();
            self.members[id] = part;
        }
        (self.cluster_of[item], changed)
    }

    /// Between whole re-clusterings of a large story: the new article joins
    /// the touched story whose members it links to best on average (missing
    /// links count as 0, the test average linkage merges by) if that average
    /// reaches the threshold, or starts a story of its own.
    fn join_best(&mut self, item: usize, touched: &[usize]) -> (usize, Vec<usize>) {
        let mut sums: FxHashMap<usize, f64> = FxHashMap::default();
        for &(j, sim) in &self.adjacency[item] {
            *sums.entry(self.cluster_of[j]).or_insert(0.0) += sim * f64::from(self.weight[j]);
        }
        let best = touched
            .iter()
            .map(|&c| {
                (
                    c,
                    sums.get(&c).copied().unwrap_or(0.0) / self.members[c].len().max(1) as f64,
                )
            })
            .filter(|&(_, avg)| avg >= self.cfg.threshold)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let id = match best {
            Some((c, _)) => c,
            None => {
                self.members.push(Vec::new());
                self.members.len() - 1
            }
        };
        // The new article has the highest number: members stay sorted.
        self.members[id].push(item);
        self.cluster_of.push(id);
        (id, vec![id])
    }

    /// Whether `item` is in an open story (not closed, not dropped).
    pub fn is_open(&self, item: usize) -> bool {
        self.cluster_of
            .get(item)
            .and_then(|&c| self.members.get(c))
            .is_some_and(|m| !m.is_empty())
    }

    /// Add an article that is a near-identical twin of `of` (most of its
    /// sentences are copies of that article's): it joins `of`'s story at once
    /// and stays beside it when the story is re-clustered, counting as one
    /// more article with `of`'s links. A wire story carried by a thousand
    /// outlets is then one node of weight 1,000 in the graph, not a thousand
    /// nodes each linked to a window of 32: average linkage over such a
    /// window split it into several stories, and cost time. Returns what
    /// [`StoryIndex::add_touching`] returns.
    pub fn add_twin(&mut self, input: StoryInput, of: usize) -> (usize, Vec<usize>) {
        let rep = self.twin_of.get(of).copied().flatten().unwrap_or(of);
        let item = self.inputs.len();
        let story = self.cluster_of[rep];
        self.inputs.push(input);
        self.keys.push(Vec::new());
        self.adjacency.push(Vec::new());
        self.twin_of.push(Some(rep));
        self.weight.push(0);
        self.weight[rep] += 1;
        self.cluster_of.push(story);
        // The new article has the highest number: members stay sorted.
        self.members[story].push(item);
        (story, vec![story])
    }

    /// Members of story `cluster` (article numbers), split into events as
    /// [`StoryIndex::stories`] does; empty if the story is gone.
    pub fn parts(&self, cluster: usize) -> Vec<Vec<usize>> {
        match self.members.get(cluster) {
            Some(m) if !m.is_empty() => split_events(m.clone(), &self.inputs, &self.cfg),
            _ => Vec::new(),
        }
    }

    /// Close the stories whose newest article was published before `cutoff`
    /// and forget their articles' vectors and links, so memory follows the
    /// live window rather than the corpus. Callers pick a cutoff far enough back
    /// that no new article can link to a closed story ([`horizon_days`]):
    /// then closing changes no later decision. Stories with an undated article
    /// stay open. Returns the closed stories, split into events as
    /// [`StoryIndex::parts`] would.
    pub fn close_before(&mut self, cutoff: jiff::Timestamp) -> Vec<Vec<usize>> {
        let mut closed = Vec::new();
        for (c, members) in self.members.iter().enumerate() {
            if members.is_empty() {
                continue;
            }
            let idle = members
                .iter()
                .all(|&a| self.inputs[a].published.is_some_and(|t| t < cutoff));
            if idle {
                closed.push(c);
            }
        }
        if closed.is_empty() {
            return Vec::new();
        }
        let parts: Vec<Vec<usize>> = closed.iter().flat_map(|&c| self.parts(c)).collect();
        let mut gone: FxHashSet<usize> = FxHashSet::default();
        let before = self.closed_items;
        let mut neighbours: FxHashSet<usize> = FxHashSet::default();
        for &c in &closed {
            for a in std::mem::take(&mut self.members[c]) {
                gone.insert(a);
                neighbours.extend(self.adjacency[a].iter().map(|&(b, _)| b));
                self.inputs[a] = StoryInput::default();
                self.adjacency[a] = Vec::new();
                self.keys[a] = Vec::new();
            }
        }
        self.postings.retain(|_, list| {
            list.retain(|a| !gone.contains(a));
            !list.is_empty()
        });
        // Links are symmetric: only the closed articles' neighbours hold links to them.
        for b in neighbours {
            if !gone.contains(&b) {
                self.adjacency[b].retain(|(a, _)| !gone.contains(a));
            }
        }
        self.closed_items = before + gone.len();
        parts
    }

    /// Items of closed stories still holding a slot.
    pub fn closed_items(&self) -> usize {
        self.closed_items
    }

    /// Renumber the open items `0..` in the order added, dropping the slots of
    /// closed ones, so that memory follows the open stories. Order is kept, so
    /// no later decision changes. Returns the new number of each old item
    /// (`usize::MAX` for a dropped one). Story ids are kept.
    pub fn compact(&mut self) -> Vec<usize> {
        let n = self.inputs.len();
        let mut map = vec![usize::MAX; n];
        let mut next = 0;
        for (a, slot) in map.iter_mut().enumerate() {
            if self
                .members
                .get(self.cluster_of[a])
                .is_some_and(|m| !m.is_empty())
            {
                *slot = next;
                next += 1;
            }
        }
        let keep = |a: &usize| map[*a] != usize::MAX;
        self.inputs = renumbered(std::mem::take(&mut self.inputs), &map);
        self.keys = renumbered(std::mem::take(&mut self.keys), &map);
        self.cluster_of = renumbered(std::mem::take(&mut self.cluster_of), &map);
        self.weight = renumbered(std::mem::take(&mut self.weight), &map);
        self.twin_of = renumbered(std::mem::take(&mut self.twin_of), &map)
            .into_iter()
            .map(|t| t.map(|r| map[r]))
            .collect();
        self.adjacency = renumbered(std::mem::take(&mut self.adjacency), &map)
            .into_iter()
            .map(|links| {
                links
                    .into_iter()
                    .filter(|(b, _)| keep(b))
                    .map(|(b, sim)| (map[b], sim))
                    .collect()
            })
            .collect();
        for m in &mut self.members {
            m.retain(keep);
            m.iter_mut().for_each(|a| *a = map[*a]);
        }
        self.postings.retain(|_, list| {
            list.retain(keep);
            list.iter_mut().for_each(|a| *a = map[*a]);
            !list.is_empty()
        });
        self.scratch = Vec::new();
        self.closed_items = 0;
        map
    }

    /// The state of one item, to persist (see [`StoryIndex::restore`]).
    pub fn item_state(&self, item: usize) -> ItemState {
        ItemState {
            input: self.inputs[item].clone(),
            keys: self.keys[item].clone(),
            links: self.adjacency[item].clone(),
            story: self.cluster_of[item],
            twin_of: self.twin_of[item],
        }
    }

    /// Members of a story (internal id), in the order added.
    pub fn members(&self, story: usize) -> &[usize] {
        self.members.get(story).map_or(&[], |m| m.as_slice())
    }

    /// Rebuild an index from persisted item states, in the order they were
    /// added; links and stories refer to positions in `items`. Items of closed
    /// stories are left out by the caller (nothing links to them). Links to
    /// positions out of range are dropped.
    pub fn restore(cfg: StoryConfig, items: Vec<ItemState>) -> Self {
        let mut index = StoryIndex::new(cfg);
        let n = items.len();
        for (item, state) in items.into_iter().enumerate() {
            for &key in &state.keys {
                index.postings.entry(key).or_default().push(item);
            }
            if index.members.len() <= state.story {
                index.members.resize(state.story + 1, Vec::new());
            }
            index.members[state.story].push(item);
            index.cluster_of.push(state.story);
            index.keys.push(state.keys);
            index.inputs.push(state.input);
            index
                .adjacency
                .push(state.links.into_iter().filter(|&(b, _)| b < n).collect());
            index.twin_of.push(state.twin_of.filter(|&r| r < item));
            index.weight.push(1);
        }
        for item in 0..n {
            if let Some(rep) = index.twin_of[item] {
                index.weight[item] = 0;
                index.weight[rep] += 1;
            }
        }
        index
    }

    /// Number of articles added so far.
    pub fn len(&self) -> usize {
        self.inputs.len()
    }

    /// Whether no article was added.
    pub fn is_empty(&self) -> bool {
        self.inputs.is_empty()
    }

    /// The stories so far, each a list of article numbers (order added). Each
    /// story is checked for a split into two events as it is read.
    pub fn stories(&self) -> Vec<Vec<usize>> {
        self.members
            .iter()
            .filter(|m| !m.is_empty())
            .flat_map(|s| split_events(s.clone(), &self.inputs, &self.cfg))
            .collect()
    }
}

/// Keys under which an article is found as a candidate: its strongest terms and
/// its copy groups.
pub fn candidate_keys(input: &StoryInput) -> Vec<u64> {
    let mut v = input.vector.clone();
    v.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    v.into_iter()
        .take(CANDIDATE_TERMS)
        .map(|(id, _)| id)
        .chain(input.copy_groups.iter().map(|&g| g as u64 ^ COPY_KEY))
        .collect()
}

/// Marks copy-group keys apart from term ids in the postings.
const COPY_KEY: u64 = 0xc09e_0000_0000_0000;

/// Batch story detection over all articles: average-link agglomerative
/// clustering over a sparse graph of article similarities (candidates from an
/// inverted index of each article's strongest terms; no all-pairs step).
/// Returns the stories, largest first (ties: earliest first), each with its
/// articles in publication order.
pub fn detect_stories(
    articles: &[Article],
    inputs: &[StoryInput],
    cfg: &StoryConfig,
) -> Vec<Vec<usize>> {
    detect_stories_with_twins(articles, inputs, &vec![None; articles.len()], cfg)
}

/// [`detect_stories`] where `twin_of[i]` names the earlier article that
/// article `i` is a near-identical twin of ([`twin_source`]): twins are left
/// out of the graph and counted with their article, whose story they share.
pub fn detect_stories_with_twins(
    articles: &[Article],
    inputs: &[StoryInput],
    twin_of: &[Option<usize>],
    cfg: &StoryConfig,
) -> Vec<Vec<usize>> {
    detect_stories_clustered(articles, inputs, twin_of, cfg, &mut cluster)
}

/// The clusters of the articles that stand for themselves (no twins), given
/// their inputs, publication ranks and weights (each counts its twins):
/// what [`cluster`] makes of them. Computed elsewhere by `storyline-dist`.
pub type ClusterFn<'a> =
    dyn FnMut(Vec<StoryInput>, &[usize], &[f64], &StoryConfig) -> Vec<Vec<usize>> + 'a;

/// Batch clustering in this process: the similarity graph, then average
/// link on each of its components ([`average_link_by_component`]).
pub fn cluster(
    inputs: Vec<StoryInput>,
    rank: &[usize],
    weights: &[f64],
    cfg: &StoryConfig,
) -> Vec<Vec<usize>> {
    let edges = similarity_graph(&inputs, rank, cfg);
    // The inputs are not needed once the graph is made: freed before
    // clustering, at its peak.
    drop(inputs);
    average_link_by_component(weights, edges, cfg.threshold)
}

/// [`detect_stories_with_twins`] with the clusters made by `cluster`, which
/// must return [`cluster`]'s clusters in its order.
pub fn detect_stories_clustered(
    articles: &[Article],
    inputs: &[StoryInput],
    twin_of: &[Option<usize>],
    cfg: &StoryConfig,
    cluster: &mut ClusterFn,
) -> Vec<Vec<usize>> {
    let rank = crate::copies::publication_order(articles);
    let reps: Vec<usize> = (0..articles.len())
        .filter(|&i| twin_of.get(i).copied().flatten().is_none())
        .collect();
    let mut weight = vec![1.0; articles.len()];
    let mut twins: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for (i, t) in twin_of.iter().enumerate() {
        if let Some(r) = *t {
            weight[r] += 1.0;
            twins.entry(r).or_default().push(i);
        }
    }
    let rep_inputs: Vec<StoryInput> = reps.iter().map(|&i| inputs[i].clone()).collect();
    let rep_rank: Vec<usize> = reps.iter().map(|&i| rank[i]).collect();
    let rep_weight: Vec<f64> = reps.iter().map(|&i| weight[i]).collect();
    let stories: Vec<Vec<usize>> = cluster(rep_inputs, &rep_rank, &rep_weight, cfg)
        .into_iter()
        .map(|s| {
            let mut members: Vec<usize> = s.iter().map(|&k| reps[k]).collect();
            for k in s {
                members.extend(twins.remove(&reps[k]).unwrap_or_default());
            }
            members
        })
        .collect();
    let stories = stories
        .into_iter()
        .flat_map(|s| split_events(s, inputs, cfg))
        .collect();
    finish(stories, &rank)
}

pub(crate) fn finish(mut stories: Vec<Vec<usize>>, rank: &[usize]) -> Vec<Vec<usize>> {
    for s in &mut stories {
        s.sort_by_key(|&i| rank[i]);
    }
    stories.sort_by_key(|s| (std::cmp::Reverse(s.len()), s.first().map(|&i| rank[i])));
    stories
}

/// Pairwise similarity of two articles: cosine of their vectors, plus the copy
/// bonus, times the time factor.
pub fn pair_similarity(a: &StoryInput, b: &StoryInput, cfg: &StoryConfig) -> f64 {
    similarity_with(a, b, cfg, || {
        let (mut i, mut j, mut dot) = (0, 0, 0.0f32);
        while i < a.vector.len() && j < b.vector.len() {
            match a.vector[i].0.cmp(&b.vector[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += a.vector[i].1 * b.vector[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        dot
    })
}

/// [`pair_similarity`] with the cosine computed by `dot` (only when the time
/// factor leaves a chance of an edge).
fn similarity_with(
    a: &StoryInput,
    b: &StoryInput,
    cfg: &StoryConfig,
    dot: impl FnOnce() -> f32,
) -> f64 {
    let factor = match (a.published, b.published) {
        (Some(x), Some(y)) => {
            let days = (x.as_second() - y.as_second()).abs() as f64 / 86_400.0;
            if days <= cfg.window_days {
                1.0
            } else {
                (-(days - cfg.window_days) / cfg.decay_days).exp()
            }
        }
        _ => 1.0,
    };
    if factor < MIN_EDGE {
        return 0.0;
    }
    let shared = crate::fingerprint::intersection_size(&a.copy_groups, &b.copy_groups);
    let sim = f64::from(dot()) + cfg.copy_bonus * shared.min(3) as f64;
    sim * factor
}

/// The entries of a per-item vector that a renumbering keeps, in their new
/// order (`map[old]` is the new number, `usize::MAX` to drop; see
/// [`StoryIndex::compact`]).
pub(crate) fn renumbered<T>(items: Vec<T>, map: &[usize]) -> Vec<T> {
    items
        .into_iter()
        .zip(map)
        .filter(|&(_, &to)| to != usize::MAX)
        .map(|(x, _)| x)
        .collect()
}

/// Days after which an article can no longer link to a new one: beyond it the
/// time factor brings even an identical article with shared copies under the
/// weakest edge kept. Stories idle for longer can be closed.
pub fn horizon_days(cfg: &StoryConfig) -> f64 {
    let strongest = 1.0 + cfg.copy_bonus * 3.0;
    cfg.window_days + cfg.decay_days * (strongest / MIN_EDGE).ln() + 1.0
}

/// Terms per article used to find candidate neighbours (its strongest ones).
const CANDIDATE_TERMS: usize = 24;
/// From a term's posting list, at most this many neighbours nearest in
/// publication order are taken as candidates: stories are local in time, and
/// this bounds the work per article whatever the corpus size.
const POSTING_WINDOW: usize = 32;
/// Stories the new article touches, with up to this many members in all, are
/// re-clustered whole on every article (average linkage over their links:
/// superlinear in their size). Above it they are re-clustered whole only when
/// the total reaches a power of two, and in between the article joins the
/// story it links to best: a wire story carried by a thousand sites costs
/// time linear in its size, not quadratic. Decided by sizes alone, so a
/// restored state makes the same decisions.
const RECLUSTER_WHOLE: usize = 128;

/// Share of an article's sentences (of those long enough to be copies) that
/// must be copies first carried by one earlier article for it to be that
/// article's near-identical twin.
pub const TWIN_SHARE: f64 = 0.8;
/// Fewest such sentences for a twin.
pub const TWIN_MIN_SENTENCES: usize = 3;

/// The article an article is a twin of, from the first carrier of each of
/// its sentences (`own` for a sentence no earlier article carries): the
/// earlier article carrying at least [`TWIN_MIN_SENTENCES`] and
/// [`TWIN_SHARE`] of them, if any. Ties go to the earliest.
pub fn twin_source<T: Copy + Ord + std::hash::Hash>(
    firsts: impl IntoIterator<Item = T>,
    own: T,
) -> Option<T> {
    let mut counts: FxHashMap<T, usize> = FxHashMap::default();
    let mut keyed = 0usize;
    for f in firsts {
        keyed += 1;
        if f != own {
            *counts.entry(f).or_insert(0) += 1;
        }
    }
    let (&first, &n) = counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
    (n >= TWIN_MIN_SENTENCES && n as f64 >= TWIN_SHARE * keyed as f64).then_some(first)
}
/// Edges weaker than this are left out of the graph (they cannot lift an
/// average above the threshold in any meaningful way).
const MIN_EDGE: f64 = 0.05;

/// Sparse similarity graph: `(i, j, sim)` with `i < j` and `sim >= MIN_EDGE`,
/// for pairs that share one of their strongest terms (looked up near each other
/// in publication order) or a copy group. `rank` is each article's publication rank.
pub fn similarity_graph(
    inputs: &[StoryInput],
    rank: &[usize],
    cfg: &StoryConfig,
) -> Vec<(usize, usize, f64)> {
    use rayon::prelude::*;
    let keys: Vec<Vec<u64>> = inputs.par_iter().map(candidate_keys).collect();
    let mut by_rank: Vec<usize> = (0..inputs.len()).collect();
    by_rank.sort_unstable_by_key(|&i| rank[i]);
    // Posting lists in publication order.
    let mut postings: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
    for &i in &by_rank {
        for &k in &keys[i] {
            postings.entry(k).or_default().push(i);
        }
    }
    (0..inputs.len())
        .into_par_iter()
        .flat_map_iter(|i| {
            let mut cands: Vec<usize> = Vec::new();
            for key in &keys[i] {
                let Some(list) = postings.get(key) else {
                    continue;
                };
                let pos = list.partition_point(|&j| rank[j] < rank[i]);
                cands.extend(
                    list[posting_window(pos, list.len())]
                        .iter()
                        .copied()
                        .filter(|&j| j > i),
                );
            }
            cands.sort_unstable();
            cands.dedup();
            cands
                .into_iter()
                .filter_map(|j| edge(&inputs[i], &inputs[j], cfg).map(|sim| (i, j, sim)))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The neighbours of the article at `pos` in a posting list of `len`
/// articles in publication order that it is compared with (itself included).
pub fn posting_window(pos: usize, len: usize) -> std::ops::Range<usize> {
    pos.saturating_sub(POSTING_WINDOW / 2)..(pos + POSTING_WINDOW / 2 + 1).min(len)
}

/// The similarity of two articles as a graph edge: `None` when too weak to keep.
pub fn edge(a: &StoryInput, b: &StoryInput, cfg: &StoryConfig) -> Option<f64> {
    let sim = pair_similarity(a, b, cfg);
    (sim >= MIN_EDGE).then_some(sim)
}

/// Smallest part of a split story (and so the smallest story considered for
/// splitting is twice this).
const MIN_PART: usize = 4;
/// Largest story checked for a split (the check is quadratic in its size).
const MAX_SPLIT_CHECK: usize = 400;
/// Share of a story's members the two parts must hold for a split to count.
const MIN_SPLIT_COVER: f64 = 0.8;

/// Split a story into two events of the same kind. Terms all its members share
/// (the topic: "rehab", "heavyweight title") are discounted by a local IDF, so
/// what remains is what tells members apart (participants, places, numbers).
/// If average-link on those local vectors at `cfg.split_threshold` gives exactly
/// two parts of at least [`MIN_PART`] articles holding most members, the story
/// is split (the few others join the part they are closest to); otherwise it
/// stays whole. On ECB+ dev this lifts event BCubed precision from 0.83 to 0.92.
pub fn split_events(
    story: Vec<usize>,
    inputs: &[StoryInput],
    cfg: &StoryConfig,
) -> Vec<Vec<usize>> {
    let Some(theta) = cfg.split_threshold else {
        return vec![story];
    };
    if story.len() < 2 * MIN_PART || story.len() > MAX_SPLIT_CHECK {
        return vec![story];
    }
    let n = story.len() as f64;
    let mut df: FxHashMap<u64, f64> = FxHashMap::default();
    for &a in &story {
        for &(id, _) in &inputs[a].vector {
            *df.entry(id).or_insert(0.0) += 1.0;
        }
    }
    let local: Vec<StoryInput> = story
        .iter()
        .map(|&a| {
            let mut v: TermVector = inputs[a]
                .vector
                .iter()
                .map(|&(id, w)| (id, w * ((n / df[&id]) as f32).ln()))
                .filter(|&(_, w)| w > 0.0)
                .collect();
            let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|(_, w)| *w /= norm);
            }
            StoryInput {
                vector: v,
                published: None,
                copy_groups: inputs[a].copy_groups.clone(),
                ..StoryInput::default()
            }
        })
        .collect();
    let mut edges = Vec::new();
    for i in 0..local.len() {
        for j in i + 1..local.len() {
            let sim = pair_similarity(&local[i], &local[j], cfg);
            if sim > 0.0 {
                edges.push((i, j, sim));
            }
        }
    }
    let parts = average_link(local.len(), &edges, theta);
    let big: Vec<&Vec<usize>> = parts.iter().filter(|p| p.len() >= MIN_PART).collect();
    let covered: usize = big.iter().map(|p| p.len()).sum();
    if big.len() != 2 || (covered as f64) < MIN_SPLIT_COVER * n {
        return vec![story];
    }
    // Members left alone join the part they are most similar to (original vectors).
    let mut out: Vec<Vec<usize>> = big.iter().map(|p| p.to_vec()).collect();
    for p in parts.iter().filter(|p| p.len() < MIN_PART) {
        for &i in p.iter() {
            let best = (0..out.len())
                .max_by(|&x, &y| {
                    let sx: f64 = out[x]
                        .iter()
                        .map(|&k| pair_similarity(&inputs[story[i]], &inputs[story[k]], cfg))
                        .sum::<f64>()
                        / out[x].len() as f64;
                    let sy: f64 = out[y]
                        .iter()
                        .map(|&k| pair_similarity(&inputs[story[i]], &inputs[story[k]], cfg))
                        .sum::<f64>()
                        / out[y].len() as f64;
                    sx.total_cmp(&sy)
                })
                .unwrap_or(0);
            out[best].push(i);
        }
    }
    out.into_iter()
        .map(|p| p.into_iter().map(|i| story[i]).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(terms: &[(u64, f32)], day: Option<i64>) -> StoryInput {
        let norm = terms.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        let mut vector: TermVector = terms.iter().map(|&(t, w)| (t, w / norm)).collect();
        vector.sort_unstable_by_key(|&(t, _)| t);
        StoryInput {
            vector,
            published: day.map(|d| jiff::Timestamp::from_second(d * 86_400).expect("ts")),
            ..StoryInput::default()
        }
    }

    #[test]
    fn a_large_story_grows_by_joining_between_whole_reclusterings() {
        // Issue 14: re-clustering every touched story whole on each article
        // made a wire story carried by thousands of outlets quadratic.
        // Beyond RECLUSTER_WHOLE members an article joins the story it
        // links to best; an unrelated one still starts its own.
        let mut index = StoryIndex::new(StoryConfig::default());
        // Up to the next power of two: no whole re-clustering in between.
        let n = RECLUSTER_WHOLE + 100;
        let mut story = None;
        for k in 0..n {
            let x = input(
                &[(1, 1.0), (2, 1.0), (3, 0.9), (100 + (k % 3) as u64, 0.2)],
                Some(0),
            );
            let (s, changed) = index.add_touching(x);
            assert!(changed.contains(&s));
            assert_eq!(*story.get_or_insert(s), s, "article {k} left the story");
        }
        let other = input(&[(7, 1.0), (8, 1.0), (9, 1.0)], Some(0));
        let (s, _) = index.add_touching(other);
        assert_ne!(Some(s), story);
        assert_eq!(index.members(story.expect("story")).len(), n);
    }

    #[test]
    fn average_link_merges_close_items_only() {
        let edges = [
            (0, 1, 0.9),
            (1, 2, 0.8),
            (0, 2, 0.7),
            (2, 3, 0.1),
            (3, 4, 0.6),
        ];
        let mut stories = average_link(5, &edges, 0.3);
        stories.iter_mut().for_each(|s| s.sort_unstable());
        stories.sort();
        assert_eq!(stories, [vec![0, 1, 2], vec![3, 4]]);
    }

    #[test]
    fn same_words_months_apart_are_different_stories() {
        let cfg = StoryConfig::default();
        let a = input(&[(1, 1.0), (2, 1.0), (3, 1.0)], Some(0));
        let b = input(&[(1, 1.0), (2, 1.0), (3, 0.8)], Some(2));
        let c = input(&[(1, 1.0), (2, 1.0), (3, 1.0)], Some(200));
        assert!(pair_similarity(&a, &b, &cfg) > 0.9);
        assert_eq!(pair_similarity(&a, &c, &cfg), 0.0);
        // Without dates, time cannot separate them.
        let c_undated = input(&[(1, 1.0), (2, 1.0), (3, 1.0)], None);
        assert!(pair_similarity(&a, &c_undated, &cfg) > 0.9);
    }

    #[test]
    fn stream_index_matches_batch_on_a_small_graph() {
        let cfg = StoryConfig::default();
        let inputs: Vec<StoryInput> = (0..12)
            .map(|i| {
                let topic = (i % 3) as u64 * 10;
                input(
                    &[(topic + 1, 1.0), (topic + 2, 1.0), (100 + i as u64, 0.5)],
                    Some(i as i64),
                )
            })
            .collect();
        let rank: Vec<usize> = (0..inputs.len()).collect();
        let mut batch = average_link(
            inputs.len(),
            &similarity_graph(&inputs, &rank, &cfg),
            cfg.threshold,
        );
        let mut index = StoryIndex::new(cfg.clone());
        for inp in &inputs {
            index.add(inp.clone());
        }
        let mut stream = index.stories();
        for s in batch.iter_mut().chain(stream.iter_mut()) {
            s.sort_unstable();
        }
        batch.sort();
        stream.sort();
        assert_eq!(batch.len(), 3);
        assert_eq!(batch, stream);
    }

    #[test]
    fn a_story_of_two_same_kind_events_is_split() {
        let cfg = StoryConfig::default();
        // Shared topic terms 1..=3; event A names 10, 11; event B names 20, 21.
        let mut inputs = Vec::new();
        for k in 0..5u64 {
            inputs.push(input(
                &[
                    (1, 1.0),
                    (2, 1.0),
                    (3, 1.0),
                    (10, 0.6),
                    (11, 0.6),
                    (50 + k, 0.2),
                ],
                None,
            ));
            inputs.push(input(
                &[
                    (1, 1.0),
                    (2, 1.0),
                    (3, 1.0),
                    (20, 0.6),
                    (21, 0.6),
                    (60 + k, 0.2),
                ],
                None,
            ));
        }
        let story: Vec<usize> = (0..10).collect();
        let mut parts = split_events(story.clone(), &inputs, &cfg);
        parts.iter_mut().for_each(|p| p.sort_unstable());
        parts.sort();
        assert_eq!(parts, [vec![0, 2, 4, 6, 8], vec![1, 3, 5, 7, 9]]);
        // One event with varied wording stays whole.
        let one: Vec<StoryInput> = (0..10u64)
            .map(|k| input(&[(1, 1.0), (2, 1.0), (10, 0.6), (50 + k, 0.3)], None))
            .collect();
        assert_eq!(split_events(story.clone(), &one, &cfg).len(), 1);
        // Topic granularity never splits.
        assert_eq!(
            split_events(story, &inputs, &StoryConfig::topics()).len(),
            1
        );
    }
}
