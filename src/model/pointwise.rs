//! Pointwise learners from linfa: each row is scored on its own, ignoring the query it is in.
//!
//! * `logistic` (linfa-logistic): a label at or above `relevant_from` is a positive example;
//!   the score is the log-odds `w · z + b`.
//! * `svm` (linfa-svm): ε-support-vector regression on the graded label; the score is the
//!   regression output, linear (`w · z + b`) or with a Gaussian (RBF) kernel.
//! * `tree` (linfa-trees): a classification tree (Gini) on the grades; each leaf scores the mean
//!   training label of the rows that reach it, so leaves of the same class still rank apart.
//!
//! All three see standardized features `z` (see [`Scaling`](super::Scaling)).

use linfa::dataset::Dataset;
use linfa::prelude::{Fit, ParamGuard};
use ndarray::{Array1, ArrayView1, ArrayView2, Axis};
use serde::{Deserialize, Serialize};

use super::error::ModelError;
use crate::ltr::params::{
    at_least_one, at_least_two, finite_non_negative, finite_positive, require, OutOfRange,
};
use crate::ltr::{RegressionTree, TreeNode};

/// A model linear in the standardized features: `score = intercept + Σ weights_i · z_i`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinearModel {
    /// One weight per feature, in standardized units.
    pub weights: Vec<f64>,
    /// The constant term.
    pub intercept: f64,
}

/// An RBF-kernel regression: `score = Σ_i coefficients_i · exp(−‖sv_i − z‖² / width) − rho`
/// with `width = 1 / gamma`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KernelModel {
    /// The kernel's `gamma` (> 0).
    pub gamma: f64,
    /// The support vectors, in standardized units.
    pub support_vectors: Vec<Vec<f64>>,
    /// One coefficient per support vector.
    pub coefficients: Vec<f64>,
    /// The offset subtracted from the kernel sum.
    pub rho: f64,
}

impl KernelModel {
    /// The score of a standardized row.
    pub fn score(&self, z: &[f64]) -> f64 {
        let width = 1.0 / self.gamma;
        let sum: f64 = self
            .support_vectors
            .iter()
            .zip(&self.coefficients)
            .map(|(sv, c)| {
                let d2: f64 = sv.iter().zip(z).map(|(a, b)| (a - b) * (a - b)).sum();
                (-d2 / width).exp() * c
            })
            .sum();
        sum - self.rho
    }

    /// Checks the shapes against `n_features` and that every number is finite.
    pub(crate) fn check(&self, n_features: usize) -> Result<(), String> {
        if !(self.gamma.is_finite() && self.gamma > 0.0) {
            return Err(format!("gamma {} is not a positive number", self.gamma));
        }
        if self.support_vectors.len() != self.coefficients.len() {
            return Err(format!(
                "{} support vectors but {} coefficients",
                self.support_vectors.len(),
                self.coefficients.len()
            ));
        }
        if let Some(i) = self
            .support_vectors
            .iter()
            .position(|v| v.len() != n_features)
        {
            return Err(format!(
                "support vector {i} does not have {n_features} values"
            ));
        }
        let numbers = self
            .support_vectors
            .iter()
            .flatten()
            .chain(&self.coefficients);
        if !numbers.chain([&self.rho]).all(|v| v.is_finite()) {
            return Err("a support vector, coefficient or rho is not finite".into());
        }
        Ok(())
    }
}

/// Reports an out-of-range hyper-parameter of `algorithm`.
fn invalid(algorithm: &'static str) -> impl Fn(OutOfRange) -> ModelError {
    move |e| ModelError::InvalidParam {
        algorithm,
        name: e.name.to_string(),
        value: e.value,
        expected: e.expected.to_string(),
    }
}

// --- logistic -----------------------------------------------------------------------------

/// Checked `logistic` hyper-parameters (see [`LogisticParams`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogisticValidParams {
    alpha: f64,
    max_iterations: u64,
    gradient_tolerance: f64,
    relevant_from: f64,
}

/// `logistic` hyper-parameters with consuming setters. Defaults: L2 weight `alpha` 1.0, 100
/// L-BFGS iterations, gradient tolerance 1e-4, labels from 1 (screened) relevant.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct LogisticParams(LogisticValidParams);

impl Default for LogisticParams {
    fn default() -> Self {
        LogisticParams::new()
    }
}

impl LogisticParams {
    /// The documented defaults.
    pub fn new() -> LogisticParams {
        LogisticParams(LogisticValidParams {
            alpha: 1.0,
            max_iterations: 100,
            gradient_tolerance: 1e-4,
            relevant_from: 1.0,
        })
    }

    /// L2 weight (linfa's `alpha`), finite and `>= 0`. Default 1.0.
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.0.alpha = alpha;
        self
    }

    /// Maximum L-BFGS iterations, `>= 1`. Default 100.
    pub fn max_iterations(mut self, max_iterations: u64) -> Self {
        self.0.max_iterations = max_iterations;
        self
    }

    /// L-BFGS gradient tolerance, finite and `> 0`. Default 1e-4.
    pub fn gradient_tolerance(mut self, gradient_tolerance: f64) -> Self {
        self.0.gradient_tolerance = gradient_tolerance;
        self
    }

    /// The lowest label counted as a positive example, finite. Default 1 (screened).
    pub fn relevant_from(mut self, relevant_from: f64) -> Self {
        self.0.relevant_from = relevant_from;
        self
    }
}

impl ParamGuard for LogisticParams {
    type Checked = LogisticValidParams;
    type Error = ModelError;

    fn check_ref(&self) -> Result<&LogisticValidParams, ModelError> {
        let p = &self.0;
        let rules = || -> Result<(), OutOfRange> {
            finite_non_negative("alpha", p.alpha)?;
            at_least_one("max_iterations", p.max_iterations)?;
            finite_positive("gradient_tolerance", p.gradient_tolerance)?;
            let threshold = p.relevant_from;
            require(
                threshold.is_finite(),
                "relevant_from",
                threshold,
                "must be finite",
            )
        };
        rules().map_err(invalid("logistic"))?;
        Ok(p)
    }

    fn check(self) -> Result<LogisticValidParams, ModelError> {
        self.check_ref()?;
        Ok(self.0)
    }
}

impl LogisticValidParams {
    /// Fits on standardized rows `z` (n_rows, n_features) and their labels.
    ///
    /// # Errors
    /// Every label is on the same side of `relevant_from`, or linfa fails.
    pub fn fit(
        &self,
        z: ArrayView2<'_, f64>,
        labels: ArrayView1<'_, f64>,
    ) -> Result<LinearModel, ModelError> {
        let targets: Array1<bool> = labels.mapv(|l| l >= self.relevant_from);
        let positives = targets.iter().filter(|&&t| t).count();
        if positives == 0 || positives == targets.len() {
            return Err(ModelError::Labels {
                algorithm: "logistic",
                reason: format!(
                    "{positives} of {} labels are >= relevant_from {}",
                    targets.len(),
                    self.relevant_from
                ),
            });
        }
        let fitted = linfa_logistic::LogisticRegression::default()
            .alpha(self.alpha)
            .max_iterations(self.max_iterations)
            .gradient_tolerance(self.gradient_tolerance)
            .fit(&Dataset::new(z.to_owned(), targets))?;
        // linfa picks which class is "positive"; orient the score so that higher is better.
        let sign = if fitted.labels().pos.class { 1.0 } else { -1.0 };
        Ok(LinearModel {
            weights: fitted.params().iter().map(|w| sign * w).collect(),
            intercept: sign * fitted.intercept(),
        })
    }
}

// --- svm ----------------------------------------------------------------------------------

/// The kernel of the `svm` learner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SvmKernel {
    /// `⟨a, b⟩`: the model is linear in the features.
    Linear,
    /// `exp(−gamma ‖a − b‖²)`.
    Rbf,
}

/// Checked `svm` hyper-parameters (see [`SvmParams`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SvmValidParams {
    kernel: SvmKernel,
    c: f64,
    epsilon: f64,
    gamma: Option<f64>,
    tolerance: f64,
    max_rows: usize,
    seed: u64,
}

/// `svm` hyper-parameters with consuming setters. Defaults: RBF kernel with `gamma` =
/// 1 / n_features (scikit-learn's `"scale"` for standardized features), C 1.0, ε-tube 0.1,
/// solver tolerance 1e-3, at most 4,000 training rows (a seeded sample beyond that: the kernel
/// matrix grows with the square of the rows), seed 0.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct SvmParams(SvmValidParams);

impl Default for SvmParams {
    fn default() -> Self {
        SvmParams::new()
    }
}

impl SvmParams {
    /// The documented defaults.
    pub fn new() -> SvmParams {
        SvmParams(SvmValidParams {
            kernel: SvmKernel::Rbf,
            c: 1.0,
            epsilon: 0.1,
            gamma: None,
            tolerance: 1e-3,
            max_rows: 4000,
            seed: 0,
        })
    }

    /// The kernel. Default RBF.
    pub fn kernel(mut self, kernel: SvmKernel) -> Self {
        self.0.kernel = kernel;
        self
    }

    /// The penalty C of points outside the ε-tube, finite and `> 0`. Default 1.0.
    pub fn c(mut self, c: f64) -> Self {
        self.0.c = c;
        self
    }

    /// Half-width ε of the tube in which errors cost nothing, finite and `>= 0`. Default 0.1.
    pub fn epsilon(mut self, epsilon: f64) -> Self {
        self.0.epsilon = epsilon;
        self
    }

    /// RBF `gamma`, finite and `> 0`; `None` for 1 / n_features (the default).
    pub fn gamma(mut self, gamma: Option<f64>) -> Self {
        self.0.gamma = gamma;
        self
    }

    /// Solver stopping tolerance, finite and `> 0`. Default 1e-3.
    pub fn tolerance(mut self, tolerance: f64) -> Self {
        self.0.tolerance = tolerance;
        self
    }

    /// Training rows kept at most (a seeded sample beyond), `>= 2`. Default 4,000.
    pub fn max_rows(mut self, max_rows: usize) -> Self {
        self.0.max_rows = max_rows;
        self
    }

    /// Seed of the row sample. Default 0.
    pub fn seed(mut self, seed: u64) -> Self {
        self.0.seed = seed;
        self
    }
}

impl ParamGuard for SvmParams {
    type Checked = SvmValidParams;
    type Error = ModelError;

    fn check_ref(&self) -> Result<&SvmValidParams, ModelError> {
        let p = &self.0;
        let rules = || -> Result<(), OutOfRange> {
            finite_positive("c", p.c)?;
            finite_non_negative("epsilon", p.epsilon)?;
            if let Some(gamma) = p.gamma {
                finite_positive("gamma", gamma)?;
            }
            finite_positive("tolerance", p.tolerance)?;
            at_least_two("max_rows", p.max_rows)
        };
        rules().map_err(invalid("svm"))?;
        Ok(p)
    }

    fn check(self) -> Result<SvmValidParams, ModelError> {
        self.check_ref()?;
        Ok(self.0)
    }
}

/// A fitted `svm`: linear or kernel.
#[derive(Clone, Debug, PartialEq)]
pub enum SvmModel {
    /// Linear kernel.
    Linear(LinearModel),
    /// RBF kernel.
    Kernel(KernelModel),
}

impl SvmValidParams {
    /// The kernel.
    pub fn kernel_kind(&self) -> SvmKernel {
        self.kernel
    }

    /// Fits an ε-SVR on standardized rows `z` (n_rows, n_features) and their labels.
    ///
    /// # Errors
    /// linfa fails.
    pub fn fit(
        &self,
        z: ArrayView2<'_, f64>,
        labels: ArrayView1<'_, f64>,
    ) -> Result<SvmModel, ModelError> {
        let rows = sample_rows(z.nrows(), self.max_rows, self.seed);
        let x = z.select(Axis(0), &rows);
        let y = labels.select(Axis(0), &rows);
        let n_features = x.ncols();
        let gamma = self.gamma.unwrap_or(1.0 / n_features.max(1) as f64);
        let params = linfa_svm::Svm::<f64, f64>::params()
            .c_svr(self.c, Some(self.epsilon))
            .eps(self.tolerance)
            .shrinking(false); // linfa-svm 0.8.1 overflows in `do_shrinking`
        let params = match self.kernel {
            SvmKernel::Linear => params.linear_kernel(),
            SvmKernel::Rbf => params.gaussian_kernel(1.0 / gamma),
        };
        let svm = params.fit(&Dataset::new(x.clone(), y))?;
        Ok(match self.kernel {
            SvmKernel::Linear => {
                // The separating hyperplane, read back through linfa's own arithmetic.
                let weights = (0..n_features)
                    .map(|j| {
                        let mut unit = Array1::zeros(n_features);
                        unit[j] = 1.0;
                        svm.weighted_sum(&unit)
                    })
                    .collect();
                SvmModel::Linear(LinearModel {
                    weights,
                    intercept: -svm.rho,
                })
            }
            SvmKernel::Rbf => {
                // linfa keeps the rows whose coefficient is not negligible, with that test.
                let keep = |a: &f64| a.abs() > 100.0 * f64::EPSILON;
                let support: Vec<usize> = (0..svm.alpha.len())
                    .filter(|&i| keep(&svm.alpha[i]))
                    .collect();
                SvmModel::Kernel(KernelModel {
                    gamma,
                    support_vectors: support.iter().map(|&i| x.row(i).to_vec()).collect(),
                    coefficients: support.iter().map(|&i| svm.alpha[i]).collect(),
                    rho: svm.rho,
                })
            }
        })
    }
}

/// At most `max` row indices out of `n`, a seeded uniform sample in increasing order.
fn sample_rows(n: usize, max: usize, seed: u64) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..n).collect();
    if n > max {
        let mut rng = crate::generate::Rng::new(seed);
        for k in 0..max {
            let pick = k + rng.below(n - k);
            rows.swap(k, pick);
        }
        rows.truncate(max);
        rows.sort_unstable();
    }
    rows
}

// --- tree ---------------------------------------------------------------------------------

/// Checked `tree` hyper-parameters (see [`TreeParams`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreeValidParams {
    max_depth: Option<usize>,
    min_samples_split: usize,
    min_samples_leaf: usize,
    min_impurity_decrease: f64,
}

/// `tree` hyper-parameters with consuming setters. Defaults: depth at most 6, at least 20 rows
/// to split a node and 10 in each leaf, minimum impurity decrease 1e-5 (linfa's).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct TreeParams(TreeValidParams);

impl Default for TreeParams {
    fn default() -> Self {
        TreeParams::new()
    }
}

impl TreeParams {
    /// The documented defaults.
    pub fn new() -> TreeParams {
        TreeParams(TreeValidParams {
            max_depth: Some(6),
            min_samples_split: 20,
            min_samples_leaf: 10,
            min_impurity_decrease: 1e-5,
        })
    }

    /// Maximum depth, `>= 1`; `None` for no limit. Default 6.
    pub fn max_depth(mut self, max_depth: Option<usize>) -> Self {
        self.0.max_depth = max_depth;
        self
    }

    /// Fewest rows a node needs to be split, `>= 2`. Default 20.
    pub fn min_samples_split(mut self, min_samples_split: usize) -> Self {
        self.0.min_samples_split = min_samples_split;
        self
    }

    /// Fewest rows in a leaf, `>= 1`. Default 10.
    pub fn min_samples_leaf(mut self, min_samples_leaf: usize) -> Self {
        self.0.min_samples_leaf = min_samples_leaf;
        self
    }

    /// Smallest impurity decrease worth a split, finite and `> 0`. Default 1e-5.
    pub fn min_impurity_decrease(mut self, min_impurity_decrease: f64) -> Self {
        self.0.min_impurity_decrease = min_impurity_decrease;
        self
    }
}

impl ParamGuard for TreeParams {
    type Checked = TreeValidParams;
    type Error = ModelError;

    fn check_ref(&self) -> Result<&TreeValidParams, ModelError> {
        let p = &self.0;
        let rules = || -> Result<(), OutOfRange> {
            let depth_ok = p.max_depth != Some(0);
            require(depth_ok, "max_depth", 0, "must be >= 1 (or none)")?;
            at_least_two("min_samples_split", p.min_samples_split)?;
            at_least_one("min_samples_leaf", p.min_samples_leaf)?;
            finite_positive("min_impurity_decrease", p.min_impurity_decrease)
        };
        rules().map_err(invalid("tree"))?;
        Ok(p)
    }

    fn check(self) -> Result<TreeValidParams, ModelError> {
        self.check_ref()?;
        Ok(self.0)
    }
}

impl TreeValidParams {
    /// Fits a classification tree on standardized rows `z` (n_rows, n_features) and their
    /// integer labels, then turns it into a [`RegressionTree`] whose leaves hold the mean
    /// training label of their rows.
    ///
    /// # Errors
    /// A label is not a non-negative integer, or linfa fails.
    pub fn fit(
        &self,
        z: ArrayView2<'_, f64>,
        labels: ArrayView1<'_, f64>,
    ) -> Result<RegressionTree, ModelError> {
        let classes = labels
            .iter()
            .enumerate()
            .map(|(row, &l)| {
                if l >= 0.0 && l.fract() == 0.0 && l < 1e6 {
                    Ok(l as usize)
                } else {
                    Err(ModelError::Labels {
                        algorithm: "tree",
                        reason: format!("row {row}: label {l} is not a non-negative integer class"),
                    })
                }
            })
            .collect::<Result<Array1<usize>, _>>()?;
        let fitted = linfa_trees::DecisionTree::<f64, usize>::params()
            .max_depth(self.max_depth)
            .min_weight_split(self.min_samples_split as f32)
            .min_weight_leaf(self.min_samples_leaf as f32)
            .min_impurity_decrease(self.min_impurity_decrease)
            .fit(&Dataset::new(z.to_owned(), classes))?;
        let mut nodes = Vec::new();
        flatten(fitted.root_node(), &mut nodes);
        // Each leaf scores the mean label of the training rows that reach it (its class when
        // none does).
        let mut sums = vec![(0.0, 0usize); nodes.len()];
        for (row, &label) in z.rows().into_iter().zip(labels) {
            let leaf = leaf_of(&nodes, row);
            sums[leaf].0 += label;
            sums[leaf].1 += 1;
        }
        for (node, (sum, n)) in nodes.iter_mut().zip(sums) {
            if let TreeNode::Leaf { value } = node {
                if n > 0 {
                    *value = sum / n as f64;
                }
            }
        }
        Ok(RegressionTree::from_nodes(nodes, z.ncols())?)
    }
}

/// Appends a linfa tree to `nodes` in pre-order (parents before children).
fn flatten(node: &linfa_trees::TreeNode<f64, usize>, nodes: &mut Vec<TreeNode>) -> usize {
    let index = nodes.len();
    if let Some(class) = node.prediction() {
        nodes.push(TreeNode::Leaf {
            value: class as f64,
        });
        return index;
    }
    let (feature, split, gain) = node.split();
    nodes.push(TreeNode::Leaf { value: 0.0 }); // replaced below, once the children are placed
    let children = node.children();
    let (Some(left), Some(right)) = (children[0].as_deref(), children[1].as_deref()) else {
        unreachable!("linfa's internal nodes have two children")
    };
    let left = flatten(left, nodes);
    let right = flatten(right, nodes);
    nodes[index] = TreeNode::Split {
        feature,
        // linfa sends `x < split` left; a RegressionTree sends `x <= threshold` left.
        threshold: previous_float(split),
        gain,
        left,
        right,
    };
    index
}

/// The largest `f64` below `x` (for finite `x`).
fn previous_float(x: f64) -> f64 {
    if x == 0.0 {
        -f64::from_bits(1)
    } else if x > 0.0 {
        f64::from_bits(x.to_bits() - 1)
    } else {
        f64::from_bits(x.to_bits() + 1)
    }
}

/// The leaf a row reaches.
fn leaf_of(nodes: &[TreeNode], row: ArrayView1<'_, f64>) -> usize {
    let mut i = 0;
    loop {
        match &nodes[i] {
            TreeNode::Leaf { .. } => return i,
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

#[cfg(test)]
mod tests {
    use super::*;
    use linfa::prelude::Predict;
    use ndarray::Array2;

    /// Rows whose label grows with feature 0 and falls with feature 1.
    fn toy() -> (Array2<f64>, Array1<f64>) {
        let mut rng = crate::generate::Rng::new(5);
        let x = Array2::from_shape_fn((120, 3), |_| rng.normal());
        let y = x
            .rows()
            .into_iter()
            .map(|r| (1.5 + r[0] - 0.5 * r[1]).clamp(0.0, 3.0).round())
            .collect();
        (x, y)
    }

    #[test]
    fn logistic_weights_point_the_right_way() {
        let (x, y) = toy();
        let m = LogisticParams::new()
            .check()
            .unwrap()
            .fit(x.view(), y.view())
            .unwrap();
        assert!(m.weights[0] > 0.0 && m.weights[1] < 0.0, "{m:?}");
        let err = LogisticParams::new()
            .relevant_from(10.0)
            .check()
            .unwrap()
            .fit(x.view(), y.view())
            .unwrap_err();
        assert!(matches!(err, ModelError::Labels { .. }), "{err}");
    }

    #[test]
    fn rbf_svm_scores_equal_linfa_predictions() {
        let (x, y) = toy();
        let p = SvmParams::new().check().unwrap();
        let SvmModel::Kernel(k) = p.fit(x.view(), y.view()).unwrap() else {
            panic!("rbf by default")
        };
        k.check(3).unwrap();
        let svm = linfa_svm::Svm::<f64, f64>::params()
            .c_svr(1.0, Some(0.1))
            .eps(1e-3)
            .shrinking(false)
            .gaussian_kernel(3.0)
            .fit(&Dataset::new(x.clone(), y.clone()))
            .unwrap();
        for row in x.rows() {
            let want = svm.predict(row);
            let got = k.score(row.as_slice().unwrap());
            assert!((got - want).abs() < 1e-9, "{got} vs {want}");
        }
    }

    #[test]
    fn linear_svm_is_a_hyperplane() {
        let (x, y) = toy();
        let p = SvmParams::new().kernel(SvmKernel::Linear).check().unwrap();
        let SvmModel::Linear(m) = p.fit(x.view(), y.view()).unwrap() else {
            panic!("linear kernel")
        };
        assert!(m.weights[0] > 0.0 && m.weights[1] < 0.0, "{m:?}");
    }

    #[test]
    fn svm_samples_rows_beyond_the_cap() {
        assert_eq!(sample_rows(5, 10, 0), [0, 1, 2, 3, 4]);
        let s = sample_rows(100, 10, 3);
        assert_eq!(s.len(), 10);
        assert!(s.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(s, sample_rows(100, 10, 3));
        assert_ne!(s, sample_rows(100, 10, 4));
    }

    #[test]
    fn tree_leaves_score_mean_labels_and_route_like_linfa() {
        let (x, y) = toy();
        let p = TreeParams::new().check().unwrap();
        let tree = p.fit(x.view(), y.view()).unwrap();
        assert!(tree.n_leaves() > 2);
        let scores: Vec<f64> = x.rows().into_iter().map(|r| tree.predict_row(r)).collect();
        let corr = scores
            .iter()
            .zip(&y)
            .filter(|(s, l)| (**s - **l).abs() < 1.0)
            .count();
        assert!(corr > 90, "{corr} of 120 within one grade");
        assert_eq!(previous_float(1.0), 1.0 - f64::EPSILON / 2.0);
        assert!(previous_float(-1.0) < -1.0 && previous_float(0.0) < 0.0);
        let err = p.fit(x.view(), (&y * 0.5).view()).unwrap_err();
        assert!(
            err.to_string().contains("not a non-negative integer"),
            "{err}"
        );
    }

    fn rejects<P: ParamGuard<Error = ModelError>>(p: P, name: &str) {
        match p.check() {
            Err(ModelError::InvalidParam { name: n, .. }) => assert_eq!(n, name),
            Err(other) => panic!("expected {name} to be rejected, got {other}"),
            Ok(_) => panic!("expected {name} to be rejected"),
        }
    }

    #[test]
    fn defaults_are_valid() {
        assert!(LogisticParams::default().check().is_ok());
        assert!(SvmParams::default().check().is_ok());
        assert!(TreeParams::default().check().is_ok());
    }

    #[test]
    fn logistic_rejects_bad_alpha() {
        rejects(LogisticParams::new().alpha(-1.0), "alpha");
    }

    #[test]
    fn logistic_rejects_zero_iterations() {
        rejects(LogisticParams::new().max_iterations(0), "max_iterations");
    }

    #[test]
    fn logistic_rejects_bad_tolerance() {
        rejects(
            LogisticParams::new().gradient_tolerance(0.0),
            "gradient_tolerance",
        );
    }

    #[test]
    fn logistic_rejects_non_finite_threshold() {
        rejects(
            LogisticParams::new().relevant_from(f64::NAN),
            "relevant_from",
        );
    }

    #[test]
    fn svm_rejects_bad_c() {
        rejects(SvmParams::new().c(0.0), "c");
    }

    #[test]
    fn svm_rejects_bad_epsilon() {
        rejects(SvmParams::new().epsilon(-0.1), "epsilon");
    }

    #[test]
    fn svm_rejects_bad_gamma() {
        rejects(SvmParams::new().gamma(Some(0.0)), "gamma");
    }

    #[test]
    fn svm_rejects_bad_tolerance() {
        rejects(SvmParams::new().tolerance(f64::INFINITY), "tolerance");
    }

    #[test]
    fn svm_rejects_tiny_row_cap() {
        rejects(SvmParams::new().max_rows(1), "max_rows");
    }

    #[test]
    fn tree_rejects_zero_depth() {
        rejects(TreeParams::new().max_depth(Some(0)), "max_depth");
    }

    #[test]
    fn tree_rejects_small_split() {
        rejects(TreeParams::new().min_samples_split(1), "min_samples_split");
    }

    #[test]
    fn tree_rejects_empty_leaves() {
        rejects(TreeParams::new().min_samples_leaf(0), "min_samples_leaf");
    }

    #[test]
    fn tree_rejects_zero_impurity_decrease() {
        rejects(
            TreeParams::new().min_impurity_decrease(0.0),
            "min_impurity_decrease",
        );
    }

    #[test]
    fn kernel_model_checks_shapes() {
        let k = KernelModel {
            gamma: 1.0,
            support_vectors: vec![vec![0.0, 1.0]],
            coefficients: vec![0.5],
            rho: 0.1,
        };
        assert!(k.check(2).is_ok());
        assert!(k.check(3).is_err());
        assert!((k.score(&[0.0, 1.0]) - 0.4).abs() < 1e-15);
    }
}
