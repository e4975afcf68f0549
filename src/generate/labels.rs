//! Synthetic hiring outcomes for a candidate pool, from a documented latent model.
//!
//! The labels are honest about being synthetic: no company's data is behind them. For every
//! role and every candidate (as if the whole pool had applied to every role) a latent
//! *suitability* is drawn from the candidate's underlying quantities at the reference date,
//! with a functional form deliberately different from the features' (thresholds, an
//! interaction, penalties instead of smooth curves), so that no preset is the "true" model:
//!
//! ```text
//! share     = required skills stated or implied / required skills        (1 with none)
//! shipped   = 0.45·min(1, log10(1 + stars) / 3) + 0.35·[commits in 12 months ≥ 60]
//!           + 0.20·[last commit ≤ 120 days ago]
//! seniority = −0.8 if years < 0.6·min_years; −0.3 if years < min_years;
//!             else 0.2 + 0.1·min(1, (years − min_years) / max(min_years, 1))
//! zone      = +0.3 with ≥ 4 h overlap with the team; 0 with 2–4 h; −0.7 below 2 h;
//!             0 when unknown or the role has no team zone
//! salary    = +0.2 at or below the band's top (USD at the reference date); −0.1 up to 15 %
//!             above; −0.8 beyond; 0 when unstated or the role has no band
//! creds     = 0.10 for a master's or doctorate, 0.05 for a bachelor's, + 0.03 per
//!             certification (at most 3): credentials count, weakly
//! suitability = 1.6·share + 1.2·shipped + 1.4·share·shipped + seniority + zone + salary
//!             + creds + 0.8·N(0, 1)                                   (recruiter noise)
//! ```
//!
//! Within each role, candidates are ranked by suitability (ties by id) and cut by quantile:
//! the top 5 % are *hired* (3), the next 10 % *interviewed* (2), the next 25 % *screened* (1),
//! the rest (60 %) *rejected* (0). The noise of a pair is drawn from a stream keyed by the seed,
//! the role id and the candidate id, so labels do not depend on the order of rows or roles.

use std::io::Write;

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::extract::{CandidateFeatures, RoleContext};
use crate::feature::Feature;
use crate::hash::hash_str;
use crate::learn::rng::Rng;
use crate::money::RateTable;
use crate::outcomes::LABEL_HEADER;
use crate::profile::{Candidate, Degree};
use crate::role::Role;
use crate::skills::Taxonomy;

/// Shares of each outcome within a role, best first: hired, interviewed, screened (the rest
/// are rejected).
pub const OUTCOME_SHARES: [f64; 3] = [0.05, 0.10, 0.25];

/// Standard deviation of the recruiter noise added to suitability.
const NOISE: f64 = 0.8;

/// Keeps the label streams apart from the candidate streams of the same seed.
const LABEL_STREAM: u64 = 0x1AB3_15EE_D000_0001;

/// What labels to generate.
#[derive(Clone, Copy, Debug)]
pub struct LabelOptions {
    /// The seed of the recruiter noise.
    pub seed: u64,
    /// The reference date of the quantities (recency, time zones, exchange rates).
    pub as_of: NaiveDate,
}

/// The latent suitability of a candidate for a role, before noise (see the module docs).
fn suitability(
    role: &Role,
    candidate: &Candidate,
    features: &crate::extract::Extraction,
    band_max_usd: Option<f64>,
) -> f64 {
    let raw = |f: Feature| features.raw[f.index()];
    let required = role.required.len();
    let share = if required == 0 {
        1.0
    } else {
        raw(Feature::SkillCoverage).unwrap_or(0.0) / required as f64
    };
    let stars = raw(Feature::RepoImpact).unwrap_or(0.0);
    let commits = raw(Feature::CommitActivity).unwrap_or(0.0);
    let recent = raw(Feature::CodeRecency).is_some_and(|days| days <= 120.0);
    let shipped = 0.45 * ((1.0 + stars).log10() / 3.0).min(1.0)
        + 0.35 * f64::from(u8::from(commits >= 60.0))
        + 0.20 * f64::from(u8::from(recent));
    let years = candidate.years_experience;
    let m = role.min_years;
    let seniority = if years < 0.6 * m {
        -0.8
    } else if years < m {
        -0.3
    } else {
        0.2 + 0.1 * ((years - m) / m.max(1.0)).min(1.0)
    };
    let zone = match (role.team, raw(Feature::TimezoneOverlap)) {
        (Some(_), Some(h)) if h >= 4.0 => 0.3,
        (Some(_), Some(h)) if h >= 2.0 => 0.0,
        (Some(_), Some(_)) => -0.7,
        _ => 0.0,
    };
    let salary = match (band_max_usd, raw(Feature::SalaryFit)) {
        (Some(max), Some(usd)) if usd <= max => 0.2,
        (Some(max), Some(usd)) if usd <= 1.15 * max => -0.1,
        (Some(_), Some(_)) => -0.8,
        _ => 0.0,
    };
    let degree = match candidate.degree {
        Degree::Master | Degree::Phd => 0.10,
        Degree::Bachelor => 0.05,
        _ => 0.0,
    };
    let creds = degree + 0.03 * f64::from(candidate.certifications.min(3));
    1.6 * share + 1.2 * shipped + 1.4 * share * shipped + seniority + zone + salary + creds
}

/// Grades `0..=3` from ranks within a role of `n` candidates (rank 0 the most suitable).
fn grade_of(rank: usize, n: usize) -> u8 {
    let mut bound = 0.0;
    for (i, share) in OUTCOME_SHARES.iter().enumerate() {
        bound += share;
        if (rank as f64) < (bound * n as f64).round() {
            return 3 - i as u8;
        }
    }
    0
}

/// Writes a label file (`role_id,candidate_id,label`) for every role and candidate: roles in
/// the order given, candidates in pool order. Returns the number of rows written.
///
/// # Errors
/// A role's salary band is in a currency the rate table does not know, or writing fails.
pub fn generate_labels<W: Write>(
    candidates: &[Candidate],
    roles: &[Role],
    options: &LabelOptions,
    taxonomy: &Taxonomy,
    rates: &RateTable,
    out: W,
) -> Result<usize> {
    let fail = |e: csv::Error| Error::Invalid(format!("writing labels: {e}"));
    let mut w = csv::Writer::from_writer(out);
    w.write_record(LABEL_HEADER).map_err(fail)?;
    let base: Vec<CandidateFeatures> = candidates
        .iter()
        .map(|c| CandidateFeatures::new(c, options.as_of, taxonomy, rates))
        .collect();
    let mut rows = 0;
    for role in roles {
        let ctx = RoleContext::new(role, options.as_of);
        let band_max_usd = role
            .salary
            .as_ref()
            .and_then(|b| rates.to_usd(b.max, b.currency, options.as_of));
        let role_key = hash_str(&role.id);
        let latent: Vec<f64> = candidates
            .iter()
            .zip(&base)
            .map(|(c, cf)| {
                let e = ctx.extract(cf, &c.skills);
                let stream = role_key ^ hash_str(&c.id).rotate_left(17);
                let mut rng = Rng::for_item(options.seed ^ LABEL_STREAM, stream);
                suitability(role, c, &e, band_max_usd) + NOISE * rng.normal()
            })
            .collect();
        let mut order: Vec<usize> = (0..candidates.len()).collect();
        order.sort_by(|&a, &b| {
            latent[b]
                .total_cmp(&latent[a])
                .then_with(|| candidates[a].id.cmp(&candidates[b].id))
        });
        let mut grades = vec![0u8; candidates.len()];
        for (rank, &i) in order.iter().enumerate() {
            grades[i] = grade_of(rank, candidates.len());
        }
        for (c, grade) in candidates.iter().zip(&grades) {
            w.write_record([role.id.as_str(), c.id.as_str(), &grade.to_string()])
                .map_err(fail)?;
            rows += 1;
        }
    }
    w.flush()
        .map_err(|e| Error::Invalid(format!("writing labels: {e}")))?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::{read_csv, ReadOptions};
    use crate::outcomes::parse_labels;

    fn pool() -> Vec<Candidate> {
        let options = super::super::GenerateOptions {
            candidates: 200,
            seed: 7,
            as_of: "2026-10-01".parse().unwrap(),
        };
        let mut csv = Vec::new();
        super::super::generate(&options, &mut csv).unwrap();
        let read = ReadOptions::new(Taxonomy::bundled(), RateTable::bundled());
        read_csv(csv.as_slice(), "pool.csv", &read)
            .unwrap()
            .candidates
    }

    fn roles() -> Vec<Role> {
        let text = "[[role]]\nid = \"py\"\nmin_years = 3\nrequired = [\"python\", \"sql\"]\n\
                    team_timezone = \"America/Sao_Paulo\"\nsalary = { min = 30000, max = 60000 }\n\
                    [[role]]\nid = \"any\"\n";
        crate::role::roles_for_tests(text)
    }

    fn labels(candidates: &[Candidate], seed: u64) -> String {
        let options = LabelOptions {
            seed,
            as_of: "2026-10-01".parse().unwrap(),
        };
        let mut out = Vec::new();
        let (t, r) = (Taxonomy::bundled(), RateTable::bundled());
        let n = generate_labels(candidates, &roles(), &options, t, r, &mut out).unwrap();
        assert_eq!(n, candidates.len() * 2);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn labels_are_reproducible_and_follow_the_quantile_cut() {
        let people = pool();
        let text = labels(&people, 42);
        assert_eq!(text, labels(&people, 42));
        assert_ne!(text, labels(&people, 43));
        let rows = parse_labels(text.as_bytes(), "labels.csv").unwrap();
        for role in ["py", "any"] {
            let mut counts = [0usize; 4];
            for r in rows.iter().filter(|r| r.role_id == role) {
                counts[usize::from(r.outcome.grade())] += 1;
            }
            assert_eq!(counts, [120, 50, 20, 10], "{role}");
        }
    }

    #[test]
    fn noise_does_not_depend_on_row_order() {
        let people = pool();
        let mut reversed = people.clone();
        reversed.reverse();
        let sorted = |text: String| {
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            lines.sort();
            lines
        };
        assert_eq!(sorted(labels(&people, 1)), sorted(labels(&reversed, 1)));
    }

    #[test]
    fn suitable_candidates_are_hired_more_often() {
        let people = pool();
        let rows = parse_labels(labels(&people, 42).as_bytes(), "labels.csv").unwrap();
        let by_id: std::collections::HashMap<&str, &Candidate> =
            people.iter().map(|c| (c.id.as_str(), c)).collect();
        // Share of active committers (60+ commits a year) among candidates at or above a grade.
        let active = |from: u8, to: u8| {
            let picked: Vec<bool> = rows
                .iter()
                .filter(|r| (from..=to).contains(&r.outcome.grade()))
                .map(|r| by_id[r.candidate_id.as_str()].commits_last_year >= 60)
                .collect();
            picked.iter().filter(|&&a| a).count() as f64 / picked.len() as f64
        };
        let (top, bottom) = (active(2, 3), active(0, 0));
        assert!(
            top > 1.5 * bottom,
            "shipped code drives the outcome: {top} vs {bottom}"
        );
        assert_eq!(grade_of(0, 100), 3);
        assert_eq!(grade_of(5, 100), 2);
        assert_eq!(grade_of(15, 100), 1);
        assert_eq!(grade_of(40, 100), 0);
    }
}
