//! The stored story and the article as the store gives it: typed, so that the
//! store writes and the server reads the same Rust types (serde both ways).
//!
//! A stored story is the library's story (`report::JsonStory`) standing
//! alone: its article references, copy groups and document copies are
//! embedded rather than named by id (docs/json-schema.md, "Story in the story
//! database"). Its parts are the library's `report::Json*` types.
//!
//! The JSON is written and served through `serde_json::Value`, whose objects
//! keep their keys sorted: the stored text and the API's bytes are what they
//! were when the store built them from `Value`s, so databases written before
//! read the same and serve the same.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use storyline::report::{
    JsonCopyGroup, JsonDocCopy, JsonEntity, JsonEvent, JsonProvenance, JsonQuote, JsonRange,
    JsonRemoved, JsonReport, JsonSummarySentence,
};

/// A story as stored (`GET /api/stories/{id}`).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct StoredStory {
    /// The database's stable id (`s17`).
    pub id: String,
    /// ISO 639-1 code of the language the story was normalised as; absent
    /// in stories stored before the store kept one state per language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Headline of the story's first published article.
    pub title: String,
    /// Id of the first published article.
    pub first_article: String,
    /// Earliest publication time (RFC 3339), if known.
    pub first_published: Option<String>,
    /// Latest publication time (RFC 3339), if known.
    pub last_published: Option<String>,
    /// Distinct outlets (the article id where the outlet is unknown).
    pub sources: Vec<String>,
    /// The story's articles, in publication order.
    pub articles: Vec<StoryArticle>,
    /// The summary, in reading order.
    pub summary: Vec<JsonSummarySentence>,
    /// Words in the summary.
    pub summary_words: usize,
    /// The copy groups carried by the story's articles (ids local to it).
    pub copy_groups: Vec<JsonCopyGroup>,
    /// Article-level copying between the story's articles, highest share first.
    pub document_copies: Vec<JsonDocCopy>,
    /// People, organisations and places, most widely mentioned first.
    pub entities: Vec<JsonEntity>,
    /// Attributions, merged across copies.
    pub quotes: Vec<JsonQuote>,
    /// Dated events, earliest first.
    pub timeline: Vec<JsonEvent>,
    /// Relative time expressions left undated.
    pub undated_expressions: usize,
}

/// One article of a stored story.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StoryArticle {
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Outlet, if known.
    pub source: Option<String>,
    /// URL, if known.
    pub url: Option<String>,
    /// Publication time (RFC 3339), if known.
    pub published: Option<String>,
    /// The article of the story it copies most from, if any.
    pub copied_from: Option<String>,
}

impl StoredStory {
    /// The stored form of a story: the library's report of its articles
    /// digested as one story, reshaped to stand alone under `id`.
    pub fn from_report(id: &str, report: JsonReport) -> StoredStory {
        let JsonReport {
            language,
            stories,
            copy_groups,
            document_copies,
            articles,
            ..
        } = report;
        let Some(story) = stories.into_iter().next() else {
            return StoredStory {
                id: id.to_string(),
                language: Some(language.to_string()),
                copy_groups,
                document_copies,
                ..StoredStory::default()
            };
        };
        // Highest share first: the first original named for a copier wins.
        let mut copied_from: FxHashMap<&str, &str> = FxHashMap::default();
        for c in &document_copies {
            copied_from
                .entry(c.copier.as_str())
                .or_insert(c.original.as_str());
        }
        let by_id: FxHashMap<&str, _> = articles.iter().map(|a| (a.id.as_str(), a)).collect();
        let refs = story
            .articles
            .iter()
            .filter_map(|aid| {
                let a = by_id.get(aid.as_str())?;
                Some(StoryArticle {
                    id: a.id.clone(),
                    title: a.title.clone(),
                    source: a.source.clone(),
                    url: a.url.clone(),
                    published: a.published.clone(),
                    copied_from: copied_from.get(a.id.as_str()).map(|s| s.to_string()),
                })
            })
            .collect();
        StoredStory {
            id: id.to_string(),
            language: Some(language.to_string()),
            title: story.title,
            first_article: story.first_article,
            first_published: story.first_published,
            last_published: story.last_published,
            sources: story.sources,
            articles: refs,
            summary: story.summary,
            summary_words: story.summary_words,
            copy_groups,
            document_copies,
            entities: story.entities,
            quotes: story.quotes,
            timeline: story.timeline,
            undated_expressions: story.undated_expressions,
        }
    }

    /// Drop the sentence texts of the copy groups, as the store keeps them:
    /// each is a span of an article the database holds, and they were three
    /// quarters of a large story's stored bytes.
    pub fn strip_copy_texts(&mut self) {
        for g in &mut self.copy_groups {
            g.first.text.clear();
            for c in &mut g.copies {
                c.span.text.clear();
            }
        }
    }

    /// The articles whose text [`StoredStory::fill_copy_texts`] needs: those
    /// with a copy-group span stored without its sentence, each once.
    pub fn articles_without_copy_texts(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .copy_groups
            .iter()
            .flat_map(|g| std::iter::once(&g.first).chain(g.copies.iter().map(|c| &c.span)))
            .filter(|span| span.text.is_empty())
            .map(|span| span.article.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// Put back the sentence texts [`StoredStory::strip_copy_texts`] dropped:
    /// `text_of` gives an article's text by id. A story stored with its
    /// texts (before they were stripped) is left as it is. Fails with the
    /// article and span that `text_of` cannot give.
    pub fn fill_copy_texts<'t>(
        &mut self,
        text_of: impl Fn(&str) -> Option<&'t str>,
    ) -> Result<(), String> {
        let fill = |span: &mut storyline::report::JsonSpan| -> Result<(), String> {
            if !span.text.is_empty() {
                return Ok(());
            }
            let text = text_of(&span.article).ok_or_else(|| {
                format!("copy of article {:?}, which is not stored", span.article)
            })?;
            let sentence = text.get(span.start..span.end).ok_or_else(|| {
                format!(
                    "copy span {}..{} outside article {:?}",
                    span.start, span.end, span.article
                )
            })?;
            span.text = sentence.to_string();
            Ok(())
        };
        for g in &mut self.copy_groups {
            fill(&mut g.first)?;
            for c in &mut g.copies {
                fill(&mut c.span)?;
            }
        }
        Ok(())
    }

    /// The story as JSON, keys sorted: what the store writes and the API
    /// serves.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}

/// An article as the store gives it (`GET /api/articles/{id}`):
/// docs/json-schema.md, "Article", with cleaning re-run on the stored text.
/// Unlike the digest's article, `record` and `lang` are always present
/// (`null` when unknown), as the API has always served them. Built from the
/// article's row on every read, never stored, so it only serializes.
#[derive(Debug, Serialize)]
pub struct ArticleDetail {
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Outlet.
    pub source: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Publication time as given (RFC 3339).
    pub published: Option<String>,
    /// Input file (`api` for posted articles).
    pub file: String,
    /// Line in the input file (JSONL).
    pub line: Option<usize>,
    /// Record of a web archive or item of a feed (1-based).
    pub record: Option<usize>,
    /// Language the input declares, as written there.
    pub lang: Option<String>,
    /// How the article was read and where each metadata field came from.
    pub provenance: JsonProvenance,
    /// The story holding it.
    pub story: Option<String>,
    /// Kept sentences, as byte spans into `text`.
    pub sentences: Vec<JsonRange>,
    /// Removed lines with their reason.
    pub removed: Vec<JsonRemoved>,
    /// The article body; all offsets index into it.
    pub text: String,
}

impl ArticleDetail {
    /// The article as JSON, keys sorted: what the API serves.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod tests {
    use super::*;
    use serde_json::{json, Value};

    /// How the store built a story's JSON before it was typed: the report
    /// as a `Value`, reshaped by key. The typed story must give the same.
    fn untyped(id: &str, report: &JsonReport) -> Value {
        let mut v = serde_json::to_value(report).unwrap();
        let mut story = v["stories"][0].take();
        let mut copied_from: FxHashMap<String, String> = FxHashMap::default();
        for c in v["document_copies"].as_array().unwrap() {
            copied_from
                .entry(c["copier"].as_str().unwrap().to_string())
                .or_insert_with(|| c["original"].as_str().unwrap().to_string());
        }
        let by_id: FxHashMap<&str, &Value> = v["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| (x["id"].as_str().unwrap(), x))
            .collect();
        let refs: Vec<Value> = story["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                let a = by_id[i.as_str().unwrap()];
                let aid = a["id"].as_str().unwrap();
                json!({
                    "id": aid,
                    "title": a["title"],
                    "source": a["source"],
                    "url": a["url"],
                    "published": a["published"],
                    "copied_from": copied_from.get(aid),
                })
            })
            .collect();
        story["id"] = json!(id);
        story["language"] = v["language"].take();
        story["articles"] = Value::Array(refs);
        story["copy_groups"] = v["copy_groups"].take();
        story["document_copies"] = v["document_copies"].take();
        story
    }

    #[test]
    fn the_typed_story_is_the_json_the_store_always_wrote() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
        let (files, _) = storyline::ingest::discover(&[corpus]);
        let articles: Vec<storyline::Article> = files
            .iter()
            .flat_map(|f| storyline::ingest::read_file(f).0)
            .collect();
        let cfg = storyline::Config::default();
        let digest = storyline::pipeline::digest(articles.clone(), &cfg);
        let mut copies_seen = 0;
        for (n, story) in digest.stories.iter().enumerate() {
            let members: Vec<storyline::Article> = story
                .articles
                .iter()
                .map(|&i| articles[i].clone())
                .collect();
            let all: Vec<usize> = (0..members.len()).collect();
            let one = storyline::Grouping::Given(vec![all]);
            let d = storyline::digest_grouped(members, &cfg, one);
            let id = format!("s{}", n + 1);
            let want = untyped(&id, &JsonReport::from_digest(&d));
            let typed = StoredStory::from_report(&id, JsonReport::from_digest(&d));
            let stored = typed.to_json().to_string();
            assert_eq!(stored, want.to_string(), "{id}");
            // And it reads back to the same text.
            let back: StoredStory = serde_json::from_str(&stored).unwrap();
            assert_eq!(back.to_json().to_string(), stored, "{id}");
            copies_seen += back.document_copies.len();
        }
        assert!(copies_seen > 0, "the example corpus has copied articles");
    }
}
