//! Bad candidate and role files: each is refused with a message that says where
//! (`FILE:LINE: field "NAME": reason` for rows, `FILE: role "ID": key "KEY": reason` for roles),
//! `--skip-invalid` keeps going and accounts for every row, and no input makes the binary panic
//! (every run through `util` checks that).

mod util;

use std::collections::BTreeSet;

use util::{cell, fail, fixture, number, ok, parse_row_message, row_messages, temp_dir, Csv};
use util::{RowMessage, AS_OF};

/// Runs the bundled roles on `tests/fixtures/bad/NAME` and checks the one row message:
/// file, line and field exactly; the reason loosely (it contains every word of `reason`).
fn assert_refused(name: &str, line: u64, field: &str, reason: &[&str]) {
    let file = fixture(&format!("bad/{name}"));
    let stderr = fail(&["rank", "--candidates", &file, "--as-of", AS_OF]);
    let messages = row_messages(&stderr);
    assert_eq!(messages.len(), 1, "one row message expected:\n{stderr}");
    let m = &messages[0];
    assert_eq!(
        (m.file.as_str(), m.line, m.field.as_str()),
        (file.as_str(), line, field),
        "{stderr}"
    );
    for word in reason {
        assert!(m.reason.contains(word), "reason lacks {word:?}: {stderr}");
    }
}

// Rows refused one at a time. Every fixture has a header, two good rows, the bad row on
// line 4 and a good row after it, so the line is the bad row's, not the first or last.

#[test]
fn a_missing_id_is_refused() {
    assert_refused("missing_id.csv", 4, "id", &["missing"]);
}

#[test]
fn a_duplicate_id_is_refused() {
    assert_refused("duplicate_id.csv", 4, "id", &["duplicate", "ok1"]);
}

#[test]
fn a_non_numeric_number_is_refused() {
    assert_refused("non_numeric.csv", 4, "salary_expectation", &["12k"]);
}

#[test]
fn a_negative_number_is_refused() {
    assert_refused("negative.csv", 4, "years_experience", &["negative", "-3"]);
}

#[test]
fn an_unknown_time_zone_is_refused() {
    assert_refused(
        "unknown_timezone.csv",
        4,
        "timezone",
        &["time zone", "America/Sao Paulo"],
    );
}

#[test]
fn an_invalid_date_is_refused_on_the_line_the_row_starts() {
    // Row 2 has a quoted name spanning two lines, so the bad row (record 4) starts on line 5.
    assert_refused(
        "invalid_date.csv",
        5,
        "last_commit",
        &["date", "2026-02-30"],
    );
}

#[test]
fn an_unknown_currency_is_refused() {
    assert_refused(
        "unknown_currency.csv",
        4,
        "salary_currency",
        &["currency", "XYZ"],
    );
}

#[test]
fn an_unknown_degree_is_refused() {
    assert_refused("unknown_degree.csv", 4, "degree", &["degree", "doctorate"]);
}

#[test]
fn a_row_with_the_wrong_number_of_fields_is_refused() {
    assert_refused("wrong_field_count.csv", 4, "(record)", &["fields"]);
}

#[test]
fn a_jsonl_line_that_is_not_an_object_says_so() {
    // Line 4 of mixed.jsonl is `[1, 2, 3]`: valid JSON, but an array.
    let file = fixture("bad/mixed.jsonl");
    let (stderr, _) = rank_skipping(&file, &[]);
    let m = row_messages(&stderr)
        .into_iter()
        .find(|m| m.line == 4)
        .unwrap_or_else(|| panic!("line 4 not rejected:\n{stderr}"));
    assert_eq!(m.field, "(record)");
    assert!(m.reason.contains("object"), "{stderr}");
}

#[test]
fn an_invalid_json_line_is_refused() {
    // Line 3 is blank (skipped, but counted as a line); line 4 is cut short.
    assert_refused("invalid_json.jsonl", 4, "(record)", &["JSON"]);
}

// --skip-invalid.

/// A bad row expected among the rejects: line, id (where the row has a usable one), field,
/// and a word of the reason.
type Expected = (u64, Option<&'static str>, &'static str, &'static str);

/// The bad rows of tests/fixtures/bad/mixed.csv (five good rows sit between them; the good
/// row ok3 spans lines 7-8).
const MIXED_CSV: [Expected; 9] = [
    (3, None, "id", "missing"),
    (5, Some("ok1"), "id", "duplicate"),
    (6, Some("b6"), "years_experience", "five"),
    (9, Some("b9"), "total_stars", "negative"),
    (10, Some("b10"), "timezone", "time zone"),
    (12, Some("b12"), "last_commit", "date"),
    (13, Some("b13"), "salary_currency", "currency"),
    (14, Some("b14"), "degree", "degree"),
    (15, None, "(record)", "fields"),
];

/// The bad rows of tests/fixtures/bad/mixed.jsonl.
const MIXED_JSONL: [Expected; 5] = [
    (2, None, "(record)", "JSON"),
    (4, None, "(record)", "JSON"),
    (5, Some("j5"), "commits_last_year", "negative"),
    (7, None, "repos", "repositories"),
    (8, Some("j1"), "id", "duplicate"),
];

/// Data rows in a CSV file (records after the header, whatever their length).
fn csv_rows_in(file: &str) -> usize {
    csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(util::read(file).as_slice())
        .records()
        .count()
}

/// Data rows in a JSONL file (non-blank lines).
fn jsonl_rows_in(file: &str) -> usize {
    String::from_utf8(util::read(file))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count()
}

/// The `N rows read, M ranked, K rejected` summary on standard error.
fn summary(stderr: &str) -> (usize, usize, usize) {
    let line = stderr
        .lines()
        .find(|l| l.contains(" rows read, "))
        .unwrap_or_else(|| panic!("no summary line in {stderr}"));
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    assert!(
        line.contains(&format!(
            "{} rows read, {} ranked, {} rejected",
            numbers[0], numbers[1], numbers[2]
        )),
        "{line}"
    );
    (numbers[0], numbers[1], numbers[2])
}

/// Ranks `file` with --skip-invalid (and `extra`) for the filter-free role, every candidate
/// kept; returns standard error and the distinct candidate ids ranked.
fn rank_skipping(file: &str, extra: &[&str]) -> (String, BTreeSet<String>) {
    let roles = fixture("roles/open.toml");
    let base = [
        "rank",
        "--candidates",
        file,
        "--roles",
        &roles,
        "--skip-invalid",
        "--format",
        "csv",
        "--top",
        "1000",
        "--as-of",
        AS_OF,
    ];
    let r = ok(&[&base[..], extra].concat());
    let ids = Csv::parse(&r.stdout)
        .rows
        .iter()
        .map(|row| cell(row, "candidate_id").to_string())
        .collect();
    (r.stderr, ids)
}

/// Checks the rejects file of a --skip-invalid run against `expected`, and the accounting:
/// ranked + rejected = rows in.
fn assert_skipped(file: &str, rows_in: usize, expected: &[Expected]) {
    let dir = temp_dir();
    let rejects_path = dir.path().join("rejects.csv");
    let rejects_arg = rejects_path.to_str().unwrap();
    let (stderr, ranked) = rank_skipping(file, &["--rejects", rejects_arg]);
    let bytes = util::read(&rejects_path);
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert_eq!(text.lines().next(), Some("line,id,field,reason,file"));
    let rejects = Csv::parse(&bytes);
    assert_eq!(rejects.rows.len(), expected.len(), "{text}");
    for (row, &(line, id, field, word)) in rejects.rows.iter().zip(expected) {
        assert_eq!(number(row, "line"), line as f64, "{row:?}");
        assert_eq!(cell(row, "field"), field, "{row:?}");
        assert_eq!(cell(row, "file"), file, "{row:?}");
        if let Some(id) = id {
            assert_eq!(cell(row, "id"), id, "{row:?}");
        }
        assert!(cell(row, "reason").contains(word), "{row:?}");
    }
    assert!(
        row_messages(&stderr).is_empty(),
        "with --rejects the rows go to the file, not stderr:\n{stderr}"
    );
    assert!(
        stderr.contains(rejects_arg),
        "the summary names the file: {stderr}"
    );
    let (read, ranked_n, rejected) = summary(&stderr);
    assert_eq!(read, rows_in, "rows read");
    assert_eq!(rejected, expected.len(), "rows rejected");
    assert_eq!(ranked_n, ranked.len(), "rows ranked");
    assert_eq!(ranked_n + rejected, read, "ranked + rejected = rows in");
    // Written atomically: no temporary file is left beside it.
    assert_eq!(util::list_dir(dir.path()), ["rejects.csv"]);
}

#[test]
fn skip_invalid_accounts_for_every_csv_row_in_the_rejects_file() {
    let file = fixture("bad/mixed.csv");
    assert_skipped(&file, csv_rows_in(&file), &MIXED_CSV);
}

#[test]
fn skip_invalid_accounts_for_every_jsonl_row_in_the_rejects_file() {
    let file = fixture("bad/mixed.jsonl");
    assert_skipped(&file, jsonl_rows_in(&file), &MIXED_JSONL);
}

#[test]
fn skip_invalid_without_rejects_prints_each_rejected_row() {
    let file = fixture("bad/mixed.csv");
    let (stderr, ranked) = rank_skipping(&file, &[]);
    let printed: Vec<(u64, String)> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("shiprank: rejected "))
        .filter_map(parse_row_message)
        .map(|m: RowMessage| {
            assert_eq!(m.file, file);
            (m.line, m.field)
        })
        .collect();
    let expected: Vec<(u64, String)> = MIXED_CSV
        .iter()
        .map(|&(line, _, field, _)| (line, field.to_string()))
        .collect();
    assert_eq!(printed, expected, "{stderr}");
    let (read, ranked_n, rejected) = summary(&stderr);
    assert_eq!(
        (read, ranked_n, rejected),
        (csv_rows_in(&file), ranked.len(), MIXED_CSV.len())
    );
}

#[test]
fn rejects_needs_skip_invalid() {
    let dir = temp_dir();
    let path = dir.path().join("rejects.csv");
    let bad = fixture("bad/mixed.csv");
    fail(&[
        "rank",
        "--candidates",
        &bad,
        "--rejects",
        path.to_str().unwrap(),
    ]);
    assert!(!path.exists());
}

#[test]
fn jsonl_rejects_keep_the_id_of_a_row_with_bad_repositories() {
    let dir = temp_dir();
    let path = dir.path().join("rejects.csv");
    rank_skipping(
        &fixture("bad/mixed.jsonl"),
        &["--rejects", path.to_str().unwrap()],
    );
    let rejects = Csv::parse(&util::read(&path));
    let row = rejects
        .rows
        .iter()
        .find(|r| cell(r, "field") == "repos")
        .expect("the bad-repos row");
    assert_eq!(cell(row, "id"), "j7");
}

// Bad role files: `FILE: role "ID": key "KEY": reason`.

/// Runs the bundled candidates against `tests/fixtures/roles/NAME`; checks the message names
/// the file, role and key; returns the reason.
fn role_refused(name: &str, role: &str, key: &str) -> String {
    let file = fixture(&format!("roles/{name}"));
    let stderr = fail(&["rank", "--roles", &file, "--as-of", AS_OF]);
    let prefix = format!("{file}: role \"{role}\": key \"{key}\": ");
    let line = stderr
        .lines()
        .find(|l| l.contains(&prefix))
        .unwrap_or_else(|| panic!("no {prefix:?} in:\n{stderr}"));
    line.split_once(&prefix).unwrap().1.to_string()
}

#[test]
fn an_unknown_skill_in_a_role_is_refused_with_a_suggestion() {
    let reason = role_refused("unknown_skill.toml", "ml-typo", "required.skill");
    assert!(reason.contains("pytorh"), "{reason}");
    assert!(
        reason.contains("did you mean") && reason.contains("pytorch"),
        "{reason}"
    );
}

#[test]
fn an_unknown_team_time_zone_is_refused() {
    let reason = role_refused("unknown_timezone.toml", "tz-typo", "team_timezone");
    assert!(reason.contains("America/Los Angeles"), "{reason}");
}

#[test]
fn an_unknown_strategy_is_refused() {
    let reason = role_refused("bad_strategy.toml", "vibes", "strategy");
    assert!(reason.contains("vibes-first"), "{reason}");
    assert!(
        reason.contains("builder-first"),
        "names the known ones: {reason}"
    );
}

#[test]
fn an_unknown_weight_feature_is_refused() {
    let reason = role_refused("unknown_weight.toml", "weights-typo", "weights.stars");
    assert!(
        reason.contains("repo_impact"),
        "names the known features: {reason}"
    );
}

#[test]
fn invalid_toml_is_refused_naming_the_file() {
    let file = fixture("roles/invalid.toml");
    let stderr = fail(&["rank", "--roles", &file, "--as-of", AS_OF]);
    assert!(stderr.contains(&format!("{file}: ")), "{stderr}");
}

#[test]
fn invalid_toml_names_the_line() {
    // roles/invalid.toml: the string opened on line 2 is never closed.
    let file = fixture("roles/invalid.toml");
    let stderr = fail(&["rank", "--roles", &file, "--as-of", AS_OF]);
    assert!(stderr.contains("line 2"), "{stderr}");
}

// Missing files.

#[test]
fn a_missing_candidates_file_is_named() {
    let path = "tests/fixtures/no-such-candidates.csv";
    let stderr = fail(&["rank", "--candidates", path, "--as-of", AS_OF]);
    assert!(
        stderr.starts_with(&format!("shiprank: --candidates {path}: no such file")),
        "{stderr}"
    );
}

#[test]
fn a_missing_roles_file_is_named() {
    let path = "tests/fixtures/no-such-roles.toml";
    let stderr = fail(&["rank", "--roles", path, "--as-of", AS_OF]);
    assert!(
        stderr.starts_with(&format!("shiprank: --roles {path}: no such file")),
        "{stderr}"
    );
}

#[test]
fn a_missing_file_error_states_its_cause_once() {
    let path = "tests/fixtures/no-such-candidates.csv";
    let stderr = fail(&["rank", "--candidates", path, "--as-of", AS_OF]);
    let line = stderr.lines().next().unwrap();
    let parts: Vec<&str> = line.split(": ").collect();
    assert!(
        parts.windows(2).all(|w| w[0] != w[1]),
        "the cause is repeated: {line}"
    );
}

// Odd inputs: refused or ranked, never a panic.

#[test]
fn odd_inputs_never_panic() {
    let cases: [(&str, &[u8]); 21] = [
        ("empty.csv", b""),
        ("header_only.csv", b"id,name\n"),
        ("no_id_column.csv", b"name,skills\nAna,python\n"),
        ("bom.csv", b"\xef\xbb\xbfid,name\na,Ana\n"),
        ("binary.csv", b"\x00\x01\x02garbage\xff\xfe"),
        ("bad_utf8.csv", b"id,last_commit\na,2026-01-01\xff\n"),
        ("unterminated_quote.csv", b"id,name\n\"a,Ana\n"),
        ("nan.csv", b"id,years_experience\na,NaN\n"),
        (
            "inf.csv",
            b"id,years_experience,salary_expectation\na,1,inf\n",
        ),
        (
            "huge.csv",
            b"id,years_experience,total_stars\na,1e400,99999999999999999999999\n",
        ),
        (
            "max_counts.csv",
            b"id,total_stars,total_forks,commits_last_year,certifications\n\
              a,18446744073709551615,18446744073709551615,18446744073709551615,4294967296\n",
        ),
        (
            "odd_skills.csv",
            b"id,skills\na,:::;;;python:NaN;:3;python:-1\n",
        ),
        (
            "odd_hours.csv",
            b"id,timezone,work_hours\na,UTC,25:00-26:00\nb,UTC,22:00-06:00\n",
        ),
        (
            "dst_gap.csv",
            b"id,timezone,work_hours\na,America/New_York,02:30-10:30\n",
        ),
        (
            "far_dates.csv",
            b"id,last_commit\na,9999-12-31\nb,0001-01-01\n",
        ),
        (
            "huge_salary.csv",
            b"id,salary_expectation,salary_currency\na,1e300,ARS\n",
        ),
        ("bin.jsonl", b"\xff\xfe\n"),
        (
            "odd.jsonl",
            b"null\n\"s\"\n{\"id\":null}\n{\"id\":5,\"skills\":{\"python\":\"x\"}}\n\
              {\"id\":\"x\",\"repos\":null,\"skills\":[null]}\n{\"id\":\"y\",\"repos\":{\"a\":1}}\n\
              {\"id\":\"z\",\"years_experience\":1e999}\n",
        ),
        (
            "odd_repos.jsonl",
            b"{\"id\":\"a\",\"repos\":[{\"name\":\"r\",\"pushed_at\":\"not a date\"}]}\n",
        ),
        (
            "max_repos.jsonl",
            b"{\"id\":\"a\",\"repos\":[{\"name\":\"r\",\"stargazers_count\":18446744073709551615,\
              \"forks_count\":18446744073709551615,\"fork\":false}]}\n",
        ),
        ("deep.jsonl", &[b'['; 100_000]),
    ];
    let dir = temp_dir();
    for (name, bytes) in cases {
        let path = util::write_file(dir.path(), name, bytes);
        let path = path.to_str().unwrap();
        for skip in [&[][..], &["--skip-invalid"][..]] {
            let args = [
                &["rank", "--candidates", path, "--top", "3", "--as-of", AS_OF][..],
                skip,
            ];
            let r = util::run(&args.concat());
            if !r.success {
                assert!(
                    r.stderr.contains(name),
                    "{name}: the error names no file: {}",
                    r.stderr
                );
            }
        }
    }
    // Extreme dates and sizes on the command line.
    for args in [
        &["rank", "--as-of", "0001-01-01", "--top", "1"][..],
        &["rank", "--as-of", "9999-12-31", "--top", "1"][..],
        &["rank", "--as-of", AS_OF, "--top", "18446744073709551615"][..],
        &["rank", "--as-of", "2026-02-30"][..],
        &["rank", "--top", "0"][..],
        &["rank", "--threads", "0"][..],
        &[
            "generate",
            "--count",
            "0",
            "--out-dir",
            dir.path().to_str().unwrap(),
        ][..],
    ] {
        util::run(args);
    }
}
