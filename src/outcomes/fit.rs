//! Training with measurements: cross-validation when asked, the final model, and the metrics
//! recorded in its file.

use std::time::Instant;

use chrono::NaiveDate;

use super::cv::{cross_validate, metric_means};
use super::dataset::RankData;
use super::train::{train_watched, Validation, Watched};
use crate::error::Result;
use crate::eval::{evaluate, EvalOptions, Metric, MetricSummary};
use crate::learn::ValidParams;
use crate::model::{CrossValidation, Model};

/// A trained model with its measurements.
#[derive(Clone, Debug)]
pub struct Fitted {
    /// The model, its training record holding the metrics below.
    pub model: Model,
    /// Metrics on the training data.
    pub on_training: Vec<MetricSummary>,
    /// Held-out metrics of cross-validation by query, when asked for.
    pub cross_validated: Option<Vec<MetricSummary>>,
    /// Cross-validation's training time, in seconds.
    pub cross_validation_seconds: f64,
    /// The final model's training time, in seconds.
    pub train_seconds: f64,
    /// What the validation set saw, when there was one (LambdaMART).
    pub watched: Option<Watched>,
}

/// What [`fit`] measures and how.
#[derive(Clone, Debug)]
pub struct FitOptions<'a> {
    /// The reference date recorded as `trained_at`.
    pub trained_at: NaiveDate,
    /// Also cross-validate with this many folds of whole queries.
    pub folds: Option<usize>,
    /// The seed of the fold assignment.
    pub seed: u64,
    /// The metrics to record.
    pub metrics: &'a [Metric],
    /// How metrics are computed.
    pub options: &'a EvalOptions,
    /// A validation set watched while training (and early stopping), if any.
    pub validation: Option<Validation<'a>>,
}

/// Trains a model on `data` (after cross-validating when asked) and records the metrics on the
/// training data and held out in the model's training record.
///
/// # Errors
/// The algorithm cannot be fitted, the folds cannot be made, or a metric fails.
pub fn fit(data: &RankData, params: &ValidParams, how: &FitOptions) -> Result<Fitted> {
    let labels = data.labels.as_slice().expect("contiguous labels");
    let measure = |scores: &[f64]| evaluate(how.metrics, labels, scores, &data.groups, how.options);
    let (cross_validated, cross_validation_seconds) = match how.folds {
        Some(folds) => {
            let cv = cross_validate(data, params, folds, how.seed)?;
            let summary = measure(cv.scores.as_slice().expect("contiguous scores"))?;
            (Some(summary), cv.train_seconds)
        }
        None => (None, 0.0),
    };
    let start = Instant::now();
    let (mut model, watched) =
        train_watched(data, params, how.trained_at, how.validation.as_ref())?;
    let train_seconds = start.elapsed().as_secs_f64();
    let scores = model.predict(data.features.view())?;
    let on_training = measure(scores.as_slice().expect("contiguous scores"))?;
    let info = model.training_mut();
    info.metrics = metric_means(&on_training);
    if let (Some(w), Some(v)) = (&watched, &how.validation) {
        // The validation NDCG of the trees kept, beside the training metrics.
        let kept = match v.patience {
            Some(_) => w.best_round,
            None => w.history.len() - 1,
        };
        info.metrics
            .insert(format!("valid_ndcg@{}", v.k), w.history[kept]);
    }
    info.cross_validation = match (how.folds, &cross_validated) {
        (Some(folds), Some(summary)) => Some(CrossValidation {
            folds,
            seed: how.seed,
            metrics: metric_means(summary),
        }),
        _ => None,
    };
    Ok(Fitted {
        model,
        on_training,
        cross_validated,
        cross_validation_seconds,
        train_seconds,
        watched,
    })
}
