//! `shiprank serve`: the weight-tuning page and its JSON API, on loopback by default.

use std::net::SocketAddr;
use std::num::NonZeroUsize;

use super::args::CandidateData;
use anyhow::Context;

use super::common::{self, check_paths, input_or, today};
use shiprank::serve::{ServeOptions, Server, Session, SessionInputs};
use shiprank::{
    parse_role_specs, read_candidates, read_labels, Bundled, RankOptions, RateTable, ReadOptions,
    Taxonomy,
};

/// Arguments of `shiprank serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The candidates, the roles whose weights the page tunes and Save writes (not the
    /// bundled ones: give --roles to save), the labels behind NDCG@k and MAP, the date.
    #[command(flatten)]
    pub files: CandidateData,
    /// Address to listen on; any address but loopback needs --token.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Access token every request must carry (the printed URL does); at least 16 characters
    /// of A-Z, a-z, 0-9, -, ., _ or ~.
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Worker threads for ranking [default: one per core].
    #[arg(long, value_name = "N", value_parser = common::threads, allow_negative_numbers = true)]
    pub threads: Option<NonZeroUsize>,
    /// Serve the valid rows and report invalid ones instead of stopping at the first.
    #[arg(long)]
    pub skip_invalid: bool,
    /// Print only the URL.
    #[arg(long)]
    pub quiet: bool,
}

/// Runs `shiprank serve` until the process is stopped.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let files = &args.files;
    check_paths(&[], &files.inputs())?;
    let options = ServeOptions {
        listen: args.listen,
        token: args.token.clone(),
    };
    options.check()?;
    let (taxonomy, rates) = (Taxonomy::bundled(), RateTable::bundled());
    let roles_input = input_or(&files.roles, Bundled::Roles);
    let roles_file = roles_input.name();
    let roles = parse_role_specs(&roles_input.read_to_string()?, &roles_file, taxonomy, rates)?;
    let candidates = input_or(&files.candidates, Bundled::Candidates);
    let dialect = files.dialect.dialect()?;
    let read = ReadOptions {
        taxonomy,
        rates,
        skip_invalid: args.skip_invalid,
        keep_attributes: true,
        dialect: &dialect,
    };
    let labels = match &files.labels {
        Some(path) => Some((read_labels(path)?, path.display().to_string())),
        None => None,
    };
    let as_of = files.as_of.unwrap_or_else(today);
    // Requests rank on the global pool (from the server's threads), so size that one.
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.get())
            .build_global()
            .context("starting worker threads")?;
    }
    let set = read_candidates(candidates.clone(), &read)?;
    if !args.quiet {
        for r in &set.rejects {
            eprintln!("shiprank: rejected {r}");
        }
    }
    let session = Session::new(SessionInputs {
        candidates: set.candidates,
        candidates_file: candidates.name().into_owned(),
        roles,
        roles_path: files.roles.clone(),
        roles_file: roles_file.clone().into_owned(),
        labels,
        options: RankOptions {
            top: NonZeroUsize::MIN,
            as_of,
            taxonomy,
            rates,
            model: None,
        },
    })?;
    let server = Server::bind(session, &options)?;
    if !args.quiet {
        eprintln!(
            "shiprank: serving {} from {} and {} from {} as of {as_of}{} (Ctrl-C stops)",
            super::rank::plural(server.session().candidates(), "candidate"),
            candidates,
            super::rank::plural(server.session().roles(), "role"),
            roles_file,
            if files.roles.is_none() {
                "; the bundled roles cannot be saved: give --roles FILE"
            } else {
                ""
            },
        );
    }
    // The URL on standard output, alone on its line, for scripts and tests.
    println!("{}", server.url());
    Ok(server.run()?)
}
