//! Weighing every threshold of one feature in a leaf, as LightGBM's
//! `FindBestThresholdSequentially` does for a feature without missing values, in three
//! passes: the sums of each threshold's right side (one running sum, top bin down), the gain of
//! every threshold that passes the constraints (no dependence between thresholds, so the
//! divisions run several to a vector), then the best. The numbers are LightGBM's, operation for
//! operation; only their order of evaluation across thresholds changes.

use super::LambdaMartValidParams;
use crate::cpu::Level;

/// Gradient and hessian sums of one histogram bin (LightGBM's histograms hold no counts).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Sums {
    pub(super) g: f64,
    pub(super) h: f64,
}

impl Sums {
    /// Adds one row's gradient and hessian.
    pub(super) fn add(&mut self, g: f64, h: f64) {
        self.g += g;
        self.h += h;
    }

    /// These sums less `other`'s.
    pub(super) fn minus(self, other: Sums) -> Sums {
        Sums {
            g: self.g - other.g,
            h: self.h - other.h,
        }
    }
}

/// LightGBM's `kEpsilon`, the hessian a scan starts from.
const K_EPSILON: f64 = 1e-15;

/// What scanning one leaf needs: its sums and row count, and the training constraints.
#[derive(Debug, Clone, Copy)]
pub(super) struct Scan {
    pub(super) total_g: f64,
    pub(super) total_h: f64,
    pub(super) n: i64,
    pub(super) min_data: i64,
    pub(super) min_hessian: f64,
    pub(super) l1: f64,
    pub(super) l2: f64,
    /// The leaf's own gain plus the minimum gain to split: what a split must beat.
    pub(super) min_gain_shift: f64,
    /// Rows per unit of hessian, for the right side's estimated row count.
    pub(super) count_per_hessian: f64,
}

/// A feature's best threshold in a leaf.
#[derive(Debug, Clone, Copy)]
pub(super) struct Best {
    /// Rows with bin `<= bin` go left.
    pub(super) bin: usize,
    /// The gain over [`Scan::min_gain_shift`].
    pub(super) gain: f64,
    pub(super) left_g: f64,
    pub(super) left_h: f64,
}

/// Reusable room for one scan's thresholds.
#[derive(Debug, Default)]
pub(super) struct Thresholds {
    bins: Vec<usize>,
    right_g: Vec<f64>,
    right_h: Vec<f64>,
    over: Vec<f64>,
}

impl Scan {
    /// The scan of a leaf of `n` rows whose gradients and hessians sum to `total_g` and
    /// `total_h`, under the training parameters' constraints.
    pub(super) fn new(total_g: f64, total_h: f64, n: usize, p: &LambdaMartValidParams) -> Scan {
        Scan {
            total_g,
            total_h,
            n: n as i64,
            min_data: p.min_data_in_leaf as i64,
            min_hessian: p.min_sum_hessian_in_leaf,
            l1: p.lambda_l1,
            l2: p.lambda_l2,
            min_gain_shift: leaf_gain::<true>(total_g, total_h, p.lambda_l1, p.lambda_l2)
                + p.min_gain_to_split,
            count_per_hessian: n as f64 / total_h,
        }
    }

    /// The best threshold of the feature whose histogram is `hist` (bins scanned from the top
    /// down, a threshold kept when it beats the best so far strictly, so a tie goes to the
    /// higher bin); `None` when no threshold passes every constraint and gains (the feature
    /// is not splittable in the leaf, LightGBM's `is_splittable`).
    pub(super) fn feature(&self, hist: &[Sums], t: &mut Thresholds) -> Option<Best> {
        self.thresholds(hist, t);
        self.gains_at(Level::current(), t);
        // Above 0 exactly when the gain is above the shift (distinct floats differ).
        let (mut gain, mut at) = (0.0, None);
        for (i, &over) in t.over.iter().enumerate() {
            if over > gain {
                (gain, at) = (over, Some(i));
            }
        }
        at.map(|i| Best {
            bin: t.bins[i] - 1,
            gain,
            left_g: self.total_g - t.right_g[i],
            left_h: self.total_h - t.right_h[i],
        })
    }

    /// The first pass: the right side's sums at each threshold that passes the constraints,
    /// top bin down, until the left side is too small (for every lower threshold too: its row
    /// count and hessian only fall).
    fn thresholds(&self, hist: &[Sums], t: &mut Thresholds) {
        // Room for every bin, then cut to the thresholds kept: no capacity check per push.
        for v in [&mut t.right_g, &mut t.right_h] {
            v.resize(hist.len(), 0.0);
        }
        t.bins.resize(hist.len(), 0);
        let mut kept = 0;
        let (mut g, mut h, mut n) = (0.0, K_EPSILON, 0i64);
        for bin in (1..hist.len()).rev() {
            // An empty bin adds nothing: the sides of the bin above again, weighed again to
            // the same gain, which (a tie) never replaces the best. Not skipped, so that no
            // branch depends on which bins are empty.
            let s = hist[bin];
            g += s.g;
            h += s.h;
            // LightGBM's RoundInt; hessians are not negative, so truncating is flooring.
            n += (s.h * self.count_per_hessian + 0.5) as i64;
            let enough = n >= self.min_data && h >= self.min_hessian;
            // Once true, true for every lower bin: the left side only shrinks.
            let left_short = self.n - n < self.min_data || self.total_h - h < self.min_hessian;
            if enough && left_short {
                break;
            }
            (t.bins[kept], t.right_g[kept], t.right_h[kept]) = (bin, g, h);
            kept += usize::from(enough);
        }
        t.bins.truncate(kept);
        t.right_g.truncate(kept);
        t.right_h.truncate(kept);
    }

    /// [`Scan::gains`] compiled for the widest vectors of `level` (every level gives the same
    /// bits: Rust neither fuses nor reorders floating-point operations).
    fn gains_at(&self, level: Level, t: &mut Thresholds) {
        match level {
            // SAFETY: `Level::current` checked the CPU has the instructions.
            #[cfg(target_arch = "x86_64")]
            Level::Avx512 => unsafe { self.gains_avx512(t) },
            #[cfg(target_arch = "x86_64")]
            Level::Avx2 => unsafe { self.gains_avx2(t) },
            _ => self.gains(t),
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512dq,avx512vl")]
    unsafe fn gains_avx512(&self, t: &mut Thresholds) {
        self.gains(t);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn gains_avx2(&self, t: &mut Thresholds) {
        self.gains(t);
    }

    /// The second pass: each threshold's gain over the shift.
    #[inline(always)]
    fn gains(&self, t: &mut Thresholds) {
        if self.l1 == 0.0 {
            self.gains_with::<false>(t);
        } else {
            self.gains_with::<true>(t);
        }
    }

    #[inline(always)]
    fn gains_with<const L1: bool>(&self, t: &mut Thresholds) {
        let (total_g, total_h, shift) = (self.total_g, self.total_h, self.min_gain_shift);
        let (l1, l2) = (self.l1, self.l2);
        t.over.clear();
        t.over
            .extend(t.right_g.iter().zip(&t.right_h).map(|(&g, &h)| {
                let left = leaf_gain::<L1>(total_g - g, total_h - h, l1, l2);
                left + leaf_gain::<L1>(g, h, l1, l2) - shift
            }));
    }
}

/// A side's gain `g'² / (h + λ₂)`, `g'` being `g` moved towards 0 by `λ₁` (LightGBM's
/// `GetLeafGain` without output limits); 0 where the denominator is not positive. `L1` says
/// whether `λ₁` is not 0: with `λ₁ = 0`, `g'` is `g` to the bit.
#[inline(always)]
pub(super) fn leaf_gain<const L1: bool>(g: f64, h: f64, l1: f64, l2: f64) -> f64 {
    let denom = h + l2;
    let g = if L1 { shrink_l1(g, l1) } else { g };
    let gain = g * g / denom;
    if denom > 0.0 {
        gain
    } else {
        0.0
    }
}

/// LightGBM's `ThresholdL1`: `g` moved towards 0 by `l1`, stopping at 0.
pub(super) fn shrink_l1(g: f64, l1: f64) -> f64 {
    g.signum() * (g.abs() - l1).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::rng::Rng;

    /// The scan as one loop, the way LightGBM writes it: the reference.
    fn one_loop(s: &Scan, hist: &[Sums]) -> (Option<Best>, bool) {
        let gain_of = |g: f64, h: f64| {
            let denom = h + s.l2;
            if denom > 0.0 {
                let g = shrink_l1(g, s.l1);
                g * g / denom
            } else {
                0.0
            }
        };
        let (mut right_g, mut right_h, mut right_n) = (0.0, K_EPSILON, 0i64);
        let (mut best, mut splittable): (Option<Best>, bool) = (None, false);
        for bin in (1..hist.len()).rev() {
            let b = hist[bin];
            right_g += b.g;
            right_h += b.h;
            right_n += (b.h * s.count_per_hessian + 0.5) as i64;
            if right_n < s.min_data || right_h < s.min_hessian {
                continue;
            }
            if s.n - right_n < s.min_data {
                break;
            }
            let left_h = s.total_h - right_h;
            if left_h < s.min_hessian {
                break;
            }
            let left_g = s.total_g - right_g;
            let gain = gain_of(left_g, left_h) + gain_of(right_g, right_h);
            if gain <= s.min_gain_shift {
                continue;
            }
            splittable = true;
            if best.is_none_or(|b| gain - s.min_gain_shift > b.gain) {
                best = Some(Best {
                    bin: bin - 1,
                    gain: gain - s.min_gain_shift,
                    left_g,
                    left_h,
                });
            }
        }
        (best, splittable)
    }

    #[test]
    fn three_passes_find_what_one_loop_finds() {
        let mut rng = Rng::for_stream(3, 0);
        let mut t = Thresholds::default();
        for case in 0..3000 {
            let bins = 2 + (rng.unit() * 60.0) as usize;
            // Gradients of either sign, hessians at or above 0, empty bins and ties
            // (repeated bins) among them.
            let mut hist: Vec<Sums> = (0..bins)
                .map(|_| match (rng.unit() * 6.0) as u32 {
                    0 => Sums::default(),
                    1 => Sums { g: 0.5, h: 0.25 },
                    _ => Sums {
                        g: rng.unit() * 4.0 - 2.0,
                        h: rng.unit() * 2.0,
                    },
                })
                .collect();
            hist[0] = Sums { g: 0.3, h: 0.6 };
            let total = hist.iter().fold(Sums::default(), |a, s| Sums {
                g: a.g + s.g,
                h: a.h + s.h,
            });
            let rows = 20 + (rng.unit() * 400.0) as i64;
            let (l1, l2) = [(0.0, 0.0), (0.0, 1.0), (0.5, 0.1)][case % 3];
            let shift = leaf_gain::<true>(total.g, total.h, l1, l2) + [0.0, 0.2][case % 2];
            let scan = Scan {
                total_g: total.g,
                total_h: total.h,
                n: rows,
                min_data: [1, 5, 20][case % 3],
                min_hessian: [1e-3, 0.5][case % 2],
                l1,
                l2,
                min_gain_shift: shift,
                count_per_hessian: rows as f64 / total.h,
            };
            let (want, want_ok) = one_loop(&scan, &hist);
            let got = scan.feature(&hist, &mut t);
            // Every compiled path of the gains gives the same bits.
            let over = t.over.clone();
            for level in Level::ALL.into_iter().filter(|l| l.supported()) {
                scan.gains_at(level, &mut t);
                let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&t.over), bits(&over), "{level}");
            }
            assert_eq!(got.is_some(), want_ok, "case {case}");
            let bits = |b: Option<Best>| {
                b.map(|b| {
                    (
                        b.bin,
                        b.gain.to_bits(),
                        b.left_g.to_bits(),
                        b.left_h.to_bits(),
                    )
                })
            };
            assert_eq!(bits(got), bits(want), "case {case}");
        }
    }
}
