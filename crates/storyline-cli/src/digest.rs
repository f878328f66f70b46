//! `storyline digest`: articles in, story report out.

use std::path::PathBuf;
use std::process::ExitCode;

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
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Markdown,
    Json,
    Html,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
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
    let mut digest = storyline::digest_grouped(articles, &cfg, grouping);
    spinner.finish_and_clear();
    digest.diagnostics = diags;
    let format = match args.format {
        OutputFormat::Markdown => report::Format::Markdown,
        OutputFormat::Json => report::Format::Json,
        OutputFormat::Html => report::Format::Html,
    };
    io::write_output_with(args.output.as_deref(), |out| {
        Ok(report::write(&digest, format, out)?)
    })?;
    Ok(ExitCode::SUCCESS)
}
