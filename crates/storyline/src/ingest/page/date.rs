//! When was a page published? Candidates from structured data, meta tags,
//! `<time>` elements, the URL and the visible text, in a documented order.

use dom_query::Document;

use super::{Field, PageInfo};
use crate::model::Published;

/// The dates of one page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageDates {
    /// First publication.
    pub published: Option<Field<Published>>,
    /// Last modification.
    pub modified: Option<Field<Published>>,
    /// Dates found and rejected, with the reason, for diagnostics.
    pub notes: Vec<String>,
}

/// Find the publication and modification dates of a parsed page.
pub fn find(doc: &Document, info: &PageInfo) -> PageDates {
    let _ = (doc, info);
    PageDates::default()
}
