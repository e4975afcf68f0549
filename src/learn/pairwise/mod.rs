//! A linear pairwise ranker (RankNet / RankSVM style with a logistic loss)
//! fitted with `linfa-logistic`.
//!
//! Within each query every pair of documents with `label_i > label_j` is a
//! preference; it becomes the difference vector `z_i − z_j` of standardised
//! features with target 1, plus the mirrored `z_j − z_i` with target 0. When
//! a query has more than `max_pairs_per_query` preferences, that many are
//! drawn without replacement from a generator seeded by `seed` and the
//! query's index. A logistic regression without intercept on the
//! differences gives the weight vector `w`, and a document scores
//! `w · z` with `z = (x − mean) / std`, mean and std taken over the training
//! rows.
//!
//! ```
//! use shiprank::learn::{FitQueries, PairwiseParams};
//! use ndarray::array;
//! let x = array![[1.0, 0.0], [0.0, 1.0], [2.0, 0.5], [0.5, 0.5]];
//! let labels = array![1.0, 0.0, 2.0, 0.0];
//! let model = PairwiseParams::new().fit(x.view(), labels.view(), &[0..2, 2..4]).unwrap();
//! assert!(model.weights()[0] > 0.0); // feature 0 tracks relevance
//! let scores = model.predict(x.view()).unwrap();
//! assert!(scores[2] > scores[3]);
//! ```

mod algorithm;
mod errors;
mod hyperparams;

pub use algorithm::PairwiseModel;
pub use errors::PairwiseError;
pub use hyperparams::{PairwiseParams, PairwiseValidParams};
