//! The shape of a candidate file: its format, the candidate fields, and where a CSV header puts
//! them. Shared by the source (which splits records) and the parser (which validates them).

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

impl Columns {
    /// Maps a header (field names are matched case-insensitively).
    pub fn from_header(headers: &csv::StringRecord) -> Columns {
        let mut columns = Columns::default();
        for (i, h) in headers.iter().enumerate() {
            let h = h.trim();
            match FIELDS.iter().position(|f| f.eq_ignore_ascii_case(h)) {
                Some(f) if columns.known[f].is_none() => columns.known[f] = Some(i),
                _ => columns.extras.push((i, h.to_string())),
            }
        }
        columns
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

    #[test]
    fn a_header_maps_fields_case_insensitively_and_keeps_the_rest() {
        let header = csv::StringRecord::from(vec!["name", " ID ", "gender", "id"]);
        let columns = Columns::from_header(&header);
        assert_eq!(columns.id(), Some(1));
        assert_eq!(columns.known[1], Some(0));
        assert_eq!(
            columns.extras,
            vec![(2, "gender".to_string()), (3, "id".to_string())],
            "a repeated field is an extra column"
        );
    }
}
