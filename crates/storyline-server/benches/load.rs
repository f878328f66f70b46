//! Load benchmark (loopback only, bounded in time): many keep-alive
//! connections on story pages and on `GET /api/stories` while an ingest of new
//! articles runs through `POST /api/articles`, and the same ingest on an idle
//! server for comparison.
//!
//! ```text
//! nice -n 5 cargo bench -p storyline-server --bench load
//! LOAD_SECS=5 LOAD_CONNS=100 LOAD_BASE=2000 LOAD_INGEST=1000 cargo bench -p storyline-server --bench load
//! LOAD_PAGE_CACHE_MS=0 cargo bench -p storyline-server --bench load   # every page rendered
//! LOAD_INGEST_READ_RATE=0 cargo bench -p storyline-server --bench load   # reads not paced during ingest
//! ```
//!
//! Phases, each on its own copy of the same base database:
//! 1. idle ingest: `LOAD_INGEST` new synthetic articles posted in one request,
//!    nothing else running (median of `LOAD_IDLE_RUNS`, default 3);
//! 2. story pages: `LOAD_CONNS` connections loop over `GET /stories/{id}` (the
//!    100 most covered stories) for `LOAD_SECS`, no ingest;
//! 3. story pages + ingest: the same load while the same ingest runs (the
//!    phase lasts until both the time is up and the ingest is done);
//! 4. story list + ingest: `LOAD_CONNS` connections on `GET /api/stories`
//!    (pages 1–5, both orders, a few searches) while the ingest runs.
//!
//! Prints requests/s, p50/p99/max latency, error responses, and the ingest time
//! with and without load. Targets (2 cores): ≥ 5,000 story pages/s, p99 < 50
//! ms, ingest not slowed by more than half, no error responses.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn env_usize(key: &str, default: usize) -> usize {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

// The test suite's harness: a server on its own 2-thread runtime, on a free
// loopback port, stopped on drop.
#[allow(clippy::unwrap_used)]
#[path = "../tests/common/mod.rs"]
mod common;
use common::Server;

/// The server's configuration for `db`, with the environment's overrides.
fn config(db: &Path) -> storyline_server::Config {
    let mut config = storyline_server::Config::new(db);
    if let Some(ms) = std::env::var("LOAD_PAGE_CACHE_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        config.page_cache = Duration::from_millis(ms);
    }
    if let Some(rate) = std::env::var("LOAD_INGEST_READ_RATE")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        config.ingest_read_rate = rate;
    }
    config
}

/// A keep-alive HTTP/1.1 connection that reads `Content-Length` bodies.
struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
    /// The `Host` header: the server answers only for its own address.
    host: String,
}

impl Conn {
    async fn open(addr: SocketAddr) -> std::io::Result<Conn> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Conn {
            stream,
            buf: Vec::with_capacity(1 << 16),
            host: addr.to_string(),
        })
    }

    /// Send one request; the status and body length.
    async fn call(
        &mut self,
        method: &str,
        path: &str,
        body: &[u8],
    ) -> std::io::Result<(u16, Vec<u8>)> {
        let head = if body.is_empty() {
            format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n\r\n", self.host)
        } else {
            format!(
                "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                self.host,
                body.len()
            )
        };
        self.stream.write_all(head.as_bytes()).await?;
        if !body.is_empty() {
            self.stream.write_all(body).await?;
        }
        let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_string());
        loop {
            if let Some(end) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = std::str::from_utf8(&self.buf[..end]).map_err(|_| bad("head"))?;
                let status: u16 = head
                    .split(' ')
                    .nth(1)
                    .and_then(|s| s.parse().ok())
                    .ok_or_else(|| bad("status"))?;
                let len: usize = head
                    .split("\r\n")
                    .filter_map(|l| l.split_once(':'))
                    .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                    .and_then(|(_, v)| v.trim().parse().ok())
                    .ok_or_else(|| bad("no content-length"))?;
                let total = end + 4 + len;
                while self.buf.len() < total {
                    self.fill().await?;
                }
                let body = self.buf[end + 4..total].to_vec();
                self.buf.drain(..total);
                return Ok((status, body));
            }
            self.fill().await?;
        }
    }

    async fn fill(&mut self) -> std::io::Result<()> {
        let mut chunk = [0u8; 16 * 1024];
        let n = self.stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        self.buf.extend_from_slice(&chunk[..n]);
        Ok(())
    }
}

/// One request: when it started (ms into the phase), how long it took (µs),
/// and whether it failed (I/O error or a status ≥ 400).
#[derive(Clone, Copy)]
struct Sample {
    at_ms: u32,
    micros: u32,
    failed: bool,
}

struct Phase {
    name: &'static str,
    samples: Vec<Sample>,
    wall: Duration,
    ingest: Option<(Duration, Duration)>, // (start, end) offsets of the ingest
}

/// `conns` connections cycling over `paths` until `stop` is set.
async fn load(
    addr: SocketAddr,
    conns: usize,
    paths: Arc<Vec<String>>,
    start: Instant,
    stop: Arc<AtomicBool>,
) -> Vec<Sample> {
    let mut tasks = Vec::new();
    for c in 0..conns {
        let paths = Arc::clone(&paths);
        let stop = Arc::clone(&stop);
        tasks.push(tokio::spawn(async move {
            let mut out = Vec::new();
            let mut conn = match Conn::open(addr).await {
                Ok(c) => c,
                Err(_) => {
                    out.push(Sample {
                        at_ms: 0,
                        micros: 0,
                        failed: true,
                    });
                    return out;
                }
            };
            let mut i = c * 7;
            while !stop.load(Ordering::Relaxed) {
                let path = &paths[i % paths.len()];
                i += 1;
                let t0 = Instant::now();
                let res = conn.call("GET", path, b"").await;
                let micros = t0.elapsed().as_micros().min(u32::MAX as u128) as u32;
                let at_ms = t0.duration_since(start).as_millis() as u32;
                let failed = !matches!(res, Ok((s, _)) if s < 400);
                out.push(Sample {
                    at_ms,
                    micros,
                    failed,
                });
                if res.is_err() {
                    match Conn::open(addr).await {
                        Ok(c) => conn = c,
                        Err(_) => break,
                    }
                }
            }
            out
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        if let Ok(samples) = t.await {
            all.extend(samples);
        }
    }
    all
}

/// Post the ingest body; its wall time.
async fn ingest(addr: SocketAddr, body: Arc<Vec<u8>>) -> Duration {
    let t0 = Instant::now();
    let mut conn = Conn::open(addr).await.expect("connect for ingest");
    let (status, resp) = conn
        .call("POST", "/api/articles", &body)
        .await
        .expect("ingest request");
    assert_eq!(status, 200, "ingest: {}", String::from_utf8_lossy(&resp));
    let report: serde_json::Value = serde_json::from_slice(&resp).expect("ingest report");
    assert!(
        report["added"].as_u64().unwrap_or(0) > 0,
        "ingest added nothing"
    );
    t0.elapsed()
}

async fn run_phase(
    name: &'static str,
    addr: SocketAddr,
    conns: usize,
    paths: Vec<String>,
    secs: u64,
    ingest_body: Option<Arc<Vec<u8>>>,
) -> Phase {
    let start = Instant::now();
    let stop = Arc::new(AtomicBool::new(false));
    let loader = tokio::spawn(load(addr, conns, Arc::new(paths), start, Arc::clone(&stop)));
    let mut ingest_span = None;
    if let Some(body) = ingest_body {
        // Let the load reach its pace first.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let from = start.elapsed();
        let took = ingest(addr, body).await;
        ingest_span = Some((from, from + took));
    }
    let cap = Duration::from_secs(secs.max(1) * 20);
    while start.elapsed() < Duration::from_secs(secs) && start.elapsed() < cap {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    stop.store(true, Ordering::Relaxed);
    let samples = loader.await.unwrap_or_default();
    Phase {
        name,
        samples,
        wall: start.elapsed(),
        ingest: ingest_span,
    }
}

fn pct(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i] as f64 / 1000.0
}

fn line(label: &str, samples: &[Sample], secs: f64) -> String {
    let mut lat: Vec<u32> = samples.iter().map(|s| s.micros).collect();
    lat.sort_unstable();
    let errors = samples.iter().filter(|s| s.failed).count();
    format!(
        "{label:<34} {:>8} req {:>9.0} req/s   p50 {:>6.2} ms   p99 {:>6.2} ms   max {:>7.2} ms   errors {errors}",
        samples.len(),
        samples.len() as f64 / secs.max(1e-9),
        pct(&lat, 0.50),
        pct(&lat, 0.99),
        lat.last().copied().unwrap_or(0) as f64 / 1000.0,
    )
}

fn report(p: &Phase) {
    println!("{}", line(p.name, &p.samples, p.wall.as_secs_f64()));
    if let Some((a, b)) = p.ingest {
        let (a_ms, b_ms) = (a.as_millis() as u32, b.as_millis() as u32);
        let during: Vec<Sample> = p
            .samples
            .iter()
            .filter(|s| s.at_ms >= a_ms && s.at_ms < b_ms)
            .copied()
            .collect();
        println!(
            "{}",
            line("  … while the ingest ran", &during, (b - a).as_secs_f64())
        );
    }
}

fn copy_db(from: &Path, to: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let src = PathBuf::from(format!("{}{suffix}", from.display()));
        let dst = PathBuf::from(format!("{}{suffix}", to.display()));
        let _ = std::fs::remove_file(&dst);
        if src.exists() {
            std::fs::copy(&src, &dst).expect("copy database");
        }
    }
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument filters by name.
    if std::env::args()
        .skip(1)
        .any(|a| a != "--bench" && !"load".contains(a.as_str()))
    {
        return;
    }
    let secs = env_usize("LOAD_SECS", 5) as u64;
    let conns = env_usize("LOAD_CONNS", 100);
    let base_n = env_usize("LOAD_BASE", 2000);
    let ingest_n = env_usize("LOAD_INGEST", 1000);

    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/load-bench");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("bench dir");
    let base = dir.join("base.db");
    let t0 = Instant::now();
    {
        let mut store = storyline_store::Store::open(&base).expect("open base");
        store
            .ingest(storyline::synth::corpus(base_n, 11).0)
            .expect("base ingest");
    }
    println!(
        "base database: {base_n} synthetic articles ingested in {:.2} s",
        t0.elapsed().as_secs_f64()
    );
    let new: Vec<serde_json::Value> = storyline::synth::corpus(ingest_n, 4242)
        .0
        .into_iter()
        .map(|a| {
            serde_json::json!({
                "id": format!("new-{}", a.id),
                "title": a.title,
                "text": a.text,
                "source": a.source,
                "url": a.url,
                "published": a.published.map(|p| p.to_string()),
            })
        })
        .collect();
    let body = Arc::new(serde_json::to_vec(&new).expect("ingest body"));
    println!(
        "ingest batch: {ingest_n} articles, {:.1} MB JSON; {conns} connections, {secs} s per phase; page cache {} ms; reads during ingest {}/s\n",
        body.len() as f64 / 1e6,
        std::env::var("LOAD_PAGE_CACHE_MS").unwrap_or_else(|_| {
            storyline_server::DEFAULT_PAGE_CACHE.as_millis().to_string()
        }),
        std::env::var("LOAD_INGEST_READ_RATE")
            .unwrap_or_else(|_| storyline_server::DEFAULT_INGEST_READ_RATE.to_string()),
    );

    let client = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("client runtime");

    // 1. Ingest on an idle server: the median of a few runs, each on a fresh
    // copy (the machine may be shared; one run is a poor baseline).
    let mut idle_runs: Vec<Duration> = (0..env_usize("LOAD_IDLE_RUNS", 3).max(1))
        .map(|_| {
            let db_a = dir.join("idle.db");
            copy_db(&base, &db_a);
            let server = Server::start_with(config(&db_a));
            client.block_on(async {
                // Warm up as the loaded phases do: the list, a short pause.
                let mut c = Conn::open(server.addr).await.expect("connect");
                let _ = c.call("GET", "/api/stories?per_page=100", b"").await;
                tokio::time::sleep(Duration::from_millis(300)).await;
                ingest(server.addr, Arc::clone(&body)).await
            })
        })
        .collect();
    idle_runs.sort();
    let idle_ingest = idle_runs[idle_runs.len() / 2];
    println!(
        "idle ingest runs: {}",
        idle_runs
            .iter()
            .map(|d| format!("{:.2} s", d.as_secs_f64()))
            .collect::<Vec<_>>()
            .join(", ")
    );

    // The most covered stories, for the story pages.
    let db_b = dir.join("pages.db");
    copy_db(&base, &db_b);
    let server = Server::start_with(config(&db_b));
    let ids: Vec<String> = client.block_on(async {
        let mut c = Conn::open(server.addr).await.expect("connect");
        let (_, body) = c
            .call("GET", "/api/stories?per_page=100", b"")
            .await
            .expect("list");
        let page: serde_json::Value = serde_json::from_slice(&body).expect("list json");
        page["stories"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s["id"].as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    });
    assert!(!ids.is_empty(), "no stories in the base database");
    let pages: Vec<String> = ids.iter().map(|id| format!("/stories/{id}")).collect();

    // 2. Story pages, no ingest.
    let p2 = client.block_on(run_phase(
        "story pages (no ingest)",
        server.addr,
        conns,
        pages.clone(),
        secs,
        None,
    ));
    // 3. Story pages while the ingest runs.
    let p3 = client.block_on(run_phase(
        "story pages + ingest",
        server.addr,
        conns,
        pages,
        secs,
        Some(Arc::clone(&body)),
    ));
    drop(server);

    // 4. The story list while the ingest runs, on a fresh copy.
    let db_c = dir.join("list.db");
    copy_db(&base, &db_c);
    let server = Server::start_with(config(&db_c));
    let mut lists = Vec::new();
    for page in 1..=5 {
        lists.push(format!("/api/stories?page={page}"));
        lists.push(format!("/api/stories?page={page}&sort=recent"));
    }
    for q in ["agreement", "budget", "harbour", "minister"] {
        lists.push(format!("/api/stories?q={q}"));
    }
    let p4 = client.block_on(run_phase(
        "GET /api/stories + ingest",
        server.addr,
        conns,
        lists,
        secs,
        Some(Arc::clone(&body)),
    ));
    drop(server);

    report(&p2);
    report(&p3);
    report(&p4);
    let loaded = [p3.ingest, p4.ingest]
        .into_iter()
        .flatten()
        .map(|(a, b)| (b - a).as_secs_f64())
        .collect::<Vec<_>>();
    println!(
        "\ningest of {ingest_n} articles: idle {:.2} s (median); under story-page load {:.2} s; under list load {:.2} s (slowdown ×{:.2}, ×{:.2})",
        idle_ingest.as_secs_f64(),
        loaded.first().copied().unwrap_or(0.0),
        loaded.get(1).copied().unwrap_or(0.0),
        loaded.first().copied().unwrap_or(0.0) / idle_ingest.as_secs_f64(),
        loaded.get(1).copied().unwrap_or(0.0) / idle_ingest.as_secs_f64(),
    );
}
