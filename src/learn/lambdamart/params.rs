//! LambdaMART hyper-parameters: unchecked with consuming setters, and checked.

use linfa::ParamGuard;
use serde::{Deserialize, Serialize};

use super::LambdaMartError;
use crate::learn::params::{
    at_least_one, at_least_two, finite_non_negative, finite_positive, require,
};

/// Checked LambdaMART hyper-parameters; obtained from [`LambdaMartParams`]
/// through [`ParamGuard`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LambdaMartValidParams {
    pub(super) n_trees: usize,
    pub(super) learning_rate: f64,
    pub(super) num_leaves: usize,
    pub(super) max_depth: Option<usize>,
    pub(super) min_data_in_leaf: usize,
    pub(super) min_sum_hessian_in_leaf: f64,
    pub(super) min_gain_to_split: f64,
    /// Absent from model files written before it existed: 0, what they were trained with.
    #[serde(default)]
    pub(super) lambda_l1: f64,
    pub(super) lambda_l2: f64,
    pub(super) bagging_fraction: f64,
    /// Absent from model files written before it existed: 1, they bagged every round.
    #[serde(default = "every_round")]
    pub(super) bagging_freq: usize,
    /// Absent from model files written before it existed: 1, all features.
    #[serde(default = "all_features")]
    pub(super) feature_fraction: f64,
    pub(super) max_bin: usize,
    pub(super) truncation_level: usize,
    pub(super) sigmoid: f64,
    pub(super) normalize: bool,
    pub(super) seed: u64,
}

fn every_round() -> usize {
    1
}

fn all_features() -> f64 {
    1.0
}

/// Unchecked LambdaMART hyper-parameters with consuming setters. Defaults
/// are LightGBM's `lambdarank` defaults: 100 trees, learning rate 0.1, 31
/// leaves, no depth limit, `min_data_in_leaf` 20, `min_sum_hessian_in_leaf`
/// 1e-3, `min_gain_to_split` 0, `lambda_l1` and `lambda_l2` 0, no bagging
/// (fraction 1, frequency 0), all features, 255 bins, truncation level 30,
/// sigmoid 1.0, normalisation on, seed 0.
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
            min_data_in_leaf: 20,
            min_sum_hessian_in_leaf: 1e-3,
            min_gain_to_split: 0.0,
            lambda_l1: 0.0,
            lambda_l2: 0.0,
            bagging_fraction: 1.0,
            bagging_freq: 0,
            feature_fraction: 1.0,
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

    /// Minimum bagged rows in each child of a split, `>= 1`. Default 20.
    pub fn min_data_in_leaf(mut self, min_data_in_leaf: usize) -> Self {
        self.0.min_data_in_leaf = min_data_in_leaf;
        self
    }

    /// Minimum hessian sum in each child of a split, finite and `>= 0`.
    /// Default 1e-3.
    pub fn min_sum_hessian_in_leaf(mut self, min_sum_hessian_in_leaf: f64) -> Self {
        self.0.min_sum_hessian_in_leaf = min_sum_hessian_in_leaf;
        self
    }

    /// Minimum gain for a split, finite and `>= 0`. Default 0.
    pub fn min_gain_to_split(mut self, min_gain_to_split: f64) -> Self {
        self.0.min_gain_to_split = min_gain_to_split;
        self
    }

    /// L1 regularisation of leaf values (gradient sums shrink towards 0 by it), finite and
    /// `>= 0`. Default 0.
    pub fn lambda_l1(mut self, lambda_l1: f64) -> Self {
        self.0.lambda_l1 = lambda_l1;
        self
    }

    /// L2 regularisation λ of leaf values, finite and `>= 0`. Default 0.
    pub fn lambda_l2(mut self, lambda_l2: f64) -> Self {
        self.0.lambda_l2 = lambda_l2;
        self
    }

    /// Fraction of rows drawn (each row independently) when bagging, in
    /// `(0, 1]`; 1 disables bagging. Default 1.
    pub fn bagging_fraction(mut self, bagging_fraction: f64) -> Self {
        self.0.bagging_fraction = bagging_fraction;
        self
    }

    /// Draw a new bag every this many rounds; 0 disables bagging (LightGBM's
    /// `bagging_freq`). Default 0.
    pub fn bagging_freq(mut self, bagging_freq: usize) -> Self {
        self.0.bagging_freq = bagging_freq;
        self
    }

    /// Fraction of the features each tree may split on, drawn anew for every
    /// tree, in `(0, 1]`. Default 1.
    pub fn feature_fraction(mut self, feature_fraction: f64) -> Self {
        self.0.feature_fraction = feature_fraction;
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
        finite_non_negative("lambda_l1", p.lambda_l1)?;
        finite_non_negative("lambda_l2", p.lambda_l2)?;
        let features_ok = p.feature_fraction > 0.0 && p.feature_fraction <= 1.0;
        require(
            features_ok,
            "feature_fraction",
            p.feature_fraction,
            "must be in (0, 1]",
        )?;
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
    /// L1 regularisation.
    pub fn lambda_l1(&self) -> f64 {
        self.lambda_l1
    }
    /// Rounds between bags (0: no bagging).
    pub fn bagging_freq(&self) -> usize {
        self.bagging_freq
    }
    /// Fraction of features per tree.
    pub fn feature_fraction(&self) -> f64 {
        self.feature_fraction
    }
    /// Whether rows are bagged at all.
    pub(super) fn bags(&self) -> bool {
        self.bagging_freq > 0 && self.bagging_fraction < 1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            (100, 31, 20, 255)
        );
        assert_eq!(
            (
                p.learning_rate(),
                p.min_sum_hessian_in_leaf(),
                p.bagging_fraction()
            ),
            (0.1, 1e-3, 1.0)
        );
        assert_eq!(
            (p.bagging_freq(), p.feature_fraction(), p.lambda_l1()),
            (0, 1.0, 0.0)
        );
        assert!(!p.bags());
    }

    #[test]
    fn model_files_from_before_the_lightgbm_defaults_keep_their_bagging() {
        let mut json = serde_json::to_value(LambdaMartParams::new().check().unwrap()).unwrap();
        let fields = json.as_object_mut().unwrap();
        for new in ["lambda_l1", "bagging_freq", "feature_fraction"] {
            fields.remove(new).unwrap();
        }
        fields.insert("bagging_fraction".into(), 0.9.into());
        let old: LambdaMartParams = serde_json::from_value(json).unwrap();
        let old = old.check().unwrap();
        assert_eq!((old.bagging_freq(), old.feature_fraction()), (1, 1.0));
        assert!(old.bags());
    }

    #[test]
    fn rejects_bad_feature_fraction_and_l1() {
        rejects(
            LambdaMartParams::new().feature_fraction(0.0),
            "feature_fraction",
        );
        rejects(
            LambdaMartParams::new().feature_fraction(1.5),
            "feature_fraction",
        );
        rejects(LambdaMartParams::new().lambda_l1(-1.0), "lambda_l1");
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
}
