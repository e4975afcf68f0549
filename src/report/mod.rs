//! Rendering rankings: one renderer per output format (`table.rs`, `csv.rs`, `json.rs`,
//! `trec.rs`, and `shortlist.rs`, an HTML page through the shared `html.rs`), all reading the
//! same [`Report`].

mod audit;
mod compare;
mod csv;
mod evaluation;
pub mod html;
mod json;
mod shortlist;
mod table;
mod trec;
mod why;

use chrono::NaiveDate;

use crate::error::Result;
use crate::feature::Feature;
use crate::rank::RoleRanking;
use crate::role::Role;

pub use audit::{attribute_table, AuditReport};
pub use compare::{CompareReport, ALPHA};
pub use csv::spreadsheet_safe;
pub use evaluation::{fmt_value, means_line, EvaluationReport};
pub use json::{RankingDoc, RoleDoc, RowDoc};
pub use shortlist::ExtraTable;
pub use why::{WhyReport, WHY_CSV_HEADER};

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
    /// A shortlist for hiring managers: one self-contained HTML page (inline CSS and SVG, no
    /// scripts), a section per role, printable one role per page.
    Html,
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
    /// Tables added to each role's section of the HTML shortlist, below its ranking (the
    /// audit table, for one): `extra[i]` goes with `rankings[i]`; a ranking past the end gets
    /// none, so `&[]` adds nothing. Other formats ignore it.
    pub extra: &'a [Vec<ExtraTable>],
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
            OutputFormat::Html => Ok(self.html().into_bytes()),
        }
    }
}

/// `considered candidates scored, n excluded (reason: n, …)` for a role's ranking.
pub(crate) fn considered_line(ranking: &RoleRanking) -> String {
    let mut line = format!(
        "{} candidates scored, {} excluded",
        ranking.considered,
        ranking.excluded_total()
    );
    if !ranking.excluded.is_empty() {
        let why: Vec<_> = ranking
            .excluded
            .iter()
            .map(|(k, n)| format!("{k}: {n}"))
            .collect();
        line.push_str(&format!(" ({})", why.join(", ")));
    }
    line
}

/// `v` rounded to a whole number, with thousands separated by commas (`1,450`).
pub(crate) fn thousands(v: f64) -> String {
    let digits = format!("{:.0}", v.abs());
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if v.round() < 0.0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `s` for a terminal: control characters (escape sequences, newlines, tabs) shown escaped
/// (`\u{1b}`, `\n`), so text from input files cannot move the cursor, clear the screen or
/// break a row.
pub fn printable(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

/// How many terminal columns `s` takes (wide characters such as CJK and emoji take two).
pub fn display_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// `s` made [`printable`] and cut to at most `width` terminal columns, with `…` marking a cut.
pub fn truncate(s: &str, width: usize) -> String {
    let s = printable(s);
    if display_width(&s) <= width {
        return s;
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// `s` [`truncate`]d to `width` columns and padded with spaces to exactly `width` (by display
/// width, where `{:<width$}` would count characters).
pub fn fit(s: &str, width: usize) -> String {
    let mut t = truncate(s, width);
    let pad = width.saturating_sub(display_width(&t));
    t.extend(std::iter::repeat_n(' ', pad));
    t
}

pub(crate) fn trim_float(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_text_is_escaped_measured_and_cut_by_columns() {
        assert_eq!(printable("a\u{1b}[2Jb\nc"), "a\\u{1b}[2Jb\\nc");
        assert_eq!(display_width("日本"), 4);
        assert_eq!(truncate("日本語テキスト", 5), "日本…");
        assert_eq!(truncate("short", 8), "short");
        assert_eq!(fit("日本", 6), "日本  ");
        assert_eq!(display_width(&fit("ana\tb", 10)), 10);
    }

    #[test]
    fn thousands_are_separated() {
        for (v, want) in [
            (0.0, "0"),
            (999.4, "999"),
            (1450.0, "1,450"),
            (48000.0, "48,000"),
            (1234567.8, "1,234,568"),
            (-2500.0, "-2,500"),
            (-0.2, "0"),
        ] {
            assert_eq!(thousands(v), want, "{v}");
        }
    }
}
