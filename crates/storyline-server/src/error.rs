//! Errors of a request and the status codes they map to, in one place.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// Why a request failed. Turned into a response by [`IntoResponse`]: JSON
/// `{"error": "..."}` (the API); the pages wrap the same message in HTML.
#[derive(Debug)]
pub enum ApiError {
    /// The request was malformed (bad date, bad page number, bad JSON...): 400.
    BadRequest(String),
    /// No such story, article or endpoint: 404.
    NotFound(String),
    /// The method is not allowed on this path: 405.
    MethodNotAllowed,
    /// The body exceeded the configured limit (or declared it would): 413.
    TooLarge(usize),
    /// The client took longer than allowed to send the body: 408.
    Timeout(String),
    /// A write without the write token, or a wrong one: 401.
    Unauthorized(String),
    /// A write this server refuses (another origin, no token on a
    /// non-loopback listener): 403.
    Forbidden(String),
    /// A body that is not declared `application/json`: 415.
    UnsupportedMediaType(String),
    /// The request target (path and query) is longer than this server
    /// reads (the limit in bytes): 414.
    UriTooLong(usize),
    /// The request's header fields add up to more than this server reads
    /// (the limit in bytes): 431.
    HeadersTooLarge(usize),
    /// A `Host` this server does not answer for (DNS rebinding): 421.
    MisdirectedRequest(String),
    /// Writes are impossible (a read-only database): 503.
    Unavailable(String),
    /// The store failed, or a handler panicked: 500.
    Internal(String),
}

impl ApiError {
    /// The HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Timeout(_) => StatusCode::REQUEST_TIMEOUT,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::UriTooLong(_) => StatusCode::URI_TOO_LONG,
            ApiError::HeadersTooLarge(_) => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            ApiError::MisdirectedRequest(_) => StatusCode::MISDIRECTED_REQUEST,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The message shown to the client.
    pub fn message(&self) -> String {
        match self {
            ApiError::BadRequest(m)
            | ApiError::NotFound(m)
            | ApiError::Timeout(m)
            | ApiError::Unauthorized(m)
            | ApiError::Forbidden(m)
            | ApiError::UnsupportedMediaType(m)
            | ApiError::MisdirectedRequest(m)
            | ApiError::Unavailable(m) => m.clone(),
            ApiError::MethodNotAllowed => "method not allowed on this path".into(),
            ApiError::TooLarge(limit) => format!("request body larger than {limit} bytes"),
            ApiError::UriTooLong(limit) => {
                format!("request target (path and query) longer than {limit} bytes")
            }
            ApiError::HeadersTooLarge(limit) => {
                format!("request header fields larger than {limit} bytes in all")
            }
            ApiError::Internal(m) => format!("internal error: {m}"),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.status(), self.message())
    }
}

impl From<storyline_store::StoreError> for ApiError {
    fn from(e: storyline_store::StoreError) -> Self {
        ApiError::Internal(e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(m) = &self {
            // The operator needs to see these; clients get the message too.
            eprintln!("storyline-server: internal error: {m}");
        }
        let body = serde_json::json!({ "error": self.message() });
        (self.status(), axum::Json(body)).into_response()
    }
}
