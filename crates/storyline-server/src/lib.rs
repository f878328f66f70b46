//! # storyline-server
//!
//! The HTTP front end of a story store: a JSON API under `/api/` (documented by
//! `openapi.json`, also served at `/api/openapi.json`), server-rendered web
//! pages (`/`, `/stories/{id}`, `/articles/{id}`, `/feeds`) that work without
//! JavaScript, and Atom feeds of a story and of a search ([`atom`]).
//!
//! Brief overview:
//! - [`Config`] says which database to serve and how large a request body may be.
//! - [`router`] opens the store and builds the axum [`Router`]; [`serve`] runs it on
//!   a listener until a shutdown future completes.
//! - Reads go to a small pool of read-only [`Store`]s on tokio's blocking threads
//!   (a `Store` holds one SQLite connection and is not `Sync`); writes
//!   (`POST /api/articles`) go to the one writable `Store` behind an async mutex,
//!   so concurrent posts are ingested one batch at a time and never lose or
//!   duplicate an article.
//! - Story and article pages, once rendered, are served again for a short
//!   while (`Config::page_cache`) unless an ingest through this server made
//!   them stale; a missing page is made once however many ask for it.
//! - While an ingest runs, reads use one connection only and are admitted at
//!   a bounded rate (`Config::ingest_read_rate`), so a flood of readers does
//!   not starve the ingest of CPU.
//! - Every piece of stored text is HTML-escaped where a page shows it; only
//!   `http(s)` URLs become links; every response carries a Content-Security-Policy
//!   that allows no script at all.
//!
//! - Before routing, [`guard`](crate) checks `Host`, declared body lengths
//!   and, for writes, origin, token or loopback, content type and whether the
//!   database is writable; [`listen`] times out slow heads and idle
//!   connections and bounds how many are served.
//!
//! Errors map to status codes in one place ([`error::ApiError`]): JSON bodies
//! `{"error": "..."}` under `/api/`, small HTML pages elsewhere.

#![warn(missing_docs)]

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use storyline_store::Store;

mod api;
pub mod atom;
mod cache;
pub mod diff;
pub mod error;
pub mod feeds;
mod guard;
pub mod html;
pub mod listen;
pub mod pages;
pub mod params;
mod pool;
mod throttle;

pub use error::ApiError;

/// The OpenAPI 3.1 description of the JSON API (served at `/api/openapi.json`).
pub const OPENAPI: &str = include_str!("../openapi.json");

/// The style sheet of the web pages (served at `/assets/style.css`).
const STYLE: &str = include_str!("../assets/style.css");

/// The Content-Security-Policy sent with every response: no script, styles and
/// images only from this server, forms only to this server.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Default limit of a request body: 10 MiB.
pub const DEFAULT_MAX_BODY: usize = 10 * 1024 * 1024;

/// Default time a rendered page may be served again: 2 s.
pub const DEFAULT_PAGE_CACHE: std::time::Duration = std::time::Duration::from_secs(2);

/// Default reads per second admitted while an ingest runs.
pub const DEFAULT_INGEST_READ_RATE: u32 = 8000;

/// What to serve and with which limits.
#[derive(Debug, Clone)]
pub struct Config {
    /// The SQLite story database (created when absent).
    pub db: PathBuf,
    /// Largest accepted request body in bytes; larger bodies get 413.
    pub max_body: usize,
    /// Read-only connections kept open for concurrent reads (at least 1).
    /// While an ingest runs, only one of them reads, so that the ingest keeps
    /// most of the CPU.
    pub readers: usize,
    /// How long a rendered story or article page may be served again
    /// (zero: never). Any ingest through this server makes every kept page
    /// stale at once; the time bounds how late an ingest by another process
    /// on the same database shows.
    pub page_cache: std::time::Duration,
    /// Reads admitted per second while an ingest runs (0: no limit). Serving
    /// cached pages is cheap but not free; without a bound, a flood of reads
    /// takes the CPU an ingest needs. Reads wait for their turn, none is refused.
    pub ingest_read_rate: u32,
    /// Time a client has to send a request's head; also how long an idle
    /// keep-alive connection stays open. A connection that takes longer is
    /// closed.
    pub header_timeout: std::time::Duration,
    /// Time a client has to send a request's body; a slower one gets 408.
    pub body_timeout: std::time::Duration,
    /// Connections served at once; more wait until one closes.
    pub max_connections: usize,
    /// Serve the database for reading only: writes answer 503. [`router`]
    /// also falls back to this when the file cannot be opened for writing
    /// (a read-only file, directory or file system).
    pub read_only: bool,
    /// When set, writes must carry `Authorization: Bearer <token>`; when
    /// not, only connections over loopback may write.
    pub write_token: Option<String>,
    /// Host names (`name` for any port, or `name:port`) this server answers
    /// for besides loopback names and the address it is reached on: the
    /// public name behind a reverse proxy. Other `Host`s get 421.
    pub allow_hosts: Vec<String>,
}

impl Config {
    /// Defaults for a database path: 10 MiB bodies, one reader per core (at least 4).
    pub fn new(db: impl Into<PathBuf>) -> Self {
        let cores = std::thread::available_parallelism().map_or(4, |n| n.get());
        Config {
            db: db.into(),
            max_body: DEFAULT_MAX_BODY,
            readers: cores.max(4),
            page_cache: DEFAULT_PAGE_CACHE,
            ingest_read_rate: DEFAULT_INGEST_READ_RATE,
            header_timeout: listen::DEFAULT_HEADER_TIMEOUT,
            body_timeout: listen::DEFAULT_BODY_TIMEOUT,
            max_connections: listen::default_max_connections(),
            write_token: None,
            allow_hosts: Vec::new(),
            read_only: false,
        }
    }
}

/// Shared state of the handlers.
#[derive(Clone)]
pub(crate) struct AppState {
    /// Read-only connections.
    pub readers: Arc<pool::Readers>,
    /// The one writable connection; none when the database is served
    /// read-only.
    pub writer: Option<Arc<tokio::sync::Mutex<Store>>>,
    /// The body limit, for the 413 message.
    pub max_body: usize,
    /// Time to send a body (408 after).
    pub body_timeout: std::time::Duration,
    /// The write token, if any (see [`Config::write_token`]).
    pub write_token: Option<Arc<str>>,
    /// Extra host names (see [`Config::allow_hosts`]).
    pub allow_hosts: Arc<[String]>,
    /// Rendered pages.
    pub cache: Arc<cache::PageCache>,
    /// Read admission while an ingest runs.
    pub throttle: Arc<throttle::Throttle>,
}

/// Open the database (creating and migrating it if needed) and build the
/// router with every endpoint and page.
pub fn router(config: &Config) -> Result<Router, storyline_store::StoreError> {
    let writer = if config.read_only {
        // Refuse now what could not be read at all.
        drop(Store::open_read_only(&config.db)?);
        None
    } else {
        match Store::open(&config.db) {
            Ok(store) => Some(store),
            Err(e) if e.is_read_only() && Store::open_read_only(&config.db).is_ok() => {
                eprintln!("storyline-server: {e}; serving it read-only (writes answer 503)");
                None
            }
            Err(e) => return Err(e),
        }
    };
    let readers = pool::Readers::new(config.db.clone(), config.readers.max(1));
    let state = AppState {
        readers: Arc::new(readers),
        writer: writer.map(|w| Arc::new(tokio::sync::Mutex::new(w))),
        max_body: config.max_body,
        body_timeout: config.body_timeout,
        write_token: config
            .write_token
            .as_deref()
            .filter(|t| !t.is_empty())
            .map(Arc::from),
        allow_hosts: config
            .allow_hosts
            .iter()
            .map(|h| h.trim().to_string())
            .collect(),
        cache: Arc::new(cache::PageCache::new(config.page_cache)),
        throttle: Arc::new(throttle::Throttle::new(config.ingest_read_rate)),
    };
    Ok(routes(state, config.max_body))
}

fn routes(state: AppState, max_body: usize) -> Router {
    let api = Router::new()
        .route("/health", get(api::health))
        .route("/feeds", get(feeds::api))
        .route("/openapi.json", get(api::openapi))
        .route("/stories", get(api::list_stories))
        .route("/stories/{id}", get(api::story))
        .route("/articles", axum::routing::post(api::post_articles))
        .route("/articles/{id}", get(api::article))
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed);
    Router::new()
        .route("/", get(pages::list))
        .route("/stories/{id}", get(pages::story))
        .route("/stories/{id}/feed.atom", get(atom::story))
        .route("/feed.atom", get(atom::search))
        .route("/feeds", get(feeds::page_handler))
        .route("/articles/{id}", get(pages::article))
        .route("/assets/style.css", get(style))
        .nest("/api", api)
        .fallback(pages::not_found)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            pace_reads,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::guard,
        ))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

/// Reads wait for their turn while an ingest runs (see [`Config::ingest_read_rate`]).
async fn pace_reads(
    axum::extract::State(st): axum::extract::State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if req.method() != axum::http::Method::POST {
        st.throttle.admit().await;
    }
    next.run(req).await
}

async fn style() -> Response {
    let mut resp = Response::new(STYLE.into());
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    resp
}

async fn security_headers(mut resp: Response) -> Response {
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    resp
}

/// Serve `app` (from [`router`]) on `listener` until `shutdown` completes;
/// requests under way are finished first (graceful shutdown). The
/// connection limits are the defaults of [`Config::new`]; [`serve_with`]
/// takes them from a config.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    listen::serve_with(listener, app, &Config::new(PathBuf::new()), shutdown).await
}

/// [`serve`] with `config`'s header timeout and connection bound (see [`listen`]).
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    app: Router,
    config: &Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    listen::serve_with(listener, app, config, shutdown).await
}

/// A future that completes on Ctrl-C (or SIGTERM on Unix): pass it to [`serve`].
pub async fn shutdown_signal() {
    let ctrl_c = async {
        // If the handler cannot be installed, never complete from this branch.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
