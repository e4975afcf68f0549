//! `shiprank import github`: turn saved GitHub API responses into candidates.

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use rayon::prelude::*;

use anyhow::bail;
use chrono::NaiveDate;

use super::common::{deprecated, parse_date, today, with_threads};
use super::progress::Progress;
use shiprank::github::{duplicate_logins, import_user, merge, read_records, GithubInput};

/// Arguments of `shiprank import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    source: Source,
}

#[derive(Debug, clap::Subcommand)]
enum Source {
    /// Saved GitHub REST API v3 responses (works offline, on files).
    Github(GithubArgs),
}

/// Arguments of `shiprank import github`.
#[derive(Debug, clap::Args)]
struct GithubArgs {
    /// A user object (`/users/{user}`); repeat for several users, each with its --repos.
    #[arg(long, value_name = "USER.json", required = true)]
    user: Vec<PathBuf>,
    /// The user's repositories (`/users/{user}/repos`), one per --user, in the same order.
    #[arg(long, value_name = "REPOS.json", required = true)]
    repos: Vec<PathBuf>,
    /// The user's public events (`/users/{user}/events`): none, or one per --user.
    #[arg(long, value_name = "EVENTS.json")]
    events: Vec<PathBuf>,
    /// An existing candidate file (CSV or JSONL) to merge into, matching by id or GitHub login.
    #[arg(long, value_name = "PATH")]
    candidates: Option<PathBuf>,
    /// Deprecated spelling of --candidates.
    #[arg(long, value_name = "PATH", hide = true, conflicts_with = "candidates")]
    merge: Option<PathBuf>,
    /// Where to write the candidates (JSONL, atomically).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Reference date for "commits in the last 12 months" [default: today].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// Print nothing on standard error.
    #[arg(long)]
    quiet: bool,
    /// Worker threads [default: one per core]. The output does not depend on it.
    #[arg(long, value_name = "N", value_parser = super::common::threads, allow_negative_numbers = true)]
    threads: Option<NonZeroUsize>,
}

/// Runs `shiprank import`.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let Source::Github(args) = &args.source;
    if args.repos.len() != args.user.len() {
        bail!(
            "give one --repos per --user ({} users, {} repository lists)",
            args.user.len(),
            args.repos.len()
        );
    }
    if !args.events.is_empty() && args.events.len() != args.user.len() {
        bail!(
            "give --events for every --user or for none ({} users, {} event lists)",
            args.user.len(),
            args.events.len()
        );
    }
    let mut inputs: Vec<(&str, &Path)> = Vec::new();
    inputs.extend(args.user.iter().map(|p| ("--user", p.as_path())));
    inputs.extend(args.repos.iter().map(|p| ("--repos", p.as_path())));
    inputs.extend(args.events.iter().map(|p| ("--events", p.as_path())));
    let merge_into = match (&args.candidates, &args.merge) {
        (Some(path), _) => Some(path),
        (None, Some(path)) => {
            deprecated(
                "import github --merge FILE",
                "import github --candidates FILE",
            );
            Some(path)
        }
        (None, None) => None,
    };
    inputs.extend(merge_into.map(|p| ("--candidates", p.as_path())));
    super::common::check_paths(&[("--out", &args.out)], &inputs)?;
    let as_of = args.as_of.unwrap_or_else(today);
    let progress = Progress::items("users", args.user.len() as u64, args.quiet);
    let imported = with_threads(args.threads, || {
        (0..args.user.len())
            .into_par_iter()
            .map(|i| {
                let input = GithubInput {
                    user: &args.user[i],
                    repos: &args.repos[i],
                    events: args.events.get(i).map(PathBuf::as_path),
                };
                let user = import_user(&input, as_of);
                progress.rows.fetch_add(1, Ordering::Relaxed);
                user
            })
            .collect::<shiprank::Result<Vec<_>>>()
    })??;
    progress.finish();
    let repos_after: usize = imported.iter().map(|u| u.repos_after).sum();
    let events_after: usize = imported.iter().map(|u| u.events_after).sum();
    let users: Vec<_> = imported.into_iter().map(|u| u.record).collect();
    if let Some(login) = duplicate_logins(&users).first() {
        bail!("GitHub user \"{login}\" is given more than once");
    }
    let existing = match merge_into {
        Some(path) => read_records(path)?,
        None => Vec::new(),
    };
    let (n_existing, n_users) = (existing.len(), users.len());
    let records = merge(existing, users);
    let mut out = Vec::new();
    for record in &records {
        serde_json::to_writer(&mut out, record)?;
        out.push(b'\n');
    }
    shiprank::write_atomic(&args.out, &out)?;
    let added = records.len() - n_existing;
    if args.quiet {
        return Ok(());
    }
    eprintln!(
        "shiprank: {n_users} GitHub users as of {as_of}: {} merged into existing candidates, \
         {added} added; wrote {} candidates to {}",
        n_users - added,
        records.len(),
        args.out.display()
    );
    if repos_after + events_after > 0 {
        eprintln!(
            "shiprank: dated after --as-of {as_of}, so not counted: {repos_after} repositories \
             (created or pushed later), {events_after} push events"
        );
    }
    Ok(())
}
