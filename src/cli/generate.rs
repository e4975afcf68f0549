//! `shiprank generate`: write a synthetic candidate pool.

use std::path::PathBuf;

use anyhow::Context;
use chrono::NaiveDate;

use super::common::{parse_date, read_labelled_inputs};
use shiprank::{generate, generate_labels, GenerateOptions, LabelOptions, RateTable, Taxonomy};

/// Arguments of `shiprank generate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many candidates.
    #[arg(long, value_name = "N", default_value = "300")]
    pub candidates: usize,
    /// Random seed: the same seed gives the same pool.
    #[arg(long, value_name = "S", default_value = "42")]
    pub seed: u64,
    /// The date the pool describes (commit dates fall before it).
    #[arg(long, value_name = "DATE", value_parser = parse_date, default_value = "2026-10-01")]
    pub as_of: NaiveDate,
    /// Output folder; candidates.csv is written into it (atomically).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Also write labels.csv: synthetic hiring outcomes (0 rejected .. 3 hired) of every
    /// candidate for every role, from the latent model documented in data/LABELS.md.
    #[arg(long)]
    pub labels: bool,
    /// With --labels: the roles to label [default: the bundled data/roles.toml].
    #[arg(long, value_name = "PATH", requires = "labels")]
    pub roles: Option<PathBuf>,
}

/// Runs `shiprank generate`.
pub fn run(args: &Args) -> anyhow::Result<()> {
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    let path = args.out.join("candidates.csv");
    let labels = args.out.join("labels.csv");
    let inputs: Vec<(&str, &std::path::Path)> = args
        .roles
        .iter()
        .map(|p| ("--roles", p.as_path()))
        .collect();
    super::common::check_paths(&[("--out", &path), ("--out", &labels)], &inputs)?;
    let options = GenerateOptions {
        candidates: args.candidates,
        seed: args.seed,
        as_of: args.as_of,
    };
    let generated = shiprank::write_atomic_with(&path, |out| generate(&options, out))?;
    eprintln!(
        "shiprank: wrote {} candidates to {}",
        generated.candidates,
        path.display()
    );
    if args.labels {
        write_labels(args, &path)?;
    }
    Ok(())
}

/// Writes DIR/labels.csv for the candidates just written.
fn write_labels(args: &Args, candidates: &std::path::Path) -> anyhow::Result<()> {
    let (taxonomy, rates) = (Taxonomy::bundled(), RateTable::bundled());
    let (roles_path, roles, candidates) = read_labelled_inputs(args.roles.as_deref(), candidates)?;
    let options = LabelOptions {
        seed: args.seed,
        as_of: args.as_of,
    };
    let mut bytes = Vec::new();
    let rows = generate_labels(&candidates, &roles, &options, taxonomy, rates, &mut bytes)?;
    let path = args.out.join("labels.csv");
    shiprank::write_atomic(&path, &bytes)?;
    eprintln!(
        "shiprank: wrote {rows} labels ({} roles from {}) to {}",
        roles.len(),
        roles_path,
        path.display()
    );
    Ok(())
}
