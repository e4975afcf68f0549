//! Cross-validation by query: a query's rows (a role's candidates) never straddle folds.

use std::collections::BTreeMap;

use ndarray::Array1;

use super::dataset::RankData;
use super::train::train;
use crate::eval::MetricSummary;
use crate::learn::rng::Rng;
use crate::learn::ValidParams;
use crate::model::{Model, ModelError};

/// Assigns each of `n_queries` queries to one of `folds` folds: a seeded shuffle of the
/// queries, then round-robin, so fold sizes differ by at most one.
///
/// # Errors
/// Fewer than 2 folds, or more folds than queries.
pub fn assign_folds(n_queries: usize, folds: usize, seed: u64) -> Result<Vec<usize>, ModelError> {
    if folds < 2 || folds > n_queries {
        return Err(ModelError::Folds {
            folds,
            queries: n_queries,
        });
    }
    let mut order: Vec<usize> = (0..n_queries).collect();
    let mut rng = Rng::new(seed);
    for i in (1..n_queries).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let mut fold_of = vec![0; n_queries];
    for (position, &query) in order.iter().enumerate() {
        fold_of[query] = position % folds;
    }
    Ok(fold_of)
}

/// Held-out scores of a cross-validation.
#[derive(Clone, Debug, PartialEq)]
pub struct CrossValidated {
    /// The fold of each query.
    pub fold_of_query: Vec<usize>,
    /// Each row's score from the model trained without its fold.
    pub scores: Array1<f64>,
    /// Seconds spent training, all folds together.
    pub train_seconds: f64,
    /// The model of each fold (trained without that fold's queries).
    pub models: Vec<Model>,
}

impl CrossValidated {
    /// Scores every row of `data` (the same queries, possibly other feature values) with the
    /// model trained without its query's fold.
    ///
    /// # Errors
    /// The data's queries are not the cross-validated ones, or a model cannot score them.
    pub fn held_out_scores(&self, data: &RankData) -> Result<Array1<f64>, ModelError> {
        held_out_scores(data, &self.fold_of_query, &self.models)
    }
}

fn held_out_scores(
    data: &RankData,
    fold_of_query: &[usize],
    models: &[Model],
) -> Result<Array1<f64>, ModelError> {
    assert_eq!(
        fold_of_query.len(),
        data.n_queries(),
        "the cross-validated queries"
    );
    let mut scores = Array1::zeros(data.n_rows());
    for (fold, model) in models.iter().enumerate() {
        let held: Vec<usize> = (0..data.n_queries())
            .filter(|&q| fold_of_query[q] == fold)
            .collect();
        let test = data.select_queries(&held);
        let predicted = model.predict(test.features.view())?;
        let mut at = 0;
        for &q in &held {
            for row in data.groups[q].clone() {
                scores[row] = predicted[at];
                at += 1;
            }
        }
    }
    Ok(scores)
}

/// K-fold cross-validation by query: for each fold, trains on the other folds' queries and
/// scores the fold's rows.
///
/// # Errors
/// The folds cannot be made, or a fold's training fails.
pub fn cross_validate(
    data: &RankData,
    params: &ValidParams,
    folds: usize,
    seed: u64,
) -> Result<CrossValidated, ModelError> {
    let fold_of_query = assign_folds(data.n_queries(), folds, seed)?;
    let start = std::time::Instant::now();
    let trained_at = chrono::NaiveDate::MIN;
    let mut models = Vec::with_capacity(folds);
    for fold in 0..folds {
        let kept: Vec<usize> = (0..data.n_queries())
            .filter(|&q| fold_of_query[q] != fold)
            .collect();
        models.push(train(&data.select_queries(&kept), params, trained_at)?);
    }
    let train_seconds = start.elapsed().as_secs_f64();
    let scores = held_out_scores(data, &fold_of_query, &models)?;
    Ok(CrossValidated {
        fold_of_query,
        scores,
        train_seconds,
        models,
    })
}

/// The mean of each metric, by name (metrics with no value left out).
pub fn metric_means(summaries: &[MetricSummary]) -> BTreeMap<String, f64> {
    summaries
        .iter()
        .filter_map(|s| s.mean.map(|m| (s.metric.to_string(), m)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::{Algorithm, TrainParams};
    use ndarray::Array2;

    #[test]
    fn folds_are_balanced_seeded_and_checked() {
        let f = assign_folds(7, 5, 42).unwrap();
        let mut sizes = [0; 5];
        f.iter().for_each(|&k| sizes[k] += 1);
        assert_eq!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap(), 1);
        assert_eq!(f, assign_folds(7, 5, 42).unwrap());
        assert_ne!(
            assign_folds(50, 5, 1).unwrap(),
            assign_folds(50, 5, 2).unwrap()
        );
        assert!(matches!(
            assign_folds(3, 4, 0),
            Err(ModelError::Folds {
                folds: 4,
                queries: 3
            })
        ));
        assert!(assign_folds(3, 1, 0).is_err());
    }

    #[test]
    fn held_out_scores_come_from_models_that_never_saw_the_query() {
        // Queries 0..6; in query q the label follows feature 0 when q is even and is reversed
        // when odd, so a model fitted with the query in training would score it differently.
        let mut rng = Rng::new(3);
        let features = Array2::from_shape_fn((60, 2), |_| rng.unit());
        let labels = (0..60)
            .map(|r| {
                let up = (features[[r, 0]] * 2.99).floor();
                if (r / 10) % 2 == 0 {
                    up
                } else {
                    2.0 - up
                }
            })
            .collect();
        let data = RankData {
            features,
            labels,
            groups: (0..6).map(|q| q * 10..(q + 1) * 10).collect(),
            query_ids: (0..6).map(|q| q.to_string()).collect(),
            doc_ids: (0..60).map(|r| r.to_string()).collect(),
            feature_names: vec!["a".into(), "b".into()],
            source_rows: (0..60).collect(),
        };
        let params = TrainParams::new(Algorithm::Pairwise).check().unwrap();
        let cv = cross_validate(&data, &params, 3, 7).unwrap();
        for fold in 0..3 {
            let held: Vec<usize> = (0..6).filter(|&q| cv.fold_of_query[q] == fold).collect();
            let kept: Vec<usize> = (0..6).filter(|&q| cv.fold_of_query[q] != fold).collect();
            let model =
                train(&data.select_queries(&kept), &params, chrono::NaiveDate::MIN).unwrap();
            for &q in &held {
                for row in data.groups[q].clone() {
                    let want = model.score_row(data.features.row(row).as_slice().unwrap());
                    assert_eq!(cv.scores[row], want);
                }
            }
        }
    }
}
