//! The storyline digest on [timely dataflow](https://docs.rs/timely): several
//! worker threads (`storyline digest --workers N`) or several processes on
//! several machines (`--processes`, `--process`, `--hostfile`), with the same
//! report, byte for byte, as one process.
//!
//! Every process reads the same input files (so every process reports the
//! same input problems, in the same order, and numbers the articles alike).
//! Article `a` belongs to worker `a mod W`, which runs the per-article stages
//! on it; copy detection then runs by key across workers (see the
//! `stages.rs` module docs for the dataflow), and so do the connected components of the
//! copy links. For a batch digest each worker weighs its articles' story
//! vectors with document frequencies summed by term key; worker 0 receives
//! the articles' outlines (no fingerprints), their vectors and the components
//! and finds the copy groups and the stories with
//! [`storyline::pipeline::find_outlined`], the similarity graph itself being
//! computed by key across workers; then it deals the stories out, and each
//! worker summarises its stories from their articles' parts, which the
//! articles' workers send it ([`storyline::story_parts`]). A stream digest
//! gathers the analyses whole ([`storyline::pipeline::find_analysed`]) and
//! is summarised on process 0. The report is written on process 0.
//!
//! timely has no checkpoints: when a process dies, the job fails. The other
//! processes stop with an error (see [`exit_on_worker_panic`]), the report is
//! not written, and a rerun from the same files gives the same report.

mod cluster;
mod comm;
mod net;
mod stages;

use std::sync::Arc;
use std::time::Duration;

use storyline::pipeline::{digest_found, digest_with_stories, resolve_language};
use storyline::{Article, Config, Digest, Grouping};
use timely::communication::allocator::zero_copy::initialize::initialize_networking_from_sockets;
use timely::communication::allocator::{AllocatorBuilder, ProcessBuilder};
use timely::communication::{Config as CommunicationConfig, Hooks};
use timely::WorkerConfig;

/// Where the workers run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    /// Worker threads in each process.
    pub workers: usize,
    /// Number of processes.
    pub processes: usize,
    /// This process's index, `0..processes`; process 0 writes the report.
    pub process: usize,
    /// `host:port` of every process, in process order (one per process;
    /// empty when there is one process).
    pub hosts: Vec<String>,
    /// How long to wait for the other processes to connect.
    pub timeout: Duration,
    /// How long one round of the exchange may wait for the other workers
    /// before the job fails (`None`: as long as it takes). A peer that is
    /// alive but stuck cannot be told from one that computes, so this is
    /// for the user to bound; it must exceed the longest stage.
    pub round_timeout: Option<Duration>,
}

impl Cluster {
    /// `workers` threads in this one process.
    pub fn threads(workers: usize) -> Self {
        Cluster {
            workers,
            processes: 1,
            process: 0,
            hosts: Vec::new(),
            timeout: Duration::from_secs(60),
            round_timeout: None,
        }
    }

    /// Check that the description is whole: at least one worker, an index
    /// within the processes, one address per process.
    pub fn validate(&self) -> Result<(), Error> {
        if self.workers == 0 || self.processes == 0 {
            return Err(Error::Config(
                "--workers and --processes must be at least 1".into(),
            ));
        }
        if self.process >= self.processes {
            return Err(Error::Config(format!(
                "--process {} is not below --processes {}",
                self.process, self.processes
            )));
        }
        if self.processes > 1 && self.hosts.len() != self.processes {
            return Err(Error::Config(format!(
                "--processes {} needs as many addresses, one per line of the host file; it has {}",
                self.processes,
                self.hosts.len()
            )));
        }
        Ok(())
    }
}

/// Why a distributed digest failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The cluster description is not usable.
    #[error("{0}")]
    Config(String),
    /// This process cannot listen on its own address.
    #[error("cannot listen on {address} (this process's line of the host file): {source}")]
    Listen {
        address: String,
        source: std::io::Error,
    },
    /// A peer did not connect in time.
    #[error(
        "process {process} at {address} did not connect within {} s: is it running, with the \
         same host file?", waited.as_secs()
    )]
    Unreachable {
        process: usize,
        address: String,
        waited: Duration,
    },
    /// A peer runs another job or another cluster shape.
    #[error("{0}")]
    Mismatch(String),
    /// Connecting failed.
    #[error("{0}")]
    Io(String),
    /// A worker failed while running.
    #[error("a worker failed: {0}")]
    Worker(String),
}

/// A finished distributed run.
pub struct Run {
    /// The digest, on process 0 only.
    pub digest: Option<Digest>,
    /// Encoded bytes the workers sent each other (all workers, this run).
    pub bytes_exchanged: u64,
    /// Time in the dataflow (per-article stages and copy detection on all
    /// workers, and gathering on worker 0).
    pub dataflow: Duration,
    /// Time building the digest from the gathered results on process 0
    /// (for a stream digest the summaries and story extracts, which a batch
    /// digest makes in the dataflow).
    pub assembly: Duration,
    /// Seconds each stage of the dataflow took on its slowest worker
    /// (`analyse`, `copies`, `gather`, `stories`, then `summaries` for a
    /// batch digest, or `extracts` for a stream digest that extracts);
    /// empty off process 0.
    pub stages: Vec<(&'static str, f64)>,
}

/// Digest `articles` (every process passes the same ones, read from the same
/// files) on `cluster`. Process 0 gets the digest, equal to
/// [`storyline::digest_grouped`]'s on the same articles; the others get `None`.
pub fn digest(
    articles: Vec<Article>,
    cfg: &Config,
    grouping: Grouping,
    cluster: &Cluster,
) -> Result<Run, Error> {
    cluster.validate()?;
    if matches!(grouping, Grouping::Given(_)) {
        return Err(Error::Config(
            "given stories are not supported by the distributed digest".into(),
        ));
    }
    let language = resolve_language(&articles, cfg);
    let mut cfg = cfg.clone();
    cfg.language = Some(language);
    let job = if cluster.processes > 1 {
        job_fingerprint(&articles, &cfg, &grouping)
    } else {
        0
    };
    let mut articles = articles;
    if cluster.process != 0 {
        // Only process 0 writes the report; the others keep just the
        // articles their workers analyse (article a is worker a mod W's).
        let peers = cluster.workers * cluster.processes;
        let ours = cluster.process * cluster.workers..(cluster.process + 1) * cluster.workers;
        for (a, article) in articles.iter_mut().enumerate() {
            if !ours.contains(&(a % peers)) {
                *article = Article::new(std::mem::take(&mut article.id), "", "");
            }
        }
    }
    let articles = Arc::new(articles);
    let (builders, others): (Vec<AllocatorBuilder>, Box<dyn std::any::Any + Send>) =
        if cluster.processes == 1 {
            let comms = if cluster.workers == 1 {
                CommunicationConfig::Thread
            } else {
                CommunicationConfig::Process(cluster.workers)
            };
            comms.try_build().map_err(Error::Io)?
        } else {
            let sockets = net::connect(cluster, job)?;
            let hooks = Hooks::default();
            let local = ProcessBuilder::new_typed_vector(
                cluster.workers,
                hooks.refill.clone(),
                hooks.spill.clone(),
            );
            let (tcp, guard) = initialize_networking_from_sockets(
                local,
                sockets,
                cluster.process,
                cluster.workers,
                hooks,
            )
            .map_err(|e| Error::Io(e.to_string()))?;
            (
                tcp.into_iter().map(AllocatorBuilder::Tcp).collect(),
                Box::new(guard),
            )
        };
    let started = std::time::Instant::now();
    let shared = Arc::clone(&articles);
    let worker_cfg = cfg.clone();
    let worker_grouping = grouping.clone();
    let round_timeout = cluster.round_timeout;
    let guards =
        timely::execute::execute_from(builders, others, WorkerConfig::default(), move |worker| {
            let mut comm = comm::Comm::new(worker, round_timeout);
            stages::run(&mut comm, &shared, language, &worker_cfg, &worker_grouping)
        })
        .map_err(Error::Worker)?;
    let mut gathered = None;
    for result in guards.join() {
        match result {
            Ok(Ok(Some(g))) => gathered = Some(g),
            Ok(Ok(None)) => {}
            Ok(Err(e)) => return Err(Error::Worker(e)),
            Err(panic) => return Err(Error::Worker(panic)),
        }
    }
    let dataflow = started.elapsed();
    let Some(gathered) = gathered else {
        return Ok(Run {
            digest: None,
            bytes_exchanged: 0,
            dataflow,
            assembly: Duration::ZERO,
            stages: Vec::new(),
        });
    };
    let started = std::time::Instant::now();
    let articles = Arc::try_unwrap(articles).unwrap_or_else(|shared| (*shared).clone());
    let digest = match gathered.stories {
        Some(stories) => digest_with_stories(articles, gathered.found, stories),
        None => digest_found(articles, gathered.found, &cfg),
    };
    Ok(Run {
        digest: Some(digest),
        bytes_exchanged: gathered.bytes_exchanged,
        dataflow,
        assembly: started.elapsed(),
        stages: gathered.stages,
    })
}

/// A fingerprint of the job (articles and options), which all processes
/// must share: a process given other files is refused before any work.
fn job_fingerprint(articles: &[Article], cfg: &Config, grouping: &Grouping) -> u64 {
    use storyline::text::hash_str;
    let mut h = hash_str(&format!(
        "{}|{cfg:?}|{grouping:?}|{}",
        env!("CARGO_PKG_VERSION"),
        articles.len()
    ));
    for a in articles {
        let published = a.published.map(|p| p.at.as_second());
        for part in [
            hash_str(&a.id),
            hash_str(&a.title),
            hash_str(&a.text),
            published.unwrap_or(i64::MIN) as u64,
        ] {
            h = (h ^ part).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Make a failing worker or a lost peer end this process at once, with a
/// clear message and exit status 3, instead of leaving the other workers
/// waiting for data that will not come. For binaries (the CLI); a library
/// caller may prefer its own panic hook.
pub fn exit_on_worker_panic() {
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("a worker panicked");
        let thread = std::thread::current();
        let name = thread.name().unwrap_or("?");
        if what.contains("timely communication error") || what.contains("--round-timeout") {
            eprintln!(
                "storyline: error: lost a peer process ({what}); the distributed digest stops \
                 here and writes no report. A rerun from the same files gives the whole report."
            );
        } else {
            eprintln!(
                "storyline: error: thread {name} failed ({what}); the distributed digest stops \
                 here and writes no report"
            );
        }
        std::process::exit(3);
    }));
}
