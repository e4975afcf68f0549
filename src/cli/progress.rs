//! Progress on standard error for long runs: a bar of items with their rate and time left when
//! the work counts items, else a spinner with the elapsed time. It appears only once a run has
//! taken a second, and never with `--quiet` or when standard error is not a terminal.

use std::io::{IsTerminal, Read};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

/// How long a run goes before its progress shows.
const DELAY: Duration = Duration::from_secs(1);

/// A running progress display fed by an item counter; silent when disabled.
pub struct Progress {
    /// Items done so far (the work adds to it).
    pub rows: Arc<AtomicU64>,
    done: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl Progress {
    /// A bar for ranking the rows of `path` (its size gives the estimate).
    pub fn start(path: Option<&Path>, quiet: bool) -> Progress {
        let total = path.map_or(0, estimate_rows);
        Progress::items("rows", total, quiet)
    }

    /// A bar of `total` `unit`s (an estimate, shown with `~`; 0 when unknown).
    pub fn items(unit: &'static str, total: u64, quiet: bool) -> Progress {
        let template =
            format!("{{spinner}} {{human_pos}}/~{{human_len}} {unit}  {{per_sec}}  ETA {{eta}}");
        Progress::show(quiet, move || {
            let bar = ProgressBar::new(total);
            bar.set_style(ProgressStyle::with_template(&template).expect("a valid template"));
            bar
        })
    }

    /// A spinner with `message` and the elapsed time, for work that counts nothing.
    pub fn spinner(message: String, quiet: bool) -> Progress {
        Progress::show(quiet, move || {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg}  {elapsed}")
                    .expect("a valid template"),
            );
            bar.set_message(message);
            bar
        })
    }

    fn show(quiet: bool, make: impl FnOnce() -> ProgressBar + Send + 'static) -> Progress {
        let rows = Arc::new(AtomicU64::new(0));
        let done = Arc::new(AtomicBool::new(false));
        let enabled = !quiet && std::io::stderr().is_terminal();
        let handle = enabled.then(|| {
            let (rows, done) = (Arc::clone(&rows), Arc::clone(&done));
            std::thread::spawn(move || {
                let start = Instant::now();
                while start.elapsed() < DELAY {
                    if done.load(Ordering::Relaxed) {
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                let bar = make();
                bar.reset_elapsed();
                while !done.load(Ordering::Relaxed) {
                    bar.set_position(rows.load(Ordering::Relaxed));
                    bar.tick();
                    std::thread::sleep(Duration::from_millis(100));
                }
                bar.finish_and_clear();
            })
        });
        Progress { rows, done, handle }
    }

    /// Stops the display and clears it (as dropping it does, on any return).
    pub fn finish(self) {}
}

impl Drop for Progress {
    fn drop(&mut self) {
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
