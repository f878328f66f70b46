//! What each worker runs: the per-article stages on its share of the
//! articles, then copy detection by key across workers, then the results
//! gathered where the report is written.
//!
//! ```text
//! article a lives on worker a % W
//!   analyse (clean, segment, fingerprint, extract)      where the article lives
//!   ── sentence counts, all-gathered ──▶ global sentence numbers
//!   ── (exact hash, sentence) by exact hash ──▶ exact classes; first = representative
//!   ── representative sentences back to their owner
//!   ── (band, key, sentence) by band key ──▶ buckets; candidate pairs (later, earlier)
//!   ── pairs to the earlier sentence's owner, which attaches its fingerprint
//!   ── (earlier, fingerprint, later ones) to the later sentences' owner ──▶ verified links
//!   ── analyses and links gathered on worker 0
//! ```

use rayon::prelude::*;
use storyline::copies::{bucket_candidates, is_copy, CopyLinks};
use storyline::fingerprint::Fingerprint;
use storyline::pipeline::{analyse, Analysis};
use storyline::{Article, Config, Language};

use crate::comm::Comm;

/// What worker 0 ends with: every article's analysis (in article order) and
/// the copy links found across all workers.
pub(crate) struct Gathered {
    pub analyses: Vec<Analysis>,
    pub links: CopyLinks,
    /// Bytes every worker sent to other workers, summed.
    pub bytes_exchanged: u64,
}

/// Spread a hash over `peers` workers.
fn owner_of_hash(h: u64, peers: usize) -> usize {
    ((h.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) % peers as u64) as usize
}

/// The worker program. `Some` on worker 0, `None` elsewhere.
pub(crate) fn run(
    comm: &mut Comm,
    articles: &[Article],
    language: Language,
    cfg: &Config,
) -> Result<Option<Gathered>, String> {
    let n = articles.len();
    let (me, peers) = (comm.index(), comm.peers());
    let owner = |a: usize| a % peers;

    // The per-article stages, where the article lives.
    let mine: Vec<usize> = (me..n).step_by(peers).collect();
    let analyses: Vec<Analysis> = mine
        .par_iter()
        .with_min_len(8)
        .map(|&a| analyse(&articles[a], language, cfg))
        .collect();

    // Global sentence numbers: article a's sentences are start[a]..start[a + 1].
    let counts = comm.all_gather(
        mine.iter()
            .zip(&analyses)
            .map(|(&a, an)| (a as u64, an.sentences.len() as u64))
            .collect(),
    )?;
    let mut per_article = vec![0u64; n];
    for (a, c) in counts {
        per_article[a as usize] = c;
    }
    let mut start = Vec::with_capacity(n + 1);
    let mut total = 0u64;
    for c in &per_article {
        start.push(total);
        total += c;
    }
    start.push(total);
    if total > u64::from(u32::MAX) {
        return Err(format!(
            "{total} sentences: more than a digest can number (4,294,967,295)"
        ));
    }
    let article_of = |s: u32| start.partition_point(|&x| x <= u64::from(s)) - 1;
    let fp_of = |s: u32| -> &Fingerprint {
        let a = article_of(s);
        &analyses[(a - me) / peers].fingerprints[(u64::from(s) - start[a]) as usize]
    };
    let min_terms = cfg.copies.min_terms;
    let start = &start;
    let my_sentences = mine.iter().zip(&analyses).flat_map(|(&a, an)| {
        an.fingerprints
            .iter()
            .enumerate()
            .filter(|(_, fp)| fp.terms.len() >= min_terms)
            .map(move |(pos, fp)| ((start[a] + pos as u64) as u32, fp))
    });

    // Exact copies: the first sentence of each class stands for it.
    let mut exact = comm.route(my_sentences.map(|(s, fp)| (fp.exact, s)), |&(h, _)| {
        owner_of_hash(h, peers)
    })?;
    exact.sort_unstable();
    let mut links: Vec<(u32, u32)> = Vec::new();
    let mut reps: Vec<u32> = Vec::new();
    for class in exact.chunk_by(|x, y| x.0 == y.0) {
        let first = class[0].1;
        reps.push(first);
        links.extend(class[1..].iter().map(|&(_, s)| (first, s)));
    }
    drop(exact);
    let reps = comm.route(reps, |&s| owner(article_of(s)))?;

    // LSH buckets by band key; the pairs each bucket checks.
    let entries = reps.iter().flat_map(|&s| {
        fp_of(s)
            .bands
            .iter()
            .enumerate()
            .map(move |(band, &key)| (band as u32, key, s))
    });
    let mut entries = comm.route(entries, |&(band, key, _)| {
        owner_of_hash(
            key ^ u64::from(band).wrapping_mul(0xa076_1d64_78bd_642f),
            peers,
        )
    })?;
    entries.par_sort_unstable();
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for bucket in entries.chunk_by(|x, y| x.0 == y.0 && x.1 == y.1) {
        bucket_candidates(bucket.len(), &cfg.copies, |k, p| {
            pairs.push((bucket[p].2, bucket[k].2));
        });
    }
    drop(entries);

    // The earlier sentence's owner sends its fingerprint to the later ones'.
    let mut pairs = comm.route(pairs, |&(earlier, _)| owner(article_of(earlier)))?;
    pairs.sort_unstable();
    pairs.dedup();
    let mut outgoing: Vec<Vec<(u32, Fingerprint, Vec<u32>)>> = vec![Vec::new(); peers];
    for run in pairs.chunk_by(|x, y| x.0 == y.0) {
        let earlier = run[0].0;
        let mut by_owner: Vec<Vec<u32>> = vec![Vec::new(); peers];
        for &(_, later) in run {
            by_owner[owner(article_of(later))].push(later);
        }
        for (w, laters) in by_owner.into_iter().enumerate() {
            if !laters.is_empty() {
                outgoing[w].push((earlier, fp_of(earlier).clone(), laters));
            }
        }
    }
    drop(pairs);
    let checks = comm.exchange(outgoing)?;
    for (earlier, fp, laters) in checks {
        for later in laters {
            if is_copy(fp_of(later), &fp, &cfg.copies) {
                links.push((later, earlier));
            }
        }
    }

    // Everything the report needs, on worker 0.
    let links = comm.gather(links)?;
    let analyses = comm.gather(mine.into_iter().zip(analyses).collect::<Vec<_>>())?;
    let sent = comm.bytes_sent;
    let bytes = comm.gather(vec![sent])?;
    if me != 0 {
        return Ok(None);
    }
    let mut analyses = analyses;
    analyses.sort_unstable_by_key(|(a, _)| *a);
    if analyses.len() != n {
        return Err(format!(
            "{} of {n} articles came back from the workers",
            analyses.len()
        ));
    }
    Ok(Some(Gathered {
        analyses: analyses.into_iter().map(|(_, an)| an).collect(),
        links: CopyLinks { pairs: links },
        bytes_exchanged: bytes.iter().sum(),
    }))
}
