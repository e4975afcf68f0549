//! A progress bar on standard error for long runs: rows, rows per second and time left.

use std::io::{IsTerminal, Read};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// A running progress display fed by a row counter; silent when disabled.
pub struct Progress {
    /// Rows processed so far (the streaming ranker adds to it).
    pub rows: Arc<AtomicU64>,
    done: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl Progress {
    /// Starts a display for ranking `path` (its size gives the estimate), unless `quiet` or
    /// standard error is not a terminal.
    pub fn start(path: Option<&Path>, quiet: bool) -> Progress {
        let rows = Arc::new(AtomicU64::new(0));
        let done = Arc::new(AtomicBool::new(false));
        let enabled = !quiet && std::io::stderr().is_terminal();
        let handle = enabled.then(|| {
            let (rows, done) = (Arc::clone(&rows), Arc::clone(&done));
            let bar = ProgressBar::new(path.map_or(0, estimate_rows));
            let style = ProgressStyle::with_template(
                "{spinner} {human_pos}/~{human_len} rows  {per_sec}  ETA {eta}",
            )
            .expect("a valid template");
            bar.set_style(style);
            std::thread::spawn(move || {
                while !done.load(Ordering::Relaxed) {
                    bar.set_position(rows.load(Ordering::Relaxed));
                    std::thread::sleep(Duration::from_millis(100));
                }
                bar.finish_and_clear();
            })
        });
        Progress { rows, done, handle }
    }

    /// Stops the display and clears it.
    pub fn finish(mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}

/// Rows in a file, estimated from its size and the line length of its first megabyte.
fn estimate_rows(path: &Path) -> u64 {
    let Ok(file) = std::fs::File::open(path) else {
        return 0;
    };
    let size = file.metadata().map_or(0, |m| m.len());
    let mut head = Vec::with_capacity(1 << 20);
    if file.take(1 << 20).read_to_end(&mut head).is_err() || head.is_empty() {
        return 0;
    }
    let lines = head.iter().filter(|&&b| b == b'\n').count().max(1) as u64;
    size * lines / head.len() as u64
}
