//! `shiprank rank`: rank candidates for roles.

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use chrono::NaiveDate;
use clap::ValueEnum;

use super::args::{DialectArgs, StrategyArg, VerifyArgs};
use super::common;
use super::common::{given, input_or, parse_date, today, with_threads, write_output};
use super::progress::Progress;
use shiprank::{
    rank_file, read_model_verified, read_roles, Bundled, Dialect, Input, ModelScorer, OutputFormat,
    Preset, RankOptions, RankRun, Ranker, RateTable, ReadOptions, Report, Role, RowError, Scorer,
    StreamOptions, Taxonomy,
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
    /// A shortlist for hiring managers: one self-contained HTML page (no scripts), a section
    /// per role with each score split into feature contributions and the key evidence in
    /// words; printable, one role per page.
    Html,
}

/// Arguments of `shiprank rank`.
#[derive(Debug, Default, clap::Args)]
pub struct Args {
    /// Candidate file, CSV or JSONL [default: the bundled data/candidates.csv].
    #[arg(long, value_name = "PATH")]
    pub candidates: Option<PathBuf>,
    /// Role file (TOML with [[role]] tables) [default: the bundled data/roles.toml].
    #[arg(long, value_name = "PATH")]
    pub roles: Option<PathBuf>,
    /// Rank only this role (repeatable) [default: every role in the file].
    #[arg(long = "role", value_name = "ID")]
    pub role: Vec<String>,
    /// Strategy replacing each role's own preset (role weight overrides still apply).
    #[arg(long, value_enum)]
    pub strategy: Option<StrategyArg>,
    /// Score with a trained model (from `shiprank train`) instead of strategy weights; hard
    /// filters still apply.
    #[arg(long, value_name = "PATH", conflicts_with = "strategy")]
    pub model: Option<PathBuf>,
    #[command(flatten)]
    pub verify: VerifyArgs,
    /// Candidates to keep per role.
    #[arg(long, value_name = "N", default_value = "10", value_parser = common::top, allow_negative_numbers = true)]
    pub top: Option<NonZeroUsize>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: FormatArg,
    /// Write the ranking here (atomically) instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Show every feature's value, weight and contribution behind each score (the html
    /// shortlist always shows them).
    #[arg(long)]
    pub explain: bool,
    /// Worker threads [default: one per core]. The ranking does not depend on it.
    #[arg(long, value_name = "N", value_parser = common::threads, allow_negative_numbers = true)]
    pub threads: Option<NonZeroUsize>,
    /// Reference date for recency, time zones and exchange rates [default: today].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Rank the valid rows and report invalid ones instead of stopping at the first.
    #[arg(long)]
    pub skip_invalid: bool,
    /// With --skip-invalid: write rejected rows here as CSV (line,id,field,reason,file).
    #[arg(long, value_name = "PATH", requires = "skip_invalid")]
    pub rejects: Option<PathBuf>,
    /// Print no summary on standard error.
    #[arg(long)]
    pub quiet: bool,
    /// How the candidate file is written.
    #[command(flatten)]
    pub dialect: DialectArgs,
    /// Write CSV cells of user data (ids, names, countries, reasons) exactly as read: by
    /// default a cell that a spreadsheet would run as a formula (starting with =, +, -, @, tab
    /// or CR, and not a number) gets a leading '.
    #[arg(long)]
    pub raw_csv: bool,
}

/// The validated configuration of a ranking run.
struct Config {
    candidates: Input,
    roles: Input,
    role_ids: Vec<String>,
    preset: Option<Preset>,
    model: Option<PathBuf>,
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
            candidates: input_or(&args.candidates, Bundled::Candidates),
            roles: input_or(&args.roles, Bundled::Roles),
            role_ids: args.role.clone(),
            preset: args.strategy.map(Preset::from),
            model: args.model.clone(),
            top: args.top.unwrap_or(NonZeroUsize::new(10).expect("10 > 0")),
            format: match args.format {
                FormatArg::Table => OutputFormat::Table,
                FormatArg::Csv => OutputFormat::Csv,
                FormatArg::Json => OutputFormat::Json,
                FormatArg::Trec => OutputFormat::Trec,
                FormatArg::Html => OutputFormat::Html,
            },
            out: args.out.clone(),
            explain: args.explain,
            threads: args.threads,
            as_of: args.as_of.unwrap_or_else(today),
            skip_invalid: args.skip_invalid,
            rejects: args.rejects.clone(),
            quiet: args.quiet,
            raw_csv: args.raw_csv,
            dialect: args.dialect.dialect()?,
        })
    }
}

/// Runs `shiprank rank`.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let mut inputs = given(&[
        ("--candidates", &args.candidates),
        ("--roles", &args.roles),
        ("--model", &args.model),
    ]);
    inputs.extend(args.dialect.inputs());
    let outputs = given(&[("--out", &args.out), ("--rejects", &args.rejects)]);
    super::common::check_paths(&outputs, &inputs)?;
    let config = Config::from_args(args)?;
    let key = args.verify.key()?;
    let taxonomy = Taxonomy::bundled();
    let rates = RateTable::bundled();
    let mut roles = select_roles(
        read_roles(&config.roles, taxonomy, rates)?,
        &config.role_ids,
        &config.roles,
    )?;
    if let Some(preset) = config.preset {
        roles = roles
            .iter()
            .map(|r| r.with_preset(preset))
            .collect::<shiprank::Result<_>>()?;
    }
    let model = match &config.model {
        Some(path) => Some(ModelScorer::new(
            read_model_verified(path, key.as_ref())?,
            &path.display().to_string(),
        )?),
        None => None,
    };
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
        extra: &[],
    };
    write_output(config.out.as_deref(), &report.render(config.format)?)
}

/// Keeps the requested roles, in the order asked; all of them when none is asked.
fn select_roles(roles: Vec<Role>, ids: &[String], file: &Input) -> anyhow::Result<Vec<Role>> {
    if ids.is_empty() {
        return Ok(roles);
    }
    let mut chosen = Vec::with_capacity(ids.len());
    for id in ids {
        match roles.iter().find(|r| &r.id == id) {
            Some(role) if !chosen.iter().any(|r: &Role| &r.id == id) => chosen.push(role.clone()),
            Some(_) => {}
            None => {
                let known: Vec<_> = roles.iter().map(|r| r.id.as_str()).collect();
                bail!("{file}: no role \"{id}\" (roles: {})", known.join(", "));
            }
        }
    }
    Ok(chosen)
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
