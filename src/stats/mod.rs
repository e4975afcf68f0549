//! Paired statistics over queries, on plain slices: percentile bootstrap intervals, the
//! sign-flip randomization test (exact when small enough), Holm's adjustment, Kendall's tau-b,
//! top-k overlap and wins/ties/losses; and statistics of counts (`proportions.rs`: Wilson
//! intervals, Fisher's exact test).
//!
//! Every random draw comes from the one seeded generator ([`crate::learn::rng::Rng`]), so a
//! result depends only on its inputs and its seed, never on threads.

mod proportions;

use std::cmp::Ordering;

use serde::Serialize;

use crate::eval::metrics::ranking;
use crate::learn::rng::Rng;

pub use proportions::{fisher_exact, wilson_interval, Table2, Z_95};

/// The generator stream of bootstrap draws under a seed.
const BOOTSTRAP_STREAM: u64 = 1;
/// The generator stream of random sign patterns under a seed.
const SIGN_FLIP_STREAM: u64 = 2;

/// A confidence interval `[low, high]`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Interval {
    /// Lower bound.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
}

/// The mean of `values` (`NaN` for none).
pub fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// The `q`-th quantile (`0 ≤ q ≤ 1`) of sorted values, interpolated linearly between order
/// statistics (numpy's default `percentile` method).
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * q.clamp(0.0, 1.0);
    let (lo, frac) = (h.floor() as usize, h - h.floor());
    if lo + 1 >= n {
        sorted[n - 1]
    } else {
        sorted[lo] + frac * (sorted[lo + 1] - sorted[lo])
    }
}

/// The bootstrap means of `values`: `resamples` draws of `values.len()` indices with
/// replacement, from the generator seeded with `seed`.
///
/// Pairing: the draws depend only on `seed`, `resamples` and the number of values, so series
/// of the same length bootstrapped with the same seed resample the *same* queries (the
/// bootstrap of one scorer's metric and of its difference to another are paired).
pub fn bootstrap_means(values: &[f64], resamples: usize, seed: u64) -> Vec<f64> {
    let n = values.len();
    if n == 0 {
        return Vec::new();
    }
    let mut rng = Rng::for_stream(seed, BOOTSTRAP_STREAM);
    (0..resamples)
        .map(|_| (0..n).map(|_| values[rng.below(n)]).sum::<f64>() / n as f64)
        .collect()
}

/// The percentile bootstrap interval of the mean at `level` (e.g. 0.95): the `(1−level)/2` and
/// `(1+level)/2` quantiles of [`bootstrap_means`]. `None` without values or resamples.
pub fn bootstrap_interval(
    values: &[f64],
    resamples: usize,
    seed: u64,
    level: f64,
) -> Option<Interval> {
    let mut means = bootstrap_means(values, resamples, seed);
    if means.is_empty() {
        return None;
    }
    means.sort_by(f64::total_cmp);
    let tail = (1.0 - level) / 2.0;
    Some(Interval {
        low: quantile_sorted(&means, tail),
        high: quantile_sorted(&means, 1.0 - tail),
    })
}

/// How a randomization p-value was computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PermutationMethod {
    /// Every one of the `2^n` sign patterns.
    Exact,
    /// Random sign patterns (the p-value is `(1 + hits) / (1 + draws)`).
    MonteCarlo,
}

/// A two-sided paired randomization test.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct SignFlip {
    /// The p-value.
    pub p: f64,
    /// How it was computed.
    pub method: PermutationMethod,
    /// The sign patterns used (`2^n` when exact).
    pub patterns: u64,
}

/// Relative slack when comparing a permuted statistic with the observed one, so that sums of
/// the same terms in another order count as equal.
const TIE_SLACK: f64 = 1e-12;

/// The two-sided paired sign-flip (randomization) test of "the mean difference is 0": under
/// the null each difference is as likely negative as positive, so the p-value is the share of
/// sign patterns whose |sum| is at least the observed |sum|.
///
/// Exact (all `2^n` patterns, the identity included) when `2^n ≤ permutations`; otherwise
/// `permutations` random patterns from `seed`, with p = (1 + hits) / (1 + permutations).
/// With no differences, p is 1.
pub fn sign_flip_test(diffs: &[f64], permutations: usize, seed: u64) -> SignFlip {
    let n = diffs.len();
    let observed: f64 = diffs.iter().sum::<f64>().abs();
    let limit = observed * (1.0 - TIE_SLACK) - f64::EPSILON;
    if n < 63 && (1u64 << n) <= permutations as u64 {
        let patterns = 1u64 << n;
        let hits = (0..patterns)
            .filter(|&mask| {
                let s: f64 = diffs
                    .iter()
                    .enumerate()
                    .map(|(i, d)| if mask >> i & 1 == 1 { -d } else { *d })
                    .sum();
                s.abs() >= limit
            })
            .count();
        return SignFlip {
            p: hits as f64 / patterns as f64,
            method: PermutationMethod::Exact,
            patterns,
        };
    }
    let mut rng = Rng::for_stream(seed, SIGN_FLIP_STREAM);
    let mut hits = 0usize;
    for _ in 0..permutations {
        let mut s = 0.0;
        let mut bits = 0u64;
        for (i, d) in diffs.iter().enumerate() {
            if i % 64 == 0 {
                bits = rng.next_u64();
            }
            s += if bits >> (i % 64) & 1 == 1 { -d } else { *d };
        }
        if s.abs() >= limit {
            hits += 1;
        }
    }
    SignFlip {
        p: (1 + hits) as f64 / (1 + permutations) as f64,
        method: PermutationMethod::MonteCarlo,
        patterns: permutations as u64,
    }
}

/// Holm's step-down adjustment of p-values for multiple comparisons (family-wise error),
/// in the order given: the i-th smallest p is multiplied by `m − i` (0-based), running
/// maxima keep the order, and values are capped at 1.
pub fn holm(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]).then(a.cmp(&b)));
    let mut adjusted = vec![0.0; m];
    let mut running: f64 = 0.0;
    for (i, &j) in order.iter().enumerate() {
        running = running.max(((m - i) as f64 * p[j]).min(1.0));
        adjusted[j] = running;
    }
    adjusted
}

/// Kendall's tau-b of two paired samples, with ties in either (as `scipy.stats.kendalltau`
/// computes it): `(concordant − discordant) / sqrt((n0 − ties_x)(n0 − ties_y))` over all
/// pairs. `None` when the lengths differ, there are fewer than 2 values, or either sample
/// is constant.
pub fn kendall_tau_b(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len();
    if n != y.len() || n < 2 {
        return None;
    }
    let (mut concordant, mut discordant, mut tied_x, mut tied_y) = (0i64, 0i64, 0i64, 0i64);
    for i in 0..n {
        for j in i + 1..n {
            let dx = x[i].partial_cmp(&x[j]).unwrap_or(Ordering::Equal);
            let dy = y[i].partial_cmp(&y[j]).unwrap_or(Ordering::Equal);
            match (dx, dy) {
                (Ordering::Equal, Ordering::Equal) => {
                    tied_x += 1;
                    tied_y += 1;
                }
                (Ordering::Equal, _) => tied_x += 1,
                (_, Ordering::Equal) => tied_y += 1,
                _ if dx == dy => concordant += 1,
                _ => discordant += 1,
            }
        }
    }
    let pairs = (n * (n - 1) / 2) as i64;
    let denominator = (((pairs - tied_x) as f64) * ((pairs - tied_y) as f64)).sqrt();
    (denominator > 0.0).then(|| (concordant - discordant) as f64 / denominator)
}

/// The indices of the `k` highest scores (all when fewer), ties by index: the order the
/// ranking metrics use.
pub fn top_k(scores: &[f64], k: usize) -> Vec<usize> {
    let mut order = ranking(scores);
    order.truncate(k);
    order
}

/// The share of the top `k` of `a` that is also in the top `k` of `b`, with `k` capped at
/// the number of items (1 for no items).
pub fn top_k_overlap(a: &[f64], b: &[f64], k: usize) -> f64 {
    let k = k.min(a.len()).min(b.len());
    if k == 0 {
        return 1.0;
    }
    let mut in_a = vec![false; a.len()];
    for i in top_k(a, k) {
        in_a[i] = true;
    }
    top_k(b, k).into_iter().filter(|&i| in_a[i]).count() as f64 / k as f64
}

/// Wins, ties and losses of one series against another, value by value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Record {
    /// Values where the first series is higher.
    pub wins: usize,
    /// Values that are equal (within 1e-12).
    pub ties: usize,
    /// Values where the first series is lower.
    pub losses: usize,
}

/// Wins, ties and losses of `a` against `b` (pairs compared in order).
pub fn record(a: &[f64], b: &[f64]) -> Record {
    let mut r = Record::default();
    for (x, y) in a.iter().zip(b) {
        if (x - y).abs() <= 1e-12 {
            r.ties += 1;
        } else if x > y {
            r.wins += 1;
        } else {
            r.losses += 1;
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The exact p-value by brute force over sign vectors written out as ±1 lists.
    fn brute_force_p(diffs: &[f64]) -> f64 {
        let n = diffs.len();
        let observed = diffs.iter().sum::<f64>().abs();
        let mut hits = 0;
        let mut signs = vec![1.0; n];
        let total = 1usize << n;
        for _ in 0..total {
            let s: f64 = diffs.iter().zip(&signs).map(|(d, s)| d * s).sum();
            if s.abs() >= observed - 1e-9 {
                hits += 1;
            }
            // Next sign vector, as a binary counter over +1/−1.
            for s in signs.iter_mut() {
                if *s > 0.0 {
                    *s = -1.0;
                    break;
                }
                *s = 1.0;
            }
        }
        hits as f64 / total as f64
    }

    #[test]
    fn randomization_test_is_exact_enumeration_on_small_cases() {
        let cases: [&[f64]; 5] = [
            &[0.1, 0.2, 0.3],
            &[0.5, -0.1, 0.2, 0.0, 0.3],
            &[1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
            &[0.01, -0.02, 0.03, -0.04, 0.05, 0.06, -0.07, 0.08],
            &[0.0, 0.0],
        ];
        for diffs in cases {
            let t = sign_flip_test(diffs, 10_000, 7);
            assert_eq!(t.method, PermutationMethod::Exact);
            assert_eq!(t.patterns, 1 << diffs.len());
            assert!((t.p - brute_force_p(diffs)).abs() < 1e-15, "{diffs:?}");
        }
        // All positive: only the identity and the full flip reach |sum|.
        let t = sign_flip_test(&[1.0; 6], 64, 0);
        assert_eq!(t.p, 2.0 / 64.0);
    }

    #[test]
    fn randomization_monte_carlo_approaches_the_exact_value() {
        let diffs = [
            0.01, -0.02, 0.03, -0.04, 0.05, 0.06, -0.07, 0.08, 0.02, 0.04, 0.05, 0.01,
        ];
        let exact = sign_flip_test(&diffs, 1 << 12, 0);
        assert_eq!(exact.method, PermutationMethod::Exact);
        let sampled = sign_flip_test(&diffs, 4000, 3);
        assert_eq!(sampled.method, PermutationMethod::MonteCarlo);
        // 4 standard errors of a proportion near the exact p.
        let se = (exact.p * (1.0 - exact.p) / 4000.0).sqrt();
        assert!(
            (sampled.p - exact.p).abs() < 4.0 * se + 1e-3,
            "{sampled:?} vs {exact:?}"
        );
        assert_eq!(sign_flip_test(&diffs, 4000, 3), sampled, "seeded");
    }

    #[test]
    fn holm_adjusts_step_down_with_running_maxima() {
        let adjusted = holm(&[0.01, 0.04, 0.03, 0.005]);
        let expected = [0.03, 0.06, 0.06, 0.02];
        for (a, e) in adjusted.iter().zip(expected) {
            assert!((a - e).abs() < 1e-15, "{adjusted:?}");
        }
        assert_eq!(holm(&[0.6, 0.9]), [1.0, 1.0]);
        assert!(holm(&[]).is_empty());
    }

    #[test]
    fn kendall_tau_b_counts_ties_on_both_sides() {
        assert_eq!(kendall_tau_b(&[1.0, 2.0, 3.0], &[1.0, 2.0, 3.0]), Some(1.0));
        assert_eq!(
            kendall_tau_b(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]),
            Some(-1.0)
        );
        assert_eq!(kendall_tau_b(&[1.0, 1.0], &[1.0, 2.0]), None);
        // scipy.stats.kendalltau([1, 2, 2, 3], [1, 3, 2, 2]).statistic = 0.4
        let t = kendall_tau_b(&[1.0, 2.0, 2.0, 3.0], &[1.0, 3.0, 2.0, 2.0]).unwrap();
        assert!((t - 0.4).abs() < 1e-12, "{t}");
    }

    #[test]
    fn top_k_overlap_and_records() {
        assert_eq!(top_k(&[0.1, 0.9, 0.5, 0.9], 2), [1, 3]);
        assert_eq!(top_k_overlap(&[3.0, 2.0, 1.0], &[1.0, 2.0, 3.0], 2), 0.5);
        assert_eq!(top_k_overlap(&[3.0, 2.0], &[3.0, 2.0], 10), 1.0);
        let r = record(&[0.5, 0.5, 0.2], &[0.4, 0.5, 0.3]);
        assert_eq!((r.wins, r.ties, r.losses), (1, 1, 1));
    }

    #[test]
    fn bootstrap_is_paired_seeded_and_brackets_the_mean() {
        let values = [0.2, 0.4, 0.6, 0.8, 1.0];
        let ci = bootstrap_interval(&values, 2000, 1, 0.95).unwrap();
        assert!(ci.low < 0.6 && 0.6 < ci.high, "{ci:?}");
        assert_eq!(bootstrap_interval(&values, 2000, 1, 0.95), Some(ci));
        // Same seed, same resampled positions: shifting every value shifts every mean.
        let shifted: Vec<f64> = values.iter().map(|v| v + 1.0).collect();
        let a = bootstrap_means(&values, 50, 9);
        let b = bootstrap_means(&shifted, 50, 9);
        for (x, y) in a.iter().zip(&b) {
            assert!((y - x - 1.0).abs() < 1e-12);
        }
        assert_eq!(quantile_sorted(&[1.0, 2.0, 3.0, 4.0], 0.5), 2.5);
        assert!(bootstrap_interval(&[], 10, 0, 0.95).is_none());
    }
}
