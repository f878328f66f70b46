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
    let la: Vec<String> = a
        .iter()
        .map(|r| original[r.clone()].to_lowercase())
        .collect();
    let lb: Vec<String> = b.iter().map(|r| copy[r.clone()].to_lowercase()).collect();
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![0u16; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[at(i, j)] = if la[i] == lb[j] {
                lcs[at(i + 1, j + 1)] + 1
            } else {
                lcs[at(i + 1, j)].max(lcs[at(i, j + 1)])
            };
        }
    }
    let mut out = Vec::new();
    let mut cursor = 0; // byte offset in `copy` written so far
    let (mut i, mut j) = (0, 0);
    // The current run of differing words: original words i0..i, copy words j0..j.
    let (mut i0, mut j0) = (0, 0);
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
    while i < n || j < m {
        if i < n && j < m && la[i] == lb[j] {
            flush(i0, i, j0, j, &mut cursor, b[j].start);
            i += 1;
            j += 1;
            i0 = i;
            j0 = j;
        } else if j < m && (i == n || lcs[at(i, j + 1)] >= lcs[at(i + 1, j)]) {
            j += 1;
        } else {
            i += 1;
        }
    }
    let end = b.last().map_or(copy.len(), |r| r.end);
    flush(i0, i, j0, j, &mut cursor, end);
    if cursor < copy.len() {
        out.push(Piece::Same(&copy[cursor..]));
    }
    Some(out)
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
mod tests {
    use super::*;

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

    fn words(s: &str) -> String {
        storyline::text::words(s)
            .into_iter()
            .map(|r| &s[r])
            .collect::<Vec<_>>()
            .join(" ")
    }
}
