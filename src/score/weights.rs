//! Linear scores: the one place a weighted sum of features and its contributions is computed.

use super::explanation::{Explanation, Term};
use super::Score;
use crate::feature::{Feature, FeatureVector, Raw, N_FEATURES};
use crate::learn::linear_score;

/// A score linear in the features: `intercept + Σ weight_i · feature_i`.
///
/// [`Linear::score`] and [`Linear::explain`] share [`Linear::contributions`], so an
/// explanation's contributions plus its intercept add up to the score exactly as it was
/// computed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Linear {
    weights: [f64; N_FEATURES],
    intercept: f64,
}

impl Linear {
    /// A linear score with these weights (in [`Feature::ALL`] order) and intercept.
    pub fn new(weights: [f64; N_FEATURES], intercept: f64) -> Linear {
        Linear { weights, intercept }
    }

    /// The weights, in [`Feature::ALL`] order.
    pub fn weights(&self) -> &[f64; N_FEATURES] {
        &self.weights
    }

    /// The part of every score no feature explains.
    pub fn intercept(&self) -> f64 {
        self.intercept
    }

    /// Each feature's contribution `weight × value`, in feature order.
    pub fn contributions(&self, features: &FeatureVector) -> [f64; N_FEATURES] {
        std::array::from_fn(|i| self.weights[i] * features[i])
    }

    /// The score: the intercept plus the contributions, added in feature order (by
    /// [`linear_score`], the sum learned linear models score with too).
    pub fn score(&self, features: &FeatureVector) -> Score {
        linear_score(&self.weights, self.intercept, features)
    }

    /// The score with every term behind it: [`Linear::score`] and its
    /// [`contributions`](Linear::contributions).
    pub fn explain(&self, features: &FeatureVector, raw: &Raw) -> Explanation {
        let contributions = self.contributions(features);
        Explanation {
            score: self.score(features),
            intercept: self.intercept,
            terms: Feature::ALL
                .iter()
                .map(|&f| {
                    let i = f.index();
                    Term::new(f, features[i], raw[i])
                        .with_contribution(self.weights[i], contributions[i])
                })
                .collect(),
        }
    }
}

/// Why relative weights cannot be normalized.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WeightError {
    /// A weight is negative, infinite or not a number.
    #[error("weight of {0} must be a non-negative number")]
    Negative(Feature),
    /// Every weight is zero.
    #[error("weights must not all be zero")]
    AllZero,
    /// The weights are so large that their sum is not a finite number.
    #[error("weights are too large to normalize (their sum is not finite)")]
    Overflow,
}

/// Strategy weights: each non-negative, summing to 1, so a score is a weighted mean of the
/// features, in [0, 1].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Weights(Linear);

impl Weights {
    /// Normalizes relative weights so they sum to 1.
    ///
    /// # Errors
    /// A negative or non-finite weight, weights that are all zero, or weights whose sum
    /// overflows.
    pub fn from_relative(relative: [f64; N_FEATURES]) -> Result<Weights, WeightError> {
        if let Some(&f) = Feature::ALL.iter().find(|f| {
            let w = relative[f.index()];
            !w.is_finite() || w < 0.0
        }) {
            return Err(WeightError::Negative(f));
        }
        let total: f64 = relative.iter().sum();
        if !total.is_finite() {
            return Err(WeightError::Overflow);
        }
        if total <= 0.0 {
            return Err(WeightError::AllZero);
        }
        Ok(Weights(Linear::new(relative.map(|w| w / total), 0.0)))
    }

    /// Relative weights (a preset's [`raw_weights`](super::Preset::raw_weights)) with some
    /// replaced, normalized.
    ///
    /// # Errors
    /// As [`Weights::from_relative`].
    pub fn with_overrides(
        mut relative: [f64; N_FEATURES],
        overrides: &[(Feature, f64)],
    ) -> Result<Weights, WeightError> {
        for &(feature, weight) in overrides {
            relative[feature.index()] = weight;
        }
        Weights::from_relative(relative)
    }

    /// These weights with `features` weighted 0, normalized again; `None` when nothing else
    /// has weight.
    pub fn without(&self, features: &[Feature]) -> Option<Weights> {
        let mut relative = self.0.weights;
        for f in features {
            relative[f.index()] = 0.0;
        }
        Weights::from_relative(relative).ok()
    }

    /// The weight of one feature.
    pub fn get(&self, feature: Feature) -> f64 {
        self.0.weights[feature.index()]
    }

    /// The weights as a linear score (intercept 0).
    pub fn linear(&self) -> &Linear {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::Preset;

    fn sample() -> FeatureVector {
        std::array::from_fn(|i| (i as f64 * 0.37).fract())
    }

    #[test]
    fn overrides_replace_then_renormalize() {
        let builder = Preset::BuilderFirst.raw_weights();
        let w = Weights::with_overrides(builder, &[(Feature::Degree, 0.0)]).unwrap();
        assert_eq!(w.get(Feature::Degree), 0.0);
        assert!((w.get(Feature::SkillCoverage) - 20.0 / 98.0).abs() < 1e-12);
        assert_eq!(
            Weights::with_overrides(builder, &[(Feature::Degree, -1.0)]),
            Err(WeightError::Negative(Feature::Degree))
        );
        assert_eq!(
            Weights::from_relative([0.0; N_FEATURES]),
            Err(WeightError::AllZero)
        );
    }

    #[test]
    fn without_zeroes_and_renormalizes() {
        let w = Preset::Balanced.weights();
        let v = w.without(&Feature::CREDENTIALS).unwrap();
        let kept = 1.0 - w.get(Feature::Degree) - w.get(Feature::Certifications);
        assert_eq!(v.get(Feature::Degree), 0.0);
        let ratio = v.get(Feature::Experience) / w.get(Feature::Experience);
        assert!((ratio - 1.0 / kept).abs() < 1e-12);
        let mut only = [0.0; N_FEATURES];
        only[Feature::Degree.index()] = 1.0;
        let credentials_only = Weights::from_relative(only).unwrap();
        assert!(credentials_only.without(&Feature::CREDENTIALS).is_none());
    }

    #[test]
    fn weights_whose_sum_overflows_are_refused() {
        let mut relative = [0.0; N_FEATURES];
        relative[0] = 1e308;
        relative[1] = 1e308;
        assert_eq!(Weights::from_relative(relative), Err(WeightError::Overflow));
    }

    #[test]
    fn score_is_the_intercept_plus_the_contributions() {
        let linear = Linear::new(std::array::from_fn(|i| i as f64 - 4.5), 0.25);
        let f = sample();
        let by_hand: f64 = 0.25 + linear.contributions(&f).iter().sum::<f64>();
        assert_eq!(linear.score(&f), by_hand);
    }

    #[test]
    fn explanations_add_up_to_the_score_exactly() {
        let raw = [None; N_FEATURES];
        for linear in [
            *Preset::Balanced.weights().linear(),
            Linear::new(std::array::from_fn(|i| 0.1 * i as f64), -0.3),
        ] {
            let e = linear.explain(&sample(), &raw);
            assert_eq!(e.score, linear.score(&sample()));
            let total: f64 =
                e.intercept + e.terms.iter().map(|t| t.contribution.unwrap()).sum::<f64>();
            assert!((total - e.score).abs() < 1e-12);
            assert_eq!(e.terms.len(), N_FEATURES);
        }
    }
}
