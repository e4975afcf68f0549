//! `shiprank why`: why a candidate is or is not in a role's top k, and the smallest single
//! changes that would move them across the cut.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use super::args::{ListFormat, RankingArgs};
use super::common::{given, top, with_threads, write_output};
use super::progress::Progress;
use shiprank::{
    why, OutputFormat, RankOptions, RateTable, ReadOptions, Scorer, StreamOptions, Taxonomy,
    WhyOptions, WhyReport,
};

/// Arguments of `shiprank why`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The candidate's id.
    #[arg(long, value_name = "ID")]
    pub candidate: String,
    /// The role's id.
    #[arg(long, value_name = "ID")]
    pub role: String,
    #[command(flatten)]
    pub ranking: RankingArgs,
    /// The size of the top the question is about.
    #[arg(long, value_name = "N", default_value = "10", value_parser = top, allow_negative_numbers = true)]
    pub top: NonZeroUsize,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
    /// Write the answer here (atomically) instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
}

/// Runs `shiprank why`.
pub fn run(args: &Args) -> anyhow::Result<()> {
    super::common::check_paths(&given(&[("--out", &args.out)]), &args.ranking.inputs())?;
    let (taxonomy, rates) = (Taxonomy::bundled(), RateTable::bundled());
    let (_, roles) = args.ranking.roles(std::slice::from_ref(&args.role))?;
    let model = args.ranking.model()?;
    let dialect = args.ranking.dialect.dialect()?;
    let candidates = args.ranking.candidates();
    let as_of = args.ranking.as_of();
    let options = WhyOptions {
        rank: RankOptions {
            top: args.top,
            as_of,
            taxonomy,
            rates,
            model: model.as_ref().map(|m| m as &dyn Scorer),
        },
        read: ReadOptions {
            dialect: &dialect,
            ..ReadOptions::new(taxonomy, rates)
        },
    };
    let progress = Progress::start(candidates.path(), args.ranking.quiet);
    let stream = StreamOptions {
        progress: Some(&progress.rows),
        ..StreamOptions::default()
    };
    let answer = with_threads(args.ranking.threads, || {
        why(&candidates, &roles[0], &args.candidate, &options, &stream)
    });
    progress.finish();
    let answer = answer??;
    if !args.ranking.quiet {
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
