//! Web archives (WARC 1.0 and 1.1), streamed record by record.
//!
//! A WARC file is a sequence of records, each a version line (`WARC/1.0`), a
//! header of `Name: value` lines, a blank line, a block of `Content-Length`
//! bytes and two line ends. Common Crawl writes each record as its own gzip
//! member; the caller ([`super::read_each`]) has already decompressed it, so
//! this module sees the plain record stream. Every byte offset in a message
//! counts bytes of that decompressed stream.
//!
//! What becomes a page: a `response` record with HTTP status 200, or a
//! `resource` record, whose payload is `text/html` or `application/xhtml+xml`
//! (or has no declared type and looks like HTML). Its body, with HTTP
//! `Transfer-Encoding: chunked` and `Content-Encoding: gzip`/`deflate`
//! removed, goes through [`super::extract_page`] with the target URI, the
//! crawl time (`WARC-Date`, kept as [`crate::model::Provenance::crawled`],
//! never as a publication time) and the HTTP charset.
//!
//! Memory holds a bounded batch of records, never the file: the pages of
//! one batch are extracted in parallel (rayon) while the next batch is read,
//! and the articles are handed on in record order, so the output does not
//! depend on thread timing. A payload larger than
//! [`super::MAX_DOCUMENT_BYTES`] is read past without being buffered.
//!
//! Nothing is dropped silently: every record that is not a page is counted,
//! and one summary diagnostic per file says how many of each kind were
//! skipped. A damaged record (a broken header, a length that disagrees with
//! where the next record starts, garbage between records) gets a diagnostic
//! naming its record number and byte offset; reading resumes at the next
//! line that starts with `WARC/1.`. A read error (a truncated `.gz`) ends the
//! file with a diagnostic; what was read before it is kept.

use std::collections::BTreeMap;
use std::io::{self, BufRead};
use std::path::Path;

use rayon::prelude::*;

use super::{Format, PageInfo, MAX_DOCUMENT_BYTES};
use crate::model::{Article, Diagnostic};

mod http;
mod input;
#[cfg(test)]
mod tests;

use http::{decode_body, parse_content_type};
use input::Input;

/// A batch is handed to extraction when it holds this many pages...
const BATCH_PAGES: usize = 64;
/// ... or this many payload bytes, whichever comes first.
const BATCH_BYTES: usize = 32 << 20;
/// The longest WARC or HTTP header block read; a longer one is damage.
const MAX_HEADER_BYTES: usize = 256 << 10;
/// Blocks of records that are not pages are read into memory up to this size
/// (so that a wrong `Content-Length` can be repaired); larger ones are read
/// past.
const KEEP_BLOCK_BYTES: u64 = 1 << 20;
/// The boundary between two records: the end of one block, the next version line.
const BOUNDARY: &[u8] = b"\r\n\r\nWARC/1.";

/// Stream the HTML pages of a WARC file to `emit`, in record order, adding
/// a diagnostic for every damaged record and one summary of what was skipped.
/// `path` names the file in diagnostics; its stem makes the ids of pages
/// without a target URI (`{stem}-{record}`).
pub fn read_warc(
    path: &str,
    reader: &mut dyn BufRead,
    emit: &mut dyn FnMut(Article),
    diag: &mut dyn FnMut(Diagnostic),
) {
    let ctx = Context {
        path,
        stem: super::file_stem(Path::new(path)),
    };
    let mut scanner = Scanner {
        input: Input::new(reader),
        record: 0,
        counts: Counts::default(),
        quiet_resync: false,
        done: false,
    };
    // On a rayon worker (a caller reading files in parallel), a thread
    // blocked waiting for a helper thread would hold a worker the batch
    // needs: extract in place there, without overlapping the reading.
    let overlap = rayon::current_thread_index().is_none();
    let mut current = scanner.read_batch(&ctx);
    while !current.is_empty() {
        let (results, next) = if scanner.done || !overlap {
            let results = process_batch(&ctx, current);
            let next = if scanner.done {
                Vec::new()
            } else {
                scanner.read_batch(&ctx)
            };
            (results, next)
        } else {
            // Extract this batch on the rayon pool while this thread reads the
            // next one (the reader is not `Send`, so it stays here).
            std::thread::scope(|s| {
                let worker = s.spawn(|| process_batch(&ctx, current));
                let next = scanner.read_batch(&ctx);
                match worker.join() {
                    Ok(results) => (results, next),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            })
        };
        for result in results {
            result.diags.into_iter().for_each(&mut *diag);
            match result.outcome {
                Outcome::Article(article) => {
                    scanner.counts.pages += 1;
                    scanner.counts.articles += 1;
                    emit(*article);
                }
                Outcome::NoText => {
                    scanner.counts.pages += 1;
                    scanner.counts.no_text += 1;
                }
                Outcome::NotHtml(mime) => *scanner.counts.non_html.entry(mime).or_default() += 1,
                Outcome::Unsupported => scanner.counts.unsupported += 1,
                Outcome::TooLarge => scanner.counts.too_large += 1,
                Outcome::Noted => {}
            }
        }
        current = next;
    }
    diag(scanner.counts.summary(path));
}

/// What every record needs to know about its file.
struct Context<'a> {
    path: &'a str,
    stem: String,
}

/// One entry of a batch, in record order: a page to extract, or a
/// diagnostic found while reading.
enum Pending {
    Page(Box<PageJob>),
    Note(Diagnostic),
}

/// A page waiting for extraction.
struct PageJob {
    record: usize,
    offset: u64,
    uri: Option<String>,
    crawled: Option<jiff::Timestamp>,
    charset: Option<String>,
    /// The payload type was not declared: the page is extracted only if the
    /// body looks like HTML.
    sniff: bool,
    /// HTTP `Transfer-Encoding` then `Content-Encoding` codings, in the order
    /// they were applied.
    codings: Vec<String>,
    /// The crawler says it cut the payload (`WARC-Truncated`).
    truncated: Option<String>,
    body: Vec<u8>,
}

/// What became of one pending entry.
struct Processed {
    outcome: Outcome,
    diags: Vec<Diagnostic>,
}

enum Outcome {
    Article(Box<Article>),
    NoText,
    NotHtml(String),
    Unsupported,
    TooLarge,
    Noted,
}

fn process_batch(ctx: &Context, batch: Vec<Pending>) -> Vec<Processed> {
    batch
        .into_par_iter()
        .map(|pending| match pending {
            Pending::Note(d) => Processed {
                outcome: Outcome::Noted,
                diags: vec![d],
            },
            Pending::Page(job) => process_page(ctx, *job),
        })
        .collect()
}

/// Decode one page's body and extract its article.
fn process_page(ctx: &Context, job: PageJob) -> Processed {
    let mut diags = Vec::new();
    let at = |d: Diagnostic| d.in_record(job.record);
    if let Some(why) = &job.truncated {
        diags.push(at(Diagnostic::warning(
            ctx.path,
            None,
            format!(
                "the crawler cut this payload (WARC-Truncated: {why}); the page may be incomplete"
            ),
        )));
    }
    let body = match decode_body(job.body, &job.codings) {
        Ok((body, notes)) => {
            for note in notes {
                diags.push(at(Diagnostic::warning(ctx.path, None, note)));
            }
            body
        }
        Err((outcome, msg)) => {
            diags.push(at(Diagnostic::error(
                ctx.path,
                None,
                format!("at byte {}: {msg}; skipped", job.offset),
            )));
            return Processed { outcome, diags };
        }
    };
    if job.sniff && Format::sniff(&body[..body.len().min(4096)]) != Some(Format::Html) {
        return Processed {
            outcome: Outcome::NotHtml("undeclared type".into()),
            diags,
        };
    }
    let id = match &job.uri {
        Some(uri) => uri.clone(),
        None => format!("{}-{}", ctx.stem, job.record),
    };
    let info = PageInfo {
        url: job.uri.as_deref(),
        crawled: job.crawled,
        charset: job.charset.as_deref(),
    };
    let (article, page_diags) = super::extract_page(ctx.path, None, &id, &body, &info);
    diags.extend(page_diags.into_iter().map(at));
    let outcome = match article {
        Some(mut article) => {
            article.provenance.format = "warc".into();
            if article.provenance.source_of("url") == Some("given") {
                article.provenance.set_source("url", "warc");
            }
            article.origin.record = Some(job.record);
            Outcome::Article(Box::new(article))
        }
        None => Outcome::NoText,
    };
    Processed { outcome, diags }
}

/// What was read, for the summary.
#[derive(Default)]
struct Counts {
    records: usize,
    /// HTML payloads handed to extraction.
    pages: usize,
    articles: usize,
    no_text: usize,
    /// Records skipped for their WARC type (`request`, `metadata`, ...).
    by_type: BTreeMap<String, usize>,
    /// Responses skipped for their payload type.
    non_html: BTreeMap<String, usize>,
    /// Responses skipped for their HTTP status.
    by_status: BTreeMap<String, usize>,
    too_large: usize,
    unsupported: usize,
    damaged: usize,
}

impl Counts {
    /// The one summary diagnostic of a file: a warning, or an error when no
    /// article came out of it.
    fn summary(&self, path: &str) -> Diagnostic {
        let mut skipped = Vec::new();
        if !self.by_type.is_empty() {
            let n: usize = self.by_type.values().sum();
            let names: Vec<&str> = by_count(&self.by_type)
                .into_iter()
                .map(|(k, _)| k)
                .collect();
            skipped.push(format!(
                "{} {} record{}",
                thousands(n),
                names.join("/"),
                plural(n)
            ));
        }
        if !self.non_html.is_empty() {
            let n: usize = self.non_html.values().sum();
            skipped.push(format!(
                "{} non-HTML response{} ({})",
                thousands(n),
                plural(n),
                listing(&self.non_html)
            ));
        }
        if !self.by_status.is_empty() {
            let n: usize = self.by_status.values().sum();
            skipped.push(format!(
                "{} response{} with an HTTP status other than 200 ({})",
                thousands(n),
                plural(n),
                listing(&self.by_status)
            ));
        }
        for (n, what) in [
            (self.too_large, "page{} too large"),
            (
                self.unsupported,
                "page{} in an unsupported or broken encoding",
            ),
            (self.damaged, "damaged record{}"),
        ] {
            if n > 0 {
                skipped.push(format!(
                    "{} {}",
                    thousands(n),
                    what.replace("{}", plural(n))
                ));
            }
        }
        let mut msg = format!(
            "read {} record{}: {} page{}",
            thousands(self.records),
            plural(self.records),
            thousands(self.pages),
            plural(self.pages)
        );
        if !skipped.is_empty() {
            let last = skipped.pop().unwrap_or_default();
            let list = if skipped.is_empty() {
                last
            } else {
                format!("{} and {last}", skipped.join(", "))
            };
            msg.push_str(&format!(", {list} skipped"));
        }
        if self.no_text > 0 {
            msg.push_str(&format!(
                "; {} page{} without article text",
                thousands(self.no_text),
                plural(self.no_text)
            ));
        }
        if self.articles == 0 {
            msg.push_str("; no articles in this archive");
            Diagnostic::error(path, None, msg)
        } else {
            Diagnostic::warning(path, None, msg)
        }
    }
}

/// Entries by count, most first, then by name.
fn by_count(map: &BTreeMap<String, usize>) -> Vec<(&str, usize)> {
    let mut v: Vec<(&str, usize)> = map.iter().map(|(k, &n)| (k.as_str(), n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v
}

/// `image/jpeg 3, application/pdf 1`: the six most frequent, then the rest
/// as `others`.
fn listing(map: &BTreeMap<String, usize>) -> String {
    let all = by_count(map);
    let mut parts: Vec<String> = all
        .iter()
        .take(6)
        .map(|(k, n)| format!("{k} {}", thousands(*n)))
        .collect();
    let rest: usize = all.iter().skip(6).map(|(_, n)| n).sum();
    if rest > 0 {
        parts.push(format!("others {}", thousands(rest)));
    }
    parts.join(", ")
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `1204` → `1,204`.
fn thousands(n: impl ToString) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The reading side: records from the input into batches.
struct Scanner<'a> {
    input: Input<'a>,
    /// Records started so far (the 1-based number of the current one).
    record: usize,
    counts: Counts,
    /// The last record was damaged and reported: bytes skipped to find the
    /// next one need no second diagnostic.
    quiet_resync: bool,
    /// The input is exhausted (end of file or a read error).
    done: bool,
}

/// How one record ended.
enum Status {
    /// Read whole (kept, skipped or reported).
    Ok,
    /// Damaged; reported; resynchronise.
    Damaged,
    /// The input ended (cut record reported, or a read error reported).
    End,
}

/// One parsed header: the first line (version or status line), then the fields.
struct Header {
    first: String,
    fields: Vec<(String, String)>,
}

impl Header {
    fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

enum HeaderRead {
    Ok(Header),
    Broken(String),
    /// The input (or the block) ended before the header did.
    Cut,
}

/// A record block being read.
struct Block {
    /// The bytes kept in memory, the tail of the block read so far (all of a
    /// small block); a page's body is kept in its job instead.
    kept: Vec<u8>,
    /// Bytes of the block not read yet.
    remaining: u64,
}

/// What follows a block.
enum End {
    /// Line ends, then the next record or the end of the file.
    Clean,
    /// The kept block held the next record's start: given back to the input.
    Overrun,
    /// Something else: the length was wrong.
    Unexpected,
}

impl Scanner<'_> {
    /// Read records until a batch is full or the input ends.
    fn read_batch(&mut self, ctx: &Context) -> Vec<Pending> {
        let mut batch = Vec::new();
        let mut pages = 0usize;
        let mut bytes = 0usize;
        while !self.done && pages < BATCH_PAGES && bytes < BATCH_BYTES {
            let Some((offset, version)) = self.next_record(ctx, &mut batch) else {
                self.done = true;
                break;
            };
            self.record += 1;
            self.counts.records += 1;
            let before = batch.len();
            match self.read_record(ctx, offset, version, &mut batch) {
                Status::Ok => self.quiet_resync = false,
                Status::Damaged => {
                    self.counts.damaged += 1;
                    self.quiet_resync = true;
                }
                Status::End => self.done = true,
            }
            for pending in &batch[before..] {
                if let Pending::Page(job) = pending {
                    pages += 1;
                    bytes += job.body.len();
                }
            }
        }
        batch
    }

    /// A diagnostic about the current record, in its place in the batch.
    fn note(&self, batch: &mut Vec<Pending>, d: Diagnostic) {
        batch.push(Pending::Note(if self.record > 0 {
            d.in_record(self.record)
        } else {
            d
        }));
    }

    /// Find and consume the next version line; returns its offset and text,
    /// or `None` at the end of the input. Bytes skipped to find it are
    /// garbage, reported unless the record before was already reported as
    /// damaged.
    fn next_record(&mut self, ctx: &Context, batch: &mut Vec<Pending>) -> Option<(u64, String)> {
        let mut garbage = 0u64;
        let mut garbage_at = None;
        let mut line = Vec::new();
        let found = loop {
            let start = self.input.offset;
            line.clear();
            let l = match self.input.read_line(&mut line, 64, u64::MAX) {
                Ok(l) => l,
                Err(e) => {
                    self.read_error(ctx, batch, start, &e);
                    break None;
                }
            };
            if l.consumed == 0 {
                break None;
            }
            if line.starts_with(b"WARC/1.") {
                break Some((start, String::from_utf8_lossy(&line).trim().to_string()));
            }
            if !line.iter().all(u8::is_ascii_whitespace) || l.consumed > line.len() as u64 + 2 {
                garbage += l.consumed;
                garbage_at.get_or_insert(start);
            }
        };
        if let (Some(at), false) = (garbage_at, self.quiet_resync) {
            let msg = match found {
                Some(_) => format!(
                    "at byte {at}: {} bytes that are not a WARC record skipped before record {}",
                    thousands(garbage),
                    self.record + 1
                ),
                None => format!(
                    "at byte {at}: {} bytes that are not a WARC record at the end of the file",
                    thousands(garbage)
                ),
            };
            batch.push(Pending::Note(Diagnostic::error(ctx.path, None, msg)));
        }
        found
    }

    fn read_error(&self, ctx: &Context, batch: &mut Vec<Pending>, offset: u64, e: &io::Error) {
        let msg = format!(
            "at byte {offset}: read stopped ({e}); the rest of the archive is lost (a truncated or damaged file?)"
        );
        self.note(batch, Diagnostic::error(ctx.path, None, msg));
    }

    /// Read the record whose version line (already consumed) started at `offset`.
    fn read_record(
        &mut self,
        ctx: &Context,
        offset: u64,
        version: String,
        batch: &mut Vec<Pending>,
    ) -> Status {
        let damaged = |s: &Self, batch: &mut Vec<Pending>, msg: String| {
            let msg = format!("at byte {offset}: {msg}; skipped to the next record");
            s.note(batch, Diagnostic::error(ctx.path, None, msg));
            Status::Damaged
        };
        let header = match self.read_header(Some(version), u64::MAX) {
            Ok(HeaderRead::Ok(header)) => header,
            Ok(HeaderRead::Broken(why)) => {
                return damaged(self, batch, format!("broken WARC header ({why})"))
            }
            Ok(HeaderRead::Cut) => {
                let msg = format!("at byte {offset}: the file ends inside this record's header");
                self.note(batch, Diagnostic::error(ctx.path, None, msg));
                return Status::End;
            }
            Err(e) => {
                self.read_error(ctx, batch, self.input.offset, &e);
                return Status::End;
            }
        };
        let Some(length) = header
            .get("Content-Length")
            .and_then(|v| v.trim().parse::<u64>().ok())
        else {
            return damaged(
                self,
                batch,
                "broken WARC header (no valid Content-Length)".into(),
            );
        };
        let kind = header
            .get("WARC-Type")
            .map(|t| t.trim().to_ascii_lowercase())
            .unwrap_or_else(|| "untyped".into());
        let mut block = Block {
            kept: Vec::new(),
            remaining: length,
        };
        let read = match kind.as_str() {
            "response" | "resource" => {
                self.read_payload(ctx, offset, &header, &kind, &mut block, batch)
            }
            _ => {
                *self.counts.by_type.entry(kind).or_default() += 1;
                self.skip_block(&mut block).map(|()| None)
            }
        };
        let mut job = match read {
            Ok(job) => job,
            Err(e) => {
                self.read_error(ctx, batch, self.input.offset, &e);
                return Status::End;
            }
        };
        let kept = match job.as_mut() {
            Some(job) => &mut job.body,
            None => &mut block.kept,
        };
        if block.remaining > 0 {
            // The file ends inside the block: a length past the end, unless
            // the block holds the next record (then it was only too long).
            if give_back_boundary(&mut self.input, kept, &[]) {
                let msg = format!(
                    "at byte {offset}: Content-Length {} runs past the end of the file; the next record starts at byte {}",
                    thousands(length),
                    self.input.offset
                );
                self.note(batch, Diagnostic::warning(ctx.path, None, msg));
                self.queue(job, batch);
                return Status::Ok;
            }
            let msg = format!(
                "at byte {offset}: the file ends inside this record ({} of its {} bytes are missing); it is lost",
                thousands(block.remaining),
                thousands(length)
            );
            self.note(batch, Diagnostic::error(ctx.path, None, msg));
            return Status::End;
        }
        match self.check_end(kept) {
            Err(e) => {
                self.read_error(ctx, batch, self.input.offset, &e);
                Status::End
            }
            Ok(End::Clean) => {
                self.queue(job, batch);
                Status::Ok
            }
            Ok(End::Overrun) => {
                let msg = format!(
                    "at byte {offset}: Content-Length {} runs into the next record at byte {}; this record was cut there",
                    thousands(length),
                    self.input.offset
                );
                self.note(batch, Diagnostic::warning(ctx.path, None, msg));
                self.queue(job, batch);
                Status::Ok
            }
            Ok(End::Unexpected) => damaged(
                self,
                batch,
                format!(
                    "the block does not end where its Content-Length ({}) says",
                    thousands(length)
                ),
            ),
        }
    }

    fn queue(&self, job: Option<PageJob>, batch: &mut Vec<Pending>) {
        if let Some(job) = job {
            batch.push(Pending::Page(Box::new(job)));
        }
    }

    /// Read the block of a `response` or `resource` record: a page job, or
    /// `None` when the record is skipped (and counted).
    fn read_payload(
        &mut self,
        ctx: &Context,
        offset: u64,
        header: &Header,
        kind: &str,
        block: &mut Block,
        batch: &mut Vec<Pending>,
    ) -> io::Result<Option<PageJob>> {
        let warc_type = header
            .get("Content-Type")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let mut content_type: Option<String>;
        let mut codings = Vec::new();
        if kind == "response" && warc_type.starts_with("application/http") {
            let start = self.input.offset;
            let read = self.read_header(None, block.remaining)?;
            block.remaining -= self.input.offset - start;
            let http = match read {
                HeaderRead::Ok(http) if http.first.starts_with("HTTP/") => http,
                HeaderRead::Ok(_) | HeaderRead::Broken(_) | HeaderRead::Cut => {
                    self.skip_block(block)?;
                    if block.remaining == 0 {
                        let why = match read {
                            HeaderRead::Broken(why) => why,
                            HeaderRead::Cut => "no blank line ends it".into(),
                            HeaderRead::Ok(_) => "no HTTP status line".into(),
                        };
                        let msg = format!(
                            "at byte {offset}: malformed HTTP response header ({why}); skipped"
                        );
                        self.note(batch, Diagnostic::error(ctx.path, None, msg));
                        self.counts.damaged += 1;
                    }
                    return Ok(None);
                }
            };
            let status = http.first.split_whitespace().nth(1).unwrap_or("?");
            if status != "200" {
                *self.counts.by_status.entry(status.to_string()).or_default() += 1;
                self.skip_block(block)?;
                return Ok(None);
            }
            content_type = http.get("Content-Type").map(str::to_string);
            for name in ["Content-Encoding", "Transfer-Encoding"] {
                if let Some(v) = http.get(name) {
                    codings.extend(v.split(',').map(|c| c.trim().to_ascii_lowercase()));
                }
            }
        } else {
            content_type = header.get("Content-Type").map(str::to_string);
        }
        if content_type.is_none() {
            content_type = header
                .get("WARC-Identified-Payload-Type")
                .map(str::to_string);
        }
        let (mime, charset) = parse_content_type(content_type.as_deref().unwrap_or_default());
        if !mime.is_empty() && mime != "text/html" && mime != "application/xhtml+xml" {
            *self.counts.non_html.entry(mime).or_default() += 1;
            self.skip_block(block)?;
            return Ok(None);
        }
        if block.remaining > MAX_DOCUMENT_BYTES as u64 {
            let size = block.remaining;
            block.remaining -= self.input.discard(block.remaining)?;
            if block.remaining == 0 {
                let msg = format!(
                    "at byte {offset}: page of {} bytes is larger than {} MiB; skipped",
                    thousands(size),
                    MAX_DOCUMENT_BYTES >> 20
                );
                self.note(batch, Diagnostic::error(ctx.path, None, msg));
                self.counts.too_large += 1;
            }
            return Ok(None);
        }
        let mut body = Vec::with_capacity(usize::try_from(block.remaining).unwrap_or_default());
        block.remaining -= self.input.read_into(&mut body, block.remaining)?;
        let uri = header
            .get("WARC-Target-URI")
            .map(|u| {
                u.trim()
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_string()
            })
            .filter(|u| !u.is_empty());
        let crawled = header
            .get("WARC-Date")
            .and_then(|d| d.trim().parse::<jiff::Timestamp>().ok());
        Ok(Some(PageJob {
            record: self.record,
            offset,
            uri,
            crawled,
            charset,
            sniff: mime.is_empty(),
            codings,
            truncated: header.get("WARC-Truncated").map(str::to_string),
            body,
        }))
    }

    /// Read the rest of a block: kept in memory when small (so that a wrong
    /// length can be repaired), else read past.
    fn skip_block(&mut self, block: &mut Block) -> io::Result<()> {
        block.remaining -= if block.remaining <= KEEP_BLOCK_BYTES {
            self.input.read_into(&mut block.kept, block.remaining)?
        } else {
            self.input.discard(block.remaining)?
        };
        Ok(())
    }

    /// Read header lines up to a blank line, consuming at most `limit`
    /// bytes. `first` is the version line of a WARC header (already read);
    /// an HTTP header's first line is its status line.
    fn read_header(&mut self, first: Option<String>, limit: u64) -> io::Result<HeaderRead> {
        let warc = first.is_some();
        let mut header = Header {
            first: first.unwrap_or_default(),
            fields: Vec::new(),
        };
        let mut first_pending = !warc;
        let mut used = 0u64;
        let mut line = Vec::new();
        loop {
            line.clear();
            let cap = MAX_HEADER_BYTES.saturating_sub(used as usize);
            let l = self.input.read_line(&mut line, cap, limit - used)?;
            used += l.consumed;
            if l.consumed > line.len() as u64 + 2 {
                return Ok(HeaderRead::Broken(format!(
                    "longer than {} KiB",
                    MAX_HEADER_BYTES >> 10
                )));
            }
            if !l.newline {
                return Ok(HeaderRead::Cut);
            }
            let text = String::from_utf8_lossy(&line);
            if first_pending {
                header.first = text.trim().to_string();
                first_pending = false;
                continue;
            }
            if text.trim().is_empty() {
                return Ok(HeaderRead::Ok(header));
            }
            if warc && line.starts_with(b"WARC/1.") {
                // The next record starts inside this header: give it back.
                self.input.unread_line(&line, l);
                return Ok(HeaderRead::Broken(
                    "the next record starts before this header ends".into(),
                ));
            }
            if text.starts_with([' ', '\t']) {
                if let Some(last) = header.fields.last_mut() {
                    last.1.push(' ');
                    last.1.push_str(text.trim());
                    continue;
                }
            }
            match text.split_once(':') {
                Some((name, value)) if is_token(name.trim_end()) => {
                    header
                        .fields
                        .push((name.trim().to_string(), value.trim().to_string()));
                }
                _ => {
                    let shown: String = text.chars().take(40).collect();
                    return Ok(HeaderRead::Broken(format!("line {shown:?} is not a field")));
                }
            }
        }
    }

    /// After a block: line ends, then the next record or the end of the
    /// file. Otherwise the length was wrong: too long when the kept tail of
    /// the block holds a record boundary (given back to the input from
    /// there), else the rest is damage.
    fn check_end(&mut self, kept: &mut Vec<u8>) -> io::Result<End> {
        let mut ends = Vec::new();
        while ends.len() < 4 {
            match self.input.peek(1)?.first() {
                Some(&b @ (b'\r' | b'\n')) => {
                    self.input.consume(1);
                    ends.push(b);
                }
                _ => break,
            }
        }
        let next = self.input.peek(7)?;
        // Two line ends close a block whatever follows (garbage after it is
        // reported when the next record is looked for).
        if ends.iter().filter(|&&b| b == b'\n').count() >= 2
            || next.is_empty()
            || next.starts_with(b"WARC/1.")
        {
            return Ok(End::Clean);
        }
        Ok(if give_back_boundary(&mut self.input, kept, &ends) {
            End::Overrun
        } else {
            End::Unexpected
        })
    }
}

/// When `kept` (the tail of a block just read, followed in the input by
/// `after`) holds a record boundary, cut it there and give the rest back
/// to the input. Returns whether it did.
fn give_back_boundary(input: &mut Input, kept: &mut Vec<u8>, after: &[u8]) -> bool {
    let Some(at) = find(kept, BOUNDARY) else {
        return false;
    };
    let mut back = kept.split_off(at + 4);
    back.extend_from_slice(after);
    input.unread(&back);
    true
}

/// A header field name: visible ASCII without separators.
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
