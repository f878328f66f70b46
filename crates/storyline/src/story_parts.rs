//! Summaries and story extracts made apart from the whole digest: from the
//! parts of each story's articles that they read, brought to wherever the
//! story is summarised. `storyline-dist` summarises each story on one worker,
//! so that no process holds every article's fingerprints and extract.
//!
//! The stories are the ones [`crate::pipeline::digest_found`] makes: the
//! parts are numbered locally (articles and sentences in the digest's order,
//! so every comparison of indices comes out the same), summarised by the same
//! code, and the indices in the result are mapped back to the digest's.

use std::ops::Range;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::extract::{ArticleExtract, ExtractCorpus};
use crate::fingerprint::Fingerprint;
use crate::model::{Article, Sentence};
use crate::pipeline::{summarize_story, Config, Story};
use crate::summarize::Corpus;

/// What the summary and the extract of a story read of one of its articles,
/// from where the article was analysed.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ArticlePart {
    /// The article's index in the digest.
    pub article: usize,
    /// Its text.
    pub text: String,
    /// The digest's index of its first sentence.
    pub first_sentence: usize,
    /// Its sentence spans, in order.
    pub sentences: Vec<Range<usize>>,
    /// Its sentences' fingerprints (terms and unigrams are read).
    pub fingerprints: Vec<Fingerprint>,
    /// Its extract (empty when extraction is off).
    pub extract: ArticleExtract,
}

/// What the digest knows of one article of a story besides the article:
/// its publication rank and its sentences' copy groups.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Member {
    /// The article's index in the digest.
    pub article: usize,
    /// Its publication rank.
    pub rank: usize,
    /// (sentence within the article, copy group) for each of its sentences
    /// in a copy group.
    pub groups: Vec<(u32, u32)>,
}

/// A story to summarise.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StoryTask {
    /// The story's place in the digest (its id is `s{index + 1}`).
    pub index: usize,
    /// Its articles, in publication order.
    pub members: Vec<Member>,
}

/// Summarise `tasks` from the parts of their articles (one part for each
/// member of each task, in any order): `(index, story)` in the order of
/// `tasks`, each story equal to the one the whole digest makes.
///
/// # Panics
/// When a member has no part: the caller must bring every member's.
pub fn summarize_parts(
    tasks: &[StoryTask],
    mut parts: Vec<ArticlePart>,
    cfg: &Config,
) -> Vec<(usize, Story)> {
    parts.sort_unstable_by_key(|p| p.article);
    let local: FxHashMap<usize, usize> = parts
        .iter()
        .enumerate()
        .map(|(k, p)| (p.article, k))
        .collect();
    let local_of = |a: usize| -> usize {
        *local
            .get(&a)
            .unwrap_or_else(|| panic!("article {a} of a story came without its part"))
    };
    let mut global_article = Vec::with_capacity(parts.len());
    let mut global_sentence = Vec::new();
    let mut articles = Vec::with_capacity(parts.len());
    let mut sentences = Vec::new();
    let mut article_sentences = Vec::with_capacity(parts.len());
    let mut fingerprints = Vec::new();
    let mut extracts = Vec::with_capacity(parts.len());
    for (k, part) in parts.into_iter().enumerate() {
        global_article.push(part.article);
        let start = sentences.len();
        for (position, span) in part.sentences.into_iter().enumerate() {
            global_sentence.push(part.first_sentence + position);
            sentences.push(Sentence {
                article: k,
                position,
                span,
            });
        }
        article_sentences.push(start..sentences.len());
        fingerprints.extend(part.fingerprints);
        extracts.push(part.extract);
        articles.push(Article::new(String::new(), String::new(), part.text));
    }
    let mut rank = vec![0; articles.len()];
    let mut group_of = vec![None; sentences.len()];
    for member in tasks.iter().flat_map(|t| &t.members) {
        let k = local_of(member.article);
        rank[k] = member.rank;
        for &(offset, group) in &member.groups {
            group_of[article_sentences[k].start + offset as usize] = Some(group as usize);
        }
    }
    let corpus = Corpus {
        articles: &articles,
        sentences: &sentences,
        fingerprints: &fingerprints,
        groups: &[],
        group_of: &group_of,
        article_sentences: &article_sentences,
        rank: &rank,
    };
    let extract_corpus = ExtractCorpus {
        articles: &articles,
        extracts: &extracts,
        sentences: &sentences,
        article_sentences: &article_sentences,
        groups: &[],
        group_of: &group_of,
        rank: &rank,
    };
    tasks
        .par_iter()
        .map(|task| {
            let members: Vec<usize> = task.members.iter().map(|m| local_of(m.article)).collect();
            let story = summarize_story(task.index, &members, &corpus, &extract_corpus, cfg);
            (
                task.index,
                in_digest(story, &global_article, &global_sentence),
            )
        })
        .collect()
}

/// `story` with its local article and sentence indices replaced by the
/// digest's (copy groups are the digest's already).
fn in_digest(mut story: Story, article: &[usize], sentence: &[usize]) -> Story {
    let articles = |xs: &mut Vec<usize>| xs.iter_mut().for_each(|a| *a = article[*a]);
    articles(&mut story.articles);
    for s in &mut story.summary {
        s.sentence = sentence[s.sentence];
        articles(&mut s.cites);
    }
    for e in &mut story.extract.entities {
        articles(&mut e.articles);
    }
    for q in &mut story.extract.quotes {
        q.article = article[q.article];
        articles(&mut q.carried_by);
    }
    for t in &mut story.extract.timeline {
        t.sentence = sentence[t.sentence];
        articles(&mut t.carried_by);
    }
    story
}
