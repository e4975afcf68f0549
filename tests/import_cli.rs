//! `shiprank import github`: saved GitHub API responses become candidates that rank.

mod util;

use std::path::Path;

use serde_json::Value;
use util::{fail, fixture, ok, temp_dir};

fn gh(name: &str) -> String {
    fixture(&format!("github/{name}"))
}

fn import(out: &Path, extra: &[&str]) -> util::Run {
    let out = out.to_str().unwrap();
    let mut args = vec!["import", "github", "--as-of", "2026-06-01", "--out", out];
    args.extend_from_slice(extra);
    ok(&args)
}

/// Imports the saved accounts (`builder`, `forker`: `--user NAME_user.json --repos
/// NAME_repos.json` each), with `extra` arguments after them.
fn import_accounts(out: &Path, accounts: &[&str], extra: &[&str]) -> util::Run {
    let flags: Vec<String> = accounts
        .iter()
        .flat_map(|a| {
            let (user, repos) = (
                gh(&format!("{a}_user.json")),
                gh(&format!("{a}_repos.json")),
            );
            ["--user".to_string(), user, "--repos".to_string(), repos]
        })
        .collect();
    let args: Vec<&str> = flags
        .iter()
        .map(String::as_str)
        .chain(extra.iter().copied())
        .collect();
    import(out, &args)
}

fn records(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Repository impact (value and raw stars) of each ranked candidate, by id.
fn impact(candidates: &Path) -> Vec<(String, f64, f64)> {
    let run = ok(&[
        "rank",
        "--candidates",
        candidates.to_str().unwrap(),
        "--roles",
        &gh("roles.toml"),
        "--as-of",
        "2026-06-01",
        "--format",
        "json",
        "--explain",
    ]);
    let doc: Value = serde_json::from_slice(&run.stdout).unwrap();
    doc["roles"][0]["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let term = row["explanation"]["terms"]
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["feature"] == "repo_impact")
                .unwrap()
                .clone();
            (
                row["candidate_id"].as_str().unwrap().to_string(),
                term["value"].as_f64().unwrap(),
                term["raw"].as_f64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn imported_users_rank_and_forks_earn_no_impact() {
    let dir = temp_dir();
    let out = dir.path().join("gh.jsonl");
    import_accounts(&out, &["builder", "forker"], &[]);
    let rows = records(&out);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["id"], "gh:marina-dev");
    assert_eq!(rows[0]["total_stars"], 2714);
    assert_eq!(
        rows[1]["total_stars"], 0,
        "forked stars are other people's work"
    );
    let ranked = impact(&out);
    let of = |id: &str| ranked.iter().find(|r| r.0 == id).unwrap().clone();
    let (builder, forker) = (of("gh:marina-dev"), of("gh:fork-collector"));
    assert!(builder.1 > forker.1, "{builder:?} vs {forker:?}");
    assert_eq!(forker.2, 0.0);
    assert_eq!(ranked[0].0, "gh:marina-dev");
}

#[test]
fn events_count_commits_of_the_last_year() {
    let dir = temp_dir();
    let out = dir.path().join("gh.jsonl");
    import_accounts(
        &out,
        &["builder"],
        &["--events", &gh("builder_events.json")],
    );
    assert_eq!(records(&out)[0]["commits_last_year"], 15);
}

#[test]
fn merging_keeps_existing_ids_and_fields() {
    let dir = temp_dir();
    let out = dir.path().join("merged.jsonl");
    import_accounts(
        &out,
        &["builder", "forker"],
        &["--candidates", &gh("existing.csv")],
    );
    let rows = records(&out);
    assert_eq!(rows.len(), 3);
    assert_eq!(
        (rows[0]["id"].as_str(), rows[0]["skills"].as_str()),
        (Some("c100"), Some("rust:4;postgres:5;go:2"))
    );
    assert_eq!(rows[0]["total_stars"], 2714);
    assert_eq!(rows[2]["id"], "gh:fork-collector");
    // The merged file ranks, and the merged candidate has both stated skills and shipped code.
    assert_eq!(impact(&out)[0].0, "c100");
}

#[test]
fn responses_that_are_not_data_are_refused_naming_the_file() {
    let dir = temp_dir();
    let out = dir.path().join("x.jsonl");
    let out = out.to_str().unwrap();
    let cases = [
        (
            gh("rate_limited.json"),
            gh("builder_repos.json"),
            "rate_limited.json: GitHub rate-limit response",
        ),
        (
            gh("truncated.json"),
            gh("builder_repos.json"),
            "truncated.json: truncated JSON",
        ),
        (
            gh("builder_user.json"),
            gh("builder_user.json"),
            "builder_user.json: not a repository list",
        ),
    ];
    for (user, repos, expected) in cases {
        let err = fail(&[
            "import", "github", "--user", &user, "--repos", &repos, "--out", out,
        ]);
        assert!(err.contains(expected), "{err}");
    }
    assert!(!Path::new(out).exists(), "nothing is written on error");
}

#[test]
fn recorded_api_exchanges_are_unwrapped() {
    // The public octokit fixtures are recorded exchanges; the repository one holds a single
    // repository object, which is not the list /users/{user}/repos returns.
    let shared = util::root().join("../shared/data/github_api/octokit_fixtures");
    if !shared.exists() {
        eprintln!("skipping: no shared GitHub fixtures");
        return;
    }
    let org = shared.join("get-organization.normalized-fixture.json");
    let repo = shared.join("get-repository.normalized-fixture.json");
    let dir = temp_dir();
    let out = dir.path().join("x.jsonl");
    let err = fail(&[
        "import",
        "github",
        "--user",
        org.to_str().unwrap(),
        "--repos",
        repo.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(err.contains("not a repository list"), "{err}");
    let list = dir.path().join("repos.json");
    let exchange: Value = serde_json::from_str(&std::fs::read_to_string(&repo).unwrap()).unwrap();
    std::fs::write(
        &list,
        serde_json::to_string(&[&exchange[0]["response"]]).unwrap(),
    )
    .unwrap();
    import(
        &out,
        &[
            "--user",
            org.to_str().unwrap(),
            "--repos",
            list.to_str().unwrap(),
        ],
    );
    let rows = records(&out);
    assert_eq!(rows[0]["github"], "octokit-fixture-org");
    assert_eq!(rows[0]["total_stars"], 42);
}
