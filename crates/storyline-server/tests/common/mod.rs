//! Helpers shared by the server's integration tests: a server on a free
//! loopback port over a fresh database, a tiny HTTP/1.1 client, the fixtures.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

// The shared-data lookup and the dated fixtures, as the library's tests have them.
#[path = "../../../storyline/tests/common/mod.rs"]
mod library;
#[allow(unused_imports)] // each test binary uses some of them
pub use library::{dated_fixtures, shared};

/// A fresh, empty directory under cargo's per-test temporary directory.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("server-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A server running on its own runtime and thread; stopped (gracefully) on drop.
pub struct Server {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Serve `db` on 127.0.0.1 with a free port.
    pub fn start(db: &Path, max_body: usize) -> Server {
        let mut config = storyline_server::Config::new(db);
        config.max_body = max_body;
        Server::start_with(config)
    }

    /// Serve with a given configuration on 127.0.0.1 with a free port.
    pub fn start_with(config: storyline_server::Config) -> Server {
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let app = storyline_server::router(&config).unwrap();
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                addr_tx.send(listener.local_addr().unwrap()).unwrap();
                storyline_server::serve_with(listener, app, &config, async {
                    let _ = stop_rx.await;
                })
                .await
                .unwrap();
            });
        });
        let addr = addr_rx.recv_timeout(Duration::from_secs(30)).unwrap();
        Server {
            addr,
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub fn get(&self, path: &str) -> Response {
        request(self.addr, "GET", path, None)
    }

    /// A GET with extra request headers.
    pub fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Response {
        request_with(self.addr, "GET", path, headers, None)
    }

    pub fn post(&self, path: &str, body: &[u8]) -> Response {
        request(self.addr, "POST", path, Some(body))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// An HTTP response, body decoded.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "status {} body is not JSON ({e}): {}",
                self.status,
                self.text()
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One request on a fresh connection (`Connection: close`).
pub fn request(addr: SocketAddr, method: &str, path: &str, body: Option<&[u8]>) -> Response {
    request_with(addr, method, path, &[], body)
}

/// [`request`] with extra request headers.
pub fn request_with(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> Response {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(b) = body {
        head.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            b.len()
        ));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    if let Some(b) = body {
        // The server may answer (413) and close before reading everything.
        let _ = s.write_all(b);
    }
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> Response {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(raw)));
    let head = std::str::from_utf8(&raw[..end]).unwrap();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    if chunked {
        let mut out = Vec::new();
        let mut rest = &body[..];
        loop {
            let nl = rest.windows(2).position(|w| w == b"\r\n").unwrap();
            let size = usize::from_str_radix(std::str::from_utf8(&rest[..nl]).unwrap().trim(), 16)
                .unwrap();
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[nl + 2..nl + 2 + size]);
            rest = &rest[nl + 2 + size + 2..];
        }
        body = out;
    }
    Response {
        status,
        headers,
        body,
    }
}

/// The markup a hostile article carries in its title and text.
pub const HOSTILE_SCRIPT: &str = "<script>document.title='pwned'</script>";
/// An image whose error handler would run script.
pub const HOSTILE_IMG: &str = "<img src=x onerror=\"document.title='pwned'\">";
/// A link that would run script.
pub const HOSTILE_LINK: &str = "<a href=\"javascript:alert(1)\">click me</a>";

/// An article that tries to run script through every field a page shows.
pub fn hostile_article() -> storyline::Article {
    let mut a = storyline::Article::new(
        "hostile-1",
        format!("Hostile headline {HOSTILE_SCRIPT}{HOSTILE_IMG}"),
        format!(
            "Evil Wire reported the harbour talks {HOSTILE_SCRIPT} ended without a deal on Tuesday.\n\n\
             The spokesman said {HOSTILE_IMG} nothing more, and readers should {HOSTILE_LINK} now.\n\n\
             Officials in Marbeck said the harbour dispute would return to court next month."
        ),
    );
    a.source = Some(format!("Evil Wire {HOSTILE_IMG}"));
    a.url = Some("javascript:alert(1)".into());
    a.published = storyline::ingest::parse_published("2016-09-06T12:00:00Z");
    a
}

/// A store built from `articles`, closed again (the server opens it).
pub fn build_db(path: &Path, articles: Vec<storyline::Article>) -> storyline_store::IngestReport {
    build_db_batches(path, vec![articles]).pop().unwrap()
}

/// A store built from batches ingested one after the other (as articles
/// arrive), closed again.
pub fn build_db_batches(
    path: &Path,
    batches: Vec<Vec<storyline::Article>>,
) -> Vec<storyline_store::IngestReport> {
    let mut store = storyline_store::Store::open(path).unwrap();
    batches
        .into_iter()
        .map(|b| store.ingest(b).unwrap())
        .collect()
}
