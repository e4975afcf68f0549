//! `shiprank skills`: look skills up, list unknown ones, rebuild the taxonomy.

use std::fmt::Write as _;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use anyhow::bail;

use super::args::{DialectArgs, ListFormat};
use super::common::{given, records, today, with_threads, write_output};
use super::progress::Progress;
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
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: ListFormat,
    },
    /// List the skills of a candidate file that the taxonomy does not know, with counts.
    Unknown {
        /// Candidate file (CSV or JSONL); or give it with --candidates.
        #[arg(value_name = "PATH", required_unless_present = "candidates")]
        file: Option<PathBuf>,
        /// Candidate file (CSV or JSONL).
        #[arg(long, value_name = "PATH", conflicts_with = "file")]
        candidates: Option<PathBuf>,
        /// How the candidate file is written.
        #[command(flatten)]
        dialect: DialectArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "csv")]
        format: ListFormat,
        /// Write the list here (atomically) instead of standard output.
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        /// Print no progress on standard error.
        #[arg(long)]
        quiet: bool,
        /// Worker threads [default: one per core]. The list does not depend on it.
        #[arg(long, value_name = "N", value_parser = super::common::threads, allow_negative_numbers = true)]
        threads: Option<NonZeroUsize>,
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
        Command::Lookup { name, format } => lookup(name, *format),
        Command::Unknown {
            file,
            candidates,
            dialect,
            format,
            out,
            quiet,
            threads,
        } => {
            let file = file
                .as_ref()
                .or(candidates.as_ref())
                .expect("clap requires one");
            let mut inputs = vec![("--candidates", file.as_path())];
            inputs.extend(dialect.inputs());
            super::common::check_paths(&given(&[("--out", out)]), &inputs)?;
            let progress = Progress::start(Some(file), *quiet);
            let list = with_threads(*threads, || unknown(file, &dialect.dialect()?, *format))??;
            progress.finish();
            write_output(out.as_deref(), &list)
        }
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

fn lookup(name: &str, format: ListFormat) -> anyhow::Result<()> {
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
    let fields = [
        ("skill", entry.name.clone()),
        ("category", entry.category.to_string()),
        ("aliases", entry.aliases.join(", ")),
        ("implies", names(taxonomy.implied(id))),
        ("related", related.join(", ")),
        ("source", entry.source.clone()),
    ];
    let bytes = match format {
        ListFormat::Table => {
            let mut out = String::new();
            for (key, value) in &fields {
                let _ = writeln!(out, "{:<9} {value}", format!("{key}:"));
            }
            out.into_bytes()
        }
        _ => records(
            format,
            &fields.each_ref().map(|(k, _)| *k),
            vec![fields.iter().map(|(_, v)| v.clone()).collect()],
        ),
    };
    write_output(None, &bytes)
}

fn unknown(
    file: &std::path::Path,
    dialect: &shiprank::Dialect,
    format: ListFormat,
) -> anyhow::Result<Vec<u8>> {
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
    let rows = rows
        .into_iter()
        .map(|(_, skill)| {
            let hint = taxonomy.suggest(&skill.spelling).join(" | ");
            vec![skill.count.to_string(), skill.spelling.clone(), hint]
        })
        .collect();
    Ok(records(format, &["count", "skill", "suggestion"], rows))
}
