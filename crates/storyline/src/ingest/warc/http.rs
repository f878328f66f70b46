//! HTTP payloads: content types and the transfer and content codings.

use std::io::Read;

use super::Outcome;
use crate::ingest::MAX_DOCUMENT_BYTES;

/// Undo the HTTP codings of a body, last applied first. Returns the body and
/// notes for warnings, or what to count and say when it cannot be decoded.
pub(super) fn decode_body(
    mut body: Vec<u8>,
    codings: &[String],
) -> Result<(Vec<u8>, Vec<String>), (Outcome, String)> {
    let mut notes = Vec::new();
    for coding in codings.iter().rev() {
        body = match coding.as_str() {
            "identity" | "" => body,
            "chunked" => match dechunk(&body) {
                Some(plain) => plain,
                None => {
                    // Many crawlers store the body de-chunked but keep the header.
                    notes.push("the body is declared chunked but is not; read as it is".into());
                    body
                }
            },
            "gzip" | "x-gzip" | "deflate" => {
                if coding != "deflate" && !body.starts_with(&[0x1f, 0x8b]) {
                    notes.push(format!(
                        "the body is declared {coding} but is not compressed; read as it is"
                    ));
                    body
                } else {
                    inflate(&body, coding)?
                }
            }
            other => {
                return Err((
                    Outcome::Unsupported,
                    format!("body in an unsupported HTTP encoding ({other})"),
                ))
            }
        };
    }
    Ok((body, notes))
}

/// Decompress a gzip or deflate (zlib, or raw as some servers send it) body,
/// up to [`MAX_DOCUMENT_BYTES`].
fn inflate(body: &[u8], coding: &str) -> Result<Vec<u8>, (Outcome, String)> {
    let limit = MAX_DOCUMENT_BYTES as u64 + 1;
    let mut out = Vec::new();
    let read = if coding == "deflate" {
        let zlib = flate2::read::ZlibDecoder::new(body)
            .take(limit)
            .read_to_end(&mut out);
        if zlib.is_err() {
            out.clear();
            flate2::read::DeflateDecoder::new(body)
                .take(limit)
                .read_to_end(&mut out)
        } else {
            zlib
        }
    } else {
        flate2::read::MultiGzDecoder::new(body)
            .take(limit)
            .read_to_end(&mut out)
    };
    if let Err(e) = read {
        return Err((
            Outcome::Unsupported,
            format!("the {coding} body cannot be decompressed ({e})"),
        ));
    }
    if out.len() > MAX_DOCUMENT_BYTES {
        return Err((
            Outcome::TooLarge,
            format!(
                "the page decompresses to more than {} MiB",
                MAX_DOCUMENT_BYTES >> 20
            ),
        ));
    }
    Ok(out)
}

/// Remove HTTP chunked transfer coding. `None` when the body is not chunked
/// at all (its first line is no chunk size); a body cut inside a chunk keeps
/// what arrived.
pub(super) fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    let mut first = true;
    loop {
        let Some(eol) = rest.iter().position(|&b| b == b'\n') else {
            return (!first).then_some(out);
        };
        let line = &rest[..eol];
        let size_part = line.split(|&b| b == b';').next().unwrap_or_default();
        let size_text = std::str::from_utf8(size_part).ok()?.trim();
        let size = match usize::from_str_radix(size_text, 16) {
            Ok(size) => size,
            Err(_) if first => return None,
            Err(_) => return Some(out),
        };
        first = false;
        rest = &rest[eol + 1..];
        if size == 0 {
            return Some(out);
        }
        let take = size.min(rest.len());
        out.extend_from_slice(&rest[..take]);
        rest = &rest[take..];
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .unwrap_or(rest);
        if rest.is_empty() {
            return Some(out);
        }
    }
}

/// `text/html; charset="UTF-8"` → (`text/html`, `Some("UTF-8")`).
pub(super) fn parse_content_type(value: &str) -> (String, Option<String>) {
    let mut parts = value.split(';');
    let mime = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
    let charset = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']).to_string())
            .filter(|c| !c.is_empty())
    });
    (mime, charset)
}
