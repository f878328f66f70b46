//! Query-string parameters of the story list, shared by `GET /api/stories`
//! and the `/` page, validated once at the edge.

use storyline_store::{Sort, StoryQuery};

/// Largest page size a client may ask for.
pub const MAX_PER_PAGE: usize = 100;

/// Largest `min_articles` accepted (any larger asks for nothing).
pub const MAX_MIN_ARTICLES: usize = 1_000_000;

/// Highest page number accepted (deeper pages are never useful and cost an
/// OFFSET scan).
pub const MAX_PAGE: usize = 10_000;

/// Parse the list parameters. Empty values count as absent (a submitted form
/// sends every field); unknown parameters are ignored; a repeated parameter
/// takes its last value.
pub fn story_query(pairs: &[(String, String)]) -> Result<StoryQuery, String> {
    let mut q = StoryQuery::default();
    for (key, value) in pairs {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match key.as_str() {
            "q" => q.q = Some(value.to_string()),
            "source" => q.source = Some(value.to_string()),
            "entity" => q.entity = Some(value.to_string()),
            "from" => q.from = Some(date(key, value)?),
            "to" => q.to = Some(date(key, value)?),
            "min_articles" => q.min_articles = Some(number(key, value, 0, MAX_MIN_ARTICLES)?),
            "page" => q.page = number(key, value, 1, MAX_PAGE)?,
            "per_page" => q.per_page = number(key, value, 1, MAX_PER_PAGE)?,
            "sort" => {
                q.sort = match value {
                    "covered" => Sort::Covered,
                    "recent" => Sort::Recent,
                    _ => {
                        return Err(format!(
                            "sort must be \"covered\" or \"recent\", not {value:?}"
                        ))
                    }
                }
            }
            _ => {}
        }
    }
    if let (Some(from), Some(to)) = (q.from, q.to) {
        if from > to {
            return Err(format!("from ({from}) is after to ({to})"));
        }
    }
    Ok(q)
}

fn date(key: &str, value: &str) -> Result<jiff::civil::Date, String> {
    let ok = value.len() == 10 && value.as_bytes()[4] == b'-' && value.as_bytes()[7] == b'-';
    match value.parse::<jiff::civil::Date>() {
        Ok(d) if ok => Ok(d),
        _ => {
            // A year of five digits or more is well formed but beyond the
            // dates anything here can hold: say so rather than "not a date".
            let year = value.split('-').next().unwrap_or("");
            if year.len() > 4 && year.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!(
                    "{key}: year {year} is out of range; dates go up to 9999-12-31"
                ));
            }
            Err(format!("{key} must be a date YYYY-MM-DD, not {value:?}"))
        }
    }
}

fn number(key: &str, value: &str, min: usize, max: usize) -> Result<usize, String> {
    match value.parse::<usize>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(format!(
            "{key} must be a whole number from {min} to {max}, not {value:?}"
        )),
    }
}

/// The parameters of a query as (name, value) pairs, in a fixed order and
/// without defaults: what links to other pages of the same list carry.
pub fn to_pairs(q: &StoryQuery) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let mut push = |k: &'static str, v: Option<String>| {
        if let Some(v) = v {
            out.push((k, v));
        }
    };
    push("q", q.q.clone());
    push("source", q.source.clone());
    push("entity", q.entity.clone());
    push("from", q.from.map(|d| d.to_string()));
    push("to", q.to.map(|d| d.to_string()));
    push("min_articles", q.min_articles.map(|n| n.to_string()));
    push(
        "sort",
        (q.sort == Sort::Recent).then(|| "recent".to_string()),
    );
    push(
        "per_page",
        (q.per_page != StoryQuery::default().per_page).then(|| q.per_page.to_string()),
    );
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod tests {
    use super::*;

    fn parse(s: &[(&str, &str)]) -> Result<StoryQuery, String> {
        let pairs: Vec<(String, String)> = s
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        story_query(&pairs)
    }

    #[test]
    fn defaults_and_empty_fields() {
        let q = parse(&[("q", ""), ("from", " "), ("sort", "")]).unwrap();
        assert_eq!(q, StoryQuery::default());
    }

    #[test]
    fn every_parameter() {
        let q = parse(&[
            ("q", "talks"),
            ("from", "2016-09-01"),
            ("to", "2016-09-30"),
            ("source", "TASS"),
            ("entity", "Lavrov"),
            ("min_articles", "2"),
            ("sort", "recent"),
            ("page", "3"),
            ("per_page", "5"),
            ("unknown", "x"),
        ])
        .unwrap();
        assert_eq!(q.q.as_deref(), Some("talks"));
        assert_eq!(q.from, Some(jiff::civil::date(2016, 9, 1)));
        assert_eq!(q.to, Some(jiff::civil::date(2016, 9, 30)));
        assert_eq!(q.source.as_deref(), Some("TASS"));
        assert_eq!(q.entity.as_deref(), Some("Lavrov"));
        assert_eq!(q.min_articles, Some(2));
        assert_eq!(q.sort, Sort::Recent);
        assert_eq!((q.page, q.per_page), (3, 5));
        // The pairs round-trip (page is left to the pager).
        let pairs: Vec<(String, String)> = to_pairs(&q)
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .chain([("page".to_string(), "3".to_string())])
            .collect();
        assert_eq!(story_query(&pairs).unwrap(), q);
    }

    #[test]
    fn bad_values_are_named() {
        for (k, v) in [
            ("from", "2016-13-01"),
            ("from", "yesterday"),
            ("to", "2016-9-1"),
            ("from", "10000-01-01"),
            ("to", "99999999999999999999-01-01"),
            ("page", "0"),
            ("page", "-1"),
            ("page", "two"),
            ("per_page", "1000"),
            ("min_articles", "x"),
            ("sort", "best"),
        ] {
            let err = parse(&[(k, v)]).unwrap_err();
            assert!(err.starts_with(k), "{err}");
        }
        assert!(parse(&[("from", "2016-10-01"), ("to", "2016-09-01")]).is_err());
        let err = parse(&[("from", "10000-01-01")]).unwrap_err();
        assert!(err.contains("year 10000 is out of range"), "{err}");
        // The last day there is parses.
        assert!(parse(&[("from", "9999-12-31"), ("to", "9999-12-31")]).is_ok());
    }
}
