//! Command-line arguments and dispatch: one subcommand, one file.

mod common;
mod generate;
mod rank;
mod skills;

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
    /// Look skills up, list unknown ones, rebuild the taxonomy.
    Skills(skills::Args),
}

/// Parses the command line and runs the chosen subcommand.
pub fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        None => rank::run(&rank::Args::default()),
        Some(Command::Rank(args)) => rank::run(&args),
        Some(Command::Generate(args)) => generate::run(&args),
        Some(Command::Skills(args)) => skills::run(&args),
    }
}
