//! What can go wrong checking or fitting a logistic regression.

use crate::learn::params::invalid_param_from;

/// Errors of `logistic` parameter checking and training.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LogisticError {
    /// A hyper-parameter is out of range.
    #[error("logistic: parameter {name} = {value}: {expected}")]
    InvalidParam {
        /// Parameter name.
        name: &'static str,
        /// The value given.
        value: String,
        /// What is allowed.
        expected: &'static str,
    },
    /// Every label is on the same side of `relevant_from`: there is one class only.
    #[error("logistic: {positives} of {rows} labels are >= relevant_from {relevant_from}")]
    OneClass {
        /// Labels at or above `relevant_from`.
        positives: usize,
        /// All labels.
        rows: usize,
        /// The threshold.
        relevant_from: f64,
    },
    /// linfa-logistic failed.
    #[error("logistic regression")]
    Linfa(#[from] linfa_logistic::error::Error),
}

invalid_param_from!(LogisticError);
