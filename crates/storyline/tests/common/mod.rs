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
