//! Pairwise hyper-parameters: unchecked with consuming setters, and checked.

use linfa::ParamGuard;
use serde::{Deserialize, Serialize};

use super::PairwiseError;
use crate::learn::params::{at_least_one, finite_non_negative, finite_positive};

/// Checked pairwise hyper-parameters; obtained from [`PairwiseParams`]
/// through [`ParamGuard`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairwiseValidParams {
    max_pairs_per_query: usize,
    alpha: f64,
    max_iterations: u64,
    gradient_tolerance: f64,
    standardize: bool,
    seed: u64,
}

/// Unchecked pairwise hyper-parameters with consuming setters. Defaults:
/// at most 1000 pairs per query, L2 weight `alpha` 1.0, 100 L-BFGS
/// iterations, gradient tolerance 1e-4, standardisation on, seed 0.
///
/// Deserializes from the fields of [`PairwiseValidParams`] (as a model file stores them), so
/// that parameters read from a file are checked like any others.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct PairwiseParams(PairwiseValidParams);

impl Default for PairwiseParams {
    fn default() -> Self {
        Self::new()
    }
}

impl PairwiseParams {
    /// Parameters with the documented defaults.
    pub fn new() -> Self {
        PairwiseParams(PairwiseValidParams {
            max_pairs_per_query: 1000,
            alpha: 1.0,
            max_iterations: 100,
            gradient_tolerance: 1e-4,
            standardize: true,
            seed: 0,
        })
    }

    /// Cap on preference pairs per query (each also mirrored), `>= 1`.
    /// Default 1000.
    pub fn max_pairs_per_query(mut self, max_pairs_per_query: usize) -> Self {
        self.0.max_pairs_per_query = max_pairs_per_query;
        self
    }

    /// L2 weight of the logistic loss (linfa's `alpha`, on the summed loss),
    /// finite and `>= 0`. Default 1.0.
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

    /// Whether features are standardised with the training mean and std
    /// (otherwise mean 0, std 1). Default true.
    pub fn standardize(mut self, standardize: bool) -> Self {
        self.0.standardize = standardize;
        self
    }

    /// Seed of the pair sampler. Default 0.
    pub fn seed(mut self, seed: u64) -> Self {
        self.0.seed = seed;
        self
    }
}

impl ParamGuard for PairwiseParams {
    type Checked = PairwiseValidParams;
    type Error = PairwiseError;

    fn check_ref(&self) -> Result<&Self::Checked, Self::Error> {
        let p = &self.0;
        at_least_one("max_pairs_per_query", p.max_pairs_per_query)?;
        finite_non_negative("alpha", p.alpha)?;
        at_least_one("max_iterations", p.max_iterations)?;
        finite_positive("gradient_tolerance", p.gradient_tolerance)?;
        Ok(p)
    }

    fn check(self) -> Result<Self::Checked, Self::Error> {
        self.check_ref()?;
        Ok(self.0)
    }
}

impl PairwiseValidParams {
    /// Pair cap per query.
    pub fn max_pairs_per_query(&self) -> usize {
        self.max_pairs_per_query
    }
    /// L2 weight.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }
    /// Maximum L-BFGS iterations.
    pub fn max_iterations(&self) -> u64 {
        self.max_iterations
    }
    /// L-BFGS gradient tolerance.
    pub fn gradient_tolerance(&self) -> f64 {
        self.gradient_tolerance
    }
    /// Whether features are standardised.
    pub fn standardize(&self) -> bool {
        self.standardize
    }
    /// Pair sampler seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rejects(p: PairwiseParams, name: &str) {
        match p.check() {
            Err(PairwiseError::InvalidParam { name: n, .. }) => assert_eq!(n, name),
            other => panic!("expected {name} to be rejected, got {other:?}"),
        }
    }

    #[test]
    fn defaults_are_valid() {
        let p = PairwiseParams::default().check().unwrap();
        assert_eq!(
            (p.max_pairs_per_query(), p.alpha(), p.max_iterations()),
            (1000, 1.0, 100)
        );
        assert!(p.standardize());
    }

    #[test]
    fn rejects_zero_pair_cap() {
        rejects(
            PairwiseParams::new().max_pairs_per_query(0),
            "max_pairs_per_query",
        );
    }

    #[test]
    fn rejects_bad_alpha() {
        rejects(PairwiseParams::new().alpha(-1.0), "alpha");
        rejects(PairwiseParams::new().alpha(f64::NAN), "alpha");
    }

    #[test]
    fn rejects_zero_iterations() {
        rejects(PairwiseParams::new().max_iterations(0), "max_iterations");
    }

    #[test]
    fn rejects_bad_gradient_tolerance() {
        rejects(
            PairwiseParams::new().gradient_tolerance(0.0),
            "gradient_tolerance",
        );
        rejects(
            PairwiseParams::new().gradient_tolerance(f64::INFINITY),
            "gradient_tolerance",
        );
    }
}
