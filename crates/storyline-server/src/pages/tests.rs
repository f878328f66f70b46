// Tests may unwrap.
#![allow(clippy::unwrap_used)]

use super::*;
use crate::diff::tests::words;
use serde_json::json;

const HOSTILE: &str = "<script>document.title='pwned'</script>";

fn story() -> StoredStory {
    let first = "Russia and the U.S. agreed on a ceasefire, officials said.";
    let copy = "Russian Federation and the USA agreed on a ceasefire, officials said.";
    serde_json::from_value(json!({
        "id": "s1",
        "title": format!("Talks {HOSTILE}"),
        "first_article": "a1",
        "first_published": "2016-09-05T09:30:00Z",
        "last_published": "2016-09-07",
        "sources": ["Wire", "Copier <b>"],
        "articles": [
            {"id": "a1", "title": "Talks", "source": "Wire", "url": "https://e.org/1",
             "published": "2016-09-05T09:30:00Z", "copied_from": null},
            {"id": "a 2#x", "title": "<img src=x onerror=\"document.title='pwned'\">",
             "source": "Copier <b>", "url": "javascript:alert(1)",
             "published": "2016-09-07", "copied_from": "a1"}
        ],
        "summary": [
            {"text": first, "article": "a1", "start": 0, "end": first.len(),
             "cites": ["a1", "a 2#x"], "sources": ["Wire", "Copier <b>"], "copy_group": "c1"}
        ],
        "summary_words": 10,
        "copy_groups": [
            {"id": "c1",
             "first": {"article": "a1", "start": 0, "end": first.len(), "text": first},
             "copies": [{"article": "a 2#x", "start": 10, "end": 10 + copy.len(), "text": copy,
                         "swaps": [{"from": "Russia", "to": "Russian Federation"}, {"from": "U.S.", "to": "USA"}]},
                        {"article": "a3", "start": 0, "end": first.len(), "text": first, "swaps": []}]}
        ],
        "entities": [{"name": "Sergei Lavrov", "kind": "person", "titles": ["Foreign Minister"],
                      "aliases": ["Lavrov"], "mentions": 3, "articles": ["a1", "a 2#x"]}],
        "quotes": [
            {"kind": "direct", "speaker": "Lavrov", "carrier": "TASS", "text": "We agreed <script>",
             "article": "a1", "start": 5, "end": 20, "carried_by": ["a1", "a 2#x"]},
            {"kind": "reported", "speaker": null, "carrier": null, "text": "talks went on",
             "article": "a1", "start": 30, "end": 40, "carried_by": ["a1"]}
        ],
        "timeline": [{"start": "2016-09-05", "end": "2016-09-05", "expression": "on Monday",
                      "sentence": "They met on Monday.", "article": "a1", "carried_by": ["a1"]}],
        "undated_expressions": 1,
        "document_copies": [{"copier": "a 2#x", "original": "a1", "shared_sentences": 1, "share": 1.0}]
    }))
    .unwrap()
}

#[test]
fn story_page_cites_outlets_and_highlights_swaps() {
    let (title, body) = render_story(&story());
    assert!(
        title.contains(HOSTILE),
        "the title is data; page() escapes it"
    );
    assert!(!body.contains("<script"), "{body}");
    assert!(!body.contains("<img"), "{body}");
    assert!(!body.contains("<b>"), "{body}");
    assert!(body.contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"));
    // Who published first.
    assert!(body.contains(
        "first published by <strong class=\"first-publisher\"><a href=\"/articles/a1\">Wire</a>"
    ));
    // The summary sentence links to its source sentence, and to the copy's.
    assert!(
        body.contains("href=\"/articles/a1?mark=0-58#s-0\""),
        "{body}"
    );
    assert!(
        body.contains("href=\"/articles/a%202%23x?mark=10-79#s-10\">Copier &lt;b&gt;</a>"),
        "{body}"
    );
    // Swapped words highlighted in place.
    assert!(
        body.contains(
            "<del>Russia</del><ins>Russian Federation</ins> and the <del>U.S.</del><ins>USA</ins>"
        ),
        "{body}"
    );
    // Quotes with speakers, carriers; unattributed ones say so.
    assert!(body.contains("<span class=\"speaker\">Lavrov</span> <span class=\"carrier\">(via TASS)</span>: <q>We agreed &lt;script&gt;</q>"));
    assert!(body.contains("Unattributed"));
    // Word-for-word copies share one line.
    assert!(
        body.contains("<span class=\"verbatim\">word for word:</span> <a class=\"outlet\" href=\"/articles/a3?mark=0-58#s-0\">a3</a>"),
        "{body}"
    );
    // Timeline and entities.
    assert!(body.contains("<span class=\"date\">2016-09-05</span> <span class=\"expression\">“on Monday”</span> They met on Monday."));
    assert!(body.contains("1 time expression left undated"));
    assert!(body.contains("<a href=\"/?entity=Sergei%20Lavrov\">Sergei Lavrov</a>"));
    assert!(body.contains("copied from <a href=\"/articles/a1\">Wire</a>"));
}

#[test]
fn a_stored_story_reads_back_as_it_was_written() {
    let story = story();
    let json = story.to_json();
    let again: StoredStory = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(again.to_json(), json);
    assert_eq!(render_story(&again), render_story(&story));
    // Stories stored before the store kept a language have none, and
    // are served without one.
    assert!(json.get("language").is_none());
}

#[test]
fn a_malformed_stored_story_is_an_error_not_a_page() {
    for v in [
        json!({}),
        json!(null),
        json!({"summary": [{}], "copy_groups": [{"copies": [{}]}], "quotes": [1], "timeline": "x"}),
    ] {
        assert!(serde_json::from_value::<StoredStory>(v).is_err());
    }
    // An empty story still renders a page.
    let (_, body) = render_story(&StoredStory::default());
    assert!(body.starts_with("<article"));
}

/// An article as the store gives it, its removed lines' text cut from
/// `text` (empty where the span is not valid).
fn article(
    id: &str,
    text: &str,
    sentences: &[(usize, usize)],
    removed: &[(usize, usize, &'static str)],
) -> ArticleDetail {
    ArticleDetail {
        id: id.into(),
        title: String::new(),
        source: None,
        url: None,
        published: None,
        file: "api".into(),
        line: None,
        record: None,
        lang: None,
        provenance: storyline::report::JsonProvenance::of(&Default::default()),
        story: None,
        sentences: sentences
            .iter()
            .map(|&(start, end)| storyline::report::JsonRange { start, end })
            .collect(),
        removed: removed
            .iter()
            .map(|&(start, end, reason)| storyline::report::JsonRemoved {
                start,
                end,
                reason,
                text: text.get(start..end).unwrap_or_default().to_string(),
            })
            .collect(),
        text: text.into(),
    }
}

#[test]
fn article_page_greys_removed_lines_and_escapes() {
    let text = format!("Photo: AP\n{HOSTILE} said.\nSecond <a href=\"javascript:alert(1)\">x</a>.");
    let s1 = text.find(HOSTILE).unwrap();
    let e1 = text.find(" said.").unwrap() + 6;
    let s2 = text.find("Second").unwrap();
    let article = ArticleDetail {
        title: HOSTILE.into(),
        source: Some("Evil".into()),
        url: Some("javascript:alert(1)".into()),
        published: Some("2016-09-05".into()),
        story: Some("s1".into()),
        ..article(
            "h1",
            &text,
            &[(s1, e1), (s2, text.len())],
            &[(0, 9, "photo_credit")],
        )
    };
    let (_, body) = render_article(&article, Some((s2, s2 + 6)));
    assert!(!body.contains("<script"), "{body}");
    assert!(!body.contains("<a href=\"javascript"), "{body}");
    assert!(body.contains("<span class=\"removed\" title=\"removed: photo credit\">Photo: AP</span> <span class=\"reason\">photo credit</span>"), "{body}");
    assert!(body.contains(&format!(
        "<span class=\"anchor\" id=\"s-{s1}\"></span><span class=\"kept\">&lt;script&gt;"
    )));
    assert!(
        body.contains("<mark id=\"m\"><span class=\"kept\">Second</span></mark>"),
        "{body}"
    );
    assert!(body.contains("Original (not a web link): <code>javascript:alert(1)</code>"));
    assert!(body.contains("<a href=\"/stories/s1\">"));
}

/// `render_text` as it was before it walked the text once: every piece
/// looked through all the sentences and removed lines. What the walk
/// must still make, byte for byte.
fn render_text_quadratic(
    text: &str,
    sentences: &[(usize, usize)],
    removed: &[(usize, usize, &str)],
    mark: Option<(usize, usize)>,
) -> String {
    let sentences: Vec<(usize, usize)> = sentences
        .iter()
        .copied()
        .filter(|&span| valid(text, span))
        .collect();
    let removed: Vec<(usize, usize, &str)> = removed
        .iter()
        .copied()
        .filter(|&(a, b, _)| valid(text, (a, b)))
        .collect();
    let mark = mark.filter(|&(a, b)| a < b && text.get(a..b).is_some());
    let mut cuts = BTreeSet::from([0, text.len()]);
    for &(a, b) in &sentences {
        cuts.extend([a, b]);
    }
    for &(a, b, _) in &removed {
        cuts.extend([a, b]);
    }
    if let Some((a, b)) = mark {
        cuts.extend([a, b]);
    }
    let sentence_starts: BTreeSet<usize> = sentences.iter().map(|&(a, _)| a).collect();
    let cuts: Vec<usize> = cuts.into_iter().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for w in cuts.windows(2) {
        let (x, y) = (w[0], w[1]);
        let Some(piece) = text.get(x..y) else {
            continue;
        };
        TextPiece {
            span: (x, y),
            text: piece,
            anchor: sentence_starts.contains(&x),
            mark,
            in_sentence: sentences.iter().any(|&(a, b)| a <= x && y <= b),
            removed_by: removed
                .iter()
                .find(|&&(a, b, _)| a <= x && y <= b)
                .map(|&(_, b, reason)| (b, reason)),
        }
        .push_to(&mut out);
    }
    out
}

/// An article as the store gives it: paragraphs, removed boilerplate
/// lines, sentences, markup and multi-byte text to escape, and the
/// edge cases of spans (a sentence inside a removed line, overlapping
/// removed lines with different reasons, a repeated sentence span, one
/// out of range).
fn fixture_like_article() -> ArticleDetail {
    let text =
        "Photo: Reuters/A. Smith\nMARBECK \u{2014} The harbour talks <ended> without a deal, \
officials said. \"We will return,\" the mayor's aide said.\n\nFollow us on Twitter & Facebook\n\
Talks resume in Zürich next month. Read more: https://x.example/?a=1&b=2\nAdvertisement";
    let at = |needle: &str| text.find(needle).unwrap();
    let span = |needle: &str| {
        let a = at(needle);
        (a, a + needle.len())
    };
    let removed = |needle: &str, reason: &'static str| {
        let a = at(needle);
        (a, a + needle.len(), reason)
    };
    ArticleDetail {
        title: "Harbour talks".into(),
        ..article(
            "fx",
            text,
            &[
                span("MARBECK \u{2014} The harbour talks <ended> without a deal, officials said."),
                span("\"We will return,\" the mayor's aide said."),
                span("Talks resume in Zürich next month."),
                span("Talks resume in Zürich next month."),
                span("Twitter"),
                (5, 100_000),
            ],
            &[
                removed("Photo: Reuters/A. Smith", "photo_credit"),
                removed("Follow us on Twitter & Facebook", "social_media"),
                removed("Twitter & Facebook", "other_reason"),
                removed("Read more: https://x.example/?a=1&b=2", "read_more"),
                removed("Advertisement", "advert"),
            ],
        )
    }
}

/// `render_text` on an article's spans, as `render_article` calls it.
fn render_text_of(article: &ArticleDetail, mark: Option<(usize, usize)>) -> String {
    let sentences: Vec<(usize, usize)> =
        article.sentences.iter().map(|r| (r.start, r.end)).collect();
    let removed: Vec<(usize, usize, &str)> = article
        .removed
        .iter()
        .map(|r| (r.start, r.end, r.reason))
        .collect();
    render_text(&article.text, &sentences, &removed, mark)
}

#[test]
fn article_text_renders_as_before_the_linear_walk() {
    let article = fixture_like_article();
    let text = &article.text;
    let a = text.find("officials").unwrap();
    let b = text.find("Follow").unwrap() + 6;
    for (mark, want) in [(None, RENDERED_PLAIN), (Some((a, b)), RENDERED_MARKED)] {
        let got = render_text_of(&article, mark);
        assert_eq!(got, want, "mark {mark:?}");
    }
}

/// What `render_text` made of [`fixture_like_article`] before it walked
/// the text once (the quadratic version), kept to the byte.
const RENDERED_PLAIN: &str = "<span class=\"removed\" title=\"removed: photo credit\">Photo: Reuters/A. Smith</span> <span class=\"reason\">photo credit</span>\n<span class=\"anchor\" id=\"s-24\"></span><span class=\"kept\">MARBECK — The harbour talks &lt;ended&gt; without a deal, officials said.</span> <span class=\"anchor\" id=\"s-94\"></span><span class=\"kept\">&quot;We will return,&quot; the mayor&#39;s aide said.</span>\n\n<span class=\"removed\" title=\"removed: social media\">Follow us on </span><span class=\"anchor\" id=\"s-149\"></span><span class=\"removed\" title=\"removed: social media\">Twitter</span><span class=\"removed\" title=\"removed: social media\"> &amp; Facebook</span> <span class=\"reason\">social media</span>\n<span class=\"anchor\" id=\"s-168\"></span><span class=\"kept\">Talks resume in Zürich next month.</span> <span class=\"removed\" title=\"removed: read more\">Read more: https://x.example/?a=1&amp;b=2</span> <span class=\"reason\">read more</span>\n<span class=\"removed\" title=\"removed: advert\">Advertisement</span> <span class=\"reason\">advert</span>";
const RENDERED_MARKED: &str = "<span class=\"removed\" title=\"removed: photo credit\">Photo: Reuters/A. Smith</span> <span class=\"reason\">photo credit</span>\n<span class=\"anchor\" id=\"s-24\"></span><span class=\"kept\">MARBECK — The harbour talks &lt;ended&gt; without a deal, </span><mark id=\"m\"><span class=\"kept\">officials said.</span></mark><mark> </mark><span class=\"anchor\" id=\"s-94\"></span><mark><span class=\"kept\">&quot;We will return,&quot; the mayor&#39;s aide said.</span></mark><mark>\n\n</mark><mark><span class=\"removed\" title=\"removed: social media\">Follow</span></mark><span class=\"removed\" title=\"removed: social media\"> us on </span><span class=\"anchor\" id=\"s-149\"></span><span class=\"removed\" title=\"removed: social media\">Twitter</span><span class=\"removed\" title=\"removed: social media\"> &amp; Facebook</span> <span class=\"reason\">social media</span>\n<span class=\"anchor\" id=\"s-168\"></span><span class=\"kept\">Talks resume in Zürich next month.</span> <span class=\"removed\" title=\"removed: read more\">Read more: https://x.example/?a=1&amp;b=2</span> <span class=\"reason\">read more</span>\n<span class=\"removed\" title=\"removed: advert\">Advertisement</span> <span class=\"reason\">advert</span>";

#[test]
fn a_20k_sentence_article_shows_every_sentence_once_in_order() {
    let n = 20_000;
    let mut text = String::new();
    let mut sentences = Vec::new();
    let mut removed = Vec::new();
    for i in 0..n {
        if i % 1000 == 999 {
            let line = format!("Advertisement {i}\n");
            removed.push((text.len(), text.len() + line.len() - 1, "advert"));
            text.push_str(&line);
        }
        let sentence = format!("Sentence {i} <b>says</b> so.");
        sentences.push((text.len(), text.len() + sentence.len()));
        text.push_str(&sentence);
        text.push(if i % 5 == 4 { '\n' } else { ' ' });
    }
    let out = render_text(&text, &sentences, &removed, None);
    let mut at = 0;
    for i in 0..n {
        let kept = format!("<span class=\"kept\">Sentence {i} &lt;b&gt;says&lt;/b&gt; so.</span>");
        let found = out[at..]
            .find(&kept)
            .unwrap_or_else(|| panic!("sentence {i} missing or out of order"));
        at += found + kept.len();
    }
    assert_eq!(out.matches("<span class=\"kept\">").count(), n);
    assert_eq!(out.matches("<span class=\"anchor\"").count(), n);
    assert_eq!(
        out.matches("<span class=\"reason\">advert</span>").count(),
        n / 1000
    );
}

/// Arbitrary text and spans (overlapping, repeated, out of range, off
/// char boundaries) and a mark: the one walk renders what looking
/// through every span for every piece rendered.
mod walk_equals_quadratic {
    use super::*;
    use proptest::prelude::*;

    fn spans() -> impl Strategy<Value = Vec<(usize, usize)>> {
        proptest::collection::vec((0usize..40, 0usize..40), 0..12)
    }

    proptest! {
        #![proptest_config(crate::html::tests::proptest_config())]
        #[test]
        fn for_any_spans(
            text in "[a-c <&\"'\\né日]{0,30}",
            sentences in spans(),
            removed in spans(),
            reasons in proptest::collection::vec("[a-z_<]{0,6}", 12),
            mark in proptest::option::of((0usize..40, 0usize..40)),
        ) {
            let removed: Vec<(usize, usize, &str)> = removed
                .iter()
                .zip(&reasons)
                .map(|(&(a, b), r)| (a, b, r.as_str()))
                .collect();
            prop_assert_eq!(
                render_text(&text, &sentences, &removed, mark),
                render_text_quadratic(&text, &sentences, &removed, mark)
            );
        }
    }
}

#[test]
fn article_page_ignores_bad_spans() {
    let article = article(
        "x",
        "héllo world",
        &[(2, 5), (9, 400), (5, 1)],
        &[(3, 400, "advert"), (2, 4, "advert")],
    );
    let (title, body) = render_article(&article, Some((0, 99)));
    assert_eq!(title, "x");
    assert!(body.contains("héllo world") || body.contains("h") && body.contains("world"));
    assert!(!body.contains("<mark"));
}

#[test]
fn list_page_links_and_keeps_filters_in_the_pager() {
    let page_ = StoryPage {
        total: 45,
        page: 2,
        per_page: 20,
        stories: vec![storyline_store::StoryListItem {
            id: "s/1".into(),
            title: HOSTILE.into(),
            lede: "<img src=x onerror=alert(1)>".into(),
            articles: 3,
            sources: vec!["Wire".into(), "TASS".into()],
            first_published: Some("2016-09-05".into()),
            last_published: Some("2016-09-07T10:00:00Z".into()),
            entities: vec!["U.S.".into()],
        }],
    };
    let q = StoryQuery {
        q: Some("a&b".into()),
        source: Some("TASS".into()),
        page: 2,
        ..StoryQuery::default()
    };
    let body = render_list(&page_, &q);
    assert!(
        !body.contains("<script") && !body.contains("<img"),
        "{body}"
    );
    assert!(body.contains("<a href=\"/stories/s%2F1\">&lt;script&gt;"));
    assert!(body.contains("<strong class=\"coverage\">2 outlets</strong> · 3 articles"));
    assert!(body.contains("<ol class=\"stories\" start=\"21\">"));
    assert!(
        body.contains("href=\"/?q=a%26b&amp;source=TASS\">← Previous"),
        "{body}"
    );
    assert!(
        body.contains("href=\"/?q=a%26b&amp;source=TASS&amp;page=3\">Next"),
        "{body}"
    );
    assert!(body.contains("value=\"a&amp;b\""));
    assert!(body.contains(
        "<a class=\"outlet\" href=\"/?source=Wire\">Wire</a> <span class=\"first\">first</span>"
    ));
}

/// The example corpus through a real store: every story and article
/// page rendered from what the store wrote and reads back, typed.
#[test]
fn every_page_of_the_example_corpus_renders() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
    let (files, _) = storyline::ingest::discover(&[corpus]);
    let articles: Vec<storyline::Article> = files
        .iter()
        .flat_map(|f| storyline::ingest::read_file(f).0)
        .collect();
    assert!(articles.len() >= 5);
    let dir = std::env::temp_dir().join(format!(
        "storyline-server-pages-{}-corpus",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut store = storyline_store::Store::open(dir.join("stories.db")).unwrap();
    store.ingest(articles).unwrap();
    let mut swaps_seen = 0;
    let mut article_ids = Vec::new();
    for (id, members) in store.story_members().unwrap() {
        article_ids.extend(members);
        let Some(StoryLookup::Found(story)) = store.story_detail(&id).unwrap() else {
            panic!("story {id} not found");
        };
        let (title, body) = render_story(&story);
        assert_eq!(title, story.title);
        for sent in &story.summary {
            assert!(body.contains(&esc(&sent.text)), "{:?} in {body}", sent.text);
        }
        // Every swap the pipeline found is highlighted.
        for c in story.copy_groups.iter().flat_map(|g| &g.copies) {
            for sw in &c.swaps {
                swaps_seen += 1;
                // Our runs keep the text between words; the library's
                // join words with a space.
                if !sw.from.is_empty() {
                    assert!(
                        tagged(&body, "del").contains(&words(&sw.from)),
                        "{}",
                        sw.from
                    );
                }
                if !sw.to.is_empty() {
                    assert!(tagged(&body, "ins").contains(&words(&sw.to)), "{}", sw.to);
                }
            }
        }
    }
    assert!(swaps_seen > 0, "the example corpus has spun copies");
    assert!(article_ids.len() >= 5);
    for aid in article_ids {
        let a = store.article_detail(&aid).unwrap().unwrap();
        let (_, body) = render_article(&a, None);
        // The whole text is there, in order, once the markup is stripped.
        let mut plain = String::new();
        let mut in_tag = false;
        for c in body[body.find("<div class=\"text\">").unwrap()..].chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                _ if !in_tag => plain.push(c),
                _ => {}
            }
        }
        let mut reasons_stripped = plain.clone();
        for r in &a.removed {
            reasons_stripped =
                reasons_stripped.replacen(&format!(" {}", r.reason.replace('_', " ")), "", 1);
        }
        assert_eq!(reasons_stripped, esc(&a.text), "{}", a.id);
    }
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The words of every `<tag>...</tag>` in `html` (unescaped).
fn tagged(html: &str, tag: &str) -> Vec<String> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&open) {
        rest = &rest[i + open.len()..];
        let Some(j) = rest.find(&close) else { break };
        let text = rest[..j]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        out.push(words(&text));
    }
    out
}
