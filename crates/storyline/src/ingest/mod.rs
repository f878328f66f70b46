//! Ingest: bytes from files into [`Article`]s, with a [`Diagnostic`] for every
//! piece of input that was skipped or repaired.
//!
//! This is the one place in the library that touches the file system.
//! [`discover`] expands the user's paths into [`InputFile`]s, deciding each
//! file's [`Format`] by its extension and, where that says nothing, by its
//! first bytes; [`read_each`] streams one file's articles to a callback (a
//! web archive of gigabytes never sits in memory) and [`read_file`] collects
//! them. The parsers themselves work on bytes and are pure:
//!
//! | format | module | what becomes an article |
//! |---|---|---|
//! | `.txt` | [`text`] | the file; first line the headline, optional `---` front matter |
//! | `.jsonl`, `.ndjson` | [`jsonl`] | each `{"id","title","text","source","url","published","lang"}` line |
//! | `.html`, `.htm`, `.xhtml` | [`page`] | the page's main text, with its metadata |
//! | `.warc` | [`warc`] | each HTML `response` record, through [`page`] |
//! | `.rss`, `.atom`, `.xml`, `.json` feeds | [`feed`] | each item |
//!
//! Any of them may be gzip-compressed (`.gz`). Every article records in
//! [`Article::provenance`] which reader and extractor produced it and where
//! each metadata field came from.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::model::{Article, Diagnostic, Origin, Published};

mod decode;
pub mod feed;
pub mod jsonl;
pub mod page;
mod provenance;
pub mod text;
pub mod warc;

pub use decode::{decode_html, mojibake_count};
pub use jsonl::parse_jsonl;
pub use page::{extract_page, parse_html, PageInfo};
pub use provenance::JsonProvenance;
pub use text::parse_txt;

/// The largest single document (a page, a feed, a text file) read whole. A
/// larger one is cut at this size, with a warning; archives and JSON Lines
/// stream and have no such limit.
pub const MAX_DOCUMENT_BYTES: usize = 16 << 20;

/// The input formats storyline reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text, headline on the first non-empty line.
    Text,
    /// JSON Lines, one article per line.
    JsonLines,
    /// One HTML page.
    Html,
    /// A web archive (WARC 1.0 or 1.1): each HTML response is a page.
    Warc,
    /// A feed: RSS 2.0, RSS 1.0, Atom or JSON Feed.
    Feed,
}

impl Format {
    /// Short lower-case name, as used in messages and [`crate::model::Provenance::format`].
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::JsonLines => "jsonl",
            Format::Html => "html",
            Format::Warc => "warc",
            Format::Feed => "feed",
        }
    }

    /// The format a file name's extension implies, if any, and whether the
    /// name says it is gzip-compressed (`a.warc.gz`). `.xml` and `.json` say
    /// nothing certain (a feed or something else): they give `None`, and
    /// [`Format::sniff`] decides.
    pub fn from_path(path: &Path) -> (Option<Format>, bool) {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_ascii_lowercase();
        let (name, gzip) = match name.strip_suffix(".gz") {
            Some(inner) => (inner.to_string(), true),
            None => (name, false),
        };
        let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
        let format = match ext {
            "txt" | "text" => Some(Format::Text),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "html" | "htm" | "xhtml" | "shtml" => Some(Format::Html),
            "warc" => Some(Format::Warc),
            "rss" | "atom" | "rdf" => Some(Format::Feed),
            _ => None,
        };
        (format, gzip)
    }

    /// The format the first bytes of a (decompressed) document show, if they
    /// show one: `WARC/1.x`, an XML feed root (`<rss`, `<feed`, `<rdf:RDF`),
    /// a JSON Feed object, an HTML document, or JSON objects one per line.
    pub fn sniff(head: &[u8]) -> Option<Format> {
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
        let head = &head[start..];
        if head.starts_with(b"WARC/1.") {
            return Some(Format::Warc);
        }
        let lower: Vec<u8> = head.iter().take(4096).map(u8::to_ascii_lowercase).collect();
        let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
        if head[0] == b'{' {
            return Some(if has(b"jsonfeed.org/version") {
                Format::Feed
            } else {
                Format::JsonLines
            });
        }
        if head[0] == b'<' {
            if has(b"<rss") || has(b"<rdf:rdf") || has(b"<feed") && !has(b"<html") {
                return Some(Format::Feed);
            }
            if has(b"<html") || has(b"<!doctype html") || has(b"<head") || has(b"<body") {
                return Some(Format::Html);
            }
        }
        None
    }
}

/// A file found by [`discover`], with the format it will be read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// Path to read.
    pub path: PathBuf,
    /// How to read it.
    pub format: Format,
    /// The file is gzip-compressed (decompressed as it is read).
    pub gzip: bool,
}

impl InputFile {
    /// The file at `path`, its format decided by its name and, where the name
    /// says nothing, by its first bytes. `None` when neither tells.
    pub fn detect(path: &Path) -> Option<InputFile> {
        let (by_name, gz_name) = Format::from_path(path);
        let head = read_head(path).unwrap_or_default();
        let gzip = gz_name || head.starts_with(&[0x1f, 0x8b]);
        let format = match by_name {
            // A name is trusted, except that a page or a feed may be either.
            Some(Format::Html) | Some(Format::Feed) => {
                match Format::sniff(&inner_head(&head, gzip)) {
                    Some(f @ (Format::Html | Format::Feed)) => f,
                    _ => by_name?,
                }
            }
            Some(f) => f,
            None => Format::sniff(&inner_head(&head, gzip))?,
        };
        Some(InputFile {
            path: path.to_path_buf(),
            format,
            gzip,
        })
    }
}

/// The first 4 KiB of a file.
fn read_head(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path)?
        .take(4096)
        .read_to_end(&mut head)?;
    Ok(head)
}

/// The first bytes of the document inside `head`: decompressed when gzip
/// (as far as those bytes go).
fn inner_head(head: &[u8], gzip: bool) -> Vec<u8> {
    if !gzip {
        return head.to_vec();
    }
    let mut out = Vec::new();
    let _ = flate2::read::MultiGzDecoder::new(head)
        .take(4096)
        .read_to_end(&mut out);
    out
}

/// Expand the paths a user gave into the files to read, in a stable order
/// (directories are walked recursively, entries sorted by name; hidden entries
/// skipped; a directory reached twice through links is walked once). A file
/// named explicitly whose format nothing shows is read as text; inside a
/// directory it is skipped with a warning. Missing paths become errors.
pub fn discover(paths: &[PathBuf]) -> (Vec<InputFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let mut seen = rustc_hash::FxHashSet::default();
    for path in paths {
        let shown = path.display().to_string();
        match std::fs::metadata(path) {
            Err(e) => diags.push(Diagnostic::error(shown, None, format!("cannot read: {e}"))),
            Ok(meta) if meta.is_dir() => walk_dir(path, &mut files, &mut diags, &mut seen),
            Ok(_) => files.push(InputFile::detect(path).unwrap_or_else(|| InputFile {
                path: path.clone(),
                format: Format::Text,
                gzip: Format::from_path(path).1,
            })),
        }
    }
    (files, diags)
}

fn walk_dir(
    dir: &Path,
    files: &mut Vec<InputFile>,
    diags: &mut Vec<Diagnostic>,
    seen: &mut rustc_hash::FxHashSet<PathBuf>,
) {
    // A link back to a directory already walked (a loop, or two links to one
    // place) would read the same files again, or never end.
    if let Ok(real) = std::fs::canonicalize(dir) {
        if !seen.insert(real) {
            diags.push(Diagnostic::warning(
                dir.display().to_string(),
                None,
                "skipped: this directory was already read (a link to it or a loop)",
            ));
            return;
        }
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            let msg = format!("cannot list directory: {e}");
            diags.push(Diagnostic::error(dir.display().to_string(), None, msg));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk_dir(&path, files, diags, seen);
        } else if let Some(file) = InputFile::detect(&path) {
            files.push(file);
        } else {
            diags.push(Diagnostic::warning(
                path.display().to_string(),
                None,
                "skipped: not a text, JSON Lines, HTML, WARC or feed file",
            ));
        }
    }
}

/// Read and parse one file, collecting its articles. I/O errors become
/// diagnostics, never panics. See [`read_each`] to stream instead.
pub fn read_file(file: &InputFile) -> (Vec<Article>, Vec<Diagnostic>) {
    let mut articles = Vec::new();
    let mut diags = Vec::new();
    read_each(file, &mut |a| articles.push(a), &mut |d| diags.push(d));
    (articles, diags)
}

/// Read and parse one file, handing each article to `emit` and each
/// diagnostic to `diag` as soon as it is found. Archives and JSON Lines
/// stream: memory holds one batch of records, not the file, nor its
/// diagnostics. Other documents are read whole, up to [`MAX_DOCUMENT_BYTES`].
pub fn read_each(
    file: &InputFile,
    emit: &mut dyn FnMut(Article),
    diag: &mut dyn FnMut(Diagnostic),
) {
    let shown = file.path.display().to_string();
    let opened = match std::fs::File::open(&file.path) {
        Ok(f) => f,
        Err(e) => {
            diag(Diagnostic::error(shown, None, format!("cannot read: {e}")));
            return;
        }
    };
    let reader: Box<dyn Read> = if file.gzip {
        Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(opened)))
    } else {
        Box::new(opened)
    };
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let stem = file_stem(&file.path);
    match file.format {
        Format::Warc => warc::read_warc(&shown, &mut reader, emit, diag),
        Format::JsonLines => jsonl::read_jsonl(&shown, &mut reader, emit, diag),
        Format::Text | Format::Html | Format::Feed => {
            // One document: its diagnostics are few, and go out after it.
            let mut diags = Vec::new();
            if let Some(bytes) = read_document(&shown, &mut reader, &mut diags) {
                match file.format {
                    Format::Text => {
                        let (article, d) = parse_txt(&shown, &stem, &bytes);
                        diags.extend(d);
                        article.into_iter().for_each(&mut *emit);
                    }
                    Format::Html => {
                        let (article, d) = parse_html(&shown, &stem, &bytes);
                        diags.extend(d);
                        article.into_iter().for_each(&mut *emit);
                    }
                    _ => feed::read_feed(&shown, &stem, &bytes, emit, &mut diags),
                }
            }
            diags.into_iter().for_each(diag);
        }
    }
}

/// The name of a file without its extensions (`a.warc.gz` → `a`): the stem of
/// the ids of the articles read from it.
fn file_stem(path: &Path) -> String {
    let name = path
        .file_name()
        .and_then(|s| s.to_str())
        .unwrap_or("article");
    let name = name.strip_suffix(".gz").unwrap_or(name);
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => name.to_string(),
    }
}

/// Read a whole document, up to [`MAX_DOCUMENT_BYTES`]. A read error (a
/// truncated gzip stream) keeps what was read, with a warning; nothing read
/// at all is an error.
fn read_document(
    path: &str,
    reader: &mut dyn BufRead,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    let limit = MAX_DOCUMENT_BYTES as u64;
    match reader.take(limit + 1).read_to_end(&mut bytes) {
        Ok(_) => {}
        Err(e) if bytes.is_empty() => {
            diags.push(Diagnostic::error(path, None, format!("cannot read: {e}")));
            return None;
        }
        Err(e) => diags.push(Diagnostic::warning(
            path,
            None,
            format!(
                "read stopped after {} bytes ({e}); the rest is lost",
                bytes.len()
            ),
        )),
    }
    if bytes.len() as u64 > limit {
        bytes.truncate(MAX_DOCUMENT_BYTES);
        diags.push(Diagnostic::warning(
            path,
            None,
            format!(
                "larger than {} MiB; only the first {} MiB were read",
                MAX_DOCUMENT_BYTES >> 20,
                MAX_DOCUMENT_BYTES >> 20
            ),
        ));
    }
    Some(bytes)
}

/// Parse a publication time: RFC 3339 / ISO 8601 with or without an offset
/// (naive times are read as UTC), a bare date, or RFC 2822 (`Mon, 05 Sep 2016
/// 10:00:00 +0000`). The offset the time was written with is kept for display.
pub fn parse_published(s: &str) -> Option<Published> {
    let s = s.trim();
    if let Ok(ts) = s.parse::<jiff::Timestamp>() {
        let offset = jiff::fmt::temporal::Pieces::parse(s)
            .ok()
            .and_then(|p| p.to_numeric_offset());
        return Some(Published {
            offset,
            ..Published::timed(ts)
        });
    }
    if let Ok(zoned) = s.parse::<jiff::Zoned>() {
        return Some(Published {
            offset: Some(zoned.offset()),
            ..Published::timed(zoned.timestamp())
        });
    }
    if let Ok(dt) = s.parse::<jiff::civil::DateTime>() {
        // A bare date also parses as a civil datetime; keep its precision.
        let at = dt.to_zoned(jiff::tz::TimeZone::UTC).ok()?.timestamp();
        return Some(if s.len() <= 10 {
            Published::day(at)
        } else {
            Published::timed(at)
        });
    }
    if let Ok(z) = jiff::fmt::rfc2822::parse(s) {
        return Some(Published {
            offset: Some(z.offset()),
            ..Published::timed(z.timestamp())
        });
    }
    None
}

/// Longest headline kept as given; a longer one is cut (with a warning).
pub const MAX_TITLE_CHARS: usize = 1000;

/// Length of a title made from the start of the text.
pub const TITLE_FROM_TEXT_CHARS: usize = 120;

/// The first `max` characters of `s`, cut after the last whole word when
/// there is one, with "…" when something was cut.
pub fn shorten(s: &str, max: usize) -> String {
    let s = s.trim();
    let Some((cut, _)) = s.char_indices().nth(max) else {
        return s.to_string();
    };
    let head = &s[..cut];
    let head = match head.rfind(char::is_whitespace) {
        Some(space) if space > cut / 2 => &head[..space],
        _ => head,
    };
    format!("{}…", head.trim_end())
}

/// Make article ids unique: a repeated id gets `#2`, `#3`, ... (the first
/// such name that no other article has, so a renamed article never takes
/// the id of a real one) and a warning.
pub fn dedupe_ids(articles: &mut [Article], diags: &mut Vec<Diagnostic>) {
    let renames = id_renames(articles.iter().map(|a| a.id.as_str()));
    for (i, new_id) in renames {
        let article = &mut articles[i];
        diags.push(rename_warning(&article.origin, &article.id, &new_id));
        article.id = new_id;
    }
}

/// The renames [`dedupe_ids`] makes, from the ids alone in input order:
/// `(index, new id)` for each repeated id, in input order. For readers that
/// do not hold the articles (`storyline ingest` spills them to disk).
pub fn id_renames<'a>(ids: impl Iterator<Item = &'a str> + Clone) -> Vec<(usize, String)> {
    let taken: rustc_hash::FxHashSet<&str> = ids.clone().collect();
    let mut made: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();
    let mut seen = rustc_hash::FxHashMap::<&str, usize>::default();
    let mut out = Vec::new();
    for (i, id) in ids.enumerate() {
        let n = seen.entry(id).or_insert(0);
        *n += 1;
        if *n == 1 {
            continue;
        }
        let new_id = loop {
            let candidate = format!("{id}#{n}");
            if !taken.contains(candidate.as_str()) && made.insert(candidate.clone()) {
                break candidate;
            }
            *n += 1;
        };
        out.push((i, new_id));
    }
    out
}

/// The warning for the article read at `origin` whose repeated `id` became `new_id`.
pub fn rename_warning(origin: &Origin, id: &str, new_id: &str) -> Diagnostic {
    Diagnostic::warning(
        origin.path.clone(),
        origin.line,
        format!("duplicate article id {id:?}, renamed to {new_id:?}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_formats() {
        let day = parse_published("2016-09-05").expect("date");
        assert!(day.date_only);
        assert_eq!(day.at.to_string(), "2016-09-05T00:00:00Z");
        for s in [
            "2016-09-05T00:00:00",
            "2016-09-05T00:00:00Z",
            "2016-09-05T02:00:00+02:00",
            "Mon, 05 Sep 2016 00:00:00 +0000",
        ] {
            assert_eq!(
                parse_published(s).map(|t| t.at.to_string()).as_deref(),
                Some("2016-09-05T00:00:00Z"),
                "{s}"
            );
        }
        // The zone a time was written in is shown back.
        let local = parse_published("2016-09-05T02:00:00+02:00").expect("time");
        assert_eq!(local.to_string(), "2016-09-05T02:00:00+02:00");
        assert_eq!(
            parse_published("2016-09-05T02:00:00Z")
                .map(|p| p.to_string())
                .as_deref(),
            Some("2016-09-05T02:00:00Z")
        );
        assert!(parse_published("February 30").is_none());
        assert!(parse_published("2017-02-30").is_none());
    }

    #[test]
    fn duplicate_ids_are_renamed() {
        let mut arts = vec![Article::new("a", "t", "x"), Article::new("a", "t", "y")];
        let mut d = Vec::new();
        dedupe_ids(&mut arts, &mut d);
        assert_eq!(arts[1].id, "a#2");
        assert_eq!(d.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_loop_is_walked_once_and_named() {
        // Issue 14: two links back to their own folder hung the walk; one
        // read a file 41 times as 41 articles.
        let dir = std::env::temp_dir().join(format!("storyline-loop-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(
            dir.join("a.txt"),
            "Tram line approved\n\nThe council voted.\n",
        )
        .expect("write");
        std::os::unix::fs::symlink(".", dir.join("again")).expect("link");
        std::os::unix::fs::symlink(".", dir.join("more")).expect("link");
        let (files, diags) = discover(std::slice::from_ref(&dir));
        assert_eq!(files.len(), 1, "{files:?}");
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert!(diags.iter().all(|d| d.message.contains("already read")));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_renamed_id_never_takes_the_id_of_a_real_article() {
        let mut arts = vec![
            Article::new("x", "t", "Alpha ferry."),
            Article::new("x", "t", "Beta drug trial."),
            Article::new("x#2", "t", "Gamma tram vote."),
            Article::new("x", "t", "Delta bridge."),
        ];
        let mut d = Vec::new();
        dedupe_ids(&mut arts, &mut d);
        let ids: Vec<&str> = arts.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["x", "x#3", "x#2", "x#4"]);
        assert_eq!(d.len(), 2);
    }
}
