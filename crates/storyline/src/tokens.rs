//! The library's one tokenizer: a text as a sequence of [`Lexeme`]s.
//!
//! A lexeme is a maximal run of letters, a maximal run of ASCII digits, or
//! one other non-space character. Each lexeme records whether whitespace
//! comes before it and how many line breaks that whitespace holds. Nothing
//! else is decided here: every stage assembles its own units from the
//! lexemes, by its own rules, without reading the characters again.
//!
//! | stage | unit | assembled from lexemes |
//! |---|---|---|
//! | [`segment`](crate::segment) | sentence-splitting chunk | lexemes not separated by whitespace |
//! | [`entities`](crate::entities) | name word | a chunk, edge punctuation trimmed |
//! | [`dates`](crate::dates) | word, number, mark | one lexeme each ("12th" is 12 + th) |
//! | [`quotes`](crate::quotes) | word, mark | letters and digits joined by inner `'`, `-`, `.`, `&` |
//! | [`text::words`](crate::text::words) | term | letters and digits joined by inner `'`, acronym dots, digit groups |
//!
//! [`Tokens`] holds an article's lexemes, computed once; the stages read
//! the lexemes of a paragraph or a sentence as a slice of it
//! ([`Tokens::within`]).

use std::ops::Range;

/// What a lexeme is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A maximal run of alphabetic characters (any script).
    Letters,
    /// A maximal run of ASCII digits.
    Digits,
    /// One other non-space character: punctuation, a symbol, a combining
    /// mark that is not alphabetic, a digit of another script.
    Other(char),
}

/// One lexeme: a byte range of the text, its class, and the whitespace before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lexeme {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// What it is made of.
    pub class: Class,
    /// Whitespace separates it from the previous lexeme (false for the
    /// first lexeme of a text unless the text starts with whitespace).
    pub space_before: bool,
    /// Line breaks in that whitespace (saturating): `\n`, `\r`, `\r\n`,
    /// vertical tab, NEL and U+2028 count one; form feed and U+2029 (a
    /// paragraph separator) count two.
    pub newlines: u8,
}

impl Lexeme {
    /// The lexeme's text.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }

    /// Its first character.
    pub fn first_char(&self, text: &str) -> char {
        match self.class {
            Class::Other(c) => c,
            _ => text[self.start..].chars().next().unwrap_or(' '),
        }
    }

    /// Letters, digits, or another character that counts as alphanumeric
    /// (a digit of another script, a superscript).
    pub fn is_alphanumeric(&self) -> bool {
        match self.class {
            Class::Letters | Class::Digits => true,
            Class::Other(c) => c.is_alphanumeric(),
        }
    }

    /// The single character of an [`Class::Other`] lexeme.
    pub fn other(&self) -> Option<char> {
        match self.class {
            Class::Other(c) => Some(c),
            _ => None,
        }
    }
}

/// The character at byte `i` (a character boundary) and its length; ASCII
/// without decoding.
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b.is_ascii() {
        return Some((char::from(b), 1));
    }
    let c = text.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

/// Line breaks a whitespace character adds (see [`Lexeme::newlines`]).
fn breaks(c: char, after_cr: bool) -> u8 {
    match c {
        '\n' if after_cr => 0,
        '\n' | '\r' | '\u{0B}' | '\u{85}' | '\u{2028}' => 1,
        '\u{0C}' | '\u{2029}' => 2,
        _ => 0,
    }
}

/// The lexemes of a text, in order, without storing them.
#[derive(Debug, Clone)]
pub struct Lexer<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    /// Lexes `text` from its start.
    pub fn new(text: &'a str) -> Self {
        Lexer { text, pos: 0 }
    }
}

impl Iterator for Lexer<'_> {
    type Item = Lexeme;

    fn next(&mut self) -> Option<Lexeme> {
        let text = self.text;
        let mut newlines = 0u8;
        let mut after_cr = false;
        let mut space_before = false;
        let (c, len) = loop {
            let (c, len) = char_at(text, self.pos)?;
            if !c.is_whitespace() {
                break (c, len);
            }
            newlines = newlines.saturating_add(breaks(c, after_cr));
            after_cr = c == '\r';
            space_before = true;
            self.pos += len;
        };
        let start = self.pos;
        let mut end = start + len;
        let class = if c.is_ascii_digit() {
            let bytes = text.as_bytes();
            while bytes.get(end).is_some_and(u8::is_ascii_digit) {
                end += 1;
            }
            Class::Digits
        } else if c.is_alphabetic() {
            while let Some((d, l)) = char_at(text, end) {
                if !d.is_alphabetic() {
                    break;
                }
                end += l;
            }
            Class::Letters
        } else {
            Class::Other(c)
        };
        self.pos = end;
        Some(Lexeme {
            start,
            end,
            class,
            space_before,
            newlines,
        })
    }
}

/// The lexemes of one text (an article), computed once and shared by the
/// stages that read it.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    lexemes: Vec<Lexeme>,
}

impl Tokens {
    /// Lexes `text`.
    pub fn new(text: &str) -> Self {
        let mut lexemes = Vec::with_capacity(text.len() / 4 + 1);
        lexemes.extend(Lexer::new(text));
        Tokens { lexemes }
    }

    /// Every lexeme.
    pub fn all(&self) -> &[Lexeme] {
        &self.lexemes
    }

    /// The lexemes lying inside byte range `r` (a lexeme is never cut: `r`
    /// is expected to start and end at lexeme or whitespace boundaries, as
    /// paragraphs and sentences do).
    pub fn within(&self, r: Range<usize>) -> &[Lexeme] {
        let a = self.lexemes.partition_point(|l| l.start < r.start);
        let b = self.lexemes.partition_point(|l| l.end <= r.end);
        &self.lexemes[a..b.max(a)]
    }
}

/// A maximal run of lexemes that no whitespace separates: a
/// whitespace-delimited word with its punctuation ("(two)", "here.").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chunk {
    /// Byte offset of its first lexeme.
    pub start: usize,
    /// Byte offset just past its last lexeme.
    pub end: usize,
    /// Line breaks in the whitespace before it (its first lexeme's).
    pub newlines: u8,
}

/// The chunks of `lexemes`, in order (the first lexeme always starts one).
/// Read by the sentence splitter and `entities`.
pub fn chunks<I: IntoIterator<Item = Lexeme>>(lexemes: I) -> impl Iterator<Item = Chunk> {
    let mut lexemes = lexemes.into_iter().peekable();
    std::iter::from_fn(move || {
        let first = lexemes.next()?;
        let mut end = first.end;
        while let Some(l) = lexemes.next_if(|l| !l.space_before) {
            end = l.end;
        }
        Some(Chunk {
            start: first.start,
            end,
            newlines: first.newlines,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(text: &str) -> Vec<(&str, Class, bool, u8)> {
        Lexer::new(text)
            .map(|l| (l.text(text), l.class, l.space_before, l.newlines))
            .collect()
    }

    #[test]
    fn runs_of_letters_and_digits_and_single_others() {
        use Class::*;
        assert_eq!(
            classes("On 12th March, al-Assad's U.S. aide\r\n\r\n“said”"),
            vec![
                ("On", Letters, false, 0),
                ("12", Digits, true, 0),
                ("th", Letters, false, 0),
                ("March", Letters, true, 0),
                (",", Other(','), false, 0),
                ("al", Letters, true, 0),
                ("-", Other('-'), false, 0),
                ("Assad", Letters, false, 0),
                ("'", Other('\''), false, 0),
                ("s", Letters, false, 0),
                ("U", Letters, true, 0),
                (".", Other('.'), false, 0),
                ("S", Letters, false, 0),
                (".", Other('.'), false, 0),
                ("aide", Letters, true, 0),
                ("“", Other('“'), true, 2),
                ("said", Letters, false, 0),
                ("”", Other('”'), false, 0),
            ]
        );
    }

    #[test]
    fn other_scripts_and_marks() {
        use Class::*;
        // Greek letters are one run; an Arabic-Indic digit is not ASCII.
        assert_eq!(
            classes("Αθήνα ٣"),
            vec![("Αθήνα", Letters, false, 0), ("٣", Other('٣'), true, 0)]
        );
        // A separate combining acute accent is not alphabetic.
        let t = "Cafe\u{301}";
        assert_eq!(Lexer::new(t).count(), 2);
    }

    #[test]
    fn within_and_chunks() {
        let text = "First one. Second (two) here.";
        let tokens = Tokens::new(text);
        let second = tokens.within(11..text.len());
        assert_eq!(second[0].text(text), "Second");
        let words: Vec<&str> = chunks(second.iter().copied())
            .map(|c| &text[c.start..c.end])
            .collect();
        assert_eq!(words, ["Second", "(two)", "here."]);
        assert!(tokens.within(3..3).is_empty());
    }
}
