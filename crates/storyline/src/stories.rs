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
        let shared = input.copy_groups.iter().filter(|g| s.groups.contains(g)).count();
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

/// Batch story detection over all articles: feeds them to a [`StoryIndex`] in
/// publication order. Returns the stories, largest first (ties: earliest first),
/// each with its articles in publication order.
pub fn detect_stories(articles: &[Article], inputs: &[StoryInput], cfg: &StoryConfig) -> Vec<Vec<usize>> {
    let rank = crate::copies::publication_order(articles);
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by_key(|&i| rank[i]);
    let mut index = StoryIndex::new(cfg.clone());
    for &i in &order {
        index.add(i, &inputs[i]);
    }
    let mut stories = index.stories();
    for s in &mut stories {
        s.sort_by_key(|&i| rank[i]);
    }
    stories.sort_by_key(|s| (std::cmp::Reverse(s.len()), s.first().map(|&i| rank[i])));
    stories
}
