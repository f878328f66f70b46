//! Helpers shared by the CLI integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (tests run the binary from there).
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

/// Run the `storyline` binary from the repository root.
pub fn storyline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("run storyline")
}

/// Run `storyline` with `args`, expect success, and parse its standard output as JSON.
pub fn storyline_json(args: &[&str]) -> serde_json::Value {
    let out = storyline(args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

/// Bytes as (lossy) text.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A fresh path in this test process's temporary folder.
pub fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("storyline-cli-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    dir.join(name)
}
