//! The store's promises, on the fixtures, the example corpus and generated
//! corpora: incremental ingest gives digest's stream stories whatever the
//! batching, ingest is idempotent, ids are stable or redirect, old databases
//! upgrade, search finds what it should.

#[path = "../../storyline/tests/common/mod.rs"]
mod common;
mod support;

use std::collections::BTreeSet;

use storyline::{Article, Config, Grouping};
use storyline_store::{Sort, Store, StoryLookup, StoryQuery};
use support::TempDb;

/// Stories as sets of article ids, order-free.
type Partition = BTreeSet<BTreeSet<String>>;

fn digest_stream(articles: &[Article]) -> Partition {
    let d = storyline::digest_grouped(articles.to_vec(), &Config::default(), Grouping::Stream);
    d.stories
        .iter()
        .map(|s| {
            s.articles
                .iter()
                .map(|&a| d.articles[a].id.clone())
                .collect()
        })
        .collect()
}

fn stored(store: &Store) -> Partition {
    store
        .story_members()
        .expect("members")
        .into_iter()
        .map(|(_, ids)| ids.into_iter().collect())
        .collect()
}

fn in_publication_order(mut articles: Vec<Article>) -> Vec<Article> {
    let rank = storyline::copies::publication_order(&articles);
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by_key(|&i| rank[i]);
    let mut slots: Vec<Option<Article>> = articles.drain(..).map(Some).collect();
    order.iter().filter_map(|&i| slots[i].take()).collect()
}

/// Ingest in `calls` calls, each through a freshly opened store (as separate
/// `storyline ingest` processes would), and return the stories.
fn ingest_in(articles: &[Article], calls: usize, name: &str) -> Partition {
    let db = TempDb::new(name);
    let size = articles.len().div_ceil(calls).max(1);
    for chunk in articles.chunks(size) {
        let mut store = Store::open(&db.0).expect("open");
        let report = store.ingest(chunk.to_vec()).expect("ingest");
        assert_eq!(report.added, chunk.len());
    }
    stored(&Store::open_read_only(&db.0).expect("open read-only"))
}

fn generated(n: usize, stretch: i64) -> Vec<Article> {
    let (mut articles, _) = storyline::synth::corpus(n, 5);
    let base = articles
        .iter()
        .filter_map(|a| a.published.map(|p| p.at.as_second()))
        .min()
        .unwrap_or(0);
    for a in &mut articles {
        if let Some(p) = &mut a.published {
            let t = base + (p.at.as_second() - base) * stretch;
            p.at = jiff::Timestamp::from_second(t).expect("in range");
        }
    }
    in_publication_order(articles)
}

#[test]
fn the_example_corpus_gives_digests_stories_in_one_call_or_ten() {
    let (files, diags) = storyline::ingest::discover(&[common::repo().join("examples/corpus")]);
    assert!(diags.is_empty(), "{diags:?}");
    let articles: Vec<Article> = files
        .iter()
        .flat_map(|f| storyline::ingest::read_file(f).0)
        .collect();
    let articles = in_publication_order(articles);
    let expected = digest_stream(&articles);
    assert_eq!(expected.len(), 4, "{expected:?}");
    assert_eq!(ingest_in(&articles, 1, "ex1"), expected);
    assert_eq!(ingest_in(&articles, 10, "ex10"), expected);
}

#[test]
fn the_fixtures_give_digests_stories_in_one_call_or_ten() {
    let Some(articles) = common::dated_fixtures() else {
        return;
    };
    let articles = in_publication_order(articles);
    let expected = digest_stream(&articles);
    assert_eq!(ingest_in(&articles, 1, "fx1"), expected);
    assert_eq!(ingest_in(&articles, 5, "fx5"), expected);
}

#[test]
fn a_generated_corpus_gives_the_same_stories_in_one_call_or_ten() {
    // Time stretched so that stories go idle and close between calls.
    let articles = generated(300, 12);
    let expected = digest_stream(&articles);
    assert!(expected.len() >= 5, "{} stories", expected.len());
    assert_eq!(ingest_in(&articles, 1, "gen1"), expected);
    assert_eq!(ingest_in(&articles, 10, "gen10"), expected);
}

#[test]
fn ingesting_again_changes_nothing() {
    let articles = generated(60, 1);
    let db = TempDb::new("idem");
    let mut store = Store::open(&db.0).expect("open");
    let first = store.ingest(articles.clone()).expect("ingest");
    assert_eq!(first.added, 60);
    let before = stored(&store);
    let health = store.health().expect("health");
    let detail = |s: &Store| match s.story("s1").expect("story") {
        Some(StoryLookup::Found(v)) => v,
        other => panic!("s1: {other:?}"),
    };
    let s1 = detail(&store);
    // Same ids again, in a new process.
    drop(store);
    let mut store = Store::open(&db.0).expect("reopen");
    let again = store.ingest(articles.clone()).expect("again");
    assert_eq!((again.added, again.duplicates), (0, 60));
    assert!(again.stories_changed.is_empty());
    assert!(again
        .placed
        .iter()
        .zip(&first.placed)
        .all(|(a, b)| a.story == b.story));
    // The same text under other ids, whitespace changed.
    let renamed: Vec<Article> = articles
        .iter()
        .map(|a| {
            let mut b = a.clone();
            b.id = format!("{}-mirror", a.id);
            b.text = a.text.replace(". ", ".  ");
            b
        })
        .collect();
    let mirror = store.ingest(renamed).expect("mirror");
    assert_eq!((mirror.added, mirror.duplicates), (0, 60));
    assert_eq!(
        mirror.placed[0].duplicate_of.as_deref(),
        Some(articles[0].id.as_str())
    );
    assert_eq!(store.health().expect("health"), health);
    assert_eq!(stored(&store), before);
    assert_eq!(detail(&store), s1);
}

#[test]
fn every_story_id_ever_given_still_leads_to_a_story() {
    let articles = generated(400, 1);
    let db = TempDb::new("ids");
    let mut store = Store::open(&db.0).expect("open");
    let mut given: BTreeSet<String> = BTreeSet::new();
    let mut redirects = 0;
    for chunk in articles.chunks(7) {
        let r = store.ingest(chunk.to_vec()).expect("ingest");
        given.extend(r.placed.into_iter().filter_map(|p| p.story));
        given.extend(r.stories_changed);
        redirects += r.redirects.len();
    }
    assert!(given.len() > 5);
    for id in &given {
        match store.story(id).expect("lookup") {
            Some(StoryLookup::Found(v)) => assert_eq!(v["id"], id.as_str()),
            Some(StoryLookup::Moved(to)) => match store.story(&to).expect("target") {
                Some(StoryLookup::Found(v)) => assert_eq!(v["id"], to.as_str()),
                other => panic!("{id} → {to} leads to {other:?}"),
            },
            None => panic!("{id} was given and is now unknown"),
        }
    }
    eprintln!("{} ids given, {redirects} redirects", given.len());
}

#[test]
fn a_version_1_database_upgrades_and_its_articles_become_searchable() {
    let articles = generated(40, 1);
    let db = TempDb::new("upgrade");
    {
        let mut old = Store::open_at_version(&db.0, Config::default(), 1).expect("v1");
        old.ingest(articles.clone()).expect("ingest into v1");
        assert_eq!(old.health().expect("health").schema_version, 1);
    }
    let store = Store::open(&db.0).expect("upgrade");
    let h = store.health().expect("health");
    assert_eq!((h.schema_version, h.articles), (5, 40));
    let word = articles[0]
        .title
        .split_whitespace()
        .last()
        .expect("a title word");
    let page = store
        .list_stories(&StoryQuery {
            q: Some(word.to_string()),
            ..StoryQuery::default()
        })
        .expect("search");
    assert!(page.total >= 1, "no story found for {word:?}");
}

#[test]
fn a_web_page_keeps_its_provenance_and_furniture_in_the_store() {
    let page = br#"<html lang="en"><head><title>Ferries collide off Port Avalen | Harbor Gazette</title>
<meta property="og:site_name" content="Harbor Gazette"></head><body><article>
<h1>Ferries collide off Port Avalen</h1>
<p>Two ferries collided in thick fog off Port Avalen on Friday morning, injuring eleven passengers, the coastguard said in a statement.</p>
<figure><img src="f.jpg"><figcaption>The damaged bow of the Skerrin ferry in the harbour on Friday.</figcaption></figure>
<p>The coastguard said both vessels were sailing at reduced speed and that an inquiry into the collision would begin next week, as the law requires.</p>
<p>Ferry services between the islands were suspended for the rest of the day while divers inspected the hulls of both vessels for damage.</p>
</article></body></html>"#;
    let (article, _) = storyline::ingest::parse_html("ferry.html", "ferry", page);
    let article = article.expect("the page has an article");
    assert_eq!(article.marked.len(), 1, "the figcaption is marked");
    let db = TempDb::new("provenance");
    {
        let mut store = Store::open(&db.0).expect("open");
        store.ingest(vec![article]).expect("ingest");
    }
    // A new process reads it back: provenance, language and the caption's
    // reason survive.
    let store = Store::open(&db.0).expect("reopen");
    let a = store.article("ferry").expect("read").expect("stored");
    assert_eq!(a["provenance"]["format"], "html");
    assert_eq!(a["provenance"]["sources"]["source"], "opengraph");
    assert_eq!(a["lang"], "en");
    let removed = a["removed"].as_array().expect("removed lines");
    assert!(
        removed.iter().any(|r| r["reason"] == "caption"
            && r["text"]
                .as_str()
                .is_some_and(|t| t.contains("damaged bow"))),
        "{removed:?}"
    );
}

#[test]
fn a_read_only_store_refuses_to_write_and_stays_intact() {
    let db = TempDb::new("ro");
    Store::open(&db.0)
        .expect("open")
        .ingest(generated(10, 1))
        .expect("ingest");
    let mut ro = Store::open_read_only(&db.0).expect("read-only");
    let err = ro.ingest(generated(20, 1)).expect_err("must refuse");
    let msg = err.to_string();
    assert!(
        msg.contains("stories.db") && msg.contains("readonly"),
        "{msg}"
    );
    assert_eq!(ro.health().expect("health").articles, 10);
}

#[test]
fn search_and_filters_find_the_right_stories_in_the_fixtures() {
    let Some(articles) = common::dated_fixtures() else {
        return;
    };
    let db = TempDb::new("search");
    let mut store = Store::open(&db.0).expect("open");
    store.ingest(articles).expect("ingest");
    let list = |q: StoryQuery| store.list_stories(&q).expect("list");
    let all = list(StoryQuery::default());
    assert!(all.total >= 2);
    // Ranked by outlets.
    let outlets: Vec<usize> = all.stories.iter().map(|s| s.sources.len()).collect();
    assert!(outlets.windows(2).all(|w| w[0] >= w[1]), "{outlets:?}");
    // Hangzhou is the G20 story (2016), not the 2017 reports.
    let g20 = list(StoryQuery {
        q: Some("Hangzhou".into()),
        ..StoryQuery::default()
    });
    assert!(g20.total >= 1);
    let top = &g20.stories[0];
    assert!(
        top.first_published
            .as_deref()
            .is_some_and(|d| d.starts_with("2016-09")),
        "{top:?}"
    );
    // Dates: nothing in 2015; the 2017 reports only from 2017 on.
    let none = list(StoryQuery {
        to: Some(jiff::civil::date(2015, 12, 31)),
        ..StoryQuery::default()
    });
    assert_eq!(none.total, 0);
    let late = list(StoryQuery {
        from: Some(jiff::civil::date(2017, 1, 1)),
        sort: Sort::Recent,
        ..StoryQuery::default()
    });
    assert!(late.total >= 1 && late.total < all.total);
    assert!(late
        .stories
        .iter()
        .all(|s| s.last_published.as_deref().is_some_and(|d| d >= "2017")));
    // Entity filter by alias, case-insensitive.
    let putin = list(StoryQuery {
        entity: Some("putin".into()),
        ..StoryQuery::default()
    });
    assert!(putin.total >= 1);
    // Hostile search input is words, not FTS syntax.
    let odd = list(StoryQuery {
        q: Some("\"Putin NEAR( OR *".into()),
        ..StoryQuery::default()
    });
    assert!(odd.total <= all.total);
    // Pages.
    let p2 = list(StoryQuery {
        per_page: 1,
        page: 2,
        ..StoryQuery::default()
    });
    assert_eq!(p2.stories.len(), 1);
    assert_eq!(p2.stories[0].id, all.stories[1].id);
}

#[test]
fn a_full_disk_fails_the_batch_cleanly_and_the_next_one_succeeds() {
    let articles = generated(120, 1);
    let db = TempDb::new("full");
    let mut store = Store::open(&db.0).expect("open");
    store.ingest(articles[..20].to_vec()).expect("first batch");
    let before = stored(&store);
    store.limit_growth(4).expect("cap");
    let err = store
        .ingest(articles[20..].to_vec())
        .expect_err("the disk is full");
    let msg = err.to_string();
    assert!(msg.contains("stories.db") && msg.contains("full"), "{msg}");
    assert_eq!(store.check().expect("check"), Vec::<String>::new());
    assert_eq!(store.health().expect("health").articles, 20);
    assert_eq!(stored(&store), before);
    drop(store);
    // Space again: the batch goes in whole, with the stories of one clean run.
    let mut store = Store::open(&db.0).expect("reopen");
    store.ingest(articles[20..].to_vec()).expect("retry");
    assert_eq!(stored(&store), ingest_in(&articles, 1, "full-clean"));
}

#[test]
fn a_wire_story_carried_by_hundreds_is_one_story_in_one_call_or_seven() {
    // Issue 14: copies of one wire story beyond the candidate window used
    // to split into several stories and cost quadratic time; now each copy
    // is a twin of the first carrier, kept beside it across calls.
    let mut articles = storyline::synth::wire_copies(300);
    articles.extend(generated(60, 1));
    let articles = in_publication_order(articles);
    let expected = digest_stream(&articles);
    let wire: BTreeSet<String> = (0..300).map(|k| format!("w{k}")).collect();
    assert!(
        expected.contains(&wire),
        "the wire copies are not one story"
    );
    assert_eq!(ingest_in(&articles, 1, "wire1"), expected);
    assert_eq!(ingest_in(&articles, 7, "wire7"), expected);
}

/// Copy groups are stored without their sentences (each is a span of a stored
/// article) and served with them, cut from the article's text.
#[test]
fn copy_sentences_are_stored_once_in_the_article_and_served_in_the_story() {
    let db = TempDb::new("copytexts");
    let mut store = Store::open(&db.0).expect("open");
    store.ingest(generated(80, 1)).expect("ingest");
    let conn = rusqlite::Connection::open(&db.0).expect("sqlite");
    let mut st = conn
        .prepare("SELECT id, detail FROM stories")
        .expect("query");
    let rows: Vec<(String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("read");
    let mut spans = 0;
    for (id, detail) in rows {
        let stored: serde_json::Value = serde_json::from_str(&detail).expect("json");
        let Some(StoryLookup::Found(served)) = store.story(&id).expect("story") else {
            panic!("{id} not found");
        };
        let groups = stored["copy_groups"].as_array().expect("groups");
        assert_eq!(
            groups.len(),
            served["copy_groups"].as_array().expect("groups").len()
        );
        for (g, group) in groups.iter().enumerate() {
            let copies = group["copies"].as_array().expect("copies");
            let stored_spans = std::iter::once(&group["first"]).chain(copies);
            let served_group = &served["copy_groups"][g];
            let served_copies = served_group["copies"].as_array().expect("copies");
            let served_spans = std::iter::once(&served_group["first"]).chain(served_copies);
            for (kept, given) in stored_spans.zip(served_spans) {
                assert!(
                    kept.get("text").is_none(),
                    "{id}: stored with its text: {kept}"
                );
                let article = kept["article"].as_str().expect("article");
                let Some(a) = store.article(article).expect("article") else {
                    panic!("{id}: article {article} missing");
                };
                let text = a["text"].as_str().expect("text");
                let (start, end) = (
                    kept["start"].as_u64().expect("start") as usize,
                    kept["end"].as_u64().expect("end") as usize,
                );
                assert_eq!(given["text"].as_str(), Some(&text[start..end]), "{id}");
                assert!(end > start);
                spans += 1;
            }
        }
    }
    assert!(spans > 20, "the generated corpus has copies: {spans}");
}

/// A near copy published long after its original, beyond the window the store
/// keeps, is decided alike by the store and by `digest --stream` (which closes
/// idle stories as the store does when every article is dated): before, the
/// stream still linked the copy to its original.
#[test]
fn a_late_copy_is_decided_alike_by_the_store_and_the_stream_digest() {
    let body = "The city council of Port Avalen approved a new tram line on Tuesday after a debate that lasted nine hours. \
        The line will run 14 kilometres from the harbour to the university and carry 40,000 passengers a day. \
        Mayor Ines Borel said the vote was a turning point for a city choked by traffic. \
        Opponents said the 820 million euro cost would push up local taxes for a decade.";
    let day = |d: i64| {
        let t = jiff::Timestamp::from_second(1_704_067_200 + d * 86_400).expect("date");
        Some(storyline::Published::timed(t))
    };
    let mut original = Article::new("original", "Port Avalen approves tram line", body);
    original.published = day(0);
    let mut follow_up = Article::new(
        "follow-up",
        "Tram line debate in Port Avalen",
        body.replace("nine hours", "ten hours"),
    );
    follow_up.published = day(2);
    let mut late = Article::new(
        "late",
        "Port Avalen approves tram line",
        body.replace("approved", "passed"),
    );
    late.published = day(300);
    let articles = vec![original, follow_up, late];
    let stream = digest_stream(&articles);
    assert_eq!(ingest_in(&articles, 1, "late-copy"), stream);
    assert!(
        stream.iter().any(|s| s.len() == 1 && s.contains("late")),
        "the late copy stands alone: {stream:?}"
    );
}
