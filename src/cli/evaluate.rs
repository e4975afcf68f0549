//! `shiprank evaluate`: NDCG@k, MAP, P@k and MRR of a strategy, a model, external scores or a
//! cross-validated algorithm against labels, per query and averaged.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use anyhow::bail;
use clap::ValueEnum;

use super::args::{params, AlgoArg, DataArgs, MetricArgs, StrategyArg, VerifyArgs};
use super::common::{folds, given, with_threads, write_output};
use super::progress::Progress;
use shiprank::{read_model_verified, EvaluationReport, Preset, ScorerSpec};

/// Output formats of `evaluate`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    /// One row per query, then the means.
    #[default]
    Table,
    /// Long form, one value per line: scorer,query,rows,relevant,fold,metric,value.
    Csv,
    /// One JSON object: the mean metrics as top-level keys, then `per_query`.
    Json,
}

/// Arguments of `shiprank evaluate`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("scorer").args(["scores", "model", "strategy", "algo"])))]
pub struct Args {
    #[command(flatten)]
    pub data: DataArgs,
    /// External scores, one per line, aligned with the data rows (LETOR rows, or the label
    /// file's rows).
    #[arg(long, value_name = "FILE")]
    pub scores: Option<PathBuf>,
    /// A model file (from `shiprank train`).
    #[arg(long, value_name = "MODEL")]
    pub model: Option<PathBuf>,
    #[command(flatten)]
    pub verify: VerifyArgs,
    /// A preset for every role [default with candidate data: each role's own].
    #[arg(long, value_enum)]
    pub strategy: Option<StrategyArg>,
    /// Cross-validate this algorithm (with --folds); with candidate data the presets are
    /// evaluated on the same queries for comparison.
    #[arg(long, value_enum, requires = "folds")]
    pub algo: Option<AlgoArg>,
    /// Folds of whole queries (roles) for --algo: train on K−1, evaluate the held-out one.
    #[arg(long, value_name = "K", requires = "algo", value_parser = folds, allow_negative_numbers = true)]
    pub folds: Option<usize>,
    /// With --algo: a hyper-parameter, NAME=VALUE (repeatable).
    #[arg(long = "param", value_name = "NAME=VALUE", requires = "algo")]
    pub params: Vec<String>,
    /// With --algo: the seed of folds and training.
    #[arg(long, value_name = "S", default_value = "0")]
    pub seed: u64,
    #[command(flatten)]
    pub metrics: MetricArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: EvalFormat,
    /// Write the evaluation here (atomically) instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Print no progress on standard error.
    #[arg(long)]
    pub quiet: bool,
    /// Worker threads [default: one per core]. The evaluation does not depend on it.
    #[arg(long, value_name = "N", value_parser = super::common::threads, allow_negative_numbers = true)]
    pub threads: Option<NonZeroUsize>,
    /// Also write the evaluated scores as a TREC run (`qid Q0 docid rank score shiprank`).
    #[arg(long, value_name = "PATH")]
    pub run: Option<PathBuf>,
    /// Also write the labels as TREC qrels (`qid 0 docid label`), for trec_eval.
    #[arg(long, value_name = "PATH")]
    pub qrels: Option<PathBuf>,
}

/// Turns the arguments into what scores the rows (reading a model file once).
fn scorer(args: &Args) -> anyhow::Result<ScorerSpec> {
    // clap counts another member of the scorer group as meeting `requires = "model"`.
    if args.verify.verify_key_env.is_some() && args.model.is_none() {
        bail!("--verify-key-env checks a model's signature: it needs --model MODEL");
    }
    Ok(if let Some(path) = &args.scores {
        ScorerSpec::Scores(path.clone())
    } else if let Some(path) = &args.model {
        ScorerSpec::Model {
            model: Box::new(read_model_verified(path, args.verify.key()?.as_ref())?),
            file: path.display().to_string(),
        }
    } else if let (Some(algo), Some(folds)) = (args.algo, args.folds) {
        ScorerSpec::CrossValidated {
            params: params(algo.into(), &args.params, args.seed)?,
            folds,
            seed: args.seed,
        }
    } else if args.data.is_letor() {
        bail!("LETOR data needs a scorer: --scores FILE, --model MODEL, or --algo ALGO --folds K");
    } else {
        ScorerSpec::Strategy(args.strategy.map(Preset::from))
    })
}

/// Runs `shiprank evaluate`.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let mut inputs = args.data.inputs();
    inputs.extend(given(&[
        ("--scores", &args.scores),
        ("--model", &args.model),
    ]));
    let outputs = given(&[
        ("--out", &args.out),
        ("--run", &args.run),
        ("--qrels", &args.qrels),
    ]);
    super::common::check_paths(&outputs, &inputs)?;
    let scorer = scorer(args)?;
    let n_features = match &scorer {
        ScorerSpec::Model { model, .. } => Some(model.features().len()),
        _ => None,
    };
    let progress = Progress::spinner(format!("evaluating {}", scorer_name(args)), args.quiet);
    let (data, evaluation) = with_threads(args.threads, || {
        let data = args.data.load(n_features)?;
        let evaluation =
            data.evaluate(&scorer, &args.metrics.metrics(), &args.metrics.options())?;
        anyhow::Ok((data, evaluation))
    })??;
    progress.finish();
    let options = args.metrics.options();
    if let Some(path) = &args.run {
        shiprank::write_atomic(path, &data.trec_run(&evaluation.main.scores)?)?;
    }
    if let Some(path) = &args.qrels {
        shiprank::write_atomic(path, data.qrels().as_bytes())?;
    }
    let report = EvaluationReport {
        data: &data,
        evaluation: &evaluation,
        options: &options,
    };
    let bytes = match args.format {
        EvalFormat::Table => report.table().into_bytes(),
        EvalFormat::Csv => report.csv().into_bytes(),
        EvalFormat::Json => report.json()?,
    };
    write_output(args.out.as_deref(), &bytes)
}

/// What is evaluated, for the progress display.
fn scorer_name(args: &Args) -> String {
    match (&args.model, args.algo, args.strategy) {
        (Some(path), _, _) => path.display().to_string(),
        (None, Some(algo), _) => format!("{algo:?} (cross-validated)").to_lowercase(),
        (None, None, Some(strategy)) => format!("{strategy:?}").to_lowercase(),
        (None, None, None) => "the scores".to_string(),
    }
}
