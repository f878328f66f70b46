//! The pipeline: composes the stages into one call, [`digest`].
//!
//! ```text
//! articles → clean → segment → fingerprint → copies → stories → summarize → Digest
//! ```
//!
//! Stages run in parallel over articles (rayon) where they are per-article;
//! results are deterministic whatever the thread count.

use std::ops::Range;

use rayon::prelude::*;

use crate::clean::{clean_and_split_in, Cleaned};
use crate::copies::{
    copy_groups, find_copies, publication_order, story_carriers, CopyConfig, CopyGroup, CopyLinks,
};
use crate::extract::{
    extract_article, extract_article_in, story_extract_with, ArticleExtract, ExtractCorpus,
    StoryExtract,
};
use crate::fingerprint::{fingerprint_sentences, Fingerprint};
use crate::incremental::Incremental;
use crate::lang::Language;
use crate::model::{Article, Diagnostic, Sentence};
use crate::stories::{
    detect_stories_clustered, detect_stories_with_twins, term_frequencies, twin_source, weigh,
    ClusterFn, DocFreq, StoryConfig, StoryInput, TermVector,
};
use crate::story_parts::{Member, StoryTask};
use crate::summarize::{summarize_with, Corpus, SummaryConfig, SummarySentence};
use crate::text::{Normalizer, Term};
use crate::tokens::Tokens;

/// All knobs of the pipeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Run the extract stage (entities, quotes, timeline).
    pub extract: bool,
    /// Language of the articles (stopwords, stemming); `None` detects the most
    /// common language of the articles.
    pub language: Option<Language>,
    /// Copy detection thresholds.
    pub copies: CopyConfig,
    /// Story detection.
    pub stories: StoryConfig,
    /// Summaries.
    pub summary: SummaryConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            extract: true,
            language: None,
            copies: CopyConfig::default(),
            stories: StoryConfig::default(),
            summary: SummaryConfig::default(),
        }
    }
}

/// An article's share of sentences copied from an earlier article.
#[derive(Debug, Clone, PartialEq)]
pub struct DocCopy {
    /// The later article (index).
    pub copier: usize,
    /// The earlier article it shares sentences with (index).
    pub original: usize,
    /// Number of the copier's sentences found in the original.
    pub shared: usize,
    /// `shared` over the copier's sentence count.
    pub share: f64,
}

/// One story: its articles and its cited summary.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Story {
    /// Stable id within this digest ("s1", "s2", ... largest story first).
    pub id: String,
    /// Article indices in publication order.
    pub articles: Vec<usize>,
    /// The summary, in reading order.
    pub summary: Vec<SummarySentence>,
    /// Copy groups whose carriers are in this story.
    pub copy_groups: Vec<usize>,
    /// Entities, quotes and timeline (empty when extraction is off).
    pub extract: StoryExtract,
}

/// Everything the pipeline found. Indices refer to `articles` and `sentences`.
#[derive(Debug, Clone)]
pub struct Digest {
    /// The input articles, in input order.
    pub articles: Vec<Article>,
    /// Cleaning result per article (kept paragraphs, removed lines with reasons).
    pub cleaned: Vec<Cleaned>,
    /// All kept sentences, grouped by article in input order.
    pub sentences: Vec<Sentence>,
    /// Sentence index range of each article.
    pub article_sentences: Vec<Range<usize>>,
    /// Sentences carried by several articles, first carrier first.
    pub copy_groups: Vec<CopyGroup>,
    /// Article-level copying: who shares how much with an earlier article.
    pub doc_copies: Vec<DocCopy>,
    /// Stories, largest first.
    pub stories: Vec<Story>,
    /// Problems met while reading the input (filled in by the caller).
    pub diagnostics: Vec<Diagnostic>,
    /// Publication rank of each article (0 = first published).
    pub rank: Vec<usize>,
    /// The language the text was normalised as.
    pub language: Language,
    /// Per-article extraction results (empty when extraction is off).
    pub extracts: Vec<ArticleExtract>,
}

impl Digest {
    /// Text of sentence `i`.
    pub fn sentence_text(&self, i: usize) -> &str {
        let s = &self.sentences[i];
        &self.articles[s.article].text[s.span.clone()]
    }
}

/// How articles are grouped into stories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grouping {
    /// All articles at once: average-link clustering (the default).
    Batch,
    /// One article at a time in publication order, as articles arrive.
    Stream,
    /// Stories given by the caller (article indices), e.g. pre-clustered input.
    Given(Vec<Vec<usize>>),
}

/// Run every stage over `articles`, finding stories in batch.
pub fn digest(articles: Vec<Article>, cfg: &Config) -> Digest {
    digest_grouped(articles, cfg, Grouping::Batch)
}

/// Run every stage over `articles`, grouping them into stories as `grouping` says.
/// Given stories keep their order; out-of-range or repeated indices are ignored,
/// and empty stories dropped. Each article is analysed ([`analyse`], in
/// parallel); copies and stories ([`find_analysed`]) run beside the
/// extraction; then [`digest_found`] writes summaries and the digest.
pub fn digest_grouped(articles: Vec<Article>, cfg: &Config, grouping: Grouping) -> Digest {
    let language = resolve_language(&articles, cfg);
    // Clean, segment and fingerprint each article (lexed once for all three).
    // Extraction, which nothing reads before the summaries, runs beside copies
    // and clustering to fill their single-threaded stretches, and lexes its
    // article again: about 1% of the CPU, where giving up the overlap cost
    // 15% of the wall time on 2 cores and keeping every article's lexemes
    // until then would cost 6.6 bytes per byte of text.
    let front = Config {
        extract: false,
        ..cfg.clone()
    };
    let analyses: Vec<Analysis> = articles
        .par_iter()
        .with_min_len(16)
        .map(|a| analyse(a, language, &front))
        .collect();
    let kept: Vec<Vec<Range<usize>>> = analyses
        .iter()
        .map(|a| a.cleaned.paragraphs.clone())
        .collect();
    let (extracts, mut found) = rayon::join(
        || {
            if !cfg.extract {
                return Vec::new();
            }
            articles
                .par_iter()
                .with_min_len(16)
                .zip(kept.par_iter())
                .map(|(a, kept)| extract_article(a, kept))
                .collect()
        },
        || find_analysed(&articles, analyses, &front, grouping, None, None),
    );
    found.extracts = extracts;
    digest_found(articles, found, cfg)
}

/// The language a digest of `articles` normalises text as: the configured
/// one, or the most common among the first articles.
pub fn resolve_language(articles: &[Article], cfg: &Config) -> Language {
    cfg.language.unwrap_or_else(|| {
        Language::detect_majority(articles.iter().take(64).map(|a| a.text.as_str()))
    })
}

/// What the per-article stages (clean, segment, fingerprint, extract) find in
/// one article. None of it depends on other articles, so it can be computed
/// wherever the article is: another thread or another machine
/// (`storyline-dist`), and then handed to [`digest_analysed`].
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Analysis {
    /// Kept paragraphs and removed lines.
    pub cleaned: Cleaned,
    /// Sentence spans (byte ranges into the text), in text order.
    pub sentences: Vec<Range<usize>>,
    /// The fingerprint of each sentence.
    pub fingerprints: Vec<Fingerprint>,
    /// Entities, quotes and dates; `None` when the config turns extraction off.
    pub extract: Option<ArticleExtract>,
}

/// Run the per-article stages over one article. `language` must be the
/// digest's ([`resolve_language`] over all articles), not the article's own.
pub fn analyse(article: &Article, language: Language, cfg: &Config) -> Analysis {
    let normalizer = Normalizer::new(language);
    // The article is lexed once; every stage below reads these lexemes.
    let tokens = Tokens::new(&article.text);
    let (cleaned, sentences) = clean_and_split_in(&article.text, &article.marked, &tokens);
    let fingerprints = fingerprint_sentences(
        &normalizer,
        &article.text,
        &tokens,
        &sentences,
        cfg.copies.min_terms,
    );
    let extract = cfg
        .extract
        .then(|| extract_article_in(article, &cleaned.paragraphs, &tokens));
    Analysis {
        cleaned,
        sentences,
        fingerprints,
        extract,
    }
}

/// [`digest_grouped`] from articles already analysed ([`analyse`], one per
/// article, same order) and, optionally, the verified copy links between
/// sentences ([`CopyLinks`], found elsewhere, e.g. by key across machines).
/// Gives the same digest as [`digest_grouped`] on the same articles.
pub fn digest_analysed(
    articles: Vec<Article>,
    analyses: Vec<Analysis>,
    cfg: &Config,
    grouping: Grouping,
    links: Option<&CopyLinks>,
) -> Digest {
    let found = find_analysed(&articles, analyses, cfg, grouping, links, None);
    digest_found(articles, found, cfg)
}

/// Copies and stories found over analysed articles, before summaries: what
/// [`digest_found`] turns into the digest.
pub struct Found {
    segmented: Segmented,
    fingerprints: Vec<Fingerprint>,
    extracts: Vec<ArticleExtract>,
    copies: Copies,
    members: Vec<Vec<usize>>,
    language: Language,
}

impl Found {
    /// Each article's extract, in article order, for a `Found` made from
    /// analyses that came without them: the distributed digest gathers the
    /// extracts only once the stories are found, so that its gathering
    /// process does not hold them through that stage.
    pub fn set_extracts(&mut self, extracts: Vec<ArticleExtract>) {
        self.extracts = extracts;
    }

    /// Every sentence's fingerprint (all articles', in order), for a `Found`
    /// made by [`find_outlined`], which reads none: the summaries read them.
    pub fn set_fingerprints(&mut self, fingerprints: Vec<Fingerprint>) {
        assert_eq!(
            fingerprints.len(),
            self.segmented.sentences.len(),
            "one fingerprint per sentence"
        );
        self.fingerprints = fingerprints;
    }

    /// The stories found, largest first, each with what its summary reads
    /// of the digest: its articles' publication ranks and copy groups. See
    /// [`crate::story_parts::summarize_parts`].
    pub fn story_tasks(&self) -> Vec<StoryTask> {
        let Segmented {
            article_sentences, ..
        } = &self.segmented;
        self.members
            .iter()
            .enumerate()
            .map(|(index, members)| StoryTask {
                index,
                members: members
                    .iter()
                    .map(|&a| {
                        let range = article_sentences[a].clone();
                        Member {
                            article: a,
                            rank: self.copies.rank[a],
                            groups: range
                                .clone()
                                .filter_map(|s| {
                                    let g = self.copies.group_of[s]?;
                                    Some(((s - range.start) as u32, g as u32))
                                })
                                .collect(),
                        }
                    })
                    .collect(),
            })
            .collect()
    }
}

/// What batch copy grouping and story detection read of an article's
/// [`Analysis`] besides its story vector: the cleaning, the sentence spans,
/// and each sentence's number of terms. A small part of the analysis, so
/// that the process that groups copies and clusters stories need not hold
/// every fingerprint through that stage (`storyline-dist`).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Outline {
    /// Kept paragraphs and removed lines.
    pub cleaned: Cleaned,
    /// Sentence spans, as in the analysis.
    pub sentences: Vec<Range<usize>>,
    /// Each sentence's number of terms (its fingerprint's).
    pub term_counts: Vec<u32>,
}

impl Analysis {
    /// The analysis in its parts: the outline, the fingerprints and the extract.
    pub fn into_parts(self) -> (Outline, Vec<Fingerprint>, Option<ArticleExtract>) {
        let term_counts = self
            .fingerprints
            .iter()
            .map(|f| u32::try_from(f.terms.len()).unwrap_or(u32::MAX))
            .collect();
        let outline = Outline {
            cleaned: self.cleaned,
            sentences: self.sentences,
            term_counts,
        };
        (outline, self.fingerprints, self.extract)
    }
}

/// [`find_analysed`] for a batch digest from outlines, each article's story
/// vector (its [`story_tf`] weighed by the document frequencies of all
/// articles) and the copy links, with the stories clustered by `cluster`
/// (see [`crate::stories::ClusterFn`]): the same copies and stories,
/// without the fingerprints or the extracts, which
/// [`Found::set_fingerprints`] and [`Found::set_extracts`] add before
/// [`digest_found`].
pub fn find_outlined(
    articles: &[Article],
    outlines: Vec<Outline>,
    vectors: Vec<TermVector>,
    cfg: &Config,
    links: &CopyLinks,
    cluster: &mut ClusterFn,
) -> Found {
    assert_eq!(articles.len(), outlines.len(), "one outline per article");
    assert_eq!(articles.len(), vectors.len(), "one vector per article");
    let language = resolve_language(articles, cfg);
    let mut term_counts: Vec<u32> = Vec::new();
    let segmented = Segmented::collect(outlines.into_iter().map(|o| {
        term_counts.extend(o.term_counts);
        (o.cleaned, o.sentences)
    }));
    let term_count = |s: usize| term_counts[s] as usize;
    let groups = copy_groups(
        articles,
        &segmented.sentences,
        term_count,
        links,
        &cfg.copies,
    );
    let copies = copies_of_groups(articles, &segmented, groups);
    let members = batch_stories(
        articles,
        &segmented,
        term_count,
        &copies,
        vectors,
        cfg,
        Some(cluster),
    );
    Found {
        segmented,
        fingerprints: Vec::new(),
        extracts: Vec::new(),
        copies,
        members,
        language,
    }
}

/// The first half of [`digest_analysed`]: copies and stories. `cluster`,
/// when given, clusters batch stories (see [`crate::stories::ClusterFn`])
/// instead of this process.
pub fn find_analysed(
    articles: &[Article],
    analyses: Vec<Analysis>,
    cfg: &Config,
    grouping: Grouping,
    links: Option<&CopyLinks>,
    cluster: Option<&mut ClusterFn>,
) -> Found {
    assert_eq!(articles.len(), analyses.len(), "one analysis per article");
    let language = resolve_language(articles, cfg);
    let normalizer = Normalizer::new(language);
    let mut fingerprints = Vec::new();
    let mut extracts = Vec::new();
    let segmented = Segmented::collect(analyses.into_iter().map(|analysis| {
        fingerprints.extend(analysis.fingerprints);
        if cfg.extract {
            extracts.push(analysis.extract.unwrap_or_default());
        }
        (analysis.cleaned, analysis.sentences)
    }));
    let copies = find_all_copies(articles, &segmented, &fingerprints, cfg, links);
    let members = group_stories(
        articles,
        &segmented,
        &fingerprints,
        &copies,
        &normalizer,
        cfg,
        grouping,
        cluster,
    );
    Found {
        segmented,
        fingerprints,
        extracts,
        copies,
        members,
        language,
    }
}

/// The second half of [`digest_analysed`]: summaries, and the digest.
pub fn digest_found(articles: Vec<Article>, found: Found, cfg: &Config) -> Digest {
    let stories = summarize_stories(
        &articles,
        &found.segmented,
        &found.fingerprints,
        &found.copies,
        &found.extracts,
        &found.members,
        cfg,
    );
    digest_with_stories(articles, found, stories)
}

/// The digest from what [`find_analysed`] or [`find_outlined`] found and
/// its stories, summarised elsewhere ([`crate::story_parts`]; one per
/// [`Found::story_tasks`], in order). The article extracts are the
/// `Found`'s: none when they were not set.
pub fn digest_with_stories(articles: Vec<Article>, found: Found, stories: Vec<Story>) -> Digest {
    let Found {
        segmented,
        extracts,
        copies,
        language,
        ..
    } = found;
    Digest {
        articles,
        cleaned: segmented.cleaned,
        sentences: segmented.sentences,
        article_sentences: segmented.article_sentences,
        copy_groups: copies.groups,
        doc_copies: copies.doc_copies,
        stories,
        diagnostics: Vec::new(),
        rank: copies.rank,
        language,
        extracts,
    }
}

/// Stage 1's output: every article cleaned and split into sentences.
struct Segmented {
    cleaned: Vec<Cleaned>,
    /// All sentences, article by article.
    sentences: Vec<Sentence>,
    /// Each article's sentences (indices into `sentences`).
    article_sentences: Vec<Range<usize>>,
}

impl Segmented {
    /// Number each article's sentences into one list, article by article.
    fn collect(per_article: impl IntoIterator<Item = (Cleaned, Vec<Range<usize>>)>) -> Self {
        let mut cleaned = Vec::new();
        let mut sentences = Vec::new();
        let mut article_sentences = Vec::new();
        for (a, (c, spans)) in per_article.into_iter().enumerate() {
            cleaned.push(c);
            let start = sentences.len();
            sentences.extend(
                spans
                    .into_iter()
                    .enumerate()
                    .map(|(position, span)| Sentence {
                        article: a,
                        position,
                        span,
                    }),
            );
            article_sentences.push(start..sentences.len());
        }
        Segmented {
            cleaned,
            sentences,
            article_sentences,
        }
    }
}

/// The copy stage's output.
struct Copies {
    groups: Vec<CopyGroup>,
    /// The copy group of each sentence, if any.
    group_of: Vec<Option<usize>>,
    /// Each article's place in publication order.
    rank: Vec<usize>,
    doc_copies: Vec<DocCopy>,
    /// The copy groups each article has a sentence in, sorted.
    article_groups: Vec<Vec<usize>>,
}

/// Copy groups of sentences, and what each article and sentence shares.
fn find_all_copies(
    articles: &[Article],
    segmented: &Segmented,
    fingerprints: &[Fingerprint],
    cfg: &Config,
    links: Option<&CopyLinks>,
) -> Copies {
    let sentences = &segmented.sentences;
    let groups = match links {
        Some(links) => copy_groups(
            articles,
            sentences,
            |s| fingerprints[s].terms.len(),
            links,
            &cfg.copies,
        ),
        None => find_copies(articles, sentences, fingerprints, &cfg.copies),
    };
    copies_of_groups(articles, segmented, groups)
}

/// What each article and sentence shares, given the copy groups.
fn copies_of_groups(articles: &[Article], segmented: &Segmented, groups: Vec<CopyGroup>) -> Copies {
    let Segmented {
        sentences,
        article_sentences,
        ..
    } = segmented;
    let mut group_of = vec![None; sentences.len()];
    for (g, group) in groups.iter().enumerate() {
        for &s in &group.members {
            group_of[s] = Some(g);
        }
    }
    let rank = publication_order(articles);
    let doc_copies = document_copies(sentences, article_sentences, &groups);
    let article_groups: Vec<Vec<usize>> = article_sentences
        .iter()
        .map(|r| {
            let mut ids: Vec<usize> = r.clone().filter_map(|s| group_of[s]).collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        })
        .collect();
    Copies {
        groups,
        group_of,
        rank,
        doc_copies,
        article_groups,
    }
}

/// The articles of each story (indices, in publication order), as `grouping` asks.
// Each argument is a stage output or a knob the grouping reads; bundling them
// in a struct would only rename them.
#[allow(clippy::too_many_arguments)]
fn group_stories(
    articles: &[Article],
    segmented: &Segmented,
    fingerprints: &[Fingerprint],
    copies: &Copies,
    normalizer: &Normalizer,
    cfg: &Config,
    grouping: Grouping,
    cluster: Option<&mut ClusterFn>,
) -> Vec<Vec<usize>> {
    let article_sentences = &segmented.article_sentences;
    match grouping {
        Grouping::Batch => {
            let tfs: Vec<TermVector> = articles
                .par_iter()
                .zip(article_sentences.par_iter())
                .map(|(a, r)| story_tf(a, &fingerprints[r.clone()], normalizer, &cfg.stories))
                .collect();
            let vectors = story_vectors(tfs, &cfg.stories);
            batch_stories(
                articles,
                segmented,
                |s| fingerprints[s].terms.len(),
                copies,
                vectors,
                cfg,
                cluster,
            )
        }
        Grouping::Stream => stream_stories(
            articles,
            article_sentences,
            fingerprints,
            normalizer,
            &copies.rank,
            cfg,
        ),
        Grouping::Given(stories) => {
            let mut seen = vec![false; articles.len()];
            stories
                .into_iter()
                .map(|s| {
                    let mut members: Vec<usize> = s
                        .into_iter()
                        .filter(|&a| a < seen.len() && !std::mem::replace(&mut seen[a], true))
                        .collect();
                    members.sort_by_key(|&a| copies.rank[a]);
                    members
                })
                .filter(|s| !s.is_empty())
                .collect()
        }
    }
}

/// One article's term frequencies for batch story detection
/// ([`term_frequencies`] of its headline's terms and its sentences' terms),
/// before they are weighed by document frequency: the part of its story
/// vector that can be computed where the article is.
pub fn story_tf(
    article: &Article,
    fingerprints: &[Fingerprint],
    normalizer: &Normalizer,
    cfg: &StoryConfig,
) -> TermVector {
    let title = normalizer.terms(&article.title);
    let body: Vec<Term> = fingerprints
        .iter()
        .flat_map(|f| f.terms.iter().copied())
        .collect();
    term_frequencies(&title, &body, cfg)
}

/// Every article's story vector from its [`story_tf`] (all articles, in
/// order): the document frequencies are counted over them all.
fn story_vectors(tfs: Vec<TermVector>, cfg: &StoryConfig) -> Vec<TermVector> {
    let mut df = DocFreq::default();
    for tf in &tfs {
        df.add_distinct(tf.iter().map(|&(id, _)| id));
    }
    tfs.par_iter().map(|tf| weigh(tf, &df, cfg)).collect()
}

/// Batch story detection from each article's story vector: twins set aside,
/// the similarity graph and average-link clustering (by `cluster` when given).
/// `term_count(s)` is sentence `s`'s number of terms.
fn batch_stories(
    articles: &[Article],
    segmented: &Segmented,
    term_count: impl Fn(usize) -> usize,
    copies: &Copies,
    vectors: Vec<TermVector>,
    cfg: &Config,
    cluster: Option<&mut ClusterFn>,
) -> Vec<Vec<usize>> {
    let twin_of = twins(
        &segmented.sentences,
        &segmented.article_sentences,
        term_count,
        &copies.groups,
        &copies.group_of,
        &copies.rank,
        cfg.copies.min_terms,
    );
    let inputs: Vec<StoryInput> = vectors
        .into_iter()
        .enumerate()
        .map(|(a, vector)| StoryInput {
            vector,
            published: articles[a].published.map(|p| p.at),
            copy_groups: copies.article_groups[a].clone(),
            ..StoryInput::default()
        })
        .collect();
    match cluster {
        Some(cluster) => {
            detect_stories_clustered(articles, &inputs, &twin_of, &cfg.stories, cluster)
        }
        None => detect_stories_with_twins(articles, &inputs, &twin_of, &cfg.stories),
    }
}

/// Each story's cited summary and, when extraction ran, its merged extract.
fn summarize_stories(
    articles: &[Article],
    segmented: &Segmented,
    fingerprints: &[Fingerprint],
    copies: &Copies,
    extracts: &[ArticleExtract],
    story_members: &[Vec<usize>],
    cfg: &Config,
) -> Vec<Story> {
    let corpus = Corpus {
        articles,
        sentences: &segmented.sentences,
        fingerprints,
        groups: &copies.groups,
        group_of: &copies.group_of,
        article_sentences: &segmented.article_sentences,
        rank: &copies.rank,
    };
    let extract_corpus = ExtractCorpus {
        articles,
        extracts,
        sentences: &segmented.sentences,
        article_sentences: &segmented.article_sentences,
        groups: &copies.groups,
        group_of: &copies.group_of,
        rank: &copies.rank,
    };
    story_members
        .par_iter()
        .enumerate()
        .map(|(i, members)| summarize_story(i, members, &corpus, &extract_corpus, cfg))
        .collect()
}

/// Story `i` (id `s{i+1}`) of `members`: its cited summary, its copy groups
/// and, when extraction runs, its merged extract.
pub(crate) fn summarize_story(
    i: usize,
    members: &[usize],
    corpus: &Corpus<'_>,
    extract_corpus: &ExtractCorpus<'_>,
    cfg: &Config,
) -> Story {
    // Which of the story's articles carry each copy group: read by the
    // summary's citations and the extract's quotes and timeline.
    let carried = story_carriers(members, corpus.article_sentences, corpus.group_of);
    let mut groups: Vec<usize> = carried.keys().copied().collect();
    groups.sort_unstable();
    let summary = summarize_with(members, corpus, &cfg.summary, &carried);
    Story {
        id: format!("s{}", i + 1),
        articles: members.to_vec(),
        summary,
        copy_groups: groups,
        extract: if cfg.extract {
            story_extract_with(members, extract_corpus, carried)
        } else {
            StoryExtract::default()
        },
    }
}

/// Stories found as the articles arrive, in publication order, by the same
/// [`Incremental`] state the store uses.
fn stream_stories(
    articles: &[Article],
    article_sentences: &[Range<usize>],
    fingerprints: &[Fingerprint],
    normalizer: &Normalizer,
    rank: &[usize],
    cfg: &Config,
) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by_key(|&i| rank[i]);
    // Closing idle stories drops their state, so memory follows the live
    // window, and makes the stream decide as the store does (a sentence older
    // than the window no longer links its copies). An undated article comes
    // last and could still join a closed story, so with any undated article
    // every story stays open (see `incremental`'s module docs).
    let all_dated = articles.iter().all(|a| a.published.is_some());
    let mut state = Incremental::new(&cfg.stories, &cfg.copies).close_idle(all_dated);
    for (n, &i) in order.iter().enumerate() {
        let title = normalizer.terms(&articles[i].title);
        state.add(
            n as u64,
            &title,
            &fingerprints[article_sentences[i].clone()],
            articles[i].published.map(|p| p.at),
        );
    }
    let stories = state
        .stories()
        .into_iter()
        .map(|s| s.into_iter().map(|n| order[n as usize]).collect())
        .collect();
    crate::stories::finish(stories, rank)
}

/// Each article's near-identical twin ([`twin_source`]) by the first carrier
/// of its sentences' copy groups, as the stream finds it by copy keys; a twin
/// of a twin stands with the first. Sentences too short to be copies do not
/// count.
fn twins(
    sentences: &[Sentence],
    article_sentences: &[Range<usize>],
    term_count: impl Fn(usize) -> usize,
    groups: &[CopyGroup],
    group_of: &[Option<usize>],
    rank: &[usize],
    min_terms: usize,
) -> Vec<Option<usize>> {
    let first_of = |s: usize| group_of[s].map(|g| sentences[groups[g].first()].article);
    let mut order: Vec<usize> = (0..article_sentences.len()).collect();
    order.sort_by_key(|&a| rank[a]);
    let mut twin_of: Vec<Option<usize>> = vec![None; article_sentences.len()];
    for a in order {
        let firsts = article_sentences[a]
            .clone()
            .filter(|&s| term_count(s) >= min_terms)
            .map(|s| first_of(s).unwrap_or(a));
        if let Some(src) = twin_source(firsts, a).filter(|&src| rank[src] < rank[a]) {
            twin_of[a] = Some(twin_of[src].unwrap_or(src));
        }
    }
    twin_of
}

/// Article-level copying from the copy groups: for each later carrier, how many
/// of its sentences it shares with the group's first carrier.
fn document_copies(
    sentences: &[Sentence],
    article_sentences: &[Range<usize>],
    groups: &[CopyGroup],
) -> Vec<DocCopy> {
    let mut pairs: rustc_hash::FxHashMap<(usize, usize), usize> = Default::default();
    for g in groups {
        let original = sentences[g.first()].article;
        let mut copiers: Vec<usize> = g.members[1..]
            .iter()
            .map(|&s| sentences[s].article)
            .filter(|&a| a != original)
            .collect();
        copiers.dedup();
        for c in copiers {
            *pairs.entry((c, original)).or_insert(0) += 1;
        }
    }
    let mut out: Vec<DocCopy> = pairs
        .into_iter()
        .map(|((copier, original), shared)| DocCopy {
            copier,
            original,
            shared,
            share: shared as f64 / article_sentences[copier].len().max(1) as f64,
        })
        .collect();
    out.sort_by(|a, b| {
        b.share
            .total_cmp(&a.share)
            .then(a.copier.cmp(&b.copier))
            .then(a.original.cmp(&b.original))
    });
    out
}
