//! One candidate's row as text, found by id, edited cell by cell and validated again through
//! the same code as every row read: what-if questions ("with 3 more years?") are asked of the
//! row a person would edit, never of a hand-built candidate.

use std::collections::BTreeMap;

use crate::error::{Error, Result, RowError};
use crate::profile::{Candidate, Repo};

use super::candidates::{validate, ReadOptions, RowParser};
use super::columns::{distance, FIELDS};
use super::input::Input;
use super::source::{Chunk, RawRow, RowSource};

/// A candidate row's fields as text (trimmed; an empty cell is absent), as a CSV row has them
/// (a JSONL row flattened the same way, with its nested repositories beside).
///
/// [`RowFields::candidate`] validates it exactly as reading the file does, so an edited row
/// (`set`) gives the candidate that the edited file would.
#[derive(Clone, Debug, PartialEq)]
pub struct RowFields {
    file: String,
    line: u64,
    fields: [Option<String>; FIELDS.len()],
    repos: Vec<Repo>,
    attributes: BTreeMap<String, String>,
}

impl RowFields {
    /// The row's id (every row that validates has one).
    pub fn id(&self) -> &str {
        self.fields[0].as_deref().unwrap_or("")
    }

    /// The file the row was read from, as named in messages.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The 1-based line the row starts on.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// A field's text, `None` for an empty cell or a field the file does not have.
    ///
    /// # Panics
    /// `field` is not one of [`FIELDS`] (a programming error).
    pub fn get(&self, field: &str) -> Option<&str> {
        self.fields[index(field)].as_deref()
    }

    /// The nested repositories (JSONL rows; empty for CSV).
    pub fn repos(&self) -> &[Repo] {
        &self.repos
    }

    /// The row with one cell replaced by `value` (trimmed; an empty value empties the cell).
    ///
    /// # Panics
    /// `field` is not one of [`FIELDS`] other than `repos` (see [`RowFields::with_repos`]).
    pub fn with(&self, field: &str, value: &str) -> RowFields {
        let mut row = self.clone();
        let value = value.trim();
        row.fields[index(field)] = Some(value.to_string()).filter(|v| !v.is_empty());
        row
    }

    /// The row with its nested repositories replaced.
    pub fn with_repos(&self, repos: Vec<Repo>) -> RowFields {
        RowFields {
            repos,
            ..self.clone()
        }
    }

    /// Validates the row into a candidate, exactly as reading its file does.
    ///
    /// # Errors
    /// The row's first invalid field, as `FILE:LINE: field "NAME": reason`.
    pub fn candidate(&self, options: &ReadOptions) -> Result<Candidate, RowError> {
        let fields = self.fields.each_ref().map(Option::as_deref);
        validate(
            options,
            &fields,
            self.repos.clone(),
            self.attributes.clone(),
        )
        .map_err(|(field, reason)| RowError {
            file: self.file.clone(),
            line: self.line,
            id: Some(self.id().to_string()),
            field: field.into(),
            reason,
        })
    }
}

/// A raw row's fields as text, before validation: what [`RowParser::parse`] validates.
///
/// # Errors
/// A row that cannot be split into fields (malformed, not UTF-8, not a JSON object).
fn fields_of(parser: &RowParser, row: &RawRow, file: &str) -> Result<RowFields, RowError> {
    parser.visit(row, file, |fields, repos, attributes| {
        Ok(RowFields {
            file: file.to_string(),
            line: row.line,
            fields: fields.map(|field| field.map(str::to_string)),
            repos,
            attributes,
        })
    })
}

/// The position of a field in [`FIELDS`].
fn index(field: &str) -> usize {
    FIELDS
        .iter()
        .position(|f| *f == field && *f != "repos")
        .unwrap_or_else(|| panic!("not a text field: {field}"))
}

/// Reads a candidate file until the row with this id, and returns its fields (validated: the
/// row must be a valid candidate).
///
/// # Errors
/// The file cannot be read; the row is invalid; or no row has the id: the message names the
/// file and up to three ids that are close to it.
pub fn find_row(input: &Input, options: &ReadOptions, id: &str) -> Result<RowFields> {
    let mut source = RowSource::open(input, options.dialect)?;
    let parser = RowParser::new(&source, *options);
    let file = source.file().to_string();
    let mut chunk = Chunk::default();
    // The closest ids seen, by edit distance then file order.
    let mut near: Vec<(usize, String)> = Vec::new();
    let limit = (id.chars().count() / 3).max(2);
    while source.fill(&mut chunk, 4096)? {
        for row in chunk.rows() {
            let Ok(fields) = fields_of(&parser, row, &file) else {
                continue;
            };
            if fields.id() == id {
                fields.candidate(options).map_err(Error::Row)?;
                return Ok(fields);
            }
            let d = distance(fields.id(), id);
            if d <= limit {
                near.push((d, fields.id().to_string()));
                near.sort_by_key(|(d, _)| *d);
                near.truncate(3);
            }
        }
    }
    let hint = match near.is_empty() {
        true => String::new(),
        false => {
            let ids: Vec<&str> = near.iter().map(|(_, s)| s.as_str()).collect();
            format!(" (close ids: {})", ids.join(", "))
        }
    };
    Err(Error::Invalid(format!(
        "{file}: no candidate with id \"{id}\"{hint}"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::input::Bundled;
    use crate::money::RateTable;
    use crate::skills::Taxonomy;

    fn options() -> ReadOptions<'static> {
        ReadOptions::new(Taxonomy::bundled(), RateTable::bundled())
    }

    #[test]
    fn a_row_is_found_edited_and_validated_as_the_file_would_be() {
        let input = Input::Bundled(Bundled::Candidates);
        let row = find_row(&input, &options(), "c0000003").unwrap();
        assert_eq!((row.id(), row.line()), ("c0000003", 5));
        assert_eq!(row.get("years_experience"), Some("0.5"));
        let set = crate::io::read_candidates(input, &options()).unwrap();
        let read = set.candidates.iter().find(|c| c.id == "c0000003").unwrap();
        assert_eq!(&row.candidate(&options()).unwrap(), read);
        let edited = row.with("years_experience", "2.1").candidate(&options());
        assert_eq!(edited.unwrap().years_experience, 2.1);
        let err = row
            .with("degree", "doctor")
            .candidate(&options())
            .unwrap_err();
        assert_eq!(err.to_string().split(": ").nth(1), Some("field \"degree\""));
        assert_eq!(
            row.with("salary_expectation", " ")
                .get("salary_expectation"),
            None
        );
    }

    #[test]
    fn an_unknown_id_names_the_file_and_close_ids() {
        let input = Input::Bundled(Bundled::Candidates);
        let err = find_row(&input, &options(), "c000003")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(
                "data/candidates.csv: no candidate with id \"c000003\" (close ids: c0000003"
            ),
            "{err}"
        );
        let err = find_row(&input, &options(), "zzz").unwrap_err().to_string();
        assert_eq!(err, "data/candidates.csv: no candidate with id \"zzz\"");
    }
}
