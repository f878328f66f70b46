//! Batch story clustering across workers: the similarity graph computed by
//! candidate key, its strong components found by label propagation, and
//! each component clustered on the worker it is dealt to, as
//! [`storyline::stories::cluster`] does in one process.

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use storyline::cluster::{average_link_component, is_strong};
use storyline::stories::{candidate_keys, edge, posting_window, StoryConfig, StoryInput};

use crate::comm::Comm;
use crate::stages::{components, exchange_payloads, owner_of_hash, route_in_rounds};

/// An edge of the similarity graph: (smaller item, larger item, similarity).
type Edge = (u32, u32, f64);

/// Edges per worker routed in one round.
const EDGES_PER_ROUND: usize = 1 << 20;

/// What worker 0 passes: the inputs of the articles that stand for
/// themselves, their publication ranks and weights.
pub(crate) type Items<'a> = (Vec<StoryInput>, &'a [usize], &'a [f64]);

/// [`storyline::stories::cluster`] across workers. Worker 0 passes the
/// items and gets their clusters, in the order one process gives them; the
/// others pass `None` and get nothing.
///
/// Each worker keeps the edges it verified. The strong edges'
/// components are found where the items live (`components`), and their
/// labels all-gathered, so that every worker knows each item's component
/// and deals the components alike: largest first, each to the worker with
/// the fewest items so far, the last worker first (worker 0 also holds
/// every article's outline). The edges inside a component and its items'
/// weights go to its worker, which clusters it
/// ([`storyline::cluster::average_link_component`], the edges' memory
/// handed back as the links grow); worker 0 gathers the clusters.
/// Clusters never cross components, so this is the same clustering as
/// over the whole graph.
pub(crate) fn clusters(
    comm: &mut Comm,
    local: Option<Items<'_>>,
    cfg: &StoryConfig,
) -> Vec<Vec<usize>> {
    let peers = comm.peers();
    let me = comm.index();
    let owner = move |i: u32| (i as usize) % peers;
    let (edges, weights) = similarity_edges(comm, local, cfg);
    let n: usize = comm.all_gather(vec![weights.len()]).into_iter().sum();
    // Every item's component, named by its smallest item.
    let strong: Vec<(u32, u32)> = edges
        .iter()
        .filter(|e| is_strong(e.2, cfg.threshold))
        .map(|&(i, j, _)| (i, j))
        .collect();
    let mut label: Vec<u32> = (0..n as u32).collect();
    let joined = components(comm, strong, owner);
    for (l, i) in comm.all_gather(joined) {
        label[i as usize] = l;
    }
    // Components of two or more items, dealt alike on every worker.
    let mut size: FxHashMap<u32, usize> = FxHashMap::default();
    for &l in &label {
        *size.entry(l).or_insert(0) += 1;
    }
    let mut dealt: Vec<(u32, usize)> = size.into_iter().filter(|&(_, k)| k > 1).collect();
    dealt.sort_unstable_by_key(|&(l, k)| (std::cmp::Reverse(k), l));
    let mut load = vec![0usize; peers];
    let dealt: FxHashMap<u32, usize> = dealt
        .into_iter()
        .map(|(l, k)| {
            let w = (0..peers).rev().min_by_key(|&w| load[w]).unwrap_or(0);
            load[w] += k;
            (l, w)
        })
        .collect();
    let worker_of = |i: u32| dealt.get(&label[i as usize]).copied();
    // The edges inside a component, and the items' weights, to its worker.
    let inside: Vec<Edge> = edges
        .into_iter()
        .filter(|&(i, j, _)| label[i as usize] == label[j as usize])
        .collect();
    let route = |&(i, _, _): &Edge| worker_of(i).unwrap_or(me);
    let mut inside = route_in_rounds(comm, inside, EDGES_PER_ROUND, route);
    let weights: Vec<(u32, f64)> = weights
        .into_iter()
        .filter(|&(i, _)| worker_of(i).is_some())
        .collect();
    let mut weights = comm.route(weights, |&(i, _)| worker_of(i).unwrap_or(me));
    // This worker's components: items in order, edges by component, each
    // item's place in its component.
    let comp = |i: u32| label[i as usize];
    weights.sort_unstable_by_key(|&(i, _)| (comp(i), i));
    inside.par_sort_unstable_by_key(|&(i, j, _)| (comp(i), i, j));
    let mut local = vec![0usize; n];
    for run in weights.chunk_by(|a, b| comp(a.0) == comp(b.0)) {
        for (l, &(i, _)) in run.iter().enumerate() {
            local[i as usize] = l;
        }
    }
    let mut found: Vec<Vec<u32>> = Vec::new();
    for run in weights.chunk_by(|a, b| comp(a.0) == comp(b.0)).rev() {
        let members: Vec<usize> = run.iter().map(|&(i, _)| i as usize).collect();
        let start = inside.partition_point(|&(i, _, _)| comp(i) < comp(run[0].0));
        let clusters = average_link_component(
            &members,
            |i| run[local[i]].1,
            &mut inside,
            start,
            |&(i, j, s)| (local[i as usize], local[j as usize], s),
            cfg.threshold,
        );
        found.extend(
            clusters
                .into_iter()
                .map(|c| c.into_iter().map(|i| i as u32).collect::<Vec<u32>>()),
        );
    }
    drop(inside);
    let found = comm.gather(found);
    if me != 0 {
        return Vec::new();
    }
    // Items outside any component of two or more stand alone.
    let mut clusters: Vec<Vec<usize>> = (0..n as u32)
        .filter(|&i| worker_of(i).is_none())
        .map(|i| vec![i as usize])
        .collect();
    clusters.extend(
        found
            .into_iter()
            .map(|c| c.into_iter().map(|i| i as usize).collect()),
    );
    clusters.sort_unstable_by_key(|c| c[0]);
    clusters
}

/// Batch story detection's similarity graph
/// ([`storyline::stories::similarity_graph`]), computed by key across
/// workers from the items worker 0 passes. Each worker ends with the edges
/// (smaller item, larger item, similarity) it verified, and its own items'
/// weights (item `i` lives on worker `i % W`).
fn similarity_edges(
    comm: &mut Comm,
    local: Option<Items<'_>>,
    cfg: &StoryConfig,
) -> (Vec<Edge>, Vec<(u32, f64)>) {
    let peers = comm.peers();
    let owner = |i: u64| (i % peers as u64) as usize;
    // Each article's input to its worker.
    let spread = local.into_iter().flat_map(|(inputs, rank, weights)| {
        inputs
            .into_iter()
            .enumerate()
            .map(move |(i, input)| (i as u64, rank[i] as u64, weights[i], input))
    });
    let mine = comm.route(spread, |r| owner(r.0));
    let input_of = |i: u64| -> &StoryInput {
        let k = mine.partition_point(|r| r.0 < i);
        &mine[k].3
    };
    // Posting lists by key, in publication order; the pairs each one offers.
    let postings = mine.iter().flat_map(|(i, rank, _, input)| {
        candidate_keys(input)
            .into_iter()
            .map(move |key| (key, *rank, *i))
    });
    let mut postings = comm.route(postings, |p| owner_of_hash(p.0, peers));
    postings.par_sort_unstable();
    // Articles that share several keys meet in several lists: the pairs are
    // deduplicated as they pile up (about two in five are repeats on
    // generated news), so that this worker holds and sends each one once.
    // Article numbers fit in u32 (the digest numbers sentences in u32 too).
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut distinct = 0;
    for list in postings.chunk_by(|x, y| x.0 == y.0) {
        for (pos, &(_, _, i)) in list.iter().enumerate() {
            pairs.extend(
                list[posting_window(pos, list.len())]
                    .iter()
                    .filter(|p| p.2 > i)
                    .map(|p| (p.2 as u32, i as u32)),
            );
        }
        if pairs.len() >= 2 * distinct + (1 << 20) {
            pairs.par_sort_unstable();
            pairs.dedup();
            distinct = pairs.len();
        }
    }
    drop(postings);
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs.shrink_to_fit();
    // The later article's worker sends its input to the earlier ones'.
    let mut pairs = comm.route(pairs, |&(later, _)| owner(u64::from(later)));
    pairs.sort_unstable();
    pairs.dedup();
    let mut edges: Vec<Edge> = Vec::new();
    exchange_payloads(
        comm,
        &pairs,
        |i| owner(u64::from(i)),
        |later| input_of(u64::from(later)).clone(),
        |checks| {
            edges.par_extend(checks.par_iter().flat_map_iter(|(later, input, earlier)| {
                earlier.iter().filter_map(|&i| {
                    edge(input_of(u64::from(i)), input, cfg).map(|sim| (i, *later, sim))
                })
            }));
        },
    );
    drop(pairs);
    let weights = mine.into_iter().map(|(i, _, w, _)| (i as u32, w)).collect();
    (edges, weights)
}
