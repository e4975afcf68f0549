//! The error of choosing, checking and fitting any learner.

use super::{LambdaMartError, LogisticError, PairwiseError, SvmError, TreeError};

/// Errors of setting, checking and fitting a learner chosen by name (see
/// [`TrainParams`](super::TrainParams)).
///
/// The pointwise learners' errors name their algorithm themselves; the rankers' are prefixed
/// with theirs.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LearnError {
    /// A parameter name the algorithm does not have, or a value that does not parse.
    #[error("{algorithm}: {reason}")]
    Param {
        /// The algorithm.
        algorithm: &'static str,
        /// What was wrong.
        reason: String,
    },
    /// `logistic` failed.
    #[error(transparent)]
    Logistic(#[from] LogisticError),
    /// `pairwise` failed.
    #[error("pairwise")]
    Pairwise(#[from] PairwiseError),
    /// `svm` failed.
    #[error(transparent)]
    Svm(#[from] SvmError),
    /// `tree` failed.
    #[error(transparent)]
    Tree(#[from] TreeError),
    /// `lambdamart` failed.
    #[error("lambdamart")]
    LambdaMart(#[from] LambdaMartError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<LearnError>();
    }
}
