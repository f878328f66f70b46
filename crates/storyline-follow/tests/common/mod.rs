//! A small HTTP/1.1 server for the follow tests, on 127.0.0.1 only: routes
//! set by the test, faults on demand, and a log of every request with when
//! it started and ended.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What a path answers.
#[derive(Clone, Default)]
pub struct Route {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Answer 304 to a request whose `If-None-Match` is this.
    pub etag: Option<String>,
    /// Send the body one byte at a time with this pause.
    pub trickle: Option<Duration>,
    /// Statuses to answer first, one per request, before the route itself.
    pub first: Vec<u16>,
}

impl Route {
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Route {
        Route {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            ..Route::default()
        }
    }

    pub fn status(status: u16) -> Route {
        Route {
            status,
            ..Route::default()
        }
    }

    pub fn header(mut self, k: &str, v: &str) -> Route {
        self.headers.push((k.into(), v.into()));
        self
    }
}

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Hit {
    pub path: String,
    pub headers: HashMap<String, String>,
    pub status: u16,
    pub start: Instant,
    pub end: Instant,
}

pub struct Server {
    pub base: String,
    routes: Arc<Mutex<HashMap<String, Route>>>,
    hits: Arc<Mutex<Vec<Hit>>>,
}

impl Server {
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let routes: Arc<Mutex<HashMap<String, Route>>> = Arc::default();
        let hits: Arc<Mutex<Vec<Hit>>> = Arc::default();
        let (r, h) = (routes.clone(), hits.clone());
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(conn) = conn else { continue };
                let (r, h) = (r.clone(), h.clone());
                std::thread::spawn(move || answer(conn, &r, &h));
            }
        });
        Server { base, routes, hits }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn route(&self, path: &str, route: Route) {
        self.routes
            .lock()
            .expect("routes")
            .insert(path.to_string(), route);
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.hits.lock().expect("hits").clone()
    }

    pub fn count(&self, path: &str) -> usize {
        self.hits().iter().filter(|h| h.path == path).count()
    }
}

fn answer(conn: TcpStream, routes: &Mutex<HashMap<String, Route>>, hits: &Mutex<Vec<Hit>>) {
    let start = Instant::now();
    conn.set_read_timeout(Some(Duration::from_secs(5))).ok();
    let mut reader = BufReader::new(match conn.try_clone() {
        Ok(c) => c,
        Err(_) => return,
    });
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    let target = first.split_whitespace().nth(1).unwrap_or("/");
    // Routes are paths: a query (tracking parameters) does not change the page.
    let path = target.split('?').next().unwrap_or("/").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let route = {
        let mut routes = routes.lock().expect("routes");
        match routes.get_mut(&path) {
            Some(r) if !r.first.is_empty() => Route::status(r.first.remove(0)),
            Some(r) => r.clone(),
            None => Route::status(404),
        }
    };
    let not_modified = route.etag.is_some() && headers.get("if-none-match") == route.etag.as_ref();
    let status = if not_modified { 304 } else { route.status };
    let body: &[u8] = if not_modified { b"" } else { &route.body };
    let mut head = format!("HTTP/1.1 {status} X\r\nConnection: close\r\n");
    for (k, v) in &route.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(e) = &route.etag {
        head.push_str(&format!("ETag: {e}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut conn = conn;
    let _ = conn.write_all(head.as_bytes());
    match route.trickle {
        Some(pause) => {
            for b in body {
                if conn.write_all(&[*b]).is_err() {
                    break;
                }
                let _ = conn.flush();
                std::thread::sleep(pause);
            }
        }
        None => {
            let _ = conn.write_all(body);
        }
    }
    let _ = conn.flush();
    hits.lock().expect("hits").push(Hit {
        path,
        headers,
        status,
        start,
        end: Instant::now(),
    });
}

/// An RSS feed of items `(guid, title, link, description)`.
pub fn rss(title: &str, items: &[(String, String, String, String)]) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>{title}</title><link>http://example.invalid/</link><language>en</language>\n"
    );
    for (guid, t, link, desc) in items {
        out.push_str(&format!(
            "<item><guid isPermaLink=\"false\">{guid}</guid><title>{t}</title><link>{link}</link><pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate><description>{desc}</description></item>\n"
        ));
    }
    out.push_str("</channel></rss>\n");
    out
}

/// A news page with a headline, a date and a few paragraphs about `topic`.
pub fn page(outlet: &str, headline: &str, topic: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{headline} | {outlet}</title>\
<meta property=\"og:site_name\" content=\"{outlet}\"><meta property=\"article:published_time\" content=\"2026-12-01T09:30:00Z\"></head>\
<body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav><article><h1>{headline}</h1>\
<p>The city council of Northbridge voted on Tuesday to approve {topic}, ending a debate that lasted more than two years and divided residents.</p>\
<p>Mayor Ellen Carter said the decision on {topic} would shape the town for a generation, and that construction could begin next spring.</p>\
<p>Opponents of {topic} said they would ask the regional court to review the vote, arguing that the consultation had been too short.</p>\
</article><footer>Copyright {outlet}</footer></body></html>"
    )
}
