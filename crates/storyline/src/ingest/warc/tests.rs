//! WARC reader tests: archives built here, record by record.

use std::io::{BufReader, Read, Write};

use super::http::{dechunk, parse_content_type};
use super::*;
use crate::model::Severity;

const DATE: &str = "2016-09-05T10:00:00Z";

/// An HTML news page with enough prose for the main-text extractor.
fn page(title: &str, lead: &str) -> String {
    format!(
        "<html><head><title>{title}</title></head><body><nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1>\
<p>{lead} The talks in Geneva went on through the night, officials said, and both delegations agreed to meet again.</p>\
<p>Negotiators spent most of Monday on the question of humanitarian corridors into the besieged districts, according to two people briefed on the discussions.</p>\
<p>The envoy told reporters that progress had been slow but real, and that a written text could be ready before the end of the week if nothing changed.</p>\
</article><footer>All rights reserved.</footer></body></html>"
    )
}

/// One WARC record.
fn record(kind: &str, fields: &[(&str, &str)], block: &[u8]) -> Vec<u8> {
    let mut out = format!("WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:x>\r\n");
    for (k, v) in fields {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\n\r\n", block.len()));
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(block);
    bytes.extend_from_slice(b"\r\n\r\n");
    bytes
}

/// An HTTP response: status line, header lines, body.
fn http(status: &str, headers: &[&str], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n");
    for h in headers {
        out.push_str(h);
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// A `response` record for `uri` holding an HTTP response.
fn response(uri: &str, http_block: &[u8]) -> Vec<u8> {
    record(
        "response",
        &[
            ("WARC-Target-URI", uri),
            ("WARC-Date", DATE),
            ("Content-Type", "application/http; msgtype=response"),
        ],
        http_block,
    )
}

fn html_response(uri: &str, title: &str) -> Vec<u8> {
    let body = page(title, &format!("{title} opened the day."));
    response(
        uri,
        &http(
            "200 OK",
            &["Content-Type: text/html; charset=utf-8"],
            body.as_bytes(),
        ),
    )
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).expect("write to memory");
    enc.finish().expect("write to memory")
}

fn read(bytes: &[u8]) -> (Vec<Article>, Vec<Diagnostic>) {
    read_from(&mut &bytes[..])
}

fn read_gz(bytes: &[u8]) -> (Vec<Article>, Vec<Diagnostic>) {
    let mut reader = BufReader::new(flate2::read::MultiGzDecoder::new(bytes));
    read_from(&mut reader)
}

fn read_from(reader: &mut dyn BufRead) -> (Vec<Article>, Vec<Diagnostic>) {
    let mut articles = Vec::new();
    let mut diags = Vec::new();
    read_warc("t.warc", reader, &mut |a| articles.push(a), &mut |d| {
        diags.push(d)
    });
    (articles, diags)
}

fn summary(diags: &[Diagnostic]) -> &str {
    diags
        .last()
        .filter(|d| d.message.starts_with("read "))
        .map_or("", |d| d.message.as_str())
}

/// Every kind of record, as Common Crawl News writes them.
fn mixed_archive() -> Vec<Vec<u8>> {
    let info = record(
        "warcinfo",
        &[("Content-Type", "application/warc-fields")],
        b"software: test\r\n",
    );
    let request = record(
        "request",
        &[("WARC-Target-URI", "https://news.example/a")],
        b"GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n",
    );
    let metadata = record("metadata", &[], b"fetchTimeMs: 12\r\n");
    let jpeg = |uri: &str| {
        response(
            uri,
            &http(
                "200 OK",
                &["Content-Type: image/jpeg"],
                b"\xFF\xD8\xFFbinary",
            ),
        )
    };
    let pdf = response(
        "https://news.example/r.pdf",
        &http("200 OK", &["Content-Type: application/pdf"], b"%PDF-1.4"),
    );
    let moved = response(
        "https://news.example/old",
        &http("301 Moved Permanently", &["Location: /a"], b""),
    );
    let revisit = record(
        "revisit",
        &[("WARC-Target-URI", "https://news.example/a")],
        b"",
    );
    let resource = record(
        "resource",
        &[
            ("WARC-Target-URI", "https://news.example/c"),
            ("WARC-Date", DATE),
            ("Content-Type", "text/html"),
        ],
        page("Third story", "A resource record.").as_bytes(),
    );
    let empty = response(
        "https://news.example/empty",
        &http(
            "200 OK",
            &["Content-Type: text/html"],
            b"<html><head><title>Empty</title></head><body><script>var x = 1;</script></body></html>",
        ),
    );
    vec![
        info,
        request.clone(),
        html_response("https://news.example/a", "First story"),
        metadata.clone(),
        jpeg("https://news.example/x.jpg"),
        jpeg("https://news.example/y.jpg"),
        pdf,
        moved,
        request,
        html_response("https://news.example/b", "Second story"),
        metadata,
        revisit,
        resource,
        jpeg("https://news.example/z.jpg"),
        empty,
    ]
}

#[test]
fn pages_become_articles_and_the_rest_is_counted() {
    let (articles, diags) = read(&mixed_archive().concat());
    let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "https://news.example/a",
            "https://news.example/b",
            "https://news.example/c"
        ]
    );
    let a = &articles[0];
    assert_eq!(a.title, "First story");
    assert!(a.text.contains("humanitarian corridors"), "{}", a.text);
    assert_eq!(a.provenance.format, "warc");
    assert_eq!(a.url.as_deref(), Some("https://news.example/a"));
    assert_eq!(a.provenance.source_of("url"), Some("warc"));
    assert_eq!(a.origin.record, Some(3));
    assert_eq!(a.origin.path, "t.warc");
    assert_eq!(
        a.provenance.crawled.map(|t| t.to_string()).as_deref(),
        Some(DATE)
    );
    // The crawl time is never a publication time.
    assert!(a.published.is_none());
    assert_eq!(articles[2].origin.record, Some(13));
    assert_eq!(
        summary(&diags),
        "read 15 records: 4 pages, 6 metadata/request/revisit/warcinfo records, \
4 non-HTML responses (image/jpeg 3, application/pdf 1) and \
1 response with an HTTP status other than 200 (301 1) skipped; 1 page without article text"
    );
    assert_eq!(diags.last().map(|d| d.severity), Some(Severity::Warning));
    // The page without text has its own diagnostic, in its record.
    assert!(diags
        .iter()
        .any(|d| d.record == Some(15) && d.message.contains("no article text")));
}

#[test]
fn gzip_members_read_like_plain_records() {
    let records = mixed_archive();
    let plain = read(&records.concat());
    let members: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    let gz = read_gz(&members);
    assert_eq!(plain, gz);
    // One gzip stream for the whole file too.
    assert_eq!(plain, read_gz(&gzip(&records.concat())));
}

#[test]
fn article_order_is_record_order_across_batches() {
    let n = BATCH_PAGES * 2 + 7;
    let mut bytes = Vec::new();
    for i in 0..n {
        bytes.extend(html_response(
            &format!("https://news.example/{i}"),
            &format!("Story number {i}"),
        ));
        bytes.extend(record("metadata", &[], b"x: y\r\n"));
    }
    let (articles, diags) = read(&bytes);
    assert_eq!(articles.len(), n, "{diags:?}");
    for (i, a) in articles.iter().enumerate() {
        assert_eq!(a.id, format!("https://news.example/{i}"));
        assert_eq!(a.origin.record, Some(2 * i + 1));
    }
    assert!(
        diags.iter().all(|d| d.severity == Severity::Warning),
        "{diags:?}"
    );
}

#[test]
fn reading_on_a_rayon_worker_gives_the_same_articles() {
    let archive: Vec<u8> = (0..BATCH_PAGES + 5)
        .flat_map(|i| html_response(&format!("https://n.example/{i}"), "Story"))
        .collect();
    let here = read(&archive);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    let on_worker = pool.install(|| read(&archive));
    assert_eq!(here, on_worker);
}

#[test]
fn chunked_and_compressed_bodies_are_decoded() {
    let body = page("Chunked story", "Sent in pieces.");
    let mut chunked = Vec::new();
    for piece in body.as_bytes().chunks(100) {
        chunked.extend(format!("{:x};ext=1\r\n", piece.len()).into_bytes());
        chunked.extend_from_slice(piece);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\nX-Trailer: 1\r\n\r\n");
    let gz_body = gzip(page("Gzip story", "Compressed.").as_bytes());
    let mut deflate = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    deflate
        .write_all(page("Deflate story", "Zlib.").as_bytes())
        .expect("write to memory");
    let deflate = deflate.finish().expect("write to memory");
    let both = {
        let z = gzip(page("Both story", "Gzip then chunked.").as_bytes());
        let mut c = format!("{:x}\r\n", z.len()).into_bytes();
        c.extend(z);
        c.extend_from_slice(b"\r\n0\r\n\r\n");
        c
    };
    let html = "Content-Type: text/html";
    let archive = [
        response(
            "https://n.example/1",
            &http("200 OK", &[html, "Transfer-Encoding: chunked"], &chunked),
        ),
        response(
            "https://n.example/2",
            &http("200 OK", &[html, "Content-Encoding: gzip"], &gz_body),
        ),
        response(
            "https://n.example/3",
            &http("200 OK", &[html, "Content-Encoding: deflate"], &deflate),
        ),
        response(
            "https://n.example/4",
            &http(
                "200 OK",
                &[html, "Content-Encoding: gzip", "Transfer-Encoding: chunked"],
                &both,
            ),
        ),
        response(
            "https://n.example/5",
            &http("200 OK", &[html, "Content-Encoding: br"], b"\x1b\x00"),
        ),
        // Stored de-chunked with the header kept, as many crawlers do.
        response(
            "https://n.example/6",
            &http(
                "200 OK",
                &[html, "Transfer-Encoding: chunked"],
                page("Dechunked story", "Stored plain.").as_bytes(),
            ),
        ),
    ]
    .concat();
    let (articles, diags) = read(&archive);
    let titles: Vec<&str> = articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Chunked story",
            "Gzip story",
            "Deflate story",
            "Both story",
            "Dechunked story"
        ]
    );
    assert!(!articles[0].text.contains("ext=1"));
    assert!(diags
        .iter()
        .any(|d| d.record == Some(6) && d.message.contains("declared chunked but is not")));
    assert!(diags.iter().any(|d| d.record == Some(5)
        && d.severity == Severity::Error
        && d.message.contains("unsupported HTTP encoding (br)")));
    assert!(
        summary(&diags).contains("1 page in an unsupported or broken encoding"),
        "{diags:?}"
    );
}

#[test]
fn charset_comes_from_the_http_header() {
    // "Αθήνα" in ISO-8859-7; the page itself declares nothing.
    let mut body = page("Greek story", "News from").into_bytes();
    let at = body
        .windows(9)
        .position(|w| w == b"News from")
        .expect("lead");
    let greek = [0xC1, 0xE8, 0xDE, 0xED, 0xE1];
    let mut with = body[..at + 9].to_vec();
    with.push(b' ');
    with.extend_from_slice(&greek);
    with.extend_from_slice(&body.split_off(at + 9));
    let archive = response(
        "https://n.example/gr",
        &http(
            "200 OK",
            &["Content-Type: text/html; charset=\"ISO-8859-7\""],
            &with,
        ),
    );
    let (articles, _) = read(&archive);
    assert!(
        articles[0].text.contains("News from Αθήνα"),
        "{}",
        articles[0].text
    );
}

#[test]
fn undeclared_payloads_are_sniffed() {
    let archive = [
        response(
            "https://n.example/page",
            &http("200 OK", &[], page("Sniffed story", "No type.").as_bytes()),
        ),
        response(
            "https://n.example/data",
            &http("200 OK", &[], b"\x00\x01binary"),
        ),
    ]
    .concat();
    let (articles, diags) = read(&archive);
    assert_eq!(articles.len(), 1);
    assert!(
        summary(&diags).contains("1 non-HTML response (undeclared type 1)"),
        "{diags:?}"
    );
}

#[test]
fn ids_fall_back_to_the_file_stem_and_record() {
    let archive = record(
        "resource",
        &[("Content-Type", "text/html")],
        page("No URI", "Local file.").as_bytes(),
    );
    let (articles, _) = read(&archive);
    assert_eq!(articles[0].id, "t-1");
    assert!(articles[0].url.is_none());
}

#[test]
fn damage_is_reported_and_reading_resumes() {
    let good = |i: usize| html_response(&format!("https://n.example/{i}"), &format!("Story {i}"));
    let mut broken_header = good(2);
    // A header line without a colon.
    let at = find(&broken_header, b"WARC-Date").expect("field");
    broken_header.splice(at..at + 9, b"WARC Date".iter().copied());
    let mut short = good(4);
    // Content-Length one too small: the block does not end where it says.
    let cl = find(&short, b"Content-Length: ").expect("length") + 16;
    let end = cl + short[cl..].iter().position(|&b| b == b'\r').expect("eol");
    let n: usize = std::str::from_utf8(&short[cl..end])
        .expect("digits")
        .parse()
        .expect("number");
    short.splice(cl..end, (n - 10).to_string().into_bytes());
    let mut long = good(6);
    let cl = find(&long, b"Content-Length: ").expect("length") + 16;
    let end = cl + long[cl..].iter().position(|&b| b == b'\r').expect("eol");
    long.splice(cl..end, (n + 300).to_string().into_bytes());
    let archive = [
        good(1),
        broken_header,
        good(3),
        b"some garbage between records\r\nand more\r\n".to_vec(),
        short,
        good(5),
        long,
        good(7),
    ]
    .concat();
    let (articles, diags) = read(&archive);
    let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "https://n.example/1",
            "https://n.example/3",
            "https://n.example/5",
            "https://n.example/6",
            "https://n.example/7"
        ],
        "{diags:#?}"
    );
    let errors: Vec<String> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error || d.message.contains("Content-Length"))
        .map(ToString::to_string)
        .collect();
    assert!(
        errors[0].contains("record 2: error: at byte"),
        "{errors:#?}"
    );
    assert!(
        errors[0].contains("broken WARC header (line \"WARC Date"),
        "{errors:#?}"
    );
    assert!(
        errors[1].contains("bytes that are not a WARC record skipped before record 4"),
        "{errors:#?}"
    );
    assert!(
        errors[2].contains("record 4: error:") && errors[2].contains("does not end where"),
        "{errors:#?}"
    );
    assert!(
        errors[3].contains("record 6: warning:") && errors[3].contains("runs into the next record"),
        "{errors:#?}"
    );
    assert_eq!(errors.len(), 4, "{errors:#?}");
    assert!(summary(&diags).contains("2 damaged records"), "{diags:#?}");
}

#[test]
fn a_length_past_the_end_and_a_cut_file_are_reported() {
    let one = html_response("https://n.example/1", "Story one");
    let two = html_response("https://n.example/2", "Story two");
    let mut long = one.clone();
    let cl = find(&long, b"Content-Length: ").expect("length") + 16;
    long.splice(cl..cl, b"9".iter().copied());
    let more: Vec<Vec<u8>> = (3..8)
        .map(|i| html_response(&format!("https://n.example/{i}"), "More"))
        .collect();
    let (articles, diags) = read(&[vec![long, two.clone()], more].concat().concat());
    assert_eq!(articles.len(), 7, "{diags:#?}");
    assert_eq!(articles[6].origin.record, Some(7));
    assert!(
        diags[0].message.contains("runs past the end of the file"),
        "{diags:#?}"
    );

    // Cut inside the second record.
    let whole = [one.clone(), two].concat();
    let (articles, diags) = read(&whole[..one.len() + 300]);
    assert_eq!(articles.len(), 1);
    assert!(diags
        .iter()
        .any(|d| d.record == Some(2) && d.message.contains("the file ends inside this record")));

    // A truncated .gz: the decoder's error ends the file.
    let gz: Vec<u8> = [one.clone(), one.clone(), one]
        .iter()
        .flat_map(|r| gzip(r))
        .collect();
    let (articles, diags) = read_gz(&gz[..gz.len() - 200]);
    assert_eq!(articles.len(), 2, "{diags:#?}");
    assert!(
        diags.iter().any(|d| d.severity == Severity::Error
            && (d.message.contains("read stopped") || d.message.contains("file ends"))),
        "{diags:#?}"
    );
}

#[test]
fn oversized_payloads_are_skipped_without_buffering() {
    let size = MAX_DOCUMENT_BYTES as u64 + 1;
    let head = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
        size + 44
    );
    let tail = [
        b"\r\n\r\n".to_vec(),
        html_response("https://n.example/1", "After"),
    ]
    .concat();
    let mut reader = BufReader::new(
        head.as_bytes()
            .chain(std::io::repeat(b'a').take(size))
            .chain(&tail[..]),
    );
    let (articles, diags) = read_from(&mut reader);
    assert_eq!(articles.len(), 1, "{diags:#?}");
    assert!(
        diags[0].message.contains("larger than 16 MiB"),
        "{diags:#?}"
    );
    assert!(summary(&diags).contains("1 page too large"));
}

#[test]
fn empty_and_foreign_inputs_do_not_panic() {
    let (a, d) = read(b"");
    assert!(a.is_empty());
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].severity, Severity::Error);
    let (a, d) = read(b"<html>not an archive</html>\n");
    assert!(a.is_empty());
    assert!(d[0].message.contains("not a WARC record"), "{d:?}");
}

/// Random cuts and byte flips of a valid archive, plain and gzip: any
/// diagnostics, no panic.
#[test]
fn damaged_archives_never_panic() {
    let records = [
        record("warcinfo", &[], b"software: test\r\n"),
        html_response("https://n.example/1", "One"),
        response(
            "https://n.example/2",
            &http(
                "200 OK",
                &["Content-Type: text/html", "Transfer-Encoding: chunked"],
                b"a\r\n<p>hello</p\r\n0\r\n\r\n",
            ),
        ),
        response(
            "https://n.example/3",
            &http(
                "200 OK",
                &["Content-Type: text/html", "Content-Encoding: gzip"],
                &gzip(b"<html><body><p>short</p></body></html>"),
            ),
        ),
    ];
    let plain = records.concat();
    let gz: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    let mut rng = crate::synth::Rng::new(7);
    for round in 0..120 {
        for (bytes, is_gz) in [(&plain, false), (&gz, true)] {
            let mut damaged = bytes.clone();
            if round % 3 == 0 {
                damaged.truncate(rng.below(bytes.len()));
            } else {
                for _ in 0..1 + rng.below(8) {
                    let i = rng.below(damaged.len());
                    damaged[i] = (rng.next_u64() & 0xFF) as u8;
                }
            }
            let (_, diags) = if is_gz {
                read_gz(&damaged)
            } else {
                read(&damaged)
            };
            assert!(!diags.is_empty());
        }
    }
}

#[test]
fn chunked_bodies_and_content_types_parse() {
    assert_eq!(
        dechunk(b"5\r\nhello\r\n0\r\n\r\n").as_deref(),
        Some(&b"hello"[..])
    );
    assert_eq!(
        dechunk(b"3\r\nabc\r\n3\r\ndef").as_deref(),
        Some(&b"abcdef"[..]),
        "a cut body keeps what arrived"
    );
    assert_eq!(dechunk(b"<html>"), None);
    assert_eq!(dechunk(b"zz\r\n"), None);
    assert_eq!(
        parse_content_type("Text/HTML; Charset=\"utf-8\""),
        ("text/html".to_string(), Some("utf-8".to_string()))
    );
    assert_eq!(parse_content_type(""), (String::new(), None));
    assert_eq!(thousands(1_204_000u64), "1,204,000");
    assert_eq!(thousands(12u64), "12");
}

/// Files found by `discover` are read by extension and, where the name
/// says nothing or could be either, by content.
#[test]
fn discover_reads_archives_and_feeds() {
    let dir = std::env::temp_dir().join(format!("storyline-ingest-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let members: Vec<u8> = mixed_archive().iter().flat_map(|r| gzip(r)).collect();
    let rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Feed</title>\
<item><title>From the feed</title><link>https://f.example/1</link>\
<description>Talks resumed in Geneva.</description></item></channel></rss>";
    let atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Atom</title><entry><id>x</id>\
<title>From Atom</title><content>Text.</content></entry></feed>";
    let json = "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [{\"id\": \"j\", \"content_text\": \"Text.\"}]}";
    let html = page("A page named rss", "Sniffed.");
    let files: [(&str, &[u8]); 6] = [
        ("a.warc.gz", &members),
        ("b.rss", rss.as_bytes()),
        ("c.rss", html.as_bytes()),
        ("d.xml", atom.as_bytes()),
        ("e.json", json.as_bytes()),
        ("f.dat", &members),
    ];
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).expect("write");
    }
    let (found, diags) = super::super::discover(std::slice::from_ref(&dir));
    assert!(diags.is_empty(), "{diags:?}");
    let formats: Vec<(String, Format, bool)> = found
        .iter()
        .map(|f| {
            let name = f.path.file_name().map(|n| n.to_string_lossy().into_owned());
            (name.unwrap_or_default(), f.format, f.gzip)
        })
        .collect();
    assert_eq!(
        formats,
        [
            ("a.warc.gz".to_string(), Format::Warc, true),
            ("b.rss".to_string(), Format::Feed, false),
            ("c.rss".to_string(), Format::Html, false),
            ("d.xml".to_string(), Format::Feed, false),
            ("e.json".to_string(), Format::Feed, false),
            ("f.dat".to_string(), Format::Warc, true),
        ]
    );
    let read: Vec<(usize, String)> = found
        .iter()
        .map(|f| {
            let (articles, _) = super::super::read_file(f);
            (
                articles.len(),
                articles
                    .first()
                    .map(|a| a.provenance.format.clone())
                    .unwrap_or_default(),
            )
        })
        .collect();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        read,
        [
            (3, "warc".to_string()),
            (1, "rss".to_string()),
            (1, "html".to_string()),
            (1, "atom".to_string()),
            (1, "json-feed".to_string()),
            (3, "warc".to_string()),
        ]
    );
}
