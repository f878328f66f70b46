//! Write a `.warc.gz` of synthetic news pages, for measuring the WARC reader.
//!
//! ```text
//! cargo run --release -p storyline --example make_warc -- N out.warc.gz
//! ```
//!
//! Each of the `N` pages is a `storyline::synth` article dressed as a news
//! site would serve it (scripts, navigation, a related-stories list, a
//! footer; about 19 KB of HTML, with `<meta property="article:published_time">`),
//! written as a `request`, a `response` and a `metadata` record, each its own
//! gzip member as Common Crawl writes them. One page in twenty is followed by
//! an image response, one in fifty by a redirect, so the reader has records
//! to skip and count.

use std::io::{BufWriter, Write};

use flate2::write::GzEncoder;
use storyline::synth::{corpus, Rng};

const WORDS: &[&str] = &[
    "var", "function", "return", "window", "document", "track", "event", "config", "slot",
    "banner", "consent", "render", "widget", "module", "async", "push", "data", "layer",
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(n), Some(out)) = (args.get(1).and_then(|n| n.parse().ok()), args.get(2)) else {
        eprintln!("usage: make_warc N out.warc.gz");
        std::process::exit(2);
    };
    if let Err(e) = write(n, out) {
        eprintln!("make_warc: {e}");
        std::process::exit(1);
    }
}

fn write(n: usize, out: &str) -> std::io::Result<()> {
    let file = std::fs::File::create(out)?;
    let mut w = BufWriter::new(file);
    let mut rng = Rng::new(42);
    let (articles, _) = corpus(n, 42);
    let mut raw = 0u64;
    let info = "software: storyline make_warc\r\nformat: WARC File Format 1.1\r\n";
    raw += member(
        &mut w,
        "warcinfo",
        &[("Content-Type", "application/warc-fields")],
        info.as_bytes(),
    )?;
    for (i, a) in articles.iter().enumerate() {
        let outlet = a.source.as_deref().unwrap_or("News");
        let host = outlet.to_ascii_lowercase().replace(' ', "");
        let uri = format!("https://www.{host}.example/news/{}", a.id);
        // Crawled a few hours after publication, as a news crawler would.
        let date = a
            .published
            .and_then(|p| {
                p.at.checked_add(jiff::SignedDuration::from_hours(3 + (i % 20) as i64))
                    .ok()
            })
            .map_or_else(
                || format!("2025-01-{:02}T{:02}:{:02}:00Z", 1 + i % 28, i % 24, i % 60),
                |t| t.to_string(),
            );
        let request = format!(
            "GET /news/{} HTTP/1.1\r\nHost: www.{host}.example\r\nUser-Agent: make_warc\r\nAccept: text/html\r\n\r\n",
            a.id
        );
        raw += member(
            &mut w,
            "request",
            &[
                ("WARC-Target-URI", &uri),
                ("WARC-Date", &date),
                ("Content-Type", "application/http; msgtype=request"),
            ],
            request.as_bytes(),
        )?;
        let html = page(a, outlet, &mut rng);
        let mut response = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nServer: synth\r\n\r\n",
            html.len()
        )
        .into_bytes();
        response.extend_from_slice(html.as_bytes());
        let fields = [
            ("WARC-Target-URI", uri.as_str()),
            ("WARC-Date", date.as_str()),
            ("Content-Type", "application/http; msgtype=response"),
            ("WARC-Identified-Payload-Type", "text/html"),
        ];
        raw += member(&mut w, "response", &fields, &response)?;
        let meta = format!("fetchTimeMs: {}\r\n", 20 + i % 300);
        raw += member(
            &mut w,
            "metadata",
            &[("WARC-Target-URI", &uri)],
            meta.as_bytes(),
        )?;
        if i % 20 == 7 {
            let mut image = b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n\r\n".to_vec();
            image.extend((0..20_000).map(|_| (rng.next_u64() & 0xFF) as u8));
            let uri = format!("{uri}/photo.jpg");
            let fields = [
                ("WARC-Target-URI", uri.as_str()),
                ("WARC-Date", date.as_str()),
                ("Content-Type", "application/http; msgtype=response"),
            ];
            raw += member(&mut w, "response", &fields, &image)?;
        }
        if i % 50 == 3 {
            let moved = format!("HTTP/1.1 301 Moved Permanently\r\nLocation: {uri}\r\n\r\n");
            let uri = format!("{uri}-old");
            let fields = [
                ("WARC-Target-URI", uri.as_str()),
                ("WARC-Date", date.as_str()),
                ("Content-Type", "application/http; msgtype=response"),
            ];
            raw += member(&mut w, "response", &fields, moved.as_bytes())?;
        }
    }
    w.flush()?;
    let size = std::fs::metadata(out)?.len();
    eprintln!(
        "{out}: {n} pages, {:.1} MB compressed, {:.1} MB of WARC records",
        size as f64 / 1e6,
        raw as f64 / 1e6
    );
    Ok(())
}

/// One record, gzip-compressed on its own; returns its uncompressed size.
fn member(
    w: &mut impl Write,
    kind: &str,
    fields: &[(&str, &str)],
    block: &[u8],
) -> std::io::Result<u64> {
    let mut rec = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{:032x}>\r\n",
        block.len() as u128 * 7919
    );
    for (k, v) in fields {
        rec.push_str(&format!("{k}: {v}\r\n"));
    }
    rec.push_str(&format!("Content-Length: {}\r\n\r\n", block.len()));
    let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(rec.as_bytes())?;
    gz.write_all(block)?;
    gz.write_all(b"\r\n\r\n")?;
    w.write_all(&gz.finish()?)?;
    Ok((rec.len() + block.len() + 4) as u64)
}

/// The article as a news page: furniture around the story.
fn page(a: &storyline::Article, outlet: &str, rng: &mut Rng) -> String {
    let mut html = String::with_capacity(48 << 10);
    let published = a.published.map(|p| p.to_string()).unwrap_or_default();
    html.push_str(&format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{} | {outlet}</title>\
<meta property=\"og:site_name\" content=\"{outlet}\"><meta property=\"og:title\" content=\"{}\">\
<meta property=\"article:published_time\" content=\"{published}\">\
<link rel=\"stylesheet\" href=\"/static/site.css\"><script>",
        esc(&a.title),
        esc(&a.title)
    ));
    // Inline scripts: trackers and ad slots, the bulk of a real page.
    for _ in 0..1500 {
        html.push_str(rng.pick(WORDS));
        html.push_str(if rng.chance(0.2) { "();\n" } else { "." });
    }
    html.push_str("</script></head><body><header><nav><ul>");
    for _ in 0..40 {
        let w = rng.pick(WORDS);
        html.push_str(&format!("<li><a href=\"/section/{w}\">{w}</a></li>"));
    }
    html.push_str("</ul></nav></header><main><article>");
    html.push_str(&format!(
        "<h1>{}</h1><p class=\"byline\">By Staff Reporter</p>",
        esc(&a.title)
    ));
    for para in a.text.split("\n\n") {
        html.push_str(&format!("<p>{}</p>\n", esc(para)));
    }
    html.push_str("</article><aside><h2>Related</h2><ul>");
    for _ in 0..8 {
        let w = rng.pick(WORDS);
        html.push_str(&format!(
            "<li><a href=\"/news/{w}\">More about the {w} story</a></li>"
        ));
    }
    html.push_str("</ul></aside></main><footer><p>Copyright ");
    html.push_str(outlet);
    html.push_str(". All rights reserved.</p><script>");
    for _ in 0..400 {
        html.push_str(rng.pick(WORDS));
        html.push('.');
    }
    html.push_str("</script></footer></body></html>");
    html
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
