//! The JSON form of an article's provenance: written by the report, the
//! extract command and the story database, and read back by the JSON Lines
//! reader and the database.

use serde::Serialize;

/// How an article was read (see [`crate::model::Provenance`]). Also read
/// back: by the JSON Lines reader (`storyline extract` writes it) and by the
/// story database.
#[derive(Debug, Serialize, serde::Deserialize)]
pub struct JsonProvenance {
    /// The reader: `txt`, `jsonl`, `html`, `warc`, `rss`, `atom`, `json-feed`, ...
    #[serde(default)]
    pub format: String,
    /// The main-text extractor of a web page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extractor: Option<String>,
    /// For each metadata field, where its value came from (`json-ld`,
    /// `opengraph`, `meta:<name>`, `time`, `url`, `text`, `feed`, ...).
    #[serde(default)]
    pub sources: std::collections::BTreeMap<String, String>,
    /// When the page says it was last modified (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
    /// Authors as the page names them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// When a crawler fetched the page (`WARC-Date`), never a publication time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crawled: Option<String>,
    /// Only a teaser: a feed item without its full text.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub teaser: bool,
}

impl JsonProvenance {
    /// The JSON form of `p`.
    pub fn of(p: &crate::model::Provenance) -> JsonProvenance {
        JsonProvenance {
            format: p.format.clone(),
            extractor: p.extractor.clone(),
            sources: p.sources.iter().cloned().collect(),
            modified: p.modified.map(|m| m.to_string()),
            authors: p.authors.clone(),
            crawled: p.crawled.map(|c| c.to_string()),
            teaser: p.teaser,
        }
    }

    /// Back to the library's form; times that do not parse are dropped.
    pub fn to_provenance(&self) -> crate::model::Provenance {
        crate::model::Provenance {
            format: self.format.clone(),
            extractor: self.extractor.clone(),
            sources: self
                .sources
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            modified: self.modified.as_deref().and_then(super::parse_published),
            authors: self.authors.clone(),
            crawled: self.crawled.as_deref().and_then(|c| c.parse().ok()),
            teaser: self.teaser,
        }
    }
}
