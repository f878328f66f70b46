//! Stored stories as the server reads them: typed (`StoredStory`), served
//! by the API as the very bytes the store wrote (with the copy groups'
//! sentences cut from the stored articles), an old story (stored before
//! stories had a language, copy sentences included) as it was, and a damaged one as a clear 500 with
//! a message, never a panic.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use common::{build_db, scratch, Server};
use serde_json::Value;

/// Every stored story: (id, detail).
fn details(db: &std::path::Path) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut st = conn
        .prepare("SELECT id, detail FROM stories ORDER BY id")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn set_detail(db: &std::path::Path, id: &str, detail: &str) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let n = conn
        .execute("UPDATE stories SET detail = ?2 WHERE id = ?1", [id, detail])
        .unwrap();
    assert_eq!(n, 1, "{id}");
}

/// A served story as the store keeps it: copy groups without their sentences.
fn without_copy_texts(served: &str) -> String {
    let mut v: Value = serde_json::from_str(served).unwrap();
    for g in v["copy_groups"].as_array_mut().unwrap() {
        assert!(g["first"]["text"].is_string(), "served with its sentence");
        g["first"].as_object_mut().unwrap().remove("text");
        for c in g["copies"].as_array_mut().unwrap() {
            assert!(c["text"].is_string(), "served with its sentence");
            c.as_object_mut().unwrap().remove("text");
        }
    }
    v.to_string()
}

#[test]
fn the_api_serves_the_stored_bytes_and_a_damaged_story_is_a_500() {
    let dir = scratch("stored");
    let db = dir.join("stories.db");
    build_db(&db, storyline::synth::corpus(40, 7).0);
    let stored = details(&db);
    assert!(stored.len() >= 3, "{} stories", stored.len());
    // An old story: stored before the store kept a language, and with the
    // sentences of its copy groups, as stories were stored before those
    // were cut from the articles on reading.
    let old_id = &stored[0].0;
    let reader = storyline_store::Store::open_read_only(&db).unwrap();
    let Some(storyline_store::StoryLookup::Found(mut v)) = reader.story(old_id).unwrap() else {
        panic!("{old_id} stored");
    };
    drop(reader);
    assert!(v.as_object_mut().unwrap().remove("language").is_some());
    let old_detail = v.to_string();
    set_detail(&db, old_id, &old_detail);
    // Two damaged ones: a field of the wrong type, and not JSON at all.
    let (typo_id, not_json_id) = (&stored[1].0, &stored[2].0);
    set_detail(&db, typo_id, &format!(r#"{{"id":"{typo_id}","title":5}}"#));
    set_detail(&db, not_json_id, "{not json");

    let server = Server::start(&db, 1 << 20);
    for (id, detail) in &stored[3..] {
        let r = server.get(&format!("/api/stories/{id}"));
        assert_eq!(r.status, 200, "{id}: {}", r.text());
        assert_eq!(
            without_copy_texts(&r.text()),
            *detail,
            "{id}: the bytes the store wrote, copy sentences cut from the articles"
        );
        assert_eq!(server.get(&format!("/stories/{id}")).status, 200, "{id}");
    }
    let r = server.get(&format!("/api/stories/{old_id}"));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.text(), old_detail, "an old story is served as it was");
    assert!(r.json().get("language").is_none());
    let page = server.get(&format!("/stories/{old_id}"));
    assert_eq!(page.status, 200);
    assert_eq!(
        server.get(&format!("/stories/{old_id}/feed.atom")).status,
        200
    );

    for id in [typo_id, not_json_id] {
        let r = server.get(&format!("/api/stories/{id}"));
        assert_eq!(r.status, 500, "{id}: {}", r.text());
        let message = r.json()["error"].as_str().unwrap().to_string();
        assert!(message.contains(&format!("story {id}")), "{message}");
        let page = server.get(&format!("/stories/{id}"));
        assert_eq!(page.status, 500, "{id}");
        assert!(
            page.text().contains(&format!("story {id}")),
            "{}",
            page.text()
        );
        let feed = server.get(&format!("/stories/{id}/feed.atom"));
        assert_eq!(feed.status, 500, "{id}");
    }
    assert!(
        server.get(&format!("/api/stories/{typo_id}")).json()["error"]
            .as_str()
            .unwrap()
            .contains("invalid type"),
        "serde says what is wrong"
    );
    // The server is still there.
    assert_eq!(server.get("/api/health").status, 200);
    assert_eq!(server.get("/").status, 200);
}
