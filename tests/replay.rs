//! A past ranking can be replayed: nothing dated after `--as-of` earns credit, neither a last
//! commit in the future nor a repository pushed or created after the reference date.

mod util;

#[test]
fn evidence_dated_after_as_of_earns_nothing() {
    let dir = util::temp_dir();
    let file = util::write_file(
        dir.path(),
        "c.csv",
        "id,skills,total_stars,last_commit\n\
         future,python,100,2999-01-01\n\
         never,python,100,\n\
         recent,python,100,2026-09-30\n",
    );
    let run = util::ok(&util::rank_open(&file, &["--format", "json", "--explain"]));
    let doc = util::json(&run.stdout);
    let ranking = doc["roles"][0]["ranking"].as_array().unwrap();
    let score = |id: &str| {
        ranking.iter().find(|r| r["candidate_id"] == id).unwrap()["score"]
            .as_f64()
            .unwrap()
    };
    assert_eq!(
        score("future"),
        score("never"),
        "a future date is no evidence"
    );
    assert!(score("recent") > score("future"));
    let future = ranking
        .iter()
        .find(|r| r["candidate_id"] == "future")
        .unwrap();
    let recency = future["explanation"]["terms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["feature"] == "code_recency")
        .unwrap();
    assert_eq!(recency["value"], 0.0);
}

#[test]
fn repositories_pushed_or_created_after_as_of_earn_nothing() {
    let dir = util::temp_dir();
    let repo = |name: &str, stars: u32, pushed: &str, created: &str| {
        format!(
            r#"{{"name": "{name}", "language": "Python", "stargazers_count": {stars}, "forks_count": 0, "fork": false, "pushed_at": "{pushed}", "created_at": "{created}"}}"#
        )
    };
    let lines = [
        format!(
            r#"{{"id": "old", "skills": "python", "repos": [{}]}}"#,
            repo("a", 50, "2026-01-01", "2024-01-01")
        ),
        format!(
            r#"{{"id": "with-future", "skills": "python", "repos": [{}, {}]}}"#,
            repo("a", 50, "2026-01-01", "2024-01-01"),
            repo("b", 9000, "2027-01-01", "2027-01-01")
        ),
    ];
    let file = util::write_file(dir.path(), "c.jsonl", lines.join("\n") + "\n");
    let run = util::ok(&util::rank_open(&file, &["--format", "json"]));
    let doc = util::json(&run.stdout);
    let scores: Vec<f64> = doc["roles"][0]["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["score"].as_f64().unwrap())
        .collect();
    assert_eq!(
        scores[0], scores[1],
        "the future repository adds nothing: {scores:?}"
    );
}

#[test]
fn the_summary_counts_rows_with_evidence_after_as_of() {
    let dir = util::temp_dir();
    let file = util::write_file(
        dir.path(),
        "c.csv",
        "id,skills,last_commit\n\
         a,python,2999-01-01\n\
         b,python,2026-09-30\n\
         c,python,2026-10-02\n",
    );
    let run = util::ok(&util::rank_open(&file, &[]));
    assert!(
        run.stderr
            .contains("shiprank: 2 rows have evidence dated after --as-of 2026-10-01"),
        "{}",
        run.stderr
    );
    let quiet = util::ok(&util::rank_open(&file, &["--quiet"]));
    assert_eq!(quiet.stderr, "");
}

#[test]
fn github_import_counts_what_it_left_out_after_as_of() {
    let dir = util::temp_dir();
    let out = dir.path().join("gh.jsonl");
    let gh = |name: &str| util::fixture(&format!("github/{name}"));
    let run = util::ok(&[
        "import",
        "github",
        "--as-of",
        "2026-05-25",
        "--out",
        out.to_str().unwrap(),
        "--user",
        &gh("builder_user.json"),
        "--repos",
        &gh("builder_repos.json"),
        "--events",
        &gh("builder_events.json"),
    ]);
    assert!(
        run.stderr.contains(
            "dated after --as-of 2026-05-25, so not counted: 1 repositories (created or pushed \
             later), 1 push events"
        ),
        "{}",
        run.stderr
    );
}
