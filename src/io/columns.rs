//! The shape of a candidate file: its format, the candidate fields, and where a CSV header puts
//! them. Shared by the source (which splits records) and the parser (which validates them).

use std::collections::HashMap;
use std::path::Path;

/// The candidate fields, in the order the generator writes them.
pub const FIELDS: [&str; 19] = [
    "id",
    "name",
    "country",
    "timezone",
    "work_hours",
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
    "repos",
];

/// The input format of a candidate file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated, one row per candidate, with a header.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

impl Format {
    /// The format a path's extension implies (`.jsonl`/`.ndjson`/`.json` are JSONL, else CSV).
    pub fn of(path: &Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("jsonl" | "ndjson" | "json") => Format::Jsonl,
            _ => Format::Csv,
        }
    }
}

/// The positions of the candidate fields in a CSV header, and of the other columns.
#[derive(Clone, Debug, Default)]
pub struct Columns {
    /// For each of [`FIELDS`], its column.
    pub(super) known: [Option<usize>; FIELDS.len()],
    /// The other columns, with their header names.
    pub(super) extras: Vec<(usize, String)>,
}

/// A header name folded for comparison: lower case, without spaces and punctuation, without
/// a plural `s` (`Years Experience` and `years-experiences` fold to `yearsexperience`).
fn fold(name: &str) -> String {
    let folded: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    match folded.strip_suffix('s') {
        Some(stem) if stem.len() >= 3 => stem.to_string(),
        _ => folded,
    }
}

/// Levenshtein distance, for names of a few characters.
pub(super) fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// The field an unknown column name most likely means: the same after folding case, spaces,
/// punctuation and plural, within edit distance 2 of it, or the start of it (`salary`); the
/// last two for names of 5 or more letters, so short attribute names such as `age` stay
/// attributes.
fn near_field(name: &str) -> Option<&'static str> {
    let folded = fold(name);
    FIELDS.iter().copied().find(|f| {
        let field = fold(f);
        folded == field
            || (folded.len() >= 5 && (distance(&folded, &field) <= 2 || field.starts_with(&folded)))
    })
}

/// Column renames: a header name (matched ignoring case and surrounding spaces) read as a
/// candidate field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Renames(Vec<Rename>);

/// One rename: the column as written, its lower-case key, and the field.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Rename {
    column: String,
    key: String,
    field: &'static str,
}

impl Renames {
    /// No renames.
    pub const fn new() -> Renames {
        Renames(Vec::new())
    }

    /// Adds a rename of column `from` to field `to`.
    ///
    /// # Errors
    /// A plain message: an empty column name, a column renamed twice, or `to` not a field
    /// (with the field it most likely means).
    pub fn add(&mut self, from: &str, to: &str) -> Result<(), String> {
        let from = from.trim();
        if from.is_empty() {
            return Err("an empty column name cannot be renamed".into());
        }
        let field = FIELDS
            .iter()
            .copied()
            .find(|f| f.eq_ignore_ascii_case(to.trim()))
            .ok_or_else(|| match closest_field(to) {
                Some(near) => {
                    format!("\"{to}\" is not a candidate field; did you mean \"{near}\"?")
                }
                None => format!(
                    "\"{to}\" is not a candidate field (fields: {})",
                    FIELDS.join(", ")
                ),
            })?;
        if self.field_of(from).is_some() {
            return Err(format!("column \"{from}\" is renamed twice"));
        }
        self.0.push(Rename {
            column: from.to_string(),
            key: from.to_lowercase(),
            field,
        });
        Ok(())
    }

    /// Parses and adds `FROM=TO` (the `--rename` flag's value).
    ///
    /// # Errors
    /// No `=`, or as [`Renames::add`].
    pub fn add_spec(&mut self, spec: &str) -> Result<(), String> {
        let (from, to) = spec
            .rsplit_once('=')
            .ok_or_else(|| format!("\"{spec}\": expected 'COLUMN=FIELD'"))?;
        self.add(from, to)
    }

    /// The field column `name` is renamed to (called per JSONL key: allocates nothing).
    pub fn field_of(&self, name: &str) -> Option<&'static str> {
        let lower = || name.trim().chars().flat_map(char::to_lowercase);
        self.0
            .iter()
            .find(|r| lower().eq(r.key.chars()))
            .map(|r| r.field)
    }

    /// The renamed column names, as written.
    pub fn columns(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|r| r.column.as_str())
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The field within two edits of `name` (after folding case, spaces and punctuation).
fn closest_field(name: &str) -> Option<&'static str> {
    closest_name(name, &FIELDS)
}

/// The name among `names` nearest to `name` (case and separators ignored) within 2 edits,
/// for "did you mean" hints.
pub fn closest_name<'a>(name: &str, names: &[&'a str]) -> Option<&'a str> {
    let folded = fold(name);
    names
        .iter()
        .copied()
        .map(|f| (distance(&folded, &fold(f)), f))
        .filter(|&(d, _)| d <= 2)
        .min_by_key(|&(d, _)| d)
        .map(|(_, f)| f)
}

impl Columns {
    /// Maps a header: field names match case-insensitively, renamed columns are read as their
    /// field; other columns are kept as attributes.
    ///
    /// # Errors
    /// `(column name, reason)`: a column name that repeats another, two columns for one field,
    /// a renamed column that is not in the header, or an unknown name that looks like a
    /// misspelt field (`Years Experience`, `skill`), which would otherwise be kept as an
    /// attribute and leave the field empty for every candidate.
    pub fn from_header(
        headers: &csv::StringRecord,
        renames: &Renames,
    ) -> Result<Columns, (String, String)> {
        let mut columns = Columns::default();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, h) in headers.iter().enumerate() {
            let h = h.trim();
            let lower = h.to_lowercase();
            if let Some(&first) = seen.get(&lower) {
                let name = match h {
                    "" => format!("(column {})", i + 1),
                    _ => h.to_string(),
                };
                return Err((
                    name,
                    format!(
                        "column {} repeats column {}: give each column its own name",
                        i + 1,
                        first + 1
                    ),
                ));
            }
            seen.insert(lower, i);
            let field = renames
                .field_of(h)
                .or_else(|| FIELDS.iter().copied().find(|f| f.eq_ignore_ascii_case(h)));
            match field {
                Some(field) => {
                    let f = FIELDS.iter().position(|x| *x == field).expect("a field");
                    if let Some(first) = columns.known[f] {
                        return Err((
                            h.to_string(),
                            format!(
                                "column {} and column {} are both \"{field}\": keep one, or \
                                 rename the other",
                                first + 1,
                                i + 1
                            ),
                        ));
                    }
                    columns.known[f] = Some(i);
                }
                None => match near_field(h) {
                    Some(field) => {
                        return Err((
                            h.to_string(),
                            format!(
                                "unknown column; did you mean \"{field}\"? rename the column \
                                 to \"{field}\", or read it as it is with --rename \
                                 '{h}={field}' (as it is, it would be kept for audit and never \
                                 scored)"
                            ),
                        ))
                    }
                    None => columns.extras.push((i, h.to_string())),
                },
            }
        }
        if let Some(missing) = renames
            .columns()
            .find(|c| !seen.contains_key(&c.trim().to_lowercase()))
        {
            let names: Vec<&str> = headers.iter().map(str::trim).collect();
            return Err((
                missing.to_string(),
                format!(
                    "renamed, but the header has no such column (its columns: {})",
                    names.join(", ")
                ),
            ));
        }
        Ok(columns)
    }

    /// The names of the columns that are not candidate fields: kept for audit, never scored.
    pub fn attributes(&self) -> impl Iterator<Item = &str> {
        self.extras.iter().map(|(_, name)| name.as_str())
    }

    /// The header name of column `i` (`(record)` past the header).
    pub fn name_of(&self, i: usize) -> &str {
        let field = self
            .known
            .iter()
            .position(|c| *c == Some(i))
            .map(|f| FIELDS[f]);
        field
            .or_else(|| {
                self.extras
                    .iter()
                    .find(|(j, _)| *j == i)
                    .map(|(_, n)| n.as_str())
            })
            .unwrap_or("(record)")
    }

    /// The `id` column.
    pub fn id(&self) -> Option<usize> {
        self.known[0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_gives_the_format() {
        assert_eq!(Format::of(Path::new("a/b.JSONL")), Format::Jsonl);
        assert_eq!(Format::of(Path::new("b.ndjson")), Format::Jsonl);
        assert_eq!(Format::of(Path::new("b.json")), Format::Jsonl);
        assert_eq!(Format::of(Path::new("b.csv")), Format::Csv);
        assert_eq!(Format::of(Path::new("b")), Format::Csv);
    }

    fn header(names: &[&str]) -> Result<Columns, (String, String)> {
        Columns::from_header(
            &csv::StringRecord::from(names.to_vec()),
            &Renames::default(),
        )
    }

    #[test]
    fn a_header_maps_fields_case_insensitively_and_keeps_the_rest() {
        let columns = header(&["name", " ID ", "gender", "age_band", "email"]).unwrap();
        assert_eq!(columns.id(), Some(1));
        assert_eq!(columns.known[1], Some(0));
        let kept: Vec<&str> = columns.attributes().collect();
        assert_eq!(kept, ["gender", "age_band", "email"]);
    }

    #[test]
    fn repeated_and_misspelt_columns_are_refused() {
        let (name, why) = header(&["id", "name", "ID"]).unwrap_err();
        assert_eq!(name, "ID");
        assert!(why.starts_with("column 3 repeats column 1"), "{why}");
        let (name, why) = header(&["id", "", " "]).unwrap_err();
        assert_eq!(name, "(column 3)", "an empty name is named by position");
        assert!(why.starts_with("column 3 repeats column 2"), "{why}");
        for (column, field) in [
            ("Years Experience", "years_experience"),
            ("skill", "skills"),
            ("Total-Stars", "total_stars"),
            ("salary_expectaton", "salary_expectation"),
            ("timezon", "timezone"),
            ("salary", "salary_expectation"),
        ] {
            let (name, why) = header(&["id", column]).unwrap_err();
            assert_eq!(name, column);
            assert!(
                why.contains(&format!("did you mean \"{field}\"")),
                "{column}: {why}"
            );
        }
        for attribute in [
            "gender",
            "ethnicity",
            "age_band",
            "email",
            "location",
            "phone",
            "age",
        ] {
            assert!(header(&["id", attribute]).is_ok(), "{attribute}");
        }
    }

    #[test]
    fn renames_name_fields_and_refuse_what_is_not_one() {
        let mut r = Renames::default();
        r.add_spec("Years of Experience=years_experience").unwrap();
        r.add_spec(" Candidate ID = ID").unwrap();
        assert_eq!(r.field_of("years of experience"), Some("years_experience"));
        assert_eq!(r.field_of("Candidate ID "), Some("id"));
        assert_eq!(r.field_of("gender"), None);
        assert!(r
            .add_spec("Exp=years_experiance")
            .unwrap_err()
            .contains("did you mean \"years_experience\""));
        assert!(r
            .add_spec("a=gender")
            .unwrap_err()
            .contains("fields: id, name"));
        assert!(r
            .add_spec("no equals")
            .unwrap_err()
            .contains("COLUMN=FIELD"));
        assert!(r.add_spec("=id").unwrap_err().contains("empty column"));
        assert!(r
            .add_spec("candidate id=name")
            .unwrap_err()
            .contains("twice"));
    }

    #[test]
    fn distances_count_edits() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("same", "same"), 0);
    }
}
