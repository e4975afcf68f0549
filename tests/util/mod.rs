//! The one helper of the integration tests: runs the real `shiprank` binary in the crate root,
//! writes temporary fixtures, and parses what the binary prints.
//!
//! Every run through [`run`], [`ok`] or [`fail`] also checks that the binary did not panic,
//! whatever its input: a panic is never an acceptable answer to bad input.

// Each test crate uses its own subset of these helpers.
#![allow(dead_code)]

pub mod chromium;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The reference date of the bundled sample (`shiprank generate`'s default `--as-of`).
pub const AS_OF: &str = "2026-10-01";

/// The crate root, where the binary runs and relative fixture paths start.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A `shiprank` command with `args`, run in the crate root.
pub fn cmd<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("shiprank").expect("the shiprank binary builds");
    cmd.current_dir(root()).args(args);
    cmd
}

/// What one run of the binary did.
pub struct Run {
    /// The command line, for failure messages.
    pub command: String,
    /// Whether it exited 0.
    pub success: bool,
    /// Standard output, as bytes (compared byte for byte).
    pub stdout: Vec<u8>,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Standard output as text.
    pub fn stdout_text(&self) -> String {
        String::from_utf8(self.stdout.clone())
            .unwrap_or_else(|e| panic!("{}: stdout is not UTF-8: {e}", self.command))
    }
}

/// Runs `shiprank ARGS` and checks it did not panic, whatever the exit status.
pub fn run<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    let command = format!(
        "shiprank {}",
        args.iter()
            .map(|a| a.as_ref().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    );
    let Output {
        status,
        stdout,
        stderr,
    } = cmd(args).output().expect("the binary runs");
    let stderr = String::from_utf8_lossy(&stderr).into_owned();
    assert!(
        !stderr.contains("panicked"),
        "{command}: the binary panicked:\n{stderr}"
    );
    Run {
        command,
        success: status.success(),
        stdout,
        stderr,
    }
}

/// Runs `shiprank ARGS`, expecting exit status 0.
pub fn ok<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    let r = run(args);
    assert!(r.success, "{}: failed:\n{}", r.command, r.stderr);
    r
}

/// Runs `shiprank ARGS`, expecting a non-zero exit status; returns standard error.
pub fn fail<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> String {
    let r = run(args);
    assert!(
        !r.success,
        "{}: succeeded but should have failed; stdout:\n{}",
        r.command,
        String::from_utf8_lossy(&r.stdout)
    );
    assert!(
        !r.stderr.trim().is_empty(),
        "{}: failed silently",
        r.command
    );
    r.stderr
}

/// A committed fixture, as the relative path the binary is given (and names in its messages).
pub fn fixture(name: &str) -> String {
    let path = format!("tests/fixtures/{name}");
    assert!(root().join(&path).exists(), "no fixture {path}");
    path
}

/// `rank` of `file` against the open roles fixture at the sample's date, then `extra`.
pub fn rank_open(file: &Path, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = ["rank", "--candidates", file.to_str().expect("a UTF-8 path")]
        .map(String::from)
        .to_vec();
    args.extend(["--roles".to_string(), fixture("roles/open.toml")]);
    args.extend(["--as-of", AS_OF].map(String::from));
    args.extend(extra.iter().map(|a| a.to_string()));
    args
}

/// A bundled data file, as a relative path.
pub fn data(name: &str) -> String {
    format!("data/{name}")
}

/// A fresh temporary folder, removed when dropped.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// Writes `contents` to `dir/name`; returns the path.
pub fn write_file(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    path
}

/// Reads a file, relative to the crate root unless absolute.
pub fn read(path: impl AsRef<Path>) -> Vec<u8> {
    let path = root().join(path);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The names in a folder, sorted.
pub fn list_dir(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            e.expect("a folder entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// A CSV document: its header and its rows by column name.
pub struct Csv {
    /// The header, in order.
    pub headers: Vec<String>,
    /// The rows, each by column name.
    pub rows: Vec<HashMap<String, String>>,
}

impl Csv {
    /// Parses CSV bytes with a header.
    pub fn parse(bytes: &[u8]) -> Csv {
        let mut reader = csv::Reader::from_reader(bytes);
        let headers: Vec<String> = reader
            .headers()
            .expect("a CSV header")
            .iter()
            .map(str::to_string)
            .collect();
        let rows = reader
            .records()
            .map(|r| {
                let r = r.expect("a well-formed CSV record");
                headers
                    .iter()
                    .cloned()
                    .zip(r.iter().map(str::to_string))
                    .collect()
            })
            .collect();
        Csv { headers, rows }
    }
}

/// A cell of a CSV row, which must be there.
pub fn cell<'a>(row: &'a HashMap<String, String>, column: &str) -> &'a str {
    row.get(column)
        .unwrap_or_else(|| panic!("no column {column:?} in {row:?}"))
}

/// A numeric cell of a CSV row.
pub fn number(row: &HashMap<String, String>, column: &str) -> f64 {
    let text = cell(row, column);
    text.parse()
        .unwrap_or_else(|_| panic!("column {column:?}: not a number: {text:?}"))
}

/// Trains LambdaMART on the bundled labels with `params` (NAME=VALUE) into `dir`; the model's
/// path.
pub fn train_lambdamart(dir: &Path, params: &[&str]) -> String {
    let model = dir.join("lm.json").to_str().unwrap().to_string();
    let mut args = vec![
        "train",
        "--labels",
        "data/labels.csv",
        "--as-of",
        AS_OF,
        "--algo",
        "lambdamart",
        "--out",
        &model,
        "--quiet",
    ];
    for p in params {
        args.extend(["--param", p]);
    }
    ok(&args);
    model
}

/// Parses JSON bytes.
pub fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).expect("valid JSON output")
}

/// A numeric field of a JSON object.
pub fn json_number(v: &serde_json::Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("no number {key:?} in {v}"))
}

/// A path as the binary is given it.
pub fn arg(path: &Path) -> String {
    path.display().to_string()
}

/// The role ids of a role file, in file order, read independently of the binary.
pub fn role_ids(path: &str) -> Vec<String> {
    let text = String::from_utf8(read(path)).expect("a UTF-8 role file");
    let table: toml::Table = text.parse().expect("a valid role file");
    table["role"]
        .as_array()
        .expect("[[role]] tables")
        .iter()
        .map(|r| r["id"].as_str().expect("a role id").to_string())
        .collect()
}

/// One rejected row as the binary reports it: `FILE:LINE: field "NAME": reason`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowMessage {
    /// The file, as the binary was given it.
    pub file: String,
    /// The 1-based line the row starts on.
    pub line: u64,
    /// The field that failed.
    pub field: String,
    /// Why.
    pub reason: String,
}

/// Parses one message line (an optional `shiprank: ` and `rejected ` prefix, then
/// `FILE:LINE: field "NAME": reason`); `None` when the line is not of that form.
pub fn parse_row_message(line: &str) -> Option<RowMessage> {
    let line = line.strip_prefix("shiprank: ").unwrap_or(line);
    let line = line.strip_prefix("rejected ").unwrap_or(line);
    let (head, rest) = line.split_once(": field \"")?;
    let (file, number) = head.rsplit_once(':')?;
    let (field, reason) = rest.split_once("\": ")?;
    Some(RowMessage {
        file: file.to_string(),
        line: number.parse().ok()?,
        field: field.to_string(),
        reason: reason.to_string(),
    })
}

/// Every row message in a stream of standard error, in order.
pub fn row_messages(stderr: &str) -> Vec<RowMessage> {
    stderr.lines().filter_map(parse_row_message).collect()
}
