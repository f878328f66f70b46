//! Extract: who is named, who said what, and when things happened.
//!
//! Per article (pure, parallel): name mentions ([`entities`](crate::entities)),
//! attributions ([`quotes`](crate::quotes)) and time expressions resolved
//! against the publication date ([`dates`](crate::dates)). Per story: entities
//! merged across articles and ranked by outlets, quotes merged across copies
//! (a quote carried by several outlets, or a spun copy of it, is one quote with
//! all its carriers), and a timeline of dated events in order.

use std::ops::Range;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::copies::CopyGroup;
use crate::dates::{find_times_in, DateRange, TimeExpr};
use crate::entities::{find_mentions_in, merge, Entity, Mention};
use crate::model::{Article, Sentence};
use crate::quotes::{find_attributions_in, Attribution, QuoteKind};
use crate::tokens::Tokens;

/// What extraction found in one article.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ArticleExtract {
    /// Name mentions.
    pub mentions: Vec<Mention>,
    /// Attributions (quotes and reported speech).
    pub attributions: Vec<Attribution>,
    /// Time expressions, resolved when the article has a publication date.
    pub times: Vec<TimeExpr>,
}

/// Extract from one article. `kept` are its kept paragraphs: mentions, quotes and
/// times in removed boilerplate are ignored.
pub fn extract_article(article: &Article, kept: &[Range<usize>]) -> ArticleExtract {
    extract_article_in(article, kept, &Tokens::new(&article.text))
}

/// [`extract_article`] with the article's lexemes already made (by
/// [`crate::pipeline::analyse`], which shares them with segmentation and
/// fingerprints).
pub fn extract_article_in(
    article: &Article,
    kept: &[Range<usize>],
    tokens: &Tokens,
) -> ArticleExtract {
    let anchor = article
        .published
        .map(|p| jiff::tz::TimeZone::UTC.to_datetime(p.at).date());
    let text = article.text.as_str();
    let mut out = ArticleExtract::default();
    for p in kept {
        let lexemes = tokens.within(p.clone());
        out.mentions.extend(find_mentions_in(text, lexemes));
        out.times.extend(find_times_in(text, lexemes, anchor));
    }
    // Attributions on the whole text, so that "he" and "the official" resolve to
    // earlier paragraphs and quotes may run on; kept when they start in prose.
    let in_prose = |r: &Range<usize>| kept.iter().any(|p| p.start <= r.start && r.start < p.end);
    out.attributions = find_attributions_in(text, tokens.all())
        .into_iter()
        .filter(|a| a.content.first().is_some_and(in_prose))
        .collect();
    out
}

/// A quote of a story: one attribution, with every article that carries it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StoryQuote {
    /// Direct quote or reported speech.
    pub kind: QuoteKind,
    /// Who said it, as resolved in the article (the entity's full name when known).
    pub speaker: Option<String>,
    /// The outlet or agency that relayed it ("TASS"), if the article says so.
    pub carrier: Option<String>,
    /// The content, fragments joined with " … ".
    pub text: String,
    /// Article the quote is shown from (its first carrier in the story).
    pub article: usize,
    /// Byte span of the first content fragment in that article.
    pub span: Range<usize>,
    /// Every article of the story that carries it (directly or through a copy).
    pub carried_by: Vec<usize>,
}

/// A dated event of a story's timeline.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TimelineEvent {
    /// The day or days it refers to.
    pub when: DateRange,
    /// The time expression as written ("on Monday").
    pub expression: String,
    /// The sentence it dates (index into the digest's sentences).
    pub sentence: usize,
    /// Articles carrying that sentence or a copy of it.
    pub carried_by: Vec<usize>,
}

/// What a story's reader gets: its people and organisations, quotes and timeline.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StoryExtract {
    /// Entities, most widely mentioned first.
    pub entities: Vec<Entity>,
    /// Quotes, in story order.
    pub quotes: Vec<StoryQuote>,
    /// Dated events, earliest first.
    pub timeline: Vec<TimelineEvent>,
    /// Relative time expressions that could not be dated (no publication date).
    pub undated_expressions: usize,
}

/// Corpus-wide inputs the story extraction reads.
#[derive(Debug, Clone, Copy)]
pub struct ExtractCorpus<'a> {
    /// All articles.
    pub articles: &'a [Article],
    /// Extraction results per article.
    pub extracts: &'a [ArticleExtract],
    /// All sentences.
    pub sentences: &'a [Sentence],
    /// Sentence index range of each article.
    pub article_sentences: &'a [Range<usize>],
    /// Copy groups and each sentence's group.
    pub groups: &'a [CopyGroup],
    /// Copy group of each sentence.
    pub group_of: &'a [Option<usize>],
    /// Publication rank of each article.
    pub rank: &'a [usize],
}

/// The sentence of `article` containing byte `pos`.
fn sentence_at(c: &ExtractCorpus<'_>, article: usize, pos: usize) -> Option<usize> {
    let range = c.article_sentences[article].clone();
    let sents = &c.sentences[range.clone()];
    let k = sents.partition_point(|s| s.span.end <= pos);
    (k < sents.len() && sents[k].span.start <= pos).then_some(range.start + k)
}

/// Articles of a story carrying a sentence or a copy of it, in publication
/// order. Worked out once per copy group: a sentence carried ten thousand
/// times (a wire story, a repeated line) is one group, and looking through
/// its members for every quote or date in it was quadratic.
struct Carriers<'a> {
    c: ExtractCorpus<'a>,
    /// Per copy group, the story's articles carrying it (sorted on first use).
    by_group: FxHashMap<usize, Vec<usize>>,
    sorted: FxHashSet<usize>,
}

impl<'a> Carriers<'a> {
    fn new(c: ExtractCorpus<'a>, by_group: FxHashMap<usize, Vec<usize>>) -> Self {
        Carriers {
            c,
            by_group,
            sorted: FxHashSet::default(),
        }
    }

    fn of(&mut self, s: usize) -> Vec<usize> {
        let c = self.c;
        let Some(g) = c.group_of[s] else {
            return vec![c.sentences[s].article];
        };
        let out = self.by_group.entry(g).or_default();
        if self.sorted.insert(g) {
            out.sort_unstable_by_key(|&a| (c.rank[a], a));
            out.dedup();
        }
        out.clone()
    }
}

fn normalised(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Build the story's entities, quotes and timeline.
pub fn story_extract(story: &[usize], c: &ExtractCorpus<'_>) -> StoryExtract {
    let carried = crate::copies::story_carriers(story, c.article_sentences, c.group_of);
    story_extract_with(story, c, carried)
}

/// [`story_extract`] with the story's carriers of each copy group already
/// worked out ([`crate::copies::story_carriers`]; the summary reads the
/// same map first).
pub fn story_extract_with(
    story: &[usize],
    c: &ExtractCorpus<'_>,
    carried: FxHashMap<usize, Vec<usize>>,
) -> StoryExtract {
    let mut carriers = Carriers::new(*c, carried);
    let mentions: Vec<(usize, &Mention)> = story
        .iter()
        .flat_map(|&a| c.extracts[a].mentions.iter().map(move |m| (a, m)))
        .collect();
    let entities = merge(&mentions);
    // Resolve a speaker to an entity's full name when a name of it matches.
    let full_name = |speaker: &str| -> String {
        let last = speaker.split_whitespace().last().unwrap_or_default();
        entities
            .iter()
            .find(|e| e.name == speaker || e.aliases.iter().any(|a| a == speaker))
            .or_else(|| {
                (speaker.split_whitespace().count() == 1
                    && last.chars().next().is_some_and(char::is_uppercase))
                .then(|| {
                    entities
                        .iter()
                        .find(|e| e.name.split_whitespace().last() == Some(last))
                })
                .flatten()
            })
            .map_or_else(|| speaker.to_string(), |e| e.name.clone())
    };

    let mut quotes: Vec<StoryQuote> = Vec::new();
    let mut seen: FxHashMap<(Option<usize>, String), usize> = FxHashMap::default();
    for &a in story {
        let art = &c.articles[a];
        for at in &c.extracts[a].attributions {
            let Some(first) = at.content.first() else {
                continue;
            };
            let text: Vec<&str> = at
                .content
                .iter()
                .map(|r| art.text[r.clone()].trim())
                .collect();
            let text = text.join(" … ");
            let sentence = sentence_at(c, a, first.start);
            let group = sentence.and_then(|s| c.group_of[s]);
            let key = (
                group,
                if group.is_some() {
                    String::new()
                } else {
                    normalised(&text)
                },
            );
            if let Some(&q) = seen.get(&key) {
                // The same group again adds no carrier; the same text in
                // another sentence may.
                if group.is_none() {
                    let carried_by = sentence.map_or_else(|| vec![a], |s| carriers.of(s));
                    for x in carried_by {
                        if !quotes[q].carried_by.contains(&x) {
                            quotes[q].carried_by.push(x);
                        }
                    }
                }
                continue;
            }
            let carried_by = sentence.map_or_else(|| vec![a], |s| carriers.of(s));
            let name = |r: &Option<Range<usize>>| {
                r.as_ref().map(|r| art.text[r.clone()].trim().to_string())
            };
            let speaker = name(&at.speaker)
                .or_else(|| name(&at.source))
                .map(|s| full_name(&s));
            seen.insert(key, quotes.len());
            quotes.push(StoryQuote {
                kind: at.kind,
                speaker,
                carrier: name(&at.carrier),
                text,
                article: a,
                span: first.clone(),
                carried_by,
            });
        }
    }

    let mut timeline: Vec<TimelineEvent> = Vec::new();
    let mut undated = 0;
    let mut dated: FxHashMap<(DateRange, usize), usize> = FxHashMap::default();
    for &a in story {
        let art = &c.articles[a];
        for t in &c.extracts[a].times {
            let Some(when) = t.resolved else {
                if t.relative {
                    undated += 1;
                }
                continue;
            };
            let Some(s) = sentence_at(c, a, t.span.start) else {
                continue;
            };
            // One event per (date, sentence or copy group).
            let unit = c.group_of[s].map_or(s, |g| usize::MAX - g);
            if dated.contains_key(&(when, unit)) {
                continue;
            }
            dated.insert((when, unit), timeline.len());
            timeline.push(TimelineEvent {
                when,
                expression: art.text[t.span.clone()].to_string(),
                sentence: s,
                carried_by: carriers.of(s),
            });
        }
    }
    timeline.sort_by(|x, y| {
        x.when
            .cmp(&y.when)
            .then(
                c.rank[c.sentences[x.sentence].article]
                    .cmp(&c.rank[c.sentences[y.sentence].article]),
            )
            .then(x.sentence.cmp(&y.sentence))
    });
    StoryExtract {
        entities,
        quotes,
        timeline,
        undated_expressions: undated,
    }
}
