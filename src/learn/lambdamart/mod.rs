//! LambdaMART: gradient-boosted regression trees trained with LambdaRank
//! gradients weighted by |ΔNDCG|, following LightGBM's `lambdarank`
//! objective.
//!
//! * Features are binned once into at most `max_bin` histogram bins per
//!   feature (each distinct value its own bin when there are few enough,
//!   equal-frequency bins otherwise).
//! * Each round computes, for every query, LambdaRank gradients and
//!   hessians over the document pairs with different labels whose
//!   higher-ranked member is within the first `truncation_level` positions
//!   of the current ranking, weighted by |ΔNDCG| (gain `2^label - 1`,
//!   discount `1/log2(rank + 1)`, normalised by the ideal DCG at
//!   `truncation_level`), divided by `0.01 + |Δscore|` and rescaled per
//!   query by `log2(1 + Σλ)/Σλ` when `normalize` is on (LightGBM's
//!   `lambdarank_norm`).
//! * A bagged subset of rows (`bagging_fraction`, drawn anew every round
//!   from a seeded generator) grows one tree leaf-wise: the leaf whose best
//!   histogram split has the largest gain `G_L²/(H_L+λ) + G_R²/(H_R+λ) −
//!   G²/(H+λ)` is split next, until `num_leaves` leaves or no split meets
//!   `min_data_in_leaf`, `min_sum_hessian_in_leaf` and `min_gain_to_split`.
//!   Leaf values are Newton steps `−learning_rate · G/(H+λ)`.
//!
//! Training is deterministic for a given seed: rayon parallelises over
//! features (histograms, split search), queries (gradients) and rows
//! (score updates), but each sum is computed sequentially in a fixed order,
//! so the model does not depend on the number of threads.
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
mod model;
mod params;
mod sigmoid;
mod tree;
mod valid;

pub use errors::LambdaMartError;
pub use model::LambdaMart;
pub use params::{LambdaMartParams, LambdaMartValidParams};
pub use valid::ValidSet;
