//! What can go wrong checking or fitting a decision tree.

use crate::learn::fitted::MalformedTree;
use crate::learn::params::invalid_param_from;

/// Errors of `tree` parameter checking and training.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TreeError {
    /// A hyper-parameter is out of range.
    #[error("tree: parameter {name} = {value}: {expected}")]
    InvalidParam {
        /// Parameter name.
        name: &'static str,
        /// The value given.
        value: String,
        /// What is allowed.
        expected: &'static str,
    },
    /// A label is not a class: a non-negative integer.
    #[error("tree: row {row}: label {label} is not a non-negative integer class")]
    NotAClass {
        /// Row index.
        row: usize,
        /// The label.
        label: f64,
    },
    /// linfa-trees failed.
    #[error("decision tree")]
    Linfa(#[from] linfa::Error),
    /// The fitted tree did not convert into a well-formed regression tree.
    #[error("tree")]
    Malformed(#[from] MalformedTree),
}

invalid_param_from!(TreeError);
