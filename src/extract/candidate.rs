//! Role-independent features, computed once per candidate.

use chrono::NaiveDate;

use crate::money::RateTable;
use crate::profile::{Candidate, Degree};
use crate::skills::{SkillProfile, SkillRoutes, Taxonomy};
use crate::timezone::UtcShift;

/// Weighted stars (`stars + 2·forks`) that saturate repository impact: 10^4.
pub(crate) const IMPACT_DECADES: f64 = 4.0;
/// Commits in 12 months that saturate commit activity.
pub(crate) const COMMITS_SATURATE: f64 = 500.0;
/// Half-life of code recency, in days.
pub(crate) const RECENCY_HALF_LIFE_DAYS: f64 = 180.0;
/// Certifications that saturate the certifications feature.
pub(crate) const CERTIFICATIONS_SATURATE: f64 = 3.0;

/// What a candidate brings to every role: the role-independent features and the quantities
/// that role-dependent features need.
#[derive(Clone, Debug, PartialEq)]
pub struct CandidateFeatures {
    /// Repository impact in [0, 1].
    pub repo_impact: f64,
    /// Commit activity in [0, 1].
    pub commit_activity: f64,
    /// Code recency in [0, 1].
    pub code_recency: f64,
    /// Degree feature in [0, 1].
    pub degree: f64,
    /// Certifications feature in [0, 1].
    pub certifications: f64,
    /// Number of certifications.
    pub certification_count: u32,
    /// Stars of the work counted for impact.
    pub stars: u64,
    /// Forks of the work counted for impact.
    pub forks: u64,
    /// Commits in the last 12 months.
    pub commits: u64,
    /// Days from the last public commit to the reference date; `None` without one, or when
    /// the only commits are dated after it (they earn nothing).
    pub days_since_commit: Option<i64>,
    /// Years of experience.
    pub years: f64,
    /// The candidate's working day on the UTC time line of the reference date.
    pub shift: Option<UtcShift>,
    /// Annual salary expectation in USD at the reference date.
    pub salary_usd: Option<f64>,
    /// Skills the candidate's public code shows (repository languages and topics), expanded.
    pub code_skills: SkillProfile,
}

impl CandidateFeatures {
    /// Computes the role-independent features of a candidate at a reference date.
    ///
    /// With nested repositories, impact counts original (non-fork) repositories only and the
    /// last commit is the latest push; otherwise the aggregate columns are used. Nothing dated
    /// after `as_of` earns credit (a last commit or push in the future, a repository created
    /// after it), so a past ranking can be replayed exactly.
    pub fn new(
        candidate: &Candidate,
        as_of: NaiveDate,
        taxonomy: &Taxonomy,
        rates: &RateTable,
    ) -> CandidateFeatures {
        let routes = taxonomy.routes();
        let buffer = SkillProfile::default();
        CandidateFeatures::reusing(candidate, as_of, taxonomy, routes, rates, buffer)
    }

    /// [`CandidateFeatures::new`], with `code_skills` expanded through `routes` (the
    /// taxonomy's, or [some of them](SkillRoutes::narrowed)) into a buffer given back (no
    /// allocation once it has grown).
    pub(crate) fn reusing(
        candidate: &Candidate,
        as_of: NaiveDate,
        taxonomy: &Taxonomy,
        routes: &SkillRoutes,
        rates: &RateTable,
        mut code_skills: SkillProfile,
    ) -> CandidateFeatures {
        let known_by = |d: &NaiveDate| *d <= as_of;
        let stated_commit = candidate.last_commit.filter(known_by);
        let languages = candidate.repo_languages.iter().map(|&s| (s, None));
        let (stars, forks, last_commit) = if candidate.repos.is_empty() {
            routes.expand_into(languages, &mut code_skills);
            (candidate.total_stars, candidate.total_forks, stated_commit)
        } else {
            let existing = candidate
                .repos
                .iter()
                .filter(|r| r.created_at.is_none_or(|c| known_by(&c)));
            let original = existing.clone().filter(|r| !r.fork);
            let stars = original.clone().map(|r| r.stargazers_count).sum();
            let forks = original.clone().map(|r| r.forks_count).sum();
            let pushed = existing.filter_map(|r| r.pushed_at).filter(known_by).max();
            let last = pushed.max(stated_commit);
            let shown = original
                .flat_map(|repo| repo.language.iter().chain(repo.topics.iter()))
                .filter_map(|n| taxonomy.resolve(n))
                .map(|s| (s, None));
            routes.expand_into(shown.chain(languages), &mut code_skills);
            (stars, forks, last)
        };
        let days_since_commit = last_commit.map(|d| (as_of - d).num_days().max(0));
        let weighted = stars as f64 + 2.0 * forks as f64;
        CandidateFeatures {
            repo_impact: ((1.0 + weighted).log10() / IMPACT_DECADES).min(1.0),
            commit_activity: ((1.0 + candidate.commits_last_year as f64).ln()
                / (1.0 + COMMITS_SATURATE).ln())
            .min(1.0),
            code_recency: days_since_commit
                .map_or(0.0, |d| (-(d as f64) / RECENCY_HALF_LIFE_DAYS).exp2()),
            degree: degree_value(candidate.degree),
            certifications: (f64::from(candidate.certifications) / CERTIFICATIONS_SATURATE)
                .min(1.0),
            certification_count: candidate.certifications,
            stars,
            forks,
            commits: candidate.commits_last_year,
            days_since_commit,
            years: candidate.years_experience,
            shift: candidate
                .timezone
                .map(|tz| UtcShift::place_remembered(tz, candidate.work_hours, as_of)),
            salary_usd: candidate
                .salary
                .and_then(|s| rates.to_usd(s.amount, s.currency, as_of)),
            code_skills,
        }
    }
}

/// The degree feature's value for each degree.
pub(crate) fn degree_value(degree: Degree) -> f64 {
    match degree {
        Degree::None => 0.0,
        Degree::Bootcamp => 0.3,
        Degree::Associate => 0.4,
        Degree::Bachelor => 0.6,
        Degree::Master => 0.8,
        Degree::Phd => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Repo;

    fn as_of() -> NaiveDate {
        "2026-06-01".parse().unwrap()
    }

    fn features(c: &Candidate) -> CandidateFeatures {
        CandidateFeatures::new(c, as_of(), Taxonomy::bundled(), RateTable::bundled())
    }

    #[test]
    fn impact_is_log_scaled_and_saturates() {
        let mut c = Candidate {
            total_stars: 99,
            ..Candidate::default()
        };
        assert!((features(&c).repo_impact - 0.5).abs() < 1e-12);
        c.total_stars = 1_000_000;
        assert_eq!(features(&c).repo_impact, 1.0);
        c.total_stars = 0;
        assert_eq!(features(&c).repo_impact, 0.0);
    }

    #[test]
    fn recency_halves_every_180_days() {
        let mut c = Candidate {
            last_commit: Some(as_of() - chrono::Duration::days(180)),
            ..Candidate::default()
        };
        assert!((features(&c).code_recency - 0.5).abs() < 1e-12);
        c.last_commit = Some(as_of() + chrono::Duration::days(3));
        assert_eq!(
            features(&c).code_recency,
            0.0,
            "a commit after the reference date is no evidence: a replay must not see the future"
        );
        assert_eq!(features(&c).days_since_commit, None);
        c.last_commit = None;
        assert_eq!(features(&c).code_recency, 0.0);
    }

    #[test]
    fn nested_repositories_count_original_work_only() {
        let repo = |stars, fork| Repo {
            name: "r".into(),
            language: Some("Rust".into()),
            stargazers_count: stars,
            fork,
            ..Repo::default()
        };
        let forker = Candidate {
            repos: vec![repo(5000, true), repo(3, false)],
            ..Candidate::default()
        };
        let builder = Candidate {
            repos: vec![repo(5000, false)],
            ..Candidate::default()
        };
        assert_eq!(features(&forker).stars, 3);
        assert!(features(&builder).repo_impact > features(&forker).repo_impact);
        let rust = Taxonomy::bundled().resolve("rust").unwrap();
        assert!(features(&builder).code_skills.get(rust).is_some());
    }

    #[test]
    fn salary_is_converted_at_the_reference_date() {
        let salary = crate::profile::Salary {
            amount: 100_000.0,
            currency: "BRL".parse().unwrap(),
        };
        let c = Candidate {
            salary: Some(salary),
            ..Candidate::default()
        };
        let usd = features(&c).salary_usd.unwrap();
        let rate = RateTable::bundled()
            .usd_per_unit(salary.currency, as_of())
            .unwrap();
        assert!((usd - 100_000.0 * rate).abs() < 1e-9);
    }
}
