//! The shared analysis every pass reads: tokens with their lexicon flags,
//! paired quotation marks, sentences, names, and the per-token tables
//! (prefix sums, where a content stops) built once before the passes.

use super::lexicon::*;
use super::{Pass, QuoteKind};
use crate::tokens::{Class, Lexeme};

// Tokens

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Letters and digits, with inner apostrophes, hyphens and periods.
    Word,
    /// One punctuation character.
    Punct(char),
    /// A quotation mark not (yet) paired; `lo`: looks like an opener by its
    /// left side, `rc`: looks like a closer by its right side.
    Mark { ch: char, lo: bool, rc: bool },
    /// An opening mark of a paired quote.
    Open,
    /// A closing mark of a paired quote.
    Close,
}

/// One token with its byte span and properties.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tok {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: Kind,
    /// Lexicon flags (words only).
    pub(super) flags: u32,
    /// Starts with an uppercase letter.
    pub(super) cap: bool,
    /// Paragraph number.
    pub(super) para: u32,
    /// Inside a paired quote (between its marks).
    pub(super) quoted: bool,
}

/// A paired quote: token indices of its marks.
#[derive(Debug, Clone, Copy)]
pub(super) struct Region {
    /// The opening mark.
    pub(super) open: usize,
    /// The closing mark, or the end of the paragraph (exclusive) when never closed.
    pub(super) close: usize,
    /// Whether a closing mark was found.
    pub(super) closed: bool,
}

/// A mention of a person: its tokens and the fullest mention of the same
/// surname up to it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Person {
    /// The name without its title.
    pub(super) span: (usize, usize),
    /// The longest mention so far with the same surname.
    pub(super) full: (usize, usize),
    /// The title word just before the name ("President"), if any.
    pub(super) title: Option<usize>,
}

/// An attribution under construction, in token indices (`[a, b)` ranges).
#[derive(Debug, Clone)]
pub(super) struct Raw {
    /// As [`Attribution::kind`].
    pub(super) kind: QuoteKind,
    /// As [`Attribution::content`].
    pub(super) content: Vec<(usize, usize)>,
    /// As [`Attribution::cue`].
    pub(super) cue: Option<(usize, usize)>,
    /// As [`Attribution::source`].
    pub(super) source: Option<(usize, usize)>,
    /// As [`Attribution::speaker`] (set by [`Doc::resolve`]).
    pub(super) speaker: Option<(usize, usize)>,
    /// As [`Attribution::carrier`].
    pub(super) carrier: Option<(usize, usize)>,
    /// Sort key: first token of the attribution.
    pub(super) key: usize,
    /// The source is the subject of the clause before ("..., adding: “...”").
    pub(super) needs_subject: bool,
    /// Found from the words after a quote ("“...,” he said").
    pub(super) quote: bool,
    /// As [`Attribution::pass`].
    pub(super) pass: Pass,
}

/// Whether `c` is a quotation mark (or an apostrophe, which may be one).
pub(super) fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201c}'
            | '\u{201d}'
            | '\u{201e}'
            | '\u{201f}'
            | '\u{ab}'
            | '\u{bb}'
            | '\''
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201a}'
    )
}

/// Whether a quotation mark after `c` (none: text start) looks like an opener.
pub(super) fn opens_left(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '(' | '[' | '{' | '\u{2014}' | '\u{2013}' | '-' | '/' | ':'
                )
                || is_quote_char(c)
        }
    }
}

/// Whether a quotation mark before `c` (none: text end) looks like a closer.
pub(super) fn closes_right(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    ',' | '.'
                        | ';'
                        | ':'
                        | '!'
                        | '?'
                        | ')'
                        | ']'
                        | '}'
                        | '\u{2026}'
                        | '\u{2014}'
                        | '\u{2013}'
                        | '-'
                        | '/'
                )
                || is_quote_char(c)
        }
    }
}

/// The document being analysed: text, tokens and per-token tables.
pub(super) struct Doc<'a> {
    pub(super) text: &'a str,
    pub(super) toks: Vec<Tok>,
    pub(super) regions: Vec<Region>,
    /// Sentence number of each token.
    pub(super) sent: Vec<u32>,
    /// Sentences as token ranges.
    pub(super) sents: Vec<(usize, usize)>,
    /// Bytes of words before each token (prefix sums, `n + 1` entries).
    pub(super) word_bytes: Vec<usize>,
    /// Characters, and characters inside quotes (marks included), before
    /// each token (prefix sums, `n + 1` entries).
    pub(super) chars: Vec<(usize, usize)>,
    /// For each token, the first token at or after it where a forward content stops.
    pub(super) next_stop: Vec<usize>,
    /// Cue tokens already used by an attribution.
    pub(super) used: Vec<bool>,
}

impl<'a> Doc<'a> {
    /// The document of `text` from its lexemes ([`crate::tokens`], all of
    /// `text`'s): words are letters and digits joined by an inner `'`, `-`,
    /// `.`, `&` or non-breaking hyphen, a thousands separator, a combining
    /// accent or a mojibake symbol; a word keeps the period of an
    /// abbreviation; `''` is one double quotation mark.
    pub(super) fn new(text: &'a str, lexemes: &[Lexeme]) -> Self {
        let mut toks = Vec::with_capacity(lexemes.len());
        let mut para = 0u32;
        // The lexeme after `j`, when nothing separates them.
        let touching = |j: usize| lexemes.get(j + 1).filter(|l| !l.space_before);
        let mut i = 0;
        while i < lexemes.len() {
            let l = lexemes[i];
            para += u32::from(l.newlines);
            if l.is_alphanumeric() {
                let mut end = l.end;
                let mut j = i + 1;
                while let Some(d) = lexemes.get(j).filter(|d| !d.space_before) {
                    if d.is_alphanumeric() {
                        end = d.end;
                        j += 1;
                        continue;
                    }
                    let c = d.other().unwrap_or(' ');
                    let next_alnum = touching(j).is_some_and(Lexeme::is_alphanumeric);
                    // Combining accents stay in their word, and so do the
                    // symbols from U+0080..U+00BF that UTF-8 read as Latin-1
                    // leaves inside one ("FranÃÂ§ois").
                    let mojibake = ('\u{300}'..='\u{36f}').contains(&c)
                        || ('\u{80}'..='\u{bf}').contains(&c)
                            && !matches!(c, '\u{a0}' | '\u{ab}' | '\u{bb}')
                            && next_alnum;
                    // "2,093": a thousands separator stays in its number.
                    let thousands = c == ','
                        && text[l.start..d.start]
                            .bytes()
                            .all(|b| b.is_ascii_digit() || b == b',')
                        && touching(j)
                            .is_some_and(|n| n.class == Class::Digits && n.end - n.start == 3);
                    let joins = matches!(c, '\'' | '\u{2019}' | '-' | '.' | '&' | '\u{2011}');
                    if mojibake || thousands || (joins && next_alnum) {
                        end = d.end;
                        j += 1;
                        continue;
                    }
                    if c == '.' {
                        let word = &text[l.start..end];
                        let abbr = flags_of(word) & ABBR != 0
                            || word.contains('.')
                            || (word.chars().count() == 1 && word.chars().all(char::is_uppercase));
                        if abbr {
                            end = d.end;
                            j += 1;
                        }
                    }
                    break;
                }
                let word = &text[l.start..end];
                let flags = match word.strip_suffix('.') {
                    Some(stem) => flags_of(word) | flags_of(stem),
                    None => flags_of(word),
                };
                toks.push(Tok {
                    start: l.start,
                    end,
                    kind: Kind::Word,
                    flags,
                    cap: l.first_char(text).is_uppercase(),
                    para,
                    quoted: false,
                });
                i = j;
                continue;
            }
            let c = l.other().unwrap_or(' ');
            let mut end = l.end;
            let kind = if is_quote_char(c) {
                // The character before the mark, whitespace included.
                let prev = text[..l.start].chars().next_back();
                let mut ch = c;
                // Two apostrophes stand for a double quotation mark ('' in
                // some newspapers' archives).
                let triple = text.get(l.start..l.start + 3) == Some("'''");
                let closing = !opens_left(prev);
                if c == '\''
                    && touching(i).is_some_and(|n| n.class == Class::Other('\''))
                    && !(triple && closing)
                {
                    i += 1;
                    end += 1;
                    ch = '"';
                }
                Kind::Mark {
                    ch,
                    lo: opens_left(prev),
                    rc: closes_right(text[end..].chars().next()),
                }
            } else {
                Kind::Punct(c)
            };
            toks.push(Tok {
                start: l.start,
                end,
                kind,
                flags: 0,
                cap: false,
                para,
                quoted: false,
            });
            i += 1;
        }
        let n = toks.len();
        Doc {
            text,
            toks,
            regions: Vec::new(),
            sent: vec![0; n],
            sents: Vec::new(),
            word_bytes: Vec::new(),
            chars: Vec::new(),
            next_stop: Vec::new(),
            used: vec![false; n],
        }
    }

    // -- token helpers ------------------------------------------------------

    /// Token `i`, if any.
    pub(super) fn tok(&self, i: usize) -> Option<&Tok> {
        self.toks.get(i)
    }

    /// The text of token `i` (empty past the end).
    pub(super) fn word(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| &self.text[t.start..t.end])
    }

    /// Whether token `i` is a word.
    pub(super) fn is_word(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| t.kind == Kind::Word)
    }

    /// Whether token `i` is a word with any of the lexicon flags `flag`.
    pub(super) fn has(&self, i: usize, flag: u32) -> bool {
        self.tok(i)
            .is_some_and(|t| t.kind == Kind::Word && t.flags & flag != 0)
    }

    /// Whether token `i` is the word `w` (ASCII case-insensitive).
    pub(super) fn is(&self, i: usize, w: &str) -> bool {
        self.is_word(i) && self.word(i).eq_ignore_ascii_case(w)
    }

    /// The punctuation character of token `i`, if it is one.
    pub(super) fn punct(&self, i: usize) -> Option<char> {
        match self.tok(i)?.kind {
            Kind::Punct(c) => Some(c),
            _ => None,
        }
    }

    /// Whether token `i` is a capitalised word.
    pub(super) fn is_cap(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| t.kind == Kind::Word && t.cap)
    }

    /// Sentence number of token `i` (`usize::MAX` past the end).
    pub(super) fn sent_of(&self, i: usize) -> usize {
        self.sent.get(i).map_or(usize::MAX, |&s| s as usize)
    }

    /// Token range of the sentence of token `i`.
    pub(super) fn sentence(&self, i: usize) -> (usize, usize) {
        self.sents
            .get(self.sent_of(i))
            .copied()
            .unwrap_or((i, i + 1))
    }

    /// Whether tokens `i` and `j` exist and share a sentence.
    pub(super) fn same_sent(&self, i: usize, j: usize) -> bool {
        j < self.toks.len() && i < self.toks.len() && self.sent[i] == self.sent[j]
    }

    /// Number of words among tokens `[a, b)`.
    pub(super) fn words_in(&self, a: usize, b: usize) -> usize {
        (a..b.min(self.toks.len()))
            .filter(|&i| self.is_word(i))
            .count()
    }

    // -- pass 2: quotation marks ------------------------------------------

    /// Pairs quotation marks paragraph by paragraph.
    pub(super) fn pair_quotes(&mut self) {
        #[derive(Clone, Copy, PartialEq)]
        enum Role {
            Opener,
            Closer,
            Either,
            Apostrophe,
        }
        let n = self.toks.len();
        let mut outer: Option<usize> = None;
        let mut single: Option<usize> = None;
        let mut regions = Vec::new();
        let mut i = 0;
        while i <= n {
            let para_end = i == n || (i > 0 && self.toks[i].para != self.toks[i - 1].para);
            if para_end {
                if let Some(o) = outer.take() {
                    regions.push(Region {
                        open: o,
                        close: i,
                        closed: false,
                    });
                }
                single = None;
                if i == n {
                    break;
                }
            }
            let Kind::Mark { ch, lo, rc } = self.toks[i].kind else {
                i += 1;
                continue;
            };
            let double = !matches!(ch, '\'' | '\u{2018}' | '\u{2019}' | '\u{201a}');
            let role = match ch {
                '\u{201c}' | '\u{201e}' | '\u{ab}' => {
                    if outer.is_some() && rc && !lo {
                        Role::Closer
                    } else {
                        Role::Opener
                    }
                }
                '\u{201d}' | '\u{bb}' | '\u{201f}' => {
                    if outer.is_none() && lo && !rc {
                        Role::Opener
                    } else {
                        Role::Closer
                    }
                }
                '\u{2018}' | '\u{201a}' => {
                    if lo {
                        Role::Opener
                    } else {
                        Role::Apostrophe
                    }
                }
                _ => match (lo, rc) {
                    (true, false) => Role::Opener,
                    (false, true) => Role::Closer,
                    _ if double => Role::Either,
                    _ => Role::Apostrophe,
                },
            };
            if double {
                match (outer, role) {
                    (None, Role::Opener | Role::Either) => outer = Some(i),
                    (Some(o), Role::Closer | Role::Either) => {
                        regions.push(Region {
                            open: o,
                            close: i,
                            closed: true,
                        });
                        outer = None;
                        single = None;
                    }
                    _ => {}
                }
            } else if outer.is_none() {
                match (single, role) {
                    (None, Role::Opener) => single = Some(i),
                    (Some(o), Role::Closer) => {
                        regions.push(Region {
                            open: o,
                            close: i,
                            closed: true,
                        });
                        single = None;
                    }
                    _ => {}
                }
            }
            i += 1;
        }
        regions.sort_by_key(|r| r.open);
        regions.retain(|r| self.words_in(r.open + 1, r.close) > 0);
        for r in &regions {
            self.toks[r.open].kind = Kind::Open;
            if r.closed {
                self.toks[r.close].kind = Kind::Close;
            }
            for t in &mut self.toks[r.open + 1..r.close] {
                t.quoted = true;
            }
        }
        self.regions = regions;
    }

    // -- pass 3: sentences -------------------------------------------------

    /// Splits every paragraph into sentences.
    pub(super) fn split_sentences(&mut self) {
        let n = self.toks.len();
        let mut p = 0;
        while p < n {
            let para = self.toks[p].para;
            let mut e = p;
            while e < n && self.toks[e].para == para {
                e += 1;
            }
            let base = self.toks[p].start;
            let spans = crate::segment::split_sentences(&self.text[base..self.toks[e - 1].end]);
            let mut k = 0;
            let mut start = p;
            for t in p..e {
                let at = self.toks[t].start - base;
                while k + 1 < spans.len() && at >= spans[k + 1].start {
                    k += 1;
                    if t > start {
                        let idx = self.sents.len() as u32;
                        for s in &mut self.sent[start..t] {
                            *s = idx;
                        }
                        self.sents.push((start, t));
                        start = t;
                    }
                }
            }
            let idx = self.sents.len() as u32;
            for s in &mut self.sent[start..e] {
                *s = idx;
            }
            self.sents.push((start, e));
            p = e;
        }
    }

    /// Capitalised function words inside a sentence are names ("Will
    /// Doyle", "May"): their function-word flags are dropped, except in
    /// title-case paragraphs such as headlines.
    pub(super) fn mark_names(&mut self) {
        let n = self.toks.len();
        let mut p = 0;
        while p < n {
            let para = self.toks[p].para;
            let mut e = p;
            let (mut words, mut caps) = (0usize, 0usize);
            while e < n && self.toks[e].para == para {
                if self.toks[e].kind == Kind::Word {
                    words += 1;
                    caps += usize::from(self.toks[e].cap);
                }
                e += 1;
            }
            if caps * 5 < words * 3 {
                for i in p..e {
                    let first = i == self.sentence(i).0
                        || (i > 0
                            && matches!(
                                self.toks[i - 1].kind,
                                Kind::Open
                                    | Kind::Mark { .. }
                                    | Kind::Punct(':' | '(' | '\u{2014}')
                            ));
                    let t = &mut self.toks[i];
                    if t.kind == Kind::Word && t.cap && !first && t.end - t.start > 1 {
                        // A weekday ("said Monday") stays a time word.
                        let time = if t.flags & NONPERSON != 0 { 0 } else { TIME };
                        t.flags &= !(STOP | SKIP | DET | PRON | LINK | CLAUSE | time);
                    }
                }
            }
            p = e;
        }
    }

    // -- tables --------------------------------------------------------------

    /// Builds the prefix sums and the stop table used by the reported-speech pass.
    pub(super) fn prepare(&mut self) {
        let n = self.toks.len();
        let mut wb = Vec::with_capacity(n + 1);
        let mut cc = Vec::with_capacity(n + 1);
        let (mut w, mut c, mut q) = (0, 0, 0);
        for t in &self.toks {
            wb.push(w);
            cc.push((c, q));
            if t.kind == Kind::Word {
                w += t.end - t.start;
            }
            let part = &self.text[t.start..t.end];
            let chars = if part.is_ascii() {
                part.len()
            } else {
                part.chars().count()
            };
            c += chars;
            if t.quoted || matches!(t.kind, Kind::Open | Kind::Close) {
                q += chars;
            }
        }
        wb.push(w);
        cc.push((c, q));
        self.word_bytes = wb;
        self.chars = cc;

        let mut stop = vec![false; n];
        for (i, s) in stop.iter_mut().enumerate() {
            let t = &self.toks[i];
            if t.quoted {
                continue;
            }
            // "... “jobs, jobs, jobs,” but he has also ...": a quote closed
            // before a conjunction ends the content after its mark.
            let after_close = i > 0 && self.toks[i - 1].kind == Kind::Close;
            let k = if self.punct(i) == Some(',') { i + 1 } else { i };
            if after_close
                && ["but", "though", "although", "until", "whereas", "yet"]
                    .iter()
                    .any(|w| self.is(k, w))
            {
                *s = true;
                continue;
            }
            *s = match t.kind {
                Kind::Punct(';') => true,
                Kind::Punct(',') | Kind::Punct('\u{2014}') | Kind::Punct('\u{2015}') => {
                    self.is(i + 1, "according")
                        // "..., while 5 percent prefer Johnson"
                        || self.is(i + 1, "while")
                        || self.is(i + 1, "whereas")
                        // "the test, which state media claimed ...": a
                        // relative clause with a speaker of its own.
                        || (self.is(i + 1, "which")
                            && !self.has(i + 2, PRON)
                            && (i + 3..i + 7).any(|v| {
                                self.cue_at(v)
                                    && !self.has(v, PARTICIPLE)
                                    && (i + 2..v).all(|q| {
                                        self.is_word(q) && !self.has(q, STOP | CUE)
                                    })
                            }))
                        || self.has(i + 1, PARTICIPLE)
                        || ((self.is(i + 1, "and") || self.is(i + 1, "but"))
                            && self.has(i + 2, PARTICIPLE))
                        || self.trailing_cue_after(i)
                        || {
                            // "Although he acknowledged that X, he maintained
                            // that Y": a new speaker's cue and its "that".
                            let v = self
                                .np_right(i + 1)
                                .map_or(i + 1, |(_, e)| self.skip_right(e));
                            v > i + 1
                                && (self.has(v, CUE) || self.verb_like(v))
                                && (self.is(v + 1, "that")
                                    // "..., the mother of three replied, “...”":
                                    // a new speaker's cue and quote.
                                    || (self.cue_at(v) && {
                                        let o = if matches!(self.punct(v + 1), Some(',' | ':'))
                                        {
                                            v + 2
                                        } else {
                                            v + 1
                                        };
                                        self.tok(o).is_some_and(|t| t.kind == Kind::Open)
                                    }))
                        }
                }
                Kind::Punct(':') => self.tok(i + 1).is_some_and(|t| t.kind == Kind::Open),
                // "explained the headline by saying: “...”": the cue of
                // the quote ends the content before it.
                Kind::Word
                    if self.is(i, "by")
                        && self.has(i + 1, PARTICIPLE)
                        && self.cue_at(i + 1)
                        && self.tok(i + 3).is_some_and(|t| t.kind == Kind::Open) =>
                {
                    true
                }
                Kind::Word => {
                    (self.is(i, "and") || self.is(i, "but"))
                        && !self.is(i + 1, "that")
                        && (self.cue_at(i + 1)
                            || (self.has(i + 1, SKIP) && self.cue_at(i + 2))
                            || self.trailing_cue_after(i)
                            // "and 1 percent support Stein"
                            || (self.is_number(i + 1)
                                && (self.is(i + 2, "percent") || self.punct(i + 2) == Some('%'))))
                }
                _ => false,
            };
        }
        let mut next = vec![n; n + 1];
        for i in (0..n).rev() {
            next[i] = if stop[i] { i } else { next[i + 1] };
        }
        self.next_stop = next;
    }

    /// Whether a usable cue word is at `i` (outside quotes).
    pub(super) fn cue_at(&self, i: usize) -> bool {
        self.has(i, CUE) && !self.has(i, WEAK) && self.tok(i).is_some_and(|t| !t.quoted)
    }

    /// Whether the comma at `i` is followed by `NP cue` and then the end of the
    /// sentence or a comma: ", the official said."
    pub(super) fn trailing_cue_after(&self, i: usize) -> bool {
        let Some((s, e)) = self.np_right(i + 1) else {
            return false;
        };
        if s != i + 1 {
            return false;
        }
        let c = self.skip_right(e);
        self.cue_at(c) && !self.has(c, PARTICIPLE)
    }

    /// The token after an "And" or "But" opening the sentence at `s0`, else `s0`.
    pub(super) fn past_conjunction(&self, s0: usize) -> usize {
        if self.is(s0, "and") || self.is(s0, "but") {
            s0 + 1
        } else {
            s0
        }
    }

    /// Whether token `i` is a word made of digits ("2013", "12").
    pub(super) fn is_number(&self, i: usize) -> bool {
        self.is_word(i)
            && self.word(i).starts_with(|c: char| c.is_ascii_digit())
            && self
                .word(i)
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b',')
    }

    /// Whether token `i` counts people: digits or a small number word
    /// ("the mother of three", "a father of 2").
    pub(super) fn is_count(&self, i: usize) -> bool {
        self.is_number(i)
            || [
                "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            ]
            .iter()
            .any(|w| self.is(i, w))
    }

    /// Whether token `i` ends a clause: end of sentence, a comma or a period.
    pub(super) fn clause_ends_at(&self, i: usize) -> bool {
        i >= self.toks.len()
            || self.sent_of(i) != self.sent_of(i.saturating_sub(1))
            || matches!(self.punct(i), Some('.' | ',' | '!' | '?' | ';'))
    }
}

impl Raw {
    /// An attribution found by `pass` with this content and nothing else yet.
    pub(super) fn new(pass: Pass, kind: QuoteKind, content: Vec<(usize, usize)>) -> Self {
        let key = content
            .first()
            .map_or(usize::MAX, |c| c.0.saturating_sub(1));
        Raw {
            kind,
            content,
            cue: None,
            source: None,
            speaker: None,
            carrier: None,
            key,
            needs_subject: false,
            quote: false,
            pass,
        }
    }
}
