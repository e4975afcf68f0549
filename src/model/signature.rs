//! Optional authenticity of model files: an HMAC-SHA256 keyed with a secret the trainer and
//! the users of a model share, over the same canonical JSON as the checksum (everything but
//! `checksum` and `signature`), stored as `"signature": "hmac-sha256:HEX"`.
//!
//! Unlike the checksum, which anyone can recompute, the signature can only be made with the
//! key: a model that verifies was written by a holder of the key and not changed since. The
//! comparison is in constant time, and no message ever shows the signature the content would
//! need, nor the key.

use std::fmt;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::error::{ModelError, Refusal};
use crate::hash::hex;

/// The scheme prefix of a model file's `signature`.
const SCHEME: &str = "hmac-sha256:";

/// Bytes of an HMAC-SHA256 tag.
const TAG_LEN: usize = 32;

/// A secret key that signs model files and verifies their signatures (HMAC-SHA256).
///
/// It holds at least [`SigningKey::MIN_LEN`] bytes: an empty or short key cannot be made.
/// Its `Debug` form shows the length only, never the bytes.
#[derive(Clone)]
pub struct SigningKey(Box<[u8]>);

impl SigningKey {
    /// The fewest bytes a key may have (128 bits).
    pub const MIN_LEN: usize = 16;

    /// A key of these bytes (e.g. an environment variable's value).
    ///
    /// # Errors
    /// [`ModelError::ShortKey`]: the key is empty or shorter than [`SigningKey::MIN_LEN`] bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Result<SigningKey, ModelError> {
        let bytes = bytes.into();
        if bytes.len() < Self::MIN_LEN {
            return Err(ModelError::ShortKey {
                length: bytes.len(),
                minimum: Self::MIN_LEN,
            });
        }
        Ok(SigningKey(bytes.into_boxed_slice()))
    }

    /// A MAC keyed with this key.
    fn mac(&self) -> Hmac<Sha256> {
        Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes keys of any length")
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SigningKey({} bytes, redacted)", self.0.len())
    }
}

/// The `signature` of `content` (the canonical JSON): `hmac-sha256:HEX`.
pub(super) fn sign(key: &SigningKey, content: &[u8]) -> String {
    let mut mac = key.mac();
    mac.update(content);
    format!("{SCHEME}{}", hex(&mac.finalize().into_bytes()))
}

/// The tag of a stored `signature`, checked for form only.
///
/// # Errors
/// The scheme is not `hmac-sha256`, or the tag is not 64 hex digits (the message says which,
/// without repeating the stored value).
pub(super) fn parse(stored: &str) -> Result<[u8; TAG_LEN], String> {
    let Some(tag) = stored.strip_prefix(SCHEME) else {
        return Err(format!(
            "signature: expected \"{SCHEME}\" and {} hex digits",
            2 * TAG_LEN
        ));
    };
    let digits = tag.as_bytes();
    let mut out = [0u8; TAG_LEN];
    if digits.len() != 2 * TAG_LEN {
        return Err(format!(
            "signature: {} hex digits, expected {}",
            digits.len(),
            2 * TAG_LEN
        ));
    }
    for (byte, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
        match (nibble(pair[0]), nibble(pair[1])) {
            (Some(hi), Some(lo)) => *byte = hi << 4 | lo,
            _ => return Err("signature: not hexadecimal".into()),
        }
    }
    Ok(out)
}

fn nibble(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

/// Checks a stored tag against `content` in constant time.
///
/// # Errors
/// [`Refusal::Signature`]: the content was changed after signing, or signed with another key.
pub(super) fn verify(key: &SigningKey, content: &[u8], tag: &[u8; TAG_LEN]) -> Result<(), Refusal> {
    let mut mac = key.mac();
    mac.update(content);
    mac.verify_slice(tag).map_err(|_| Refusal::Signature)
}
