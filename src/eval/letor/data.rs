//! A ranking data set in memory, and writing it back as SVMlight / LETOR text.

use std::io::{BufWriter, Write};
use std::ops::Range;

use ndarray::{Array1, Array2};

use super::LetorError;

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

fn valid_token(s: &str) -> bool {
    !s.is_empty() && !s.contains(char::is_whitespace) && !s.contains('#')
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)] // query groups: a list of row ranges
mod tests {
    use crate::eval::letor::{LetorData, LetorReader};

    fn parse(text: &str) -> LetorData {
        LetorReader::new()
            .read_from(text.as_bytes(), "t.txt")
            .unwrap()
    }

    #[test]
    fn write_then_read_round_trips() {
        let d = parse("1 qid:q1 1:0.1 3:2.5 # a\n0 qid:q1 2:1e-7\n3 qid:q2 1:-4\n");
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
        let mut d = parse("1 qid:1 1:1\n0 qid:1 1:2\n");
        d.groups = vec![0..1];
        let err = d.write_letor(Vec::new()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid LETOR data: groups cover 1 of 2 rows"
        );
    }
}
