//! The database schema and its versioned migrations.
//!
//! `PRAGMA user_version` holds the number of migrations applied. Opening a
//! database applies the missing ones in order, each in its own transaction, so
//! a database written by an older storyline opens and upgrades; one written by
//! a newer storyline is refused rather than misread.

use rusqlite::Connection;

/// Migrations, in order; the schema version is the number applied.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: articles, the incremental state, stories and redirects.
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
     CREATE TABLE articles (
         seq INTEGER PRIMARY KEY,
         id TEXT NOT NULL UNIQUE,
         content_hash INTEGER NOT NULL,
         title TEXT NOT NULL,
         source TEXT,
         url TEXT,
         published TEXT,
         published_ts INTEGER,
         date_only INTEGER NOT NULL DEFAULT 0,
         file TEXT NOT NULL,
         line INTEGER,
         text TEXT NOT NULL,
         story TEXT,
         live INTEGER NOT NULL DEFAULT 1,
         state BLOB NOT NULL
     );
     CREATE INDEX articles_hash ON articles(content_hash);
     CREATE INDEX articles_story ON articles(story);
     CREATE INDEX articles_live ON articles(live) WHERE live = 1;
     CREATE TABLE doc_freq (term INTEGER PRIMARY KEY, n INTEGER NOT NULL);
     CREATE TABLE stories (
         id TEXT PRIMARY KEY,
         title TEXT NOT NULL,
         lede TEXT NOT NULL,
         articles INTEGER NOT NULL,
         outlets INTEGER NOT NULL,
         sources TEXT NOT NULL,
         entities TEXT NOT NULL,
         first_published TEXT,
         last_published TEXT,
         first_ts INTEGER,
         last_ts INTEGER,
         detail TEXT NOT NULL
     ) WITHOUT ROWID;
     CREATE INDEX stories_covered ON stories(outlets DESC, articles DESC, last_ts DESC);
     CREATE INDEX stories_recent ON stories(last_ts DESC);
     CREATE TABLE story_sources (
         story TEXT NOT NULL, source TEXT NOT NULL COLLATE NOCASE,
         PRIMARY KEY (story, source)) WITHOUT ROWID;
     CREATE INDEX story_sources_source ON story_sources(source);
     CREATE TABLE story_entities (
         story TEXT NOT NULL, name TEXT NOT NULL COLLATE NOCASE,
         PRIMARY KEY (story, name)) WITHOUT ROWID;
     CREATE INDEX story_entities_name ON story_entities(name);
     CREATE TABLE redirects (old TEXT PRIMARY KEY, new TEXT NOT NULL) WITHOUT ROWID;
     CREATE INDEX redirects_new ON redirects(new);",
    // 2: full-text search over stories (rowid: the number of the story id,
    // "s12" → 12) and articles (rowid: seq). Added after 1: a version-1
    // database gets its indexes built from the rows it already has.
    "CREATE VIRTUAL TABLE stories_fts USING fts5(
         title, summary, entities, tokenize = 'porter unicode61');
     INSERT INTO stories_fts (rowid, title, summary, entities)
         SELECT CAST(substr(id, 2) AS INTEGER), title,
                (SELECT group_concat(json_extract(value, '$.text'), ' ')
                   FROM json_each(json_extract(detail, '$.summary'))),
                (SELECT group_concat(value, ' ') FROM json_each(entities))
           FROM stories;
     CREATE VIRTUAL TABLE articles_fts USING fts5(
         title, text, content = 'articles', content_rowid = 'seq',
         tokenize = 'porter unicode61');
     INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');",
    // 3: what an article carries beyond its core fields (language, the zone
    // of its time, provenance, lines marked as furniture), as JSON; NULL for
    // rows written before.
    "ALTER TABLE articles ADD COLUMN meta TEXT;",
    // 4: what `storyline follow` knows: the feeds it polls (validators,
    // schedule, last outcome) and every item it has seen, by GUID and by
    // URL, with what became of it. Times are Unix seconds.
    "CREATE TABLE feeds (
         url TEXT PRIMARY KEY,
         title TEXT,
         added_ts INTEGER NOT NULL,
         etag TEXT,
         last_modified TEXT,
         polls INTEGER NOT NULL DEFAULT 0,
         not_modified INTEGER NOT NULL DEFAULT 0,
         last_poll_ts INTEGER,
         last_success_ts INTEGER,
         last_status INTEGER,
         last_error TEXT,
         last_error_ts INTEGER,
         failures INTEGER NOT NULL DEFAULT 0,
         errors INTEGER NOT NULL DEFAULT 0,
         interval_s INTEGER NOT NULL,
         next_poll_ts INTEGER NOT NULL
     ) WITHOUT ROWID;
     CREATE TABLE feed_items (
         key TEXT PRIMARY KEY,
         feed TEXT NOT NULL,
         url TEXT,
         article TEXT,
         state TEXT NOT NULL,
         attempts INTEGER NOT NULL DEFAULT 1,
         error TEXT,
         seen_ts INTEGER NOT NULL
     ) WITHOUT ROWID;
     CREATE INDEX feed_items_feed ON feed_items(feed, state);",
    // 5: one story state per language (see `lanes`): each article's
    // language (NULL before: the database's first language, which keeps
    // `doc_freq`), and the document frequencies of the other languages.
    "ALTER TABLE articles ADD COLUMN lang TEXT;
     CREATE TABLE lang_doc_freq (
         lang TEXT NOT NULL,
         term INTEGER NOT NULL,
         n INTEGER NOT NULL,
         PRIMARY KEY (lang, term)
     ) WITHOUT ROWID;",
];

/// The `meta` column of `articles` as a select expression: the column from
/// schema 3 on, NULL before (a database opened at an older version, as the
/// upgrade tests do).
pub(crate) fn meta_column(conn: &Connection) -> rusqlite::Result<&'static str> {
    Ok(if version(conn)? >= 3 {
        "meta"
    } else {
        "NULL AS meta"
    })
}

/// Schema version this build writes.
pub(crate) const VERSION: i64 = MIGRATIONS.len() as i64;

/// The database's schema version.
pub(crate) fn version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Why a database at schema version `found` is not one of ours, if it is
/// not: a negative version (no storyline writes one; a hand edit), or
/// version 0 with tables already in it (another program's SQLite file,
/// which the first migration would fail on, or worse, write into). Checked
/// before [`migrate`], which relies on it.
pub(crate) fn not_ours(conn: &Connection, found: i64) -> rusqlite::Result<Option<String>> {
    if found < 0 {
        return Ok(Some(format!(
            "schema version {found} is negative: not a storyline database, or one edited by hand"
        )));
    }
    if found > 0 {
        return Ok(None);
    }
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
         ORDER BY name",
    )?;
    let tables = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if tables.is_empty() {
        return Ok(None);
    }
    const SHOWN: usize = 5;
    let mut names: Vec<String> = tables
        .iter()
        .take(SHOWN)
        .map(|t| format!("{t:?}"))
        .collect();
    if tables.len() > SHOWN {
        names.push(format!("{} more", tables.len() - SHOWN));
    }
    Ok(Some(format!(
        "not a storyline database: it has schema version 0 and tables {}",
        names.join(", ")
    )))
}

/// Apply migrations up to `target` (at most [`VERSION`]); returns the version
/// found before. The caller has refused what [`not_ours`] names.
pub(crate) fn migrate(conn: &mut Connection, target: i64) -> rusqlite::Result<i64> {
    let found = version(conn)?;
    for v in found.max(0)..target.min(VERSION) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the lock.
        if version(&tx)? > v {
            continue;
        }
        // 0 <= v < VERSION = MIGRATIONS.len().
        let Some(sql) = usize::try_from(v).ok().and_then(|i| MIGRATIONS.get(i)) else {
            break;
        };
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", v + 1)?;
        tx.commit()?;
    }
    Ok(found)
}
