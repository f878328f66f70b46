//! Copies: sentences carried by several articles, verbatim or spun.
//!
//! Candidates come from exact normalised matches and from LSH buckets (no
//! all-pairs step); each candidate pair is verified on its term and bigram sets,
//! and verified pairs are joined into groups with a union-find. A group counts
//! when it spans at least two articles. Its first carrier is the earliest
//! published article (input order breaks ties and stands in when dates are
//! unknown).

use rayon::slice::ParallelSliceMut;
use rustc_hash::FxHashMap;

use crate::fingerprint::{jaccard, Fingerprint};
use crate::model::{Article, Published, Sentence};

/// Thresholds for calling two sentences copies of each other.
#[derive(Debug, Clone, PartialEq)]
pub struct CopyConfig {
    /// Minimum number of terms for a sentence to be considered at all.
    pub min_terms: usize,
    /// Minimum Jaccard similarity of the two term sets.
    pub min_unigram_jaccard: f64,
    /// Minimum Jaccard similarity of the two term-bigram sets.
    pub min_bigram_jaccard: f64,
    /// How many earlier members of an LSH bucket a sentence is checked against
    /// (bounds the work on huge buckets of boilerplate).
    pub max_bucket_checks: usize,
}

impl Default for CopyConfig {
    fn default() -> Self {
        CopyConfig {
            min_terms: 6,
            min_unigram_jaccard: 0.6,
            min_bigram_jaccard: 0.4,
            max_bucket_checks: 8,
        }
    }
}

/// A set of sentences that copy one another, across at least two articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyGroup {
    /// Sentence indices, first carrier first, then in publication/input order.
    pub members: Vec<usize>,
}

impl CopyGroup {
    /// The sentence of the first carrier.
    pub fn first(&self) -> usize {
        self.members[0]
    }
}

/// A replaced run of words between two copies: `from` in the first carrier,
/// `to` in the copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Swap {
    /// Words of the original.
    pub from: String,
    /// Words the copy has instead.
    pub to: String,
}

/// Are two fingerprinted sentences copies of each other?
pub fn is_copy(a: &Fingerprint, b: &Fingerprint, cfg: &CopyConfig) -> bool {
    match similar(a, b.terms.len(), b.exact, &b.unigrams, &b.bigrams, cfg) {
        Similar::Exact => true,
        Similar::Yes => names_agree(&names_of(a), &names_of(b)),
        Similar::No => false,
    }
}

/// [`is_copy`] against the probe of the other sentence.
pub fn is_copy_of(a: &Fingerprint, b: &CopyProbe, cfg: &CopyConfig) -> bool {
    match similar(a, b.terms as usize, b.exact, &b.unigrams, &b.bigrams, cfg) {
        Similar::Exact => true,
        Similar::Yes => names_agree(&names_of(a), &b.names),
        Similar::No => false,
    }
}

/// What [`is_copy`] reads of a fingerprint, without its band keys and with
/// only the ids of its names and numbers instead of every term (about half
/// the bytes): what a worker sends to have a sentence compared elsewhere,
/// and what the stream state keeps of a live sentence.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CopyProbe {
    /// Number of terms.
    pub terms: u32,
    /// [`Fingerprint::exact`].
    pub exact: u64,
    /// [`Fingerprint::unigrams`].
    pub unigrams: Vec<u64>,
    /// [`Fingerprint::bigrams`].
    pub bigrams: Vec<u64>,
    /// Sorted, deduplicated ids of the names and numbers among the terms.
    pub names: Vec<u64>,
}

impl CopyProbe {
    /// The probe of `fp`.
    pub fn of(fp: &Fingerprint) -> CopyProbe {
        CopyProbe {
            terms: u32::try_from(fp.terms.len()).unwrap_or(u32::MAX),
            exact: fp.exact,
            unigrams: fp.unigrams.clone(),
            bigrams: fp.bigrams.clone(),
            names: names_of(fp),
        }
    }
}

/// What the term and bigram sets say, before the names are compared.
enum Similar {
    /// The same normalised sentence: a copy.
    Exact,
    /// Similar enough to be a copy if the names agree.
    Yes,
    No,
}

/// Do the term and bigram sets say copy?
fn similar(
    a: &Fingerprint,
    b_terms: usize,
    b_exact: u64,
    b_unigrams: &[u64],
    b_bigrams: &[u64],
    cfg: &CopyConfig,
) -> Similar {
    if a.terms.len() < cfg.min_terms || b_terms < cfg.min_terms {
        return Similar::No;
    }
    if a.exact == b_exact {
        return Similar::Exact;
    }
    let bi = jaccard(&a.bigrams, b_bigrams);
    if bi >= 0.8
        || (bi >= cfg.min_bigram_jaccard
            && jaccard(&a.unigrams, b_unigrams) >= cfg.min_unigram_jaccard)
    {
        Similar::Yes
    } else {
        Similar::No
    }
}

/// Sorted, deduplicated ids of the names and numbers of a sentence.
fn names_of(f: &Fingerprint) -> Vec<u64> {
    let mut v: Vec<u64> = f
        .terms
        .iter()
        .filter(|t| t.distinctive())
        .map(|t| t.id)
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Do the names and numbers of two sentences mostly agree? A spinner swaps
/// common words, not names: sentences of one template that name different
/// people and places are not copies.
fn names_agree(na: &[u64], nb: &[u64]) -> bool {
    if na.is_empty() || nb.is_empty() {
        return true;
    }
    let shared = crate::fingerprint::intersection_size(na, nb);
    let differing = na.len().max(nb.len()) - shared;
    // Allow one respelled name ("Sergey"/"Sergei") when the others agree.
    differing == 0 || (differing == 1 && shared >= 1) || jaccard(na, nb) >= 0.5
}

/// Disjoint sets of `0..n` whose root is always the set's smallest member.
pub(crate) struct UnionFind(Vec<usize>);

impl UnionFind {
    pub(crate) fn new(n: usize) -> Self {
        UnionFind((0..n).collect())
    }
    pub(crate) fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }
    pub(crate) fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.0[hi] = lo;
        }
    }
}

/// The articles of `story` that carry each copy group, in story order, from
/// one pass over the story's sentences. Looking through a group's members
/// instead costs the whole group for every story it touches: quadratic when
/// boilerplate or a wire story makes a group of a hundred thousand.
pub fn story_carriers(
    story: &[usize],
    article_sentences: &[std::ops::Range<usize>],
    group_of: &[Option<usize>],
) -> FxHashMap<usize, Vec<usize>> {
    let mut out: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for &a in story {
        for s in article_sentences[a].clone() {
            if let Some(g) = group_of[s] {
                let carriers = out.entry(g).or_default();
                if carriers.last() != Some(&a) {
                    carriers.push(a);
                }
            }
        }
    }
    out
}

/// Where a publication time sorts in [`publication_order`]: known times
/// (by [`Published::order_key`]) before unknown ones; ties go by input order.
pub type PublicationKey = (bool, Option<(i64, bool, jiff::Timestamp)>);

/// The [`PublicationKey`] of an article's publication time.
pub fn publication_key(published: Option<Published>) -> PublicationKey {
    (published.is_none(), published.map(|p| p.order_key()))
}

/// Order in which articles count as published: by time when known (known times
/// before unknown ones), then input order.
pub fn publication_order(articles: &[Article]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by_key(|&i| (publication_key(articles[i].published), i));
    let mut rank = vec![0; articles.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    rank
}

/// Find the copy groups among `sentences` (with their fingerprints, same order).
pub fn find_copies(
    articles: &[Article],
    sentences: &[Sentence],
    fps: &[Fingerprint],
    cfg: &CopyConfig,
) -> Vec<CopyGroup> {
    let mut uf = UnionFind::new(sentences.len());
    // Exact normalised copies.
    let mut exact: FxHashMap<u64, usize> = FxHashMap::default();
    for (i, fp) in fps.iter().enumerate() {
        if fp.terms.len() < cfg.min_terms {
            continue;
        }
        match exact.get(&fp.exact) {
            Some(&j) => uf.union(j, i),
            None => {
                exact.insert(fp.exact, i);
            }
        }
    }
    // LSH buckets over the representatives of exact classes: every (band,
    // key, sentence) entry sorted, so that each bucket is a run in sentence
    // order. One sort instead of a hash map of a few million mostly
    // one-member buckets, each its own allocation. (Sentence indices fit in
    // u32: four billion sentences would not fit in memory in the first place.)
    let mut entries: Vec<(u32, u64, u32)> = sorted_values(&exact)
        .into_iter()
        .flat_map(|(_, i)| {
            fps[i]
                .bands
                .iter()
                .enumerate()
                .map(move |(band, &key)| (band as u32, key, i as u32))
        })
        .collect();
    entries.par_sort_unstable();
    for bucket in entries.chunk_by(|a, b| a.0 == b.0 && a.1 == b.1) {
        bucket_candidates(bucket.len(), cfg, |k, p| {
            let (i, j) = (bucket[k].2 as usize, bucket[p].2 as usize);
            // Already joined: the check could not change the groups.
            if uf.find(i) != uf.find(j) && is_copy(&fps[i], &fps[j], cfg) {
                uf.union(i, j);
            }
        });
    }
    drop(entries);
    groups_of(&mut uf, articles, sentences, |s| fps[s].terms.len(), cfg)
}

/// The pairs of an LSH bucket (members in sentence order) that are checked
/// for copying: each member against the [`CopyConfig::max_bucket_checks`]
/// members just before it, as `f(later, earlier)` positions in the bucket.
/// Which pairs are checked does not depend on what earlier checks found, so
/// buckets can be checked in any order, or on different machines.
pub fn bucket_candidates(len: usize, cfg: &CopyConfig, mut f: impl FnMut(usize, usize)) {
    for k in 1..len {
        for p in (k.saturating_sub(cfg.max_bucket_checks)..k).rev() {
            f(k, p);
        }
    }
}

/// Links between sentences (indices into the digest's sentences) found to be
/// copies, wherever they were found: their connected components, over the
/// sentences long enough to be copies, are the copy groups. Used when the
/// links are found apart from the digest (`storyline-dist`, by key across
/// workers); [`find_copies`] finds the same components in one process.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CopyLinks {
    /// Pairs of linked sentences, in any order.
    pub pairs: Vec<(u32, u32)>,
}

/// The copy groups given by `links` (see [`CopyLinks`]); equal to
/// [`find_copies`] when the links are its exact-copy and verified bucket pairs.
/// `term_count(s)` is sentence `s`'s number of terms (its fingerprint's), the
/// only part of a fingerprint that grouping reads.
pub fn copy_groups(
    articles: &[Article],
    sentences: &[Sentence],
    term_count: impl Fn(usize) -> usize,
    links: &CopyLinks,
    cfg: &CopyConfig,
) -> Vec<CopyGroup> {
    let mut uf = UnionFind::new(sentences.len());
    for &(a, b) in &links.pairs {
        uf.union(a as usize, b as usize);
    }
    groups_of(&mut uf, articles, sentences, term_count, cfg)
}

/// The components of `uf` that span at least two articles, as copy groups:
/// members in publication order, groups by their first member.
fn groups_of(
    uf: &mut UnionFind,
    articles: &[Article],
    sentences: &[Sentence],
    term_count: impl Fn(usize) -> usize,
    cfg: &CopyConfig,
) -> Vec<CopyGroup> {
    // (root, sentence) sorted, so each component is a run in sentence order.
    let rank = publication_order(articles);
    let mut by_root: Vec<(usize, usize)> = (0..sentences.len())
        .filter(|&i| term_count(i) >= cfg.min_terms)
        .map(|i| (uf.find(i), i))
        .collect();
    by_root.sort_unstable();
    let mut groups: Vec<CopyGroup> = by_root
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| {
            let a0 = sentences[run[0].1].article;
            run.iter().any(|&(_, s)| sentences[s].article != a0)
        })
        .map(|run| {
            let mut members: Vec<usize> = run.iter().map(|&(_, s)| s).collect();
            members.sort_by_key(|&s| (rank[sentences[s].article], sentences[s].position));
            CopyGroup { members }
        })
        .collect();
    groups.sort_by_key(|g| {
        (
            rank[sentences[g.first()].article],
            sentences[g.first()].position,
        )
    });
    groups
}

fn sorted_values(map: &FxHashMap<u64, usize>) -> Vec<(u64, usize)> {
    let mut v: Vec<(u64, usize)> = map.iter().map(|(&k, &i)| (k, i)).collect();
    v.sort_unstable_by_key(|&(_, i)| i);
    v
}

/// The words a copy replaced, found by a word-level diff (longest common
/// subsequence on case-folded words, punctuation ignored).
pub fn swaps(original: &str, copy: &str) -> Vec<Swap> {
    let a: Vec<&str> = crate::text::words(original)
        .into_iter()
        .map(|r| &original[r])
        .collect();
    let b: Vec<&str> = crate::text::words(copy)
        .into_iter()
        .map(|r| &copy[r])
        .collect();
    if a.len() > 400 || b.len() > 400 {
        return Vec::new();
    }
    let la: Vec<String> = a.iter().map(|w| w.to_lowercase()).collect();
    let lb: Vec<String> = b.iter().map(|w| w.to_lowercase()).collect();
    let eq = |i: usize, j: usize| la[i] == lb[j];
    // lcs[i][j] = LCS length of a[i..], b[j..]
    let mut lcs = vec![vec![0u16; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if eq(i, j) {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    let (mut from, mut to): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    let mut flush = |from: &mut Vec<&str>, to: &mut Vec<&str>| {
        if !from.is_empty() || !to.is_empty() {
            out.push(Swap {
                from: from.join(" "),
                to: to.join(" "),
            });
            from.clear();
            to.clear();
        }
    };
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && eq(i, j) {
            flush(&mut from, &mut to);
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            to.push(b[j]);
            j += 1;
        } else {
            from.push(a[i]);
            i += 1;
        }
    }
    flush(&mut from, &mut to);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::fingerprint;
    use crate::text::Normalizer;

    fn setup(texts: &[(&str, &str)]) -> (Vec<Article>, Vec<Sentence>, Vec<Fingerprint>) {
        let n = Normalizer::default();
        let articles: Vec<Article> = texts
            .iter()
            .map(|(id, t)| Article::new(*id, "t", *t))
            .collect();
        let sentences: Vec<Sentence> = (0..articles.len())
            .map(|i| Sentence {
                article: i,
                position: 0,
                span: 0..articles[i].text.len(),
            })
            .collect();
        let fps = articles
            .iter()
            .map(|a| fingerprint(&n, &a.text, 6))
            .collect();
        (articles, sentences, fps)
    }

    #[test]
    fn spun_copies_group_and_unrelated_do_not() {
        let (arts, sents, fps) = setup(&[
            ("a", "The official would not be named discussing the private discussion, which also covered U.S. concerns over cybersecurity and the situation in Ukraine."),
            ("b", "Putin has denied his government was involved, but cheered the release of the information."),
            ("c", "The official would not be named discussing the private discussion, which also covered USA concerns over cybersecurity and the situation in Ukraine."),
            ("d", "The official would not be named discussing the confidential talks, which also covered American worries over cybersecurity and the situation in Ukraine."),
            // Same template, different event and names: not a copy.
            ("f", "\"We will not accept a proposal that ignores the people of Nurodor,\" Sabra Samerdor told reporters on Monday."),
            ("g", "\"We will not accept a proposal that ignores the people of Kaquitas,\" Gamer Gafenfen told reporters on Monday."),
            ("h", "Critics in Dorliga said the disputed budget would cost more than 165 million and investigated the project."),
            ("i", "Critics in Mermarri said the disputed budget would cost more than 579 million and investigated the project."),
            ("e", "The official would not be named discussing the trade negotiations, which also covered Chinese tariffs on steel and the situation in the South China Sea."),
        ]);
        let groups = find_copies(&arts, &sents, &fps, &CopyConfig::default());
        assert_eq!(
            groups,
            [CopyGroup {
                members: vec![0, 2, 3]
            }]
        );
    }

    #[test]
    fn first_carrier_is_earliest_published() {
        let (mut arts, sents, fps) = setup(&[
            ("late", "Russian Foreign Minister Sergey Lavrov and Secretary of State John Kerry are expected to meet on Thursday."),
            ("early", "Russian Foreign Minister Sergey Lavrov and Secretary of State John Kerry are expected to meet on Thursday."),
        ]);
        arts[0].published = crate::ingest::parse_published("2016-09-07");
        arts[1].published = crate::ingest::parse_published("2016-09-05");
        let groups = find_copies(&arts, &sents, &fps, &CopyConfig::default());
        assert_eq!(groups[0].members, [1, 0]);
    }

    #[test]
    fn a_bare_date_does_not_beat_a_timed_report_of_the_same_day() {
        let text = "Russian Foreign Minister Sergey Lavrov and Secretary of State John Kerry are expected to meet on Thursday.";
        let (mut arts, sents, fps) = setup(&[("dated", text), ("timed", text)]);
        arts[0].published = crate::ingest::parse_published("2016-09-05");
        arts[1].published = crate::ingest::parse_published("2016-09-05T09:30:00Z");
        let groups = find_copies(&arts, &sents, &fps, &CopyConfig::default());
        assert_eq!(groups[0].members, [1, 0]);
    }

    #[test]
    fn same_article_repeats_are_not_cross_outlet_copies() {
        let n = Normalizer::default();
        let t = "The two leaders used the talk to clarify sticking points, the official said.";
        let arts = vec![Article::new("a", "t", format!("{t} {t}"))];
        let sents = vec![
            Sentence {
                article: 0,
                position: 0,
                span: 0..t.len(),
            },
            Sentence {
                article: 0,
                position: 1,
                span: t.len() + 1..2 * t.len() + 1,
            },
        ];
        let fps = vec![fingerprint(&n, t, 6), fingerprint(&n, t, 6)];
        assert!(find_copies(&arts, &sents, &fps, &CopyConfig::default()).is_empty());
    }

    #[test]
    fn swaps_name_the_replaced_words() {
        assert_eq!(
            swaps(
                "comes as the Russia leader is playing",
                "comes as the Russian Federation leader is playing"
            ),
            [Swap {
                from: "Russia".into(),
                to: "Russian Federation".into()
            }]
        );
        assert_eq!(
            swaps(
                "which also covered U.S. concerns",
                "which also covered USA concerns"
            ),
            [Swap {
                from: "U.S.".into(),
                to: "USA".into()
            }]
        );
        assert!(swaps("same words here", "Same words, here").is_empty());
    }

    #[test]
    fn a_probe_judges_every_pair_as_the_whole_fingerprint_does() {
        // Generated news: templates with other names, spun and verbatim
        // copies, so that every branch of the check (exact, similar with
        // names that agree or not, dissimilar, too short) is met.
        let n = Normalizer::default();
        let (articles, _) = crate::synth::corpus(40, 11);
        let fps: Vec<Fingerprint> = articles
            .iter()
            .flat_map(|a| {
                crate::segment::split_sentences(&a.text)
                    .into_iter()
                    .map(|r| a.text[r].to_string())
                    .collect::<Vec<_>>()
            })
            .map(|s| fingerprint(&n, &s, 6))
            .take(400)
            .collect();
        let cfg = CopyConfig::default();
        let probes: Vec<CopyProbe> = fps.iter().map(CopyProbe::of).collect();
        let (mut copies, mut exact, mut other_names) = (0, 0, 0);
        for (i, a) in fps.iter().enumerate() {
            for (j, b) in fps.iter().enumerate() {
                let whole = is_copy(a, b, &cfg);
                assert_eq!(
                    is_copy_of(a, &probes[j], &cfg),
                    whole,
                    "sentences {i} and {j}"
                );
                if whole && i != j {
                    copies += 1;
                    exact += usize::from(a.exact == b.exact);
                }
                let near = similar(a, b.terms.len(), b.exact, &b.unigrams, &b.bigrams, &cfg);
                other_names += usize::from(matches!(near, Similar::Yes) && !whole);
            }
        }
        assert!(
            copies > exact && exact > 0 && other_names > 0,
            "{copies} copies, {exact} exact, {other_names} templates with other names"
        );
    }
}
