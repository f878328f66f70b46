//! Fingerprint: what the copy and story stages need to know about a sentence,
//! computed once: its normalised terms, its word-bigram shingles and the LSH band
//! keys of their MinHash signature.

use std::ops::Range;

use crate::text::{mix64, Normalizer, Term};
use crate::tokens::Tokens;

/// LSH geometry: `BANDS` bands of `ROWS` MinHash values. The banding's 50%
/// detection point sits near Jaccard (1/BANDS)^(1/ROWS) ≈ 0.37, well under the
/// verification threshold, so copies with a word or two swapped are still found.
pub const BANDS: usize = 20;
/// MinHash values per band (see [`BANDS`]).
pub const ROWS: usize = 3;

/// A sentence's fingerprint.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Fingerprint {
    /// Normalised terms in order (function words included).
    pub terms: Vec<Term>,
    /// Sorted, deduplicated term ids.
    pub unigrams: Vec<u64>,
    /// Sorted, deduplicated hashes of consecutive term pairs.
    pub bigrams: Vec<u64>,
    /// One key per LSH band; empty when the sentence is too short to fingerprint.
    pub bands: Vec<u64>,
    /// Hash of the whole normalised term sequence (exact-copy key).
    pub exact: u64,
}

impl Fingerprint {
    /// Number of non-function words.
    pub fn content_len(&self) -> usize {
        self.terms.iter().filter(|t| !t.stop).count()
    }
}

/// Fingerprint one sentence. Sentences with fewer than `min_terms` terms get no
/// band keys (they are too short for a copy to mean anything).
pub fn fingerprint(normalizer: &Normalizer, sentence: &str, min_terms: usize) -> Fingerprint {
    of_terms(normalizer.terms(sentence), min_terms)
}

/// The fingerprints of an article's sentences (`sentences`, byte spans in
/// `text`), from the article's lexemes: the same as [`fingerprint`] on each
/// sentence's text.
pub fn fingerprint_sentences(
    normalizer: &Normalizer,
    text: &str,
    tokens: &Tokens,
    sentences: &[Range<usize>],
    min_terms: usize,
) -> Vec<Fingerprint> {
    sentences
        .iter()
        .map(|s| {
            of_terms(
                normalizer.terms_in(text, tokens.within(s.clone())),
                min_terms,
            )
        })
        .collect()
}

fn of_terms(terms: Vec<Term>, min_terms: usize) -> Fingerprint {
    let mut unigrams: Vec<u64> = terms.iter().map(|t| t.id).collect();
    unigrams.sort_unstable();
    unigrams.dedup();
    let mut bigrams: Vec<u64> = terms
        .windows(2)
        .map(|w| mix64(w[0].id.rotate_left(17) ^ w[1].id))
        .collect();
    bigrams.sort_unstable();
    bigrams.dedup();
    let exact = terms
        .iter()
        .fold(0x9e37_79b9_7f4a_7c15u64, |h, t| mix64(h ^ t.id));
    let bands = if terms.len() >= min_terms && !bigrams.is_empty() {
        band_keys(&bigrams)
    } else {
        Vec::new()
    };
    Fingerprint {
        terms,
        unigrams,
        bigrams,
        bands,
        exact,
    }
}

/// MinHash over the shingles with `BANDS * ROWS` hash functions, folded into one
/// key per band. Each function is a 32-bit multiply-add with its own odd
/// multiplier on the (already well-mixed) shingle hash: one multiplication per
/// function, on lanes the compiler vectorises. A band key folds `ROWS` values
/// (96 bits), so 32-bit values lose nothing that matters here.
fn band_keys(shingles: &[u64]) -> Vec<u64> {
    let mut mins = [u32::MAX; BANDS * ROWS];
    for &s in shingles {
        let h = mix64(s);
        let x = (h ^ (h >> 32)) as u32;
        for (i, m) in mins.iter_mut().enumerate() {
            let v = x.wrapping_mul(MULTIPLIERS[i]).wrapping_add(OFFSETS[i]);
            *m = (*m).min(v);
        }
    }
    mins.chunks(ROWS)
        .enumerate()
        .map(|(band, rows)| {
            rows.iter()
                .fold(mix64(band as u64 + 1), |acc, &v| mix64(acc ^ u64::from(v)))
        })
        .collect()
}

/// Odd 32-bit multipliers of the MinHash functions.
const MULTIPLIERS: [u32; BANDS * ROWS] = {
    let mut m = [0u32; BANDS * ROWS];
    let mut i = 0;
    while i < BANDS * ROWS {
        m[i] = (SEEDS[i] >> 32) as u32 | 1;
        i += 1;
    }
    m
};

/// Offsets of the MinHash functions.
const OFFSETS: [u32; BANDS * ROWS] = {
    let mut m = [0u32; BANDS * ROWS];
    let mut i = 0;
    while i < BANDS * ROWS {
        m[i] = SEEDS[i] as u32;
        i += 1;
    }
    m
};

/// Fixed seeds for the MinHash functions: deterministic across runs.
const SEEDS: [u64; BANDS * ROWS] = {
    let mut seeds = [0u64; BANDS * ROWS];
    let mut x: u64 = 0x853c_49e6_748f_ea9b;
    let mut i = 0;
    while i < BANDS * ROWS {
        x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        seeds[i] = z ^ (z >> 31);
        i += 1;
    }
    seeds
};

/// Jaccard similarity of two sorted, deduplicated slices.
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let inter = intersection_size(a, b);
    inter as f64 / (a.len() + b.len() - inter) as f64
}

/// Size of the intersection of two sorted, deduplicated slices.
pub fn intersection_size<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spun_copy_shares_bands_and_is_similar() {
        let n = Normalizer::default();
        let a = fingerprint(&n, "Obama’s meeting with Putin comes as the Russia leader is playing a prominent role in the presidential campaign at home.", 6);
        let b = fingerprint(&n, "Obama’s meeting with Putin comes as the Russian Federation leader is playing a prominent role in the presidential campaign at home.", 6);
        assert_eq!(
            a.exact, b.exact,
            "normalisation makes this spin an exact copy"
        );
        let c = fingerprint(&n, "Obama’s meeting with Putin comes as the Kremlin chief is playing a prominent role in the presidential campaign at home.", 6);
        assert!(jaccard(&a.bigrams, &c.bigrams) > 0.6);
        assert!(
            a.bands.iter().zip(&c.bands).any(|(x, y)| x == y),
            "LSH finds the one-word spin"
        );
        let d = fingerprint(
            &n,
            "The hard diplomacy on Syria set the tone for an uneven few days for Obama.",
            6,
        );
        assert!(jaccard(&a.bigrams, &d.bigrams) < 0.1);
    }

    #[test]
    fn short_sentences_get_no_bands() {
        let n = Normalizer::default();
        assert!(fingerprint(&n, "Obama said.", 6).bands.is_empty());
        assert_eq!(
            fingerprint(&n, "Obama met Putin in China on Monday.", 6)
                .bands
                .len(),
            BANDS
        );
    }
}
