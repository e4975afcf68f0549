//! Trained models: what an algorithm of `learn/` fitted, with the feature names and scaling it
//! reads, the parameters and a record of its training, and the versioned, checksummed JSON
//! file it is kept in ([`Model::to_json`], [`Model::from_json`]; `io` reads and writes the
//! files), optionally signed with a [`SigningKey`] ([`Model::to_json_signed`],
//! [`Model::from_json_verified`]). Models score rows of any width; `score::ModelScorer`
//! scores shiprank's pairs with one.

mod error;
mod file;
mod signature;
mod summary;
mod trained;

pub use error::{ModelError, Refusal};
pub use file::{model_checksum, MODEL_FORMAT, MODEL_VERSION};
pub use signature::SigningKey;
pub use summary::{FeatureImportance, ModelSummary, TreeShape};
pub use trained::{CrossValidation, Model, TrainingInfo};

#[cfg(test)]
pub(crate) use trained::tests;
