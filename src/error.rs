//! The library's one error type.

use std::fmt;
use std::path::PathBuf;

/// A shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a single input row was rejected, and where it stands.
///
/// Displays as `FILE:LINE: field "NAME": reason`, the form every rejected row is reported in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// The file the row came from.
    pub file: String,
    /// The 1-based line the row starts on.
    pub line: u64,
    /// The row's `id`, where it had one.
    pub id: Option<String>,
    /// The field that failed (`"(record)"` for a row that could not be split into fields).
    pub field: String,
    /// What was wrong with it.
    pub reason: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: field \"{}\": {}",
            self.file, self.line, self.field, self.reason
        )
    }
}

/// Everything that can go wrong in shiprank.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed. Displays the path; the I/O failure is the source
    /// (`{err:#}` through anyhow shows both: `PATH: No such file or directory`).
    #[error("{}", path.display())]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The underlying failure.
        #[source]
        source: std::io::Error,
    },
    /// An input row failed validation.
    #[error("{0}")]
    Row(RowError),
    /// A role in a role file is invalid.
    #[error("{file}: role \"{role}\": key \"{key}\": {reason}")]
    Role {
        /// The role file.
        file: String,
        /// The role's id (or its position, when it has no id).
        role: String,
        /// The offending key, dotted (`salary.currency`).
        key: String,
        /// What was wrong with it.
        reason: String,
    },
    /// A whole file could not be parsed (not valid TOML, JSON, CSV...).
    #[error("{file}: {reason}")]
    Parse {
        /// The file.
        file: String,
        /// What was wrong with it.
        reason: String,
    },
    /// A value given on the command line or in a configuration is invalid.
    #[error("{0}")]
    Invalid(String),
    /// Training, saving or loading a learned model failed, or a model file was refused.
    #[error(transparent)]
    Model(#[from] crate::model::ModelError),
    /// A ranking metric could not be computed.
    #[error(transparent)]
    Metric(#[from] crate::eval::MetricError),
    /// A LETOR (SVMlight) file or a TREC run could not be read or written.
    #[error(transparent)]
    Letor(#[from] crate::eval::LetorError),
}

/// An error followed by its sources, joined by `: `, as the command line prints it
/// (`NAME.csv: No such file or directory (os error 2)`). Each error displays its own context
/// only and chains its cause as [`std::error::Error::source`], so nothing is said twice.
pub fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut out = err.to_string();
    let mut next = err.source();
    while let Some(e) = next {
        out.push_str(": ");
        out.push_str(&e.to_string());
        next = e.source();
    }
    out
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// A parse error for a whole file.
    pub fn parse(file: impl fmt::Display, reason: impl fmt::Display) -> Error {
        Error::Parse {
            file: file.to_string(),
            reason: reason.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_error_names_file_line_and_field() {
        let e = RowError {
            file: "candidates.csv".into(),
            line: 13,
            id: Some("c1".into()),
            field: "salary_expectation".into(),
            reason: "invalid number \"12k\"".into(),
        };
        assert_eq!(
            e.to_string(),
            "candidates.csv:13: field \"salary_expectation\": invalid number \"12k\""
        );
    }

    #[test]
    fn the_chain_shows_each_context_once() {
        let missing = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        let err = Error::io("roles.toml", missing);
        assert_eq!(err.to_string(), "roles.toml");
        assert_eq!(error_chain(&err), "roles.toml: no such file");
    }

    #[test]
    fn errors_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Error>();
    }
}
