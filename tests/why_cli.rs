//! `shiprank why`, verified by doing what it says: each reachable suggestion is applied to the
//! candidate's row of a copy of the bundled sample, `shiprank rank` runs again, and the
//! candidate must be in the top k; with the change one display step smaller, they must not be.

mod util;

use std::path::{Path, PathBuf};

use serde_json::Value;
use util::{data, fail, json, ok, role_ids, temp_dir, AS_OF};

/// A seeded SplitMix64, so the pairs checked are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A candidate file and a role file, as the binary is given them.
struct Pool {
    candidates: String,
    roles: String,
}

impl Pool {
    /// The bundled sample.
    fn sample() -> Pool {
        Pool {
            candidates: data("candidates.csv"),
            roles: data("roles.toml"),
        }
    }
}

/// The bundled sample's ids, in file order.
fn sample_ids() -> Vec<String> {
    let mut reader = csv::Reader::from_path(util::root().join(data("candidates.csv"))).unwrap();
    reader
        .records()
        .map(|r| r.unwrap().get(0).unwrap().to_string())
        .collect()
}

/// A copy of the bundled sample with `edits` (field, cell text) made to the row of `id`; a
/// column the sample lacks (`work_hours`) is added, empty for everyone else.
fn edited_sample(
    pool: &Pool,
    dir: &Path,
    name: &str,
    id: &str,
    edits: &[(String, String)],
) -> PathBuf {
    let mut reader = csv::Reader::from_path(util::root().join(&pool.candidates)).unwrap();
    let mut header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    for (field, _) in edits {
        if !header.contains(field) {
            header.push(field.clone());
        }
    }
    let path = dir.join(name);
    let mut writer = csv::Writer::from_path(&path).unwrap();
    writer.write_record(&header).unwrap();
    let mut found = false;
    for record in reader.records() {
        let mut row: Vec<String> = record.unwrap().iter().map(String::from).collect();
        row.resize(header.len(), String::new());
        if row[0] == id {
            found = true;
            for (field, value) in edits {
                let i = header.iter().position(|h| h == field).unwrap();
                row[i] = value.clone();
            }
        }
        writer.write_record(&row).unwrap();
    }
    writer.flush().unwrap();
    assert!(found, "no row {id}");
    path
}

/// A cell of the bundled sample.
fn cell_of(pool: &Pool, id: &str, field: &str) -> String {
    let mut reader = csv::Reader::from_path(util::root().join(&pool.candidates)).unwrap();
    let i = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == field)
        .unwrap();
    reader
        .records()
        .map(|r| r.unwrap())
        .find(|r| r.get(0) == Some(id))
        .map(|r| r.get(i).unwrap().to_string())
        .unwrap()
}

/// `shiprank SUBCOMMAND ARGS` for a role's top k at the sample's date, as JSON.
fn run_json(
    pool: &Pool,
    subcommand: &str,
    args: &[&str],
    role: &str,
    top: usize,
    model: Option<&str>,
) -> Value {
    let top = top.to_string();
    let mut all = vec![subcommand, "--roles", &pool.roles];
    all.extend(args);
    all.extend(["--role", role, "--top", &top, "--format", "json"]);
    all.extend(["--as-of", AS_OF, "--quiet"]);
    if let Some(m) = model {
        all.extend(["--model", m]);
    }
    json(&ok(&all).stdout)
}

/// The candidate's rank in `rank`'s top k for the role, if there.
fn rank_in(
    pool: &Pool,
    file: &Path,
    role: &str,
    top: usize,
    model: Option<&str>,
    id: &str,
) -> Option<u64> {
    let file = file.display().to_string();
    let doc = run_json(pool, "rank", &["--candidates", &file], role, top, model);
    doc["roles"][0]["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["candidate_id"] == id)
        .map(|r| r["rank"].as_u64().unwrap())
}

/// `shiprank why` as JSON.
fn why(pool: &Pool, id: &str, role: &str, top: usize, model: Option<&str>) -> Value {
    let args = ["--candidates", &pool.candidates, "--candidate", id];
    run_json(pool, "why", &args, role, top, model)
}

fn edit_of(v: &Value) -> (String, String) {
    (
        v["field"].as_str().unwrap().to_string(),
        v["value"].as_str().unwrap().to_string(),
    )
}

/// The cell `value` of `field` one display step smaller a change from `current` (`None` when
/// the change is already one step: the unchanged row is the smaller change).
fn one_step_less(field: &str, current: &str, value: &str) -> Vec<String> {
    let number = |s: &str| s.parse::<f64>().unwrap();
    match field {
        "years_experience" => {
            let v = (number(value) * 10.0).round() as i64 - 1;
            let cur = number(current);
            match (v as f64) / 10.0 > cur + 1e-9 {
                true => vec![format!("{}.{}", v / 10, v % 10)],
                false => vec![],
            }
        }
        "total_stars" | "commits_last_year" | "certifications" => {
            let v = value.parse::<u64>().unwrap();
            let cur = number(current) as u64;
            match v > cur + 1 {
                true => vec![(v - 1).to_string()],
                false => vec![],
            }
        }
        "salary_expectation" => {
            let v = number(value);
            let step = if v < 1000.0 {
                1.0
            } else {
                10f64.powi(v.log10().floor() as i32 - 2)
            };
            match current.is_empty() || v + step >= number(current) {
                true => vec![],
                false => vec![format!("{:.0}", v + step)],
            }
        }
        "last_commit" => {
            let d: chrono::NaiveDate = value.parse().unwrap();
            let older = d - chrono::Duration::days(1);
            let cur: Option<chrono::NaiveDate> = current.parse().ok();
            match cur.is_none_or(|c| older > c) {
                true => vec![older.to_string()],
                false => vec![],
            }
        }
        "degree" => {
            const LEVELS: [&str; 6] =
                ["none", "bootcamp", "associate", "bachelor", "master", "phd"];
            let v = LEVELS.iter().position(|l| *l == value).unwrap();
            let cur = LEVELS.iter().position(|l| *l == current).unwrap_or(0);
            match v > cur + 1 {
                true => vec![LEVELS[v - 1].to_string()],
                false => vec![],
            }
        }
        "work_hours" => {
            // Every shift of the same day by fewer minutes, either way.
            let minutes = |hm: &str| {
                let (h, m) = hm.split_once(':').unwrap();
                h.parse::<i32>().unwrap() * 60 + m.parse::<i32>().unwrap()
            };
            let (start, end) = value.split_once('-').unwrap();
            let (cur_start, _) = current.split_once('-').unwrap();
            let len = (minutes(end) - minutes(start)).rem_euclid(1440);
            let shift = (minutes(start) - minutes(cur_start) + 720).rem_euclid(1440) - 720;
            let mut out = Vec::new();
            for s in (30..shift.abs()).step_by(30) {
                for signed in [s, -s] {
                    let a = (minutes(cur_start) + signed).rem_euclid(1440);
                    let b = match (a + len) % 1440 {
                        0 => 1440,
                        e => e,
                    };
                    out.push(format!(
                        "{:02}:{:02}-{:02}:{:02}",
                        a / 60,
                        a % 60,
                        b / 60,
                        b % 60
                    ));
                }
            }
            out
        }
        "skills" => {
            // The item added or changed, half a year less.
            let old: Vec<&str> = current.split(';').collect();
            let changed = value.split(';').find(|i| !old.contains(i)).unwrap();
            let Some((name, years)) = changed.rsplit_once(':') else {
                return vec![];
            };
            let less = number(years) - 0.5;
            let before = old
                .iter()
                .find_map(|i| i.rsplit_once(':').filter(|(n, _)| *n == name))
                .map(|(_, y)| number(y));
            if less < 0.5 || before.is_some_and(|b| less <= b) {
                return vec![];
            }
            let item = format!("{name}:{less}");
            vec![value.replace(changed, &item)]
        }
        other => panic!("no display step for {other}"),
    }
}

/// Each role's ranking of the bundled sample, best first (the first 40).
fn rankings(model: Option<&str>) -> Vec<(String, Vec<String>)> {
    role_ids(&data("roles.toml"))
        .into_iter()
        .map(|role| {
            let doc = run_json(&Pool::sample(), "rank", &[], &role, 40, model);
            let ids = doc["roles"][0]["ranking"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["candidate_id"].as_str().unwrap().to_string())
                .collect();
            (role, ids)
        })
        .collect()
}

/// Seeded random (candidate, role, k) pairs outside the top k: `uniform` drawn from all
/// candidates, `near` from the 15 ranks just below the cut.
fn pairs_outside(
    seed: u64,
    uniform: usize,
    near: usize,
    tops: &[usize],
    model: Option<&str>,
) -> Vec<(String, String, usize)> {
    let ids = sample_ids();
    let rankings = rankings(model);
    let mut rng = Rng(seed);
    let mut out = Vec::new();
    while out.len() < uniform {
        let id = &ids[rng.below(ids.len())];
        let (role, ranked) = &rankings[rng.below(rankings.len())];
        let top = tops[rng.below(tops.len())];
        if !ranked.iter().take(top).any(|r| r == id) {
            out.push((id.clone(), role.clone(), top));
        }
    }
    while out.len() < uniform + near {
        let (role, ranked) = &rankings[rng.below(rankings.len())];
        let top = tops[rng.below(tops.len())];
        let rank = top + rng.below(15);
        if let Some(id) = ranked.get(rank) {
            out.push((id.clone(), role.clone(), top));
        }
    }
    out
}

/// Applies every reachable suggestion of `answer` (and the filter lifts) and checks the
/// candidate reaches the top k, and not with one display step less. Returns how many
/// changes were applied, and how many smaller changes were checked.
fn verify(
    pool: &Pool,
    dir: &Path,
    answer: &Value,
    model: Option<&str>,
    minimal: bool,
) -> (usize, usize) {
    let id = answer["candidate_id"].as_str().unwrap();
    let role = answer["role_id"].as_str().unwrap();
    let top = answer["top"].as_u64().unwrap() as usize;
    let context = format!("{id} for {role} (top {top}): {answer:#}");
    let (mut applied, mut smaller_checked) = (0, 0);
    let lifts: Vec<(String, String)> = answer["filters"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["edit"].as_object().map(|_| edit_of(&f["edit"])))
        .collect();
    if let Some(last) = answer["filters"].as_array().unwrap().last() {
        let file = edited_sample(pool, dir, "lifted.csv", id, &lifts);
        let rank = rank_in(pool, &file, role, top, model, id);
        assert_eq!(
            last["reaches"].as_bool().unwrap(),
            rank.is_some(),
            "{context}"
        );
        applied += 1;
    }
    for s in answer["suggestions"].as_array().unwrap() {
        if !s["reachable"].as_bool().unwrap() {
            continue;
        }
        let mut edits: Vec<(String, String)> =
            s["with"].as_array().unwrap().iter().map(edit_of).collect();
        let (field, value) = edit_of(&s["edit"]);
        edits.push((field.clone(), value.clone()));
        let file = edited_sample(pool, dir, "edited.csv", id, &edits);
        let rank = rank_in(pool, &file, role, top, model, id);
        assert!(
            rank.is_some_and(|r| r as usize <= top),
            "{}: not in the top {top} after {field}={value}\n{context}",
            s["text"]
        );
        assert_eq!(
            rank,
            s["rank_after"].as_u64(),
            "the rank it says, {}",
            s["text"]
        );
        applied += 1;
        if !minimal {
            continue;
        }
        let current = match field.as_str() {
            "skills" => lifts
                .iter()
                .find(|(f, _)| f == "skills")
                .map_or_else(|| cell_of(pool, id, "skills"), |(_, v)| v.clone()),
            "work_hours" => s["current"].as_str().unwrap().to_string(),
            "last_commit" | "degree" => s["current"].as_str().unwrap_or("").to_string(),
            _ => s["current"]
                .as_f64()
                .map_or(String::new(), |v| v.to_string()),
        };
        for less in one_step_less(&field, &current, &value) {
            let mut smaller = edits.clone();
            smaller.last_mut().unwrap().1 = less.clone();
            let file = edited_sample(pool, dir, "smaller.csv", id, &smaller);
            smaller_checked += 1;
            assert_eq!(
                rank_in(pool, &file, role, top, model, id),
                None,
                "{}: {field}={less} is already enough\n{context}",
                s["text"]
            );
        }
    }
    (applied, smaller_checked)
}

#[test]
fn reachable_suggestions_reach_the_top_and_one_step_less_does_not() {
    let dir = temp_dir();
    let pairs = pairs_outside(11, 50, 25, &[3, 5, 10], None);
    let (mut applied, mut with_changes, mut smaller) = (0, 0, 0);
    let mut fields: std::collections::BTreeMap<String, usize> = Default::default();
    for (id, role, top) in &pairs {
        let answer = why(&Pool::sample(), id, role, *top, None);
        assert_ne!(answer["standing"], "inside", "{id} {role}");
        assert_eq!(answer["method"], "exact");
        assert_eq!(answer["as_of"], AS_OF);
        for s in answer["suggestions"].as_array().unwrap() {
            if s["reachable"].as_bool().unwrap() {
                *fields
                    .entry(s["field"].as_str().unwrap().to_string())
                    .or_insert(0) += 1;
            }
        }
        let (n, less) = verify(&Pool::sample(), dir.path(), &answer, None, true);
        with_changes += usize::from(n > 0);
        applied += n;
        smaller += less;
    }
    eprintln!(
        "{} pairs outside the top k: {applied} changes applied over {with_changes} pairs, \
         {smaller} one-step-smaller changes checked; reachable by column: {fields:?}",
        pairs.len()
    );
    assert!(pairs.len() >= 50);
    assert!(
        with_changes >= 20 && applied >= 40,
        "{applied} changes over {with_changes} of {} pairs",
        pairs.len()
    );
}

#[test]
fn a_tree_model_is_searched_and_its_suggestions_verify() {
    let dir = temp_dir();
    for algo in ["tree", "lambdamart"] {
        let model = dir
            .path()
            .join(format!("{algo}.json"))
            .display()
            .to_string();
        ok(&[
            "train",
            "--labels",
            &data("labels.csv"),
            "--as-of",
            AS_OF,
            "--algo",
            algo,
            "--out",
            &model,
            "--quiet",
        ]);
    }
    let mut applied = 0;
    for (i, algo) in ["tree", "lambdamart"].into_iter().enumerate() {
        let model = dir
            .path()
            .join(format!("{algo}.json"))
            .display()
            .to_string();
        for (id, role, top) in pairs_outside(5 + i as u64, 4, 6, &[10], Some(&model)) {
            let answer = why(&Pool::sample(), &id, &role, top, Some(&model));
            assert_eq!(answer["method"], "search", "{answer}");
            assert!(answer["strategy"].as_str().unwrap().starts_with("model:"));
            applied += verify(&Pool::sample(), dir.path(), &answer, Some(&model), true).0;
        }
    }
    eprintln!("{applied} searched suggestions verified");
    assert!(applied >= 4, "{applied} searched suggestions verified");
}

#[test]
fn inside_the_top_the_margin_and_what_drops_them_out() {
    let dir = temp_dir();
    let doc = json(
        &ok(&[
            "rank",
            "--role",
            "data-engineer",
            "--top",
            "6",
            "--format",
            "json",
            "--as-of",
            AS_OF,
        ])
        .stdout,
    );
    let ranking = doc["roles"][0]["ranking"].as_array().unwrap();
    let (fifth, sixth) = (&ranking[4], &ranking[5]);
    let id = fifth["candidate_id"].as_str().unwrap();
    let answer = why(&Pool::sample(), id, "data-engineer", 5, None);
    assert_eq!(answer["standing"], "inside");
    assert_eq!(answer["rank"], 5);
    assert_eq!(answer["rival"]["candidate_id"], sixth["candidate_id"]);
    let margin = fifth["score"].as_f64().unwrap() - sixth["score"].as_f64().unwrap();
    assert!((answer["gap"].as_f64().unwrap() - margin).abs() < 1e-12);
    let mut drops = 0;
    for s in answer["suggestions"].as_array().unwrap() {
        if !s["reachable"].as_bool().unwrap() {
            continue;
        }
        let file = edited_sample(
            &Pool::sample(),
            dir.path(),
            "drop.csv",
            id,
            &[edit_of(&s["edit"])],
        );
        assert_eq!(
            rank_in(&Pool::sample(), &file, "data-engineer", 5, None, id),
            None,
            "{} does not drop {id} out",
            s["text"]
        );
        drops += 1;
    }
    assert!(drops >= 3, "{answer:#}");
    let table = ok(&[
        "why",
        "--candidate",
        id,
        "--role",
        "data-engineer",
        "--top",
        "5",
        "--as-of",
        AS_OF,
    ]);
    let text = table.stdout_text();
    assert!(text.contains("inside the top 5: score"), "{text}");
    assert!(text.contains("what would drop them out"), "{text}");
    assert!(
        table.stderr.contains("as of 2026-10-01"),
        "{}",
        table.stderr
    );
}

#[test]
fn csv_has_a_row_per_suggestion_and_out_writes_atomically() {
    let dir = temp_dir();
    let out = dir.path().join("why.csv");
    let out_arg = out.display().to_string();
    let args = [
        "why",
        "--candidate",
        "c0000001",
        "--role",
        "fintech-backend",
        "--as-of",
        AS_OF,
        "--format",
        "csv",
        "--out",
        &out_arg,
        "--quiet",
    ];
    ok(&args);
    let csv = util::Csv::parse(&util::read(&out));
    assert_eq!(csv.headers[..3], ["candidate_id", "role_id", "as_of"]);
    let answer = why(&Pool::sample(), "c0000001", "fintech-backend", 10, None);
    let n = answer["suggestions"].as_array().unwrap().len()
        + answer["filters"].as_array().unwrap().len();
    assert_eq!(csv.rows.len(), n);
    assert_eq!(util::cell(&csv.rows[0], "kind"), "filter");
    assert_eq!(util::cell(&csv.rows[0], "edit_field"), "salary_expectation");
    assert_eq!(answer["standing"], "excluded");
    assert!(answer["filters"][0]["filter"]
        .as_str()
        .unwrap()
        .starts_with("salary above maximum"));
}

#[test]
fn unknown_candidates_and_roles_are_named() {
    let err = fail(&[
        "why",
        "--candidate",
        "c000001",
        "--role",
        "data-engineer",
        "--as-of",
        AS_OF,
    ]);
    assert!(
        err.contains("data/candidates.csv: no candidate with id \"c000001\" (close ids: c0000001"),
        "{err}"
    );
    let err = fail(&[
        "why",
        "--candidate",
        "c0000001",
        "--role",
        "data-engineers",
        "--as-of",
        AS_OF,
    ]);
    assert!(
        err.contains("data/roles.toml: no role \"data-engineers\" (roles: ml-senior-us-west,"),
        "{err}"
    );
}

/// A team in New York whose overlap weighs most, and four candidates: the first choice in
/// New York, one in Lisbon whose day overlaps 3 hours, one whose salary is above the band,
/// one in Tokyo that the overlap filter excludes.
const POOL: &str = "\
id,timezone,work_hours,years_experience,skills,salary_expectation,salary_currency,total_stars
ny,America/New_York,09:00-17:00,6,python:6;sql:6,90000,USD,400
lisbon,Europe/Lisbon,09:00-17:00,6,python:6;sql:6,95000,USD,500
pricey,America/New_York,09:00-17:00,6,python:6;sql:6,150000,USD,500
tokyo,Asia/Tokyo,09:00-17:00,6,python:6;sql:6,95000,USD,500
";

const ROLES: &str = r#"
[[role]]
id = "ny"
min_years = 3
team_timezone = "America/New_York"
min_overlap_hours = 8
required = ["python", "sql"]
salary = { min = 50000, max = 100000, currency = "USD" }
weights = { timezone_overlap = 40, salary_fit = 30 }
filters = { min_overlap_hours = 2 }
"#;

#[test]
fn working_hours_and_salary_are_verified_too() {
    let dir = temp_dir();
    let pool = Pool {
        candidates: util::write_file(dir.path(), "pool.csv", POOL)
            .display()
            .to_string(),
        roles: util::write_file(dir.path(), "roles.toml", ROLES)
            .display()
            .to_string(),
    };
    let mut fields = Vec::new();
    for id in ["lisbon", "pricey", "tokyo"] {
        let answer = why(&pool, id, "ny", 1, None);
        assert_ne!(answer["standing"], "inside", "{answer:#}");
        for s in answer["suggestions"].as_array().unwrap() {
            if s["reachable"].as_bool().unwrap() {
                fields.push(s["field"].as_str().unwrap().to_string());
            }
        }
        verify(&pool, dir.path(), &answer, None, true);
        if id == "tokyo" {
            let lift = &answer["filters"][0];
            assert!(lift["filter"]
                .as_str()
                .unwrap()
                .starts_with("overlap below minimum"));
            assert_eq!(lift["edit"]["field"], "work_hours", "{answer:#}");
        }
    }
    assert!(fields.iter().any(|f| f == "work_hours"), "{fields:?}");
    assert!(
        fields.iter().any(|f| f == "salary_expectation"),
        "{fields:?}"
    );
}
