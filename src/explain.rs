//! Explanations: each score broken into the features behind it.
//!
//! An explanation is built from the same arithmetic as the score ([`Weights::contributions`]),
//! so its contributions add up to the score.

use serde::Serialize;

use crate::features::{Extraction, Feature};
use crate::strategy::{Score, Scorer};

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
    /// `weight × value` (`None` for a non-linear model).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contribution: Option<f64>,
    /// The raw quantity behind the value, where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw: Option<f64>,
    /// What `raw` measures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw_unit: Option<&'static str>,
}

/// A score and the terms it is the sum of.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explanation {
    /// The score: the intercept plus the terms' contributions, for a linear scorer.
    pub score: Score,
    /// The part of the score no feature explains (0 for presets).
    #[serde(skip_serializing_if = "is_zero")]
    pub intercept: f64,
    /// One term per feature, in feature order.
    pub terms: Vec<Term>,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

/// Explains the score a scorer gives an extraction.
///
/// For a linear scorer each term carries its weight and contribution, and the contributions
/// plus the intercept add up to the score; for another model only the values are shown.
pub fn explain(scorer: &dyn Scorer, extraction: &Extraction) -> Explanation {
    let linear = scorer.linear();
    let terms = Feature::ALL
        .iter()
        .map(|&f| {
            let i = f.index();
            let value = extraction.features[i];
            Term {
                feature: f.name(),
                value,
                weight: linear.map(|(w, _)| w[i]),
                contribution: linear.map(|(w, _)| w[i] * value),
                raw: extraction.raw[i],
                raw_unit: extraction.raw[i].and(f.raw_unit()),
            }
        })
        .collect();
    Explanation {
        score: scorer.score(&extraction.features),
        intercept: linear.map_or(0.0, |(_, b)| b),
        terms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::N_FEATURES;
    use crate::strategy::Preset;

    #[test]
    fn contributions_sum_to_the_score() {
        let extraction = Extraction {
            features: std::array::from_fn(|i| ((i * 7) % 10) as f64 / 10.0),
            raw: [None; N_FEATURES],
            exclusion: None,
        };
        for preset in Preset::ALL {
            let e = explain(&preset.weights(), &extraction);
            let total: f64 = e.terms.iter().map(|t| t.contribution.unwrap()).sum();
            assert!((total - e.score).abs() < 1e-12);
            assert_eq!(e.terms.len(), N_FEATURES);
        }
    }
}
