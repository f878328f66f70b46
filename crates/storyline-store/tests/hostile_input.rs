//! Databases the store did not write, or that were edited by hand: each is
//! refused with a short error naming the file, never a panic, and never
//! changed by the attempt.

use std::path::PathBuf;

use storyline_store::{Store, StoreError};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "storyline-store-hostile-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join("stories.db")
}

fn corrupt_message(e: StoreError, db: &std::path::Path) -> String {
    let shown = e.to_string();
    assert!(
        matches!(e, StoreError::Corrupt { .. }),
        "not Corrupt: {shown}"
    );
    assert!(shown.contains(&db.display().to_string()), "{shown}");
    // No source: an error chain (`{:#}`) prints the message once.
    assert!(std::error::Error::source(&e).is_none(), "{shown}");
    shown
}

#[test]
fn a_negative_schema_version_is_a_clear_error_not_a_panic() {
    let db = scratch("negative");
    drop(Store::open(&db).expect("fresh store"));
    {
        let conn = rusqlite::Connection::open(&db).expect("sqlite");
        conn.pragma_update(None, "user_version", -1)
            .expect("pragma");
    }
    let Err(e) = Store::open(&db) else {
        panic!("a negative version opened")
    };
    let shown = corrupt_message(e, &db);
    assert!(
        shown.contains("-1") && shown.contains("negative"),
        "{shown}"
    );
    let Err(e) = Store::open_read_only(&db) else {
        panic!("a negative version opened read-only")
    };
    let shown = corrupt_message(e, &db);
    assert!(shown.contains("negative"), "{shown}");
    let _ = std::fs::remove_dir_all(db.parent().expect("dir"));
}

#[test]
fn a_foreign_sqlite_file_is_refused_briefly_and_left_untouched() {
    let db = scratch("foreign");
    {
        let conn = rusqlite::Connection::open(&db).expect("sqlite");
        conn.execute_batch(
            "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);
             CREATE TABLE articles (id INTEGER PRIMARY KEY, body TEXT);
             INSERT INTO users (name) VALUES ('ann');",
        )
        .expect("foreign schema");
    }
    let before = std::fs::read(&db).expect("read");
    let Err(e) = Store::open(&db) else {
        panic!("a foreign database opened")
    };
    let shown = corrupt_message(e, &db);
    assert!(
        shown.contains("not a storyline database")
            && shown.contains("\"users\"")
            && shown.contains("\"articles\""),
        "{shown}"
    );
    assert!(!shown.contains("CREATE"), "no schema SQL: {shown}");
    assert!(shown.len() < 300, "short: {shown}");
    let Err(e) = Store::open_read_only(&db) else {
        panic!("a foreign database opened read-only")
    };
    assert!(corrupt_message(e, &db).contains("not a storyline database"));
    // Not switched to WAL, not migrated: the same bytes, no side files.
    assert_eq!(std::fs::read(&db).expect("read"), before);
    assert!(!db.with_extension("db-wal").exists());
    let _ = std::fs::remove_dir_all(db.parent().expect("dir"));
}

#[test]
fn an_empty_file_still_becomes_a_new_store() {
    let db = scratch("empty");
    std::fs::write(&db, b"").expect("empty file");
    let store = Store::open(&db).expect("an empty file is a new database");
    assert!(store.health().expect("health").schema_version > 0);
    drop(store);
    let _ = std::fs::remove_dir_all(db.parent().expect("dir"));
}

#[test]
fn far_future_and_far_past_date_bounds_filter_as_dates() {
    use jiff::civil::date;
    use storyline_store::StoryQuery;
    let db = scratch("dates");
    let mut store = Store::open(&db).expect("store");
    let mut a = storyline::Article::new(
        "d1",
        "Harbour talks end without a deal",
        "The harbour talks in Marbeck ended without a deal on Tuesday, officials said.",
    );
    a.published = storyline::ingest::parse_published("2016-09-06");
    store.ingest(vec![a]).expect("ingest");
    let total = |from: Option<jiff::civil::Date>, to: Option<jiff::civil::Date>| {
        let q = StoryQuery {
            from,
            to,
            ..StoryQuery::default()
        };
        store.list_stories(&q).expect("list").total
    };
    assert_eq!(total(None, None), 1);
    // The last and first days jiff has: far future `from` finds nothing,
    // far future `to` everything, and the other way round.
    assert_eq!(total(Some(date(9999, 12, 31)), None), 0);
    assert_eq!(total(None, Some(date(9999, 12, 31))), 1);
    assert_eq!(total(Some(date(-9999, 1, 1)), None), 1);
    assert_eq!(total(None, Some(date(-9999, 1, 1))), 0);
    assert_eq!(total(Some(date(2016, 9, 6)), Some(date(2016, 9, 6))), 1);
    assert_eq!(total(Some(date(2016, 9, 7)), Some(date(9999, 12, 31))), 0);
    drop(store);
    let _ = std::fs::remove_dir_all(db.parent().expect("dir"));
}
