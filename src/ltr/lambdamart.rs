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
//! use shiprank::LambdaMartParams;
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
//! let back: shiprank::LambdaMart = serde_json::from_str(&json).unwrap();
//! assert_eq!(back.predict(x.view()).unwrap(), scores);
//! ```

use std::ops::Range;

use linfa::ParamGuard;
use ndarray::{Array1, ArrayView1, ArrayView2};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::metrics::{discount, gain};
use super::params::{
    at_least_one, at_least_two, finite_non_negative, finite_positive, require, OutOfRange,
};
use super::rng::SplitMix64;

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

impl From<OutOfRange> for LambdaMartError {
    fn from(e: OutOfRange) -> Self {
        LambdaMartError::InvalidParam {
            name: e.name,
            value: e.value,
            expected: e.expected,
        }
    }
}

/// Checked LambdaMART hyper-parameters; obtained from [`LambdaMartParams`]
/// through [`ParamGuard`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LambdaMartValidParams {
    n_trees: usize,
    learning_rate: f64,
    num_leaves: usize,
    max_depth: Option<usize>,
    min_data_in_leaf: usize,
    min_sum_hessian_in_leaf: f64,
    min_gain_to_split: f64,
    lambda_l2: f64,
    bagging_fraction: f64,
    max_bin: usize,
    truncation_level: usize,
    sigmoid: f64,
    normalize: bool,
    seed: u64,
}

/// Unchecked LambdaMART hyper-parameters with consuming setters. Defaults
/// follow the LightGBM reference run: 100 trees, learning rate 0.1, 31
/// leaves, no depth limit, `min_data_in_leaf` 50, `min_sum_hessian_in_leaf`
/// 5.0, `min_gain_to_split` 0, `lambda_l2` 0, bagging fraction 0.9 every
/// round, 255 bins, truncation level 30, sigmoid 1.0, normalisation on,
/// seed 0.
///
/// Deserializes from the fields of [`LambdaMartValidParams`] (as a model file stores them), so
/// that parameters read from a file are checked like any others.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct LambdaMartParams(LambdaMartValidParams);

impl Default for LambdaMartParams {
    fn default() -> Self {
        Self::new()
    }
}

impl LambdaMartParams {
    /// Parameters with the documented defaults.
    pub fn new() -> Self {
        LambdaMartParams(LambdaMartValidParams {
            n_trees: 100,
            learning_rate: 0.1,
            num_leaves: 31,
            max_depth: None,
            min_data_in_leaf: 50,
            min_sum_hessian_in_leaf: 5.0,
            min_gain_to_split: 0.0,
            lambda_l2: 0.0,
            bagging_fraction: 0.9,
            max_bin: 255,
            truncation_level: 30,
            sigmoid: 1.0,
            normalize: true,
            seed: 0,
        })
    }

    /// Number of boosting rounds (trees), `>= 1`. Default 100.
    pub fn n_trees(mut self, n_trees: usize) -> Self {
        self.0.n_trees = n_trees;
        self
    }

    /// Shrinkage applied to every leaf value, finite and `> 0`. Default 0.1.
    pub fn learning_rate(mut self, learning_rate: f64) -> Self {
        self.0.learning_rate = learning_rate;
        self
    }

    /// Maximum leaves per tree (leaf-wise growth), `>= 2`. Default 31.
    pub fn num_leaves(mut self, num_leaves: usize) -> Self {
        self.0.num_leaves = num_leaves;
        self
    }

    /// Maximum depth of a leaf (root = 0), `None` for no limit (default);
    /// `Some(d)` needs `d >= 1`.
    pub fn max_depth(mut self, max_depth: Option<usize>) -> Self {
        self.0.max_depth = max_depth;
        self
    }

    /// Minimum bagged rows in each child of a split, `>= 1`. Default 50.
    pub fn min_data_in_leaf(mut self, min_data_in_leaf: usize) -> Self {
        self.0.min_data_in_leaf = min_data_in_leaf;
        self
    }

    /// Minimum hessian sum in each child of a split, finite and `>= 0`.
    /// Default 5.0.
    pub fn min_sum_hessian_in_leaf(mut self, min_sum_hessian_in_leaf: f64) -> Self {
        self.0.min_sum_hessian_in_leaf = min_sum_hessian_in_leaf;
        self
    }

    /// Minimum gain for a split, finite and `>= 0`. Default 0.
    pub fn min_gain_to_split(mut self, min_gain_to_split: f64) -> Self {
        self.0.min_gain_to_split = min_gain_to_split;
        self
    }

    /// L2 regularisation λ of leaf values, finite and `>= 0`. Default 0.
    pub fn lambda_l2(mut self, lambda_l2: f64) -> Self {
        self.0.lambda_l2 = lambda_l2;
        self
    }

    /// Fraction of rows drawn (each row independently) for every tree, in
    /// `(0, 1]`; 1 disables bagging. Default 0.9.
    pub fn bagging_fraction(mut self, bagging_fraction: f64) -> Self {
        self.0.bagging_fraction = bagging_fraction;
        self
    }

    /// Maximum histogram bins per feature, in `2..=256`. Default 255.
    pub fn max_bin(mut self, max_bin: usize) -> Self {
        self.0.max_bin = max_bin;
        self
    }

    /// Ranking positions whose pairs get gradients (LightGBM's
    /// `lambdarank_truncation_level`), `>= 1`. Default 30.
    pub fn truncation_level(mut self, truncation_level: usize) -> Self {
        self.0.truncation_level = truncation_level;
        self
    }

    /// Steepness σ of the pairwise sigmoid, finite and `> 0`. Default 1.0.
    pub fn sigmoid(mut self, sigmoid: f64) -> Self {
        self.0.sigmoid = sigmoid;
        self
    }

    /// Whether to normalise gradients per query (LightGBM's
    /// `lambdarank_norm`). Default true.
    pub fn normalize(mut self, normalize: bool) -> Self {
        self.0.normalize = normalize;
        self
    }

    /// Seed of the bagging generator. Default 0.
    pub fn seed(mut self, seed: u64) -> Self {
        self.0.seed = seed;
        self
    }

    /// Checks the parameters and fits a model; see
    /// [`LambdaMartValidParams::fit`].
    ///
    /// # Errors
    ///
    /// [`LambdaMartError::InvalidParam`] or any error of
    /// [`LambdaMartValidParams::fit`].
    pub fn fit(
        &self,
        x: ArrayView2<'_, f64>,
        labels: ArrayView1<'_, f64>,
        groups: &[Range<usize>],
    ) -> Result<LambdaMart, LambdaMartError> {
        self.check_ref()?.fit(x, labels, groups)
    }
}

impl ParamGuard for LambdaMartParams {
    type Checked = LambdaMartValidParams;
    type Error = LambdaMartError;

    fn check_ref(&self) -> Result<&Self::Checked, Self::Error> {
        let p = &self.0;
        at_least_one("n_trees", p.n_trees)?;
        finite_positive("learning_rate", p.learning_rate)?;
        at_least_two("num_leaves", p.num_leaves)?;
        let depth_ok = p.max_depth != Some(0);
        require(depth_ok, "max_depth", 0, "must be >= 1 (None for no limit)")?;
        at_least_one("min_data_in_leaf", p.min_data_in_leaf)?;
        finite_non_negative("min_sum_hessian_in_leaf", p.min_sum_hessian_in_leaf)?;
        finite_non_negative("min_gain_to_split", p.min_gain_to_split)?;
        finite_non_negative("lambda_l2", p.lambda_l2)?;
        let fraction = p.bagging_fraction;
        let fraction_ok = fraction > 0.0 && fraction <= 1.0;
        require(
            fraction_ok,
            "bagging_fraction",
            fraction,
            "must be in (0, 1]",
        )?;
        let bins_ok = (2..=256).contains(&p.max_bin);
        require(bins_ok, "max_bin", p.max_bin, "must be in 2..=256")?;
        at_least_one("truncation_level", p.truncation_level)?;
        finite_positive("sigmoid", p.sigmoid)?;
        Ok(p)
    }

    fn check(self) -> Result<Self::Checked, Self::Error> {
        self.check_ref()?;
        Ok(self.0)
    }
}

impl LambdaMartValidParams {
    /// Number of trees.
    pub fn n_trees(&self) -> usize {
        self.n_trees
    }
    /// Learning rate.
    pub fn learning_rate(&self) -> f64 {
        self.learning_rate
    }
    /// Maximum leaves per tree.
    pub fn num_leaves(&self) -> usize {
        self.num_leaves
    }
    /// Maximum leaf depth (`None` = unlimited).
    pub fn max_depth(&self) -> Option<usize> {
        self.max_depth
    }
    /// Minimum rows per leaf.
    pub fn min_data_in_leaf(&self) -> usize {
        self.min_data_in_leaf
    }
    /// Minimum hessian sum per leaf.
    pub fn min_sum_hessian_in_leaf(&self) -> f64 {
        self.min_sum_hessian_in_leaf
    }
    /// Minimum split gain.
    pub fn min_gain_to_split(&self) -> f64 {
        self.min_gain_to_split
    }
    /// L2 regularisation of leaf values.
    pub fn lambda_l2(&self) -> f64 {
        self.lambda_l2
    }
    /// Bagging fraction per tree.
    pub fn bagging_fraction(&self) -> f64 {
        self.bagging_fraction
    }
    /// Maximum bins per feature.
    pub fn max_bin(&self) -> usize {
        self.max_bin
    }
    /// LambdaRank truncation level.
    pub fn truncation_level(&self) -> usize {
        self.truncation_level
    }
    /// Sigmoid steepness.
    pub fn sigmoid(&self) -> f64 {
        self.sigmoid
    }
    /// Whether gradients are normalised per query.
    pub fn normalize(&self) -> bool {
        self.normalize
    }
    /// Bagging seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Trains a LambdaMART model.
    ///
    /// * `x`: features, shape (n_rows, n_features), all finite.
    /// * `labels`: graded relevance per row, finite and `>= 0`.
    /// * `groups`: the query of each row as consecutive non-empty row
    ///   ranges covering `0..n_rows` in order.
    ///
    /// # Errors
    ///
    /// [`LambdaMartError::LengthMismatch`], [`LambdaMartError::InvalidGroups`],
    /// [`LambdaMartError::InvalidLabel`], [`LambdaMartError::NonFiniteFeature`],
    /// [`LambdaMartError::NoRows`], [`LambdaMartError::TooManyRows`].
    pub fn fit(
        &self,
        x: ArrayView2<'_, f64>,
        labels: ArrayView1<'_, f64>,
        groups: &[Range<usize>],
    ) -> Result<LambdaMart, LambdaMartError> {
        self.fit_with_scores(x, labels, groups)
            .map(|(model, _)| model)
    }

    /// [`fit`](Self::fit), also returning the final training scores.
    fn fit_with_scores(
        &self,
        x: ArrayView2<'_, f64>,
        labels: ArrayView1<'_, f64>,
        groups: &[Range<usize>],
    ) -> Result<(LambdaMart, Vec<f64>), LambdaMartError> {
        let (n_rows, n_features) = x.dim();
        validate_inputs(x, labels, groups)?;
        let labels: Vec<f64> = labels.to_vec();
        let binned = BinnedFeatures::new(x, self.max_bin);
        let inverse_max_dcg: Vec<f64> = groups
            .iter()
            .map(|g| {
                let max = max_dcg(&labels[g.clone()], self.truncation_level);
                if max > 0.0 {
                    1.0 / max
                } else {
                    0.0
                }
            })
            .collect();

        let mut scores = vec![0.0; n_rows];
        let mut grad = vec![0.0; n_rows];
        let mut hess = vec![0.0; n_rows];
        let mut trees = Vec::with_capacity(self.n_trees);
        let mut bag: Vec<u32> = Vec::with_capacity(n_rows);
        let mut in_bag = vec![true; n_rows];
        for round in 0..self.n_trees {
            self.lambda_gradients(
                &labels,
                &scores,
                groups,
                &inverse_max_dcg,
                &mut grad,
                &mut hess,
            );
            bag.clear();
            if self.bagging_fraction < 1.0 {
                let mut rng = SplitMix64::new(self.seed, round as u64);
                for (r, keep) in in_bag.iter_mut().enumerate() {
                    *keep = rng.next_f64() < self.bagging_fraction;
                    if *keep {
                        bag.push(r as u32);
                    }
                }
            } else {
                bag.extend(0..n_rows as u32);
            }
            let tree = TreeBuilder {
                params: self,
                binned: &binned,
                grad: &grad,
                hess: &hess,
            }
            .grow(&mut bag, &in_bag, &mut scores);
            trees.push(tree);
        }
        let model = LambdaMart {
            n_features,
            params: self.clone(),
            trees,
        };
        Ok((model, scores))
    }

    /// LightGBM's `GetGradientsForOneQuery` for every query, in parallel.
    fn lambda_gradients(
        &self,
        labels: &[f64],
        scores: &[f64],
        groups: &[Range<usize>],
        inverse_max_dcg: &[f64],
        grad: &mut [f64],
        hess: &mut [f64],
    ) {
        // Groups are consecutive and cover all rows, so split the outputs
        // into one disjoint slice per query.
        let mut slices = Vec::with_capacity(groups.len());
        let (mut g_rest, mut h_rest) = (grad, hess);
        for g in groups {
            let (g_head, g_tail) = g_rest.split_at_mut(g.len());
            let (h_head, h_tail) = h_rest.split_at_mut(g.len());
            slices.push((g.clone(), g_head, h_head));
            g_rest = g_tail;
            h_rest = h_tail;
        }
        slices
            .into_par_iter()
            .enumerate()
            .for_each(|(q, (range, g, h))| {
                self.query_gradients(
                    &labels[range.clone()],
                    &scores[range],
                    inverse_max_dcg[q],
                    g,
                    h,
                );
            });
    }

    fn query_gradients(
        &self,
        labels: &[f64],
        scores: &[f64],
        inverse_max_dcg: f64,
        grad: &mut [f64],
        hess: &mut [f64],
    ) {
        grad.fill(0.0);
        hess.fill(0.0);
        let n = labels.len();
        if n < 2 || inverse_max_dcg == 0.0 {
            return;
        }
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
        let best = scores[order[0]];
        let worst = scores[order[n - 1]];
        let sigma = self.sigmoid;
        let mut sum_lambdas = 0.0;
        for i in 0..(n - 1).min(self.truncation_level) {
            for j in i + 1..n {
                let (a, b) = (order[i], order[j]);
                if labels[a] == labels[b] {
                    continue;
                }
                let (high_rank, high, low_rank, low) = if labels[a] > labels[b] {
                    (i, a, j, b)
                } else {
                    (j, b, i, a)
                };
                let delta_score = scores[high] - scores[low];
                let dcg_gap = gain(labels[high]) - gain(labels[low]);
                let paired_discount = (discount(high_rank) - discount(low_rank)).abs();
                let mut delta_ndcg = dcg_gap * paired_discount * inverse_max_dcg;
                if self.normalize && best != worst {
                    delta_ndcg /= 0.01 + delta_score.abs();
                }
                let p = 1.0 / (1.0 + (sigma * delta_score).exp());
                let p_lambda = -sigma * delta_ndcg * p;
                let p_hessian = sigma * sigma * delta_ndcg * p * (1.0 - p);
                grad[low] -= p_lambda;
                hess[low] += p_hessian;
                grad[high] += p_lambda;
                hess[high] += p_hessian;
                sum_lambdas -= 2.0 * p_lambda;
            }
        }
        if self.normalize && sum_lambdas > 0.0 {
            let factor = (1.0 + sum_lambdas).log2() / sum_lambdas;
            grad.iter_mut().for_each(|g| *g *= factor);
            hess.iter_mut().for_each(|h| *h *= factor);
        }
    }
}

fn validate_inputs(
    x: ArrayView2<'_, f64>,
    labels: ArrayView1<'_, f64>,
    groups: &[Range<usize>],
) -> Result<(), LambdaMartError> {
    let n_rows = x.nrows();
    if labels.len() != n_rows {
        return Err(LambdaMartError::LengthMismatch {
            rows: n_rows,
            labels: labels.len(),
        });
    }
    if n_rows == 0 {
        return Err(LambdaMartError::NoRows);
    }
    if u32::try_from(n_rows).is_err() {
        return Err(LambdaMartError::TooManyRows { rows: n_rows });
    }
    let mut next = 0;
    for (query, g) in groups.iter().enumerate() {
        if g.start != next || g.end <= g.start || g.end > n_rows {
            return Err(LambdaMartError::InvalidGroups {
                query,
                start: g.start,
                end: g.end,
                expected_start: next,
                rows: n_rows,
            });
        }
        next = g.end;
    }
    if next != n_rows {
        return Err(LambdaMartError::InvalidGroups {
            query: groups.len(),
            start: next,
            end: n_rows,
            expected_start: next,
            rows: n_rows,
        });
    }
    if let Some((row, &label)) = labels
        .iter()
        .enumerate()
        .find(|(_, l)| !(l.is_finite() && **l >= 0.0))
    {
        return Err(LambdaMartError::InvalidLabel { row, label });
    }
    if let Some(((row, feature), &value)) = x.indexed_iter().find(|(_, v)| !v.is_finite()) {
        return Err(LambdaMartError::NonFiniteFeature {
            row,
            feature,
            value,
        });
    }
    Ok(())
}

/// Ideal DCG over the first `k` positions.
fn max_dcg(labels: &[f64], k: usize) -> f64 {
    let mut gains: Vec<f64> = labels.iter().map(|&l| gain(l)).collect();
    gains.sort_by(|a, b| b.total_cmp(a));
    gains
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, g)| g * discount(i))
        .sum()
}

/// Features mapped to histogram bins; only features with at least two bins
/// are kept.
struct BinnedFeatures {
    /// Original column of each kept feature.
    columns: Vec<usize>,
    /// Upper bound of every bin but the last, per kept feature: a value `v`
    /// falls in the first bin `b` with `v <= upper[b]`.
    upper: Vec<Vec<f64>>,
    /// Bin of every row, per kept feature (column-major).
    bins: Vec<Vec<u8>>,
    /// Offset of each kept feature's bins in a histogram.
    offsets: Vec<usize>,
    /// Total bins over kept features.
    total_bins: usize,
}

impl BinnedFeatures {
    fn new(x: ArrayView2<'_, f64>, max_bin: usize) -> Self {
        let per_feature: Vec<Option<(Vec<f64>, Vec<u8>)>> = (0..x.ncols())
            .into_par_iter()
            .map(|c| {
                let column = x.column(c);
                let upper = bin_bounds(column.iter().copied().collect(), max_bin);
                if upper.is_empty() {
                    return None;
                }
                let bins = column
                    .iter()
                    .map(|&v| upper.partition_point(|&u| v > u) as u8)
                    .collect();
                Some((upper, bins))
            })
            .collect();
        let mut out = BinnedFeatures {
            columns: Vec::new(),
            upper: Vec::new(),
            bins: Vec::new(),
            offsets: Vec::new(),
            total_bins: 0,
        };
        for (c, f) in per_feature.into_iter().enumerate() {
            if let Some((upper, bins)) = f {
                out.columns.push(c);
                out.offsets.push(out.total_bins);
                out.total_bins += upper.len() + 1;
                out.upper.push(upper);
                out.bins.push(bins);
            }
        }
        out
    }

    fn n_bins(&self, f: usize) -> usize {
        self.upper[f].len() + 1
    }
}

/// Bin upper bounds (midpoints between distinct values) for one feature:
/// one bin per distinct value when at most `max_bin`, otherwise
/// equal-frequency bins. Empty when the feature is constant.
fn bin_bounds(mut values: Vec<f64>, max_bin: usize) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    let mut distinct: Vec<(f64, usize)> = Vec::new();
    for v in values.iter().copied() {
        match distinct.last_mut() {
            Some((last, count)) if *last == v => *count += 1,
            _ => distinct.push((v, 1)),
        }
    }
    let midpoint = |a: f64, b: f64| {
        let m = a + (b - a) / 2.0;
        if m < b {
            m
        } else {
            a
        }
    };
    if distinct.len() <= max_bin {
        return distinct
            .windows(2)
            .map(|w| midpoint(w[0].0, w[1].0))
            .collect();
    }
    let per_bin = values.len() as f64 / max_bin as f64;
    let mut upper = Vec::with_capacity(max_bin - 1);
    let mut in_bin = 0usize;
    for (i, w) in distinct.windows(2).enumerate() {
        in_bin += w[0].1;
        let remaining_values = distinct.len() - i - 1;
        let remaining_bins = max_bin - 1 - upper.len();
        if upper.len() + 1 < max_bin
            && (in_bin as f64 >= per_bin || remaining_values <= remaining_bins)
        {
            upper.push(midpoint(w[0].0, w[1].0));
            in_bin = 0;
        }
    }
    upper
}

/// Leaves with fewer rows build their histogram on the calling thread.
const PARALLEL_MIN_ROWS: usize = 1024;

/// Gradient statistics of one histogram bin (or a set of rows).
#[derive(Debug, Clone, Copy, Default)]
struct Stats {
    g: f64,
    h: f64,
    n: usize,
}

impl Stats {
    fn add(&mut self, g: f64, h: f64) {
        self.g += g;
        self.h += h;
        self.n += 1;
    }

    fn minus(self, other: Stats) -> Stats {
        Stats {
            g: self.g - other.g,
            h: self.h - other.h,
            n: self.n - other.n,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Split {
    /// Index into [`BinnedFeatures`] kept features.
    feature: usize,
    /// Rows with bin `<= bin` go left.
    bin: usize,
    gain: f64,
    left: Stats,
    right: Stats,
}

/// A leaf under construction: its rows are `bag[begin..end]`.
struct Leaf {
    begin: usize,
    end: usize,
    depth: usize,
    node: usize,
    stats: Stats,
    hist: Vec<Stats>,
    best: Option<Split>,
}

struct TreeBuilder<'a> {
    params: &'a LambdaMartValidParams,
    binned: &'a BinnedFeatures,
    grad: &'a [f64],
    hess: &'a [f64],
}

impl TreeBuilder<'_> {
    /// Grows one tree on the rows in `bag` and adds its output to `scores`
    /// of all rows (bagged rows by leaf, the others by a binned walk).
    fn grow(&self, bag: &mut [u32], in_bag: &[bool], scores: &mut [f64]) -> RegressionTree {
        let b = self.binned;
        let mut nodes = vec![TreeNode::Leaf { value: 0.0 }];
        // (kept feature, bin) of each split node, for the binned walk.
        let mut node_bins: Vec<(usize, usize)> = vec![(0, 0)];
        let root_stats = bag.iter().fold(Stats::default(), |mut s, &r| {
            s.add(self.grad[r as usize], self.hess[r as usize]);
            s
        });
        let mut root = Leaf {
            begin: 0,
            end: bag.len(),
            depth: 0,
            node: 0,
            stats: root_stats,
            hist: self.histogram(bag),
            best: None,
        };
        root.best = self.best_split(&root);
        let mut leaves = vec![root];
        let mut scratch: Vec<u32> = Vec::with_capacity(bag.len());

        while leaves.len() < self.params.num_leaves {
            // Leaf with the largest gain; ties go to the earlier leaf.
            let mut pick: Option<(usize, f64)> = None;
            for (i, leaf) in leaves.iter().enumerate() {
                if let Some(s) = &leaf.best {
                    if pick.map_or(true, |(_, g)| s.gain > g) {
                        pick = Some((i, s.gain));
                    }
                }
            }
            let Some((li, _)) = pick else { break };
            let parent = leaves.swap_remove(li);
            let split = parent.best.expect("picked leaf has a split");

            // Stable partition of the parent's rows.
            let rows = &mut bag[parent.begin..parent.end];
            let bins = &b.bins[split.feature];
            scratch.clear();
            let mut n_left = 0;
            for i in 0..rows.len() {
                let r = rows[i];
                if (bins[r as usize] as usize) <= split.bin {
                    rows[n_left] = r;
                    n_left += 1;
                } else {
                    scratch.push(r);
                }
            }
            rows[n_left..].copy_from_slice(&scratch);
            debug_assert_eq!(n_left, split.left.n);

            let (left_node, right_node) = (nodes.len(), nodes.len() + 1);
            nodes[parent.node] = TreeNode::Split {
                feature: b.columns[split.feature],
                threshold: b.upper[split.feature][split.bin],
                gain: split.gain,
                left: left_node,
                right: right_node,
            };
            nodes.push(TreeNode::Leaf { value: 0.0 });
            nodes.push(TreeNode::Leaf { value: 0.0 });
            node_bins[parent.node] = (split.feature, split.bin);
            node_bins.extend([(0, 0), (0, 0)]);

            let mid = parent.begin + n_left;
            let (small_range, left_is_small) = if n_left <= parent.end - mid {
                (parent.begin..mid, true)
            } else {
                (mid..parent.end, false)
            };
            let small_hist = self.histogram(&bag[small_range]);
            let large_hist: Vec<Stats> = parent
                .hist
                .iter()
                .zip(&small_hist)
                .map(|(p, s)| p.minus(*s))
                .collect();
            let (left_hist, right_hist) = if left_is_small {
                (small_hist, large_hist)
            } else {
                (large_hist, small_hist)
            };

            for (begin, end, node, stats, hist) in [
                (parent.begin, mid, left_node, split.left, left_hist),
                (mid, parent.end, right_node, split.right, right_hist),
            ] {
                let mut child = Leaf {
                    begin,
                    end,
                    depth: parent.depth + 1,
                    node,
                    stats,
                    hist,
                    best: None,
                };
                child.best = self.best_split(&child);
                leaves.push(child);
            }
        }

        let p = self.params;
        for leaf in &leaves {
            let denom = leaf.stats.h + p.lambda_l2;
            let value = if denom > 0.0 {
                -p.learning_rate * leaf.stats.g / denom
            } else {
                0.0
            };
            nodes[leaf.node] = TreeNode::Leaf { value };
            for &r in &bag[leaf.begin..leaf.end] {
                scores[r as usize] += value;
            }
        }
        if bag.len() < scores.len() {
            for (r, score) in scores.iter_mut().enumerate().filter(|(r, _)| !in_bag[*r]) {
                let mut i = 0;
                loop {
                    match &nodes[i] {
                        TreeNode::Leaf { value } => {
                            *score += value;
                            break;
                        }
                        TreeNode::Split { left, right, .. } => {
                            let (f, bin) = node_bins[i];
                            i = if (b.bins[f][r] as usize) <= bin {
                                *left
                            } else {
                                *right
                            };
                        }
                    }
                }
            }
        }
        RegressionTree { nodes }
    }

    /// Histogram of `rows`, one sequential pass per feature, features in parallel.
    fn histogram(&self, rows: &[u32]) -> Vec<Stats> {
        let b = self.binned;
        let mut hist = vec![Stats::default(); b.total_bins];
        let mut parts: Vec<(usize, &mut [Stats])> = Vec::with_capacity(b.columns.len());
        let mut rest = hist.as_mut_slice();
        for f in 0..b.columns.len() {
            let (head, tail) = rest.split_at_mut(b.n_bins(f));
            parts.push((f, head));
            rest = tail;
        }
        // Gather the rows' gradients once so the per-feature passes read them
        // contiguously (LightGBM's "ordered gradients").
        let gh: Vec<(f64, f64)> = rows
            .iter()
            .map(|&r| (self.grad[r as usize], self.hess[r as usize]))
            .collect();
        let fill = |(f, h): (usize, &mut [Stats])| {
            let bins = &b.bins[f];
            for (&r, &(g, hs)) in rows.iter().zip(&gh) {
                h[bins[r as usize] as usize].add(g, hs);
            }
        };
        // Small leaves are not worth waking the thread pool for; the result
        // is the same either way.
        if rows.len() < PARALLEL_MIN_ROWS {
            parts.into_iter().for_each(fill);
        } else {
            parts.into_par_iter().for_each(fill);
        }
        hist
    }

    fn best_split(&self, leaf: &Leaf) -> Option<Split> {
        let p = self.params;
        if p.max_depth.is_some_and(|d| leaf.depth >= d) || leaf.stats.n < 2 * p.min_data_in_leaf {
            return None;
        }
        let b = self.binned;
        let score = |s: Stats| {
            let denom = s.h + p.lambda_l2;
            if denom > 0.0 {
                s.g * s.g / denom
            } else {
                0.0
            }
        };
        let parent_score = score(leaf.stats);
        let per_feature: Vec<Option<Split>> = (0..b.columns.len())
            .into_par_iter()
            .with_min_len(64)
            .map(|f| {
                let hist = &leaf.hist[b.offsets[f]..b.offsets[f] + b.n_bins(f)];
                let mut left = Stats::default();
                let mut best: Option<Split> = None;
                for (bin, s) in hist[..hist.len() - 1].iter().enumerate() {
                    left.g += s.g;
                    left.h += s.h;
                    left.n += s.n;
                    if left.n < p.min_data_in_leaf || left.h < p.min_sum_hessian_in_leaf {
                        continue;
                    }
                    let right = leaf.stats.minus(left);
                    if right.n < p.min_data_in_leaf {
                        break;
                    }
                    if right.h < p.min_sum_hessian_in_leaf {
                        continue;
                    }
                    let gain = score(left) + score(right) - parent_score;
                    if gain > p.min_gain_to_split && best.map_or(true, |s| gain > s.gain) {
                        best = Some(Split {
                            feature: f,
                            bin,
                            gain,
                            left,
                            right,
                        });
                    }
                }
                best
            })
            .collect();
        // Sequential reduction: ties go to the lower feature index.
        per_feature
            .into_iter()
            .flatten()
            .fold(None, |acc: Option<Split>, s| match acc {
                Some(a) if a.gain >= s.gain => Some(a),
                _ => Some(s),
            })
    }
}

/// A node of a regression tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TreeNode {
    /// Internal node: rows with `x[feature] <= threshold` go to `left`, all
    /// others (including `NaN`) to `right`.
    Split {
        /// Feature column (0-based).
        feature: usize,
        /// Split threshold.
        threshold: f64,
        /// Training gain of the split.
        gain: f64,
        /// Index of the left child in the tree's nodes.
        left: usize,
        /// Index of the right child in the tree's nodes.
        right: usize,
    },
    /// Leaf with its contribution to the score (learning rate included).
    Leaf {
        /// Output value.
        value: f64,
    },
}

/// A regression tree; node 0 is the root and children come after parents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegressionTree {
    nodes: Vec<TreeNode>,
}

impl RegressionTree {
    /// The nodes, root first.
    pub fn nodes(&self) -> &[TreeNode] {
        &self.nodes
    }

    /// Number of leaves.
    pub fn n_leaves(&self) -> usize {
        self.nodes
            .iter()
            .filter(|n| matches!(n, TreeNode::Leaf { .. }))
            .count()
    }

    /// Output of the tree for one row of features.
    pub fn predict_row(&self, row: ArrayView1<'_, f64>) -> f64 {
        let mut i = 0;
        loop {
            match &self.nodes[i] {
                TreeNode::Leaf { value } => return *value,
                TreeNode::Split {
                    feature,
                    threshold,
                    left,
                    right,
                    ..
                } => {
                    i = if row[*feature] <= *threshold {
                        *left
                    } else {
                        *right
                    }
                }
            }
        }
    }
}

/// A fitted LambdaMART model: the sum of its trees' outputs is the score
/// (higher = more relevant).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LambdaMart {
    n_features: usize,
    params: LambdaMartValidParams,
    trees: Vec<RegressionTree>,
}

/// Unchecked form of [`LambdaMart`] used for deserialisation.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LambdaMartRepr {
    n_features: usize,
    params: LambdaMartParams,
    trees: Vec<RegressionTree>,
}

impl RegressionTree {
    /// A tree from its nodes, root first, checked: every split names a feature below
    /// `n_features` and a threshold that is a number, every child comes after its parent and
    /// inside the tree, every leaf value is finite.
    ///
    /// # Errors
    ///
    /// [`LambdaMartError::MalformedModel`] (with tree 0) naming the first bad node.
    pub fn from_nodes(
        nodes: Vec<TreeNode>,
        n_features: usize,
    ) -> Result<RegressionTree, LambdaMartError> {
        let tree = RegressionTree { nodes };
        tree.check(0, n_features)?;
        Ok(tree)
    }

    fn check(&self, index: usize, n_features: usize) -> Result<(), LambdaMartError> {
        let bad = |node: usize, reason: String| {
            Err(LambdaMartError::MalformedModel {
                tree: index,
                node,
                reason,
            })
        };
        if self.nodes.is_empty() {
            return bad(0, "no nodes".into());
        }
        for (ni, node) in self.nodes.iter().enumerate() {
            match node {
                TreeNode::Split {
                    feature,
                    threshold,
                    left,
                    right,
                    ..
                } => {
                    if *feature >= n_features {
                        return bad(ni, format!("feature {feature} >= n_features {n_features}"));
                    }
                    if threshold.is_nan() {
                        return bad(ni, "NaN threshold".into());
                    }
                    for child in [left, right] {
                        if *child <= ni || *child >= self.nodes.len() {
                            return bad(
                                ni,
                                format!(
                                    "child {child} must be after the node and < {}",
                                    self.nodes.len()
                                ),
                            );
                        }
                    }
                }
                TreeNode::Leaf { value } if !value.is_finite() => {
                    return bad(ni, format!("leaf value {value}"));
                }
                TreeNode::Leaf { .. } => {}
            }
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for LambdaMart {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let r = LambdaMartRepr::deserialize(deserializer)?;
        let params = r.params.check().map_err(serde::de::Error::custom)?;
        LambdaMart::from_trees(r.n_features, params, r.trees).map_err(serde::de::Error::custom)
    }
}

impl LambdaMart {
    /// A model from trees trained elsewhere (a model file), each checked as in
    /// [`RegressionTree::from_nodes`].
    ///
    /// # Errors
    ///
    /// [`LambdaMartError::MalformedModel`] naming the first bad tree and node.
    pub fn from_trees(
        n_features: usize,
        params: LambdaMartValidParams,
        trees: Vec<RegressionTree>,
    ) -> Result<LambdaMart, LambdaMartError> {
        for (i, tree) in trees.iter().enumerate() {
            tree.check(i, n_features)?;
        }
        Ok(LambdaMart {
            n_features,
            params,
            trees,
        })
    }

    /// Number of feature columns the model expects.
    pub fn n_features(&self) -> usize {
        self.n_features
    }

    /// The parameters the model was trained with.
    pub fn params(&self) -> &LambdaMartValidParams {
        &self.params
    }

    /// The trees in boosting order.
    pub fn trees(&self) -> &[RegressionTree] {
        &self.trees
    }

    /// Score of one row (length `n_features`).
    ///
    /// # Errors
    ///
    /// [`LambdaMartError::FeatureCountMismatch`].
    pub fn predict_row(&self, row: ArrayView1<'_, f64>) -> Result<f64, LambdaMartError> {
        if row.len() != self.n_features {
            return Err(LambdaMartError::FeatureCountMismatch {
                expected: self.n_features,
                found: row.len(),
            });
        }
        Ok(self.trees.iter().map(|t| t.predict_row(row)).sum())
    }

    /// Scores of all rows of `x`, shape (n_rows, n_features); rows in parallel.
    ///
    /// # Errors
    ///
    /// [`LambdaMartError::FeatureCountMismatch`].
    pub fn predict(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>, LambdaMartError> {
        if x.ncols() != self.n_features {
            return Err(LambdaMartError::FeatureCountMismatch {
                expected: self.n_features,
                found: x.ncols(),
            });
        }
        let scores: Vec<f64> = (0..x.nrows())
            .into_par_iter()
            .map(|r| self.trees.iter().map(|t| t.predict_row(x.row(r))).sum())
            .collect();
        Ok(Array1::from(scores))
    }

    /// Total split gain per feature column, length `n_features`.
    pub fn feature_importance_gain(&self) -> Vec<f64> {
        let mut out = vec![0.0; self.n_features];
        for node in self.trees.iter().flat_map(|t| &t.nodes) {
            if let TreeNode::Split { feature, gain, .. } = node {
                out[*feature] += gain;
            }
        }
        out
    }
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)] // query groups: a list of row ranges
mod tests {
    use super::*;
    use ndarray::{array, Array2};

    /// Queries whose relevance is a noisy step function of feature 0.
    fn toy(
        n_queries: usize,
        per_query: usize,
        seed: u64,
    ) -> (Array2<f64>, Array1<f64>, Vec<Range<usize>>) {
        let mut rng = SplitMix64::new(seed, 99);
        let n = n_queries * per_query;
        let x = Array2::from_shape_fn((n, 3), |_| rng.next_f64());
        let labels = Array1::from_shape_fn(n, |r| {
            (x[[r, 0]] * 3.0).floor() + if x[[r, 2]] > 0.9 { 1.0 } else { 0.0 }
        });
        let groups = (0..n_queries)
            .map(|q| q * per_query..(q + 1) * per_query)
            .collect();
        (x, labels, groups)
    }

    fn small() -> LambdaMartParams {
        LambdaMartParams::new()
            .n_trees(20)
            .min_data_in_leaf(5)
            .min_sum_hessian_in_leaf(0.0)
            .num_leaves(7)
    }

    fn ndcg(labels: &[f64], scores: &[f64]) -> f64 {
        let mut order: Vec<usize> = (0..labels.len()).collect();
        order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
        let dcg: f64 = order
            .iter()
            .enumerate()
            .map(|(i, &d)| gain(labels[d]) * discount(i))
            .sum();
        dcg / max_dcg(labels, labels.len())
    }

    fn mean_ndcg(labels: &Array1<f64>, scores: &Array1<f64>, groups: &[Range<usize>]) -> f64 {
        let l = labels.as_slice().unwrap();
        let s = scores.as_slice().unwrap();
        groups
            .iter()
            .map(|g| ndcg(&l[g.clone()], &s[g.clone()]))
            .sum::<f64>()
            / groups.len() as f64
    }

    #[test]
    fn learns_a_ranking() {
        let (x, y, groups) = toy(30, 20, 1);
        let model = small().fit(x.view(), y.view(), &groups).unwrap();
        let scores = model.predict(x.view()).unwrap();
        let trained = mean_ndcg(&y, &scores, &groups);
        let (xt, yt, gt) = toy(20, 20, 2);
        let test = mean_ndcg(&yt, &model.predict(xt.view()).unwrap(), &gt);
        assert!(trained > 0.95, "train ndcg {trained}");
        assert!(test > 0.9, "test ndcg {test}");
        assert_eq!(model.trees().len(), 20);
        assert!(model.trees().iter().all(|t| t.n_leaves() <= 7));
        let imp = model.feature_importance_gain();
        assert!(imp[0] > imp[1] && imp[0] > imp[2]);
    }

    #[test]
    fn deterministic_for_a_seed_and_thread_count() {
        // Large enough for the parallel histogram path.
        let (x, y, groups) = toy(100, 25, 3);
        let a = small().seed(7).fit(x.view(), y.view(), &groups).unwrap();
        for threads in [1, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let b = pool.install(|| small().seed(7).fit(x.view(), y.view(), &groups).unwrap());
            assert_eq!(a, b, "{threads} threads");
        }
        let c = small().seed(8).fit(x.view(), y.view(), &groups).unwrap();
        assert_ne!(a, c);
    }

    #[test]
    fn json_round_trip_is_exact() {
        let (x, y, groups) = toy(10, 10, 4);
        let model = small().fit(x.view(), y.view(), &groups).unwrap();
        let json = serde_json::to_string(&model).unwrap();
        let back: LambdaMart = serde_json::from_str(&json).unwrap();
        assert_eq!(back, model);
        assert_eq!(
            back.predict(x.view()).unwrap(),
            model.predict(x.view()).unwrap()
        );
    }

    #[test]
    fn malformed_json_is_rejected() {
        let (x, y, groups) = toy(5, 10, 5);
        let model = small().n_trees(1).fit(x.view(), y.view(), &groups).unwrap();
        let json = serde_json::to_string(&model).unwrap();
        let bad = json.replacen("\"feature\":", "\"feature\":9", 1);
        let err = serde_json::from_str::<LambdaMart>(&bad)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("malformed model: tree 0, node 0: feature 9"),
            "{err}"
        );
    }

    #[test]
    fn training_scores_match_prediction() {
        // Training walks bins (out-of-bag rows) or leaf partitions (bagged
        // rows); prediction walks thresholds. Both must agree exactly.
        let (x, y, groups) = toy(10, 10, 6);
        let params = small().bagging_fraction(0.5).check().unwrap();
        let (model, train_scores) = params.fit_with_scores(x.view(), y.view(), &groups).unwrap();
        let predicted = model.predict(x.view()).unwrap();
        for (r, (t, p)) in train_scores.iter().zip(&predicted).enumerate() {
            assert!((t - p).abs() < 1e-12, "row {r}: {t} vs {p}");
        }
        let binned = BinnedFeatures::new(x.view(), 255);
        for r in 0..x.nrows() {
            for (f, &c) in binned.columns.iter().enumerate() {
                let b = binned.bins[f][r] as usize;
                let v = x[[r, c]];
                assert!(b == binned.upper[f].len() || v <= binned.upper[f][b]);
                assert!(b == 0 || v > binned.upper[f][b - 1]);
            }
        }
        assert_eq!(
            model.predict_row(x.row(0)).unwrap(),
            model.predict(x.view()).unwrap()[0]
        );
    }

    #[test]
    fn max_depth_limits_trees() {
        let (x, y, groups) = toy(10, 20, 7);
        let model = small()
            .max_depth(Some(2))
            .fit(x.view(), y.view(), &groups)
            .unwrap();
        assert!(model.trees().iter().all(|t| t.n_leaves() <= 4));
        assert!(model.trees().iter().any(|t| t.n_leaves() > 2));
    }

    #[test]
    fn binning_caps_bins_and_drops_constant_features() {
        let values: Vec<f64> = (0..1000).map(|i| (i % 500) as f64).collect();
        let upper = bin_bounds(values, 255);
        assert_eq!(upper.len(), 254);
        assert!(upper.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(bin_bounds(vec![1.0, 0.0, 1.0], 255), vec![0.5]);
        assert!(bin_bounds(vec![2.0; 5], 255).is_empty());
        let x = array![[1.0, 0.0], [1.0, 1.0]];
        assert_eq!(BinnedFeatures::new(x.view(), 255).columns, vec![1]);
    }

    #[test]
    fn gradients_push_relevant_documents_up() {
        let params = LambdaMartParams::new().check().unwrap();
        let labels = [0.0, 2.0, 1.0];
        let (mut g, mut h) = (vec![0.0; 3], vec![0.0; 3]);
        params.query_gradients(
            &labels,
            &[0.0; 3],
            1.0 / max_dcg(&labels, 30),
            &mut g,
            &mut h,
        );
        assert!(g[1] < 0.0 && g[0] > 0.0, "{g:?}");
        assert!(h.iter().all(|&v| v > 0.0));
        assert!(g.iter().sum::<f64>().abs() < 1e-12);
        // All-equal labels: no gradient.
        params.query_gradients(&[1.0, 1.0], &[0.3, 0.1], 1.0, &mut g[..2], &mut h[..2]);
        assert_eq!(&g[..2], &[0.0, 0.0]);
    }

    #[test]
    fn input_errors() {
        let x = array![[1.0], [2.0]];
        let y = array![1.0, 0.0];
        let p = small();
        assert_eq!(
            p.fit(x.view(), array![1.0].view(), &[0..1]),
            Err(LambdaMartError::LengthMismatch { rows: 2, labels: 1 })
        );
        assert!(matches!(
            p.fit(x.view(), y.view(), &[0..1]),
            Err(LambdaMartError::InvalidGroups { query: 1, .. })
        ));
        assert!(matches!(
            p.fit(x.view(), y.view(), &[1..2]),
            Err(LambdaMartError::InvalidGroups { query: 0, .. })
        ));
        assert!(matches!(
            p.fit(x.view(), array![-1.0, 0.0].view(), &[0..2]),
            Err(LambdaMartError::InvalidLabel { row: 0, .. })
        ));
        assert!(matches!(
            p.fit(array![[1.0], [f64::NAN]].view(), y.view(), &[0..2]),
            Err(LambdaMartError::NonFiniteFeature {
                row: 1,
                feature: 0,
                ..
            })
        ));
        let model = p.fit(x.view(), y.view(), &[0..2]).unwrap();
        assert_eq!(
            model.predict(array![[1.0, 2.0]].view()),
            Err(LambdaMartError::FeatureCountMismatch {
                expected: 1,
                found: 2
            })
        );
    }

    fn rejects(p: LambdaMartParams, name: &str) {
        match p.check() {
            Err(LambdaMartError::InvalidParam { name: n, .. }) => assert_eq!(n, name),
            other => panic!("expected {name} to be rejected, got {other:?}"),
        }
    }

    #[test]
    fn defaults_are_valid() {
        let p = LambdaMartParams::default().check().unwrap();
        assert_eq!(
            (
                p.n_trees(),
                p.num_leaves(),
                p.min_data_in_leaf(),
                p.max_bin()
            ),
            (100, 31, 50, 255)
        );
        assert_eq!(
            (
                p.learning_rate(),
                p.min_sum_hessian_in_leaf(),
                p.bagging_fraction()
            ),
            (0.1, 5.0, 0.9)
        );
    }

    #[test]
    fn rejects_zero_trees() {
        rejects(LambdaMartParams::new().n_trees(0), "n_trees");
    }
    #[test]
    fn rejects_bad_learning_rate() {
        rejects(LambdaMartParams::new().learning_rate(0.0), "learning_rate");
        rejects(
            LambdaMartParams::new().learning_rate(f64::NAN),
            "learning_rate",
        );
    }
    #[test]
    fn rejects_too_few_leaves() {
        rejects(LambdaMartParams::new().num_leaves(1), "num_leaves");
    }
    #[test]
    fn rejects_zero_depth() {
        rejects(LambdaMartParams::new().max_depth(Some(0)), "max_depth");
    }
    #[test]
    fn rejects_zero_min_data() {
        rejects(
            LambdaMartParams::new().min_data_in_leaf(0),
            "min_data_in_leaf",
        );
    }
    #[test]
    fn rejects_bad_min_hessian() {
        rejects(
            LambdaMartParams::new().min_sum_hessian_in_leaf(-1.0),
            "min_sum_hessian_in_leaf",
        );
    }
    #[test]
    fn rejects_bad_min_gain() {
        rejects(
            LambdaMartParams::new().min_gain_to_split(f64::INFINITY),
            "min_gain_to_split",
        );
    }
    #[test]
    fn rejects_bad_lambda_l2() {
        rejects(LambdaMartParams::new().lambda_l2(-0.5), "lambda_l2");
    }
    #[test]
    fn rejects_bad_bagging_fraction() {
        rejects(
            LambdaMartParams::new().bagging_fraction(0.0),
            "bagging_fraction",
        );
        rejects(
            LambdaMartParams::new().bagging_fraction(1.5),
            "bagging_fraction",
        );
    }
    #[test]
    fn rejects_bad_max_bin() {
        rejects(LambdaMartParams::new().max_bin(1), "max_bin");
        rejects(LambdaMartParams::new().max_bin(257), "max_bin");
    }
    #[test]
    fn rejects_zero_truncation() {
        rejects(
            LambdaMartParams::new().truncation_level(0),
            "truncation_level",
        );
    }
    #[test]
    fn rejects_bad_sigmoid() {
        rejects(LambdaMartParams::new().sigmoid(0.0), "sigmoid");
    }

    #[test]
    fn model_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<LambdaMart>();
        check::<LambdaMartValidParams>();
    }
}
