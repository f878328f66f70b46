//! `storyline._native`: the storyline library as a Python extension module.
//!
//! Glue only, like the CLI: read articles, call the library with the same
//! configuration as the matching `storyline` subcommand, and hand back the
//! result as the JSON text the CLI would print (the Python package parses it,
//! so Python sees exactly the CLI's report). The GIL is released while Rust
//! works.
//!
//! Articles arrive either as paths (read as `storyline digest PATH...` reads
//! them) or as JSON Lines bytes that the Python package wrote from the
//! caller's dicts after checking their types; those are read by the
//! library's JSON Lines reader, so a per-article problem (an empty text, a
//! title too long, a repeated id) becomes a diagnostic exactly as in a
//! `.jsonl` file.

use std::path::PathBuf;
use std::sync::Mutex;

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use serde_json::{json, Value};
use storyline::report::{self, JsonReport};
use storyline::{ingest, Article, Config, Diagnostic, Grouping, Language};
use storyline_store::{Sort, Store, StoryLookup, StoryQuery};

create_exception!(
    _native,
    StoreError,
    PyException,
    "The story database failed (SQLite error, a database from a newer storyline, a corrupt value)."
);

/// Where the articles come from: JSON Lines written by the Python package
/// (with the name its diagnostics give as the file), or paths.
enum Input<'a> {
    Jsonl { name: &'a str, bytes: &'a [u8] },
    Paths(Vec<PathBuf>),
}

impl<'a> Input<'a> {
    fn new(jsonl: Option<&'a [u8]>, paths: Option<Vec<PathBuf>>, name: &'a str) -> PyResult<Self> {
        match (jsonl, paths) {
            (Some(bytes), None) => Ok(Input::Jsonl { name, bytes }),
            (None, Some(paths)) => Ok(Input::Paths(paths)),
            _ => Err(PyValueError::new_err(
                "give either JSON Lines bytes or paths, not both or neither",
            )),
        }
    }

    /// Read the articles as the CLI does (`storyline-cli/src/io.rs`,
    /// `read_articles`): every file in name order, then repeated ids renamed.
    fn read(&self) -> (Vec<Article>, Vec<Diagnostic>) {
        let (mut articles, mut diags) = match self {
            Input::Jsonl { name, bytes } => ingest::parse_jsonl(name, bytes),
            Input::Paths(paths) => {
                let (files, mut diags) = ingest::discover(paths);
                let mut articles = Vec::new();
                for file in &files {
                    let (mut a, d) = ingest::read_file(file);
                    articles.append(&mut a);
                    diags.extend(d);
                }
                (articles, diags)
            }
        };
        ingest::dedupe_ids(&mut articles, &mut diags);
        (articles, diags)
    }
}

/// `auto` (detect) or a language storyline knows, as the CLI's `--lang`.
fn parse_lang(s: &str) -> PyResult<Option<Language>> {
    if s.eq_ignore_ascii_case("auto") {
        return Ok(None);
    }
    Language::parse(s).map(Some).ok_or_else(|| {
        let known: Vec<String> = Language::all().map(|(c, n)| format!("{c} ({n})")).collect();
        PyValueError::new_err(format!(
            "unknown language {s:?}; use \"auto\" or one of: {}",
            known.join(", ")
        ))
    })
}

/// The pipeline settings of `--lang` and `--words`, as the CLI builds them.
fn config(words: usize, lang: &str) -> PyResult<Config> {
    if !(1..=100_000).contains(&words) {
        return Err(PyValueError::new_err(format!(
            "words must be between 1 and 100000, not {words}"
        )));
    }
    let mut cfg = Config {
        language: parse_lang(lang)?,
        ..Config::default()
    };
    cfg.summary.max_words = words;
    Ok(cfg)
}

fn parse_published(s: Option<&str>) -> PyResult<Option<storyline::Published>> {
    s.map(|s| {
        ingest::parse_published(s).ok_or_else(|| {
            PyValueError::new_err(format!(
                "published {s:?} is not a date (expected YYYY-MM-DD or RFC 3339)"
            ))
        })
    })
    .transpose()
}

/// Why nothing could be read, with the first problems met.
fn nothing_read(diags: &[Diagnostic]) -> String {
    let mut msg = String::from("no article could be read");
    if !diags.is_empty() {
        msg.push_str(": ");
        let shown: Vec<String> = diags.iter().take(5).map(|d| d.to_string()).collect();
        msg.push_str(&shown.join("; "));
        if diags.len() > 5 {
            msg.push_str(&format!("; and {} more", diags.len() - 5));
        }
    }
    msg
}

fn json_text(v: &impl serde::Serialize) -> PyResult<String> {
    serde_json::to_string(v).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The JSON report (`storyline digest --format json`) of the articles.
#[pyfunction]
#[pyo3(signature = (jsonl, paths, name, words, lang, stream, published))]
#[allow(clippy::too_many_arguments)]
fn digest(
    py: Python<'_>,
    jsonl: Option<&[u8]>,
    paths: Option<Vec<PathBuf>>,
    name: &str,
    words: usize,
    lang: &str,
    stream: bool,
    published: Option<&str>,
) -> PyResult<String> {
    let input = Input::new(jsonl, paths, name)?;
    let cfg = config(words, lang)?;
    let default_published = parse_published(published)?;
    py.detach(|| {
        let (mut articles, diags) = input.read();
        if articles.is_empty() {
            return Err(nothing_read(&diags));
        }
        if let Some(t) = default_published {
            for a in articles.iter_mut().filter(|a| a.published.is_none()) {
                a.published = Some(t);
            }
        }
        let grouping = if stream {
            Grouping::Stream
        } else {
            Grouping::Batch
        };
        let mut d = storyline::digest_grouped(articles, &cfg, grouping);
        d.diagnostics = diags;
        report::render(&d, report::Format::Json).map_err(|e| e.to_string())
    })
    .map_err(PyValueError::new_err)
}

/// One cited summary of articles taken as one story, as `storyline summarize`
/// makes it for a cluster: the language is the one given, else the majority
/// of the documents'.
#[pyfunction]
#[pyo3(signature = (jsonl, name, words, lang))]
fn summarize(
    py: Python<'_>,
    jsonl: &[u8],
    name: &str,
    words: usize,
    lang: &str,
) -> PyResult<String> {
    let mut cfg = config(words, lang)?;
    // As `storyline summarize`: only the summary is kept, so the extract
    // stage (entities, quotes, dates), whose output never reaches it, is off.
    cfg.extract = false;
    let input = Input::Jsonl { name, bytes: jsonl };
    py.detach(|| {
        let (articles, diags) = input.read();
        if articles.is_empty() {
            return Err(nothing_read(&diags));
        }
        cfg.language = Some(cfg.language.unwrap_or_else(|| {
            Language::detect_majority(articles.iter().map(|a| a.text.as_str()))
        }));
        let all: Vec<usize> = (0..articles.len()).collect();
        let d = storyline::digest_grouped(articles, &cfg, Grouping::Given(vec![all]));
        let sentences: Vec<Value> = d
            .stories
            .first()
            .map(|s| {
                s.summary
                    .iter()
                    .map(|x| {
                        let sent = &d.sentences[x.sentence];
                        json!({
                            "text": d.sentence_text(x.sentence),
                            "article": d.articles[sent.article].id,
                            "start": sent.span.start,
                            "end": sent.span.end,
                            "cites": x.cites.iter().map(|&a| &d.articles[a].id).collect::<Vec<_>>(),
                            "sources": x.cites.iter().map(|&a| d.articles[a].outlet()).collect::<Vec<_>>(),
                            "copy_group": x.copy_group.map(|g| format!("c{}", g + 1)),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let text: Vec<&str> = sentences
            .iter()
            .filter_map(|s| s["text"].as_str())
            .collect();
        let out = json!({
            "summary": text.join("\n"),
            "words": text.iter().map(|t| t.split_whitespace().count()).sum::<usize>(),
            "language": d.language.code(),
            "sentences": sentences,
            "diagnostics": diags.iter().map(diagnostic_json).collect::<Vec<_>>(),
        });
        Ok(out.to_string())
    })
    .map_err(PyValueError::new_err)
}

/// A diagnostic as the JSON report writes it.
fn diagnostic_json(d: &Diagnostic) -> Value {
    json!(report::JsonDiagnostic {
        file: d.path.clone(),
        line: d.line,
        record: d.record,
        severity: d.severity.as_str(),
        message: d.message.clone(),
    })
}

/// Copied sentences and article-level copying, without stories, summaries or
/// extraction: the pipeline's copy stage, reported as the digest reports it.
#[pyfunction]
#[pyo3(signature = (jsonl, paths, name, lang))]
fn copies(
    py: Python<'_>,
    jsonl: Option<&[u8]>,
    paths: Option<Vec<PathBuf>>,
    name: &str,
    lang: &str,
) -> PyResult<String> {
    let input = Input::new(jsonl, paths, name)?;
    let mut cfg = config(100, lang)?;
    cfg.extract = false;
    py.detach(|| {
        let (articles, diags) = input.read();
        if articles.is_empty() {
            return Err(nothing_read(&diags));
        }
        // No stories asked for: the copy stage and publication order only.
        let mut d = storyline::digest_grouped(articles, &cfg, Grouping::Given(Vec::new()));
        d.diagnostics = diags;
        let r = JsonReport::from_digest(&d);
        let out = json!({
            "schema": r.schema,
            "language": r.language,
            "stats": r.stats,
            "copy_groups": r.copy_groups,
            "document_copies": r.document_copies,
            "articles": d.articles.iter().map(|a| json!({
                "id": a.id,
                "file": a.origin.path,
                "line": a.origin.line,
                "title": a.title,
                "source": a.source,
                "published": a.published.map(|p| p.to_string()),
            })).collect::<Vec<_>>(),
            "diagnostics": r.diagnostics,
        });
        Ok(out.to_string())
    })
    .map_err(PyValueError::new_err)
}

/// Entities, quotes and dated expressions of one article: the story
/// extraction of a story of that one article, in the report's schema, with
/// the article's kept sentences and removed lines.
#[pyfunction]
#[pyo3(signature = (jsonl, name, lang))]
fn extract(py: Python<'_>, jsonl: &[u8], name: &str, lang: &str) -> PyResult<String> {
    let cfg = config(100, lang)?;
    let input = Input::Jsonl { name, bytes: jsonl };
    py.detach(|| {
        let (articles, diags) = input.read();
        if articles.len() != 1 {
            return Err(nothing_read(&diags));
        }
        let mut d = storyline::digest_grouped(articles, &cfg, Grouping::Given(vec![vec![0]]));
        d.diagnostics = diags;
        let r = JsonReport::from_digest(&d);
        let (Some(story), Some(article)) = (r.stories.first(), r.articles.first()) else {
            return Err("the article has no text left after cleaning".into());
        };
        let out = json!({
            "language": r.language,
            "entities": story.entities,
            "quotes": story.quotes,
            "timeline": story.timeline,
            "undated_expressions": story.undated_expressions,
            "sentences": article.sentences,
            "removed": article.removed,
            "diagnostics": r.diagnostics,
        });
        Ok(out.to_string())
    })
    .map_err(PyValueError::new_err)
}

fn store_err(e: storyline_store::StoreError) -> PyErr {
    StoreError::new_err(e.to_string())
}

/// An open story database (`storyline ingest` / `storyline serve`).
#[pyclass(name = "Store", module = "storyline._native")]
struct PyStore {
    inner: Mutex<Store>,
    path: String,
}

impl PyStore {
    fn with<T: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&mut Store) -> storyline_store::Result<T> + Send,
    ) -> PyResult<T> {
        py.detach(|| {
            let mut store = self.inner.lock().unwrap_or_else(|e| e.into_inner());
            f(&mut store)
        })
        .map_err(store_err)
    }
}

#[pymethods]
impl PyStore {
    #[new]
    #[pyo3(signature = (path, words, lang))]
    fn new(py: Python<'_>, path: PathBuf, words: usize, lang: &str) -> PyResult<Self> {
        let cfg = config(words, lang)?;
        let shown = path.display().to_string();
        let store = py
            .detach(|| Store::open_with(&path, cfg))
            .map_err(store_err)?;
        Ok(PyStore {
            inner: Mutex::new(store),
            path: shown,
        })
    }

    /// The database file.
    #[getter]
    fn path(&self) -> &str {
        &self.path
    }

    /// Add articles in publication order, `batch` per transaction, as
    /// `storyline ingest` does. JSON: the summed ingest report and the
    /// diagnostics of reading.
    #[pyo3(signature = (jsonl, paths, name, batch, published))]
    #[allow(clippy::too_many_arguments)]
    fn ingest(
        &self,
        py: Python<'_>,
        jsonl: Option<&[u8]>,
        paths: Option<Vec<PathBuf>>,
        name: &str,
        batch: usize,
        published: Option<&str>,
    ) -> PyResult<String> {
        let input = Input::new(jsonl, paths, name)?;
        if batch == 0 {
            return Err(PyValueError::new_err("batch must be at least 1"));
        }
        let default_published = parse_published(published)?;
        let (articles, diags) = py.detach(|| input.read());
        if articles.is_empty() {
            return Err(PyValueError::new_err(nothing_read(&diags)));
        }
        let report = self.with(py, move |store| {
            let mut articles = articles;
            if let Some(t) = default_published {
                for a in articles.iter_mut().filter(|a| a.published.is_none()) {
                    a.published = Some(t);
                }
            }
            // Publication order across batches, as `storyline ingest` orders them.
            let rank = storyline::copies::publication_order(&articles);
            let mut order: Vec<usize> = (0..articles.len()).collect();
            order.sort_by_key(|&i| rank[i]);
            let mut slots: Vec<Option<Article>> = articles.into_iter().map(Some).collect();
            let mut sum = storyline_store::IngestReport::default();
            for chunk in order.chunks(batch) {
                let b: Vec<Article> = chunk.iter().filter_map(|&i| slots[i].take()).collect();
                let r = store.ingest(b)?;
                sum.added += r.added;
                sum.duplicates += r.duplicates;
                sum.placed.extend(r.placed);
                sum.id_clashes.extend(r.id_clashes);
                sum.stories_changed.extend(r.stories_changed);
                sum.redirects.extend(r.redirects);
            }
            sum.stories_changed.sort();
            sum.stories_changed.dedup();
            Ok(sum)
        })?;
        let mut v =
            serde_json::to_value(&report).map_err(|e| PyValueError::new_err(e.to_string()))?;
        v["diagnostics"] = diags.iter().map(diagnostic_json).collect();
        Ok(v.to_string())
    }

    /// A page of stories (`GET /api/stories`), as JSON.
    #[pyo3(signature = (q, from_, to, source, entity, min_articles, sort, page, per_page))]
    #[allow(clippy::too_many_arguments)]
    fn stories(
        &self,
        py: Python<'_>,
        q: Option<String>,
        from_: Option<&str>,
        to: Option<&str>,
        source: Option<String>,
        entity: Option<String>,
        min_articles: Option<usize>,
        sort: &str,
        page: usize,
        per_page: usize,
    ) -> PyResult<String> {
        let day = |what: &str, s: Option<&str>| -> PyResult<Option<jiff::civil::Date>> {
            s.map(|s| {
                s.parse::<jiff::civil::Date>().map_err(|e| {
                    PyValueError::new_err(format!("{what} {s:?} is not a day (YYYY-MM-DD): {e}"))
                })
            })
            .transpose()
        };
        let sort = match sort {
            "covered" => Sort::Covered,
            "recent" => Sort::Recent,
            other => {
                return Err(PyValueError::new_err(format!(
                    "sort must be \"covered\" or \"recent\", not {other:?}"
                )))
            }
        };
        let query = StoryQuery {
            q,
            from: day("from_", from_)?,
            to: day("to", to)?,
            source,
            entity,
            min_articles,
            sort,
            page,
            per_page,
        };
        let page = self.with(py, move |s| s.list_stories(&query))?;
        json_text(&page)
    }

    /// A story by id as JSON (`GET /api/stories/{id}`), following merges
    /// to the story that holds it now; `None` if the id was never given.
    fn story(&self, py: Python<'_>, id: String) -> PyResult<Option<String>> {
        let found = self.with(py, move |s| {
            let mut id = id;
            // Redirects chain at most once per merge; a cycle would be a bug.
            for _ in 0..64 {
                match s.story(&id)? {
                    Some(StoryLookup::Found(v)) => return Ok(Some(v)),
                    Some(StoryLookup::Moved(to)) => id = to,
                    None => return Ok(None),
                }
            }
            Ok(None)
        })?;
        found.map(|v| json_text(&v)).transpose()
    }

    /// An article by id as JSON (`GET /api/articles/{id}`); `None` if unknown.
    fn article(&self, py: Python<'_>, id: String) -> PyResult<Option<String>> {
        let found = self.with(py, move |s| s.article(&id))?;
        found.map(|v| json_text(&v)).transpose()
    }

    /// Every live story with its article ids, in publication order.
    fn story_members(&self, py: Python<'_>) -> PyResult<Vec<(String, Vec<String>)>> {
        self.with(py, |s| s.story_members())
    }

    /// Schema version, article and story counts, as JSON.
    fn health(&self, py: Python<'_>) -> PyResult<String> {
        let h = self.with(py, |s| s.health())?;
        json_text(&h)
    }
}

/// The storyline library, for the `storyline` Python package.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("SCHEMA", report::SCHEMA)?;
    m.add("StoreError", m.py().get_type::<StoreError>())?;
    m.add_function(wrap_pyfunction!(digest, m)?)?;
    m.add_function(wrap_pyfunction!(summarize, m)?)?;
    m.add_function(wrap_pyfunction!(copies, m)?)?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_class::<PyStore>()?;
    Ok(())
}
