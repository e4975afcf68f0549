//! What can go wrong when training, saving or loading a model.

use std::fmt;

/// Why a model file was refused.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Refusal {
    /// The file is not JSON, or not a shiprank model.
    NotAModel(String),
    /// The format version is not one this build reads.
    UnknownVersion {
        /// The version in the file.
        found: String,
        /// The version this build reads.
        supported: u32,
    },
    /// The checksum does not match the content: the file was corrupted or edited. (The
    /// message never shows the digest the content would need: the checksum detects
    /// corruption, it does not prove who wrote the file: see [`Refusal::Signature`].)
    Checksum,
    /// A signature was required (a key was given to verify with), and the file has none.
    Unsigned,
    /// The signature does not match the key: the file was modified after signing, or signed
    /// with another key. (The message never shows the signature the content would need.)
    Signature,
    /// The model's features are not the ones it is asked to score.
    Features {
        /// The model's feature names.
        model: Vec<String>,
        /// The names expected.
        expected: Vec<String>,
    },
    /// The content is inconsistent (a shape, a parameter, a tree).
    Malformed(String),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::NotAModel(why) => write!(f, "not a shiprank model file: {why}"),
            Refusal::UnknownVersion { found, supported } => write!(
                f,
                "unknown model format version {found} (this shiprank reads version {supported}): \
                 retrain the model"
            ),
            Refusal::Checksum => f.write_str(
                "checksum mismatch: the model file was modified after training (corrupted or \
                 edited); retrain it or restore the original file",
            ),
            Refusal::Unsigned => f.write_str(
                "the model file is not signed, but a signature was required \
                 (--verify-key-env): sign it when training (train --sign-key-env)",
            ),
            Refusal::Signature => f.write_str(
                "signature does not match the key: the model file was modified after signing, \
                 or signed with another key",
            ),
            Refusal::Features { model, expected } => write!(
                f,
                "the model's features do not match shiprank's feature extractors: the model has \
                 {} features [{}], shiprank extracts {} [{}]",
                model.len(),
                abbreviate(model),
                expected.len(),
                expected.join(", ")
            ),
            Refusal::Malformed(why) => write!(f, "malformed model: {why}"),
        }
    }
}

/// A name list, with the middle of a long one elided.
fn abbreviate(names: &[String]) -> String {
    if names.len() <= 16 {
        names.join(", ")
    } else {
        format!(
            "{}, ... {}",
            names[..8].join(", "),
            names[names.len() - 4..].join(", ")
        )
    }
}

/// Errors of training, saving and loading models.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// A model file was refused.
    #[error("{file}: {refusal}")]
    Refused {
        /// The model file.
        file: String,
        /// Why.
        refusal: Refusal,
    },
    /// A learner's parameters are wrong, or it cannot be fitted on the data. Transparent: the
    /// message and the source are the learner's own.
    #[error(transparent)]
    Learn(#[from] crate::learn::LearnError),
    /// Cross-validation cannot split the queries as asked.
    #[error("cannot split {queries} queries into {folds} folds (each fold needs a query)")]
    Folds {
        /// Folds asked for.
        folds: usize,
        /// Queries there are.
        queries: usize,
    },
    /// Data to score has a different number of features than the model.
    #[error("the model has {expected} features but the data has {found}")]
    FeatureCount {
        /// The model's.
        expected: usize,
        /// The data's.
        found: usize,
    },
    /// A signing key is empty or too short to be a secret.
    #[error("{}", short_key(*length, *minimum))]
    ShortKey {
        /// The key's length in bytes.
        length: usize,
        /// The fewest bytes a key may have.
        minimum: usize,
    },
}

/// The message of [`ModelError::ShortKey`]: the key's length, never its bytes.
fn short_key(length: usize, minimum: usize) -> String {
    let advice = "use a random key, e.g. `openssl rand -hex 32`";
    match length {
        0 => format!("the signing key is empty: {advice}"),
        _ => format!(
            "the signing key has {length} bytes, fewer than the {minimum} a key needs: {advice}"
        ),
    }
}

impl ModelError {
    /// A refusal of `file`.
    pub(crate) fn refused(file: impl fmt::Display, refusal: Refusal) -> ModelError {
        ModelError::Refused {
            file: file.to_string(),
            refusal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_refusals_name_both_lists() {
        let r = Refusal::Features {
            model: (1..=300).map(|i| format!("f{i}")).collect(),
            expected: vec!["skill_coverage".into(), "degree".into()],
        };
        let msg = ModelError::refused("m.json", r).to_string();
        assert!(
            msg.starts_with("m.json: the model's features do not match"),
            "{msg}"
        );
        assert!(
            msg.contains("300 features [f1, f2,") && msg.contains("f300]"),
            "{msg}"
        );
        assert!(msg.contains("[skill_coverage, degree]"), "{msg}");
    }

    #[test]
    fn errors_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<ModelError>();
    }
}
