//! What can go wrong reading and writing LETOR data and TREC runs.

use std::io;

/// Errors of reading and writing LETOR data and TREC runs.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LetorError {
    /// A file could not be opened or read.
    #[error("{path}")]
    Io {
        /// The file, as given.
        path: String,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// A line could not be parsed.
    #[error("{path}: line {line}: {reason}")]
    Parse {
        /// The file, as given.
        path: String,
        /// 1-based line number.
        line: usize,
        /// What was expected and what was found.
        reason: String,
    },
    /// The group sizes of a query file do not add up to the data's rows.
    #[error("{query}: group sizes add up to {total} rows but {data} has {rows} rows")]
    QuerySizeMismatch {
        /// The data file.
        data: String,
        /// The query file.
        query: String,
        /// Sum of the group sizes.
        total: usize,
        /// Rows in the data file.
        rows: usize,
    },
    /// The data has `qid:` fields and a query file was given or found too.
    #[error("{data} has qid fields and {query} gives group sizes: use only one")]
    QidWithQueryFile {
        /// The data file.
        data: String,
        /// The query file.
        query: String,
    },
    /// A [`LetorData`](super::LetorData) to be written is inconsistent.
    #[error("invalid LETOR data: {reason}")]
    InvalidData {
        /// What is wrong.
        reason: String,
    },
    /// A TREC run field is empty or contains whitespace.
    #[error("TREC run: {field} {value:?} is empty or contains whitespace")]
    InvalidTrecField {
        /// Which field (`qid`, `docid` or `run tag`).
        field: &'static str,
        /// The offending value.
        value: String,
    },
    /// Document ids and scores differ in number.
    #[error("TREC run: query {qid}: {docids} document ids but {scores} scores")]
    TrecLengthMismatch {
        /// The query.
        qid: String,
        /// Number of document ids.
        docids: usize,
        /// Number of scores.
        scores: usize,
    },
    /// A TREC run score is `NaN` or infinite.
    #[error("TREC run: query {qid}: document {docid}: score {score} is not finite")]
    TrecNonFiniteScore {
        /// The query.
        qid: String,
        /// The document.
        docid: String,
        /// The score.
        score: f64,
    },
    /// Writing the output failed.
    #[error("writing")]
    Write(#[source] io::Error),
}
