//! Guards every request passes before it is routed: limits that must hold
//! before a body is read.
//!
//! - A declared `Content-Length` over [`Config::max_body`](crate::Config::max_body)
//!   gets 413 at once, before any of the body is read.
//! - Errors are JSON under `/api/` and small pages elsewhere, as everywhere.

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::AppState;

/// The guard middleware (see the module documentation).
pub(crate) async fn guard(State(st): State<AppState>, req: Request, next: Next) -> Response {
    match check(&st, &req) {
        Ok(()) => next.run(req).await,
        Err(e) => answer(req.uri().path(), e),
    }
}

fn check(st: &AppState, req: &Request) -> Result<(), ApiError> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > st.max_body as u64) {
        return Err(ApiError::TooLarge(st.max_body));
    }
    Ok(())
}

/// An error as the part of the site it concerns shows errors.
pub(crate) fn answer(path: &str, e: ApiError) -> Response {
    if path == "/api" || path.starts_with("/api/") {
        e.into_response()
    } else {
        crate::pages::error_page(&e)
    }
}
