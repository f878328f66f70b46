//! What to follow: feed URLs given on the command line, files of URLs (one a
//! line, `#` comments) and OPML exports of feed readers.

use std::path::Path;

use quick_xml::events::Event;
use storyline::Diagnostic;

use crate::url::is_http;

/// Read the sources: each argument is a feed URL or a file (OPML or a list
/// of URLs). Returns the feed URLs in order, each once, and a diagnostic
/// for every entry that could not be used (file and line named).
pub fn read_sources(args: &[String]) -> (Vec<String>, Vec<Diagnostic>) {
    let mut feeds: Vec<String> = Vec::new();
    let mut diags = Vec::new();
    let add = |url: String, feeds: &mut Vec<String>| {
        if !feeds.contains(&url) {
            feeds.push(url);
        }
    };
    for arg in args {
        if is_http(arg) {
            add(arg.trim().to_string(), &mut feeds);
            continue;
        }
        let path = Path::new(arg);
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if arg.contains("://") => {
                diags.push(Diagnostic::error(
                    arg.as_str(),
                    None,
                    format!("not an http(s) URL or a readable file ({e})"),
                ));
                continue;
            }
            Err(e) => {
                diags.push(Diagnostic::error(
                    arg.as_str(),
                    None,
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        let text = String::from_utf8_lossy(&bytes);
        let head = text.trim_start_matches('\u{feff}').trim_start();
        let found = if head.starts_with('<') {
            opml(arg, &text, &mut diags)
        } else {
            url_lines(arg, &text, &mut diags)
        };
        if found.is_empty() && !diags.iter().any(|d| d.path == *arg) {
            diags.push(Diagnostic::warning(
                arg.as_str(),
                None,
                "no feed URLs in this file",
            ));
        }
        for url in found {
            add(url, &mut feeds);
        }
    }
    (feeds, diags)
}

/// A file of URLs: one a line; blank lines and `#` comments skipped.
fn url_lines(path: &str, text: &str, diags: &mut Vec<Diagnostic>) -> Vec<String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split(" #").next().unwrap_or_default().trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if is_http(line) {
            out.push(line.to_string());
        } else {
            diags.push(Diagnostic::error(
                path,
                Some(n + 1),
                format!("not an http(s) URL: {:?}", truncate(line)),
            ));
        }
    }
    out
}

/// An OPML file: the `xmlUrl` of every `outline`, at any depth.
fn opml(path: &str, text: &str, diags: &mut Vec<Diagnostic>) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut out = Vec::new();
    let line_at = |pos: u64| Some(text[..(pos as usize).min(text.len())].matches('\n').count() + 1);
    loop {
        let pos = reader.buffer_position();
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e))
                if e.local_name().as_ref().eq_ignore_ascii_case(b"outline") =>
            {
                let url = e.attributes().flatten().find_map(|a| {
                    a.key
                        .local_name()
                        .as_ref()
                        .eq_ignore_ascii_case(b"xmlUrl")
                        .then(|| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .ok()
                                .map(|v| v.trim().to_string())
                        })
                        .flatten()
                });
                match url {
                    Some(u) if is_http(&u) => out.push(u),
                    Some(u) => diags.push(Diagnostic::error(
                        path,
                        line_at(pos),
                        format!("outline xmlUrl is not an http(s) URL: {:?}", truncate(&u)),
                    )),
                    // A folder of outlines, or a link that is not a feed.
                    None => {}
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => {
                diags.push(Diagnostic::error(
                    path,
                    line_at(reader.buffer_position()),
                    format!("OPML is not well-formed XML ({e}); outlines after this point skipped"),
                ));
                break;
            }
        }
    }
    out
}

fn truncate(s: &str) -> String {
    s.chars().take(80).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> String {
        let p = dir.join(name);
        std::fs::write(&p, text).expect("write");
        p.display().to_string()
    }

    #[test]
    fn reads_urls_lists_and_opml_once_each() {
        let dir = std::env::temp_dir().join(format!("storyline-sources-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let list = write(
            &dir,
            "feeds.txt",
            "# my outlets\nhttps://a.example/rss\n\nnot a url\nhttps://b.example/feed.xml # the b feed\n",
        );
        let opml_file = write(
            &dir,
            "export.opml",
            r#"<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
<outline text="News"><outline type="rss" text="A" xmlUrl="https://a.example/rss"/>
<outline type="rss" text="C" xmlUrl="https://c.example/atom?x=1&amp;y=2"/></outline>
<outline text="Bad" xmlUrl="file:///etc/passwd"/></body></opml>"#,
        );
        let args = vec![
            "https://z.example/rss".to_string(),
            list.clone(),
            opml_file.clone(),
            dir.join("missing.txt").display().to_string(),
        ];
        let (feeds, diags) = read_sources(&args);
        assert_eq!(
            feeds,
            [
                "https://z.example/rss",
                "https://a.example/rss",
                "https://b.example/feed.xml",
                "https://c.example/atom?x=1&y=2"
            ]
        );
        let said: Vec<String> = diags
            .iter()
            .map(|d| format!("{}:{:?}", d.path, d.line))
            .collect();
        assert!(said.contains(&format!("{list}:Some(4)")), "{said:?}");
        assert!(said.contains(&format!("{opml_file}:Some(4)")), "{said:?}");
        assert!(said.iter().any(|s| s.contains("missing.txt")), "{said:?}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
