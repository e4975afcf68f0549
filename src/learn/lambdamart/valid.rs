//! A validation set watched while LambdaMART adds trees, for early stopping.

use std::ops::Range;

use ndarray::ArrayView2;

use crate::eval::metrics::{ndcg_at, EmptyQuery};
use crate::learn::fitted::RegressionTree;

/// A validation set watched while trees are added: standardized rows, labels and queries,
/// and what is measured on it.
pub struct ValidSet<'a> {
    x: ArrayView2<'a, f64>,
    labels: &'a [f64],
    groups: &'a [Range<usize>],
    k: usize,
    pub(super) patience: Option<usize>,
    scores: Vec<f64>,
    /// Mean NDCG@k after each tree so far.
    history: Vec<f64>,
}

impl<'a> ValidSet<'a> {
    /// Rows `x` (standardized like the training rows), their labels and queries; NDCG@`k` is
    /// measured after every tree (a query without relevant rows counts 1, as in LightGBM),
    /// and with `patience` training stops after that many trees without a better value.
    pub fn new(
        x: ArrayView2<'a, f64>,
        labels: &'a [f64],
        groups: &'a [Range<usize>],
        k: usize,
        patience: Option<usize>,
    ) -> ValidSet<'a> {
        ValidSet {
            x,
            labels,
            groups,
            k,
            patience,
            scores: vec![0.0; x.nrows()],
            history: Vec::new(),
        }
    }

    /// Adds a tree's outputs and measures; whether training should stop.
    pub(super) fn watch(&mut self, tree: &RegressionTree) -> bool {
        for (score, row) in self.scores.iter_mut().zip(self.x.rows()) {
            *score += tree.predict_row(row);
        }
        let ndcg: f64 = self
            .groups
            .iter()
            .map(|g| {
                let (labels, scores) = (&self.labels[g.clone()], &self.scores[g.clone()]);
                ndcg_at(labels, scores, Some(self.k), EmptyQuery::One).unwrap_or(1.0)
            })
            .sum::<f64>()
            / self.groups.len().max(1) as f64;
        self.history.push(ndcg);
        self.patience
            .is_some_and(|p| self.history.len() - 1 - self.best_round() >= p)
    }

    /// The round (0-based) with the highest NDCG@k; the earliest of equals.
    pub fn best_round(&self) -> usize {
        self.history
            .iter()
            .enumerate()
            .fold((0, f64::NEG_INFINITY), |(bi, bv), (i, &v)| {
                if v > bv {
                    (i, v)
                } else {
                    (bi, bv)
                }
            })
            .0
    }

    /// Mean NDCG@k after each tree.
    pub fn history(&self) -> &[f64] {
        &self.history
    }

    /// The cutoff k.
    pub fn k(&self) -> usize {
        self.k
    }
}
