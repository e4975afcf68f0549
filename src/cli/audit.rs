//! `shiprank audit`: adverse impact of a ranking by audit attribute, per role and over all
//! roles.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use anyhow::{bail, Context};
use clap::ValueEnum;

use super::common::{check_paths, given, with_threads, write_output};
use super::progress::Progress;
use super::rank::{plural, RunArgs};
use shiprank::{
    attribute_columns, audit_ranking, rank_file_observed, AllScores, AuditReport, By, Candidate,
    Ranker, Selection, StreamOptions, FOUR_FIFTHS,
};

/// Output formats of `audit`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    /// One table per role and attribute.
    #[default]
    Table,
    /// Long form: one row per role (or all roles), attribute and category.
    Csv,
    /// One JSON document.
    Json,
    /// A self-contained HTML page (tables and impact-ratio charts).
    Html,
}

/// Arguments of `shiprank audit`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub run: RunArgs,
    /// Audit by this column (repeatable); join columns with + for their intersection
    /// (gender+ethnicity). Any column that is not a candidate field, and country.
    #[arg(long = "by", value_name = "COLUMN[+COLUMN]")]
    pub by: Vec<String>,
    /// Who counts as selected: top:K (each role's top K) or score:T (every score ≥ T)
    /// [default: top:<--top>].
    #[arg(long, value_name = "top:K|score:T", value_parser = parse_selection, conflicts_with = "top")]
    pub selected: Option<Selection>,
    /// The top k selected per role (the same as --selected top:K).
    #[arg(long, value_name = "N", value_parser = super::common::top, allow_negative_numbers = true)]
    pub top: Option<NonZeroUsize>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: AuditFormat,
    /// Write the audit here (atomically) instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Print no summary on standard error.
    #[arg(long)]
    pub quiet: bool,
    /// Write CSV cells of user data exactly as read (see `rank --raw-csv`).
    #[arg(long)]
    pub raw_csv: bool,
}

fn parse_selection(s: &str) -> Result<Selection, String> {
    s.parse()
}

/// Runs `shiprank audit`.
pub fn run(args: &Args) -> anyhow::Result<()> {
    check_paths(&given(&[("--out", &args.out)]), &args.run.inputs())?;
    let loaded = args.run.load()?;
    let columns = attribute_columns(&loaded.candidates, &loaded.dialect)?;
    if args.by.is_empty() {
        let listed = columns
            .as_deref()
            .map_or("the keys of its rows".into(), |c| {
                let mut c = c.to_vec();
                c.push("country".into());
                c.join(", ")
            });
        bail!(
            "give --by COLUMN (repeatable; a+b for an intersection): the audit columns of {} \
             are {listed}",
            loaded.candidates
        );
    }
    let by: Vec<By> = args
        .by
        .iter()
        .map(|b| {
            b.parse::<By>()
                .and_then(|by| by.resolve(columns.as_deref()))
                .map_err(|e| anyhow::anyhow!("{}: --by {b}: {e}", loaded.candidates))
        })
        .collect::<anyhow::Result<_>>()?;
    let top = args.top.unwrap_or(NonZeroUsize::new(10).expect("10 > 0"));
    let selection = args.selected.unwrap_or(Selection::Top(top));
    let k = match selection {
        Selection::Top(k) => k,
        Selection::AtLeast(_) => top,
    };
    let options = loaded.rank_options(k);
    let read = loaded.read_options(args.run.skip_invalid, true);
    let ranker = Ranker::new(&loaded.roles, &options);
    let keep = |c: &Candidate| -> Vec<String> { by.iter().map(|b| b.category(c)).collect() };
    let progress = Progress::start(loaded.candidates.path(), args.quiet);
    let stream = StreamOptions {
        progress: Some(&progress.rows),
        ..StreamOptions::default()
    };
    let run = with_threads(args.run.threads, || {
        rank_file_observed(&loaded.candidates, &read, &ranker, &stream, &|| {
            AllScores::new(&ranker, &keep)
        })
    });
    progress.finish();
    let (run, scores) = run??;
    let audit = audit_ranking(&run.rankings, &scores.kept, &scores.scores, &by, selection);
    let name = loaded.candidates.to_string();
    let report = AuditReport {
        roles: &loaded.roles,
        rankings: &run.rankings,
        audit: &audit,
        candidates: &name,
        as_of: loaded.as_of,
    };
    let bytes = match args.format {
        AuditFormat::Table => report.table().into_bytes(),
        AuditFormat::Csv => report.csv(args.raw_csv)?,
        AuditFormat::Json => report.json()?,
        AuditFormat::Html => report.html().into_bytes(),
    };
    write_output(args.out.as_deref(), &bytes).context("writing the audit")?;
    if !args.quiet {
        eprintln!(
            "shiprank: audited {} from {} for {} as of {}, selection {}",
            plural(scores.kept.len(), "candidate"),
            name,
            plural(run.rankings.len(), "role"),
            loaded.as_of,
            selection
        );
        for a in &audit.all_roles {
            let line = |what: &str, lowest: Option<(&str, f64)>| match lowest {
                Some((category, ratio)) => format!(
                    "{what} {ratio:.2} ({category}){}",
                    if ratio < FOUR_FIFTHS {
                        ", under 0.8"
                    } else {
                        ""
                    }
                ),
                None => format!("{what} none (fewer than two categories compared)"),
            };
            eprintln!(
                "shiprank: {} over all roles: lowest {}; lowest {}",
                a.attribute,
                line("selection impact ratio", a.lowest(|c| &c.selection)),
                line("scoring impact ratio", a.lowest(|c| &c.scoring)),
            );
        }
        if !run.rejects.is_empty() {
            eprintln!(
                "shiprank: {} rejected (not in the pool; see rank --skip-invalid --rejects)",
                plural(run.rejects.len(), "row")
            );
        }
    }
    Ok(())
}
