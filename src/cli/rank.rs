//! `shiprank rank`: rank candidates for roles.

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::NaiveDate;
use clap::ValueEnum;

use super::args::RankingArgs;
use super::common;
use super::common::{given, with_threads, write_output};
use super::progress::Progress;
use shiprank::{
    rank_file, Dialect, Input, OutputFormat, RankOptions, RankRun, Ranker, RateTable, ReadOptions,
    Report, RowError, Scorer, StreamOptions, Taxonomy,
};

/// Output formats.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// A readable table per role.
    #[default]
    Table,
    /// CSV: role_id, rank, candidate_id, name, country, score (+ explanation columns).
    Csv,
    /// One JSON document.
    Json,
    /// TREC run lines: role_id Q0 candidate_id rank score shiprank.
    Trec,
}

/// Arguments of `shiprank rank`.
#[derive(Debug, Default, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub ranking: RankingArgs,
    /// Rank only this role (repeatable) [default: every role in the file].
    #[arg(long = "role", value_name = "ID")]
    pub role: Vec<String>,
    /// Candidates to keep per role.
    #[arg(long, value_name = "N", default_value = "10", value_parser = common::top, allow_negative_numbers = true)]
    pub top: Option<NonZeroUsize>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: FormatArg,
    /// Write the ranking here (atomically) instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Show every feature's value, weight and contribution behind each score.
    #[arg(long)]
    pub explain: bool,
    /// Rank the valid rows and report invalid ones instead of stopping at the first.
    #[arg(long)]
    pub skip_invalid: bool,
    /// With --skip-invalid: write rejected rows here as CSV (line,id,field,reason,file).
    #[arg(long, value_name = "PATH", requires = "skip_invalid")]
    pub rejects: Option<PathBuf>,
    /// Write CSV cells of user data (ids, names, countries, reasons) exactly as read: by
    /// default a cell that a spreadsheet would run as a formula (starting with =, +, -, @, tab
    /// or CR, and not a number) gets a leading '.
    #[arg(long)]
    pub raw_csv: bool,
}

/// The validated configuration of a ranking run.
struct Config {
    candidates: Input,
    top: NonZeroUsize,
    format: OutputFormat,
    out: Option<PathBuf>,
    explain: bool,
    threads: Option<NonZeroUsize>,
    as_of: NaiveDate,
    skip_invalid: bool,
    rejects: Option<PathBuf>,
    quiet: bool,
    raw_csv: bool,
    dialect: Dialect,
}

impl Config {
    fn from_args(args: &Args) -> anyhow::Result<Config> {
        Ok(Config {
            candidates: args.ranking.candidates(),
            top: args.top.unwrap_or(NonZeroUsize::new(10).expect("10 > 0")),
            format: match args.format {
                FormatArg::Table => OutputFormat::Table,
                FormatArg::Csv => OutputFormat::Csv,
                FormatArg::Json => OutputFormat::Json,
                FormatArg::Trec => OutputFormat::Trec,
            },
            out: args.out.clone(),
            explain: args.explain,
            threads: args.ranking.threads,
            as_of: args.ranking.as_of(),
            skip_invalid: args.skip_invalid,
            rejects: args.rejects.clone(),
            quiet: args.ranking.quiet,
            raw_csv: args.raw_csv,
            dialect: args.ranking.dialect.dialect()?,
        })
    }
}

/// Runs `shiprank rank`.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let inputs = args.ranking.inputs();
    let outputs = given(&[("--out", &args.out), ("--rejects", &args.rejects)]);
    super::common::check_paths(&outputs, &inputs)?;
    let config = Config::from_args(args)?;
    let taxonomy = Taxonomy::bundled();
    let rates = RateTable::bundled();
    let (_, roles) = args.ranking.roles(&args.role)?;
    let model = args.ranking.model()?;
    let read = ReadOptions {
        taxonomy,
        rates,
        skip_invalid: config.skip_invalid,
        keep_attributes: false,
        dialect: &config.dialect,
    };
    let options = RankOptions {
        top: config.top,
        as_of: config.as_of,
        taxonomy,
        rates,
        model: model.as_ref().map(|m| m as &dyn Scorer),
    };
    let ranker = Ranker::new(&roles, &options);
    let progress = Progress::start(config.candidates.path(), config.quiet);
    let stream = StreamOptions {
        progress: Some(&progress.rows),
        ..StreamOptions::default()
    };
    let run = with_threads(config.threads, || {
        rank_file(&config.candidates, &read, &ranker, &stream)
    });
    progress.finish();
    let run = run??;
    report_input(&config, &run)?;
    let report = Report {
        roles: &roles,
        rankings: &run.rankings,
        as_of: config.as_of,
        explain: config.explain,
        raw_csv: config.raw_csv,
    };
    write_output(config.out.as_deref(), &report.render(config.format)?)
}

/// Reports rejected rows and unknown skills on standard error, and writes the rejects file.
fn report_input(config: &Config, set: &RankRun) -> anyhow::Result<()> {
    if let Some(path) = &config.rejects {
        write_rejects(path, &set.rejects, config.raw_csv)?;
    }
    if config.quiet {
        return Ok(());
    }
    eprintln!(
        "shiprank: ranked {} from {} for {} as of {}",
        plural(set.rows - set.rejects.len(), "candidate"),
        config.candidates,
        plural(set.rankings.len(), "role"),
        config.as_of
    );
    if config.skip_invalid {
        if config.rejects.is_none() {
            for r in &set.rejects {
                eprintln!("shiprank: rejected {r}");
            }
        }
        let to = config
            .rejects
            .as_ref()
            .map_or(String::new(), |p| format!(" (see {})", p.display()));
        eprintln!(
            "shiprank: {} rows read, {} ranked, {} rejected{to}",
            set.rows,
            set.rows - set.rejects.len(),
            set.rejects.len()
        );
    }
    if !set.attributes.is_empty() {
        eprintln!(
            "shiprank: kept for audit, never scored: {}",
            set.attributes.join(", ")
        );
    }
    if set.dated_after > 0 {
        eprintln!(
            "shiprank: {} rows have evidence dated after --as-of {} (a last commit, or a \
             repository pushed or created later): it earns no credit",
            set.dated_after, config.as_of
        );
    }
    if !set.unknown_skills.is_empty() {
        eprintln!(
            "shiprank: {} distinct unknown skills in {} (list them: shiprank skills unknown {})",
            set.unknown_skills.len(),
            config.candidates,
            config.candidates
        );
    }
    Ok(())
}

/// `n` and `noun`, plural when `n` is not 1.
fn plural(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        _ => format!("{n} {noun}s"),
    }
}

fn write_rejects(path: &Path, rejects: &[RowError], raw: bool) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["line", "id", "field", "reason", "file"])?;
    let cell = |s: &str| match raw {
        true => s.to_string(),
        false => shiprank::spreadsheet_safe(s).into_owned(),
    };
    for r in rejects {
        w.write_record([
            r.line.to_string(),
            cell(r.id.as_deref().unwrap_or("")),
            cell(&r.field),
            cell(&r.reason),
            cell(&r.file),
        ])?;
    }
    let bytes = w.into_inner().context("writing rejects")?;
    shiprank::write_atomic(path, &bytes).context("writing rejects")
}
