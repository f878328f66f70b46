//! Reading one date expression: the machine formats of metadata (ISO 8601,
//! RFC 2822, `YYYYMMDD`, Unix seconds) and the ways people write dates
//! ("19. November 2019", "Nov. 19, 2019", "19/11/2019", "le 19 novembre
//! 2019 à 10h48", "2019年11月19日"), with a time of day and a zone when they
//! follow the date.
//!
//! Month names come from `data/month-names.txt` (Unicode CLDR, 19 European
//! and other languages); no name there maps to two months. Numeric dates
//! whose order is ambiguous (`03/04/2019`) are read in the page's convention
//! ([`Order`]); a component above 12 settles the order whatever the page
//! says, and dotted dates (`19.11.2019`) are always day first.
//!
//! Everything here is a pure function of its input string; nothing panics.

use jiff::civil::{Date, DateTime};
use jiff::tz::Offset;

use crate::model::Published;

/// How an ambiguous numeric date with slashes is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// `19/11/2019`: most of the world.
    #[default]
    DayFirst,
    /// `11/19/2019`: the United States.
    MonthFirst,
}

/// A date found in a text: the value and its byte range in that text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// The date (and time, when one followed it).
    pub value: Published,
    /// Where it starts in the text (bytes).
    pub start: usize,
    /// Where it ends (bytes, exclusive).
    pub end: usize,
}

/// The month a word names, if it names one in any language of
/// `data/month-names.txt` (case and a final dot ignored).
pub fn month_of(word: &str) -> Option<u8> {
    let word = word.strip_suffix('.').unwrap_or(word);
    crate::lexicon::month(word).map(|m| m.number)
}

/// Parse a metadata value: an ISO 8601 / RFC 3339 date or date-time (also
/// with a space for `T`, no separators, or `/` and `.` between the parts),
/// Unix seconds or milliseconds, else the first date written in it in any
/// of the ways [`find_all`] reads.
pub fn parse_value(s: &str, order: Order) -> Option<Published> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Some(p) = parse_iso(s) {
        return Some(p);
    }
    if s.len() >= 9 && s.len() <= 13 && s.bytes().all(|b| b.is_ascii_digit()) {
        let n: i64 = s.parse().ok()?;
        let secs = if s.len() == 13 { n / 1000 } else { n };
        // Unix seconds are instants: UTC, known to the second.
        let at = jiff::Timestamp::from_second(secs).ok()?;
        return Some(Published {
            at,
            date_only: false,
            offset: Some(Offset::UTC),
        });
    }
    first(s, order).map(|f| f.value)
}

/// The first date written in `text`.
pub fn first(text: &str, order: Order) -> Option<Found> {
    let tokens = tokenize(text);
    (0..tokens.len()).find_map(|i| date_at(text, &tokens, i, order).map(|(f, _)| f))
}

/// Every date written in `text`, in order, without overlaps.
pub fn find_all(text: &str, order: Order) -> Vec<Found> {
    let tokens = tokenize(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match date_at(text, &tokens, i, order) {
            Some((f, next)) => {
                out.push(f);
                i = next.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

/// ISO 8601 at the start of `s` (the whole string must be the date, a
/// time and a zone, give or take trailing spaces).
fn parse_iso(s: &str) -> Option<Published> {
    let b = s.as_bytes();
    let digits = |from: usize, n: usize| -> Option<i32> {
        let part = b.get(from..from + n)?;
        if part.iter().all(u8::is_ascii_digit) {
            std::str::from_utf8(part).ok()?.parse().ok()
        } else {
            None
        }
    };
    let year = digits(0, 4)?;
    let (month, day, mut i) = match b.get(4) {
        Some(&sep @ (b'-' | b'/' | b'.')) => {
            // 2019-11-19 or 2019-1-9.
            let (m, mlen) = num_at(b, 5)?;
            if b.get(5 + mlen) != Some(&sep) {
                return None;
            }
            let (d, dlen) = num_at(b, 6 + mlen)?;
            if mlen > 2 || dlen > 2 {
                return None;
            }
            (m, d, 6 + mlen + dlen)
        }
        Some(c) if c.is_ascii_digit() => (digits(4, 2)?, digits(6, 2)?, 8),
        _ => return None,
    };
    let date = make_date(year, month, day)?;
    // Only a day.
    let rest = &s[i.min(s.len())..];
    if rest.trim().is_empty() {
        return Some(day_of(date));
    }
    match b.get(i) {
        Some(b'T' | b't' | b' ') => i += 1,
        // 20191119T1048 or a date followed by something else.
        _ => {
            let words = rest.trim_start();
            // "2019-11-19 (updated)": the day alone is what is certain.
            return if words.starts_with(|c: char| c.is_ascii_digit()) {
                None
            } else {
                Some(day_of(date))
            };
        }
    }
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    let hour = digits(i, 2)?;
    i += 2;
    if b.get(i) == Some(&b':') {
        i += 1;
    }
    let minute = digits(i, 2)?;
    i += 2;
    let mut second = 0;
    if b.get(i) == Some(&b':') {
        second = digits(i + 1, 2)?;
        i += 3;
    } else if let Some(s2) = digits(i, 2) {
        second = s2;
        i += 2;
    }
    if matches!(b.get(i), Some(b'.' | b',')) {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    let time = make_time(date, hour, minute, second)?;
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    let zone = &s[i.min(s.len())..];
    if zone.trim().is_empty() {
        return Some(Published::timed(naive_utc(time)?));
    }
    let offset = parse_zone(zone.trim())?;
    with_offset(time, offset)
}

/// A zone written after a time: `Z`, `UTC`, `GMT`, `+01:00`, `+0100`,
/// `+01`, `UTC+1`, or a common abbreviation (`EST`, `CEST`, ...).
fn parse_zone(z: &str) -> Option<Offset> {
    let upper = z.to_ascii_uppercase();
    let z = upper.as_str();
    if z == "Z" {
        return Some(Offset::UTC);
    }
    if let Some(o) = named_zone(z) {
        return Some(o);
    }
    let z = z
        .strip_prefix("UTC")
        .or_else(|| z.strip_prefix("GMT"))
        .unwrap_or(z)
        .trim();
    let (sign, rest) = match z.as_bytes().first()? {
        b'+' => (1, &z[1..]),
        b'-' => (-1, &z[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    if rest.chars().any(|c| !(c.is_ascii_digit() || c == ':')) {
        return None;
    }
    let (h, m) = match digits.len() {
        1 | 2 => (digits.parse::<i32>().ok()?, 0),
        4 => (
            digits[..2].parse::<i32>().ok()?,
            digits[2..].parse::<i32>().ok()?,
        ),
        _ => return None,
    };
    if h > 14 || m > 59 {
        return None;
    }
    Offset::from_seconds(sign * (h * 3600 + m * 60)).ok()
}

/// Zone abbreviations common on news pages, upper-case.
fn named_zone(z: &str) -> Option<Offset> {
    let hours = match z {
        "UTC" | "GMT" | "UT" | "WET" => 0,
        "BST" | "CET" | "MEZ" | "WEST" => 1,
        "CEST" | "MESZ" | "EET" => 2,
        "EEST" | "MSK" => 3,
        "EST" | "CDT" => -5,
        "EDT" => -4,
        "CST" | "MDT" => -6,
        "MST" | "PDT" => -7,
        "PST" => -8,
        "IST" => return Offset::from_seconds(5 * 3600 + 1800).ok(),
        "JST" | "KST" => 9,
        "AEST" => 10,
        "AEDT" => 11,
        _ => return None,
    };
    Some(Offset::constant(hours))
}

/// A number of 1 to 4 digits at `i`: its value and length.
fn num_at(b: &[u8], i: usize) -> Option<(i32, usize)> {
    let len = b
        .get(i..)?
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if len == 0 || len > 4 {
        return None;
    }
    let v = std::str::from_utf8(&b[i..i + len]).ok()?.parse().ok()?;
    Some((v, len))
}

fn make_date(year: i32, month: i32, day: i32) -> Option<Date> {
    let year = i16::try_from(year).ok()?;
    let month = i8::try_from(month).ok()?;
    let day = i8::try_from(day).ok()?;
    Date::new(year, month, day).ok()
}

fn make_time(date: Date, hour: i32, minute: i32, second: i32) -> Option<DateTime> {
    let hour = i8::try_from(hour).ok()?;
    let minute = i8::try_from(minute).ok()?;
    // A leap second reads as the second before it.
    let second = i8::try_from(second.min(59)).ok()?;
    let t = jiff::civil::Time::new(hour, minute, second, 0).ok()?;
    Some(date.to_datetime(t))
}

/// A bare day: its midnight UTC.
fn day_of(date: Date) -> Published {
    let at = Offset::UTC
        .to_timestamp(date.to_datetime(jiff::civil::Time::midnight()))
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    Published::day(at)
}

/// A time without a zone, read as UTC.
fn naive_utc(t: DateTime) -> Option<jiff::Timestamp> {
    Offset::UTC.to_timestamp(t).ok()
}

fn with_offset(t: DateTime, offset: Offset) -> Option<Published> {
    Some(Published {
        at: offset.to_timestamp(t).ok()?,
        date_only: false,
        offset: Some(offset),
    })
}

/// A token of a text: a run of digits, a run of letters, or one other
/// non-space character. `space` says whether white space came before it.
#[derive(Debug, Clone, Copy)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
    space: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Digits: value (saturated) and count.
    Num(u32, u8),
    Word,
    Punct(char),
}

fn tokenize(text: &str) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::new();
    let mut space = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if c.is_ascii_digit() {
            let mut v: u32 = c.to_digit(10).unwrap_or(0);
            let mut n: u8 = 1;
            let mut end = i + 1;
            while let Some(&(j, d)) = chars.peek() {
                let Some(dv) = d.to_digit(10).filter(|_| d.is_ascii_digit()) else {
                    break;
                };
                v = v.saturating_mul(10).saturating_add(dv);
                n = n.saturating_add(1);
                end = j + 1;
                chars.next();
            }
            out.push(Tok {
                kind: Kind::Num(v, n),
                start: i,
                end,
                space,
            });
        } else if c.is_alphabetic() && !is_cjk_date_mark(c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if d.is_alphabetic() && !d.is_ascii_digit() && !is_cjk_date_mark(d) {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(Tok {
                kind: Kind::Word,
                start: i,
                end,
                space,
            });
        } else {
            out.push(Tok {
                kind: Kind::Punct(c),
                start: i,
                end: i + c.len_utf8(),
                space,
            });
        }
        space = false;
    }
    out
}

fn is_cjk_date_mark(c: char) -> bool {
    matches!(c, '年' | '月' | '日' | '時' | '分')
}

/// Reads tokens from a position.
struct Cursor<'t> {
    text: &'t str,
    toks: &'t [Tok],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<Tok> {
        self.toks.get(self.i).copied()
    }
    fn word(&self, t: Tok) -> &str {
        self.text.get(t.start..t.end).unwrap_or_default()
    }
    /// The next token if it is a number (value, digits).
    fn num(&mut self) -> Option<(u32, u8)> {
        match self.peek()?.kind {
            Kind::Num(v, n) => {
                self.i += 1;
                Some((v, n))
            }
            _ => None,
        }
    }
    fn punct(&mut self, set: &[char]) -> Option<char> {
        match self.peek()?.kind {
            Kind::Punct(c) if set.contains(&c) => {
                self.i += 1;
                Some(c)
            }
            _ => None,
        }
    }
    /// Skip the next token if it is one of these words (lower-case).
    fn skip_word(&mut self, words: &[&str]) -> bool {
        let Some(t) = self.peek() else { return false };
        if t.kind == Kind::Word && words.iter().any(|w| self.word(t).eq_ignore_ascii_case(w)) {
            self.i += 1;
            return true;
        }
        false
    }
    /// The next token as a month name (a dot after it skipped).
    fn month(&mut self) -> Option<u8> {
        let t = self.peek()?;
        if t.kind != Kind::Word {
            return None;
        }
        let m = month_of(self.word(t))?;
        self.i += 1;
        self.punct(&['.']);
        Some(m)
    }
    fn end(&self) -> usize {
        self.i
            .checked_sub(1)
            .and_then(|j| self.toks.get(j))
            .map_or(0, |t| t.end)
    }
}

/// A year as written: four digits, or two (read as 19xx/20xx).
fn year_of(v: u32, n: u8, allow_short: bool) -> Option<i32> {
    match n {
        4 => i32::try_from(v).ok(),
        2 if allow_short => Some(if v <= 69 {
            2000 + v as i32
        } else {
            1900 + v as i32
        }),
        _ => None,
    }
}

/// Ordinal suffixes after a day number ("19th", "1er", "1º").
const ORDINALS: &[&str] = &["st", "nd", "rd", "th", "er", "e", "o", "a", "º", "ª"];

/// A date starting at token `i`, and the token after it.
fn date_at(text: &str, toks: &[Tok], i: usize, order: Order) -> Option<(Found, usize)> {
    let start_tok = toks.get(i)?;
    // Not in the middle of a longer number or word ("v1.19.11.2019", "A19").
    if let Some(prev) = i.checked_sub(1).and_then(|j| toks.get(j)) {
        if !start_tok.space
            && (matches!(prev.kind, Kind::Num(..)) || prev.kind == Kind::Word)
            && matches!(start_tok.kind, Kind::Num(..))
        {
            return None;
        }
        if !start_tok.space
            && matches!(prev.kind, Kind::Punct('.' | ',' | ':' | '/'))
            && matches!(start_tok.kind, Kind::Num(..))
        {
            if let Some(pp) = i.checked_sub(2).and_then(|j| toks.get(j)) {
                if matches!(pp.kind, Kind::Num(..)) && !prev.space {
                    return None;
                }
            }
        }
    }
    let mut c = Cursor { text, toks, i };
    let date = match start_tok.kind {
        Kind::Num(..) => numeric_first(&mut c, order)?,
        Kind::Word => month_first(&mut c)?,
        Kind::Punct(_) => return None,
    };
    // Nothing glued after the date ("2019-11-19-slug" is fine, "19.11.20193"
    // and "1.19.11.2019" are not).
    if let Some(next) = c.peek() {
        if !next.space && matches!(next.kind, Kind::Num(..)) {
            return None;
        }
        let then = c.toks.get(c.i + 1);
        if !next.space
            && matches!(next.kind, Kind::Punct('.' | '/' | '-' | ':'))
            && then.is_some_and(|t| !t.space && matches!(t.kind, Kind::Num(..)))
        {
            return None;
        }
    }
    let date_end = c.end();
    let after_date = c.i;
    let (value, end, next) = match time_after(&mut c, date) {
        Some(p) => (p, c.end(), c.i),
        None => (day_of(date), date_end, after_date),
    };
    Some((
        Found {
            value,
            start: start_tok.start,
            end,
        },
        next,
    ))
}

/// Dates that start with a number: `2019-11-19`, `19.11.2019`,
/// `11/19/2019`, `19. November 2019`, `19 de noviembre de 2019`,
/// `2019年11月19日`.
fn numeric_first(c: &mut Cursor, order: Order) -> Option<Date> {
    let (a, an) = c.num()?;
    let save = c.i;
    // Numeric with separators.
    if let Some(sep) = c.punct(&['-', '/', '.']) {
        if let Some((b, bn)) = c.num() {
            if c.punct(&[sep]).is_some() {
                if let Some((y, yn)) = c.num() {
                    if an == 4 && bn <= 2 && yn <= 2 {
                        // 2019-11-19
                        return make_date(a as i32, b as i32, y as i32);
                    }
                    if an <= 2 && bn <= 2 {
                        let year = year_of(y, yn, sep != '-')?;
                        let (day, month) = resolve(a, b, sep, order)?;
                        return make_date(year, month as i32, day as i32);
                    }
                    return None;
                }
            }
        }
        c.i = save;
    }
    // 2019年11月19日
    if an == 4 && c.punct(&['年']).is_some() {
        let (m, _) = c.num()?;
        c.punct(&['月'])?;
        let (d, _) = c.num()?;
        c.punct(&['日'])?;
        return make_date(a as i32, m as i32, d as i32);
    }
    // Day then month name.
    if an > 2 || a == 0 || a > 31 {
        return None;
    }
    c.punct(&['.']);
    if let Some(t) = c.peek() {
        if t.kind == Kind::Word
            && !t.space
            && ORDINALS.iter().any(|o| c.word(t).eq_ignore_ascii_case(o))
        {
            c.i += 1;
        }
    }
    c.skip_word(&["of", "de", "di", "del"]);
    // "19-Nov-2019", "19 Nov 2019"
    let dash = c.punct(&['-', '/']).is_some();
    let month = c.month()?;
    if dash {
        c.punct(&['-', '/']);
    }
    c.punct(&[',']);
    c.skip_word(&["de", "del", "of"]);
    let (y, yn) = c.num()?;
    let year = year_of(y, yn, dash)?;
    make_date(year, month as i32, a as i32)
}

/// Day and month of `a SEP b` in the page's order; a component above 12
/// settles it.
fn resolve(a: u32, b: u32, sep: char, order: Order) -> Option<(u32, u32)> {
    if a == 0 || b == 0 {
        return None;
    }
    match (a > 12, b > 12) {
        (true, true) => None,
        (true, false) => Some((a, b)),
        (false, true) => Some((b, a)),
        (false, false) => {
            if sep == '/' && order == Order::MonthFirst {
                Some((b, a))
            } else {
                Some((a, b))
            }
        }
    }
}

/// Dates that start with a month name: `November 19, 2019`, `Nov. 19th
/// 2019`.
fn month_first(c: &mut Cursor) -> Option<Date> {
    let month = c.month()?;
    let (d, dn) = c.num()?;
    if dn > 2 || d == 0 || d > 31 {
        return None;
    }
    if let Some(t) = c.peek() {
        if t.kind == Kind::Word
            && !t.space
            && ORDINALS.iter().any(|o| c.word(t).eq_ignore_ascii_case(o))
        {
            c.i += 1;
        }
    }
    c.punct(&[',', '.']);
    let (y, yn) = c.num()?;
    let year = year_of(y, yn, false)?;
    make_date(year, month as i32, d as i32)
}

/// A time of day (and zone) right after a date: `T10:48:00Z`,
/// `, 10:48 Uhr`, `um 10.48`, `at 10:48 a.m. EST`, `à 10h48`,
/// `10:48:00 -0500`. Moves the cursor past it when there is one.
fn time_after(c: &mut Cursor, date: Date) -> Option<Published> {
    let save = c.i;
    let r = time_after_inner(c, date);
    if r.is_none() {
        c.i = save;
    }
    r
}

fn time_after_inner(c: &mut Cursor, date: Date) -> Option<Published> {
    // Glue between date and time.
    c.punct(&[',', '-', '|', '/', '–', '·', '•']);
    c.skip_word(&[
        "t", "um", "at", "à", "a", "alle", "om", "kl", "klo", "às", "las", "o",
    ]);
    c.punct(&['.']);
    c.skip_word(&["las"]);
    let (h, hn) = c.num()?;
    if hn > 2 {
        return None;
    }
    c.punct(&[':', '.']).or_else(|| {
        // "10h48"
        let t = c.peek()?;
        if t.kind == Kind::Word && c.word(t).eq_ignore_ascii_case("h") {
            c.i += 1;
            Some('h')
        } else {
            None
        }
    })?;
    let (m, mn) = c.num()?;
    if mn != 2 {
        return None;
    }
    let mut s = 0;
    let save = c.i;
    if c.punct(&[':']).is_some() {
        match c.num() {
            Some((v, 2)) => {
                s = v;
                // Fractions.
                let save2 = c.i;
                if c.punct(&['.', ',']).is_some() && c.num().is_none() {
                    c.i = save2;
                }
            }
            _ => c.i = save,
        }
    }
    let mut hour = h;
    // a.m. / p.m.
    if let Some(t) = c.peek() {
        if t.kind == Kind::Word {
            let w = c.word(t).to_ascii_lowercase();
            let pm = match w.as_str() {
                "pm" | "p" => Some(true),
                "am" | "a" => Some(false),
                _ => None,
            };
            if let Some(pm) = pm {
                if hour == 0 || hour > 12 {
                    return None;
                }
                c.i += 1;
                c.punct(&['.']);
                if w.len() == 1 {
                    c.skip_word(&["m"]);
                    c.punct(&['.']);
                }
                hour = match (pm, hour) {
                    (true, 12) => 12,
                    (true, h) => h + 12,
                    (false, 12) => 0,
                    (false, h) => h,
                };
            } else {
                c.skip_word(&["uhr", "h"]);
            }
        }
    }
    let time = make_time(date, hour as i32, m as i32, s as i32)?;
    match zone_after(c) {
        Some(offset) => with_offset(time, offset),
        None => Some(Published::timed(naive_utc(time)?)),
    }
}

/// A zone after a time, if one is written there.
fn zone_after(c: &mut Cursor) -> Option<Offset> {
    let save = c.i;
    let t = c.peek()?;
    match t.kind {
        Kind::Word => {
            let w = c.word(t).to_ascii_uppercase();
            if w == "Z" && !t.space {
                c.i += 1;
                return Some(Offset::UTC);
            }
            if w == "UTC" || w == "GMT" {
                c.i += 1;
                if let Some(o) = signed_offset(c) {
                    return Some(o);
                }
                return Some(Offset::UTC);
            }
            if let Some(o) = named_zone(&w) {
                c.i += 1;
                return Some(o);
            }
            None
        }
        Kind::Punct('+' | '-' | '−') => {
            let o = signed_offset(c);
            if o.is_none() {
                c.i = save;
            }
            o
        }
        _ => None,
    }
}

/// `+01:00`, `+0100`, `-05` right at the cursor.
fn signed_offset(c: &mut Cursor) -> Option<Offset> {
    let save = c.i;
    let sign = match c.punct(&['+', '-', '−'])? {
        '+' => 1,
        _ => -1,
    };
    let r = (|| {
        let t = c.peek()?;
        if t.space {
            return None;
        }
        let (v, n) = c.num()?;
        let (h, m) = match n {
            4 => (v / 100, v % 100),
            1 | 2 => {
                let save = c.i;
                let m = if c.punct(&[':']).is_some() {
                    match c.num() {
                        Some((m, 2)) => m,
                        _ => {
                            c.i = save;
                            0
                        }
                    }
                } else {
                    0
                };
                (v, m)
            }
            _ => return None,
        };
        if h > 14 || m > 59 {
            return None;
        }
        Offset::from_seconds(sign * (h as i32 * 3600 + m as i32 * 60)).ok()
    })();
    if r.is_none() {
        c.i = save;
    }
    r
}

/// A date in a URL's path: `/2019/11/19/`, `/2019-11-19-slug`,
/// `/20191119/`, `_2019_11_19`. Only whole days count.
pub fn in_url(url: &str) -> Option<Published> {
    // The path only: not the host (digits in host names), not the query.
    let after_scheme = url.split_once("://").map_or(url, |(_, r)| r);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let b = path.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let run = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        let prev_ok = i == 0 || matches!(b[i - 1], b'/' | b'-' | b'_' | b'.');
        if prev_ok && run == 4 {
            // 2019/11/19, 2019-11-19, 2019_11_19
            if let Some(&sep @ (b'/' | b'-' | b'_')) = b.get(i + 4) {
                if let Some((m, ml)) = num_at(b, i + 5) {
                    if ml <= 2 && b.get(i + 5 + ml) == Some(&sep) {
                        if let Some((d, dl)) = num_at(b, i + 6 + ml) {
                            let end = i + 6 + ml + dl;
                            // "/2023/10/3-fragen-an" is a slug, not a day.
                            let next_ok = b
                                .get(end)
                                .is_none_or(|c| !(c.is_ascii_digit() || sep == b'/' && *c == b'-'));
                            if dl <= 2 && next_ok {
                                if let Some(date) =
                                    year_in_range(&b[i..i + 4]).and_then(|y| make_date(y, m, d))
                                {
                                    return Some(day_of(date));
                                }
                            }
                        }
                    }
                }
            }
        }
        if prev_ok && run == 8 {
            let next_ok = b
                .get(i + 8)
                .is_none_or(|c| matches!(c, b'/' | b'-' | b'_' | b'.'));
            if next_ok {
                if let (Some(y), Some((m, _)), Some((d, _))) = (
                    year_in_range(&b[i..i + 4]),
                    num_at(&b[i + 4..i + 6], 0),
                    num_at(&b[i + 6..i + 8], 0),
                ) {
                    if let Some(date) = make_date(y, m, d) {
                        return Some(day_of(date));
                    }
                }
            }
        }
        i += run;
    }
    None
}

/// A four-digit year the web can have published in.
fn year_in_range(b: &[u8]) -> Option<i32> {
    let y: i32 = std::str::from_utf8(b).ok()?.parse().ok()?;
    (1990..=2099).contains(&y).then_some(y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn show(p: Option<Published>) -> String {
        p.map(|p| p.to_string()).unwrap_or_else(|| "-".into())
    }

    fn text(s: &str) -> String {
        show(first(s, Order::DayFirst).map(|f| f.value))
    }

    #[test]
    fn iso_values_keep_their_zone() {
        let v = |s| show(parse_value(s, Order::DayFirst));
        assert_eq!(v("2019-11-19T10:48:00-05:00"), "2019-11-19T10:48:00-05:00");
        assert_eq!(
            v("2019-11-19T10:48:00.123+0100"),
            "2019-11-19T10:48:00+01:00"
        );
        assert_eq!(v("2019-11-19T10:48:00Z"), "2019-11-19T10:48:00Z");
        assert_eq!(v("2019-11-19 10:48:00"), "2019-11-19T10:48:00Z");
        assert_eq!(v("2019-11-19"), "2019-11-19");
        assert_eq!(v("20191119"), "2019-11-19");
        assert_eq!(v("2019/11/19"), "2019-11-19");
        assert_eq!(v("2019-11-19T10:48"), "2019-11-19T10:48:00Z");
        assert_eq!(v("2019-13-19"), "-");
        assert_eq!(v("1574178480"), "2019-11-19T15:48:00Z");
        // RFC 2822 falls through to the text reader.
        assert_eq!(
            v("Tue, 19 Nov 2019 10:48:00 -0500"),
            "2019-11-19T10:48:00-05:00"
        );
        assert_eq!(v("0001-01-01T00:00:00Z"), "0001-01-01T00:00:00Z");
        assert_eq!(v("today"), "-");
    }

    #[test]
    fn written_dates_in_many_languages() {
        assert_eq!(text("Published November 19, 2019"), "2019-11-19");
        assert_eq!(
            text("Nov. 19th, 2019 at 10:48 a.m. EST"),
            "2019-11-19T10:48:00-05:00"
        );
        assert_eq!(
            text("Berlin, 19. November 2019, 10:48 Uhr"),
            "2019-11-19T10:48:00Z"
        );
        assert_eq!(text("Veröffentlicht am 3. März 2020"), "2020-03-03");
        assert_eq!(
            text("publié le 1er décembre 2019 à 10h48"),
            "2019-12-01T10:48:00Z"
        );
        assert_eq!(text("19 de noviembre de 2019"), "2019-11-19");
        assert_eq!(text("19 novembre 2019"), "2019-11-19");
        assert_eq!(text("19 november 2019"), "2019-11-19");
        assert_eq!(text("19 de novembro de 2019"), "2019-11-19");
        assert_eq!(text("19-Nov-2019"), "2019-11-19");
        assert_eq!(text("2019年11月19日"), "2019-11-19");
        assert_eq!(text("Stand: 19.11.2019"), "2019-11-19");
        assert_eq!(text("19.11.19"), "2019-11-19");
        assert_eq!(text("version 1.19.11.2019"), "-");
        assert_eq!(text("call 19.11.20193"), "-");
        assert_eq!(text("the year 2019"), "-");
    }

    #[test]
    fn numeric_order_follows_the_page() {
        let us = |s| show(first(s, Order::MonthFirst).map(|f| f.value));
        assert_eq!(text("03/04/2019"), "2019-04-03");
        assert_eq!(us("03/04/2019"), "2019-03-04");
        // A component above 12 decides.
        assert_eq!(us("19/11/2019"), "2019-11-19");
        assert_eq!(text("11/19/2019"), "2019-11-19");
        // Dots are day first whatever the page.
        assert_eq!(us("03.04.2019"), "2019-04-03");
    }

    #[test]
    fn all_dates_of_a_text() {
        let found = find_all(
            "Posted 19.11.2019 · updated 20.11.2019 10:00",
            Order::DayFirst,
        );
        let shown: Vec<String> = found.iter().map(|f| f.value.to_string()).collect();
        assert_eq!(shown, ["2019-11-19", "2019-11-20T10:00:00Z"]);
    }

    #[test]
    fn url_dates() {
        let u = |s| show(in_url(s));
        assert_eq!(u("https://ex.com/2019/11/19/slug"), "2019-11-19");
        assert_eq!(u("https://ex.com/news/2019-11-19-slug.html"), "2019-11-19");
        assert_eq!(u("https://ex.com/a/20191119/slug"), "2019-11-19");
        assert_eq!(u("https://ex.com/2019/11/slug"), "-");
        assert_eq!(u("https://ex.com/2017/7/12/unter-uns"), "2017-07-12");
        assert_eq!(u("https://ex.com/2023/10/3-fragen-an-sie/"), "-");
        assert_eq!(u("https://ex.com/id/123456789/"), "-");
        assert_eq!(u("https://2019.ex.com/x?d=2019-11-19"), "-");
    }

    #[test]
    fn month_names_are_unambiguous() {
        // The data file promises no name names two months.
        let mut seen: HashMap<String, u8> = HashMap::new();
        for line in include_str!("../../../data/month-names.txt").lines() {
            if line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 3, "{line}");
            let m: u8 = cols[1].parse().unwrap_or(0);
            assert!((1..=12).contains(&m), "{line}");
            for name in cols[2].split(' ') {
                let prev = seen.insert(name.to_lowercase(), m);
                assert!(prev.is_none_or(|p| p == m), "{name} is two months");
            }
        }
        assert_eq!(month_of("Dezember"), Some(12));
        assert_eq!(month_of("févr."), Some(2));
        assert_eq!(month_of("Mai"), Some(5));
        assert_eq!(month_of("Monday"), None);
    }
}
