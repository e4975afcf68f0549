//! Information-retrieval metrics for ranked lists: NDCG, average precision,
//! precision at a cutoff and reciprocal rank.
//!
//! Every function works on one query, given `labels` (graded relevance, one
//! per document, expected to be `>= 0`) and `scores` (the model's output,
//! higher = ranked earlier), both in the same document order.
//! [`evaluate`] runs a list of [`Metric`]s over many queries.
//!
//! # Ties
//!
//! * [`ndcg_at`] follows scikit-learn's `ndcg_score` exactly: documents with
//!   equal scores share the average gain of their group spread over the
//!   group's discount positions (`_tie_averaged_dcg`), so the value never
//!   depends on how ties are ordered.
//! * [`average_precision`], [`precision_at`] and [`reciprocal_rank`] order
//!   documents by score descending and break ties by the original index
//!   (earlier document first).
//!
//! In both cases `NaN` scores rank after every other score and tie with each
//! other.
//!
//! # Queries without relevant documents
//!
//! NDCG, AP and RR are undefined for a query whose ideal DCG is 0 (no
//! relevant document); [`EmptyQuery`] chooses what they give. The default,
//! [`EmptyQuery::One`], matches LightGBM; scikit-learn uses
//! [`EmptyQuery::Zero`].

use std::cmp::Ordering;
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::names::named_enum;

/// Errors of metric parsing and evaluation.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MetricError {
    /// The metric name is not one of `ndcg`, `ndcg@K`, `map`, `p@K`, `mrr`.
    #[error("unknown metric \"{name}\": expected ndcg, ndcg@K, map, p@K or mrr")]
    UnknownMetric {
        /// The name as given.
        name: String,
    },
    /// The cutoff after `@` is not a positive integer.
    #[error("metric \"{name}\": cutoff \"{cutoff}\" is not a positive integer")]
    InvalidCutoff {
        /// The metric name as given.
        name: String,
        /// The text after `@`.
        cutoff: String,
    },
    /// `labels` and `scores` have different lengths.
    #[error("{labels} labels but {scores} scores")]
    LengthMismatch {
        /// Number of labels.
        labels: usize,
        /// Number of scores.
        scores: usize,
    },
    /// A query's row range does not fit in the data.
    #[error("query {query}: rows {start}..{end} out of bounds for {len} rows")]
    GroupOutOfBounds {
        /// Index of the query in `groups`.
        query: usize,
        /// First row of the query.
        start: usize,
        /// One past the last row of the query.
        end: usize,
        /// Number of rows in the data.
        len: usize,
    },
}

named_enum! {
    /// What NDCG, AP and RR give for a query with no relevant document
    /// (ideal DCG of 0).
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum EmptyQuery: "empty-query value" {
        /// The query counts as perfectly ranked (1.0), as in LightGBM. Default.
        #[default]
        One = "one",
        /// The query counts as 0.0, as in scikit-learn and trec_eval.
        Zero = "zero",
        /// The query has no value (`None`) and is left out of means.
        Skip = "skip",
    }
}

impl EmptyQuery {
    /// The value this convention gives an empty query.
    pub fn value(self) -> Option<f64> {
        match self {
            EmptyQuery::One => Some(1.0),
            EmptyQuery::Zero => Some(0.0),
            EmptyQuery::Skip => None,
        }
    }
}

/// Which labels count as relevant for the binary metrics (AP, P@k, RR).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relevance {
    /// `label > 0`. Default.
    #[default]
    Positive,
    /// `label >= threshold`.
    AtLeast(f64),
}

impl Relevance {
    /// Whether a document with this label is relevant.
    pub fn is_relevant(self, label: f64) -> bool {
        match self {
            Relevance::Positive => label > 0.0,
            Relevance::AtLeast(threshold) => label >= threshold,
        }
    }
}

/// Orders scores descending with `NaN` after everything else (all `NaN`s equal).
fn cmp_desc(a: f64, b: f64) -> Ordering {
    match (a.is_nan(), b.is_nan()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        (false, false) => b.partial_cmp(&a).unwrap_or(Ordering::Equal),
    }
}

/// Panics (at the caller) unless every document has both a label and a score.
#[track_caller]
fn assert_same_length(labels: &[f64], scores: &[f64]) {
    assert_eq!(
        labels.len(),
        scores.len(),
        "labels and scores lengths differ"
    );
}

/// Document indices by score descending, ties by original index.
pub(crate) fn ranking(scores: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    // Stable sort: equal scores keep index order.
    order.sort_by(|&a, &b| cmp_desc(scores[a], scores[b]));
    order
}

/// Gain of a graded label: `2^label - 1`.
pub fn gain(label: f64) -> f64 {
    label.exp2() - 1.0
}

/// Discount of a zero-based rank position: `1 / log2(position + 2)`.
pub fn discount(position: usize) -> f64 {
    1.0 / ((position + 2) as f64).log2()
}

/// NDCG of one query, computed exactly like scikit-learn's `ndcg_score` on
/// gains `2^label - 1` (`ndcg_score([2**labels - 1], [scores], k=k)`).
///
/// * Gain `2^label - 1`, discount `1 / log2(rank + 1)` for 1-based ranks.
/// * `k`: only the first `k` rank positions get a discount (as sklearn's
///   `discount[k:] = 0`); `None` or a `k` larger than the query uses all.
/// * Ties: tied scores share their group's average gain over the group's
///   discount positions (sklearn's `_tie_averaged_dcg`), so the result does
///   not depend on the order of tied documents.
/// * A query whose ideal DCG is 0 (no relevant document, an empty query or
///   `k == Some(0)`) gives `empty.value()`.
///
/// # Panics
///
/// If `labels` and `scores` have different lengths.
///
/// # Example
///
/// ```
/// use shiprank::{ndcg_at, EmptyQuery};
/// let labels = [3.0, 2.0, 0.0];
/// assert_eq!(ndcg_at(&labels, &[0.9, 0.5, 0.1], None, EmptyQuery::One), Some(1.0));
/// assert_eq!(ndcg_at(&[0.0, 0.0], &[0.9, 0.5], Some(1), EmptyQuery::Skip), None);
/// ```
pub fn ndcg_at(labels: &[f64], scores: &[f64], k: Option<usize>, empty: EmptyQuery) -> Option<f64> {
    assert_same_length(labels, scores);
    let n = labels.len();
    let cutoff = k.map_or(n, |k| k.min(n));

    let mut ideal_gains: Vec<f64> = labels.iter().map(|&l| gain(l)).collect();
    ideal_gains.sort_by(|&a, &b| cmp_desc(a, b));
    let ideal: f64 = ideal_gains
        .iter()
        .take(cutoff)
        .enumerate()
        .map(|(pos, g)| g * discount(pos))
        .sum();
    if ideal <= 0.0 || ideal.is_nan() {
        return empty.value();
    }
    Some(tie_averaged_dcg(labels, scores, cutoff) / ideal)
}

/// DCG with gains averaged over groups of tied scores (McSherry & Najork 2008).
fn tie_averaged_dcg(labels: &[f64], scores: &[f64], cutoff: usize) -> f64 {
    let order = ranking(scores);
    let mut dcg = 0.0;
    let mut start = 0;
    while start < order.len() && start < cutoff {
        let head = scores[order[start]];
        let mut end = start + 1;
        while end < order.len() && cmp_desc(scores[order[end]], head) == Ordering::Equal {
            end += 1;
        }
        let group = &order[start..end];
        let mean_gain = group.iter().map(|&i| gain(labels[i])).sum::<f64>() / group.len() as f64;
        let discounts: f64 = (start..end.min(cutoff)).map(discount).sum();
        dcg += mean_gain * discounts;
        start = end;
    }
    dcg
}

/// Average precision of one query with binary relevance.
///
/// AP = (1/R) Σ precision@r over the ranks r of the relevant documents, where
/// R is the number of relevant documents in the query. Ties: score
/// descending, then original index. A query without relevant documents gives
/// `empty.value()`.
///
/// # Panics
///
/// If `labels` and `scores` have different lengths.
pub fn average_precision(
    labels: &[f64],
    scores: &[f64],
    relevance: Relevance,
    empty: EmptyQuery,
) -> Option<f64> {
    assert_same_length(labels, scores);
    let total = labels.iter().filter(|&&l| relevance.is_relevant(l)).count();
    if total == 0 {
        return empty.value();
    }
    let mut hits = 0usize;
    let mut sum = 0.0;
    for (pos, &i) in ranking(scores).iter().enumerate() {
        if relevance.is_relevant(labels[i]) {
            hits += 1;
            sum += hits as f64 / (pos + 1) as f64;
        }
    }
    Some(sum / total as f64)
}

/// Precision at cutoff `k` of one query: relevant documents among the first
/// `k` divided by `k` (always `k`, also when the query is shorter, as in
/// trec_eval). Ties: score descending, then original index. Defined for
/// every query, so [`EmptyQuery`] does not apply.
///
/// # Panics
///
/// If `k == 0` or `labels` and `scores` have different lengths.
pub fn precision_at(labels: &[f64], scores: &[f64], k: usize, relevance: Relevance) -> f64 {
    assert!(k > 0, "precision cutoff must be positive");
    assert_same_length(labels, scores);
    let hits = ranking(scores)
        .iter()
        .take(k)
        .filter(|&&i| relevance.is_relevant(labels[i]))
        .count();
    hits as f64 / k as f64
}

/// Reciprocal rank of one query: `1 / rank` of the first relevant document
/// (1-based). Ties: score descending, then original index. A query without
/// relevant documents gives `empty.value()`.
///
/// # Panics
///
/// If `labels` and `scores` have different lengths.
pub fn reciprocal_rank(
    labels: &[f64],
    scores: &[f64],
    relevance: Relevance,
    empty: EmptyQuery,
) -> Option<f64> {
    assert_same_length(labels, scores);
    ranking(scores)
        .iter()
        .position(|&i| relevance.is_relevant(labels[i]))
        .map_or_else(|| empty.value(), |pos| Some(1.0 / (pos + 1) as f64))
}

/// A ranking metric, parsed from and displayed as `ndcg`, `ndcg@K`, `map`,
/// `p@K` or `mrr` (names are case-insensitive when parsed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Metric {
    /// NDCG ([`ndcg_at`]), over the first `k` positions or all when `None`.
    Ndcg {
        /// Cutoff, `>= 1`.
        k: Option<usize>,
    },
    /// Mean average precision ([`average_precision`]).
    Map,
    /// Precision at `k` ([`precision_at`]).
    Precision {
        /// Cutoff, `>= 1`.
        k: usize,
    },
    /// Mean reciprocal rank ([`reciprocal_rank`]).
    Mrr,
}

impl Metric {
    /// The metric's value for one query (`None` when skipped under
    /// [`EmptyQuery::Skip`]).
    ///
    /// # Panics
    ///
    /// If `labels` and `scores` have different lengths.
    pub fn compute(self, labels: &[f64], scores: &[f64], options: &EvalOptions) -> Option<f64> {
        match self {
            Metric::Ndcg { k } => ndcg_at(labels, scores, k, options.empty),
            Metric::Map => average_precision(labels, scores, options.relevance, options.empty),
            Metric::Precision { k } => Some(precision_at(labels, scores, k, options.relevance)),
            Metric::Mrr => reciprocal_rank(labels, scores, options.relevance, options.empty),
        }
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Metric::Ndcg { k: None } => f.write_str("ndcg"),
            Metric::Ndcg { k: Some(k) } => write!(f, "ndcg@{k}"),
            Metric::Map => f.write_str("map"),
            Metric::Precision { k } => write!(f, "p@{k}"),
            Metric::Mrr => f.write_str("mrr"),
        }
    }
}

impl FromStr for Metric {
    type Err = MetricError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let name = s.trim().to_ascii_lowercase();
        let (base, cutoff) = match name.split_once('@') {
            Some((base, cutoff)) => (base, Some(cutoff)),
            None => (name.as_str(), None),
        };
        let parse_k = |cutoff: &str| -> Result<usize, MetricError> {
            match cutoff.parse::<usize>() {
                Ok(k) if k > 0 => Ok(k),
                _ => Err(MetricError::InvalidCutoff {
                    name: s.to_owned(),
                    cutoff: cutoff.to_owned(),
                }),
            }
        };
        match (base, cutoff) {
            ("ndcg", None) => Ok(Metric::Ndcg { k: None }),
            ("ndcg", Some(c)) => Ok(Metric::Ndcg {
                k: Some(parse_k(c)?),
            }),
            ("p", Some(c)) => Ok(Metric::Precision { k: parse_k(c)? }),
            ("map", None) => Ok(Metric::Map),
            ("mrr", None) => Ok(Metric::Mrr),
            _ => Err(MetricError::UnknownMetric { name: s.to_owned() }),
        }
    }
}

impl TryFrom<String> for Metric {
    type Error = MetricError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Metric> for String {
    fn from(m: Metric) -> Self {
        m.to_string()
    }
}

/// Conventions shared by the metrics of one [`evaluate`] call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct EvalOptions {
    /// Value of queries without relevant documents (default [`EmptyQuery::One`]).
    pub empty: EmptyQuery,
    /// Relevant labels for AP, P@k and RR (default [`Relevance::Positive`]).
    pub relevance: Relevance,
}

/// One metric evaluated over many queries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricSummary {
    /// The metric.
    pub metric: Metric,
    /// Value of each query, in the order of `groups` (`None` = skipped).
    pub per_query: Vec<Option<f64>>,
    /// Mean over the queries with a value; `None` when every query was skipped.
    pub mean: Option<f64>,
}

/// Evaluates `metrics` over the queries `groups` (row ranges into `labels`
/// and `scores`), returning one [`MetricSummary`] per metric in order.
///
/// # Errors
///
/// [`MetricError::LengthMismatch`] if `labels` and `scores` differ in
/// length, [`MetricError::GroupOutOfBounds`] if a range does not fit.
///
/// # Example
///
/// ```
/// use shiprank::{evaluate, EvalOptions, Metric};
/// let labels = [1.0, 0.0, 0.0, 2.0];
/// let scores = [0.2, 0.1, 0.4, 0.3];
/// let metrics: Vec<Metric> = ["ndcg@1", "mrr"].iter().map(|m| m.parse().unwrap()).collect();
/// let out = evaluate(&metrics, &labels, &scores, &[0..2, 2..4], &EvalOptions::default()).unwrap();
/// assert_eq!(out[1].per_query, vec![Some(1.0), Some(0.5)]);
/// assert_eq!(out[1].mean, Some(0.75));
/// ```
pub fn evaluate(
    metrics: &[Metric],
    labels: &[f64],
    scores: &[f64],
    groups: &[Range<usize>],
    options: &EvalOptions,
) -> Result<Vec<MetricSummary>, MetricError> {
    if labels.len() != scores.len() {
        return Err(MetricError::LengthMismatch {
            labels: labels.len(),
            scores: scores.len(),
        });
    }
    for (query, g) in groups.iter().enumerate() {
        if g.start > g.end || g.end > labels.len() {
            return Err(MetricError::GroupOutOfBounds {
                query,
                start: g.start,
                end: g.end,
                len: labels.len(),
            });
        }
    }
    Ok(metrics
        .iter()
        .map(|&metric| {
            let per_query: Vec<Option<f64>> = groups
                .iter()
                .map(|g| metric.compute(&labels[g.clone()], &scores[g.clone()], options))
                .collect();
            let (sum, count) = per_query
                .iter()
                .flatten()
                .fold((0.0, 0usize), |(s, c), v| (s + v, c + 1));
            let mean = (count > 0).then(|| sum / count as f64);
            MetricSummary {
                metric,
                per_query,
                mean,
            }
        })
        .collect())
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)] // query groups: a list of row ranges
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn empty_query_values_serialize_as_their_names() {
        for e in EmptyQuery::ALL {
            assert_eq!(serde_json::to_value(e).unwrap(), e.name());
            assert_eq!(e.name().parse::<EmptyQuery>(), Ok(e));
        }
    }

    #[test]
    fn ndcg_perfect_and_reversed() {
        let labels = [2.0, 1.0, 0.0];
        assert_eq!(
            ndcg_at(&labels, &[3.0, 2.0, 1.0], None, EmptyQuery::One),
            Some(1.0)
        );
        let got = ndcg_at(&labels, &[1.0, 2.0, 3.0], None, EmptyQuery::One).unwrap();
        // DCG = 0 + 1/log2(3) + 3/2, IDCG = 3 + 1/log2(3).
        let want = (1.0 / 3f64.log2() + 1.5) / (3.0 + 1.0 / 3f64.log2());
        assert!(close(got, want), "{got} vs {want}");
    }

    #[test]
    fn ndcg_ties_are_averaged_like_sklearn_docstring() {
        // sklearn docstring: true [10, 0, 0, 1, 5], scores [1, 0, 0, 0, 1], k=1 -> 0.75.
        // Our gains are 2^l - 1, so use labels whose gains are 10,0,0,1,5.
        let labels: Vec<f64> = [10.0f64, 0.0, 0.0, 1.0, 5.0]
            .iter()
            .map(|g| (g + 1.0).log2())
            .collect();
        let got = ndcg_at(
            &labels,
            &[1.0, 0.0, 0.0, 0.0, 1.0],
            Some(1),
            EmptyQuery::One,
        )
        .unwrap();
        assert!(close(got, 0.75), "{got}");
    }

    #[test]
    fn ndcg_does_not_depend_on_tie_order() {
        let labels = [0.0, 3.0, 1.0, 2.0];
        let a = ndcg_at(&labels, &[1.0, 1.0, 1.0, 0.0], Some(2), EmptyQuery::One).unwrap();
        let b = ndcg_at(
            &[1.0, 0.0, 3.0, 2.0],
            &[1.0, 1.0, 1.0, 0.0],
            Some(2),
            EmptyQuery::One,
        );
        assert!(close(a, b.unwrap()));
    }

    #[test]
    fn ndcg_empty_conventions() {
        let labels = [0.0, 0.0];
        let scores = [0.1, 0.2];
        assert_eq!(ndcg_at(&labels, &scores, None, EmptyQuery::One), Some(1.0));
        assert_eq!(ndcg_at(&labels, &scores, None, EmptyQuery::Zero), Some(0.0));
        assert_eq!(ndcg_at(&labels, &scores, None, EmptyQuery::Skip), None);
        assert_eq!(ndcg_at(&[], &[], Some(3), EmptyQuery::Zero), Some(0.0));
        assert_eq!(EmptyQuery::default(), EmptyQuery::One);
    }

    #[test]
    fn ndcg_k_larger_than_query_equals_full() {
        let labels = [1.0, 2.0, 0.0];
        let scores = [0.3, 0.2, 0.1];
        assert_eq!(
            ndcg_at(&labels, &scores, Some(10), EmptyQuery::One),
            ndcg_at(&labels, &scores, None, EmptyQuery::One)
        );
    }

    #[test]
    fn nan_scores_rank_last() {
        let labels = [1.0, 0.0];
        assert_eq!(
            ndcg_at(&labels, &[f64::NAN, 0.0], Some(1), EmptyQuery::One),
            Some(0.0)
        );
        assert_eq!(
            reciprocal_rank(
                &labels,
                &[f64::NAN, 0.0],
                Relevance::Positive,
                EmptyQuery::One
            ),
            Some(0.5)
        );
    }

    #[test]
    fn average_precision_by_hand() {
        // Ranking: d2 (rel), d0 (not), d1 (rel) -> AP = (1/1 + 2/3) / 2.
        let ap = average_precision(
            &[0.0, 1.0, 2.0],
            &[0.5, 0.1, 0.9],
            Relevance::Positive,
            EmptyQuery::One,
        );
        assert!(close(ap.unwrap(), (1.0 + 2.0 / 3.0) / 2.0));
        let ap = average_precision(
            &[0.0, 1.0, 2.0],
            &[0.5, 0.1, 0.9],
            Relevance::AtLeast(2.0),
            EmptyQuery::One,
        );
        assert_eq!(ap, Some(1.0));
        assert_eq!(
            average_precision(&[0.0], &[1.0], Relevance::Positive, EmptyQuery::Skip),
            None
        );
    }

    #[test]
    fn binary_metric_ties_break_by_index() {
        // All scores tied: order is 0, 1, 2.
        let labels = [0.0, 0.0, 1.0];
        let scores = [1.0, 1.0, 1.0];
        assert_eq!(
            reciprocal_rank(&labels, &scores, Relevance::Positive, EmptyQuery::One),
            Some(1.0 / 3.0)
        );
        assert_eq!(precision_at(&labels, &scores, 2, Relevance::Positive), 0.0);
        assert!(close(
            average_precision(&labels, &scores, Relevance::Positive, EmptyQuery::One).unwrap(),
            1.0 / 3.0
        ));
    }

    #[test]
    fn precision_divides_by_k() {
        let labels = [1.0, 0.0];
        assert_eq!(
            precision_at(&labels, &[0.9, 0.1], 1, Relevance::Positive),
            1.0
        );
        assert_eq!(
            precision_at(&labels, &[0.9, 0.1], 4, Relevance::Positive),
            0.25
        );
    }

    #[test]
    #[should_panic(expected = "cutoff must be positive")]
    fn precision_rejects_zero_cutoff() {
        precision_at(&[1.0], &[1.0], 0, Relevance::Positive);
    }

    #[test]
    fn reciprocal_rank_empty() {
        assert_eq!(
            reciprocal_rank(&[0.0], &[1.0], Relevance::Positive, EmptyQuery::Zero),
            Some(0.0)
        );
    }

    #[test]
    fn metric_parse_display_roundtrip() {
        for name in ["ndcg", "ndcg@5", "map", "p@10", "mrr"] {
            let m: Metric = name.parse().unwrap();
            assert_eq!(m.to_string(), name);
        }
        assert_eq!(
            "NDCG@3".parse::<Metric>().unwrap(),
            Metric::Ndcg { k: Some(3) }
        );
        assert!(matches!(
            "ndcg@0".parse::<Metric>(),
            Err(MetricError::InvalidCutoff { .. })
        ));
        assert!(matches!(
            "p@x".parse::<Metric>(),
            Err(MetricError::InvalidCutoff { .. })
        ));
        assert!(matches!(
            "p".parse::<Metric>(),
            Err(MetricError::UnknownMetric { .. })
        ));
        assert!(matches!(
            "auc".parse::<Metric>(),
            Err(MetricError::UnknownMetric { .. })
        ));
        let err = "ndcg@-1".parse::<Metric>().unwrap_err().to_string();
        assert_eq!(
            err,
            "metric \"ndcg@-1\": cutoff \"-1\" is not a positive integer"
        );
    }

    #[test]
    fn metric_serde_uses_names() {
        let json = serde_json::to_string(&[Metric::Ndcg { k: Some(5) }, Metric::Mrr]).unwrap();
        assert_eq!(json, r#"["ndcg@5","mrr"]"#);
        let back: Vec<Metric> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, vec![Metric::Ndcg { k: Some(5) }, Metric::Mrr]);
    }

    #[test]
    fn evaluate_means_and_skips() {
        let labels = [1.0, 0.0, 0.0, 0.0];
        let scores = [0.1, 0.9, 0.5, 0.4];
        let opts = EvalOptions {
            empty: EmptyQuery::Skip,
            ..EvalOptions::default()
        };
        let out = evaluate(
            &[Metric::Mrr, Metric::Precision { k: 1 }],
            &labels,
            &scores,
            &[0..2, 2..4],
            &opts,
        )
        .unwrap();
        assert_eq!(out[0].per_query, vec![Some(0.5), None]);
        assert_eq!(out[0].mean, Some(0.5));
        assert_eq!(out[1].per_query, vec![Some(0.0), Some(0.0)]);
        let out = evaluate(&[Metric::Map], &labels[2..], &scores[2..], &[0..2], &opts).unwrap();
        assert_eq!(out[0].mean, None);
    }

    #[test]
    fn evaluate_rejects_bad_input() {
        let opts = EvalOptions::default();
        assert_eq!(
            evaluate(&[Metric::Map], &[1.0], &[], &[], &opts),
            Err(MetricError::LengthMismatch {
                labels: 1,
                scores: 0
            })
        );
        let err = evaluate(&[Metric::Map], &[1.0], &[1.0], &[0..2], &opts).unwrap_err();
        assert_eq!(
            err.to_string(),
            "query 0: rows 0..2 out of bounds for 1 rows"
        );
    }
}
