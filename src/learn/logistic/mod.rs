//! Pointwise logistic regression (linfa-logistic): a label at or above `relevant_from` is a
//! positive example; the score is the log-odds `w · z + b` of standardized features `z`, each
//! row scored on its own, ignoring the query it is in.

mod algorithm;
mod errors;
mod hyperparams;

pub use errors::LogisticError;
pub use hyperparams::{LogisticParams, LogisticValidParams};
