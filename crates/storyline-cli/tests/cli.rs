//! The `storyline` binary as a user runs it: exit codes, messages naming file
//! and line, output formats.

mod common;

use std::process::Command;

use common::{repo, storyline, storyline_json, text};

#[test]
fn digest_example_corpus_as_markdown() {
    let out = storyline(&["digest", "examples/corpus"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let md = text(&out.stdout);
    assert_eq!(
        md.matches("\n## ").count(),
        5,
        "4 stories + removed boilerplate:\n{md}"
    );
    assert!(md.contains("first published by **Meridian Wire**"));
    assert!(md.contains("“United Kingdom” → “UK”"));
    // Piped: no progress bar, no problems reported.
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
}

#[test]
fn json_report_follows_the_schema() {
    let v = storyline_json(&[
        "digest",
        "examples/corpus.jsonl",
        "--format",
        "json",
        "--words",
        "60",
    ]);
    assert_eq!(v["schema"], "storyline.digest/1");
    assert_eq!(v["stats"]["articles"], 16);
    let stories = v["stories"].as_array().expect("stories");
    assert_eq!(stories.len(), 4);
    for s in stories {
        assert!(s["summary_words"].as_u64().expect("words") <= 60);
        for sent in s["summary"].as_array().expect("summary") {
            assert!(!sent["cites"].as_array().expect("cites").is_empty());
            // Offsets point at the sentence in the article text.
            let art = v["articles"]
                .as_array()
                .expect("articles")
                .iter()
                .find(|a| a["id"] == sent["article"])
                .expect("cited article");
            let body = art["text"].as_str().expect("text");
            let (start, end) = (
                sent["start"].as_u64().expect("start") as usize,
                sent["end"].as_u64().expect("end") as usize,
            );
            assert_eq!(&body[start..end], sent["text"].as_str().expect("sentence"));
        }
    }
    let removed: Vec<&str> = v["articles"]
        .as_array()
        .expect("articles")
        .iter()
        .flat_map(|a| a["removed"].as_array().expect("removed").iter())
        .map(|r| r["reason"].as_str().expect("reason"))
        .collect();
    for reason in [
        "advertisement",
        "photo_credit",
        "repeated_line",
        "byline",
        "navigation",
        "site_chrome",
    ] {
        assert!(removed.contains(&reason), "{reason} missing in {removed:?}");
    }
}

#[test]
fn bad_input_is_reported_by_file_and_line_and_the_rest_is_read() {
    let out = storyline(&[
        "digest",
        "examples/bad-input",
        "does/not/exist.txt",
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "some input was readable: {}",
        text(&out.stderr)
    );
    let err = text(&out.stderr);
    assert!(
        err.contains("does/not/exist.txt: error: cannot read"),
        "{err}"
    );
    assert!(err.contains("empty.txt: error: empty file"), "{err}");
    assert!(
        err.contains("broken.jsonl:2: error: malformed JSON"),
        "{err}"
    );
    assert!(
        err.contains("broken.jsonl:3: error: missing field \"text\""),
        "{err}"
    );
    assert!(
        err.contains("latin1.txt:") && err.contains("invalid UTF-8"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        v["stats"]["articles"], 2,
        "the valid JSONL line and the Latin-1 file"
    );
    assert!(v["diagnostics"].as_array().expect("diagnostics").len() >= 5);
    let latin1 = v["articles"]
        .as_array()
        .expect("articles")
        .iter()
        .find(|a| {
            a["file"]
                .as_str()
                .is_some_and(|f| f.ends_with("latin1.txt"))
        })
        .expect("latin1");
    assert!(latin1["text"].as_str().expect("text").contains("café"));
}

#[test]
fn nothing_readable_exits_non_zero() {
    let out = storyline(&["digest", "does/not/exist", "examples/bad-input/empty.txt"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("no article could be read"), "{err}");
    assert!(err.contains("does/not/exist: error"), "{err}");
}

#[test]
fn binary_and_hostile_input() {
    let dir = std::env::temp_dir().join(format!("storyline-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    std::fs::write(
        dir.join("blob.txt"),
        b"\x7fELF\x02\x01\x01\x00\x00\x00binary",
    )
    .expect("write");
    std::fs::write(
        dir.join("x.jsonl"),
        r#"{"id":"x1","title":"<script>alert(1)</script> Ferry news","text":"Two ferries collided in fog off Port Avalen on Friday, <img src=x onerror=alert(2)> the coastguard said.\n<a href=\"javascript:alert(3)\">Click</a> for the full story of the ferry crash off Port Avalen.","source":"<b>Evil</b>"}"#,
    )
    .expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["digest", "--format", "html"])
        .arg(&dir)
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("blob.txt: error: binary file"));
    let html = text(&out.stdout);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script"), "script tag must be escaped");
    assert!(!html.contains("<img"), "img tag must be escaped");
    assert!(
        !html.contains("href=\"javascript"),
        "javascript link must be escaped"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;b&gt;Evil&lt;/b&gt;"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn word_budget_and_output_file() {
    let dir = std::env::temp_dir().join(format!("storyline-out-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let path = dir.join("report.md");
    let out = storyline(&[
        "digest",
        "examples/corpus",
        "--words",
        "30",
        "-o",
        path.to_str().expect("utf8"),
    ]);
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let md = std::fs::read_to_string(&path).expect("report written");
    for line in md.lines().filter(|l| l.starts_with("**Summary** (")) {
        let n: usize = line["**Summary** (".len()..]
            .split(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .expect("count");
        assert!(n <= 30, "{line}");
    }
    let bad = storyline(&["digest", "examples/corpus", "--words", "0"]);
    assert_eq!(bad.status.code(), Some(2), "usage error");
    // The JSON report, written as it is built, is the one on stdout, and no
    // unfinished file is left beside it.
    let json = dir.join("report.json");
    let args = ["digest", "examples/corpus", "--format", "json"];
    let piped = storyline(&args);
    let to_file = storyline(&[&args[..], &["-o", json.to_str().expect("utf8")]].concat());
    assert!(to_file.status.success(), "{}", text(&to_file.stderr));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["report.json", "report.md"]);
    assert_eq!(
        std::fs::read_to_string(&json).expect("json written"),
        text(&piped.stdout)
    );
    // A device is written in place, never replaced by a file.
    let null = storyline(&[&args[..], &["-o", "/dev/null"]].concat());
    assert!(null.status.success(), "{}", text(&null.stderr));
    assert!(!std::fs::metadata("/dev/null").expect("/dev/null").is_file());
    // A folder that does not exist is an error naming the path.
    let missing = dir.join("no/such/dir/r.json");
    let failed = storyline(&[&args[..], &["-o", missing.to_str().expect("utf8")]].concat());
    assert_eq!(failed.status.code(), Some(2));
    assert!(
        text(&failed.stderr).contains("no/such/dir/r.json"),
        "{}",
        text(&failed.stderr)
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A reader that stops early (`storyline digest ... | head`) ends the command
/// quietly with success, whatever the format: the JSON report, written as it
/// is built, meets the closed pipe inside serde_json.
#[test]
fn a_closed_pipe_ends_the_digest_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    for format in ["json", "markdown"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_storyline"))
            .args(["digest", "examples/corpus"])
            .args(["--format", format, "-q"])
            .current_dir(repo())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut first = [0u8; 16];
        child
            .stdout
            .take()
            .expect("stdout")
            .read_exact(&mut first)
            .expect("the report begins");
        // stdout is dropped here: the pipe is closed.
        let out = child.wait_with_output().expect("wait");
        assert!(out.status.success(), "{format}: {}", text(&out.stderr));
        assert!(out.stderr.is_empty(), "{format}: {}", text(&out.stderr));
    }
}

/// `--format jsonl` carries the JSON report's parts unchanged, one per line,
/// in the report's order, after a `report` line with the schema and stats.
#[test]
fn the_json_lines_report_is_the_json_report_line_by_line() {
    let report = storyline_json(&[
        "digest",
        "examples/corpus",
        "examples/bad-input",
        "--format",
        "json",
        "-q",
    ]);
    let out = storyline(&[
        "digest",
        "examples/corpus",
        "examples/bad-input",
        "--format",
        "jsonl",
        "-q",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines[0]["type"], "report");
    assert_eq!(lines[0]["schema"], "storyline.digest-lines/1");
    assert_eq!(lines[0]["stats"], report["stats"]);
    let part = |kind: &str| -> Vec<serde_json::Value> {
        lines
            .iter()
            .filter(|l| l["type"] == kind)
            .map(|l| {
                let mut l = l.clone();
                l.as_object_mut().expect("object").remove("type");
                l
            })
            .collect()
    };
    for (kind, field) in [
        ("story", "stories"),
        ("copy_group", "copy_groups"),
        ("document_copy", "document_copies"),
        ("article", "articles"),
        ("diagnostic", "diagnostics"),
    ] {
        let expected = report[field].as_array().expect("array");
        assert!(
            !expected.is_empty(),
            "{field} is empty: the test would prove nothing"
        );
        assert_eq!(&part(kind), expected, "{field}");
    }
    assert_eq!(
        lines.len(),
        1 + [
            "stories",
            "copy_groups",
            "document_copies",
            "articles",
            "diagnostics"
        ]
        .iter()
        .map(|f| report[f].as_array().map_or(0, Vec::len))
        .sum::<usize>()
    );
}
