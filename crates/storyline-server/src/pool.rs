//! Read-only connections for the handlers.
//!
//! A [`Store`] holds one SQLite connection and is not `Sync`, so each read takes
//! a connection from a small pool, runs on tokio's blocking threads, and puts
//! the connection back. A semaphore bounds the reads running at once to the
//! pool's size; further requests wait their turn without holding a thread.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use storyline_store::{Store, StoreError};
use tokio::sync::Semaphore;

use crate::error::ApiError;

/// A bounded pool of read-only stores, opened lazily.
pub(crate) struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
    permits: Semaphore,
    size: usize,
}

impl Readers {
    /// A pool of at most `size` connections to `path`.
    pub fn new(path: PathBuf, size: usize) -> Self {
        Readers {
            path,
            idle: Mutex::new(Vec::with_capacity(size)),
            permits: Semaphore::new(size),
            size,
        }
    }

    /// Hold all connections but one until the guard is dropped: reads go on,
    /// one at a time, while a writer works (waits for reads under way to end).
    pub async fn quiet(&self) -> Option<tokio::sync::SemaphorePermit<'_>> {
        let n = u32::try_from(self.size.saturating_sub(1)).ok()?;
        if n == 0 {
            return None;
        }
        self.permits.acquire_many(n).await.ok()
    }

    /// Run `f` with a read-only store on a blocking thread. A panic in `f` (or
    /// in the store) becomes a 500, and the connection it held is dropped.
    pub async fn run<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| ApiError::Internal("reader pool closed".into()))?;
        let this = Arc::clone(self);
        let joined = tokio::task::spawn_blocking(move || {
            let idle = this
                .idle
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .pop();
            let store = match idle {
                Some(store) => store,
                None => Store::open_read_only(&this.path)?,
            };
            let out = f(&store);
            this.idle
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .push(store);
            out
        })
        .await;
        match joined {
            Ok(result) => result.map_err(ApiError::from),
            Err(e) => Err(ApiError::Internal(format!("read failed: {e}"))),
        }
    }
}
