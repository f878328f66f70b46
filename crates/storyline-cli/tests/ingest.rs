//! `storyline ingest` as a process: killed mid-batch, it leaves whole batches
//! only, and running it again completes the corpus with the same stories as
//! an uninterrupted ingest.

mod common;

use std::collections::BTreeSet;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{storyline, text, tmp};
use storyline_store::Store;

/// A generated corpus as JSONL; returns the ids in publication order.
fn write_corpus(path: &std::path::Path, n: usize) -> Vec<String> {
    let (articles, _) = storyline::synth::corpus(n, 3);
    let mut out = String::new();
    for a in &articles {
        out.push_str(&storyline::synth::jsonl_line(a));
        out.push('\n');
    }
    std::fs::write(path, out).expect("write corpus");
    let rank = storyline::copies::publication_order(&articles);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| rank[i]);
    order.into_iter().map(|i| articles[i].id.clone()).collect()
}

fn partition(db: &std::path::Path) -> BTreeSet<BTreeSet<String>> {
    Store::open_read_only(db)
        .expect("open")
        .story_members()
        .expect("members")
        .into_iter()
        .map(|(_, ids)| ids.into_iter().collect())
        .collect()
}

fn stored_ids(db: &std::path::Path) -> Option<usize> {
    Store::open_read_only(db)
        .ok()?
        .health()
        .ok()
        .map(|h| h.articles)
}

#[test]
fn a_killed_ingest_keeps_whole_batches_and_a_rerun_completes_it() {
    const N: usize = 600;
    const BATCH: usize = 40;
    let corpus = tmp("kill-corpus.jsonl");
    let order = write_corpus(&corpus, N);
    let db = tmp("kill.db");
    let args = |db: &std::path::Path| {
        vec![
            "ingest".to_string(),
            corpus.display().to_string(),
            "--db".into(),
            db.display().to_string(),
            "--batch".into(),
            BATCH.to_string(),
            "-q".into(),
        ]
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(args(&db))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn ingest");
    // Kill it (SIGKILL) once a few batches are in.
    let start = Instant::now();
    loop {
        if stored_ids(&db).is_some_and(|n| n >= 3 * BATCH) {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "ingest made no progress"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reap");

    let store = Store::open_read_only(&db).expect("opens after the kill");
    assert_eq!(
        store.check().expect("integrity check"),
        Vec::<String>::new()
    );
    let stored = store.health().expect("health").articles;
    assert!(stored < N, "killed too late to test anything ({stored})");
    assert_eq!(stored % BATCH, 0, "a batch was cut: {stored} articles");
    let members: BTreeSet<String> = store
        .story_members()
        .expect("members")
        .into_iter()
        .flat_map(|(_, ids)| ids)
        .collect();
    let first: BTreeSet<String> = order[..stored].iter().cloned().collect();
    assert_eq!(
        members, first,
        "exactly the first whole batches, all in stories"
    );
    drop(store);

    // Running it again completes the corpus.
    let out = storyline(&args(&db).iter().map(String::as_str).collect::<Vec<_>>());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(&format!("({stored} already stored)")),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(stored_ids(&db), Some(N));

    // Same stories as an ingest that was never interrupted.
    let clean = tmp("clean.db");
    let out = storyline(&args(&clean).iter().map(String::as_str).collect::<Vec<_>>());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(partition(&db), partition(&clean));
}

#[test]
fn ingest_reports_bad_lines_and_stores_the_rest() {
    let corpus = tmp("mixed.jsonl");
    std::fs::write(
        &corpus,
        concat!(
            r#"{"id": "a", "title": "Ferries collide", "text": "Two ferries collided in fog off Port Avalen on Friday, injuring eleven people, the coastguard said.", "published": "2025-03-07"}"#,
            "\n{not json\n",
            r#"{"id": "b", "title": "Fog crash", "text": "Two ferries collided in fog off Port Avalen on Friday, injuring eleven people, the coastguard stated.", "published": "2025-03-07T18:00:00Z"}"#,
            "\n"
        ),
    )
    .expect("write");
    let db = tmp("mixed.db");
    let out = storyline(&[
        "ingest",
        &corpus.display().to_string(),
        "--db",
        &db.display().to_string(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("mixed.jsonl:2"), "{err}");
    let store = Store::open_read_only(&db).expect("open");
    assert_eq!(store.health().expect("health").articles, 2);
    assert_eq!(partition(&db).len(), 1, "one story for the two reports");
}

#[test]
fn an_id_clash_loses_no_article_silently() {
    // Within one run: the second `x` must not be renamed onto the real `x#2`.
    let first = tmp("clash-1.jsonl");
    std::fs::write(
        &first,
        concat!(
            r#"{"id":"x","text":"Alpha ferry service resumes across the bay."}"#,
            "\n",
            r#"{"id":"x","text":"Beta drug trial shows promise in older patients."}"#,
            "\n",
            r#"{"id":"x#2","text":"Gamma tram vote passes the city council."}"#,
            "\n"
        ),
    )
    .expect("write");
    let db = tmp("clash.db");
    let db_arg = db.display().to_string();
    let out = storyline(&["ingest", &first.display().to_string(), "--db", &db_arg]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("clash-1.jsonl:2"),
        "{}",
        text(&out.stderr)
    );
    let store = Store::open_read_only(&db).expect("open");
    assert_eq!(store.health().expect("health").articles, 3);
    drop(store);
    // In a later run: the same id with another text is named, not dropped
    // as "already stored" without a word.
    let second = tmp("clash-2.jsonl");
    std::fs::write(
        &second,
        concat!(
            r#"{"id":"x","text":"Delta bridge closes for repairs until spring."}"#,
            "\n"
        ),
    )
    .expect("write");
    let out = storyline(&["ingest", &second.display().to_string(), "--db", &db_arg]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("clash-2.jsonl:1") && err.contains("different text"),
        "{err}"
    );
    assert!(
        text(&out.stdout).contains("1 under an id taken by another text"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn ingest_orders_input_by_publication_and_removes_its_spill_file() {
    // The later-published half of a corpus comes first, in its own file: the
    // articles go through a spill file and are stored in publication order,
    // so the stories equal those of the corpus given in order, and nothing
    // but the database is left beside it.
    let (articles, _) = storyline::synth::corpus(400, 3);
    let rank = storyline::copies::publication_order(&articles);
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by_key(|&i| rank[i]);
    let lines = |ids: &[usize]| -> String {
        ids.iter()
            .map(|&i| storyline::synth::jsonl_line(&articles[i]) + "\n")
            .collect()
    };
    let dir = tmp("spill");
    std::fs::create_dir_all(&dir).expect("dir");
    let (early, late) = order.split_at(order.len() / 2);
    std::fs::write(dir.join("late.jsonl"), lines(late)).expect("write");
    std::fs::write(dir.join("early.jsonl"), lines(early)).expect("write");
    let in_order = tmp("in-order.jsonl");
    std::fs::write(&in_order, lines(&order)).expect("write");
    let db = dir.join("stories.db");
    let out = storyline(&[
        "ingest",
        &dir.join("late.jsonl").display().to_string(),
        &dir.join("early.jsonl").display().to_string(),
        "--db",
        &db.display().to_string(),
        "--batch",
        "50",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let reference = tmp("in-order.db");
    let out = storyline(&[
        "ingest",
        &in_order.display().to_string(),
        "--db",
        &reference.display().to_string(),
        "--batch",
        "50",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(stored_ids(&db), Some(400));
    assert_eq!(partition(&db), partition(&reference));
    let mut left: Vec<String> = std::fs::read_dir(&dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".jsonl"))
        .collect();
    left.sort();
    assert!(
        left.iter().all(|n| n.starts_with("stories.db")),
        "left beside the database: {left:?}"
    );
}
