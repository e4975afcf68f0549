//! The sample data is compiled into the binary: it runs from any folder, a copy of the binary
//! runs without the source tree, and a `data/` folder in the current directory never stands in
//! for the sample silently. A missing input names the flag that gave it.

mod util;

use std::path::Path;

/// Runs the binary at `exe` in `dir`. A fresh copy can be briefly "busy" (another test
/// thread forked while it was open for writing): that is retried.
fn run_in(exe: &Path, dir: &Path, args: &[&str]) -> std::process::Output {
    for _ in 0..50 {
        match std::process::Command::new(exe)
            .current_dir(dir)
            .args(args)
            .output()
        {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy => {
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            other => return other.expect("the binary runs"),
        }
    }
    panic!("{} stayed busy", exe.display());
}

#[test]
fn the_sample_is_built_in_and_a_local_data_folder_is_ignored() {
    let reference = util::ok(&["rank", "--as-of", util::AS_OF, "--format", "csv"]);
    let dir = util::temp_dir();
    // A copy of the binary, away from the source tree, in a folder with a decoy data/.
    let exe = dir.path().join("shiprank");
    std::fs::copy(assert_cmd::cargo::cargo_bin("shiprank"), &exe).unwrap();
    let decoy = dir.path().join("data");
    std::fs::create_dir(&decoy).unwrap();
    std::fs::write(decoy.join("roles.toml"), "not = [valid").unwrap();
    std::fs::write(decoy.join("candidates.csv"), "id\nonly-me\n").unwrap();
    let out = run_in(
        &exe,
        dir.path(),
        &["rank", "--as-of", util::AS_OF, "--format", "csv"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, reference.stdout);
}

#[test]
fn a_missing_input_names_its_flag() {
    for (flag, args) in [
        ("--roles", vec!["rank", "--roles", "no/rols.toml"]),
        ("--candidates", vec!["rank", "--candidates", "no/cands.csv"]),
        ("--model", vec!["rank", "--model", "no/model.json"]),
        (
            "--labels",
            vec![
                "evaluate",
                "--labels",
                "no/labels.csv",
                "--as-of",
                util::AS_OF,
            ],
        ),
        ("--column-map", vec!["rank", "--column-map", "no/map.toml"]),
    ] {
        let stderr = util::fail(&args);
        let path = args[args.iter().position(|a| *a == flag).unwrap() + 1];
        assert!(
            stderr.contains(&format!("{flag} {path}: no such file (looked in ")),
            "{stderr}"
        );
    }
}
