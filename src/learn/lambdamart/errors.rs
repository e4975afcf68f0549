//! What can go wrong checking, fitting, using or reading a LambdaMART model.

use crate::learn::fitted::MalformedTree;
use crate::learn::params::invalid_param_from;

/// Errors of LambdaMART parameter checking, training and prediction.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum LambdaMartError {
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
    /// Query groups do not cover the rows as consecutive non-empty ranges.
    #[error(
        "query {query}: rows {start}..{end}, expected a non-empty range starting at row {expected_start} (groups must cover all {rows} rows in order)"
    )]
    InvalidGroups {
        /// Index of the offending group (`groups.len()` when rows are left over).
        query: usize,
        /// Its first row.
        start: usize,
        /// One past its last row.
        end: usize,
        /// Where it should start.
        expected_start: usize,
        /// Number of rows.
        rows: usize,
    },
    /// A label is negative or not finite.
    #[error("row {row}: label {label} must be finite and >= 0")]
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
    /// There is nothing to train on.
    #[error("no training rows")]
    NoRows,
    /// Row indices are stored as `u32`.
    #[error("{rows} training rows: at most 2^32 - 1 are supported")]
    TooManyRows {
        /// Number of rows given.
        rows: usize,
    },
    /// The matrix to score has a different number of features than the model.
    #[error("model has {expected} features but the data has {found}")]
    FeatureCountMismatch {
        /// Features of the model.
        expected: usize,
        /// Columns given.
        found: usize,
    },
    /// A deserialised model is malformed.
    #[error("malformed model: tree {tree}, node {node}: {reason}")]
    MalformedModel {
        /// Tree index.
        tree: usize,
        /// Node index within the tree.
        node: usize,
        /// What is wrong.
        reason: String,
    },
}

invalid_param_from!(LambdaMartError);

impl From<MalformedTree> for LambdaMartError {
    fn from(e: MalformedTree) -> Self {
        LambdaMartError::MalformedModel {
            tree: e.tree,
            node: e.node,
            reason: e.reason,
        }
    }
}
