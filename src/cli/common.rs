//! Helpers shared by subcommands.

use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::NaiveDate;

/// A bundled data file: `data/NAME` under the current folder if it is there, else under the
/// folder the binary was built from.
pub fn bundled(name: &str) -> PathBuf {
    let local = Path::new("data").join(name);
    if local.exists() {
        local
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data")
            .join(name)
    }
}

/// Parses a date given on the command line (`--as-of`): `YYYY-MM-DD`, or the date part of an
/// RFC 3339 timestamp, as every date the library reads.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    shiprank::parse_date(text)
}

/// Today's date (UTC), the default reference date.
pub fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// Writes bytes to a file atomically, or to standard output.
pub fn write_output(out: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    match out {
        Some(path) => Ok(shiprank::write_atomic(path, bytes)?),
        None => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.context("writing to standard output"),
            }
        }
    }
}

/// Runs `f` on a rayon pool of `threads` threads (the machine's cores when `None`).
pub fn with_threads<T: Send>(
    threads: Option<std::num::NonZeroUsize>,
    f: impl FnOnce() -> T + Send,
) -> anyhow::Result<T> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        builder = builder.num_threads(n.get());
    }
    let pool = builder.build().context("starting worker threads")?;
    Ok(pool.install(f))
}

/// Reads a role file (the bundled one by default) and a candidate file, strictly: the first
/// invalid row is an error. Returns the role file's path too, for messages.
pub fn read_labelled_inputs(
    roles: Option<&Path>,
    candidates: &Path,
) -> anyhow::Result<(PathBuf, Vec<shiprank::Role>, Vec<shiprank::Candidate>)> {
    let (taxonomy, rates) = (
        shiprank::Taxonomy::bundled(),
        shiprank::RateTable::bundled(),
    );
    let roles_path = roles.map_or_else(|| bundled("roles.toml"), Path::to_path_buf);
    let roles = shiprank::read_roles(&roles_path, taxonomy, rates)?;
    let read = shiprank::ReadOptions {
        taxonomy,
        rates,
        skip_invalid: false,
        keep_attributes: false,
    };
    let candidates = shiprank::read_candidates(candidates, &read)?.candidates;
    Ok((roles_path, roles, candidates))
}

/// The optional paths that were given, with their flags (for `shiprank::refuse_overwriting`).
pub fn given<'a>(paths: &[(&'static str, &'a Option<PathBuf>)]) -> Vec<(&'static str, &'a Path)> {
    paths
        .iter()
        .filter_map(|&(flag, path)| path.as_deref().map(|p| (flag, p)))
        .collect()
}
