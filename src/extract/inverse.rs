//! The feature formulas run backwards: the raw quantity a feature value needs. Each inverse
//! sits beside its formula's constants, and a test runs every one forward again.
//!
//! An inverse returns the smallest raw quantity whose feature value is at least `f` (at most,
//! for salary) where the formula can reach `f`; a value past the feature's saturation comes
//! back as it is, so callers can say how far out of range it is.

use super::candidate::{
    CERTIFICATIONS_SATURATE, COMMITS_SATURATE, IMPACT_DECADES, RECENCY_HALF_LIFE_DAYS,
};
use super::pair::SALARY_HALF_LIFE;

/// Years of experience for an experience value `f` against a role's minimum `min_years` (see
/// [`Feature::Experience`](crate::Feature::Experience)); `f` above 1 extrapolates the second
/// segment.
pub(crate) fn years_for(f: f64, min_years: f64) -> f64 {
    let m = min_years.max(1.0);
    if f <= 0.75 {
        f.max(0.0) * m / 0.75
    } else {
        m + (f - 0.75) / 0.25 * m
    }
}

/// Weighted stars (`stars + 2·forks`) for a repository impact `f`.
pub(crate) fn weighted_stars_for(f: f64) -> f64 {
    (10f64.powf(f * IMPACT_DECADES) - 1.0).max(0.0)
}

/// Commits in 12 months for a commit activity `f`.
pub(crate) fn commits_for(f: f64) -> f64 {
    ((1.0 + COMMITS_SATURATE).powf(f) - 1.0).max(0.0)
}

/// Days since the last commit for a code recency `f` (in (0, 1]): the most days that keep it.
pub(crate) fn days_for(f: f64) -> f64 {
    -RECENCY_HALF_LIFE_DAYS * f.log2()
}

/// The annual salary expectation in USD with a salary fit `f` (in (0, 1]) against a band
/// topping at `band_max_usd`: the most that keeps it.
pub(crate) fn salary_usd_for(f: f64, band_max_usd: f64) -> f64 {
    if f >= 1.0 {
        return band_max_usd;
    }
    band_max_usd * (1.0 - SALARY_HALF_LIFE * f.log2())
}

/// Certifications for a certifications value `f`.
pub(crate) fn certifications_for(f: f64) -> f64 {
    (f * CERTIFICATIONS_SATURATE).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::pair::experience;
    use crate::extract::SALARY_HALF_LIFE;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * b.abs().max(1.0)
    }

    #[test]
    fn each_inverse_runs_forward_to_its_input() {
        for years in [0.0, 1.3, 4.99, 5.0, 7.5, 10.0] {
            let f = experience(years, 5.0);
            assert!(close(years_for(f, 5.0), years), "{years}");
        }
        assert!(
            close(years_for(1.2, 5.0), 14.0),
            "extrapolated past saturation"
        );
        for w in [0.0f64, 1.0, 99.0, 1450.0, 9999.0] {
            let f = (1.0 + w).log10() / IMPACT_DECADES;
            assert!(close(weighted_stars_for(f), w), "{w}");
        }
        for c in [0.0f64, 12.0, 500.0] {
            let f = (1.0 + c).ln() / (1.0 + COMMITS_SATURATE).ln();
            assert!(close(commits_for(f), c), "{c}");
        }
        for d in [0.0, 48.0, 180.0, 900.0] {
            let f = (-d / RECENCY_HALF_LIFE_DAYS).exp2();
            assert!(close(days_for(f), d), "{d}");
        }
        let top = 95_000.0;
        for e in [95_000.0, 100_000.0, 114_000.0, 250_000.0] {
            let f = (-(e - top) / (SALARY_HALF_LIFE * top)).exp2();
            assert!(close(salary_usd_for(f, top), e), "{e}");
        }
        assert_eq!(salary_usd_for(1.0, top), top);
        assert!(close(certifications_for(2.0 / 3.0), 2.0));
    }
}
