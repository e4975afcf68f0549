//! Explanations: each score broken into the features behind it.
//!
//! An explanation is built from the same arithmetic as the score ([`Weights::contributions`]),
//! so its contributions add up to the score.

use serde::Serialize;

use crate::features::{Extraction, Feature};
use crate::strategy::{Score, Weights};

/// One feature's part in a score.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Term {
    /// Feature name.
    pub feature: &'static str,
    /// Feature value, in [0, 1].
    pub value: f64,
    /// Normalized weight.
    pub weight: f64,
    /// `weight × value`.
    pub contribution: f64,
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
    /// The score: the sum of the terms' contributions.
    pub score: Score,
    /// One term per feature, in feature order.
    pub terms: Vec<Term>,
}

/// Explains the score that `weights` give an extraction.
pub fn explain(weights: &Weights, extraction: &Extraction) -> Explanation {
    let contributions = weights.contributions(&extraction.features);
    let terms = Feature::ALL
        .iter()
        .map(|&f| {
            let i = f.index();
            Term {
                feature: f.name(),
                value: extraction.features[i],
                weight: weights.get(f),
                contribution: contributions[i],
                raw: extraction.raw[i],
                raw_unit: extraction.raw[i].and(f.raw_unit()),
            }
        })
        .collect();
    Explanation {
        score: weights.score(&extraction.features),
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
            let total: f64 = e.terms.iter().map(|t| t.contribution).sum();
            assert!((total - e.score).abs() < 1e-12);
            assert_eq!(e.terms.len(), N_FEATURES);
        }
    }
}
