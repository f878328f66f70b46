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
//!   ── pairs to the earlier sentence's owner, which attaches its probe
//!   ── (earlier, probe, later ones) to the later sentences' owner ──▶ verified links
//!   ── links joined where they are, then (sentence, smallest label) to the
//!      neighbour's worker, rounds until no label falls ──▶ components
//! batch stories:
//!   term frequencies of headline and body                where the article lives
//!   ── (term, documents) by term key, summed there, all-gathered
//!      ──▶ document frequencies; each article's story vector where it lives
//!   ── outlines (cleaning, sentence spans, term counts), vectors and
//!      components gathered on worker 0 ──▶ copy groups, twins, story inputs
//!   ── story inputs from worker 0 to the article's worker
//!   ── (candidate key, rank, article) by key ──▶ posting lists; candidate pairs
//!   ── pairs to the later article's worker, which attaches its input
//!   ── (later, input, earlier ones) to the earlier articles' worker ──▶ edges
//!   ── strong edges' components by label propagation, labels all-gathered
//!   ── components dealt alike on every worker (largest first, to the least
//!      loaded worker, the last first); (item, weight) and the edges inside
//!      a component to its worker ──▶ average-link clustering there
//!   ── clusters gathered on worker 0 ──▶ event splits, stories in order
//!   ── stories dealt by worker 0 (largest first, to the least loaded worker)
//!   ── (article, worker) to the article's worker, which sends its part
//!      (text, sentence spans, fingerprints, extract) ──▶ summaries and story
//!      extracts where the story was dealt, a batch of stories at a time
//!   ── stories gathered on worker 0
//! stream stories:
//!   ── analyses (without extracts) and components gathered on worker 0
//!      ──▶ copy groups, `Incremental` in publication order
//!   ── extracts gathered on worker 0
//! ```
//!
//! The two payload exchanges (fingerprint probes for the copy check, story
//! inputs for the edges) run in rounds of a bounded number of pairs
//! (`exchange_payloads`).
//!
//! A stream digest is summarised on the main thread of process 0, from what
//! worker 0 found (`pipeline::digest_found`); a batch digest is assembled
//! there from the gathered stories (`pipeline::digest_with_stories`).

use rayon::prelude::*;
use storyline::copies::{bucket_candidates, is_copy_of, CopyLinks, CopyProbe};
use storyline::extract::ArticleExtract;
use storyline::fingerprint::Fingerprint;
use storyline::pipeline::{
    analyse, find_analysed, find_outlined, story_tf, Analysis, Found, Outline, Story,
};
use storyline::stories::{weigh, DocFreq, StoryConfig, StoryInput, TermVector};
use storyline::story_parts::{summarize_parts, ArticlePart, StoryTask};
use storyline::text::Normalizer;
use storyline::{Article, Config, Grouping, Language};

use crate::cluster::clusters;
use crate::comm::Comm;

/// What worker 0 ends with: copies and stories, ready for summaries.
pub(crate) struct Gathered {
    pub found: Found,
    /// The stories with their summaries and extracts, made where they were
    /// dealt (batch); `None` when worker 0 is to summarise them (stream).
    pub stories: Option<Vec<Story>>,
    /// Seconds each stage took on its slowest worker, in stage order.
    pub stages: Vec<(&'static str, f64)>,
    /// Bytes every worker sent to other workers, summed.
    pub bytes_exchanged: u64,
}

/// Articles per worker whose analyses travel to worker 0 in one round.
const GATHER_BATCH: usize = 8_192;

/// Spread a hash over `peers` workers.
pub(crate) fn owner_of_hash(h: u64, peers: usize) -> usize {
    ((h.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) % peers as u64) as usize
}

/// The worker program. `Some` on worker 0, `None` elsewhere.
pub(crate) fn run(
    comm: &mut Comm,
    articles: &[Article],
    language: Language,
    cfg: &Config,
    grouping: &Grouping,
) -> Result<Option<Gathered>, String> {
    let n = articles.len();
    let (me, peers) = (comm.index(), comm.peers());
    let mut clock = Clock::new();
    let owner = |a: usize| a % peers;

    // The per-article stages, where the article lives.
    let mine: Vec<usize> = (me..n).step_by(peers).collect();
    let analyses: Vec<Analysis> = mine
        .par_iter()
        .with_min_len(8)
        .map(|&a| analyse(&articles[a], language, cfg))
        .collect();

    clock.mark("analyse");

    // Global sentence numbers: article a's sentences are start[a]..start[a + 1].
    let counts = comm.all_gather(
        mine.iter()
            .zip(&analyses)
            .map(|(&a, an)| (a as u64, an.sentences.len() as u64))
            .collect(),
    );
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
    });
    exact.sort_unstable();
    let mut links: Vec<(u32, u32)> = Vec::new();
    let mut reps: Vec<u32> = Vec::new();
    for class in exact.chunk_by(|x, y| x.0 == y.0) {
        let first = class[0].1;
        reps.push(first);
        links.extend(class[1..].iter().map(|&(_, s)| (first, s)));
    }
    drop(exact);
    let reps = comm.route(reps, |&s| owner(article_of(s)));

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
    });
    entries.par_sort_unstable();
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for bucket in entries.chunk_by(|x, y| x.0 == y.0 && x.1 == y.1) {
        bucket_candidates(bucket.len(), &cfg.copies, |k, p| {
            pairs.push((bucket[p].2, bucket[k].2));
        });
    }
    drop(entries);

    // The earlier sentence's owner sends what the check reads of its
    // fingerprint (`CopyProbe`: no band keys, names instead of all terms)
    // to the later ones'.
    let mut pairs = comm.route(pairs, |&(earlier, _)| owner(article_of(earlier)));
    pairs.sort_unstable();
    pairs.dedup();
    exchange_payloads(
        comm,
        &pairs,
        |later| owner(article_of(later)),
        |earlier| CopyProbe::of(fp_of(earlier)),
        |checks| {
            links.par_extend(checks.par_iter().flat_map_iter(|(earlier, fp, laters)| {
                laters
                    .iter()
                    .filter(|&&later| is_copy_of(fp_of(later), fp, &cfg.copies))
                    .map(|&later| (later, *earlier))
            }));
        },
    );
    drop(pairs);
    // Copy groups are the connected components of the links, found where
    // the sentences live; worker 0 gets each linked sentence with its
    // component's smallest sentence.
    let links = components(comm, links, |s| owner(article_of(s)));

    clock.mark("copies");

    // Copies and stories on worker 0, with the similarity graph by key.
    // Past copy detection, batch stories and summaries read a fingerprint's
    // terms and unigrams only (the stream's copy keys read it all): the band
    // keys and bigrams, two fifths of its bytes, stay here. The equality
    // tests would catch a stage that starts to read them.
    let batch = matches!(grouping, Grouping::Batch);
    let mut analyses = analyses;
    if batch {
        for fp in analyses
            .iter_mut()
            .flat_map(|an| an.fingerprints.iter_mut())
        {
            fp.bands = Vec::new();
            fp.bigrams = Vec::new();
        }
    }
    let links = comm.gather(links);
    let share = Share {
        articles,
        cfg,
        language,
        mine,
        start,
    };
    let (found, stories) = if batch {
        batch_stories(comm, &share, analyses, links, &mut clock)?
    } else {
        let found = stream_stories(comm, &share, analyses, links, &mut clock)?;
        (found, None)
    };
    let sent = comm.bytes_sent;
    let bytes = comm.gather(vec![sent]);
    let times = comm.gather(vec![clock.seconds()]);
    let stages = clock
        .names
        .iter()
        .enumerate()
        .map(|(k, &name)| (name, times.iter().map(|t| t[k]).fold(0.0, f64::max)))
        .collect();
    Ok(found.map(|found| Gathered {
        found,
        stories,
        stages,
        bytes_exchanged: bytes.iter().sum(),
    }))
}

/// What the stages after copy detection read on every worker.
struct Share<'a> {
    articles: &'a [Article],
    cfg: &'a Config,
    language: Language,
    /// This worker's articles, in order.
    mine: Vec<usize>,
    /// The global number of each article's first sentence (and the total).
    start: &'a [u64],
}

/// Batch stories: story vectors where the articles are, copy groups and
/// clustering on worker 0 from outlines and vectors (the fingerprints stay
/// where they are), then the summaries where the stories are dealt. Worker
/// 0 gets what it found and the stories.
fn batch_stories(
    comm: &mut Comm,
    share: &Share<'_>,
    analyses: Vec<Analysis>,
    links: Vec<(u32, u32)>,
    clock: &mut Clock,
) -> Result<(Option<Found>, Option<Vec<Story>>), String> {
    let Share {
        articles,
        cfg,
        language,
        ref mine,
        start,
    } = *share;
    let n = articles.len();
    // Batch stories on worker 0 from outlines and story vectors: the
    // fingerprints stay where they are until the stories are found.
    let normalizer = Normalizer::new(language);
    let tfs: Vec<TermVector> = mine
        .par_iter()
        .zip(&analyses)
        .map(|(&a, an)| story_tf(&articles[a], &an.fingerprints, &normalizer, &cfg.stories))
        .collect();
    let vectors = story_vectors(comm, tfs, n, &cfg.stories);
    let mut outlines = Vec::with_capacity(mine.len());
    let mut own: Vec<Option<OwnPart>> = Vec::with_capacity(mine.len());
    // The extract goes with its article's part to where its story is
    // summarised: no worker holds another's through the story stage.
    for ((&a, an), vector) in mine.iter().zip(analyses).zip(vectors) {
        let (outline, fingerprints, extract) = an.into_parts();
        own.push(Some(OwnPart {
            sentences: outline.sentences.clone(),
            fingerprints,
            extract: extract.unwrap_or_default(),
        }));
        outlines.push((a, (outline, vector)));
    }
    let outlines = gather_articles(comm, outlines, n, "outlines")?;
    clock.mark("gather");
    let found = if let Some(outlines) = outlines {
        let (outlines, vectors): (Vec<Outline>, Vec<TermVector>) = outlines.into_iter().unzip();
        let links = CopyLinks { pairs: links };
        let mut runs = 0;
        let mut cluster = |inputs: Vec<StoryInput>, rank: &[usize], w: &[f64], c: &StoryConfig| {
            runs += 1;
            clusters(comm, Some((inputs, rank, w)), c)
        };
        let found = find_outlined(articles, outlines, vectors, cfg, &links, &mut cluster);
        // The other workers take part in exactly one clustering.
        if runs != 1 {
            panic!("the stories were clustered {runs} times, not once");
        }
        Some(found)
    } else {
        clusters(comm, None, &cfg.stories);
        None
    };
    // The other workers wait here for worker 0 to split and order the
    // stories, so that the stage's time is the same on every worker and
    // the next stage's is its own.
    comm.all_gather(Vec::<u8>::new());
    clock.mark("stories");
    let stories = summaries(comm, found.as_ref(), own, articles, start, cfg)?;
    clock.mark("summaries");
    Ok((found, stories))
}

/// Stream stories: grouping in publication order reads every fingerprint
/// whole, on worker 0, which gets the analyses, then the extracts once the
/// stories are found.
fn stream_stories(
    comm: &mut Comm,
    share: &Share<'_>,
    mut analyses: Vec<Analysis>,
    links: Vec<(u32, u32)>,
    clock: &mut Clock,
) -> Result<Option<Found>, String> {
    let Share {
        articles,
        cfg,
        ref mine,
        ..
    } = *share;
    let n = articles.len();
    // The extracts are read by the summaries only: they travel to worker 0
    // once the stories are found, so that it does not hold them through
    // the story stage.
    let extracts: Vec<(usize, ArticleExtract)> = mine
        .iter()
        .zip(analyses.iter_mut())
        .filter_map(|(&a, an)| an.extract.take().map(|x| (a, x)))
        .collect();
    // Stream grouping reads every fingerprint whole, in publication
    // order, on worker 0.
    let analyses = gather_articles(
        comm,
        mine.iter().copied().zip(analyses).collect(),
        n,
        "articles",
    )?;
    clock.mark("gather");
    let found = analyses.map(|analyses| {
        let links = CopyLinks { pairs: links };
        find_analysed(
            articles,
            analyses,
            cfg,
            Grouping::Stream,
            Some(&links),
            None,
        )
    });
    comm.all_gather(Vec::<u8>::new());
    clock.mark("stories");
    let mut found = found;
    if cfg.extract {
        let gathered = gather_articles(comm, extracts, n, "extracts")?;
        if let (Some(found), Some(extracts)) = (found.as_mut(), gathered) {
            found.set_extracts(extracts);
        }
        clock.mark("extracts");
    }
    Ok(found)
}

/// Connected components of `links` by smallest-label propagation: each
/// sentence starts as its own label, and every round each sentence whose
/// label fell tells its neighbours' workers, until no label falls anywhere
/// (rounds: the longest shortest path in a component, a few for copy
/// groups). Returns (label, sentence) for this worker's linked sentences
/// whose label is not themselves: links that join the same components, as
/// stars around the smallest sentence.
pub(crate) fn components(
    comm: &mut Comm,
    links: Vec<(u32, u32)>,
    owner: impl Fn(u32) -> usize,
) -> Vec<(u32, u32)> {
    // Joined here first: the links this worker holds, as stars around each
    // local component's smallest sentence, so that long chains found on one
    // worker cost no rounds.
    let links = local_stars(links);
    // Each directed edge where its source's label is known.
    let directed = links.into_iter().flat_map(|(a, b)| [(a, b), (b, a)]);
    let mut edges = comm.route(directed, |&(a, _)| owner(a));
    edges.sort_unstable();
    edges.dedup();
    let mut label: rustc_hash::FxHashMap<u32, u32> = edges.iter().map(|&(a, _)| (a, a)).collect();
    let mut changed: Vec<u32> = label.keys().copied().collect();
    changed.sort_unstable();
    loop {
        let mut news: Vec<(u32, u32)> = Vec::new();
        for &a in &changed {
            let l = label[&a];
            let from = edges.partition_point(|e| e.0 < a);
            news.extend(
                edges[from..]
                    .iter()
                    .take_while(|e| e.0 == a)
                    .filter(|e| l < e.1)
                    .map(|e| (e.1, l)),
            );
        }
        let news = comm.route(news, |&(b, _)| owner(b));
        changed.clear();
        for (b, l) in news {
            let own = label.entry(b).or_insert(b);
            if l < *own {
                *own = l;
                changed.push(b);
            }
        }
        changed.sort_unstable();
        changed.dedup();
        let falling: usize = comm.all_gather(vec![changed.len()]).into_iter().sum();
        if falling == 0 {
            break;
        }
    }
    let mut out: Vec<(u32, u32)> = label
        .into_iter()
        .filter(|&(s, l)| l != s)
        .map(|(s, l)| (l, s))
        .collect();
    out.sort_unstable();
    out
}

/// The components of `links` as (smallest sentence, other sentence) pairs.
fn local_stars(links: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    let mut parent: rustc_hash::FxHashMap<u32, u32> = rustc_hash::FxHashMap::default();
    fn root(parent: &mut rustc_hash::FxHashMap<u32, u32>, mut x: u32) -> u32 {
        while let Some(&p) = parent.get(&x).filter(|&&p| p != x) {
            let grand = parent.get(&p).copied().unwrap_or(p);
            parent.insert(x, grand);
            x = p;
        }
        x
    }
    for (a, b) in links {
        parent.entry(a).or_insert(a);
        parent.entry(b).or_insert(b);
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        if ra != rb {
            parent.insert(ra.max(rb), ra.min(rb));
        }
    }
    let nodes: Vec<u32> = parent.keys().copied().collect();
    let mut stars: Vec<(u32, u32)> = nodes
        .into_iter()
        .map(|s| (root(&mut parent, s), s))
        .filter(|&(r, s)| r != s)
        .collect();
    stars.sort_unstable();
    stars
}

/// The second half of a join: `pairs` (this worker's item, another item),
/// sorted and deduplicated, become one record per item and worker that holds
/// some of the other items: (item, `payload(item)`, those other items). Each
/// payload travels once per worker that needs it, not once per pair.
fn with_payload<I: Copy + PartialEq, P>(
    pairs: &[(I, I)],
    peers: usize,
    owner: impl Fn(I) -> usize,
    payload: impl Fn(I) -> P,
) -> Vec<Vec<(I, P, Vec<I>)>> {
    let mut outgoing: Vec<Vec<(I, P, Vec<I>)>> = (0..peers).map(|_| Vec::new()).collect();
    for run in pairs.chunk_by(|x, y| x.0 == y.0) {
        let item = run[0].0;
        let mut by_owner: Vec<Vec<I>> = vec![Vec::new(); peers];
        for &(_, other) in run {
            by_owner[owner(other)].push(other);
        }
        for (w, others) in by_owner.into_iter().enumerate() {
            if !others.is_empty() {
                outgoing[w].push((item, payload(item), others));
            }
        }
    }
    outgoing
}

/// What this worker keeps of one of its articles for the summaries.
struct OwnPart {
    sentences: Vec<std::ops::Range<usize>>,
    fingerprints: Vec<Fingerprint>,
    extract: ArticleExtract,
}

/// Summaries and story extracts where the stories are dealt: worker 0 deals
/// the stories it found (largest first, each to the worker with the fewest
/// articles so far); each worker, a batch of its stories at a time, asks
/// the articles' workers for their parts (`own`, taken as they are sent)
/// and summarises the batch ([`summarize_parts`]); worker 0 gathers the
/// stories, in order. `Some` on worker 0.
fn summaries(
    comm: &mut Comm,
    found: Option<&Found>,
    mut own: Vec<Option<OwnPart>>,
    articles: &[Article],
    start: &[u64],
    cfg: &Config,
) -> Result<Option<Vec<Story>>, String> {
    let (me, peers) = (comm.index(), comm.peers());
    let mut load = vec![0usize; peers];
    let dealt: Vec<(usize, StoryTask)> = found
        .map(Found::story_tasks)
        .unwrap_or_default()
        .into_iter()
        .map(|task| {
            let w = (0..peers).min_by_key(|&w| (load[w], w)).unwrap_or(0);
            load[w] += task.members.len();
            (w, task)
        })
        .collect();
    let count: usize = comm.all_gather(vec![dealt.len()]).into_iter().sum();
    let tasks: Vec<StoryTask> = comm
        .route(dealt, |(w, _)| *w)
        .into_iter()
        .map(|(_, task)| task)
        .collect();
    // A few stories at a time, so that the parts in flight and held are a
    // slice of the whole: batches of consecutive stories of at most
    // GATHER_BATCH articles (a larger story makes a batch alone), as many
    // rounds on every worker as the one with the most batches needs.
    let mut batches: Vec<std::ops::Range<usize>> = Vec::new();
    let mut size = 0;
    for (k, task) in tasks.iter().enumerate() {
        match batches.last_mut() {
            Some(last) if size + task.members.len() <= GATHER_BATCH => last.end = k + 1,
            _ => {
                batches.push(k..k + 1);
                size = 0;
            }
        }
        size += task.members.len();
    }
    let rounds = most_rounds(comm, batches.len());
    let mut stories = Vec::new();
    for round in 0..rounds {
        let batch = batches.get(round).map_or(&[][..], |r| &tasks[r.clone()]);
        let wanted = batch
            .iter()
            .flat_map(|t| t.members.iter().map(|m| (m.article as u64, me as u32)));
        let asked = comm.route(wanted, |&(a, _)| a as usize % peers);
        let mut outgoing: Vec<Vec<ArticlePart>> = (0..peers).map(|_| Vec::new()).collect();
        for (a, to) in asked {
            let a = a as usize;
            let Some(part) = own.get_mut((a - me) / peers).and_then(Option::take) else {
                panic!("article {a} was asked for twice, or of the wrong worker");
            };
            outgoing[to as usize].push(ArticlePart {
                article: a,
                text: articles[a].text.clone(),
                first_sentence: start[a] as usize,
                sentences: part.sentences,
                fingerprints: part.fingerprints,
                extract: part.extract,
            });
        }
        let parts = comm.exchange(outgoing);
        stories.extend(summarize_parts(batch, parts, cfg));
    }
    drop(own);
    gather_articles(comm, stories, count, "stories")
}

/// This worker's articles' story vectors from their term frequencies
/// (`tfs`): the document frequencies are counted where the articles are,
/// summed by term key, and the sums all-gathered, so that every worker
/// weighs with the counts over all `n` articles, as one process does.
fn story_vectors(
    comm: &mut Comm,
    tfs: Vec<TermVector>,
    n: usize,
    cfg: &StoryConfig,
) -> Vec<TermVector> {
    let peers = comm.peers();
    let mut here = DocFreq::default();
    for tf in &tfs {
        here.add_distinct(tf.iter().map(|&(id, _)| id));
    }
    let mut counts = comm.route(here.counts(), |&(id, _)| owner_of_hash(id, peers));
    drop(here);
    counts.sort_unstable();
    let summed: Vec<(u64, u32)> = counts
        .chunk_by(|x, y| x.0 == y.0)
        .map(|run| (run[0].0, run.iter().map(|x| x.1).sum()))
        .collect();
    drop(counts);
    let docs = u32::try_from(n).unwrap_or(u32::MAX);
    let df = DocFreq::from_counts(comm.all_gather(summed), docs);
    tfs.par_iter().map(|tf| weigh(tf, &df, cfg)).collect()
}

/// Each article's `T` (`mine`: this worker's, by article number) on worker 0,
/// in article order; `None` on the other workers. In rounds of a bounded
/// number of articles per worker (the same number on every worker), so
/// that the encoded records in flight (queued to send, received and not yet
/// decoded) stay a slice of the whole, not a second copy of it.
fn gather_articles<T: serde::Serialize + serde::de::DeserializeOwned>(
    comm: &mut Comm,
    mine: Vec<(usize, T)>,
    n: usize,
    what: &str,
) -> Result<Option<Vec<T>>, String> {
    let mut gathered = gather_in_rounds(comm, mine, GATHER_BATCH);
    if comm.index() != 0 {
        return Ok(None);
    }
    gathered.sort_unstable_by_key(|(a, _)| *a);
    if gathered.len() != n {
        return Err(format!(
            "{} of {n} {what} came back from the workers",
            gathered.len()
        ));
    }
    Ok(Some(gathered.into_iter().map(|(_, x)| x).collect()))
}

/// Every worker's `items` on worker 0 (nothing on the others), in rounds
/// (see [`route_in_rounds`]). In no order to rely on: sort them.
fn gather_in_rounds<T: serde::Serialize + serde::de::DeserializeOwned>(
    comm: &mut Comm,
    items: Vec<T>,
    per_round: usize,
) -> Vec<T> {
    route_in_rounds(comm, items, per_round, |_| 0)
}

/// Each of `items` to the worker `route` names, in rounds of at most
/// `per_round` items per worker, as many on every worker as the one with
/// the most items needs: what is encoded, in flight and received at one
/// time is a slice of the whole. In no order to rely on: sort them.
pub(crate) fn route_in_rounds<T: serde::Serialize + serde::de::DeserializeOwned>(
    comm: &mut Comm,
    items: Vec<T>,
    per_round: usize,
    route: impl Fn(&T) -> usize,
) -> Vec<T> {
    let rounds = most_rounds(comm, items.len().div_ceil(per_round)).max(1);
    let mut outgoing = items.into_iter();
    let mut received = Vec::new();
    for _ in 0..rounds {
        let round = comm.route(outgoing.by_ref().take(per_round), &route);
        if received.is_empty() {
            received = round;
        } else {
            received.extend(round);
        }
    }
    received
}

/// The most rounds any worker needs, given this worker's `rounds`: every
/// worker must take part in as many exchanges as the busiest one.
fn most_rounds(comm: &mut Comm, rounds: usize) -> usize {
    comm.all_gather(vec![rounds]).into_iter().max().unwrap_or(0)
}

/// Pairs one worker handles in one round of [`exchange_payloads`].
const PAIRS_PER_ROUND: usize = 1 << 18;

/// [`PAIRS_PER_ROUND`], or fewer for the tests, which make many rounds of a
/// small corpus (`STORYLINE_DIST_PAIRS_PER_ROUND`; every process must be
/// given the same).
fn pairs_per_round() -> usize {
    std::env::var("STORYLINE_DIST_PAIRS_PER_ROUND")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(PAIRS_PER_ROUND)
}

/// [`with_payload`] and its exchange, in rounds of at most
/// [`PAIRS_PER_ROUND`] pairs per worker (as many rounds on every worker as
/// the one with the most pairs needs), handing each round's received checks
/// to `each`: the payloads built, encoded and received at one time are a
/// slice of the whole, not all of it. A pair is in one round only, so the
/// checks are the same as in one round; a payload whose pairs span two
/// rounds travels twice.
pub(crate) fn exchange_payloads<I, P>(
    comm: &mut Comm,
    pairs: &[(I, I)],
    owner: impl Fn(I) -> usize,
    payload: impl Fn(I) -> P,
    mut each: impl FnMut(Vec<(I, P, Vec<I>)>),
) where
    I: Copy + PartialEq + serde::Serialize + serde::de::DeserializeOwned,
    P: serde::Serialize + serde::de::DeserializeOwned,
{
    let peers = comm.peers();
    let rounds = most_rounds(comm, pairs.len().div_ceil(pairs_per_round())).max(1);
    let size = pairs.len().div_ceil(rounds).max(1);
    for k in 0..rounds {
        let slice = &pairs[(k * size).min(pairs.len())..((k + 1) * size).min(pairs.len())];
        let outgoing = with_payload(slice, peers, &owner, &payload);
        each(comm.exchange(outgoing));
    }
}

/// The time of each stage on this worker.
struct Clock {
    last: std::time::Instant,
    names: Vec<&'static str>,
    seconds: Vec<f64>,
}

impl Clock {
    fn new() -> Self {
        Clock {
            last: std::time::Instant::now(),
            names: Vec::new(),
            seconds: Vec::new(),
        }
    }

    /// The stage `name` ends now.
    fn mark(&mut self, name: &'static str) {
        let now = std::time::Instant::now();
        self.names.push(name);
        self.seconds.push((now - self.last).as_secs_f64());
        self.last = now;
    }

    fn seconds(&self) -> Vec<f64> {
        self.seconds.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_stars_join_chains_around_their_smallest_sentence() {
        // Two chains, given out of order: 9-4-7-2 and 5-8.
        let stars = local_stars(vec![(9, 4), (8, 5), (7, 2), (4, 7)]);
        assert_eq!(stars, vec![(2, 4), (2, 7), (2, 9), (5, 8)]);
        assert!(local_stars(Vec::new()).is_empty());
    }
}
