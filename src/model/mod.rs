//! Learned scoring: hiring outcomes as labels, ranking data sets, training with the learners of
//! `learn/`, cross-validation by role, and model files that `shiprank rank --model` scores with.
//!
//! Data flows: labels ([`read_labels`]) + candidates + roles → [`labelled_pairs`] (or a LETOR
//! file → [`RankData::from_letor`]) → [`train`] (scaling, then the algorithm) → [`Model`] →
//! [`Model::save`] / [`Model::load`] → [`Model::into_scorer`] → [`RankOptions::model`].
//!
//! [`RankOptions::model`]: crate::RankOptions::model

mod cv;
mod dataset;
mod error;
mod file;
mod labels;
mod scorer;
mod train;

pub use cv::{assign_folds, cross_validate, metric_means, CrossValidated};
pub use dataset::{labelled_pairs, letor_feature_names, PairSource, RankData};
pub use error::{ModelError, Refusal};
pub use file::{model_checksum, MODEL_FORMAT, MODEL_VERSION};
pub use labels::{parse_labels, read_labels, LabelRow, Outcome, LABEL_HEADER};
pub use scorer::{CrossValidation, Model, ModelScorer, TrainingInfo};
pub use train::train;
