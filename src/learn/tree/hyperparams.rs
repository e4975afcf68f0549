//! `tree` hyper-parameters: unchecked with consuming setters, and checked.

use linfa::ParamGuard;
use serde::{Deserialize, Serialize};

use super::TreeError;
use crate::learn::params::{at_least_one, at_least_two, finite_positive, require};

/// Checked `tree` hyper-parameters (see [`TreeParams`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreeValidParams {
    pub(super) max_depth: Option<usize>,
    pub(super) min_samples_split: usize,
    pub(super) min_samples_leaf: usize,
    pub(super) min_impurity_decrease: f64,
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
    type Error = TreeError;

    fn check_ref(&self) -> Result<&TreeValidParams, TreeError> {
        let p = &self.0;
        let depth_ok = p.max_depth != Some(0);
        require(depth_ok, "max_depth", 0, "must be >= 1 (or none)")?;
        at_least_two("min_samples_split", p.min_samples_split)?;
        at_least_one("min_samples_leaf", p.min_samples_leaf)?;
        finite_positive("min_impurity_decrease", p.min_impurity_decrease)?;
        Ok(p)
    }

    fn check(self) -> Result<TreeValidParams, TreeError> {
        self.check_ref()?;
        Ok(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::testing::assert_rejects;

    #[test]
    fn defaults_are_valid() {
        assert!(TreeParams::default().check().is_ok());
    }

    #[test]
    fn tree_rejects_zero_depth() {
        assert_rejects(TreeParams::new().max_depth(Some(0)), "max_depth");
    }

    #[test]
    fn tree_rejects_small_split() {
        assert_rejects(TreeParams::new().min_samples_split(1), "min_samples_split");
    }

    #[test]
    fn tree_rejects_empty_leaves() {
        assert_rejects(TreeParams::new().min_samples_leaf(0), "min_samples_leaf");
    }

    #[test]
    fn tree_rejects_zero_impurity_decrease() {
        assert_rejects(
            TreeParams::new().min_impurity_decrease(0.0),
            "min_impurity_decrease",
        );
    }
}
