//! Command-line arguments and dispatch: one subcommand, one file.

mod args;
mod audit;
mod common;
mod compare;
mod evaluate;
mod generate;
mod grammar;
mod import;
mod meta;
mod model;
mod progress;
mod rank;
mod serve;
mod skills;
mod train;
mod why;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

/// Rank software engineers against open roles on evidence of shipped code over credentials.
#[derive(Debug, Parser)]
#[command(name = "shiprank", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Rank candidates for roles (with no arguments: the bundled sample).
    Rank(rank::Args),
    /// Audit a ranking for adverse impact: selection and scoring rates, impact ratios and
    /// their uncertainty by audit attribute (gender, ethnicity, ...) and intersections.
    Audit(audit::Args),
    /// Generate a synthetic candidate pool shaped like the market.
    Generate(generate::Args),
    /// Import candidates from saved GitHub API responses.
    Import(import::Args),
    /// Look skills up, list unknown ones, rebuild the taxonomy.
    Skills(skills::Args),
    /// Train a ranking model on labelled data (hiring outcomes, or a LETOR file).
    Train(train::Args),
    /// Inspect a model file: `model show PATH`.
    Model(model::Args),
    /// Measure a strategy, a model or external scores against labels: NDCG@k, MAP, P@k, MRR.
    Evaluate(evaluate::Args),
    /// Compare scorers on the same labelled queries: metrics with confidence intervals,
    /// significance against a baseline, rank agreement, credential dependence.
    Compare(compare::Args),
    /// Why a candidate is or is not in a role's top k: the filter that excludes them, and the
    /// smallest single changes (in years, stars, hours, salary, skills...) that would move
    /// them across the cut.
    Why(why::Args),
    /// Tune role weightings on a local web page: the shortlist, its quality against labels
    /// and its adverse impact move live with the weights; Save writes them to the roles file.
    Serve(serve::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell).
    Completions(meta::CompletionArgs),
    /// Print the man page (or write every page into a folder).
    Man(meta::ManArgs),
}

/// Parses the command line and runs the chosen subcommand.
pub fn run() -> anyhow::Result<()> {
    // The long version names the data compiled in, which is known only at run time.
    let matches = Cli::command()
        .long_version(meta::long_version())
        .get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    shiprank::clean_up_on_signals();
    match cli.command {
        None => rank::run(&rank::Args::default()),
        Some(Command::Rank(args)) => rank::run(&args),
        Some(Command::Audit(args)) => audit::run(&args),
        Some(Command::Generate(args)) => generate::run(&args),
        Some(Command::Skills(args)) => skills::run(&args),
        Some(Command::Import(args)) => import::run(&args),
        Some(Command::Train(args)) => train::run(&args),
        Some(Command::Evaluate(args)) => evaluate::run(&args),
        Some(Command::Model(args)) => model::run(&args),
        Some(Command::Compare(args)) => {
            let order = matches
                .subcommand_matches("compare")
                .map(compare::Order::of)
                .unwrap_or_default();
            compare::run(&args, &order)
        }
        Some(Command::Why(args)) => why::run(&args),
        Some(Command::Serve(args)) => serve::run(&args),
        Some(Command::Completions(args)) => meta::completions(&args),
        Some(Command::Man(args)) => meta::man(&args),
    }
}
