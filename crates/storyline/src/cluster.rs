//! Average-link agglomerative clustering on a sparse similarity graph, the
//! step that turns article similarities into stories (batch, and each
//! re-clustered neighbourhood of the stream).
//!
//! A merge needs an average of at least the threshold, and an average is
//! never above the strongest edge it averages, so two clusters merge only
//! if some edge between them reaches the threshold. The clusters therefore
//! never cross the components of the graph of strong edges (those at the
//! threshold or above), and each component can be clustered on its own,
//! on any worker: [`average_link_by_component`] gives the same clusters as
//! [`average_link_weighted`] over the whole graph. Weak edges between
//! components are dropped there; weak edges inside one still count
//! towards its averages.

use rustc_hash::FxHashMap;

use crate::copies::UnionFind;

/// Clusters linked by summed pairwise similarities.
#[derive(Debug, Clone, Default)]
struct Clusters {
    members: Vec<Vec<usize>>,
    alive: Vec<bool>,
    /// Articles each cluster stands for (an article with its near-identical
    /// twins counts as many).
    weight: Vec<f64>,
    /// `links[c][d]`: sum of the similarities between the articles of `c`
    /// and of `d`. Most of the clustering's memory: twice an entry per edge.
    links: Vec<FxHashMap<u32, Sum>>,
}

/// A link's sum, an `f64` kept as two `u32`s so that a map entry with its
/// `u32` key takes 12 bytes instead of 16 (no padding for alignment).
#[derive(Debug, Clone, Copy, Default)]
struct Sum([u32; 2]);

impl Sum {
    fn get(self) -> f64 {
        f64::from_bits(u64::from(self.0[0]) | (u64::from(self.0[1]) << 32))
    }

    fn add(&mut self, x: f64) {
        let bits = (self.get() + x).to_bits();
        self.0 = [bits as u32, (bits >> 32) as u32];
    }
}

/// A cluster's number as a map key (items are numbered in `u32`, as the
/// digest numbers sentences).
fn key(c: usize) -> u32 {
    u32::try_from(c).expect("fewer than 2^32 items to cluster")
}

impl Clusters {
    fn singleton(&mut self, item: usize, weight: f64) -> usize {
        self.members.push(vec![item]);
        self.alive.push(true);
        self.weight.push(weight);
        self.links.push(FxHashMap::default());
        self.members.len() - 1
    }

    fn link(&mut self, c: usize, d: usize, sim: f64) {
        if c != d {
            self.links[c].entry(key(d)).or_default().add(sim);
            self.links[d].entry(key(c)).or_default().add(sim);
        }
    }

    fn average(&self, c: usize, d: usize) -> f64 {
        let sum = self.links[c].get(&key(d)).map_or(0.0, |s| s.get());
        sum / (self.weight[c] * self.weight[d])
    }

    /// Merge `b` into `a`; returns `a`.
    fn merge(&mut self, a: usize, b: usize) -> usize {
        self.alive[b] = false;
        self.weight[a] += self.weight[b];
        let moved = std::mem::take(&mut self.members[b]);
        self.members[a].extend(moved);
        let b_links = std::mem::take(&mut self.links[b]);
        self.links[a].remove(&key(b));
        for (c, s) in b_links {
            if c == key(a) {
                continue;
            }
            self.links[a].entry(c).or_default().add(s.get());
            if let Some(x) = self.links[c as usize].remove(&key(b)) {
                self.links[c as usize]
                    .entry(key(a))
                    .or_default()
                    .add(x.get());
            }
        }
        a
    }

    fn into_stories(mut self) -> Vec<Vec<usize>> {
        (0..self.members.len())
            .filter(|&c| self.alive[c])
            .map(|c| std::mem::take(&mut self.members[c]))
            .collect()
    }
}

/// Average-link agglomerative clustering on a sparse graph: repeatedly merge
/// the two clusters with the highest average pairwise similarity (missing
/// pairs count as 0) while it is at least `threshold`.
pub fn average_link(n: usize, edges: &[(usize, usize, f64)], threshold: f64) -> Vec<Vec<usize>> {
    average_link_weighted(&vec![1.0; n], edges.to_vec(), threshold)
}

/// [`average_link`] where item `i` stands for `weights[i]` articles that
/// link alike (an article and its near-identical twins): each link counts
/// `weights[i] * weights[j]` times.
pub fn average_link_weighted(
    weights: &[f64],
    mut edges: Vec<(usize, usize, f64)>,
    threshold: f64,
) -> Vec<Vec<usize>> {
    average_link_draining(weights, &mut edges, 0, |&e| e, threshold)
}

/// Edges taken from the end of the list at a time while the links are built.
const DRAIN: usize = 1 << 16;

/// Average link over `edges[start..]`, `edge` giving each as (item, item,
/// similarity) with items in `0..weights.len()`. The edges are taken from
/// the end of the list a slice at a time and truncated away, the list
/// shrunk as it goes, so that their memory is handed back while the links
/// that replace them grow; `edges[..start]` is left as it is.
fn average_link_draining<E>(
    weights: &[f64],
    edges: &mut Vec<E>,
    start: usize,
    edge: impl Fn(&E) -> (usize, usize, f64),
    threshold: f64,
) -> Vec<Vec<usize>> {
    use std::cmp::Ordering;
    use std::collections::BinaryHeap;

    /// (average, smaller cluster, larger cluster): 16 bytes.
    #[derive(PartialEq)]
    struct Cand(f64, u32, u32);
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

    let mut clusters = Clusters::default();
    for &w in weights {
        clusters.singleton(clusters.members.len(), w);
    }
    // Each pair is linked once, so the order the edges come in does not
    // change any sum; every candidate differs, so neither does the order
    // they enter the heap in.
    let mut candidates: Vec<Cand> = Vec::new();
    while edges.len() > start {
        let from = edges.len().saturating_sub(DRAIN).max(start);
        for e in &edges[from..] {
            let (i, j, s) = edge(e);
            clusters.link(i, j, s * weights[i] * weights[j]);
            if s >= threshold {
                candidates.push(Cand(s, key(i.min(j)), key(i.max(j))));
            }
        }
        edges.truncate(from);
        if edges.capacity() - edges.len() >= 16 * DRAIN {
            edges.shrink_to_fit();
        }
    }
    let mut heap = BinaryHeap::from(candidates);
    while let Some(Cand(avg, a, b)) = heap.pop() {
        let (a, b) = (a as usize, b as usize);
        if !clusters.alive[a] || !clusters.alive[b] {
            continue;
        }
        if (clusters.average(a, b) - avg).abs() > 1e-12 {
            continue; // stale entry; a fresh one was pushed when it changed
        }
        let a = clusters.merge(a, b);
        let mut neighbours: Vec<u32> = clusters.links[a].keys().copied().collect();
        neighbours.sort_unstable();
        for c in neighbours {
            let avg = clusters.average(a, c as usize);
            if avg >= threshold {
                heap.push(Cand(avg, key(a).min(c), key(a).max(c)));
            }
        }
    }
    clusters.into_stories()
}

/// Whether an edge of similarity `sim` joins its two items' components:
/// it reaches the threshold, less a hair, so that an average rounded up
/// past the threshold (it sums many products) still finds its pair inside
/// one component.
pub fn is_strong(sim: f64, threshold: f64) -> bool {
    sim >= threshold * (1.0 - 1e-9)
}

/// [`average_link_weighted`] computed on each component of the graph of
/// strong edges ([`is_strong`]) on its own. Same clusters, members in the
/// same order, clusters in the same order (by their first member). Weak
/// edges between components are dropped, and each component's edges are
/// handed back as its links are built.
pub fn average_link_by_component(
    weights: &[f64],
    mut edges: Vec<(usize, usize, f64)>,
    threshold: f64,
) -> Vec<Vec<usize>> {
    use rayon::prelude::*;
    let n = weights.len();
    // Each component is named by its smallest item.
    let mut sets = UnionFind::new(n);
    for &(i, j, s) in &edges {
        if is_strong(s, threshold) {
            sets.union(i, j);
        }
    }
    let comp: Vec<usize> = (0..n).map(|i| sets.find(i)).collect();
    drop(sets);
    // Each component's items in increasing order, and each item's place
    // among them.
    let mut items: Vec<usize> = (0..n).collect();
    items.sort_unstable_by_key(|&i| (comp[i], i));
    let mut local = vec![0usize; n];
    for members in items.chunk_by(|&a, &b| comp[a] == comp[b]) {
        for (l, &i) in members.iter().enumerate() {
            local[i] = l;
        }
    }
    // The edges inside a component, grouped by component in the same
    // order, so that the last component's edges are always at the end.
    edges.retain(|&(i, j, _)| comp[i] == comp[j]);
    edges.par_sort_unstable_by_key(|&(i, j, _)| (comp[i], i, j));
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    for members in items.chunk_by(|&a, &b| comp[a] == comp[b]).rev() {
        let start = edges.partition_point(|&(i, _, _)| comp[i] < members[0]);
        clusters.extend(average_link_component(
            members,
            |i| weights[i],
            &mut edges,
            start,
            |&(i, j, s)| (local[i], local[j], s),
            threshold,
        ));
    }
    clusters.sort_unstable_by_key(|c| c[0]);
    clusters
}

/// Average link over one component of the strong graph: `members` are its
/// items in increasing order, `weight` gives each item's weight, and its
/// edges are `edges[start..]`, which `edge` numbers by the items' places in
/// `members`; they are truncated away as the links are built. The clusters,
/// in the items' own numbers, are those that [`average_link_weighted`]
/// over the whole graph makes of these items: numbered here in the same
/// order, the candidates' ties break alike.
pub fn average_link_component<E>(
    members: &[usize],
    weight: impl Fn(usize) -> f64,
    edges: &mut Vec<E>,
    start: usize,
    edge: impl Fn(&E) -> (usize, usize, f64),
    threshold: f64,
) -> Vec<Vec<usize>> {
    if edges.len() == start {
        return members.iter().map(|&i| vec![i]).collect();
    }
    let weights: Vec<f64> = members.iter().map(|&i| weight(i)).collect();
    average_link_draining(&weights, edges, start, edge, threshold)
        .into_iter()
        .map(|c| c.into_iter().map(|l| members[l]).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Clustering each strong component alone gives the whole graph's
        /// clusters, members and order included.
        #[test]
        fn components_cluster_as_the_whole_graph(
            n in 1usize..40,
            raw in proptest::collection::vec((0usize..40, 0usize..40, 0u32..100), 0..160),
            weights in proptest::collection::vec(1u32..4, 40),
            threshold in prop_oneof![Just(0.15), Just(0.3), Just(0.05)],
        ) {
            let mut seen = std::collections::HashSet::new();
            let edges: Vec<(usize, usize, f64)> = raw
                .into_iter()
                .map(|(i, j, s)| (i % n, j % n, 0.05 + f64::from(s) / 200.0))
                .filter(|&(i, j, _)| i < j && seen.insert((i, j)))
                .collect();
            let w: Vec<f64> = weights[..n].iter().map(|&x| f64::from(x)).collect();
            let whole = average_link_weighted(&w, edges.clone(), threshold);
            let parts = average_link_by_component(&w, edges, threshold);
            prop_assert_eq!(whole, parts);
        }
    }

    #[test]
    fn a_weak_edge_between_components_is_dropped_and_a_weak_edge_inside_counts() {
        // 0-1 and 2-3 strong, 1-2 weak between them. Inside {4, 5, 6}:
        // 4-5 and 5-6 strong, and the weak 4-6 lifts the average of {4, 5}
        // with 6 to (0.2 + 0.1) / 2 = 0.15.
        let edges = vec![
            (0, 1, 0.5),
            (2, 3, 0.5),
            (1, 2, 0.1),
            (4, 5, 0.6),
            (5, 6, 0.2),
            (4, 6, 0.1),
        ];
        let w = vec![1.0; 7];
        let got = average_link_by_component(&w, edges.clone(), 0.15);
        assert_eq!(got, vec![vec![0, 1], vec![2, 3], vec![4, 5, 6]]);
        assert_eq!(got, average_link_weighted(&w, edges, 0.15));
    }

    /// More edges than one drain takes: every edge must be linked exactly
    /// once whichever slice it falls in. Each triangle's third item stays
    /// out by a hair: (0.2 + 0.09) / 2 = 0.145 under the threshold of 0.15,
    /// so a weak edge counted twice joins it, and a strong one lost keeps
    /// the pair apart.
    #[test]
    fn edges_drained_over_several_slices_are_each_linked_once() {
        let triangles = 25_000;
        let mut edges = Vec::new();
        for t in 0..triangles {
            let (a, b, c) = (3 * t, 3 * t + 1, 3 * t + 2);
            edges.extend([(a, b, 0.5), (a, c, 0.2), (b, c, 0.09)]);
        }
        assert!(edges.len() > DRAIN, "{} edges", edges.len());
        let expected: Vec<Vec<usize>> = (0..triangles)
            .flat_map(|t| [vec![3 * t, 3 * t + 1], vec![3 * t + 2]])
            .collect();
        let w = vec![1.0; 3 * triangles];
        assert_eq!(average_link_weighted(&w, edges.clone(), 0.15), expected);
        assert_eq!(average_link_by_component(&w, edges.clone(), 0.15), expected);
        edges.reverse();
        assert_eq!(average_link_weighted(&w, edges, 0.15), expected);
    }
}
