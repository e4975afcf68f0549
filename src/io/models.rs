//! Model files on disk: read and checked, or written atomically.

use std::path::Path;

use crate::error::{Error, Result};
use crate::model::{Model, SigningKey};

/// Reads a model file (a signature, if any, is checked for form only).
///
/// # Errors
/// The file cannot be read, or the model is refused (see [`Model::from_json`]).
pub fn read_model(path: &Path) -> Result<Model> {
    read_model_verified(path, None)
}

/// Reads a model file and, given a key, refuses it unless it is signed with that key.
///
/// # Errors
/// The file cannot be read, or the model is refused (see [`Model::from_json_verified`]).
pub fn read_model_verified(path: &Path, key: Option<&SigningKey>) -> Result<Model> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    Ok(Model::from_json_verified(
        &bytes,
        &path.display().to_string(),
        key,
    )?)
}

/// Writes a model file atomically, unsigned.
///
/// # Errors
/// Writing fails.
pub fn write_model(path: &Path, model: &Model) -> Result<()> {
    super::write_atomic(path, &model.to_json())
}

/// Writes a model file signed with `key`, atomically.
///
/// # Errors
/// Writing fails.
pub fn write_model_signed(path: &Path, model: &Model, key: &SigningKey) -> Result<()> {
    super::write_atomic(path, &model.to_json_signed(key))
}
