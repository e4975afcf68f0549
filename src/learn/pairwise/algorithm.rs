//! Fitting the pairwise ranker (preference pairs, then linfa's logistic regression), and the
//! fitted model.

use std::ops::Range;

use linfa::{traits::Fit, Dataset};
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, ShapeBuilder};
use serde::{Deserialize, Serialize};

use super::{PairwiseError, PairwiseValidParams};
use crate::learn::rng::Rng;
use crate::learn::FitQueries;
use crate::learn::Scaling;

impl FitQueries for PairwiseValidParams {
    type Model = PairwiseModel;
    type Error = PairwiseError;

    /// Fits the linear ranker.
    ///
    /// * `x`: features, shape (n_rows, n_features), all finite.
    /// * `labels`: graded relevance per row, finite.
    /// * `groups`: row range of each query (rows outside every group are
    ///   used for standardisation only).
    ///
    /// # Errors
    ///
    /// [`PairwiseError::LengthMismatch`], [`PairwiseError::GroupOutOfBounds`],
    /// [`PairwiseError::InvalidLabel`], [`PairwiseError::NonFiniteFeature`],
    /// [`PairwiseError::NoPairs`], [`PairwiseError::Logistic`].
    fn fit(
        &self,
        x: ArrayView2<'_, f64>,
        labels: ArrayView1<'_, f64>,
        groups: &[Range<usize>],
    ) -> Result<PairwiseModel, PairwiseError> {
        validate_inputs(x, labels, groups)?;
        let n_features = x.ncols();
        let (mean, scale) = if self.standardize() {
            let Scaling { mean, std } = Scaling::fit(x);
            (mean, std)
        } else {
            (vec![0.0; n_features], vec![1.0; n_features])
        };
        let pairs = self.sample_pairs(labels, groups);
        if pairs.is_empty() {
            return Err(PairwiseError::NoPairs);
        }

        // Row 2k is the preference (target true), row 2k + 1 its mirror.
        // Column-major, so that linfa's gradient `xᵀ·v` (a plain ndarray
        // matrix-vector product without BLAS) reads contiguous memory.
        let mut diffs = Array2::zeros((2 * pairs.len(), n_features).f());
        let mut targets = Array1::from_elem(2 * pairs.len(), false);
        for (f, mut column) in diffs.columns_mut().into_iter().enumerate() {
            for (k, &(i, j)) in pairs.iter().enumerate() {
                let d = (x[[i, f]] - x[[j, f]]) / scale[f];
                column[2 * k] = d;
                column[2 * k + 1] = -d;
            }
        }
        for k in 0..pairs.len() {
            targets[2 * k] = true;
        }
        let dataset = Dataset::new(diffs, targets);
        let fitted = LogisticRegression::default()
            .alpha(self.alpha())
            .with_intercept(false)
            .max_iterations(self.max_iterations())
            .gradient_tolerance(self.gradient_tolerance())
            .fit(&dataset)?;
        // linfa picks which class is "positive"; orient w so that a higher
        // score means a preferred document.
        let sign = if fitted.labels().pos.class { 1.0 } else { -1.0 };
        let weights = fitted.params().iter().map(|w| sign * w).collect();
        Ok(PairwiseModel {
            mean,
            scale,
            weights,
            n_pairs: pairs.len(),
        })
    }
}

impl PairwiseValidParams {
    /// Preference pairs `(preferred row, other row)`, at most
    /// `max_pairs_per_query` per query, deterministic for the seed.
    fn sample_pairs(
        &self,
        labels: ArrayView1<'_, f64>,
        groups: &[Range<usize>],
    ) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut query_pairs = Vec::new();
        for (q, g) in groups.iter().enumerate() {
            query_pairs.clear();
            for i in g.clone() {
                for j in g.clone() {
                    if labels[i] > labels[j] {
                        query_pairs.push((i, j));
                    }
                }
            }
            Rng::for_stream(self.seed(), q as u64)
                .sample_in_place(&mut query_pairs, self.max_pairs_per_query());
            out.extend_from_slice(&query_pairs);
        }
        out
    }
}

fn validate_inputs(
    x: ArrayView2<'_, f64>,
    labels: ArrayView1<'_, f64>,
    groups: &[Range<usize>],
) -> Result<(), PairwiseError> {
    let rows = x.nrows();
    if labels.len() != rows {
        return Err(PairwiseError::LengthMismatch {
            rows,
            labels: labels.len(),
        });
    }
    for (query, g) in groups.iter().enumerate() {
        if g.start > g.end || g.end > rows {
            return Err(PairwiseError::GroupOutOfBounds {
                query,
                start: g.start,
                end: g.end,
                rows,
            });
        }
    }
    if let Some((row, &label)) = labels.iter().enumerate().find(|(_, l)| !l.is_finite()) {
        return Err(PairwiseError::InvalidLabel { row, label });
    }
    if let Some(((row, feature), &value)) = x.indexed_iter().find(|(_, v)| !v.is_finite()) {
        return Err(PairwiseError::NonFiniteFeature {
            row,
            feature,
            value,
        });
    }
    Ok(())
}

/// A fitted linear ranker: `score(x) = Σ_f weights[f] · (x[f] − mean[f]) / scale[f]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairwiseModel {
    mean: Vec<f64>,
    scale: Vec<f64>,
    weights: Vec<f64>,
    n_pairs: usize,
}

#[derive(Deserialize)]
struct PairwiseModelRepr {
    mean: Vec<f64>,
    scale: Vec<f64>,
    weights: Vec<f64>,
    n_pairs: usize,
}

impl<'de> Deserialize<'de> for PairwiseModel {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let r = PairwiseModelRepr::deserialize(deserializer)?;
        if r.mean.len() != r.weights.len() || r.scale.len() != r.weights.len() {
            return Err(serde::de::Error::custom(PairwiseError::MalformedModel {
                means: r.mean.len(),
                scales: r.scale.len(),
                weights: r.weights.len(),
            }));
        }
        Ok(PairwiseModel {
            mean: r.mean,
            scale: r.scale,
            weights: r.weights,
            n_pairs: r.n_pairs,
        })
    }
}

impl PairwiseModel {
    /// Number of feature columns the model expects.
    pub fn n_features(&self) -> usize {
        self.weights.len()
    }

    /// Weight per feature in standardised units (comparable across features).
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// Weight per raw feature, `weights[f] / scale[f]`: the score equals
    /// `raw_weights · x` up to a constant, which does not change rankings.
    pub fn raw_weights(&self) -> Vec<f64> {
        self.weights
            .iter()
            .zip(&self.scale)
            .map(|(w, s)| w / s)
            .collect()
    }

    /// Training mean per feature (0 without standardisation).
    pub fn mean(&self) -> &[f64] {
        &self.mean
    }

    /// Training std per feature (1 without standardisation or for constant features).
    pub fn scale(&self) -> &[f64] {
        &self.scale
    }

    /// Number of preference pairs trained on (before mirroring).
    pub fn n_pairs(&self) -> usize {
        self.n_pairs
    }

    /// Scores of all rows of `x`, shape (n_rows, n_features).
    ///
    /// # Errors
    ///
    /// [`PairwiseError::FeatureCountMismatch`].
    pub fn predict(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>, PairwiseError> {
        if x.ncols() != self.n_features() {
            return Err(PairwiseError::FeatureCountMismatch {
                expected: self.n_features(),
                found: x.ncols(),
            });
        }
        Ok(x.rows()
            .into_iter()
            .map(|row| self.score_unchecked(row))
            .collect())
    }

    /// Score of one row (length `n_features`).
    ///
    /// # Errors
    ///
    /// [`PairwiseError::FeatureCountMismatch`].
    pub fn predict_row(&self, row: ArrayView1<'_, f64>) -> Result<f64, PairwiseError> {
        if row.len() != self.n_features() {
            return Err(PairwiseError::FeatureCountMismatch {
                expected: self.n_features(),
                found: row.len(),
            });
        }
        Ok(self.score_unchecked(row))
    }

    fn score_unchecked(&self, row: ArrayView1<'_, f64>) -> f64 {
        row.iter()
            .zip(&self.mean)
            .zip(&self.scale)
            .zip(&self.weights)
            .map(|(((x, m), s), w)| w * (x - m) / s)
            .sum()
    }
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)] // query groups: a list of row ranges
mod tests {
    use super::*;
    use crate::learn::PairwiseParams;
    use linfa::ParamGuard;
    use ndarray::array;

    /// Relevance follows 2·x0 − x1 (x2 is noise, x3 constant).
    fn toy(
        n_queries: usize,
        per_query: usize,
        seed: u64,
    ) -> (Array2<f64>, Array1<f64>, Vec<Range<usize>>) {
        let mut rng = Rng::for_stream(seed, 1);
        let n = n_queries * per_query;
        let mut unit = || rng.next_u64() as f64 / u64::MAX as f64;
        let x = Array2::from_shape_fn((n, 4), |(_, c)| if c == 3 { 5.0 } else { unit() * 10.0 });
        let labels = x
            .rows()
            .into_iter()
            .map(|r| ((2.0 * r[0] - r[1] + 10.0) / 10.0).floor())
            .collect();
        let groups = (0..n_queries)
            .map(|q| q * per_query..(q + 1) * per_query)
            .collect();
        (x, labels, groups)
    }

    #[test]
    fn recovers_the_relevance_direction() {
        let (x, y, groups) = toy(20, 10, 1);
        let model = PairwiseParams::new()
            .fit(x.view(), y.view(), &groups)
            .unwrap();
        let w = model.weights();
        assert!(w[0] > 0.0 && w[1] < 0.0, "{w:?}");
        assert!(w[0] > 1.5 * w[1].abs() && w[2].abs() < 0.3 * w[0], "{w:?}");
        assert_eq!(w[3], 0.0); // constant feature: all differences are 0
        let raw = model.raw_weights();
        assert!((raw[0] / raw[1] + 2.0).abs() < 0.5, "{raw:?}");
    }

    #[test]
    fn scores_rank_relevant_rows_higher() {
        let (x, y, groups) = toy(10, 10, 2);
        let model = PairwiseParams::new()
            .fit(x.view(), y.view(), &groups)
            .unwrap();
        let s = model.predict(x.view()).unwrap();
        let (mut agree, mut total) = (0, 0);
        for i in 0..y.len() {
            for j in 0..y.len() {
                if y[i] > y[j] {
                    total += 1;
                    agree += usize::from(s[i] > s[j]);
                }
            }
        }
        assert!(agree as f64 > 0.9 * total as f64, "{agree}/{total}");
        assert_eq!(model.predict_row(x.row(3)).unwrap(), s[3]);
    }

    #[test]
    fn pair_cap_and_seed_are_deterministic() {
        let (x, y, groups) = toy(5, 20, 3);
        let p = PairwiseParams::new()
            .max_pairs_per_query(7)
            .check()
            .unwrap();
        let pairs = p.sample_pairs(y.view(), &groups);
        assert_eq!(pairs.len(), 35);
        assert!(pairs.iter().all(|&(i, j)| y[i] > y[j]));
        assert_eq!(pairs, p.sample_pairs(y.view(), &groups));
        let other = PairwiseParams::new()
            .max_pairs_per_query(7)
            .seed(1)
            .check()
            .unwrap();
        assert_ne!(pairs, other.sample_pairs(y.view(), &groups));
        let a = p.fit(x.view(), y.view(), &groups).unwrap();
        let b = p.fit(x.view(), y.view(), &groups).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.n_pairs(), 35);
    }

    #[test]
    fn without_standardization_scale_is_one() {
        let (x, y, groups) = toy(5, 10, 4);
        let model = PairwiseParams::new()
            .standardize(false)
            .fit(x.view(), y.view(), &groups)
            .unwrap();
        assert!(model.scale().iter().all(|&s| s == 1.0));
        assert!(model.mean().iter().all(|&m| m == 0.0));
    }

    #[test]
    fn json_round_trip() {
        let (x, y, groups) = toy(5, 10, 5);
        let model = PairwiseParams::new()
            .fit(x.view(), y.view(), &groups)
            .unwrap();
        let json = serde_json::to_string(&model).unwrap();
        let back: PairwiseModel = serde_json::from_str(&json).unwrap();
        assert_eq!(back, model);
        let bad = r#"{"mean":[0.0],"scale":[1.0,1.0],"weights":[1.0],"n_pairs":1}"#;
        let err = serde_json::from_str::<PairwiseModel>(bad)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("malformed model: 1 means, 2 scales, 1 weights"),
            "{err}"
        );
    }

    #[test]
    fn input_errors() {
        let x = array![[1.0], [2.0]];
        let p = PairwiseParams::new();
        assert!(matches!(
            p.fit(x.view(), array![1.0].view(), &[0..1]),
            Err(PairwiseError::LengthMismatch { .. })
        ));
        assert!(matches!(
            p.fit(x.view(), array![1.0, 0.0].view(), &[0..3]),
            Err(PairwiseError::GroupOutOfBounds { query: 0, .. })
        ));
        assert!(matches!(
            p.fit(x.view(), array![1.0, 1.0].view(), &[0..2]),
            Err(PairwiseError::NoPairs)
        ));
        assert!(matches!(
            p.fit(x.view(), array![f64::NAN, 1.0].view(), &[0..2]),
            Err(PairwiseError::InvalidLabel { row: 0, .. })
        ));
        assert!(matches!(
            p.fit(
                array![[1.0], [f64::INFINITY]].view(),
                array![1.0, 0.0].view(),
                &[0..2]
            ),
            Err(PairwiseError::NonFiniteFeature {
                row: 1,
                feature: 0,
                ..
            })
        ));
        let model = p.fit(x.view(), array![1.0, 0.0].view(), &[0..2]).unwrap();
        assert!(matches!(
            model.predict(array![[1.0, 2.0]].view()),
            Err(PairwiseError::FeatureCountMismatch {
                expected: 1,
                found: 2
            })
        ));
    }

    #[test]
    fn model_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<PairwiseModel>();
        check::<PairwiseValidParams>();
    }
}
