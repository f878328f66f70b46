//! Synthetic corpora for benchmarks and scale tests: deterministic, realistic in
//! shape (headlines, boilerplate lines, wire copies and spun copies, stories of
//! different sizes spread over time), and labelled with the story each article
//! was generated for.

use crate::model::Article;

/// A deterministic pseudo-random generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// Seeded generator.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        crate::text::mix64(self.0)
    }
    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    /// A random element of a non-empty slice.
    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "ro", "vel", "mar", "ten", "sa", "li", "dor", "bra", "nu", "qui", "fen", "tas", "lo",
    "mer", "vin", "ga", "zo", "pel", "ri",
];
const VERBS: &[&str] = &[
    "announced",
    "approved",
    "rejected",
    "delayed",
    "signed",
    "criticised",
    "welcomed",
    "investigated",
    "launched",
    "suspended",
    "reviewed",
    "confirmed",
    "questioned",
    "defended",
    "expanded",
    "blocked",
];
const NOUNS: &[&str] = &[
    "agreement",
    "budget",
    "contract",
    "inquiry",
    "plan",
    "proposal",
    "strike",
    "merger",
    "ceasefire",
    "election",
    "policy",
    "reform",
    "project",
    "lawsuit",
    "report",
    "deal",
    "tariff",
    "vaccine",
    "bridge",
    "pipeline",
    "council",
    "court",
    "ministry",
    "union",
    "company",
    "market",
    "harbour",
    "airport",
];
const ADJS: &[&str] = &[
    "new",
    "controversial",
    "long-awaited",
    "regional",
    "national",
    "emergency",
    "temporary",
    "revised",
    "joint",
    "major",
    "disputed",
    "final",
    "local",
    "federal",
];
const ROLES: &[&str] = &[
    "minister",
    "spokesperson",
    "chief executive",
    "mayor",
    "judge",
    "union leader",
    "analyst",
    "official",
];
const TIMES: &[&str] = &[
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "on Friday",
    "late on Sunday",
    "earlier this week",
];
const SWAPS: &[(&str, &str)] = &[
    ("said", "stated"),
    ("new", "fresh"),
    ("plan", "scheme"),
    ("major", "big"),
    ("announced", "unveiled"),
];
const BOILERPLATE: &[&str] = &[
    "Advertisement",
    "Share this article",
    "Photo: Staff photographer",
    "Read more: latest headlines",
];

fn name(rng: &mut Rng, syllables: usize) -> String {
    let mut s = String::new();
    for _ in 0..syllables {
        s.push_str(rng.pick(SYLLABLES));
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => s,
    }
}

struct Event {
    people: Vec<String>,
    place: String,
    org: String,
    noun: &'static str,
    sentences: Vec<String>,
    day: i64,
}

fn event(rng: &mut Rng, day: i64) -> Event {
    let people: Vec<String> = (0..3)
        .map(|_| format!("{} {}", name(rng, 2), name(rng, 3)))
        .collect();
    let place = name(rng, 3);
    let org = format!(
        "{} {}",
        name(rng, 2),
        rng.pick(&["Group", "Council", "Holdings", "Institute", "Party"])
    );
    let noun = rng.pick(NOUNS);
    let mut sentences = Vec::new();
    for i in 0..18 {
        let p = &people[i % people.len()];
        let s = match i % 6 {
            0 => format!(
                "{} {} a {} {} in {} {}, according to officials.",
                org,
                rng.pick(VERBS),
                rng.pick(ADJS),
                noun,
                place,
                rng.pick(TIMES)
            ),
            1 => format!(
                "\"We will not accept a {} that ignores the people of {},\" {} told reporters.",
                noun, place, p
            ),
            2 => format!(
                "The {} {} {} the {} after weeks of talks with the {}.",
                rng.pick(ROLES),
                p,
                rng.pick(VERBS),
                noun,
                rng.pick(NOUNS)
            ),
            3 => format!(
                "Critics in {} said the {} {} would cost more than {} million and {} the {}.",
                place,
                rng.pick(ADJS),
                noun,
                10 + rng.below(900),
                rng.pick(VERBS),
                rng.pick(NOUNS)
            ),
            4 => format!(
                "{} is expected to meet {} again {} to discuss the {} {}.",
                p,
                people[(i + 1) % people.len()],
                rng.pick(TIMES),
                rng.pick(ADJS),
                noun
            ),
            _ => format!(
                "Mr. {} said the {} had been {} by the {} of {}.",
                p.split(' ').nth(1).unwrap_or("Smith"),
                noun,
                rng.pick(VERBS),
                rng.pick(NOUNS),
                org
            ),
        };
        sentences.push(s);
    }
    Event {
        people,
        place,
        org,
        noun,
        sentences,
        day,
    }
}

fn spin(rng: &mut Rng, s: &str) -> String {
    let (from, to) = SWAPS[rng.below(SWAPS.len())];
    if s.contains(from) {
        s.replacen(from, to, 1)
    } else {
        s.to_string()
    }
}

/// Generate `n` articles in stories of 1 to about 30 articles, with publication
/// dates over two years, copies (verbatim and spun) and boilerplate lines.
/// Returns the articles and, for each, the index of the story it belongs to.
pub fn corpus(n: usize, seed: u64) -> (Vec<Article>, Vec<usize>) {
    let mut rng = Rng::new(seed);
    let mut events: Vec<Event> = Vec::new();
    let mut articles = Vec::with_capacity(n);
    let mut labels = Vec::with_capacity(n);
    let outlets = [
        "Daily Ledger",
        "Morning Wire",
        "City Courier",
        "Evening Post",
        "Valley Times",
        "Harbor Herald",
        "Metro Report",
        "The Observer",
    ];
    let base = jiff::civil::date(2024, 1, 1);
    while articles.len() < n {
        // Mostly continue a recent story, sometimes start a new one.
        let story = if events.is_empty() || rng.chance(0.12) {
            let day = events.last().map_or(0, |e| e.day) + rng.below(3) as i64;
            events.push(event(&mut rng, day));
            events.len() - 1
        } else {
            let recent = events.len().min(40);
            events.len() - 1 - rng.below(recent)
        };
        let ev = &events[story];
        let k = articles.len();
        let mut paras = Vec::new();
        if rng.chance(0.3) {
            paras.push(BOILERPLATE[rng.below(BOILERPLATE.len())].to_string());
        }
        let count = 6 + rng.below(8);
        for j in 0..count {
            let mut s = ev.sentences[rng.below(ev.sentences.len())].clone();
            if rng.chance(0.3) {
                s = spin(&mut rng, &s);
            }
            if j % 3 == 2 {
                let extra = format!(
                    "The {} {} {} the {} {} as the {} in {} continued.",
                    rng.pick(ROLES),
                    ev.people[rng.below(ev.people.len())],
                    rng.pick(VERBS),
                    rng.pick(ADJS),
                    rng.pick(NOUNS),
                    ev.noun,
                    ev.place
                );
                s = format!("{s} {extra}");
            }
            paras.push(s);
        }
        if rng.chance(0.2) {
            paras.push(BOILERPLATE[rng.below(BOILERPLATE.len())].to_string());
        }
        let day = ev.day + rng.below(4) as i64;
        let published = base
            .checked_add(jiff::Span::new().days(day))
            .ok()
            .and_then(|d| d.to_zoned(jiff::tz::TimeZone::UTC).ok())
            .map(|z| crate::model::Published::timed(z.timestamp()));
        let outlet = outlets[rng.below(outlets.len())];
        let mut a = Article::new(
            format!("syn{k:06}"),
            format!("{} {} {} in {}", ev.org, rng.pick(VERBS), ev.noun, ev.place),
            paras.join("\n\n"),
        );
        a.source = Some(outlet.to_string());
        a.published = published;
        articles.push(a);
        labels.push(story);
    }
    (articles, labels)
}

/// A generated article as one line of the JSON Lines that `storyline digest`
/// and `storyline ingest` read (id, title, text, source, published; no
/// newline at the end), for writing a generated corpus to a file.
pub fn jsonl_line(a: &Article) -> String {
    serde_json::json!({
        "id": a.id,
        "title": a.title,
        "text": a.text,
        "source": a.source,
        "published": a.published.map(|p| p.to_string()),
    })
    .to_string()
}

/// A corpus of `n` articles generated `chunk` at a time, for corpora too large
/// to hold: each chunk is [`corpus`] with its own seed (`seed`, `seed + 1`,
/// ...), its ids prefixed with the chunk number (`syn00-syn000000`), and its
/// dates moved past the previous chunk's last date, ten quiet days between.
/// The chunks arrive in order, so publication order never goes back across
/// them; within a chunk, articles are in generation order.
pub fn chunked(n: usize, chunk: usize, seed: u64) -> impl Iterator<Item = Vec<Article>> {
    let chunk = chunk.max(1);
    let mut written = 0usize;
    let mut number = 0u64;
    let mut shift = jiff::SignedDuration::ZERO;
    std::iter::from_fn(move || {
        if written >= n {
            return None;
        }
        let size = chunk.min(n - written);
        let (mut articles, _) = corpus(size, seed + number);
        let first = articles
            .iter()
            .filter_map(|a| a.published)
            .map(|p| p.at)
            .min();
        let mut last = None;
        for a in &mut articles {
            a.id = format!("syn{number:02}-{}", a.id);
            if let Some(p) = a.published.as_mut() {
                p.at = p.at.checked_add(shift).unwrap_or(p.at);
                last = last.max(Some(p.at));
            }
        }
        if let (Some(first), Some(last)) = (first, last) {
            shift = last.duration_since(first) + jiff::SignedDuration::from_hours(24 * 10);
        }
        written += size;
        number += 1;
        Some(articles)
    })
}

/// One wire story carried by `n` outlets, as a thousand sites pick up an
/// agency report: the same five sentences, each copy with its own dateline
/// and one of three words swapped, published over a day. For the tests and
/// benches of near-identical articles.
pub fn wire_copies(n: usize) -> Vec<Article> {
    let body = "The city council of Port Avalen approved a new tram line on Tuesday after a debate that lasted nine hours. \
        The line will run 14 kilometres from the harbour to the university and carry 40,000 passengers a day. \
        Mayor Ines Borel said the vote was a turning point for a city choked by traffic. \
        Opponents said the 820 million euro cost would push up local taxes for a decade. \
        Construction is due to start next spring and the first trams should run in 2029.";
    let swaps = [
        ("approved", "backed"),
        ("Opponents", "Critics"),
        ("debate", "discussion"),
    ];
    (0..n)
        .map(|k| {
            let (from, to) = swaps[k % swaps.len()];
            let text = format!("PORT AVALEN (Outlet {k}) - {}", body.replace(from, to));
            let mut a = Article::new(format!("w{k}"), "Port Avalen approves tram line", text);
            a.source = Some(format!("Outlet {k}"));
            a.published = crate::ingest::parse_published(&format!(
                "2025-03-07T{:02}:{:02}:00Z",
                8 + k % 12,
                k % 60
            ));
            a
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_sized() {
        let (a, l) = corpus(200, 7);
        let (b, _) = corpus(200, 7);
        assert_eq!(a, b);
        assert_eq!(a.len(), 200);
        assert_eq!(l.len(), 200);
        assert!(l.iter().max().copied().unwrap_or(0) > 5, "several stories");
    }
}
