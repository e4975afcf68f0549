//! No output may replace an input: every subcommand that writes refuses, before any work, an
//! output path that is the same file as one of its inputs (links followed), and the input
//! stays byte for byte as it was.

mod util;

use std::path::{Path, PathBuf};

/// Copies a committed file into `dir`; returns the copy.
fn copy(dir: &Path, from: &str, name: &str) -> PathBuf {
    util::write_file(dir, name, util::read(from))
}

/// Runs `shiprank ARGS`, expects a refusal naming both flags, and checks `input` is unchanged.
fn refused(args: &[&str], input: &Path, out_flag: &str, in_flag: &str) {
    let before = std::fs::read(input).unwrap();
    let stderr = util::fail(args);
    assert!(
        stderr.contains(&format!("{out_flag} "))
            && stderr.contains(&format!("same file as {in_flag} ")),
        "{args:?}: {stderr}"
    );
    assert!(stderr.contains("refusing to overwrite"), "{stderr}");
    assert_eq!(
        std::fs::read(input).unwrap(),
        before,
        "{args:?} changed its input"
    );
}

#[test]
fn rank_refuses_to_write_over_its_candidates_or_roles() {
    let dir = util::temp_dir();
    let candidates = copy(dir.path(), "data/candidates.csv", "candidates.csv");
    let roles = copy(dir.path(), "data/roles.toml", "roles.toml");
    let c = candidates.to_str().unwrap();
    let r = roles.to_str().unwrap();
    refused(
        &[
            "rank",
            "--candidates",
            c,
            "--roles",
            r,
            "--out",
            c,
            "--as-of",
            util::AS_OF,
        ],
        &candidates,
        "--out",
        "--candidates",
    );
    #[cfg(unix)]
    {
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink(&roles, &link).unwrap();
        let l = link.to_str().unwrap();
        refused(
            &[
                "rank",
                "--candidates",
                c,
                "--roles",
                r,
                "--skip-invalid",
                "--rejects",
                l,
                "--as-of",
                util::AS_OF,
            ],
            &roles,
            "--rejects",
            "--roles",
        );
    }
    let out = dir.path().join("out.csv");
    let o = out.to_str().unwrap();
    let stderr = util::fail(&[
        "rank",
        "--candidates",
        c,
        "--roles",
        r,
        "--skip-invalid",
        "--out",
        o,
        "--rejects",
        o,
        "--as-of",
        util::AS_OF,
    ]);
    assert!(
        stderr.contains("refusing to overwrite an output"),
        "{stderr}"
    );
}

#[test]
fn import_refuses_to_merge_into_its_own_output() {
    let dir = util::temp_dir();
    let existing = copy(
        dir.path(),
        "tests/fixtures/github/existing.csv",
        "existing.csv",
    );
    let e = existing.to_str().unwrap();
    refused(
        &[
            "import",
            "github",
            "--user",
            "tests/fixtures/github/builder_user.json",
            "--repos",
            "tests/fixtures/github/builder_repos.json",
            "--candidates",
            e,
            "--out",
            e,
            "--as-of",
            "2026-06-01",
        ],
        &existing,
        "--out",
        "--candidates",
    );
}

#[test]
fn train_evaluate_and_generate_refuse_too() {
    let dir = util::temp_dir();
    let labels = copy(dir.path(), "data/labels.csv", "labels.csv");
    let l = labels.to_str().unwrap();
    refused(
        &[
            "train",
            "--labels",
            l,
            "--algo",
            "pairwise",
            "--out",
            l,
            "--as-of",
            util::AS_OF,
        ],
        &labels,
        "--out",
        "--labels",
    );
    refused(
        &[
            "evaluate",
            "--labels",
            l,
            "--run",
            l,
            "--as-of",
            util::AS_OF,
        ],
        &labels,
        "--run",
        "--labels",
    );
    let roles = copy(dir.path(), "data/roles.toml", "labels.csv.roles");
    let pool = dir.path().join("pool");
    std::fs::create_dir_all(&pool).unwrap();
    let roles_in_pool = pool.join("labels.csv");
    std::fs::rename(&roles, &roles_in_pool).unwrap();
    refused(
        &[
            "generate",
            "--count",
            "20",
            "--out-dir",
            pool.to_str().unwrap(),
            "--with-labels",
            "--roles",
            roles_in_pool.to_str().unwrap(),
        ],
        &roles_in_pool,
        "--out-dir",
        "--roles",
    );
}
