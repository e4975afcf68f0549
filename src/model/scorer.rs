//! A trained model: scaling, algorithm and what it learned; scores rows of any width, and
//! shiprank's candidate–role pairs through the [`Scorer`] trait.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use ndarray::{Array1, ArrayView1, ArrayView2};
use serde::{Deserialize, Serialize};

use super::error::{ModelError, Refusal};
use crate::feature::{Feature, FeatureVector};
use crate::learn::{Algorithm, Learned, Scaling, ValidParams};
use crate::score::{Linear, Score, Scorer};

/// How a model was trained.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingInfo {
    /// `sha256:HEX` of the training data ([`RankData::data_hash`](super::RankData::data_hash)).
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
    raw_linear: Option<(Vec<f64>, f64)>,
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
                Some((weights, m.intercept - shift))
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

    /// For a linear model, `(weights, intercept)` in raw feature units:
    /// `score = intercept + Σ weights_i · x_i`.
    pub fn linear_weights(&self) -> Option<(&[f64], f64)> {
        self.raw_linear.as_ref().map(|(w, b)| (w.as_slice(), *b))
    }

    /// The score of one row of raw features (in [`Model::features`] order); higher is better.
    ///
    /// # Panics
    /// If the row does not have one value per feature.
    pub fn score_row(&self, x: &[f64]) -> Score {
        assert_eq!(x.len(), self.features.len(), "one value per model feature");
        if let Some((w, b)) = &self.raw_linear {
            return linear_score(w, *b, x);
        }
        let mut z = x.to_vec();
        self.scaling.transform_in_place(&mut z);
        self.score_scaled(&z)
    }

    /// The score of a standardized row, for a model that is not linear.
    fn score_scaled(&self, z: &[f64]) -> Score {
        match &self.learned {
            Learned::Linear(m) => linear_score(&m.weights, m.intercept, z),
            Learned::Kernel(m) => m.score(z),
            Learned::Tree(t) => t.predict_row(ArrayView1::from(z)),
            Learned::Boosted(b) => b
                .trees()
                .iter()
                .map(|t| t.predict_row(ArrayView1::from(z)))
                .sum(),
        }
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
        let mut row = vec![0.0; x.ncols()];
        Ok(x.rows()
            .into_iter()
            .map(|r| {
                row.iter_mut().zip(r).for_each(|(o, v)| *o = *v);
                self.score_row(&row)
            })
            .collect())
    }

    /// Turns the model into a [`Scorer`] of shiprank's candidate–role pairs.
    ///
    /// # Errors
    /// The model's features are not exactly [`Feature::ALL`]'s names, in order (a model trained
    /// on LETOR data, or by a shiprank with other features); `file` names the model in the
    /// message.
    pub fn into_scorer(self, file: &str) -> Result<ModelScorer, ModelError> {
        let expected: Vec<String> = Feature::ALL.iter().map(|f| f.name().to_string()).collect();
        self.require_features(&expected, file)?;
        let linear = self
            .raw_linear
            .as_ref()
            .map(|(w, b)| Linear::new(std::array::from_fn(|i| w[i]), *b));
        Ok(ModelScorer(self, linear))
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

/// `b + Σ w_i·x_i`, added in feature order (as explanations add contributions).
fn linear_score(w: &[f64], b: f64, x: &[f64]) -> f64 {
    b + w.iter().zip(x).map(|(w, x)| w * x).sum::<f64>()
}

/// A model whose features are shiprank's, scoring candidate–role pairs (see
/// [`Model::into_scorer`]).
#[derive(Clone, Debug, PartialEq)]
pub struct ModelScorer(Model, Option<Linear>);

impl ModelScorer {
    /// The model.
    pub fn model(&self) -> &Model {
        &self.0
    }
}

impl Scorer for ModelScorer {
    fn name(&self) -> String {
        format!("model:{}", self.0.algorithm())
    }

    fn score(&self, features: &FeatureVector) -> Score {
        if let Some(linear) = &self.1 {
            return linear.score(features);
        }
        let mut z = *features;
        self.0.scaling.transform_in_place(&mut z);
        self.0.score_scaled(&z)
    }

    fn linear(&self) -> Option<&Linear> {
        self.1.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feature::N_FEATURES;
    use crate::learn::{LinearModel, TrainParams};

    fn linear_model(features: Vec<String>) -> Model {
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

    fn shiprank_names() -> Vec<String> {
        Feature::ALL.iter().map(|f| f.name().to_string()).collect()
    }

    #[test]
    fn raw_weights_reproduce_the_standardized_score() {
        let m = linear_model(shiprank_names());
        let x: Vec<f64> = (0..N_FEATURES).map(|i| (i as f64 * 0.37).fract()).collect();
        let mut z = x.clone();
        m.scaling.transform_in_place(&mut z);
        let Learned::Linear(inner) = &m.learned else {
            unreachable!()
        };
        let direct = linear_score(&inner.weights, inner.intercept, &z);
        assert!((m.score_row(&x) - direct).abs() < 1e-12);
    }

    #[test]
    fn explanations_of_a_linear_model_add_up_with_the_intercept() {
        let scorer = linear_model(shiprank_names())
            .into_scorer("m.json")
            .unwrap();
        assert_eq!(scorer.name(), "model:pairwise");
        let features: FeatureVector = std::array::from_fn(|i| ((i * 7) % 10) as f64 / 10.0);
        let e = scorer.explain(&features, &[None; N_FEATURES]);
        let total: f64 = e.terms.iter().map(|t| t.contribution.unwrap()).sum::<f64>() + e.intercept;
        assert!((total - e.score).abs() < 1e-12, "{total} vs {}", e.score);
        assert_ne!(e.intercept, 0.0);
    }

    #[test]
    fn letor_models_are_refused_for_candidate_scoring() {
        let names: Vec<String> = (1..=5).map(|i| format!("f{i}")).collect();
        let m = linear_model(names);
        let err = m.clone().into_scorer("m.json").unwrap_err().to_string();
        assert!(
            err.contains("the model has 5 features [f1, f2, f3, f4, f5]"),
            "{err}"
        );
        assert!(
            err.contains("shiprank extracts 12 [skill_coverage,"),
            "{err}"
        );
        let x = ndarray::Array2::zeros((2, 4));
        assert!(matches!(
            m.predict(x.view()),
            Err(ModelError::FeatureCount {
                expected: 5,
                found: 4
            })
        ));
    }

    #[test]
    fn scorers_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<ModelScorer>();
        check::<Model>();
    }
}
