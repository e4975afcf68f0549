//! Feature standardization, fitted on training data and stored with the model.

use ndarray::{Array2, ArrayView2};
use serde::{Deserialize, Serialize};

/// Per-feature standardization `z = (x − mean) / std`, fitted on the training rows.
///
/// `std` is the population standard deviation; a feature that is constant in training gets
/// std 1, so it maps to 0 and no model can learn from it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scaling {
    /// Training mean of each feature.
    pub mean: Vec<f64>,
    /// Training standard deviation of each feature (1 for a constant feature).
    pub std: Vec<f64>,
}

/// Below this a standard deviation counts as 0 (the feature is constant).
const MIN_STD: f64 = 1e-12;

impl Scaling {
    /// Fits the scaling on rows `x`, shape (n_rows, n_features).
    pub fn fit(x: ArrayView2<'_, f64>) -> Scaling {
        let n = x.nrows().max(1) as f64;
        let (mean, std) = x
            .columns()
            .into_iter()
            .map(|c| {
                let mean = c.sum() / n;
                let var = c.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
                let std = var.sqrt();
                (mean, if std > MIN_STD { std } else { 1.0 })
            })
            .unzip();
        Scaling { mean, std }
    }

    /// Number of features.
    pub fn len(&self) -> usize {
        self.mean.len()
    }

    /// Whether there are no features.
    pub fn is_empty(&self) -> bool {
        self.mean.is_empty()
    }

    /// Standardizes rows `x`, shape (n_rows, n_features) with `n_features == self.len()`.
    pub fn transform(&self, x: ArrayView2<'_, f64>) -> Array2<f64> {
        let mut z = x.to_owned();
        for mut row in z.rows_mut() {
            self.transform_in_place(row.as_slice_mut().expect("an owned row is contiguous"));
        }
        z
    }

    /// Where a raw zero of each feature lands once standardized (bitwise what
    /// [`Scaling::transform`] gives it).
    pub fn zero_point(&self) -> Vec<f64> {
        let mut zero = vec![0.0; self.len()];
        self.transform_in_place(&mut zero);
        zero
    }

    /// Standardizes one row in place.
    pub fn transform_in_place(&self, row: &mut [f64]) {
        for ((v, m), s) in row.iter_mut().zip(&self.mean).zip(&self.std) {
            *v = (*v - m) / s;
        }
    }

    /// Checks the scaling is usable: equal lengths, finite means, positive finite stds.
    pub(crate) fn check(&self, n_features: usize) -> Result<(), String> {
        if self.mean.len() != n_features || self.std.len() != n_features {
            return Err(format!(
                "scaling has {} means and {} stds for {n_features} features",
                self.mean.len(),
                self.std.len()
            ));
        }
        if let Some(i) = self.mean.iter().position(|m| !m.is_finite()) {
            return Err(format!("scaling mean {i} is not a finite number"));
        }
        if let Some(i) = self.std.iter().position(|s| !(s.is_finite() && *s > 0.0)) {
            return Err(format!("scaling std {i} is not a positive number"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn standardizes_and_leaves_constant_features_at_zero() {
        let x = array![[1.0, 5.0], [3.0, 5.0]];
        let s = Scaling::fit(x.view());
        assert_eq!(s.mean, [2.0, 5.0]);
        assert_eq!(s.std, [1.0, 1.0]);
        assert_eq!(s.transform(x.view()), array![[-1.0, 0.0], [1.0, 0.0]]);
        assert!(s.check(2).is_ok());
        assert!(s.check(3).is_err());
        let bad = Scaling {
            mean: vec![0.0],
            std: vec![0.0],
        };
        assert_eq!(
            bad.check(1).unwrap_err(),
            "scaling std 0 is not a positive number"
        );
    }
}
