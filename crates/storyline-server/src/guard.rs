//! Guards every request passes before it is routed: limits that must hold
//! before a body is read.
//!
//! - A request target (path and query) over [`MAX_URI`] bytes gets 414, and
//!   header fields over [`MAX_HEADERS`] bytes in all get 431, with the same
//!   bodies as every other error. hyper lets longer ones through (its own
//!   limits are higher) so that they are answered here; see `listen`.
//! - A declared `Content-Length` over [`Config::max_body`](crate::Config::max_body)
//!   gets 413 at once, before any of the body is read.
//! - `Host` must name this server: a loopback name (`localhost`,
//!   `127.0.0.1`, `[::1]`) or the address the connection came to, with its
//!   port, or a name of [`Config::allow_hosts`](crate::Config::allow_hosts);
//!   else 421. A web page that rebinds its own DNS name to this machine
//!   cannot read from or write to it.
//! - A write (any method but GET, HEAD, OPTIONS) must come from no other
//!   origin (`Origin`, when sent, names this server; else 403); must carry
//!   `Authorization: Bearer TOKEN` when a write token is set (else 401);
//!   without a token, only connections over loopback may write (else 403);
//!   a POST must declare `Content-Type: application/json` (else 415), which
//!   no HTML form can send.
//! - A write to a database served read-only gets 503.
//! - Errors are JSON under `/api/` and small pages elsewhere, as everywhere.

use axum::extract::{Request, State};
use std::net::{IpAddr, SocketAddr};

use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::listen::LocalAddr;
use crate::AppState;

/// Longest request target (path and query, or the whole absolute-form URI)
/// answered: 8 KiB, as nginx and Apache read by default.
pub(crate) const MAX_URI: usize = 8 * 1024;

/// Most bytes of header fields answered, names and values with their `": "`
/// and line ends counted: 64 KiB.
pub(crate) const MAX_HEADERS: usize = 64 * 1024;

/// The guard middleware (see the module documentation).
pub(crate) async fn guard(State(st): State<AppState>, req: Request, next: Next) -> Response {
    match check(&st, &req) {
        Ok(()) => next.run(req).await,
        Err(e) => {
            let unauthorized = matches!(e, ApiError::Unauthorized(_));
            let mut resp = answer(req.uri().path(), e);
            if unauthorized {
                resp.headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            resp
        }
    }
}

fn check(st: &AppState, req: &Request) -> Result<(), ApiError> {
    if uri_len(req.uri()) > MAX_URI {
        return Err(ApiError::UriTooLong(MAX_URI));
    }
    let header_bytes: usize = req
        .headers()
        .iter()
        .map(|(k, v)| k.as_str().len() + v.len() + 4)
        .sum();
    if header_bytes > MAX_HEADERS {
        return Err(ApiError::HeadersTooLarge(MAX_HEADERS));
    }
    let local = req.extensions().get::<LocalAddr>().map(|l| l.0);
    let host = req
        .uri()
        .authority()
        .map(|a| a.as_str().to_string())
        .or_else(|| {
            req.headers()
                .get(header::HOST)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        });
    if let Some(host) = &host {
        if !host_allowed(host, local, &st.allow_hosts) {
            return Err(ApiError::MisdirectedRequest(format!(
                "this server does not answer for host {host:?} (serve --allow-host adds names)"
            )));
        }
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > st.max_body as u64) {
        return Err(ApiError::TooLarge(st.max_body));
    }
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    if let Some(origin) = req.headers().get(header::ORIGIN) {
        let origin = String::from_utf8_lossy(origin.as_bytes());
        let host = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"));
        if !host.is_some_and(|h| host_allowed(h, local, &st.allow_hosts)) {
            return Err(ApiError::Forbidden(format!(
                "writes from another origin ({origin}) are refused"
            )));
        }
    }
    match &st.write_token {
        Some(token) => {
            let given = req
                .headers()
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "));
            if !given.is_some_and(|g| same(g.trim().as_bytes(), token.as_bytes())) {
                return Err(ApiError::Unauthorized(
                    "writes need the server's write token (Authorization: Bearer TOKEN)".into(),
                ));
            }
        }
        None => {
            if !local.is_some_and(|l| l.ip().to_canonical().is_loopback()) {
                return Err(ApiError::Forbidden(
                    "writes are accepted over loopback only unless the server has a write \
                     token (serve --write-token)"
                        .into(),
                ));
            }
        }
    }
    if st.writer.is_none() {
        return Err(read_only());
    }
    if *req.method() == Method::POST {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"));
        if !json {
            return Err(ApiError::UnsupportedMediaType(
                "the body must be declared Content-Type: application/json".into(),
            ));
        }
    }
    Ok(())
}

/// The length of a request target as the client sent it: the path and
/// query, with the scheme and authority of an absolute-form URI.
fn uri_len(uri: &axum::http::Uri) -> usize {
    let scheme = uri.scheme_str().map_or(0, |s| s.len() + 3);
    let authority = uri.authority().map_or(0, |a| a.as_str().len());
    let rest = uri.path_and_query().map_or(0, |p| p.as_str().len());
    scheme + authority + rest
}

/// The answer to a write when the database is served read-only.
pub(crate) fn read_only() -> ApiError {
    ApiError::Unavailable("the database is read-only: this server cannot store articles".into())
}

/// Whether a `Host` (or an `Origin`'s host) names this server, reached on
/// `local` (unknown: anything goes, there is no listener to compare with).
fn host_allowed(host: &str, local: Option<SocketAddr>, allow: &[String]) -> bool {
    let Some(local) = local else {
        return true;
    };
    let host = host.trim().to_ascii_lowercase();
    let (name, port) = match host.rsplit_once(':') {
        Some((n, p)) if !p.contains(']') => match p.parse::<u16>() {
            Ok(p) => (n, Some(p)),
            Err(_) => return false,
        },
        _ => (host.as_str(), None),
    };
    if allow
        .iter()
        .any(|a| a.eq_ignore_ascii_case(name) || a.eq_ignore_ascii_case(&host))
    {
        return true;
    }
    if port.unwrap_or(80) != local.port() {
        return false;
    }
    let ip = match local.ip().to_canonical() {
        IpAddr::V4(ip) => ip.to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
    };
    matches!(name, "localhost" | "127.0.0.1" | "[::1]") || name == ip
}

/// Equal, in a time that does not depend on where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// An error as the part of the site it concerns shows errors.
pub(crate) fn answer(path: &str, e: ApiError) -> Response {
    if path == "/api" || path.starts_with("/api/") {
        e.into_response()
    } else {
        crate::pages::error_page(&e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_that_name_this_server() {
        let v4: SocketAddr = "127.0.0.1:8080".parse().unwrap_or_else(|_| unreachable!());
        let lan: SocketAddr = "192.168.1.5:80".parse().unwrap_or_else(|_| unreachable!());
        let none: &[String] = &[];
        for ok in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST:8080",
            "[::1]:8080",
        ] {
            assert!(host_allowed(ok, Some(v4), none), "{ok}");
        }
        for bad in [
            "evil.example:8080",
            "127.0.0.1:8081",
            "localhost",
            "127.0.0.1:x",
            "",
            "localhost.evil.example:8080",
        ] {
            assert!(!host_allowed(bad, Some(v4), none), "{bad}");
        }
        assert!(host_allowed("192.168.1.5", Some(lan), none));
        assert!(host_allowed("localhost", Some(lan), none));
        let allow = ["news.example".to_string()];
        assert!(host_allowed("news.example", Some(v4), &allow));
        assert!(host_allowed("News.Example:443", Some(v4), &allow));
        assert!(!host_allowed("other.example", Some(v4), &allow));
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same(b"secret", b"secret"));
        assert!(!same(b"secret", b"secreT"));
        assert!(!same(b"secret", b"secret2"));
        assert!(!same(b"", b"x"));
    }
}
