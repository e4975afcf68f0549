//! A scorer with some features ignored: set to 0 for everyone.

use std::fmt;

use super::weights::Linear;
use super::{Score, Scorer};
use crate::feature::{Feature, FeatureVector};

/// Another scorer with `features` ignored: their values set to 0 for every pair before
/// scoring. For a linear scorer this is its weights on them set to 0 (any value the same for
/// everyone would rank alike); for a model, everyone is scored as holding none of them.
pub struct Ignoring<'a> {
    inner: &'a dyn Scorer,
    features: Vec<Feature>,
    linear: Option<Linear>,
}

impl<'a> Ignoring<'a> {
    /// `inner` with `features` ignored.
    pub fn new(inner: &'a dyn Scorer, features: &[Feature]) -> Ignoring<'a> {
        let linear = inner.linear().map(|l| {
            let mut weights = *l.weights();
            for f in features {
                weights[f.index()] = 0.0;
            }
            Linear::new(weights, l.intercept())
        });
        Ignoring {
            inner,
            features: features.to_vec(),
            linear,
        }
    }
}

impl fmt::Debug for Ignoring<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ignoring")
            .field("inner", &self.inner.name())
            .field("features", &self.features)
            .finish()
    }
}

impl Scorer for Ignoring<'_> {
    fn name(&self) -> String {
        self.inner.name()
    }

    fn linear(&self) -> Option<&Linear> {
        self.linear.as_ref()
    }

    fn score(&self, features: &FeatureVector) -> Score {
        match &self.linear {
            Some(linear) => linear.score(features),
            None => {
                let mut x = *features;
                for f in &self.features {
                    x[f.index()] = 0.0;
                }
                self.inner.score(&x)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::Preset;

    /// A non-linear scorer for the test: the product of two features.
    #[derive(Debug)]
    struct Product;

    impl Scorer for Product {
        fn name(&self) -> String {
            "product".into()
        }
        fn linear(&self) -> Option<&Linear> {
            None
        }
        fn score(&self, f: &FeatureVector) -> Score {
            (1.0 + f[Feature::Degree.index()]) * f[Feature::Experience.index()]
        }
    }

    #[test]
    fn ignored_features_no_longer_move_the_score() {
        let mut a: FeatureVector = [0.5; crate::feature::N_FEATURES];
        let mut b = a;
        a[Feature::Degree.index()] = 1.0;
        b[Feature::Degree.index()] = 0.0;
        let weights = Preset::CredentialFirst.weights();
        for inner in [&weights as &dyn Scorer, &Product] {
            assert_ne!(inner.score(&a), inner.score(&b));
            let ignoring = Ignoring::new(inner, &Feature::CREDENTIALS);
            assert_eq!(ignoring.score(&a), ignoring.score(&b));
        }
        assert_eq!(
            Ignoring::new(&Product, &Feature::CREDENTIALS).score(&a),
            0.5,
            "degree 0 for everyone"
        );
    }
}
