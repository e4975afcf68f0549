//! A classification tree (linfa-trees, Gini) on the grades of standardized rows, turned into a
//! [`RegressionTree`](crate::learn::RegressionTree) whose leaves score the mean training label
//! of the rows that reach them, so leaves of the same class still rank apart.

mod algorithm;
mod errors;
mod hyperparams;

pub use errors::TreeError;
pub use hyperparams::{TreeParams, TreeValidParams};
