//! `shiprank generate`: write a synthetic candidate pool.

use std::path::PathBuf;

use anyhow::Context;
use chrono::NaiveDate;

use super::common::parse_date;
use shiprank::{generate, GenerateOptions};

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
}

/// Runs `shiprank generate`.
pub fn run(args: &Args) -> anyhow::Result<()> {
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    let path = args.out.join("candidates.csv");
    let options = GenerateOptions {
        candidates: args.candidates,
        seed: args.seed,
        as_of: args.as_of,
    };
    let tmp = args
        .out
        .join(format!(".candidates.csv.tmp-{}", std::process::id()));
    let file =
        std::fs::File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
    let result = generate(&options, std::io::BufWriter::with_capacity(1 << 20, file)).and_then(
        |generated| {
            std::fs::rename(&tmp, &path).map_err(|e| shiprank::Error::io(&path, e))?;
            Ok(generated)
        },
    );
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    let generated = result?;
    eprintln!(
        "shiprank: wrote {} candidates to {}",
        generated.candidates,
        path.display()
    );
    Ok(())
}
