//! Page metadata: headline, outlet, canonical URL, authors, language and
//! dates, each with where it was found.

use dom_query::Document;

use super::{date, Field, PageInfo};
use crate::model::Published;

/// What a page says about itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageMeta {
    /// The headline, without a site suffix ("… | TheHill").
    pub title: Option<Field<String>>,
    /// The outlet: `og:site_name`, a JSON-LD publisher, else the host.
    pub site_name: Option<Field<String>>,
    /// The canonical URL: `link rel=canonical`, `og:url`, JSON-LD `url`.
    pub url: Option<Field<String>>,
    /// Authors as the page names them.
    pub authors: Option<Field<Vec<String>>>,
    /// The declared language (`<html lang>`, `og:locale`, `content-language`).
    pub lang: Option<Field<String>>,
    /// When the article was first published.
    pub published: Option<Field<Published>>,
    /// When it was last modified.
    pub modified: Option<Field<Published>>,
    /// What was found but not used, and why (an implausible date), in words
    /// for a diagnostic.
    pub notes: Vec<String>,
}

/// Read the metadata of a parsed page.
pub fn read(doc: &Document, info: &PageInfo) -> PageMeta {
    let mut meta = PageMeta::default();
    let title = doc.select("title").text().trim().to_string();
    if !title.is_empty() {
        meta.title = Some(Field::new(title, "title-tag"));
    }
    let og = |prop: &str| {
        let v = doc
            .select(&format!(r#"meta[property="{prop}"]"#))
            .attr("content")
            .map(|c| c.trim().to_string());
        v.filter(|c| !c.is_empty())
    };
    if let Some(site) = og("og:site_name") {
        meta.site_name = Some(Field::new(site, "opengraph"));
    }
    let lang = doc
        .select("html")
        .attr("lang")
        .map(|l| l.trim().to_string());
    if let Some(lang) = lang.filter(|l| !l.is_empty()) {
        meta.lang = Some(Field::new(lang, "html-lang"));
    }
    let dates = date::find(doc, info);
    meta.published = dates.published;
    meta.modified = dates.modified;
    meta.notes.extend(dates.notes);
    meta
}
