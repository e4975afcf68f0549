//! What the binary says about itself: the long version (with the data it carries), shell
//! completions and the man page.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Command, CommandFactory};

/// The sources the bundled taxonomy is built from (see data/README.md).
const TAXONOMY_SOURCES: &str =
    "GitHub linguist languages.yml, ESCO v1.2.0, O*NET Technology Skills";

/// `--version`: the version and the versions of the data compiled in.
pub fn long_version() -> String {
    let taxonomy = shiprank::Taxonomy::bundled();
    let rates = shiprank::RateTable::bundled();
    let latest = rates
        .latest_date()
        .map_or_else(|| "none".to_string(), |d| d.to_string());
    format!(
        "{}\ntaxonomy: {} skills (from {TAXONOMY_SOURCES})\nexchange rates: {} currencies, \
         latest {latest}\ntime zones: IANA tzdb {}",
        env!("CARGO_PKG_VERSION"),
        taxonomy.len(),
        rates.currencies().count(),
        chrono_tz::IANA_TZDB_VERSION,
    )
}

/// Shells `shiprank completions` writes scripts for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    /// Bash.
    Bash,
    /// Zsh.
    Zsh,
    /// Fish.
    Fish,
    /// PowerShell.
    Powershell,
}

/// Arguments of `shiprank completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Writes the completion script for `shell` to standard output.
pub fn completions(args: &CompletionArgs) -> anyhow::Result<()> {
    let mut command = super::Cli::command();
    let mut out = Vec::new();
    let shell = match args.shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::Powershell => clap_complete::Shell::PowerShell,
    };
    clap_complete::generate(shell, &mut command, "shiprank", &mut out);
    super::common::write_output(None, &out)
}

/// Arguments of `shiprank man`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// The subcommand whose page to print [default: the main page].
    pub subcommand: Option<String>,
    /// Write every page (shiprank.1, shiprank-rank.1, ...) into this folder instead.
    #[arg(long, value_name = "DIR", conflicts_with = "subcommand")]
    pub out_dir: Option<PathBuf>,
}

/// The man page of `shiprank`, or of one subcommand (`shiprank-rank`), in roff.
fn page(command: &Command, subcommand: Option<&str>) -> anyhow::Result<Vec<u8>> {
    let page = match subcommand {
        None => command.clone(),
        Some(name) => command
            .find_subcommand(name)
            .filter(|s| !s.is_hide_set())
            .with_context(|| format!("no subcommand \"{name}\""))?
            .clone()
            .name(format!("shiprank-{name}"))
            .version(env!("CARGO_PKG_VERSION")),
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(page).render(&mut out)?;
    Ok(out)
}

/// Prints a man page, or writes them all into a folder.
pub fn man(args: &ManArgs) -> anyhow::Result<()> {
    let command = super::Cli::command();
    let Some(dir) = &args.out_dir else {
        return super::common::write_output(None, &page(&command, args.subcommand.as_deref())?);
    };
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let names = command
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| Some(s.get_name().to_string()));
    for name in std::iter::once(None).chain(names) {
        let file = match &name {
            None => "shiprank.1".to_string(),
            Some(n) => format!("shiprank-{n}.1"),
        };
        shiprank::write_atomic(&dir.join(file), &page(&command, name.as_deref())?)?;
    }
    Ok(())
}
