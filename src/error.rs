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
    /// Reading or writing a file failed.
    #[error("{}: {err}", path.display())]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The underlying failure (shown in the message, so not chained as a source).
        err: std::io::Error,
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
    /// The pairwise ranker failed.
    #[error("pairwise: {0}")]
    Pairwise(#[from] crate::learn::PairwiseError),
    /// LambdaMART failed.
    #[error("lambdamart: {0}")]
    LambdaMart(#[from] crate::learn::LambdaMartError),
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            err: source,
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
    fn errors_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Error>();
    }
}
