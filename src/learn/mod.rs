//! Learning: every algorithm that fits a ranking model, on plain arrays.
//!
//! Like linfa, the learners work on standardized features `z` (n_rows, n_features), one label
//! per row and queries as consecutive row ranges (`&[Range<usize>]`); each sits in its own
//! folder with its hyper-parameters (unchecked with consuming setters, checked through
//! [`linfa::ParamGuard`]), its fitting and its error type:
//!
//! * `logistic`: pointwise logistic regression (linfa-logistic);
//! * `pairwise`: linear learning to rank on preference pairs (linfa-logistic);
//! * `svm`: pointwise ε-support-vector regression (linfa-svm);
//! * `tree`: a classification tree on the grades (linfa-trees);
//! * `lambdamart`: gradient-boosted regression trees with the LambdaMART objective.
//!
//! [`TrainParams`] chooses one by name and [`ValidParams`] fits it; the feature [`Scaling`],
//! the fitted types they share, the one seeded generator (`rng`) and exact SHAP values of a
//! regression tree ([`tree_shap`], `shap`) are here too. What is shiprank-specific (data sets,
//! model files) is in `model/`.

mod dispatch;
mod errors;
mod fit;
mod fitted;
mod lambdamart;
mod logistic;
mod pairwise;
pub(crate) mod params;
pub(crate) mod rng;
mod scaling;
mod shap;
mod svm;
#[cfg(test)]
mod testing;
mod tree;

pub(crate) use dispatch::Learned;
pub use dispatch::{Algorithm, TrainParams, ValidParams};
pub use errors::LearnError;
pub use fit::FitQueries;
pub use fitted::{linear_score, KernelModel, LinearModel, MalformedTree, RegressionTree, TreeNode};
pub use lambdamart::{
    LambdaMart, LambdaMartError, LambdaMartParams, LambdaMartValidParams, ValidSet,
};
pub use logistic::{LogisticError, LogisticParams, LogisticValidParams};
pub use pairwise::{PairwiseError, PairwiseModel, PairwiseParams, PairwiseValidParams};
pub use scaling::Scaling;
pub use shap::{expected_value, tree_shap};
pub use svm::{SvmError, SvmKernel, SvmModel, SvmParams, SvmValidParams};
pub use tree::{TreeError, TreeParams, TreeValidParams};
