//! Model authenticity through the real binary: `train --sign-key-env VAR` signs a model file
//! (HMAC-SHA256), `rank`/`evaluate --verify-key-env VAR` refuse one that is unsigned, signed
//! with another key, or edited after signing, and no output ever shows the key.

mod util;

use std::path::Path;

use serde_json::{Map, Value};
use util::{data, temp_dir, AS_OF};

/// The variable the tests keep the key in.
const VAR: &str = "SHIPRANK_TEST_MODEL_KEY";
/// The key.
const KEY: &str = "5b1e0c7a9d3f46e2b8a1c0d9e7f6a5b4";
/// Another key of the same length.
const OTHER: &str = "00112233445566778899aabbccddeeff";
/// The committed model, unsigned.
const UNSIGNED: &str = "models/pairwise-sample.json";

/// What a run did.
struct Run {
    success: bool,
    stdout: String,
    stderr: String,
}

/// Runs `shiprank ARGS` with `VAR` set to `key` (unset when `None`); checks that it did not
/// panic and that neither output shows the key.
fn run(args: &[&str], key: Option<&str>) -> Run {
    let mut cmd = util::cmd(args);
    cmd.env_remove(VAR).env_remove("SHIPRANK_TEST_UNSET");
    if let Some(key) = key {
        cmd.env(VAR, key);
    }
    let out = cmd.output().expect("the binary runs");
    let run = Run {
        success: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "{args:?}: {}", run.stderr);
    for k in [KEY, OTHER] {
        assert!(
            !run.stdout.contains(k) && !run.stderr.contains(k),
            "{args:?}: the key is in the output"
        );
    }
    run
}

/// Runs, expecting success.
fn ok(args: &[&str], key: Option<&str>) -> Run {
    let r = run(args, key);
    assert!(r.success, "{args:?} failed:\n{}", r.stderr);
    r
}

/// Runs, expecting failure with a message; returns standard error.
fn fail(args: &[&str], key: Option<&str>) -> String {
    let r = run(args, key);
    assert!(!r.success, "{args:?} succeeded but should have failed");
    assert!(!r.stderr.trim().is_empty(), "{args:?} failed silently");
    r.stderr
}

/// Trains a pairwise model on the bundled sample into `dir/NAME`, signed with `VAR` when
/// `key` is given; returns its path.
fn train(dir: &Path, name: &str, key: Option<&str>) -> String {
    let out = dir.join(name).display().to_string();
    let labels = data("labels.csv");
    let mut args = vec![
        "train", "--labels", &labels, "--as-of", AS_OF, "--algo", "pairwise", "--out", &out,
    ];
    if key.is_some() {
        args.extend(["--sign-key-env", VAR]);
    }
    let run = ok(&args, key);
    if key.is_some() {
        assert!(
            run.stderr
                .contains(&format!("signed with the key in {VAR}")),
            "{}",
            run.stderr
        );
    }
    out
}

/// `rank --model MODEL` on the bundled sample, then `extra`.
fn rank<'a>(model: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "rank", "--model", model, "--as-of", AS_OF, "--top", "3", "--format", "csv",
    ];
    args.extend(extra);
    args
}

/// `evaluate --model MODEL` on the bundled labels, then `extra`.
fn evaluate<'a>(model: &'a str, labels: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "evaluate", "--labels", labels, "--as-of", AS_OF, "--model", model,
    ];
    args.extend(extra);
    args
}

fn read_json(path: &str) -> Map<String, Value> {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn a_signed_model_ranks_and_evaluates_with_its_key() {
    let dir = temp_dir();
    let signed = train(dir.path(), "signed.json", Some(KEY));
    let unsigned = train(dir.path(), "unsigned.json", None);
    // The file differs from an unsigned one by its signature alone.
    let (mut s, mut u) = (read_json(&signed), read_json(&unsigned));
    let signature = s.remove("signature").expect("a signature");
    let tag = signature.as_str().unwrap().strip_prefix("hmac-sha256:");
    assert!(
        tag.is_some_and(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit())),
        "{signature}"
    );
    assert!(!u.contains_key("signature"));
    s.remove("checksum");
    u.remove("checksum");
    assert_eq!(s, u);
    // With the key, the model scores exactly as without verification.
    let verify = ["--verify-key-env", VAR];
    let checked = ok(&rank(&signed, &verify), Some(KEY));
    let plain = ok(&rank(&signed, &[]), None);
    assert_eq!(checked.stdout, plain.stdout);
    assert!(checked.stdout.contains("c0000"), "{}", checked.stdout);
    let labels = data("labels.csv");
    let checked = ok(&evaluate(&signed, &labels, &verify), Some(KEY));
    let plain = ok(&evaluate(&signed, &labels, &[]), None);
    assert_eq!(checked.stdout, plain.stdout);
    assert!(checked.stdout.contains("mean"), "{}", checked.stdout);
}

#[test]
fn a_model_signed_with_another_key_is_refused() {
    let dir = temp_dir();
    let signed = train(dir.path(), "signed.json", Some(KEY));
    let verify = ["--verify-key-env", VAR];
    let labels = data("labels.csv");
    for args in [rank(&signed, &verify), evaluate(&signed, &labels, &verify)] {
        let err = fail(&args, Some(OTHER));
        assert!(
            err.contains(&format!(
                "{signed}: signature does not match the key: the model file was modified after \
                 signing, or signed with another key"
            )),
            "{err}"
        );
    }
}

#[test]
fn an_unsigned_model_is_refused_when_a_key_is_required() {
    let verify = ["--verify-key-env", VAR];
    let labels = data("labels.csv");
    for args in [
        rank(UNSIGNED, &verify),
        evaluate(UNSIGNED, &labels, &verify),
    ] {
        let err = fail(&args, Some(KEY));
        assert!(
            err.contains(&format!(
                "{UNSIGNED}: the model file is not signed, but a signature was required \
                 (--verify-key-env)"
            )),
            "{err}"
        );
    }
    // Without the flag it loads as it always did.
    ok(&rank(UNSIGNED, &[]), None);
}

#[test]
fn a_model_edited_after_signing_is_refused_even_with_a_fixed_checksum() {
    let dir = temp_dir();
    let signed = train(dir.path(), "signed.json", Some(KEY));
    let mut doc = read_json(&signed);
    let weight = doc["model"]["weights"][0].as_f64().unwrap();
    doc["model"]["weights"][0] = Value::from(weight + 1.0);
    let text = serde_json::to_string_pretty(&doc).unwrap();
    let checksum = shiprank::model_checksum(text.as_bytes()).unwrap();
    doc.insert("checksum".into(), checksum.into());
    let tampered = dir.path().join("tampered.json").display().to_string();
    std::fs::write(&tampered, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    // The checksum cannot tell: anyone can recompute it.
    ok(&rank(&tampered, &[]), None);
    // The signature can.
    let err = fail(&rank(&tampered, &["--verify-key-env", VAR]), Some(KEY));
    assert!(
        err.contains(&format!("{tampered}: signature does not match the key")),
        "{err}"
    );
    // The refusal shows neither the stored signature nor the one the edit would need.
    let stored = doc["signature"].as_str().unwrap();
    let key = shiprank::SigningKey::new(KEY).unwrap();
    let bytes = std::fs::read(&tampered).unwrap();
    let model = shiprank::Model::from_json(&bytes, "t.json").unwrap();
    let needed: Map<String, Value> = serde_json::from_slice(&model.to_json_signed(&key)).unwrap();
    let needed = needed["signature"].as_str().unwrap();
    assert_ne!(needed, stored);
    for signature in [stored, needed] {
        let tag = signature.strip_prefix("hmac-sha256:").unwrap();
        assert!(!err.contains(tag), "{err}");
    }
    // Without its signature line the file fails its checksum, which covers the signature.
    doc.remove("signature");
    std::fs::write(&tampered, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    let err = fail(&rank(&tampered, &[]), None);
    assert!(err.contains("checksum mismatch"), "{err}");
}

#[test]
fn missing_empty_or_short_keys_name_the_variable_and_the_flag() {
    let dir = temp_dir();
    let labels = data("labels.csv");
    let out = dir.path().join("m.json").display().to_string();
    let train_args = [
        "train",
        "--labels",
        &labels,
        "--as-of",
        AS_OF,
        "--algo",
        "pairwise",
        "--out",
        &out,
        "--sign-key-env",
        VAR,
    ];
    let err = fail(&train_args, None);
    assert!(
        err.contains(&format!(
            "--sign-key-env {VAR}: the environment variable {VAR} is not set"
        )),
        "{err}"
    );
    let err = fail(&train_args, Some(""));
    assert!(
        err.contains(&format!(
            "--sign-key-env {VAR}: the environment variable {VAR} is empty"
        )),
        "{err}"
    );
    let err = fail(&train_args, Some("short-key"));
    assert!(
        err.contains(&format!(
            "--sign-key-env {VAR}: the signing key has 9 bytes, fewer than the 16 a key needs"
        )),
        "{err}"
    );
    assert!(!err.contains("short-key"), "{err}");
    assert!(!Path::new(&out).exists(), "no model is written");
    // The same for verification, on both subcommands that read a model.
    let unset = ["--verify-key-env", "SHIPRANK_TEST_UNSET"];
    for args in [rank(UNSIGNED, &unset), evaluate(UNSIGNED, &labels, &unset)] {
        let err = fail(&args, None);
        assert!(
            err.contains(
                "--verify-key-env SHIPRANK_TEST_UNSET: the environment variable \
                 SHIPRANK_TEST_UNSET is not set"
            ),
            "{err}"
        );
    }
    let err = fail(&rank(UNSIGNED, &["--verify-key-env", VAR]), Some(""));
    assert!(err.contains(&format!("{VAR} is empty")), "{err}");
    // A key pasted in place of the variable's name is not repeated.
    let err = fail(&rank(UNSIGNED, &["--verify-key-env", OTHER]), None);
    assert!(
        err.contains("--verify-key-env takes the name of an environment variable"),
        "{err}"
    );
}

#[test]
fn verifying_needs_a_model() {
    let err = fail(&["rank", "--verify-key-env", VAR], Some(KEY));
    assert!(err.contains("--model"), "{err}");
    let labels = data("labels.csv");
    let err = fail(
        &[
            "evaluate",
            "--labels",
            &labels,
            "--strategy",
            "balanced",
            "--verify-key-env",
            VAR,
        ],
        Some(KEY),
    );
    assert!(err.contains("--model"), "{err}");
}
