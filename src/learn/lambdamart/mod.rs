//! LambdaMART: gradient-boosted regression trees trained with LambdaRank
//! gradients weighted by |ΔNDCG|, following LightGBM's `lambdarank`
//! objective closely enough to grow the same trees on the same data.
//!
//! * Features are binned once as LightGBM bins them (`binning`): zero a
//!   bin of its own, greedy equal-frequency bins found on a sample of up to
//!   200,000 rows, at least 3 rows a bin, values within rounding merged, and
//!   features no split could use dropped.
//! * Each round computes (`gradients`), for every query, LambdaRank gradients and
//!   hessians over the document pairs with different labels whose
//!   higher-ranked member is within the first `truncation_level` positions
//!   of the current ranking, weighted by |ΔNDCG| (gain `2^label - 1`,
//!   discount `1/log2(rank + 1)`, normalised by the ideal DCG at
//!   `truncation_level`), divided by `0.01 + |Δscore|` and rescaled per
//!   query by `log2(1 + Σλ)/Σλ` when `normalize` is on (LightGBM's
//!   `lambdarank_norm`); the sigmoid comes from LightGBM's lookup table and
//!   the sums are kept in single precision, as LightGBM keeps them.
//! * The rows (all, or a bag of `bagging_fraction` drawn every
//!   `bagging_freq` rounds) grow one tree leaf-wise on the features the
//!   round may use (`feature_fraction`): the leaf whose best histogram split
//!   has the largest gain `G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)` (with
//!   `G` shrunk by `lambda_l1`) is split next, until `num_leaves` leaves or
//!   no split meets `min_data_in_leaf` (row counts estimated from hessians,
//!   as LightGBM's histograms hold none), `min_sum_hessian_in_leaf` and
//!   `min_gain_to_split`; a feature none of whose thresholds passed those
//!   and gained in a leaf is not weighed again in its children (LightGBM's
//!   `is_splittable`). Leaf values are Newton steps
//!   `−learning_rate · G/(H+λ)`.
//!
//! Training is deterministic for a given seed: rayon parallelises over
//! features (histograms, split search), fixed row chunks (sparse
//! histograms), queries (gradients) and rows (score updates), but each sum is
//! computed in a fixed order, so the model does not depend on the number of
//! threads.
//!
//! The fitted [`LambdaMart`] serialises with serde (JSON via `serde_json`);
//! deserialisation checks that the trees are well formed.
//!
//! ```
//! use shiprank::learn::{FitQueries, LambdaMartParams};
//! use ndarray::array;
//! let x = array![[0.0, 1.0], [1.0, 0.0], [0.5, 0.5], [0.0, 0.2], [0.9, 0.1], [0.3, 0.3]];
//! let labels = array![0.0, 2.0, 1.0, 0.0, 2.0, 1.0];
//! let model = LambdaMartParams::new()
//!     .n_trees(5)
//!     .min_data_in_leaf(1)
//!     .min_sum_hessian_in_leaf(0.0)
//!     .fit(x.view(), labels.view(), &[0..3, 3..6])
//!     .unwrap();
//! let scores = model.predict(x.view()).unwrap();
//! assert!(scores[1] > scores[0]);
//! let json = serde_json::to_string(&model).unwrap();
//! let back: shiprank::learn::LambdaMart = serde_json::from_str(&json).unwrap();
//! assert_eq!(back.predict(x.view()).unwrap(), scores);
//! ```

mod binning;
mod errors;
mod gradients;
mod model;
mod params;
mod scan;
mod sigmoid;
mod tree;
mod valid;

pub use errors::LambdaMartError;
pub use model::LambdaMart;
pub use params::{LambdaMartParams, LambdaMartValidParams};
pub use valid::ValidSet;
