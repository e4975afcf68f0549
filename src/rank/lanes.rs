//! Vectors of lanes, the scoring kernel's unit of work: eight `f64` (exact scores) or sixteen
//! `f32` (the screen that turns blocks away), in one AVX-512 register or in an array the
//! compiler vectorizes as it can.
//!
//! The kernel's body is written once over [`Lanes`], so every path runs the same operations
//! in the same order and gives the same bits. The operations are IEEE-exact (no fused
//! multiply-add), and `min`/`max` have the x86 semantics (`a < b ? a : b`), which the
//! portable lanes spell out so both kinds agree even on signed zeros.

use std::ops::{Add, Div, Mul, Sub};

use crate::extract::{exp2, exp2_f32};

/// `f64` lanes per vector.
pub(crate) const LANES: usize = 8;

/// A lane's number: `f64` or `f32`.
pub(crate) trait Num:
    Copy
    + PartialOrd
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
{
    /// −∞.
    const NEG_INFINITY: Self;
    /// `x`, rounded to the nearest number of this type.
    fn of(x: f64) -> Self;
    /// `2^self`, as [`exp2`] (or [`exp2_f32`]) computes it.
    fn exp2(self) -> Self;
}

impl Num for f64 {
    const NEG_INFINITY: f64 = f64::NEG_INFINITY;
    #[inline(always)]
    fn of(x: f64) -> f64 {
        x
    }
    #[inline(always)]
    fn exp2(self) -> f64 {
        exp2(self)
    }
}

impl Num for f32 {
    const NEG_INFINITY: f32 = f32::NEG_INFINITY;
    #[inline(always)]
    fn of(x: f64) -> f32 {
        x as f32
    }
    #[inline(always)]
    fn exp2(self) -> f32 {
        exp2_f32(self)
    }
}

/// A vector of [`Lanes::WIDTH`] numbers and the operations the kernel needs on them.
pub(crate) trait Lanes: Copy {
    /// The lanes' number type.
    type Value: Num;
    /// Lanes per vector.
    const WIDTH: usize;
    /// Most vectors the kernel keeps in registers at once.
    const MAX_GROUPS: usize;
    /// The first [`Lanes::WIDTH`] values of `a` (which must hold at least that many).
    fn load(a: &[Self::Value]) -> Self;
    /// Copies of `x`, rounded to the lanes' type.
    fn splat(x: f64) -> Self;
    /// Writes the lanes to the first [`Lanes::WIDTH`] values of `out`.
    fn store(self, out: &mut [Self::Value]);
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
    /// Lane-wise [`Num::exp2`], to the bit.
    fn exp2(self) -> Self;
    /// `self`, with −∞ in the lanes where `a < b`.
    fn excluding_below(self, a: Self, b: Self) -> Self;
    /// `self`, with −∞ in the lanes where `masks[i] & !have != 0` (a must-have is missing).
    fn excluding_missing(self, masks: &[u64], have: u64) -> Self;
    /// Whether some lane is at least its bar (`bars[i]` for lane `i`) or is −∞.
    fn reaches(self, bars: &[Self::Value]) -> bool;
}

/// `a < b ? a : b`, the x86 `min` (f64::min may differ on signed zeros).
#[inline(always)]
fn x86_min<T: Num>(a: T, b: T) -> T {
    if a < b {
        a
    } else {
        b
    }
}

/// `a > b ? a : b`, the x86 `max`.
#[inline(always)]
fn x86_max<T: Num>(a: T, b: T) -> T {
    if a > b {
        a
    } else {
        b
    }
}

/// Lanes as a plain array, for any CPU: `W` numbers of type `T`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Portable<T, const W: usize>([T; W]);

/// Eight `f64` lanes, for any CPU.
pub(crate) type Portable64 = Portable<f64, LANES>;
/// Sixteen `f32` lanes, for any CPU.
pub(crate) type Portable32 = Portable<f32, { 2 * LANES }>;

// Loops, not `std::array::from_fn` or `map`: those generic functions are compiled without the
// calling path's target features (AVX2 and FMA), so the work inside them would not be.
impl<T: Num, const W: usize> Portable<T, W> {
    #[inline(always)]
    fn zip(self, o: Self, f: impl Fn(T, T) -> T) -> Self {
        let mut out = self.0;
        for (out, o) in out.iter_mut().zip(o.0) {
            *out = f(*out, o);
        }
        Portable(out)
    }
}

impl<T: Num, const W: usize> Lanes for Portable<T, W> {
    type Value = T;
    const WIDTH: usize = W;
    const MAX_GROUPS: usize = 2;
    #[inline(always)]
    fn load(a: &[T]) -> Self {
        Portable(a[..W].try_into().expect("a whole vector"))
    }
    #[inline(always)]
    fn splat(x: f64) -> Self {
        Portable([T::of(x); W])
    }
    #[inline(always)]
    fn store(self, out: &mut [T]) {
        out[..W].copy_from_slice(&self.0);
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
            *x = x.exp2();
        }
        Portable(out)
    }
    #[inline(always)]
    fn excluding_below(self, a: Self, b: Self) -> Self {
        let mut out = self.0;
        for (out, (a, b)) in out.iter_mut().zip(a.0.into_iter().zip(b.0)) {
            if a < b {
                *out = T::NEG_INFINITY;
            }
        }
        Portable(out)
    }
    #[inline(always)]
    fn excluding_missing(self, masks: &[u64], have: u64) -> Self {
        let mut out = self.0;
        for (out, mask) in out.iter_mut().zip(&masks[..W]) {
            if mask & !have != 0 {
                *out = T::NEG_INFINITY;
            }
        }
        Portable(out)
    }
    #[inline(always)]
    fn reaches(self, bars: &[T]) -> bool {
        let mut any = false;
        for (&x, &bar) in self.0.iter().zip(&bars[..W]) {
            any |= (x >= bar) | (x == T::NEG_INFINITY);
        }
        any
    }
}

#[cfg(target_arch = "x86_64")]
pub(crate) use x86::{Avx512, Avx512F32};

#[cfg(target_arch = "x86_64")]
mod x86 {
    use std::arch::x86_64::*;
    use std::f64::consts::LN_2;

    use super::{Lanes, LANES};
    use crate::extract::INV_FACTORIAL;

    /// Eight `f64` lanes in one AVX-512 register.
    ///
    /// Its methods run AVX-512 F and DQ instructions unchecked: use it only in code that runs
    /// after [`Level::Avx512`](crate::cpu::Level::Avx512) was found supported.
    #[derive(Clone, Copy, Debug)]
    pub(crate) struct Avx512(__m512d);

    /// Sixteen `f32` lanes in one AVX-512 register; used as [`Avx512`] is.
    #[derive(Clone, Copy, Debug)]
    pub(crate) struct Avx512F32(__m512);

    /// −∞ in the lanes of `mask`.
    #[inline(always)]
    fn neg_inf_pd(x: __m512d, mask: __mmask8) -> __m512d {
        unsafe { _mm512_mask_blend_pd(mask, x, _mm512_set1_pd(f64::NEG_INFINITY)) }
    }

    /// −∞ in the lanes of `mask`.
    #[inline(always)]
    fn neg_inf_ps(x: __m512, mask: __mmask16) -> __m512 {
        unsafe { _mm512_mask_blend_ps(mask, x, _mm512_set1_ps(f32::NEG_INFINITY)) }
    }

    /// The lanes whose must-have masks (one `u64` per lane) are not all in `have`.
    #[inline(always)]
    fn missing(masks: &[u64], have: u64) -> __mmask8 {
        assert!(masks.len() >= LANES);
        unsafe {
            let masks = _mm512_loadu_epi64(masks.as_ptr().cast());
            _mm512_test_epi64_mask(masks, _mm512_set1_epi64(!have as i64))
        }
    }

    // SAFETY (every `unsafe` block below): the types are only used on CPUs with AVX-512 F, BW,
    // DQ and VL (see their docs), and loads and stores stay within slices of at least `WIDTH`.
    impl Lanes for Avx512 {
        type Value = f64;
        const WIDTH: usize = LANES;
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
            let below = unsafe { _mm512_cmp_pd_mask::<_CMP_LT_OQ>(a.0, b.0) };
            Avx512(neg_inf_pd(self.0, below))
        }
        #[inline(always)]
        fn excluding_missing(self, masks: &[u64], have: u64) -> Self {
            Avx512(neg_inf_pd(self.0, missing(masks, have)))
        }
        #[inline(always)]
        fn reaches(self, bars: &[f64]) -> bool {
            assert!(bars.len() >= LANES);
            unsafe {
                let bars = _mm512_loadu_pd(bars.as_ptr());
                let inf = _mm512_set1_pd(f64::NEG_INFINITY);
                _mm512_cmp_pd_mask::<_CMP_GE_OQ>(self.0, bars)
                    | _mm512_cmp_pd_mask::<_CMP_EQ_OQ>(self.0, inf)
                    != 0
            }
        }
    }

    impl Lanes for Avx512F32 {
        type Value = f32;
        const WIDTH: usize = 2 * LANES;
        const MAX_GROUPS: usize = 4;
        #[inline(always)]
        fn load(a: &[f32]) -> Self {
            assert!(a.len() >= Self::WIDTH);
            unsafe { Avx512F32(_mm512_loadu_ps(a.as_ptr())) }
        }
        #[inline(always)]
        fn splat(x: f64) -> Self {
            unsafe { Avx512F32(_mm512_set1_ps(x as f32)) }
        }
        #[inline(always)]
        fn store(self, out: &mut [f32]) {
            assert!(out.len() >= Self::WIDTH);
            unsafe { _mm512_storeu_ps(out.as_mut_ptr(), self.0) }
        }
        #[inline(always)]
        fn add(self, o: Self) -> Self {
            unsafe { Avx512F32(_mm512_add_ps(self.0, o.0)) }
        }
        #[inline(always)]
        fn sub(self, o: Self) -> Self {
            unsafe { Avx512F32(_mm512_sub_ps(self.0, o.0)) }
        }
        #[inline(always)]
        fn mul(self, o: Self) -> Self {
            unsafe { Avx512F32(_mm512_mul_ps(self.0, o.0)) }
        }
        #[inline(always)]
        fn div(self, o: Self) -> Self {
            unsafe { Avx512F32(_mm512_div_ps(self.0, o.0)) }
        }
        #[inline(always)]
        fn min(self, o: Self) -> Self {
            unsafe { Avx512F32(_mm512_min_ps(self.0, o.0)) }
        }
        #[inline(always)]
        fn max(self, o: Self) -> Self {
            unsafe { Avx512F32(_mm512_max_ps(self.0, o.0)) }
        }
        #[inline(always)]
        fn exp2(self) -> Self {
            // The operations of `extract::exp2_f32`, lane-wise (`n` is a whole number within
            // ±126, so the conversion is exact and `n + 127` a normal exponent).
            let x = self.min(Self::splat(126.0)).max(Self::splat(-126.0));
            let n = unsafe {
                Avx512F32(_mm512_roundscale_ps::<
                    { _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC },
                >(x.add(Self::splat(0.5)).0))
            };
            let f = x.sub(n).mul(Self::splat(LN_2));
            let mut p = Self::splat(INV_FACTORIAL[7]);
            for &c in INV_FACTORIAL[..7].iter().rev() {
                p = p.mul(f).add(Self::splat(c));
            }
            let scale = unsafe {
                let bits = _mm512_slli_epi32::<23>(_mm512_add_epi32(
                    _mm512_cvttps_epi32(n.0),
                    _mm512_set1_epi32(127),
                ));
                Avx512F32(_mm512_castsi512_ps(bits))
            };
            p.mul(scale)
        }
        #[inline(always)]
        fn excluding_below(self, a: Self, b: Self) -> Self {
            let below = unsafe { _mm512_cmp_ps_mask::<_CMP_LT_OQ>(a.0, b.0) };
            Avx512F32(neg_inf_ps(self.0, below))
        }
        #[inline(always)]
        fn excluding_missing(self, masks: &[u64], have: u64) -> Self {
            let (low, high) = (missing(masks, have), missing(&masks[LANES..], have));
            Avx512F32(neg_inf_ps(self.0, u16::from(low) | (u16::from(high) << 8)))
        }
        #[inline(always)]
        fn reaches(self, bars: &[f32]) -> bool {
            assert!(bars.len() >= Self::WIDTH);
            unsafe {
                let bars = _mm512_loadu_ps(bars.as_ptr());
                let inf = _mm512_set1_ps(f32::NEG_INFINITY);
                _mm512_cmp_ps_mask::<_CMP_GE_OQ>(self.0, bars)
                    | _mm512_cmp_ps_mask::<_CMP_EQ_OQ>(self.0, inf)
                    != 0
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cpu::Level;

    /// The lanes' values as `f64` bit patterns (an `f32` widens exactly).
    fn bits<L: Lanes>(v: L) -> Vec<u64>
    where
        f64: From<L::Value>,
    {
        let mut out = vec![L::Value::of(0.0); L::WIDTH];
        v.store(&mut out);
        out.into_iter().map(|x| f64::from(x).to_bits()).collect()
    }

    /// Every operation of the AVX-512 lanes `V` gives the portable lanes' (`P`) bits, and the
    /// same test of bars.
    #[cfg(target_arch = "x86_64")]
    fn agree<V, P>()
    where
        V: Lanes,
        P: Lanes<Value = V::Value>,
        f64: From<V::Value>,
    {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let specials = [
            0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1000.0, -1000.0, 1e9, -1e9, 126.0,
        ];
        for round in 0..2000 {
            let mut value = || match next() % 4 {
                0 => specials[(next() % specials.len() as u64) as usize],
                1 => (next() % 4001) as f64 / 2.0 - 1000.0,
                _ => (next() as f64 / u64::MAX as f64 - 0.5) * 2.0 * 10f64.powi(round % 7),
            };
            let a: Vec<_> = (0..V::WIDTH).map(|_| V::Value::of(value())).collect();
            let b: Vec<_> = (0..V::WIDTH).map(|_| V::Value::of(value())).collect();
            let masks: Vec<u64> = (0..V::WIDTH).map(|_| next() % 16).collect();
            let have = next() % 16;
            let (pa, pb) = (P::load(&a), P::load(&b));
            let (va, vb) = (V::load(&a), V::load(&b));
            assert_eq!(bits(va.add(vb)), bits(pa.add(pb)));
            assert_eq!(bits(va.sub(vb)), bits(pa.sub(pb)));
            assert_eq!(bits(va.mul(vb)), bits(pa.mul(pb)));
            assert_eq!(bits(va.div(vb)), bits(pa.div(pb)));
            assert_eq!(bits(va.min(vb)), bits(pa.min(pb)));
            assert_eq!(bits(va.max(vb)), bits(pa.max(pb)));
            assert_eq!(bits(va.exp2()), bits(pa.exp2()));
            assert_eq!(
                bits(va.excluding_below(va, vb)),
                bits(pa.excluding_below(pa, pb))
            );
            let (vx, px) = (
                va.excluding_missing(&masks, have),
                pa.excluding_missing(&masks, have),
            );
            assert_eq!(bits(vx), bits(px));
            assert_eq!(vx.reaches(&b), px.reaches(&b));
            assert_eq!(va.reaches(&b), pa.reaches(&b));
        }
    }

    #[test]
    fn avx512_lanes_agree_with_portable_lanes_to_the_bit() {
        #[cfg(target_arch = "x86_64")]
        if Level::Avx512.supported() {
            agree::<Avx512, Portable64>();
            agree::<Avx512F32, Portable32>();
        }
    }

    #[test]
    fn portable_min_and_max_take_the_second_operand_on_ties_and_nan() {
        let (a, b) = (Portable64::load(&[-0.0; 8]), Portable64::load(&[0.0; 8]));
        assert_eq!(bits(a.min(b)), [0f64.to_bits(); 8]);
        assert_eq!(bits(b.max(a)), [(-0f64).to_bits(); 8]);
        let nan = Portable64::splat(f64::NAN);
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

    #[test]
    fn a_vector_reaches_when_one_lane_is_at_its_bar_or_excluded() {
        let mut x = [0.0f32; 16];
        let bars = [1.0f32; 16];
        assert!(!Portable32::load(&x).reaches(&bars));
        x[9] = 1.0;
        assert!(Portable32::load(&x).reaches(&bars));
        x[9] = f32::NEG_INFINITY;
        assert!(Portable32::load(&x).reaches(&bars));
        assert!(!Portable32::load(&[f32::NAN; 16]).reaches(&bars));
    }
}
