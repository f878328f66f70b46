//! The accept loop: hyper's HTTP/1 connections with the limits that
//! `axum::serve` cannot set.
//!
//! - A client must send a request's whole head within
//!   [`Config::header_timeout`]; the same time bounds an idle keep-alive
//!   connection (hyper starts the clock when it waits for the next head), so
//!   half-sent headers and forgotten connections are closed.
//! - At most [`Config::max_connections`] connections are served at once; a
//!   further one waits in the listen backlog until one closes (a bound that
//!   stays under the process's file-descriptor limit, so that the database
//!   can still be opened and `/api/health` answered).
//! - Each request learns the local address of its connection
//!   ([`LocalAddr`]): the guards check `Host` and the loopback rule with it.
//! - Shutdown is graceful: the listener closes, requests under way finish.
//!
//! What hyper answers alone: a request it cannot parse never becomes a
//! request, so no service of ours sees it, and hyper has no hook to shape
//! the answer. It writes the status with an empty body and closes the
//! connection: 400 for a malformed request line or header field, a version
//! other than HTTP/1.x, a bad `Content-Length` or raw non-ASCII in the
//! target; 414 for a target of 64 KiB or more (a bound hyper fixes); 431 for
//! more than 100 header fields (its default, kept: more costs a heap
//! allocation on every request) or a head beyond its read buffer (~400 KB by
//! default). Everything under those bounds reaches the guards, whose own
//! limits are lower (an 8 KiB target, 64 KiB of header fields) and whose
//! answers carry `{"error": ...}` under `/api/` like every other error.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};

use crate::Config;

/// The local address of the connection a request came on (a request
/// extension set by the accept loop).
#[derive(Debug, Clone, Copy)]
pub struct LocalAddr(pub SocketAddr);

/// Default time to send a request head (and to keep an idle connection): 10 s.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Default time to send a request body: 30 s.
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(30);

/// Default bound of concurrent connections: 512, or less when the soft limit
/// of open files is low (half of what remains after 64 for the database,
/// the readers and the rest; at least 8).
pub fn default_max_connections() -> usize {
    const MOST: usize = 512;
    match open_files_limit() {
        Some(n) => (n.saturating_sub(64) / 2).clamp(8, MOST),
        None => MOST,
    }
}

/// The soft limit of open files, where the system says (Linux: /proc).
fn open_files_limit() -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line["Max open files".len()..]
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Serve `app` on `listener` with `config`'s connection limits until
/// `shutdown` completes; requests under way are finished first.
pub async fn serve_with(
    listener: TcpListener,
    app: Router,
    config: &Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(Some(config.header_timeout.max(Duration::from_millis(1))));
    let http = Arc::new(http);
    let slots = Arc::new(Semaphore::new(config.max_connections.max(1)));
    // Dropping `stop_tx` asks every connection to finish; each holds a
    // `done_rx` until it has, and `done_tx.closed()` waits for them all.
    let (stop_tx, stop_rx) = watch::channel(());
    let (done_tx, done_rx) = watch::channel(());
    let mut shutdown = pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = slots.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, _peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    if !is_connection_error(&e) {
                        // Out of file descriptors or the like: wait a little
                        // rather than spin, as axum::serve does.
                        eprintln!("storyline-server: accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(200)).await;
                    }
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let Ok(local) = stream.local_addr() else {
            continue;
        };
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(LocalAddr(local));
            let mut app = app.clone();
            async move { tower_service::Service::call(&mut app, req.map(Body::new)).await }
        });
        let http = http.clone();
        let mut stop_rx = stop_rx.clone();
        let done_rx = done_rx.clone();
        tokio::spawn(async move {
            let mut conn = pin!(http.serve_connection(TokioIo::new(stream), service));
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stop_rx.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
            drop(permit);
            drop(done_rx);
        });
    }
    drop(listener);
    drop(stop_tx);
    drop(done_rx);
    done_tx.closed().await;
    Ok(())
}

/// Errors of one connection that does not concern the listener.
fn is_connection_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset | Interrupted
    )
}
