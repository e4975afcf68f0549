//! Fitting the logistic regression with linfa.

use linfa::dataset::Dataset;
use linfa::prelude::Fit;
use ndarray::{Array1, ArrayView1, ArrayView2};

use super::{LogisticError, LogisticValidParams};
use crate::learn::fitted::LinearModel;

impl LogisticValidParams {
    /// Fits on standardized rows `z` (n_rows, n_features) and their labels.
    ///
    /// # Errors
    /// Every label is on the same side of `relevant_from`, or linfa fails.
    pub fn fit(
        &self,
        z: ArrayView2<'_, f64>,
        labels: ArrayView1<'_, f64>,
    ) -> Result<LinearModel, LogisticError> {
        let targets: Array1<bool> = labels.mapv(|l| l >= self.relevant_from);
        let positives = targets.iter().filter(|&&t| t).count();
        if positives == 0 || positives == targets.len() {
            return Err(LogisticError::OneClass {
                positives,
                rows: targets.len(),
                relevant_from: self.relevant_from,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::testing::graded_rows;
    use crate::learn::LogisticParams;
    use linfa::ParamGuard;

    #[test]
    fn logistic_weights_point_the_right_way() {
        let (x, y) = graded_rows();
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
        assert!(matches!(err, LogisticError::OneClass { .. }), "{err}");
    }
}
