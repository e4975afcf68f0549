//! Reading and writing SVMlight / LETOR ranking data, and writing TREC runs.
//!
//! A data line is `label [qid:Q] index:value ... [# comment]`: a graded
//! relevance label, an optional query id, sparse features with 1-based
//! indices (absent features are 0) and an optional trailing comment. Blank
//! lines and lines holding only a comment are skipped.
//!
//! Queries are either given by `qid:` fields (consecutive rows with the same
//! qid form a query; a qid may not come back after another one) or, as in
//! LightGBM, by a `.query` file listing the number of rows of each
//! consecutive query, one per line. Data with neither is one query.
//!
//! ```
//! use shiprank::LetorReader;
//! let text = "2 qid:7 1:0.5 3:1 # doc-a\n0 qid:7 2:0.25\n1 qid:9 1:1\n";
//! let data = LetorReader::new().read_from(text.as_bytes(), "inline").unwrap();
//! assert_eq!(data.features.dim(), (3, 3));
//! assert_eq!(data.groups, vec![0..2, 2..3]);
//! assert_eq!(data.qids, Some(vec!["7".to_string(), "9".to_string()]));
//! assert_eq!(data.comments[0].as_deref(), Some("doc-a"));
//! ```

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use ndarray::{Array1, Array2};

/// Errors of reading and writing LETOR data and TREC runs.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LetorError {
    /// A file could not be opened or read.
    #[error("{path}: {source}")]
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
    /// A [`LetorData`] to be written is inconsistent.
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
    #[error("writing: {0}")]
    Write(#[source] io::Error),
}

/// A ranking data set: dense features, labels and query groups.
#[derive(Debug, Clone, PartialEq)]
pub struct LetorData {
    /// Feature matrix, shape (n_rows, n_features); column `j` holds feature
    /// index `j + 1`, absent features are 0.
    pub features: Array2<f64>,
    /// Relevance label of each row, length n_rows.
    pub labels: Array1<f64>,
    /// Row range of each query, consecutive and covering all rows in order.
    pub groups: Vec<Range<usize>>,
    /// Query id of each group when the data had `qid:` fields.
    pub qids: Option<Vec<String>>,
    /// Trailing `# comment` of each row (trimmed), `None` when absent.
    pub comments: Vec<Option<String>>,
}

impl LetorData {
    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.features.nrows()
    }

    /// Number of feature columns.
    pub fn n_features(&self) -> usize {
        self.features.ncols()
    }

    /// Checks that lengths agree and `groups` cover `0..n_rows` in order.
    ///
    /// # Errors
    ///
    /// [`LetorError::InvalidData`] naming the first problem found.
    pub fn validate(&self) -> Result<(), LetorError> {
        let invalid = |reason: String| Err(LetorError::InvalidData { reason });
        let n = self.n_rows();
        if self.labels.len() != n {
            return invalid(format!("{} labels for {n} rows", self.labels.len()));
        }
        if self.comments.len() != n {
            return invalid(format!("{} comments for {n} rows", self.comments.len()));
        }
        let mut next = 0;
        for (i, g) in self.groups.iter().enumerate() {
            if g.start != next || g.end <= g.start {
                return invalid(format!(
                    "group {i} is rows {}..{}, expected a non-empty range starting at {next}",
                    g.start, g.end
                ));
            }
            next = g.end;
        }
        if next != n {
            return invalid(format!("groups cover {next} of {n} rows"));
        }
        if let Some(qids) = &self.qids {
            if qids.len() != self.groups.len() {
                return invalid(format!(
                    "{} qids for {} groups",
                    qids.len(),
                    self.groups.len()
                ));
            }
            if let Some(q) = qids.iter().find(|q| !valid_token(q)) {
                return invalid(format!("qid {q:?} is empty or contains whitespace or '#'"));
            }
        }
        Ok(())
    }

    /// Writes the data as SVMlight/LETOR text, one row per line:
    /// `label qid:Q index:value ... [# comment]`, omitting zero features.
    /// The qid is the stored one or, without stored qids, the 1-based group
    /// number. Values use Rust's shortest round-trip formatting, so reading
    /// the output gives the same data back.
    ///
    /// # Errors
    ///
    /// [`LetorError::InvalidData`] from [`validate`](Self::validate), or
    /// [`LetorError::Write`].
    pub fn write_letor<W: Write>(&self, out: W) -> Result<(), LetorError> {
        self.validate()?;
        let mut out = BufWriter::new(out);
        let mut line = String::new();
        for (gi, g) in self.groups.iter().enumerate() {
            let qid = match &self.qids {
                Some(qids) => qids[gi].clone(),
                None => (gi + 1).to_string(),
            };
            for row in g.clone() {
                use std::fmt::Write as _;
                line.clear();
                let _ = write!(line, "{} qid:{qid}", self.labels[row]);
                for (j, &v) in self.features.row(row).iter().enumerate() {
                    if v != 0.0 {
                        let _ = write!(line, " {}:{v}", j + 1);
                    }
                }
                if let Some(c) = &self.comments[row] {
                    let _ = write!(line, " # {c}");
                }
                line.push('\n');
                out.write_all(line.as_bytes()).map_err(LetorError::Write)?;
            }
        }
        out.flush().map_err(LetorError::Write)
    }

    /// Writes the group sizes, one per line, in LightGBM's `.query` format.
    ///
    /// # Errors
    ///
    /// [`LetorError::Write`].
    pub fn write_query_sizes<W: Write>(&self, mut out: W) -> Result<(), LetorError> {
        for g in &self.groups {
            writeln!(out, "{}", g.len()).map_err(LetorError::Write)?;
        }
        out.flush().map_err(LetorError::Write)
    }
}

/// Where a reader takes group sizes from when the data has no `qid:` fields.
#[derive(Debug, Clone, PartialEq, Eq)]
enum QuerySource {
    /// `<data path>.query` when that file exists (LightGBM's convention).
    Auto,
    /// This file.
    File(PathBuf),
    /// Never read a query file.
    Ignore,
}

/// Options for reading LETOR data; [`LetorReader::new`] gives the defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetorReader {
    n_features: Option<usize>,
    query: QuerySource,
}

impl Default for LetorReader {
    fn default() -> Self {
        Self::new()
    }
}

impl LetorReader {
    /// Defaults: as many columns as the largest feature index seen, and
    /// group sizes from `<data path>.query` when that file exists.
    pub fn new() -> Self {
        LetorReader {
            n_features: None,
            query: QuerySource::Auto,
        }
    }

    /// Fixes the number of feature columns (so that train and test files get
    /// the same width); a larger feature index is then an error.
    pub fn n_features(mut self, n_features: usize) -> Self {
        self.n_features = Some(n_features);
        self
    }

    /// Reads group sizes from this file instead of `<data path>.query`.
    pub fn query_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.query = QuerySource::File(path.into());
        self
    }

    /// Never reads a query file (without `qid:` fields the data is one query).
    pub fn no_query_file(mut self) -> Self {
        self.query = QuerySource::Ignore;
        self
    }

    /// Reads a data file, and its query file as configured.
    ///
    /// # Errors
    ///
    /// [`LetorError::Io`] if a file cannot be read, [`LetorError::Parse`]
    /// for a malformed line (with file and line number),
    /// [`LetorError::QuerySizeMismatch`] and
    /// [`LetorError::QidWithQueryFile`] for inconsistent query information.
    pub fn read(&self, path: impl AsRef<Path>) -> Result<LetorData, LetorError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let file = File::open(path).map_err(|source| LetorError::Io {
            path: name.clone(),
            source,
        })?;
        let query_path = match &self.query {
            QuerySource::Auto => {
                let mut p = path.as_os_str().to_owned();
                p.push(".query");
                let p = PathBuf::from(p);
                p.is_file().then_some(p)
            }
            QuerySource::File(p) => Some(p.clone()),
            QuerySource::Ignore => None,
        };
        self.read_impl(BufReader::new(file), &name, query_path.as_deref())
    }

    /// Reads data from `reader`; `name` stands for the file in errors. Group
    /// sizes come from `qid:` fields or a file set with
    /// [`query_file`](Self::query_file) (no `.query` file is guessed).
    ///
    /// # Errors
    ///
    /// As [`read`](Self::read).
    pub fn read_from<R: BufRead>(&self, reader: R, name: &str) -> Result<LetorData, LetorError> {
        let query_path = match &self.query {
            QuerySource::File(p) => Some(p.as_path()),
            QuerySource::Auto | QuerySource::Ignore => None,
        };
        self.read_impl(reader, name, query_path)
    }

    fn read_impl<R: BufRead>(
        &self,
        mut reader: R,
        name: &str,
        query_path: Option<&Path>,
    ) -> Result<LetorData, LetorError> {
        let parse_err = |line: usize, reason: String| LetorError::Parse {
            path: name.to_owned(),
            line,
            reason,
        };
        let mut labels = Vec::new();
        let mut entries: Vec<(u32, usize, f64)> = Vec::new(); // (row, column, value)
        let mut comments = Vec::new();
        // Whether the first row had a qid (all rows must agree).
        let mut has_qids: Option<bool> = None;
        // Groups from qids, built as rows arrive: finished queries map to
        // the line of their last row.
        let mut qid_groups: Vec<Range<usize>> = Vec::new();
        let mut qid_names: Vec<String> = Vec::new();
        let mut qid_start = 0usize;
        let mut finished: HashMap<String, usize> = HashMap::new();
        let mut last_line = 0usize;
        let mut max_index = 0usize;
        let mut seen = Vec::new(); // feature indices of the current line
        let mut buf = String::new();
        let mut line_no = 0usize;
        loop {
            buf.clear();
            let read = reader
                .read_line(&mut buf)
                .map_err(|source| LetorError::Io {
                    path: name.to_owned(),
                    source,
                })?;
            if read == 0 {
                break;
            }
            line_no += 1;
            let (content, comment) = match buf.split_once('#') {
                Some((c, rest)) => (c, Some(rest.trim().to_owned())),
                None => (buf.as_str(), None),
            };
            let mut tokens = content.split_whitespace().peekable();
            let Some(label_tok) = tokens.next() else {
                continue;
            };
            let row = labels.len();
            let label: f64 = label_tok
                .parse()
                .ok()
                .filter(|l: &f64| l.is_finite())
                .ok_or_else(|| {
                    parse_err(line_no, format!("label {label_tok:?}: not a finite number"))
                })?;
            let qid = match tokens.peek().and_then(|t| t.strip_prefix("qid:")) {
                Some("") => return Err(parse_err(line_no, "empty qid".into())),
                Some(q) => {
                    let q = q.to_owned();
                    tokens.next();
                    Some(q)
                }
                None => None,
            };
            match (has_qids, &qid) {
                (Some(true), None) => {
                    let first = &qid_names[0];
                    return Err(parse_err(
                        line_no,
                        format!("no qid, but earlier rows have one (qid:{first})"),
                    ));
                }
                (Some(false), Some(_)) => {
                    return Err(parse_err(
                        line_no,
                        "qid field, but earlier rows have none".into(),
                    ));
                }
                _ => has_qids = Some(qid.is_some()),
            }
            seen.clear();
            for tok in tokens {
                let Some((idx_s, val_s)) = tok.split_once(':') else {
                    return Err(parse_err(
                        line_no,
                        format!("token {tok:?}: expected index:value"),
                    ));
                };
                if idx_s == "qid" {
                    return Err(parse_err(
                        line_no,
                        "qid must come right after the label".into(),
                    ));
                }
                let idx: usize = match idx_s.parse() {
                    Ok(0) => {
                        return Err(parse_err(
                            line_no,
                            format!("feature index {idx_s:?}: indices start at 1"),
                        ));
                    }
                    Ok(i) => i,
                    Err(_) => {
                        return Err(parse_err(
                            line_no,
                            format!("feature index {idx_s:?}: not a positive integer"),
                        ));
                    }
                };
                if let Some(n) = self.n_features.filter(|&n| idx > n) {
                    return Err(parse_err(
                        line_no,
                        format!("feature index {idx} exceeds n_features {n}"),
                    ));
                }
                let val: f64 = val_s
                    .parse()
                    .ok()
                    .filter(|v: &f64| v.is_finite())
                    .ok_or_else(|| {
                        parse_err(
                            line_no,
                            format!("feature {idx}: value {val_s:?}: not a finite number"),
                        )
                    })?;
                if seen.contains(&idx) {
                    return Err(parse_err(line_no, format!("feature index {idx} repeated")));
                }
                seen.push(idx);
                max_index = max_index.max(idx);
                if val != 0.0 {
                    let row32 = u32::try_from(row)
                        .map_err(|_| parse_err(line_no, "more than 2^32 rows".into()))?;
                    entries.push((row32, idx - 1, val));
                }
            }
            if let Some(q) = &qid {
                match qid_names.last() {
                    Some(cur) if cur == q => {}
                    _ => {
                        if let Some(&ended) = finished.get(q) {
                            return Err(parse_err(
                                line_no,
                                format!(
                                    "qid {q:?} reappears after other queries (its rows ended at line {ended})"
                                ),
                            ));
                        }
                        if let Some(prev) = qid_names.last() {
                            finished.insert(prev.clone(), last_line);
                            qid_groups.push(qid_start..row);
                            qid_start = row;
                        }
                        qid_names.push(q.clone());
                    }
                }
            }
            last_line = line_no;
            labels.push(label);
            comments.push(comment);
        }
        let n_rows = labels.len();
        let has_qids = has_qids == Some(true);

        let (groups, qids) = if has_qids {
            if let Some(q) = query_path {
                return Err(LetorError::QidWithQueryFile {
                    data: name.to_owned(),
                    query: q.display().to_string(),
                });
            }
            qid_groups.push(qid_start..n_rows);
            (qid_groups, Some(qid_names))
        } else if let Some(q) = query_path {
            (read_query_file(q, name, n_rows)?, None)
        } else if n_rows > 0 {
            (std::iter::once(0..n_rows).collect(), None)
        } else {
            (Vec::new(), None)
        };

        let n_features = self.n_features.unwrap_or(max_index);
        let mut features = Array2::zeros((n_rows, n_features));
        for (row, col, val) in entries {
            features[[row as usize, col]] = val;
        }
        Ok(LetorData {
            features,
            labels: Array1::from(labels),
            groups,
            qids,
            comments,
        })
    }
}

/// Reads LightGBM group sizes and checks they add up to `n_rows`.
fn read_query_file(
    path: &Path,
    data_name: &str,
    n_rows: usize,
) -> Result<Vec<Range<usize>>, LetorError> {
    let qname = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| LetorError::Io {
        path: qname.clone(),
        source,
    })?;
    let mut groups = Vec::new();
    let mut start = 0usize;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let size: usize = match t.parse() {
            Ok(0) => {
                return Err(LetorError::Parse {
                    path: qname,
                    line: i + 1,
                    reason: "group size 0: a query needs at least one row".into(),
                });
            }
            Ok(s) => s,
            Err(_) => {
                return Err(LetorError::Parse {
                    path: qname,
                    line: i + 1,
                    reason: format!("group size {t:?}: not a positive integer"),
                });
            }
        };
        groups.push(start..start + size);
        start += size;
    }
    if start != n_rows {
        return Err(LetorError::QuerySizeMismatch {
            data: data_name.to_owned(),
            query: qname,
            total: start,
            rows: n_rows,
        });
    }
    Ok(groups)
}

/// Reads a LETOR file with the default [`LetorReader`] (group sizes from
/// `<path>.query` when it exists and the data has no `qid:` fields).
///
/// # Errors
///
/// As [`LetorReader::read`].
pub fn read_letor(path: impl AsRef<Path>) -> Result<LetorData, LetorError> {
    LetorReader::new().read(path)
}

fn valid_token(s: &str) -> bool {
    !s.is_empty() && !s.contains(char::is_whitespace) && !s.contains('#')
}

/// Writes one query's TREC run lines `qid Q0 docid rank score runtag`.
///
/// Documents are ranked by score descending, ties broken by their index in
/// `docids` (earlier first); ranks are 1-based. Scores use Rust's shortest
/// round-trip formatting.
///
/// # Errors
///
/// [`LetorError::InvalidTrecField`] for an empty field or one containing
/// whitespace, [`LetorError::TrecLengthMismatch`],
/// [`LetorError::TrecNonFiniteScore`], [`LetorError::Write`].
///
/// # Example
///
/// ```
/// let mut out = Vec::new();
/// shiprank::write_trec_run(&mut out, "q1", &["d1", "d2"], &[0.5, 2.0], "run1").unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(), "q1 Q0 d2 1 2 run1\nq1 Q0 d1 2 0.5 run1\n");
/// ```
pub fn write_trec_run<W: Write, S: AsRef<str>>(
    out: &mut W,
    qid: &str,
    docids: &[S],
    scores: &[f64],
    run_tag: &str,
) -> Result<(), LetorError> {
    let check = |field: &'static str, value: &str| {
        if value.is_empty() || value.contains(char::is_whitespace) {
            Err(LetorError::InvalidTrecField {
                field,
                value: value.to_owned(),
            })
        } else {
            Ok(())
        }
    };
    check("qid", qid)?;
    check("run tag", run_tag)?;
    if docids.len() != scores.len() {
        return Err(LetorError::TrecLengthMismatch {
            qid: qid.to_owned(),
            docids: docids.len(),
            scores: scores.len(),
        });
    }
    for (d, &s) in docids.iter().zip(scores) {
        check("docid", d.as_ref())?;
        if !s.is_finite() {
            return Err(LetorError::TrecNonFiniteScore {
                qid: qid.to_owned(),
                docid: d.as_ref().to_owned(),
                score: s,
            });
        }
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    for (rank, &i) in order.iter().enumerate() {
        writeln!(
            out,
            "{qid} Q0 {} {} {} {run_tag}",
            docids[i].as_ref(),
            rank + 1,
            scores[i]
        )
        .map_err(LetorError::Write)?;
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)] // query groups: a list of row ranges
mod tests {
    use super::*;
    use ndarray::array;

    fn parse(text: &str) -> Result<LetorData, LetorError> {
        LetorReader::new().read_from(text.as_bytes(), "t.txt")
    }

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("ltr-letor-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn parses_dense_matrix_labels_groups_comments() {
        let d = parse("1 qid:a 1:0.5 3:2\n\n# only a comment\n0 qid:a 2:1 # d2\n2 qid:b 1:-1\n")
            .unwrap();
        assert_eq!(
            d.features,
            array![[0.5, 0.0, 2.0], [0.0, 1.0, 0.0], [-1.0, 0.0, 0.0]]
        );
        assert_eq!(d.labels, array![1.0, 0.0, 2.0]);
        assert_eq!(d.groups, vec![0..2, 2..3]);
        assert_eq!(d.qids, Some(vec!["a".into(), "b".into()]));
        assert_eq!(d.comments, vec![None, Some("d2".into()), None]);
    }

    #[test]
    fn without_qid_or_query_file_is_one_query() {
        let d = parse("1 1:1\n0 2:1\n").unwrap();
        assert_eq!(d.groups, vec![0..2]);
        assert_eq!(d.qids, None);
        assert_eq!(parse("").unwrap().groups, Vec::<Range<usize>>::new());
    }

    #[test]
    fn n_features_pads_and_limits() {
        let r = LetorReader::new().n_features(4);
        let d = r.read_from("1 1:1\n".as_bytes(), "x").unwrap();
        assert_eq!(d.features.dim(), (1, 4));
        let err = r.read_from("1 5:1\n".as_bytes(), "x").unwrap_err();
        assert_eq!(
            err.to_string(),
            "x: line 1: feature index 5 exceeds n_features 4"
        );
    }

    #[test]
    fn error_messages_name_file_line_and_reason() {
        let cases = [
            (
                "1 1:1\n0 0:1\n",
                "t.txt: line 2: feature index \"0\": indices start at 1",
            ),
            ("x 1:1\n", "t.txt: line 1: label \"x\": not a finite number"),
            (
                "1 a:1\n",
                "t.txt: line 1: feature index \"a\": not a positive integer",
            ),
            (
                "1 2:z\n",
                "t.txt: line 1: feature 2: value \"z\": not a finite number",
            ),
            ("1 2:1 2:3\n", "t.txt: line 1: feature index 2 repeated"),
            ("1 2\n", "t.txt: line 1: token \"2\": expected index:value"),
            ("1 qid:\n", "t.txt: line 1: empty qid"),
            (
                "1 1:1 qid:3\n",
                "t.txt: line 1: qid must come right after the label",
            ),
            (
                "1 qid:1 1:1\n0 1:1\n",
                "t.txt: line 2: no qid, but earlier rows have one (qid:1)",
            ),
            (
                "1 1:1\n0 qid:1 1:1\n",
                "t.txt: line 2: qid field, but earlier rows have none",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text).unwrap_err().to_string(), want, "{text:?}");
        }
    }

    #[test]
    fn qid_reappearing_is_an_error() {
        let err = parse("1 qid:1 1:1\n0 qid:2 1:1\n0 qid:1 1:1\n").unwrap_err();
        assert!(matches!(err, LetorError::Parse { .. }));
        assert_eq!(
            err.to_string(),
            "t.txt: line 3: qid \"1\" reappears after other queries (its rows ended at line 1)"
        );
    }

    #[test]
    fn query_file_groups_rows_and_must_add_up() {
        let dir = temp_dir("query");
        let data = dir.join("d.train");
        std::fs::write(&data, "1 1:1\n0 1:2\n2 1:3\n").unwrap();
        std::fs::write(dir.join("d.train.query"), "2\n1\n").unwrap();
        let d = read_letor(&data).unwrap();
        assert_eq!(d.groups, vec![0..2, 2..3]);

        let bad = dir.join("bad.query");
        std::fs::write(&bad, "2\n2\n").unwrap();
        let err = LetorReader::new().query_file(&bad).read(&data).unwrap_err();
        let msg = err.to_string();
        assert!(matches!(
            err,
            LetorError::QuerySizeMismatch {
                total: 4,
                rows: 3,
                ..
            }
        ));
        assert!(
            msg.contains("bad.query") && msg.contains("d.train has 3 rows"),
            "{msg}"
        );

        std::fs::write(&bad, "2\nx\n").unwrap();
        let err = LetorReader::new().query_file(&bad).read(&data).unwrap_err();
        assert!(err
            .to_string()
            .ends_with("line 2: group size \"x\": not a positive integer"));

        let d = LetorReader::new().no_query_file().read(&data).unwrap();
        assert_eq!(d.groups, vec![0..3]);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn qid_with_query_file_is_an_error() {
        let dir = temp_dir("qidq");
        let data = dir.join("d.txt");
        std::fs::write(&data, "1 qid:1 1:1\n").unwrap();
        std::fs::write(dir.join("d.txt.query"), "1\n").unwrap();
        assert!(matches!(
            read_letor(&data),
            Err(LetorError::QidWithQueryFile { .. })
        ));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn missing_file_names_path() {
        let err = read_letor("/nonexistent/rank.train").unwrap_err();
        assert!(
            err.to_string().starts_with("/nonexistent/rank.train: "),
            "{err}"
        );
    }

    #[test]
    fn write_then_read_round_trips() {
        let d = parse("1 qid:q1 1:0.1 3:2.5 # a\n0 qid:q1 2:1e-7\n3 qid:q2 1:-4\n").unwrap();
        let mut out = Vec::new();
        d.write_letor(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().next(), Some("1 qid:q1 1:0.1 3:2.5 # a"));
        let back = LetorReader::new()
            .n_features(3)
            .read_from(text.as_bytes(), "back")
            .unwrap();
        assert_eq!(back, d);

        let mut sizes = Vec::new();
        d.write_query_sizes(&mut sizes).unwrap();
        assert_eq!(sizes, b"2\n1\n");
    }

    #[test]
    fn write_rejects_inconsistent_data() {
        let mut d = parse("1 qid:1 1:1\n0 qid:1 1:2\n").unwrap();
        d.groups = vec![0..1];
        let err = d.write_letor(Vec::new()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid LETOR data: groups cover 1 of 2 rows"
        );
    }

    #[test]
    fn trec_run_ranks_ties_by_index() {
        let mut out = Vec::new();
        write_trec_run(&mut out, "7", &["a", "b", "c"], &[1.0, 3.0, 1.0], "tag").unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "7 Q0 b 1 3 tag\n7 Q0 a 2 1 tag\n7 Q0 c 3 1 tag\n");
    }

    #[test]
    fn trec_run_validates_fields() {
        let mut out = Vec::new();
        assert!(matches!(
            write_trec_run(&mut out, "q 1", &["a"], &[1.0], "t"),
            Err(LetorError::InvalidTrecField { field: "qid", .. })
        ));
        assert!(matches!(
            write_trec_run(&mut out, "q", &["a"], &[], "t"),
            Err(LetorError::TrecLengthMismatch {
                docids: 1,
                scores: 0,
                ..
            })
        ));
        assert!(matches!(
            write_trec_run(&mut out, "q", &["a"], &[f64::NAN], "t"),
            Err(LetorError::TrecNonFiniteScore { .. })
        ));
        assert!(out.is_empty());
    }
}
