//! End-to-end library tests: the real syria-talks fixtures from `shared/` and the
//! invented example corpus that ships in `examples/`.

mod common;

use std::path::PathBuf;

use common::{dated_fixtures, repo, shared};

use storyline::clean::Reason;
use storyline::{digest, ingest, Article, Config, Digest};

fn read(paths: &[PathBuf]) -> Vec<Article> {
    let (files, diags) = ingest::discover(paths);
    assert!(diags.is_empty(), "{diags:?}");
    let mut articles = Vec::new();
    for f in &files {
        let (mut a, d) = ingest::read_file(f);
        assert!(d.is_empty(), "{d:?}");
        articles.append(&mut a);
    }
    articles
}

fn story_ids(d: &Digest) -> Vec<Vec<String>> {
    let mut stories: Vec<Vec<String>> = d
        .stories
        .iter()
        .map(|s| {
            let mut ids: Vec<String> = s
                .articles
                .iter()
                .map(|&a| d.articles[a].id[..3].to_string())
                .collect();
            ids.sort();
            ids
        })
        .collect();
    stories.sort();
    stories
}

/// What every digest must satisfy, whatever the input.
fn check_invariants(d: &Digest, budget: usize) {
    for (a, (art, cleaned)) in d.articles.iter().zip(&d.cleaned).enumerate() {
        // Nothing lost: every non-blank line is inside a kept paragraph or removed with a reason.
        let mut covered: Vec<std::ops::Range<usize>> = cleaned.paragraphs.clone();
        covered.extend(cleaned.removed.iter().map(|r| r.span.clone()));
        let mut offset = 0;
        for line in art.text.split('\n') {
            let t = line.trim();
            if !t.is_empty() {
                let start = offset + line.find(t).unwrap_or(0);
                assert!(
                    covered
                        .iter()
                        .any(|r| r.start <= start && start + t.len() <= r.end),
                    "line lost in {}: {t:?}",
                    art.id
                );
            }
            offset += line.len() + 1;
        }
        // Sentences lie inside kept paragraphs.
        for s in d.article_sentences[a].clone() {
            let span = &d.sentences[s].span;
            assert!(cleaned
                .paragraphs
                .iter()
                .any(|p| p.start <= span.start && span.end <= p.end));
        }
    }
    for s in &d.stories {
        let words: usize = s
            .summary
            .iter()
            .map(|x| d.sentence_text(x.sentence).split_whitespace().count())
            .sum();
        assert!(words <= budget, "story {} summary has {words} words", s.id);
        assert!(!s.summary.is_empty(), "story {} has no summary", s.id);
        let mut seen_groups = Vec::new();
        for x in &s.summary {
            let own = d.sentences[x.sentence].article;
            assert!(x.cites.contains(&own), "a sentence cites its own article");
            assert!(x.cites.iter().all(|c| s.articles.contains(c)));
            if let Some(g) = x.copy_group {
                assert!(!seen_groups.contains(&g), "copy group twice in a summary");
                seen_groups.push(g);
                // Every carrier of the group inside the story is cited.
                for &m in &d.copy_groups[g].members {
                    let carrier = d.sentences[m].article;
                    assert!(!s.articles.contains(&carrier) || x.cites.contains(&carrier));
                }
            }
        }
    }
}

#[test]
fn syria_fixtures_acceptance() {
    let Some(dir) = shared("fixtures/syria-talks") else {
        return;
    };
    let d = digest(read(&[dir]), &Config::default());
    check_invariants(&d, 100);

    // The 2016 Obama-Putin G20 coverage is one story, apart from the 2017 Trump-Putin coverage.
    let stories = story_ids(&d);
    assert!(
        stories.contains(&vec!["002".into(), "003".into(), "004".into()]),
        "{stories:?}"
    );
    for s in &stories {
        let g20 = s
            .iter()
            .any(|a| ["002", "003", "004"].contains(&a.as_str()));
        let trump = s.iter().any(|a| ["000", "001"].contains(&a.as_str()));
        assert!(!(g20 && trump), "{stories:?}");
    }

    // The two cross-outlet spun copies, first carried by 002.
    let groups: Vec<(String, Vec<String>)> = d
        .copy_groups
        .iter()
        .map(|g| {
            let ids = g
                .members
                .iter()
                .map(|&s| d.articles[d.sentences[s].article].id[..3].to_string())
                .collect();
            (d.sentence_text(g.first()).to_string(), ids)
        })
        .collect();
    assert_eq!(groups.len(), 2, "{groups:#?}");
    assert!(
        groups[0].0.starts_with("The official would not be named")
            || groups[1].0.starts_with("The official would not be named")
    );
    let russia = groups
        .iter()
        .find(|(t, _)| t.contains("Russia leader"))
        .expect("Russia -> Russian Federation copy");
    assert_eq!(russia.1, ["002", "003"]);
    let usa = groups
        .iter()
        .find(|(t, _)| t.contains("U.S. concerns"))
        .expect("U.S. -> USA copy");
    assert_eq!(usa.1, ["002", "004"]);
    let swaps = |g: usize| {
        let grp = &d.copy_groups[g];
        storyline::copies::swaps(
            d.sentence_text(grp.first()),
            d.sentence_text(grp.members[1]),
        )
    };
    let all_swaps: Vec<(String, String)> = (0..2).flat_map(swaps).map(|s| (s.from, s.to)).collect();
    assert!(
        all_swaps.contains(&("Russia".into(), "Russian Federation".into())),
        "{all_swaps:?}"
    );
    assert!(
        all_swaps.contains(&("U.S.".into(), "USA".into())),
        "{all_swaps:?}"
    );

    // No boilerplate in any summary.
    let removed: Vec<String> = d
        .articles
        .iter()
        .zip(&d.cleaned)
        .flat_map(|(a, c)| c.removed.iter().map(|r| a.text[r.span.clone()].to_string()))
        .collect();
    for s in &d.stories {
        for x in &s.summary {
            let text = d.sentence_text(x.sentence);
            for bad in [
                "Advertisement",
                "REUTERS/",
                "November 6, 2020",
                ", left, listens",
                "Leroy Wright",
                "block",
            ] {
                assert!(!text.contains(bad), "{text:?} contains {bad:?}");
            }
            assert!(
                !removed.iter().any(|r| r.contains(text)),
                "{text:?} was removed as boilerplate"
            );
        }
    }
    // The furniture was removed, for the right reasons.
    let reasons: Vec<(String, Reason)> = d
        .articles
        .iter()
        .zip(&d.cleaned)
        .flat_map(|(a, c)| {
            c.removed
                .iter()
                .map(|r| (a.text[r.span.clone()].to_string(), r.reason))
        })
        .collect();
    let has = |text: &str, reason: Reason| {
        reasons
            .iter()
            .any(|(t, r)| t.contains(text) && *r == reason)
    };
    assert!(has("REUTERS/ Jorge Silva", Reason::PhotoCredit));
    assert!(has("Tips for becoming a good boxer", Reason::Navigation));
    assert!(has("Advertisement", Reason::Advertisement));
    assert!(has(
        "listens to US President Barack Obama",
        Reason::RepeatedLine
    ));
    assert!(has("Leroy Wright", Reason::Byline));
    // 004's headline is found below its navigation list.
    let a004 = d
        .articles
        .iter()
        .find(|a| a.id.starts_with("004"))
        .expect("004");
    assert_eq!(
        a004.title,
        "US sees progress in Syria talks with Russia, expects meeting soon"
    );
}

#[test]
fn syria_fixtures_with_dates_split_the_two_trump_meetings() {
    let Some(articles) = dated_fixtures() else {
        return;
    };
    let d = digest(articles, &Config::default());
    check_invariants(&d, 100);
    assert_eq!(
        story_ids(&d),
        [vec!["000"], vec!["001"], vec!["002", "003", "004"]]
    );
}

fn example_stories(d: &Digest) -> Vec<Vec<String>> {
    story_ids(d)
}

#[test]
fn example_corpus_ground_truth() {
    let d = digest(read(&[repo().join("examples/corpus")]), &Config::default());
    check_invariants(&d, 100);
    let expected: Vec<Vec<String>> = [
        &["01_", "02_", "03_", "04_", "05_"][..],
        &["06_", "07_", "08_", "09_"],
        &["10_", "11_", "12_", "13_"],
        &["14_", "15_", "16_"],
    ]
    .iter()
    .map(|s| s.iter().map(|x| x.to_string()).collect())
    .collect();
    assert_eq!(example_stories(&d), expected);
    // Spun copies listed in examples/README.md are found, first carried by the wire.
    let find = |needle: &str| {
        d.copy_groups
            .iter()
            .find(|g| {
                g.members
                    .iter()
                    .any(|&s| d.sentence_text(s).contains(needle))
            })
            .map(|g| {
                g.members
                    .iter()
                    .map(|&s| {
                        d.articles[d.sentences[s].article]
                            .source
                            .clone()
                            .unwrap_or_default()
                    })
                    .collect::<Vec<_>>()
            })
    };
    assert_eq!(
        find("one of the busiest island routes").expect("United Kingdom -> UK"),
        ["Meridian Wire", "Harbor Gazette"]
    );
    let varga = find("We have waited long enough").expect("the Varga quote");
    assert_eq!(varga[0], "Meridian Wire");
    assert!(varga.len() >= 3, "{varga:?}");
    // Look-alike sentences of the two ferry collisions are not copies of each other.
    for g in &d.copy_groups {
        let stories: std::collections::BTreeSet<&str> = g
            .members
            .iter()
            .map(|&s| {
                let a = &d.articles[d.sentences[s].article];
                let n: u32 = a.id[..2].parse().unwrap_or(0);
                if n <= 5 {
                    "A"
                } else if n <= 9 {
                    "B"
                } else {
                    "other"
                }
            })
            .collect();
        assert!(
            !(stories.contains("A") && stories.contains("B")),
            "{:?}",
            d.sentence_text(g.first())
        );
    }
}

#[test]
fn example_corpus_txt_and_jsonl_agree() {
    let from_txt = digest(read(&[repo().join("examples/corpus")]), &Config::default());
    let from_jsonl = digest(
        read(&[repo().join("examples/corpus.jsonl")]),
        &Config::default(),
    );
    assert_eq!(example_stories(&from_txt), example_stories(&from_jsonl));
    assert_eq!(from_txt.copy_groups.len(), from_jsonl.copy_groups.len());
}

#[test]
fn digest_is_deterministic() {
    let (articles, _) = storyline::synth::corpus(300, 11);
    let a = digest(articles.clone(), &Config::default());
    let b = digest(articles, &Config::default());
    let json =
        |d: &Digest| storyline::report::render(d, storyline::report::Format::Json).expect("json");
    assert_eq!(json(&a), json(&b));
}

/// The JSON written item by item (as `digest` writes large reports) is the
/// report built whole, byte for byte: same fields, same order, same layout.
#[test]
fn streamed_json_report_equals_the_report_built_whole() {
    let (articles, _) = storyline::synth::corpus(300, 5);
    let mut d = digest(articles, &Config::default());
    d.diagnostics
        .push(storyline::Diagnostic::error("x.jsonl", Some(3), "bad line"));
    let whole = serde_json::to_string_pretty(&storyline::report::JsonReport::from_digest(&d))
        .expect("json")
        + "\n";
    let mut streamed = Vec::new();
    storyline::report::write(&d, storyline::report::Format::Json, &mut streamed).expect("write");
    assert!(
        whole.len() > 100_000,
        "a report of some size: {}",
        whole.len()
    );
    assert!(whole.contains("\"document_copies\": [\n"));
    assert_eq!(String::from_utf8(streamed).expect("utf-8"), whole);
}

#[test]
fn synthetic_corpus_stories_and_invariants() {
    let (articles, labels) = storyline::synth::corpus(600, 3);
    let d = digest(articles, &Config::default());
    check_invariants(&d, 100);
    // Purity: most stories hold articles of one generated event.
    let pure = d
        .stories
        .iter()
        .filter(|s| {
            s.articles
                .iter()
                .all(|&a| labels[a] == labels[s.articles[0]])
        })
        .count();
    assert!(
        pure as f64 >= 0.9 * d.stories.len() as f64,
        "{pure} of {} stories pure",
        d.stories.len()
    );
    assert!(!d.copy_groups.is_empty());
}

#[test]
fn a_wire_story_carried_by_six_hundred_outlets_is_one_story() {
    // Near-identical copies are twins of their first carrier: one node of
    // the story graph with their weight, so average linkage over a window of
    // candidates no longer splits them (600 such copies came out as several
    // stories before: 5 in batch and 2 in stream for a ten-sentence story).
    let articles = storyline::synth::wire_copies(600);
    for grouping in [storyline::Grouping::Batch, storyline::Grouping::Stream] {
        let d = storyline::digest_grouped(
            articles.clone(),
            &storyline::Config::default(),
            grouping.clone(),
        );
        assert_eq!(d.stories.len(), 1, "{grouping:?}");
        assert_eq!(d.stories[0].articles.len(), 600);
    }
}

/// The parts `storyline-dist` assembles a batch digest from: outlines for
/// the story stage, story vectors weighed by document frequencies counted in
/// two halves and summed, fingerprints and extracts added once the stories
/// are found. Together they give the single digest's report, byte for byte.
#[test]
fn a_digest_from_outlines_and_halved_document_frequencies_is_the_same_digest() {
    use std::collections::HashMap;
    use storyline::copies::CopyLinks;
    use storyline::pipeline::{analyse, digest_found, find_outlined, resolve_language, story_tf};
    use storyline::report::{render, Format};
    use storyline::stories::{average_link_weighted, similarity_graph, weigh, DocFreq};
    use storyline::text::Normalizer;

    let (articles, _) = storyline::synth::corpus(600, 11);
    let whole = digest(articles.clone(), &Config::default());
    assert!(whole.copy_groups.len() > 20, "{}", whole.copy_groups.len());
    assert!(whole.stories.iter().any(|s| s.articles.len() > 5));
    let mut cfg = Config::default();
    let language = resolve_language(&articles, &cfg);
    cfg.language = Some(language);
    // The verified links, as the distributed copy check finds them: here
    // each copy group as a star around its first sentence.
    let links = CopyLinks {
        pairs: whole
            .copy_groups
            .iter()
            .flat_map(|g| g.members[1..].iter().map(|&s| (g.first() as u32, s as u32)))
            .collect(),
    };
    let analyses: Vec<_> = articles
        .iter()
        .map(|a| analyse(a, language, &cfg))
        .collect();
    let normalizer = Normalizer::new(language);
    let tfs: Vec<_> = articles
        .iter()
        .zip(&analyses)
        .map(|(a, an)| story_tf(a, &an.fingerprints, &normalizer, &cfg.stories))
        .collect();
    let mut halves = [DocFreq::default(), DocFreq::default()];
    for (a, tf) in tfs.iter().enumerate() {
        halves[a % 2].add_distinct(tf.iter().map(|&(id, _)| id));
    }
    let mut summed: HashMap<u64, u32> = HashMap::new();
    for (id, n) in halves.iter().flat_map(|h| h.counts()) {
        *summed.entry(id).or_default() += n;
    }
    let df = DocFreq::from_counts(summed, articles.len() as u32);
    let vectors = tfs.iter().map(|tf| weigh(tf, &df, &cfg.stories)).collect();
    let (mut outlines, mut fingerprints, mut extracts) = (Vec::new(), Vec::new(), Vec::new());
    for an in analyses {
        let (outline, fps, extract) = an.into_parts();
        outlines.push(outline);
        fingerprints.extend(fps);
        extracts.push(extract.unwrap_or_default());
    }
    let mut found = find_outlined(
        &articles,
        outlines,
        vectors,
        &cfg,
        &links,
        // Average link over the whole graph, where the digest clusters each
        // strong component alone: the clusters must be the same.
        &mut |inputs, rank, weights, scfg| {
            let edges = similarity_graph(&inputs, rank, scfg);
            average_link_weighted(weights, edges, scfg.threshold)
        },
    );
    found.set_fingerprints(fingerprints);
    found.set_extracts(extracts);
    let parts = digest_found(articles, found, &cfg);
    assert_eq!(
        render(&parts, Format::Json).expect("json"),
        render(&whole, Format::Json).expect("json")
    );
}

/// Stories summarised apart, as `storyline-dist` does on several workers:
/// each half of the stories from the parts of its own articles only. Every
/// story, its summary, citations, quotes and timeline with the digest's
/// indices, equals the whole digest's.
#[test]
fn stories_summarised_from_their_articles_parts_equal_the_digests() {
    use storyline::pipeline::{analyse, resolve_language};
    use storyline::story_parts::{summarize_parts, ArticlePart, Member, StoryTask};

    let mut articles = storyline::synth::corpus(500, 17).0;
    articles.extend(dated_fixtures().unwrap_or_default());
    let whole = digest(articles.clone(), &Config::default());
    assert!(whole.stories.iter().any(|s| s.extract.quotes.len() > 2));
    assert!(whole.stories.iter().any(|s| !s.extract.timeline.is_empty()));
    assert!(whole
        .stories
        .iter()
        .any(|s| s.summary.iter().any(|x| x.cites.len() > 2)));
    let mut cfg = Config::default();
    let language = resolve_language(&articles, &cfg);
    cfg.language = Some(language);
    let mut group_of = vec![None; whole.sentences.len()];
    for (g, group) in whole.copy_groups.iter().enumerate() {
        for &s in &group.members {
            group_of[s] = Some(g as u32);
        }
    }
    let tasks: Vec<StoryTask> = whole
        .stories
        .iter()
        .enumerate()
        .map(|(index, s)| StoryTask {
            index,
            members: s
                .articles
                .iter()
                .map(|&a| {
                    let range = whole.article_sentences[a].clone();
                    Member {
                        article: a,
                        rank: whole.rank[a],
                        groups: range
                            .clone()
                            .filter_map(|s| group_of[s].map(|g| ((s - range.start) as u32, g)))
                            .collect(),
                    }
                })
                .collect(),
        })
        .collect();
    let part = |a: usize| {
        let an = analyse(&articles[a], language, &cfg);
        ArticlePart {
            article: a,
            text: articles[a].text.clone(),
            first_sentence: whole.article_sentences[a].start,
            sentences: an.sentences,
            fingerprints: an.fingerprints,
            extract: an.extract.unwrap_or_default(),
        }
    };
    let mut apart = Vec::new();
    for half in [0, 1] {
        let mine: Vec<StoryTask> = tasks
            .iter()
            .filter(|t| t.index % 2 == half)
            .cloned()
            .collect();
        let parts = mine
            .iter()
            .flat_map(|t| t.members.iter().map(|m| part(m.article)))
            .collect();
        apart.extend(summarize_parts(&mine, parts, &cfg));
    }
    apart.sort_by_key(|(index, _)| *index);
    let apart: Vec<_> = apart.into_iter().map(|(_, s)| s).collect();
    assert_eq!(apart.len(), whole.stories.len());
    for (a, w) in apart.iter().zip(&whole.stories) {
        assert_eq!(a, w);
    }
}
