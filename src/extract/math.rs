//! Small numeric kernels shared by per-pair extraction and the batch kernel, so both compute
//! exactly the same values.

use std::f64::consts::LN_2;

/// `1/k!` for k = 0..=11.
pub(crate) const INV_FACTORIAL: [f64; 12] = [
    1.0,
    1.0,
    1.0 / 2.0,
    1.0 / 6.0,
    1.0 / 24.0,
    1.0 / 120.0,
    1.0 / 720.0,
    1.0 / 5040.0,
    1.0 / 40320.0,
    1.0 / 362880.0,
    1.0 / 3628800.0,
    1.0 / 39916800.0,
];

/// `2^x`, branch-free so loops over it vectorize; relative error below 1e-12 for
/// `x` in [−1000, 1000] (the input is clamped to that range).
///
/// Rounds `x` to the nearest integer `n`, evaluates `e^((x − n)·ln 2)` by its Taylor series
/// to degree 11 (the remainder is below 3e-14 for |x − n| ≤ 1/2), and scales by `2^n`
/// through the exponent bits.
#[inline]
pub fn exp2(x: f64) -> f64 {
    let x = x.clamp(-1000.0, 1000.0);
    let n = (x + 0.5).floor();
    let f = (x - n) * LN_2;
    let mut p = INV_FACTORIAL[11];
    for c in INV_FACTORIAL[..11].iter().rev() {
        p = p * f + c;
    }
    p * f64::from_bits(((n as i64 + 1023) as u64) << 52)
}

/// `2^x` in `f32`, for the kernel's screen: [`exp2`]'s method with the Taylor series to degree
/// 7 (remainder below 6e-9 for |x − n| ≤ 1/2), `x` clamped to [−126, 126]. Its relative error
/// is below 1e-6 there, so below 1e-6 + 2^−126 absolutely for `x` ≤ 0 at any `x`.
#[inline]
pub(crate) fn exp2_f32(x: f32) -> f32 {
    let x = x.clamp(-126.0, 126.0);
    let n = (x + 0.5).floor();
    let f = (x - n) * LN_2 as f32;
    let mut p = INV_FACTORIAL[7] as f32;
    for &c in INV_FACTORIAL[..7].iter().rev() {
        p = p * f + c as f32;
    }
    p * f32::from_bits(((n as i32 + 127) as u32) << 23)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn exact_at_integers_and_zero() {
        assert_eq!(exp2(0.0), 1.0);
        assert_eq!(exp2(-1.0), 0.5);
        assert_eq!(exp2(10.0), 1024.0);
    }

    proptest! {
        #[test]
        fn agrees_with_the_standard_library(x in -1000.0f64..1000.0) {
            let (got, want) = (exp2(x), x.exp2());
            prop_assert!(((got - want) / want).abs() < 1e-12, "{x}: {got} vs {want}");
        }

        #[test]
        fn the_f32_one_is_within_its_stated_bound(x in -200.0f32..126.0) {
            let (got, want) = (f64::from(exp2_f32(x)), f64::from(x).max(-126.0).exp2());
            prop_assert!(((got - want) / want).abs() < 1e-6, "{x}: {got} vs {want}");
            if x <= 0.0 {
                let exact = f64::from(x).exp2();
                prop_assert!((got - exact).abs() < 1e-6 + 2f64.powi(-126), "{x}");
            }
        }
    }
}
