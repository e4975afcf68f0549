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
    attribute_columns, attribute_table, audit_ranking, group_columns, rank_file_observed,
    read_model_verified, read_roles, AllScores, Bundled, By, Candidate, CredentialCheck, Dialect,
    ExtraTable, Input, ModelScorer, OutputFormat, Preset, RankOptions, RankRun, Ranker, RateTable,
    ReadOptions, Report, Role, RoleRanking, RowError, Scorer, SecondRanking, Selection,
    StreamOptions, Taxonomy, MAX_GROUPS,
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

/// What a ranking run reads and how it scores: the input flags `rank`, `audit` and `why`
/// share.
#[derive(Debug, Default, clap::Args)]
pub struct RunArgs {
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
    /// Worker threads [default: one per core]. The ranking does not depend on it.
    #[arg(long, value_name = "N", value_parser = common::threads, allow_negative_numbers = true)]
    pub threads: Option<NonZeroUsize>,
    /// Reference date for recency, time zones and exchange rates [default: today].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Rank the valid rows and report invalid ones instead of stopping at the first.
    #[arg(long)]
    pub skip_invalid: bool,
    /// How the candidate file is written.
    #[command(flatten)]
    pub dialect: DialectArgs,
}

/// A ranking run's inputs, read and checked: the roles chosen (with the strategy applied)
/// and the model.
pub struct Loaded {
    /// The candidate file (or the bundled sample).
    pub candidates: Input,
    /// The roles to rank, in the order asked.
    pub roles: Vec<Role>,
    /// The model scoring them, if any.
    pub model: Option<ModelScorer>,
    /// How the candidate file is written.
    pub dialect: Dialect,
    /// The reference date.
    pub as_of: NaiveDate,
}

impl RunArgs {
    /// The files these arguments read, with their flags (for `check_paths`).
    pub fn inputs(&self) -> Vec<(&'static str, &Path)> {
        let mut inputs = given(&[
            ("--candidates", &self.candidates),
            ("--roles", &self.roles),
            ("--model", &self.model),
        ]);
        inputs.extend(self.dialect.inputs());
        inputs
    }

    /// Reads the roles and the model (checking a model's signature when asked).
    pub fn load(&self) -> anyhow::Result<Loaded> {
        let key = self.verify.key()?;
        let roles_file = input_or(&self.roles, Bundled::Roles);
        let mut roles = select_roles(
            read_roles(&roles_file, Taxonomy::bundled(), RateTable::bundled())?,
            &self.role,
            &roles_file,
        )?;
        if let Some(strategy) = self.strategy {
            roles = roles
                .iter()
                .map(|r| r.with_preset(Preset::from(strategy)))
                .collect::<shiprank::Result<_>>()?;
        }
        let model = match &self.model {
            Some(path) => Some(ModelScorer::new(
                read_model_verified(path, key.as_ref())?,
                &path.display().to_string(),
            )?),
            None => None,
        };
        Ok(Loaded {
            candidates: input_or(&self.candidates, Bundled::Candidates),
            roles,
            model,
            dialect: self.dialect.dialect()?,
            as_of: self.as_of.unwrap_or_else(today),
        })
    }
}

impl Loaded {
    /// How candidates are read: attributes kept when `keep_attributes`.
    pub fn read_options(&self, skip_invalid: bool, keep_attributes: bool) -> ReadOptions<'_> {
        ReadOptions {
            taxonomy: Taxonomy::bundled(),
            rates: RateTable::bundled(),
            skip_invalid,
            keep_attributes,
            dialect: &self.dialect,
        }
    }

    /// The ranking options: the top `top`, scored by the model if any.
    pub fn rank_options(&self, top: NonZeroUsize) -> RankOptions<'_> {
        RankOptions {
            top,
            as_of: self.as_of,
            taxonomy: Taxonomy::bundled(),
            rates: RateTable::bundled(),
            model: self.model.as_ref().map(|m| m as &dyn Scorer),
        }
    }
}

/// Arguments of `shiprank rank`.
#[derive(Debug, Default, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub run: RunArgs,
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
    /// With --skip-invalid: write rejected rows here as CSV (line,id,field,reason,file).
    #[arg(long, value_name = "PATH", requires = "skip_invalid")]
    pub rejects: Option<PathBuf>,
    /// Print no summary on standard error.
    #[arg(long)]
    pub quiet: bool,
    /// Write CSV cells of user data (ids, names, countries, reasons) exactly as read: by
    /// default a cell that a spreadsheet would run as a formula (starting with =, +, -, @, tab
    /// or CR, and not a number) gets a leading '.
    #[arg(long)]
    pub raw_csv: bool,
}

/// How a ranking run was asked to report.
struct Config {
    candidates: Input,
    format: OutputFormat,
    out: Option<PathBuf>,
    explain: bool,
    as_of: NaiveDate,
    skip_invalid: bool,
    rejects: Option<PathBuf>,
    quiet: bool,
    raw_csv: bool,
}

/// Runs `shiprank rank`.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let outputs = given(&[("--out", &args.out), ("--rejects", &args.rejects)]);
    super::common::check_paths(&outputs, &args.run.inputs())?;
    let loaded = args.run.load()?;
    let config = Config {
        candidates: loaded.candidates.clone(),
        format: match args.format {
            FormatArg::Table => OutputFormat::Table,
            FormatArg::Csv => OutputFormat::Csv,
            FormatArg::Json => OutputFormat::Json,
            FormatArg::Trec => OutputFormat::Trec,
            FormatArg::Html => OutputFormat::Html,
        },
        out: args.out.clone(),
        explain: args.explain,
        as_of: loaded.as_of,
        skip_invalid: args.run.skip_invalid,
        rejects: args.rejects.clone(),
        quiet: args.quiet,
        raw_csv: args.raw_csv,
    };
    let roles = &loaded.roles;
    // The shortlist shows an audit table when the file has attribute columns.
    let html = config.format == OutputFormat::Html;
    let read = loaded.read_options(config.skip_invalid, html);
    let top = args.top.unwrap_or(NonZeroUsize::new(10).expect("10 > 0"));
    let options = loaded.rank_options(top);
    let ranker = Ranker::new(roles, &options);
    let check = CredentialCheck::new(roles, options.model);
    let second = check.ranker(&options);
    let columns = match html {
        true => attribute_columns(&config.candidates, &loaded.dialect)?,
        false => None,
    };
    let by: Vec<By> = columns.into_iter().flatten().map(By::column).collect();
    let keep = |c: &Candidate| -> Vec<String> { by.iter().map(|b| b.category(c)).collect() };
    let progress = Progress::start(config.candidates.path(), config.quiet);
    let stream = StreamOptions {
        progress: Some(&progress.rows),
        ..StreamOptions::default()
    };
    // The credential check is a second ranking: only worth its cost where it is shown, on
    // the terminal or in the JSON.
    let checked = !config.quiet || config.format == OutputFormat::Json;
    let run = with_threads(args.run.threads, || {
        rank_file_observed(&config.candidates, &read, &ranker, &stream, &|| {
            (
                checked.then(|| SecondRanking::new(&second)),
                (!by.is_empty()).then(|| AllScores::new(&ranker, &keep)),
            )
        })
    });
    progress.finish();
    let (mut run, (without, scores)) = run??;
    if let Some(without) = without {
        check.annotate(&mut run.rankings, &without.finish());
    }
    report_input(&config, &run, roles)?;
    let extra = match scores {
        Some(scores) => audit_tables(&run.rankings, scores, &by, top),
        None => Vec::new(),
    };
    let report = Report {
        roles,
        rankings: &run.rankings,
        as_of: config.as_of,
        explain: config.explain,
        raw_csv: config.raw_csv,
        extra: &extra,
    };
    write_output(config.out.as_deref(), &report.render(config.format)?)
}

/// The shortlist's audit tables: per role, one per attribute column with at most
/// [`MAX_GROUPS`] categories, selection the top k.
fn audit_tables(
    rankings: &[RoleRanking],
    scores: AllScores<'_, '_, Vec<String>>,
    by: &[By],
    top: NonZeroUsize,
) -> Vec<Vec<ExtraTable>> {
    let chosen = group_columns(&scores.kept, by.len(), MAX_GROUPS);
    if chosen.is_empty() {
        return Vec::new();
    }
    let kept: Vec<(Box<str>, Vec<String>)> = scores
        .kept
        .into_iter()
        .map(|(id, cats)| (id, chosen.iter().map(|&b| cats[b].clone()).collect()))
        .collect();
    let by: Vec<By> = chosen.iter().map(|&b| by[b].clone()).collect();
    let audit = audit_ranking(rankings, &kept, &scores.scores, &by, Selection::Top(top));
    audit
        .roles
        .iter()
        .map(|role| {
            role.attributes
                .iter()
                .map(|a| {
                    let (header, rows) = attribute_table(a);
                    ExtraTable {
                        title: format!("Audit by {}", a.attribute),
                        note: format!(
                            "Selected: the top {top} of {} candidates; IR under 0.8 is flagged \
                             (the four-fifths rule); groups under 2% of the pool are not \
                             compared. Full audit: shiprank audit --by {}.",
                            role.pool, a.attribute
                        ),
                        header,
                        rows,
                    }
                })
                .collect()
        })
        .collect()
}

/// Keeps the requested roles, in the order asked; all of them when none is asked.
pub fn select_roles(roles: Vec<Role>, ids: &[String], file: &Input) -> anyhow::Result<Vec<Role>> {
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
fn report_input(config: &Config, set: &RankRun, roles: &[Role]) -> anyhow::Result<()> {
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
    if let Some(line) = credential_line(&set.rankings, roles) {
        eprintln!("shiprank: {line}");
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

/// "top 10 unchanged if degree and certifications were ignored: 9 of 10", summed over the
/// roles checked, naming the role that kept fewest when there are several.
fn credential_line(rankings: &[shiprank::RoleRanking], roles: &[Role]) -> Option<String> {
    let checked: Vec<_> = rankings
        .iter()
        .filter_map(|r| Some((r, r.without_credentials?)))
        .collect();
    let (kept, of) = checked
        .iter()
        .fold((0, 0), |(k, n), (_, t)| (k + t.kept, n + t.of));
    let k = checked.iter().map(|(_, t)| t.of).max()?;
    let mut line =
        format!("top {k} unchanged if degree and certifications were ignored: {kept} of {of}");
    if checked.len() > 1 {
        let (least, t) = checked
            .iter()
            .min_by_key(|(r, t)| (t.kept * 1000 / t.of.max(1), r.role))?;
        line += &format!(
            " over {} roles (fewest: {} {} of {})",
            checked.len(),
            roles[least.role].id,
            t.kept,
            t.of
        );
    }
    Some(line)
}

/// `n` and `noun`, plural when `n` is not 1.
pub fn plural(n: usize, noun: &str) -> String {
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
