//! JSON Feed 1.0 and 1.1 (<https://jsonfeed.org/version/1.1>).

use serde_json::Value;

use super::{fragment_text, one_line, plain_text, FeedInfo, Item, Sink};
use crate::model::Diagnostic;

/// Read a JSON Feed document.
pub(super) fn read(text: &str, sink: &mut Sink) {
    let doc: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let msg = format!("malformed JSON Feed ({e}); no items read");
            sink.diags
                .push(Diagnostic::error(sink.path, Some(e.line()), msg));
            return;
        }
    };
    let version = doc
        .get("version")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !version.contains("jsonfeed.org/version") {
        let msg = "not a JSON Feed (no \"version\": \"https://jsonfeed.org/version/1.1\")";
        sink.diags.push(Diagnostic::error(sink.path, None, msg));
        return;
    }
    let feed = FeedInfo {
        format: "json-feed",
        title: string(&doc, "title").map(|t| one_line(&t)),
        lang: string(&doc, "language"),
        authors: authors(&doc),
    };
    let Some(items) = doc.get("items").and_then(Value::as_array) else {
        let msg = "JSON Feed without an \"items\" list";
        sink.diags.push(Diagnostic::error(sink.path, None, msg));
        return;
    };
    for (i, value) in items.iter().enumerate() {
        let item = Item {
            n: i + 1,
            line: None,
            id: value.get("id").and_then(|id| match id {
                Value::String(s) => Some(s.trim().to_string()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            }),
            title: string(value, "title").map(|t| one_line(&t)),
            link: string(value, "url"),
            permalink: None,
            published: string(value, "date_published"),
            updated: string(value, "date_modified"),
            authors: authors(value),
            content: string(value, "content_html")
                .map(|h| fragment_text(&h))
                .filter(|t| !t.is_empty())
                .or_else(|| string(value, "content_text").map(|t| plain_text(&t))),
            summary: string(value, "summary").map(|t| plain_text(&t)),
            lang: string(value, "language"),
        };
        sink.item(&feed, item);
    }
}

/// A non-empty string member.
fn string(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// `authors` (1.1) or `author` (1.0) names.
fn authors(v: &Value) -> Vec<String> {
    let list: Vec<&Value> = match (v.get("authors"), v.get("author")) {
        (Some(Value::Array(list)), _) => list.iter().collect(),
        (_, Some(one)) => vec![one],
        _ => Vec::new(),
    };
    list.into_iter().filter_map(|a| string(a, "name")).collect()
}
