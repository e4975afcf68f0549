//! The crate's one seeded random generator: `rand_xoshiro`'s SplitMix64 with the draws shiprank
//! needs (uniform, index, normal, weighted pick...), so that every result depends on the seed
//! alone, not on the number of threads or a dependency's sampling code.
//!
//! Two keyings give independent streams:
//! * [`Rng::new`] and [`Rng::for_item`] (the generator's: one stream per candidate, label, fold
//!   assignment or row sample);
//! * [`Rng::for_stream`] (the rankers': one stream per query or boosting round).
//!
//! Both are fixed: the committed data sets and models were drawn with them.

use rand_core::{Rng as _, SeedableRng};
use rand_xoshiro::SplitMix64;

/// SplitMix64's increment (the golden ratio), also the step between item seeds.
const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;
/// Mixed into the seed of [`Rng::new`].
const SEED_SALT: u64 = 0x5EED_5EED_D00D_F00D;
/// Multiplies the stream number of [`Rng::for_stream`].
const STREAM_MIX: u64 = 0xD1B5_4A32_D192_ED03;

/// A seeded SplitMix64 generator and the draws made from it.
#[derive(Clone, Debug)]
pub struct Rng(SplitMix64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng::from_state(seed ^ SEED_SALT)
    }

    /// A generator for one item of a seeded stream: the same `(seed, index)` always gives the
    /// same values, whatever else was drawn.
    pub fn for_item(seed: u64, index: u64) -> Rng {
        Rng::new(seed.wrapping_add(index.wrapping_mul(GOLDEN_GAMMA))).skip_one()
    }

    /// The generator of stream `stream` (a query, a boosting round) under `seed`.
    pub fn for_stream(seed: u64, stream: u64) -> Rng {
        Rng::from_state(seed ^ stream.wrapping_mul(STREAM_MIX)).skip_one()
    }

    /// SplitMix64 with exactly this state: `rand_xoshiro` takes a `u64` seed as the state.
    fn from_state(state: u64) -> Rng {
        Rng(SplitMix64::seed_from_u64(state))
    }

    /// Drops one draw.
    fn skip_one(mut self) -> Rng {
        self.next_u64();
        self
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Uniform in `[0, 1)`: the top 53 bits, exactly.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `[lo, hi)`.
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Uniform index in `0..n` (`n > 0`; 0 when `n` is 0), by Lemire's multiply-shift.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u = 1.0 - self.unit();
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    /// Log-normal with the given median and log-scale spread.
    pub fn log_normal(&mut self, median: f64, sigma: f64) -> f64 {
        median * (sigma * self.normal()).exp()
    }

    /// Picks an item by weight.
    pub fn weighted<'a, T>(&mut self, items: &'a [(T, f64)]) -> &'a T {
        let total: f64 = items.iter().map(|(_, w)| w).sum();
        let mut x = self.unit() * total;
        for (item, w) in items {
            if x < *w {
                return item;
            }
            x -= w;
        }
        &items[items.len() - 1].0
    }

    /// Picks an item uniformly.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// When there are more than `amount` items, keeps a uniform sample of `amount` of them, in
    /// draw order (a partial Fisher–Yates shuffle); otherwise leaves them as they are and draws
    /// nothing.
    pub fn sample_in_place<T>(&mut self, items: &mut Vec<T>, amount: usize) {
        if items.len() <= amount {
            return;
        }
        for k in 0..amount {
            let pick = k + self.below(items.len() - k);
            items.swap(k, pick);
        }
        items.truncate(amount);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SplitMix64 as published (Vigna's `splitmix64.c`), from a raw state.
    fn reference(mut state: u64, n: usize) -> Vec<u64> {
        (0..n)
            .map(|_| {
                state = state.wrapping_add(GOLDEN_GAMMA);
                let z = (state ^ (state >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                let z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                z ^ (z >> 31)
            })
            .collect()
    }

    fn draws(mut r: Rng, n: usize) -> Vec<u64> {
        (0..n).map(|_| r.next_u64()).collect()
    }

    #[test]
    fn keyings_reproduce_the_streams_the_data_was_drawn_with() {
        assert_eq!(draws(Rng::from_state(0), 1), [0xE220_A839_7B1D_CDAF]);
        assert_eq!(draws(Rng::new(7), 50), reference(7 ^ SEED_SALT, 50));
        let item = 42u64.wrapping_add(3u64.wrapping_mul(GOLDEN_GAMMA)) ^ SEED_SALT;
        assert_eq!(draws(Rng::for_item(42, 3), 50), reference(item, 51)[1..]);
        let stream = 5 ^ 9u64.wrapping_mul(STREAM_MIX);
        assert_eq!(draws(Rng::for_stream(5, 9), 50), reference(stream, 51)[1..]);
        assert_ne!(
            draws(Rng::for_stream(1, 2), 8),
            draws(Rng::for_stream(1, 3), 8)
        );
        assert_ne!(
            draws(Rng::for_stream(1, 2), 8),
            draws(Rng::for_stream(2, 2), 8)
        );
    }

    #[test]
    fn below_agrees_with_scaling_a_unit_draw() {
        // The generator once drew indices as `(unit() * n) as usize`; multiply-shift differs
        // only with probability about n / 2^53 per draw, so the data sets did not move.
        for n in [1usize, 2, 3, 5, 7, 10, 52, 1000, 65_537, 3_000_000] {
            let (mut a, mut b) = (Rng::new(n as u64), Rng::new(n as u64));
            for _ in 0..20_000 {
                let lemire = a.below(n);
                assert!(lemire < n);
                assert_eq!(lemire, (b.unit() * n as f64) as usize % n, "n = {n}");
            }
        }
        assert_eq!(Rng::new(0).below(0), 0);
    }

    #[test]
    fn unit_is_in_range_and_roughly_uniform() {
        let mut r = Rng::new(1);
        let xs: Vec<f64> = (0..10_000).map(|_| r.unit()).collect();
        assert!(xs.iter().all(|x| (0.0..1.0).contains(x)));
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        assert!((mean - 0.5).abs() < 0.02, "{mean}");
    }

    #[test]
    fn samples_are_seeded_subsets() {
        let sample = |seed| {
            let mut v: Vec<usize> = (0..100).collect();
            Rng::new(seed).sample_in_place(&mut v, 10);
            v
        };
        let s = sample(3);
        assert_eq!(s.len(), 10);
        assert_eq!(s, sample(3));
        assert_ne!(s, sample(4));
        let mut few = vec![2, 1];
        Rng::new(0).sample_in_place(&mut few, 2);
        assert_eq!(few, [2, 1]);
    }
}
