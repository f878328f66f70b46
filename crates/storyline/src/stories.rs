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
}

impl Default for StoryConfig {
    fn default() -> Self {
        StoryConfig {
            threshold: 0.2,
            copy_bonus: 0.1,
            window_days: 7.0,
            decay_days: 20.0,
            max_terms: 80,
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
        for id in distinct {
            *self.df.entry(id).or_insert(0) += 1;
        }
        self.docs += 1;
    }

    /// Smoothed inverse document frequency of a term.
    pub fn idf(&self, id: u64) -> f32 {
        let df = self.df.get(&id).copied().unwrap_or(0) as f32;
        ((1.0 + self.docs as f32) / (1.0 + df)).ln() + 1.0
    }
}

/// Build an article's vector from its headline terms and body terms.
pub fn article_vector(title: &[Term], body: &[Term], df: &DocFreq, max_terms: usize) -> TermVector {
    let mut tf: FxHashMap<u64, f32> = FxHashMap::default();
    for (terms, weight) in [(title, 2.0f32), (body, 1.0)] {
        for t in terms.iter().filter(|t| !t.stop) {
            let w = if t.capitalized { 1.5 * weight } else { weight };
            *tf.entry(t.id).or_insert(0.0) += w;
        }
    }
    let mut v: Vec<(u64, f32)> = tf
        .into_iter()
        .map(|(id, f)| (id, (1.0 + f.ln()) * df.idf(id)))
        .collect();
    v.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(max_terms);
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|(_, w)| *w /= norm);
    }
    v.sort_unstable_by_key(|&(id, _)| id);
    v
}

/// Everything story detection needs to know about one article.
#[derive(Debug, Clone, Default)]
pub struct StoryInput {
    /// The article's vector.
    pub vector: TermVector,
    /// Publication time, if known.
    pub published: Option<jiff::Timestamp>,
    /// Copy groups the article carries a sentence of.
    pub copy_groups: Vec<usize>,
}

#[derive(Debug, Clone, Default)]
struct StoryState {
    members: Vec<usize>,
    centroid: FxHashMap<u64, f32>,
    norm: f32,
    first: Option<jiff::Timestamp>,
    last: Option<jiff::Timestamp>,
    groups: FxHashSet<usize>,
}

/// Incremental story detection state: feed articles one at a time with
/// [`StoryIndex::add`]; read the stories with [`StoryIndex::stories`].
#[derive(Debug, Clone, Default)]
pub struct StoryIndex {
    cfg: StoryConfig,
    stories: Vec<StoryState>,
    postings: FxHashMap<u64, Vec<usize>>,
}

impl StoryIndex {
    /// An empty index.
    pub fn new(cfg: StoryConfig) -> Self {
        StoryIndex {
            cfg,
            ..Default::default()
        }
    }

    /// Similarity of an article to a story, with copy and time adjustments.
    fn similarity(&self, story: usize, input: &StoryInput) -> f64 {
        let s = &self.stories[story];
        if s.norm <= 0.0 {
            return 0.0;
        }
        let dot: f32 = input
            .vector
            .iter()
            .filter_map(|(id, w)| s.centroid.get(id).map(|c| c * w))
            .sum();
        let mut sim = f64::from(dot / s.norm);
        let shared = input
            .copy_groups
            .iter()
            .filter(|g| s.groups.contains(g))
            .count();
        sim += self.cfg.copy_bonus * shared.min(3) as f64;
        sim * self.time_factor(s, input.published)
    }

    fn time_factor(&self, s: &StoryState, t: Option<jiff::Timestamp>) -> f64 {
        let (Some(t), Some(first), Some(last)) = (t, s.first, s.last) else {
            return 1.0;
        };
        let gap_secs = if t < first {
            first.as_second() - t.as_second()
        } else if t > last {
            t.as_second() - last.as_second()
        } else {
            0
        };
        let gap_days = gap_secs as f64 / 86_400.0;
        if gap_days <= self.cfg.window_days {
            1.0
        } else {
            (-(gap_days - self.cfg.window_days) / self.cfg.decay_days).exp()
        }
    }

    /// Add article number `article` and return the index of the story it joined
    /// (or started).
    pub fn add(&mut self, article: usize, input: &StoryInput) -> usize {
        let mut candidates: Vec<usize> = input
            .vector
            .iter()
            .filter_map(|(id, _)| self.postings.get(id))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let best = candidates
            .into_iter()
            .map(|s| (s, self.similarity(s, input)))
            .filter(|&(_, sim)| sim >= self.cfg.threshold)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let story = match best {
            Some((s, _)) => s,
            None => {
                self.stories.push(StoryState::default());
                self.stories.len() - 1
            }
        };
        let s = &mut self.stories[story];
        s.members.push(article);
        for &(id, w) in &input.vector {
            let entry = s.centroid.entry(id).or_insert(0.0);
            if *entry == 0.0 {
                self.postings.entry(id).or_default().push(story);
            }
            *entry += w;
        }
        s.norm = s.centroid.values().map(|w| w * w).sum::<f32>().sqrt();
        if let Some(t) = input.published {
            s.first = Some(s.first.map_or(t, |f| f.min(t)));
            s.last = Some(s.last.map_or(t, |l| l.max(t)));
        }
        s.groups.extend(input.copy_groups.iter().copied());
        story
    }

    /// The stories so far, each a list of article numbers in the order added.
    pub fn stories(&self) -> Vec<Vec<usize>> {
        self.stories.iter().map(|s| s.members.clone()).collect()
    }
}

/// Stream story detection: feeds the articles to a [`StoryIndex`] one at a time
/// in publication order, as an ingest of arriving articles would.
pub fn detect_stories_stream(
    articles: &[Article],
    inputs: &[StoryInput],
    cfg: &StoryConfig,
) -> Vec<Vec<usize>> {
    let rank = crate::copies::publication_order(articles);
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by_key(|&i| rank[i]);
    let mut index = StoryIndex::new(cfg.clone());
    for &i in &order {
        index.add(i, &inputs[i]);
    }
    finish(index.stories(), &rank)
}

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
    let rank = crate::copies::publication_order(articles);
    let edges = similarity_graph(inputs, &rank, cfg);
    finish(average_link(articles.len(), &edges, cfg.threshold), &rank)
}

fn finish(mut stories: Vec<Vec<usize>>, rank: &[usize]) -> Vec<Vec<usize>> {
    for s in &mut stories {
        s.sort_by_key(|&i| rank[i]);
    }
    stories.sort_by_key(|s| (std::cmp::Reverse(s.len()), s.first().map(|&i| rank[i])));
    stories
}

/// Pairwise similarity of two articles: cosine of their vectors, plus the copy
/// bonus, times the time factor.
pub fn pair_similarity(a: &StoryInput, b: &StoryInput, cfg: &StoryConfig) -> f64 {
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
    let shared = crate::fingerprint::intersection_size(
        &a.copy_groups.iter().map(|&g| g as u64).collect::<Vec<_>>(),
        &b.copy_groups.iter().map(|&g| g as u64).collect::<Vec<_>>(),
    );
    let sim = f64::from(dot) + cfg.copy_bonus * shared.min(3) as f64;
    sim * factor
}

/// Terms per article used to find candidate neighbours (its strongest ones).
const CANDIDATE_TERMS: usize = 24;
/// From a term's posting list, at most this many neighbours nearest in
/// publication order are taken as candidates: stories are local in time, and
/// this bounds the work per article whatever the corpus size.
const POSTING_WINDOW: usize = 32;
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
    let top: Vec<Vec<u64>> = inputs
        .iter()
        .map(|inp| {
            let mut v = inp.vector.clone();
            v.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            v.into_iter()
                .take(CANDIDATE_TERMS)
                .map(|(id, _)| id)
                .collect()
        })
        .collect();
    let mut by_rank: Vec<usize> = (0..inputs.len()).collect();
    by_rank.sort_unstable_by_key(|&i| rank[i]);
    // Posting lists in publication order.
    let mut postings: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
    for &i in &by_rank {
        for &t in &top[i] {
            postings.entry(t).or_default().push(i);
        }
        for &g in &inputs[i].copy_groups {
            postings
                .entry(g as u64 ^ 0xc0_9e00_0000_0000)
                .or_default()
                .push(i);
        }
    }
    (0..inputs.len())
        .into_par_iter()
        .flat_map_iter(|i| {
            let keys = top[i].iter().copied().chain(
                inputs[i]
                    .copy_groups
                    .iter()
                    .map(|&g| g as u64 ^ 0xc0_9e00_0000_0000),
            );
            let mut cands: Vec<usize> = Vec::new();
            for key in keys {
                let Some(list) = postings.get(&key) else {
                    continue;
                };
                let pos = list.partition_point(|&j| rank[j] < rank[i]);
                let lo = pos.saturating_sub(POSTING_WINDOW / 2);
                let hi = (pos + POSTING_WINDOW / 2 + 1).min(list.len());
                cands.extend(list[lo..hi].iter().copied().filter(|&j| j > i));
            }
            cands.sort_unstable();
            cands.dedup();
            cands
                .into_iter()
                .filter_map(|j| {
                    let sim = pair_similarity(&inputs[i], &inputs[j], cfg);
                    (sim >= MIN_EDGE).then_some((i, j, sim))
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Average-link agglomerative clustering on a sparse graph: repeatedly merge
/// the two clusters with the highest average pairwise similarity (missing
/// pairs count as 0) while it is at least `threshold`.
pub fn average_link(n: usize, edges: &[(usize, usize, f64)], threshold: f64) -> Vec<Vec<usize>> {
    use std::cmp::Ordering;
    use std::collections::BinaryHeap;

    #[derive(PartialEq)]
    struct Cand(f64, usize, usize);
    impl Eq for Cand {}
    impl PartialOrd for Cand {
        fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
            Some(self.cmp(other))
        }
    }
    impl Ord for Cand {
        fn cmp(&self, other: &Self) -> Ordering {
            self.0
                .total_cmp(&other.0)
                .then_with(|| other.1.cmp(&self.1))
                .then_with(|| other.2.cmp(&self.2))
        }
    }

    let mut members: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    let mut alive = vec![true; n];
    // links[c]: neighbour cluster -> summed similarity
    let mut links: Vec<FxHashMap<usize, f64>> = vec![FxHashMap::default(); n];
    for &(i, j, s) in edges {
        *links[i].entry(j).or_insert(0.0) += s;
        *links[j].entry(i).or_insert(0.0) += s;
    }
    let mut heap = BinaryHeap::new();
    for &(i, j, s) in edges {
        if s >= threshold {
            heap.push(Cand(s, i.min(j), i.max(j)));
        }
    }
    while let Some(Cand(avg, a, b)) = heap.pop() {
        if !alive[a] || !alive[b] {
            continue;
        }
        let sum = links[a].get(&b).copied().unwrap_or(0.0);
        let current = sum / (members[a].len() * members[b].len()) as f64;
        if (current - avg).abs() > 1e-12 {
            continue; // stale entry; a fresh one was pushed when it changed
        }
        // Merge b into a.
        alive[b] = false;
        let moved = std::mem::take(&mut members[b]);
        members[a].extend(moved);
        let b_links = std::mem::take(&mut links[b]);
        links[a].remove(&b);
        for (c, s) in b_links {
            if c == a {
                continue;
            }
            *links[a].entry(c).or_insert(0.0) += s;
            if let Some(x) = links[c].remove(&b) {
                *links[c].entry(a).or_insert(0.0) += x;
            }
        }
        let size_a = members[a].len();
        let mut neighbours: Vec<(usize, f64)> = links[a].iter().map(|(&c, &s)| (c, s)).collect();
        neighbours.sort_unstable_by_key(|&(c, _)| c);
        for (c, s) in neighbours {
            let avg = s / (size_a * members[c].len()) as f64;
            if avg >= threshold {
                heap.push(Cand(avg, a.min(c), a.max(c)));
            }
        }
    }
    (0..n)
        .filter(|&c| alive[c])
        .map(|c| std::mem::take(&mut members[c]))
        .collect()
}
