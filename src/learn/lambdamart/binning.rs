//! Features binned once for histogram split search.

use ndarray::ArrayView2;
use rayon::prelude::*;

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
}

impl BinnedFeatures {
    pub(super) fn new(x: ArrayView2<'_, f64>, max_bin: usize) -> Self {
        let per_feature: Vec<Option<(Vec<f64>, Vec<u8>)>> = (0..x.ncols())
            .into_par_iter()
            .map(|c| {
                let column = x.column(c);
                let upper = bin_bounds(column.iter().copied().collect(), max_bin);
                if upper.is_empty() {
                    return None;
                }
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
        };
        for (c, f) in per_feature.into_iter().enumerate() {
            if let Some((upper, bins)) = f {
                out.columns.push(c);
                out.offsets.push(out.total_bins);
                out.total_bins += upper.len() + 1;
                out.upper.push(upper);
                out.bins.push(bins);
            }
        }
        out
    }

    pub(super) fn n_bins(&self, f: usize) -> usize {
        self.upper[f].len() + 1
    }
}

/// Bin upper bounds (midpoints between distinct values) for one feature:
/// one bin per distinct value when at most `max_bin`, otherwise
/// equal-frequency bins. Empty when the feature is constant.
fn bin_bounds(mut values: Vec<f64>, max_bin: usize) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    let mut distinct: Vec<(f64, usize)> = Vec::new();
    for v in values.iter().copied() {
        match distinct.last_mut() {
            Some((last, count)) if *last == v => *count += 1,
            _ => distinct.push((v, 1)),
        }
    }
    let midpoint = |a: f64, b: f64| {
        let m = a + (b - a) / 2.0;
        if m < b {
            m
        } else {
            a
        }
    };
    if distinct.len() <= max_bin {
        return distinct
            .windows(2)
            .map(|w| midpoint(w[0].0, w[1].0))
            .collect();
    }
    let per_bin = values.len() as f64 / max_bin as f64;
    let mut upper = Vec::with_capacity(max_bin - 1);
    let mut in_bin = 0usize;
    for (i, w) in distinct.windows(2).enumerate() {
        in_bin += w[0].1;
        let remaining_values = distinct.len() - i - 1;
        let remaining_bins = max_bin - 1 - upper.len();
        if upper.len() + 1 < max_bin
            && (in_bin as f64 >= per_bin || remaining_values <= remaining_bins)
        {
            upper.push(midpoint(w[0].0, w[1].0));
            in_bin = 0;
        }
    }
    upper
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn binning_caps_bins_and_drops_constant_features() {
        let values: Vec<f64> = (0..1000).map(|i| (i % 500) as f64).collect();
        let upper = bin_bounds(values, 255);
        assert_eq!(upper.len(), 254);
        assert!(upper.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(bin_bounds(vec![1.0, 0.0, 1.0], 255), vec![0.5]);
        assert!(bin_bounds(vec![2.0; 5], 255).is_empty());
        let x = array![[1.0, 0.0], [1.0, 1.0]];
        assert_eq!(BinnedFeatures::new(x.view(), 255).columns, vec![1]);
    }
}
