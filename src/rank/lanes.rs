//! Eight `f64` lanes, the scoring kernel's unit of work: one AVX-512 register, or an array
//! the compiler vectorizes as it can.
//!
//! The kernel's body is written once over [`Lanes`], so every path runs the same operations
//! in the same order and gives the same bits. The operations are IEEE-exact (no fused
//! multiply-add), and `min`/`max` have the x86 semantics (`a < b ? a : b`), which the
//! portable lanes spell out so both kinds agree even on signed zeros.

use crate::extract::exp2;

/// Lanes per vector.
pub(crate) const LANES: usize = 8;

/// Eight `f64` lanes and the operations the kernel needs on them.
pub(crate) trait Lanes: Copy {
    /// Most groups of lanes the kernel keeps in registers at once.
    const MAX_GROUPS: usize;
    /// The first eight values of `a` (which must hold at least eight).
    fn load(a: &[f64]) -> Self;
    /// Eight copies of `x`.
    fn splat(x: f64) -> Self;
    /// Writes the lanes to the first eight values of `out`.
    fn store(self, out: &mut [f64]);
    /// Lane-wise `self + o`.
    fn add(self, o: Self) -> Self;
    /// Lane-wise `self − o`.
    fn sub(self, o: Self) -> Self;
    /// Lane-wise `self · o`.
    fn mul(self, o: Self) -> Self;
    /// Lane-wise `self / o`.
    fn div(self, o: Self) -> Self;
    /// Lane-wise `self < o ? self : o`.
    fn min(self, o: Self) -> Self;
    /// Lane-wise `self > o ? self : o`.
    fn max(self, o: Self) -> Self;
    /// Lane-wise [`exp2`], to the bit.
    fn exp2(self) -> Self;
    /// `self`, with −∞ in the lanes where `a < b`.
    fn excluding_below(self, a: Self, b: Self) -> Self;
    /// `self`, with −∞ in the lanes where `masks[i] & !have != 0` (a must-have is missing).
    fn excluding_missing(self, masks: &[u64], have: u64) -> Self;
}

/// `a < b ? a : b`, the x86 `min` (f64::min may differ on signed zeros).
#[inline(always)]
fn x86_min(a: f64, b: f64) -> f64 {
    if a < b {
        a
    } else {
        b
    }
}

/// `a > b ? a : b`, the x86 `max`.
#[inline(always)]
fn x86_max(a: f64, b: f64) -> f64 {
    if a > b {
        a
    } else {
        b
    }
}

/// Lanes as a plain array, for any CPU.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Portable([f64; LANES]);

// Loops, not `std::array::from_fn` or `map`: those generic functions are compiled without the
// calling path's target features (AVX2 and FMA), so the work inside them would not be.
impl Portable {
    #[inline(always)]
    fn zip(self, o: Portable, f: impl Fn(f64, f64) -> f64) -> Portable {
        let mut out = self.0;
        for (out, o) in out.iter_mut().zip(o.0) {
            *out = f(*out, o);
        }
        Portable(out)
    }
}

impl Lanes for Portable {
    const MAX_GROUPS: usize = 2;
    #[inline(always)]
    fn load(a: &[f64]) -> Self {
        Portable(a[..LANES].try_into().expect("eight lanes"))
    }
    #[inline(always)]
    fn splat(x: f64) -> Self {
        Portable([x; LANES])
    }
    #[inline(always)]
    fn store(self, out: &mut [f64]) {
        out[..LANES].copy_from_slice(&self.0);
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        self.zip(o, |a, b| a + b)
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        self.zip(o, |a, b| a - b)
    }
    #[inline(always)]
    fn mul(self, o: Self) -> Self {
        self.zip(o, |a, b| a * b)
    }
    #[inline(always)]
    fn div(self, o: Self) -> Self {
        self.zip(o, |a, b| a / b)
    }
    #[inline(always)]
    fn min(self, o: Self) -> Self {
        self.zip(o, x86_min)
    }
    #[inline(always)]
    fn max(self, o: Self) -> Self {
        self.zip(o, x86_max)
    }
    #[inline(always)]
    fn exp2(self) -> Self {
        let mut out = self.0;
        for x in &mut out {
            *x = exp2(*x);
        }
        Portable(out)
    }
    #[inline(always)]
    fn excluding_below(self, a: Self, b: Self) -> Self {
        let mut out = self.0;
        for (out, (a, b)) in out.iter_mut().zip(a.0.into_iter().zip(b.0)) {
            if a < b {
                *out = f64::NEG_INFINITY;
            }
        }
        Portable(out)
    }
    #[inline(always)]
    fn excluding_missing(self, masks: &[u64], have: u64) -> Self {
        let mut out = self.0;
        for (out, mask) in out.iter_mut().zip(&masks[..LANES]) {
            if mask & !have != 0 {
                *out = f64::NEG_INFINITY;
            }
        }
        Portable(out)
    }
}

#[cfg(target_arch = "x86_64")]
pub(crate) use x86::Avx512;

#[cfg(target_arch = "x86_64")]
mod x86 {
    use std::arch::x86_64::*;
    use std::f64::consts::LN_2;

    use super::{Lanes, LANES};
    use crate::extract::INV_FACTORIAL;

    /// Lanes in one AVX-512 register.
    ///
    /// Its methods run AVX-512 F and DQ instructions unchecked: use it only in code that runs
    /// after [`Level::Avx512`](super::super::simd::Level::Avx512) was found supported.
    #[derive(Clone, Copy, Debug)]
    pub(crate) struct Avx512(__m512d);

    // SAFETY (every `unsafe` block below): the type is only used on CPUs with AVX-512 F, BW,
    // DQ and VL (see its doc), and loads and stores stay within slices of at least `LANES`.
    impl Lanes for Avx512 {
        const MAX_GROUPS: usize = 4;
        #[inline(always)]
        fn load(a: &[f64]) -> Self {
            assert!(a.len() >= LANES);
            unsafe { Avx512(_mm512_loadu_pd(a.as_ptr())) }
        }
        #[inline(always)]
        fn splat(x: f64) -> Self {
            unsafe { Avx512(_mm512_set1_pd(x)) }
        }
        #[inline(always)]
        fn store(self, out: &mut [f64]) {
            assert!(out.len() >= LANES);
            unsafe { _mm512_storeu_pd(out.as_mut_ptr(), self.0) }
        }
        #[inline(always)]
        fn add(self, o: Self) -> Self {
            unsafe { Avx512(_mm512_add_pd(self.0, o.0)) }
        }
        #[inline(always)]
        fn sub(self, o: Self) -> Self {
            unsafe { Avx512(_mm512_sub_pd(self.0, o.0)) }
        }
        #[inline(always)]
        fn mul(self, o: Self) -> Self {
            unsafe { Avx512(_mm512_mul_pd(self.0, o.0)) }
        }
        #[inline(always)]
        fn div(self, o: Self) -> Self {
            unsafe { Avx512(_mm512_div_pd(self.0, o.0)) }
        }
        #[inline(always)]
        fn min(self, o: Self) -> Self {
            unsafe { Avx512(_mm512_min_pd(self.0, o.0)) }
        }
        #[inline(always)]
        fn max(self, o: Self) -> Self {
            unsafe { Avx512(_mm512_max_pd(self.0, o.0)) }
        }
        #[inline(always)]
        fn exp2(self) -> Self {
            // The operations of `extract::exp2`, lane-wise: clamp, round, the series, and
            // the scale through the exponent bits (`n` is a whole number within ±1000, so
            // the conversion is exact).
            let x = self.min(Self::splat(1000.0)).max(Self::splat(-1000.0));
            let n = unsafe {
                Avx512(_mm512_roundscale_pd::<
                    { _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC },
                >(x.add(Self::splat(0.5)).0))
            };
            let f = x.sub(n).mul(Self::splat(LN_2));
            let mut p = Self::splat(INV_FACTORIAL[11]);
            for &c in INV_FACTORIAL[..11].iter().rev() {
                p = p.mul(f).add(Self::splat(c));
            }
            let scale = unsafe {
                let bits = _mm512_slli_epi64::<52>(_mm512_add_epi64(
                    _mm512_cvttpd_epi64(n.0),
                    _mm512_set1_epi64(1023),
                ));
                Avx512(_mm512_castsi512_pd(bits))
            };
            p.mul(scale)
        }
        #[inline(always)]
        fn excluding_below(self, a: Self, b: Self) -> Self {
            unsafe {
                let below = _mm512_cmp_pd_mask::<_CMP_LT_OQ>(a.0, b.0);
                Avx512(_mm512_mask_blend_pd(
                    below,
                    self.0,
                    _mm512_set1_pd(f64::NEG_INFINITY),
                ))
            }
        }
        #[inline(always)]
        fn excluding_missing(self, masks: &[u64], have: u64) -> Self {
            assert!(masks.len() >= LANES);
            unsafe {
                let masks = _mm512_loadu_epi64(masks.as_ptr().cast());
                let missing = _mm512_test_epi64_mask(masks, _mm512_set1_epi64(!have as i64));
                Avx512(_mm512_mask_blend_pd(
                    missing,
                    self.0,
                    _mm512_set1_pd(f64::NEG_INFINITY),
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rank::simd::Level;

    fn bits<L: Lanes>(v: L) -> [u64; LANES] {
        let mut out = [0.0; LANES];
        v.store(&mut out);
        out.map(f64::to_bits)
    }

    /// Every operation of the AVX-512 lanes gives the portable lanes' bits.
    #[test]
    fn avx512_lanes_agree_with_portable_lanes_to_the_bit() {
        #[cfg(target_arch = "x86_64")]
        {
            if !Level::Avx512.supported() {
                return;
            }
            let mut state = 0x2545_F491_4F6C_DD1Du64;
            let mut next = move || {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state
            };
            let specials = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1000.0, -1000.0, 1e9, -1e9];
            for round in 0..2000 {
                let value = |next: &mut dyn FnMut() -> u64| match next() % 4 {
                    0 => specials[(next() % specials.len() as u64) as usize],
                    1 => (next() % 4001) as f64 / 2.0 - 1000.0,
                    _ => (next() as f64 / u64::MAX as f64 - 0.5) * 2.0 * 10f64.powi(round % 7),
                };
                let a: [f64; LANES] = std::array::from_fn(|_| value(&mut next));
                let b: [f64; LANES] = std::array::from_fn(|_| value(&mut next));
                let masks: [u64; LANES] = std::array::from_fn(|_| next() % 16);
                let have = next() % 16;
                let (pa, pb) = (Portable::load(&a), Portable::load(&b));
                let (va, vb) = (Avx512::load(&a), Avx512::load(&b));
                assert_eq!(bits(va.add(vb)), bits(pa.add(pb)));
                assert_eq!(bits(va.sub(vb)), bits(pa.sub(pb)));
                assert_eq!(bits(va.mul(vb)), bits(pa.mul(pb)));
                assert_eq!(bits(va.div(vb)), bits(pa.div(pb)));
                assert_eq!(bits(va.min(vb)), bits(pa.min(pb)), "{a:?} {b:?}");
                assert_eq!(bits(va.max(vb)), bits(pa.max(pb)), "{a:?} {b:?}");
                assert_eq!(bits(va.exp2()), bits(pa.exp2()), "{a:?}");
                assert_eq!(
                    bits(va.excluding_below(va, vb)),
                    bits(pa.excluding_below(pa, pb))
                );
                assert_eq!(
                    bits(va.excluding_missing(&masks, have)),
                    bits(pa.excluding_missing(&masks, have))
                );
            }
        }
    }

    #[test]
    fn portable_min_and_max_take_the_second_operand_on_ties_and_nan() {
        let (a, b) = (Portable::load(&[-0.0; 8]), Portable::load(&[0.0; 8]));
        assert_eq!(bits(a.min(b)), [0f64.to_bits(); 8]);
        assert_eq!(bits(b.max(a)), [(-0f64).to_bits(); 8]);
        let nan = Portable::splat(f64::NAN);
        assert_eq!(bits(nan.min(b)), [0f64.to_bits(); 8]);
        assert_eq!(bits(nan.max(b)), [0f64.to_bits(); 8]);
        let excluded = b.excluding_missing(&[0, 1, 2, 3, 4, 5, 6, 7], 0b101);
        let mut out = [0.0; 8];
        excluded.store(&mut out);
        let want = [0, 1, 2, 3, 4, 5, 6, 7].map(|m: u64| match m & !0b101 != 0 {
            true => f64::NEG_INFINITY,
            false => 0.0,
        });
        assert_eq!(out, want);
    }
}
