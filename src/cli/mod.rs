//! Command-line arguments and dispatch: one subcommand, one file.

mod args;
mod common;
mod evaluate;
mod generate;
mod import;
mod progress;
mod rank;
mod skills;
mod train;

use clap::{Parser, Subcommand};

/// Rank software engineers against open roles on evidence of shipped code over credentials.
#[derive(Debug, Parser)]
#[command(name = "shiprank", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Rank candidates for roles (with no arguments: the bundled sample).
    Rank(rank::Args),
    /// Generate a synthetic candidate pool shaped like the market.
    Generate(generate::Args),
    /// Import candidates from saved GitHub API responses.
    Import(import::Args),
    /// Look skills up, list unknown ones, rebuild the taxonomy.
    Skills(skills::Args),
    /// Train a ranking model on labelled data (hiring outcomes, or a LETOR file).
    Train(train::Args),
    /// Measure a strategy, a model or external scores against labels: NDCG@k, MAP, P@k, MRR.
    Evaluate(evaluate::Args),
}

/// Parses the command line and runs the chosen subcommand.
pub fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    shiprank::clean_up_on_signals();
    match cli.command {
        None => rank::run(&rank::Args::default()),
        Some(Command::Rank(args)) => rank::run(&args),
        Some(Command::Generate(args)) => generate::run(&args),
        Some(Command::Skills(args)) => skills::run(&args),
        Some(Command::Import(args)) => import::run(&args),
        Some(Command::Train(args)) => train::run(&args),
        Some(Command::Evaluate(args)) => evaluate::run(&args),
    }
}
