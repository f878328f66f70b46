//! Print what the metadata readers find on HTML pages (a debugging aid):
//! `cargo run -p storyline --example page_meta -- PAGE.html [--scan]`.

use storyline::ingest::page::{meta, scan, PageInfo};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show_scan = args.iter().any(|a| a == "--scan");
    for path in args.iter().filter(|a| !a.starts_with("--")) {
        let Ok(bytes) = std::fs::read(path) else {
            eprintln!("cannot read {path}");
            continue;
        };
        let (html, _) = storyline::ingest::decode_html(&bytes, None, None);
        let doc = dom_query::Document::from(html.as_str());
        let m = meta::read(&doc, &PageInfo::default());
        println!("== {path}");
        println!("{m:#?}");
        if show_scan {
            println!("{:#?}", scan::scan(&doc));
        }
    }
}
