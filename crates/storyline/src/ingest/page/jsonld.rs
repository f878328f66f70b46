//! JSON-LD (schema.org) blocks: the article node and what it says about
//! itself: headline, dates, authors, publisher, URL, language.
//!
//! Nodes are found at the top level, in arrays, in `@graph` and under
//! `mainEntity`/`mainEntityOfPage`; articles nested elsewhere (a list of
//! related items, a citation) are other articles and are not read. `@id`
//! references to people and organisations in the same graph are resolved.
//! A block that is not valid JSON is retried with raw control characters
//! replaced (the commonest breakage); failing that, its `datePublished`,
//! `dateModified` and `headline` are read by pattern and a note says so.

use serde_json::Value;

/// What kind of thing a node describes, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// `Article`, `NewsArticle`, `BlogPosting`, `Report`, ...
    Article,
    /// `WebPage`, `ItemPage`, `CollectionPage`, ...
    Page,
    /// Anything else with a date (`VideoObject`, `Event`, ...).
    Other,
    /// Read by pattern from a malformed block: the type is not known.
    Unknown,
}

/// One schema.org node of interest.
#[derive(Debug, Clone)]
pub struct Node {
    /// Its kind.
    pub kind: Kind,
    /// `headline` (else `name` for articles).
    pub headline: Option<String>,
    /// `datePublished`.
    pub published: Option<String>,
    /// `dateCreated`.
    pub created: Option<String>,
    /// `dateModified`.
    pub modified: Option<String>,
    /// `uploadDate` (videos).
    pub uploaded: Option<String>,
    /// Author names.
    pub authors: Vec<String>,
    /// Publisher name.
    pub publisher: Option<String>,
    /// `url`, else `mainEntityOfPage` (its `@id` when an object).
    pub url: Option<String>,
    /// `inLanguage`.
    pub lang: Option<String>,
}

/// All JSON-LD of a page.
#[derive(Debug, Clone, Default)]
pub struct JsonLd {
    /// Nodes in page order.
    pub nodes: Vec<Node>,
    /// The `name` of a `WebSite` node, if any.
    pub website: Option<String>,
    /// Blocks that could not be read, in words.
    pub notes: Vec<String>,
}

impl JsonLd {
    /// The node the page is about: the first article, else the first page.
    pub fn main(&self) -> Option<&Node> {
        self.best(|_| true)
    }

    /// The first node of the best kind satisfying `want`.
    pub fn best(&self, want: impl Fn(&Node) -> bool) -> Option<&Node> {
        let mut best: Option<&Node> = None;
        for n in self.nodes.iter().filter(|n| want(n)) {
            if best.is_none_or(|b| n.kind < b.kind) {
                best = Some(n);
            }
        }
        best
    }
}

/// Read every block.
pub fn read(blocks: &[String]) -> JsonLd {
    let mut out = JsonLd::default();
    for block in blocks {
        let text = strip_wrappers(block);
        if text.is_empty() {
            continue;
        }
        let value = serde_json::from_str::<Value>(text).or_else(|_| {
            let cleaned: String = text
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            serde_json::from_str::<Value>(&cleaned)
        });
        match value {
            Ok(v) => walk(&v, &mut out),
            Err(e) => {
                let node = by_pattern(text);
                let found = node.published.is_some() || node.modified.is_some();
                out.notes.push(format!(
                    "a JSON-LD block is not valid JSON ({e}){}",
                    if found {
                        ", its dates were read by pattern"
                    } else {
                        ", skipped"
                    }
                ));
                if found {
                    out.nodes.push(node);
                }
            }
        }
    }
    out
}

/// HTML comments and CDATA markers some sites wrap JSON-LD in.
fn strip_wrappers(s: &str) -> &str {
    let mut t = s.trim();
    for (open, close) in [
        ("<!--", "-->"),
        ("<![CDATA[", "]]>"),
        ("//<![CDATA[", "//]]>"),
    ] {
        if let Some(inner) = t.strip_prefix(open) {
            t = inner.trim();
            if let Some(inner) = t.strip_suffix(close) {
                t = inner.trim();
            }
        }
    }
    t.trim_end_matches(';').trim()
}

/// The kind of a node from its `@type` (a string or an array of them).
fn kind_of(ty: Option<&Value>) -> Option<Kind> {
    let names: Vec<&str> = match ty? {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => return None,
    };
    let mut best: Option<Kind> = None;
    for name in names {
        // "http://schema.org/NewsArticle", "schema:NewsArticle"
        let short = name.rsplit(['/', ':', '#']).next().unwrap_or(name);
        let k = if short.ends_with("Article")
            || matches!(
                short,
                "BlogPosting"
                    | "LiveBlogPosting"
                    | "SocialMediaPosting"
                    | "DiscussionForumPosting"
                    | "Report"
                    | "PressRelease"
                    | "Blog"
            ) {
            Kind::Article
        } else if short.ends_with("Page") {
            Kind::Page
        } else {
            Kind::Other
        };
        best = Some(best.map_or(k, |b| b.min(k)));
    }
    best
}

fn text_of(v: Option<&Value>) -> Option<String> {
    let s = match v? {
        Value::String(s) => s.trim().to_string(),
        Value::Array(a) => return a.iter().find_map(|x| text_of(Some(x))),
        Value::Object(o) => return text_of(o.get("@value")),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// Names in an `author`/`publisher` value: a string, an object with a
/// `name` (or an `@id` to resolve), or an array of those.
fn names_in(v: Option<&Value>, ids: &[(String, String)], out: &mut Vec<String>) {
    let Some(v) = v else { return };
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s) => {
                let s = s.trim();
                if !s.is_empty() && !s.starts_with("http") {
                    out.push(s.to_string());
                }
            }
            Value::Array(a) => stack.extend(a.iter().rev()),
            Value::Object(o) => {
                if let Some(name) = text_of(o.get("name")) {
                    out.push(name);
                } else if let Some(id) = o.get("@id").and_then(Value::as_str) {
                    if let Some((_, name)) = ids.iter().find(|(i, _)| i == id) {
                        out.push(name.clone());
                    }
                }
            }
            _ => {}
        }
    }
}

/// Walk one parsed block without recursion.
fn walk(root: &Value, out: &mut JsonLd) {
    // First every @id with a name, for references.
    let mut ids: Vec<(String, String)> = Vec::new();
    let mut stack = vec![root];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(a) => stack.extend(a.iter()),
            Value::Object(o) => {
                if let (Some(id), Some(name)) =
                    (o.get("@id").and_then(Value::as_str), text_of(o.get("name")))
                {
                    ids.push((id.to_string(), name));
                }
                stack.extend(o.values());
            }
            _ => {}
        }
        if ids.len() > 256 {
            break;
        }
    }
    // Then the nodes on the page's own path.
    let mut stack: Vec<&Value> = vec![root];
    let mut nodes = Vec::new();
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(a) => stack.extend(a.iter().rev()),
            Value::Object(o) => {
                let kind = kind_of(o.get("@type"));
                if let Some(kind) = kind {
                    let is_site =
                        matches!(o.get("@type"), Some(Value::String(s)) if s.ends_with("WebSite"));
                    if is_site {
                        if let Some(name) = text_of(o.get("name")) {
                            out.website.get_or_insert(name);
                        }
                    }
                    let mut authors = Vec::new();
                    names_in(o.get("author"), &ids, &mut authors);
                    if authors.is_empty() {
                        names_in(o.get("creator"), &ids, &mut authors);
                    }
                    let mut publisher = Vec::new();
                    names_in(o.get("publisher"), &ids, &mut publisher);
                    let url = text_of(o.get("url")).or_else(|| match o.get("mainEntityOfPage") {
                        Some(Value::Object(m)) => {
                            text_of(m.get("@id")).or_else(|| text_of(m.get("url")))
                        }
                        other => text_of(other),
                    });
                    let headline = text_of(o.get("headline")).or_else(|| {
                        (kind == Kind::Article)
                            .then(|| text_of(o.get("name")))
                            .flatten()
                    });
                    let node = Node {
                        kind,
                        headline,
                        published: text_of(o.get("datePublished")),
                        created: text_of(o.get("dateCreated")),
                        modified: text_of(o.get("dateModified")),
                        uploaded: text_of(o.get("uploadDate")),
                        authors,
                        publisher: publisher.into_iter().next(),
                        url,
                        lang: text_of(o.get("inLanguage")),
                    };
                    let useful = node.published.is_some()
                        || node.created.is_some()
                        || node.modified.is_some()
                        || node.uploaded.is_some()
                        || kind != Kind::Other;
                    if useful {
                        nodes.push(node);
                    }
                }
                // Only these lead to the page's own nodes.
                for key in ["mainEntity", "mainEntityOfPage", "@graph"] {
                    if let Some(child @ (Value::Object(_) | Value::Array(_))) = o.get(key) {
                        stack.push(child);
                    }
                }
            }
            _ => {}
        }
        if nodes.len() > 64 {
            break;
        }
    }
    out.nodes.extend(nodes);
}

/// `"key": "value"` read by pattern from a block that is not JSON.
fn pattern_value(text: &str, key: &str) -> Option<String> {
    let needle = format!("\"{key}\"");
    let at = text.find(&needle)? + needle.len();
    let rest = text[at..].trim_start().strip_prefix(':')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    let end = rest.find('"')?;
    let v = rest[..end].trim();
    (!v.is_empty() && v.len() < 200).then(|| v.to_string())
}

fn by_pattern(text: &str) -> Node {
    Node {
        kind: Kind::Unknown,
        headline: pattern_value(text, "headline"),
        published: pattern_value(text, "datePublished"),
        created: pattern_value(text, "dateCreated"),
        modified: pattern_value(text, "dateModified"),
        uploaded: None,
        authors: Vec::new(),
        publisher: None,
        url: None,
        lang: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_and_references() {
        let block = r#"{"@context":"https://schema.org","@graph":[
          {"@type":"WebSite","@id":"https://ex.com/#site","name":"Example Times"},
          {"@type":"WebPage","@id":"https://ex.com/a","datePublished":"2019-11-18T08:00:00+00:00"},
          {"@type":["NewsArticle"],"headline":"A headline","datePublished":"2019-11-19T10:48:00-05:00",
           "dateModified":"2019-11-20T09:00:00-05:00","author":{"@id":"https://ex.com/#/person/1"},
           "publisher":{"@type":"Organization","name":"Example Times"},
           "mainEntityOfPage":{"@id":"https://ex.com/a"},
           "hasPart":{"@type":"NewsArticle","datePublished":"2001-01-01"}},
          {"@type":"Person","@id":"https://ex.com/#/person/1","name":"Anna Muster"}]}"#;
        let ld = read(&[block.to_string()]);
        let main = ld.main().expect("an article");
        assert_eq!(main.kind, Kind::Article);
        assert_eq!(main.published.as_deref(), Some("2019-11-19T10:48:00-05:00"));
        assert_eq!(main.authors, ["Anna Muster"]);
        assert_eq!(main.publisher.as_deref(), Some("Example Times"));
        assert_eq!(main.url.as_deref(), Some("https://ex.com/a"));
        assert_eq!(ld.website.as_deref(), Some("Example Times"));
        // The nested article (hasPart) is not the page's.
        assert!(ld
            .nodes
            .iter()
            .all(|n| n.published.as_deref() != Some("2001-01-01")));
    }

    #[test]
    fn malformed_blocks_are_survived() {
        let raw_newline =
            "{\"@type\":\"Article\",\"headline\":\"Two\nlines\",\"datePublished\":\"2019-11-19\"}";
        let ld = read(&[raw_newline.to_string()]);
        assert_eq!(
            ld.main().and_then(|n| n.published.as_deref()),
            Some("2019-11-19")
        );
        assert!(ld.notes.is_empty());
        let broken = r#"{"@type":"Article", "datePublished": "2019-11-19T10:00:00Z",, }"#;
        let ld = read(&[broken.to_string()]);
        assert_eq!(ld.nodes.len(), 1);
        assert_eq!(ld.nodes[0].kind, Kind::Unknown);
        assert_eq!(ld.notes.len(), 1, "{:?}", ld.notes);
        let hopeless = read(&["{{{".to_string(), "<!-- -->".to_string()]);
        assert!(hopeless.nodes.is_empty());
    }
}
