//! The JSON API under `/api/` (described in `openapi.json`).

use axum::body::Body;
use axum::body::Bytes;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use storyline_store::StoryLookup;

use crate::cache::Lookup;
use crate::error::ApiError;
use crate::{params, AppState};

type ApiResult = Result<Response, ApiError>;

pub(crate) fn query_pairs(
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Vec<(String, String)>, ApiError> {
    q.map(|Query(pairs)| pairs)
        .map_err(|e| ApiError::BadRequest(format!("malformed query string: {e}")))
}

/// The `{id}` of a path; one that does not decode (`%FF`) is a bad request.
pub(crate) fn path_id(id: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    id.map(|Path(id)| id)
        .map_err(|e| ApiError::BadRequest(format!("malformed id in the path: {e}")))
}

/// `GET /api/health`: schema version and counts.
pub(crate) async fn health(State(st): State<AppState>) -> ApiResult {
    let h = st.readers.run(|s| s.health()).await?;
    Ok(Json(json!({
        "status": "ok",
        "schema_version": h.schema_version,
        "articles": h.articles,
        "stories": h.stories,
    }))
    .into_response())
}

/// `GET /api/openapi.json`: the API description.
pub(crate) async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], crate::OPENAPI).into_response()
}

/// `GET /api/stories`: a page of stories.
pub(crate) async fn list_stories(
    State(st): State<AppState>,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult {
    let pairs = query_pairs(q)?;
    let query = params::story_query(&pairs).map_err(ApiError::BadRequest)?;
    let cache_key = format!("api {query:?}");
    let _making = match st.cache.lookup(&cache_key).await {
        Lookup::Hit(body) => return Ok(json_bytes(body)),
        Lookup::Miss(guard) => guard,
    };
    let generation = st.cache.generation();
    let page = st.readers.run(move |s| s.list_stories(&query)).await?;
    let body =
        serde_json::to_vec(&page).map_err(|e| ApiError::Internal(format!("story list: {e}")))?;
    let body = Bytes::from(body);
    st.cache.put(&cache_key, generation, body.clone());
    Ok(json_bytes(body))
}

/// A JSON body already serialized.
fn json_bytes(body: Bytes) -> Response {
    let mut resp = Response::new(body.into());
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    resp
}

/// `GET /api/stories/{id}`: one story; a merged story's old id answers 308
/// with `Location` and `{"moved_to": id}`.
pub(crate) async fn story(
    State(st): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> ApiResult {
    let id = path_id(id)?;
    let key = id.clone();
    match st.readers.run(move |s| s.story_detail(&key)).await? {
        // As JSON through `Value`: keys sorted, the bytes the API has always served.
        Some(StoryLookup::Found(story)) => Ok(Json(story.to_json()).into_response()),
        Some(StoryLookup::Moved(to)) => {
            let location = format!("/api/stories/{}", crate::html::enc(&to));
            Ok(moved(&location, json!({ "moved_to": to })))
        }
        None => Err(ApiError::NotFound(format!("no story {id:?}"))),
    }
}

/// A 308 Permanent Redirect to `location` with a JSON body.
pub(crate) fn moved(location: &str, body: Value) -> Response {
    let mut resp = (StatusCode::PERMANENT_REDIRECT, Json(body)).into_response();
    if let Ok(v) = header::HeaderValue::from_str(location) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    resp
}

/// `GET /api/articles/{id}`: one article with its spans.
pub(crate) async fn article(
    State(st): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> ApiResult {
    let id = path_id(id)?;
    let key = id.clone();
    match st.readers.run(move |s| s.article_detail(&key)).await? {
        Some(article) => Ok(Json(article.to_json()).into_response()),
        None => Err(ApiError::NotFound(format!("no article {id:?}"))),
    }
}

/// `POST /api/articles`: ingest one article object or an array of them.
pub(crate) async fn post_articles(State(st): State<AppState>, body: Body) -> ApiResult {
    let body = match tokio::time::timeout(st.body_timeout, read_body(body, st.max_body)).await {
        Ok(read) => read?,
        Err(_) => {
            return Err(ApiError::Timeout(format!(
                "the body did not arrive within {} s",
                st.body_timeout.as_secs_f64()
            )))
        }
    };
    let (articles, warnings) = articles_from_json(&body).map_err(ApiError::BadRequest)?;
    let Some(writer) = st.writer.clone() else {
        return Err(crate::guard::read_only());
    };
    let writer = writer.lock_owned().await;
    let _ingesting = st.throttle.ingesting();
    let quiet = st.readers.quiet().await;
    // A client that leaves drops this handler (hyper notices the closed
    // connection while it waits): the guard then cancels the ingest, which
    // rolls back at its next stage instead of holding the writer for nobody.
    let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let _cancel_when_gone = CancelOnDrop(cancel.clone());
    let joined = tokio::task::spawn_blocking(move || {
        let mut store = writer;
        store.ingest_cancellable(articles, &cancel)
    })
    .await;
    drop(quiet);
    // Whatever happened, pages rendered before are no longer to be trusted.
    st.cache.invalidate();
    let report = match joined {
        Ok(r) => r?,
        Err(e) => return Err(ApiError::Internal(format!("ingest failed: {e}"))),
    };
    let stories: Vec<Option<String>> = report.placed.iter().map(|p| p.story.clone()).collect();
    let mut body = serde_json::to_value(&report)
        .map_err(|e| ApiError::Internal(format!("ingest report: {e}")))?;
    if let Value::Object(map) = &mut body {
        map.insert("stories".into(), json!(stories));
        map.insert("warnings".into(), json!(warnings));
    }
    Ok((StatusCode::OK, Json(body)).into_response())
}

/// A request body of at most `limit` bytes (the guard has refused a larger
/// declared length; this catches a chunked one). The caller bounds the time.
async fn read_body(mut body: Body, limit: usize) -> Result<Vec<u8>, ApiError> {
    use http_body_util::BodyExt as _;
    let mut out = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame =
            frame.map_err(|e| ApiError::BadRequest(format!("could not read the body: {e}")))?;
        if let Ok(data) = frame.into_data() {
            if out.len() + data.len() > limit {
                return Err(ApiError::TooLarge(limit));
            }
            out.extend_from_slice(&data);
        }
    }
    Ok(out)
}

/// Sets its flag when dropped: with the handler, when the client has gone.
struct CancelOnDrop(std::sync::Arc<std::sync::atomic::AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Articles from a JSON body: one object or an array of objects with the
/// fields of a JSONL input line (`id`, `title`, `text` or `html`, `source`,
/// `url`, `published`, `lang`). Each object goes through the library's JSONL
/// reader, so the API reads articles exactly as `storyline ingest` does (a
/// raw page in `html` is extracted as an `.html` file is), except that input
/// problems are refused instead of repaired: no `text` or `html`, a page
/// without an article, a `published` that is not a date, a field of the wrong
/// type. What extraction could not find (a page without a date) comes back as
/// warnings beside the articles. An article without `id` gets one derived
/// from its text or page (`a` + 16 hex digits), so posting the same one twice
/// names it the same way.
pub fn articles_from_json(body: &[u8]) -> Result<(Vec<storyline::Article>, Vec<String>), String> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| format!("body is not valid JSON: {e}"))?;
    let items = match value {
        Value::Array(items) => items,
        obj @ Value::Object(_) => vec![obj],
        _ => return Err("body must be an article object or an array of them".into()),
    };
    if items.is_empty() {
        return Err("no articles in the body".into());
    }
    let mut lines = String::new();
    for (i, mut item) in items.into_iter().enumerate() {
        let Value::Object(map) = &mut item else {
            return Err(format!("article {i}: not a JSON object"));
        };
        for key in ["id", "title", "source", "url", "published", "html", "lang"] {
            match map.get(key) {
                None | Some(Value::Null | Value::String(_)) => {}
                Some(Value::Number(_)) if key == "id" => {}
                Some(_) => return Err(format!("article {i}: field {key:?} must be a string")),
            }
        }
        if map.get("published") == Some(&Value::Null) {
            map.remove("published");
        }
        if let Some(Value::String(p)) = map.get("published") {
            if storyline::ingest::parse_published(p).is_none() {
                return Err(format!(
                    "article {i}: unrecognised \"published\" value {p:?}"
                ));
            }
        }
        let has_id = matches!(map.get("id"), Some(Value::String(s)) if !s.trim().is_empty())
            || matches!(map.get("id"), Some(Value::Number(_)));
        if !has_id {
            let body = match (map.get("text"), map.get("html")) {
                (Some(Value::String(text)), _) | (None, Some(Value::String(text))) => Some(text),
                _ => None,
            };
            if let Some(text) = body {
                let id = format!("a{:016x}", storyline::text::hash_str(text));
                map.insert("id".into(), Value::String(id));
            }
        }
        let line = serde_json::to_string(&item).map_err(|e| format!("article {i}: {e}"))?;
        lines.push_str(&line);
        lines.push('\n');
    }
    let (mut articles, diags) = storyline::ingest::parse_jsonl("api", lines.as_bytes());
    let which = |d: &storyline::Diagnostic| {
        // JSONL lines are numbered from 1; articles from 0.
        d.line
            .map_or(String::new(), |l| format!("article {}: ", l - 1))
    };
    let (errors, warnings): (Vec<_>, Vec<_>) = diags
        .iter()
        .partition(|d| d.severity == storyline::Severity::Error);
    if let Some(d) = errors.first() {
        let which = which(d);
        let msg = d
            .message
            .trim_end_matches(", line skipped")
            .trim_end_matches(", ignored");
        return Err(format!("{which}{msg}"));
    }
    let mut seen = std::collections::HashSet::new();
    for a in &articles {
        if !seen.insert(a.id.as_str()) {
            return Err(format!("article id {:?} appears twice in the body", a.id));
        }
    }
    for a in &mut articles {
        a.origin.line = None;
        a.provenance.format = a.provenance.format.replacen("jsonl", "api", 1);
    }
    let warnings = warnings
        .iter()
        .map(|d| format!("{}{}", which(d), d.message))
        .collect();
    Ok((articles, warnings))
}

/// Unknown paths under `/api/`.
pub(crate) async fn not_found() -> ApiError {
    ApiError::NotFound("no such endpoint; see /api/openapi.json".into())
}

/// A known path with the wrong method.
pub(crate) async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod tests {
    use super::*;

    #[test]
    fn one_object_or_an_array() {
        let one = articles_from_json(
            br#"{"id":"x1","title":"T","text":"Body text.","source":"Wire","url":"https://e.org/1","published":"2016-09-05"}"#,
        )
        .unwrap()
        .0;
        assert_eq!(one.len(), 1);
        let a = &one[0];
        assert_eq!(
            (a.id.as_str(), a.title.as_str(), a.text.as_str()),
            ("x1", "T", "Body text.")
        );
        assert_eq!(a.source.as_deref(), Some("Wire"));
        assert_eq!(a.url.as_deref(), Some("https://e.org/1"));
        assert_eq!(a.published.unwrap().to_string(), "2016-09-05");
        let many = articles_from_json(
            br#"[{"id":"a","text":"One."},{"id":"b","text":"Two.","published":null}]"#,
        )
        .unwrap()
        .0;
        assert_eq!(
            many.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
        // Without a title the first line stands in, as for JSONL input.
        assert_eq!(many[0].title, "One.");
    }

    #[test]
    fn missing_id_comes_from_the_text() {
        let a = articles_from_json(br#"{"text":"Same text."}"#).unwrap().0;
        let b = articles_from_json(br#"[{"text":"Same text."}]"#).unwrap().0;
        assert_eq!(a[0].id, b[0].id);
        assert!(a[0].id.starts_with('a') && a[0].id.len() == 17);
        let c = articles_from_json(br#"{"text":"Other text."}"#).unwrap().0;
        assert_ne!(a[0].id, c[0].id);
    }

    #[test]
    fn a_raw_page_is_extracted_and_what_is_missing_comes_back_as_a_warning() {
        let page = r#"<html><head><title>Tram line approved | City Record</title>
<meta property="og:site_name" content="City Record"></head><body><nav><a href="/">Home</a></nav>
<article><h1>Tram line approved</h1>
<p>The city council approved the extension of the tram line to the harbour on Tuesday, after a debate that lasted more than ten years.</p>
<p>Construction is to begin next spring and to take three years, the transport department said in a statement after the vote.</p>
<p>Opponents said the 40 million euro cost was too high for a line that will carry fewer passengers than the buses it replaces.</p>
</article></body></html>"#;
        let body = serde_json::json!({"url": "https://record.example/tram", "html": page, "published": "2025-03-11"});
        let (articles, warnings) = articles_from_json(body.to_string().as_bytes()).unwrap();
        let a = &articles[0];
        assert!(a.text.contains("approved the extension") && !a.text.contains("Home"));
        assert_eq!(a.source.as_deref(), Some("City Record"));
        assert_eq!(a.url.as_deref(), Some("https://record.example/tram"));
        assert_eq!(a.provenance.format, "api+html");
        // The explicit date wins over the page (which has none), and says so.
        assert_eq!(a.provenance.source_of("published"), Some("jsonl"));
        assert_eq!(a.published.unwrap().to_string(), "2025-03-11");
        assert!(a.id.starts_with('a'));
        assert!(
            warnings.iter().all(|w| w.starts_with("article 0: ")),
            "{warnings:?}"
        );
        // Without the date, the page's lack of one is a warning, not a refusal.
        let body = serde_json::json!({"html": page});
        let (_, warnings) = articles_from_json(body.to_string().as_bytes()).unwrap();
        assert!(
            warnings.iter().any(|w| w.contains("no publication date")),
            "{warnings:?}"
        );
        // A page with no article is refused.
        let body = serde_json::json!({"html": "<html><body><nav>Home</nav></body></html>"});
        let err = articles_from_json(body.to_string().as_bytes()).unwrap_err();
        assert!(err.contains("article 0: no article text"), "{err}");
    }

    #[test]
    fn bad_bodies_are_refused_with_a_reason() {
        for (body, needle) in [
            (&b"not json"[..], "not valid JSON"),
            (b"42", "article object"),
            (b"[]", "no articles"),
            (b"[1]", "article 0: not a JSON object"),
            (
                br#"[{"id":"a","text":"x"},{"id":"b"}]"#,
                "article 1: missing field \"text\" (or \"html\")",
            ),
            (br#"{"id":"a","text":"   "}"#, "empty"),
            (br#"{"id":"a","text":7}"#, "not a string"),
            (
                br#"{"id":"a","text":"x","title":["t"]}"#,
                "\"title\" must be a string",
            ),
            (
                br#"{"id":"a","text":"x","published":"yesterday"}"#,
                "published",
            ),
            (
                br#"[{"id":"a","text":"x"},{"id":"a","text":"y"}]"#,
                "appears twice",
            ),
        ] {
            let err = articles_from_json(body).unwrap_err();
            assert!(err.contains(needle), "{err:?} lacks {needle:?}");
        }
    }
}
