//! The `storyline` binary on the inputs people actually have: web pages
//! (plain and gzipped), web archives, RSS and Atom feeds, gzipped JSON Lines,
//! and the damaged and hostile versions of them. Every file is written by the
//! test itself into a temporary folder.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use common::{storyline, text};
use serde_json::Value;

// ---------------------------------------------------------------------------
// The articles: two stories told by several outlets.

/// Paragraphs of the ferry story that agencies and outlets copy from each other.
const FERRY: &[&str] = &[
    "Eleven people were injured, two of them seriously, when two passenger ferries collided in thick fog at the mouth of Port Avalen harbour on Friday morning, the coastguard said.",
    "The collision happened at about 7:40 a.m. as the Gannet Bay, outbound for the Skerrin Isles, met the inbound Morwen in the narrow channel beside the north breakwater. A total of 212 passengers and 19 crew were aboard the two vessels.",
    "The two seriously injured passengers were taken to St. Brennan's Hospital, where their condition was described as stable. The other nine were treated at the quayside for cuts, bruises and minor head injuries.",
    "\"Visibility in the channel was down to less than fifty metres,\" harbour master Declan Moray said. \"Both vessels were moving slowly, and that is the only reason this was not much worse.\"",
    "Avalen Island Ferries, which operates the Gannet Bay, suspended all sailings for the rest of the day. Islanders due to travel home on Friday evening were offered rooms at two hotels on the seafront.",
    "The Marine Accident Investigation Branch said it had sent a team of three inspectors to Port Avalen and would interview both crews over the weekend.",
];

/// Paragraphs of the tram story.
const TRAM: &[&str] = &[
    "Dunmere city council on Thursday approved a 340 million pound extension of the city's tram network to the airport and the new hospital at Kellin Park.",
    "Councillors voted 41 to 12 in favour of the plan after a six-hour debate, council leader Ruth Calder said. Construction of the nine-kilometre line is due to start next spring and the first trams should run in 2028.",
    "\"This is the biggest investment in public transport Dunmere has seen in fifty years,\" Calder told reporters outside the city chambers after the vote.",
    "Opponents, led by the Dunmere Residents' Association, said the line would bring years of disruption to the Old Market district and had asked for a public inquiry into the route.",
    "The extension will be paid for by a national transport grant and a levy on business parking spaces in the city centre, the council's transport committee said.",
];

/// `paras` as HTML paragraphs, after a lead paragraph of the outlet's own.
fn html_paras(lead: &str, paras: &[&str]) -> String {
    let mut out = format!("<p>{}</p>\n", escape(lead));
    for p in paras {
        out.push_str(&format!("<p>{}</p>\n", escape(p)));
    }
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A news page as sites write them: metadata in the head, a menu, the
/// article with a caption and a share bar, a footer.
fn news_page(site: &str, headline: &str, body: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>{headline} | {site}</title>
<meta property="og:site_name" content="{site}">
<meta property="og:title" content="{headline}">
<meta name="author" content="Marta Quill">
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
<style>body {{ font-family: Georgia, serif; }} .share {{ display: flex; }}</style>
</head>
<body>
<header><nav class="main-menu"><ul>
<li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/business">Business</a></li><li><a href="/weather">Weather</a></li>
</ul></nav></header>
<main>
<article>
<h1>{headline}</h1>
<div class="byline">By Marta Quill, Transport Correspondent</div>
<figure><img src="/img/lead.jpg" alt=""><figcaption>The harbour on Friday morning. Photo: Coastguard</figcaption></figure>
{body}
<div class="share">Share this article: Facebook Twitter Email</div>
</article>
<aside class="related"><h2>Related</h2><ul>
<li><a href="/a">Council sets next year's budget</a></li>
<li><a href="/b">Storm warning for the weekend</a></li>
</ul></aside>
</main>
<footer>Copyright 2025 {site}. All rights reserved. <a href="/privacy">Privacy</a></footer>
</body>
</html>
"#
    )
}

// ---------------------------------------------------------------------------
// Writing inputs.

/// A fresh, empty folder for one test (removed when dropped).
struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let dir = common::tmp(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create test folder");
        Dir(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).expect("write input");
        path
    }

    fn arg(&self) -> String {
        self.0.display().to_string()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).expect("gzip");
    enc.finish().expect("gzip")
}

/// One WARC 1.0 record.
fn warc_record(kind: &str, uri: &str, date: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Date: {date}\r\n\
         WARC-Record-ID: <urn:uuid:{:08x}-3f7a-4b1c-9d2e-7c1b5a9e0f11>\r\n\
         WARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\n\r\n",
        uri.len() * 7919 + block.len(),
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// An HTTP exchange as a crawler stores it in a `request` record.
fn http_request(uri: &str) -> Vec<u8> {
    let rest = uri.split_once("://").map_or(uri, |(_, r)| r);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    format!(
        "GET /{path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: storyline-test-crawler/1.0\r\n\
         Accept: text/html,application/xhtml+xml\r\nAccept-Encoding: gzip\r\n\r\n"
    )
    .into_bytes()
}

/// An HTTP response as a crawler stores it in a `response` record.
fn http_response(content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 200 OK\r\nDate: Sat, 15 Mar 2025 06:00:00 GMT\r\nServer: nginx\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// A `response` record holding an HTML page.
fn warc_page(uri: &str, date: &str, html: &str) -> Vec<u8> {
    warc_record(
        "response",
        uri,
        date,
        "application/http; msgtype=response",
        &http_response("text/html; charset=utf-8", html.as_bytes()),
    )
}

/// The first bytes of a JPEG file (NUL bytes included, as in real images).
const JPEG: &[u8] = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x48\x00\x48\x00\x00\xff\xdb\x00\x43\x00\x08\x06\x06\x07\x06\x05\x08\x07\x07\x07\x09\x09\x08\x0a\x0c\x14\x0d\x0c\x0b\x0b\x0c\x19\x12\x13\x0f\x14\x1d\x1a\x1f\x1e\x1d\x1a\x1c\x1c\x20\x24\x2e\x27\x20\x22\x2c\x23\x1c\x1c\x28\x37\x29\x2c\x30\x31\x34\x34\x34\x1f\x27\x39\x3d\x38\x32\x3c\x2e\x33\x34\x32\xff\xd9";

/// An RSS 2.0 item with a teaser in `description` and its full text in
/// `content:encoded`, as WordPress writes them.
fn rss_item(guid: &str, title: &str, date: &str, html: &str) -> String {
    let teaser = format!("{} [&#8230;]", &title[..title.len() / 2]);
    format!(
        "<item>\n<title>{}</title>\n<link>{guid}</link>\n<guid isPermaLink=\"true\">{guid}</guid>\n\
         <pubDate>{date}</pubDate>\n<dc:creator>Owen Tal</dc:creator>\n\
         <description><![CDATA[{teaser}]]></description>\n\
         <content:encoded><![CDATA[{html}]]></content:encoded>\n</item>\n",
        escape(title),
    )
}

fn rss(channel: &str, items: &[String]) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>{channel}</title>
<link>https://north-channel-post.example/</link>
<description>News from the North Channel</description>
<language>en-gb</language>
<lastBuildDate>Sun, 16 Mar 2025 08:00:00 +0000</lastBuildDate>
{}</channel>
</rss>
"#,
        items.concat()
    )
}

fn atom_entry(id: &str, title: &str, published: &str, html: &str) -> String {
    format!(
        "<entry>\n<id>{id}</id>\n<title>{}</title>\n<link rel=\"alternate\" href=\"{id}\"/>\n\
         <published>{published}</published>\n<updated>{published}</updated>\n\
         <content type=\"html\">{}</content>\n</entry>\n",
        escape(title),
        escape(html)
    )
}

fn atom(title: &str, entries: &[String]) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<title>{title}</title>
<id>https://dunmere-ledger.example/</id>
<updated>2025-03-16T07:00:00Z</updated>
<author><name>Dunmere Ledger newsroom</name></author>
<link rel="self" href="https://dunmere-ledger.example/feed"/>
{}</feed>
"#,
        entries.concat()
    )
}

/// Windows-1251 bytes of Russian text (Cyrillic А..я, without Ё/ё) and ASCII.
fn cp1251(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            'А'..='я' => (u32::from(c) - u32::from('А') + 0xC0) as u8,
            c if c.is_ascii() => c as u8,
            c => panic!("{c:?} is not in this Windows-1251 table"),
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Running storyline and reading its report.

/// What a run of `storyline` left: exit status, standard output and error.
struct Run {
    status: std::process::ExitStatus,
    stdout: Vec<u8>,
    stderr: String,
    took: std::time::Duration,
}

/// Run `storyline` with `args`, killed if it runs longer than `limit` (a
/// hang fails the test instead of holding up the suite). Its output goes
/// through files in `scratch`.
fn run_within(args: &[&str], limit: std::time::Duration, scratch: &Path) -> Run {
    let (out, err) = (scratch.join("stdout"), scratch.join("stderr"));
    let start = std::time::Instant::now();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(args)
        .stdout(std::fs::File::create(&out).expect("stdout file"))
        .stderr(std::fs::File::create(&err).expect("stderr file"))
        .spawn()
        .expect("run storyline");
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > limit {
            child.kill().expect("kill");
            child.wait().expect("reap");
            panic!(
                "storyline {args:?} still running after {limit:?}; killed. stderr: {}",
                std::fs::read_to_string(&err).unwrap_or_default()
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    Run {
        status,
        stdout: std::fs::read(&out).expect("stdout"),
        stderr: text(&std::fs::read(&err).expect("stderr")),
        took: start.elapsed(),
    }
}

/// Run `storyline digest PATHS --format json`; expect success; the report.
fn digest(paths: &[&str]) -> (Value, String) {
    let mut args = vec!["digest"];
    args.extend_from_slice(paths);
    args.extend_from_slice(&["--format", "json"]);
    let out = storyline(&args);
    let err = text(&out.stderr);
    assert!(
        out.status.success(),
        "storyline {args:?} failed ({:?}): {err}",
        out.status
    );
    assert!(!err.contains("panicked"), "{err}");
    let v = serde_json::from_slice(&out.stdout).expect("JSON report on stdout");
    (v, err)
}

fn articles(report: &Value) -> &Vec<Value> {
    report["articles"].as_array().expect("articles")
}

fn diagnostics(report: &Value) -> &Vec<Value> {
    report["diagnostics"].as_array().expect("diagnostics")
}

/// The articles read from the file whose name is `name`.
fn from_file<'a>(report: &'a Value, name: &str) -> Vec<&'a Value> {
    articles(report)
        .iter()
        .filter(|a| file_name(&a["file"]) == name)
        .collect()
}

/// The one article read from the file `name`.
fn only_from<'a>(report: &'a Value, name: &str) -> &'a Value {
    let found = from_file(report, name);
    assert_eq!(
        found.len(),
        1,
        "one article from {name}; articles: {:#?}",
        summary(report)
    );
    found[0]
}

/// The diagnostics about the file `name`.
fn diags_of<'a>(report: &'a Value, name: &str) -> Vec<&'a Value> {
    diagnostics(report)
        .iter()
        .filter(|d| file_name(&d["file"]) == name)
        .collect()
}

fn file_name(path: &Value) -> &str {
    let path = path.as_str().expect("file is a string");
    path.rsplit('/').next().unwrap_or(path)
}

/// Id, file and title of every article, for failure messages.
fn summary(report: &Value) -> Vec<String> {
    articles(report)
        .iter()
        .map(|a| format!("{} | {} | {}", a["id"], a["file"], a["title"]))
        .collect()
}

/// The stories of a report as sets of article ids.
fn partition(report: &Value) -> BTreeSet<BTreeSet<String>> {
    report["stories"]
        .as_array()
        .expect("stories")
        .iter()
        .map(|s| {
            s["articles"]
                .as_array()
                .expect("story articles")
                .iter()
                .map(|id| id.as_str().expect("id").to_string())
                .collect()
        })
        .collect()
}

fn message(d: &Value) -> &str {
    d["message"].as_str().expect("message")
}

/// The diagnostic about `file` of this `severity` whose message contains
/// `needle`: it must be in the report, and on standard error as storyline
/// prints it (`path[:line]: [record N: ]severity: message`).
fn reported<'a>(v: &'a Value, stderr: &str, file: &str, severity: &str, needle: &str) -> &'a Value {
    let d = diags_of(v, file)
        .into_iter()
        .find(|d| d["severity"] == severity && message(d).contains(needle))
        .unwrap_or_else(|| {
            panic!(
                "no {severity} {needle:?} about {file} in {:#?}",
                diagnostics(v)
            )
        });
    let mut line = format!("storyline: {}", d["file"].as_str().expect("file"));
    if let Some(n) = d["line"].as_u64() {
        line.push_str(&format!(":{n}"));
    }
    line.push_str(": ");
    if let Some(n) = d["record"].as_u64() {
        line.push_str(&format!("record {n}: "));
    }
    line.push_str(&format!("{severity}: {}", message(d)));
    assert!(
        stderr.lines().any(|l| l == line),
        "{line:?} not on stderr:\n{stderr}"
    );
    d
}

/// The error diagnostics of a report.
fn errors(report: &Value) -> Vec<&Value> {
    diagnostics(report)
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect()
}

// ---------------------------------------------------------------------------
// The mixed folder.

const CRAWLED: &str = "2025-03-15T06:00:00Z";
const COURIER_URI: &str =
    "https://avalen-courier.example/2025/03/14/passengers-describe-the-ferry-collision";
const LEDGER_URI: &str = "https://dunmere-ledger.example/2025/03/13/tram-extension-approved";

/// A folder with one of each input kind: a page, a gzipped page, a gzipped
/// web archive (two pages, a request, an image), an RSS feed with full
/// content, and an Atom feed in a file without an extension.
fn write_mixed(dir: &Dir) {
    dir.write(
        "meridian-ferries.html",
        news_page(
            "Meridian Wire",
            "Two ferries collide in fog off Port Avalen, 11 injured",
            &html_paras(
                "PORT AVALEN, March 14 (Meridian Wire) - Two passenger ferries collided in thick fog at the mouth of Port Avalen harbour on Friday morning.",
                FERRY,
            ),
        ),
    );
    dir.write(
        "harbor-gazette.html.gz",
        gzip(
            news_page(
                "Harbor Gazette",
                "Eleven hurt as ferries collide in harbour fog",
                &html_paras(
                    "Two island ferries ran into each other in fog just outside Port Avalen harbour on Friday morning, in the worst accident on the Skerrin crossing for more than a decade.",
                    &FERRY[..5],
                ),
            )
            .as_bytes(),
        ),
    );
    // Common Crawl style: each record its own gzip member.
    let records = [
        warc_record(
            "request",
            COURIER_URI,
            CRAWLED,
            "application/http; msgtype=request",
            &http_request(COURIER_URI),
        ),
        warc_page(
            COURIER_URI,
            CRAWLED,
            &news_page(
                "Avalen Courier",
                "Passengers describe a bang, then screaming, as ferries collide",
                &html_paras(
                    "Passengers on the Gannet Bay said they had only seconds of warning before the ferry struck the Morwen in dense fog at the entrance to Port Avalen harbour on Friday.",
                    &FERRY[1..],
                ),
            ),
        ),
        warc_page(
            LEDGER_URI,
            CRAWLED,
            &news_page(
                "Dunmere Ledger",
                "Council approves tram extension to the airport",
                &html_paras(
                    "The tram is coming to Kellin Park: after years of argument, Dunmere's councillors have said yes.",
                    TRAM,
                ),
            ),
        ),
        warc_record(
            "response",
            "https://avalen-courier.example/img/ferries.jpg",
            CRAWLED,
            "application/http; msgtype=response",
            &http_response("image/jpeg", JPEG),
        ),
    ];
    let warc: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    dir.write("crawl.warc.gz", warc);
    dir.write(
        "north-channel.rss",
        rss(
            "North Channel Post",
            &[
                rss_item(
                    "https://north-channel-post.example/2025/03/14/ferry-operator-suspends-sailings",
                    "Ferry operator suspends sailings after collision in fog",
                    "Fri, 14 Mar 2025 15:20:00 +0000",
                    &html_paras(
                        "Avalen Island Ferries cancelled every crossing to the Skerrin Isles on Friday after two of its ships collided.",
                        &FERRY[..4],
                    ),
                ),
                rss_item(
                    "https://north-channel-post.example/2025/03/13/trams-to-kellin-park",
                    "Trams to Kellin Park: council says yes",
                    "Thu, 13 Mar 2025 19:05:00 +0000",
                    &html_paras(
                        "Dunmere will get its tram line to the airport after all.",
                        &TRAM[..4],
                    ),
                ),
            ],
        ),
    );
    dir.write(
        "latest",
        atom(
            "Dunmere Ledger",
            &[
                atom_entry(
                    "https://dunmere-ledger.example/2025/03/14/tram-opponents-inquiry",
                    "Tram opponents demand a public inquiry",
                    "2025-03-14T08:00:00Z",
                    &html_paras(
                        "The fight over Dunmere's tram extension is not over, residents said on Friday.",
                        &TRAM[1..],
                    ),
                ),
                atom_entry(
                    "https://dunmere-ledger.example/2025/03/14/ferry-collision-investigators",
                    "Investigators sent to Port Avalen after ferry collision",
                    "2025-03-14T18:30:00Z",
                    &html_paras(
                        "Accident investigators arrived in Port Avalen on Friday evening.",
                        &FERRY[2..],
                    ),
                ),
            ],
        ),
    );
}

/// Every kind of input in one folder: each article is read, with the reader
/// that read it, archive records and crawl times, and the archive's summary
/// of what it skipped.
#[test]
fn a_mixed_folder_is_read_whole_with_provenance() {
    let dir = Dir::new("mixed");
    write_mixed(&dir);
    let (v, err) = digest(&[&dir.arg()]);
    assert_eq!(v["stats"]["articles"], 8, "{:#?}", summary(&v));

    let page = only_from(&v, "meridian-ferries.html");
    assert_eq!(page["provenance"]["format"], "html");
    assert_eq!(page["provenance"]["extractor"], "storyline");
    assert_eq!(page["source"], "Meridian Wire");
    assert_eq!(page["provenance"]["sources"]["source"], "opengraph");
    assert_eq!(page["lang"], "en-GB");
    let body = page["text"].as_str().expect("text");
    assert!(body.contains("harbour master Declan Moray said"), "{body}");
    for furniture in ["Weather", "All rights reserved", "Storm warning"] {
        assert!(!body.contains(furniture), "{furniture:?} in {body}");
    }

    let gz = only_from(&v, "harbor-gazette.html.gz");
    assert_eq!(gz["provenance"]["format"], "html");
    assert!(gz["text"]
        .as_str()
        .expect("text")
        .contains("worst accident on the Skerrin crossing"));

    let warc = from_file(&v, "crawl.warc.gz");
    let ids: Vec<&str> = warc.iter().map(|a| a["id"].as_str().expect("id")).collect();
    assert_eq!(ids, [COURIER_URI, LEDGER_URI], "the two pages, in order");
    for (a, record) in warc.iter().zip([2, 3]) {
        assert_eq!(a["provenance"]["format"], "warc", "{a:#}");
        assert_eq!(a["record"], record, "request is record 1");
        assert_eq!(a["provenance"]["crawled"], CRAWLED);
        assert_ne!(
            a["published"], CRAWLED,
            "the crawl time is never a publication time"
        );
        assert_eq!(a["url"], a["id"]);
        assert_eq!(a["provenance"]["sources"]["url"], "warc");
    }
    assert!(warc[1]["text"]
        .as_str()
        .expect("text")
        .contains("Councillors voted 41 to 12"));

    let rss = from_file(&v, "north-channel.rss");
    assert_eq!(rss.len(), 2, "{:#?}", summary(&v));
    for (a, record) in rss.iter().zip([1, 2]) {
        assert_eq!(a["provenance"]["format"], "rss");
        assert_eq!(a["record"], record);
        assert_eq!(a["source"], "North Channel Post");
        assert_eq!(a["provenance"]["sources"]["published"], "feed");
        assert_eq!(a["provenance"]["authors"], serde_json::json!(["Owen Tal"]));
        assert!(
            a["provenance"].get("teaser").is_none(),
            "full content is not a teaser: {a:#}"
        );
    }
    assert_eq!(rss[0]["published"], "2025-03-14T15:20:00Z");
    assert!(rss[0]["text"]
        .as_str()
        .expect("text")
        .contains("St. Brennan's Hospital"));

    let atom = from_file(&v, "latest");
    assert_eq!(atom.len(), 2, "{:#?}", summary(&v));
    for a in &atom {
        assert_eq!(a["provenance"]["format"], "atom");
        assert_eq!(a["source"], "Dunmere Ledger");
        assert_eq!(a["lang"], "en");
    }
    assert_eq!(atom[1]["published"], "2025-03-14T18:30:00Z");
    assert_eq!(
        atom[1]["provenance"]["authors"],
        serde_json::json!(["Dunmere Ledger newsroom"])
    );

    // The archive's summary counts what it skipped, in the report and on stderr.
    let d = reported(&v, &err, "crawl.warc.gz", "warning", "read ");
    assert_eq!(
        message(d),
        "read 4 records: 2 pages, 1 request record and 1 non-HTML response (image/jpeg 1) skipped"
    );
    // Nothing in this folder is an error.
    assert_eq!(v["stats"]["skipped"], 0, "{:#?}", diagnostics(&v));

    // The ferry and tram articles make two stories, whatever the format.
    let stories = partition(&v);
    let ferry: BTreeSet<String> = articles(&v)
        .iter()
        .filter(|a| {
            let t = a["text"].as_str().unwrap_or_default();
            t.contains("Port Avalen")
        })
        .map(|a| a["id"].as_str().expect("id").to_string())
        .collect();
    assert_eq!(ferry.len(), 5);
    assert!(stories.contains(&ferry), "ferry story: {stories:#?}");

    // Headlines without the site's name the <title> tag appends.
    assert_eq!(
        page["title"],
        "Two ferries collide in fog off Port Avalen, 11 injured"
    );
    assert_eq!(gz["title"], "Eleven hurt as ferries collide in harbour fog");
    assert_eq!(
        warc[1]["title"],
        "Council approves tram extension to the airport"
    );
}

/// `extract` is lossless for what matters downstream: its JSON Lines digest
/// into the same stories, with the same metadata and provenance.
#[test]
fn extract_then_digest_gives_the_same_stories_and_provenance() {
    let dir = Dir::new("roundtrip-in");
    write_mixed(&dir);
    let out = Dir::new("roundtrip-out");
    let jsonl = out.path().join("articles.jsonl").display().to_string();
    let run = storyline(&["extract", &dir.arg(), "-o", &jsonl]);
    let err = text(&run.stderr);
    assert!(run.status.success(), "{err}");
    assert!(run.stdout.is_empty(), "-o writes the file, not stdout");
    assert!(!err.contains("panicked"), "{err}");
    let lines = std::fs::read_to_string(&jsonl).expect("extract wrote its file");
    assert_eq!(lines.lines().count(), 8, "{lines}");
    for line in lines.lines() {
        let a: Value = serde_json::from_str(line).expect("each line is JSON");
        assert!(a["provenance"]["format"].is_string(), "{line}");
    }

    let (direct, _) = digest(&[&dir.arg()]);
    let (round, _) = digest(&[&jsonl]);
    assert_eq!(round["stats"]["articles"], direct["stats"]["articles"]);
    let stories = partition(&direct);
    assert!(
        stories.iter().any(|s| s.len() > 1),
        "nothing grouped, nothing compared: {stories:#?}"
    );
    assert_eq!(partition(&round), stories);

    let by_id = |v: &Value| -> BTreeMap<String, Value> {
        articles(v)
            .iter()
            .map(|a| (a["id"].as_str().expect("id").to_string(), a.clone()))
            .collect()
    };
    let (direct, round) = (by_id(&direct), by_id(&round));
    assert_eq!(
        direct.keys().collect::<Vec<_>>(),
        round.keys().collect::<Vec<_>>()
    );
    for (id, a) in &direct {
        let b = &round[id];
        assert_eq!(b["provenance"], a["provenance"], "provenance of {id}");
        for field in ["title", "source", "url", "published", "lang"] {
            assert_eq!(b[field], a[field], "{field} of {id}");
        }
        assert!(file_name(&b["file"]) == "articles.jsonl");
    }
    // The crawl time in particular survives.
    assert_eq!(round[COURIER_URI]["provenance"]["crawled"], CRAWLED);
}

// ---------------------------------------------------------------------------
// Bad input.

/// Russian news, to be written in Windows-1251 with no charset declared anywhere.
const RUSSIAN: [&str; 2] = [
    "Президент России заявил сегодня, что переговоры о прекращении огня продолжатся на следующей неделе в Женеве. По словам министра иностранных дел, делегации обеих сторон уже согласовали повестку дня и состав рабочих групп.",
    "Встреча министров запланирована на вторник. Ожидается, что в ней примут участие представители двенадцати стран и наблюдатели от Организации Объединенных Наций.",
];

/// The line of the first occurrence of `needle` in `text` (1-based).
fn line_of(text: &str, needle: &str) -> usize {
    let at = text.find(needle).expect("needle");
    text[..at].matches('\n').count() + 1
}

/// Damaged input of every kind in one folder, with one good article: each
/// problem is named (file, line or record) on stderr and in the report, the
/// rest is read, and `stats.skipped` counts the errors.
#[test]
fn bad_input_is_named_and_the_rest_is_read() {
    let dir = Dir::new("bad");
    // The one good article.
    dir.write(
        "good.html",
        news_page(
            "Meridian Wire",
            "Two ferries collide in fog off Port Avalen, 11 injured",
            &html_paras("PORT AVALEN, March 14 (Meridian Wire) -", FERRY),
        ),
    );

    // A gzipped page cut in the middle of its compressed bytes.
    let long_page = news_page(
        "Harbor Gazette",
        "Eleven hurt as ferries collide in harbour fog",
        &html_paras(
            "Two island ferries ran into each other in fog just outside Port Avalen harbour on Friday morning.",
            &[FERRY, FERRY, TRAM, TRAM, FERRY].concat(),
        ),
    );
    let packed = gzip(long_page.as_bytes());
    dir.write("cut.html.gz", &packed[..packed.len() / 2]);

    // A web archive with a broken record between two good ones.
    let broken_record = b"WARC/1.0\r\nWARC-Type: response\r\nthis line is not a header field\r\nContent-Length: 20\r\n\r\nHTTP/1.1 200 OK\r\n\r\n\r\n\r\n".to_vec();
    let warc = [
        warc_page(
            COURIER_URI,
            CRAWLED,
            &news_page(
                "Avalen Courier",
                "Passengers describe the collision",
                &html_paras(
                    "Passengers on the Gannet Bay said they had only seconds of warning.",
                    FERRY,
                ),
            ),
        ),
        broken_record,
        warc_page(
            LEDGER_URI,
            CRAWLED,
            &news_page(
                "Dunmere Ledger",
                "Council approves tram extension",
                &html_paras("The tram is coming to Kellin Park.", TRAM),
            ),
        ),
    ]
    .concat();
    dir.write("archive.warc", warc);

    // A feed that is not well-formed: the second item's title is closed wrongly.
    let feed = rss(
        "North Channel Post",
        &[
            rss_item(
                "https://north-channel-post.example/1",
                "Ferry operator suspends sailings",
                "Fri, 14 Mar 2025 15:20:00 +0000",
                &html_paras("Avalen Island Ferries cancelled every crossing.", FERRY),
            ),
            "<item>\n<title>Trams to Kellin Park</titel>\n<description>Dunmere will get its tram line.</description>\n</item>\n"
                .to_string(),
        ],
    );
    let bad_line = line_of(&feed, "</titel>");
    dir.write("broken.rss", &feed);

    // A page with nothing but a menu.
    dir.write(
        "menu.html",
        "<!DOCTYPE html><html><head><title>Sections | Meridian Wire</title></head><body>\n\
         <nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/world\">World</a></li>\
         <li><a href=\"/business\">Business</a></li><li><a href=\"/sport\">Sport</a></li>\
         <li><a href=\"/culture\">Culture</a></li><li><a href=\"/weather\">Weather</a></li>\
         <li><a href=\"/contact\">Contact us</a></li></ul></nav>\n</body></html>\n",
    );

    // Russian in Windows-1251, no charset anywhere.
    let russian = format!(
        "<html><head><title>Переговоры продолжатся</title></head><body><article><h1>Переговоры продолжатся</h1><p>{}</p><p>{}</p></article></body></html>",
        RUSSIAN[0], RUSSIAN[1]
    );
    dir.write("russian.html", cp1251(&russian));

    // 20 MB: one article in megabytes of inline scripts and repeated menus.
    let huge = huge_page();
    assert!(huge.len() >= 20_000_000);
    dir.write("huge.html", &huge);

    dir.write("empty.html", b"");
    dir.write("photo.html", JPEG);

    let scratch = Dir::new("bad-run");
    let out = run_within(
        &["digest", &dir.arg(), "--format", "json"],
        std::time::Duration::from_secs(60),
        scratch.path(),
    );
    let err = &out.stderr;
    assert_eq!(out.status.code(), Some(0), "some article was read: {err}");
    assert!(!err.contains("panicked"), "{err}");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let reported =
        |file: &str, severity: &str, needle: &str| reported(&v, err, file, severity, needle);

    // The good article.
    only_from(&v, "good.html");

    // Truncated gzip: a warning naming the file; what was read is kept.
    let d = reported("cut.html.gz", "warning", "read stopped after");
    assert!(message(d).ends_with("the rest is lost"), "{d:#}");
    let partial = only_from(&v, "cut.html.gz");
    assert!(partial["text"]
        .as_str()
        .expect("text")
        .contains("Two island ferries ran into each other"));

    // The broken WARC record, by number; both good ones read, and the
    // summary counts the damage.
    let d = reported("archive.warc", "error", "broken WARC header");
    assert_eq!(d["record"], 2, "{d:#}");
    let warc = from_file(&v, "archive.warc");
    let records: Vec<&Value> = warc.iter().map(|a| &a["record"]).collect();
    assert_eq!(records, [1, 3], "{:#?}", summary(&v));
    reported(
        "archive.warc",
        "warning",
        "read 3 records: 2 pages, 1 damaged record skipped",
    );

    // The feed: file and line; the item before the damage is kept.
    let d = reported("broken.rss", "error", "not well-formed XML");
    assert_eq!(d["line"], bad_line, "{d:#}");
    assert_eq!(only_from(&v, "broken.rss")["record"], 1);

    // A menu is not an article.
    reported("menu.html", "error", "no article text found on the page");
    assert!(from_file(&v, "menu.html").is_empty());

    // The undeclared encoding is detected, and said so.
    reported(
        "russian.html",
        "warning",
        "no character encoding declared and not UTF-8; read as windows-1251 (detected)",
    );
    let ru = only_from(&v, "russian.html");
    let ru_text = ru["text"].as_str().expect("text");
    for para in RUSSIAN {
        assert!(ru_text.contains(para), "{ru_text}");
    }
    assert_eq!(ru["title"], "Переговоры продолжатся");
    assert!(
        !ru_text.contains(['\u{FFFD}', 'Ð', 'Ñ', 'Ï', 'ð', 'å']),
        "mojibake: {ru_text}"
    );

    // The 20 MB page: read in time (run_within), the article found, the
    // cut said.
    reported("huge.html", "warning", "larger than 16 MiB");
    let big = only_from(&v, "huge.html");
    let big_text = big["text"].as_str().expect("text");
    assert!(
        big_text.contains("harbour master Declan Moray said"),
        "{}",
        &big_text[..big_text.len().min(2000)]
    );
    assert!(
        big_text.len() < 20_000,
        "furniture kept: {} bytes",
        big_text.len()
    );

    // Empty and binary files: errors naming them.
    reported("empty.html", "error", "empty page");
    reported("photo.html", "error", "binary content");

    // Each error is one skipped piece of input, and they are these.
    let errs = errors(&v);
    assert_eq!(v["stats"]["skipped"], errs.len(), "{errs:#?}");
    let mut failed: Vec<&str> = errs.iter().map(|d| file_name(&d["file"])).collect();
    failed.sort_unstable();
    assert_eq!(
        failed,
        [
            "archive.warc",
            "broken.rss",
            "empty.html",
            "menu.html",
            "photo.html"
        ],
        "{errs:#?}"
    );
    assert_eq!(v["stats"]["articles"], 7, "{:#?}", summary(&v));
}

/// A 20 MB page: a head of inline scripts (analytics, a serialized app
/// state), a menu repeated in every section, the article, and more scripts.
fn huge_page() -> Vec<u8> {
    let mut page = String::with_capacity(21_000_000);
    page.push_str("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Two ferries collide in fog off Port Avalen | Meridian Wire</title>\n");
    // 6 MB of inline script in the head.
    page.push_str("<script>window.__STATE__ = [");
    while page.len() < 6_000_000 {
        page.push_str("{\"id\":12345,\"kind\":\"teaser\",\"headline\":\"Storm warning for the weekend\",\"href\":\"/news/storm\"},");
    }
    page.push_str("null];</script>\n</head><body>\n");
    // 2 MB of navigation.
    let menu = "<nav class=\"menu\"><ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li><li><a href=\"/sport\">Sport</a></li><li><a href=\"/weather\">Weather</a></li></ul></nav>\n";
    while page.len() < 8_000_000 {
        page.push_str(menu);
    }
    page.push_str(
        "<main><article><h1>Two ferries collide in fog off Port Avalen, 11 injured</h1>\n",
    );
    page.push_str(&html_paras(
        "PORT AVALEN, March 14 (Meridian Wire) - Two passenger ferries collided in thick fog.",
        FERRY,
    ));
    page.push_str("</article></main>\n");
    // And 12 MB of trailing scripts: the page goes on past what is read whole.
    while page.len() < 20_000_000 {
        page.push_str("<script>(function(){var a=document.createElement('div');a.className='ad-slot';document.body.appendChild(a);})();</script>\n");
    }
    page.push_str("</body></html>\n");
    page.into_bytes()
}

// ---------------------------------------------------------------------------
// Hostile pages.

/// The article every hostile page carries somewhere.
fn article_html() -> String {
    format!(
        "<h1>Two ferries collide in fog off Port Avalen</h1>\n{}",
        html_paras("PORT AVALEN, March 14 (Meridian Wire) -", FERRY)
    )
}

/// Run digest on a good page and one hostile page: it must not crash, and
/// the hostile page gives an article or an error naming it. Returns the
/// hostile page's article, if any, and its diagnostics.
fn survive(name: &str, page: &[u8]) -> (Option<Value>, Vec<Value>) {
    let dir = Dir::new(&format!("hostile-{name}"));
    dir.write(
        "good.html",
        news_page(
            "Dunmere Ledger",
            "Council approves tram extension",
            &html_paras("The tram is coming to Kellin Park.", TRAM),
        ),
    );
    let path = dir.write(name, page);
    let scratch = Dir::new(&format!("hostile-{name}-run"));
    let out = run_within(
        &["digest", &dir.arg(), "--format", "json"],
        std::time::Duration::from_secs(20),
        scratch.path(),
    );
    let err = &out.stderr;
    assert!(!err.contains("panicked"), "{name}: {err}");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{name}: killed or failed ({:?}): {err}",
        out.status
    );
    eprintln!("{name}: {:?}", out.took);
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    only_from(&v, "good.html");
    let found = from_file(&v, name);
    assert!(found.len() <= 1);
    let diags: Vec<Value> = diags_of(&v, name).into_iter().cloned().collect();
    let shown = path.display().to_string();
    if found.is_empty() {
        assert!(
            diags.iter().any(|d| d["severity"] == "error"),
            "{name}: neither an article nor an error: {diags:#?}"
        );
        assert!(err.contains(&format!("{shown}: error: ")), "{err}");
    }
    (found.first().map(|a| (*a).clone()), diags)
}

/// Pages built to break parsers: each gives its article or an error naming
/// it, in bounded time, never a panic or a crash.
#[test]
fn hostile_pages_give_an_article_or_a_diagnostic_never_a_crash() {
    // 2,000 nested <div>s around the article.
    let deep = format!(
        "<!DOCTYPE html><html><head><title>Deep</title></head><body>{}<article>{}</article>{}</body></html>",
        "<div class=\"wrap\">".repeat(2000),
        article_html(),
        "</div>".repeat(2000)
    );
    let (a, _) = survive("deep.html", deep.as_bytes());
    let a = a.expect("the article inside 2,000 divs");
    assert!(a["text"]
        .as_str()
        .expect("text")
        .contains("harbour master Declan Moray said"));

    // Nothing but scripts: no article, an error saying so.
    let scripts = format!(
        "<!DOCTYPE html><html><head><title>App</title></head><body>{}</body></html>",
        "<script>document.write('<p>' + 'Loading the latest news for you, please wait a moment while the page loads' + '</p>');</script>\n"
            .repeat(200)
    );
    let (a, diags) = survive("scripts.html", scripts.as_bytes());
    assert!(a.is_none(), "script text is not an article: {a:#?}");
    assert!(
        diags.iter().any(|d| d["message"]
            .as_str()
            .expect("message")
            .contains("no article text found")),
        "{diags:#?}"
    );

    // A comment opened after the article and never closed: it runs to the
    // end of the page, as a browser reads it; the article stands.
    let comment = format!(
        "<!DOCTYPE html><html><head><title>Comment</title></head><body><article>{}</article>\n<!-- tracking pixel\n<footer>Copyright Meridian Wire</footer></body></html>",
        article_html()
    );
    let (a, _) = survive("comment.html", comment.as_bytes());
    let a = a.expect("the article before the unclosed comment");
    let t = a["text"].as_str().expect("text");
    assert!(t.contains("harbour master Declan Moray said"), "{t}");
    assert!(
        !t.contains("tracking pixel") && !t.contains("Copyright"),
        "{t}"
    );

    // 100,000 attributes on one tag (last: a hang here is killed, and
    // would hide the cases after it).
    let mut attrs = String::with_capacity(2_000_000);
    for i in 0..100_000 {
        attrs.push_str(&format!(" data-x{i}=\"{i}\""));
    }
    let wide = format!(
        "<!DOCTYPE html><html><head><title>Wide</title></head><body><article{attrs}>{}</article></body></html>",
        article_html()
    );
    let (a, _) = survive("attributes.html", wide.as_bytes());
    let a = a.expect("the article of a tag with 100,000 attributes");
    assert!(a["text"]
        .as_str()
        .expect("text")
        .contains("harbour master Declan Moray said"));
}

// ---------------------------------------------------------------------------
// Gzipped JSON Lines.

/// `.jsonl.gz` reads exactly like the `.jsonl` it was made from.
#[test]
fn gzipped_json_lines_are_read_like_json_lines() {
    let dir = Dir::new("jsonl-gz");
    let mut lines = String::new();
    for (i, (title, paras, published)) in [
        ("Two ferries collide in fog", FERRY, "2025-03-14T09:30:00Z"),
        (
            "Eleven hurt in harbour crash",
            &FERRY[..5],
            "2025-03-14T13:10:00Z",
        ),
        ("Council approves tram extension", TRAM, "2025-03-13"),
    ]
    .into_iter()
    .enumerate()
    {
        let line = serde_json::json!({
            "id": format!("wire-{i}"),
            "title": title,
            "text": paras.join("\n\n"),
            "source": "Meridian Wire",
            "published": published,
        });
        lines.push_str(&line.to_string());
        lines.push('\n');
    }
    let plain = dir.write("plain.jsonl", &lines);
    let packed = dir.write("packed.jsonl.gz", gzip(lines.as_bytes()));
    let (a, err_a) = digest(&[&plain.display().to_string()]);
    let (b, err_b) = digest(&[&packed.display().to_string()]);
    assert!(err_a.is_empty() && err_b.is_empty(), "{err_a}{err_b}");
    assert_eq!(b["stats"]["articles"], 3);
    assert!(diagnostics(&b).is_empty(), "{:#?}", diagnostics(&b));
    for (x, y) in articles(&a).iter().zip(articles(&b)) {
        assert_eq!(y["provenance"]["format"], "jsonl");
        for field in [
            "id",
            "title",
            "text",
            "source",
            "published",
            "line",
            "provenance",
        ] {
            assert_eq!(x[field], y[field], "{field}");
        }
        assert_eq!(file_name(&y["file"]), "packed.jsonl.gz");
    }
    assert_eq!(partition(&a), partition(&b));
    // Found by its content too: gzip inside a file named only `.jsonl`.
    let (c, _) = digest(&[&dir
        .write("disguised.jsonl", gzip(lines.as_bytes()))
        .display()
        .to_string()]);
    assert_eq!(c["stats"]["articles"], 3, "{:#?}", diagnostics(&c));
}
