//! The temporary files being written, so an interrupted run removes them.
//!
//! [`write_atomic`](super::write_atomic) creates each temporary file through [`TEMP_FILES`], a
//! process-wide [`Registry`], and installs (once) a handler for SIGINT and SIGTERM: a thread
//! that waits for either signal, removes every registered file, and exits with the status a
//! shell gives a process killed by that signal (130 for SIGINT, 143 for SIGTERM).

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use tempfile::NamedTempFile;

/// The temporary files of this process's atomic writes.
pub(super) static TEMP_FILES: Registry = Registry::new();

/// Paths of temporary files being written.
#[derive(Debug, Default)]
pub(super) struct Registry {
    paths: Mutex<Vec<PathBuf>>,
}

impl Registry {
    /// An empty registry.
    pub(super) const fn new() -> Registry {
        Registry {
            paths: Mutex::new(Vec::new()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Vec<PathBuf>> {
        self.paths.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Creates a temporary file with `create` and registers it. Both happen under the lock a
    /// cleanup holds, so a cleanup never misses a file that exists.
    pub(super) fn create(
        &self,
        create: impl FnOnce() -> io::Result<NamedTempFile>,
    ) -> io::Result<Registered<'_>> {
        let mut paths = self.lock();
        let file = create()?;
        paths.push(file.path().to_path_buf());
        Ok(Registered {
            path: file.path().to_path_buf(),
            file: Some(file),
            registry: self,
        })
    }

    /// The registered paths.
    #[cfg(test)]
    pub(super) fn paths(&self) -> Vec<PathBuf> {
        self.lock().clone()
    }

    /// Removes every registered file, and returns the lock still held: no temporary file can be
    /// created until it is dropped (the signal handler exits holding it).
    pub(super) fn remove_all(&self) -> MutexGuard<'_, Vec<PathBuf>> {
        let mut paths = self.lock();
        for path in paths.drain(..) {
            // Already gone when a write finished or failed at the same moment.
            let _ = std::fs::remove_file(path);
        }
        paths
    }

    fn forget(&self, path: &Path) {
        let mut paths = self.lock();
        if let Some(i) = paths.iter().position(|p| p == path) {
            paths.swap_remove(i);
        }
    }
}

/// A registered temporary file: removed, and forgotten by its registry, when dropped.
#[derive(Debug)]
pub(super) struct Registered<'r> {
    file: Option<NamedTempFile>,
    path: PathBuf,
    registry: &'r Registry,
}

impl Registered<'_> {
    /// The open file.
    pub(super) fn file(&mut self) -> &mut File {
        self.file
            .as_mut()
            .expect("present until persisted")
            .as_file_mut()
    }

    /// The file's path.
    #[cfg(test)]
    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    /// Renames the file over `target` (on failure the temporary file is removed).
    pub(super) fn persist(mut self, target: &Path) -> io::Result<()> {
        let file = self.file.take().expect("persisted once");
        file.persist(target).map(drop).map_err(|e| e.error)
    }
}

impl Drop for Registered<'_> {
    fn drop(&mut self) {
        // Remove the file (if not persisted) before forgetting it, so that a cleanup running
        // meanwhile still sees it.
        drop(self.file.take());
        self.registry.forget(&self.path);
    }
}

/// Removes the temporary files of unfinished atomic writes when the process gets SIGINT
/// (Ctrl-C) or SIGTERM, then exits with 130 or 143. Installed once per process, by the
/// program (a library does not take over its host's signals); calling it again does nothing.
/// Best effort: if it cannot be installed, signals keep their default action.
pub fn clean_up_on_signals() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    #[cfg(unix)]
    ONCE.call_once(|| {
        use signal_hook::consts::{SIGINT, SIGTERM};
        // Registered here, before any temporary file exists; waited on in a thread. If the
        // thread cannot start, dropping `signals` restores the default actions.
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
            return;
        };
        let _ = std::thread::Builder::new()
            .name("shiprank-cleanup".into())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    let _held = TEMP_FILES.remove_all();
                    std::process::exit(128 + signal);
                }
            });
    });
    #[cfg(not(unix))]
    ONCE.call_once(|| {});
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_in(dir: &Path) -> impl FnOnce() -> io::Result<NamedTempFile> + '_ {
        move || NamedTempFile::new_in(dir)
    }

    #[test]
    fn files_are_registered_while_written_and_forgotten_after() {
        let dir = tempfile::tempdir().unwrap();
        let registry = Registry::new();
        let kept = registry.create(temp_in(dir.path())).unwrap();
        let dropped = registry.create(temp_in(dir.path())).unwrap();
        let (kept_path, dropped_path) = (kept.path().to_path_buf(), dropped.path().to_path_buf());
        assert_eq!(
            registry.paths(),
            vec![kept_path.clone(), dropped_path.clone()]
        );

        drop(dropped);
        assert!(!dropped_path.exists(), "a dropped file is removed");
        assert_eq!(registry.paths(), vec![kept_path.clone()]);

        let target = dir.path().join("out");
        kept.persist(&target).unwrap();
        assert!(target.exists() && !kept_path.exists());
        assert!(registry.paths().is_empty(), "a persisted file is forgotten");
    }

    #[test]
    fn a_failed_creation_registers_nothing() {
        let registry = Registry::new();
        let missing = Path::new("/nonexistent-dir");
        assert!(registry.create(temp_in(missing)).is_err());
        assert!(registry.paths().is_empty());
    }

    #[test]
    fn remove_all_removes_every_registered_file_and_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let registry = Registry::new();
        let mut files: Vec<_> = (0..3)
            .map(|_| registry.create(temp_in(dir.path())).unwrap())
            .collect();
        files[0].file().set_len(10).unwrap();
        let held = registry.remove_all();
        assert!(held.is_empty());
        assert!(registry.paths.try_lock().is_err(), "no new file while held");
        drop(held);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        // The writers then find their files gone; dropping them is harmless.
        drop(files);
        assert!(registry.paths().is_empty());
    }
}
