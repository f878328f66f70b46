//! Bytes to text: byte-order marks, invalid UTF-8, line ends.

use crate::model::Diagnostic;

/// Looks like a binary file: in the first 8 KiB, several NUL bytes, or one
/// beside other control bytes or bytes that are not UTF-8. One stray NUL in
/// text (a bad export, a copy from a terminal) is not a reason to drop the
/// whole file: [`decode`] removes it and says where.
pub(crate) fn is_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    let nuls = head.iter().filter(|&&b| b == 0).count();
    if nuls == 0 {
        return false;
    }
    let controls = head
        .iter()
        .any(|&b| (b < 0x20 && !matches!(b, 0 | b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f);
    // An error with a length is a bad byte; one without is a character cut
    // at the end of the sample.
    let not_text = || std::str::from_utf8(head).is_err_and(|e| e.error_len().is_some());
    nuls >= 4 || controls || not_text()
}

/// Decode `bytes` as UTF-8; if that fails, as Windows-1252 (the usual legacy
/// encoding of news pages), with a warning naming the line of the first bad byte.
pub(crate) fn decode(
    path: &str,
    line_offset: usize,
    bytes: &[u8],
    diags: &mut Vec<Diagnostic>,
) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let without_nul: Vec<u8>;
    let bytes = match bytes.iter().position(|&b| b == 0) {
        None => bytes,
        Some(first) => {
            let line = line_offset + bytes[..first].iter().filter(|&&b| b == b'\n').count();
            without_nul = bytes.iter().copied().filter(|&b| b != 0).collect();
            diags.push(Diagnostic::warning(
                path,
                Some(line),
                format!("{} NUL byte(s) removed", bytes.len() - without_nul.len()),
            ));
            &without_nul
        }
    };
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            let bad = e.valid_up_to();
            let line = line_offset + bytes[..bad].iter().filter(|&&b| b == b'\n').count();
            diags.push(Diagnostic::warning(
                path,
                Some(line),
                format!("invalid UTF-8 (byte {bad}); decoded as Windows-1252"),
            ));
            bytes.iter().map(|&b| cp1252(b)).collect()
        }
    }
}

/// Windows-1252 byte to char (undefined bytes map to U+FFFD).
pub(crate) fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{FFFD}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{FFFD}', 'Ž',
        '\u{FFFD}', '\u{FFFD}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ',
        '\u{FFFD}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// Normalise line ends to `\n` so that spans are the same whatever the platform.
pub(crate) fn normalise_newlines(s: String) -> String {
    if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s
    }
}

/// Decode an HTML page to text. The encoding is, in order: a byte-order mark;
/// the charset of the HTTP header (`http_charset`); the page's own
/// declaration in its first 4 KiB (`<meta charset>`, `<meta http-equiv
/// content-type>`, `<?xml encoding>`); else UTF-8 when the bytes are valid
/// UTF-8; else a guess from the bytes (chardetng, helped by the URL's
/// top-level domain). Bytes that are valid UTF-8 with non-ASCII characters win
/// over a declared single-byte encoding (a page saved as UTF-8 that still
/// says `iso-8859-1` is common; read as declared, it would be mojibake).
///
/// Returns the text and, when the encoding was guessed or a declaration
/// overruled, a note saying so for a warning.
pub fn decode_html(
    bytes: &[u8],
    http_charset: Option<&str>,
    url: Option<&str>,
) -> (String, Option<String>) {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return (normalise_newlines(text.into_owned()), None);
    }
    let declared = http_charset
        .and_then(|c| encoding_rs::Encoding::for_label(c.trim().as_bytes()))
        .or_else(|| declared_charset(&bytes[..bytes.len().min(4096)]));
    let utf8 = std::str::from_utf8(bytes).is_ok();
    let (encoding, note) = match declared {
        Some(enc)
            if enc == encoding_rs::UTF_8
                || enc == encoding_rs::UTF_16LE
                || enc == encoding_rs::UTF_16BE =>
        {
            // A page cannot really be UTF-16 without a BOM once it was
            // prescanned as ASCII; read the declaration as UTF-8.
            if utf8 {
                (encoding_rs::UTF_8, None)
            } else {
                let guess = guess(bytes, url);
                let note = format!(
                    "declared UTF-8 but is not; read as {} (detected)",
                    guess.name()
                );
                (guess, Some(note))
            }
        }
        Some(enc) if utf8 && !bytes.is_ascii() && is_single_byte(enc) => (
            encoding_rs::UTF_8,
            Some(format!(
                "declared {} but the bytes are UTF-8; read as UTF-8",
                enc.name()
            )),
        ),
        Some(enc) => (enc, None),
        None if utf8 => (encoding_rs::UTF_8, None),
        None => {
            let guess = guess(bytes, url);
            let note = format!(
                "no character encoding declared and not UTF-8; read as {} (detected)",
                guess.name()
            );
            (guess, Some(note))
        }
    };
    let (text, _, _) = encoding.decode(bytes);
    (normalise_newlines(text.into_owned()), note)
}

/// Legacy single-byte encodings, the ones a UTF-8 page is wrongly labelled with.
fn is_single_byte(enc: &'static encoding_rs::Encoding) -> bool {
    enc.is_single_byte()
}

/// Guess the encoding of bytes that declare none.
fn guess(bytes: &[u8], url: Option<&str>) -> &'static encoding_rs::Encoding {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(&bytes[..bytes.len().min(1 << 20)], true);
    let tld = url.and_then(top_level_domain);
    detector.guess(tld.as_deref().map(str::as_bytes), true)
}

/// The top-level domain of a URL (`https://www.lemonde.fr/x` → `fr`).
fn top_level_domain(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#', ':']).next()?;
    let tld = host.rsplit('.').next()?;
    (tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
        .then(|| tld.to_ascii_lowercase())
}

/// The charset a page declares in its first bytes: `<meta charset="x">`,
/// `<meta http-equiv="Content-Type" content="text/html; charset=x">`, or an
/// XML declaration's `encoding="x"`. Unknown labels count as none.
fn declared_charset(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let find_from = |needle: &[u8], from: usize| {
        lower
            .get(from..)?
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|i| i + from)
    };
    // `charset=` inside a <meta ...> tag (both forms), or encoding= in <?xml ...?>.
    let mut at = 0;
    while let Some(i) = find_from(b"<meta", at) {
        let end = find_from(b">", i).unwrap_or(lower.len());
        let tag = &lower[i..end];
        if let Some(j) = tag.windows(8).position(|w| w == b"charset=") {
            if let Some(enc) = label_at(&tag[j + 8..]) {
                return Some(enc);
            }
        }
        at = end;
    }
    if lower.starts_with(b"<?xml") {
        let end = find_from(b"?>", 0).unwrap_or(lower.len().min(200));
        let decl = &lower[..end];
        if let Some(j) = decl.windows(9).position(|w| w == b"encoding=") {
            return label_at(&decl[j + 9..]);
        }
    }
    None
}

/// The encoding label at the start of `s` (after optional quotes).
fn label_at(s: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let s = s
        .strip_prefix(b"\"")
        .or_else(|| s.strip_prefix(b"'"))
        .unwrap_or(s);
    let end = s
        .iter()
        .position(|&b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>' | b'\t' | b'\n'))
        .unwrap_or(s.len());
    encoding_rs::Encoding::for_label(&s[..end])
}

/// How many times text shows the marks of UTF-8 read as a single-byte
/// encoding ("Ã©" for "é", "â€™" for "’"). Zero on clean text.
pub fn mojibake_count(text: &str) -> usize {
    const MARKS: &[&str] = &[
        "Ã©", "Ã¨", "Ã¤", "Ã¶", "Ã¼", "Ã¡", "Ã³", "Ã§", "Ã±", "Ã\u{a0}", "â€", "Â\u{a0}", "Â·",
        "ï»¿",
    ];
    MARKS.iter().map(|m| text.matches(m).count()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_found_in_order() {
        // Declared in a meta tag.
        let page =
            b"<html><head><meta charset=\"iso-8859-2\"></head><body>\xB3\xF3d\xBC</body></html>";
        let (text, note) = decode_html(page, None, None);
        assert!(text.contains("łódź"), "{text}");
        assert!(note.is_none());
        // The HTTP header wins over the page (0xBC is "Ľ" in windows-1250).
        let (text, _) = decode_html(page, Some("windows-1250"), None);
        assert!(text.contains("łódĽ"), "{text}");
        // http-equiv, and a UTF-8 BOM beating every declaration.
        let page = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"><p>caf\xe9</p>";
        assert!(decode_html(page, None, None).0.contains("café"));
        let page = b"\xEF\xBB\xBF<meta charset=windows-1252><p>caf\xC3\xA9</p>";
        assert!(decode_html(page, None, None).0.contains("café"));
        // UTF-8 bytes under a single-byte label are read as UTF-8, with a note.
        let page = "<meta charset=iso-8859-1><p>Zürich – café</p>".as_bytes();
        let (text, note) = decode_html(page, None, None);
        assert!(text.contains("Zürich – café"), "{text}");
        assert!(note.is_some_and(|n| n.contains("UTF-8")));
    }

    #[test]
    fn undeclared_legacy_bytes_are_detected() {
        // Windows-1251 Russian, nothing declared.
        let (cp, _, _) = encoding_rs::WINDOWS_1251.encode("<p>Президент России заявил сегодня, что переговоры продолжатся на следующей неделе.</p>");
        let (text, note) = decode_html(&cp, None, Some("https://example.ru/a"));
        assert!(text.contains("Президент России"), "{text}");
        assert!(note.is_some_and(|n| n.contains("windows-1251")));
        assert_eq!(mojibake_count(&text), 0);
        assert_eq!(mojibake_count("Ã©tÃ© â€™"), 3);
    }
}
