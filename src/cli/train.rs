//! `shiprank train`: learn a ranking model from labelled data and write a model file.

use std::path::PathBuf;
use std::time::Instant;

use super::args::{params, AlgoArg, DataArgs, MetricArgs};
use shiprank::{
    cross_validate, evaluate, means_line, metric_means, train, Algorithm, CrossValidation,
};

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
    #[command(flatten)]
    pub metrics: MetricArgs,
    /// Print nothing on standard error.
    #[arg(long)]
    pub quiet: bool,
}

/// Runs `shiprank train`.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let algorithm = Algorithm::from(args.algo);
    let params = params(algorithm, &args.params, args.seed)?;
    let loaded = args.data.load(None)?;
    let data = &loaded.data;
    let metrics = args.metrics.metrics();
    let options = args.metrics.options();
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
