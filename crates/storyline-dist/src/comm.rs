//! The one exchange the stages use: every worker hands each other worker a
//! batch of records, and gets back what all workers sent it, in a fixed order.
//!
//! It is a timely dataflow of one `exchange` operator: records travel as
//! encoded chunks routed by their target worker, one timestamp per round, and
//! a probe says when a round has fully arrived. The stages between rounds are
//! plain Rust over each worker's share (a bulk-synchronous program on timely's
//! exchange and progress tracking).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use serde::Serialize;
use timely::container::{
    CapacityContainerBuilder, ContainerBuilder, LengthPreservingContainerBuilder, PushInto,
};
use timely::dataflow::channels::pact::ExchangeCore;
use timely::dataflow::operators::{Input, Operator, Probe};
use timely::dataflow::{InputHandle, ProbeHandle};
use timely::worker::Worker;

/// An encoded chunk: (target worker, round, sending worker, chunk number,
/// bytes). A faster worker's chunks of the next round can arrive before
/// this round is complete here; the round tells them apart.
type Chunk = (u32, u64, u32, u32, Vec<u8>);

/// Encoded chunks are cut at about this size, so that no single message
/// holds a worker's whole share.
const CHUNK_BYTES: usize = 8 << 20;

/// A container builder that makes each chunk a message of its own. timely's
/// default gathers up to 170 chunks (8 KiB of 48-byte records) into one
/// message, and a message to another process is encoded whole into a
/// buffer that is kept for reuse: rounds of many chunks left buffers of a
/// round's size behind (heaptrack: a seventh of process 0's peak).
#[derive(Default)]
struct OneChunk {
    pending: VecDeque<Vec<Chunk>>,
    out: Option<Vec<Chunk>>,
}

impl PushInto<Chunk> for OneChunk {
    fn push_into(&mut self, chunk: Chunk) {
        self.pending.push_back(vec![chunk]);
    }
}

impl ContainerBuilder for OneChunk {
    type Container = Vec<Chunk>;

    fn extract(&mut self) -> Option<&mut Vec<Chunk>> {
        self.out = self.pending.pop_front();
        self.out.as_mut()
    }

    fn finish(&mut self) -> Option<&mut Vec<Chunk>> {
        self.extract()
    }
}

impl LengthPreservingContainerBuilder for OneChunk {}

/// The longest a waiting worker sleeps before it looks again.
const PARK: Duration = Duration::from_millis(5);

/// A worker's end of the exchange.
pub struct Comm<'w> {
    worker: &'w mut Worker,
    input: InputHandle<u64, OneChunk>,
    probe: ProbeHandle<u64>,
    received: Rc<RefCell<Vec<Chunk>>>,
    round: u64,
    /// Fault injection for the tests: this process exits, as a crashed
    /// peer would, when it reaches this round (`STORYLINE_DIST_EXIT_AT_ROUND`).
    exit_at: Option<u64>,
    /// Fault injection for the tests: this process stops answering, alive,
    /// at this round (`STORYLINE_DIST_HANG_AT_ROUND`).
    hang_at: Option<u64>,
    /// How long a round may wait for the other workers ([`crate::Cluster::round_timeout`]).
    round_timeout: Option<Duration>,
    /// Encoded bytes this worker sent to other workers.
    pub bytes_sent: u64,
}

impl<'w> Comm<'w> {
    /// Build the exchange dataflow on `worker` (every worker must, in the same order).
    pub fn new(worker: &'w mut Worker, round_timeout: Option<Duration>) -> Self {
        let mut input = InputHandle::new_with_builder();
        let received: Rc<RefCell<Vec<Chunk>>> = Rc::default();
        let sink = Rc::clone(&received);
        let probe = worker.dataflow(|scope| {
            scope
                .input_from(&mut input)
                // Routed by target worker, one chunk per message. Take the
                // chunks out of timely's buffers rather than copy them: a
                // received chunk is held once. The operator's output
                // (nothing) passes the round only once it has taken them.
                .unary::<CapacityContainerBuilder<Vec<()>>, _, _, _>(
                    ExchangeCore::<OneChunk, _>::new_core(|c: &Chunk| u64::from(c.0)),
                    "Receive",
                    move |_, _| {
                        move |input, _| {
                            input.for_each(|_, chunks| sink.borrow_mut().append(chunks));
                        }
                    },
                )
                .probe()
                .0
        });
        Comm {
            worker,
            input,
            probe,
            received,
            round: 0,
            exit_at: std::env::var("STORYLINE_DIST_EXIT_AT_ROUND")
                .ok()
                .and_then(|r| r.parse().ok()),
            hang_at: std::env::var("STORYLINE_DIST_HANG_AT_ROUND")
                .ok()
                .and_then(|r| r.parse().ok()),
            round_timeout,
            bytes_sent: 0,
        }
    }

    /// This worker's index among all workers of all processes.
    pub fn index(&self) -> usize {
        self.worker.index()
    }

    /// The number of workers in all processes.
    pub fn peers(&self) -> usize {
        self.worker.peers()
    }

    /// Send `outgoing[w]` to worker `w` (one batch per worker, possibly
    /// empty) and return what every worker sent this one: worker 0's records
    /// first, each worker's in the order it sent them. Every worker must call
    /// it, the same number of times.
    ///
    /// # Panics
    /// When a record does not decode, which means the workers run different
    /// builds of storyline (a process of the same build cannot send one); the
    /// job cannot go on, and a panic ends it (see `exit_on_worker_panic`).
    pub fn exchange<T: Serialize + DeserializeOwned>(&mut self, outgoing: Vec<Vec<T>>) -> Vec<T> {
        if self.exit_at == Some(self.round) {
            std::process::exit(9);
        }
        if self.hang_at == Some(self.round) {
            loop {
                std::thread::sleep(Duration::from_secs(3600));
            }
        }
        let me = self.index() as u32;
        // This worker's records to itself stay as they are, unencoded.
        let mut own: Option<Vec<T>> = None;
        for (target, batch) in outgoing.into_iter().enumerate() {
            if target == me as usize {
                own = Some(batch);
                continue;
            }
            let mut seq = 0u32;
            let mut buf = Vec::new();
            for item in &batch {
                if let Err(e) = bincode::serialize_into(&mut buf, item) {
                    panic!("a record does not encode: {e}");
                }
                if buf.len() >= CHUNK_BYTES {
                    self.send(target as u32, me, seq, std::mem::take(&mut buf));
                    seq += 1;
                }
            }
            if !buf.is_empty() {
                self.send(target as u32, me, seq, buf);
            }
        }
        self.input.advance_to(self.round + 1);
        let waiting = Instant::now();
        while self.probe.less_than(&(self.round + 1)) {
            if let Some(limit) = self.round_timeout.filter(|&l| waiting.elapsed() > l) {
                panic!(
                    "round {} of the exchange waited {} s for the other workers \
                     (--round-timeout): a peer process is stuck or unreachable",
                    self.round,
                    limit.as_secs()
                );
            }
            // Park when there is nothing to do rather than spin: a waiting
            // worker would otherwise take a core from the ones computing
            // (timely unparks it when data arrives; the bound keeps a missed
            // wake-up cheap).
            self.worker.step_or_park(Some(PARK));
        }
        let (mut chunks, later): (Vec<Chunk>, Vec<Chunk>) =
            std::mem::take(&mut *self.received.borrow_mut())
                .into_iter()
                .partition(|c| c.1 == self.round);
        *self.received.borrow_mut() = later;
        chunks.sort_unstable_by_key(|c| (c.2, c.3));
        let mut out = Vec::new();
        let mut place_own = |out: &mut Vec<T>| {
            if let Some(own) = own.take() {
                if out.is_empty() {
                    *out = own;
                } else {
                    out.extend(own);
                }
            }
        };
        for (_, _, from, _, bytes) in chunks {
            if from > me {
                place_own(&mut out);
            }
            let mut rest: &[u8] = &bytes;
            while !rest.is_empty() {
                match bincode::deserialize_from(&mut rest) {
                    Ok(item) => out.push(item),
                    Err(e) => panic!(
                        "a record from worker {from} does not decode ({e}): do all processes \
                         run the same build of storyline?"
                    ),
                }
            }
        }
        place_own(&mut out);
        self.round += 1;
        out
    }

    /// Send each record to the worker `route` names.
    pub fn route<T: Serialize + DeserializeOwned>(
        &mut self,
        records: impl IntoIterator<Item = T>,
        route: impl Fn(&T) -> usize,
    ) -> Vec<T> {
        let mut outgoing: Vec<Vec<T>> = (0..self.peers()).map(|_| Vec::new()).collect();
        for r in records {
            let w = route(&r);
            outgoing[w].push(r);
        }
        self.exchange(outgoing)
    }

    /// Every worker's records, on every worker.
    pub fn all_gather<T: Serialize + DeserializeOwned + Clone>(
        &mut self,
        records: Vec<T>,
    ) -> Vec<T> {
        let outgoing = (0..self.peers()).map(|_| records.clone()).collect();
        self.exchange(outgoing)
    }

    /// Every worker's records on worker 0; nothing on the others.
    pub fn gather<T: Serialize + DeserializeOwned>(&mut self, records: Vec<T>) -> Vec<T> {
        let mut outgoing: Vec<Vec<T>> = (0..self.peers()).map(|_| Vec::new()).collect();
        outgoing[0] = records;
        self.exchange(outgoing)
    }

    fn send(&mut self, target: u32, from: u32, seq: u32, bytes: Vec<u8>) {
        self.bytes_sent += bytes.len() as u64;
        self.input.send((target, self.round, from, seq, bytes));
    }
}
