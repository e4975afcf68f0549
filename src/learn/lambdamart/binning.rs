//! Features binned once for histogram split search, where LightGBM puts its bins.
//!
//! Bin boundaries follow LightGBM's `BinMapper::FindBin` for numerical features without
//! missing values: values are counted on a sample of at most [`SAMPLE_ROWS`] rows; zero is a
//! bin of its own (`FindBinWithZeroAsOneBin`), with the negative and positive values binned
//! apart by `GreedyFindBin` (one bin per distinct value while they are few, at least
//! [`MIN_DATA_IN_BIN`] sampled rows per bin, big values alone, equal-frequency bins
//! otherwise); and a feature on which no split could leave `min_data_in_leaf` rows on both
//! sides is dropped (`feature_pre_filter`).
//!
//! The learner sees standardized values, so "zero" is where a raw zero lands: each feature is
//! binned on its values minus that point. A boundary is a gap between two neighbouring
//! distinct values; its threshold is their midpoint in standardized units, except beside zero,
//! where (as LightGBM's ±1e-35) it puts every other value on the far side of zero.

use ndarray::ArrayView2;
use rayon::prelude::*;

use crate::learn::rng::Rng;
use crate::learn::Scaling;

/// LightGBM's `bin_construct_sample_cnt`: bins are found on at most this many rows.
pub(super) const SAMPLE_ROWS: usize = 200_000;
/// LightGBM's `min_data_in_bin`: the fewest sampled rows in a bin (while values are many).
pub(super) const MIN_DATA_IN_BIN: usize = 3;
/// LightGBM's `kZeroThreshold`: values this close to zero count as zero.
const ZERO_THRESHOLD: f64 = 1e-35;

/// Features mapped to histogram bins; only features with at least two bins
/// are kept.
pub(super) struct BinnedFeatures {
    /// Original column of each kept feature.
    pub(super) columns: Vec<usize>,
    /// Upper bound of every bin but the last, per kept feature: a value `v`
    /// falls in the first bin `b` with `v <= upper[b]`.
    pub(super) upper: Vec<Vec<f64>>,
    /// Bin of every row, per kept feature (column-major).
    pub(super) bins: Vec<Vec<u8>>,
    /// Offset of each kept feature's bins in a histogram.
    pub(super) offsets: Vec<usize>,
    /// Total bins over kept features.
    pub(super) total_bins: usize,
    /// Per kept feature, the bin most rows fall in.
    pub(super) most_frequent: Vec<u8>,
    /// For sparse data, every row's cells outside their feature's most frequent bin, as
    /// histogram indices (row `r`'s are `cells[row_start[r]..row_start[r + 1]]`): histograms
    /// add those and get the most frequent bins by subtraction, as LightGBM does.
    pub(super) sparse: Option<SparseRows>,
}

/// Rows as lists of histogram indices (compressed sparse rows).
pub(super) struct SparseRows {
    pub(super) row_start: Vec<usize>,
    pub(super) cells: Vec<u32>,
}

/// Rows are kept sparse when at most this share of cells is outside the most frequent bins.
const SPARSE_SHARE: f64 = 0.5;

/// How to bin: LightGBM's parameters of `FindBin`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Binning {
    /// At most this many bins per feature (2..=256).
    pub(super) max_bin: usize,
    /// Drop a feature on which no split leaves this many rows on both sides.
    pub(super) min_data_in_leaf: usize,
    /// Seed of the row sample (used when there are more than [`SAMPLE_ROWS`] rows).
    pub(super) seed: u64,
}

impl BinnedFeatures {
    /// Bins every column of `x`, standardized with `scaling`.
    pub(super) fn new(x: ArrayView2<'_, f64>, scaling: &Scaling, binning: Binning) -> Self {
        let zero = scaling.zero_point();
        let n = x.nrows();
        let mut sample: Vec<usize> = (0..n).collect();
        Rng::new(binning.seed).sample_in_place(&mut sample, SAMPLE_ROWS);
        sample.sort_unstable();
        // LightGBM scales the pre-filter's row count to the sample.
        let filter = (binning.min_data_in_leaf * sample.len()) / n.max(1);
        let per_feature: Vec<Option<(Vec<f64>, Vec<u8>)>> = (0..x.ncols())
            .into_par_iter()
            .map(|c| {
                let column = x.column(c);
                let values = sample.iter().map(|&r| column[r]).collect();
                let units = Units {
                    zero: zero[c],
                    std: scaling.std[c],
                };
                let upper = bin_bounds(values, units, binning.max_bin, filter)?;
                let bins = column
                    .iter()
                    .map(|&v| upper.partition_point(|&u| v > u) as u8)
                    .collect();
                Some((upper, bins))
            })
            .collect();
        let mut out = BinnedFeatures {
            columns: Vec::new(),
            upper: Vec::new(),
            bins: Vec::new(),
            offsets: Vec::new(),
            total_bins: 0,
            most_frequent: Vec::new(),
            sparse: None,
        };
        for (c, f) in per_feature.into_iter().enumerate() {
            if let Some((upper, bins)) = f {
                let mut counts = vec![0usize; upper.len() + 1];
                for &b in &bins {
                    counts[b as usize] += 1;
                }
                let most = (0..counts.len())
                    .rev()
                    .max_by_key(|&b| counts[b])
                    .unwrap_or(0);
                out.columns.push(c);
                out.offsets.push(out.total_bins);
                out.total_bins += upper.len() + 1;
                out.upper.push(upper);
                out.bins.push(bins);
                out.most_frequent.push(most as u8);
            }
        }
        out.sparse = out.sparse_rows(n);
        out
    }

    /// The rows as [`SparseRows`] when few enough cells are outside the most frequent bins.
    fn sparse_rows(&self, n: usize) -> Option<SparseRows> {
        let outside: usize = (0..self.columns.len())
            .map(|f| {
                let most = self.most_frequent[f];
                self.bins[f].iter().filter(|&&b| b != most).count()
            })
            .sum();
        if outside as f64 > SPARSE_SHARE * (n * self.columns.len()) as f64 {
            return None;
        }
        let mut row_start = Vec::with_capacity(n + 1);
        let mut cells = Vec::with_capacity(outside);
        for r in 0..n {
            row_start.push(cells.len());
            for f in 0..self.columns.len() {
                let b = self.bins[f][r];
                if b != self.most_frequent[f] {
                    cells.push((self.offsets[f] + b as usize) as u32);
                }
            }
        }
        row_start.push(cells.len());
        Some(SparseRows { row_start, cells })
    }

    pub(super) fn n_bins(&self, f: usize) -> usize {
        self.upper[f].len() + 1
    }
}

/// Sampled values that are equal after the shift to zero, with the range they span.
#[derive(Clone, Copy, Debug)]
struct Distinct {
    /// The value minus the zero point.
    shifted: f64,
    count: usize,
    /// Smallest and largest value (standardized) in the group.
    lo: f64,
    hi: f64,
}

/// Where a feature's raw zero lands once standardized, and its raw units per standardized
/// unit.
#[derive(Clone, Copy, Debug)]
struct Units {
    zero: f64,
    std: f64,
}

impl Units {
    /// Whether standardized `a <= b` stand for raw values LightGBM counts as one (its
    /// `CheckDoubleEqualOrdered`: within rounding), judged on the raw values they stand for.
    fn same(self, a: f64, b: f64) -> bool {
        let raw = |z: f64| (z - self.zero) * self.std;
        let (ra, rb) = (raw(a), raw(b));
        rb - ra <= 4.0 * f64::EPSILON * ra.abs().max(rb.abs())
    }
}

/// Bin thresholds (standardized units, ascending) of one feature's sampled `values`, or
/// `None` when the feature has one bin or the pre-filter drops it.
fn bin_bounds(
    mut values: Vec<f64>,
    units: Units,
    max_bin: usize,
    filter: usize,
) -> Option<Vec<f64>> {
    let zero = units.zero;
    let total = values.len();
    values.sort_by(f64::total_cmp);
    let shift = |v: f64| {
        let s = v - zero;
        if s.abs() <= ZERO_THRESHOLD {
            0.0
        } else {
            s
        }
    };
    let zero_entry = |count| Distinct {
        shifted: 0.0,
        count,
        lo: zero,
        hi: zero,
    };
    let zero_count = values.iter().filter(|&&v| shift(v) == 0.0).count();
    let nonzero: Vec<f64> = values.into_iter().filter(|&v| shift(v) != 0.0).collect();
    // LightGBM's distinct list: zero goes in front of positive values, between negative and
    // positive ones (even when no row is zero), or after negative ones.
    let mut distinct: Vec<Distinct> = Vec::new();
    if nonzero.is_empty() || (shift(nonzero[0]) > 0.0 && zero_count > 0) {
        distinct.push(zero_entry(zero_count));
    }
    for &v in &nonzero {
        let s = shift(v);
        match distinct.last_mut() {
            Some(d) if d.shifted == s || (d.shifted * s > 0.0 && units.same(d.hi, v)) => {
                d.count += 1;
                d.hi = v;
            }
            last => {
                if last.is_some_and(|d| d.shifted < 0.0) && s > 0.0 {
                    distinct.push(zero_entry(zero_count));
                }
                distinct.push(Distinct {
                    shifted: s,
                    count: 1,
                    lo: v,
                    hi: v,
                });
            }
        }
    }
    if nonzero.last().is_some_and(|&v| shift(v) < 0.0) && zero_count > 0 {
        distinct.push(zero_entry(zero_count));
    }
    let counts: Vec<usize> = distinct.iter().map(|d| d.count).collect();
    let shifted: Vec<f64> = distinct.iter().map(|d| d.shifted).collect();
    let gaps = zero_as_one_bin(&shifted, &counts, max_bin, total);
    // Bins as LightGBM counts them; a boundary with no value above it holds nothing.
    let gaps: Vec<usize> = gaps
        .into_iter()
        .filter(|&g| g + 1 < distinct.len())
        .collect();
    if gaps.is_empty() || pre_filtered(&counts, &gaps, total, filter) {
        return None;
    }
    let threshold = |g: usize| {
        let (below, above) = (distinct[g], distinct[g + 1]);
        if below.shifted == 0.0 {
            // LightGBM's +kZeroThreshold: zero goes left, every positive value right.
            zero
        } else if above.shifted == 0.0 {
            // −kZeroThreshold: every negative value goes left, zero right.
            next_down(zero)
        } else {
            midpoint(below.hi, above.lo)
        }
    };
    Some(gaps.into_iter().map(threshold).collect())
}

/// The largest number below finite `x` (`f64::next_down`, newer than this crate's MSRV).
fn next_down(x: f64) -> f64 {
    if x == 0.0 {
        -f64::from_bits(1)
    } else if x > 0.0 {
        f64::from_bits(x.to_bits() - 1)
    } else {
        f64::from_bits(x.to_bits() + 1)
    }
}

/// A number between `a < b`, at or above `a` and below `b`.
fn midpoint(a: f64, b: f64) -> f64 {
    let m = a + (b - a) / 2.0;
    if m < b {
        m
    } else {
        a
    }
}

/// LightGBM's `NeedFilter` for a numerical feature: whether no boundary leaves `filter`
/// sampled rows on both sides.
fn pre_filtered(counts: &[usize], gaps: &[usize], total: usize, filter: usize) -> bool {
    let mut below = 0;
    let mut next = 0;
    for &g in gaps {
        below += counts[next..=g].iter().sum::<usize>();
        next = g + 1;
        if below >= filter && total - below >= filter {
            return false;
        }
    }
    true
}

/// LightGBM's `FindBinWithZeroAsOneBin`: the gaps (after distinct value `i`) that bound bins,
/// ascending; `i + 1` may equal `distinct.len()` for a boundary with nothing above it. The
/// values are sorted, shifted so that zero is the zero point, and zero (if present) is one
/// entry.
fn zero_as_one_bin(values: &[f64], counts: &[usize], max_bin: usize, total: usize) -> Vec<usize> {
    let n = values.len();
    let negative_rows: usize = (0..n).filter(|&i| values[i] < 0.0).map(|i| counts[i]).sum();
    let positive_rows: usize = (0..n).filter(|&i| values[i] > 0.0).map(|i| counts[i]).sum();
    let zero_rows = total - negative_rows - positive_rows;
    let n_negative = values.iter().take_while(|&&v| v < 0.0).count();
    // LightGBM counts bounds including the last, infinite one; `bounds` does too.
    let mut gaps = Vec::new();
    let mut bounds = 0;
    if n_negative > 0 && max_bin > 1 {
        let share = negative_rows as f64 / (total - zero_rows) as f64;
        let left_max_bin = ((share * (max_bin - 1) as f64) as usize).max(1);
        let (left, _) = greedy_find_bin(
            &counts[..n_negative],
            left_max_bin,
            negative_rows,
            MIN_DATA_IN_BIN,
        );
        bounds = left.len() + 1;
        gaps = left;
        // The last, infinite bound becomes −kZeroThreshold: between the negatives and zero.
        gaps.push(n_negative - 1);
    }
    let right_start = (n_negative..n).find(|&i| values[i] > 0.0);
    let right_max_bin = (max_bin - 1).saturating_sub(bounds);
    if let (Some(start), true) = (right_start, right_max_bin > 0) {
        // +kZeroThreshold: between zero and the positives (nothing when zero is absent).
        if start > 0 {
            gaps.push(start - 1);
        }
        let (right, _) = greedy_find_bin(
            &counts[start..],
            right_max_bin,
            positive_rows,
            MIN_DATA_IN_BIN,
        );
        gaps.extend(right.into_iter().map(|g| g + start));
    }
    gaps.sort_unstable();
    gaps.dedup();
    gaps
}

/// LightGBM's `GreedyFindBin` over distinct values with `counts` (ascending values): the gaps
/// (after value `i`) that bound bins, ascending, and the number of bins. Works on counts alone:
/// a boundary always falls midway between two neighbouring values.
fn greedy_find_bin(
    counts: &[usize],
    max_bin: usize,
    total: usize,
    min_data_in_bin: usize,
) -> (Vec<usize>, usize) {
    let n = counts.len();
    let mut gaps = Vec::new();
    if n <= max_bin {
        let mut in_bin = 0;
        for (i, &c) in counts.iter().enumerate().take(n.saturating_sub(1)) {
            in_bin += c;
            if in_bin >= min_data_in_bin {
                gaps.push(i);
                in_bin = 0;
            }
        }
        let bins = gaps.len() + 1;
        return (gaps, bins);
    }
    let max_bin = match total.checked_div(min_data_in_bin) {
        Some(most) => max_bin.min(most).max(1),
        None => max_bin,
    };
    let mut mean_bin_size = total as f64 / max_bin as f64;
    let mut rest_bins = max_bin as i64;
    let mut rest_rows = total as i64;
    let big: Vec<bool> = counts.iter().map(|&c| c as f64 >= mean_bin_size).collect();
    for (&c, &b) in counts.iter().zip(&big) {
        if b {
            rest_bins -= 1;
            rest_rows -= c as i64;
        }
    }
    mean_bin_size = rest_rows as f64 / rest_bins as f64;
    let mut bins = 0;
    let mut in_bin = 0usize;
    for i in 0..n - 1 {
        if !big[i] {
            rest_rows -= counts[i] as i64;
        }
        in_bin += counts[i];
        if big[i]
            || in_bin as f64 >= mean_bin_size
            || (big[i + 1] && in_bin as f64 >= (mean_bin_size * 0.5).max(1.0))
        {
            gaps.push(i);
            bins += 1;
            if bins >= max_bin - 1 {
                break;
            }
            in_bin = 0;
            if !big[i] {
                rest_bins -= 1;
                mean_bin_size = rest_rows as f64 / rest_bins as f64;
            }
        }
    }
    (gaps, bins + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    const RAW: Units = Units {
        zero: 0.0,
        std: 1.0,
    };

    #[test]
    fn values_within_rounding_are_one_value() {
        // 0.1 + 0.2 and 0.3 differ in the last bit: one value, as in LightGBM.
        let v = [0.1 + 0.2, 0.3, 0.3, 0.5, 0.5, 0.5];
        assert_eq!(bounds(&v, 255), Some(vec![0.4]));
        // Standardized values judge closeness on the raw values behind them.
        let units = Units {
            zero: -3.0,
            std: 0.1,
        };
        let z = |x: f64| (x - 0.3) / 0.1;
        let shifted = vec![z(0.1 + 0.2), z(0.3), z(0.3), z(0.5), z(0.5), z(0.5)];
        assert_eq!(bin_bounds(shifted, units, 255, 0).map(|b| b.len()), Some(1));
    }

    fn bounds(values: &[f64], max_bin: usize) -> Option<Vec<f64>> {
        bin_bounds(values.to_vec(), RAW, max_bin, 0)
    }

    #[test]
    fn few_values_get_a_bin_each_once_bins_hold_three_rows() {
        // Three rows at least per bin: 1,1,1 | 2,2,2 | 3.
        let v = [1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 3.0];
        assert_eq!(bounds(&v, 255), Some(vec![1.5, 2.5]));
        // Fewer than three rows: merged with the next value.
        let v = [1.0, 2.0, 3.0, 4.0, 4.0, 4.0];
        assert_eq!(bounds(&v, 255), Some(vec![3.5]));
        assert_eq!(bounds(&[2.0; 5], 255), None);
    }

    #[test]
    fn zero_is_a_bin_of_its_own() {
        // Zero with one row still bounds both sides: negatives | 0 | positives.
        let v = [-2.0, -2.0, -2.0, 0.0, 5.0, 5.0, 5.0, 6.0, 6.0, 6.0];
        let below_zero = next_down(0.0);
        assert!(below_zero < 0.0 && next_down(1.0) < 1.0 && next_down(-1.0) < -1.0);
        assert_eq!(bounds(&v, 255), Some(vec![below_zero, 0.0, 5.5]));
        // Without any zero row, zero still sits between the signs, an empty bin.
        let v = [-3.0, -3.0, -3.0, 4.0, 4.0, 4.0];
        assert_eq!(bounds(&v, 255), Some(vec![below_zero, 0.0]));
        // The zero point is where a raw zero lands.
        let shifted: Vec<f64> = [0.0, 0.0, 0.0, 1.0, 1.0, 1.0]
            .iter()
            .map(|v| v - 0.25)
            .collect();
        let units = Units {
            zero: -0.25,
            std: 1.0,
        };
        assert_eq!(bin_bounds(shifted, units, 255, 0), Some(vec![-0.25]));
    }

    #[test]
    fn many_values_get_equal_frequency_bins_and_big_values_alone() {
        let mut v: Vec<f64> = (0..1000).map(|i| (i % 500 + 1) as f64).collect();
        v.extend([7.0; 300]);
        let upper = bounds(&v, 16).unwrap();
        assert!(upper.len() <= 15, "{upper:?}");
        assert!(upper.windows(2).all(|w| w[0] < w[1]));
        // 7 holds 302 of 1,300 rows: a bin ends right after it.
        assert!(upper.contains(&7.5), "{upper:?}");
        // No other bin is more than twice the mean size.
        let mut sorted = v.clone();
        sorted.sort_by(f64::total_cmp);
        let mut start = 0;
        for u in upper.iter().chain([&f64::INFINITY]) {
            let end = sorted.partition_point(|x| x <= u);
            let size = end - start;
            assert!(*u == 7.5 || size <= 2 * 1000 / 14, "{u}: {size}");
            start = end;
        }
    }

    #[test]
    fn the_pre_filter_drops_features_no_split_could_use() {
        let v = [0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0];
        assert!(bin_bounds(v.to_vec(), RAW, 255, 3).is_some());
        assert!(bin_bounds(v.to_vec(), RAW, 255, 4).is_none());
    }

    #[test]
    fn rows_fall_in_the_bins_of_their_values() {
        let x = array![
            [1.0, 0.0],
            [1.0, 1.0],
            [1.0, 1.0],
            [1.0, 1.0],
            [1.0, 0.0],
            [1.0, 0.0]
        ];
        let binning = Binning {
            max_bin: 255,
            min_data_in_leaf: 1,
            seed: 0,
        };
        let identity = Scaling {
            mean: vec![0.0; 2],
            std: vec![1.0; 2],
        };
        let b = BinnedFeatures::new(x.view(), &identity, binning);
        assert_eq!(b.columns, vec![1]);
        assert_eq!(b.bins[0], vec![0, 1, 1, 1, 0, 0]);
    }
}
