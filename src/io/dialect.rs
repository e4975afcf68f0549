//! How an exported candidate file is written when it is not as shiprank writes it: its field
//! delimiter, its text encoding, and the names its columns go by (`Years of Experience` for
//! `years_experience`). Given on the command line (`--delimiter`, `--encoding`, `--rename`) or
//! in a small mapping file kept beside the exports:
//!
//! ```toml
//! delimiter = ";"            # optional: , ; tab |
//! encoding = "windows-1252"  # optional: any WHATWG label
//!
//! [columns]
//! "Years of Experience" = "years_experience"
//! "Candidate ID" = "id"
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;

use super::columns::Renames;

/// How a candidate file is written: what is not detected, or detected wrongly.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dialect {
    /// The CSV field delimiter; `None` detects it from the header (`,` `;` tab `|`).
    pub delimiter: Option<u8>,
    /// The text encoding when it is not UTF-8 (`windows-1252`, `latin1`, `utf-16`): the file
    /// is transcoded as it is read. `None` reads UTF-8 (UTF-16 with a byte-order mark is
    /// recognized either way).
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Column renames (CSV header names, or JSONL keys).
    pub renames: Renames,
}

/// A mapping file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    delimiter: Option<String>,
    encoding: Option<String>,
    #[serde(default)]
    columns: BTreeMap<String, String>,
}

impl Dialect {
    /// The dialect a mapping file describes (see the module documentation).
    ///
    /// # Errors
    /// A plain message: invalid TOML, an unknown key, a bad delimiter or encoding, or a rename
    /// to a name that is not a field.
    pub fn from_toml(text: &str) -> Result<Dialect, String> {
        let file: MappingFile = toml::from_str(text).map_err(|e| e.message().trim().to_string())?;
        let mut dialect = Dialect {
            delimiter: file.delimiter.as_deref().map(parse_delimiter).transpose()?,
            encoding: file.encoding.as_deref().map(parse_encoding).transpose()?,
            renames: Renames::default(),
        };
        for (from, to) in &file.columns {
            dialect
                .renames
                .add(from, to)
                .map_err(|e| format!("[columns]: {e}"))?;
        }
        Ok(dialect)
    }
}

/// A delimiter by its character or name: `,` `;` `|`, `tab` (or `\t` or a tab).
///
/// # Errors
/// Anything else.
pub fn parse_delimiter(text: &str) -> Result<u8, String> {
    match text {
        "," | "comma" => Ok(b','),
        ";" | "semicolon" => Ok(b';'),
        "\t" | "\\t" | "tab" | "TAB" => Ok(b'\t'),
        "|" | "pipe" => Ok(b'|'),
        _ => Err(format!(
            "delimiter \"{}\" is not one of , ; tab |",
            text.escape_debug()
        )),
    }
}

/// A text encoding by its WHATWG label (`windows-1252`, `latin1`, `utf-16`,
/// `iso-8859-15`…).
///
/// # Errors
/// An unknown label.
pub fn parse_encoding(label: &str) -> Result<&'static encoding_rs::Encoding, String> {
    encoding_rs::Encoding::for_label(label.trim().as_bytes())
        .ok_or_else(|| format!("unknown encoding \"{label}\" (e.g. windows-1252, latin1, utf-16)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapping_file_gives_delimiter_encoding_and_columns() {
        let d = Dialect::from_toml(
            "delimiter = \";\"\nencoding = \"latin1\"\n[columns]\n\"Years of Experience\" = \"years_experience\"\n",
        )
        .unwrap();
        assert_eq!(d.delimiter, Some(b';'));
        assert_eq!(d.encoding, Some(encoding_rs::WINDOWS_1252));
        assert_eq!(
            d.renames.field_of("YEARS OF EXPERIENCE"),
            Some("years_experience")
        );
        assert!(Dialect::from_toml("[colums]\n")
            .unwrap_err()
            .contains("unknown field"));
        assert!(Dialect::from_toml("delimiter = \"#\"")
            .unwrap_err()
            .contains("not one of"));
        assert!(Dialect::from_toml("[columns]\nx = \"skils\"")
            .unwrap_err()
            .contains("[columns]: \"skils\" is not a candidate field; did you mean \"skills\"?"));
        assert_eq!(Dialect::from_toml("").unwrap(), Dialect::default());
    }

    #[test]
    fn delimiters_by_character_or_name() {
        assert_eq!(parse_delimiter("tab"), Ok(b'\t'));
        assert_eq!(parse_delimiter("\\t"), Ok(b'\t'));
        assert_eq!(parse_delimiter(";"), Ok(b';'));
        assert!(parse_delimiter("::").is_err());
    }
}
