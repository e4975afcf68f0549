//! Learned models as scorers of shiprank's candidate–role pairs.

use super::weights::Linear;
use super::Explanation;
use super::{Score, Scorer};
use crate::feature::{Feature, FeatureVector, Raw};
use crate::model::{Model, ModelError};

/// A model whose features are shiprank's, in order, scoring candidate–role pairs.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelScorer {
    model: Model,
    /// The model's linear form in raw feature units, for a linear model: scores and
    /// explanations go through it, and the ranking's batch kernel scores from it.
    linear: Option<Linear>,
}

impl ModelScorer {
    /// Checks that `model` reads exactly shiprank's features ([`Feature::ALL`]'s names, in
    /// order) and makes it a scorer.
    ///
    /// # Errors
    /// [`ModelError::Refused`] naming `file` and both feature lists: a model trained on LETOR
    /// data, or by a shiprank with other features.
    pub fn new(model: Model, file: &str) -> Result<ModelScorer, ModelError> {
        let expected: Vec<String> = Feature::NAMES.iter().map(|n| n.to_string()).collect();
        model.require_features(&expected, file)?;
        let linear = model
            .raw_linear()
            .map(|m| Linear::new(std::array::from_fn(|i| m.weights[i]), m.intercept));
        Ok(ModelScorer { model, linear })
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.model
    }
}

impl Scorer for ModelScorer {
    fn name(&self) -> String {
        format!("model:{}", self.model.algorithm())
    }

    fn linear(&self) -> Option<&Linear> {
        self.linear.as_ref()
    }

    fn score(&self, features: &FeatureVector) -> Score {
        match &self.linear {
            Some(linear) => linear.score(features),
            None => {
                let mut z = *features;
                self.model.scaling().transform_in_place(&mut z);
                self.model.score_scaled(&z)
            }
        }
    }

    /// A linear model's terms; a tree model's exact SHAP values as contributions, with the
    /// expected value as the intercept, so they add up to the score too.
    fn explain(&self, features: &FeatureVector, raw: &Raw) -> Explanation {
        if let Some(linear) = &self.linear {
            return linear.explain(features, raw);
        }
        let score = self.score(features);
        let mut explanation = Explanation::values(score, features, raw);
        if let Some((expected, phi)) = self.model.contributions(features) {
            explanation.intercept = expected;
            for (term, contribution) in explanation.terms.iter_mut().zip(phi) {
                term.contribution = Some(contribution);
            }
        }
        explanation
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feature::N_FEATURES;
    use crate::model::tests::linear_model;

    fn shiprank_names() -> Vec<String> {
        Feature::NAMES.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn a_linear_model_scores_like_the_model_and_explains_with_its_intercept() {
        let model = linear_model(shiprank_names());
        let scorer = ModelScorer::new(model.clone(), "m.json").unwrap();
        assert_eq!(scorer.name(), "model:pairwise");
        let features: FeatureVector = std::array::from_fn(|i| ((i * 7) % 10) as f64 / 10.0);
        assert!((scorer.score(&features) - model.score_row(&features)).abs() < 1e-12);
        let e = scorer.explain(&features, &[None; N_FEATURES]);
        assert_eq!(e.score, scorer.score(&features));
        let total: f64 = e.terms.iter().map(|t| t.contribution.unwrap()).sum::<f64>() + e.intercept;
        assert!((total - e.score).abs() < 1e-12, "{total} vs {}", e.score);
        assert_ne!(e.intercept, 0.0);
    }

    #[test]
    fn letor_models_are_refused_for_candidate_scoring() {
        let names: Vec<String> = (1..=5).map(|i| format!("f{i}")).collect();
        let err = ModelScorer::new(linear_model(names), "m.json")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("the model has 5 features [f1, f2, f3, f4, f5]"),
            "{err}"
        );
        assert!(
            err.contains("shiprank extracts 12 [skill_coverage,"),
            "{err}"
        );
    }

    #[test]
    fn scorers_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<ModelScorer>();
    }
}
