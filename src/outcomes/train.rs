//! Training on ranking data: the feature scaling, then the chosen learner.

use super::dataset::RankData;
use crate::learn::{Scaling, ValidParams};
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
    let scaling = Scaling::fit(data.features.view());
    let z = scaling.transform(data.features.view());
    let zero = scaling.zero_point();
    let learned = params.fit(z.view(), data.labels.view(), &data.groups, &zero)?;
    let training = TrainingInfo {
        data_hash: data.data_hash(),
        trained_at,
        rows: data.n_rows(),
        queries: data.n_queries(),
        metrics: Default::default(),
        cross_validation: None,
    };
    Ok(Model::new(
        data.feature_names.clone(),
        scaling,
        params.clone(),
        learned,
        training,
    ))
}
