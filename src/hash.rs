//! A fixed, fast hash for small keys (skill names, ids): FNV-1a with a final mix.
//!
//! Fixed rather than randomly seeded, so that table behaviour is the same on every run.

use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a, 64-bit, with a final avalanche so similar keys spread over a table.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        let x = self.0;
        let x = (x ^ (x >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^ (x >> 33)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// Builds [`Fnv`] hashers.
pub type FnvBuild = BuildHasherDefault<Fnv>;

/// Hashes a string with [`Fnv`].
pub fn hash_str(s: &str) -> u64 {
    let mut h = Fnv::default();
    h.write(s.as_bytes());
    h.finish()
}

/// Lowercase hexadecimal of bytes (for `sha256:HEX` digests).
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_strings_hash_equal_and_neighbours_differ() {
        assert_eq!(hash_str("c0000001"), hash_str("c0000001"));
        assert_ne!(hash_str("c0000001"), hash_str("c0000002"));
        assert_ne!(hash_str(""), hash_str("a"));
    }
}
