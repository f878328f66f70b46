//! `storyline summarize` and `storyline eval` as a user runs them, on the
//! MultiLing 2011 data in `../shared` (skipped with a message when absent;
//! required when `STORYLINE_REQUIRE_DATA=1`).

mod common;

use std::path::Path;

use common::{shared, storyline, storyline_json, tmp};

#[test]
fn summaries_keep_the_budget_cite_their_documents_and_never_see_references() {
    let Some(data) = shared("data/multiling2011/english.clusters.jsonl") else {
        return;
    };
    let out = storyline(&["summarize", data.to_str().expect("utf8"), "--words", "120"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 10);
    let clusters: Vec<serde_json::Value> = std::fs::read_to_string(&data)
        .expect("read")
        .lines()
        .map(|l| serde_json::from_str(l).expect("cluster"))
        .collect();
    for (line, cluster) in lines.iter().zip(&clusters) {
        assert_eq!(line["id"], cluster["id"]);
        let summary = line["summary"].as_str().expect("summary");
        let words = summary.split_whitespace().count();
        assert!((100..=120).contains(&words), "{words} words");
        let doc_ids: Vec<&str> = cluster["docs"]
            .as_array()
            .expect("docs")
            .iter()
            .map(|d| d["id"].as_str().expect("id"))
            .collect();
        for s in line["sentences"].as_array().expect("sentences") {
            let cites = s["cites"].as_array().expect("cites");
            assert!(!cites.is_empty());
            assert!(cites
                .iter()
                .all(|c| doc_ids.contains(&c.as_str().expect("id"))));
            let text = s["text"].as_str().expect("text");
            // Extractive: each sentence is found in a cited document.
            assert!(
                cluster["docs"]
                    .as_array()
                    .expect("docs")
                    .iter()
                    .any(|d| d["text"].as_str().expect("text").contains(text)),
                "{text}"
            );
        }
    }
    // The references are never visible: replacing them changes nothing.
    let blinded: String = clusters
        .iter()
        .map(|c| {
            let mut c = c.clone();
            c["summaries"] = serde_json::json!(["nothing to see here"]);
            c["summary_ids"] = serde_json::json!(["Z"]);
            serde_json::to_string(&c).expect("json") + "\n"
        })
        .collect();
    let path = tmp("blinded.jsonl");
    std::fs::write(&path, blinded).expect("write");
    let again = storyline(&["summarize", path.to_str().expect("utf8"), "--words", "120"]);
    assert_eq!(again.stdout, out.stdout);
}

#[test]
fn multiling_english_rouge2_beats_the_published_systems() {
    let Some(data) = shared("data/multiling2011/english.clusters.jsonl") else {
        return;
    };
    // The organisers' settings: no stemming, no length cut, references pooled; our summaries at 250 words.
    let v = storyline_json(&[
        "eval",
        "summaries",
        data.to_str().expect("utf8"),
        "--words",
        "0",
        "--no-stem",
        "--no-jackknife",
        "--format",
        "json",
    ]);
    let ours = &v["systems"][0];
    assert_eq!(ours["system"], "storyline");
    let r2 = ours["average"]["rouge2"]["recall"].as_f64().expect("r2");
    let r1 = ours["average"]["rouge1"]["recall"].as_f64().expect("r1");
    eprintln!("storyline MultiLing 2011 English: R-1 {r1:.4} R-2 {r2:.4}");
    // Best 2011 participant: JRC 0.1733, CLASSY 0.1705 (published.json); target 0.180.
    assert!(r2 >= 0.180, "R-2 recall {r2}");
    assert!(r1 >= 0.465, "R-1 recall {r1} (CLASSY 0.4648)");
}

#[test]
fn system_files_are_scored_and_bad_rows_named() {
    let Some(data) = shared("data/multiling2011/english.clusters.jsonl") else {
        return;
    };
    let path = tmp("system.jsonl");
    std::fs::write(
        &path,
        concat!(
            "{\"id\":\"M000\",\"summary\":\"The death toll from the earthquake and tsunamis continues to rise.\"}\n",
            "{\"id\":\"M999\",\"summary\":\"no such cluster\"}\n",
            "{\"id\":\"M001\"}\n",
            "not json\n",
        ),
    )
    .expect("write");
    let out = storyline(&[
        "eval",
        "summaries",
        data.to_str().expect("utf8"),
        "--system",
        path.to_str().expect("utf8"),
    ]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("system.jsonl:2: warning: unknown cluster id \"M999\""),
        "{err}"
    );
    assert!(
        err.contains("system.jsonl:3: missing field `summary`"),
        "{err}"
    );
    assert!(err.contains("system.jsonl:4:"), "{err}");
    assert!(err.contains("no summary for cluster \"M001\""), "{err}");
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.lines().any(|l| l.starts_with("system ")), "{table}");
    assert!(
        !table.contains("storyline "),
        "only the given system is scored: {table}"
    );
}

#[test]
fn missing_or_reference_free_input_is_an_error() {
    let out = storyline(&["eval", "summaries", "does/not/exist.jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does/not/exist.jsonl"));
    let path = tmp("norefs.jsonl");
    std::fs::write(&path, "{\"id\":\"c1\",\"docs\":[{\"id\":\"d1\",\"text\":\"Two ferries collided in fog off Port Avalen on Friday.\"}]}\n{\"id\":\"c2\",\"docs\":[]}\n").expect("write");
    let out = storyline(&["eval", "summaries", path.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("norefs.jsonl:1: warning: cluster \"c1\" has no reference summaries"),
        "{err}"
    );
    // summarize still works on it; the empty cluster is named and gets an empty summary.
    let out = storyline(&["summarize", path.to_str().expect("utf8")]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("norefs.jsonl:2: warning: cluster \"c2\" has no document text"));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
}

fn story_scores(path: &Path, label: &str) -> Vec<(String, f64, f64)> {
    let v = storyline_json(&[
        "eval",
        "stories",
        path.to_str().expect("utf8"),
        "--label",
        label,
        "--format",
        "json",
    ]);
    v["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            let f1 = r["bcubed"]["f1"].as_f64().expect("f1");
            let ari = r["adjusted_rand_index"].as_f64().expect("ari");
            eprintln!(
                "{label} {}: BCubed F1 {f1:.4}, ARI {ari:.4}, {} stories",
                r["mode"], r["stories"]
            );
            (r["mode"].as_str().expect("mode").to_string(), f1, ari)
        })
        .collect()
}

#[test]
fn ecbplus_stories_meet_the_targets_in_batch_and_stream() {
    let Some(data) = shared("data/ecbplus-dev/articles.jsonl") else {
        return;
    };
    let events = story_scores(&data, "event");
    let topics = story_scores(&data, "topic");
    for (scores, target) in [(&events, 0.90), (&topics, 0.97)] {
        assert_eq!(scores[0].0, "batch");
        assert_eq!(scores[1].0, "stream");
        assert!(
            scores[1].1 >= target,
            "stream BCubed F1 {} < {target}",
            scores[1].1
        );
        // The stream sees each article once, in order: it may do no worse
        // than 0.02 below batch (on topics it now does better: near-identical
        // copies stand with their first carrier).
        assert!(
            scores[1].1 >= scores[0].1 - 0.02,
            "batch {} vs stream {}",
            scores[0].1,
            scores[1].1
        );
    }
}

#[test]
fn multiling_clusters_are_recovered_as_topics() {
    let Some(data) = shared("data/multiling2011/english.clusters.jsonl") else {
        return;
    };
    let topics = story_scores(&data, "topic");
    assert!(topics.iter().all(|(_, f1, _)| *f1 >= 0.95), "{topics:?}");
}

#[test]
fn every_multiling_language_beats_the_baseline_and_most_beat_the_best_participant() {
    let Some(dir) = shared("data/multiling2011") else {
        return;
    };
    let participants = dir.join("participants.jsonl");
    let mut beats_best = 0;
    for lang in [
        "english", "arabic", "czech", "french", "greek", "hebrew", "hindi",
    ] {
        let clusters = dir.join(format!("{lang}.clusters.jsonl"));
        let v = storyline_json(&[
            "eval",
            "summaries",
            clusters.to_str().expect("utf8"),
            "--system",
            participants.to_str().expect("utf8"),
            "--lang",
            lang,
            "--with-storyline",
            "--words",
            "0",
            "--no-stem",
            "--no-jackknife",
            "--tokenizer",
            "unicode",
            "--format",
            "json",
        ]);
        let r2 = |name: &str| {
            v["systems"]
                .as_array()
                .expect("systems")
                .iter()
                .find(|s| s["system"] == name)
                .map(|s| s["average"]["rouge2"]["recall"].as_f64().expect("r2"))
        };
        let ours = r2("storyline").expect("storyline scored");
        let baseline = r2("ID9").expect("centroid baseline");
        // Best participant: ID1-ID8 (ID10 is the organisers' topline, built from the references).
        let best = (1..=8)
            .filter_map(|i| r2(&format!("ID{i}")))
            .fold(0.0, f64::max);
        eprintln!("{lang}: storyline R-2 {ours:.4}, centroid baseline {baseline:.4}, best participant {best:.4}");
        assert!(ours > baseline, "{lang}: {ours} <= baseline {baseline}");
        beats_best += usize::from(ours > best);
    }
    assert!(
        beats_best >= 5,
        "beats the best participant in {beats_best} of 7 languages"
    );
}

#[test]
fn polnear_quotes_are_scored_for_direct_quotes_and_all_attributions() {
    let Some(data) = shared("data/polnear-dev/articles.jsonl") else {
        return;
    };
    let v = storyline_json(&[
        "eval",
        "quotes",
        data.to_str().expect("utf8"),
        "--format",
        "json",
    ]);
    assert_eq!(v["articles"], 84);
    let f1 = |k: &str| v[k]["f1"].as_f64().expect("f1");
    eprintln!(
        "PolNeAR dev: direct quotes F1 {:.4}, all attributions F1 {:.4}",
        f1("direct"),
        f1("all")
    );
    // The issue's targets, measured at 0.9031 and 0.7510. Dev is no longer
    // fully held out: its errors were read while the rules were written.
    assert!(f1("direct") >= 0.90, "{v}");
    assert!(f1("all") >= 0.75, "{v}");
    assert!(v["direct"]["gold"].as_u64().expect("gold") > 400);
}

#[test]
fn the_learned_tagger_is_scored_beside_the_rules_on_polnear_dev() {
    let Some(data) = shared("data/polnear-dev/articles.jsonl") else {
        return;
    };
    let v = storyline_json(&[
        "eval",
        "quotes",
        data.to_str().expect("utf8"),
        "--tagger",
        "--format",
        "json",
    ]);
    let f1 = |system: &str, k: &str| v[system][k]["f1"].as_f64().expect("f1");
    eprintln!(
        "PolNeAR dev: tagger direct {:.4} all {:.4}; rules + tagger direct {:.4} all {:.4}",
        f1("tagger", "direct"),
        f1("tagger", "all"),
        f1("rules_tagger", "direct"),
        f1("rules_tagger", "all")
    );
    // Measured 0.7417 / 0.6448 alone and 0.9038 / 0.7553 with the rules; the
    // floors leave 0.03 for a retrained model (the tagger never saw dev).
    assert!(f1("tagger", "direct") >= 0.71, "{v}");
    assert!(f1("tagger", "all") >= 0.61, "{v}");
    assert!(f1("rules_tagger", "direct") >= 0.87, "{v}");
    assert!(f1("rules_tagger", "all") >= 0.72, "{v}");
    // The rules' own figures are unchanged by the flag.
    assert!(v["direct"]["f1"].as_f64().expect("f1") >= 0.90, "{v}");
}

/// A page of the two page benchmarks' layouts, written by the test.
fn news_page(headline: &str, date_meta: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>")).collect();
    format!(
        "<html><head><title>{headline} | Test Post</title>{date_meta}</head><body>\
         <nav><a href=\"/\">Home</a><a href=\"/world\">World</a></nav>\
         <article><h1>{headline}</h1>{body}<figure><img src=\"a.jpg\"><figcaption>The harbour on Monday.</figcaption></figure></article>\
         <footer>Copyright Test Post</footer></body></html>"
    )
}

const HARBOUR: &[&str] = &[
    "The harbour board approved its budget on Monday after a long meeting in which the dredging plan was debated at length by members.",
    "The budget sets aside money for new moorings and for repairs to the old pier, the board said in a statement after the vote.",
    "Fishermen, who had asked for the repairs for years, said they were pleased but would wait to see the work begin before celebrating.",
];

#[test]
fn page_benchmarks_are_scored_from_a_path() {
    // An article-extraction-benchmark checkout in miniature: two pages, their
    // gold bodies, and another system's output in the benchmark's layout.
    let dir = tmp("pages-bench");
    std::fs::create_dir_all(dir.join("html")).expect("dir");
    let mut gold = serde_json::Map::new();
    for (id, lead) in [("p1", "One"), ("p2", "Two")] {
        let html = news_page(&format!("{lead} harbour budget passes"), "", HARBOUR);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, html.as_bytes()).expect("gzip");
        std::fs::write(
            dir.join(format!("html/{id}.html.gz")),
            gz.finish().expect("gzip"),
        )
        .expect("write page");
        gold.insert(
            id.into(),
            serde_json::json!({"articleBody": HARBOUR.join("\n"), "url": ""}),
        );
    }
    std::fs::write(
        dir.join("ground-truth.json"),
        serde_json::Value::Object(gold).to_string(),
    )
    .expect("gold");
    let other = dir.join("other.json");
    std::fs::write(
        &other,
        serde_json::json!({"version": "1.0", "output": {
            "p1": {"articleBody": HARBOUR[0]},
            "p2": {"articleBody": null}}})
        .to_string(),
    )
    .expect("system");
    let v = storyline_json(&[
        "eval",
        "pages",
        dir.to_str().expect("utf8"),
        "--system",
        other.to_str().expect("utf8"),
        "--format",
        "json",
    ]);
    let systems = v["systems"].as_array().expect("systems");
    // storyline keeps the three paragraphs, not the menu, caption or footer.
    assert_eq!(systems[0]["f1"], 1.0, "{v:#}");
    assert_eq!(systems[0]["empty"], 0);
    // The other system: one page a third right, one empty.
    assert_eq!(systems[1]["system"], "other (1.0)");
    assert_eq!(systems[1]["empty"], 1);
    assert!(systems[1]["recall"].as_f64().expect("recall") < 0.3);
    assert_eq!(v["storyline"]["pages"], 2);
    assert_eq!(v["storyline"]["mojibake_marks"], 0);

    // An htmldate checkout in miniature: the day comes from the page's meta tag.
    let dates = tmp("dates-bench");
    std::fs::create_dir_all(dates.join("tests/eval")).expect("dir");
    let dated = news_page(
        "Harbour budget passes",
        r#"<meta property="article:published_time" content="2024-03-04T09:30:00+01:00">"#,
        HARBOUR,
    );
    std::fs::write(dates.join("tests/eval/a.html"), dated).expect("page");
    std::fs::write(
        dates.join("tests/eval/b.html"),
        news_page("Undated", "", HARBOUR),
    )
    .expect("page");
    std::fs::write(
        dates.join("tests/eval_default.json"),
        r#"{"https://a.example/1": {"file": "a.html", "date": "2024-03-04"},
            "https://b.example/2": {"file": "b.html", "date": "2024-03-05"}}"#,
    )
    .expect("gold");
    let v = storyline_json(&[
        "eval",
        "dates",
        dates.to_str().expect("utf8"),
        "--format",
        "json",
    ]);
    let s = &v["systems"][0];
    assert_eq!(
        (
            s["right"].as_u64(),
            s["wrong"].as_u64(),
            s["missing"].as_u64()
        ),
        (Some(1), Some(0), Some(1)),
        "{v:#}"
    );
    // A checkout without its gold file is an error that names it.
    let out = storyline(&["eval", "pages", dates.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ground-truth.json"));
}
