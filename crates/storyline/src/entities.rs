//! Entities: people, organisations and places named in a story, with their
//! titles, merged across mentions and articles.
//!
//! Rules, no model: runs of capitalised words are name candidates; a title or
//! honorific before a name ("Russian President", "Secretary of State", "Mr") is
//! kept as a role and says the name is a person; organisation words ("Ministry",
//! "Department", "Agency"), acronyms, small gazetteers of countries and
//! cities, and a list of 5,000 given names from the US census
//! (`data/given-names.txt`: "Alison Kerr" is a person) say the rest. A
//! possessive ends a name ("CNN’s Michelle Kosinski" is two), a bracketed
//! given name joins it ("Mr. (Vladimir) Putin"), and demonyms, faiths and
//! compound adjectives ("Syrians", "Muslim", "Russian-backed") are not
//! entities. Within a story, a surname alone
//! ("Putin", "Mr Putin") joins the full name it ends ("Vladimir Putin"), middle
//! initials are ignored ("Sergey V. Lavrov") and transliteration variants of a
//! first name merge ("Sergey"/"Sergei").

use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::tokens::{chunks, Lexeme, Lexer};

/// What kind of thing an entity is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum EntityKind {
    /// A person.
    Person,
    /// An organisation, agency, company, party or outlet.
    Organization,
    /// A country, city or region.
    Place,
    /// A name of unknown kind.
    Other,
}

impl EntityKind {
    /// Lower-case name as used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Place => "place",
            EntityKind::Other => "other",
        }
    }
}

/// One mention of a name in a text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mention {
    /// Byte range of the name (without its title) in the text.
    pub span: Range<usize>,
    /// The name as written, without title or honorific.
    pub name: String,
    /// The title or role written before it ("Russian President", "Secretary of State").
    pub title: Option<String>,
    /// What kind of entity it names.
    pub kind: EntityKind,
}

/// The word lists of `data/entity-words.txt`, each sorted for binary search.
struct EntityWords {
    title: Vec<&'static str>,
    org: Vec<&'static str>,
    places: Vec<&'static str>,
    not_names: Vec<&'static str>,
    connectors: Vec<&'static str>,
    faiths: Vec<&'static str>,
    speech_verbs: Vec<&'static str>,
    place_suffixes: Vec<&'static str>,
}

static ENTITY_WORDS: &str = include_str!("../data/entity-words.txt");

/// Reads the lists of `text` (the format of `data/entity-words.txt`).
fn parse_entity_words(text: &'static str) -> Result<EntityWords, String> {
    let mut lists: Vec<(&str, Vec<&'static str>)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            lists.push((name, Vec::new()));
            continue;
        }
        let Some((_, words)) = lists.last_mut() else {
            return Err(format!("line {}: a word before the first [list]", n + 1));
        };
        for w in line.split_whitespace() {
            if !w.is_ascii() || w.bytes().any(|b| b.is_ascii_uppercase()) {
                return Err(format!("line {}: {w:?} is not lower-case ASCII", n + 1));
            }
            words.push(w);
        }
    }
    let mut take = |name: &str| -> Result<Vec<&'static str>, String> {
        let i = lists
            .iter()
            .position(|(n, _)| *n == name)
            .ok_or_else(|| format!("no [{name}] list"))?;
        let (_, mut words) = lists.swap_remove(i);
        let len = words.len();
        words.sort_unstable();
        words.dedup();
        if words.len() != len {
            return Err(format!("[{name}] lists a word twice"));
        }
        Ok(words)
    };
    let w = EntityWords {
        title: take("title")?,
        org: take("org")?,
        places: take("places")?,
        not_names: take("not-names")?,
        connectors: take("connectors")?,
        faiths: take("faiths")?,
        speech_verbs: take("speech-verbs")?,
        place_suffixes: take("place-suffixes")?,
    };
    match lists.first() {
        Some((name, _)) => Err(format!("unknown list [{name}]")),
        None => Ok(w),
    }
}

fn entity_words() -> &'static EntityWords {
    static WORDS: std::sync::OnceLock<EntityWords> = std::sync::OnceLock::new();
    // The file ships inside the binary and a unit test parses it: it cannot
    // fail at run time, but an empty table is safer than a panic.
    WORDS.get_or_init(|| {
        parse_entity_words(ENTITY_WORDS).unwrap_or(EntityWords {
            title: Vec::new(),
            org: Vec::new(),
            places: Vec::new(),
            not_names: Vec::new(),
            connectors: Vec::new(),
            faiths: Vec::new(),
            speech_verbs: Vec::new(),
            place_suffixes: Vec::new(),
        })
    })
}

/// Is `word` (any case, a trailing dot ignored) in `list` (sorted, lower-case
/// ASCII)? No allocation: the comparison lower-cases as it goes.
fn is_in(list: &[&str], word: &str) -> bool {
    position_in(list, word).is_some()
}

/// Where `word` (any case, a trailing dot ignored) stands in `list` (sorted,
/// lower-case ASCII).
fn position_in(list: &[&str], word: &str) -> Option<usize> {
    let word = word.trim_end_matches('.');
    if !word.is_ascii() {
        return None;
    }
    list.binary_search_by(|probe| {
        probe
            .bytes()
            .cmp(word.bytes().map(|b| b.to_ascii_lowercase()))
    })
    .ok()
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// A word that can be part of a name: capitalised, and not a compound
/// adjective with a lower-case part ("Russian-backed", "Iranian-ally").
fn is_name_word(word: &str) -> bool {
    is_capitalised(word)
        && !word
            .split('-')
            .skip(1)
            .any(|part| part.chars().next().is_some_and(char::is_lowercase))
}

/// Given names (lower case, sorted) with the sex they mostly belong to,
/// shipped in `data/given-names.txt`.
static GIVEN_NAMES: &str = include_str!("../data/given-names.txt");

/// The sex a given name mostly belongs to, from the census lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameSex {
    /// Mostly men's.
    Male,
    /// Mostly women's.
    Female,
    /// Common for both.
    Either,
}

/// The given names and their sexes, sorted by name.
fn given_names() -> &'static (Vec<&'static str>, Vec<NameSex>) {
    static LIST: std::sync::OnceLock<(Vec<&'static str>, Vec<NameSex>)> =
        std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        GIVEN_NAMES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .map(|l| {
                let (name, sex) = l.split_once(' ').unwrap_or((l, "u"));
                let sex = match sex {
                    "m" => NameSex::Male,
                    "f" => NameSex::Female,
                    _ => NameSex::Either,
                };
                (name, sex)
            })
            .unzip()
    })
}

/// The sex of a known given name ("Hillary" is mostly women's), any case;
/// `None` when the word is not in the list.
pub(crate) fn given_name_sex(word: &str) -> Option<NameSex> {
    let (names, sexes) = given_names();
    sexes.get(position_in(names, word)?).copied()
}

/// Whether `word` is a known given name ("Alison", "Grace"), any case.
fn is_given_name(word: &str) -> bool {
    given_name_sex(word).is_some()
}

/// Abbreviations that continue a name after their full stop ("St. Louis",
/// "Mt. Vernon", "Martin Luther King Jr.").
const NAME_ABBREVIATIONS: &[&str] = &["ft", "jr", "mt", "sr", "st"];

fn is_acronym(word: &str) -> bool {
    let letters = word.trim_end_matches('.').replace('.', "");
    (2..=6).contains(&letters.len()) && letters.chars().all(|c| c.is_ascii_uppercase())
}

/// Nationality adjectives (and place names) that can open a title ("Russian President", "Russia President").
fn is_nationality(word: &str) -> bool {
    if is_in(&entity_words().places, word) {
        return true;
    }
    let w = word.trim_end_matches('.');
    (w.ends_with("an")
        || w.ends_with("ish")
        || w.ends_with("ese")
        || w.ends_with("ian")
        || is_acronym(w))
        && is_capitalised(w)
        || matches!(
            w,
            "US" | "U.S."
                | "UK"
                | "U.K."
                | "EU"
                | "UN"
                | "Iraqi"
                | "Israeli"
                | "Saudi"
                | "Thai"
                | "Swiss"
                | "French"
                | "Greek"
                | "Dutch"
                | "Turkish"
                | "Polish"
                | "British"
        )
}

/// Find the name mentions of `text`.
pub fn find_mentions(text: &str) -> Vec<Mention> {
    let lexemes: Vec<Lexeme> = Lexer::new(text).collect();
    find_mentions_in(text, &lexemes)
}

/// [`find_mentions`] over lexemes already made ([`crate::tokens`]): `lexemes`
/// are those of one paragraph of `text`, and spans are offsets into `text`.
pub fn find_mentions_in(text: &str, lexemes: &[Lexeme]) -> Vec<Mention> {
    let (Some(first), Some(last)) = (lexemes.first(), lexemes.last()) else {
        return Vec::new();
    };
    // What lies before and after a word is looked for within the paragraph.
    let (lo, hi) = (first.start, last.end);
    // Tokens: (byte range, word) over whitespace-separated chunks with edge punctuation trimmed.
    let mut tokens: Vec<(Range<usize>, &str, bool)> = Vec::new(); // (span, word, sentence_start)
    let mut sentence_start = true;
    for chunk in chunks(lexemes.iter().copied()) {
        let (start, offset) = (chunk.start, chunk.end);
        let raw = &text[start..offset];
        let trimmed_start = raw.trim_start_matches(|c: char| !c.is_alphanumeric());
        let lead = raw.len() - trimmed_start.len();
        // "Mr. (Vladimir) Putin": a bracketed given name inside a name.
        let bracketed = raw.trim_end().starts_with('(')
            && raw.trim_end().ends_with(')')
            && is_capitalised(trimmed_start)
            && tokens.last().is_some_and(|t| !t.1.is_empty());
        if !bracketed && raw.starts_with(['(', '[']) {
            tokens.push((start..start, "", false));
        }
        let bare = trimmed_start.trim_end_matches(|c: char| !c.is_alphanumeric());
        // A possessive ends a name ("CNN’s Michelle Kosinski") unless an
        // organisation word follows ("St. Brennan's Hospital").
        let possessive = (bare.ends_with("’s") || bare.ends_with("'s"))
            && !text[offset..hi]
                .split_whitespace()
                .next()
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                .is_some_and(|w| is_in(&entity_words().org, w));
        let word = bare
            .strip_suffix("’s")
            .or_else(|| bare.strip_suffix("'s"))
            .unwrap_or(bare);
        // Keep the dot of an initial ("J."), a dotted acronym ("U.S.") or a
        // title ("Gen."), not of a sentence end ("TASS.", "Russians..").
        let dotted = trimmed_start[word.len()..].starts_with('.')
            && !possessive
            && (word.chars().count() == 1
                || word.contains('.')
                || is_in(&entity_words().title, word)
                || is_in(NAME_ABBREVIATIONS, word));
        let word = if dotted {
            &trimmed_start[..word.len() + 1]
        } else {
            word
        };
        if !word.is_empty() {
            tokens.push((
                start + lead..start + lead + word.len(),
                word,
                sentence_start,
            ));
        }
        let tail = raw.trim_end();
        // A full stop after a word that is not an initial, title or acronym ends the name run.
        let ends = tail.ends_with(['.', '!', '?'])
            && word.trim_end_matches('.').chars().count() > 1
            && !is_in(&entity_words().title, word)
            && !is_in(NAME_ABBREVIATIONS, word)
            && !is_acronym(word);
        sentence_start = tail.ends_with(['.', '!', '?', '"', '”', ':'])
            && !tokens
                .last()
                .is_some_and(|t| is_in(&entity_words().title, t.1) || t.1.len() <= 2);
        // A break inside punctuation (a comma, a quote, a sentence end) ends
        // the run of a name, and so does a possessive ("CNN’s Michelle Kosinski").
        // An opening bracket breaks before its word (above), a closing one after.
        let inner = raw.trim_start_matches(['(', '[']);
        let punct = if bracketed {
            raw.contains([',', ';', '"', '“', '”', ':', '[', ']'])
        } else {
            inner.contains([',', ';', '(', ')', '"', '“', '”', ':', '[', ']'])
        };
        if ends || punct || possessive {
            tokens.push((offset..offset, "", false));
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let (_, word, at_start) = tokens[i];
        if word.is_empty() || !is_name_word(word) {
            i += 1;
            continue;
        }
        // Collect a run of capitalised words (with connectors inside).
        let mut j = i;
        while j < tokens.len() {
            let w = tokens[j].1;
            if w.is_empty() {
                break;
            }
            if is_name_word(w)
                || (j > i
                    && is_in(&entity_words().connectors, w)
                    && tokens.get(j + 1).is_some_and(|t| is_name_word(t.1)))
            {
                j += 1;
            } else {
                break;
            }
        }
        let mut run: Vec<&(Range<usize>, &str, bool)> = tokens[i..j].iter().collect();
        i = j.max(i + 1);
        // Drop sentence openers ("The", "Moreover") from the front.
        while run.first().is_some_and(|t| {
            is_in(&entity_words().not_names, t.1) && !is_in(&entity_words().title, t.1)
        }) {
            run.remove(0);
        }
        if run.is_empty() {
            continue;
        }
        // Peel a leading title (nationality + title words, or honorific) off the run,
        // unless the run names an organisation ("US State Department").
        let org_run = run.last().is_some_and(|t| is_in(&entity_words().org, t.1));
        let mut k = 0;
        while !org_run
            && k < run.len()
            && (is_in(&entity_words().title, run[k].1)
                || (k == 0
                    && run.len() > 1
                    && is_nationality(run[k].1)
                    && run
                        .get(1)
                        .is_some_and(|t| is_in(&entity_words().title, t.1)))
                || (k > 0
                    && is_in(&entity_words().title, run[k - 1].1)
                    && is_in(&entity_words().connectors, run[k].1)))
        {
            k += 1;
        }
        // Titles written in lower case before the name ("foreign minister Sergey Lavrov").
        let mut title_start = run[0].0.start;
        let mut lower_title = None;
        // Only for what looks like a person's name: two to four words, no place or organisation word.
        let person_like = (2..=4).contains(&(run.len()))
            && !run.iter().any(|t| {
                is_in(&entity_words().places, t.1)
                    || is_in(&entity_words().org, t.1)
                    || is_acronym(t.1)
            });
        if k == 0 && person_like {
            let before = &text[lo..run[0].0.start];
            let prev: Vec<&str> = before.split_whitespace().rev().take(3).collect();
            if prev.first().is_some_and(|w| {
                is_in(&entity_words().title, w) && w.chars().all(|c| c.is_lowercase() || c == '.')
            }) {
                let n = prev
                    .iter()
                    .take_while(|w| is_in(&entity_words().title, w) || is_nationality(w))
                    .count();
                let words: Vec<&str> = prev[..n].iter().rev().copied().collect();
                lower_title = Some(words.join(" "));
                title_start = run[0].0.start;
            }
        }
        let name_tokens = &run[k..];
        if name_tokens.is_empty() {
            continue;
        }
        // Drop a sentence-initial opener ("The", "Moreover") from the front.
        let mut name_tokens: Vec<&(Range<usize>, &str, bool)> = name_tokens.to_vec();
        while name_tokens
            .first()
            .is_some_and(|t| is_in(&entity_words().not_names, t.1))
        {
            name_tokens.remove(0);
        }
        while name_tokens.last().is_some_and(|t| {
            is_in(&entity_words().connectors, t.1) || is_in(&entity_words().not_names, t.1)
        }) {
            name_tokens.pop();
        }
        let Some(first) = name_tokens.first() else {
            continue;
        };
        let Some(last) = name_tokens.last() else {
            continue;
        };
        // A lone capitalised word at a sentence start is usually not a name.
        if name_tokens.len() == 1
            && k == 0
            && first.2
            && !is_in(&entity_words().places, first.1)
            && !is_acronym(first.1)
            && at_start
        {
            continue;
        }
        let span = first.0.start..last.0.end;
        // The text without brackets, spaces collapsed: "Mr. (Vladimir)
        // Putin" gives "Vladimir Putin".
        let name = text[span.clone()]
            .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let title = if k > 0 {
            Some(text[run[0].0.start..run[k - 1].0.end].to_string())
        } else {
            lower_title
        };
        let _ = title_start;
        let words: Vec<&str> = name_tokens.iter().map(|t| t.1).collect();
        // A nationality adjective alone ("Russian", "Syrians", "North
        // Korean"), a faith ("Muslim"), a generic word alone ("Group",
        // "Sept", "St.") is not an entity.
        let demonym = |w: &str| {
            (is_nationality(w)
                || is_nationality(w.strip_suffix('s').unwrap_or(w))
                || is_in(&entity_words().faiths, w))
                && !is_in(&entity_words().places, w)
                && !is_acronym(w)
        };
        let lone = words.len() == 1 && k == 0;
        if (lone
            && (demonym(words[0])
                || words[0].trim_end_matches('.').eq_ignore_ascii_case("st")
                || is_in(&entity_words().not_names, words[0])
                || is_in(&entity_words().title, words[0])
                || (is_in(&entity_words().org, words[0])
                    && !is_in(&["congress", "kremlin", "parliament", "senate"], words[0]))))
            || (words.len() == 2
                && k == 0
                && is_in(&["east", "north", "south", "west"], words[0])
                && demonym(words[1]))
        {
            continue;
        }
        let kind = if title.is_some() {
            EntityKind::Person
        } else if words.iter().any(|w| is_in(&entity_words().org, w))
            || (words.len() == 1
                && is_acronym(words[0])
                && !is_in(&entity_words().places, &words[0].replace('.', "")))
        {
            EntityKind::Organization
        } else if (words.len() <= 2 && words.iter().all(|w| is_in(&entity_words().places, w)))
            || (words.len() >= 2
                && words
                    .last()
                    .is_some_and(|w| is_in(&entity_words().place_suffixes, w)))
        {
            EntityKind::Place
        } else if (2..=4).contains(&words.len())
            && words
                .iter()
                .find(|w| w.trim_end_matches('.').chars().count() > 1)
                .is_some_and(|w| is_given_name(w))
            && !words
                .iter()
                .any(|w| is_acronym(w) || is_in(&entity_words().places, w))
        {
            // "Alison Kerr", "Grace T. Lindqvist": a known given name first.
            EntityKind::Person
        } else {
            // Context decides the rest: "the Gannet Bay" is not a person, "in
            // Port Avalen" is a place, "Declan Moray said" is a person.
            let before = text[lo..span.start]
                .split_whitespace()
                .last()
                .unwrap_or_default();
            let after = text[span.end..hi]
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .trim_matches(|c: char| !c.is_alphabetic());
            let before_lower = before.to_ascii_lowercase();
            if matches!(
                before_lower.as_str(),
                "in" | "at" | "near" | "from" | "outside" | "across" | "into"
            ) {
                EntityKind::Place
            } else if matches!(before_lower.as_str(), "the" | "a" | "an") {
                EntityKind::Other
            } else if (2..=4).contains(&words.len()) && is_in(&entity_words().speech_verbs, after) {
                EntityKind::Person
            } else {
                EntityKind::Other
            }
        };
        out.push(Mention {
            span,
            name,
            title,
            kind,
        });
    }
    out
}

/// An entity of a story: its mentions merged.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Entity {
    /// The fullest name seen ("Vladimir Putin").
    pub name: String,
    /// What kind of entity.
    pub kind: EntityKind,
    /// Titles seen with it, most frequent first ("Russian President").
    pub titles: Vec<String>,
    /// Other spellings seen ("Putin", "Sergei Lavrov").
    pub aliases: Vec<String>,
    /// Number of mentions.
    pub mentions: usize,
    /// Articles (indices) that mention it.
    pub articles: Vec<usize>,
}

/// How much a mention's kind says: a person (from a title or a speech verb)
/// beats an organisation or a place word, which beat nothing.
fn kind_rank(k: EntityKind) -> u8 {
    match k {
        EntityKind::Person => 3,
        EntityKind::Organization => 2,
        EntityKind::Place => 1,
        EntityKind::Other => 0,
    }
}

/// "Mr", "Mrs", "Ms", "Miss": they say a person, not a role.
fn is_honorific(title: &str) -> bool {
    matches!(
        title.trim_end_matches('.').to_lowercase().as_str(),
        "mr" | "mrs" | "ms" | "miss"
    )
}

/// Key that merges spellings: name words without initials, lower case.
fn key_words(name: &str) -> Vec<String> {
    let words: Vec<String> = name
        .split_whitespace()
        .filter(|w| w.trim_end_matches('.').chars().count() != 1)
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .collect();
    // Spellings of one country are one entity ("U.S.", "US", "USA", "United States").
    let alias = match words.join(" ").as_str() {
        "u.s" | "us" | "usa" | "u.s.a" | "united states" | "united states of america" => {
            Some("usa")
        }
        "u.k" | "uk" | "britain" | "great britain" | "united kingdom" => Some("uk"),
        "russian federation" | "russia" => Some("russia"),
        _ => None,
    };
    match alias {
        Some(a) => vec![a.to_string()],
        None => words,
    }
}

/// Same first name up to transliteration: equal, or same first 4 letters and
/// lengths within one ("Sergey"/"Sergei").
fn similar_first(a: &str, b: &str) -> bool {
    a == b
        || (a.chars().take(4).eq(b.chars().take(4))
            && a.chars().count().abs_diff(b.chars().count()) <= 1)
}

/// Merge the mentions of a story's articles (`(article, mention)`) into entities,
/// ranked by the number of articles (outlets) that mention them, then mentions.
pub fn merge(mentions: &[(usize, &Mention)]) -> Vec<Entity> {
    // Full names first, so that surnames find them.
    let mut order: Vec<usize> = (0..mentions.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(key_words(&mentions[i].1.name).len()), i));
    let mut entities: Vec<(Vec<String>, Entity, FxHashMap<String, usize>)> = Vec::new();
    for i in order {
        let (article, m) = &mentions[i];
        let key = key_words(&m.name);
        if key.is_empty() {
            continue;
        }
        let found = entities.iter().position(|(k, e, _)| {
            if *k == key {
                return true;
            }
            let compatible_kind = e.kind == m.kind
                || m.kind == EntityKind::Other
                || e.kind == EntityKind::Other
                || m.kind == EntityKind::Person && e.kind == EntityKind::Person;
            if !compatible_kind {
                return false;
            }
            match (key.len(), k.len()) {
                // A surname alone joins the full name it ends.
                (1, n) if n >= 2 => e.kind == EntityKind::Person && k.last() == key.last(),
                // Same surname, transliterated first name.
                (a, b) if a == b && a >= 2 => {
                    k.last() == key.last() && similar_first(&k[0], &key[0])
                }
                _ => false,
            }
        });
        match found {
            Some(idx) => {
                let (_, e, titles) = &mut entities[idx];
                e.mentions += 1;
                if !e.articles.contains(article) {
                    e.articles.push(*article);
                }
                // Prefer a mixed-case spelling to a dateline's capitals ("PORT AVALEN").
                let shouting = |n: &str| !n.chars().any(char::is_lowercase);
                if shouting(&e.name)
                    && !shouting(&m.name)
                    && key_words(&m.name).len() == key_words(&e.name).len()
                {
                    let old = std::mem::replace(&mut e.name, m.name.clone());
                    if !e.aliases.contains(&old) {
                        e.aliases.push(old);
                    }
                } else if m.name != e.name && !e.aliases.contains(&m.name) {
                    e.aliases.push(m.name.clone());
                }
                // The strongest evidence wins: a person (titled or speaking), then
                // an organisation or place word, then nothing.
                if kind_rank(m.kind) > kind_rank(e.kind) {
                    e.kind = m.kind;
                }
                if let Some(t) = m.title.as_ref().filter(|t| !is_honorific(t)) {
                    *titles.entry(t.clone()).or_insert(0) += 1;
                }
            }
            None => {
                let mut titles = FxHashMap::default();
                if let Some(t) = m.title.as_ref().filter(|t| !is_honorific(t)) {
                    titles.insert(t.clone(), 1);
                }
                entities.push((
                    key,
                    Entity {
                        name: m.name.clone(),
                        kind: m.kind,
                        titles: Vec::new(),
                        aliases: Vec::new(),
                        mentions: 1,
                        articles: vec![*article],
                    },
                    titles,
                ));
            }
        }
    }
    let mut out: Vec<Entity> = entities
        .into_iter()
        .map(|(_, mut e, titles)| {
            let mut t: Vec<(String, usize)> = titles.into_iter().collect();
            t.sort_by(|a, b| {
                b.1.cmp(&a.1)
                    .then(b.0.len().cmp(&a.0.len()))
                    .then(a.0.cmp(&b.0))
            });
            // Drop a title that repeats another: a case variant, or the end of a
            // longer one ("Secretary of State" beside "US Secretary of State").
            let lowered: Vec<String> = t.iter().map(|(x, _)| x.to_lowercase()).collect();
            e.titles = t
                .iter()
                .enumerate()
                .filter(|(i, _)| {
                    !lowered.iter().enumerate().any(|(j, other)| {
                        j != *i
                            && other.ends_with(&lowered[*i])
                            && (other.len() > lowered[*i].len() || j < *i)
                    })
                })
                .map(|(_, (x, _))| x.clone())
                .collect();
            e.articles.sort_unstable();
            e.aliases.sort();
            e
        })
        .collect();
    out.sort_by(|a, b| {
        b.articles
            .len()
            .cmp(&a.articles.len())
            .then(b.mentions.cmp(&a.mentions))
            .then(a.name.cmp(&b.name))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, Option<String>, EntityKind)> {
        find_mentions(text)
            .into_iter()
            .map(|m| (m.name, m.title, m.kind))
            .collect()
    }

    #[test]
    fn entity_word_lists_parse_strictly() {
        let w = parse_entity_words(ENTITY_WORDS).expect("the shipped file parses");
        assert!(w.title.len() > 50 && w.places.len() > 100 && w.connectors.len() > 5);
        assert!(parse_entity_words("[title]\nMr\n").is_err(), "upper case");
        assert!(parse_entity_words("mr\n").is_err(), "a word before a list");
        assert!(
            parse_entity_words("[titles]\nmr\n").is_err(),
            "unknown list"
        );
    }

    #[test]
    fn lists_are_sorted() {
        let (given, _) = given_names();
        assert!(given.len() > 5000 && given.windows(2).all(|p| p[0] < p[1]));
        assert!(is_given_name("Alison") && is_given_name("grace") && !is_given_name("Kremlin"));
        assert_eq!(given_name_sex("Hillary"), Some(NameSex::Female));
        assert_eq!(given_name_sex("DONALD"), Some(NameSex::Male));
        assert_eq!(given_name_sex("Jordan"), Some(NameSex::Either));
        for list in [
            entity_words().title.as_slice(),
            entity_words().org.as_slice(),
            entity_words().places.as_slice(),
            entity_words().not_names.as_slice(),
            entity_words().connectors.as_slice(),
            entity_words().speech_verbs.as_slice(),
            entity_words().place_suffixes.as_slice(),
            entity_words().faiths.as_slice(),
            NAME_ABBREVIATIONS,
        ] {
            assert!(
                list.windows(2).all(|p| p[0] < p[1]),
                "{:?}",
                list.windows(2).find(|p| p[0] >= p[1])
            );
        }
    }

    #[test]
    fn possessives_brackets_and_compounds_split_names() {
        let m = names(
            "CNN\u{2019}s Michelle Kosinski asked whether Mr. (Vladimir) Putin and the \
             Russian-backed forces near Golan [Heights] would stop. PORT AVALEN, Dec. 11 \
             (Meridian Wire) - Syrians and Muslims in North Korean ports saw TASS.",
        );
        let got: Vec<&str> = m.iter().map(|(n, _, _)| n.as_str()).collect();
        for want in [
            "CNN",
            "Michelle Kosinski",
            "Vladimir Putin",
            "Meridian Wire",
            "TASS",
        ] {
            assert!(got.contains(&want), "{want} in {m:?}");
        }
        let m3 = names("She was taken to St. Brennan's Hospital on Monday.");
        assert!(
            m3.iter()
                .any(|(n, _, k)| n == "St. Brennan's Hospital" && *k == EntityKind::Organization),
            "{m3:?}"
        );
        let m2 = names("Fans in St. Louis cheered, and St. Petersburg too.");
        assert!(m2.iter().any(|(n, _, _)| n == "St. Louis"), "{m2:?}");
        assert!(m2.iter().any(|(n, _, _)| n == "St. Petersburg"), "{m2:?}");
        for junk in [
            "Russian-backed",
            "Syrians",
            "Muslims",
            "North Korean",
            "Dec",
            "TASS.",
        ] {
            assert!(!got.contains(&junk), "{junk} in {m:?}");
        }
        assert!(
            m.iter().any(|(n, t, k)| n == "Vladimir Putin"
                && t.as_deref() == Some("Mr.")
                && *k == EntityKind::Person),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|(n, _, k)| n == "Michelle Kosinski" && *k == EntityKind::Person),
            "a known given name makes a person: {m:?}"
        );
    }

    #[test]
    fn titles_are_peeled_off_names() {
        let m = names(
            "Russian President Vladimir Putin listens to US President Barack Obama in Hangzhou.",
        );
        assert!(
            m.contains(&(
                "Vladimir Putin".into(),
                Some("Russian President".into()),
                EntityKind::Person
            )),
            "{m:?}"
        );
        assert!(
            m.contains(&(
                "Barack Obama".into(),
                Some("US President".into()),
                EntityKind::Person
            )),
            "{m:?}"
        );
        assert!(
            m.contains(&("Hangzhou".into(), None, EntityKind::Place)),
            "{m:?}"
        );
        let m = names("The Kremlin said Secretary of State Rex W. Tillerson and Foreign Minister Sergey V. Lavrov would talk.");
        assert!(
            m.contains(&(
                "Rex W. Tillerson".into(),
                Some("Secretary of State".into()),
                EntityKind::Person
            )),
            "{m:?}"
        );
        assert!(
            m.contains(&(
                "Sergey V. Lavrov".into(),
                Some("Foreign Minister".into()),
                EntityKind::Person
            )),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|(n, _, k)| n == "Kremlin" && *k == EntityKind::Organization),
            "{m:?}"
        );
    }

    #[test]
    fn kinds_come_from_evidence_not_capitals() {
        let text = "The ferry Gannet Bay struck the Morwen in Port Avalen on Friday. \
            Harbour master Declan Moray said the fog was thick. Avalen Island Ferries said sailings would resume. \
            PORT AVALEN was quiet.";
        let found = find_mentions(text);
        let kind = |name: &str| found.iter().find(|m| m.name == name).map(|m| m.kind);
        assert_eq!(kind("Port Avalen"), Some(EntityKind::Place));
        assert_eq!(kind("Declan Moray"), Some(EntityKind::Person));
        assert_eq!(
            kind("Avalen Island Ferries"),
            Some(EntityKind::Organization)
        );
        assert_ne!(kind("Morwen"), Some(EntityKind::Person));
        let entities = merge(&found.iter().map(|m| (0, m)).collect::<Vec<_>>());
        let port = entities
            .iter()
            .find(|e| e.name == "Port Avalen")
            .expect("mixed case is shown");
        assert!(
            port.aliases.contains(&"PORT AVALEN".to_string()),
            "{port:?}"
        );
    }

    #[test]
    fn sentence_openers_are_not_names() {
        let m = names("Moreover, The US President Donald Trump said he had good talks. Meanwhile, the official spoke.");
        assert!(
            m.iter()
                .all(|(n, _, _)| n != "Moreover" && n != "Meanwhile" && n != "The"),
            "{m:?}"
        );
        assert!(m.iter().any(|(n, _, _)| n == "Donald Trump"), "{m:?}");
    }

    #[test]
    fn a_sentence_starts_after_two_spaces_as_after_one() {
        // Typed text often puts two spaces after a full stop; the word after
        // them opens a sentence all the same (it used to be read as a name).
        for gap in [" ", "  ", " \u{a0}"] {
            let text =
                format!("The talks ended on Friday.{gap}Nearly forty delegates left Geneva.");
            let m = names(&text);
            assert!(m.iter().all(|(n, _, _)| n != "Nearly"), "{gap:?}: {m:?}");
            assert!(m.iter().any(|(n, _, _)| n == "Geneva"), "{gap:?}: {m:?}");
        }
    }

    #[test]
    fn mentions_merge_into_entities() {
        let texts = [
            "Russian President Vladimir Putin met Obama. Putin said the talks went well.",
            "Mr Putin and Russian Foreign Minister Sergey Lavrov arrived; Sergei Lavrov spoke first.",
            "US Secretary of State John Kerry met Sergey Lavrov.",
        ];
        let found: Vec<Vec<Mention>> = texts.iter().map(|t| find_mentions(t)).collect();
        let all: Vec<(usize, &Mention)> = found
            .iter()
            .enumerate()
            .flat_map(|(a, ms)| ms.iter().map(move |m| (a, m)))
            .collect();
        let entities = merge(&all);
        let putin = entities
            .iter()
            .find(|e| e.name == "Vladimir Putin")
            .expect("Putin");
        assert_eq!(putin.articles, [0, 1]);
        assert!(putin.titles.contains(&"Russian President".to_string()));
        let lavrov = entities
            .iter()
            .find(|e| e.name.ends_with("Lavrov"))
            .expect("Lavrov");
        assert_eq!(lavrov.articles, [1, 2]);
        assert_eq!(lavrov.kind, EntityKind::Person);
        assert!(
            lavrov.titles.iter().any(|t| t.contains("Foreign Minister")),
            "{lavrov:?}"
        );
        assert!(
            entities
                .iter()
                .filter(|e| e.name.contains("Lavrov"))
                .count()
                == 1,
            "{entities:?}"
        );
        // Ranked by outlets: the two-article entities come first.
        assert!(entities[0].articles.len() >= entities.last().map_or(0, |e| e.articles.len()));
    }

    #[test]
    fn odd_input_does_not_panic() {
        for t in [
            "",
            "A",
            "Mr.",
            "President",
            "...",
            "Ü Ö Ä",
            "the the The",
            &"Putin ".repeat(1000),
            "“Putin”, ‘Obama’",
            "al-Assad bin",
        ] {
            let found = find_mentions(t);
            let _ = merge(&found.iter().map(|m| (0, m)).collect::<Vec<_>>());
        }
    }
}
