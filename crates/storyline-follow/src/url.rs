//! URLs as `follow` compares and schedules them.

/// Query parameters that only track where a reader came from; two links
/// that differ in them are the same article.
const TRACKING: &[&str] = &[
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "utm_name",
    "fbclid",
    "gclid",
    "mc_cid",
    "mc_eid",
    "ocid",
    "cmpid",
    "at_medium",
    "at_campaign",
];

/// The parts of an absolute http(s) URL.
struct Parts<'a> {
    scheme: String,
    host: String,
    port: Option<&'a str>,
    /// Path and query, without the fragment; starts with `/`.
    rest: &'a str,
}

fn split(url: &str) -> Option<Parts<'_>> {
    let url = url.trim();
    let (scheme, after) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let authority = &after[..end];
    // Credentials are not part of the place.
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = if let Some(close) = authority.strip_prefix('[').and(authority.find(']')) {
        // An IPv6 literal: `[::1]:8080`.
        let port = authority[close + 1..].strip_prefix(':');
        (&authority[..=close], port)
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) if p.chars().all(|c| c.is_ascii_digit()) => (h, Some(p)),
            _ => (authority, None),
        }
    };
    let port = port.filter(|p| !p.is_empty());
    if host.is_empty() {
        return None;
    }
    let rest = &after[end..];
    let rest = rest.split('#').next().unwrap_or_default();
    Some(Parts {
        scheme,
        host: host.trim_end_matches('.').to_ascii_lowercase(),
        port,
        rest,
    })
}

/// Is this an absolute http or https URL?
pub fn is_http(url: &str) -> bool {
    split(url).is_some()
}

/// The form of a URL under which an article is known: scheme and host in
/// lower case, the default port and the fragment dropped, tracking
/// parameters (`utm_*`, `fbclid`, ...) removed, an empty path as `/`.
/// `None` for anything but an absolute http(s) URL.
pub fn canonical(url: &str) -> Option<String> {
    let p = split(url)?;
    let default = matches!(
        (p.scheme.as_str(), p.port),
        ("http", Some("80")) | ("https", Some("443"))
    );
    let mut out = format!("{}://{}", p.scheme, p.host);
    if let Some(port) = p.port.filter(|_| !default) {
        out.push(':');
        out.push_str(port);
    }
    let (path, query) = match p.rest.split_once('?') {
        Some((path, q)) => (path, Some(q)),
        None => (p.rest, None),
    };
    out.push_str(if path.is_empty() { "/" } else { path });
    if let Some(q) = query {
        let kept: Vec<&str> = q
            .split('&')
            .filter(|kv| {
                let key = kv.split('=').next().unwrap_or_default();
                !kv.is_empty() && !TRACKING.iter().any(|t| key.eq_ignore_ascii_case(t))
            })
            .collect();
        if !kept.is_empty() {
            out.push('?');
            out.push_str(&kept.join("&"));
        }
    }
    Some(out)
}

/// The host a request goes to, with its port: the unit of politeness (one
/// connection at a time, a delay between requests). Servers on one machine
/// but different ports count as different hosts.
pub fn host(url: &str) -> Option<String> {
    let p = split(url)?;
    let port = p
        .port
        .unwrap_or(if p.scheme == "https" { "443" } else { "80" });
    Some(format!("{}:{port}", p.host))
}

/// `scheme://host[:port]`, where `robots.txt` lives.
pub fn origin(url: &str) -> Option<String> {
    let p = split(url)?;
    Some(match p.port {
        Some(port) => format!("{}://{}:{port}", p.scheme, p.host),
        None => format!("{}://{}", p.scheme, p.host),
    })
}

/// Resolve a `Location` (or any link) against the URL it was found on.
pub fn join(base: &str, href: &str) -> Option<String> {
    let href = href.trim();
    if is_http(href) {
        return Some(href.to_string());
    }
    let p = split(base)?;
    let origin = origin(base)?;
    if let Some(rest) = href.strip_prefix("//") {
        return Some(format!("{}://{rest}", p.scheme));
    }
    if href.starts_with('/') {
        return Some(format!("{origin}{href}"));
    }
    if href.contains("://") {
        return None;
    }
    let path = p.rest.split('?').next().unwrap_or_default();
    if let Some(q) = href.strip_prefix('?') {
        return Some(format!("{origin}{path}?{q}"));
    }
    let dir = match path.rfind('/') {
        Some(i) => &path[..=i],
        None => "/",
    };
    Some(format!("{origin}{dir}{href}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_drops_what_does_not_name_the_article() {
        assert_eq!(
            canonical("HTTPS://News.Example.com:443/a/b?utm_source=rss&id=7#top").as_deref(),
            Some("https://news.example.com/a/b?id=7")
        );
        assert_eq!(
            canonical("http://example.com").as_deref(),
            Some("http://example.com/")
        );
        assert_eq!(
            canonical("http://127.0.0.1:8080/x?fbclid=1").as_deref(),
            Some("http://127.0.0.1:8080/x")
        );
        assert_eq!(canonical("ftp://example.com/x"), None);
        assert_eq!(canonical("/relative"), None);
    }

    #[test]
    fn hosts_differ_by_port() {
        assert_eq!(
            host("http://127.0.0.1:81/a").as_deref(),
            Some("127.0.0.1:81")
        );
        assert_eq!(
            host("https://Example.com/a").as_deref(),
            Some("example.com:443")
        );
        assert_eq!(
            origin("http://a.com:81/x?y").as_deref(),
            Some("http://a.com:81")
        );
    }

    #[test]
    fn join_resolves_locations() {
        let base = "http://a.com/news/2026/item.html?x=1";
        assert_eq!(join(base, "/b").as_deref(), Some("http://a.com/b"));
        assert_eq!(
            join(base, "c.html").as_deref(),
            Some("http://a.com/news/2026/c.html")
        );
        assert_eq!(join(base, "//b.org/x").as_deref(), Some("http://b.org/x"));
        assert_eq!(
            join(base, "https://c.net/").as_deref(),
            Some("https://c.net/")
        );
        assert_eq!(
            join(base, "?p=2").as_deref(),
            Some("http://a.com/news/2026/item.html?p=2")
        );
    }
}
