//! Pointwise ε-support-vector regression (linfa-svm) on the graded label of standardized rows:
//! the score is the regression output, linear (`w · z + b`) or with a Gaussian (RBF) kernel.

mod algorithm;
mod errors;
mod hyperparams;

pub use algorithm::SvmModel;
pub use errors::SvmError;
pub use hyperparams::{SvmKernel, SvmParams, SvmValidParams};
