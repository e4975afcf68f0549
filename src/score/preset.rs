//! Strategy presets: named sets of relative feature weights.

use super::weights::Weights;
use crate::feature::N_FEATURES;
use crate::names::named_enum;

named_enum! {
    /// A named set of feature weights.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub enum Preset: "strategy" {
        /// Shipped code and skills dominate; degree and certifications together weigh 3%.
        #[default]
        BuilderFirst = "builder-first",
        /// The traditional screen on degree, years and certifications, kept for comparison.
        CredentialFirst = "credential-first",
        /// Between the two.
        Balanced = "balanced",
    }
}

impl Preset {
    /// The preset's relative weights, in [`Feature::ALL`](crate::feature::Feature::ALL) order (they sum to 100).
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feature::Feature;

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
    fn presets_are_normalized_and_named() {
        for p in Preset::ALL {
            let total: f64 = p.weights().linear().weights().iter().sum();
            assert!((total - 1.0).abs() < 1e-12, "{p}");
            assert_eq!(p.name().parse::<Preset>(), Ok(p));
        }
        assert!("builder".parse::<Preset>().is_err());
    }
}
