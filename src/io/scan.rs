//! Where a few given bytes are in short text, as bit masks, sixty-four positions at a time.
//!
//! Cells and lines are short: a search call per delimiter costs more than it finds, and a
//! byte loop branches on every byte. Here the text is compared sixteen bytes at a time (SSE2,
//! which every x86-64 processor has; a plain loop elsewhere) and the answers gathered in one
//! `u64` per byte sought, which a caller walks with `trailing_zeros`.

/// For each byte of `bytes`, bit `i` set where `text[at + i]` is that byte, over the up to 64
/// bytes `text[at..]` holds from `at` (bits past the text's end are clear). `at` is 0 or
/// within the text, as a walk in steps of 64 from 0 gives.
#[inline]
pub(crate) fn masks<const N: usize>(text: &[u8], at: usize, bytes: [u8; N]) -> [u64; N] {
    let end = (at + 64).min(text.len());
    let mut out = [0; N];
    if text.len() < 16 {
        // Too short for one load: a padded copy, the padding's bits then cleared.
        let mut block = [0; 16];
        block[..text.len()].copy_from_slice(text);
        let kept = (1u64 << end) - (1 << at);
        for (out, found) in out.iter_mut().zip(block_masks(&block, bytes)) {
            *out = (found & kept) >> at;
        }
        return out;
    }
    let mut next = at;
    while next + 16 <= end {
        let found = block_masks(text[next..next + 16].try_into().expect("16"), bytes);
        for (out, found) in out.iter_mut().zip(found) {
            *out |= found << (next - at);
        }
        next += 16;
    }
    if next < end {
        // The last bytes: a block that ends at `end`, overlapping bytes already seen (there
        // are sixteen bytes before `end`: `end` is the text's end, at least 16 bytes in).
        let last = end - 16;
        let found = block_masks(text[last..end].try_into().expect("16"), bytes);
        for (out, found) in out.iter_mut().zip(found) {
            *out |= (found >> (next - last)) << (next - at);
        }
    }
    out
}

/// [`masks`] of one block of sixteen bytes, in the low sixteen bits.
#[cfg(target_arch = "x86_64")]
#[inline]
fn block_masks<const N: usize>(block: &[u8; 16], bytes: [u8; N]) -> [u64; N] {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
    };
    // SAFETY: SSE2 is part of x86-64 itself, so every processor this code runs on has it;
    // `block` is sixteen readable bytes, and the load needs no alignment.
    let loaded = unsafe { _mm_loadu_si128(block.as_ptr().cast::<__m128i>()) };
    bytes.map(|byte| {
        // SAFETY: as above.
        let found = unsafe { _mm_movemask_epi8(_mm_cmpeq_epi8(loaded, _mm_set1_epi8(byte as i8))) };
        u64::from(found as u16)
    })
}

/// [`masks`] of one block of sixteen bytes, in the low sixteen bits.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn block_masks<const N: usize>(block: &[u8; 16], bytes: [u8; N]) -> [u64; N] {
    bytes.map(|byte| {
        (block.iter().enumerate()).fold(0, |found, (i, &b)| found | u64::from(b == byte) << i)
    })
}

/// Calls `at` with each position set in `found`, lowest first, offset by `base`.
#[inline]
pub(crate) fn each_bit(base: usize, mut found: u64, mut at: impl FnMut(usize)) {
    while found != 0 {
        at(base + found.trailing_zeros() as usize);
        found &= found - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn masks_mark_exactly_the_bytes_sought(
            text in proptest::collection::vec(
                proptest::sample::select(vec![b',', b';', b':', b'a', 0x00, 0x7f, 0x80, 0xff]),
                0..200,
            ),
            sought in proptest::sample::select(vec![b',', b';', b':', 0x00, 0xff]),
        ) {
            for at in (0..text.len().max(1)).step_by(64).chain([text.len() / 3]) {
                let [found, colons] = masks(&text, at, [sought, b':']);
                for i in 0..64 {
                    let byte = text.get(at + i).copied();
                    proptest::prop_assert_eq!(found >> i & 1 == 1, byte == Some(sought), "{} {}", at, i);
                    proptest::prop_assert_eq!(colons >> i & 1 == 1, byte == Some(b':'));
                }
            }
        }
    }

    #[test]
    fn each_bit_visits_the_set_bits_in_order() {
        let mut seen = Vec::new();
        each_bit(100, 0b1001_0110 | 1 << 63, |i| seen.push(i));
        assert_eq!(seen, [101, 102, 104, 107, 163]);
    }
}
