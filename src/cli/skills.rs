//! `shiprank skills`: look skills up, list unknown ones, rebuild the taxonomy.

use std::fmt::Write as _;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use super::args::DialectArgs;
use super::common::{today, write_output};
use shiprank::{rank_file, RankOptions, Ranker, RateTable, ReadOptions, StreamOptions, Taxonomy};

/// Arguments of `shiprank skills`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Show a skill's canonical name, category, aliases, implied and related skills.
    Lookup {
        /// A skill name or alias, as people write it ("ReactJS", "k8s").
        name: String,
    },
    /// List the skills of a candidate file that the taxonomy does not know, with counts.
    Unknown {
        /// Candidate file (CSV or JSONL).
        file: PathBuf,
        /// How the candidate file is written.
        #[command(flatten)]
        dialect: DialectArgs,
    },
    /// Rebuild the taxonomy from the curated list and the public sources (needs the
    /// `taxonomy-build` feature).
    Build {
        /// Folder holding taxonomy/linguist, taxonomy/esco and taxonomy/onet.
        #[arg(long, value_name = "DIR", default_value = "../shared/data")]
        shared: PathBuf,
        /// The hand-curated skills.
        #[arg(long, value_name = "PATH", default_value = "data/taxonomy/curated.csv")]
        curated: PathBuf,
        /// Where to write the taxonomy (atomically).
        #[arg(long, value_name = "PATH", default_value = "data/taxonomy.csv")]
        out: PathBuf,
    },
}

/// Runs `shiprank skills`.
pub fn run(args: &Args) -> anyhow::Result<()> {
    match &args.command {
        Command::Lookup { name } => lookup(name),
        Command::Unknown { file, dialect } => unknown(file, &dialect.dialect()?),
        Command::Build {
            shared,
            curated,
            out,
        } => {
            super::common::check_paths(&[("--out", out)], &[("--curated", curated)])?;
            build(shared, curated, out)
        }
    }
}

/// Rebuilds the taxonomy from `curated` and the public sources under `shared` into `out`.
#[cfg(feature = "taxonomy-build")]
fn build(shared: &Path, curated: &Path, out: &Path) -> anyhow::Result<()> {
    use anyhow::Context;

    let curated_text = std::fs::read_to_string(curated)
        .with_context(|| format!("reading {}", curated.display()))?;
    let text = shiprank::build_taxonomy(shared, &curated_text)?;
    shiprank::write_atomic(out, text.as_bytes())?;
    eprintln!(
        "shiprank: wrote {} skills to {}",
        text.lines().count() - 1,
        out.display()
    );
    Ok(())
}

/// Without the `taxonomy-build` feature the build is not in the binary: says how to run it.
#[cfg(not(feature = "taxonomy-build"))]
fn build(_shared: &Path, _curated: &Path, _out: &Path) -> anyhow::Result<()> {
    bail!(
        "`skills build` is not in this binary (built without the taxonomy-build feature); \
         run: cargo run --release --features taxonomy-build -- skills build --shared ../shared/data"
    )
}

fn lookup(name: &str) -> anyhow::Result<()> {
    let taxonomy = Taxonomy::bundled();
    let Some(id) = taxonomy.resolve(name) else {
        let hints = taxonomy.suggest(name);
        if hints.is_empty() {
            bail!("unknown skill \"{name}\"");
        }
        bail!(
            "unknown skill \"{name}\" (did you mean {}?)",
            hints.join(", ")
        );
    };
    let entry = taxonomy.entry(id);
    let names = |ids: &[u32]| {
        ids.iter()
            .map(|&i| taxonomy.name(i))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let related: Vec<String> = entry
        .related
        .iter()
        .map(|&(s, c)| format!("{} ({c})", taxonomy.name(s)))
        .collect();
    let mut out = String::new();
    let _ = writeln!(out, "skill:    {}", entry.name);
    let _ = writeln!(out, "category: {}", entry.category);
    let _ = writeln!(out, "aliases:  {}", entry.aliases.join(", "));
    let _ = writeln!(out, "implies:  {}", names(taxonomy.implied(id)));
    let _ = writeln!(out, "related:  {}", related.join(", "));
    let _ = writeln!(out, "source:   {}", entry.source);
    write_output(None, out.as_bytes())
}

fn unknown(file: &std::path::Path, dialect: &shiprank::Dialect) -> anyhow::Result<()> {
    let (taxonomy, rates) = (Taxonomy::bundled(), RateTable::bundled());
    let read = ReadOptions {
        taxonomy,
        rates,
        skip_invalid: true,
        keep_attributes: false,
        dialect,
    };
    let options = RankOptions {
        top: NonZeroUsize::MIN,
        as_of: today(),
        taxonomy,
        rates,
        model: None,
    };
    let ranker = Ranker::new(&[], &options);
    let run = rank_file(file, &read, &ranker, &StreamOptions::default())?;
    let mut rows: Vec<_> = run.unknown_skills.iter().collect();
    rows.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
    // Spellings come from the candidate file: written spreadsheet-safe, as every CSV output.
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(["count", "skill", "suggestion"])?;
    for (_, skill) in rows {
        let hint = taxonomy.suggest(&skill.spelling).join(" | ");
        out.write_record([
            skill.count.to_string().as_str(),
            &shiprank::spreadsheet_safe(&skill.spelling),
            &hint,
        ])?;
    }
    write_output(None, &out.into_inner().context("writing the list")?)?;
    Ok(())
}
