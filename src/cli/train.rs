//! `shiprank train`: learn a ranking model from labelled data and write a model file.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use super::args::{params, AlgoArg, DataArgs, MetricArgs};
use super::common::{key_from_env, with_threads};
use super::progress::Progress;
use shiprank::{
    fit, means_line, Algorithm, DataSource, FitOptions, Metric, RateTable, Taxonomy, Validation,
};

/// The LambdaMART parameters and their defaults, shown after `train --help`: LightGBM's
/// `lambdarank` defaults, under LightGBM's names.
pub const LAMBDAMART_PARAMS: &str = "\
LambdaMART parameters (--algo lambdamart --param NAME=VALUE); the defaults are LightGBM's lambdarank defaults:
  n_trees=100                   boosting rounds (LightGBM num_iterations)
  learning_rate=0.1             shrinkage of every leaf value
  num_leaves=31                 leaves per tree, grown best-first
  max_depth=none                depth limit of a leaf (none: no limit)
  min_data_in_leaf=20           fewest rows in a leaf
  min_sum_hessian_in_leaf=0.001 smallest hessian sum in a leaf
  min_gain_to_split=0           smallest gain of a split
  lambda_l1=0                   L1 regularisation of leaf values
  lambda_l2=0                   L2 regularisation of leaf values
  bagging_fraction=1            share of rows drawn for a bag (1: no bagging)
  bagging_freq=0                draw a new bag every N rounds (0: no bagging)
  feature_fraction=1            share of features each tree may split on
  max_bin=255                   histogram bins per feature: zero is a bin of its own, the others
                                are cut at quantiles of up to 200,000 sampled rows, 3 rows at least
  truncation_level=30           ranking positions whose pairs get gradients
  sigmoid=1                     steepness of the pairwise sigmoid
  normalize=true                lambdarank normalization of gradients per query
  seed=0                        seed of bagging, feature sampling and bin sampling (or --seed)
Gains are 2^label - 1, discounts 1/log2(rank + 1).";

/// Arguments of `shiprank train`.
#[derive(Debug, clap::Args)]
#[command(after_help = LAMBDAMART_PARAMS)]
pub struct Args {
    #[command(flatten)]
    pub data: DataArgs,
    /// The learning algorithm.
    #[arg(long, value_enum)]
    pub algo: AlgoArg,
    /// Where to write the model (JSON, atomically).
    #[arg(long, value_name = "MODEL")]
    pub out: PathBuf,
    /// Sign the model (HMAC-SHA256) with the key held in the environment variable VAR (at
    /// least 16 bytes), for `rank`/`evaluate --verify-key-env VAR`. The flag names the
    /// variable, so the key stays out of shell history and process lists.
    #[arg(long, value_name = "VAR")]
    pub sign_key_env: Option<String>,
    /// A hyper-parameter, NAME=VALUE (repeatable); an unknown name lists the algorithm's.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// Seed of everything random: pair sampling, bagging, row samples, fold assignment.
    #[arg(long, value_name = "S", default_value = "0")]
    pub seed: u64,
    /// Also cross-validate with K folds of whole queries (roles), and store the held-out
    /// metrics in the model file.
    #[arg(long, value_name = "K", value_parser = super::common::folds, allow_negative_numbers = true)]
    pub folds: Option<usize>,
    /// A validation LETOR file (with --letor and --algo lambdamart): NDCG at the largest
    /// --k cutoff is measured on it after every tree and printed, and recorded in the model
    /// as `valid_ndcg@K`.
    #[arg(long, value_name = "FILE", requires = "letor")]
    pub valid: Option<PathBuf>,
    /// LightGBM query file of --valid [default: FILE.query beside it, when there is one and
    /// the file has no qid fields].
    #[arg(long, value_name = "FILE", requires = "valid")]
    pub valid_query: Option<PathBuf>,
    /// Stop adding trees once N in a row have not raised the validation NDCG, and keep the
    /// trees up to the best one (LightGBM's early_stopping_round).
    #[arg(long, value_name = "N", requires = "valid", value_parser = clap::value_parser!(u64).range(1..))]
    pub early_stopping: Option<u64>,
    #[command(flatten)]
    pub metrics: MetricArgs,
    /// Print nothing on standard error.
    #[arg(long)]
    pub quiet: bool,
    /// Worker threads [default: one per core]. The model does not depend on it.
    #[arg(long, value_name = "N", value_parser = super::common::threads, allow_negative_numbers = true)]
    pub threads: Option<NonZeroUsize>,
}

/// Runs `shiprank train`.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let algorithm = Algorithm::from(args.algo);
    let params = params(algorithm, &args.params, args.seed)?;
    super::common::check_paths(&[("--out", &args.out)], &args.data.inputs())?;
    let key = args
        .sign_key_env
        .as_deref()
        .map(|var| key_from_env("--sign-key-env", var))
        .transpose()?;
    let progress = Progress::spinner(format!("training {algorithm}"), args.quiet);
    if args.valid.is_some() && algorithm != Algorithm::LambdaMart {
        anyhow::bail!("--valid: only --algo lambdamart watches a validation set");
    }
    let metrics = args.metrics.metrics();
    // The validation NDCG's cutoff: the largest NDCG cutoff asked for.
    let k = metrics
        .iter()
        .filter_map(|m| match m {
            Metric::Ndcg { k } => *k,
            _ => None,
        })
        .max()
        .unwrap_or(10);
    let (loaded, fitted) = with_threads(args.threads, || {
        let loaded = args.data.load(None)?;
        let valid = match &args.valid {
            Some(path) => {
                let source = DataSource::Letor {
                    path: path.clone(),
                    query: args.valid_query.clone(),
                };
                let (taxonomy, rates) = (Taxonomy::bundled(), RateTable::bundled());
                Some(source.load(None, loaded.as_of, taxonomy, rates)?.data)
            }
            None => None,
        };
        let how = FitOptions {
            trained_at: loaded.as_of,
            folds: args.folds,
            seed: args.seed,
            metrics: &metrics,
            options: &args.metrics.options(),
            validation: valid.as_ref().map(|data| Validation {
                data,
                k,
                patience: args.early_stopping.map(|n| n as usize),
            }),
        };
        let fitted = fit(&loaded.data, &params, &how)?;
        anyhow::Ok((loaded, fitted))
    })??;
    progress.finish();
    let data = &loaded.data;
    match &key {
        Some(key) => shiprank::write_model_signed(&args.out, &fitted.model, key)?,
        None => shiprank::write_model(&args.out, &fitted.model)?,
    }
    if args.quiet {
        return Ok(());
    }
    if let (Some(folds), Some(summary)) = (args.folds, &fitted.cross_validated) {
        eprintln!(
            "shiprank: {folds}-fold cross-validation by query ({:.2} s): {}",
            fitted.cross_validation_seconds,
            means_line(summary)
        );
    }
    let as_of = match args.data.is_letor() {
        true => String::new(),
        false => format!(" as of {}", loaded.as_of),
    };
    eprintln!(
        "shiprank: trained {algorithm} on {}{as_of} ({} rows, {} queries, {} features) in {:.2} s",
        loaded.name,
        data.n_rows(),
        data.n_queries(),
        data.feature_names.len(),
        fitted.train_seconds,
    );
    eprintln!(
        "shiprank: on the training data: {}",
        means_line(&fitted.on_training)
    );
    if let (Some(w), Some(path)) = (&fitted.watched, &args.valid) {
        let (best, grown) = (w.best_round + 1, w.history.len());
        let kept = match args.early_stopping {
            Some(_) => format!("; the model keeps trees 1-{best}"),
            None => String::new(),
        };
        eprintln!(
            "shiprank: on {}: ndcg@{k} {:.4} with {grown} trees, best {:.4} after tree {best}{kept}",
            path.display(),
            w.history[grown - 1],
            w.history[w.best_round],
        );
    }
    match &args.sign_key_env {
        Some(var) => eprintln!(
            "shiprank: wrote {}, signed with the key in {var}",
            args.out.display()
        ),
        None => eprintln!("shiprank: wrote {}", args.out.display()),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::LAMBDAMART_PARAMS;
    use linfa::ParamGuard;
    use shiprank::learn::LambdaMartParams;

    /// The help shows the defaults the learner has.
    #[test]
    fn the_help_shows_the_lambdamart_defaults() {
        let p = LambdaMartParams::new().check().unwrap();
        let depth = p.max_depth().map_or("none".to_string(), |d| d.to_string());
        for (name, value) in [
            ("n_trees", p.n_trees().to_string()),
            ("learning_rate", p.learning_rate().to_string()),
            ("num_leaves", p.num_leaves().to_string()),
            ("max_depth", depth),
            ("min_data_in_leaf", p.min_data_in_leaf().to_string()),
            (
                "min_sum_hessian_in_leaf",
                p.min_sum_hessian_in_leaf().to_string(),
            ),
            ("min_gain_to_split", p.min_gain_to_split().to_string()),
            ("lambda_l1", p.lambda_l1().to_string()),
            ("lambda_l2", p.lambda_l2().to_string()),
            ("bagging_fraction", p.bagging_fraction().to_string()),
            ("bagging_freq", p.bagging_freq().to_string()),
            ("feature_fraction", p.feature_fraction().to_string()),
            ("max_bin", p.max_bin().to_string()),
            ("truncation_level", p.truncation_level().to_string()),
            ("sigmoid", p.sigmoid().to_string()),
            ("normalize", p.normalize().to_string()),
            ("seed", p.seed().to_string()),
        ] {
            let line = format!("  {name}={value} ");
            assert!(
                LAMBDAMART_PARAMS.contains(&line),
                "{line:?} not in the help"
            );
        }
    }
}
