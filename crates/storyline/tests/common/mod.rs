//! Helpers shared by the library's integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A path under `../shared`, or `None` (with a message) when it is absent. With
/// `STORYLINE_REQUIRE_DATA=1` (as `.ci/run` sets) absence is a failure.
pub fn shared(sub: &str) -> Option<PathBuf> {
    let p = repo().join("../shared").join(sub);
    if p.exists() {
        return Some(p);
    }
    let msg = format!(
        "shared data absent: {} not found; test skipped",
        p.display()
    );
    assert!(
        std::env::var("STORYLINE_REQUIRE_DATA").as_deref() != Ok("1"),
        "{msg}"
    );
    eprintln!("{msg}");
    None
}

/// The syria-talks fixtures as storyline reads them, with the publication dates
/// the issue gives (000: 2017-11-12, 001: 2017-05-03, 002 and 003: 2016-09-05,
/// 004: 2016-09-07). `None` (with a message) when the fixtures are absent.
pub fn dated_fixtures() -> Option<Vec<storyline::Article>> {
    const DATES: [(&str, &str); 5] = [
        ("000", "2017-11-12"),
        ("001", "2017-05-03"),
        ("002", "2016-09-05"),
        ("003", "2016-09-05"),
        ("004", "2016-09-07"),
    ];
    let dir = shared("fixtures/syria-talks")?;
    let (files, diags) = storyline::ingest::discover(&[dir]);
    assert!(diags.is_empty(), "{diags:?}");
    let mut out = Vec::new();
    for f in &files {
        let (articles, diags) = storyline::ingest::read_file(f);
        assert!(diags.is_empty(), "{diags:?}");
        for mut a in articles {
            let day = DATES
                .iter()
                .find(|(p, _)| a.id.starts_with(p))
                .map(|(_, d)| *d);
            a.published = day.and_then(storyline::ingest::parse_published);
            out.push(a);
        }
    }
    Some(out)
}
