//! Hiring outcomes: labels ([`read_labels`]), the ranking data sets made from them with
//! candidates and roles ([`labelled_pairs`]) or read from LETOR files
//! ([`RankData::from_letor`]), training ([`train`]) and cross-validation by query
//! ([`cross_validate`]).

mod compare;
mod cv;
mod dataset;
mod evaluation;
mod fit;
mod labels;
mod train;

pub use compare::{
    compare, Agreement, CompareOptions, CompareSpec, Comparison, CredentialDependence, Difference,
    MetricStat, NamedScorer, ScorerResult, SharedFolds,
};
pub use cv::{assign_folds, cross_validate, metric_means, CrossValidated};
pub use dataset::{labelled_pairs, letor_feature_names, PairSource, RankData};
pub use evaluation::{
    metrics_at, read_scores, DataSource, Evaluated, Evaluation, Folds, Labelled, ScorerSpec,
};
pub use fit::{fit, FitOptions, Fitted};
pub use labels::{parse_labels, read_labels, InvalidLabel, LabelRow, Outcome, LABEL_HEADER};
pub use train::{train, train_watched, Validation, Watched};
