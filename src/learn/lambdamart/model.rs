//! Fitting LambdaMART (LambdaRank gradients, bagging, one tree per round), and the fitted
//! model.

use std::ops::Range;

use linfa::ParamGuard;
use ndarray::{Array1, ArrayView1, ArrayView2};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::binning::{BinnedFeatures, Binning};
use super::gradients::Objective;
use super::tree::TreeBuilder;
use super::valid::ValidSet;
use super::{LambdaMartError, LambdaMartParams, LambdaMartValidParams};
use crate::learn::fitted::{RegressionTree, TreeNode};
use crate::learn::rng::Rng;
use crate::learn::{FitQueries, Scaling};

impl FitQueries for LambdaMartValidParams {
    type Model = LambdaMart;
    type Error = LambdaMartError;

    /// Trains a LambdaMART model.
    ///
    /// * `x`: features, shape (n_rows, n_features), all finite.
    /// * `labels`: graded relevance per row, finite and `>= 0`.
    /// * `groups`: the query of each row as consecutive non-empty row
    ///   ranges covering `0..n_rows` in order.
    ///
    /// # Errors
    ///
    /// [`LambdaMartError::LengthMismatch`], [`LambdaMartError::InvalidGroups`],
    /// [`LambdaMartError::InvalidLabel`], [`LambdaMartError::NonFiniteFeature`],
    /// [`LambdaMartError::NoRows`], [`LambdaMartError::TooManyRows`].
    fn fit(
        &self,
        x: ArrayView2<'_, f64>,
        labels: ArrayView1<'_, f64>,
        groups: &[Range<usize>],
    ) -> Result<LambdaMart, LambdaMartError> {
        let identity = Scaling {
            mean: vec![0.0; x.ncols()],
            std: vec![1.0; x.ncols()],
        };
        self.fit_with_scores(x, labels, groups, &identity)
            .map(|(model, _)| model)
    }
}

impl LambdaMartValidParams {
    /// [`fit`](FitQueries::fit) on features standardized with `scaling`: bins are placed as
    /// LightGBM places them on the raw values (zero apart, values within rounding of each
    /// other merged).
    ///
    /// With a validation set, NDCG@k on it is measured after every tree; with its `patience`,
    /// training stops once that many trees in a row have not raised it, and the model keeps
    /// the trees up to the best round (LightGBM's `early_stopping_round`).
    pub(crate) fn fit_standardized(
        &self,
        z: ArrayView2<'_, f64>,
        labels: ArrayView1<'_, f64>,
        groups: &[Range<usize>],
        scaling: &Scaling,
        valid: Option<&mut ValidSet<'_>>,
    ) -> Result<LambdaMart, LambdaMartError> {
        self.fit_watched(z, labels, groups, scaling, valid)
            .map(|(model, _)| model)
    }

    /// [`fit`](FitQueries::fit), also returning the final training scores.
    fn fit_with_scores(
        &self,
        x: ArrayView2<'_, f64>,
        labels: ArrayView1<'_, f64>,
        groups: &[Range<usize>],
        scaling: &Scaling,
    ) -> Result<(LambdaMart, Vec<f64>), LambdaMartError> {
        self.fit_watched(x, labels, groups, scaling, None)
    }

    /// [`fit_with_scores`](Self::fit_with_scores), watching a validation set.
    fn fit_watched(
        &self,
        x: ArrayView2<'_, f64>,
        labels: ArrayView1<'_, f64>,
        groups: &[Range<usize>],
        scaling: &Scaling,
        mut valid: Option<&mut ValidSet<'_>>,
    ) -> Result<(LambdaMart, Vec<f64>), LambdaMartError> {
        let (n_rows, n_features) = x.dim();
        validate_inputs(x, labels, groups)?;
        let labels: Vec<f64> = labels.to_vec();
        let binning = Binning {
            max_bin: self.max_bin,
            min_data_in_leaf: self.min_data_in_leaf,
            seed: self.seed,
        };
        let binned = BinnedFeatures::new(x, scaling, binning);
        let objective = Objective::new(self, labels, groups);
        let mut scores = vec![0.0; n_rows];
        let mut grad = vec![0.0; n_rows];
        let mut hess = vec![0.0; n_rows];
        let mut trees = Vec::with_capacity(self.n_trees);
        let mut bag: Vec<u32> = Vec::with_capacity(n_rows);
        let mut in_bag = vec![true; n_rows];
        for round in 0..self.n_trees {
            objective.gradients(&scores, groups, &mut grad, &mut hess);
            if !self.bags() {
                bag.clear();
                bag.extend(0..n_rows as u32);
            } else if round % self.bagging_freq == 0 {
                // A new bag, kept for `bagging_freq` rounds.
                let mut rng = Rng::for_stream(self.seed, round as u64);
                for keep in in_bag.iter_mut() {
                    *keep = rng.unit() < self.bagging_fraction;
                }
            }
            if self.bags() {
                // The tree reorders its bag; every round starts from row order.
                bag.clear();
                bag.extend((0..n_rows as u32).filter(|&r| in_bag[r as usize]));
            }
            let features = self.tree_features(binned.columns.len(), round);
            let tree = TreeBuilder {
                params: self,
                binned: &binned,
                features: &features,
                grad: &grad,
                hess: &hess,
            }
            .grow(&mut bag, &in_bag, &mut scores);
            let stop = valid.as_mut().is_some_and(|v| v.watch(&tree));
            trees.push(tree);
            if stop {
                break;
            }
        }
        if let Some(v) = &valid {
            if v.patience.is_some() {
                trees.truncate(v.best_round() + 1);
            }
        }
        let model = LambdaMart {
            n_features,
            params: self.clone(),
            trees,
        };
        Ok((model, scores))
    }

    /// The kept features (indices into the binned ones) tree `round` may split on: all, or a
    /// `feature_fraction` of them drawn for the round (at least one), in index order.
    fn tree_features(&self, n: usize, round: usize) -> Vec<usize> {
        let mut features: Vec<usize> = (0..n).collect();
        if self.feature_fraction < 1.0 {
            let amount = ((self.feature_fraction * n as f64).round() as usize).clamp(1, n.max(1));
            // Streams above the rounds' bagging streams.
            let mut rng = Rng::for_stream(self.seed, (1 << 32) + round as u64);
            rng.sample_in_place(&mut features, amount);
            features.sort_unstable();
        }
        features
    }
}

fn validate_inputs(
    x: ArrayView2<'_, f64>,
    labels: ArrayView1<'_, f64>,
    groups: &[Range<usize>],
) -> Result<(), LambdaMartError> {
    let n_rows = x.nrows();
    if labels.len() != n_rows {
        return Err(LambdaMartError::LengthMismatch {
            rows: n_rows,
            labels: labels.len(),
        });
    }
    if n_rows == 0 {
        return Err(LambdaMartError::NoRows);
    }
    if u32::try_from(n_rows).is_err() {
        return Err(LambdaMartError::TooManyRows { rows: n_rows });
    }
    let mut next = 0;
    for (query, g) in groups.iter().enumerate() {
        if g.start != next || g.end <= g.start || g.end > n_rows {
            return Err(LambdaMartError::InvalidGroups {
                query,
                start: g.start,
                end: g.end,
                expected_start: next,
                rows: n_rows,
            });
        }
        next = g.end;
    }
    if next != n_rows {
        return Err(LambdaMartError::InvalidGroups {
            query: groups.len(),
            start: next,
            end: n_rows,
            expected_start: next,
            rows: n_rows,
        });
    }
    if let Some((row, &label)) = labels
        .iter()
        .enumerate()
        .find(|(_, l)| !(l.is_finite() && **l >= 0.0))
    {
        return Err(LambdaMartError::InvalidLabel { row, label });
    }
    if let Some(((row, feature), &value)) = x.indexed_iter().find(|(_, v)| !v.is_finite()) {
        return Err(LambdaMartError::NonFiniteFeature {
            row,
            feature,
            value,
        });
    }
    Ok(())
}

/// A fitted LambdaMART model: the sum of its trees' outputs is the score
/// (higher = more relevant).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LambdaMart {
    n_features: usize,
    params: LambdaMartValidParams,
    trees: Vec<RegressionTree>,
}

/// Unchecked form of [`LambdaMart`] used for deserialisation.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LambdaMartRepr {
    n_features: usize,
    params: LambdaMartParams,
    trees: Vec<RegressionTree>,
}

impl<'de> Deserialize<'de> for LambdaMart {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let r = LambdaMartRepr::deserialize(deserializer)?;
        let params = r.params.check().map_err(serde::de::Error::custom)?;
        LambdaMart::from_trees(r.n_features, params, r.trees).map_err(serde::de::Error::custom)
    }
}

impl LambdaMart {
    /// A model from trees trained elsewhere (a model file), each checked as in
    /// [`RegressionTree::from_nodes`].
    ///
    /// # Errors
    ///
    /// [`LambdaMartError::MalformedModel`] naming the first bad tree and node.
    pub fn from_trees(
        n_features: usize,
        params: LambdaMartValidParams,
        trees: Vec<RegressionTree>,
    ) -> Result<LambdaMart, LambdaMartError> {
        for (i, tree) in trees.iter().enumerate() {
            tree.check(i, n_features)?;
        }
        Ok(LambdaMart {
            n_features,
            params,
            trees,
        })
    }

    /// Number of feature columns the model expects.
    pub fn n_features(&self) -> usize {
        self.n_features
    }

    /// The parameters the model was trained with.
    pub fn params(&self) -> &LambdaMartValidParams {
        &self.params
    }

    /// The trees in boosting order.
    pub fn trees(&self) -> &[RegressionTree] {
        &self.trees
    }

    /// Score of one row (length `n_features`).
    ///
    /// # Errors
    ///
    /// [`LambdaMartError::FeatureCountMismatch`].
    pub fn predict_row(&self, row: ArrayView1<'_, f64>) -> Result<f64, LambdaMartError> {
        if row.len() != self.n_features {
            return Err(LambdaMartError::FeatureCountMismatch {
                expected: self.n_features,
                found: row.len(),
            });
        }
        Ok(self.trees.iter().map(|t| t.predict_row(row)).sum())
    }

    /// Scores of all rows of `x`, shape (n_rows, n_features); rows in parallel.
    ///
    /// # Errors
    ///
    /// [`LambdaMartError::FeatureCountMismatch`].
    pub fn predict(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>, LambdaMartError> {
        if x.ncols() != self.n_features {
            return Err(LambdaMartError::FeatureCountMismatch {
                expected: self.n_features,
                found: x.ncols(),
            });
        }
        let scores: Vec<f64> = (0..x.nrows())
            .into_par_iter()
            .map(|r| self.trees.iter().map(|t| t.predict_row(x.row(r))).sum())
            .collect();
        Ok(Array1::from(scores))
    }

    /// Total split gain per feature column, length `n_features`.
    pub fn feature_importance_gain(&self) -> Vec<f64> {
        let mut out = vec![0.0; self.n_features];
        for node in self.trees.iter().flat_map(|t| t.nodes()) {
            if let TreeNode::Split { feature, gain, .. } = node {
                out[*feature] += gain;
            }
        }
        out
    }
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)] // query groups: a list of row ranges
mod tests {
    use super::super::gradients::max_dcg;
    use super::*;
    use crate::eval::metrics::{discount, gain};
    use ndarray::{array, Array2};

    /// Queries whose relevance is a noisy step function of feature 0.
    fn toy(
        n_queries: usize,
        per_query: usize,
        seed: u64,
    ) -> (Array2<f64>, Array1<f64>, Vec<Range<usize>>) {
        let mut rng = Rng::for_stream(seed, 99);
        let n = n_queries * per_query;
        let x = Array2::from_shape_fn((n, 3), |_| rng.unit());
        let labels = Array1::from_shape_fn(n, |r| {
            (x[[r, 0]] * 3.0).floor() + if x[[r, 2]] > 0.9 { 1.0 } else { 0.0 }
        });
        let groups = (0..n_queries)
            .map(|q| q * per_query..(q + 1) * per_query)
            .collect();
        (x, labels, groups)
    }

    fn small() -> LambdaMartParams {
        LambdaMartParams::new()
            .n_trees(20)
            .min_data_in_leaf(5)
            .min_sum_hessian_in_leaf(0.0)
            .num_leaves(7)
    }

    fn ndcg(labels: &[f64], scores: &[f64]) -> f64 {
        let mut order: Vec<usize> = (0..labels.len()).collect();
        order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
        let dcg: f64 = order
            .iter()
            .enumerate()
            .map(|(i, &d)| gain(labels[d]) * discount(i))
            .sum();
        dcg / max_dcg(labels, labels.len())
    }

    fn mean_ndcg(labels: &Array1<f64>, scores: &Array1<f64>, groups: &[Range<usize>]) -> f64 {
        let l = labels.as_slice().unwrap();
        let s = scores.as_slice().unwrap();
        groups
            .iter()
            .map(|g| ndcg(&l[g.clone()], &s[g.clone()]))
            .sum::<f64>()
            / groups.len() as f64
    }

    #[test]
    fn learns_a_ranking() {
        let (x, y, groups) = toy(30, 20, 1);
        let model = small().fit(x.view(), y.view(), &groups).unwrap();
        let scores = model.predict(x.view()).unwrap();
        let trained = mean_ndcg(&y, &scores, &groups);
        let (xt, yt, gt) = toy(20, 20, 2);
        let test = mean_ndcg(&yt, &model.predict(xt.view()).unwrap(), &gt);
        assert!(trained > 0.95, "train ndcg {trained}");
        assert!(test > 0.9, "test ndcg {test}");
        assert_eq!(model.trees().len(), 20);
        assert!(model.trees().iter().all(|t| t.n_leaves() <= 7));
        let imp = model.feature_importance_gain();
        assert!(imp[0] > imp[1] && imp[0] > imp[2]);
    }

    #[test]
    fn deterministic_for_a_seed_and_thread_count() {
        // Large enough for the parallel histogram path.
        let (x, y, groups) = toy(100, 25, 3);
        let a = small().seed(7).fit(x.view(), y.view(), &groups).unwrap();
        for threads in [1, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let b = pool.install(|| small().seed(7).fit(x.view(), y.view(), &groups).unwrap());
            assert_eq!(a, b, "{threads} threads");
        }
        let c = small().seed(8).fit(x.view(), y.view(), &groups).unwrap();
        assert_ne!(a, c);
    }

    #[test]
    fn json_round_trip_is_exact() {
        let (x, y, groups) = toy(10, 10, 4);
        let model = small().fit(x.view(), y.view(), &groups).unwrap();
        let json = serde_json::to_string(&model).unwrap();
        let back: LambdaMart = serde_json::from_str(&json).unwrap();
        assert_eq!(back, model);
        assert_eq!(
            back.predict(x.view()).unwrap(),
            model.predict(x.view()).unwrap()
        );
    }

    #[test]
    fn malformed_json_is_rejected() {
        let (x, y, groups) = toy(5, 10, 5);
        let model = small().n_trees(1).fit(x.view(), y.view(), &groups).unwrap();
        let json = serde_json::to_string(&model).unwrap();
        let bad = json.replacen("\"feature\":", "\"feature\":9", 1);
        let err = serde_json::from_str::<LambdaMart>(&bad)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("malformed model: tree 0, node 0: feature 9"),
            "{err}"
        );
    }

    #[test]
    fn training_scores_match_prediction() {
        // Training walks bins (out-of-bag rows) or leaf partitions (bagged
        // rows); prediction walks thresholds. Both must agree exactly.
        let (x, y, groups) = toy(10, 10, 6);
        // Standardized-like columns: a raw zero lands off zero.
        let x = x.mapv(|v| (v - 0.3) * 2.0);
        let scaling = Scaling {
            mean: vec![0.3; 3],
            std: vec![0.5; 3],
        };
        let zero = scaling.zero_point();
        assert_eq!(zero, vec![-0.6; 3]);
        let params = small()
            .bagging_fraction(0.5)
            .bagging_freq(3)
            .feature_fraction(0.7)
            .check()
            .unwrap();
        let (model, train_scores) = params
            .fit_with_scores(x.view(), y.view(), &groups, &scaling)
            .unwrap();
        let predicted = model.predict(x.view()).unwrap();
        for (r, (t, p)) in train_scores.iter().zip(&predicted).enumerate() {
            assert!((t - p).abs() < 1e-12, "row {r}: {t} vs {p}");
        }
        let binning = Binning {
            max_bin: 255,
            min_data_in_leaf: 5,
            seed: 0,
        };
        let binned = BinnedFeatures::new(x.view(), &scaling, binning);
        for r in 0..x.nrows() {
            for (f, &c) in binned.columns.iter().enumerate() {
                let b = binned.bins[f][r] as usize;
                let v = x[[r, c]];
                assert!(b == binned.upper[f].len() || v <= binned.upper[f][b]);
                assert!(b == 0 || v > binned.upper[f][b - 1]);
            }
        }
        assert_eq!(
            model.predict_row(x.row(0)).unwrap(),
            model.predict(x.view()).unwrap()[0]
        );
    }

    #[test]
    fn early_stopping_keeps_the_best_round() {
        let (x, y, groups) = toy(20, 10, 4);
        let (vx, vy, vgroups) = toy(10, 10, 5);
        let labels = vy.to_vec();
        let params = small().n_trees(40).check().unwrap();
        let identity = Scaling {
            mean: vec![0.0; 3],
            std: vec![1.0; 3],
        };
        let fit = |patience| {
            let mut valid = ValidSet::new(vx.view(), &labels, &vgroups, 5, patience);
            let model = params
                .fit_standardized(x.view(), y.view(), &groups, &identity, Some(&mut valid))
                .unwrap();
            (model, valid.history().to_vec(), valid.best_round())
        };
        let (all, history, best) = fit(None);
        assert_eq!((all.trees().len(), history.len()), (40, 40));
        assert!(history.iter().all(|&v| v <= history[best]));
        let (stopped, seen, best_seen) = fit(Some(2));
        assert_eq!(stopped.trees().len(), best_seen + 1);
        assert!(
            seen.len() == 40 || seen.len() == best_seen + 3,
            "{}",
            seen.len()
        );
        // The same trees as the full model, up to the best round.
        assert_eq!(stopped.trees(), &all.trees()[..best_seen + 1]);
        assert_eq!(&seen[..], &history[..seen.len()]);
    }

    #[test]
    fn max_depth_limits_trees() {
        let (x, y, groups) = toy(10, 20, 7);
        let model = small()
            .max_depth(Some(2))
            .fit(x.view(), y.view(), &groups)
            .unwrap();
        assert!(model.trees().iter().all(|t| t.n_leaves() <= 4));
        assert!(model.trees().iter().any(|t| t.n_leaves() > 2));
    }

    #[test]
    fn input_errors() {
        let x = array![[1.0], [2.0]];
        let y = array![1.0, 0.0];
        let p = small();
        assert_eq!(
            p.fit(x.view(), array![1.0].view(), &[0..1]),
            Err(LambdaMartError::LengthMismatch { rows: 2, labels: 1 })
        );
        assert!(matches!(
            p.fit(x.view(), y.view(), &[0..1]),
            Err(LambdaMartError::InvalidGroups { query: 1, .. })
        ));
        assert!(matches!(
            p.fit(x.view(), y.view(), &[1..2]),
            Err(LambdaMartError::InvalidGroups { query: 0, .. })
        ));
        assert!(matches!(
            p.fit(x.view(), array![-1.0, 0.0].view(), &[0..2]),
            Err(LambdaMartError::InvalidLabel { row: 0, .. })
        ));
        assert!(matches!(
            p.fit(array![[1.0], [f64::NAN]].view(), y.view(), &[0..2]),
            Err(LambdaMartError::NonFiniteFeature {
                row: 1,
                feature: 0,
                ..
            })
        ));
        let model = p.fit(x.view(), y.view(), &[0..2]).unwrap();
        assert_eq!(
            model.predict(array![[1.0, 2.0]].view()),
            Err(LambdaMartError::FeatureCountMismatch {
                expected: 1,
                found: 2
            })
        );
    }

    #[test]
    fn model_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<LambdaMart>();
        check::<LambdaMartValidParams>();
    }
}
