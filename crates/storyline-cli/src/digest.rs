//! `storyline digest`: articles in, story report out.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::ValueEnum;
use storyline::report;

use crate::io;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: io::Input,
    /// Report format.
    #[arg(long, short, value_enum, default_value_t = OutputFormat::Markdown)]
    format: OutputFormat,
    /// Write the report to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Find stories as a stream, in publication order, as `storyline ingest`
    /// does (the same stories a story database holds), instead of in one batch.
    #[arg(long)]
    stream: bool,
    #[command(flatten)]
    cluster: ClusterArgs,
}

/// The distributed digest (timely dataflow): the same report, computed by
/// several worker threads or processes.
#[derive(clap::Args)]
#[command(next_help_heading = "Distributed digest")]
struct ClusterArgs {
    /// Worker threads in this process (in every process, with --processes).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=4096))]
    workers: Option<u32>,
    /// Number of processes, each started with the same files and options,
    /// its own --process and the same --hostfile. Process 0 writes the report.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=4096))]
    processes: Option<u32>,
    /// This process's index, from 0 to --processes minus 1.
    #[arg(long, value_name = "I", default_value_t = 0)]
    process: u32,
    /// A text file of `host:port` lines, one per process in process order
    /// (default: localhost:2101, localhost:2102, ...).
    #[arg(long, value_name = "FILE")]
    hostfile: Option<PathBuf>,
    /// Seconds to wait for the other processes to connect.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    connect_timeout: u64,
    /// Fail when one round of the exchange waits longer than this for the
    /// other workers (default: wait as long as it takes). A stuck peer cannot
    /// be told from a busy one, so set it above the longest stage.
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    round_timeout: Option<u64>,
}

impl ClusterArgs {
    /// The cluster, when the distributed digest is asked for.
    fn cluster(&self) -> anyhow::Result<Option<storyline_dist::Cluster>> {
        if self.workers.is_none() && self.processes.is_none() {
            return Ok(None);
        }
        let processes = self.processes.unwrap_or(1) as usize;
        let hosts = match (&self.hostfile, processes) {
            (_, 1) => Vec::new(),
            (Some(path), _) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read the host file {}", path.display()))?;
                let hosts: Vec<String> = text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(String::from)
                    .collect();
                if hosts.len() < processes {
                    anyhow::bail!(
                        "the host file {} lists {} addresses; --processes {processes} needs one per process",
                        path.display(),
                        hosts.len()
                    );
                }
                hosts.into_iter().take(processes).collect()
            }
            (None, _) => (0..processes)
                .map(|i| format!("localhost:{}", 2101 + i))
                .collect(),
        };
        let cluster = storyline_dist::Cluster {
            workers: self.workers.unwrap_or(1) as usize,
            processes,
            process: self.process as usize,
            hosts,
            timeout: std::time::Duration::from_secs(self.connect_timeout),
            round_timeout: self.round_timeout.map(std::time::Duration::from_secs),
        };
        cluster.validate()?;
        Ok(Some(cluster))
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Markdown,
    Json,
    Html,
    /// The JSON report as JSON Lines: a `report` line, then one line per
    /// story, copy group, document copy, article and diagnostic.
    Jsonl,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let cluster = args.cluster.cluster()?;
    let Some((articles, diags)) = args.input.read()? else {
        return Ok(ExitCode::from(1));
    };
    let cfg = args.input.config()?;
    let spinner = io::progress(1, "finding stories");
    let grouping = if args.stream {
        storyline::Grouping::Stream
    } else {
        storyline::Grouping::Batch
    };
    let mut digest = match &cluster {
        None => storyline::digest_grouped(articles, &cfg, grouping),
        Some(cluster) => {
            storyline_dist::exit_on_worker_panic();
            let n = articles.len();
            let run = storyline_dist::digest(articles, &cfg, grouping, cluster)?;
            if !args.input.quiet && cluster.process == 0 {
                spinner.suspend(|| {
                    let stages: Vec<String> = run
                        .stages
                        .iter()
                        .map(|(name, s)| format!("{name} {s:.2} s"))
                        .collect();
                    eprintln!(
                        "storyline: {} workers in {} processes exchanged {} bytes ({} per \
                         article); {:.2} s in the dataflow ({}, on the slowest worker), \
                         {:.2} s building the digest",
                        cluster.workers * cluster.processes,
                        cluster.processes,
                        run.bytes_exchanged,
                        run.bytes_exchanged / n.max(1) as u64,
                        run.dataflow.as_secs_f64(),
                        stages.join(", "),
                        run.assembly.as_secs_f64(),
                    )
                });
            }
            match run.digest {
                Some(d) => d,
                // Another process writes the report.
                None => return Ok(ExitCode::SUCCESS),
            }
        }
    };
    spinner.finish_and_clear();
    digest.diagnostics = diags;
    let format = match args.format {
        OutputFormat::Markdown => report::Format::Markdown,
        OutputFormat::Json => report::Format::Json,
        OutputFormat::Html => report::Format::Html,
        OutputFormat::Jsonl => report::Format::JsonLines,
    };
    io::write_output_with(args.output.as_deref(), |out| {
        Ok(report::write(&digest, format, out)?)
    })?;
    Ok(ExitCode::SUCCESS)
}
