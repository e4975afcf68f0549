//! `shiprank train`: learn a ranking model from labelled data and write a model file.

use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::ValueEnum;

use super::ltr_data::{means_line, metrics, DataArgs, EmptyArg};
use shiprank::{
    cross_validate, evaluate, metric_means, train, Algorithm, CrossValidation, EvalOptions,
    TrainParams,
};

/// Learning algorithms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AlgoArg {
    /// Pointwise logistic regression on "screened or better" (linfa-logistic).
    Logistic,
    /// Linear learning to rank on within-role preference pairs (RankNet/RankSVM style).
    Pairwise,
    /// Pointwise ε-support-vector regression on the grade, RBF kernel by default (linfa-svm).
    Svm,
    /// A classification tree on the grade; leaves score mean labels (linfa-trees).
    Tree,
    /// Gradient-boosted trees with the LambdaMART objective.
    Lambdamart,
}

impl From<AlgoArg> for Algorithm {
    fn from(a: AlgoArg) -> Algorithm {
        match a {
            AlgoArg::Logistic => Algorithm::Logistic,
            AlgoArg::Pairwise => Algorithm::Pairwise,
            AlgoArg::Svm => Algorithm::Svm,
            AlgoArg::Tree => Algorithm::Tree,
            AlgoArg::Lambdamart => Algorithm::LambdaMart,
        }
    }
}

/// Arguments of `shiprank train`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub data: DataArgs,
    /// The learning algorithm.
    #[arg(long, value_enum)]
    pub algo: AlgoArg,
    /// Where to write the model (JSON, atomically).
    #[arg(long, value_name = "MODEL")]
    pub out: PathBuf,
    /// A hyper-parameter, NAME=VALUE (repeatable); an unknown name lists the algorithm's.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// Seed of everything random: pair sampling, bagging, row samples, fold assignment.
    #[arg(long, value_name = "S", default_value = "0")]
    pub seed: u64,
    /// Also cross-validate with K folds of whole queries (roles), and store the held-out
    /// metrics in the model file.
    #[arg(long, value_name = "K")]
    pub folds: Option<usize>,
    /// Cutoffs of the reported NDCG@k and P@k.
    #[arg(
        long,
        value_name = "K,...",
        value_delimiter = ',',
        default_value = "1,3,5,10"
    )]
    pub k: Vec<NonZeroUsize>,
    /// The value of a query without any relevant row.
    #[arg(long, value_enum, default_value = "one")]
    pub empty_queries: EmptyArg,
    /// Print nothing on standard error.
    #[arg(long)]
    pub quiet: bool,
}

/// Turns NAME=VALUE settings into checked parameters.
pub fn params(
    algorithm: Algorithm,
    settings: &[String],
    seed: u64,
) -> anyhow::Result<shiprank::ValidParams> {
    let mut params = TrainParams::new(algorithm).seed(seed);
    for setting in settings {
        let (name, value) = setting
            .split_once('=')
            .with_context(|| format!("--param \"{setting}\": expected NAME=VALUE"))?;
        params = params.set(name.trim(), value)?;
    }
    Ok(params.check()?)
}

/// Runs `shiprank train`.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let algorithm = Algorithm::from(args.algo);
    let params = params(algorithm, &args.params, args.seed)?;
    let loaded = args.data.load(None)?;
    let data = &loaded.data;
    let metrics = metrics(&args.k);
    let options = EvalOptions {
        empty: args.empty_queries.into(),
        ..EvalOptions::default()
    };
    let labels = data.labels.as_slice().expect("contiguous labels");
    let cv = match args.folds {
        Some(folds) => {
            let cv = cross_validate(data, &params, folds, args.seed)?;
            let scores = cv.scores.as_slice().expect("contiguous scores");
            let summary = evaluate(&metrics, labels, scores, &data.groups, &options)?;
            if !args.quiet {
                eprintln!(
                    "shiprank: {folds}-fold cross-validation by query ({:.2} s): {}",
                    cv.train_seconds,
                    means_line(&summary)
                );
            }
            Some(CrossValidation {
                folds,
                seed: args.seed,
                metrics: metric_means(&summary),
            })
        }
        None => None,
    };
    let start = Instant::now();
    let mut model = train(data, &params, loaded.as_of)?;
    let seconds = start.elapsed().as_secs_f64();
    let scores = model.predict(data.features.view())?;
    let summary = evaluate(
        &metrics,
        labels,
        scores.as_slice().expect("contiguous scores"),
        &data.groups,
        &options,
    )?;
    let info = model.training_mut();
    info.metrics = metric_means(&summary);
    info.cross_validation = cv;
    shiprank::write_model(&args.out, &model)?;
    if !args.quiet {
        eprintln!(
            "shiprank: trained {algorithm} on {} ({} rows, {} queries, {} features) in {seconds:.2} s",
            loaded.name,
            data.n_rows(),
            data.n_queries(),
            data.feature_names.len(),
        );
        eprintln!("shiprank: on the training data: {}", means_line(&summary));
        eprintln!("shiprank: wrote {}", args.out.display());
    }
    Ok(())
}
