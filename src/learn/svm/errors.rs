//! What can go wrong checking or fitting a support vector machine.

use crate::learn::params::invalid_param_from;

/// Errors of `svm` parameter checking and training.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SvmError {
    /// A hyper-parameter is out of range.
    #[error("svm: parameter {name} = {value}: {expected}")]
    InvalidParam {
        /// Parameter name.
        name: &'static str,
        /// The value given.
        value: String,
        /// What is allowed.
        expected: &'static str,
    },
    /// linfa-svm failed.
    #[error("support vector machine")]
    Linfa(#[from] linfa_svm::SvmError),
}

invalid_param_from!(SvmError);
