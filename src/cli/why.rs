//! `shiprank why`: why a candidate is or is not in a role's top k, and the smallest single
//! changes that would move them across the cut.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use super::args::ListFormat;
use super::common::{given, top, with_threads, write_output};
use super::progress::Progress;
use super::rank::RunArgs;
use shiprank::{why, OutputFormat, StreamOptions, WhyOptions, WhyReport};

/// Arguments of `shiprank why`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The candidate's id.
    #[arg(long, value_name = "ID")]
    pub candidate: String,
    /// The files, the role (`--role ID`, exactly one) and what scores it, as `rank` takes them.
    #[command(flatten)]
    pub run: RunArgs,
    /// The size of the top the question is about.
    #[arg(long, value_name = "N", default_value = "10", value_parser = top, allow_negative_numbers = true)]
    pub top: NonZeroUsize,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
    /// Write the answer here (atomically) instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Print no summary on standard error.
    #[arg(long)]
    pub quiet: bool,
}

/// Runs `shiprank why`.
pub fn run(args: &Args) -> anyhow::Result<()> {
    super::common::check_paths(&given(&[("--out", &args.out)]), &args.run.inputs())?;
    if args.run.role.len() != 1 {
        anyhow::bail!("why answers for one role: give --role ID once");
    }
    let loaded = args.run.load()?;
    let (candidates, as_of) = (&loaded.candidates, loaded.as_of);
    let options = WhyOptions {
        rank: loaded.rank_options(args.top),
        read: loaded.read_options(args.run.skip_invalid, false),
    };
    let progress = Progress::start(candidates.path(), args.quiet);
    let stream = StreamOptions {
        progress: Some(&progress.rows),
        ..StreamOptions::default()
    };
    let answer = with_threads(args.run.threads, || {
        why(
            candidates,
            &loaded.roles[0],
            &args.candidate,
            &options,
            &stream,
        )
    });
    progress.finish();
    let answer = answer??;
    if !args.quiet {
        eprintln!(
            "shiprank: why {} for {} (top {}): {} candidates scored from {} as of {as_of}",
            answer.candidate_id, answer.role_id, answer.top, answer.considered, candidates
        );
    }
    let format = match args.format {
        ListFormat::Table => OutputFormat::Table,
        ListFormat::Csv => OutputFormat::Csv,
        ListFormat::Json => OutputFormat::Json,
    };
    let bytes = WhyReport { why: &answer }.render(format)?;
    write_output(args.out.as_deref(), &bytes)
}
