//! Fitting the ε-SVR with linfa, and reading the fitted model back.

use linfa::dataset::Dataset;
use linfa::prelude::Fit;
use ndarray::{Array1, ArrayView1, ArrayView2, Axis};

use super::{SvmError, SvmKernel, SvmValidParams};
use crate::learn::fitted::{KernelModel, LinearModel};
use crate::learn::rng::Rng;

/// A fitted `svm`: linear or kernel.
#[derive(Clone, Debug, PartialEq)]
pub enum SvmModel {
    /// Linear kernel.
    Linear(LinearModel),
    /// RBF kernel.
    Kernel(KernelModel),
}

impl SvmValidParams {
    /// Fits an ε-SVR on standardized rows `z` (n_rows, n_features) and their labels.
    ///
    /// # Errors
    /// linfa fails.
    pub fn fit(
        &self,
        z: ArrayView2<'_, f64>,
        labels: ArrayView1<'_, f64>,
    ) -> Result<SvmModel, SvmError> {
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
        Rng::new(seed).sample_in_place(&mut rows, max);
        rows.sort_unstable();
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::testing::graded_rows;
    use crate::learn::SvmParams;
    use linfa::prelude::Predict;
    use linfa::ParamGuard;

    #[test]
    fn rbf_svm_scores_equal_linfa_predictions() {
        let (x, y) = graded_rows();
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
        let (x, y) = graded_rows();
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
}
