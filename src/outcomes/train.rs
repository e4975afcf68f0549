//! Training on ranking data: the feature scaling, then the chosen learner.

use super::dataset::RankData;
use crate::learn::{Scaling, ValidParams, ValidSet};
use crate::model::{Model, ModelError, TrainingInfo};

/// Trains a model on `data`: fits the feature scaling, then the algorithm on standardized
/// features. The model's training record holds the data hash, `trained_at`, the data's size and
/// the training-set metrics `metrics` (filled by the caller, see [`cross_validate`](super::cross_validate)).
///
/// # Errors
/// The algorithm cannot be fitted on this data.
pub fn train(
    data: &RankData,
    params: &ValidParams,
    trained_at: chrono::NaiveDate,
) -> Result<Model, ModelError> {
    train_watched(data, params, trained_at, None).map(|(model, _)| model)
}

/// A validation set for [`train_watched`]: labelled queries with the training data's
/// features (fewer columns are padded with zeros, as LETOR's absent features are), NDCG at
/// `k` measured on it, and the `patience` of early stopping.
#[derive(Clone, Copy, Debug)]
pub struct Validation<'a> {
    /// The validation queries.
    pub data: &'a RankData,
    /// The cutoff of the NDCG watched.
    pub k: usize,
    /// Stop after this many trees without a better NDCG@k, keeping the best round's trees.
    pub patience: Option<usize>,
}

/// What a validation set saw during training.
#[derive(Clone, Debug, PartialEq)]
pub struct Watched {
    /// Mean NDCG@k after each tree.
    pub history: Vec<f64>,
    /// The round (0-based) with the best NDCG@k.
    pub best_round: usize,
}

/// [`train`], watching a validation set (LambdaMART; other algorithms ignore it).
///
/// # Errors
/// The algorithm cannot be fitted on this data, or the validation data has more features.
pub fn train_watched(
    data: &RankData,
    params: &ValidParams,
    trained_at: chrono::NaiveDate,
    validation: Option<&Validation>,
) -> Result<(Model, Option<Watched>), ModelError> {
    let scaling = Scaling::fit(data.features.view());
    let z = scaling.transform(data.features.view());
    let width = data.features.ncols();
    let valid_z = match validation {
        Some(v) if v.data.features.ncols() > width => {
            return Err(ModelError::FeatureCount {
                expected: width,
                found: v.data.features.ncols(),
            })
        }
        Some(v) => {
            let mut x = ndarray::Array2::zeros((v.data.n_rows(), width));
            x.slice_mut(ndarray::s![.., ..v.data.features.ncols()])
                .assign(&v.data.features);
            Some(scaling.transform(x.view()))
        }
        None => None,
    };
    let mut watch = match (validation, &valid_z) {
        (Some(v), Some(x)) => Some(ValidSet::new(
            x.view(),
            v.data.labels.as_slice().expect("contiguous labels"),
            &v.data.groups,
            v.k,
            v.patience,
        )),
        _ => None,
    };
    let learned = params.fit(
        z.view(),
        data.labels.view(),
        &data.groups,
        &scaling,
        watch.as_mut(),
    )?;
    let watched = watch.filter(|w| !w.history().is_empty()).map(|w| Watched {
        history: w.history().to_vec(),
        best_round: w.best_round(),
    });
    let training = TrainingInfo {
        data_hash: data.data_hash(),
        trained_at,
        rows: data.n_rows(),
        queries: data.n_queries(),
        metrics: Default::default(),
        cross_validation: None,
    };
    let model = Model::new(
        data.feature_names.clone(),
        scaling,
        params.clone(),
        learned,
        training,
    );
    Ok((model, watched))
}
