//! `shiprank compare`: several scorers on the same labelled queries, with paired bootstrap
//! intervals, sign-flip tests against a baseline (Holm-adjusted), rank agreement, credential
//! dependence and impact ratios.

use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context};
use clap::ValueEnum;

use super::args::{params, AlgoArg, DataArgs, MetricArgs, StrategyArg, VerifyArgs};
use super::common::{check_paths, folds, given, threads, with_threads, write_output};
use super::progress::Progress;
use shiprank::{
    read_model_verified, read_roles, CompareOptions, CompareReport, CompareSpec, NamedScorer,
    Preset, RateTable, Taxonomy,
};

/// Output formats of `compare`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    /// Means with intervals, differences to the baseline, agreement, credential dependence.
    #[default]
    Table,
    /// Long form: scorer,metric,k,mean,ci_low,ci_high,diff,p,p_holm.
    Csv,
    /// One JSON document with per-query values.
    Json,
}

/// Arguments of `shiprank compare`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub data: DataArgs,
    /// A preset scorer, named by the preset (repeatable).
    #[arg(long, value_enum)]
    pub strategy: Vec<StrategyArg>,
    /// A role file whose roles' weights score (repeatable): NAME=ROLES.toml.
    #[arg(long, value_name = "NAME=ROLES.toml")]
    pub weights: Vec<String>,
    /// A model file from `shiprank train` (repeatable): NAME=PATH.
    #[arg(long, value_name = "NAME=PATH")]
    pub model: Vec<String>,
    #[command(flatten)]
    pub verify: VerifyArgs,
    /// External scores, one per data row in file order (repeatable): NAME=PATH.
    #[arg(long, value_name = "NAME=PATH")]
    pub scores: Vec<String>,
    /// An algorithm trained and scored inside the cross-validation folds (repeatable):
    /// NAME=ALGO with ALGO logistic, pairwise, svm, tree or lambdamart; needs --folds.
    #[arg(long, value_name = "NAME=ALGO")]
    pub train: Vec<String>,
    /// Folds of whole queries (roles) for --train.
    #[arg(long, value_name = "K", value_parser = folds, allow_negative_numbers = true)]
    pub folds: Option<usize>,
    /// The seed of folds, training, bootstrap and sign patterns.
    #[arg(long, value_name = "S", default_value = "0")]
    pub seed: u64,
    /// The scorer the others are compared with [default: the first given].
    #[arg(long, value_name = "NAME")]
    pub baseline: Option<String>,
    #[command(flatten)]
    pub metrics: MetricArgs,
    /// Bootstrap resamples of the 95% intervals.
    #[arg(long, value_name = "N", default_value = "10000", value_parser = bootstrap, allow_negative_numbers = true)]
    pub bootstrap: usize,
    /// Random sign patterns of the randomization test (exact enumeration when 2^queries ≤ N).
    #[arg(long, value_name = "N", default_value = "10000", value_parser = permutations, allow_negative_numbers = true)]
    pub permutations: usize,
    /// Show each scorer's lowest impact ratio at the top-k cut (the largest --k) by this
    /// candidate column (gender, ethnicity, ...).
    #[arg(long, value_name = "COLUMN")]
    pub by: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: CompareFormat,
    /// Write there (atomically) instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Also write a self-contained HTML report (inline CSS and SVG, no scripts).
    #[arg(long, value_name = "PATH")]
    pub html: Option<PathBuf>,
    /// No summary on standard error.
    #[arg(long)]
    pub quiet: bool,
    /// Worker threads (default: one per core); the output is the same for any N.
    #[arg(long, value_name = "N", value_parser = threads, allow_negative_numbers = true)]
    pub threads: Option<NonZeroUsize>,
}

/// `--bootstrap N`: at least 1.
fn bootstrap(text: &str) -> Result<usize, String> {
    super::common::at_least("--bootstrap", 1, text)
}

/// `--permutations N`: at least 1.
fn permutations(text: &str) -> Result<usize, String> {
    super::common::at_least("--permutations", 1, text)
}

/// Where each scorer flag's values stand on the command line, to keep the order given.
#[derive(Debug, Default)]
pub struct Order {
    /// `(flag id, value number)` in command-line order.
    pub given: Vec<(&'static str, usize)>,
}

impl Order {
    /// The order of the scorer flags in `matches`.
    pub fn of(matches: &clap::ArgMatches) -> Order {
        let mut at: Vec<(usize, &'static str, usize)> = Vec::new();
        for id in ["strategy", "weights", "model", "scores", "train"] {
            if let Some(indices) = matches.indices_of(id) {
                at.extend(indices.enumerate().map(|(n, i)| (i, id, n)));
            }
        }
        at.sort_unstable();
        Order {
            given: at.into_iter().map(|(_, id, n)| (id, n)).collect(),
        }
    }
}

/// `NAME=VALUE` of a scorer flag.
fn named<'a>(flag: &str, what: &str, spec: &'a str) -> anyhow::Result<(&'a str, &'a str)> {
    match spec.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() && !value.trim().is_empty() => {
            Ok((name.trim(), value.trim()))
        }
        _ => bail!("{flag} \"{spec}\": expected NAME={what}"),
    }
}

/// The scorers, in the order given.
fn scorers(args: &Args, order: &Order) -> anyhow::Result<Vec<NamedScorer>> {
    if args.verify.verify_key_env.is_some() && args.model.is_empty() {
        bail!("--verify-key-env checks a model's signature: it needs --model NAME=PATH");
    }
    let key = args.verify.key()?;
    let (taxonomy, rates) = (Taxonomy::bundled(), RateTable::bundled());
    let mut given: Vec<(&'static str, usize)> = order.given.clone();
    if given.is_empty() {
        // Built without the command line's matches (tests): flag by flag.
        for (id, n) in [
            ("strategy", args.strategy.len()),
            ("weights", args.weights.len()),
            ("model", args.model.len()),
            ("scores", args.scores.len()),
            ("train", args.train.len()),
        ] {
            given.extend((0..n).map(|i| (id, i)));
        }
    }
    let mut out = Vec::new();
    for (id, n) in given {
        out.push(match id {
            "strategy" => {
                let preset = Preset::from(args.strategy[n]);
                NamedScorer {
                    name: preset.name().to_string(),
                    spec: CompareSpec::Strategy(preset),
                }
            }
            "weights" => {
                let (name, path) = named("--weights", "ROLES.toml", &args.weights[n])?;
                let input = shiprank::Input::from(PathBuf::from(path));
                let roles = read_roles(&input, taxonomy, rates)
                    .with_context(|| format!("--weights {name}={path}"))?;
                NamedScorer {
                    name: name.into(),
                    spec: CompareSpec::Weights {
                        roles,
                        file: path.into(),
                    },
                }
            }
            "model" => {
                let (name, path) = named("--model", "PATH", &args.model[n])?;
                let model = read_model_verified(path.as_ref(), key.as_ref())
                    .with_context(|| format!("--model {name}={path}"))?;
                NamedScorer {
                    name: name.into(),
                    spec: CompareSpec::Model {
                        model: Box::new(model),
                        file: path.into(),
                    },
                }
            }
            "scores" => {
                let (name, path) = named("--scores", "PATH", &args.scores[n])?;
                NamedScorer {
                    name: name.into(),
                    spec: CompareSpec::Scores(path.into()),
                }
            }
            _ => {
                let (name, algo) = named("--train", "ALGO", &args.train[n])?;
                let algo = AlgoArg::from_str(algo, true).map_err(|_| {
                    anyhow::anyhow!(
                        "--train {name}={algo}: unknown algorithm (logistic, pairwise, svm, tree \
                         or lambdamart)"
                    )
                })?;
                if args.folds.is_none() {
                    bail!("--train {name}=...: trained scorers need --folds K (folds of whole queries)");
                }
                NamedScorer {
                    name: name.into(),
                    spec: CompareSpec::Train(params(algo.into(), &[], args.seed)?),
                }
            }
        });
    }
    Ok(out)
}

/// The paths the scorer flags read, with their flags.
fn scorer_inputs(args: &Args) -> Vec<(&'static str, PathBuf)> {
    let mut out = Vec::new();
    for (flag, specs) in [
        ("--weights", &args.weights),
        ("--model", &args.model),
        ("--scores", &args.scores),
    ] {
        for spec in specs {
            if let Some((_, path)) = spec.split_once('=') {
                out.push((flag, PathBuf::from(path.trim())));
            }
        }
    }
    out
}

/// Runs `shiprank compare`.
pub fn run(args: &Args, order: &Order) -> anyhow::Result<()> {
    let start = Instant::now();
    let scorer_paths = scorer_inputs(args);
    let mut inputs = args.data.inputs();
    inputs.extend(scorer_paths.iter().map(|(f, p)| (*f, p.as_path())));
    let outputs = given(&[("--out", &args.out), ("--html", &args.html)]);
    check_paths(&outputs, &inputs)?;
    let scorers = scorers(args, order)?;
    if scorers.len() < 2 {
        bail!(
            "compare needs at least two scorers (--strategy, --weights, --model, --scores, \
             --train), found {}",
            scorers.len()
        );
    }
    let baseline = match &args.baseline {
        None => 0,
        Some(name) => scorers
            .iter()
            .position(|s| &s.name == name)
            .with_context(|| {
                let names: Vec<&str> = scorers.iter().map(|s| s.name.as_str()).collect();
                format!(
                    "--baseline {name}: no such scorer (scorers: {})",
                    names.join(", ")
                )
            })?,
    };
    let data = args.data.load(None)?;
    let options = CompareOptions {
        ks: args.metrics.k.iter().map(|k| k.get()).collect(),
        eval: args.metrics.options(),
        baseline,
        bootstrap: args.bootstrap,
        permutations: args.permutations,
        seed: args.seed,
        folds: args.folds,
        by: args.by.clone(),
        ..CompareOptions::default()
    };
    let progress = Progress::spinner(format!("comparing {} scorers", scorers.len()), args.quiet);
    let comparison = with_threads(args.threads, || {
        shiprank::compare(&data, &scorers, &options)
    })??;
    progress.finish();
    let report = CompareReport {
        data: &data,
        comparison: &comparison,
        as_of: data.as_of,
    };
    let bytes = match args.format {
        CompareFormat::Table => report.table().into_bytes(),
        CompareFormat::Csv => report.csv(false)?,
        CompareFormat::Json => report.json()?,
    };
    if let Some(path) = &args.html {
        shiprank::write_atomic(path, report.html().as_bytes())?;
    }
    write_output(args.out.as_deref(), &bytes)?;
    if !args.quiet {
        eprintln!(
            "compared {} scorers on {} queries ({} rows) as of {}, baseline {}, in {:.1} s",
            comparison.scorers.len(),
            data.data.n_queries(),
            data.data.n_rows(),
            data.as_of,
            comparison.baseline().name,
            start.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
