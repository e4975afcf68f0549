//! `shiprank train`: learn a ranking model from labelled data and write a model file.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use super::args::{params, AlgoArg, DataArgs, MetricArgs};
use super::common::{key_from_env, with_threads};
use super::progress::Progress;
use shiprank::{fit, means_line, Algorithm, FitOptions};

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
    let (loaded, fitted) = with_threads(args.threads, || {
        let loaded = args.data.load(None)?;
        let how = FitOptions {
            trained_at: loaded.as_of,
            folds: args.folds,
            seed: args.seed,
            metrics: &args.metrics.metrics(),
            options: &args.metrics.options(),
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
    match &args.sign_key_env {
        Some(var) => eprintln!(
            "shiprank: wrote {}, signed with the key in {var}",
            args.out.display()
        ),
        None => eprintln!("shiprank: wrote {}", args.out.display()),
    }
    Ok(())
}
