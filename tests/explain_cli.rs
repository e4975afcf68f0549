//! Explaining models through the real binary: `rank --explain` splits a tree model's scores
//! into exact SHAP values that add up to them, `why` answers for a LambdaMART ranking, and
//! `model show` describes a model file.

mod util;

use util::{json, ok, temp_dir, train_lambdamart, AS_OF};

/// `rank --explain` with a LambdaMART model: every term carries its exact SHAP value, and the
/// values plus the expected value (the intercept) add up to the score, in JSON and text.
#[test]
fn tree_models_explain_scores_with_shap_values() {
    let dir = temp_dir();
    let model = train_lambdamart(dir.path(), &["n_trees=30", "min_data_in_leaf=5"]);
    let model = model.as_str();
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
    let model = train_lambdamart(dir.path(), &["n_trees=30", "min_data_in_leaf=5"]);
    let model = model.as_str();
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

/// `model show`: the parameters, training record and importance in the file, in JSON and text.
#[test]
fn model_show_describes_the_file() {
    let dir = temp_dir();
    let model = train_lambdamart(dir.path(), &["n_trees=7", "num_leaves=5"]);
    let model = model.as_str();
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(model).unwrap()).unwrap();
    let shown = json(&ok(&["model", "show", model, "--format", "json"]).stdout);
    assert_eq!(shown["algorithm"], "lambdamart");
    assert_eq!(shown["n_features"], 12);
    assert_eq!(shown["params"], file["params"]);
    assert_eq!(shown["training"], file["training"]);
    assert_eq!(shown["trees"]["trees"], 7);
    // Gain and split counts are the file's splits, summed per feature.
    let (mut gain, mut splits) = (0.0, 0);
    for tree in file["model"]["trees"].as_array().unwrap() {
        for node in tree["nodes"].as_array().unwrap() {
            if let Some(split) = node.get("split") {
                gain += split["gain"].as_f64().unwrap();
                splits += 1;
            }
        }
    }
    let features = shown["features"].as_array().unwrap();
    assert_eq!(features.len(), 12);
    let sum = |key: &str| {
        features
            .iter()
            .map(|f| f[key].as_f64().unwrap())
            .sum::<f64>()
    };
    assert!((sum("gain") - gain).abs() < 1e-9 * gain.max(1.0));
    assert_eq!(sum("splits") as usize, splits);
    let gains: Vec<f64> = features
        .iter()
        .map(|f| f["gain"].as_f64().unwrap())
        .collect();
    assert!(
        gains.windows(2).all(|w| w[0] >= w[1]),
        "most important first"
    );
    let text = String::from_utf8(ok(&["model", "show", model]).stdout).unwrap();
    assert!(text.contains("lambdamart model, 12 features"), "{text}");
    assert!(text.contains("7 trees"), "{text}");
    assert!(
        text.contains(features[0]["feature"].as_str().unwrap()),
        "{text}"
    );
    // A linear model: its weights, largest first.
    let shown = json(
        &ok(&[
            "model",
            "show",
            "models/pairwise-sample.json",
            "--format",
            "json",
        ])
        .stdout,
    );
    assert_eq!(shown["algorithm"], "pairwise");
    assert!(shown["intercept"].is_number() && shown["trees"].is_null());
    let sizes: Vec<f64> = shown["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["standardized_weight"].as_f64().unwrap().abs())
        .collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
}
