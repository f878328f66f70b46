//! A database holds articles in several languages: each is normalised in its
//! own, and its stories are the ones it would form alone. Input: MultiLing
//! 2011 clusters, which are the same ten topics written in each language, so
//! a store that mixed languages would have every reason to join them.

#[path = "../../storyline/tests/common/mod.rs"]
mod common;
mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use storyline::{Article, Config};
use storyline_store::{Store, StoryLookup};
use support::TempDb;

/// The articles of the first `clusters` MultiLing clusters of a language,
/// without any declared language (detection has to find it).
fn multiling(language: &str, clusters: usize) -> Option<Vec<Article>> {
    let path = common::shared(&format!("data/multiling2011/{language}.clusters.jsonl"))?;
    let text = std::fs::read_to_string(path).expect("read MultiLing");
    let mut out = Vec::new();
    for line in text.lines().take(clusters) {
        let v: serde_json::Value = serde_json::from_str(line).expect("cluster JSON");
        for d in v["docs"].as_array().expect("docs") {
            let id = format!("{language}-{}", d["id"].as_str().expect("doc id"));
            let title = d["title"].as_str().unwrap_or_default();
            let body = d["text"].as_str().expect("doc text");
            out.push(Article::new(id, title, body));
        }
    }
    Some(out)
}

/// Stories as sets of article ids, each with the language the store gave it.
fn stories(db: &PathBuf) -> BTreeMap<BTreeSet<String>, String> {
    let store = Store::open_read_only(db).expect("open read-only");
    store
        .story_members()
        .expect("members")
        .into_iter()
        .map(|(id, members)| {
            let Some(StoryLookup::Found(v)) = store.story(&id).expect("story") else {
                panic!("story {id} missing");
            };
            let language = v["language"].as_str().unwrap_or("?").to_string();
            (members.into_iter().collect(), language)
        })
        .collect()
}

fn ingest(db: &PathBuf, articles: &[Article], calls: usize) {
    let size = articles.len().div_ceil(calls).max(1);
    for chunk in articles.chunks(size) {
        let mut store = Store::open(db).expect("open");
        let report = store.ingest(chunk.to_vec()).expect("ingest");
        assert_eq!(report.added, chunk.len());
    }
}

#[test]
fn each_language_forms_the_stories_it_would_form_alone() {
    let langs = [("english", "en"), ("french", "fr"), ("greek", "el")];
    let mut by_lang = Vec::new();
    for (name, code) in langs {
        let Some(articles) = multiling(name, 4) else {
            return;
        };
        by_lang.push((name, code, articles));
    }
    // Interleaved, as a multilingual follow list delivers them, in 3 calls.
    let longest = by_lang.iter().map(|l| l.2.len()).max().unwrap_or(0);
    let mut mixed = Vec::new();
    for k in 0..longest {
        for (_, _, articles) in &by_lang {
            mixed.extend(articles.get(k).cloned());
        }
    }
    let db = TempDb::new("mixed");
    ingest(&db.0, &mixed, 3);
    let together = stories(&db.0);
    for (name, code, articles) in &by_lang {
        let alone_db = TempDb::new(name);
        ingest(&alone_db.0, articles, 1);
        let alone = stories(&alone_db.0);
        assert!(alone.len() >= 2, "{name}: {} stories", alone.len());
        let prefix = format!("{name}-");
        let mine: BTreeMap<_, _> = together
            .iter()
            .filter(|(m, _)| m.iter().any(|id| id.starts_with(&prefix)))
            .map(|(m, l)| (m.clone(), l.clone()))
            .collect();
        for (members, language) in &mine {
            assert!(
                members.iter().all(|id| id.starts_with(&prefix)),
                "a story mixes languages: {members:?}"
            );
            assert_eq!(language, code, "{members:?}");
        }
        assert_eq!(mine, alone, "{name} stories differ when stored with others");
    }
}

#[test]
fn a_database_from_before_languages_keeps_its_stories_and_takes_a_second_one() {
    let (Some(english), Some(french)) = (multiling("english", 3), multiling("french", 3)) else {
        return;
    };
    let db = TempDb::new("upgrade");
    {
        let mut old = Store::open_at_version(&db.0, Config::default(), 4).expect("v4");
        old.ingest(english.clone()).expect("ingest into v4");
    }
    drop(Store::open(&db.0).expect("upgrade to the current schema"));
    let before = stories(&db.0);
    // A French article that declares itself English is taken at its word.
    let mut french = french;
    french[0].lang = Some("en-GB".into());
    let misdeclared = french[0].id.clone();
    ingest(&db.0, &french, 2);
    let after = stories(&db.0);
    for (members, language) in &before {
        assert_eq!(after.get(members), Some(language), "{members:?} changed");
    }
    let french_stories: Vec<_> = after
        .iter()
        .filter(|(m, _)| {
            m.iter()
                .any(|id| id.starts_with("french-") && *id != misdeclared)
        })
        .collect();
    assert!(!french_stories.is_empty());
    for (members, language) in french_stories {
        assert_eq!(language, "fr", "{members:?}");
        assert!(members.iter().all(|id| id.starts_with("french-")));
    }
    assert!(
        after
            .iter()
            .any(|(m, l)| m.contains(&misdeclared) && l == "en"),
        "the article that declared English is in an English story"
    );
}
