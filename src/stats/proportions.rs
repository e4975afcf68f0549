//! Statistics of counts: Wilson score intervals for a proportion and Fisher's exact test of a
//! 2×2 table, so that a rate measured on a small group is shown with its uncertainty.

use super::Interval;

/// The standard normal quantile of 97.5 %: a two-sided 95 % interval.
pub const Z_95: f64 = 1.959_963_984_540_054;

/// The Wilson score interval of a proportion `successes / n` at normal quantile `z`
/// ([`Z_95`] for 95 %). Unlike the normal approximation it stays inside [0, 1] and is not
/// degenerate at 0 or `n` successes. `None` when `n` is 0.
///
/// # Panics
/// If `successes > n`.
pub fn wilson_interval(successes: usize, n: usize, z: f64) -> Option<Interval> {
    assert!(successes <= n, "{successes} successes out of {n}");
    if n == 0 {
        return None;
    }
    let (all, n, p) = (n, n as f64, successes as f64 / n as f64);
    let z2 = z * z;
    let denominator = 1.0 + z2 / n;
    let center = (p + z2 / (2.0 * n)) / denominator;
    let half = z / denominator * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    // At 0 or n successes the bound is exactly 0 or 1 (rounding would leave ±1e-17).
    Some(Interval {
        low: if successes == 0 {
            0.0
        } else {
            (center - half).max(0.0)
        },
        high: if successes == all {
            1.0
        } else {
            (center + half).min(1.0)
        },
    })
}

/// A 2×2 table of counts: `[[a, b], [c, d]]`, rows a group and the rest, columns
/// "selected" and "not selected".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Table2 {
    /// Row 1, column 1.
    pub a: usize,
    /// Row 1, column 2.
    pub b: usize,
    /// Row 2, column 1.
    pub c: usize,
    /// Row 2, column 2.
    pub d: usize,
}

/// The two-sided p-value of Fisher's exact test of a 2×2 table: the probability, with the
/// margins fixed, of a table at most as likely as the one observed (the convention of R's
/// `fisher.test` and SciPy's `fisher_exact`, with the same relative tolerance of 1e-7).
///
/// Exact for any size: probabilities come from log-factorials, and only the two tails are
/// summed (found by bisection on the unimodal distribution), so a pool of millions costs
/// microseconds.
pub fn fisher_exact(table: Table2) -> f64 {
    let Table2 { a, b, c, d } = table;
    let (row, col, total) = (a + b, a + c, a + b + c + d);
    let lo = (row + col).saturating_sub(total);
    let hi = row.min(col);
    if lo == hi {
        return 1.0;
    }
    let log_p =
        |x: usize| ln_choose(col, x) + ln_choose(total - col, row - x) - ln_choose(total, row);
    let threshold = log_p(a) + (1e-7f64).ln_1p();
    // The distribution rises to its mode, then falls.
    let mode = (((row + 1) as f64 * (col + 1) as f64) / (total + 2) as f64).floor() as usize;
    let mode = mode.clamp(lo, hi);
    let mut sum = 0.0;
    // Left tail: the largest x ≤ mode with log_p(x) ≤ threshold, then every x below it.
    if log_p(lo) <= threshold {
        let last = partition_point(lo, mode, |x| log_p(x) <= threshold) - 1;
        sum += tail(last, |x| x.checked_sub(1).filter(|&x| x >= lo), log_p);
    }
    // Right tail: the smallest x ≥ mode with log_p(x) ≤ threshold, then every x above it.
    if log_p(hi) <= threshold {
        let first = partition_point(mode, hi + 1, |x| log_p(x) > threshold);
        if first <= hi {
            sum += tail(first, |x| (x < hi).then_some(x + 1), log_p);
        }
    }
    sum.min(1.0)
}

/// Sums `exp(log_p)` from `start` outwards (`next`) while the terms still count.
fn tail(start: usize, next: impl Fn(usize) -> Option<usize>, log_p: impl Fn(usize) -> f64) -> f64 {
    let mut sum = 0.0;
    let mut x = Some(start);
    while let Some(at) = x {
        let term = log_p(at).exp();
        sum += term;
        if term <= sum * 1e-17 {
            break;
        }
        x = next(at);
    }
    sum
}

/// The first `x` in `[lo, hi)` for which `pred` is false (`pred` true then false), or `hi`.
fn partition_point(mut lo: usize, mut hi: usize, pred: impl Fn(usize) -> bool) -> usize {
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// `ln C(n, k)`.
fn ln_choose(n: usize, k: usize) -> f64 {
    ln_factorial(n) - ln_factorial(k) - ln_factorial(n - k)
}

/// `ln n!`: summed exactly below 256, Stirling's series (to the `n⁻⁵` term, error under
/// 1e-19) above.
fn ln_factorial(n: usize) -> f64 {
    if n < 256 {
        return (2..=n).map(|i| (i as f64).ln()).sum();
    }
    let x = n as f64;
    let (x2, x3) = (x * x, x * x * x);
    x * x.ln() - x + 0.5 * (2.0 * std::f64::consts::PI * x).ln() + 1.0 / (12.0 * x)
        - 1.0 / (360.0 * x3)
        + 1.0 / (1260.0 * x3 * x2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(a: usize, b: usize, c: usize, d: usize) -> Table2 {
        Table2 { a, b, c, d }
    }

    /// The p-value summed term by term over the whole support, with exact binomials.
    fn brute_force(t: Table2) -> f64 {
        let choose = |n: usize, k: usize| -> f64 {
            (0..k).fold(1.0, |acc, i| acc * (n - i) as f64 / (i + 1) as f64)
        };
        let (row, col, total) = (t.a + t.b, t.a + t.c, t.a + t.b + t.c + t.d);
        let p = |x: usize| choose(col, x) * choose(total - col, row - x) / choose(total, row);
        let observed = p(t.a);
        let lo = (row + col).saturating_sub(total);
        (lo..=row.min(col))
            .map(p)
            .filter(|&q| q <= observed * (1.0 + 1e-7))
            .sum::<f64>()
            .min(1.0)
    }

    #[test]
    fn fisher_matches_reference_values() {
        // Values printed by SciPy 1.x `fisher_exact(...).pvalue`.
        let cases = [
            (table(8, 2, 1, 5), 0.034965034965034975),
            (table(3, 1, 1, 3), 0.48571428571428565),
            (table(10, 40, 20, 29), 0.029744691590235725),
            (table(150, 850, 300, 1700), 1.0),
            (table(5000, 45000, 5600, 44400), 7.522576218105391e-10),
            (table(0, 5, 10, 0), 0.000333000333000333),
            (table(1, 0, 0, 0), 1.0),
        ];
        for (t, expected) in cases {
            let p = fisher_exact(t);
            assert!(
                (p - expected).abs() <= 1e-9 * expected.max(1e-300) + 1e-15,
                "{t:?}: {p} vs {expected}"
            );
        }
    }

    #[test]
    fn fisher_equals_the_sum_over_the_support_on_small_tables() {
        for a in 0..7 {
            for b in 0..6 {
                for c in 0..6 {
                    for d in 0..7 {
                        let t = table(a, b, c, d);
                        let (p, q) = (fisher_exact(t), brute_force(t));
                        assert!((p - q).abs() < 1e-12, "{t:?}: {p} vs {q}");
                    }
                }
            }
        }
    }

    #[test]
    fn fisher_is_fast_and_sane_on_a_million() {
        let p = fisher_exact(table(1000, 499_000, 1500, 498_500));
        assert!(p > 0.0 && p < 1e-20, "{p}");
        let same = fisher_exact(table(1000, 499_000, 1000, 499_000));
        assert!((same - 1.0).abs() < 1e-9, "{same}");
    }

    #[test]
    fn wilson_matches_reference_values_and_stays_in_range() {
        // SciPy: binomtest(3, 10).proportion_ci(method='wilson').
        let i = wilson_interval(3, 10, Z_95).unwrap();
        assert!((i.low - 0.10779126740630102).abs() < 1e-12, "{i:?}");
        assert!((i.high - 0.6032218525388546).abs() < 1e-12, "{i:?}");
        let zero = wilson_interval(0, 10, Z_95).unwrap();
        assert_eq!(zero.low, 0.0);
        assert!((zero.high - 0.277_532).abs() < 1e-5, "{zero:?}");
        let all = wilson_interval(10, 10, Z_95).unwrap();
        assert_eq!(all.high, 1.0);
        assert!(wilson_interval(0, 0, Z_95).is_none());
    }

    #[test]
    fn stirling_joins_the_exact_sum() {
        let exact: f64 = (2..=300).map(|i| (i as f64).ln()).sum();
        assert!((ln_factorial(300) - exact).abs() < 1e-9);
    }
}
