//! # storyline
//!
//! Turns a pile of news articles into stories: which articles report the same
//! event, which sentences were copied from which outlet (also when words were
//! swapped), who published first, and a short extractive summary per story in
//! which every sentence cites every article that carries it.
//!
//! The pipeline runs in one direction over plain data; each stage is a module:
//!
//! | stage | module | in → out |
//! |---|---|---|
//! | ingest | [`ingest`] | files → [`Article`]s + [`Diagnostic`]s |
//! | clean | [`clean`] | text → kept paragraphs + removed lines with a reason |
//! | lex | [`tokens`] | text → lexemes, the one tokenizer: every stage below assembles its words from them |
//! | segment | [`segment`] | paragraph → sentence spans |
//! | fingerprint | [`fingerprint`] | sentence → terms, shingles, LSH keys |
//! | copies | [`copies`] | fingerprints → copy groups, first carrier |
//! | stories | [`stories`] | article vectors → stories |
//! | summarize | [`summarize`] | story → cited summary within a word budget |
//! | extract | [`extract`] ([`entities`], [`quotes`], [`dates`]) | article → names, attributions, dated expressions; story → entities, quotes, timeline |
//! | report | [`report`] | digest → Markdown, JSON, HTML |
//!
//! ```
//! use storyline::{digest, Article, Config, report};
//!
//! let articles = vec![
//!     Article::new("a", "Ferries collide", "Two ferries collided in fog off Port Avalen on Friday, injuring eleven people, the coastguard said.\nAdvertisement"),
//!     Article::new("b", "Fog crash", "Two ferries collided in fog off Port Avalen on Friday, injuring eleven people, the coastguard stated."),
//! ];
//! let d = digest(articles, &Config::default());
//! assert_eq!(d.stories.len(), 1);
//! assert_eq!(d.copy_groups.len(), 1); // "said" → "stated" is still a copy
//! let md = report::render(&d, report::Format::Markdown).unwrap();
//! assert!(!md.contains("- Advertisement"));
//! ```

#![warn(missing_docs)]

pub mod clean;
pub mod cluster;
pub mod copies;
pub mod dates;
pub mod entities;
pub mod error;
pub mod extract;
pub mod fingerprint;
pub mod incremental;
pub mod ingest;
pub mod lang;
pub mod learned;
pub mod lexicon;
pub mod model;
pub mod pipeline;
pub mod quotes;
pub mod report;
pub mod segment;
pub mod stories;
pub mod story_parts;
pub mod summarize;
pub mod synth;
pub mod text;
pub mod tokens;

pub use error::{Error, Result};
pub use lang::Language;
pub use model::{Article, Diagnostic, Origin, Published, Sentence, Severity};
pub use pipeline::{digest, digest_grouped, Config, Digest, Grouping, Story};
