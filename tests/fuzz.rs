//! Fuzzing on the stable toolchain: for each parser (`tests/fuzz/targets.rs`), a seeded
//! structure-aware mutation fuzzer over the committed corpus (`tests/fuzz/corpus/TARGET/`),
//! and a replay of every input that once crashed a parser (`tests/fuzz/crashes/TARGET/`).
//!
//! Each target runs for `SHIPRANK_FUZZ_SECONDS` (default 4) or `SHIPRANK_FUZZ_RUNS` executions,
//! whichever ends first, from `SHIPRANK_FUZZ_SEED` (default 1; the same seed mutates the same
//! way). An input that panics fails the test; it is written to `target/fuzz-crashes/TARGET/`
//! and shown in hex, to be committed to `tests/fuzz/crashes/TARGET/` with its fix. Inputs whose
//! trace (error skeletons, kinds of values read) is new join the pool of inputs to mutate.
//!
//! Long runs: `SHIPRANK_FUZZ_SECONDS=600 cargo test --release --test fuzz -- --nocapture`.

#[path = "fuzz/mutate.rs"]
mod mutate;
#[path = "fuzz/targets.rs"]
mod targets;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use mutate::{Mutator, Rng};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz")
}

/// The files of a folder, sorted by name (none when it does not exist).
fn inputs(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

fn env_number(name: &str) -> Option<f64> {
    let text = std::env::var(name).ok()?;
    Some(
        text.parse()
            .unwrap_or_else(|_| panic!("{name} must be a number, found {text:?}")),
    )
}

/// Printable text of an input: ASCII as it is, everything else escaped.
fn escaped(input: &[u8]) -> String {
    input.escape_ascii().to_string()
}

fn hex(input: &[u8]) -> String {
    input
        .chunks(32)
        .map(|c| c.iter().map(|b| format!("{b:02x}")).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into())
}

/// Runs one input; on a panic, saves it and fails with the input shown.
fn run_one(name: &str, target: targets::Target, input: &[u8]) -> Vec<String> {
    match std::panic::catch_unwind(|| target(input)) {
        Ok(trace) => trace,
        Err(payload) => {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("target/fuzz-crashes")
                .join(name);
            std::fs::create_dir_all(&dir).unwrap();
            let digest = input.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
            let path = dir.join(format!("{digest:016x}"));
            std::fs::write(&path, input).unwrap();
            panic!(
                "fuzz target {name} panicked: {}\ninput ({} bytes) saved to {}\n\
                 commit it to tests/fuzz/crashes/{name}/ with the fix\ntext: {}\nhex:\n{}",
                panic_message(&*payload),
                input.len(),
                path.display(),
                escaped(&input[..input.len().min(4096)]),
                hex(&input[..input.len().min(4096)]),
            )
        }
    }
}

/// Fuzzes one target for the configured time or number of runs.
fn fuzz(name: &str) {
    let target = targets::target(name).unwrap();
    let seconds = env_number("SHIPRANK_FUZZ_SECONDS").unwrap_or(4.0);
    let max_runs = env_number("SHIPRANK_FUZZ_RUNS").map_or(u64::MAX, |n| n as u64);
    let seed = env_number("SHIPRANK_FUZZ_SEED").map_or(1, |n| n as u64);
    let verbose = std::env::var_os("SHIPRANK_FUZZ_VERBOSE").is_some();
    // Each target its own stream, so one target's runs do not shift another's.
    let mut rng = Rng::new(seed ^ name.bytes().fold(0, |h, b| h * 31 + u64::from(b)));
    let corpus: Vec<Vec<u8>> = inputs(&fuzz_dir().join("corpus").join(name))
        .into_iter()
        .chain(inputs(&fuzz_dir().join("crashes").join(name)))
        .map(|(_, bytes)| bytes)
        .collect();
    assert!(!corpus.is_empty(), "no corpus for {name}");
    let mutator = Mutator::new(name, &corpus);
    let mut seen: HashSet<String> = HashSet::new();
    for input in &corpus {
        seen.extend(run_one(name, target, input));
    }
    let mut pool = corpus;
    let start = Instant::now();
    let deadline = start + Duration::from_secs_f64(seconds);
    let (mut runs, mut slowest, mut slowest_len) = (0u64, Duration::ZERO, 0);
    while runs < max_runs && (runs % 64 != 0 || Instant::now() < deadline) {
        let base = &pool[rng.below(pool.len())];
        let other = &pool[rng.below(pool.len())];
        let input = mutator.mutate(&mut rng, base, other);
        let began = Instant::now();
        let trace = run_one(name, target, &input);
        let took = began.elapsed();
        runs += 1;
        if took > slowest {
            (slowest, slowest_len) = (took, input.len());
            if took > Duration::from_millis(100) {
                let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-slow");
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(dir.join(name), &input).unwrap();
            }
        }
        assert!(
            took < Duration::from_secs(5),
            "fuzz target {name} took {took:?} on a {}-byte input: {}",
            input.len(),
            escaped(&input[..input.len().min(2048)])
        );
        let mut new = false;
        for entry in trace {
            if verbose && !seen.contains(&entry) {
                eprintln!("fuzz {name}: new trace {entry}");
            }
            new |= seen.insert(entry);
        }
        if new && pool.len() < 4096 {
            pool.push(input);
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    eprintln!(
        "fuzz {name}: {runs} runs in {elapsed:.1} s ({:.0}/s), seed {seed}, {} traces, pool {}, \
         slowest {slowest:?} ({slowest_len} bytes)",
        runs as f64 / elapsed,
        seen.len(),
        pool.len()
    );
}

#[test]
fn fuzz_csv() {
    fuzz("csv");
}

#[test]
fn fuzz_jsonl() {
    fuzz("jsonl");
}

#[test]
fn fuzz_roles() {
    fuzz("roles");
}

#[test]
fn fuzz_labels() {
    fuzz("labels");
}

#[test]
fn fuzz_letor() {
    fuzz("letor");
}

#[test]
fn fuzz_github() {
    fuzz("github");
}

#[test]
fn fuzz_model() {
    fuzz("model");
}

/// Every corpus input and every input that once crashed a parser (or took it seconds) runs
/// clean, within a second.
#[test]
fn corpora_and_past_crashes_replay() {
    let mut replayed = 0;
    for (name, target) in targets::TARGETS {
        for kind in ["corpus", "crashes"] {
            for (path, input) in inputs(&fuzz_dir().join(kind).join(name)) {
                let started = Instant::now();
                let result = std::panic::catch_unwind(|| target(&input));
                assert!(
                    result.is_ok(),
                    "{} panics the {name} target",
                    path.display()
                );
                let took = started.elapsed();
                assert!(
                    took < Duration::from_secs(1),
                    "{} takes the {name} target {took:?}",
                    path.display()
                );
                replayed += 1;
            }
        }
    }
    assert!(replayed >= 7, "the corpora are there: {replayed} inputs");
}

/// The mutator is deterministic for a seed.
#[test]
fn the_same_seed_mutates_the_same_way() {
    let corpus = vec![b"id,name\na,b\n".to_vec()];
    let mutator = Mutator::new("csv", &corpus);
    let run = |seed| {
        let mut rng = Rng::new(seed);
        (0..100)
            .map(|_| mutator.mutate(&mut rng, &corpus[0], &corpus[0]))
            .collect::<Vec<_>>()
    };
    assert_eq!(run(7), run(7));
    assert_ne!(run(7), run(8));
}
