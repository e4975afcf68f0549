//! Learned scoring end to end, through the real binary: `generate --labels`, `train`,
//! `evaluate`, `rank --model` and `rank --format trec`, on the bundled sample and on committed
//! fixtures (LightGBM's own example data is `lightgbm_cli.rs`'s).

mod util;

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::Value;
use util::{arg, data, fail, json, json_number, ok, read, temp_dir, write_file, AS_OF};

/// The model trained on the bundled sample, committed.
const SAMPLE_MODEL: &str = "models/pairwise-sample.json";

/// Arguments naming the bundled sample's labelled data, then `extra`.
fn sample(extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = [
        "--candidates",
        &data("candidates.csv"),
        "--roles",
        &data("roles.toml"),
        "--labels",
        &data("labels.csv"),
        "--as-of",
        AS_OF,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

/// `shiprank SUBCOMMAND` + the sample's data + `extra`.
fn on_sample(subcommand: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec![subcommand.to_string()];
    args.extend(sample(extra));
    args
}

// 1. Labels.

#[test]
fn generated_labels_are_reproducible_and_are_the_bundled_ones() {
    let dir = temp_dir();
    let out = arg(dir.path());
    let run = ok(&[
        "generate",
        "--out-dir",
        &out,
        "--with-labels",
        "--as-of",
        AS_OF,
    ]);
    assert!(run.stderr.contains("labels"), "{}", run.stderr);
    let bundled =
        "shiprank generate --out-dir DIR --count 300 --seed 42 --as-of 2026-10-01 --with-labels";
    assert!(
        read(dir.path().join("candidates.csv")) == read(data("candidates.csv")),
        "the bundled candidates are `{bundled}`"
    );
    assert!(
        read(dir.path().join("labels.csv")) == read(data("labels.csv")),
        "the bundled labels are `{bundled}`: regenerate data/labels.csv"
    );
    let other = temp_dir();
    ok(&[
        "generate",
        "--out-dir",
        &arg(other.path()),
        "--with-labels",
        "--seed",
        "7",
    ]);
    assert_ne!(
        read(other.path().join("labels.csv")),
        read(data("labels.csv"))
    );
}

#[test]
fn label_files_are_checked_row_by_row() {
    let dir = temp_dir();
    let labels = write_file(
        dir.path(),
        "labels.csv",
        "role_id,candidate_id,label\nml-senior-us-west,c0000000,hired\nnope,c0000001,0\n",
    );
    let labels = arg(&labels);
    let mut args = vec!["evaluate", "--labels", &labels, "--as-of", AS_OF];
    let err = fail(&args);
    let want = format!("{labels}:3: field \"role_id\": no role \"nope\" in data/roles.toml");
    assert!(err.contains(&want), "{err}");
    let bad = write_file(
        dir.path(),
        "bad.csv",
        "role_id,candidate_id,label\nml-senior-us-west,c0000000,offer\n",
    );
    let bad = arg(&bad);
    args[2] = &bad;
    let err = fail(&args);
    assert!(
        err.contains(&format!(
            "{bad}:2: field \"label\": invalid label \"offer\""
        )),
        "{err}"
    );
    let missing = write_file(
        dir.path(),
        "missing.csv",
        "role_id,candidate_id,label\nml-senior-us-west,c9999999,screened\n",
    );
    let missing = arg(&missing);
    args[2] = &missing;
    let err = fail(&args);
    assert!(
        err.contains("field \"candidate_id\": no candidate \"c9999999\" in data/candidates.csv"),
        "{err}"
    );
}

// 2. Metrics.

#[derive(serde::Deserialize)]
struct Fixture {
    queries: Vec<FixtureQuery>,
}

#[derive(serde::Deserialize)]
struct FixtureQuery {
    labels: Vec<f64>,
    scores: Vec<f64>,
    expected: std::collections::BTreeMap<String, f64>,
}

/// The scikit-learn fixture as a LETOR file (one query per fixture query) and a scores file.
fn sklearn_fixture(dir: &Path) -> (Fixture, PathBuf, PathBuf) {
    let fixture: Fixture =
        serde_json::from_slice(&read("tests/fixtures/ltr/ndcg_sklearn.json")).unwrap();
    let (mut letor, mut scores) = (String::new(), String::new());
    for (q, query) in fixture.queries.iter().enumerate() {
        for (label, score) in query.labels.iter().zip(&query.scores) {
            letor.push_str(&format!("{label} qid:q{q} 1:0.5\n"));
            scores.push_str(&format!("{score}\n"));
        }
    }
    let letor = write_file(dir, "fixture.letor", letor);
    let scores = write_file(dir, "fixture.scores", scores);
    (fixture, letor, scores)
}

#[test]
fn evaluate_matches_sklearn_ndcg_with_ties_and_all_zero_queries() {
    let dir = temp_dir();
    let (fixture, letor, scores) = sklearn_fixture(dir.path());
    let (letor, scores) = (arg(&letor), arg(&scores));
    let run = ok(&[
        "evaluate",
        "--letor",
        &letor,
        "--scores",
        &scores,
        "--k",
        "1,3,5,10,1000",
        "--empty-queries",
        "zero",
        "--format",
        "json",
    ]);
    let doc = json(&run.stdout);
    let per_query = doc["per_query"].as_array().unwrap();
    assert_eq!(per_query.len(), fixture.queries.len());
    for (q, (row, want)) in per_query.iter().zip(&fixture.queries).enumerate() {
        assert_eq!(row["query"], format!("q{q}"));
        for (key, &expected) in &want.expected {
            let k = if key == "all" { "1000" } else { key };
            let got = json_number(row, &format!("ndcg@{k}"));
            assert!(
                (got - expected).abs() < 1e-9,
                "query {q} ndcg@{k}: {got} vs sklearn {expected}"
            );
        }
    }
    // The mean is over all queries; under `one` the all-zero queries count 1, under `skip`
    // they are left out.
    let mean_zero = json_number(&doc, "ndcg@3");
    let empty = fixture
        .queries
        .iter()
        .filter(|q| q.labels.iter().all(|&l| l == 0.0))
        .count() as f64;
    let n = fixture.queries.len() as f64;
    let one = json(
        &ok(&[
            "evaluate", "--letor", &letor, "--scores", &scores, "--format", "json",
        ])
        .stdout,
    );
    assert!((json_number(&one, "ndcg@3") - (mean_zero * n + empty) / n).abs() < 1e-12);
    let skip = json(
        &ok(&[
            "evaluate",
            "--letor",
            &letor,
            "--scores",
            &scores,
            "--format",
            "json",
            "--empty-queries",
            "skip",
        ])
        .stdout,
    );
    assert!((json_number(&skip, "ndcg@3") - mean_zero * n / (n - empty)).abs() < 1e-12);
    assert_eq!(skip["empty_queries"], "skip");
}

#[test]
fn evaluate_json_has_the_documented_keys_and_the_table_the_means() {
    let run = ok(&on_sample(
        "evaluate",
        &[
            "--strategy",
            "credential-first",
            "--k",
            "1,5",
            "--format",
            "json",
        ],
    ));
    let doc = json(&run.stdout);
    for key in ["ndcg@1", "ndcg@5", "map", "p@1", "p@5", "mrr"] {
        let v = json_number(&doc, key);
        assert!((0.0..=1.0).contains(&v), "{key} = {v}");
    }
    assert_eq!(doc["scorer"], "credential-first");
    let roles = util::role_ids(&data("roles.toml"));
    let per_query = doc["per_query"].as_array().unwrap();
    let ids: Vec<&str> = per_query
        .iter()
        .map(|r| r["query"].as_str().unwrap())
        .collect();
    assert_eq!(ids, roles, "one query per role, in role-file order");
    let mean = per_query.iter().map(|r| json_number(r, "map")).sum::<f64>() / roles.len() as f64;
    assert!((mean - json_number(&doc, "map")).abs() < 1e-12);

    let table = ok(&on_sample("evaluate", &["--strategy", "credential-first"])).stdout_text();
    let header = table.lines().nth(1).unwrap();
    for column in [
        "query", "ndcg@1", "ndcg@3", "ndcg@5", "ndcg@10", "map", "p@10", "mrr",
    ] {
        assert!(header.split_whitespace().any(|c| c == column), "{header}");
    }
    assert!(
        table.contains(&format!("mean ({} queries)", roles.len())),
        "{table}"
    );
}

#[test]
fn external_scores_follow_the_label_file_and_must_match_its_rows() {
    // The preset's own scores, written out in label-file order, evaluate as the preset does.
    let dir = temp_dir();
    let run = dir.path().join("run.txt");
    let qrels = dir.path().join("qrels.txt");
    let preset = json(
        &ok(&on_sample(
            "evaluate",
            &[
                "--strategy",
                "balanced",
                "--format",
                "json",
                "--run",
                &arg(&run),
                "--qrels",
                &arg(&qrels),
            ],
        ))
        .stdout,
    );
    // The TREC run holds every labelled pair: recover the scores in label-file order.
    let run_text = String::from_utf8(read(&run)).unwrap();
    let mut by_pair = std::collections::HashMap::new();
    for line in run_text.lines() {
        let f: Vec<&str> = line.split(' ').collect();
        assert_eq!((f.len(), f[1], f[5]), (6, "Q0", "shiprank"), "{line}");
        by_pair.insert((f[0].to_string(), f[2].to_string()), f[4].to_string());
    }
    let labels = String::from_utf8(read(data("labels.csv"))).unwrap();
    let scores: Vec<String> = labels
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            by_pair[&(f[0].to_string(), f[1].to_string())].clone()
        })
        .collect();
    let scores_file = write_file(dir.path(), "scores.txt", scores.join("\n") + "\n");
    let external = json(
        &ok(&on_sample(
            "evaluate",
            &["--scores", &arg(&scores_file), "--format", "json"],
        ))
        .stdout,
    );
    for key in ["ndcg@1", "ndcg@10", "map", "p@5", "mrr"] {
        assert_eq!(
            json_number(&external, key),
            json_number(&preset, key),
            "{key}"
        );
    }
    assert_eq!(
        String::from_utf8(read(&qrels)).unwrap().lines().count(),
        labels.lines().count() - 1
    );
    let short = write_file(dir.path(), "short.txt", "1\n2\n");
    let err = fail(&on_sample("evaluate", &["--scores", &arg(&short)]));
    assert!(
        err.contains("has 2 scores but data/labels.csv has 3000 rows"),
        "{err}"
    );
}

#[test]
fn lightgbm_query_files_group_rows() {
    let dir = temp_dir();
    let letor = write_file(
        dir.path(),
        "small.train",
        "2 1:0.9\n0 1:0.1\n1 1:0.5\n0 1:0.2\n1 1:0.7\n",
    );
    let sizes = write_file(dir.path(), "groups.txt", "3\n2\n");
    let scores = write_file(dir.path(), "s.txt", "0.9\n0.1\n0.5\n0.2\n0.7\n");
    let (letor, sizes, scores) = (arg(&letor), arg(&sizes), arg(&scores));
    let explicit = json(
        &ok(&[
            "evaluate", "--letor", &letor, "--query", &sizes, "--scores", &scores, "--format",
            "json",
        ])
        .stdout,
    );
    assert_eq!(explicit["queries"], 2);
    assert_eq!(json_number(&explicit, "ndcg@10"), 1.0);
    // Without --query, FILE.query is used when it is there; without either, one query.
    let one = json(
        &ok(&[
            "evaluate", "--letor", &letor, "--scores", &scores, "--format", "json",
        ])
        .stdout,
    );
    assert_eq!(one["queries"], 1);
    write_file(dir.path(), "small.train.query", "3\n2\n");
    let auto = json(
        &ok(&[
            "evaluate", "--letor", &letor, "--scores", &scores, "--format", "json",
        ])
        .stdout,
    );
    assert_eq!(auto["queries"], 2);
    let bad = write_file(dir.path(), "bad.query", "3\n3\n");
    let err = fail(&[
        "evaluate",
        "--letor",
        &letor,
        "--query",
        &arg(&bad),
        "--scores",
        &scores,
    ]);
    assert!(err.contains("group sizes add up to 6 rows but"), "{err}");
    let err = fail(&["evaluate", "--letor", &letor]);
    assert!(err.contains("needs a scorer"), "{err}");
}

// 3. Cross-validation on the bundled sample.

#[test]
fn pairwise_beats_credential_first_under_cross_validation() {
    let run = ok(&on_sample(
        "evaluate",
        &[
            "--algo", "pairwise", "--folds", "5", "--k", "1,5,10", "--format", "json",
        ],
    ));
    let doc = json(&run.stdout);
    let baselines = &doc["baselines"];
    println!("NDCG@10 under 5-fold cross-validation by role on the bundled sample:");
    println!("  model:pairwise    {:.4}", json_number(&doc, "ndcg@10"));
    for preset in ["builder-first", "credential-first", "balanced"] {
        println!(
            "  {preset:<17} {:.4}",
            json_number(&baselines[preset], "ndcg@10")
        );
    }
    assert!(
        json_number(&doc, "ndcg@10") > json_number(&baselines["credential-first"], "ndcg@10"),
        "{doc}"
    );
    let folds: std::collections::BTreeSet<u64> = doc["per_query"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["fold"].as_u64().unwrap())
        .collect();
    assert_eq!(folds.into_iter().collect::<Vec<_>>(), [1, 2, 3, 4, 5]);
    assert_eq!(doc["cross_validation"]["folds"], 5);
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "trains 25 models: run with cargo test --release"
)]
fn every_algorithm_cross_validates_on_the_sample() {
    for algo in ["logistic", "pairwise", "svm", "tree", "lambdamart"] {
        let start = Instant::now();
        let doc = json(
            &ok(&on_sample(
                "evaluate",
                &["--algo", algo, "--folds", "5", "--format", "json"],
            ))
            .stdout,
        );
        println!(
            "{algo:<10} 5-fold NDCG@10 {:.4}  MAP {:.4}  ({:.2} s)",
            json_number(&doc, "ndcg@10"),
            json_number(&doc, "map"),
            start.elapsed().as_secs_f64()
        );
        assert!(json_number(&doc, "ndcg@10") > 0.4, "{algo}: {doc}");
    }
}

// 4. Model files.

/// Whether two JSON values are equal, numbers to a relative 1e-9.
fn close(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0)
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| close(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| close(v, w)))
        }
        _ => a == b,
    }
}

#[test]
fn training_is_reproducible_and_the_committed_model_is_current() {
    let dir = temp_dir();
    let train = |name: &str| {
        let out = dir.path().join(name);
        let run = ok(&on_sample(
            "train",
            &["--algo", "pairwise", "--folds", "5", "--out", &arg(&out)],
        ));
        assert!(run.stderr.contains("trained pairwise"), "{}", run.stderr);
        read(&out)
    };
    let (first, second) = (train("a.json"), train("b.json"));
    assert!(
        first == second,
        "the same data and seed write the same file"
    );
    // Feature arithmetic may move by a rounding step between versions (and with it the data
    // hash and checksum): the committed model must agree with a retrain to 1e-9.
    let mut fresh: Value = serde_json::from_slice(&first).unwrap();
    let mut committed: Value = serde_json::from_slice(&read(SAMPLE_MODEL)).unwrap();
    for doc in [&mut fresh, &mut committed] {
        let doc = doc.as_object_mut().unwrap();
        doc.remove("checksum");
        doc["training"].as_object_mut().unwrap().remove("data_hash");
    }
    assert!(
        close(&fresh, &committed),
        "{SAMPLE_MODEL} is out of date: retrain it with `shiprank train --candidates \
         data/candidates.csv --roles data/roles.toml --labels data/labels.csv --as-of {AS_OF} \
         --algo pairwise --folds 5 --out {SAMPLE_MODEL}`"
    );
}

#[test]
fn rank_with_the_committed_model_explains_every_score() {
    let run = ok(&[
        "rank",
        "--model",
        SAMPLE_MODEL,
        "--as-of",
        AS_OF,
        "--top",
        "5",
        "--format",
        "json",
        "--explain",
    ]);
    let doc = json(&run.stdout);
    let roles = doc["roles"].as_array().unwrap();
    assert_eq!(roles.len(), util::role_ids(&data("roles.toml")).len());
    for role in roles {
        assert_eq!(role["strategy"], "model:pairwise");
        let intercept = role["intercept"].as_f64().unwrap_or(0.0);
        for row in role["ranking"].as_array().unwrap() {
            let terms = row["explanation"]["terms"].as_array().unwrap();
            let total: f64 = terms
                .iter()
                .map(|t| json_number(t, "contribution"))
                .sum::<f64>()
                + intercept;
            assert!((total - json_number(row, "score")).abs() < 1e-9, "{row}");
        }
    }
    // The model changes the order a preset gives.
    let preset = json(&ok(&["rank", "--as-of", AS_OF, "--top", "5", "--format", "json"]).stdout);
    assert_ne!(preset["roles"][0]["ranking"], doc["roles"][0]["ranking"]);
    let err = fail(&["rank", "--model", SAMPLE_MODEL, "--strategy", "balanced"]);
    assert!(err.contains("cannot be used with"), "{err}");
}

#[test]
fn rank_writes_trec_runs() {
    let run = ok(&[
        "rank",
        "--model",
        SAMPLE_MODEL,
        "--as-of",
        AS_OF,
        "--top",
        "4",
        "--format",
        "trec",
    ]);
    let text = run.stdout_text();
    let roles = util::role_ids(&data("roles.toml"));
    let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split(' ').collect()).collect();
    assert!(lines.len() <= 4 * roles.len() && lines.len() >= roles.len());
    for (i, f) in lines.iter().enumerate() {
        assert_eq!((f.len(), f[1], f[5]), (6, "Q0", "shiprank"), "{f:?}");
        assert!(roles.iter().any(|r| r == f[0]));
        let rank: usize = f[3].parse().unwrap();
        let score: f64 = f[4].parse().unwrap();
        if rank > 1 {
            let prev = &lines[i - 1];
            assert_eq!(
                (prev[0], prev[3].parse::<usize>().unwrap()),
                (f[0], rank - 1)
            );
            assert!(prev[4].parse::<f64>().unwrap() >= score);
        }
    }
}

/// A model trained on a tiny LETOR file (features f1, f2).
fn letor_model(dir: &Path) -> String {
    let letor = write_file(
        dir,
        "tiny.letor",
        "2 qid:1 1:0.9 2:0.1\n0 qid:1 1:0.1 2:0.8\n1 qid:1 1:0.5 2:0.5\n\
         1 qid:2 1:0.6 2:0.3\n0 qid:2 1:0.2 2:0.9\n2 qid:2 1:0.8 2:0.2\n",
    );
    let out = arg(&dir.join("letor-model.json"));
    ok(&[
        "train",
        "--letor",
        &arg(&letor),
        "--algo",
        "pairwise",
        "--out",
        &out,
        "--as-of",
        AS_OF,
    ]);
    out
}

#[test]
fn tampered_or_mismatched_models_are_refused() {
    let dir = temp_dir();
    let text = String::from_utf8(read(SAMPLE_MODEL)).unwrap();

    // One weight changed.
    let model: Value = serde_json::from_str(&text).unwrap();
    let weight = model["model"]["weights"][0].as_f64().unwrap();
    let tampered = text.replacen(&format!("{weight:?}"), &format!("{:?}", weight + 0.5), 1);
    assert_ne!(tampered, text);
    let path = arg(&write_file(dir.path(), "tampered.json", &tampered));
    let err = fail(&["rank", "--model", &path, "--as-of", AS_OF]);
    assert!(
        err.contains(&format!(
            "{path}: checksum mismatch: the model file was modified after training"
        )),
        "{err}"
    );
    assert!(
        !err.contains("sha256:"),
        "no digest to paste back in: {err}"
    );

    // Features that are not shiprank's: a LETOR model...
    let letor = letor_model(dir.path());
    let err = fail(&["rank", "--model", &letor, "--as-of", AS_OF]);
    assert!(
        err.contains(
            "the model's features do not match shiprank's feature extractors: the model \
                      has 2 features [f1, f2], shiprank extracts 12 [skill_coverage,"
        ),
        "{err}"
    );
    let err = fail(&on_sample("evaluate", &["--model", &letor]));
    assert!(err.contains("the model's features do not match"), "{err}");
    // ... and shiprank's model on LETOR data.
    let err = fail(&[
        "evaluate",
        "--letor",
        &arg(&dir.path().join("tiny.letor")),
        "--model",
        SAMPLE_MODEL,
    ]);
    assert!(
        err.contains("the model has 12 features [skill_coverage,"),
        "{err}"
    );
    // ... and a renamed feature, re-signed so that only the names are wrong.
    let renamed = text.replacen("\"certifications\"", "\"certificates\"", 1);
    let mut doc: serde_json::Map<String, Value> = serde_json::from_str(&renamed).unwrap();
    let sum = shiprank::model_checksum(renamed.as_bytes()).unwrap();
    doc.insert("checksum".into(), sum.into());
    let path = arg(&write_file(
        dir.path(),
        "renamed.json",
        serde_json::to_vec(&doc).unwrap(),
    ));
    let err = fail(&["rank", "--model", &path, "--as-of", AS_OF]);
    assert!(
        err.contains("certificates]") && err.contains("certifications]"),
        "{err}"
    );

    // An unknown version, and a file that is no model at all.
    let v2 = text.replacen("\"version\": 1", "\"version\": 2", 1);
    let path = arg(&write_file(dir.path(), "v2.json", v2));
    let err = fail(&["rank", "--model", &path]);
    assert!(
        err.contains("unknown model format version 2 (this shiprank reads version 1)"),
        "{err}"
    );
    let err = fail(&["rank", "--model", &data("roles.toml")]);
    assert!(err.contains("not a shiprank model file"), "{err}");
}

#[test]
fn training_parameters_are_checked_by_name() {
    let dir = temp_dir();
    let out = arg(&dir.path().join("m.json"));
    let err = fail(&on_sample(
        "train",
        &[
            "--algo",
            "lambdamart",
            "--param",
            "n_trees=0",
            "--out",
            &out,
        ],
    ));
    assert!(
        err.contains("lambdamart: parameter n_trees = 0: must be >= 1"),
        "{err}"
    );
    let err = fail(&on_sample(
        "train",
        &["--algo", "tree", "--param", "depth=3", "--out", &out],
    ));
    assert!(
        err.contains("tree: no parameter \"depth\" (parameters: max_depth,"),
        "{err}"
    );
    let err = fail(&on_sample(
        "train",
        &["--algo", "svm", "--param", "kernel", "--out", &out],
    ));
    assert!(err.contains("expected NAME=VALUE"), "{err}");
    let err = fail(&on_sample(
        "evaluate",
        &["--algo", "pairwise", "--folds", "11"],
    ));
    assert!(
        err.contains("cannot split 10 queries into 11 folds"),
        "{err}"
    );
    assert!(!dir.path().join("m.json").exists());
}

#[test]
fn a_linear_svm_and_a_tree_rank_the_sample() {
    let dir = temp_dir();
    for (algo, params) in [
        (
            "svm",
            vec!["--param", "kernel=linear", "--param", "max_rows=400"],
        ),
        ("tree", vec![]),
    ] {
        let out = arg(&dir.path().join(format!("{algo}.json")));
        let mut extra = vec!["--algo", algo, "--out", &out];
        extra.extend(params);
        ok(&on_sample("train", &extra));
        let doc = json(
            &ok(&[
                "rank", "--model", &out, "--as-of", AS_OF, "--top", "3", "--format", "json",
            ])
            .stdout,
        );
        let role = &doc["roles"][0];
        assert_eq!(role["strategy"], format!("model:{algo}"));
        // A linear model shows its weights; a tree has none.
        assert_eq!(role["weights"].is_object(), algo == "svm", "{role}");
    }
}
