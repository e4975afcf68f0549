//! Explanations of tree models through the real binary: `rank --explain` splits each score
//! into exact SHAP values that add up to it, and `why` answers for a LambdaMART ranking.

mod util;

use util::{json, ok, temp_dir, AS_OF};

/// `rank --explain` with a LambdaMART model: every term carries its exact SHAP value, and the
/// values plus the expected value (the intercept) add up to the score, in JSON and text.
#[test]
fn tree_models_explain_scores_with_shap_values() {
    let dir = temp_dir();
    let model = dir.path().join("lm.json");
    let model = model.to_str().unwrap();
    ok(&[
        "train",
        "--labels",
        "data/labels.csv",
        "--as-of",
        AS_OF,
        "--algo",
        "lambdamart",
        "--param",
        "n_trees=30",
        "--param",
        "min_data_in_leaf=5",
        "--out",
        model,
        "--quiet",
    ]);
    let args = [
        "rank",
        "--model",
        model,
        "--as-of",
        AS_OF,
        "--top",
        "5",
        "--explain",
    ];
    let doc = json(&ok(&[&args[..], &["--format", "json", "--quiet"]].concat()).stdout);
    let mut checked = 0;
    for role in doc["roles"].as_array().unwrap() {
        for c in role["ranking"].as_array().unwrap() {
            let e = &c["explanation"];
            let terms = e["terms"].as_array().unwrap();
            let parts: f64 = terms
                .iter()
                .map(|t| t["contribution"].as_f64().unwrap())
                .sum();
            let total = parts + e["intercept"].as_f64().unwrap();
            let score = c["score"].as_f64().unwrap();
            assert!((total - score).abs() < 1e-9, "{total} vs {score}");
            assert!(terms.iter().all(|t| t.get("weight").is_none()));
            checked += 1;
        }
    }
    assert!(checked >= 40, "{checked}");
    let text = String::from_utf8(ok(&[&args[..], &["--quiet"]].concat()).stdout).unwrap();
    assert!(
        text.contains("SHAP") && text.contains("(baseline)"),
        "{text}"
    );
}

/// `why` with a LambdaMART model: the ranking it reasons about is the model's.
#[test]
fn why_answers_for_a_tree_model() {
    let dir = temp_dir();
    let model = dir.path().join("lm.json");
    let model = model.to_str().unwrap();
    ok(&[
        "train",
        "--labels",
        "data/labels.csv",
        "--as-of",
        AS_OF,
        "--algo",
        "lambdamart",
        "--param",
        "n_trees=30",
        "--param",
        "min_data_in_leaf=5",
        "--out",
        model,
        "--quiet",
    ]);
    let ranked = json(
        &ok(&[
            "rank", "--model", model, "--as-of", AS_OF, "--top", "3", "--format", "json", "--quiet",
        ])
        .stdout,
    );
    let role = &ranked["roles"][0];
    let first = &role["ranking"][0];
    let id = first["candidate_id"].as_str().unwrap();
    let role_id = role["role_id"].as_str().unwrap();
    let out = ok(&[
        "why",
        "--candidate",
        id,
        "--role",
        role_id,
        "--model",
        model,
        "--as-of",
        AS_OF,
        "--top",
        "3",
        "--quiet",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("model:lambdamart"), "{text}");
    let score = first["score"].as_f64().unwrap();
    assert!(
        text.contains(&format!("inside the top 3: score {score:.4}, rank 1")),
        "{text}"
    );
}
