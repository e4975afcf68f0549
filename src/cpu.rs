//! Which vector instructions the hot loops run with, chosen at run time: the binary is built
//! for any x86-64 (or other) CPU, and the scoring kernel (`rank`) and LambdaMART's threshold
//! gains (`learn`) are compiled three times, for AVX-512, for AVX2 with FMA, and portably.
//! Every path gives the same numbers to the bit: Rust neither fuses nor reorders
//! floating-point operations, whatever the target features.

use std::sync::atomic::{AtomicU8, Ordering};

use crate::names::named_enum;

named_enum! {
    /// A compiled path of the vectorized loops (the scoring kernel, LambdaMART's gains).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
    pub enum Level: "kernel" {
        /// Baseline instructions only (SSE2 on x86-64).
        Portable = "portable",
        /// AVX2 and FMA (x86-64).
        Avx2 = "avx2",
        /// AVX-512 F, BW, DQ and VL (x86-64).
        Avx512 = "avx512",
    }
}

/// The environment variable that caps the path (`portable`, `avx2` or `avx512`), to compare
/// paths or to rule one out.
pub const KERNEL_ENV: &str = "SHIPRANK_KERNEL";

impl Level {
    /// Whether this CPU runs the path.
    pub fn supported(self) -> bool {
        match self {
            Level::Portable => true,
            #[cfg(target_arch = "x86_64")]
            Level::Avx2 => is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma"),
            #[cfg(target_arch = "x86_64")]
            Level::Avx512 => {
                is_x86_feature_detected!("avx512f")
                    && is_x86_feature_detected!("avx512bw")
                    && is_x86_feature_detected!("avx512dq")
                    && is_x86_feature_detected!("avx512vl")
            }
            #[cfg(not(target_arch = "x86_64"))]
            _ => false,
        }
    }

    /// The widest path this CPU runs, capped by [`KERNEL_ENV`] when set; found once.
    pub fn current() -> Level {
        static CURRENT: AtomicU8 = AtomicU8::new(u8::MAX);
        let known = CURRENT.load(Ordering::Relaxed);
        if let Some(&level) = Level::ALL.get(usize::from(known)) {
            return level;
        }
        let cap = std::env::var(KERNEL_ENV)
            .ok()
            .and_then(|v| v.trim().parse::<Level>().ok())
            .unwrap_or(Level::Avx512);
        let level = Level::ALL
            .into_iter()
            .rev()
            .find(|l| *l <= cap && l.supported())
            .unwrap_or(Level::Portable);
        CURRENT.store(level as u8, Ordering::Relaxed);
        level
    }
}
