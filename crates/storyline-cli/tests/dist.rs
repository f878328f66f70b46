//! The distributed digest (`--workers`, `--processes`): the same report, byte
//! for byte, as one process; clear errors, within a bounded time, when the
//! cluster is wrong or a peer dies.

mod common;

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{repo, shared, storyline, text, tmp};

/// `n` loopback addresses free right now, written as a host file.
fn host_file(name: &str, n: usize) -> (PathBuf, Vec<String>) {
    let listeners: Vec<TcpListener> = (0..n)
        .map(|_| TcpListener::bind("127.0.0.1:0").expect("bind"))
        .collect();
    let hosts: Vec<String> = listeners
        .iter()
        .map(|l| l.local_addr().expect("addr").to_string())
        .collect();
    drop(listeners);
    let path = tmp(name);
    std::fs::write(&path, hosts.join("\n") + "\n").expect("host file");
    (path, hosts)
}

fn spawn(args: &[&str], env: &[(&str, &str)]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(repo())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn storyline")
}

/// Wait for `child`, failing the test if it takes longer than `limit` (a
/// hang is the failure these tests guard against).
fn wait(mut child: Child, limit: Duration) -> Output {
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("storyline did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Run the digest of `input` as `processes` processes of `workers` threads
/// on loopback; process 0's report and standard error.
fn run_cluster(
    input: &Path,
    extra: &[&str],
    processes: usize,
    workers: usize,
) -> (Vec<u8>, String) {
    run_cluster_with(input, extra, processes, workers, &[])
}

/// [`run_cluster`] with `env` set in every process.
fn run_cluster_with(
    input: &Path,
    extra: &[&str],
    processes: usize,
    workers: usize,
    env: &[(&str, &str)],
) -> (Vec<u8>, String) {
    let (hosts, _) = host_file(&format!("hosts-{}", unique()), processes);
    let out = tmp(&format!("cluster-{}.json", unique()));
    let (p, w) = (processes.to_string(), workers.to_string());
    let children: Vec<Child> = (0..processes)
        .map(|i| {
            let i = i.to_string();
            let mut args = vec![
                "digest",
                input.to_str().expect("utf-8 path"),
                "-o",
                out.to_str().expect("utf-8 path"),
                "--processes",
                &p,
                "--workers",
                &w,
                "--process",
                &i,
                "--hostfile",
                hosts.to_str().expect("utf-8 path"),
                "--connect-timeout",
                "60",
            ];
            args.extend_from_slice(extra);
            if !extra.contains(&"--format") {
                args.extend(["--format", "json"]);
            }
            spawn(&args, env)
        })
        .collect();
    let mut stderr0 = String::new();
    for (i, c) in children.into_iter().enumerate() {
        let o = wait(c, Duration::from_secs(600));
        assert!(o.status.success(), "process {i}: {}", text(&o.stderr));
        if i == 0 {
            stderr0 = text(&o.stderr);
        }
    }
    (
        std::fs::read(&out).expect("process 0 wrote the report"),
        stderr0,
    )
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

/// The diagnostics lines of standard error (what the input reading reported).
fn diagnostics(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| !l.contains(" workers in "))
        .collect()
}

/// One process, 1 worker, 2 workers, and 2 processes on loopback give the
/// same report, byte for byte, and report input problems alike.
fn assert_same_everywhere(input: &Path, extra: &[&str]) {
    assert_same_everywhere_as(input, "json", extra);
}

fn assert_same_everywhere_as(input: &Path, format: &str, extra: &[&str]) {
    let path = input.to_str().expect("utf-8 path");
    let mut args = vec!["digest", path, "--format", format];
    args.extend_from_slice(extra);
    let single = storyline(&args);
    assert!(single.status.success(), "{}", text(&single.stderr));
    for workers in ["1", "2"] {
        let mut a = args.clone();
        a.extend(["--workers", workers]);
        let out = storyline(&a);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(
            out.stdout == single.stdout,
            "{workers} workers: the report differs from one process's on {path} {extra:?}"
        );
        assert_eq!(
            diagnostics(&text(&out.stderr)),
            diagnostics(&text(&single.stderr))
        );
    }
    let mut cluster_extra = extra.to_vec();
    if format != "json" {
        cluster_extra.extend(["--format", format]);
    }
    let (report, stderr) = run_cluster(input, &cluster_extra, 2, 1);
    assert!(
        report == single.stdout,
        "2 processes: the report differs from one process's on {path} {extra:?}"
    );
    assert_eq!(diagnostics(&stderr), diagnostics(&text(&single.stderr)));
    assert!(
        stderr.contains("2 workers in 2 processes exchanged"),
        "{stderr}"
    );
}

#[test]
fn the_example_corpus_gives_one_report_on_any_number_of_workers() {
    assert_same_everywhere(&repo().join("examples/corpus"), &[]);
    assert_same_everywhere(&repo().join("examples/corpus"), &["--stream"]);
    assert_same_everywhere_as(&repo().join("examples/corpus"), "jsonl", &[]);
    assert_same_everywhere_as(&repo().join("examples/corpus"), "markdown", &[]);
}

#[test]
fn bad_input_is_reported_alike_and_in_the_same_order() {
    let out = storyline(&["digest", "examples/bad-input", "--format", "json"]);
    assert!(
        !diagnostics(&text(&out.stderr)).is_empty(),
        "the bad input has problems to report"
    );
    assert_same_everywhere(&repo().join("examples/bad-input"), &[]);
}

#[test]
fn the_fixtures_and_ecb_dev_give_one_report_on_any_number_of_workers() {
    if let Some(p) = shared("fixtures/syria-talks") {
        assert_same_everywhere(&p, &[]);
    }
    if let Some(p) = shared("data/ecbplus-dev/articles.jsonl") {
        assert_same_everywhere(&p, &[]);
        assert_same_everywhere(&p, &["--stream"]);
    }
}

#[test]
fn a_generated_corpus_gives_one_report_on_two_processes_of_two_workers() {
    let path = tmp("generated.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
    for a in storyline::synth::corpus(3_000, 7).0 {
        writeln!(f, "{}", storyline::synth::jsonl_line(&a)).expect("write");
    }
    f.flush().expect("flush");
    drop(f);
    let single = storyline(&["digest", path.to_str().expect("utf-8"), "--format", "json"]);
    assert!(single.status.success(), "{}", text(&single.stderr));
    let (report, _) = run_cluster(&path, &[], 2, 2);
    assert!(report == single.stdout, "2 × 2 workers: the report differs");
    // The payload exchanges in many small rounds (thousands of pairs per
    // worker here, a few hundred per round) give the same report.
    let small = [("STORYLINE_DIST_PAIRS_PER_ROUND", "300")];
    let (report, _) = run_cluster_with(&path, &[], 2, 2, &small);
    assert!(
        report == single.stdout,
        "2 × 2 workers in small rounds: the report differs"
    );
}

#[test]
fn an_absent_peer_is_an_error_within_the_timeout_and_no_report() {
    let (hosts, addrs) = host_file("hosts-absent", 2);
    let out = tmp("absent.json");
    let started = Instant::now();
    let child = spawn(
        &pair_args(&hosts, &out, "1", &["--connect-timeout", "2"]),
        &[],
    );
    let o = wait(child, Duration::from_secs(60));
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains(&format!(
            "process 0 at {} did not connect within 2 s",
            addrs[0]
        )),
        "{err}"
    );
    assert!(started.elapsed() < Duration::from_secs(30));
    assert!(!out.exists(), "no report without the whole cluster");
}

/// Start two processes that disagree (`args1` for process 1); both must
/// fail with a message containing `expected`.
fn assert_both_refuse(args0: &[&str], args1: &[&str], hosts: &Path, expected: &str) {
    let with = |rest: &[&str], i: &str| {
        let mut a = vec![
            "digest",
            "--format",
            "json",
            "--process",
            i,
            "--hostfile",
            hosts.to_str().expect("utf-8"),
            "--connect-timeout",
            "20",
        ];
        a.extend_from_slice(rest);
        a.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let a0 = with(args0, "0");
    let a1 = with(args1, "1");
    let c0 = spawn(&a0.iter().map(String::as_str).collect::<Vec<_>>(), &[]);
    let c1 = spawn(&a1.iter().map(String::as_str).collect::<Vec<_>>(), &[]);
    for (i, c) in [c0, c1].into_iter().enumerate() {
        let o = wait(c, Duration::from_secs(60));
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "process {i}: {err}");
        assert!(err.contains(expected), "process {i}: {err}");
        assert!(o.stdout.is_empty(), "process {i} wrote a report");
    }
}

#[test]
fn processes_that_disagree_on_the_cluster_or_the_input_refuse_to_start() {
    let (hosts, _) = host_file("hosts-mismatch", 3);
    assert_both_refuse(
        &["examples/corpus", "--processes", "2"],
        &["examples/corpus", "--processes", "3"],
        &hosts,
        "was started with --processes",
    );
    let (hosts, _) = host_file("hosts-input", 2);
    assert_both_refuse(
        &["examples/corpus", "--processes", "2"],
        &["examples/bad-input", "--processes", "2"],
        &hosts,
        "reads other input or options than this one",
    );
}

/// Start processes 0 and 1 of a two-process digest of the example corpus
/// into `out`, each with `extra` options; process 1 gets `env1` (a fault to
/// inject).
fn spawn_pair(hosts: &Path, out: &Path, extra: &[&str], env1: &[(&str, &str)]) -> (Child, Child) {
    (
        spawn(&pair_args(hosts, out, "0", extra), &[]),
        spawn(&pair_args(hosts, out, "1", extra), env1),
    )
}

/// The arguments of process `i` of a two-process digest of the example
/// corpus into `out`, with `extra` options.
fn pair_args<'a>(hosts: &'a Path, out: &'a Path, i: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec![
        "digest",
        "examples/corpus",
        "--format",
        "json",
        "-o",
        out.to_str().expect("utf-8"),
        "--processes",
        "2",
        "--process",
        i,
        "--hostfile",
        hosts.to_str().expect("utf-8"),
    ];
    a.extend_from_slice(extra);
    a
}

#[test]
fn a_peer_that_dies_fails_the_job_cleanly_and_a_rerun_gives_the_report() {
    let (hosts, _) = host_file("hosts-dies", 2);
    let out = tmp("dies.json");
    // Process 1 exits abruptly, as a crashed machine's process would, in the
    // middle of the exchange (its third round).
    let (c0, c1) = spawn_pair(&hosts, &out, &[], &[("STORYLINE_DIST_EXIT_AT_ROUND", "2")]);
    let o1 = wait(c1, Duration::from_secs(60));
    assert_eq!(o1.status.code(), Some(9));
    let o0 = wait(c0, Duration::from_secs(60));
    let err = text(&o0.stderr);
    assert_eq!(o0.status.code(), Some(3), "{err}");
    assert!(err.contains("lost a peer process"), "{err}");
    assert!(!out.exists(), "no partial report passed off as whole");
    let partial = out.with_file_name(".dies.json.partial");
    assert!(!partial.exists(), "no partial file left behind");

    let (report, _) = run_cluster(Path::new("examples/corpus"), &[], 2, 1);
    let single = storyline(&["digest", "examples/corpus", "--format", "json"]);
    assert!(report == single.stdout, "the rerun gives the whole report");
}

#[test]
fn a_stuck_peer_fails_the_job_after_the_round_timeout() {
    // Process 1 stays alive but stops answering (its sockets open, so TCP
    // keepalive sees nothing wrong); process 0, given --round-timeout 5,
    // fails within a bounded time with an error that says so, and writes
    // no report.
    let (hosts, _) = host_file("hosts-stuck", 2);
    let out = tmp("stuck.json");
    let (c0, mut c1) = spawn_pair(
        &hosts,
        &out,
        &["--round-timeout", "5"],
        &[("STORYLINE_DIST_HANG_AT_ROUND", "2")],
    );
    let started = Instant::now();
    let o0 = wait(c0, Duration::from_secs(90));
    let _ = c1.kill();
    let _ = c1.wait();
    let err = text(&o0.stderr);
    assert_eq!(o0.status.code(), Some(3), "{err}");
    assert!(err.contains("--round-timeout"), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "bounded: {:?}",
        started.elapsed()
    );
    assert!(!out.exists(), "no partial report passed off as whole");
}
