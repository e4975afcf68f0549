//! Model files on disk: read and checked, or written atomically.

use std::path::Path;

use crate::error::{Error, Result};
use crate::model::Model;

/// Reads a model file.
///
/// # Errors
/// The file cannot be read, or the model is refused (see [`Model::from_json`]).
pub fn read_model(path: &Path) -> Result<Model> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    Ok(Model::from_json(&bytes, &path.display().to_string())?)
}

/// Writes a model file atomically.
///
/// # Errors
/// Writing fails.
pub fn write_model(path: &Path, model: &Model) -> Result<()> {
    super::write_atomic(path, &model.to_json())
}
