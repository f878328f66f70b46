//! The Porter (1980) suffix stripper, in the exact form ROUGE-1.5.5 runs it.
//!
//! ROUGE-1.5.5 stems with Martin Porter's own Perl rendering of the algorithm
//! from "An algorithm for suffix stripping" (Program 14(3), 1980), not with the
//! later Snowball "Porter2" English stemmer. Because the goal of this crate is
//! to reproduce ROUGE's counts, the three places where that rendering (and
//! ROUGE's copy of it) differs from the paper are reproduced too:
//!
//! 1. step 2 rewrites `-bli` to `-ble` (the paper: `-abli` to `-able`), so
//!    `possibly` ends up as `possibl` instead of `possibli`;
//! 2. step 2 has an extra rule `-logi` to `-log`;
//! 3. step 4, as modified by ROUGE's author, first tries the suffix list, then
//!    `-ment`, then `-ent` (or else `-sion`/`-tion`) one after the other on the
//!    shrinking word instead of removing only the longest suffix, so
//!    `departmental` gives `depart` (paper: `department`) and `agreement`
//!    gives `agreem` (paper: `agreement`).
//!
//! Porter's measure conditions are evaluated like the Perl patterns do it,
//! with a consonant run `C` = one letter outside `aeiou` followed by letters
//! outside `aeiouy`, and a vowel run `V` = one letter of `aeiouy` followed by
//! letters of `aeiou`; a leading `y` is always a consonant.
//!
//! The stemmer is meant for lowercase ASCII words (ROUGE only feeds it tokens
//! of `[a-z0-9]`); any other character counts as a consonant.

/// Stems one lowercase word with ROUGE-1.5.5's Porter stemmer.
///
/// Words shorter than three characters are returned unchanged. ROUGE itself
/// only calls the stemmer for tokens longer than three characters; that rule
/// lives in the tokeniser, not here.
///
/// ```
/// use storyline_eval::porter::stem;
/// assert_eq!(stem("generalizations"), "gener");
/// assert_eq!(stem("ponies"), "poni");
/// ```
pub fn stem(word: &str) -> String {
    let mut w: Vec<char> = word.chars().collect();
    if w.len() < 3 {
        return word.to_owned();
    }
    let initial_y = w[0] == 'y';
    if initial_y {
        // An upper-case marker keeps a leading `y` out of every vowel class.
        w[0] = 'Y';
    }
    step1a(&mut w);
    step1b(&mut w);
    step1c(&mut w);
    step2(&mut w);
    step3(&mut w);
    step4(&mut w);
    step5(&mut w);
    if initial_y {
        if let Some(first) = w.first_mut() {
            *first = 'y';
        }
    }
    w.into_iter().collect()
}

/// Step 2 rewrites: suffix and replacement.
const STEP2: &[(&str, &str)] = &[
    ("ational", "ate"),
    ("tional", "tion"),
    ("enci", "ence"),
    ("anci", "ance"),
    ("izer", "ize"),
    ("bli", "ble"),
    ("alli", "al"),
    ("entli", "ent"),
    ("eli", "e"),
    ("ousli", "ous"),
    ("ization", "ize"),
    ("ation", "ate"),
    ("ator", "ate"),
    ("alism", "al"),
    ("iveness", "ive"),
    ("fulness", "ful"),
    ("ousness", "ous"),
    ("aliti", "al"),
    ("iviti", "ive"),
    ("biliti", "ble"),
    ("logi", "log"),
];

/// Step 3 rewrites: suffix and replacement.
const STEP3: &[(&str, &str)] = &[
    ("icate", "ic"),
    ("ative", ""),
    ("alize", "al"),
    ("iciti", "ic"),
    ("ical", "ic"),
    ("ful", ""),
    ("ness", ""),
];

/// Step 4 suffixes tried first (`-ment`, `-ent` and `-ion` come after).
const STEP4: &[&str] = &[
    "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ou", "ism", "ate", "iti",
    "ous", "ive", "ize",
];

/// Step 1a: plurals (`-sses`, `-ies`, `-s`).
fn step1a(w: &mut Vec<char>) {
    if ends_with(w, "sses") || ends_with(w, "ies") {
        w.truncate(w.len() - 2);
    } else if w.len() >= 2 && w[w.len() - 1] == 's' && w[w.len() - 2] != 's' {
        w.pop();
    }
}

/// Step 1b: `-eed`, `-ed` and `-ing`, with the clean-up of the remaining stem.
fn step1b(w: &mut Vec<char>) {
    if ends_with(w, "eed") {
        if measure_above_zero(&w[..w.len() - 3]) {
            w.pop();
        }
        return;
    }
    let Some(suffix) = ["ed", "ing"].into_iter().find(|s| ends_with(w, s)) else {
        return;
    };
    let stem_len = w.len() - suffix.len();
    if !contains_vowel(&w[..stem_len]) {
        return;
    }
    w.truncate(stem_len);
    if ["at", "bl", "iz"].iter().any(|s| ends_with(w, s)) {
        w.push('e');
    } else if ends_with_double_consonant(w) {
        w.pop();
    } else if is_short_cvc(w) {
        w.push('e');
    }
}

/// Step 1c: a final `y` after a vowel-bearing stem becomes `i`.
fn step1c(w: &mut [char]) {
    let Some((&last, stem)) = w.split_last() else {
        return;
    };
    if last == 'y' && contains_vowel(stem) {
        let end = w.len() - 1;
        w[end] = 'i';
    }
}

/// Step 2: double suffixes mapped to single ones when the stem has m > 0.
fn step2(w: &mut Vec<char>) {
    rewrite_longest(w, STEP2);
}

/// Step 3: `-ic-`, `-full`, `-ness` etc. when the stem has m > 0.
fn step3(w: &mut Vec<char>) {
    rewrite_longest(w, STEP3);
}

/// Step 4: drops the remaining suffixes when the stem has m > 1, in
/// ROUGE's sequential order (see the module documentation).
fn step4(w: &mut Vec<char>) {
    if let Some(suffix) = longest_suffix(w, STEP4.iter().copied()) {
        drop_suffix_if_long(w, suffix.len());
    }
    if ends_with(w, "ment") {
        drop_suffix_if_long(w, 4);
    }
    // `-ent`, or else `-ion` after `s` or `t`: both three letters long.
    if ends_with(w, "ent") || ends_with(w, "sion") || ends_with(w, "tion") {
        drop_suffix_if_long(w, 3);
    }
}

/// Step 5: a final `-e` and a final double `l`.
fn step5(w: &mut Vec<char>) {
    if w.last() == Some(&'e') {
        let stem = &w[..w.len() - 1];
        if measure_above_one(stem) || (measure_is_one(stem) && !is_short_cvc(stem)) {
            w.pop();
        }
    }
    if ends_with(w, "ll") && measure_above_one(w) {
        w.pop();
    }
}

/// Removes the last `len` characters when what is left has m > 1.
fn drop_suffix_if_long(w: &mut Vec<char>, len: usize) {
    let stem_len = w.len() - len;
    if measure_above_one(&w[..stem_len]) {
        w.truncate(stem_len);
    }
}

/// Replaces the longest matching suffix of `table` when the stem has m > 0.
///
/// Only the longest suffix is considered: if its stem fails the condition,
/// shorter suffixes are not tried (the Perl alternation behaves the same way).
fn rewrite_longest(w: &mut Vec<char>, table: &[(&str, &str)]) {
    let Some(suffix) = longest_suffix(w, table.iter().map(|(s, _)| *s)) else {
        return;
    };
    let stem_len = w.len() - suffix.len();
    if !measure_above_zero(&w[..stem_len]) {
        return;
    }
    let replacement = table
        .iter()
        .find(|(s, _)| *s == suffix)
        .map_or("", |(_, r)| *r);
    w.truncate(stem_len);
    w.extend(replacement.chars());
}

/// The longest of `suffixes` that `w` ends with.
fn longest_suffix<'a>(w: &[char], suffixes: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    suffixes.filter(|s| ends_with(w, s)).max_by_key(|s| s.len())
}

/// Whether `w` ends with the ASCII `suffix`.
fn ends_with(w: &[char], suffix: &str) -> bool {
    suffix.len() <= w.len()
        && w[w.len() - suffix.len()..]
            .iter()
            .copied()
            .eq(suffix.chars())
}

/// A final double letter other than a vowel, `y`, `l`, `s` or `z`.
fn ends_with_double_consonant(w: &[char]) -> bool {
    match w {
        [.., a, b] => a == b && !matches!(b, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'l' | 's' | 'z'),
        _ => false,
    }
}

/// `a e i o u`: the letters that are always vowels.
fn is_plain_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// `a e i o u y`: letters that can start a vowel run.
fn is_vowel_or_y(c: char) -> bool {
    is_plain_vowel(c) || c == 'y'
}

/// One element of a measure pattern.
#[derive(Clone, Copy)]
enum Piece {
    /// A consonant run `C`, possibly empty (`(C)?`).
    OptConsonants,
    /// A consonant run `C`: a non-vowel, then letters other than `aeiouy`.
    Consonants,
    /// A vowel run `V`: one of `aeiouy`, then letters of `aeiou`.
    Vowels,
    /// Exactly one letter of `aeiouy`.
    OneVowel,
    /// Exactly one letter other than `aeiouwxy`.
    OneEndConsonant,
}

/// Positions of `w` at which a match of `pieces` anchored at the start can
/// end, as a table indexed by position (`0..=w.len()`).
fn reachable_ends(w: &[char], pieces: &[Piece]) -> Vec<bool> {
    let mut reach = vec![false; w.len() + 1];
    reach[0] = true;
    for piece in pieces {
        reach = advance(w, &reach, *piece);
    }
    reach
}

/// A test on one character.
type CharClass = fn(char) -> bool;

/// Positions reachable from `from` after matching one more `piece`.
fn advance(w: &[char], from: &[bool], piece: Piece) -> Vec<bool> {
    let (first, rest): (CharClass, Option<CharClass>) = match piece {
        Piece::OptConsonants | Piece::Consonants => {
            (|c| !is_plain_vowel(c), Some(|c| !is_vowel_or_y(c)))
        }
        Piece::Vowels => (is_vowel_or_y, Some(is_plain_vowel)),
        Piece::OneVowel => (is_vowel_or_y, None),
        Piece::OneEndConsonant => (
            |c| !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'w' | 'x' | 'y'),
            None,
        ),
    };
    let mut next = if matches!(piece, Piece::OptConsonants) {
        from.to_vec()
    } else {
        vec![false; from.len()]
    };
    for (start, _) in from.iter().enumerate().filter(|(_, on)| **on) {
        let Some(&c) = w.get(start) else { continue };
        if !first(c) {
            continue;
        }
        let mut end = start + 1;
        next[end] = true;
        if let Some(rest) = rest {
            while w.get(end).is_some_and(|&c| rest(c)) {
                end += 1;
                next[end] = true;
            }
        }
    }
    next
}

/// Whether some prefix of `w` matches `pieces`.
fn matches_prefix(w: &[char], pieces: &[Piece]) -> bool {
    reachable_ends(w, pieces).iter().any(|&on| on)
}

/// Whether all of `w` matches `pieces`.
fn matches_whole(w: &[char], pieces: &[Piece]) -> bool {
    reachable_ends(w, pieces)[w.len()]
}

/// Porter's m > 0: the stem starts with `[C]VC`.
fn measure_above_zero(stem: &[char]) -> bool {
    use Piece::*;
    matches_prefix(stem, &[OptConsonants, Vowels, Consonants])
}

/// Porter's m > 1: the stem starts with `[C]VCVC`.
fn measure_above_one(stem: &[char]) -> bool {
    use Piece::*;
    matches_prefix(
        stem,
        &[OptConsonants, Vowels, Consonants, Vowels, Consonants],
    )
}

/// Porter's m = 1: the stem is exactly `[C]VC[V]`.
fn measure_is_one(stem: &[char]) -> bool {
    use Piece::*;
    matches_whole(stem, &[OptConsonants, Vowels, Consonants])
        || matches_whole(stem, &[OptConsonants, Vowels, Consonants, Vowels])
}

/// Porter's `*v*`: the stem contains a vowel.
fn contains_vowel(stem: &[char]) -> bool {
    use Piece::*;
    matches_prefix(stem, &[OptConsonants, OneVowel])
}

/// The stem is exactly consonant run, one vowel, one consonant other than
/// `w`, `x` or `y` (Porter's `*o` for a one-syllable stem).
fn is_short_cvc(stem: &[char]) -> bool {
    use Piece::*;
    matches_whole(stem, &[Consonants, OneVowel, OneEndConsonant])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs one step on `word` and returns the result as a string.
    fn run(step: fn(&mut Vec<char>), word: &str) -> String {
        let mut w: Vec<char> = word.chars().collect();
        step(&mut w);
        w.into_iter().collect()
    }

    fn check_step(step: fn(&mut Vec<char>), pairs: &[(&str, &str)]) {
        for (word, want) in pairs {
            assert_eq!(run(step, word), *want, "{word}");
        }
    }

    #[test]
    fn paper_step1a() {
        check_step(
            step1a,
            &[
                ("caresses", "caress"),
                ("ponies", "poni"),
                ("ties", "ti"),
                ("caress", "caress"),
                ("cats", "cat"),
            ],
        );
    }

    #[test]
    fn paper_step1b() {
        check_step(
            step1b,
            &[
                ("feed", "feed"),
                ("agreed", "agree"),
                ("plastered", "plaster"),
                ("bled", "bled"),
                ("motoring", "motor"),
                ("sing", "sing"),
                ("conflated", "conflate"),
                ("troubled", "trouble"),
                ("sized", "size"),
                ("hopping", "hop"),
                ("tanned", "tan"),
                ("falling", "fall"),
                ("hissing", "hiss"),
                ("fizzed", "fizz"),
                ("failing", "fail"),
                ("filing", "file"),
            ],
        );
    }

    #[test]
    fn paper_step1c() {
        check_step(|w| step1c(w), &[("happy", "happi"), ("sky", "sky")]);
    }

    #[test]
    fn paper_step2() {
        check_step(
            step2,
            &[
                ("relational", "relate"),
                ("conditional", "condition"),
                ("rational", "rational"),
                ("valenci", "valence"),
                ("hesitanci", "hesitance"),
                ("digitizer", "digitize"),
                ("conformabli", "conformable"),
                ("radicalli", "radical"),
                ("differentli", "different"),
                ("vileli", "vile"),
                ("analogousli", "analogous"),
                ("vietnamization", "vietnamize"),
                ("predication", "predicate"),
                ("operator", "operate"),
                ("feudalism", "feudal"),
                ("decisiveness", "decisive"),
                ("hopefulness", "hopeful"),
                ("callousness", "callous"),
                ("formaliti", "formal"),
                ("sensitiviti", "sensitive"),
                ("sensibiliti", "sensible"),
            ],
        );
    }

    #[test]
    fn paper_step3() {
        check_step(
            step3,
            &[
                ("triplicate", "triplic"),
                ("formative", "form"),
                ("formalize", "formal"),
                ("electriciti", "electric"),
                ("electrical", "electric"),
                ("hopeful", "hope"),
                ("goodness", "good"),
            ],
        );
    }

    #[test]
    fn paper_step4() {
        check_step(
            step4,
            &[
                ("revival", "reviv"),
                ("allowance", "allow"),
                ("inference", "infer"),
                ("airliner", "airlin"),
                ("gyroscopic", "gyroscop"),
                ("adjustable", "adjust"),
                ("defensible", "defens"),
                ("irritant", "irrit"),
                ("replacement", "replac"),
                ("adjustment", "adjust"),
                ("dependent", "depend"),
                ("adoption", "adopt"),
                ("homologou", "homolog"),
                ("communism", "commun"),
                ("activate", "activ"),
                ("angulariti", "angular"),
                ("homologous", "homolog"),
                ("effective", "effect"),
                ("bowdlerize", "bowdler"),
            ],
        );
    }

    #[test]
    fn paper_step5() {
        check_step(
            step5,
            &[
                ("probate", "probat"),
                ("rate", "rate"),
                ("cease", "ceas"),
                ("controll", "control"),
                ("roll", "roll"),
            ],
        );
    }

    #[test]
    fn whole_words_from_the_paper() {
        for (word, want) in [
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("relational", "relat"),
            ("conditional", "condit"),
            ("generalization", "gener"),
            ("generalizations", "gener"),
            ("oscillators", "oscil"),
            ("agreed", "agre"),
            ("conflated", "conflat"),
            ("troubled", "troubl"),
            ("sized", "size"),
            ("filing", "file"),
            ("happy", "happi"),
            ("motoring", "motor"),
            ("hopping", "hop"),
            ("connection", "connect"),
            ("connections", "connect"),
            ("connecting", "connect"),
            ("connected", "connect"),
        ] {
            assert_eq!(stem(word), want, "{word}");
        }
    }

    #[test]
    fn departures_kept_from_rouge() {
        // `-bli` and `-logi` rules of the Perl rendering.
        assert_eq!(stem("possibly"), "possibl");
        assert_eq!(stem("archaeology"), "archaeolog");
        // Sequential step 4 as modified in ROUGE-1.5.5.
        assert_eq!(stem("departmental"), "depart");
        assert_eq!(stem("agreement"), "agreem");
    }

    #[test]
    fn leading_y_is_a_consonant() {
        assert_eq!(stem("yelling"), "yell");
        assert_eq!(stem("youth"), "youth");
        assert_eq!(stem("yes"), "ye");
    }

    #[test]
    fn short_and_odd_input_does_not_panic() {
        for word in [
            "",
            "a",
            "is",
            "ies",
            "sss",
            "eed",
            "ing",
            "yyy",
            "ééé",
            "\u{2000}\u{2000}ed",
        ] {
            let _ = stem(word);
        }
        assert_eq!(stem("at"), "at");
    }
}
