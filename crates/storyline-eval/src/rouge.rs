//! ROUGE-N and ROUGE-S/SU scores with ROUGE-1.5.5's counting rules.

use std::cmp::Ordering;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

pub use crate::config::RougeConfig;
use crate::tokenize::tokenize;

/// Recall, precision and F measure of one ROUGE variant.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Prf {
    /// Matched grams over the grams of the references.
    pub recall: f64,
    /// Matched grams over the grams of the peer (once per reference).
    pub precision: f64,
    /// Weighted harmonic mean of recall and precision (see [`RougeConfig::alpha`]).
    pub f: f64,
}

impl Prf {
    /// Component-wise mean; zero for an empty list.
    fn mean<'a>(items: impl ExactSizeIterator<Item = &'a Prf>) -> Prf {
        let n = items.len();
        if n == 0 {
            return Prf::default();
        }
        let sum = items.fold(Prf::default(), |acc, p| Prf {
            recall: acc.recall + p.recall,
            precision: acc.precision + p.precision,
            f: acc.f + p.f,
        });
        let n = n as f64;
        Prf {
            recall: sum.recall / n,
            precision: sum.precision / n,
            f: sum.f / n,
        }
    }
}

/// The three scores DUC, TAC and MultiLing report for one peer summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct RougeScores {
    /// ROUGE-1 (unigrams).
    pub rouge1: Prf,
    /// ROUGE-2 (bigrams).
    pub rouge2: Prf,
    /// ROUGE-SU4 under the default settings; in general the skip-bigram score
    /// for [`RougeConfig::max_skip`] and [`RougeConfig::skip_unigrams`].
    pub rouge_su4: Prf,
}

/// Scores one peer summary against its reference ("model") summaries.
///
/// No references, an empty peer or an empty reference give zero scores, never
/// NaN.
///
/// ```
/// use storyline_eval::{score, RougeConfig};
/// let cfg = RougeConfig::multiling2011();
/// let s = score("the cat sat", &["the cat sat on the mat"], &cfg);
/// assert_eq!(s.rouge1.recall, 0.5);
/// assert_eq!(s.rouge1.precision, 1.0);
/// ```
pub fn score(peer: &str, models: &[&str], cfg: &RougeConfig) -> RougeScores {
    let texts = TokenIds::new(peer, models, cfg);
    RougeScores {
        rouge1: ngram_prf(&texts, 1, cfg),
        rouge2: ngram_prf(&texts, 2, cfg),
        rouge_su4: skip_bigram_prf(&texts, cfg),
    }
}

/// ROUGE-N for any `n` (ROUGE's `-n`); `n = 0` gives zero scores.
pub fn score_rouge_n(peer: &str, models: &[&str], n: usize, cfg: &RougeConfig) -> Prf {
    ngram_prf(&TokenIds::new(peer, models, cfg), n, cfg)
}

/// ROUGE-S or ROUGE-SU (depending on [`RougeConfig::skip_unigrams`]) with
/// gaps of at most [`RougeConfig::max_skip`] words.
pub fn score_rouge_s(peer: &str, models: &[&str], cfg: &RougeConfig) -> Prf {
    skip_bigram_prf(&TokenIds::new(peer, models, cfg), cfg)
}

/// Mean of each recall, precision and F over a list of scores (ROUGE-1.5.5
/// averages per-summary scores this way over the evaluation set); zero for an
/// empty list.
///
/// ROUGE-1.5.5 reports the mean of its bootstrap resamples (`-r 1000`)
/// rather than this plain mean; for ten summaries the two differ by up to
/// about 0.0002.
pub fn macro_average(scores: &[RougeScores]) -> RougeScores {
    RougeScores {
        rouge1: Prf::mean(scores.iter().map(|s| &s.rouge1)),
        rouge2: Prf::mean(scores.iter().map(|s| &s.rouge2)),
        rouge_su4: Prf::mean(scores.iter().map(|s| &s.rouge_su4)),
    }
}

/// The peer and model texts of one scoring call as token ids from a shared
/// vocabulary, so grams can be compared as numbers.
struct TokenIds {
    /// Token ids of the peer summary.
    peer: Vec<u32>,
    /// Token ids of each reference summary.
    models: Vec<Vec<u32>>,
}

impl TokenIds {
    /// Tokenises the texts and numbers their distinct tokens.
    fn new(peer: &str, models: &[&str], cfg: &RougeConfig) -> Self {
        let mut vocab = HashMap::new();
        let mut ids = |text: &str| -> Vec<u32> {
            tokenize(text, cfg)
                .into_iter()
                .map(|token| {
                    // Ids stay below `NO_WORD`: a text would need billions of
                    // distinct tokens to reach it.
                    let next = u32::try_from(vocab.len()).unwrap_or(NO_WORD - 1);
                    *vocab.entry(token).or_insert(next)
                })
                .collect()
        };
        let peer = ids(peer);
        let models = models.iter().map(|m| ids(m)).collect();
        Self { peer, models }
    }
}

/// The grams of one text as a sorted list (a multiset).
struct GramBag<K> {
    /// Every gram occurrence, sorted.
    grams: Vec<K>,
}

impl<K: Ord> GramBag<K> {
    /// Collects and sorts the grams.
    fn new(grams: impl IntoIterator<Item = K>) -> Self {
        let mut grams: Vec<K> = grams.into_iter().collect();
        grams.sort_unstable();
        Self { grams }
    }

    /// Number of gram occurrences.
    fn total(&self) -> u64 {
        self.grams.len() as u64
    }

    /// Grams shared with `other`, each counted at most as often as it occurs
    /// in either text (ROUGE's clipped hit count): a merge of the two sorted
    /// lists pairs up equal grams one by one.
    fn clipped_overlap(&self, other: &Self) -> u64 {
        let (mut i, mut j, mut hits) = (0, 0, 0);
        while let (Some(a), Some(b)) = (self.grams.get(i), other.grams.get(j)) {
            match a.cmp(b) {
                Ordering::Less => i += 1,
                Ordering::Greater => j += 1,
                Ordering::Equal => {
                    hits += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        hits
    }
}

/// Hits and reference size for one peer/reference pair.
#[derive(Clone, Copy)]
struct PairCounts {
    /// Clipped matching grams.
    hits: u64,
    /// Grams in the reference.
    model_total: u64,
}

/// Contiguous n-grams of a token-id list, for any `n` (empty for `n = 0`).
fn ngrams(ids: &[u32], n: usize) -> GramBag<&[u32]> {
    if n == 0 {
        return GramBag::new(std::iter::empty());
    }
    GramBag::new(ids.windows(n))
}

/// Unigrams or bigrams (`n` is 1 or 2) packed into one number each, which
/// sorts much faster than slices.
fn short_ngrams(ids: &[u32], n: usize) -> GramBag<u64> {
    GramBag::new(
        ids.windows(n)
            .map(|w| w.iter().fold(0, |key, &id| (key << 32) | u64::from(id))),
    )
}

/// Marker in the low half of a skip-gram key for "unigram, no second word".
const NO_WORD: u32 = u32::MAX;

/// One skip-gram key: the first word in the high 32 bits, the second word
/// (or [`NO_WORD`]) in the low 32 bits.
fn skip_key(first: u32, second: u32) -> u64 {
    (u64::from(first) << 32) | u64::from(second)
}

/// Skip bigrams (and, if asked, unigrams) the way ROUGE-1.5.5 builds them.
///
/// Each token is paired with each of the next `max_skip + 1` tokens. With
/// `unigrams`, ROUGE adds each token as a unigram while walking the first
/// words of the pairs, so the last token of the text is never counted as a
/// unigram (and a one-token text has no grams at all). There is no
/// sentence-start marker: the "start-of-sentence unigram" in ROUGE's help text
/// describes the idea, the code counts plain unigrams.
fn skip_bigrams(ids: &[u32], max_skip: usize, unigrams: bool) -> GramBag<u64> {
    let last = ids.len().saturating_sub(1);
    let grams = (0..last).flat_map(move |i| {
        let reach = last.min(i.saturating_add(max_skip).saturating_add(1));
        let unigram = unigrams.then(|| skip_key(ids[i], NO_WORD));
        let pairs = (i + 1..=reach).map(move |j| skip_key(ids[i], ids[j]));
        unigram.into_iter().chain(pairs)
    });
    GramBag::new(grams)
}

/// ROUGE-N of tokenised texts.
fn ngram_prf(texts: &TokenIds, n: usize, cfg: &RougeConfig) -> Prf {
    if matches!(n, 1 | 2) {
        let peer = short_ngrams(&texts.peer, n);
        let models: Vec<_> = texts.models.iter().map(|m| short_ngrams(m, n)).collect();
        return prf_from_counts(&peer, &models, cfg);
    }
    let peer = ngrams(&texts.peer, n);
    let models: Vec<_> = texts.models.iter().map(|m| ngrams(m, n)).collect();
    prf_from_counts(&peer, &models, cfg)
}

/// ROUGE-S/SU of tokenised texts.
fn skip_bigram_prf(texts: &TokenIds, cfg: &RougeConfig) -> Prf {
    let bag = |ids: &[u32]| skip_bigrams(ids, cfg.max_skip, cfg.skip_unigrams);
    let peer = bag(&texts.peer);
    let models: Vec<_> = texts.models.iter().map(|m| bag(m)).collect();
    prf_from_counts(&peer, &models, cfg)
}

/// Combines the per-reference counts into one score, with or without
/// jackknifing.
fn prf_from_counts<K: Ord>(peer: &GramBag<K>, models: &[GramBag<K>], cfg: &RougeConfig) -> Prf {
    let pairs: Vec<PairCounts> = models
        .iter()
        .map(|m| PairCounts {
            hits: m.clipped_overlap(peer),
            model_total: m.total(),
        })
        .collect();
    let peer_total = peer.total();
    if cfg.jackknife && pairs.len() > 1 {
        jackknife(&pairs, peer_total, cfg.alpha)
    } else {
        model_average(pairs.iter(), peer_total, cfg.alpha)
    }
}

/// Mean of the model-average scores over every leave-one-out subset.
fn jackknife(pairs: &[PairCounts], peer_total: u64, alpha: f64) -> Prf {
    let subsets: Vec<Prf> = (0..pairs.len())
        .map(|left_out| {
            let kept = pairs
                .iter()
                .enumerate()
                .filter(move |(i, _)| *i != left_out)
                .map(|(_, p)| p);
            model_average(kept, peer_total, alpha)
        })
        .collect();
    Prf::mean(subsets.iter())
}

/// ROUGE-1.5.5's `-f A`: pooled hits over pooled reference grams (recall)
/// and over the peer grams counted once per reference (precision).
fn model_average<'a>(
    pairs: impl Iterator<Item = &'a PairCounts>,
    peer_total: u64,
    alpha: f64,
) -> Prf {
    let (mut hits, mut model_total, mut peer_pooled) = (0u64, 0u64, 0u64);
    for p in pairs {
        hits += p.hits;
        model_total += p.model_total;
        peer_pooled += peer_total;
    }
    let recall = ratio(hits, model_total);
    let precision = ratio(hits, peer_pooled);
    Prf {
        recall,
        precision,
        f: f_measure(precision, recall, alpha),
    }
}

/// `num / den`, or zero when `den` is zero.
fn ratio(num: u64, den: u64) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

/// ROUGE's weighted harmonic mean, zero when both parts are zero.
fn f_measure(precision: f64, recall: f64, alpha: f64) -> f64 {
    let den = (1.0 - alpha) * precision + alpha * recall;
    if den > 0.0 {
        precision * recall / den
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EPS: f64 = 1e-12;

    fn plain() -> RougeConfig {
        RougeConfig::multiling2011()
    }

    fn assert_prf(got: Prf, recall: f64, precision: f64, f: f64) {
        assert!(
            (got.recall - recall).abs() < EPS,
            "recall {got:?} vs {recall}"
        );
        assert!(
            (got.precision - precision).abs() < EPS,
            "precision {got:?} vs {precision}"
        );
        assert!((got.f - f).abs() < EPS, "f {got:?} vs {f}");
    }

    fn f1(p: f64, r: f64) -> f64 {
        2.0 * p * r / (p + r)
    }

    /// Peer "the cat sat on the mat" (6 tokens), model "the cat was on the
    /// mat today" (7 tokens).
    ///
    /// Unigrams: peer {the:2, cat, sat, on, mat}, model {the:2, cat, was, on,
    /// mat, today}. Clipped hits: the 2 + cat + on + mat = 5.
    /// R-1 = 5/7, P-1 = 5/6.
    ///
    /// Bigrams: peer "the cat", "cat sat", "sat on", "on the", "the mat" (5);
    /// model "the cat", "cat was", "was on", "on the", "the mat", "mat today"
    /// (6). Hits: "the cat", "on the", "the mat" = 3. R-2 = 3/6, P-2 = 3/5.
    ///
    /// SU4 (gap <= 4, i.e. pairs up to 5 apart; unigrams of every token but
    /// the last): peer has 5 unigrams (the, cat, sat, on, the) + 15 pairs (all
    /// pairs of 6 tokens are within distance 5) = 20 grams. Model has 6
    /// unigrams (the, cat, was, on, the, mat) + pairs of 7 tokens within
    /// distance 5 = 21 - 1 ("the".."today" at distance 6) = 20, total 26.
    /// Unigram hits: the 2, cat 1, on 1 = 4 (peer "mat" is last, not counted).
    /// Peer pairs: the-cat, the-sat, the-on, the-the, the-mat (x2: positions
    /// 0-5 and 4-5), cat-sat, cat-on, cat-the, cat-mat, sat-on, sat-the,
    /// sat-mat, on-the, on-mat. Model pairs: the-cat, the-was, the-on, the-the, the-mat (x2:
    /// positions 0-5 and 4-5), cat-was, cat-on, cat-the, cat-mat, cat-today,
    /// was-on, was-the, was-mat, was-today, on-the, on-mat, on-today,
    /// the-today, mat-today. Pair hits: the-cat 1, the-on 1, the-the 1,
    /// the-mat min(2,2) = 2, cat-on 1, cat-the 1, cat-mat 1, on-the 1,
    /// on-mat 1 = 10. Total hits 14. R-SU4 = 14/26, P-SU4 = 14/20.
    #[test]
    fn hand_computed_single_reference() {
        let s = score(
            "The cat sat on the mat.",
            &["the cat was on the mat today"],
            &plain(),
        );
        assert_prf(s.rouge1, 5.0 / 7.0, 5.0 / 6.0, f1(5.0 / 6.0, 5.0 / 7.0));
        assert_prf(s.rouge2, 3.0 / 6.0, 3.0 / 5.0, f1(3.0 / 5.0, 3.0 / 6.0));
        assert_prf(
            s.rouge_su4,
            14.0 / 26.0,
            14.0 / 20.0,
            f1(14.0 / 20.0, 14.0 / 26.0),
        );
    }

    #[test]
    fn clipping_limits_repeated_words() {
        // Peer repeats "the" four times, the model has it twice: 2 hits.
        let s = score_rouge_n("the the the the", &["the cat the dog"], 1, &plain());
        assert_prf(s, 2.0 / 4.0, 2.0 / 4.0, 0.5);
    }

    /// Three references against peer "a b c": reference unigram hits/sizes
    /// are 3/3 ("a b c"), 1/2 ("a x") and 0/4 ("x y z w").
    ///
    /// Plain model average: R = 4/9, P = 4/(3*3) = 4/9.
    /// Jackknife: {2,3}: R = 1/6, P = 1/6; {1,3}: R = 3/7, P = 3/6;
    /// {1,2}: R = 4/5, P = 4/6. Means: R = (1/6 + 3/7 + 4/5)/3,
    /// P = (1/6 + 1/2 + 2/3)/3 = 4/9, F = mean of the three F1 values.
    #[test]
    fn jackknife_with_three_references() {
        let models = ["a b c", "a x", "x y z w"];
        let mut cfg = plain();
        let avg = score_rouge_n("a b c", &models, 1, &cfg);
        assert_prf(avg, 4.0 / 9.0, 4.0 / 9.0, 4.0 / 9.0);

        cfg.jackknife = true;
        let jk = score_rouge_n("a b c", &models, 1, &cfg);
        let subsets = [
            (1.0 / 6.0, 1.0 / 6.0),
            (3.0 / 7.0, 3.0 / 6.0),
            (4.0 / 5.0, 4.0 / 6.0),
        ];
        let mean = |f: &dyn Fn(&(f64, f64)) -> f64| subsets.iter().map(f).sum::<f64>() / 3.0;
        assert_prf(jk, mean(&|s| s.0), mean(&|s| s.1), mean(&|s| f1(s.1, s.0)));
    }

    #[test]
    fn jackknife_is_a_no_op_with_one_reference() {
        let mut cfg = plain();
        let plain_score = score("a b c d", &["a b x d"], &cfg);
        cfg.jackknife = true;
        assert_eq!(score("a b c d", &["a b x d"], &cfg), plain_score);
    }

    #[test]
    fn word_limit_applies_to_peer_and_models() {
        let cfg = RougeConfig {
            word_limit: Some(2),
            ..plain()
        };
        // Peer -> "a b", model -> "a c": R-1 = P-1 = 1/2.
        let s = score("a b x y", &["a c b d"], &cfg);
        assert_prf(s.rouge1, 0.5, 0.5, 0.5);
        assert_prf(s.rouge2, 0.0, 0.0, 0.0);
    }

    #[test]
    fn empty_inputs_give_zero_not_nan() {
        let cfg = RougeConfig::default();
        let zero = RougeScores::default();
        assert_eq!(score("", &["a b c"], &cfg), zero);
        assert_eq!(score("a b c", &[""], &cfg), zero);
        assert_eq!(score("a b c", &["", ""], &cfg), zero);
        assert_eq!(score("a b c", &[], &cfg), zero);
        assert_eq!(score("!!!", &["..."], &cfg), zero);
        assert_eq!(macro_average(&[]), zero);
        assert_eq!(score_rouge_n("a b", &["a b"], 0, &cfg), Prf::default());
    }

    #[test]
    fn one_token_texts_have_no_skip_grams() {
        let s = score("a", &["a"], &plain());
        assert_prf(s.rouge1, 1.0, 1.0, 1.0);
        assert_prf(s.rouge_su4, 0.0, 0.0, 0.0);
    }

    #[test]
    fn skip_distance_and_unigram_switch() {
        let tokens = [1, 2, 3, 4];
        let s0 = skip_bigrams(&tokens, 0, false);
        assert_eq!(s0.total(), 3); // plain bigrams
        let s1 = skip_bigrams(&tokens, 1, true);
        // unigrams a, b, c + pairs ab ac bc bd cd
        assert_eq!(s1.total(), 8);
        let unlimited = skip_bigrams(&tokens, usize::MAX, false);
        assert_eq!(unlimited.total(), 6);
    }

    #[test]
    fn identical_texts_score_one() {
        let cfg = RougeConfig::default();
        let text = "Stemming makes running and runs match.";
        let s = score(text, &[text, text], &cfg);
        for prf in [s.rouge1, s.rouge2, s.rouge_su4] {
            assert_prf(prf, 1.0, 1.0, 1.0);
        }
    }

    #[test]
    fn stemming_changes_matches() {
        // Stemmed: "poni run" on both sides; unstemmed: nothing in common.
        let stemmed = score_rouge_n("ponies running", &["pony runs"], 1, &RougeConfig::default());
        assert_prf(stemmed, 1.0, 1.0, 1.0);
        let unstemmed = score_rouge_n("ponies running", &["pony runs"], 1, &plain());
        assert_prf(unstemmed, 0.0, 0.0, 0.0);
    }

    #[test]
    fn alpha_weights_precision() {
        let cfg = RougeConfig {
            alpha: 1.0,
            ..plain()
        };
        // alpha = 1 gives F = P.
        let s = score_rouge_n("a b", &["a c d e"], 1, &cfg);
        assert_prf(s, 0.25, 0.5, 0.5);
    }

    #[test]
    fn macro_average_is_componentwise_mean() {
        let a = score("a b", &["a b"], &plain());
        let b = RougeScores::default();
        let m = macro_average(&[a, b]);
        assert_prf(m.rouge1, 0.5, 0.5, 0.5);
        assert_prf(m.rouge2, 0.5, 0.5, 0.5);
    }
}
