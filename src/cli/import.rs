//! `shiprank import github`: turn saved GitHub API responses into candidates.

use std::path::{Path, PathBuf};

use anyhow::bail;
use chrono::NaiveDate;

use super::common::{parse_date, today};
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
    #[arg(long, value_name = "FILE")]
    merge: Option<PathBuf>,
    /// Where to write the candidates (JSONL, atomically).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Reference date for "commits in the last 12 months" [default: today].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
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
    inputs.extend(args.merge.iter().map(|p| ("--merge", p.as_path())));
    super::common::check_paths(&[("--out", &args.out)], &inputs)?;
    let as_of = args.as_of.unwrap_or_else(today);
    let mut users = Vec::with_capacity(args.user.len());
    let (mut repos_after, mut events_after) = (0, 0);
    for (i, (user, repos)) in args.user.iter().zip(&args.repos).enumerate() {
        let input = GithubInput {
            user,
            repos,
            events: args.events.get(i).map(PathBuf::as_path),
        };
        let imported = import_user(&input, as_of)?;
        repos_after += imported.repos_after;
        events_after += imported.events_after;
        users.push(imported.record);
    }
    if let Some(login) = duplicate_logins(&users).first() {
        bail!("GitHub user \"{login}\" is given more than once");
    }
    let existing = match &args.merge {
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
    eprintln!(
        "shiprank: {n_users} GitHub users: {} merged into existing candidates, {added} added; wrote {} candidates to {}",
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
