//! Comparing scorers on the same labelled queries: each scorer's metrics with paired
//! bootstrap intervals, its differences to a baseline with paired sign-flip tests (Holm-
//! adjusted across all comparisons) and wins/ties/losses, rank agreement between every two
//! scorers, how much each leans on credentials, and (with audit attributes) its lowest impact
//! ratio at the top-k cut.
//!
//! Scores and metrics come from [`Labelled`]'s evaluation (the numbers `evaluate` prints);
//! the statistics from [`crate::stats`].

use std::path::PathBuf;

use ndarray::Array2;
use rayon::prelude::*;

use super::cv::{cross_validate, CrossValidated};
use super::evaluation::{Evaluated, Labelled};
use crate::audit::{impact_ratios, Impact};
use crate::error::{Error, Result};
use crate::eval::{EvalOptions, Metric};
use crate::feature::Feature;
use crate::learn::ValidParams;
use crate::model::Model;
use crate::role::Role;
use crate::score::Preset;
use crate::stats::{
    bootstrap_interval, holm, kendall_tau_b, mean, record, sign_flip_test, top_k, top_k_overlap,
    Interval, Record, SignFlip,
};

/// What one compared scorer is.
#[derive(Clone, Debug)]
pub enum CompareSpec {
    /// A preset for every role (candidate data).
    Strategy(Preset),
    /// Each role's weights from another role file (candidate data).
    Weights {
        /// The roles, with their weights.
        roles: Vec<Role>,
        /// The file, for messages.
        file: String,
    },
    /// A trained model.
    Model {
        /// The model.
        model: Box<Model>,
        /// The file, for messages.
        file: String,
    },
    /// External scores, one per data row in file order.
    Scores(PathBuf),
    /// An algorithm trained and scored inside the comparison's cross-validation folds.
    Train(ValidParams),
}

impl CompareSpec {
    /// What kind of scorer: `preset`, `weights`, `model`, `scores` or `trained`.
    pub fn kind(&self) -> &'static str {
        match self {
            CompareSpec::Strategy(_) => "preset",
            CompareSpec::Weights { .. } => "weights",
            CompareSpec::Model { .. } => "model",
            CompareSpec::Scores(_) => "scores",
            CompareSpec::Train(_) => "trained",
        }
    }
}

/// A scorer with the name it is compared under.
#[derive(Clone, Debug)]
pub struct NamedScorer {
    /// The name (unique in a comparison).
    pub name: String,
    /// The scorer.
    pub spec: CompareSpec,
}

/// How to compare.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareOptions {
    /// Metric cutoffs (NDCG@k and P@k for each; the largest is the top-k cut of overlaps,
    /// credential dependence and impact ratios).
    pub ks: Vec<usize>,
    /// How metrics are computed.
    pub eval: EvalOptions,
    /// The index of the baseline scorer.
    pub baseline: usize,
    /// Bootstrap resamples of the intervals (default 10,000).
    pub bootstrap: usize,
    /// Random sign patterns of the randomization test (default 10,000; exact enumeration
    /// when `2^queries` is at most this).
    pub permutations: usize,
    /// The seed of folds, training, bootstrap and sign patterns.
    pub seed: u64,
    /// Cross-validation folds of whole queries, for trained scorers.
    pub folds: Option<usize>,
    /// The audit attribute of impact ratios (a candidate column such as `gender`).
    pub by: Option<String>,
    /// Confidence level of the intervals (0.95).
    pub level: f64,
}

impl Default for CompareOptions {
    fn default() -> CompareOptions {
        CompareOptions {
            ks: vec![1, 3, 5, 10],
            eval: EvalOptions::default(),
            baseline: 0,
            bootstrap: 10_000,
            permutations: 10_000,
            seed: 0,
            folds: None,
            by: None,
            level: 0.95,
        }
    }
}

/// A scorer's difference to the baseline on one metric.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    /// Per query (scorer − baseline); `None` where the metric is undefined.
    pub per_query: Vec<Option<f64>>,
    /// The mean difference.
    pub mean: f64,
    /// Its paired bootstrap interval.
    pub ci: Option<Interval>,
    /// The two-sided sign-flip test.
    pub test: SignFlip,
    /// The p-value after Holm's adjustment over every comparison.
    pub p_holm: f64,
    /// Queries where the scorer is higher, equal, lower.
    pub record: Record,
}

/// One metric of one scorer.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricStat {
    /// The metric.
    pub metric: Metric,
    /// Per query (`None` where undefined).
    pub per_query: Vec<Option<f64>>,
    /// The mean over defined queries (what `evaluate` prints).
    pub mean: Option<f64>,
    /// The paired bootstrap interval of the mean.
    pub ci: Option<Interval>,
    /// Against the baseline (`None` for the baseline itself).
    pub vs_baseline: Option<Difference>,
}

/// How much a ranking leans on degree and certifications: the same scorer with both features
/// set to their mean over each query's pool.
#[derive(Clone, Debug, PartialEq)]
pub struct CredentialDependence {
    /// NDCG at the top-k cut.
    pub metric: Metric,
    /// Its mean as scored.
    pub original: Option<f64>,
    /// Its mean with credentials neutralized.
    pub neutral: Option<f64>,
    /// `neutral − original`.
    pub change: Option<f64>,
    /// Mean share of the top-k kept when credentials are neutralized (1: no dependence).
    pub top_k_overlap: f64,
}

/// Everything measured about one scorer.
#[derive(Clone, Debug)]
pub struct ScorerResult {
    /// Its name.
    pub name: String,
    /// What kind of scorer ([`CompareSpec::kind`]).
    pub kind: &'static str,
    /// Its scores and metric summaries (as `evaluate` computes them).
    pub evaluated: Evaluated,
    /// Each metric with intervals and the comparison to the baseline.
    pub metrics: Vec<MetricStat>,
    /// Credential dependence; `None` for external scores and data without those features.
    pub credentials: Option<CredentialDependence>,
    /// Selection by the audit attribute at the top-k cut, with `by`.
    pub impact: Option<Impact>,
}

/// Rank agreement of two scorers, averaged over queries.
#[derive(Clone, Debug, PartialEq)]
pub struct Agreement {
    /// Index of the first scorer.
    pub a: usize,
    /// Index of the second scorer.
    pub b: usize,
    /// Mean Kendall tau-b over the queries where it is defined.
    pub kendall_tau_b: Option<f64>,
    /// Mean top-k overlap.
    pub top_k_overlap: f64,
}

/// The folds that trained scorers shared.
#[derive(Clone, Debug, PartialEq)]
pub struct SharedFolds {
    /// Number of folds.
    pub folds: usize,
    /// Each query's fold (0-based).
    pub fold_of_query: Vec<usize>,
}

/// A comparison.
#[derive(Clone, Debug)]
pub struct Comparison {
    /// The scorers, in the order given.
    pub scorers: Vec<ScorerResult>,
    /// Agreement of every two scorers (`a < b`).
    pub agreement: Vec<Agreement>,
    /// The options used.
    pub options: CompareOptions,
    /// The top-k cut (the largest cutoff).
    pub cut: usize,
    /// The folds, when a scorer was trained.
    pub folds: Option<SharedFolds>,
}

impl Comparison {
    /// The baseline's result.
    pub fn baseline(&self) -> &ScorerResult {
        &self.scorers[self.options.baseline]
    }
}

/// A scorer, ready to score any version of the data's features.
enum Prepared {
    Strategy(Preset),
    Weights(Vec<Role>, String),
    Model(Box<Model>, String),
    Scores(Vec<f64>),
    Trained(Box<CrossValidated>),
}

impl Prepared {
    fn scores(&self, data: &Labelled) -> Result<Vec<f64>> {
        match self {
            Prepared::Strategy(preset) => data.preset_scores(Some(*preset)),
            Prepared::Weights(roles, file) => data.weights_scores(roles, file),
            Prepared::Model(model, file) => data.model_scores(model, file),
            Prepared::Scores(scores) => Ok(scores.clone()),
            Prepared::Trained(cv) => Ok(cv.held_out_scores(&data.data)?.to_vec()),
        }
    }
}

/// Compares `scorers` on `data`.
///
/// # Errors
/// Fewer than two scorers or a duplicate name, a baseline out of range, a trained scorer
/// without folds, a scorer that does not fit the data, a `by` column no candidate has.
pub fn compare(
    data: &Labelled,
    scorers: &[NamedScorer],
    options: &CompareOptions,
) -> Result<Comparison> {
    check(data, scorers, options)?;
    let metrics = super::evaluation::metrics_at(&options.ks);
    let cut = options.ks.iter().copied().max().unwrap_or(10);
    let prepared: Vec<Prepared> = scorers
        .par_iter()
        .map(|s| prepare(data, &s.spec, options))
        .collect::<Result<_>>()?;
    let neutral = neutralized(data);
    let mut results: Vec<ScorerResult> = scorers
        .par_iter()
        .zip(&prepared)
        .map(|(s, p)| {
            let scores = p.scores(data)?;
            let evaluated =
                data.evaluate_scores(s.name.clone(), scores, &metrics, &options.eval)?;
            let credentials = match (&neutral, p) {
                (_, Prepared::Scores(_)) | (None, _) => None,
                (Some(n), _) => Some(credential_dependence(data, n, p, &evaluated, cut, options)?),
            };
            let impact = options
                .by
                .as_deref()
                .map(|column| impact(data, &evaluated.scores, column, cut));
            let metrics = evaluated
                .summary
                .iter()
                .map(|s| MetricStat {
                    metric: s.metric,
                    per_query: s.per_query.clone(),
                    mean: s.mean,
                    ci: bootstrap_interval(
                        &defined(&s.per_query),
                        options.bootstrap,
                        options.seed,
                        options.level,
                    ),
                    vs_baseline: None,
                })
                .collect();
            Ok(ScorerResult {
                name: s.name.clone(),
                kind: s.spec.kind(),
                evaluated,
                metrics,
                credentials,
                impact,
            })
        })
        .collect::<Result<_>>()?;
    differences(&mut results, options);
    let agreement = agreement(data, &results, cut);
    let folds = prepared.iter().find_map(|p| match p {
        Prepared::Trained(cv) => Some(SharedFolds {
            folds: cv.models.len(),
            fold_of_query: cv.fold_of_query.clone(),
        }),
        _ => None,
    });
    Ok(Comparison {
        scorers: results,
        agreement,
        options: options.clone(),
        cut,
        folds,
    })
}

fn check(data: &Labelled, scorers: &[NamedScorer], options: &CompareOptions) -> Result<()> {
    if scorers.len() < 2 {
        return Err(Error::Invalid(format!(
            "compare needs at least two scorers, found {}",
            scorers.len()
        )));
    }
    for (i, s) in scorers.iter().enumerate() {
        if scorers[..i].iter().any(|t| t.name == s.name) {
            return Err(Error::Invalid(format!(
                "two scorers are named \"{}\": give each its own NAME",
                s.name
            )));
        }
    }
    if options.baseline >= scorers.len() {
        return Err(Error::Invalid(
            "the baseline is not one of the scorers".into(),
        ));
    }
    if options.ks.is_empty() {
        return Err(Error::Invalid("no metric cutoff".into()));
    }
    if let Some(column) = &options.by {
        let Some(attributes) = &data.attributes else {
            return Err(Error::Invalid(format!(
                "impact ratios by \"{column}\" need candidate data with that column, not {}",
                data.name
            )));
        };
        if !attributes.iter().any(|a| a.contains_key(column)) {
            let mut known: Vec<&str> = attributes
                .iter()
                .flat_map(|a| a.keys().map(String::as_str))
                .collect();
            known.sort_unstable();
            known.dedup();
            return Err(Error::Invalid(format!(
                "no candidate has a column \"{column}\" (audit columns: {})",
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            )));
        }
    }
    Ok(())
}

fn prepare(data: &Labelled, spec: &CompareSpec, options: &CompareOptions) -> Result<Prepared> {
    Ok(match spec {
        CompareSpec::Strategy(preset) => Prepared::Strategy(*preset),
        CompareSpec::Weights { roles, file } => Prepared::Weights(roles.clone(), file.clone()),
        CompareSpec::Model { model, file } => Prepared::Model(model.clone(), file.clone()),
        CompareSpec::Scores(path) => Prepared::Scores(data.aligned_scores(path)?),
        CompareSpec::Train(params) => {
            let folds = options.folds.ok_or_else(|| {
                Error::Invalid("a trained scorer needs cross-validation folds (--folds K)".into())
            })?;
            // Every trained scorer gets the same folds: they depend on the seed only.
            let cv = cross_validate(&data.data, params, folds, options.seed)?;
            Prepared::Trained(Box::new(cv))
        }
    })
}

/// The data with degree and certifications set to their mean over each query's rows; `None`
/// when the data has no such features (LETOR files).
fn neutralized(data: &Labelled) -> Option<Labelled> {
    let names = &data.data.feature_names;
    let columns: Vec<usize> = [Feature::Degree, Feature::Certifications]
        .iter()
        .filter_map(|f| names.iter().position(|n| n == f.name()))
        .collect();
    if columns.len() != 2 {
        return None;
    }
    let mut out = data.clone();
    let features: &mut Array2<f64> = &mut out.data.features;
    for group in &data.data.groups {
        if group.is_empty() {
            continue;
        }
        for &j in &columns {
            let m = group.clone().map(|r| features[[r, j]]).sum::<f64>() / group.len() as f64;
            for r in group.clone() {
                features[[r, j]] = m;
            }
        }
    }
    Some(out)
}

fn credential_dependence(
    data: &Labelled,
    neutral: &Labelled,
    prepared: &Prepared,
    evaluated: &Evaluated,
    cut: usize,
    options: &CompareOptions,
) -> Result<CredentialDependence> {
    let metric = Metric::Ndcg { k: Some(cut) };
    let scores = prepared.scores(neutral)?;
    let original = data.evaluate_scores(
        String::new(),
        evaluated.scores.clone(),
        &[metric],
        &options.eval,
    )?;
    let after = data.evaluate_scores(String::new(), scores.clone(), &[metric], &options.eval)?;
    let (original, neutral_mean) = (original.summary[0].mean, after.summary[0].mean);
    let overlaps: Vec<f64> = data
        .data
        .groups
        .iter()
        .map(|g| top_k_overlap(&evaluated.scores[g.clone()], &scores[g.clone()], cut))
        .collect();
    Ok(CredentialDependence {
        metric,
        original,
        neutral: neutral_mean,
        change: original.zip(neutral_mean).map(|(o, n)| n - o),
        top_k_overlap: mean(&overlaps),
    })
}

/// Selection at the top-k cut of every query, by the attribute `column`.
fn impact(data: &Labelled, scores: &[f64], column: &str, cut: usize) -> Impact {
    let attributes = data.attributes.as_ref().expect("checked: candidate data");
    let mut selected = vec![false; scores.len()];
    for g in &data.data.groups {
        for i in top_k(&scores[g.clone()], cut) {
            selected[g.start + i] = true;
        }
    }
    let categories: Vec<Option<&str>> = attributes
        .iter()
        .map(|a| a.get(column).map(String::as_str))
        .collect();
    impact_ratios(&categories, &selected)
}

/// The defined values.
fn defined(values: &[Option<f64>]) -> Vec<f64> {
    values.iter().flatten().copied().collect()
}

/// Fills every non-baseline metric's difference to the baseline, Holm-adjusted together.
fn differences(results: &mut [ScorerResult], options: &CompareOptions) {
    let base: Vec<Vec<Option<f64>>> = results[options.baseline]
        .metrics
        .iter()
        .map(|m| m.per_query.clone())
        .collect();
    let mut raw = Vec::new();
    for (i, r) in results.iter_mut().enumerate() {
        if i == options.baseline {
            continue;
        }
        for (m, b) in r.metrics.iter_mut().zip(&base) {
            let per_query: Vec<Option<f64>> = m
                .per_query
                .iter()
                .zip(b)
                .map(|(x, y)| x.zip(*y).map(|(x, y)| x - y))
                .collect();
            let diffs = defined(&per_query);
            let (a, bb): (Vec<f64>, Vec<f64>) = m
                .per_query
                .iter()
                .zip(b)
                .filter_map(|(x, y)| x.zip(*y))
                .unzip();
            let test = sign_flip_test(&diffs, options.permutations, options.seed);
            raw.push(test.p);
            m.vs_baseline = Some(Difference {
                mean: if diffs.is_empty() { 0.0 } else { mean(&diffs) },
                ci: bootstrap_interval(&diffs, options.bootstrap, options.seed, options.level),
                test,
                p_holm: test.p,
                record: record(&a, &bb),
                per_query,
            });
        }
    }
    let adjusted = holm(&raw);
    let mut next = adjusted.into_iter();
    for (i, r) in results.iter_mut().enumerate() {
        if i == options.baseline {
            continue;
        }
        for m in &mut r.metrics {
            if let (Some(d), Some(p)) = (m.vs_baseline.as_mut(), next.next()) {
                d.p_holm = p;
            }
        }
    }
}

fn agreement(data: &Labelled, results: &[ScorerResult], cut: usize) -> Vec<Agreement> {
    let mut out = Vec::new();
    for a in 0..results.len() {
        for b in a + 1..results.len() {
            let (sa, sb) = (&results[a].evaluated.scores, &results[b].evaluated.scores);
            let mut taus = Vec::new();
            let mut overlaps = Vec::new();
            for g in &data.data.groups {
                if let Some(t) = kendall_tau_b(&sa[g.clone()], &sb[g.clone()]) {
                    taus.push(t);
                }
                overlaps.push(top_k_overlap(&sa[g.clone()], &sb[g.clone()], cut));
            }
            out.push(Agreement {
                a,
                b,
                kendall_tau_b: (!taus.is_empty()).then(|| mean(&taus)),
                top_k_overlap: mean(&overlaps),
            });
        }
    }
    out
}
