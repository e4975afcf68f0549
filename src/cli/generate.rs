//! `shiprank generate`: write a synthetic candidate pool.

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::NaiveDate;

use super::common::{deprecated, parse_date, read_labelled_inputs, today, with_threads};
use super::progress::Progress;
use shiprank::{
    generate_counted, generate_labels, GenerateOptions, LabelOptions, RateTable, Taxonomy,
};

/// Arguments of `shiprank generate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many candidates [default: 300].
    #[arg(long, value_name = "N")]
    pub count: Option<usize>,
    /// Deprecated spelling of --count.
    #[arg(
        long = "candidates",
        value_name = "N",
        hide = true,
        conflicts_with = "count"
    )]
    pub old_count: Option<usize>,
    /// Random seed: the same seed gives the same pool.
    #[arg(long, value_name = "S", default_value = "42")]
    pub seed: u64,
    /// The date the pool describes: commit dates fall before it [default: today].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Output folder, created if missing; candidates.csv (and labels.csv) are written into it,
    /// atomically.
    #[arg(long, value_name = "DIR", required_unless_present = "old_out")]
    pub out_dir: Option<PathBuf>,
    /// Deprecated spelling of --out-dir.
    #[arg(
        long = "out",
        value_name = "DIR",
        hide = true,
        conflicts_with = "out_dir"
    )]
    pub old_out: Option<PathBuf>,
    /// Also write labels.csv: synthetic hiring outcomes (0 rejected .. 3 hired) of every
    /// candidate for every role, from the latent model documented in data/LABELS.md.
    #[arg(long)]
    pub with_labels: bool,
    /// Deprecated spelling of --with-labels (elsewhere --labels names a label file).
    #[arg(long = "labels", hide = true)]
    pub old_labels: bool,
    /// With --with-labels: the roles to label [default: the bundled data/roles.toml].
    #[arg(long, value_name = "PATH")]
    pub roles: Option<PathBuf>,
    /// Print nothing on standard error.
    #[arg(long)]
    pub quiet: bool,
    /// Worker threads [default: one per core]. The pool does not depend on it.
    #[arg(long, value_name = "N", value_parser = super::common::threads, allow_negative_numbers = true)]
    pub threads: Option<NonZeroUsize>,
}

/// Runs `shiprank generate`.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let count = match args.old_count {
        Some(n) => {
            deprecated("generate --candidates N", "generate --count N");
            n
        }
        None => args.count.unwrap_or(300),
    };
    let dir = match (&args.out_dir, &args.old_out) {
        (Some(dir), _) => dir,
        (None, Some(dir)) => {
            deprecated("generate --out DIR", "generate --out-dir DIR");
            dir
        }
        (None, None) => unreachable!("clap requires one of them"),
    };
    if args.old_labels {
        deprecated("generate --labels", "generate --with-labels");
    }
    let with_labels = args.with_labels || args.old_labels;
    if args.roles.is_some() && !with_labels {
        anyhow::bail!("--roles gives the roles to label: it needs --with-labels");
    }
    let as_of = args.as_of.unwrap_or_else(today);
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join("candidates.csv");
    let labels = dir.join("labels.csv");
    let inputs: Vec<(&str, &Path)> = args
        .roles
        .iter()
        .map(|p| ("--roles", p.as_path()))
        .collect();
    super::common::check_paths(&[("--out-dir", &path), ("--out-dir", &labels)], &inputs)?;
    let options = GenerateOptions {
        candidates: count,
        seed: args.seed,
        as_of,
    };
    let progress = Progress::items("candidates", count as u64, args.quiet);
    let generated = with_threads(args.threads, || {
        shiprank::write_atomic_with(&path, |out| generate_counted(&options, out, &progress.rows))
    })??;
    progress.finish();
    if !args.quiet {
        eprintln!(
            "shiprank: wrote {} candidates as of {as_of} to {}",
            generated.candidates,
            path.display()
        );
    }
    if with_labels {
        write_labels(args, as_of, dir, &path)?;
    }
    Ok(())
}

/// Writes DIR/labels.csv for the candidates just written.
fn write_labels(
    args: &Args,
    as_of: NaiveDate,
    dir: &Path,
    candidates: &Path,
) -> anyhow::Result<()> {
    let (taxonomy, rates) = (Taxonomy::bundled(), RateTable::bundled());
    let progress = Progress::spinner("labelling".into(), args.quiet);
    let (roles_path, roles, candidates) = read_labelled_inputs(args.roles.as_deref(), candidates)?;
    let options = LabelOptions {
        seed: args.seed,
        as_of,
    };
    let mut bytes = Vec::new();
    let rows = generate_labels(&candidates, &roles, &options, taxonomy, rates, &mut bytes)?;
    let path = dir.join("labels.csv");
    shiprank::write_atomic(&path, &bytes)?;
    progress.finish();
    if !args.quiet {
        eprintln!(
            "shiprank: wrote {rows} labels ({} roles from {}) to {}",
            roles.len(),
            roles_path,
            path.display()
        );
    }
    Ok(())
}
