//! Reads yield to an ingest.
//!
//! An ingest is CPU-bound, and so is serving a flood of cached pages: on a
//! small machine, a hundred busy connections would take most of the CPU and
//! make the ingest several times slower. While an ingest runs, reads are
//! therefore admitted at a bounded rate (each waits for its slot, none is
//! refused); the rest of the time they are not held at all.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// The read admission of one server.
pub(crate) struct Throttle {
    /// Time between two admitted reads while an ingest runs (zero: no limit).
    interval: Duration,
    next: Mutex<Instant>,
    ingests: AtomicUsize,
}

/// Marks an ingest under way until dropped.
pub(crate) struct Ingesting<'a>(&'a Throttle);

impl Drop for Ingesting<'_> {
    fn drop(&mut self) {
        self.0.ingests.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Throttle {
    /// At most `per_second` reads per second while an ingest runs (0: no limit).
    pub fn new(per_second: u32) -> Self {
        let interval = if per_second == 0 {
            Duration::ZERO
        } else {
            Duration::from_secs(1) / per_second
        };
        Throttle {
            interval,
            next: Mutex::new(Instant::now()),
            ingests: AtomicUsize::new(0),
        }
    }

    /// An ingest starts; it ends when the guard is dropped.
    pub fn ingesting(&self) -> Ingesting<'_> {
        self.ingests.fetch_add(1, Ordering::AcqRel);
        Ingesting(self)
    }

    /// Wait for this read's turn (immediately when no ingest runs).
    pub async fn admit(&self) {
        if self.interval.is_zero() || self.ingests.load(Ordering::Acquire) == 0 {
            return;
        }
        let slot = {
            let mut next = self.next.lock().unwrap_or_else(|p| p.into_inner());
            let now = Instant::now();
            let slot = (*next).max(now);
            *next = slot + self.interval;
            slot
        };
        tokio::time::sleep_until(slot).await;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod tests {
    use super::*;

    #[tokio::test]
    async fn reads_are_paced_only_during_an_ingest() {
        let t = std::sync::Arc::new(Throttle::new(1000));
        let start = std::time::Instant::now();
        for _ in 0..50 {
            t.admit().await;
        }
        assert!(
            start.elapsed() < Duration::from_millis(20),
            "no ingest: no wait"
        );
        let guard = t.ingesting();
        let start = std::time::Instant::now();
        let tasks: Vec<_> = (0..50)
            .map(|_| {
                let t = t.clone();
                tokio::spawn(async move { t.admit().await })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
        let took = start.elapsed();
        assert!(
            took >= Duration::from_millis(45),
            "50 reads at 1000/s: {took:?}"
        );
        drop(guard);
        let start = std::time::Instant::now();
        t.admit().await;
        assert!(start.elapsed() < Duration::from_millis(10));
    }
}
