//! Rendering rankings: one renderer per output format (`table.rs`, `csv.rs`, `json.rs`,
//! `trec.rs`), all reading the same [`Report`].

mod csv;
mod evaluation;
mod json;
mod table;
mod trec;

use chrono::NaiveDate;

use crate::error::Result;
use crate::feature::Feature;
use crate::rank::RoleRanking;
use crate::role::Role;

pub use csv::spreadsheet_safe;
pub use evaluation::{fmt_value, means_line, EvaluationReport};
pub use json::{RankingDoc, RoleDoc, RowDoc};

/// How a ranking is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OutputFormat {
    /// A readable table per role.
    #[default]
    Table,
    /// One CSV row per ranked candidate: `role_id, rank, candidate_id, name, country, score`,
    /// then, with explanations, each feature's value and contribution and the raw quantities.
    Csv,
    /// One JSON document with every role's ranking.
    Json,
    /// TREC run lines, `role_id Q0 candidate_id rank score shiprank`, for trec_eval and
    /// similar tools.
    Trec,
}

/// Everything a report shows.
#[derive(Clone, Copy, Debug)]
pub struct Report<'a> {
    /// The roles ranked (rankings point into it).
    pub roles: &'a [Role],
    /// One ranking per role.
    pub rankings: &'a [RoleRanking],
    /// The reference date.
    pub as_of: NaiveDate,
    /// Whether to explain every score.
    pub explain: bool,
    /// CSV cells of user data exactly as read, without the leading `'` that keeps a
    /// spreadsheet from reading them as formulas (see [`spreadsheet_safe`]).
    pub raw_csv: bool,
}

/// Raw quantities shown beside the score in tables and explained CSV.
pub(crate) const RAW_COLUMNS: [(Feature, &str); 3] = [
    (Feature::TimezoneOverlap, "overlap_hours"),
    (Feature::SalaryFit, "salary_usd"),
    (Feature::RepoImpact, "stars"),
];

impl Report<'_> {
    /// Renders the report.
    ///
    /// # Errors
    /// Serialization failures (not expected for valid rankings).
    pub fn render(&self, format: OutputFormat) -> Result<Vec<u8>> {
        match format {
            OutputFormat::Table => Ok(self.table().into_bytes()),
            OutputFormat::Csv => self.csv(),
            OutputFormat::Json => self.json(),
            OutputFormat::Trec => self.trec(),
        }
    }
}

/// `s` cut to `width` characters, with `…` marking a cut.
pub fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(width - 1).collect();
        t.push('…');
        t
    }
}

pub(crate) fn trim_float(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}
