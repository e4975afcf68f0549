//! Helpers shared by subcommands.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::args::ListFormat;
use chrono::NaiveDate;

/// The file given, or else the sample compiled into the binary (never a `data/` folder that
/// happens to be in the current directory).
pub fn input_or(given: &Option<PathBuf>, bundled: shiprank::Bundled) -> shiprank::Input {
    given
        .as_ref()
        .map_or(shiprank::Input::Bundled(bundled), shiprank::Input::from)
}

/// Prints the one-line notice of a deprecated spelling, which keeps working.
pub fn deprecated(old: &str, new: &str) {
    eprintln!(
        "shiprank: note: `{old}` is deprecated; use `{new}` (the old spelling keeps working)"
    );
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
) -> anyhow::Result<(
    shiprank::Input,
    Vec<shiprank::Role>,
    Vec<shiprank::Candidate>,
)> {
    let (taxonomy, rates) = (
        shiprank::Taxonomy::bundled(),
        shiprank::RateTable::bundled(),
    );
    let roles_path = roles.map_or(
        shiprank::Input::Bundled(shiprank::Bundled::Roles),
        shiprank::Input::from,
    );
    let roles = shiprank::read_roles(&roles_path, taxonomy, rates)?;
    let read = shiprank::ReadOptions::new(taxonomy, rates);
    let candidates = shiprank::read_candidates(candidates, &read)?.candidates;
    Ok((roles_path, roles, candidates))
}

/// Before any work: every input exists, and no output is an input or another output.
pub fn check_paths(
    outputs: &[(&'static str, &Path)],
    inputs: &[(&'static str, &Path)],
) -> shiprank::Result<()> {
    shiprank::check_inputs(inputs)?;
    shiprank::refuse_overwriting(outputs, inputs)
}

/// Renders records (`rows` of cells under `header`) as an aligned table, spreadsheet-safe
/// CSV, or a JSON array of objects of strings.
pub fn records(format: ListFormat, header: &[&str], rows: Vec<Vec<String>>) -> Vec<u8> {
    match format {
        ListFormat::Table => {
            let widths: Vec<usize> = (0..header.len())
                .map(|i| {
                    rows.iter()
                        .map(|r| shiprank::printable(&r[i]).chars().count())
                        .chain([header[i].len()])
                        .max()
                        .unwrap_or(0)
                })
                .collect();
            let mut out = String::new();
            let line = |cells: Vec<String>, out: &mut String| {
                let padded: Vec<String> = cells
                    .iter()
                    .zip(&widths)
                    .map(|(c, w)| format!("{c:<w$}"))
                    .collect();
                out.push_str(padded.join("  ").trim_end());
                out.push('\n');
            };
            line(header.iter().map(|h| h.to_string()).collect(), &mut out);
            for row in &rows {
                line(
                    row.iter().map(|c| shiprank::printable(c)).collect(),
                    &mut out,
                );
            }
            out.into_bytes()
        }
        ListFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(header).expect("writing to memory");
            for row in &rows {
                let safe = row.iter().map(|c| shiprank::spreadsheet_safe(c));
                w.write_record(safe.map(|c| c.into_owned()))
                    .expect("writing to memory");
            }
            w.into_inner().expect("writing to memory")
        }
        ListFormat::Json => {
            let objects: Vec<serde_json::Map<String, serde_json::Value>> = rows
                .into_iter()
                .map(|row| {
                    header
                        .iter()
                        .map(|h| h.to_string())
                        .zip(row.into_iter().map(Into::into))
                        .collect()
                })
                .collect();
            let mut bytes = serde_json::to_vec_pretty(&objects).expect("strings serialize");
            bytes.push(b'\n');
            bytes
        }
    }
}

/// The optional paths that were given, with their flags (for [`check_paths`]).
pub fn given<'a>(paths: &[(&'static str, &'a Option<PathBuf>)]) -> Vec<(&'static str, &'a Path)> {
    paths
        .iter()
        .filter_map(|&(flag, path)| path.as_deref().map(|p| (flag, p)))
        .collect()
}

/// A whole number of at least `min` for `flag`, with a plain message otherwise
/// (`--top must be at least 1, found 0`).
pub fn at_least(flag: &str, min: usize, text: &str) -> Result<usize, String> {
    match text.trim().parse::<i128>() {
        Ok(n) if n >= min as i128 && n <= usize::MAX as i128 => Ok(n as usize),
        Ok(n) if n < min as i128 => Err(format!("{flag} must be at least {min}, found {n}")),
        _ => Err(format!(
            "{flag} must be a whole number of at least {min}, found \"{text}\""
        )),
    }
}

/// `--top N`: at least 1.
pub fn top(text: &str) -> Result<std::num::NonZeroUsize, String> {
    at_least("--top", 1, text).map(|n| std::num::NonZeroUsize::new(n).expect("n >= 1"))
}

/// `--threads N`: at least 1.
pub fn threads(text: &str) -> Result<std::num::NonZeroUsize, String> {
    at_least("--threads", 1, text).map(|n| std::num::NonZeroUsize::new(n).expect("n >= 1"))
}

/// `--k K,...`: each cutoff at least 1.
pub fn cutoff(text: &str) -> Result<std::num::NonZeroUsize, String> {
    at_least("--k", 1, text).map(|n| std::num::NonZeroUsize::new(n).expect("n >= 1"))
}

/// `--folds K`: at least 2.
pub fn folds(text: &str) -> Result<usize, String> {
    at_least("--folds", 2, text)
}

/// The signing key in the environment variable `var`, which `flag` named. Messages name the
/// flag and the variable, never the value; a `var` that is no variable name (perhaps the key
/// itself, pasted by mistake) is not repeated either.
pub fn key_from_env(flag: &str, var: &str) -> anyhow::Result<shiprank::SigningKey> {
    let mut chars = var.chars();
    let is_name = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !is_name {
        anyhow::bail!(
            "{flag} takes the name of an environment variable (letters, digits and _, not \
             starting with a digit) that holds the key, not the key itself"
        );
    }
    let value = std::env::var_os(var)
        .with_context(|| format!("{flag} {var}: the environment variable {var} is not set"))?;
    if value.is_empty() {
        anyhow::bail!("{flag} {var}: the environment variable {var} is empty");
    }
    shiprank::SigningKey::new(value.into_encoded_bytes()).with_context(|| format!("{flag} {var}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_flags_say_plainly_what_they_take() {
        assert_eq!(top("0").unwrap_err(), "--top must be at least 1, found 0");
        assert_eq!(top("-1").unwrap_err(), "--top must be at least 1, found -1");
        assert_eq!(
            top("ten").unwrap_err(),
            "--top must be a whole number of at least 1, found \"ten\""
        );
        assert_eq!(top("25").unwrap().get(), 25);
        assert_eq!(
            folds("1").unwrap_err(),
            "--folds must be at least 2, found 1"
        );
        assert_eq!(folds("5"), Ok(5));
    }
}
