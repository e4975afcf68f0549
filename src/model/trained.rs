//! A trained model: scaling, algorithm and what it learned; scores rows of any width
//! (shiprank's candidate–role pairs score through `score::ModelScorer`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use ndarray::{Array1, ArrayView1, ArrayView2};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::error::{ModelError, Refusal};
use crate::learn::{Algorithm, Learned, LinearModel, Scaling, ValidParams};

/// How a model was trained.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingInfo {
    /// `sha256:HEX` of the training data (`RankData::data_hash` of the outcomes).
    pub data_hash: String,
    /// The reference date of training (`--as-of`), not the wall clock, so that training the
    /// same data twice writes the same file.
    pub trained_at: NaiveDate,
    /// Training rows.
    pub rows: usize,
    /// Training queries.
    pub queries: usize,
    /// Mean metrics on the training data (`ndcg@10`, `map`...).
    pub metrics: BTreeMap<String, f64>,
    /// Cross-validated metrics, when training was cross-validated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cross_validation: Option<CrossValidation>,
}

/// Mean metrics of held-out folds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrossValidation {
    /// Number of folds.
    pub folds: usize,
    /// The seed that assigned queries to folds.
    pub seed: u64,
    /// Mean metrics over held-out queries.
    pub metrics: BTreeMap<String, f64>,
}

/// A trained ranking model.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    features: Vec<String>,
    scaling: Scaling,
    params: ValidParams,
    learned: Learned,
    training: TrainingInfo,
    /// For a linear model, weights and intercept in raw feature units.
    raw_linear: Option<LinearModel>,
}

impl Model {
    /// Assembles a model; shapes must agree (checked by the callers: training, or decoding a
    /// file).
    pub(crate) fn new(
        features: Vec<String>,
        scaling: Scaling,
        params: ValidParams,
        learned: Learned,
        training: TrainingInfo,
    ) -> Model {
        let raw_linear = match &learned {
            Learned::Linear(m) => {
                // w·(x − mean)/std + b  =  Σ (w/std)·x + (b − Σ w·mean/std)
                let weights: Vec<f64> = m
                    .weights
                    .iter()
                    .zip(&scaling.std)
                    .map(|(w, s)| w / s)
                    .collect();
                let shift: f64 = weights.iter().zip(&scaling.mean).map(|(w, m)| w * m).sum();
                Some(LinearModel {
                    weights,
                    intercept: m.intercept - shift,
                })
            }
            _ => None,
        };
        Model {
            features,
            scaling,
            params,
            learned,
            training,
            raw_linear,
        }
    }

    /// The algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.params.algorithm()
    }

    /// The checked hyper-parameters it was trained with.
    pub fn params(&self) -> &ValidParams {
        &self.params
    }

    /// The feature names, in the column order the model reads.
    pub fn features(&self) -> &[String] {
        &self.features
    }

    /// The feature scaling fitted on the training data.
    pub fn scaling(&self) -> &Scaling {
        &self.scaling
    }

    /// How it was trained.
    pub fn training(&self) -> &TrainingInfo {
        &self.training
    }

    /// How it was trained, to add metrics after training.
    pub fn training_mut(&mut self) -> &mut TrainingInfo {
        &mut self.training
    }

    pub(crate) fn learned(&self) -> &Learned {
        &self.learned
    }

    /// For a linear model, its weights and intercept in raw feature units:
    /// `score = intercept + Σ weights_i · x_i`.
    pub fn raw_linear(&self) -> Option<&LinearModel> {
        self.raw_linear.as_ref()
    }

    /// The score of one row of raw features (in [`Model::features`] order); higher is better.
    ///
    /// # Panics
    /// If the row does not have one value per feature.
    pub fn score_row(&self, x: &[f64]) -> f64 {
        assert_eq!(x.len(), self.features.len(), "one value per model feature");
        if let Some(linear) = &self.raw_linear {
            return linear.score(x);
        }
        let mut z = x.to_vec();
        self.scaling.transform_in_place(&mut z);
        self.score_scaled(&z)
    }

    /// The score of a standardized row.
    pub fn score_scaled(&self, z: &[f64]) -> f64 {
        match &self.learned {
            Learned::Linear(m) => m.score(z),
            Learned::Kernel(m) => m.score(z),
            Learned::Tree(t) => t.predict_row(ArrayView1::from(z)),
            Learned::Boosted(b) => b
                .trees()
                .iter()
                .map(|t| t.predict_row(ArrayView1::from(z)))
                .sum(),
        }
    }

    /// A tree model's score of raw row `x` split exactly among the features: the expected
    /// value over the training data and one SHAP value per feature (path-dependent TreeSHAP,
    /// what LightGBM's `pred_contrib` gives), adding up to [`Model::score_row`]. `None` for a
    /// model that is not made of trees, or whose file kept no node covers.
    ///
    /// # Panics
    /// If the row does not have one value per feature.
    pub fn contributions(&self, x: &[f64]) -> Option<(f64, Vec<f64>)> {
        assert_eq!(x.len(), self.features.len(), "one value per model feature");
        let trees = match &self.learned {
            Learned::Tree(t) => std::slice::from_ref(t),
            Learned::Boosted(b) => b.trees(),
            Learned::Linear(_) | Learned::Kernel(_) => return None,
        };
        let mut z = x.to_vec();
        self.scaling.transform_in_place(&mut z);
        let mut phi = vec![0.0; x.len()];
        let mut expected = 0.0;
        for tree in trees {
            expected += tree.shap(&z, &mut phi)?;
        }
        Some((expected, phi))
    }

    /// Scores every row of `x`, shape (n_rows, n_features).
    ///
    /// # Errors
    /// `x` does not have one column per model feature.
    pub fn predict(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>, ModelError> {
        if x.ncols() != self.features.len() {
            return Err(ModelError::FeatureCount {
                expected: self.features.len(),
                found: x.ncols(),
            });
        }
        // Rows in parallel, each scored alone: the same scores for any thread count.
        let scores: Vec<f64> = (0..x.nrows())
            .into_par_iter()
            .with_min_len(256)
            .map_init(
                || vec![0.0; x.ncols()],
                |row, i| {
                    row.iter_mut().zip(x.row(i)).for_each(|(o, v)| *o = *v);
                    self.score_row(row)
                },
            )
            .collect();
        Ok(Array1::from(scores))
    }

    /// Checks the model reads exactly these features, in this order.
    ///
    /// # Errors
    /// [`ModelError::Refused`] naming `file` and both lists.
    pub fn require_features(&self, expected: &[String], file: &str) -> Result<(), ModelError> {
        if self.features != expected {
            return Err(ModelError::refused(
                file,
                Refusal::Features {
                    model: self.features.clone(),
                    expected: expected.to_vec(),
                },
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::learn::{linear_score, LinearModel, TrainParams};

    /// A pairwise-like linear model over `features`, with a non-trivial scaling and intercept.
    pub(crate) fn linear_model(features: Vec<String>) -> Model {
        let n = features.len();
        let scaling = Scaling {
            mean: (0..n).map(|i| i as f64 * 0.1).collect(),
            std: (0..n).map(|i| 0.5 + i as f64 * 0.05).collect(),
        };
        let learned = Learned::Linear(LinearModel {
            weights: (0..n).map(|i| (i as f64 - 4.0) * 0.3).collect(),
            intercept: 0.25,
        });
        let training = TrainingInfo {
            data_hash: "sha256:00".into(),
            trained_at: "2026-10-01".parse().unwrap(),
            rows: 1,
            queries: 1,
            metrics: BTreeMap::new(),
            cross_validation: None,
        };
        let params = TrainParams::new(Algorithm::Pairwise).check().unwrap();
        Model::new(features, scaling, params, learned, training)
    }

    fn names(n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("f{i}")).collect()
    }

    #[test]
    fn raw_weights_reproduce_the_standardized_score() {
        let m = linear_model(names(12));
        let x: Vec<f64> = (0..12).map(|i| (i as f64 * 0.37).fract()).collect();
        let mut z = x.clone();
        m.scaling.transform_in_place(&mut z);
        let Learned::Linear(inner) = &m.learned else {
            unreachable!()
        };
        let direct = linear_score(&inner.weights, inner.intercept, &z);
        assert!((m.score_row(&x) - direct).abs() < 1e-12);
    }

    #[test]
    fn rows_of_another_width_are_refused() {
        let m = linear_model(names(5));
        let x = ndarray::Array2::zeros((2, 4));
        assert!(matches!(
            m.predict(x.view()),
            Err(ModelError::FeatureCount {
                expected: 5,
                found: 4
            })
        ));
        let other = m.require_features(&names(4), "m.json").unwrap_err();
        assert!(
            other.to_string().contains("the model has 5 features"),
            "{other}"
        );
    }

    #[test]
    fn models_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Model>();
    }
}
