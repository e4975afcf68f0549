//! LambdaRank gradients, as LightGBM's `GetGradientsForOneQuery` computes them, query by query
//! in parallel.

use std::ops::Range;

use rayon::prelude::*;

use super::sigmoid::SigmoidTable;
use super::LambdaMartValidParams;
use crate::eval::metrics::{discount, gain};

/// What the gradients of every round are computed from, fixed for the whole fit.
pub(super) struct Objective {
    /// Per row: its label's gain, `2^label − 1` (LightGBM's `label_gain`).
    gains: Vec<f64>,
    labels: Vec<f64>,
    /// Per rank position: its discount, `1 / log2(position + 2)` (LightGBM caches them too).
    discounts: Vec<f64>,
    /// Per query: 1 / the ideal DCG at the truncation level (0 when it is 0).
    inverse_max_dcg: Vec<f64>,
    sigmoid: SigmoidTable,
    sigma: f64,
    truncation_level: usize,
    normalize: bool,
}

/// One query's rows in score order, and their gradients as they add up.
#[derive(Default)]
struct Sorted {
    order: Vec<usize>,
    labels: Vec<f64>,
    scores: Vec<f64>,
    gains: Vec<f64>,
    /// Single precision, as LightGBM's `score_t`: every pair adds in single precision.
    lambdas: Vec<f32>,
    hessians: Vec<f32>,
}

impl Objective {
    /// The objective for `labels` in queries `groups`, with `params`' sigmoid, truncation
    /// and normalization.
    pub(super) fn new(
        params: &LambdaMartValidParams,
        labels: Vec<f64>,
        groups: &[Range<usize>],
    ) -> Objective {
        let inverse_max_dcg = groups
            .iter()
            .map(|g| {
                let max = max_dcg(&labels[g.clone()], params.truncation_level);
                if max > 0.0 {
                    1.0 / max
                } else {
                    0.0
                }
            })
            .collect();
        let longest = groups.iter().map(|g| g.len()).max().unwrap_or(0);
        Objective {
            gains: labels.iter().map(|&l| gain(l)).collect(),
            labels,
            discounts: (0..longest).map(discount).collect(),
            inverse_max_dcg,
            sigmoid: SigmoidTable::new(params.sigmoid),
            sigma: params.sigmoid,
            truncation_level: params.truncation_level,
            normalize: params.normalize,
        }
    }

    /// Every row's gradient and hessian at `scores`, query by query in parallel.
    pub(super) fn gradients(
        &self,
        scores: &[f64],
        groups: &[Range<usize>],
        grad: &mut [f64],
        hess: &mut [f64],
    ) {
        // Groups are consecutive and cover all rows: one disjoint slice per query.
        let mut slices = Vec::with_capacity(groups.len());
        let (mut g_rest, mut h_rest) = (grad, hess);
        for g in groups {
            let (g_head, g_tail) = g_rest.split_at_mut(g.len());
            let (h_head, h_tail) = h_rest.split_at_mut(g.len());
            slices.push((g.clone(), g_head, h_head));
            g_rest = g_tail;
            h_rest = h_tail;
        }
        slices.into_par_iter().enumerate().for_each_init(
            Sorted::default,
            |sorted, (q, (range, g, h))| {
                self.query_gradients(q, range, scores, sorted, g, h);
            },
        );
    }

    /// LightGBM's `GetGradientsForOneQuery` for query `q` (rows `range`), into `grad` and
    /// `hess` (the query's rows).
    fn query_gradients(
        &self,
        q: usize,
        range: Range<usize>,
        scores: &[f64],
        s: &mut Sorted,
        grad: &mut [f64],
        hess: &mut [f64],
    ) {
        grad.fill(0.0);
        hess.fill(0.0);
        let n = range.len();
        let inverse_max_dcg = self.inverse_max_dcg[q];
        if n < 2 || inverse_max_dcg == 0.0 {
            return;
        }
        let (scores, labels, gains) = (
            &scores[range.clone()],
            &self.labels[range.clone()],
            &self.gains[range],
        );
        // Rows by score, best first (a stable sort, as LightGBM's), then laid out in that
        // order so the pair loop reads contiguous memory.
        s.order.clear();
        s.order.extend(0..n);
        s.order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
        let gather = |to: &mut Vec<f64>, from: &[f64], order: &[usize]| {
            to.clear();
            to.extend(order.iter().map(|&i| from[i]));
        };
        gather(&mut s.labels, labels, &s.order);
        gather(&mut s.scores, scores, &s.order);
        gather(&mut s.gains, gains, &s.order);
        s.lambdas.clear();
        s.lambdas.resize(n, 0.0);
        s.hessians.clear();
        s.hessians.resize(n, 0.0);
        let (best, worst) = (s.scores[0], s.scores[n - 1]);
        let norm = self.normalize && best != worst;
        let sigma = self.sigma;
        let d = &self.discounts;
        let mut sum_lambdas = 0.0;
        for i in 0..(n - 1).min(self.truncation_level) {
            let (label_i, score_i, gain_i, discount_i) =
                (s.labels[i], s.scores[i], s.gains[i], d[i]);
            // Row i's sums stay in registers while the rows below pair with it: nothing else
            // adds to them meanwhile, so they add up in the same order as in memory.
            let (mut lambda_i, mut hessian_i) = (s.lambdas[i], s.hessians[i]);
            for (j, &discount_j) in d.iter().enumerate().take(n).skip(i + 1) {
                let label_j = s.labels[j];
                if label_i == label_j {
                    continue;
                }
                let i_high = label_i > label_j;
                let (delta_score, dcg_gap) = if i_high {
                    (score_i - s.scores[j], gain_i - s.gains[j])
                } else {
                    (s.scores[j] - score_i, s.gains[j] - gain_i)
                };
                let paired_discount = (discount_i - discount_j).abs();
                let mut delta_ndcg = dcg_gap * paired_discount * inverse_max_dcg;
                if norm {
                    // LightGBM's constant is a single-precision 0.01.
                    delta_ndcg /= f64::from(0.01f32) + delta_score.abs();
                }
                // The same operations in the same order as LightGBM's.
                let mut p_lambda = self.sigmoid.get(delta_score);
                let mut p_hessian = p_lambda * (1.0 - p_lambda);
                p_lambda *= -sigma * delta_ndcg;
                p_hessian *= sigma * sigma * delta_ndcg;
                let (lambda, hessian) = (p_lambda as f32, p_hessian as f32);
                // The lower-labelled row gets −λ, the higher +λ; both get the hessian.
                if i_high {
                    lambda_i += lambda;
                    s.lambdas[j] -= lambda;
                } else {
                    lambda_i -= lambda;
                    s.lambdas[j] += lambda;
                }
                hessian_i += hessian;
                s.hessians[j] += hessian;
                sum_lambdas -= 2.0 * p_lambda;
            }
            (s.lambdas[i], s.hessians[i]) = (lambda_i, hessian_i);
        }
        let factor = if self.normalize && sum_lambdas > 0.0 {
            Some((1.0 + sum_lambdas).log2() / sum_lambdas)
        } else {
            None
        };
        for (k, &row) in s.order.iter().enumerate() {
            let (l, h) = (f64::from(s.lambdas[k]), f64::from(s.hessians[k]));
            (grad[row], hess[row]) = match factor {
                Some(f) => (f64::from((l * f) as f32), f64::from((h * f) as f32)),
                None => (l, h),
            };
        }
    }
}

/// The ideal DCG of `labels` over the first `k` positions.
pub(super) fn max_dcg(labels: &[f64], k: usize) -> f64 {
    let mut gains: Vec<f64> = labels.iter().map(|&l| gain(l)).collect();
    gains.sort_by(|a, b| b.total_cmp(a));
    gains
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, g)| g * discount(i))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::lambdamart::LambdaMartParams;
    use linfa::ParamGuard;

    #[test]
    fn gradients_push_relevant_documents_up() {
        let params = LambdaMartParams::new().check().unwrap();
        let labels = vec![0.0, 2.0, 1.0, 1.0, 1.0];
        let groups = [0..3, 3..5];
        let objective = Objective::new(&params, labels, &groups);
        let (mut g, mut h) = (vec![9.0; 5], vec![9.0; 5]);
        let scores = [0.0, 0.0, 0.0, 0.3, 0.1];
        objective.gradients(&scores, &groups, &mut g, &mut h);
        assert!(g[1] < 0.0 && g[0] > 0.0, "{g:?}");
        assert!(h[..3].iter().all(|&v| v > 0.0));
        // Single-precision gradients, as LightGBM's, cancel to single precision.
        assert!(g[..3].iter().sum::<f64>().abs() < 1e-6);
        // All-equal labels: no gradient.
        assert_eq!(&g[3..], &[0.0, 0.0]);
        assert_eq!(&h[3..], &[0.0, 0.0]);
    }
}
