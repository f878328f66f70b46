//! The `meta` column of `articles` (schema 3): what an article carries
//! beyond its core fields, as JSON: declared language, the offset its
//! publication time was written in, its provenance (reader, extractor, the
//! source of each field, modified date, authors, crawl time, teaser flag) and
//! the lines its input marked as furniture. NULL when there is nothing to keep
//! (and for rows written before schema 3).

use serde_json::{json, Map, Value};
use storyline::clean::{Reason, Removed};
use storyline::Article;

/// The JSON to store for `a`, or `None` when it carries nothing extra.
pub(crate) fn encode(a: &Article) -> Option<String> {
    let mut m = Map::new();
    if let Some(lang) = &a.lang {
        m.insert("lang".into(), json!(lang));
    }
    if let Some(offset) = a.published.and_then(|p| p.offset) {
        m.insert("offset".into(), json!(offset.seconds()));
    }
    if let Some(record) = a.origin.record {
        m.insert("record".into(), json!(record));
    }
    if a.provenance != storyline::model::Provenance::default() {
        let p = storyline::report::JsonProvenance::of(&a.provenance);
        if let Ok(v) = serde_json::to_value(p) {
            m.insert("provenance".into(), v);
        }
    }
    if !a.marked.is_empty() {
        let marked: Vec<Value> = a
            .marked
            .iter()
            .map(|r| json!([r.span.start, r.span.end, r.reason.as_str()]))
            .collect();
        m.insert("marked".into(), Value::Array(marked));
    }
    (!m.is_empty()).then(|| Value::Object(m).to_string())
}

/// Fill in `a` from its stored `meta` JSON. Anything unreadable is left
/// out: the core row is still the article.
pub(crate) fn apply(a: &mut Article, meta: &str) {
    let Ok(Value::Object(m)) = serde_json::from_str::<Value>(meta) else {
        return;
    };
    a.lang = m.get("lang").and_then(Value::as_str).map(str::to_string);
    a.origin.record = m.get("record").and_then(Value::as_u64).map(|r| r as usize);
    if let (Some(p), Some(secs)) = (
        a.published.as_mut(),
        m.get("offset").and_then(Value::as_i64),
    ) {
        p.offset = i32::try_from(secs)
            .ok()
            .and_then(|s| jiff::tz::Offset::from_seconds(s).ok());
    }
    if let Some(p) = m.get("provenance").cloned() {
        if let Ok(p) = serde_json::from_value::<storyline::report::JsonProvenance>(p) {
            a.provenance = p.to_provenance();
        }
    }
    if let Some(Value::Array(marked)) = m.get("marked") {
        a.marked = marked
            .iter()
            .filter_map(|v| {
                let v = v.as_array()?;
                let start = v.first()?.as_u64()? as usize;
                let end = v.get(1)?.as_u64()? as usize;
                let reason = Reason::from_name(v.get(2)?.as_str()?)?;
                (start <= end && end <= a.text.len()).then_some(Removed {
                    span: start..end,
                    reason,
                })
            })
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_survives_the_round_trip() {
        let mut a = Article::new("a", "t", "Prose.\n\nCaption here.");
        a.lang = Some("de-CH".into());
        a.published = storyline::ingest::parse_published("2019-11-19T10:48:00-05:00");
        a.origin.record = Some(7);
        a.provenance.format = "warc".into();
        a.provenance.extractor = Some("storyline".into());
        a.provenance.set_source("published", "json-ld");
        a.provenance.set_source("title", "opengraph");
        a.provenance.authors = vec!["Jane Doe".into()];
        a.provenance.crawled = "2019-11-20T00:00:00Z".parse().ok();
        a.provenance.modified = storyline::ingest::parse_published("2019-11-19T12:00:00Z");
        a.provenance.teaser = true;
        a.marked = vec![Removed {
            span: 8..21,
            reason: Reason::Caption,
        }];
        let stored = encode(&a).expect("something to keep");
        let mut b = Article::new("a", "t", "Prose.\n\nCaption here.");
        b.published = a
            .published
            .map(|p| storyline::Published { offset: None, ..p });
        apply(&mut b, &stored);
        assert_eq!(b, a);
        assert_eq!(
            b.published.map(|p| p.to_string()).as_deref(),
            Some("2019-11-19T10:48:00-05:00")
        );
        // A plain article keeps nothing; garbage is ignored.
        assert!(encode(&Article::new("x", "t", "b")).is_none());
        let mut c = Article::new("x", "t", "b");
        apply(&mut c, "{not json");
        apply(
            &mut c,
            r#"{"marked": [[0, 99, "caption"], [0, 1, "nonsense"]]}"#,
        );
        assert!(c.marked.is_empty());
    }
}
