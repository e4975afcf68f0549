//! Measuring scorers against hiring outcomes: where labelled data comes from, what scores its
//! rows (a preset, a model, external scores, or an algorithm cross-validated by query), and
//! the metrics of each.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::cv::cross_validate;
use super::dataset::{labelled_pairs, PairSource, RankData};
use super::labels::read_labels;
use crate::error::{Error, Result};
use crate::eval::{evaluate, write_trec_run, EvalOptions, LetorReader, Metric, MetricSummary};
use crate::feature::Feature;
use crate::io::{read_candidates, Dialect, Input, ReadOptions};
use crate::learn::ValidParams;
use crate::model::Model;
use crate::money::RateTable;
use crate::outcomes::letor_feature_names;
use crate::profile::Candidate;
use crate::role::{read_roles, Role};
use crate::score::Preset;
use crate::skills::Taxonomy;

/// Where labelled ranking data comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum DataSource {
    /// An SVMlight/LETOR file, with an optional LightGBM query file.
    Letor {
        /// The LETOR file.
        path: PathBuf,
        /// The query file (default: `FILE.query` beside it, when there is one).
        query: Option<PathBuf>,
    },
    /// Candidates and roles with hiring outcomes, featurized at a reference date.
    Labels {
        /// The candidate file (read strictly: the first invalid row is an error).
        candidates: Input,
        /// The role file.
        roles: Input,
        /// The label file (`role_id,candidate_id,label`).
        labels: PathBuf,
        /// The reference date of feature extraction.
        as_of: NaiveDate,
        /// How the candidate file is written.
        dialect: Dialect,
    },
}

/// Labelled data, read.
#[derive(Clone, Debug)]
pub struct Labelled {
    /// The rows, grouped by query.
    pub data: RankData,
    /// With candidate data, each query's role (`roles[q]` is query `q`'s).
    pub roles: Option<Vec<Role>>,
    /// What the data is, for messages (`rank.train`, `data/labels.csv`).
    pub name: String,
    /// The reference date (of feature extraction, for candidate data; of training).
    pub as_of: NaiveDate,
    /// With candidate data, each row's candidate audit attributes (the columns that are no
    /// candidate field: `gender`, `ethnicity`, …), for audits; never scored.
    pub attributes: Option<Vec<BTreeMap<String, String>>>,
}

impl DataSource {
    /// Reads the data; a LETOR file is read with `n_features` columns when given (a model's).
    ///
    /// # Errors
    /// A file cannot be read or is invalid; a label names an unknown role or candidate.
    pub fn load(
        &self,
        n_features: Option<usize>,
        as_of: NaiveDate,
        taxonomy: &Taxonomy,
        rates: &RateTable,
    ) -> Result<Labelled> {
        match self {
            DataSource::Letor { path, query } => {
                let mut reader = LetorReader::new();
                if let Some(n) = n_features {
                    reader = reader.n_features(n);
                }
                if let Some(q) = query {
                    reader = reader.query_file(q);
                }
                Ok(Labelled {
                    data: RankData::from_letor(reader.read(path)?),
                    roles: None,
                    name: path.display().to_string(),
                    as_of,
                    attributes: None,
                })
            }
            DataSource::Labels {
                candidates,
                roles,
                labels,
                as_of,
                dialect,
            } => {
                let role_list = read_roles(roles, taxonomy, rates)?;
                let read = ReadOptions {
                    dialect,
                    keep_attributes: true,
                    ..ReadOptions::new(taxonomy, rates)
                };
                let pool = read_candidates(candidates, &read)?.candidates;
                let label_rows = read_labels(labels)?;
                let source = PairSource {
                    candidates: &pool,
                    candidates_file: &candidates.name(),
                    roles: &role_list,
                    roles_file: &roles.name(),
                    labels: &label_rows,
                    labels_file: &labels.display().to_string(),
                };
                let data = labelled_pairs(&source, *as_of, taxonomy, rates)?;
                let by_query = data
                    .query_ids
                    .iter()
                    .map(|id| {
                        role_list
                            .iter()
                            .find(|r| &r.id == id)
                            .cloned()
                            .expect("every query is a role")
                    })
                    .collect();
                let by_id: HashMap<&str, &Candidate> =
                    pool.iter().map(|c| (c.id.as_str(), c)).collect();
                let attributes = data
                    .doc_ids
                    .iter()
                    .map(|id| {
                        by_id
                            .get(id.as_str())
                            .map(|c| c.attributes.clone())
                            .unwrap_or_default()
                    })
                    .collect();
                Ok(Labelled {
                    data,
                    roles: Some(by_query),
                    name: labels.display().to_string(),
                    as_of: *as_of,
                    attributes: Some(attributes),
                })
            }
        }
    }
}

/// What scores the rows of labelled data.
#[derive(Clone, Debug, PartialEq)]
pub enum ScorerSpec {
    /// External scores, one per line, aligned with the data's rows in file order.
    Scores(PathBuf),
    /// A model, read from `file`.
    Model {
        /// The model.
        model: Box<Model>,
        /// Its file, for messages.
        file: String,
    },
    /// A preset for every role, or each role's own (`None`); candidate data only.
    Strategy(Option<Preset>),
    /// An algorithm trained and scored inside cross-validation folds of whole queries.
    CrossValidated {
        /// The checked parameters.
        params: ValidParams,
        /// The number of folds.
        folds: usize,
        /// The seed of the fold assignment (and of training).
        seed: u64,
    },
}

/// One scorer's scores and metrics.
#[derive(Clone, Debug)]
pub struct Evaluated {
    /// The scorer's name (`builder-first`, `model:pairwise`, a scores file).
    pub name: String,
    /// One score per data row.
    pub scores: Vec<f64>,
    /// One summary per metric.
    pub summary: Vec<MetricSummary>,
}

/// How cross-validation split the queries.
#[derive(Clone, Debug, PartialEq)]
pub struct Folds {
    /// Each query's fold (0-based).
    pub fold_of_query: Vec<usize>,
    /// The number of folds.
    pub folds: usize,
    /// The seed of the assignment.
    pub seed: u64,
    /// Time spent training, in seconds.
    pub train_seconds: f64,
}

/// An evaluation: the scorer asked for, and (when it was cross-validated on candidate data)
/// every preset on the same queries for comparison.
#[derive(Clone, Debug)]
pub struct Evaluation {
    /// The scorer asked for.
    pub main: Evaluated,
    /// The presets, on the same queries.
    pub baselines: Vec<Evaluated>,
    /// The folds, for a cross-validated scorer.
    pub folds: Option<Folds>,
}

/// The metrics for cutoffs `ks`: NDCG@k for each, MAP, P@k for each, MRR.
pub fn metrics_at(ks: &[usize]) -> Vec<Metric> {
    let mut out: Vec<Metric> = ks.iter().map(|&k| Metric::Ndcg { k: Some(k) }).collect();
    out.push(Metric::Map);
    out.extend(ks.iter().map(|&k| Metric::Precision { k }));
    out.push(Metric::Mrr);
    out
}

impl Labelled {
    /// Evaluates a scorer with `metrics`.
    ///
    /// # Errors
    /// The scorer does not fit the data (a model with other features, a scores file with
    /// another number of rows, a preset on LETOR data), or it cannot be trained.
    pub fn evaluate(
        &self,
        scorer: &ScorerSpec,
        metrics: &[Metric],
        options: &EvalOptions,
    ) -> Result<Evaluation> {
        let data = &self.data;
        let mut folds = None;
        let (name, scores) = match scorer {
            ScorerSpec::Scores(path) => (path.display().to_string(), self.aligned_scores(path)?),
            ScorerSpec::Model { model, file } => (
                format!("model:{}", model.algorithm()),
                self.model_scores(model, file)?,
            ),
            ScorerSpec::Strategy(preset) => {
                let name = preset.map_or("each role's own strategy".to_string(), |p| {
                    p.name().to_string()
                });
                (name, self.preset_scores(*preset)?)
            }
            ScorerSpec::CrossValidated {
                params,
                folds: k,
                seed,
            } => {
                let cv = cross_validate(data, params, *k, *seed)?;
                folds = Some(Folds {
                    fold_of_query: cv.fold_of_query.clone(),
                    folds: *k,
                    seed: *seed,
                    train_seconds: cv.train_seconds,
                });
                (format!("model:{}", params.algorithm()), cv.scores.to_vec())
            }
        };
        let main = self.evaluate_scores(name, scores, metrics, options)?;
        let mut baselines = Vec::new();
        if folds.is_some() && self.roles.is_some() {
            for preset in Preset::ALL {
                let scores = self.preset_scores(Some(preset))?;
                baselines.push(self.evaluate_scores(
                    preset.name().into(),
                    scores,
                    metrics,
                    options,
                )?);
            }
        }
        Ok(Evaluation {
            main,
            baselines,
            folds,
        })
    }

    /// The metrics of given scores (one per data row), named `name`.
    ///
    /// # Errors
    /// The number of scores is not the number of rows.
    pub fn evaluate_scores(
        &self,
        name: String,
        scores: Vec<f64>,
        metrics: &[Metric],
        options: &EvalOptions,
    ) -> Result<Evaluated> {
        let labels = self.data.labels.as_slice().expect("contiguous labels");
        let summary = evaluate(metrics, labels, &scores, &self.data.groups, options)?;
        Ok(Evaluated {
            name,
            scores,
            summary,
        })
    }

    /// The scores a preset (or each role's own, for `None`) gives candidate data.
    ///
    /// # Errors
    /// The data is not candidate data, or a role's weight overrides leave the preset no usable
    /// weight.
    pub fn preset_scores(&self, preset: Option<Preset>) -> Result<Vec<f64>> {
        let Some(roles) = &self.roles else {
            return Err(Error::Invalid(
                "strategies score candidate data only (--candidates, --roles, --labels)".into(),
            ));
        };
        let data = &self.data;
        let mut scores = vec![0.0; data.n_rows()];
        for (role, group) in roles.iter().zip(&data.groups) {
            let role = match preset {
                Some(p) => role.with_preset(p)?,
                None => role.clone(),
            };
            for row in group.clone() {
                let features = std::array::from_fn(|j| data.features[[row, j]]);
                scores[row] = role.weights().linear().score(&features);
            }
        }
        Ok(scores)
    }

    /// The scores of each role's weights in `roles` (a role file with other weights), matched
    /// to the queries by role id; candidate data only.
    ///
    /// # Errors
    /// The data is not candidate data, or a query's role is not in `roles` (named with
    /// `file`).
    pub fn weights_scores(&self, roles: &[Role], file: &str) -> Result<Vec<f64>> {
        let Some(own) = &self.roles else {
            return Err(Error::Invalid(
                "role weights score candidate data only (--candidates, --roles, --labels)".into(),
            ));
        };
        let data = &self.data;
        let mut scores = vec![0.0; data.n_rows()];
        for (query_role, group) in own.iter().zip(&data.groups) {
            let role = roles
                .iter()
                .find(|r| r.id == query_role.id)
                .ok_or_else(|| {
                    Error::Invalid(format!(
                        "{file}: no role \"{}\" (the labels have it): give every labelled role \
                     its weights",
                        query_role.id
                    ))
                })?;
            for row in group.clone() {
                let features = std::array::from_fn(|j| data.features[[row, j]]);
                scores[row] = role.weights().linear().score(&features);
            }
        }
        Ok(scores)
    }

    /// The scores of a model (read from `file`) on the data's rows.
    ///
    /// # Errors
    /// The model's features are not the data's.
    pub fn model_scores(&self, model: &Model, file: &str) -> Result<Vec<f64>> {
        let expected = match self.roles {
            None => letor_feature_names(model.features().len()),
            Some(_) => Feature::NAMES.iter().map(|n| n.to_string()).collect(),
        };
        model.require_features(&expected, file)?;
        Ok(model.predict(self.data.features.view())?.to_vec())
    }

    /// External scores in file order, matched to the data's rows.
    ///
    /// # Errors
    /// The file cannot be read, or it has not one score per row.
    pub fn aligned_scores(&self, path: &Path) -> Result<Vec<f64>> {
        let scores = read_scores(path)?;
        let rows = self.data.n_rows();
        if scores.len() != rows {
            return Err(Error::Invalid(format!(
                "{} has {} scores but {} has {rows} rows: give one score per row, in file order",
                path.display(),
                scores.len(),
                self.name
            )));
        }
        Ok(self.data.source_rows.iter().map(|&r| scores[r]).collect())
    }

    /// Rows and relevant rows (label > 0) of query `q`.
    pub fn counts(&self, q: usize) -> (usize, usize) {
        let g = self.data.groups[q].clone();
        let relevant = self.data.labels.as_slice().expect("contiguous labels")[g.clone()]
            .iter()
            .filter(|&&l| l > 0.0)
            .count();
        (g.len(), relevant)
    }

    /// The scores as a TREC run (`qid Q0 docid rank score shiprank`).
    ///
    /// # Errors
    /// An id is not a valid TREC token, or a score is not finite.
    pub fn trec_run(&self, scores: &[f64]) -> Result<Vec<u8>> {
        let data = &self.data;
        let mut out = Vec::new();
        for (q, group) in data.groups.iter().enumerate() {
            let ids = &data.doc_ids[group.clone()];
            write_trec_run(
                &mut out,
                &data.query_ids[q],
                ids,
                &scores[group.clone()],
                "shiprank",
            )?;
        }
        Ok(out)
    }

    /// The labels as TREC qrels (`qid 0 docid label`), for trec_eval.
    pub fn qrels(&self) -> String {
        let data = &self.data;
        let mut out = String::new();
        for (q, group) in data.groups.iter().enumerate() {
            for row in group.clone() {
                let _ = writeln!(
                    out,
                    "{} 0 {} {}",
                    data.query_ids[q], data.doc_ids[row], data.labels[row]
                );
            }
        }
        out
    }
}

/// Reads scores, one per line (blank lines skipped).
///
/// # Errors
/// The file cannot be read, or a line is not a finite number (named by line).
pub fn read_scores(path: &Path) -> Result<Vec<f64>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut scores = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        match t.parse::<f64>() {
            Ok(v) if v.is_finite() => scores.push(v),
            _ => {
                return Err(Error::Invalid(format!(
                    "{}:{}: invalid score \"{t}\" (expected a finite number)",
                    path.display(),
                    i + 1
                )))
            }
        }
    }
    Ok(scores)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_follow_the_cutoffs() {
        let names: Vec<String> = metrics_at(&[1, 5]).iter().map(|m| m.to_string()).collect();
        assert_eq!(names, ["ndcg@1", "ndcg@5", "map", "p@1", "p@5", "mrr"]);
    }

    #[test]
    fn scores_files_name_the_bad_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.txt");
        std::fs::write(&path, "0.5\n\n1e3\nNaN\n").unwrap();
        let err = read_scores(&path).unwrap_err().to_string();
        assert!(err.ends_with("s.txt:4: invalid score \"NaN\" (expected a finite number)"));
        std::fs::write(&path, "0.5\n\n1e3\n").unwrap();
        assert_eq!(read_scores(&path).unwrap(), [0.5, 1000.0]);
    }
}
