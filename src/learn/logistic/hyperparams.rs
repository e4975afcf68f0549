//! `logistic` hyper-parameters: unchecked with consuming setters, and checked.

use linfa::ParamGuard;
use serde::{Deserialize, Serialize};

use super::LogisticError;
use crate::learn::params::{at_least_one, finite_non_negative, finite_positive, require};

/// Checked `logistic` hyper-parameters (see [`LogisticParams`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogisticValidParams {
    pub(super) alpha: f64,
    pub(super) max_iterations: u64,
    pub(super) gradient_tolerance: f64,
    pub(super) relevant_from: f64,
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
    type Error = LogisticError;

    fn check_ref(&self) -> Result<&LogisticValidParams, LogisticError> {
        let p = &self.0;
        finite_non_negative("alpha", p.alpha)?;
        at_least_one("max_iterations", p.max_iterations)?;
        finite_positive("gradient_tolerance", p.gradient_tolerance)?;
        let threshold = p.relevant_from;
        require(
            threshold.is_finite(),
            "relevant_from",
            threshold,
            "must be finite",
        )?;
        Ok(p)
    }

    fn check(self) -> Result<LogisticValidParams, LogisticError> {
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
        assert!(LogisticParams::default().check().is_ok());
    }

    #[test]
    fn logistic_rejects_bad_alpha() {
        assert_rejects(LogisticParams::new().alpha(-1.0), "alpha");
    }

    #[test]
    fn logistic_rejects_zero_iterations() {
        assert_rejects(LogisticParams::new().max_iterations(0), "max_iterations");
    }

    #[test]
    fn logistic_rejects_bad_tolerance() {
        assert_rejects(
            LogisticParams::new().gradient_tolerance(0.0),
            "gradient_tolerance",
        );
    }

    #[test]
    fn logistic_rejects_non_finite_threshold() {
        assert_rejects(
            LogisticParams::new().relevant_from(f64::NAN),
            "relevant_from",
        );
    }
}
