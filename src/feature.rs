//! The features' names, order and documentation.

use crate::names::named_enum;

/// How many features there are.
pub const N_FEATURES: usize = Feature::ALL.len();

/// Feature values in [`Feature::ALL`] order, each in [0, 1].
pub type FeatureVector = [f64; N_FEATURES];

/// The raw quantity behind each feature, where there is one (see [`Feature::raw_unit`]).
pub type Raw = [Option<f64>; N_FEATURES];

named_enum! {
    /// One feature of a candidate–role pair. Every feature is in [0, 1], higher is better.
    ///
    /// The formulas below use: `imp_r` the importance of required skill `r`, `c_r` the candidate's
    /// best credit for it (1 stated or implied, partial for a related skill, 0 absent), `y_r` the
    /// years behind that credit.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Feature: "feature" {
        /// `Σ imp_r·c_r / Σ imp_r` over required skills (1 when the role requires none).
        SkillCoverage = "skill_coverage",
        /// `Σ imp_r·c_r·min(1, y_r/t_r) / Σ imp_r`, `t_r` the skill's minimum years (default 3).
        SkillDepth = "skill_depth",
        /// `Σ c_n / N` over the N nice-to-have skills (1 when there are none).
        NiceToHave = "nice_to_have",
        /// `min(1, log10(1 + stars + 2·forks) / 4)`: 10,000 weighted stars saturate. With nested
        /// repositories only original (non-fork) work counts.
        RepoImpact = "repo_impact",
        /// `min(1, ln(1 + commits) / ln(501))` over the last 12 months: 500 commits saturate.
        CommitActivity = "commit_activity",
        /// `2^(−days/180)` since the last public commit (half-life 180 days); 0 with none.
        CodeRecency = "code_recency",
        /// Share of the role's code-evidenced skills (its languages; all its skills when it names no
        /// language) that the candidate's repository languages and topics show, importance-weighted
        /// (nice-to-have skills at half weight), with taxonomy credit.
        CodeRelevance = "code_relevance",
        /// Years `y` against the role's minimum `m` (at least 1): `0.75·y/m` below it, then
        /// `0.75 + 0.25·min(1, (y−m)/m)`, saturating at `2m`.
        Experience = "experience",
        /// `min(1, h / target)` with `h` the hours per day shared with the team's core hours at the
        /// reference date and `target` the role's `min_overlap_hours` (default 4); 0.5 when either
        /// time zone is unknown, 1 when the role names no team time zone.
        TimezoneOverlap = "timezone_overlap",
        /// 1 at or below the band's maximum `M` (in USD at the reference date), then
        /// `2^(−(e−M)/(0.2·M))` for an expectation `e` above it; 0.5 when unstated, 1 with no band.
        SalaryFit = "salary_fit",
        /// none 0, bootcamp 0.3, associate 0.4, bachelor 0.6, master 0.8, phd 1.
        Degree = "degree",
        /// `min(1, n/3)` for `n` certifications.
        Certifications = "certifications",
    }
}

impl Feature {
    /// The credentials: what a candidate holds on paper rather than shows in code.
    pub const CREDENTIALS: [Feature; 2] = [Feature::Degree, Feature::Certifications];

    /// The feature's position in a [`FeatureVector`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// What the raw quantity behind the feature is, where it has one.
    pub fn raw_unit(self) -> Option<&'static str> {
        match self {
            Feature::SkillCoverage => Some("required skills matched"),
            Feature::NiceToHave => Some("nice-to-have skills matched"),
            Feature::RepoImpact => Some("stars"),
            Feature::CommitActivity => Some("commits in the last 12 months"),
            Feature::CodeRecency => Some("days since the last commit"),
            Feature::Experience => Some("years"),
            Feature::TimezoneOverlap => Some("overlap hours"),
            Feature::SalaryFit => Some("salary expectation in USD"),
            Feature::Certifications => Some("certifications"),
            Feature::SkillDepth | Feature::CodeRelevance | Feature::Degree => None,
        }
    }

    /// What the feature measures, in one line (for people tuning weights).
    pub fn summary(self) -> &'static str {
        match self {
            Feature::SkillCoverage => "required skills the candidate has, by importance",
            Feature::SkillDepth => "years behind each required skill against the role's",
            Feature::NiceToHave => "nice-to-have skills the candidate has",
            Feature::RepoImpact => "stars and forks of public repositories (10,000 saturate)",
            Feature::CommitActivity => "public commits in the last 12 months (500 saturate)",
            Feature::CodeRecency => "how recent the last public commit is (half-life 180 days)",
            Feature::CodeRelevance => "the role's languages seen in the candidate's repositories",
            Feature::Experience => "years of experience against the role's minimum",
            Feature::TimezoneOverlap => "working hours shared with the team",
            Feature::SalaryFit => "salary expectation against the role's band",
            Feature::Degree => "highest degree",
            Feature::Certifications => "professional certifications",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_indices_match_order() {
        for (i, f) in Feature::ALL.into_iter().enumerate() {
            assert_eq!(f.index(), i);
            assert_eq!(f.name().parse::<Feature>(), Ok(f));
        }
        assert!("stars".parse::<Feature>().is_err());
    }
}
