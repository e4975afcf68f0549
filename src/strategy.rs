//! Scoring strategies: transparent weighted sums over the features.

use std::fmt;
use std::str::FromStr;

use crate::features::{Feature, FeatureVector, N_FEATURES};

/// A match score: a weighted mean of features, in [0, 1], higher is better.
pub type Score = f64;

/// Turns a pair's features into a score: a preset's weights, or a learned model.
pub trait Scorer: Send + Sync + fmt::Debug {
    /// A short name shown in outputs (`builder-first`, `model:pairwise`).
    fn name(&self) -> String;

    /// The score of one pair's features; higher is better.
    fn score(&self, features: &FeatureVector) -> Score;

    /// For a score that is linear in the features, `(weights, intercept)` with
    /// `score = intercept + Σ weight_i × feature_i`; `None` otherwise.
    fn linear(&self) -> Option<([f64; N_FEATURES], f64)>;
}

/// A named set of feature weights.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Preset {
    /// Shipped code and skills dominate; degree and certifications together weigh 3%.
    #[default]
    BuilderFirst,
    /// The traditional screen on degree, years and certifications, kept for comparison.
    CredentialFirst,
    /// Between the two.
    Balanced,
}

impl Preset {
    /// Every preset.
    pub const ALL: [Preset; 3] = [
        Preset::BuilderFirst,
        Preset::CredentialFirst,
        Preset::Balanced,
    ];

    /// The name used on the command line and in role files.
    pub fn name(self) -> &'static str {
        match self {
            Preset::BuilderFirst => "builder-first",
            Preset::CredentialFirst => "credential-first",
            Preset::Balanced => "balanced",
        }
    }

    /// The preset's relative weights, in [`Feature::ALL`] order (they sum to 100).
    pub fn raw_weights(self) -> [f64; N_FEATURES] {
        // skill_coverage, skill_depth, nice_to_have, repo_impact, commit_activity, code_recency,
        // code_relevance, experience, timezone_overlap, salary_fit, degree, certifications
        match self {
            Preset::BuilderFirst => [20., 8., 4., 14., 12., 8., 10., 8., 8., 5., 2., 1.],
            Preset::CredentialFirst => [15., 5., 2., 0., 0., 0., 0., 25., 4., 4., 30., 15.],
            Preset::Balanced => [16., 8., 4., 9., 8., 5., 7., 12., 8., 8., 10., 5.],
        }
    }

    /// The preset's weights, normalized.
    pub fn weights(self) -> Weights {
        Weights::from_relative(self.raw_weights()).expect("presets are valid")
    }
}

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Preset {
    type Err = String;

    fn from_str(s: &str) -> Result<Preset, String> {
        Preset::ALL.into_iter().find(|p| p.name() == s).ok_or_else(|| {
            format!("unknown strategy \"{s}\" (expected builder-first, credential-first or balanced)")
        })
    }
}

/// Feature weights, each non-negative, summing to 1: a score is their weighted mean.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Weights([f64; N_FEATURES]);

impl Weights {
    /// Normalizes relative weights so they sum to 1.
    ///
    /// # Errors
    /// A negative or non-finite weight, or weights that are all zero.
    pub fn from_relative(relative: [f64; N_FEATURES]) -> Result<Weights, String> {
        if let Some(f) = Feature::ALL.iter().find(|f| {
            let w = relative[f.index()];
            !w.is_finite() || w < 0.0
        }) {
            return Err(format!("weight of {f} must be a non-negative number"));
        }
        let total: f64 = relative.iter().sum();
        if total <= 0.0 {
            return Err("weights must not all be zero".into());
        }
        Ok(Weights(relative.map(|w| w / total)))
    }

    /// A preset's relative weights with some replaced, normalized.
    ///
    /// # Errors
    /// As [`Weights::from_relative`].
    pub fn with_overrides(preset: Preset, overrides: &[(Feature, f64)]) -> Result<Weights, String> {
        let mut relative = preset.raw_weights();
        for &(feature, weight) in overrides {
            relative[feature.index()] = weight;
        }
        Weights::from_relative(relative)
    }

    /// The weight of one feature.
    pub fn get(&self, feature: Feature) -> f64 {
        self.0[feature.index()]
    }

    /// All weights, in [`Feature::ALL`] order.
    pub fn as_array(&self) -> &[f64; N_FEATURES] {
        &self.0
    }

    /// Each feature's contribution `weight × value`, in feature order.
    pub fn contributions(&self, features: &FeatureVector) -> [f64; N_FEATURES] {
        std::array::from_fn(|i| self.0[i] * features[i])
    }

    /// The score: the sum of the contributions, added in feature order, so it equals the sum
    /// of [`Weights::contributions`] exactly.
    pub fn score(&self, features: &FeatureVector) -> Score {
        self.contributions(features).iter().sum()
    }
}

impl Scorer for Weights {
    fn name(&self) -> String {
        "weights".into()
    }

    fn score(&self, features: &FeatureVector) -> Score {
        Weights::score(self, features)
    }

    fn linear(&self) -> Option<([f64; N_FEATURES], f64)> {
        Some((self.0, 0.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_first_gives_credentials_at_most_five_percent() {
        let w = Preset::BuilderFirst.weights();
        assert!(w.get(Feature::Degree) + w.get(Feature::Certifications) <= 0.05);
        let code = [
            Feature::RepoImpact,
            Feature::CommitActivity,
            Feature::CodeRecency,
        ];
        let shipped: f64 = code.iter().map(|&f| w.get(f)).sum();
        assert!(shipped > 0.3, "shipped code dominates: {shipped}");
    }

    #[test]
    fn credential_first_ignores_public_code() {
        let w = Preset::CredentialFirst.weights();
        assert_eq!(w.get(Feature::RepoImpact), 0.0);
        assert!(w.get(Feature::Degree) > w.get(Feature::SkillCoverage));
    }

    #[test]
    fn presets_are_normalized() {
        for p in Preset::ALL {
            let total: f64 = p.weights().as_array().iter().sum();
            assert!((total - 1.0).abs() < 1e-12, "{p}");
            assert_eq!(p.name().parse::<Preset>(), Ok(p));
        }
    }

    #[test]
    fn overrides_replace_then_renormalize() {
        let w = Weights::with_overrides(Preset::BuilderFirst, &[(Feature::Degree, 0.0)]).unwrap();
        assert_eq!(w.get(Feature::Degree), 0.0);
        assert!((w.get(Feature::SkillCoverage) - 20.0 / 98.0).abs() < 1e-12);
        assert!(Weights::with_overrides(Preset::Balanced, &[(Feature::Degree, -1.0)]).is_err());
        assert!(Weights::from_relative([0.0; N_FEATURES]).is_err());
    }

    #[test]
    fn score_is_the_sum_of_contributions() {
        let w = Preset::Balanced.weights();
        let f: FeatureVector = std::array::from_fn(|i| (i as f64 * 0.37).fract());
        assert_eq!(w.score(&f), w.contributions(&f).iter().sum::<f64>());
    }
}
