//! Where a query's rows are: LightGBM's `.query` files of group sizes.

use std::ops::Range;
use std::path::{Path, PathBuf};

use super::LetorError;

/// Where a reader takes group sizes from when the data has no `qid:` fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum QuerySource {
    /// `<data path>.query` when that file exists (LightGBM's convention).
    Auto,
    /// This file.
    File(PathBuf),
    /// Never read a query file.
    Ignore,
}

/// Reads LightGBM group sizes and checks they add up to `n_rows`.
pub(super) fn read_query_file(
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

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)] // query groups: a list of row ranges
mod tests {
    use std::path::PathBuf;

    use crate::eval::letor::{read_letor, LetorError, LetorReader};

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("ltr-letor-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
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
}
