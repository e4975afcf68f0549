//! LightGBM's lookup table for the pairwise sigmoid of `lambdarank`.

use rayon::prelude::*;

/// Entries of the table (LightGBM's `_sigmoid_bins`).
const BINS: usize = 1 << 20;

/// `1 / (1 + exp(σ·s))` tabulated over `s ∈ [−25/σ, 25/σ)` as LightGBM's
/// `ConstructSigmoidTable` does, and looked up as its `GetSigmoid` does (the entry below `s`,
/// the end entries outside the range). Using the same table keeps training on the same
/// gradients, so the trees grow as LightGBM's do.
pub(super) struct SigmoidTable {
    table: Vec<f64>,
    min: f64,
    max: f64,
    factor: f64,
}

impl SigmoidTable {
    /// The table for steepness `sigma` (> 0).
    pub(super) fn new(sigma: f64) -> SigmoidTable {
        let min = -50.0 / sigma / 2.0;
        let max = -min;
        let factor = BINS as f64 / (max - min);
        // A million exponentials: in parallel (each entry alone, so the same table).
        let table = (0..BINS)
            .into_par_iter()
            .with_min_len(1 << 14)
            .map(|i| {
                let s = i as f64 / factor + min;
                1.0 / (1.0 + (s * sigma).exp())
            })
            .collect();
        SigmoidTable {
            table,
            min,
            max,
            factor,
        }
    }

    /// The tabulated `1 / (1 + exp(σ·s))`.
    pub(super) fn get(&self, s: f64) -> f64 {
        if s <= self.min {
            self.table[0]
        } else if s >= self.max {
            self.table[BINS - 1]
        } else {
            self.table[((s - self.min) * self.factor) as usize]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_the_sigmoid_to_its_bin_width() {
        for sigma in [0.5, 1.0, 2.0] {
            let t = SigmoidTable::new(sigma);
            for s in [-30.0, -3.2, -0.01, 0.0, 0.7, 4.0, 100.0] {
                let exact = 1.0 / (1.0 + (sigma * s).exp());
                // One bin is 50/σ/2^20 wide; the slope is at most σ/4.
                assert!((t.get(s) - exact).abs() < 2e-5, "{sigma} {s}");
            }
            // The entry below: never above the exact value (the sigmoid falls).
            assert!(t.get(0.3) >= 1.0 / (1.0 + (sigma * 0.3f64).exp()));
        }
    }
}
