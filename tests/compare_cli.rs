//! `shiprank compare`: its statistics against reference values computed once with scipy and
//! numpy (`tests/fixtures/compare/make_reference.py`), and the real binary on the bundled
//! sample: the numbers of each preset equal what `evaluate` prints, every output format, the
//! HTML report in headless Chromium, determinism across thread counts, and plain errors.

mod util;

use serde_json::Value;

const LABELS: &str = "data/labels.csv";

fn reference() -> Value {
    util::json(&util::read("tests/fixtures/compare/reference.json"))
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

#[test]
fn kendall_tau_b_equals_scipy() {
    let cases = reference()["kendall"].as_array().unwrap().clone();
    assert!(cases.len() >= 6);
    for case in cases {
        let (x, y) = (floats(&case["x"]), floats(&case["y"]));
        let expected = case["tau_b"].as_f64().unwrap();
        let tau = shiprank::kendall_tau_b(&x, &y).unwrap();
        assert!(
            (tau - expected).abs() < 1e-12,
            "{tau} vs scipy {expected} on {x:?}"
        );
    }
}

#[test]
fn randomization_test_equals_exact_enumeration() {
    for case in reference()["sign_flip"].as_array().unwrap() {
        let diffs = floats(&case["diffs"]);
        let test = shiprank::sign_flip_test(&diffs, 10_000, 0);
        assert_eq!(test.method, shiprank::PermutationMethod::Exact);
        assert_eq!(test.patterns, 1 << diffs.len());
        let expected = case["p"].as_f64().unwrap();
        assert!(
            (test.p - expected).abs() < 1e-15,
            "{} vs {expected}",
            test.p
        );
    }
}

#[test]
fn bootstrap_interval_matches_a_reference_paired_percentile_bootstrap() {
    let r = &reference()["bootstrap"];
    let (a, b) = (floats(&r["a"]), floats(&r["b"]));
    let diffs: Vec<f64> = a.iter().zip(&b).map(|(x, y)| x - y).collect();
    let (low, high) = (
        r["ci_low"].as_f64().unwrap(),
        r["ci_high"].as_f64().unwrap(),
    );
    // Monte-Carlo tolerance: 4 standard deviations of a 10,000-resample percentile.
    let tol_low = 4.0 * r["sd_low_10000"].as_f64().unwrap();
    let tol_high = 4.0 * r["sd_high_10000"].as_f64().unwrap();
    for seed in [0, 1, 2] {
        let ci = shiprank::bootstrap_interval(&diffs, 10_000, seed, 0.95).unwrap();
        assert!(
            (ci.low - low).abs() < tol_low,
            "seed {seed}: {ci:?} vs [{low}, {high}]"
        );
        assert!(
            (ci.high - high).abs() < tol_high,
            "seed {seed}: {ci:?} vs [{low}, {high}]"
        );
    }
}

fn compare_json(extra: &[&str]) -> Value {
    let mut args = vec![
        "compare",
        "--labels",
        LABELS,
        "--as-of",
        util::AS_OF,
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    util::json(&util::ok(&args).stdout)
}

fn scorer<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["scorers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no scorer {name}"))
}

const README_SCORERS: [&str; 12] = [
    "--strategy",
    "builder-first",
    "--strategy",
    "credential-first",
    "--strategy",
    "balanced",
    "--train",
    "pw=pairwise",
    "--train",
    "lm=lambdamart",
    "--folds",
    "5",
];

#[test]
fn preset_numbers_equal_what_evaluate_prints() {
    let doc = compare_json(&README_SCORERS);
    assert_eq!(doc["as_of"], util::AS_OF);
    assert_eq!(doc["baseline"], "builder-first");
    for preset in ["builder-first", "credential-first", "balanced"] {
        let eval = util::json(
            &util::ok(&[
                "evaluate",
                "--labels",
                LABELS,
                "--as-of",
                util::AS_OF,
                "--strategy",
                preset,
                "--format",
                "json",
            ])
            .stdout,
        );
        let s = scorer(&doc, preset);
        assert_eq!(s["kind"], "preset");
        let metrics = s["metrics"].as_array().unwrap();
        assert_eq!(metrics.len(), 10, "ndcg@1,3,5,10, map, p@1,3,5,10, mrr");
        for m in metrics {
            let name = m["metric"].as_str().unwrap();
            assert_eq!(m["mean"], eval[name], "{preset} {name}");
            for (q, row) in eval["per_query"].as_array().unwrap().iter().enumerate() {
                assert_eq!(m["per_query"][q], row[name], "{preset} {name} query {q}");
            }
        }
    }
    // The trained scorers are evaluate --algo's cross-validation (same folds and seed).
    let eval = util::json(
        &util::ok(&[
            "evaluate",
            "--labels",
            LABELS,
            "--as-of",
            util::AS_OF,
            "--algo",
            "pairwise",
            "--folds",
            "5",
            "--format",
            "json",
        ])
        .stdout,
    );
    let pw = scorer(&doc, "pw");
    assert_eq!(pw["kind"], "trained");
    assert_eq!(pw["metrics"][3]["metric"], "ndcg@10");
    assert_eq!(pw["metrics"][3]["mean"], eval["ndcg@10"]);
    // Ten queries: 2^10 = 1024 sign patterns ≤ 10,000, so the test is exact.
    let diff = &scorer(&doc, "credential-first")["metrics"][0]["diff"];
    assert_eq!(diff["test"], "exact");
    assert_eq!(diff["sign_patterns"], 1024);
    let p = diff["p"].as_f64().unwrap();
    assert!(diff["p_holm"].as_f64().unwrap() >= p);
    let wtl = ["wins", "ties", "losses"].map(|k| diff[k].as_u64().unwrap());
    assert_eq!(wtl.iter().sum::<u64>(), 10);
    assert_eq!(
        doc["agreement"].as_array().unwrap().len(),
        10,
        "5 scorers, 10 pairs"
    );
    for s in doc["scorers"].as_array().unwrap() {
        let c = &s["credential_dependence"];
        assert!(c["top_k_overlap"].as_f64().unwrap() <= 1.0, "{}", s["name"]);
        for m in s["metrics"].as_array().unwrap() {
            let (lo, mean, hi) = (&m["ci_low"], &m["mean"], &m["ci_high"]);
            assert!(
                lo.as_f64() <= mean.as_f64() && mean.as_f64() <= hi.as_f64(),
                "{m}"
            );
        }
    }
}

#[test]
fn output_is_the_same_for_any_thread_count() {
    let run = |threads: &str| {
        let mut args = vec![
            "compare",
            "--labels",
            LABELS,
            "--as-of",
            util::AS_OF,
            "--format",
            "json",
            "--strategy",
            "balanced",
            "--train",
            "lr=logistic",
            "--folds",
            "3",
            "--threads",
            threads,
            "--by",
            "gender",
        ];
        args.push("--bootstrap");
        args.push("2000");
        util::ok(&args).stdout
    };
    assert_eq!(run("1"), run("2"));
}

#[test]
fn credential_first_leans_on_credentials_builder_first_does_not() {
    let doc = compare_json(&[
        "--strategy",
        "builder-first",
        "--strategy",
        "credential-first",
    ]);
    let kept = |name: &str| {
        scorer(&doc, name)["credential_dependence"]["top_k_overlap"]
            .as_f64()
            .unwrap()
    };
    assert!(kept("credential-first") < kept("builder-first"), "{doc}");
}

#[test]
fn impact_ratios_by_a_candidate_column() {
    let doc = compare_json(&[
        "--strategy",
        "builder-first",
        "--strategy",
        "balanced",
        "--by",
        "gender",
        "--k",
        "5",
    ]);
    assert_eq!(doc["top_k"], 5);
    for s in doc["scorers"].as_array().unwrap() {
        let imp = &s["impact"];
        assert_eq!(imp["by"], "gender");
        let lowest = imp["lowest"]["impact_ratio"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&lowest));
        let categories = imp["categories"].as_array().unwrap();
        let pool: u64 = categories.iter().map(|c| c["pool"].as_u64().unwrap()).sum();
        assert_eq!(pool, 3000, "every labelled row counts once");
        let best = categories
            .iter()
            .filter_map(|c| c["impact_ratio"].as_f64())
            .fold(0.0, f64::max);
        assert_eq!(best, 1.0);
    }
    let err = util::fail(&[
        "compare",
        "--labels",
        LABELS,
        "--strategy",
        "balanced",
        "--strategy",
        "builder-first",
        "--by",
        "shoe_size",
    ]);
    assert!(
        err.contains("no candidate has a column \"shoe_size\""),
        "{err}"
    );
    assert!(err.contains("gender"), "{err}");
}

#[test]
fn csv_is_long_form_and_table_marks_the_baseline() {
    let dir = util::temp_dir();
    let out = dir.path().join("compare.csv");
    let run = util::ok(&[
        "compare",
        "--labels",
        LABELS,
        "--as-of",
        util::AS_OF,
        "--train",
        "pw=pairwise",
        "--strategy",
        "balanced",
        "--folds",
        "3",
        "--k",
        "1,5,10",
        "--format",
        "csv",
        "--out",
        out.to_str().unwrap(),
        "--bootstrap",
        "1000",
    ]);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("as of 2026-10-01"), "{}", run.stderr);
    let text = String::from_utf8(util::read(&out)).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("scorer,metric,k,mean,ci_low,ci_high,diff,p,p_holm")
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 2 * 8);
    // The first scorer given is the baseline: no difference columns.
    assert!(
        rows[0].starts_with("pw,ndcg,1,") && rows[0].ends_with(",,,"),
        "{}",
        rows[0]
    );
    assert!(rows[8].starts_with("balanced,ndcg,1,") && !rows[8].ends_with(",,,"));
    assert!(rows.iter().any(|r| r.starts_with("balanced,map,,")));
    let table = util::ok(&[
        "compare",
        "--labels",
        LABELS,
        "--as-of",
        util::AS_OF,
        "--strategy",
        "builder-first",
        "--strategy",
        "credential-first",
        "--baseline",
        "credential-first",
        "--quiet",
    ]);
    assert!(run.stderr.contains("compared 2 scorers"));
    assert!(table.stderr.is_empty(), "--quiet: {}", table.stderr);
    let text = table.stdout_text();
    assert!(text.contains("credential-first ◆"), "{text}");
    assert!(text.contains("as of 2026-10-01"));
    assert!(text.contains("difference to credential-first"));
}

#[test]
fn external_scores_and_models_are_scorers_too() {
    let dir = util::temp_dir();
    let flat = util::write_file(dir.path(), "flat.txt", "0.5\n".repeat(3000));
    let doc = compare_json(&[
        "--scores",
        &format!("flat={}", flat.display()),
        "--model",
        "sample=models/pairwise-sample.json",
        "--bootstrap",
        "500",
    ]);
    assert_eq!(doc["baseline"], "flat");
    assert!(scorer(&doc, "flat")["credential_dependence"].is_null());
    assert_eq!(scorer(&doc, "sample")["kind"], "model");
    let eval = util::json(
        &util::ok(&[
            "evaluate",
            "--labels",
            LABELS,
            "--as-of",
            util::AS_OF,
            "--model",
            "models/pairwise-sample.json",
            "--format",
            "json",
        ])
        .stdout,
    );
    assert_eq!(scorer(&doc, "sample")["metrics"][4]["mean"], eval["map"]);
}

#[test]
fn mistakes_get_plain_messages() {
    let base = ["compare", "--labels", LABELS, "--as-of", util::AS_OF];
    let with = |extra: &[&str]| {
        let mut a = base.to_vec();
        a.extend_from_slice(extra);
        util::fail(&a)
    };
    assert!(with(&["--strategy", "balanced"]).contains("at least two scorers"));
    let e = with(&["--strategy", "balanced", "--train", "pw=pairwise"]);
    assert!(e.contains("--folds"), "{e}");
    let e = with(&[
        "--strategy",
        "balanced",
        "--train",
        "pw=ranknet",
        "--folds",
        "3",
    ]);
    assert!(e.contains("unknown algorithm"), "{e}");
    let e = with(&[
        "--strategy",
        "balanced",
        "--model",
        "models/pairwise-sample.json",
    ]);
    assert!(e.contains("expected NAME=PATH"), "{e}");
    let e = with(&["--strategy", "balanced", "--strategy", "balanced"]);
    assert!(e.contains("two scorers are named \"balanced\""), "{e}");
    let e = with(&[
        "--strategy",
        "balanced",
        "--strategy",
        "builder-first",
        "--baseline",
        "x",
    ]);
    assert!(e.contains("--baseline x: no such scorer"), "{e}");
    let e = with(&[
        "--strategy",
        "balanced",
        "--strategy",
        "builder-first",
        "--bootstrap",
        "0",
    ]);
    assert!(e.contains("--bootstrap must be at least 1, found 0"), "{e}");
    let e = with(&[
        "--strategy",
        "balanced",
        "--strategy",
        "builder-first",
        "--out",
        LABELS,
    ]);
    assert!(e.contains("--out"), "{e}");
}

/// The HTML report in headless Chromium: a screenshot that is not blank, no console errors,
/// every scorer's name in the page.
#[test]
fn html_report_renders_in_headless_chromium() {
    let dir = util::temp_dir();
    let html = dir.path().join("compare.html");
    util::ok(&[
        "compare",
        "--labels",
        LABELS,
        "--as-of",
        util::AS_OF,
        "--strategy",
        "builder-first",
        "--strategy",
        "credential-first",
        "--weights",
        "tuned=data/roles.toml",
        "--train",
        "pw<script>=pairwise",
        "--folds",
        "3",
        "--by",
        "gender",
        "--html",
        html.to_str().unwrap(),
        "--quiet",
        "--bootstrap",
        "1000",
    ]);
    let page = String::from_utf8(util::read(&html)).unwrap();
    assert!(!page.contains("<script"), "names are escaped");
    assert!(!page.contains("http"), "nothing is fetched");
    let scorers = [
        "builder-first",
        "credential-first",
        "tuned",
        "pw&lt;script&gt;",
    ];
    for name in scorers {
        assert!(page.contains(name), "{name}");
    }
    let shot = dir.path().join("shot.png");
    let Some(dom) = util::chromium::render(&html, &shot, (1200, 2000)) else {
        return;
    };
    for name in scorers {
        assert!(dom.contains(name), "{name} is not in the rendered page");
    }
}
