//! Role-dependent features: a prepared role meets a candidate's features.

use chrono::NaiveDate;

use super::candidate::CandidateFeatures;
use crate::feature::{Feature, FeatureVector, Raw, N_FEATURES};
use crate::role::Role;
use crate::skills::{SkillId, SkillProfile, Taxonomy};
use crate::timezone::UtcShift;

/// Above the band's top, salary fit halves every this fraction of the top.
pub(crate) const SALARY_HALF_LIFE: f64 = 0.2;
/// The value of a feature whose input is unknown: neither rewarded nor punished.
pub(crate) const UNKNOWN: f64 = 0.5;

/// Why a hard filter excluded a candidate from a role.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Exclusion {
    /// A must-have skill is neither stated nor implied.
    MissingSkill(SkillId),
    /// The salary expectation is above the role's maximum.
    SalaryAboveMax {
        /// The expectation, annual USD.
        salary_usd: f64,
        /// The maximum, annual USD.
        max_usd: f64,
    },
    /// The overlap with the team is below the role's minimum.
    OverlapBelowMin {
        /// Overlap hours.
        hours: f64,
        /// Minimum hours.
        min: f64,
    },
}

impl Exclusion {
    /// A short reason without the candidate's figures, for counting exclusions by kind.
    pub fn kind(&self, taxonomy: &Taxonomy) -> String {
        match self {
            Exclusion::MissingSkill(s) => format!("missing must-have skill {}", taxonomy.name(*s)),
            Exclusion::SalaryAboveMax { .. } => "salary above maximum".into(),
            Exclusion::OverlapBelowMin { .. } => "overlap below minimum".into(),
        }
    }

    /// The position of this reason among a role's reasons: its must-have skills in order, then
    /// salary, then overlap (see [`Exclusion::reasons`]).
    pub fn index(&self, role: &Role) -> usize {
        let k = role.filters.must_have.len();
        match self {
            Exclusion::MissingSkill(s) => role
                .filters
                .must_have
                .iter()
                .position(|m| m == s)
                .unwrap_or(0),
            Exclusion::SalaryAboveMax { .. } => k,
            Exclusion::OverlapBelowMin { .. } => k + 1,
        }
    }

    /// The kinds of reason a role can exclude for, by [`Exclusion::index`].
    pub fn reasons(role: &Role, taxonomy: &Taxonomy) -> Vec<String> {
        let mut out: Vec<String> = role
            .filters
            .must_have
            .iter()
            .map(|&s| Exclusion::MissingSkill(s).kind(taxonomy))
            .collect();
        out.push("salary above maximum".into());
        out.push("overlap below minimum".into());
        out
    }

    /// The full reason, with the candidate's figures.
    pub fn describe(&self, taxonomy: &Taxonomy) -> String {
        match self {
            Exclusion::MissingSkill(_) => self.kind(taxonomy),
            Exclusion::SalaryAboveMax {
                salary_usd,
                max_usd,
            } => {
                format!("salary above maximum ({salary_usd:.0} > {max_usd:.0} USD)")
            }
            Exclusion::OverlapBelowMin { hours, min } => {
                format!("overlap below minimum ({hours} < {min} hours)")
            }
        }
    }
}

/// The features of one candidate–role pair.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Extraction {
    /// Feature values, each in [0, 1].
    pub features: FeatureVector,
    /// The raw quantity behind each feature, where there is one.
    pub raw: Raw,
    /// The hard filter that excludes the pair, if any.
    pub exclusion: Option<Exclusion>,
    /// The role's skills the candidate holds with full credit (stated or implied): bit `i`
    /// for the role's slot `i` (see [`Role::slots`], [`Role::skill_names`]).
    pub held: u64,
}

/// A role prepared for one run: the team's hours placed on the reference date, money
/// converted to USD at it.
#[derive(Clone, Debug)]
pub struct RoleContext<'r> {
    /// The role.
    pub role: &'r Role,
    team_shift: Option<UtcShift>,
    band_max_usd: Option<f64>,
    max_salary_usd: Option<f64>,
    required_total: f64,
    code_total: f64,
    n_nice: usize,
}

impl<'r> RoleContext<'r> {
    /// Prepares a role for a run at `as_of`.
    pub fn new(role: &'r Role, as_of: NaiveDate) -> RoleContext<'r> {
        RoleContext {
            role,
            team_shift: role
                .team
                .map(|t| UtcShift::place(t.timezone, t.core_hours, as_of)),
            band_max_usd: role.band_max_usd(as_of),
            max_salary_usd: role.max_salary_usd(as_of),
            required_total: role.required.iter().map(|r| r.importance).sum(),
            code_total: role.slots().iter().map(|s| s.code_weight).sum(),
            n_nice: role.nice.len(),
        }
    }

    /// The team's working day on the reference date's UTC time line.
    pub(crate) fn team_shift(&self) -> Option<UtcShift> {
        self.team_shift
    }

    /// The top of the salary band in USD.
    pub(crate) fn band_max_usd(&self) -> Option<f64> {
        self.band_max_usd
    }

    /// The salary filter's maximum in USD.
    pub(crate) fn max_salary_usd(&self) -> Option<f64> {
        self.max_salary_usd
    }

    /// Sum of required-skill importances, code weights, and the number of nice-to-have skills.
    pub(crate) fn totals(&self) -> (f64, f64, usize) {
        (self.required_total, self.code_total, self.n_nice)
    }

    /// Extracts the pair's features and applies the hard filters.
    ///
    /// The cost is one table lookup per expanded candidate skill, plus a little arithmetic for
    /// each skill that matches; there is no pass over the skills the role names.
    pub fn extract(&self, candidate: &CandidateFeatures, skills: &SkillProfile) -> Extraction {
        let role = self.role;
        let slots = role.slots();
        // A profile holds each skill once and a role gives each skill one slot, so every slot
        // meets at most one candidate skill: accumulate as the lookups hit, with no pass over
        // the role's slots.
        let (mut coverage, mut depth, mut nice, mut relevance) = (0.0, 0.0, 0.0, 0.0);
        let (mut matched_required, mut matched_nice) = (0.0, 0.0);
        let mut held = 0u64;
        for m in skills.matches() {
            let Some(i) = role.slot_of(m.skill) else {
                continue;
            };
            let slot = &slots[i];
            let (credit, years) = (f64::from(m.credit), f64::from(m.years));
            if slot.importance > 0.0 {
                coverage += slot.importance * credit;
                depth += slot.importance * credit * (years / slot.target_years).min(1.0);
                matched_required += f64::from(u8::from(credit >= 1.0));
            }
            if slot.nice {
                nice += credit;
                matched_nice += f64::from(u8::from(credit >= 1.0));
            }
            if credit >= 1.0 {
                held |= 1 << i;
            }
        }
        if self.code_total > 0.0 {
            for m in candidate.code_skills.matches() {
                if let Some(i) = role.slot_of(m.skill) {
                    relevance += slots[i].code_weight * f64::from(m.credit);
                }
            }
        }
        let ratio = |num: f64, den: f64| if den > 0.0 { num / den } else { 1.0 };
        let overlap = match (self.team_shift, candidate.shift) {
            (Some(team), Some(own)) => Some(team.overlap_hours(own)),
            _ => None,
        };
        let mut f = [0.0; N_FEATURES];
        let mut raw: Raw = [None; N_FEATURES];
        let mut set = |feature: Feature, value: f64, quantity: Option<f64>| {
            f[feature.index()] = value;
            raw[feature.index()] = quantity;
        };
        set(
            Feature::SkillCoverage,
            ratio(coverage, self.required_total),
            Some(matched_required),
        );
        set(Feature::SkillDepth, ratio(depth, self.required_total), None);
        set(
            Feature::NiceToHave,
            ratio(nice, self.n_nice as f64),
            Some(matched_nice),
        );
        set(
            Feature::RepoImpact,
            candidate.repo_impact,
            Some(candidate.stars as f64),
        );
        set(
            Feature::CommitActivity,
            candidate.commit_activity,
            Some(candidate.commits as f64),
        );
        set(
            Feature::CodeRecency,
            candidate.code_recency,
            candidate.days_since_commit.map(|d| d as f64),
        );
        set(
            Feature::CodeRelevance,
            if self.code_total > 0.0 {
                relevance / self.code_total
            } else {
                0.0
            },
            None,
        );
        set(
            Feature::Experience,
            experience(candidate.years, role.min_years),
            Some(candidate.years),
        );
        let tz = match (self.team_shift, overlap) {
            (None, _) => 1.0,
            (Some(_), None) => UNKNOWN,
            (Some(_), Some(h)) => (h / role.target_overlap_hours).min(1.0),
        };
        set(Feature::TimezoneOverlap, tz, overlap);
        let salary = match (self.band_max_usd, candidate.salary_usd) {
            (None, _) => 1.0,
            (Some(_), None) => UNKNOWN,
            (Some(max), Some(e)) if e <= max => 1.0,
            (Some(max), Some(e)) => super::math::exp2(-(e - max) / (SALARY_HALF_LIFE * max)),
        };
        set(Feature::SalaryFit, salary, candidate.salary_usd);
        set(Feature::Degree, candidate.degree, None);
        set(
            Feature::Certifications,
            candidate.certifications,
            Some(f64::from(candidate.certification_count)),
        );
        let exclusion = self.exclusion(held, overlap, candidate.salary_usd);
        Extraction {
            features: f,
            raw,
            exclusion,
            held,
        }
    }

    /// The first hard filter the pair fails. Unknown values pass: filters act on evidence.
    fn exclusion(
        &self,
        held: u64,
        overlap: Option<f64>,
        salary_usd: Option<f64>,
    ) -> Option<Exclusion> {
        let role = self.role;
        for &slot in role.must_have_slots() {
            if held & (1 << slot) == 0 {
                return Some(Exclusion::MissingSkill(
                    role.slots()[usize::from(slot)].skill,
                ));
            }
        }
        if let (Some(max_usd), Some(salary_usd)) = (self.max_salary_usd, salary_usd) {
            if salary_usd > max_usd {
                return Some(Exclusion::SalaryAboveMax {
                    salary_usd,
                    max_usd,
                });
            }
        }
        if let (Some(min), Some(hours)) = (role.filters.min_overlap_hours, overlap) {
            if hours < min {
                return Some(Exclusion::OverlapBelowMin { hours, min });
            }
        }
        None
    }
}

/// The experience feature: see [`Feature::Experience`].
pub(crate) fn experience(years: f64, min_years: f64) -> f64 {
    let m = min_years.max(1.0);
    if years < m {
        0.75 * years / m
    } else {
        0.75 + 0.25 * ((years - m) / m).min(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::RateTable;
    use crate::profile::Candidate;

    const ROLE: &str = r#"
[[role]]
id = "ml"
min_years = 4
team_timezone = "America/Los_Angeles"
min_overlap_hours = 4
required = [{ skill = "pytorch", importance = 3, min_years = 3 }, "python"]
nice = ["kubernetes"]
salary = { min = 100000, max = 150000 }
filters = { must_have = ["python"], max_salary = 200000, min_overlap_hours = 2 }
"#;

    fn role() -> Role {
        crate::role::roles_for_tests(ROLE).remove(0)
    }

    fn extract(role: &Role, c: &Candidate, date: &str) -> Extraction {
        let as_of: NaiveDate = date.parse().unwrap();
        let (t, r) = (Taxonomy::bundled(), RateTable::bundled());
        let ctx = RoleContext::new(role, as_of);
        let base = CandidateFeatures::new(c, as_of, t, r);
        ctx.extract(&base, &c.skills)
    }

    fn candidate(skills: &[(&str, Option<f32>)]) -> Candidate {
        let t = Taxonomy::bundled();
        let stated: Vec<_> = skills
            .iter()
            .map(|(n, y)| (t.resolve(n).unwrap(), *y))
            .collect();
        Candidate {
            id: "c".into(),
            skills: t.expand(&stated),
            stated_skills: stated,
            timezone: Some(chrono_tz::America::Sao_Paulo),
            years_experience: 6.0,
            ..Candidate::default()
        }
    }

    #[test]
    fn implied_skills_cover_requirements() {
        let role = role();
        let e = extract(&role, &candidate(&[("pytorch", Some(3.0))]), "2026-01-15");
        assert_eq!(
            e.features[Feature::SkillCoverage.index()],
            1.0,
            "pytorch implies python"
        );
        assert_eq!(e.exclusion, None);
        let depth = e.features[Feature::SkillDepth.index()];
        assert!((depth - (3.0 * 1.0 + 1.0) / 4.0).abs() < 1e-12, "{depth}");
        assert_eq!(role.skill_names(), ["pytorch", "python", "kubernetes"]);
        assert_eq!(e.held, 0b011, "pytorch and python held, kubernetes not");
    }

    #[test]
    fn related_skills_earn_partial_credit() {
        let role = role();
        let e = extract(&role, &candidate(&[("tensorflow", None)]), "2026-01-15");
        let cov = e.features[Feature::SkillCoverage.index()];
        assert!((cov - (3.0 * 0.6 + 1.0) / 4.0).abs() < 1e-6, "{cov}");
        assert_eq!(e.held, 0b010, "related credit is not holding: python only");
    }

    #[test]
    fn must_have_filter_excludes_with_reason() {
        let role = role();
        let e = extract(&role, &candidate(&[("rust", None)]), "2026-01-15");
        let python = Taxonomy::bundled().resolve("python").unwrap();
        assert_eq!(e.exclusion, Some(Exclusion::MissingSkill(python)));
        assert_eq!(
            e.exclusion.unwrap().kind(Taxonomy::bundled()),
            "missing must-have skill python"
        );
    }

    #[test]
    fn overlap_changes_with_daylight_saving() {
        let role = role();
        let c = candidate(&[("python", None)]);
        let jan = extract(&role, &c, "2026-01-15");
        let jul = extract(&role, &c, "2026-07-15");
        let tz = Feature::TimezoneOverlap.index();
        assert_eq!((jan.raw[tz], jul.raw[tz]), (Some(3.0), Some(4.0)));
        assert_eq!((jan.features[tz], jul.features[tz]), (0.75, 1.0));
    }

    #[test]
    fn salary_fit_decays_above_the_band_and_filters_apply() {
        let role = role();
        let mut c = candidate(&[("python", None)]);
        let usd = "USD".parse().unwrap();
        c.salary = Some(crate::profile::Salary {
            amount: 180_000.0,
            currency: usd,
        });
        let e = extract(&role, &c, "2026-01-15");
        let fit = e.features[Feature::SalaryFit.index()];
        assert!(
            (fit - 0.5).abs() < 1e-12,
            "30k above a 150k top is one half-life: {fit}"
        );
        assert_eq!(e.exclusion, None);
        c.salary = Some(crate::profile::Salary {
            amount: 250_000.0,
            currency: usd,
        });
        assert!(matches!(
            extract(&role, &c, "2026-01-15").exclusion,
            Some(Exclusion::SalaryAboveMax { .. })
        ));
        c.salary = None;
        assert_eq!(
            extract(&role, &c, "2026-01-15").features[Feature::SalaryFit.index()],
            UNKNOWN
        );
    }

    #[test]
    fn unknown_time_zones_are_neutral_and_pass_the_filter() {
        let role = role();
        let mut c = candidate(&[("python", None)]);
        c.timezone = None;
        let e = extract(&role, &c, "2026-01-15");
        assert_eq!(e.features[Feature::TimezoneOverlap.index()], UNKNOWN);
        assert_eq!(e.exclusion, None);
        c.timezone = Some(chrono_tz::Asia::Kolkata);
        let e = extract(&role, &c, "2026-01-15");
        assert!(
            matches!(e.exclusion, Some(Exclusion::OverlapBelowMin { .. })),
            "{e:?}"
        );
    }

    #[test]
    fn experience_saturates_at_twice_the_minimum() {
        assert_eq!(experience(0.0, 4.0), 0.0);
        assert_eq!(experience(4.0, 4.0), 0.75);
        assert_eq!(experience(8.0, 4.0), 1.0);
        assert_eq!(experience(30.0, 4.0), 1.0);
        assert_eq!(experience(2.0, 0.0), 1.0);
    }
}
