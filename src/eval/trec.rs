//! Writing TREC runs: one line per ranked document.

use std::io::Write;

use super::letor::LetorError;

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
mod tests {
    use super::*;

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
