//! Text to ROUGE tokens, the way ROUGE-1.5.5 reads an English summary.

use std::borrow::Cow;

use crate::config::RougeConfig;
use crate::exceptions::StemExceptions;
use crate::porter;

/// Length of the shortest token ROUGE-1.5.5 stems (it leaves tokens of up to
/// three characters alone).
const MIN_STEM_LEN: usize = 4;

/// Turns a summary into the token sequence ROUGE-1.5.5 counts n-grams on.
///
/// 1. With [`RougeConfig::word_limit`] set to `Some(n)` (ROUGE's `-l n`), only
///    the first `n` whitespace-separated words of the raw text are kept.
///    ROUGE treats `-l 0` as "no limit", and so does `Some(0)` here.
/// 2. ASCII letters are lowercased and every character outside `[a-z0-9]`
///    (punctuation, hyphens, any non-ASCII letter) becomes a word break.
/// 3. With [`RougeConfig::stem`], each token longer than three characters is
///    replaced by its base form from [`RougeConfig::stem_exceptions`] when
///    listed there, and otherwise by its [`porter::stem`].
///
/// ```
/// use storyline_eval::{tokenize, RougeConfig};
/// let plain = RougeConfig::multiling2011();
/// assert_eq!(tokenize("U.S.-led talks, Dec. 2004!", &plain), ["u", "s", "led", "talks", "dec", "2004"]);
/// let stem = RougeConfig { word_limit: Some(3), ..RougeConfig::default() };
/// assert_eq!(tokenize("Ponies were running fast", &stem), ["poni", "were", "run"]);
/// ```
pub fn tokenize(text: &str, cfg: &RougeConfig) -> Vec<String> {
    let text = match cfg.word_limit {
        Some(limit) if limit > 0 => Cow::Owned(first_words(text, limit)),
        _ => Cow::Borrowed(text),
    };
    let tokens = if cfg.unicode {
        split_unicode(&text)
    } else {
        split_alphanumeric(&text)
    };
    if !cfg.stem {
        return tokens;
    }
    let exceptions = cfg.stem_exceptions.as_deref();
    tokens
        .into_iter()
        .map(|token| {
            if token.bytes().all(|b| b.is_ascii_lowercase()) {
                stem_token(token, exceptions)
            } else {
                token
            }
        })
        .collect()
}

/// Combining marks that belong inside words (Latin diacritics, Hebrew points,
/// Arabic harakat, Devanagari and Bengali vowel signs and viramas, joiners).
fn is_combining_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0591}'..='\u{05BD}' | '\u{05BF}' | '\u{05C1}'..='\u{05C2}' | '\u{05C4}'..='\u{05C5}' | '\u{05C7}'
        | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}'
        | '\u{0900}'..='\u{0903}' | '\u{093A}'..='\u{094F}' | '\u{0951}'..='\u{0957}' | '\u{0962}'..='\u{0963}'
        | '\u{0981}'..='\u{0983}' | '\u{09BC}'..='\u{09D7}'
        | '\u{200C}'..='\u{200D}')
}

/// Unicode lower case; words are runs of letters, digits and combining marks.
fn split_unicode(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() || is_combining_mark(c) {
            current.extend(c.to_lowercase());
        } else if !current.is_empty() {
            tokens.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

/// The first `limit` words of `text`, split on ASCII whitespace (the bytes
/// Perl's `\s` matches in ROUGE's byte strings), joined by single spaces.
fn first_words(text: &str, limit: usize) -> String {
    text.split_ascii_whitespace()
        .take(limit)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lowercases ASCII and splits on every run of characters outside `[a-z0-9]`.
fn split_alphanumeric(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    for c in text.chars().map(|c| c.to_ascii_lowercase()) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            current.push(c);
        } else if !current.is_empty() {
            tokens.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

/// Stems a token the way ROUGE-1.5.5 does: tokens of three characters or
/// fewer stay as they are, listed irregular forms take their base form, the
/// rest go through the Porter stemmer.
fn stem_token(token: String, exceptions: Option<&StemExceptions>) -> String {
    if token.len() < MIN_STEM_LEN {
        return token;
    }
    match exceptions.and_then(|e| e.base(&token)) {
        Some(base) => base.to_owned(),
        None => porter::stem(&token),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn plain(word_limit: Option<usize>) -> RougeConfig {
        RougeConfig {
            word_limit,
            ..RougeConfig::multiling2011()
        }
    }

    fn stemmed() -> RougeConfig {
        RougeConfig::default()
    }

    #[test]
    fn keeps_only_ascii_alphanumerics() {
        assert_eq!(
            tokenize("Port-au-Prince's 7.0 quake — Ñandú café", &plain(None)),
            ["port", "au", "prince", "s", "7", "0", "quake", "and", "caf"]
        );
    }

    #[test]
    fn unicode_mode_keeps_every_script() {
        let cfg = RougeConfig {
            unicode: true,
            ..RougeConfig::multiling2011()
        };
        assert_eq!(
            tokenize("Ñandú café, Ο Πρωθυπουργός!", &cfg),
            ["ñandú", "café", "ο", "πρωθυπουργός"]
        );
        assert_eq!(
            tokenize("प्रधानमंत्री ने घोषणा की।", &cfg),
            ["प्रधानमंत्री", "ने", "घोषणा", "की"]
        );
        assert_eq!(tokenize("قال الرئيسُ", &cfg), ["قال", "الرئيسُ"]);
        let stem = RougeConfig {
            unicode: true,
            ..RougeConfig::default()
        };
        assert_eq!(
            tokenize("Ponies ran, ponies café", &stem),
            ["poni", "ran", "poni", "café"]
        );
    }

    #[test]
    fn non_ascii_case_mapping_is_not_applied() {
        // The Kelvin sign lowercases to an ASCII `k` in Unicode; ROUGE, working
        // on bytes, sees only non-alphanumeric bytes there.
        assert_eq!(tokenize("\u{212A}m", &plain(None)), ["m"]);
    }

    #[test]
    fn empty_and_symbol_only_text_give_no_tokens() {
        assert!(tokenize("", &plain(None)).is_empty());
        assert!(tokenize(
            " -- !! ",
            &RougeConfig {
                word_limit: Some(5),
                ..stemmed()
            }
        )
        .is_empty());
    }

    #[test]
    fn word_limit_counts_raw_words() {
        // "U.S.-led" is one raw word but two tokens after cleaning.
        assert_eq!(
            tokenize("U.S.-led forces\nwithdrew today", &plain(Some(2))),
            ["u", "s", "led", "forces"]
        );
        assert_eq!(tokenize("a b c", &plain(Some(10))), ["a", "b", "c"]);
        assert_eq!(tokenize("a b c", &plain(Some(0))), ["a", "b", "c"]);
    }

    #[test]
    fn stems_only_tokens_longer_than_three() {
        assert_eq!(
            tokenize("Has cats ponies", &stemmed()),
            ["has", "cat", "poni"]
        );
    }

    #[test]
    fn exception_list_comes_before_porter() {
        let mut list = StemExceptions::new();
        list.add_exc_text("children child\nwent go\nmice mouse\n");
        let cfg = RougeConfig {
            stem_exceptions: Some(Arc::new(list)),
            ..stemmed()
        };
        // "mice" has four letters and is listed; "went" too; the base form is
        // not stemmed further; unlisted words get Porter stems.
        assert_eq!(
            tokenize("Children went, mice ran; ponies", &cfg),
            ["child", "go", "mouse", "ran", "poni"]
        );
        // Without the list: Porter only.
        assert_eq!(
            tokenize("Children went, mice ran; ponies", &stemmed()),
            ["children", "went", "mice", "ran", "poni"]
        );
        // Not stemming at all ignores the list.
        let off = RougeConfig { stem: false, ..cfg };
        assert_eq!(tokenize("children", &off), ["children"]);
    }
}
