//! Atomic file output: a reader sees the old file or the whole new one, never a part.

use std::io::{self, Write};
use std::path::Path;

use crate::error::{Error, Result};

use super::cleanup::TEMP_FILES;

/// Writes `bytes` to `path` atomically: into a new, uniquely named temporary file in the same
/// folder (`.NAME.XXXXXX.tmp`), which is synced to disk and renamed over `path`; then (on Unix)
/// the folder is synced, so the rename survives a crash too.
///
/// The temporary file is registered while it is written, so a program that called
/// [`clean_up_on_signals`](super::clean_up_on_signals) leaves none behind when interrupted.
///
/// # Errors
/// `path` names no file, its folder is missing or not writable, or the disk is full; the
/// temporary file is removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes).map_err(|e| Error::io(path, e)))
}

/// Streams output to `path` atomically, as [`write_atomic`] does: `write` gets a buffered
/// writer into the temporary file, and the file replaces `path` only if `write` succeeds.
///
/// # Errors
/// As [`write_atomic`], or the error `write` returns; either way the temporary file is
/// removed.
pub fn write_atomic_with<T>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<T>,
) -> Result<T> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| Error::Invalid(format!("{}: not a file path", path.display())))?;
    let prefix = format!(".{}.", name.to_string_lossy());
    let mut tmp = TEMP_FILES
        .create(|| {
            let mut builder = tempfile::Builder::new();
            builder.prefix(&prefix).suffix(".tmp");
            // As a plain `File::create` would, not tempfile's owner-only 0600.
            #[cfg(unix)]
            builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
            builder.tempfile_in(dir)
        })
        .map_err(|e| Error::io(path, without_temp_path(e)))?;
    let value = {
        let mut out = io::BufWriter::with_capacity(1 << 20, tmp.file());
        let value = write(&mut out)?;
        out.flush().map_err(|e| Error::io(path, e))?;
        value
    };
    let finish = || -> io::Result<()> {
        tmp.file().sync_all()?;
        tmp.persist(path)?;
        sync_dir(dir)
    };
    finish().map_err(|e| Error::io(path, e))?;
    Ok(value)
}

/// tempfile's creation errors end with ` at path "TEMPORARY"`, a file that does not exist; the
/// message names the target instead (as `PATH: No such file or directory (os error 2)`).
fn without_temp_path(e: io::Error) -> io::Error {
    match e.to_string().split_once(" at path ") {
        Some((message, _)) => io::Error::new(e.kind(), message),
        None => e,
    }
}

/// Syncs a folder, so a rename in it is on disk.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

/// Folders cannot be opened as files here; the rename is as durable as the system makes it.
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// Checks that `dir` holds exactly `names`, and that no temporary file of it is registered.
    fn assert_only(dir: &Path, names: &[&str]) {
        let mut found: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        found.sort();
        assert_eq!(found, names);
        assert!(TEMP_FILES.paths().iter().all(|p| !p.starts_with(dir)));
    }

    #[test]
    fn replaces_the_whole_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        fs::write(&path, "old contents that are longer").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        write_atomic(&dir.path().join("new.csv"), b"").unwrap();
        assert_only(dir.path(), &["new.csv", "out.csv"]);
    }

    #[test]
    #[cfg(unix)]
    fn the_file_gets_the_permissions_of_a_created_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let (atomic, plain) = (dir.path().join("atomic"), dir.path().join("plain"));
        write_atomic(&atomic, b"x").unwrap();
        fs::write(&plain, b"x").unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode();
        assert_eq!(mode(&atomic), mode(&plain));
    }

    #[test]
    #[cfg(unix)]
    fn a_missing_folder_is_an_error_naming_the_path() {
        let err = write_atomic(Path::new("/nonexistent-dir/x.csv"), b"x").unwrap_err();
        let missing = io::Error::from_raw_os_error(2); // ENOENT, not the temporary's path
        assert_eq!(
            crate::error::error_chain(&err),
            format!("/nonexistent-dir/x.csv: {missing}")
        );
    }

    #[test]
    fn a_failed_rename_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        // A folder where the file should go: the rename fails after the data was written.
        let target = dir.path().join("taken");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("inside"), "x").unwrap();
        let err = write_atomic(&target, b"data").unwrap_err();
        assert!(
            crate::error::error_chain(&err).starts_with(&format!("{}: ", target.display())),
            "{err}"
        );
        assert_only(dir.path(), &["taken"]);
    }

    #[test]
    fn a_path_without_a_file_name_is_refused() {
        let err = write_atomic(Path::new("/"), b"x").unwrap_err();
        assert_eq!(err.to_string(), "/: not a file path");
    }
}
