//! Print what the metadata readers find on HTML pages (a debugging aid):
//! `cargo run -p storyline --example page_meta -- PAGE.html [--scan]`;
//! with `--time`, print only how long parsing and metadata take per page.

use std::time::{Duration, Instant};

use storyline::ingest::page::{meta, scan, PageInfo};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show_scan = args.iter().any(|a| a == "--scan");
    let time = args.iter().any(|a| a == "--time");
    let (mut parse, mut read, mut pages) = (Duration::ZERO, Duration::ZERO, 0u32);
    let mut scanning = Duration::ZERO;
    let (mut floor, mut nodes) = (Duration::ZERO, 0usize);
    let mut body = Duration::ZERO;
    for path in args.iter().filter(|a| !a.starts_with("--")) {
        let Ok(bytes) = std::fs::read(path) else {
            eprintln!("cannot read {path}");
            continue;
        };
        let (html, _) = storyline::ingest::decode_html(&bytes, None, None);
        let start = Instant::now();
        let doc = dom_query::Document::from(html.as_str());
        let parsed = Instant::now();
        let m = meta::read(&doc, &PageInfo::default());
        read += parsed.elapsed();
        parse += parsed - start;
        pages += 1;
        if time {
            let s = Instant::now();
            let _ = scan::scan(&doc);
            scanning += s.elapsed();
            if std::env::var_os("BODY").is_some() {
                let url = m.url.as_ref().map(|f| f.value.clone());
                let with_url = std::env::var("BODY").is_ok_and(|v| v == "url");
                let s = Instant::now();
                let title = m.title.as_ref().map(|t| t.value.clone());
                let _ = storyline::ingest::page::body::extract(
                    doc.clone(),
                    if with_url { url.as_deref() } else { None },
                    title.as_deref(),
                );
                body += s.elapsed();
            }
            if std::env::var_os("FLOOR").is_some() {
                let s = Instant::now();
                let mut n = 0usize;
                for node in doc.root().descendants_it() {
                    n += usize::from(node.is_element());
                }
                floor += s.elapsed();
                nodes += n;
            }
            continue;
        }
        println!("== {path}");
        println!("{m:#?}");
        if show_scan {
            println!("{:#?}", scan::scan(&doc));
        }
    }
    if time && pages > 0 {
        let ms = |d: Duration| 1000.0 * d.as_secs_f64() / f64::from(pages);
        println!(
            "{pages} pages: parse {:.3} ms/page, metadata {:.3} ms/page (of which the DOM scan {:.3})",
            ms(parse),
            ms(read),
            ms(scanning)
        );
        if body > Duration::ZERO {
            println!("main text {:.3} ms/page", ms(body));
        }
        if nodes > 0 {
            println!(
                "a bare walk over the elements: {:.3} ms/page ({} elements/page)",
                ms(floor),
                nodes / pages as usize
            );
        }
    }
}
