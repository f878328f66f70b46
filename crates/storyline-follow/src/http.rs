//! The HTTP client: ureq (rustls, gzip and brotli) with timeouts, a body
//! limit, conditional GET and redirects followed one hop at a time, so
//! that every hop passes robots.txt and the per-host politeness.

use std::io::Read;
use std::time::Duration;

use ureq::http::header;

/// How the client behaves.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// `User-Agent`: names storyline and, when the user gives one, how to
    /// reach them.
    pub user_agent: String,
    /// Time to open a connection.
    pub connect_timeout: Duration,
    /// Time for the whole request, body included: a server that sends one
    /// byte a second is dropped after this.
    pub timeout: Duration,
    /// Larger bodies are refused (by `Content-Length` before reading, else
    /// when the limit is reached).
    pub max_body: u64,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
}

impl HttpConfig {
    /// The `User-Agent` for a contact (an email address or a URL).
    pub fn user_agent_for(contact: Option<&str>) -> String {
        let version = env!("CARGO_PKG_VERSION");
        match contact {
            Some(c) if !c.trim().is_empty() => format!(
                "storyline/{version} (+https://example.invalid/storyline; {})",
                c.trim()
            ),
            _ => format!("storyline/{version} (+https://example.invalid/storyline)"),
        }
    }
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            user_agent: HttpConfig::user_agent_for(None),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_body: 8 * 1024 * 1024,
            max_redirects: 5,
        }
    }
}

/// Validators of an earlier response, for a conditional GET.
#[derive(Debug, Clone, Default)]
pub struct Validators {
    /// `ETag`, sent as `If-None-Match`.
    pub etag: Option<String>,
    /// `Last-Modified`, sent as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

/// One HTTP answer (a redirect is an answer too: the caller follows it).
#[derive(Debug, Clone)]
pub struct Answer {
    /// Status code.
    pub status: u16,
    /// `Location` of a redirect.
    pub location: Option<String>,
    /// Validators of this response.
    pub validators: Validators,
    /// `Retry-After`, as a wait from now.
    pub retry_after: Option<Duration>,
    /// `Content-Type`.
    pub content_type: Option<String>,
    /// The body, decompressed (empty for 304 and redirects).
    pub body: Vec<u8>,
}

impl Answer {
    /// The `charset` of the `Content-Type`.
    pub fn charset(&self) -> Option<&str> {
        let ct = self.content_type.as_deref()?;
        ct.split(';').find_map(|p| {
            let (k, v) = p.split_once('=')?;
            k.trim()
                .eq_ignore_ascii_case("charset")
                .then(|| v.trim().trim_matches('"'))
        })
    }
}

/// Why no answer came.
#[derive(Debug, Clone, thiserror::Error)]
pub enum FetchError {
    /// Connecting or reading took too long.
    #[error("timed out")]
    Timeout,
    /// The host name did not resolve.
    #[error("DNS lookup failed: {0}")]
    Dns(String),
    /// No connection (refused, reset, unreachable).
    #[error("connection failed: {0}")]
    Connect(String),
    /// TLS failed (certificate, handshake).
    #[error("TLS failed: {0}")]
    Tls(String),
    /// The body is over the limit.
    #[error("body over the limit of {0} bytes")]
    TooBig(u64),
    /// Anything else HTTP can do wrong (a malformed response, a bad URL).
    #[error("{0}")]
    Other(String),
}

/// The client; cheap to share between threads.
#[derive(Clone)]
pub struct Client {
    agent: ureq::Agent,
    config: HttpConfig,
}

impl Client {
    /// A client with these settings.
    pub fn new(config: HttpConfig) -> Client {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .user_agent(config.user_agent.as_str())
            .timeout_connect(Some(config.connect_timeout))
            .timeout_global(Some(config.timeout))
            .max_idle_connections_per_host(1)
            .build()
            .new_agent();
        Client { agent, config }
    }

    /// The settings.
    pub fn config(&self) -> &HttpConfig {
        &self.config
    }

    /// One GET, no redirect followed. `accept` is the `Accept` header.
    pub fn get(&self, url: &str, accept: &str, v: &Validators) -> Result<Answer, FetchError> {
        let mut req = self.agent.get(url).header(header::ACCEPT, accept);
        if let Some(etag) = &v.etag {
            req = req.header(header::IF_NONE_MATCH, etag.as_str());
        }
        if let Some(lm) = &v.last_modified {
            req = req.header(header::IF_MODIFIED_SINCE, lm.as_str());
        }
        let mut resp = req.call().map_err(classify)?;
        let status = resp.status().as_u16();
        let text = |name: header::HeaderName| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        let location = text(header::LOCATION);
        let validators = Validators {
            etag: text(header::ETAG),
            last_modified: text(header::LAST_MODIFIED),
        };
        let retry_after = text(header::RETRY_AFTER).and_then(|s| retry_after(&s));
        let content_type = text(header::CONTENT_TYPE);
        let declared: Option<u64> = text(header::CONTENT_LENGTH).and_then(|s| s.parse().ok());
        let limit = self.config.max_body;
        let body = if status == 304 || (300..400).contains(&status) || status >= 400 {
            // Nothing in these bodies is read; leave them unread rather
            // than wait for them.
            Vec::new()
        } else if declared.is_some_and(|n| n > limit) {
            return Err(FetchError::TooBig(limit));
        } else {
            let mut body = Vec::new();
            let reader = resp.body_mut().as_reader();
            let read = reader.take(limit + 1).read_to_end(&mut body);
            match read {
                Ok(_) if body.len() as u64 > limit => return Err(FetchError::TooBig(limit)),
                Ok(_) => body,
                Err(e) => return Err(classify_io(e)),
            }
        };
        Ok(Answer {
            status,
            location,
            validators,
            retry_after,
            content_type,
            body,
        })
    }
}

/// `Retry-After`: seconds, or an HTTP date.
pub fn retry_after(value: &str) -> Option<Duration> {
    if let Ok(secs) = value.trim().parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = jiff::fmt::rfc2822::parse(value.trim()).ok()?.timestamp();
    let wait = at.as_second() - jiff::Timestamp::now().as_second();
    Some(Duration::from_secs(wait.max(0) as u64))
}

fn classify(e: ureq::Error) -> FetchError {
    match e {
        ureq::Error::Timeout(_) => FetchError::Timeout,
        ureq::Error::HostNotFound => FetchError::Dns("host not found".into()),
        ureq::Error::Io(io) => classify_io(io),
        ureq::Error::Tls(m) => FetchError::Tls(m.to_string()),
        ureq::Error::Rustls(e) => FetchError::Tls(e.to_string()),
        ureq::Error::ConnectionFailed => FetchError::Connect("connection failed".into()),
        ureq::Error::BodyExceedsLimit(n) => FetchError::TooBig(n),
        other => FetchError::Other(other.to_string()),
    }
}

fn classify_io(e: std::io::Error) -> FetchError {
    use std::io::ErrorKind::*;
    // ureq reports its own timeouts through io errors while reading a body.
    if let Some(inner) = e.get_ref().and_then(|i| i.downcast_ref::<ureq::Error>()) {
        if matches!(inner, ureq::Error::Timeout(_)) {
            return FetchError::Timeout;
        }
    }
    // A failed handshake reaches us as an I/O error around rustls's own.
    if let Some(tls) = e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
        return FetchError::Tls(tls.to_string());
    }
    match e.kind() {
        TimedOut | WouldBlock => FetchError::Timeout,
        ConnectionRefused | ConnectionReset | ConnectionAborted | NotConnected
        | HostUnreachable | NetworkUnreachable | BrokenPipe | UnexpectedEof => {
            FetchError::Connect(e.to_string())
        }
        _ if e.to_string().to_ascii_lowercase().contains("timeout")
            || e.to_string().to_ascii_lowercase().contains("timed out") =>
        {
            FetchError::Timeout
        }
        _ => FetchError::Other(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(retry_after("120"), Some(Duration::from_secs(120)));
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon"), None);
    }

    #[test]
    fn user_agent_names_storyline_and_the_contact() {
        let ua = HttpConfig::user_agent_for(Some("desk@example.org"));
        assert!(ua.starts_with("storyline/"), "{ua}");
        assert!(ua.contains("desk@example.org"), "{ua}");
    }
}
