//! The scorer interface: presets and learned models score and explain pairs through it.

use std::fmt;

use super::explanation::Explanation;
use super::weights::{Linear, Weights};
use super::Score;
use crate::feature::{FeatureVector, Raw};

/// Turns a pair's features into a score and explains it: a preset's weights, or a learned
/// model.
pub trait Scorer: Send + Sync + fmt::Debug {
    /// A short name shown in outputs (`builder-first`, `model:pairwise`).
    fn name(&self) -> String;

    /// For a score that is linear in the features, its weights and intercept; `None`
    /// otherwise. Linear scorers score through [`Linear::score`], and the ranking's batch
    /// kernel scores many roles at once from these weights.
    fn linear(&self) -> Option<&Linear>;

    /// The score of one pair's features; higher is better. A linear scorer returns
    /// [`Linear::score`].
    fn score(&self, features: &FeatureVector) -> Score;

    /// The score with the terms behind it, from the same arithmetic as [`Scorer::score`]: for
    /// a linear scorer the contributions plus the intercept add up to the score; otherwise the
    /// feature values are shown without contributions.
    fn explain(&self, features: &FeatureVector, raw: &Raw) -> Explanation {
        match self.linear() {
            Some(linear) => linear.explain(features, raw),
            None => Explanation::values(self.score(features), features, raw),
        }
    }
}

impl Scorer for Weights {
    fn name(&self) -> String {
        "weights".into()
    }

    fn linear(&self) -> Option<&Linear> {
        Some(Weights::linear(self))
    }

    fn score(&self, features: &FeatureVector) -> Score {
        Weights::linear(self).score(features)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feature::N_FEATURES;
    use crate::score::Preset;

    #[test]
    fn a_preset_scores_and_explains_with_one_arithmetic() {
        let w = Preset::BuilderFirst.weights();
        let f: FeatureVector = std::array::from_fn(|i| ((i * 7) % 10) as f64 / 10.0);
        let e = w.explain(&f, &[None; N_FEATURES]);
        assert_eq!(e.score, Scorer::score(&w, &f));
        let total: f64 = e.terms.iter().map(|t| t.contribution.unwrap()).sum();
        assert!((total - e.score).abs() < 1e-12);
    }

    #[test]
    fn scorers_cross_threads() {
        fn check<T: Send + Sync>() {}
        check::<Weights>();
        check::<Linear>();
    }
}
