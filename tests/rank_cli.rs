//! `shiprank rank` and `shiprank generate` end to end: the real binary on the bundled sample
//! and on small committed fixtures (tests/fixtures/).

mod util;

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;
use util::{cell, data, fixture, json, number, ok, read, role_ids, run, temp_dir, Csv, AS_OF};

/// The roles of a JSON report, in order.
fn json_roles(doc: &Value) -> &Vec<Value> {
    doc["roles"].as_array().expect("a roles array")
}

/// The ranking rows of one role of a JSON report.
fn json_ranking(role: &Value) -> &Vec<Value> {
    role["ranking"].as_array().expect("a ranking array")
}

/// The explanation term of `feature` in a JSON ranking row.
fn term<'a>(row: &'a Value, feature: &str) -> &'a Value {
    row["explanation"]["terms"]
        .as_array()
        .expect("explanation terms")
        .iter()
        .find(|t| t["feature"] == feature)
        .unwrap_or_else(|| panic!("no term {feature} in {row}"))
}

/// Candidate ids of a CSV report, in rank order, for one role.
fn csv_ids(csv: &Csv, role: &str) -> Vec<String> {
    csv.rows
        .iter()
        .filter(|r| cell(r, "role_id") == role)
        .map(|r| cell(r, "candidate_id").to_string())
        .collect()
}

/// The `== <role id> · ` header lines of a table report, as role ids, in order.
fn table_roles(table: &str) -> Vec<String> {
    table
        .lines()
        .filter_map(|l| l.strip_prefix("== "))
        .filter_map(|l| l.split_once(" · "))
        .map(|(id, _)| id.to_string())
        .collect()
}

// 1. Defaults.

#[test]
fn no_arguments_ranks_every_bundled_role_as_a_table() {
    let expected = role_ids(&data("roles.toml"));
    assert!(!expected.is_empty());
    let bare = ok::<&str>(&[]);
    assert_eq!(table_roles(&bare.stdout_text()), expected, "shiprank");
    let rank = ok(&["rank"]);
    assert_eq!(table_roles(&rank.stdout_text()), expected, "shiprank rank");
    for id in &expected {
        assert!(
            rank.stdout_text()
                .lines()
                .any(|l| l.starts_with(&format!("== {id} · "))),
            "no header for {id}"
        );
    }
}

// 2. Determinism.

/// Output options whose bytes must not depend on the thread count or on the run.
const OUTPUTS: [&[&str]; 5] = [
    &["--format", "csv"],
    &["--format", "csv", "--explain"],
    &["--format", "json"],
    &["--format", "json", "--explain"],
    &["--format", "table", "--explain"],
];

fn assert_deterministic(candidates: &str) {
    for output in OUTPUTS {
        let base = [
            "rank",
            "--candidates",
            candidates,
            "--as-of",
            AS_OF,
            "--top",
            "200",
        ];
        let with = |extra: &[&str]| {
            let args: Vec<&str> = base.iter().chain(output).chain(extra).copied().collect();
            ok(&args).stdout
        };
        let one = with(&["--threads", "1"]);
        assert!(!one.is_empty());
        assert!(
            one == with(&["--threads", "4"]),
            "{output:?}: --threads 1 and --threads 4 differ on {candidates}"
        );
        assert!(
            with(&[]) == with(&[]),
            "{output:?}: two runs with the same --as-of differ on {candidates}"
        );
        assert!(
            one == with(&[]),
            "{output:?}: --threads 1 and the default differ on {candidates}"
        );
    }
}

#[test]
fn the_bundled_ranking_does_not_depend_on_threads_or_runs() {
    assert_deterministic(&data("candidates.csv"));
}

#[test]
fn a_large_generated_ranking_does_not_depend_on_threads_or_runs() {
    // Ranking works on chunks of candidates: 5000 rows make many, merged across threads.
    let dir = temp_dir();
    let out = dir.path().to_str().expect("a UTF-8 temporary path");
    ok(&[
        "generate",
        "--count",
        "5000",
        "--seed",
        "7",
        "--out-dir",
        out,
    ]);
    let pool = dir.path().join("candidates.csv");
    assert_deterministic(pool.to_str().unwrap());
    // Every compiled path of the scoring kernel ranks the same, byte for byte.
    let args = [
        "rank",
        "--candidates",
        pool.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--top",
        "50",
        "--format",
        "csv",
        "--explain",
    ];
    let outputs: Vec<Vec<u8>> = ["portable", "avx2", "avx512"]
        .iter()
        .map(|level| {
            let done = util::cmd(&args)
                .env("SHIPRANK_KERNEL", level)
                .assert()
                .success();
            done.get_output().stdout.clone()
        })
        .collect();
    assert!(outputs[0].len() > 10_000);
    assert!(
        outputs.iter().all(|o| *o == outputs[0]),
        "the kernel paths disagree"
    );
}

#[test]
fn equal_scores_rank_by_candidate_id_across_threads() {
    // 1200 identical candidates, written in descending id order: every score ties, so the
    // top 5 must be the 5 smallest ids in ascending order, however the work is split.
    let dir = temp_dir();
    let mut text = String::from("id,name,timezone,years_experience,skills\n");
    let ids: Vec<String> = (0..1200).rev().map(|i| format!("c{i:04}")).collect();
    for id in &ids {
        text.push_str(&format!("{id},Same Person,America/Lima,4,python:4\n"));
    }
    let path = util::write_file(dir.path(), "ties.csv", text);
    let mut smallest = ids.clone();
    smallest.sort();
    smallest.truncate(5);
    for threads in ["1", "3", "8"] {
        let r = ok(&[
            "rank",
            "--candidates",
            path.to_str().unwrap(),
            "--roles",
            &fixture("roles/open.toml"),
            "--format",
            "csv",
            "--top",
            "5",
            "--threads",
            threads,
            "--as-of",
            AS_OF,
        ]);
        let csv = Csv::parse(&r.stdout);
        assert_eq!(csv_ids(&csv, "open"), smallest, "--threads {threads}");
    }
}

#[test]
fn rankings_are_ordered_by_score_then_candidate_id() {
    let r = ok(&["rank", "--format", "csv", "--top", "300", "--as-of", AS_OF]);
    let csv = Csv::parse(&r.stdout);
    for pair in csv.rows.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if cell(a, "role_id") != cell(b, "role_id") {
            continue;
        }
        let (sa, sb) = (number(a, "score"), number(b, "score"));
        assert!(
            sa > sb || (sa == sb && cell(a, "candidate_id") < cell(b, "candidate_id")),
            "out of order: {a:?} before {b:?}"
        );
        assert_eq!(number(b, "rank"), number(a, "rank") + 1.0);
    }
}

// 3. Time zones.

/// Raw overlap hours of the one candidate in the time-zone fixture at `as_of`.
fn overlap_at(as_of: &str) -> f64 {
    let r = ok(&[
        "rank",
        "--candidates",
        &fixture("timezones/candidates.csv"),
        "--roles",
        &fixture("timezones/roles.toml"),
        "--format",
        "json",
        "--explain",
        "--as-of",
        as_of,
    ]);
    let doc = json(&r.stdout);
    let roles = json_roles(&doc);
    assert_eq!(roles.len(), 1);
    let rows = json_ranking(&roles[0]);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["candidate_id"], "sp1");
    let t = term(&rows[0], "timezone_overlap");
    assert_eq!(t["raw_unit"], "overlap hours");
    t["raw"].as_f64().expect("raw overlap hours")
}

#[test]
fn overlap_follows_daylight_saving_in_los_angeles() {
    // Both work 09:00-17:00 local. São Paulo has had no DST since 2019: UTC-3 all year, so
    // 12:00-20:00 UTC.
    // 2026-01-15: Los Angeles is on PST, UTC-8: 17:00-01:00 UTC; shared 17:00-20:00 = 3 hours.
    // 2026-07-15: Los Angeles is on PDT, UTC-7: 16:00-00:00 UTC; shared 16:00-20:00 = 4 hours.
    assert_eq!(overlap_at("2026-01-15"), 3.0);
    assert_eq!(overlap_at("2026-07-15"), 4.0);
}

#[test]
fn a_candidate_working_all_day_overlaps_the_whole_core_day() {
    // A Los Angeles candidate available 00:00-24:00 shares all 8 of the team's core hours
    // (09:00-17:00 in the same zone), at any date.
    let dir = temp_dir();
    let path = util::write_file(
        dir.path(),
        "allday.csv",
        "id,timezone,work_hours,skills\nallday,America/Los_Angeles,00:00-24:00,python\n",
    );
    let r = ok(&[
        "rank",
        "--candidates",
        path.to_str().unwrap(),
        "--roles",
        &fixture("timezones/roles.toml"),
        "--format",
        "json",
        "--explain",
        "--as-of",
        "2026-01-15",
    ]);
    let doc = json(&r.stdout);
    let row = &json_ranking(&json_roles(&doc)[0])[0];
    assert_eq!(term(row, "timezone_overlap")["raw"].as_f64(), Some(8.0));
}

// 4. Strategies.

fn order_under(strategy: &str) -> Vec<String> {
    let r = ok(&[
        "rank",
        "--candidates",
        &fixture("builder/candidates.csv"),
        "--roles",
        &fixture("builder/roles.toml"),
        "--format",
        "csv",
        "--strategy",
        strategy,
        "--as-of",
        "2026-06-01",
    ]);
    csv_ids(&Csv::parse(&r.stdout), "backend")
}

#[test]
fn builder_first_ranks_shipped_code_over_a_doctorate_and_credential_first_flips_it() {
    // The two rows are identical but for public work (builder: stars, steady recent commits,
    // repository languages, no degree) and the degree (doctor: PhD, no public code).
    assert_eq!(order_under("builder-first"), ["builder", "doctor"]);
    assert_eq!(order_under("credential-first"), ["doctor", "builder"]);
}

// 5. Explanations.

#[test]
fn json_contributions_add_up_to_every_score() {
    let r = ok(&[
        "rank",
        "--format",
        "json",
        "--explain",
        "--top",
        "1000",
        "--as-of",
        AS_OF,
    ]);
    let doc = json(&r.stdout);
    let roles = json_roles(&doc);
    assert_eq!(roles.len(), role_ids(&data("roles.toml")).len());
    let mut checked = 0;
    for role in roles {
        for row in json_ranking(role) {
            let score = row["score"].as_f64().expect("a score");
            let terms = row["explanation"]["terms"].as_array().expect("terms");
            assert!(!terms.is_empty());
            let total: f64 = terms
                .iter()
                .map(|t| t["contribution"].as_f64().expect("a contribution"))
                .sum();
            assert!(
                (total - score).abs() < 1e-6,
                "{}/{}: terms add up to {total}, score {score}",
                role["role_id"],
                row["candidate_id"]
            );
            for t in terms {
                let product = t["value"].as_f64().unwrap() * t["weight"].as_f64().unwrap();
                assert!((product - t["contribution"].as_f64().unwrap()).abs() < 1e-12);
            }
            checked += 1;
        }
    }
    assert!(checked > 0);
}

#[test]
fn csv_contribution_columns_add_up_to_every_score() {
    let args = ["rank", "--explain", "--as-of", AS_OF];
    let csv = Csv::parse(&ok(&[&args[..], &["--format", "csv", "--top", "1000"]].concat()).stdout);
    let contributions: Vec<&String> = csv
        .headers
        .iter()
        .filter(|h| h.ends_with("_contribution"))
        .collect();
    // One contribution column per explained feature, and a value column beside each.
    let doc = json(&ok(&[&args[..], &["--format", "json", "--top", "1"]].concat()).stdout);
    let features: BTreeSet<String> = json_ranking(&json_roles(&doc)[0])[0]["explanation"]["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["feature"].as_str().unwrap().to_string())
        .collect();
    let columns: BTreeSet<String> = contributions
        .iter()
        .map(|h| h.trim_end_matches("_contribution").to_string())
        .collect();
    assert_eq!(columns, features);
    for f in &features {
        assert!(csv.headers.contains(f), "no value column {f}");
    }
    assert!(!csv.rows.is_empty());
    for row in &csv.rows {
        let total: f64 = contributions.iter().map(|h| number(row, h)).sum();
        let score = number(row, "score");
        assert!(
            (total - score).abs() < 1e-6,
            "{}/{}: contributions add up to {total}, score {score}",
            cell(row, "role_id"),
            cell(row, "candidate_id")
        );
    }
}

// 6. Flags.

#[test]
fn out_writes_the_stdout_bytes_and_leaves_no_temporary_file() {
    let dir = temp_dir();
    let path = util::write_file(
        dir.path(),
        "ranking.csv",
        "stale contents, longer than none",
    );
    let args = ["rank", "--format", "csv", "--explain", "--as-of", AS_OF];
    let stdout = ok(&args).stdout;
    let to_file = ok(&[&args[..], &["--out", path.to_str().unwrap()]].concat());
    assert!(to_file.stdout.is_empty(), "--out also wrote to stdout");
    assert!(read(&path) == stdout, "--out bytes differ from stdout");
    assert_eq!(util::list_dir(dir.path()), ["ranking.csv"]);
}

#[test]
fn role_restricts_and_orders_the_roles() {
    let ids = role_ids(&data("roles.toml"));
    assert!(ids.len() >= 3, "the bundled sample has several roles");
    // The last role, then the first: file order must not win.
    let asked = [ids[ids.len() - 1].as_str(), ids[0].as_str()];
    let r = ok(&[
        "rank", "--format", "json", "--as-of", AS_OF, "--role", asked[0], "--role", asked[1],
    ]);
    let doc = json(&r.stdout);
    let got: Vec<&str> = json_roles(&doc)
        .iter()
        .map(|r| r["role_id"].as_str().unwrap())
        .collect();
    assert_eq!(got, asked);
    let r = ok(&["rank", "--as-of", AS_OF, "--role", asked[0]]);
    assert_eq!(table_roles(&r.stdout_text()), [asked[0]]);
}

#[test]
fn an_unknown_role_fails_naming_the_known_ones() {
    let stderr = util::fail(&["rank", "--as-of", AS_OF, "--role", "no-such-role"]);
    assert!(stderr.contains("no-such-role"), "{stderr}");
    for id in role_ids(&data("roles.toml")) {
        assert!(stderr.contains(&id), "known role {id} not named: {stderr}");
    }
}

#[test]
fn top_limits_the_rows_of_every_role() {
    for top in [1usize, 7] {
        let r = ok(&[
            "rank",
            "--format",
            "json",
            "--as-of",
            AS_OF,
            "--top",
            &top.to_string(),
        ]);
        let doc = json(&r.stdout);
        for role in json_roles(&doc) {
            let considered = role["candidates_considered"].as_u64().unwrap() as usize;
            let rows = json_ranking(role);
            assert_eq!(rows.len(), top.min(considered), "{}", role["role_id"]);
            let ranks: Vec<u64> = rows.iter().map(|r| r["rank"].as_u64().unwrap()).collect();
            assert_eq!(ranks, (1..=rows.len() as u64).collect::<Vec<_>>());
        }
        let csv = Csv::parse(
            &ok(&[
                "rank",
                "--format",
                "csv",
                "--as-of",
                AS_OF,
                "--top",
                &top.to_string(),
            ])
            .stdout,
        );
        let mut per_role: HashMap<&str, usize> = HashMap::new();
        for row in &csv.rows {
            *per_role.entry(cell(row, "role_id")).or_default() += 1;
        }
        assert!(per_role.values().all(|&n| n <= top), "{per_role:?}");
    }
}

#[test]
fn csv_header_starts_with_role_rank_candidate() {
    for explain in [&[][..], &["--explain"][..]] {
        let args = [&["rank", "--format", "csv", "--as-of", AS_OF][..], explain].concat();
        let out = ok(&args).stdout_text();
        let header = out.lines().next().expect("a header line");
        assert!(header.starts_with("role_id,rank,candidate_id,"), "{header}");
    }
}

// 7. Audit attributes.

#[test]
fn audit_attributes_never_change_the_ranking() {
    let original = read(data("candidates.csv"));
    let mut reader = csv::Reader::from_reader(original.as_slice());
    let mut headers = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let mut changed = rows.clone();
    for column in ["gender", "age_band"] {
        let i = headers.iter().position(|h| h == column).expect(column);
        // Every value becomes the next distinct value of its column: all of them change.
        let values: BTreeSet<String> = rows.iter().map(|r| r[i].to_string()).collect();
        let values: Vec<String> = values.into_iter().collect();
        assert!(values.len() >= 2, "{column} has one value only");
        for row in &mut changed {
            let k = values.iter().position(|v| v == &row[i]).unwrap();
            let next = &values[(k + 1) % values.len()];
            *row = row
                .iter()
                .enumerate()
                .map(|(j, v)| if j == i { next.as_str() } else { v })
                .collect();
        }
    }
    headers.push_field("ethnicity");
    let ethnicities = ["black", "white", "indigenous", "asian", "mixed", ""];
    let dir = temp_dir();
    let path = dir.path().join("candidates.csv");
    let mut w = csv::Writer::from_path(&path).unwrap();
    w.write_record(&headers).unwrap();
    for (n, row) in changed.iter_mut().enumerate() {
        row.push_field(ethnicities[n % ethnicities.len()]);
        w.write_record(&*row).unwrap();
    }
    w.flush().unwrap();
    drop(w);
    assert!(read(&path) != original);
    let rank = |candidates: &str| {
        ok(&[
            "rank",
            "--candidates",
            candidates,
            "--format",
            "csv",
            "--explain",
            "--top",
            "1000",
            "--as-of",
            AS_OF,
        ])
        .stdout
    };
    let before = rank(&data("candidates.csv"));
    let after = rank(path.to_str().unwrap());
    assert!(
        Csv::parse(&before).rows.len() > 300,
        "every role ranks many"
    );
    assert!(before == after, "audit attributes changed the ranking");
}

// 8. JSONL with nested repositories.

#[test]
fn jsonl_nested_repositories_count_original_work_only() {
    let file = fixture("repos/candidates.jsonl");
    // Expected stars from the fixture itself: the sum over repositories that are not forks.
    let text = String::from_utf8(read(&file)).unwrap();
    let original_stars: HashMap<String, f64> = text
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            let stars = v["repos"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| r["fork"] != true)
                .map(|r| r["stargazers_count"].as_f64().unwrap())
                .sum();
            (v["id"].as_str().unwrap().to_string(), stars)
        })
        .collect();
    let r = ok(&[
        "rank",
        "--candidates",
        &file,
        "--roles",
        &fixture("repos/roles.toml"),
        "--format",
        "json",
        "--explain",
        "--as-of",
        "2026-06-01",
    ]);
    let doc = json(&r.stdout);
    let rows = json_ranking(&json_roles(&doc)[0]);
    let raw_stars: HashMap<String, f64> = rows
        .iter()
        .map(|row| {
            let t = term(row, "repo_impact");
            let id = row["candidate_id"].as_str().unwrap().to_string();
            (id, t["raw"].as_f64().expect("raw stars"))
        })
        .collect();
    assert_eq!(raw_stars, original_stars);
    assert!(raw_stars["forker"] < raw_stars["maker"]);
    let impact = |id: &str| {
        let row = rows.iter().find(|r| r["candidate_id"] == id).unwrap();
        term(row, "repo_impact")["value"].as_f64().unwrap()
    };
    assert!(impact("forker") < impact("maker"));
    assert_eq!(rows[0]["candidate_id"], "maker");
}

// 9. Generation.

fn generate(candidates: &str, seed: &str) -> (tempfile::TempDir, Vec<u8>) {
    let dir = temp_dir();
    let out = dir.path().to_str().unwrap().to_string();
    ok(&[
        "generate",
        "--count",
        candidates,
        "--seed",
        seed,
        "--as-of",
        AS_OF,
        "--out-dir",
        &out,
    ]);
    assert_eq!(
        util::list_dir(dir.path()),
        ["candidates.csv"],
        "left a temporary file"
    );
    let bytes = read(dir.path().join("candidates.csv"));
    (dir, bytes)
}

#[test]
fn generate_is_reproducible_from_its_seed() {
    let (_a, first) = generate("500", "7");
    let (_b, second) = generate("500", "7");
    assert!(first == second, "the same seed gave different pools");
    let (_c, other) = generate("500", "8");
    assert!(first != other, "the seed is ignored");
    let rows = Csv::parse(&first).rows.len();
    assert_eq!(rows, 500);
}

#[test]
fn generate_reproduces_the_bundled_sample() {
    let (_dir, bytes) = generate("300", "42");
    assert!(
        bytes == read(data("candidates.csv")),
        "shiprank generate --count 300 --seed 42 --as-of 2026-10-01 differs from data/candidates.csv"
    );
    // Each row has its own stream: a larger pool starts with the smaller one.
    let (_big, larger) = generate("400", "42");
    assert!(larger.starts_with(&bytes));
}

// Messages that name a command must name one that exists.

#[test]
fn the_unknown_skills_hint_names_a_command_that_runs() {
    let dir = temp_dir();
    let path = util::write_file(
        dir.path(),
        "c.csv",
        "id,name,skills\nc1,Ana,python;cobolx\n",
    );
    let r = ok(&[
        "rank",
        "--candidates",
        path.to_str().unwrap(),
        "--as-of",
        AS_OF,
    ]);
    let hint = r
        .stderr
        .split_once("list them: shiprank ")
        .map(|(_, rest)| rest.split(')').next().unwrap().to_string())
        .unwrap_or_else(|| panic!("no hint in {}", r.stderr));
    let args: Vec<&str> = hint.split_whitespace().collect();
    let hinted = run(&args);
    assert!(hinted.success, "shiprank {hint}: {}", hinted.stderr);
}

// 6. Credential dependence.

/// Each role's `top_kept_without_credentials` from `rank --format json`.
fn kept_without_credentials(args: &[&str]) -> (Vec<(String, u64, u64)>, String) {
    let mut all = vec!["rank", "--format", "json", "--as-of", AS_OF];
    all.extend_from_slice(args);
    let r = ok(&all);
    let doc = json(&r.stdout);
    let kept = json_roles(&doc)
        .iter()
        .map(|role| {
            let t = &role["top_kept_without_credentials"];
            (
                role["role_id"].as_str().unwrap().to_string(),
                t["kept"].as_u64().unwrap(),
                t["of"].as_u64().unwrap(),
            )
        })
        .collect();
    (kept, r.stderr)
}

#[test]
fn credential_dependence_is_the_top_k_kept_by_a_ranking_without_credential_weights() {
    let dir = temp_dir();
    let roles = dir.path().join("roles.toml");
    // The same role with degree and certifications weighted 0: what "ignored" means.
    let text = std::fs::read_to_string(fixture("builder/roles.toml")).unwrap();
    std::fs::write(
        &roles,
        format!("{text}weights = {{ degree = 0, certifications = 0 }}\n"),
    )
    .unwrap();
    let builder = fixture("builder/candidates.csv");
    let builder_roles = fixture("builder/roles.toml");
    let base = ["--candidates", &builder, "--top", "1", "--strategy"];
    for (strategy, kept) in [("credential-first", 0), ("builder-first", 1)] {
        let mut args = base.to_vec();
        args.extend([strategy, "--roles", &builder_roles]);
        let (roles_kept, stderr) = kept_without_credentials(&args);
        assert_eq!(roles_kept, [("backend".to_string(), kept, 1)], "{strategy}");
        assert!(
            stderr.contains(&format!(
                "top 1 unchanged if degree and certifications were ignored: {kept} of 1"
            )),
            "{stderr}"
        );
        // Independently: the top 1 of the same ranking with credential weights set to 0.
        let ids = |roles_file: &str| {
            let r = ok(&[
                "rank",
                "--candidates",
                &builder,
                "--roles",
                roles_file,
                "--top",
                "1",
                "--strategy",
                strategy,
                "--format",
                "csv",
                "--as-of",
                AS_OF,
            ]);
            csv_ids(&Csv::parse(&r.stdout), "backend")
        };
        let same = ids(&builder_roles) == ids(roles.to_str().unwrap());
        assert_eq!(u64::from(same), kept, "{strategy}");
    }
}

#[test]
fn quiet_skips_only_what_it_hides() {
    // `--quiet` CSV leaves the check out (nothing shows it) but not a byte of the ranking.
    let csv = ["rank", "--format", "csv", "--explain", "--as-of", AS_OF];
    let loud = ok(&csv);
    assert!(
        loud.stderr
            .contains("unchanged if degree and certifications were ignored"),
        "{}",
        loud.stderr
    );
    let quiet = ok(&[&csv[..], &["--quiet"]].concat());
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);
    assert!(quiet.stdout == loud.stdout, "--quiet changed the ranking");
    // JSON shows the check, so `--quiet` JSON still has it, the same as without.
    let (quiet_kept, stderr) = kept_without_credentials(&["--quiet"]);
    assert!(stderr.is_empty(), "{stderr}");
    assert!(!quiet_kept.is_empty());
    assert_eq!(quiet_kept, kept_without_credentials(&[]).0);
}
