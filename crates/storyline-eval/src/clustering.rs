//! Clustering scores: BCubed precision, recall and F1 (Bagga and Baldwin 1998;
//! Amigó et al. 2009) and the adjusted Rand index (Hubert and Arabie 1985).
//! Both compare a predicted partition with a gold one over the same items.

use std::collections::HashMap;
use std::hash::Hash;

use serde::Serialize;

/// BCubed precision, recall and F1, averaged over items.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BCubed {
    /// Mean over items of: share of the item's predicted cluster that shares its gold label.
    pub precision: f64,
    /// Mean over items of: share of the item's gold class that shares its predicted cluster.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

/// Count items per (pred, gold) cell, per pred and per gold.
#[allow(clippy::type_complexity)]
fn contingency<P: Hash + Eq + Clone, G: Hash + Eq + Clone>(
    pred: &[P],
    gold: &[G],
) -> (HashMap<(P, G), usize>, HashMap<P, usize>, HashMap<G, usize>) {
    let mut cells = HashMap::new();
    let mut by_pred = HashMap::new();
    let mut by_gold = HashMap::new();
    for (p, g) in pred.iter().zip(gold) {
        *cells.entry((p.clone(), g.clone())).or_insert(0) += 1;
        *by_pred.entry(p.clone()).or_insert(0) += 1;
        *by_gold.entry(g.clone()).or_insert(0) += 1;
    }
    (cells, by_pred, by_gold)
}

/// BCubed scores of `pred` against `gold` (same length; extra items of the
/// longer slice are ignored). Empty input scores zero.
pub fn bcubed<P: Hash + Eq + Clone, G: Hash + Eq + Clone>(pred: &[P], gold: &[G]) -> BCubed {
    let n = pred.len().min(gold.len());
    if n == 0 {
        return BCubed {
            precision: 0.0,
            recall: 0.0,
            f1: 0.0,
        };
    }
    let (cells, by_pred, by_gold) = contingency(&pred[..n], &gold[..n]);
    let (mut p, mut r) = (0.0, 0.0);
    // Each item in cell (c, g) contributes |cell| / |c| to precision and |cell| / |g| to recall.
    for ((c, g), &k) in &cells {
        let k = k as f64;
        p += k * k / by_pred[c] as f64;
        r += k * k / by_gold[g] as f64;
    }
    let (p, r) = (p / n as f64, r / n as f64);
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    BCubed {
        precision: p,
        recall: r,
        f1,
    }
}

fn pairs(k: usize) -> f64 {
    let k = k as f64;
    k * (k - 1.0) / 2.0
}

/// Adjusted Rand index of `pred` against `gold`: 1 for identical partitions,
/// about 0 for chance agreement. Degenerate cases (fewer than two items, or
/// both partitions trivial in the same way) score 1 when the partitions agree.
pub fn adjusted_rand_index<P: Hash + Eq + Clone, G: Hash + Eq + Clone>(
    pred: &[P],
    gold: &[G],
) -> f64 {
    let n = pred.len().min(gold.len());
    if n < 2 {
        return 1.0;
    }
    let (cells, by_pred, by_gold) = contingency(&pred[..n], &gold[..n]);
    let index: f64 = cells.values().map(|&k| pairs(k)).sum();
    let a: f64 = by_pred.values().map(|&k| pairs(k)).sum();
    let b: f64 = by_gold.values().map(|&k| pairs(k)).sum();
    let expected = a * b / pairs(n);
    let max = (a + b) / 2.0;
    if (max - expected).abs() < f64::EPSILON {
        return if (index - expected).abs() < f64::EPSILON {
            1.0
        } else {
            0.0
        };
    }
    (index - expected) / (max - expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_trivial_partitions() {
        let gold = ["a", "a", "b", "b", "b"];
        let same = [1, 1, 2, 2, 2];
        let b = bcubed(&same, &gold);
        assert_eq!((b.precision, b.recall, b.f1), (1.0, 1.0, 1.0));
        assert!((adjusted_rand_index(&same, &gold) - 1.0).abs() < 1e-12);
        // Everything in one cluster: recall 1, precision = (2*2/5... ) worked by hand:
        // items of "a": 2/5 each, items of "b": 3/5 each -> (2*0.4 + 3*0.6)/5 = 0.52.
        let one = [0; 5];
        let b = bcubed(&one, &gold);
        assert!((b.precision - 0.52).abs() < 1e-12 && (b.recall - 1.0).abs() < 1e-12);
        assert!(adjusted_rand_index(&one, &gold).abs() < 1e-12);
        // All singletons: precision 1, recall (2*1/2 + 3*1/3)/5 = 0.4.
        let single = [0, 1, 2, 3, 4];
        let b = bcubed(&single, &gold);
        assert!((b.precision - 1.0).abs() < 1e-12 && (b.recall - 0.4).abs() < 1e-12);
    }

    #[test]
    fn ari_matches_a_hand_computed_example() {
        // Contingency [[2,1],[0,3]] for pred {x: a,a,b ; y: b,b,b}, gold a,a | b,b,b,b.
        let pred = ["x", "x", "x", "y", "y", "y"];
        let gold = ["a", "a", "b", "b", "b", "b"];
        // index = C(2,2)+C(1,2)+C(3,2) = 1+0+3 = 4; a = 3+3 = 6; b = 1+6 = 7; n pairs = 15
        // expected = 42/15 = 2.8; max = 6.5; ARI = 1.2/3.7
        assert!((adjusted_rand_index(&pred, &gold) - 1.2 / 3.7).abs() < 1e-12);
    }

    #[test]
    fn empty_input_is_safe() {
        let none: [u8; 0] = [];
        assert_eq!(bcubed(&none, &none).f1, 0.0);
        assert_eq!(adjusted_rand_index(&none, &none), 1.0);
    }
}
