//! robots.txt: fetched once per site and kept for a day, matched with
//! `robotstxt` (a port of Google's reference parser, RFC 9309).
//!
//! As RFC 9309 says: a robots.txt that is missing or forbidden (4xx) allows
//! everything; one that cannot be reached (5xx, network error) disallows
//! everything until it is tried again (after [`UNREACHABLE_RETRY`]).
//! `Crawl-delay`, which the RFC leaves out, is honoured when it is longer
//! than the configured delay (up to [`MAX_CRAWL_DELAY`]).

use std::time::{Duration, Instant};

/// How long a fetched robots.txt is trusted.
pub const ROBOTS_TTL: Duration = Duration::from_secs(24 * 3600);
/// How soon an unreachable robots.txt is tried again.
pub const UNREACHABLE_RETRY: Duration = Duration::from_secs(600);
/// The longest `Crawl-delay` honoured; a site asking for more still gets
/// one request in this long.
pub const MAX_CRAWL_DELAY: Duration = Duration::from_secs(60);
/// Google reads the first 500 KiB of a robots.txt; so do we.
pub const MAX_ROBOTS_BYTES: usize = 500 * 1024;

/// The product token matched against `User-agent` lines.
pub const AGENT_TOKEN: &str = "storyline";

/// What a site's robots.txt says, and until when it is trusted.
#[derive(Debug, Clone)]
pub struct Robots {
    rules: Rules,
    /// When to fetch it again.
    pub expires: Instant,
}

#[derive(Debug, Clone)]
enum Rules {
    AllowAll,
    DisallowAll(String),
    Parsed {
        body: String,
        delay: Option<Duration>,
    },
}

impl Robots {
    /// From the answer to `GET /robots.txt`: its status and body, or `None`
    /// when no answer came.
    pub fn from_answer(status: Option<u16>, body: &[u8], now: Instant) -> Robots {
        let (rules, ttl) = match status {
            Some(200..=299) => {
                let body = String::from_utf8_lossy(&body[..body.len().min(MAX_ROBOTS_BYTES)]);
                let delay = crawl_delay(&body);
                (
                    Rules::Parsed {
                        body: body.into_owned(),
                        delay,
                    },
                    ROBOTS_TTL,
                )
            }
            Some(400..=499) => (Rules::AllowAll, ROBOTS_TTL),
            Some(s) => (
                Rules::DisallowAll(format!("robots.txt answered {s}")),
                UNREACHABLE_RETRY,
            ),
            None => (
                Rules::DisallowAll("robots.txt unreachable".into()),
                UNREACHABLE_RETRY,
            ),
        };
        Robots {
            rules,
            expires: now + ttl,
        }
    }

    /// When `GET /robots.txt` got no answer: `why` says what failed.
    pub fn unreachable(why: &str, now: Instant) -> Robots {
        Robots {
            rules: Rules::DisallowAll(format!("robots.txt unreachable ({why})")),
            expires: now + UNREACHABLE_RETRY,
        }
    }

    /// May `url` be fetched? `Err` says why not.
    pub fn check(&self, url: &str) -> Result<(), String> {
        match &self.rules {
            Rules::AllowAll => Ok(()),
            Rules::DisallowAll(why) => Err(format!("{why}: not fetching until it answers")),
            Rules::Parsed { body, .. } => {
                let mut m = robotstxt::DefaultMatcher::default();
                if m.one_agent_allowed_by_robots(body, AGENT_TOKEN, url) {
                    Ok(())
                } else {
                    Err("disallowed by robots.txt".into())
                }
            }
        }
    }

    /// The site's `Crawl-delay` for us, capped.
    pub fn delay(&self) -> Option<Duration> {
        match &self.rules {
            Rules::Parsed { delay, .. } => *delay,
            _ => None,
        }
    }
}

/// `Crawl-delay` of the group that names our token, else of the `*` group.
fn crawl_delay(body: &str) -> Option<Duration> {
    let mut ours = None;
    let mut any = None;
    // Agents of the group being read; a rule line ends the agent list.
    let mut agents: Vec<String> = Vec::new();
    let mut in_rules = false;
    for line in body.lines() {
        let line = line.split('#').next().unwrap_or_default().trim();
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let (key, value) = (key.trim().to_ascii_lowercase(), value.trim());
        if key == "user-agent" {
            if in_rules {
                agents.clear();
                in_rules = false;
            }
            agents.push(value.to_ascii_lowercase());
            continue;
        }
        in_rules = true;
        if key == "crawl-delay" {
            let Ok(secs) = value.parse::<f64>() else {
                continue;
            };
            if !secs.is_finite() || secs < 0.0 {
                continue;
            }
            let d = Duration::from_secs_f64(secs.min(MAX_CRAWL_DELAY.as_secs_f64()));
            if agents.iter().any(|a| a.starts_with(AGENT_TOKEN)) {
                ours = Some(d);
            } else if agents.iter().any(|a| a == "*") {
                any = Some(d);
            }
        }
    }
    ours.or(any)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_group_wins_over_the_star_group() {
        let body = b"User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n\nUser-agent: storyline\nDisallow: /drafts/\nCrawl-delay: 5\n";
        let r = Robots::from_answer(Some(200), body, Instant::now());
        assert!(r.check("http://a.com/private/x").is_ok());
        assert!(r.check("http://a.com/drafts/x").is_err());
        assert_eq!(r.delay(), Some(Duration::from_secs(5)));
        let star = Robots::from_answer(
            Some(200),
            b"User-agent: *\nDisallow: /p\nCrawl-delay: 1.5",
            Instant::now(),
        );
        assert!(star.check("http://a.com/p/1").is_err());
        assert!(star.check("http://a.com/q/1").is_ok());
        assert_eq!(star.delay(), Some(Duration::from_millis(1500)));
    }

    #[test]
    fn missing_allows_and_unreachable_disallows() {
        let now = Instant::now();
        assert!(Robots::from_answer(Some(404), b"", now)
            .check("http://a.com/x")
            .is_ok());
        assert!(Robots::from_answer(Some(503), b"", now)
            .check("http://a.com/x")
            .is_err());
        assert!(Robots::from_answer(None, b"", now)
            .check("http://a.com/x")
            .is_err());
        assert_eq!(
            Robots::from_answer(None, b"", now).expires,
            now + UNREACHABLE_RETRY
        );
    }
}
