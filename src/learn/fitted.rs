//! What the learners fit, shared between them and the model files: linear models, RBF kernel
//! models and regression trees, all on standardized features.

use ndarray::ArrayView1;
use serde::{Deserialize, Serialize};

/// A model linear in the standardized features: `score = intercept + Σ weights_i · z_i`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinearModel {
    /// One weight per feature, in standardized units.
    pub weights: Vec<f64>,
    /// The constant term.
    pub intercept: f64,
}

impl LinearModel {
    /// The score of a row (in the units the weights are in).
    pub fn score(&self, x: &[f64]) -> f64 {
        linear_score(&self.weights, self.intercept, x)
    }
}

/// `intercept + Σ weights_i · x_i`, the products added in order: the one linear sum, for
/// models of any width and for shiprank's strategy weights alike.
pub fn linear_score(weights: &[f64], intercept: f64, x: &[f64]) -> f64 {
    intercept + weights.iter().zip(x).map(|(w, x)| w * x).sum::<f64>()
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

/// A regression tree that is not well formed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("malformed model: tree {tree}, node {node}: {reason}")]
#[non_exhaustive]
pub struct MalformedTree {
    /// Tree index (in its ensemble; 0 for a tree on its own).
    pub tree: usize,
    /// Node index within the tree.
    pub node: usize,
    /// What is wrong.
    pub reason: String,
}

/// A regression tree; node 0 is the root and children come after parents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegressionTree {
    nodes: Vec<TreeNode>,
    /// Training rows that reached each node (LightGBM's `internal_count`/`leaf_count`), what
    /// [TreeSHAP](super::tree_shap) weighs paths by; empty in model files from before it was
    /// kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    cover: Vec<f64>,
}

impl RegressionTree {
    /// A tree from its nodes, root first, checked: every split names a feature below
    /// `n_features` and a threshold that is a number, every child comes after its parent and
    /// inside the tree, every leaf value is finite.
    ///
    /// # Errors
    ///
    /// [`MalformedTree`] (with tree 0) naming the first bad node.
    pub fn from_nodes(
        nodes: Vec<TreeNode>,
        n_features: usize,
    ) -> Result<RegressionTree, MalformedTree> {
        let tree = RegressionTree {
            nodes,
            cover: Vec::new(),
        };
        tree.check(0, n_features)?;
        Ok(tree)
    }

    /// The tree with the training rows that reached each node (one per node, not negative),
    /// which [`RegressionTree::shap`] needs.
    ///
    /// # Errors
    /// [`MalformedTree`] when there is not one finite, non-negative cover per node.
    pub fn with_cover(mut self, cover: Vec<f64>) -> Result<RegressionTree, MalformedTree> {
        self.cover = cover;
        self.check_cover(0)?;
        Ok(self)
    }

    /// A tree from nodes a learner has just grown, with the rows that reached each node (well
    /// formed by construction).
    pub(super) fn grown(nodes: Vec<TreeNode>, cover: Vec<f64>) -> RegressionTree {
        debug_assert_eq!(nodes.len(), cover.len());
        RegressionTree { nodes, cover }
    }

    /// The nodes, root first.
    pub fn nodes(&self) -> &[TreeNode] {
        &self.nodes
    }

    /// Training rows that reached each node; empty when the model file did not keep them.
    pub fn cover(&self) -> &[f64] {
        &self.cover
    }

    /// Adds the tree's exact SHAP values for row `x` to `phi` and returns the tree's expected
    /// value (path-dependent TreeSHAP, as LightGBM's `pred_contrib`); `None` (and `phi`
    /// unchanged) when the tree keeps no covers.
    pub fn shap(&self, x: &[f64], phi: &mut [f64]) -> Option<f64> {
        (!self.cover.is_empty()).then(|| super::tree_shap(&self.nodes, &self.cover, x, phi))
    }

    /// Covers from routing `rows` (n_rows, n_features) through the tree: for a tree whose
    /// learner did not count them.
    pub(super) fn count_cover(&mut self, rows: ndarray::ArrayView2<'_, f64>) {
        let mut cover = vec![0.0; self.nodes.len()];
        for row in rows.rows() {
            let mut i = 0;
            cover[i] += 1.0;
            while let Some(next) = child(&self.nodes[i], row) {
                i = next;
                cover[i] += 1.0;
            }
        }
        self.cover = cover;
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
        match &self.nodes[leaf_of(&self.nodes, row)] {
            TreeNode::Leaf { value } => *value,
            TreeNode::Split { .. } => unreachable!("leaf_of stops at a leaf"),
        }
    }

    /// Checks the tree as [`from_nodes`](Self::from_nodes) does; `index` is its place in an
    /// ensemble.
    pub(super) fn check(&self, index: usize, n_features: usize) -> Result<(), MalformedTree> {
        let bad = |node: usize, reason: String| {
            Err(MalformedTree {
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
        self.check_cover(index)
    }

    /// Checks the covers: none, or one finite, non-negative number per node.
    fn check_cover(&self, index: usize) -> Result<(), MalformedTree> {
        if self.cover.is_empty() {
            return Ok(());
        }
        let reason = if self.cover.len() != self.nodes.len() {
            format!("{} covers for {} nodes", self.cover.len(), self.nodes.len())
        } else if let Some(c) = self.cover.iter().find(|c| !(c.is_finite() && **c >= 0.0)) {
            format!("cover {c} is not a count")
        } else {
            return Ok(());
        };
        Err(MalformedTree {
            tree: index,
            node: 0,
            reason,
        })
    }
}

/// The index of the leaf a row reaches, walking from the root of `nodes`.
pub(super) fn leaf_of(nodes: &[TreeNode], row: ArrayView1<'_, f64>) -> usize {
    let mut i = 0;
    while let Some(next) = child(&nodes[i], row) {
        i = next;
    }
    i
}

/// The child a row goes to from `node` (`x <= threshold` left, otherwise and NaN right);
/// `None` at a leaf.
fn child(node: &TreeNode, row: ArrayView1<'_, f64>) -> Option<usize> {
    match node {
        TreeNode::Leaf { .. } => None,
        TreeNode::Split {
            feature,
            threshold,
            left,
            right,
            ..
        } => Some(if row[*feature] <= *threshold {
            *left
        } else {
            *right
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

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

    #[test]
    fn trees_route_rows_and_refuse_bad_nodes() {
        let split = |feature, left, right| TreeNode::Split {
            feature,
            threshold: 0.5,
            gain: 1.0,
            left,
            right,
        };
        let leaf = |value| TreeNode::Leaf { value };
        let tree = RegressionTree::from_nodes(vec![split(1, 1, 2), leaf(-1.0), leaf(2.0)], 2);
        let tree = tree.unwrap();
        assert_eq!(tree.n_leaves(), 2);
        assert_eq!(tree.predict_row(array![9.0, 0.5].view()), -1.0);
        assert_eq!(tree.predict_row(array![0.0, f64::NAN].view()), 2.0);
        let err = RegressionTree::from_nodes(vec![split(2, 1, 2), leaf(0.0), leaf(0.0)], 2);
        assert_eq!(
            err.unwrap_err().to_string(),
            "malformed model: tree 0, node 0: feature 2 >= n_features 2"
        );
        let err = RegressionTree::from_nodes(vec![split(0, 0, 1), leaf(0.0)], 2).unwrap_err();
        assert_eq!(err.reason, "child 0 must be after the node and < 2");
        assert!(RegressionTree::from_nodes(vec![leaf(f64::NAN)], 1).is_err());
        assert!(RegressionTree::from_nodes(Vec::new(), 1).is_err());
    }
}
