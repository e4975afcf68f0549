//! What can go wrong checking, fitting or using a pairwise ranker.

use crate::learn::params::invalid_param_from;

/// Errors of pairwise parameter checking, training and prediction.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PairwiseError {
    /// A hyper-parameter is out of range.
    #[error("parameter {name} = {value}: {expected}")]
    InvalidParam {
        /// Parameter name.
        name: &'static str,
        /// The value given.
        value: String,
        /// What is allowed.
        expected: &'static str,
    },
    /// The feature matrix and labels disagree in rows.
    #[error("{rows} feature rows but {labels} labels")]
    LengthMismatch {
        /// Rows of the feature matrix.
        rows: usize,
        /// Number of labels.
        labels: usize,
    },
    /// A query's row range does not fit in the data.
    #[error("query {query}: rows {start}..{end} out of bounds for {rows} rows")]
    GroupOutOfBounds {
        /// Index of the query.
        query: usize,
        /// Its first row.
        start: usize,
        /// One past its last row.
        end: usize,
        /// Number of rows.
        rows: usize,
    },
    /// A label is not finite.
    #[error("row {row}: label {label} is not finite")]
    InvalidLabel {
        /// Row index.
        row: usize,
        /// The label.
        label: f64,
    },
    /// A training feature value is `NaN` or infinite.
    #[error("row {row}, feature {feature}: value {value} is not finite")]
    NonFiniteFeature {
        /// Row index.
        row: usize,
        /// Column index (0-based).
        feature: usize,
        /// The value.
        value: f64,
    },
    /// No query has two documents with different labels.
    #[error("no preference pairs: no query has documents with different labels")]
    NoPairs,
    /// The logistic regression failed.
    #[error("logistic regression")]
    Logistic(#[from] linfa_logistic::error::Error),
    /// The matrix to score has a different number of features than the model.
    #[error("model has {expected} features but the data has {found}")]
    FeatureCountMismatch {
        /// Features of the model.
        expected: usize,
        /// Columns given.
        found: usize,
    },
    /// A deserialised model has vectors of different lengths.
    #[error("malformed model: {means} means, {scales} scales, {weights} weights")]
    MalformedModel {
        /// Length of `mean`.
        means: usize,
        /// Length of `scale`.
        scales: usize,
        /// Length of `weights`.
        weights: usize,
    },
}

invalid_param_from!(PairwiseError);
