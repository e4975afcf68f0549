//! Explanations: each score broken into the features behind it.
//!
//! Explanations are made by the scorers themselves ([`Scorer::explain`](super::Scorer::explain)),
//! from the arithmetic that computes the score, so a linear score's contributions add up to it.

use serde::Serialize;

use super::Score;
use crate::feature::{Feature, FeatureVector, Raw};

/// One feature's part in a score.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Term {
    /// Feature name.
    pub feature: &'static str,
    /// Feature value, in [0, 1].
    pub value: f64,
    /// Weight in the score (normalized for presets; `None` for a non-linear model).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    /// The feature's part in the score: `weight × value` for a linear scorer, its exact SHAP
    /// value for a tree model (`None` for other models).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contribution: Option<f64>,
    /// The raw quantity behind the value, where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw: Option<f64>,
    /// What `raw` measures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw_unit: Option<&'static str>,
}

impl Term {
    /// A feature's value and raw quantity, without a weight.
    pub fn new(feature: Feature, value: f64, raw: Option<f64>) -> Term {
        Term {
            feature: feature.name(),
            value,
            weight: None,
            contribution: None,
            raw,
            raw_unit: raw.and(feature.raw_unit()),
        }
    }

    /// The term with its weight and contribution to a linear score.
    pub fn with_contribution(self, weight: f64, contribution: f64) -> Term {
        Term {
            weight: Some(weight),
            contribution: Some(contribution),
            ..self
        }
    }
}

/// A score and the terms behind it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explanation {
    /// The score: the intercept plus the terms' contributions, when there are contributions.
    pub score: Score,
    /// The part of the score no feature explains: 0 for presets, a linear model's intercept, a
    /// tree model's expected value over its training data.
    #[serde(skip_serializing_if = "is_zero")]
    pub intercept: f64,
    /// One term per feature, in feature order.
    pub terms: Vec<Term>,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

impl Explanation {
    /// The explanation of a score that is not linear in the features: the values behind it,
    /// without contributions.
    pub fn values(score: Score, features: &FeatureVector, raw: &Raw) -> Explanation {
        Explanation {
            score,
            intercept: 0.0,
            terms: Feature::ALL
                .iter()
                .map(|&f| Term::new(f, features[f.index()], raw[f.index()]))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feature::N_FEATURES;

    #[test]
    fn raw_units_are_shown_only_with_a_raw_quantity() {
        let t = Term::new(Feature::RepoImpact, 0.5, Some(120.0));
        assert_eq!(t.raw_unit, Some("stars"));
        assert_eq!(Term::new(Feature::RepoImpact, 0.5, None).raw_unit, None);
        let e = Explanation::values(0.3, &[0.5; N_FEATURES], &[None; N_FEATURES]);
        assert!(e.terms.iter().all(|t| t.contribution.is_none()));
        assert_eq!(e.score, 0.3);
    }
}
