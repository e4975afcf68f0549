//! Fitting the classification tree with linfa and flattening it into a regression tree.

use linfa::dataset::Dataset;
use linfa::prelude::Fit;
use ndarray::{Array1, ArrayView1, ArrayView2};

use super::{TreeError, TreeValidParams};
use crate::learn::fitted::{leaf_of, RegressionTree, TreeNode};

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
    ) -> Result<RegressionTree, TreeError> {
        let classes = labels
            .iter()
            .enumerate()
            .map(|(row, &l)| {
                if l >= 0.0 && l.fract() == 0.0 && l < 1e6 {
                    Ok(l as usize)
                } else {
                    Err(TreeError::NotAClass { row, label: l })
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
        let mut tree = RegressionTree::from_nodes(nodes, z.ncols())?;
        tree.count_cover(z);
        Ok(tree)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::testing::graded_rows;
    use crate::learn::TreeParams;
    use linfa::ParamGuard;

    #[test]
    fn tree_leaves_score_mean_labels_and_route_like_linfa() {
        let (x, y) = graded_rows();
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
}
