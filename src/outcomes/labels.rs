//! Hiring outcomes: the graded labels learned models train on and rankings are measured
//! against.
//!
//! A label file is CSV with the header `role_id,candidate_id,label`; a label is a grade `0..=3`
//! or the name of the stage the candidate reached:
//!
//! | grade | stage |
//! |---|---|
//! | 0 | `rejected` |
//! | 1 | `screened` |
//! | 2 | `interviewed` |
//! | 3 | `hired` |

use std::fmt;
use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result, RowError};
use crate::io::Lines;
use crate::names::named_enum;

/// The header of label files.
pub const LABEL_HEADER: [&str; 3] = ["role_id", "candidate_id", "label"];

named_enum! {
    /// How far a candidate got in a role's hiring process; the grade is the relevance label.
    /// Variants are in grade order.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Outcome: "stage" {
        /// Rejected at the first look (grade 0).
        Rejected = "rejected",
        /// Passed the recruiter screen (grade 1).
        Screened = "screened",
        /// Reached the technical interviews (grade 2).
        Interviewed = "interviewed",
        /// Hired, or offered the job (grade 3).
        Hired = "hired",
    }
}

impl Outcome {
    /// The relevance grade, 0 to 3.
    pub fn grade(self) -> u8 {
        self as u8
    }

    /// Parses a label file's `label` cell: a grade (`0`..`3`) or a stage name, trimmed and
    /// case-insensitive. (`FromStr` takes exactly a stage name.)
    ///
    /// # Errors
    /// The text is neither.
    pub fn parse_label(text: &str) -> std::result::Result<Outcome, InvalidLabel> {
        let t = text.trim();
        Outcome::ALL
            .into_iter()
            .find(|o| t == o.grade().to_string() || t.eq_ignore_ascii_case(o.name()))
            .ok_or_else(|| InvalidLabel {
                found: text.to_string(),
            })
    }
}

/// A label that is neither a grade nor a stage name (see [`Outcome::parse_label`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidLabel {
    /// The label found.
    pub found: String,
}

impl fmt::Display for InvalidLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid label \"{}\" (expected 0-3 or {})",
            self.found,
            Outcome::NAMES.join(", ")
        )
    }
}

impl std::error::Error for InvalidLabel {}

/// One labelled candidate–role pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelRow {
    /// The role's id.
    pub role_id: String,
    /// The candidate's id.
    pub candidate_id: String,
    /// What happened.
    pub outcome: Outcome,
    /// The 1-based line of the row in its file.
    pub line: u64,
}

/// Reads a label file.
///
/// # Errors
/// The file cannot be read; the header is not `role_id,candidate_id,label`; a row has an empty
/// id, an invalid label, or repeats a pair ([`Error::Row`], `FILE:LINE: field "NAME": reason`).
pub fn read_labels(path: &Path) -> Result<Vec<LabelRow>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    parse_labels(std::io::BufReader::new(file), &path.display().to_string())
}

/// Reads labels from CSV text; `file` names the source in messages.
///
/// # Errors
/// As [`read_labels`].
pub fn parse_labels<R: Read>(input: R, file: &str) -> Result<Vec<LabelRow>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(Lines::new(input));
    let headers = reader
        .headers()
        .map_err(|e| Error::parse(file, format!("reading the header: {e}")))?;
    if headers.iter().collect::<Vec<_>>() != LABEL_HEADER {
        return Err(Error::parse(
            file,
            format!(
                "header must be \"{}\", found \"{}\"",
                LABEL_HEADER.join(","),
                headers.iter().collect::<Vec<_>>().join(",")
            ),
        ));
    }
    let mut rows = Vec::new();
    let mut seen = std::collections::HashMap::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let start = e.position().map(|p| p.byte());
                let line = start.map_or(line, |b| reader.get_mut().line_at(b));
                return Err(row_error(file, line, None, "(record)", e.to_string()));
            }
        }
        let start = record.position().map(|p| p.byte());
        let line = start.map_or(line, |b| reader.get_mut().line_at(b));
        let (role_id, candidate_id, label) = (&record[0], &record[1], &record[2]);
        let id = Some(candidate_id.to_string()).filter(|s| !s.is_empty());
        for (field, value) in [("role_id", role_id), ("candidate_id", candidate_id)] {
            if value.is_empty() {
                return Err(row_error(file, line, id, field, "empty id".into()));
            }
        }
        let outcome = Outcome::parse_label(label)
            .map_err(|e| row_error(file, line, id.clone(), "label", e.to_string()))?;
        let key = (role_id.to_string(), candidate_id.to_string());
        if let Some(first) = seen.insert(key, line) {
            return Err(row_error(
                file,
                line,
                id,
                "candidate_id",
                format!("candidate \"{candidate_id}\" already labelled for role \"{role_id}\" on line {first}"),
            ));
        }
        rows.push(LabelRow {
            role_id: role_id.to_string(),
            candidate_id: candidate_id.to_string(),
            outcome,
            line,
        });
    }
    Ok(rows)
}

/// A row error of a label file.
pub(crate) fn row_error(
    file: &str,
    line: u64,
    id: Option<String>,
    field: &str,
    reason: String,
) -> Error {
    Error::Row(RowError {
        file: file.to_string(),
        line,
        id,
        field: field.to_string(),
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<LabelRow>> {
        parse_labels(text.as_bytes(), "labels.csv")
    }

    #[test]
    fn grades_and_stage_names_are_accepted() {
        let rows = parse("role_id,candidate_id,label\nr,a,0\nr,b,Hired\nr,c, interviewed\nr,d,1\n")
            .unwrap();
        let grades: Vec<u8> = rows.iter().map(|r| r.outcome.grade()).collect();
        assert_eq!(grades, [0, 3, 2, 1]);
        assert_eq!((rows[0].line, rows[3].line), (2, 5));
        for o in Outcome::ALL {
            assert_eq!(o.name().parse::<Outcome>(), Ok(o));
            assert_eq!(Outcome::parse_label(o.name()), Ok(o));
            assert_eq!(Outcome::parse_label(&o.grade().to_string()), Ok(o));
        }
        assert_eq!(Outcome::parse_label(" Hired "), Ok(Outcome::Hired));
        assert!("Hired".parse::<Outcome>().is_err(), "FromStr is exact");
    }

    #[test]
    fn bad_rows_name_file_line_and_field() {
        let err = parse("role_id,candidate_id,label\nr,a,0\nr,b,5\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "labels.csv:3: field \"label\": invalid label \"5\" (expected 0-3 or rejected, \
             screened, interviewed, hired)"
        );
        let err = parse("role_id,candidate_id,label\n,a,0\n").unwrap_err();
        assert_eq!(err.to_string(), "labels.csv:2: field \"role_id\": empty id");
        let err = parse("role_id,candidate_id,label\nr,a,0\nr,a,1\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "labels.csv:3: field \"candidate_id\": candidate \"a\" already labelled for role \
             \"r\" on line 2"
        );
        let err = parse("role,candidate,label\n").unwrap_err();
        assert!(
            err.to_string().starts_with("labels.csv: header must be"),
            "{err}"
        );
        let err = parse("role_id,candidate_id,label\nr,a\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("labels.csv:2: field \"(record)\""),
            "{err}"
        );
    }
}
