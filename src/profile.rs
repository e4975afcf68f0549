//! Engineer profiles: the validated form of one candidate row.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::money::Currency;
use crate::names::{named_enum, UnknownName};
use crate::skills::{SkillId, SkillProfile};
use crate::timezone::WorkHours;

named_enum! {
    /// Highest formal education, lowest first.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Degree: "degree" {
        /// No degree (the default for an empty cell).
        #[default]
        None = "none",
        /// A coding bootcamp.
        Bootcamp = "bootcamp",
        /// An associate or technologist degree (e.g. Brazil's *tecnólogo*).
        Associate = "associate",
        /// A bachelor's degree.
        Bachelor = "bachelor",
        /// A master's degree.
        Master = "master",
        /// A doctorate.
        Phd = "phd",
    }
}

impl Degree {
    /// Parses a candidate file's degree cell leniently: trimmed, case-insensitive, and the
    /// empty cell is [`Degree::None`]. (`FromStr` takes exactly a name.)
    ///
    /// # Errors
    /// The text is no degree's name; the error shows it trimmed and in lower case.
    pub fn parse_field(text: &str) -> Result<Degree, UnknownName> {
        let text = crate::skills::trim(text);
        if text.is_empty() {
            return Ok(Degree::None);
        }
        // Most cells are a name as written: no lower-case copy for them.
        text.parse().or_else(|_| text.to_ascii_lowercase().parse())
    }
}

/// A salary expectation as stated.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Salary {
    /// Annual amount, in `currency`.
    pub amount: f64,
    /// The currency it is stated in.
    pub currency: Currency,
}

/// One public repository, GitHub-style.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Repo {
    /// Repository name.
    pub name: String,
    /// Main language, as GitHub reports it.
    #[serde(default)]
    pub language: Option<String>,
    /// Stars.
    #[serde(default)]
    pub stargazers_count: u64,
    /// Forks.
    #[serde(default)]
    pub forks_count: u64,
    /// Whether the repository is a fork of someone else's.
    #[serde(default)]
    pub fork: bool,
    /// Last push (a date, or a GitHub timestamp whose date part is kept).
    #[serde(default, deserialize_with = "de_date")]
    pub pushed_at: Option<NaiveDate>,
    /// Creation date (as `pushed_at`).
    #[serde(default, deserialize_with = "de_date")]
    pub created_at: Option<NaiveDate>,
    /// Topics.
    #[serde(default, deserialize_with = "de_list")]
    pub topics: Vec<String>,
    /// Size in KiB.
    #[serde(default)]
    pub size: u64,
}

fn de_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    let text: Option<String> = serde::Deserialize::deserialize(d)?;
    text.map(|t| crate::dates::parse_date(&t).map_err(serde::de::Error::custom))
        .transpose()
}

fn de_list<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let list: Option<Vec<String>> = serde::Deserialize::deserialize(d)?;
    Ok(list.unwrap_or_default())
}

/// A validated engineer profile.
///
/// Everything here but `attributes` may feed features. `attributes` holds the extra columns of
/// the input (gender, ethnicity, ...), kept for audits only: no feature reads them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Candidate {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Country, as given.
    pub country: String,
    /// IANA time zone, where given.
    pub timezone: Option<Tz>,
    /// Local working hours (default 09:00–17:00).
    pub work_hours: WorkHours,
    /// Years of professional experience.
    pub years_experience: f64,
    /// Stated skills resolved through the taxonomy, with years where given.
    pub stated_skills: Vec<(SkillId, Option<f32>)>,
    /// Stated skills expanded through the taxonomy.
    pub skills: SkillProfile,
    /// Stated skills the taxonomy does not know, as written.
    pub unknown_skills: Vec<String>,
    /// Highest degree.
    pub degree: Degree,
    /// Number of professional certifications.
    pub certifications: u32,
    /// Salary expectation, where given.
    pub salary: Option<Salary>,
    /// Public repositories.
    pub public_repos: u64,
    /// Stars over all public repositories.
    pub total_stars: u64,
    /// Forks over all public repositories.
    pub total_forks: u64,
    /// Commits in the last 12 months.
    pub commits_last_year: u64,
    /// Date of the last public commit.
    pub last_commit: Option<NaiveDate>,
    /// Languages of public repositories, resolved through the taxonomy.
    pub repo_languages: Vec<SkillId>,
    /// Repositories, where the input nests them.
    pub repos: Vec<Repo>,
    /// GitHub login, where given.
    pub github: Option<String>,
    /// Extra columns (audit attributes), never features.
    pub attributes: BTreeMap<String, String>,
}

impl Candidate {
    /// Whether any of the candidate's evidence is dated after `as_of` (a last commit, or a
    /// repository pushed or created later): it earns no credit at `as_of`.
    pub fn dated_after(&self, as_of: NaiveDate) -> bool {
        let later = |d: &Option<NaiveDate>| d.is_some_and(|d| d > as_of);
        later(&self.last_commit)
            || self
                .repos
                .iter()
                .any(|r| later(&r.pushed_at) || later(&r.created_at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degree_fields_parse_case_insensitively() {
        assert_eq!(Degree::parse_field(" PhD "), Ok(Degree::Phd));
        assert_eq!(Degree::parse_field(""), Ok(Degree::None));
        assert_eq!(Degree::parse_field("  "), Ok(Degree::None));
        assert!("PhD".parse::<Degree>().is_err(), "FromStr is exact");
        assert_eq!(
            Degree::parse_field(" Doctorate").unwrap_err().to_string(),
            "unknown degree \"doctorate\" (expected none, bootcamp, associate, bachelor, master \
             or phd)"
        );
    }

    #[test]
    fn evidence_after_the_reference_date_is_noticed() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let mut c = Candidate {
            last_commit: Some(day("2026-09-30")),
            ..Candidate::default()
        };
        assert!(!c.dated_after(day("2026-10-01")));
        assert!(c.dated_after(day("2026-09-29")));
        c.last_commit = None;
        c.repos = vec![Repo {
            created_at: Some(day("2026-10-02")),
            ..Repo::default()
        }];
        assert!(c.dated_after(day("2026-10-01")));
    }

    #[test]
    fn degrees_are_ordered() {
        assert!(Degree::Phd > Degree::Bachelor && Degree::Bootcamp > Degree::None);
    }
}
