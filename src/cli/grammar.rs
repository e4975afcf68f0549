//! The command-line grammar, checked on clap's command tree (README, "Command-line
//! conventions"): a flag name means one thing, with one value type, in every subcommand;
//! subcommands that read candidates take `--candidates PATH`, those that write a file take
//! `--out PATH` (a folder: `--out-dir DIR`), long-running ones take `--quiet` and `--threads`,
//! and those that print results take `--format` with at least table, csv and json. Hidden
//! flags (deprecated spellings, which print a notice) are exempt.

#[cfg(test)]
mod tests {
    use std::any::TypeId;
    use std::collections::BTreeMap;

    use clap::{Arg, ArgAction, Command, CommandFactory};

    use crate::cli::Cli;

    /// What a subcommand does, which decides the flags it must have.
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Trait {
        /// Reads a candidate file: `--candidates PATH`.
        ReadsCandidates,
        /// Writes a file: `--out PATH`.
        WritesFile,
        /// Writes files into a folder: `--out-dir DIR`.
        WritesFolder,
        /// Can run long: `--quiet`, `--threads N`.
        LongRunning,
        /// Prints results: `--format` with table, csv and json.
        PrintsResults,
    }
    use Trait::*;

    /// Every subcommand, by its path, with what it does. A subcommand missing here fails the
    /// test: classify it, and the conventions apply to it.
    const SUBCOMMANDS: &[(&str, &[Trait])] = &[
        (
            "rank",
            &[ReadsCandidates, WritesFile, LongRunning, PrintsResults],
        ),
        (
            "audit",
            &[ReadsCandidates, WritesFile, LongRunning, PrintsResults],
        ),
        ("generate", &[WritesFolder, LongRunning]),
        ("import github", &[ReadsCandidates, WritesFile, LongRunning]),
        ("skills lookup", &[PrintsResults]),
        (
            "skills unknown",
            &[ReadsCandidates, WritesFile, LongRunning, PrintsResults],
        ),
        ("skills build", &[WritesFile]),
        ("train", &[ReadsCandidates, WritesFile, LongRunning]),
        (
            "evaluate",
            &[ReadsCandidates, WritesFile, LongRunning, PrintsResults],
        ),
        (
            "compare",
            &[ReadsCandidates, WritesFile, LongRunning, PrintsResults],
        ),
        (
            "why",
            &[ReadsCandidates, WritesFile, LongRunning, PrintsResults],
        ),
        ("serve", &[ReadsCandidates, LongRunning]),
        ("model show", &[PrintsResults]),
        ("completions", &[]),
        ("man", &[WritesFolder]),
    ];

    /// Flags whose value names a thing as well (`compare --model NAME=PATH`): the same path as
    /// elsewhere, with the name `compare` reports it under.
    const NAMED: &[(&str, &str)] = &[("compare", "model"), ("compare", "scores")];

    /// Leaf subcommands with their paths (`import github`).
    fn leaves(command: &Command, prefix: &str, out: &mut Vec<(String, Command)>) {
        for sub in command.get_subcommands() {
            let path = format!("{prefix}{}", sub.get_name()).trim().to_string();
            if sub.has_subcommands() {
                leaves(sub, &format!("{path} "), out);
            } else {
                out.push((path, sub.clone()));
            }
        }
    }

    fn flag<'a>(command: &'a Command, name: &str) -> Option<&'a Arg> {
        command
            .get_arguments()
            .find(|a| a.get_long() == Some(name) && !a.is_hide_set())
    }

    /// A flag's kind: whether it takes a value, and of which type (any value enum counts as
    /// one kind: each `--format` lists its own formats).
    fn kind(arg: &Arg) -> String {
        let takes_value = !matches!(
            arg.get_action(),
            ArgAction::SetTrue | ArgAction::SetFalse | ArgAction::Count
        );
        if !takes_value {
            return "switch".into();
        }
        if !arg.get_possible_values().is_empty() {
            return "one of named values".into();
        }
        let id = arg.get_value_parser().type_id();
        let known: [(TypeId, &str); 9] = [
            (TypeId::of::<std::path::PathBuf>(), "path"),
            (TypeId::of::<chrono::NaiveDate>(), "date"),
            (
                TypeId::of::<std::num::NonZeroUsize>(),
                "count of at least 1",
            ),
            (TypeId::of::<usize>(), "count"),
            (TypeId::of::<u64>(), "integer"),
            (TypeId::of::<u8>(), "byte"),
            (TypeId::of::<String>(), "text"),
            (TypeId::of::<&'static encoding_rs::Encoding>(), "encoding"),
            (TypeId::of::<f64>(), "number"),
        ];
        match known.iter().find(|(t, _)| id == *t) {
            Some((_, name)) => name.to_string(),
            None => format!("other {id:?}"),
        }
    }

    #[test]
    fn every_subcommand_is_classified_and_follows_the_conventions() {
        let mut all = Vec::new();
        leaves(&Cli::command(), "", &mut all);
        let mut problems = Vec::new();
        for (path, command) in &all {
            let Some((_, traits)) = SUBCOMMANDS.iter().find(|(p, _)| p == path) else {
                problems.push(format!(
                    "`{path}` is not classified in src/cli/grammar.rs: add it to SUBCOMMANDS"
                ));
                continue;
            };
            let has = |name: &str| flag(command, name).is_some();
            for t in *traits {
                let needs: &[&str] = match t {
                    ReadsCandidates => &["candidates"],
                    WritesFile => &["out"],
                    WritesFolder => &["out-dir"],
                    LongRunning => &["quiet", "threads"],
                    PrintsResults => &["format"],
                };
                for name in needs {
                    if !has(name) {
                        problems.push(format!("`{path}` lacks --{name}"));
                    }
                }
            }
            if let Some(format) = flag(command, "format") {
                let values: Vec<String> = format
                    .get_possible_values()
                    .iter()
                    .map(|v| v.get_name().to_string())
                    .collect();
                for needed in ["table", "csv", "json"] {
                    if !values.iter().any(|v| v == needed) {
                        problems.push(format!("`{path} --format` lacks {needed}"));
                    }
                }
            }
            if has("quiet") != has("threads") {
                problems.push(format!("`{path}` has one of --quiet and --threads"));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn a_flag_name_has_one_kind_everywhere() {
        let mut all = Vec::new();
        leaves(&Cli::command(), "", &mut all);
        let mut kinds: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        for (path, command) in &all {
            for arg in command.get_arguments().filter(|a| !a.is_hide_set()) {
                if let Some(long) = arg.get_long() {
                    let named = NAMED.contains(&(path.as_str(), long));
                    let kind = match named {
                        true => "path".to_string(),
                        false => kind(arg),
                    };
                    kinds
                        .entry(long.to_string())
                        .or_default()
                        .push((kind, path.clone()));
                }
            }
        }
        let mut problems = Vec::new();
        for (name, uses) in &kinds {
            if uses.iter().any(|(k, _)| *k != uses[0].0) {
                problems.push(format!("--{name}: {uses:?}"));
            }
        }
        assert!(
            problems.is_empty(),
            "flags with two meanings:\n{}",
            problems.join("\n")
        );
        // Date flags default to today everywhere: none has a fixed default.
        for (path, command) in &all {
            if let Some(as_of) = flag(command, "as-of") {
                assert!(
                    as_of.get_default_values().is_empty(),
                    "`{path} --as-of` has a default"
                );
            }
        }
    }

    #[test]
    fn completions_name_every_subcommand_in_every_shell() {
        let mut all = Vec::new();
        leaves(&Cli::command(), "", &mut all);
        for shell in [
            clap_complete::Shell::Bash,
            clap_complete::Shell::Zsh,
            clap_complete::Shell::Fish,
            clap_complete::Shell::PowerShell,
        ] {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "shiprank", &mut out);
            let script = String::from_utf8(out).unwrap();
            for (path, _) in &all {
                for word in path.split(' ') {
                    assert!(script.contains(word), "{shell}: no `{word}`");
                }
            }
        }
    }
}
