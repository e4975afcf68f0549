//! Numeric flags refuse out-of-range values with a plain message naming the flag and the
//! rule, whether the value is zero, negative or not a number.

mod util;

#[test]
fn numeric_flags_name_the_rule() {
    for (args, message) in [
        (
            vec!["rank", "--top", "0"],
            "--top must be at least 1, found 0",
        ),
        (
            vec!["rank", "--top", "-1"],
            "--top must be at least 1, found -1",
        ),
        (
            vec!["rank", "--threads", "0"],
            "--threads must be at least 1, found 0",
        ),
        (
            vec!["rank", "--top", "many"],
            "--top must be a whole number of at least 1, found \"many\"",
        ),
        (
            vec!["evaluate", "--labels", "data/labels.csv", "--k", "5,0"],
            "--k must be at least 1, found 0",
        ),
        (
            vec![
                "train",
                "--labels",
                "data/labels.csv",
                "--algo",
                "pairwise",
                "--folds",
                "1",
                "--out",
                "x.json",
            ],
            "--folds must be at least 2, found 1",
        ),
    ] {
        let stderr = util::fail(&args);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

/// Deprecated spellings keep working: same result, and a one-line notice naming the new one.
#[test]
fn deprecated_spellings_still_work_with_a_notice() {
    let (old, new) = (util::temp_dir(), util::temp_dir());
    let (old_dir, new_dir) = (old.path().to_str().unwrap(), new.path().to_str().unwrap());
    let before = util::ok(&[
        "generate",
        "--candidates",
        "50",
        "--seed",
        "3",
        "--as-of",
        util::AS_OF,
        "--out",
        old_dir,
        "--labels",
    ]);
    util::ok(&[
        "generate",
        "--count",
        "50",
        "--seed",
        "3",
        "--as-of",
        util::AS_OF,
        "--out-dir",
        new_dir,
        "--with-labels",
    ]);
    for (old_flag, new_flag) in [
        ("generate --candidates N", "generate --count N"),
        ("generate --out DIR", "generate --out-dir DIR"),
        ("generate --labels", "generate --with-labels"),
    ] {
        let notice = format!("shiprank: note: `{old_flag}` is deprecated; use `{new_flag}`");
        assert_eq!(
            before.stderr.matches(&notice).count(),
            1,
            "{}",
            before.stderr
        );
    }
    for file in ["candidates.csv", "labels.csv"] {
        assert_eq!(
            util::read(old.path().join(file)),
            util::read(new.path().join(file)),
            "{file}"
        );
    }
    let gh = |name: &str| util::fixture(&format!("github/{name}"));
    let import = |flag: &str, out: &std::path::Path| {
        util::ok(&[
            "import",
            "github",
            "--user",
            &gh("builder_user.json"),
            "--repos",
            &gh("builder_repos.json"),
            "--as-of",
            "2026-06-01",
            flag,
            &gh("existing.csv"),
            "--out",
            out.to_str().unwrap(),
        ])
    };
    let merged = import("--merge", &old.path().join("m.jsonl"));
    assert!(merged.stderr.contains(
        "`import github --merge FILE` is deprecated; use `import github --candidates FILE`"
    ));
    import("--candidates", &new.path().join("m.jsonl"));
    assert_eq!(
        util::read(old.path().join("m.jsonl")),
        util::read(new.path().join("m.jsonl"))
    );
}
