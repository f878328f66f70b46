//! Helpers shared by the CLI integration tests.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

// The repository root and the shared-data lookup, as the library's tests have them.
#[path = "../../../storyline/tests/common/mod.rs"]
mod library;
#[allow(unused_imports)] // each test binary uses some of them
pub use library::{repo, shared};

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
