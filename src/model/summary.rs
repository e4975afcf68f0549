//! What `shiprank model show` prints: a model's parameters, training record, shape and the
//! features it leans on.

use serde::Serialize;

use super::{Model, TrainingInfo};
use crate::learn::{Learned, RegressionTree, TreeNode, ValidParams};

/// A model file summarized for people and scripts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ModelSummary {
    /// The algorithm's name (`lambdamart`, `pairwise`...).
    pub algorithm: String,
    /// The hyper-parameters it was trained with, as the file stores them.
    pub params: ValidParams,
    /// How many features it reads.
    pub n_features: usize,
    /// The training record: data hash, date, rows, queries, metrics, cross-validation.
    pub training: TrainingInfo,
    /// For tree models: how many trees, leaves and the deepest leaf.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trees: Option<TreeShape>,
    /// For a linear model: its intercept in raw feature units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intercept: Option<f64>,
    /// One entry per feature, most important first (by gain for trees, by |weight × std| for
    /// linear models, in model order otherwise).
    pub features: Vec<FeatureImportance>,
}

/// The size of a tree model.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TreeShape {
    /// Number of trees.
    pub trees: usize,
    /// Leaves over all trees.
    pub leaves: usize,
    /// The deepest leaf (the root is depth 0).
    pub max_depth: usize,
}

/// How much a model uses one feature.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FeatureImportance {
    /// The feature's name.
    pub feature: String,
    /// Trees: the training gain of every split on it, summed (LightGBM's `gain` importance).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gain: Option<f64>,
    /// Trees: how many splits use it (LightGBM's `split` importance).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub splits: Option<usize>,
    /// Linear models: the weight in raw feature units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    /// Linear models: the weight in standardized units (the score's change per standard
    /// deviation of the feature).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub standardized_weight: Option<f64>,
}

impl Model {
    /// The model summarized: parameters, training record, shape and feature importance.
    pub fn summary(&self) -> ModelSummary {
        let names = self.features();
        let trees: &[RegressionTree] = match self.learned() {
            Learned::Tree(t) => std::slice::from_ref(t),
            Learned::Boosted(b) => b.trees(),
            Learned::Linear(_) | Learned::Kernel(_) => &[],
        };
        let mut features: Vec<FeatureImportance> = names
            .iter()
            .map(|name| FeatureImportance {
                feature: name.clone(),
                gain: None,
                splits: None,
                weight: None,
                standardized_weight: None,
            })
            .collect();
        let mut shape = None;
        if !trees.is_empty() {
            let mut gain = vec![0.0; names.len()];
            let mut splits = vec![0usize; names.len()];
            for node in trees.iter().flat_map(RegressionTree::nodes) {
                if let TreeNode::Split {
                    feature, gain: g, ..
                } = node
                {
                    gain[*feature] += g;
                    splits[*feature] += 1;
                }
            }
            for (f, entry) in features.iter_mut().enumerate() {
                entry.gain = Some(gain[f]);
                entry.splits = Some(splits[f]);
            }
            features.sort_by(|a, b| b.gain.unwrap_or(0.0).total_cmp(&a.gain.unwrap_or(0.0)));
            shape = Some(TreeShape {
                trees: trees.len(),
                leaves: trees.iter().map(RegressionTree::n_leaves).sum(),
                max_depth: trees.iter().map(depth).max().unwrap_or(0),
            });
        }
        let mut intercept = None;
        if let (Some(raw), Learned::Linear(z)) = (self.raw_linear(), self.learned()) {
            for (f, entry) in features.iter_mut().enumerate() {
                entry.weight = Some(raw.weights[f]);
                entry.standardized_weight = Some(z.weights[f]);
            }
            let size = |e: &FeatureImportance| e.standardized_weight.unwrap_or(0.0).abs();
            features.sort_by(|a, b| size(b).total_cmp(&size(a)));
            intercept = Some(raw.intercept);
        }
        ModelSummary {
            algorithm: self.algorithm().to_string(),
            params: self.params().clone(),
            n_features: names.len(),
            training: self.training().clone(),
            trees: shape,
            intercept,
            features,
        }
    }
}

/// The depth of a tree's deepest leaf.
fn depth(tree: &RegressionTree) -> usize {
    let nodes = tree.nodes();
    let mut depth = vec![0; nodes.len()];
    for (i, node) in nodes.iter().enumerate() {
        if let TreeNode::Split { left, right, .. } = node {
            depth[*left] = depth[i] + 1;
            depth[*right] = depth[i] + 1;
        }
    }
    depth.into_iter().max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::linear_model;

    #[test]
    fn a_linear_model_lists_its_weights_largest_first() {
        let names: Vec<String> = (1..=5).map(|i| format!("f{i}")).collect();
        let model = linear_model(names);
        let s = model.summary();
        assert_eq!(s.n_features, 5);
        assert!(s.trees.is_none() && s.intercept.is_some());
        let sizes: Vec<f64> = s
            .features
            .iter()
            .map(|f| f.standardized_weight.unwrap().abs())
            .collect();
        assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
        let raw = model.raw_linear().unwrap();
        for f in &s.features {
            let i = model
                .features()
                .iter()
                .position(|n| *n == f.feature)
                .unwrap();
            assert_eq!(f.weight, Some(raw.weights[i]));
        }
    }

    #[test]
    fn depth_counts_from_the_root() {
        let leaf = |value| TreeNode::Leaf { value };
        let split = |left, right| TreeNode::Split {
            feature: 0,
            threshold: 0.5,
            gain: 1.0,
            left,
            right,
        };
        let tree = RegressionTree::from_nodes(
            vec![split(1, 2), leaf(0.0), split(3, 4), leaf(1.0), leaf(2.0)],
            1,
        )
        .unwrap();
        assert_eq!(depth(&tree), 2);
        let one = RegressionTree::from_nodes(vec![leaf(0.0)], 1).unwrap();
        assert_eq!(depth(&one), 0);
    }
}
