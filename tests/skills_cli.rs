//! `shiprank skills build` end to end: the real binary, with and without the `taxonomy-build`
//! feature (the command and its flags are the same either way; other tools rely on them).

mod util;

use util::{data, fail};

/// The command the message without the feature names.
#[cfg(not(feature = "taxonomy-build"))]
const HOW_TO_RUN: &str =
    "cargo run --release --features taxonomy-build -- skills build --shared ../shared/data";

#[cfg(not(feature = "taxonomy-build"))]
#[test]
fn without_the_feature_skills_build_says_in_one_line_how_to_run_it() {
    let dir = util::temp_dir();
    let out = dir.path().join("taxonomy.csv");
    let curated = data("taxonomy/curated.csv");
    let args = [
        "skills",
        "build",
        "--shared",
        "../shared/data",
        "--curated",
        &curated,
    ];
    for extra in [&[][..], &["--out", out.to_str().unwrap()][..]] {
        let args: Vec<&str> = args.iter().chain(extra).copied().collect();
        let stderr = fail(&args);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(HOW_TO_RUN), "{stderr}");
    }
    assert!(!out.exists(), "nothing is written");
}

#[cfg(feature = "taxonomy-build")]
#[test]
fn with_the_feature_missing_sources_fail_naming_the_file() {
    let dir = util::temp_dir();
    let out = dir.path().join("taxonomy.csv");
    let shared = dir.path().to_str().unwrap();
    let out_arg = out.to_str().unwrap();
    let stderr = fail(&["skills", "build", "--shared", shared, "--out", out_arg]);
    assert!(stderr.contains("languages.yml"), "{stderr}");
    assert!(!out.exists(), "nothing is written");
}

#[cfg(feature = "taxonomy-build")]
#[test]
fn with_the_feature_skills_build_rebuilds_the_committed_taxonomy() {
    let shared = util::root().join("../shared/data");
    if !shared.join("taxonomy/linguist/languages.yml").is_file() {
        eprintln!("skipping: no shared data under {}", shared.display());
        return;
    }
    let dir = util::temp_dir();
    let out = dir.path().join("taxonomy.csv");
    let out_arg = out.to_str().unwrap();
    let run = util::ok(&[
        "skills",
        "build",
        "--shared",
        "../shared/data",
        "--out",
        out_arg,
    ]);
    assert!(run.stderr.contains("skills to"), "{}", run.stderr);
    assert!(
        util::read(&out) == util::read(data("taxonomy.csv")),
        "shiprank skills build differs from data/taxonomy.csv"
    );
}

#[test]
fn unknown_skills_are_listed_spreadsheet_safe() {
    let dir = util::temp_dir();
    let file = util::write_file(dir.path(), "c.csv", "id,skills\nc1,=HYPERLINK(x);python\n");
    let run = util::ok(&["skills", "unknown", file.to_str().unwrap()]);
    let list = util::Csv::parse(&run.stdout);
    assert_eq!(list.rows.len(), 1);
    assert_eq!(util::cell(&list.rows[0], "skill"), "'=HYPERLINK(x)");
}
