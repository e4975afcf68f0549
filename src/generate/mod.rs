//! A seeded generator of synthetic candidate pools shaped like this market's.
//!
//! Each candidate is drawn from its own stream `(seed, index)`, so the first N rows of a large
//! pool equal a pool of N rows with the same seed.

mod labels;
mod market;

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::learn::rng::Rng;
pub use labels::{generate_labels, LabelOptions, OUTCOME_SHARES};

use market::{ARCHETYPES, COUNTRIES, DEGREES, GENDERS, SPELLINGS, UNKNOWN_SKILLS};

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct GenerateOptions {
    /// How many candidates.
    pub candidates: usize,
    /// The seed: the same seed gives the same pool.
    pub seed: u64,
    /// The date the pool describes (commit dates are drawn before it).
    pub as_of: NaiveDate,
}

/// A summary of what was generated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Generated {
    /// Candidates written.
    pub candidates: usize,
}

/// The header of generated candidate files.
pub const HEADER: [&str; 20] = [
    "id",
    "name",
    "country",
    "timezone",
    "years_experience",
    "skills",
    "degree",
    "certifications",
    "salary_expectation",
    "salary_currency",
    "public_repos",
    "total_stars",
    "total_forks",
    "commits_last_year",
    "last_commit",
    "repo_languages",
    "github",
    "gender",
    "age_band",
    "email",
];

/// Writes a synthetic candidate CSV.
///
/// # Errors
/// Writing fails.
pub fn generate<W: Write>(options: &GenerateOptions, out: W) -> Result<Generated> {
    generate_counted(options, out, &AtomicU64::new(0))
}

/// Candidates drawn per task: each is its own stream, so they are drawn in parallel (rayon)
/// and written in order; the file does not depend on the thread count.
const BLOCK: usize = 4096;

/// [`generate`], adding the candidates written to `written` as it goes (for progress).
///
/// # Errors
/// Writing fails.
pub fn generate_counted<W: Write>(
    options: &GenerateOptions,
    mut out: W,
    written: &AtomicU64,
) -> Result<Generated> {
    let fail = |e: std::io::Error| Error::Invalid(format!("writing generated candidates: {e}"));
    out.write_all(&encode(std::iter::once(HEADER.map(String::from).to_vec())))
        .map_err(fail)?;
    let blocks: Vec<usize> = (0..options.candidates).step_by(BLOCK).collect();
    // A few blocks per thread at a time: memory stays bounded for any pool size.
    for batch in blocks.chunks(4 * rayon::current_num_threads()) {
        let encoded: Vec<Vec<u8>> = batch
            .par_iter()
            .map(|&start| {
                let end = (start + BLOCK).min(options.candidates);
                encode((start..end).map(|i| {
                    let mut row = Vec::with_capacity(HEADER.len());
                    candidate_row(options, i as u64, &mut row);
                    row
                }))
            })
            .collect();
        for (bytes, &start) in encoded.iter().zip(batch) {
            out.write_all(bytes).map_err(fail)?;
            let end = (start + BLOCK).min(options.candidates);
            written.fetch_add((end - start) as u64, Ordering::Relaxed);
        }
    }
    out.flush().map_err(fail)?;
    Ok(Generated {
        candidates: options.candidates,
    })
}

/// CSV lines of `rows`.
fn encode(rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in rows {
        w.write_record(&row).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// Draws candidate `index` into `row` (in [`HEADER`] order).
fn candidate_row(options: &GenerateOptions, index: u64, row: &mut Vec<String>) {
    let mut r = Rng::for_item(options.seed, index);
    let countries: Vec<(usize, f64)> = COUNTRIES
        .iter()
        .enumerate()
        .map(|(i, c)| (i, c.weight))
        .collect();
    let country = &COUNTRIES[*r.weighted(&countries)];
    let zone = *r.weighted(country.zones);
    let gender = *r.weighted(GENDERS);
    let first = match gender {
        "woman" => r.pick(country.names.women),
        "man" => r.pick(country.names.men),
        _ => {
            let pool = if r.chance(0.5) {
                country.names.women
            } else {
                country.names.men
            };
            r.pick(pool)
        }
    };
    let name = format!(
        "{first} {} {}",
        r.pick(country.names.surnames),
        r.pick(country.names.surnames)
    );
    // Half the pool has 3+ years (median 3), with a long senior tail.
    let years = (r.log_normal(3.0, 0.75).min(35.0) * 2.0).round() / 2.0;
    let archetypes: Vec<(usize, f64)> = ARCHETYPES
        .iter()
        .enumerate()
        .map(|(i, a)| (i, a.weight))
        .collect();
    let archetype = &ARCHETYPES[*r.weighted(&archetypes)];
    let n_skills = 3 + r.below(5) + usize::from(years > 6.0);
    let mut skills: Vec<String> = Vec::new();
    for (rank, &skill) in archetype.skills.iter().enumerate() {
        if skills.len() >= n_skills {
            break;
        }
        if rank < 2 || r.chance(0.55) {
            let skill_years = (years * r.range(0.3, 1.0)).max(0.5);
            let spelled = spelling(&mut r, skill);
            if r.chance(0.15) {
                skills.push(spelled.to_string());
            } else {
                skills.push(format!("{spelled}:{}", (skill_years * 2.0).round() / 2.0));
            }
        }
    }
    if r.chance(0.25) {
        let other = r.pick(ARCHETYPES).skills;
        let extra = *r.pick(other);
        skills.push(spelling(&mut r, extra).to_string());
    }
    if r.chance(0.03) {
        skills.push(r.pick(UNKNOWN_SKILLS).to_string());
    }
    let degree = *r.weighted(DEGREES);
    let certifications =
        [0, 0, 0, 0, 1, 1, 1, 2, 2, 3][r.below(10)] + usize::from(years > 8.0 && r.chance(0.3));
    // Salary expectations by seniority, as a share of the country's senior range.
    let (lo, hi) = country.senior_usd;
    let seniority = if years >= 6.0 {
        r.range(0.0, 1.0)
    } else if years >= 3.0 {
        r.range(-0.35, 0.1)
    } else {
        r.range(-0.65, -0.3)
    };
    let usd = (lo + (hi - lo) * seniority).max(lo * 0.3) * r.range(0.95, 1.05);
    let (salary, currency) = if r.chance(0.08) {
        (String::new(), String::new())
    } else if r.chance(country.local_currency) {
        let local = usd / country.usd_per_unit;
        (
            round_to(local, local / 100.0).to_string(),
            country.currency.to_string(),
        )
    } else {
        (round_to(usd, 1000.0).to_string(), "USD".to_string())
    };
    // Public code: heavy-tailed stars, activity correlated with being a builder.
    let builder = r.unit();
    let has_code = builder > 0.15;
    let public_repos = if has_code {
        r.log_normal(12.0, 0.9).round().max(1.0) as u64
    } else {
        0
    };
    let stars = if has_code && r.chance(0.7) {
        // Pareto tail (alpha 1.1), median a handful, a few in the thousands.
        let x = 2.0 / (1.0 - r.unit()).powf(1.0 / 1.1) - 2.0;
        (x * (0.5 + builder)).min(60_000.0).round() as u64
    } else {
        0
    };
    let forks = (stars as f64 * r.range(0.03, 0.25)).round() as u64;
    let commits = if has_code {
        (r.log_normal(40.0, 1.2) * builder * 2.5).round() as u64
    } else {
        0
    };
    let last_commit = if has_code {
        let mean_days = if commits > 50 { 20.0 } else { 300.0 };
        let days = (-(1.0 - r.unit()).ln() * mean_days).min(1500.0) as i64;
        (options.as_of - chrono::Duration::days(days)).to_string()
    } else {
        String::new()
    };
    let mut languages: Vec<&str> = Vec::new();
    if has_code {
        for skill in archetype.skills.iter().take(4) {
            if LANGUAGES.contains(skill) && !languages.contains(skill) {
                languages.push(skill);
            }
        }
        if r.chance(0.4) {
            languages.push(*r.pick(&["javascript", "python", "shell", "html", "go", "typescript"]));
        }
        languages.dedup();
    }
    let login = format!(
        "{}{}",
        first
            .to_lowercase()
            .chars()
            .filter(char::is_ascii_alphabetic)
            .collect::<String>(),
        index
    );
    let age_band = if years + r.range(21.0, 27.0) >= 40.0 {
        "40-and-over"
    } else {
        "under-40"
    };
    row.extend([
        format!("c{index:07}"),
        name,
        country.name.to_string(),
        zone.to_string(),
        years.to_string(),
        skills.join(";"),
        degree.to_string(),
        certifications.to_string(),
        salary,
        currency,
        public_repos.to_string(),
        stars.to_string(),
        forks.to_string(),
        commits.to_string(),
        last_commit,
        languages.join(";"),
        if has_code {
            login.clone()
        } else {
            String::new()
        },
        gender.to_string(),
        age_band.to_string(),
        format!("{login}@example.com"),
    ]);
}

/// Skills of the archetypes that are programming languages (and so show in repositories).
const LANGUAGES: &[&str] = &[
    "python",
    "java",
    "kotlin",
    "go",
    "typescript",
    "javascript",
    "swift",
    "dart",
    "rust",
    "c++",
    "sql",
    "css",
];

fn spelling(r: &mut Rng, skill: &'static str) -> &'static str {
    match SPELLINGS.iter().find(|(canonical, _)| *canonical == skill) {
        Some((_, variants)) if r.chance(0.5) => variants[r.below(variants.len())],
        _ => skill,
    }
}

fn round_to(value: f64, step: f64) -> u64 {
    let step = 10f64.powf(step.max(1.0).log10().floor());
    ((value / step).round() * step) as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::{read_csv, ReadOptions};
    use crate::{RateTable, Taxonomy};

    fn pool(n: usize, seed: u64) -> String {
        let options = GenerateOptions {
            candidates: n,
            seed,
            as_of: "2026-10-01".parse().unwrap(),
        };
        let mut out = Vec::new();
        generate(&options, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_same_seed_gives_the_same_pool_and_prefixes_agree() {
        assert_eq!(pool(50, 3), pool(50, 3));
        assert_ne!(pool(50, 3), pool(50, 4));
        assert!(pool(80, 3).starts_with(&pool(50, 3)));
    }

    #[test]
    fn generated_rows_are_valid_and_shaped_like_the_market() {
        let text = pool(2000, 42);
        let options = ReadOptions {
            taxonomy: Taxonomy::bundled(),
            rates: RateTable::bundled(),
            skip_invalid: false,
            keep_attributes: true,
            ..ReadOptions::new(Taxonomy::bundled(), RateTable::bundled())
        };
        let set = read_csv(text.as_bytes(), "gen.csv", &options).unwrap();
        let n = set.candidates.len() as f64;
        assert_eq!(n, 2000.0);
        let share = |pred: &dyn Fn(&crate::Candidate) -> bool| {
            set.candidates.iter().filter(|c| pred(c)).count() as f64 / n
        };
        let brazil = share(&|c| c.country == "Brazil");
        assert!((0.25..0.35).contains(&brazil), "Brazil {brazil}");
        let experienced = share(&|c| c.years_experience >= 3.0);
        assert!((0.4..0.6).contains(&experienced), "3+ years {experienced}");
        let starless = share(&|c| c.total_stars == 0);
        let famous = share(&|c| c.total_stars >= 1000);
        assert!(
            starless > 0.3 && famous > 0.0 && famous < 0.05,
            "stars {starless} {famous}"
        );
        assert!(
            !set.unknown_skills.is_empty(),
            "some unknown skills are met, as in real exports"
        );
        let rates = RateTable::bundled();
        let as_of = "2026-10-01".parse().unwrap();
        let senior_latam: Vec<f64> = set
            .candidates
            .iter()
            .filter(|c| c.country == "Brazil" && c.years_experience >= 8.0)
            .filter_map(|c| {
                c.salary
                    .and_then(|s| rates.to_usd(s.amount, s.currency, as_of))
            })
            .collect();
        let median = {
            let mut v = senior_latam.clone();
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        assert!(
            (40_000.0..81_000.0).contains(&median),
            "senior Brazil median {median}"
        );
    }
}
