//! Reading SVMlight / LETOR text into a [`LetorData`].

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::ops::Range;
use std::path::{Path, PathBuf};

use ndarray::{Array1, Array2};

use super::query::{read_query_file, QuerySource};
use super::{LetorData, LetorError};

/// Matrices up to this many values are built whatever their density.
const ALWAYS_DENSE: usize = 1 << 20;

/// Beyond [`ALWAYS_DENSE`] values, at least one in this many must be non-zero: a sparser file
/// (a huge feature index, say) would take far more memory as a dense matrix than as text.
const MAX_SPARSITY: usize = 64;

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
        let mut max_line = 0usize; // the line of the largest feature index
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
            let mut top = 0; // the largest index of the line so far (indices start at 1)
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
                // Indices usually ascend: one above every index of the line so far is new,
                // and only the others are searched for.
                if idx <= top && seen.contains(&idx) {
                    return Err(parse_err(line_no, format!("feature index {idx} repeated")));
                }
                seen.push(idx);
                top = top.max(idx);
                if idx > max_index {
                    (max_index, max_line) = (idx, line_no);
                }
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
        let cells = n_rows.checked_mul(n_features);
        if cells.is_none_or(|c| c > ALWAYS_DENSE && c / MAX_SPARSITY > entries.len()) {
            return Err(parse_err(
                max_line,
                format!(
                    "feature index {max_index}: {n_rows} rows of {n_features} features, only {} \
                     of them non-zero, are too sparse for the dense matrix this reader builds \
                     (number the features densely from 1)",
                    entries.len()
                ),
            ));
        }
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

/// Reads a LETOR file with the default [`LetorReader`] (group sizes from
/// `<path>.query` when it exists and the data has no `qid:` fields).
///
/// # Errors
///
/// As [`LetorReader::read`].
pub fn read_letor(path: impl AsRef<Path>) -> Result<LetorData, LetorError> {
    LetorReader::new().read(path)
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)] // query groups: a list of row ranges
mod tests {
    use super::*;
    use ndarray::array;

    fn parse(text: &str) -> Result<LetorData, LetorError> {
        LetorReader::new().read_from(text.as_bytes(), "t.txt")
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
    fn a_huge_feature_index_is_refused_not_allocated() {
        let err = parse("1 1:1\n0 18446744073709551615:1\n1 2:1\n").unwrap_err();
        assert!(
            err.to_string().starts_with(
                "t.txt: line 2: feature index 18446744073709551615: 3 rows of \
                 18446744073709551615 features, only 3 of them non-zero, are too sparse"
            ),
            "{err}"
        );
        let err = parse("1 4000000:1\n0 4000000:0\n1 2:1\n0 3:1\n5 4:1\n").unwrap_err();
        assert!(err.to_string().contains("too sparse"), "{err}");
        let dense = parse("1 1000000:1\n").unwrap();
        assert_eq!(
            dense.features.dim(),
            (1, 1_000_000),
            "small matrices are built"
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
            ("1 3:1 2:1 3:2\n", "t.txt: line 1: feature index 3 repeated"),
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
    fn missing_file_names_path() {
        let err = read_letor("/nonexistent/rank.train").unwrap_err();
        assert!(
            crate::error::error_chain(&err).starts_with("/nonexistent/rank.train: "),
            "{err}"
        );
    }
}
