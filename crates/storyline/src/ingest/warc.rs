//! Web archives (WARC 1.0 and 1.1), streamed record by record.

use std::io::BufRead;

use crate::model::{Article, Diagnostic};

/// Stream the HTML `response` records of a WARC file to `emit`.
pub fn read_warc(
    path: &str,
    reader: &mut dyn BufRead,
    emit: &mut dyn FnMut(Article),
    diags: &mut Vec<Diagnostic>,
) {
    let _ = (reader, emit);
    diags.push(Diagnostic::error(path, None, "WARC files are not read yet"));
}
