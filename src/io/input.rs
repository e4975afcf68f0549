//! What a run reads: a file on disk, or the sample data compiled into the library, so the
//! binary runs anywhere, without its source folder, and a `data/` folder in the current
//! directory never silently stands in for the sample.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Sample data compiled into the library.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bundled {
    /// `data/candidates.csv`: 200 generated candidates.
    Candidates,
    /// `data/roles.toml`: the ten sample roles.
    Roles,
}

impl Bundled {
    /// The name it is shown by (its path in the source tree).
    pub fn name(self) -> &'static str {
        match self {
            Bundled::Candidates => "data/candidates.csv",
            Bundled::Roles => "data/roles.toml",
        }
    }

    /// Its bytes.
    pub fn bytes(self) -> &'static [u8] {
        match self {
            Bundled::Candidates => include_bytes!("../../data/candidates.csv"),
            Bundled::Roles => include_bytes!("../../data/roles.toml"),
        }
    }
}

/// A file to read: on disk, or bundled into the library.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file on disk.
    File(PathBuf),
    /// Sample data compiled into the library.
    Bundled(Bundled),
}

impl Input {
    /// The file on disk, if it is one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Input::File(path) => Some(path),
            Input::Bundled(_) => None,
        }
    }

    /// The name messages use: the path as given, or the bundled file's name.
    pub fn name(&self) -> Cow<'_, str> {
        match self {
            Input::File(path) => path.to_string_lossy(),
            Input::Bundled(b) => Cow::Borrowed(b.name()),
        }
    }

    /// Its whole content.
    ///
    /// # Errors
    /// The file cannot be read.
    pub fn read(&self) -> Result<Cow<'static, [u8]>> {
        match self {
            Input::File(path) => std::fs::read(path)
                .map(Cow::Owned)
                .map_err(|e| Error::io(path, e)),
            Input::Bundled(b) => Ok(Cow::Borrowed(b.bytes())),
        }
    }

    /// Its whole content as UTF-8 text.
    ///
    /// # Errors
    /// The file cannot be read or is not UTF-8.
    pub fn read_to_string(&self) -> Result<Cow<'static, str>> {
        let text = match self.read()? {
            Cow::Borrowed(b) => std::str::from_utf8(b).map(Cow::Borrowed),
            Cow::Owned(b) => String::from_utf8(b)
                .map(Cow::Owned)
                .map_err(|e| e.utf8_error()),
        };
        text.map_err(|e| {
            Error::parse(
                self.name(),
                format!(
                    "not valid UTF-8 at byte {}: save it as UTF-8",
                    e.valid_up_to()
                ),
            )
        })
    }
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

impl From<Bundled> for Input {
    fn from(b: Bundled) -> Input {
        Input::Bundled(b)
    }
}

impl From<PathBuf> for Input {
    fn from(path: PathBuf) -> Input {
        Input::File(path)
    }
}

impl From<&PathBuf> for Input {
    fn from(path: &PathBuf) -> Input {
        Input::File(path.clone())
    }
}

impl From<&Path> for Input {
    fn from(path: &Path) -> Input {
        Input::File(path.to_path_buf())
    }
}

impl From<&str> for Input {
    fn from(path: &str) -> Input {
        Input::File(PathBuf::from(path))
    }
}

impl From<&Input> for Input {
    fn from(input: &Input) -> Input {
        input.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_data_is_the_committed_sample() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for b in [Bundled::Candidates, Bundled::Roles] {
            let on_disk = std::fs::read(root.join(b.name())).unwrap();
            assert_eq!(Input::from(b).read().unwrap().as_ref(), on_disk.as_slice());
            assert_eq!(Input::from(b).name(), b.name());
        }
    }

    #[test]
    fn files_are_read_and_named_by_their_path() {
        let missing = Input::from("no/such/file.csv");
        assert_eq!(missing.name(), "no/such/file.csv");
        assert!(matches!(missing.read(), Err(Error::Io { .. })));
        assert_eq!(missing.path(), Some(Path::new("no/such/file.csv")));
        assert_eq!(Input::from(Bundled::Roles).path(), None);
    }
}
