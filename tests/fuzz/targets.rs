//! The fuzz targets, shared by the stable mutation fuzzer (`tests/fuzz.rs`) and the AFL++
//! harness (`tests/fuzz/afl/`).
//!
//! Each target takes arbitrary bytes as the content of one input file, runs the parser a
//! `shiprank` command would run on that file, and checks what it read: an input is either read
//! into values that hold together, or refused with an error that names the file. A target
//! panics (and so fails the fuzzer) on a parser panic or on a broken invariant, never on a
//! refusal. It returns a trace: short skeletons of the paths taken (error messages with numbers
//! and quoted text blanked out), which the mutation fuzzer uses as a cheap stand-in for
//! coverage.

use std::collections::HashSet;
use std::num::NonZeroUsize;
use std::sync::OnceLock;

use shiprank::github::{import_responses, Response};
use shiprank::{
    labelled_pairs, model_checksum, parse_labels, parse_roles, rank, read_csv, read_jsonl,
    Candidate, CandidateSet, LetorReader, Model, ModelScorer, PairSource, RankData, RankOptions,
    RateTable, ReadOptions, Role, Scorer, Taxonomy,
};

/// A fuzz target: the bytes of one input file in, a trace out.
pub type Target = fn(&[u8]) -> Vec<String>;

/// Every target, by the name its corpus folder has.
pub const TARGETS: [(&str, Target); 7] = [
    ("csv", csv),
    ("jsonl", jsonl),
    ("roles", roles),
    ("labels", labels),
    ("letor", letor),
    ("github", github),
    ("model", model),
];

/// The target called `name`.
pub fn target(name: &str) -> Option<Target> {
    TARGETS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

const AS_OF: &str = "2026-06-01";

/// The roles candidates are ranked against: every kind of role key, two currencies.
const ROLES: &str = r#"
[[role]]
id = "backend"
min_years = 3
team_timezone = "America/Sao_Paulo"
core_hours = "09:00-17:00"
required = [{ skill = "python", importance = 3, min_years = 4 }, "postgresql"]
nice = ["kubernetes", "rust"]
salary = { min = 50000, max = 80000, currency = "EUR" }
filters = { max_salary = 90000, min_overlap_hours = 2 }

[[role]]
id = "frontend"
strategy = "credential-first"
required = ["typescript"]
weights = { repo_impact = 20 }
filters = { must_have = ["react"] }
"#;

/// The candidates roles are ranked against (and labels joined with).
const CANDIDATES: &str = "\
id,name,country,timezone,work_hours,years_experience,skills,degree,certifications,\
salary_expectation,salary_currency,public_repos,total_stars,total_forks,commits_last_year,\
last_commit,repo_languages
builder,Bia,Brazil,America/Sao_Paulo,09:00-17:00,5,python:5;postgres:5;react,none,0,60000,USD,\
40,4200,310,460,2026-05-28,python;sql
doctor,Dani,Brazil,Asia/Tokyo,22:00-06:00,0,typescript:1,phd,3,60000,GBP,0,0,0,0,,
empty,,,,,,,,,,,,,,,,
";

fn taxonomy() -> &'static Taxonomy {
    Taxonomy::bundled()
}

fn rates() -> &'static RateTable {
    RateTable::bundled()
}

fn fixed_roles() -> &'static [Role] {
    static ROLES_READ: OnceLock<Vec<Role>> = OnceLock::new();
    ROLES_READ.get_or_init(|| parse_roles(ROLES, "fixed.toml", taxonomy(), rates()).unwrap())
}

fn fixed_candidates() -> &'static [Candidate] {
    static READ: OnceLock<Vec<Candidate>> = OnceLock::new();
    READ.get_or_init(|| {
        let options = ReadOptions::new(taxonomy(), rates());
        read_csv(CANDIDATES.as_bytes(), "fixed.csv", &options)
            .unwrap()
            .candidates
    })
}

fn rank_options(model: Option<&dyn Scorer>) -> RankOptions<'_> {
    RankOptions {
        top: NonZeroUsize::new(5).unwrap(),
        as_of: AS_OF.parse().unwrap(),
        taxonomy: taxonomy(),
        rates: rates(),
        model,
    }
}

/// The shape of an error message, as a trace entry: its first few plain lower-case words
/// outside quotes (numbers, quoted text and names left out).
fn skeleton(message: &str) -> String {
    let mut quoted = false;
    let mut words = Vec::new();
    for word in message.split_whitespace() {
        let quotes = word.matches('"').count();
        if quotes % 2 == 1 {
            quoted = !quoted;
        }
        let plain = word.len() <= 20
            && word
                .chars()
                .all(|c| c.is_ascii_lowercase() || matches!(c, '-' | ':' | ',' | '(' | ')'));
        if quotes == 0 && !quoted && plain {
            words.push(word);
        }
        if words.len() == 6 {
            break;
        }
    }
    words.join(" ")
}

/// A field name as a trace entry: a candidate field, or `(other)` for an attribute column.
fn field_name(field: &str) -> &str {
    let known = field.starts_with('(')
        || (!field.is_empty() && field.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
    if known {
        field
    } else {
        "(other)"
    }
}

/// Checks a refusal names the file: `FILE: ...` or `FILE:LINE: field "NAME": reason`.
fn refused(error: &dyn std::fmt::Display, file: &str, trace: &mut Vec<String>) {
    let message = error.to_string();
    assert!(
        message.starts_with(file),
        "a refusal names the file {file}: {message}"
    );
    let field = message
        .split_once("field \"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map_or("", |(name, _)| field_name(name));
    trace.push(format!("{field} {}", skeleton(&message[file.len()..])));
}

/// Rankings of `candidates` for `roles` hold together: preset scores are weighted means of
/// features in [0, 1]; a model's scores are numbers.
fn check_rankings(candidates: &[Candidate], roles: &[Role], model: Option<&dyn Scorer>) {
    let rankings = rank(candidates, roles, &rank_options(model));
    assert_eq!(rankings.len(), roles.len(), "one ranking per role");
    for ranking in &rankings {
        assert!(ranking.ranked.len() <= 5, "top 5 only");
        assert!(
            ranking.considered <= candidates.len(),
            "considered {} of {}",
            ranking.considered,
            candidates.len()
        );
        for ranked in &ranking.ranked {
            let score = ranked.score;
            match model {
                None => assert!(
                    (-1e-9..=1.0 + 1e-9).contains(&score),
                    "score {score} of {} is not in [0, 1]",
                    ranked.candidate_id
                ),
                Some(_) => assert!(!score.is_nan(), "NaN score of {}", ranked.candidate_id),
            }
        }
    }
}

/// A candidate file's rows hold together: every row is a candidate or a reject, ids are
/// unique, numbers are finite and in range, rejects name file, line and field.
fn check_candidates(set: &CandidateSet, file: &str, input: &[u8], trace: &mut Vec<String>) {
    assert_eq!(
        set.rows,
        set.candidates.len() + set.rejects.len(),
        "every row is a candidate or a reject"
    );
    let lines = input.iter().filter(|&&b| b == b'\n' || b == b'\r').count() as u64 + 1;
    let mut ids = HashSet::new();
    for c in &set.candidates {
        assert!(
            !c.id.is_empty() && c.id == c.id.trim(),
            "id {:?} is empty or untrimmed",
            c.id
        );
        assert!(
            ids.insert(c.id.as_str()),
            "duplicate id {:?} was read",
            c.id
        );
        assert!(
            c.years_experience.is_finite() && c.years_experience >= 0.0,
            "years {}",
            c.years_experience
        );
        if let Some(salary) = c.salary {
            assert!(
                salary.amount.is_finite() && salary.amount >= 0.0,
                "salary {}",
                salary.amount
            );
            trace.push("salary".into());
        }
        for (_, years) in &c.stated_skills {
            assert!(years.is_none_or(|y| y.is_finite() && y >= 0.0), "{years:?}");
        }
        for (flag, name) in [
            (c.timezone.is_some(), "timezone"),
            (!c.repos.is_empty(), "repos"),
            (!c.unknown_skills.is_empty(), "unknown skills"),
            (!c.attributes.is_empty(), "attributes"),
            (c.last_commit.is_some(), "last commit"),
        ] {
            if flag {
                trace.push(name.into());
            }
        }
    }
    let mut last = 0;
    for r in &set.rejects {
        assert_eq!(r.file, file);
        assert!(
            r.line >= 1 && r.line <= lines && r.line >= last,
            "reject line {} (last {last}, {lines} lines)",
            r.line
        );
        last = r.line;
        assert!(!r.field.is_empty() && !r.reason.is_empty(), "{r}");
        trace.push(format!("{}: {}", field_name(&r.field), skeleton(&r.reason)));
    }
    check_rankings(&set.candidates, fixed_roles(), None);
}

fn candidate_options() -> ReadOptions<'static> {
    ReadOptions {
        skip_invalid: true,
        keep_attributes: true,
        ..ReadOptions::new(taxonomy(), rates())
    }
}

/// A CSV candidate file (`shiprank rank --candidates FILE.csv`).
pub fn csv(data: &[u8]) -> Vec<String> {
    let mut trace = Vec::new();
    match read_csv(data, "fuzz.csv", &candidate_options()) {
        Ok(set) => check_candidates(&set, "fuzz.csv", data, &mut trace),
        Err(e) => refused(&e, "fuzz.csv", &mut trace),
    }
    trace
}

/// A JSONL candidate file (`shiprank rank --candidates FILE.jsonl`).
pub fn jsonl(data: &[u8]) -> Vec<String> {
    let mut trace = Vec::new();
    match read_jsonl(data, "fuzz.jsonl", &candidate_options()) {
        Ok(set) => check_candidates(&set, "fuzz.jsonl", data, &mut trace),
        Err(e) => refused(&e, "fuzz.jsonl", &mut trace),
    }
    trace
}

/// A role file (`--roles FILE.toml`); the roles read rank the fixed candidates.
pub fn roles(data: &[u8]) -> Vec<String> {
    let mut trace = Vec::new();
    let Ok(text) = std::str::from_utf8(data) else {
        return vec!["not UTF-8".into()];
    };
    match parse_roles(text, "fuzz.toml", taxonomy(), rates()) {
        Ok(roles) => {
            let as_of = AS_OF.parse().unwrap();
            for role in &roles {
                let weights = role.weights().linear().weights();
                let sum: f64 = weights.iter().sum();
                assert!(
                    weights.iter().all(|w| (0.0..=1.0).contains(w)) && (sum - 1.0).abs() < 1e-9,
                    "weights of {}: {weights:?}",
                    role.id
                );
                for usd in [role.band_max_usd(as_of), role.max_salary_usd(as_of)] {
                    assert!(usd.is_none_or(f64::is_finite), "{usd:?}");
                }
                trace.push(format!("role {}", role.preset));
            }
            check_rankings(fixed_candidates(), &roles, None);
        }
        Err(e) => refused(&e, "fuzz.toml", &mut trace),
    }
    trace
}

/// A label file (`--labels FILE.csv`); the labels read are joined with the fixed candidates and
/// roles.
pub fn labels(data: &[u8]) -> Vec<String> {
    let mut trace = Vec::new();
    match parse_labels(data, "fuzz.csv") {
        Ok(labels) => {
            let mut last = 0;
            for label in &labels {
                assert!(label.line > last, "label lines increase");
                last = label.line;
                assert!(!label.role_id.is_empty() && !label.candidate_id.is_empty());
            }
            let source = PairSource {
                candidates: fixed_candidates(),
                candidates_file: "fixed.csv",
                roles: fixed_roles(),
                roles_file: "fixed.toml",
                labels: &labels,
                labels_file: "fuzz.csv",
            };
            match labelled_pairs(&source, AS_OF.parse().unwrap(), taxonomy(), rates()) {
                Ok(data) => {
                    assert_eq!(data.n_rows(), labels.len(), "one row per label");
                    assert!(data.features.iter().all(|v| v.is_finite()));
                    trace.push("pairs".into());
                }
                Err(e) => refused(&e, "fuzz.csv", &mut trace),
            }
        }
        Err(e) => refused(&e, "fuzz.csv", &mut trace),
    }
    trace
}

/// A LETOR / SVMlight file (`--letor FILE`): read, checked, written and read back the same.
pub fn letor(data: &[u8]) -> Vec<String> {
    let mut trace = Vec::new();
    let reader = LetorReader::new().no_query_file();
    match reader.read_from(data, "fuzz.letor") {
        Ok(read) => {
            read.validate().expect("read data is valid");
            assert!(read.features.iter().all(|v| v.is_finite()));
            assert!(read.labels.iter().all(|v| v.is_finite()));
            let mut text = Vec::new();
            read.write_letor(&mut text).expect("valid data is written");
            let back = LetorReader::new()
                .no_query_file()
                .n_features(read.n_features())
                .read_from(text.as_slice(), "written")
                .expect("written data reads back");
            assert_eq!(back.features, read.features, "features round-trip");
            assert_eq!(back.labels, read.labels, "labels round-trip");
            assert_eq!(back.groups, read.groups, "groups round-trip");
            assert_eq!(back.comments, read.comments, "comments round-trip");
            trace.push(format!("qids {}", read.qids.is_some()));
            let n = read.n_rows();
            let ranked = RankData::from_letor(read);
            assert_eq!(ranked.n_rows(), n);
        }
        Err(e) => refused(&e, "fuzz.letor", &mut trace),
    }
    trace
}

/// Saved GitHub responses (`shiprank import github`): the user object, the repository list and
/// optionally the events list, separated by lines of `---`. An imported record reads back as a
/// JSONL candidate.
pub fn github(data: &[u8]) -> Vec<String> {
    let mut trace = Vec::new();
    let Ok(text) = std::str::from_utf8(data) else {
        return vec!["not UTF-8".into()];
    };
    let mut parts = text.splitn(3, "\n---\n");
    let (user, repos, events) = (parts.next().unwrap_or(""), parts.next(), parts.next());
    let Some(repos) = repos else {
        return vec!["no repos".into()];
    };
    let response = |name, text| Response { name, text };
    let imported = import_responses(
        response("user.json", user),
        response("repos.json", repos),
        events.map(|e| response("events.json", e)),
        AS_OF.parse().unwrap(),
    );
    match imported.map(|i| i.record) {
        Ok(record) => {
            // Totals count every original repository that existed at the date (they saturate,
            // never wrap round).
            let repos = record["repos"].as_array().expect("repos are a list");
            for repo in repos {
                let existed = repo["created_at"].as_str().is_none_or(|c| c <= AS_OF);
                if repo["fork"] == false && existed {
                    for (total, count) in [
                        ("total_stars", "stargazers_count"),
                        ("total_forks", "forks_count"),
                    ] {
                        assert!(
                            record[total].as_u64() >= repo[count].as_u64(),
                            "{total} {} < {count} {} of {}",
                            record[total],
                            repo[count],
                            repo["name"]
                        );
                    }
                }
            }
            let line = serde_json::to_string(&record).expect("records serialize");
            match read_jsonl(line.as_bytes(), "imported.jsonl", &candidate_options()) {
                Ok(set) => check_candidates(&set, "imported.jsonl", line.as_bytes(), &mut trace),
                Err(e) => panic!("an imported record is one JSONL row: {e}"),
            }
            trace.push("imported".into());
        }
        Err(e) => {
            let message = e.to_string();
            assert!(
                ["user.json", "repos.json", "events.json"]
                    .iter()
                    .any(|f| message.starts_with(f)),
                "a refusal names the file: {message}"
            );
            trace.push(skeleton(&message));
        }
    }
    trace
}

/// A model file (`--model FILE`). The input is read as it is and, when it is JSON, once more
/// with its checksum corrected (so mutations reach past the checksum). A model that loads scores
/// rows, writes, and loads again to the same scores.
pub fn model(data: &[u8]) -> Vec<String> {
    let mut trace = Vec::new();
    load_model(data, &mut trace);
    if let Ok(checksum) = model_checksum(data) {
        if let Ok(serde_json::Value::Object(mut object)) = serde_json::from_slice(data) {
            object.insert("checksum".into(), checksum.into());
            let fixed = serde_json::to_vec(&object).expect("values serialize");
            load_model(&fixed, &mut trace);
        }
    }
    trace
}

fn load_model(data: &[u8], trace: &mut Vec<String>) {
    let model = match Model::from_json(data, "fuzz.json") {
        Ok(model) => model,
        Err(e) => return refused(&e, "fuzz.json", trace),
    };
    trace.push(format!("model {}", model.algorithm()));
    let n = model.features().len();
    let rows = [
        model.scaling().mean.clone(),
        vec![0.0; n],
        vec![1.0; n],
        (0..n).map(|i| i as f64 * 0.37 - 1.0).collect(),
    ];
    let scores: Vec<f64> = rows.iter().map(|x| model.score_row(x)).collect();
    assert!(
        scores.iter().all(|s| !s.is_nan()),
        "a loaded model scores numbers: {scores:?}"
    );
    let again = Model::from_json(&model.to_json(), "written.json").expect("a written model loads");
    let same: Vec<f64> = rows.iter().map(|x| again.score_row(x)).collect();
    assert_eq!(
        scores.iter().map(|s| s.to_bits()).collect::<Vec<_>>(),
        same.iter().map(|s| s.to_bits()).collect::<Vec<_>>(),
        "a written model scores as the loaded one"
    );
    if let Ok(scorer) = ModelScorer::new(model, "fuzz.json") {
        check_rankings(fixed_candidates(), fixed_roles(), Some(&scorer));
        trace.push("model scorer".into());
    }
}
