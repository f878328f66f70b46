//! Politeness: a queue of requests that hands a worker the first job whose
//! host is free (no request to it in flight) and rested (its delay since
//! the last request has passed, and any `Retry-After` it sent).
//!
//! One host's jobs never run at the same time, and a host that must wait
//! never holds up the others: a worker skips past its jobs to the next host
//! that is ready, and sleeps only when no host is.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use rustc_hash::FxHashMap;

#[derive(Debug, Default)]
struct Host {
    busy: bool,
    /// No request before this.
    ready_at: Option<Instant>,
}

struct Inner<T> {
    jobs: VecDeque<(String, T)>,
    hosts: FxHashMap<String, Host>,
    closed: bool,
}

/// The job queue shared by the workers.
pub struct Queue<T> {
    inner: Mutex<Inner<T>>,
    ready: Condvar,
}

impl<T> Default for Queue<T> {
    fn default() -> Self {
        Queue {
            inner: Mutex::new(Inner {
                jobs: VecDeque::new(),
                hosts: FxHashMap::default(),
                closed: false,
            }),
            ready: Condvar::new(),
        }
    }
}

impl<T> Queue<T> {
    fn lock(&self) -> MutexGuard<'_, Inner<T>> {
        // A worker that panicked cannot leave the queue half-changed: every
        // change below is a single assignment.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Add a job for `host`.
    pub fn push(&self, host: String, job: T) {
        self.lock().jobs.push_back((host, job));
        self.ready.notify_one();
    }

    /// Stop handing out jobs: every waiting [`Queue::next`] returns `None`.
    pub fn close(&self) {
        let mut q = self.lock();
        q.closed = true;
        q.jobs.clear();
        drop(q);
        self.ready.notify_all();
    }

    /// The next job whose host is free and rested, marking the host busy;
    /// blocks until there is one. Also returns how long it waited for
    /// politeness (a host's delay) rather than for work. `None` once closed.
    pub fn next(&self) -> Option<(String, T, Duration)> {
        let mut q = self.lock();
        let mut polite_wait = Duration::ZERO;
        loop {
            if q.closed {
                return None;
            }
            let now = Instant::now();
            let mut soonest: Option<Instant> = None;
            let mut pick = None;
            for (i, (host, _)) in q.jobs.iter().enumerate() {
                let h = q.hosts.get(host);
                if h.is_some_and(|h| h.busy) {
                    continue;
                }
                match h.and_then(|h| h.ready_at) {
                    Some(at) if at > now => {
                        soonest = Some(soonest.map_or(at, |s| s.min(at)));
                    }
                    _ => {
                        pick = Some(i);
                        break;
                    }
                }
            }
            if let Some(i) = pick {
                let Some((host, job)) = q.jobs.remove(i) else {
                    continue;
                };
                q.hosts.entry(host.clone()).or_default().busy = true;
                return Some((host, job, polite_wait));
            }
            let started = Instant::now();
            q = match soonest {
                // Only hosts that must rest have work: wait for the first.
                Some(at) => {
                    let (g, _) = self
                        .ready
                        .wait_timeout(q, at.saturating_duration_since(now))
                        .unwrap_or_else(|e| e.into_inner());
                    polite_wait += started.elapsed();
                    g
                }
                None => self.ready.wait(q).unwrap_or_else(|e| e.into_inner()),
            };
        }
    }

    /// The job on `host` is done: the host is free again after `rest`.
    pub fn release(&self, host: &str, rest: Duration) {
        let mut q = self.lock();
        let h = q.hosts.entry(host.to_string()).or_default();
        h.busy = false;
        let at = Instant::now() + rest;
        h.ready_at = Some(h.ready_at.map_or(at, |old| old.max(at)));
        drop(q);
        self.ready.notify_all();
    }

    /// Take out the waiting jobs of hosts that must rest longer than
    /// `longer_than` from now (a long `Retry-After`), for a run that will
    /// not wait that long.
    pub fn take_held(&self, longer_than: Duration) -> Vec<(String, T)> {
        let mut q = self.lock();
        let limit = Instant::now() + longer_than;
        let held: Vec<bool> = q
            .jobs
            .iter()
            .map(|(host, _)| {
                q.hosts
                    .get(host)
                    .is_some_and(|h| !h.busy && h.ready_at.is_some_and(|at| at > limit))
            })
            .collect();
        let jobs = std::mem::take(&mut q.jobs);
        let mut taken = Vec::new();
        for (job, held) in jobs.into_iter().zip(held) {
            if held {
                taken.push(job);
            } else {
                q.jobs.push_back(job);
            }
        }
        taken
    }

    /// Make `host` wait at least until `until` (a `Retry-After`).
    pub fn hold(&self, host: &str, until: Instant) {
        let mut q = self.lock();
        let h = q.hosts.entry(host.to_string()).or_default();
        h.ready_at = Some(h.ready_at.map_or(until, |old| old.max(until)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_resting_host_does_not_block_the_others() {
        let q: Queue<u32> = Queue::default();
        q.push("a".into(), 1);
        q.push("a".into(), 2);
        q.push("b".into(), 3);
        let (h, job, _) = q.next().expect("job");
        assert_eq!((h.as_str(), job), ("a", 1));
        // "a" is busy: the next job is b's, though a's second came first.
        let (h, job, _) = q.next().expect("job");
        assert_eq!((h.as_str(), job), ("b", 3));
        q.release("a", Duration::from_millis(150));
        let t = Instant::now();
        let (h, job, waited) = q.next().expect("job");
        assert_eq!((h.as_str(), job), ("a", 2));
        assert!(
            t.elapsed() >= Duration::from_millis(140),
            "{:?}",
            t.elapsed()
        );
        assert!(waited >= Duration::from_millis(100), "{waited:?}");
    }

    #[test]
    fn close_wakes_waiting_workers() {
        let q: Arc<Queue<u32>> = Arc::new(Queue::default());
        let w = {
            let q = q.clone();
            std::thread::spawn(move || q.next().map(|(_, j, _)| j))
        };
        std::thread::sleep(Duration::from_millis(50));
        q.close();
        assert_eq!(w.join().expect("worker"), None);
    }
}
