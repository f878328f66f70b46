//! The decompressed record stream: lines, blocks, a byte count, and room to
//! give bytes back (to repair a record whose length runs into the next).

use std::io::{self, BufRead};

/// The decompressed input, with a count of the bytes read and room to give
/// bytes back.
pub(super) struct Input<'a> {
    inner: &'a mut dyn BufRead,
    /// Bytes given back; `back[pos..]` come before `inner`.
    back: Vec<u8>,
    pos: usize,
    /// Bytes consumed so far.
    pub(super) offset: u64,
}

/// What [`Input::read_line`] did.
#[derive(Clone, Copy)]
pub(super) struct Line {
    /// Bytes consumed, the line end included.
    pub(super) consumed: u64,
    /// A `\n` ended the line (else the input or the limit did).
    pub(super) newline: bool,
}

impl<'a> Input<'a> {
    pub(super) fn new(inner: &'a mut dyn BufRead) -> Self {
        Input {
            inner,
            back: Vec::new(),
            pos: 0,
            offset: 0,
        }
    }

    fn fill(&mut self) -> io::Result<&[u8]> {
        if self.pos < self.back.len() {
            return Ok(&self.back[self.pos..]);
        }
        loop {
            match self.inner.fill_buf() {
                Ok(_) => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
        self.inner.fill_buf()
    }

    pub(super) fn consume(&mut self, n: usize) {
        if self.pos < self.back.len() {
            self.pos = (self.pos + n).min(self.back.len());
            if self.pos == self.back.len() {
                self.back.clear();
                self.pos = 0;
            }
        } else {
            self.inner.consume(n);
        }
        self.offset += n as u64;
    }

    /// Put `bytes` back in front of the input.
    pub(super) fn unread(&mut self, bytes: &[u8]) {
        self.offset = self.offset.saturating_sub(bytes.len() as u64);
        // Bytes just taken from `back` (a peek): step back over them, so
        // that peeking into a large given-back block costs nothing.
        if self.pos >= bytes.len() && self.back[self.pos - bytes.len()..self.pos] == *bytes {
            self.pos -= bytes.len();
            return;
        }
        let mut back = Vec::with_capacity(bytes.len() + self.back.len() - self.pos);
        back.extend_from_slice(bytes);
        back.extend_from_slice(&self.back[self.pos..]);
        self.back = back;
        self.pos = 0;
    }

    /// Put back a line read whole by [`Input::read_line`] (a short line:
    /// its kept bytes are all of it but the line end).
    pub(super) fn unread_line(&mut self, line: &[u8], l: Line) {
        let mut bytes = line.to_vec();
        let end = l.consumed as usize - line.len().min(l.consumed as usize);
        bytes.extend_from_slice(&b"\r\n"[2 - end.min(2)..]);
        self.unread(&bytes);
    }

    /// Up to `n` bytes ahead, not consumed (fewer at the end of the input).
    pub(super) fn peek(&mut self, n: usize) -> io::Result<Vec<u8>> {
        let mut ahead = Vec::with_capacity(n);
        self.read_into(&mut ahead, n as u64)?;
        self.unread(&ahead);
        Ok(ahead)
    }

    /// Read a line through its `\n`, consuming at most `limit` bytes and
    /// keeping at most `cap` of them (without the line end) in `out`.
    pub(super) fn read_line(
        &mut self,
        out: &mut Vec<u8>,
        cap: usize,
        limit: u64,
    ) -> io::Result<Line> {
        let mut consumed = 0u64;
        loop {
            let left = limit - consumed;
            if left == 0 {
                return Ok(Line {
                    consumed,
                    newline: false,
                });
            }
            let buf = self.fill()?;
            if buf.is_empty() {
                return Ok(Line {
                    consumed,
                    newline: false,
                });
            }
            let window = &buf[..buf.len().min(usize::try_from(left).unwrap_or(usize::MAX))];
            let (chunk, newline) = match window.iter().position(|&b| b == b'\n') {
                Some(i) => (&window[..i], true),
                None => (window, false),
            };
            let room = cap.saturating_sub(out.len());
            out.extend_from_slice(&chunk[..chunk.len().min(room)]);
            let used = chunk.len() + usize::from(newline);
            self.consume(used);
            consumed += used as u64;
            if newline {
                if out.last() == Some(&b'\r') {
                    out.pop();
                }
                return Ok(Line { consumed, newline });
            }
        }
    }

    /// Append up to `n` bytes to `out`; returns how many (fewer at the end).
    pub(super) fn read_into(&mut self, out: &mut Vec<u8>, n: u64) -> io::Result<u64> {
        self.take(n, Some(out))
    }

    /// Skip up to `n` bytes without keeping them; returns how many.
    pub(super) fn discard(&mut self, n: u64) -> io::Result<u64> {
        self.take(n, None)
    }

    /// Consume up to `n` bytes, appending them to `out` when given.
    fn take(&mut self, n: u64, mut out: Option<&mut Vec<u8>>) -> io::Result<u64> {
        let mut done = 0u64;
        while done < n {
            let buf = self.fill()?;
            if buf.is_empty() {
                break;
            }
            let take = buf
                .len()
                .min(usize::try_from(n - done).unwrap_or(usize::MAX));
            if let Some(out) = out.as_deref_mut() {
                out.extend_from_slice(&buf[..take]);
            }
            self.consume(take);
            done += take as u64;
        }
        Ok(done)
    }
}
