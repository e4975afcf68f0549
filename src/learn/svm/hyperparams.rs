//! `svm` hyper-parameters: unchecked with consuming setters, and checked.

use linfa::ParamGuard;
use serde::{Deserialize, Serialize};

use super::SvmError;
use crate::learn::params::{at_least_two, finite_non_negative, finite_positive};
use crate::names::named_enum;

named_enum! {
    /// The kernel of the `svm` learner.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum SvmKernel: "kernel" {
        /// `⟨a, b⟩`: the model is linear in the features.
        Linear = "linear",
        /// `exp(−gamma ‖a − b‖²)`.
        Rbf = "rbf",
    }
}

/// Checked `svm` hyper-parameters (see [`SvmParams`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SvmValidParams {
    pub(super) kernel: SvmKernel,
    pub(super) c: f64,
    pub(super) epsilon: f64,
    pub(super) gamma: Option<f64>,
    pub(super) tolerance: f64,
    pub(super) max_rows: usize,
    pub(super) seed: u64,
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
    type Error = SvmError;

    fn check_ref(&self) -> Result<&SvmValidParams, SvmError> {
        let p = &self.0;
        finite_positive("c", p.c)?;
        finite_non_negative("epsilon", p.epsilon)?;
        if let Some(gamma) = p.gamma {
            finite_positive("gamma", gamma)?;
        }
        finite_positive("tolerance", p.tolerance)?;
        at_least_two("max_rows", p.max_rows)?;
        Ok(p)
    }

    fn check(self) -> Result<SvmValidParams, SvmError> {
        self.check_ref()?;
        Ok(self.0)
    }
}

impl SvmValidParams {
    /// The kernel.
    pub fn kernel_kind(&self) -> SvmKernel {
        self.kernel
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::testing::assert_rejects;

    #[test]
    fn kernels_serialize_as_their_names() {
        for k in SvmKernel::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.name());
        }
    }

    #[test]
    fn defaults_are_valid() {
        assert!(SvmParams::default().check().is_ok());
    }

    #[test]
    fn svm_rejects_bad_c() {
        assert_rejects(SvmParams::new().c(0.0), "c");
    }

    #[test]
    fn svm_rejects_bad_epsilon() {
        assert_rejects(SvmParams::new().epsilon(-0.1), "epsilon");
    }

    #[test]
    fn svm_rejects_bad_gamma() {
        assert_rejects(SvmParams::new().gamma(Some(0.0)), "gamma");
    }

    #[test]
    fn svm_rejects_bad_tolerance() {
        assert_rejects(SvmParams::new().tolerance(f64::INFINITY), "tolerance");
    }

    #[test]
    fn svm_rejects_tiny_row_cap() {
        assert_rejects(SvmParams::new().max_rows(1), "max_rows");
    }
}
