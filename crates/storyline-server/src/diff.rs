//! Where a copy changed the words of the sentence it copied, as spans of the
//! copy, so a page can show `<del>Russia</del><ins>Russian Federation</ins>`
//! in place.
//!
//! The alignment is the one `storyline::copies::swaps` computes (longest
//! common subsequence of case-folded words, punctuation ignored, the same tie
//! rule), so the highlighted runs are the `swaps` of the store's copy groups;
//! this module adds their positions in the copy.

use std::ops::Range;

/// A piece of a copy: unchanged text, or a replacement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text of the copy that matches the original (with its punctuation and spacing).
    Same(&'a str),
    /// Words of the original (`from`, empty when the copy added words) replaced
    /// by words of the copy (`to`, empty when the copy dropped words).
    Swap {
        /// The original's words, as they stand in the original.
        from: &'a str,
        /// The copy's words, as they stand in the copy.
        to: &'a str,
    },
}

/// Longest sentence (in words) that is aligned; longer ones get no pieces,
/// as in the library.
const MAX_WORDS: usize = 400;

/// The copy cut into unchanged text and swaps relative to `original`.
/// `None` when a sentence is too long to align.
pub fn pieces<'a>(original: &'a str, copy: &'a str) -> Option<Vec<Piece<'a>>> {
    let a = storyline::text::words(original);
    let b = storyline::text::words(copy);
    if a.len() > MAX_WORDS || b.len() > MAX_WORDS {
        return None;
    }
    // Words compare case-folded; a hash of the folded word stands in for it
    // (equal hashes are checked, so a collision cannot pair different words).
    let ha: Vec<u64> = a
        .iter()
        .map(|r| folded_hash(&original[r.clone()]))
        .collect();
    let hb: Vec<u64> = b.iter().map(|r| folded_hash(&copy[r.clone()])).collect();
    let same = |i: usize, j: usize| {
        ha[i] == hb[j] && folded_eq(&original[a[i].clone()], &copy[b[j].clone()])
    };
    let (n, m) = (a.len(), b.len());
    // A copy is mostly the original: match the common first and last words
    // directly and align only the middle (the usual diff shortcut; the LCS
    // length is the same, and a sentence with one swap costs one short row).
    let mut pre = 0;
    while pre < n && pre < m && same(pre, pre) {
        pre += 1;
    }
    let mut suf = 0;
    while suf < n - pre && suf < m - pre && same(n - 1 - suf, m - 1 - suf) {
        suf += 1;
    }
    let (ne, me) = (n - suf, m - suf); // ends of the middle
    let w = me - pre + 1;
    let mut lcs = vec![0u16; (ne - pre + 1) * w];
    let at = |i: usize, j: usize| (i - pre) * w + (j - pre);
    for i in (pre..ne).rev() {
        for j in (pre..me).rev() {
            lcs[at(i, j)] = if same(i, j) {
                lcs[at(i + 1, j + 1)] + 1
            } else {
                lcs[at(i + 1, j)].max(lcs[at(i, j + 1)])
            };
        }
    }
    let mut out = Vec::new();
    let mut cursor = 0; // byte offset in `copy` written so far
                        // The current run of differing words: original words i0..i, copy words j0..j.
    let (mut i0, mut j0) = (pre, pre);
    let mut flush = |i0: usize, i: usize, j0: usize, j: usize, cursor: &mut usize, next: usize| {
        if i0 == i && j0 == j {
            return;
        }
        let from = span(original, &a, i0..i);
        let (to, start, end) = if j0 < j {
            (span(copy, &b, j0..j), b[j0].start, b[j - 1].end)
        } else {
            // Dropped words: show them just before the next word of the copy.
            ("", next, next)
        };
        if *cursor < start {
            out.push(Piece::Same(&copy[*cursor..start]));
        }
        out.push(Piece::Swap { from, to });
        *cursor = end;
    };
    let (mut i, mut j) = (pre, pre);
    while i < ne || j < me {
        if i < ne && j < me && same(i, j) {
            flush(i0, i, j0, j, &mut cursor, b[j].start);
            i += 1;
            j += 1;
            i0 = i;
            j0 = j;
        } else if j < me && (i == ne || lcs[at(i, j + 1)] >= lcs[at(i + 1, j)]) {
            j += 1;
        } else {
            i += 1;
        }
    }
    // The run before the common last words (or the end of the copy).
    let next = if me < m {
        b[me].start
    } else {
        b.last().map_or(copy.len(), |r| r.end)
    };
    flush(i0, i, j0, j, &mut cursor, next);
    if cursor < copy.len() {
        out.push(Piece::Same(&copy[cursor..]));
    }
    Some(out)
}

/// FNV-1a over the lower-cased characters of a word, without allocating.
fn folded_hash(word: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for c in word.chars().flat_map(char::to_lowercase) {
        h ^= u64::from(u32::from(c));
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Two words equal once lower-cased (what `str::to_lowercase` compares).
fn folded_eq(x: &str, y: &str) -> bool {
    x == y
        || x.chars()
            .flat_map(char::to_lowercase)
            .eq(y.chars().flat_map(char::to_lowercase))
}

/// The text from the first to the last of `words[run]` (empty for an empty run).
fn span<'a>(text: &'a str, words: &[Range<usize>], run: Range<usize>) -> &'a str {
    if run.is_empty() {
        return "";
    }
    &text[words[run.start].start..words[run.end - 1].end]
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
pub(crate) mod tests {
    use super::*;

    /// A text's words joined by single spaces, for comparing texts whatever
    /// their spacing and punctuation (also used by the page tests).
    pub(crate) fn words(s: &str) -> String {
        storyline::text::words(s)
            .into_iter()
            .map(|r| &s[r])
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn swaps_of(pieces: &[Piece]) -> Vec<(String, String)> {
        pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Swap { from, to } => Some((from.to_string(), to.to_string())),
                Piece::Same(_) => None,
            })
            .collect()
    }

    fn rebuilt(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .map(|p| match p {
                Piece::Same(s) => *s,
                Piece::Swap { to, .. } => *to,
            })
            .collect()
    }

    #[test]
    fn spun_copy_in_place() {
        let a = "Russia and the U.S. agreed on a ceasefire in Syria, officials said.";
        let b = "Russian Federation and the USA agreed on a ceasefire in Syria, officials said.";
        let p = pieces(a, b).unwrap();
        assert_eq!(rebuilt(&p), b, "the copy is rebuilt exactly");
        assert_eq!(
            swaps_of(&p),
            vec![
                ("Russia".into(), "Russian Federation".into()),
                ("U.S.".into(), "USA".into())
            ]
        );
        assert_eq!(
            p[0],
            Piece::Swap {
                from: "Russia",
                to: "Russian Federation"
            }
        );
    }

    #[test]
    fn added_and_dropped_words() {
        let a = "The talks ended late on Friday in Geneva.";
        let b = "The long talks ended on Friday in Geneva, Switzerland.";
        let p = pieces(a, b).unwrap();
        assert_eq!(rebuilt(&p), b);
        assert_eq!(
            swaps_of(&p),
            vec![
                ("".into(), "long".into()),
                ("late".into(), "".into()),
                ("".into(), "Switzerland".into())
            ]
        );
    }

    #[test]
    fn agrees_with_the_library() {
        let cases = [
            (
                "Eleven people were injured, two of them seriously.",
                "Eleven people were hurt, two seriously.",
            ),
            ("A B C D", "A X C Y D Z"),
            ("verbatim copy.", "verbatim copy."),
            ("", "new words"),
            ("old words", ""),
            ("Ünïcode wörds here", "Unicode wörds there"),
        ];
        for (a, b) in cases {
            let p = pieces(a, b).unwrap();
            assert_eq!(rebuilt(&p), b);
            let lib: Vec<(String, String)> = storyline::copies::swaps(a, b)
                .into_iter()
                .map(|s| (s.from, s.to))
                .collect();
            // The library joins words with one space; we keep the text between them.
            let ours: Vec<(String, String)> = swaps_of(&p)
                .into_iter()
                .map(|(f, t)| (words(&f), words(&t)))
                .collect();
            assert_eq!(ours, lib, "{a:?} -> {b:?}");
        }
    }
}
