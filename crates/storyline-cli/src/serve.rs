//! `storyline serve`: the JSON API and the web pages over a story database.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

#[derive(clap::Args)]
pub struct Args {
    /// The story database (SQLite; created when absent).
    #[arg(long, value_name = "FILE")]
    db: PathBuf,
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Largest accepted request body in bytes (larger ones get 413).
    #[arg(long, value_name = "BYTES", default_value_t = storyline_server::DEFAULT_MAX_BODY)]
    max_body: usize,
    /// Read-only database connections for concurrent reads (default: one per
    /// core, at least 4).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    readers: Option<u16>,
    /// How long (ms) a rendered story or article page may be served again; an
    /// ingest through this server makes every kept page stale at once; 0
    /// turns the cache off.
    #[arg(long, value_name = "MS", default_value_t = 2000)]
    page_cache_ms: u64,
    /// Reads admitted per second while an ingest runs, so that readers do not
    /// starve it of CPU (they wait their turn; 0: no limit).
    #[arg(long, value_name = "N", default_value_t = storyline_server::DEFAULT_INGEST_READ_RATE)]
    ingest_read_rate: u32,
    /// Time (ms) a client has to send a request's head, and that an idle
    /// connection is kept; slower connections are closed.
    #[arg(long, value_name = "MS", default_value_t = 10_000)]
    header_timeout_ms: u64,
    /// Time (ms) a client has to send a request's body (408 after).
    #[arg(long, value_name = "MS", default_value_t = 30_000)]
    body_timeout_ms: u64,
    /// Connections served at once; more wait until one closes (default: 512,
    /// less under a low limit of open files).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    max_connections: Option<u32>,
    /// Require `Authorization: Bearer TOKEN` for writes (POST /api/articles);
    /// also read from STORYLINE_WRITE_TOKEN. Without a token, only
    /// connections over loopback may write.
    #[arg(long, value_name = "TOKEN")]
    write_token: Option<String>,
    /// A host name (`name` or `name:port`) the server answers for besides
    /// loopback names and its own address, e.g. its public name behind a
    /// reverse proxy; other Host headers get 421. Repeatable.
    #[arg(long, value_name = "HOST")]
    allow_host: Vec<String>,
    /// Also follow these feeds into the database (feed URLs, files of URLs,
    /// OPML files; none: the feeds it already follows), as `storyline
    /// follow` does.
    #[arg(long, value_name = "SOURCE", num_args = 0..)]
    follow: Option<Vec<String>>,
    #[command(flatten)]
    follow_options: crate::follow::Options,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut config = storyline_server::Config::new(&args.db);
    config.max_body = args.max_body;
    config.page_cache = std::time::Duration::from_millis(args.page_cache_ms);
    config.ingest_read_rate = args.ingest_read_rate;
    config.header_timeout = std::time::Duration::from_millis(args.header_timeout_ms.max(1));
    config.body_timeout = std::time::Duration::from_millis(args.body_timeout_ms.max(1));
    if let Some(n) = args.max_connections {
        config.max_connections = n as usize;
    }
    config.write_token = args
        .write_token
        .clone()
        .or_else(|| std::env::var("STORYLINE_WRITE_TOKEN").ok())
        .filter(|t| !t.trim().is_empty());
    config.allow_hosts = args.allow_host.clone();
    if config.write_token.is_none() && !args.addr.ip().is_loopback() {
        eprintln!(
            "storyline: warning: listening on {} without a write token: writes \
             (POST /api/articles) are refused except over loopback; set --write-token \
             or STORYLINE_WRITE_TOKEN to accept them from elsewhere",
            args.addr
        );
    }
    if let Some(n) = args.readers {
        config.readers = usize::from(n);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let served = runtime.block_on(async {
        let app = storyline_server::router(&config)
            .with_context(|| format!("opening {}", args.db.display()))?;
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("listening on {}", args.addr))?;
        let addr = listener.local_addr().context("reading the bound address")?;
        eprintln!(
            "storyline: serving {} at http://{addr}/ (API: http://{addr}/api/openapi.json); Ctrl-C stops",
            args.db.display()
        );
        // The follower writes through its own connection; the server's
        // readers see each batch as it commits.
        let follower = args.follow.clone().map(|sources| {
            let (db, options, stop) = (args.db.clone(), args.follow_options.clone(), stop.clone());
            std::thread::spawn(move || {
                let out = crate::follow::follow(&db, &sources, &options, &stop);
                match &out {
                    Ok(stats) => crate::follow::report(&db, stats),
                    Err(e) => eprintln!("storyline: follow: error: {e:#}"),
                }
                out.is_ok()
            })
        });
        storyline_server::serve_with(listener, app, &config, storyline_server::shutdown_signal())
            .await
            .context("serving")?;
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let followed = follower.map(|h| h.join().unwrap_or(false));
        eprintln!("storyline: stopped");
        anyhow::Ok(followed)
    })?;
    Ok(if served == Some(false) {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
