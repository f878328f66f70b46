//! `storyline`: the command-line front end. Glue only: parse arguments, read the
//! input with progress, call the library, print the result. Each subcommand
//! lives in its own module.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod digest;
mod eval;
mod eval_pages;
mod extract;
mod follow;
mod ingest;
mod io;
mod serve;
mod summarize;

#[derive(Parser)]
#[command(
    name = "storyline",
    version,
    about = "Turn a pile of news articles into attributed stories"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read articles and write a story report: stories, copied sentences, cited summaries.
    Digest(digest::Args),
    /// Add articles to a story database; stories grow incrementally.
    Ingest(ingest::Args),
    /// Read pages, web archives and feeds into JSON Lines of articles with their metadata.
    Extract(extract::Args),
    /// Follow news feeds live into a story database, politely.
    Follow(follow::Args),
    /// Summarize pre-clustered articles (MultiLing clusters JSONL): one JSON line per cluster.
    Summarize(summarize::Args),
    /// Measure quality: ROUGE of summaries, BCubed/ARI of stories.
    #[command(subcommand)]
    Eval(eval::Command),
    /// Serve a story database: the JSON API under /api/ and the web pages.
    Serve(serve::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Digest(args) => digest::run(args),
        Command::Ingest(args) => ingest::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Follow(args) => follow::run(args),
        Command::Summarize(args) => summarize::run(args),
        Command::Eval(cmd) => eval::run(cmd),
        Command::Serve(args) => serve::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if io::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("storyline: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    /// Every subcommand's arguments are consistent (unique names, valid
    /// defaults); clap checks this only when a command is first parsed, so a
    /// clash in a rarely used command would otherwise reach a user.
    #[test]
    fn every_command_line_is_well_formed() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
