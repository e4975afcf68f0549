//! An interrupted atomic write leaves nothing behind: the real binary, killed by SIGTERM or
//! SIGINT while it writes a large `rank --out`, removes its temporary file and exits with the
//! conventional status (143, 130).
#![cfg(unix)]

mod util;

use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use util::{list_dir, temp_dir, AS_OF};

const BIN: &str = env!("CARGO_BIN_EXE_shiprank");

/// Candidates in the input: with `--top` as large and `--explain`, the ranking is tens of
/// megabytes, so its write takes long enough to be interrupted.
const CANDIDATES: &str = "20000";

/// The output file; anything else in its folder is a temporary file.
const OUTPUT: &str = "ranking.csv";

/// The names in `dir` other than [`OUTPUT`].
fn others(dir: &Path) -> Vec<String> {
    list_dir(dir).into_iter().filter(|n| n != OUTPUT).collect()
}

/// Waits for the process to end, killing it past `limit`.
fn wait(child: &mut std::process::Child, limit: Duration) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("waiting for shiprank") {
            return status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("shiprank did not end within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Ranks `input` into `out/`[`OUTPUT`], sending `signal` as soon as a temporary file appears
/// in `out`. True if the signal was sent while the process ran; false if it finished first.
/// Either way, nothing but the ranking may be left in `out`.
fn interrupt(input: &Path, out: &Path, signal: &str, code: i32) -> bool {
    let mut child = Command::new(BIN)
        .args(["rank", "--candidates"])
        .arg(input)
        .args([
            "--top",
            CANDIDATES,
            "--explain",
            "--format",
            "csv",
            "--quiet",
        ])
        .args(["--as-of", AS_OF, "--out"])
        .arg(out.join(OUTPUT))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting shiprank");
    let mut sent = false;
    let start = Instant::now();
    while child.try_wait().expect("polling shiprank").is_none() {
        if !others(out).is_empty() {
            let kill = Command::new("kill")
                .args([&format!("-{signal}"), &child.id().to_string()])
                .status()
                .expect("running kill");
            sent = kill.success();
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(600),
            "no temporary file appeared"
        );
        std::thread::sleep(Duration::from_micros(200));
    }
    let status = wait(&mut child, Duration::from_secs(120));
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    // A signal that arrived after the run ended changes nothing: it exited 0.
    assert!(
        status.code() == Some(0) || (sent && status.code() == Some(code)),
        "SIG{signal}: {status} (expected 0 or {code}); stderr: {stderr}"
    );
    let left = others(out);
    assert!(left.is_empty(), "SIG{signal} left {left:?}");
    sent && status.code() == Some(code)
}

#[test]
fn a_signal_during_an_atomic_write_leaves_no_temporary_file() {
    let dir = temp_dir();
    let generated = Command::new(BIN)
        .args([
            "generate",
            "--count",
            CANDIDATES,
            "--seed",
            "1",
            "--out-dir",
        ])
        .arg(dir.path())
        .stderr(Stdio::null())
        .status()
        .expect("running shiprank generate");
    assert!(generated.success());
    let input = dir.path().join("candidates.csv");
    for (signal, code) in [("TERM", 143), ("INT", 130)] {
        // Up to three runs, until one is caught writing; a run that ends first is checked too.
        let caught = (0..3).any(|i| {
            let out = dir.path().join(format!("out-{signal}-{i}"));
            std::fs::create_dir(&out).unwrap();
            interrupt(&input, &out, signal, code)
        });
        if !caught {
            eprintln!("SIG{signal}: every run finished before the signal; checked no leftovers");
        }
    }
}
