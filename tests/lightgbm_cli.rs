//! LightGBM's lambdarank example (`../shared/data/ltr/`), through the real binary: the
//! acceptance figures of `train --algo lambdamart`, and TreeSHAP explanations checked against
//! LightGBM's own (`pred_contrib`). Skipped when the shared data is not there.

mod util;

use std::path::{Path, PathBuf};
use std::time::Instant;

use util::{arg, json, json_number, ok, temp_dir};

/// LightGBM 4.7's NDCG@1/3/5 on rank.test (see ../shared/data/SOURCES.md), trained with the
/// example's own `train.conf`.
const LIGHTGBM_NDCG: [f64; 3] = [0.6038, 0.6299, 0.6696];

/// The settings of the example's `train.conf` that differ from the defaults (LightGBM's and
/// shiprank's): the reference figures are for them.
const TRAIN_CONF: [&str; 8] = [
    "--param",
    "min_data_in_leaf=50",
    "--param",
    "min_sum_hessian_in_leaf=5",
    "--param",
    "bagging_fraction=0.9",
    "--param",
    "bagging_freq=1",
];

fn lightgbm_dir() -> Option<PathBuf> {
    let dir = util::root().join("../shared/data/ltr/lightgbm_lambdarank");
    if dir.join("rank.train").is_file() && dir.join("rank.test").is_file() {
        Some(dir)
    } else {
        println!("SKIPPED: no LightGBM lambdarank data in {}", dir.display());
        None
    }
}

/// Trains `algo` (with `params`) on rank.train, evaluates on rank.test: (NDCG@1, @3, @5),
/// training seconds.
fn lightgbm_run(dir: &Path, out: &Path, algo: &str, params: &[&str]) -> ([f64; 3], f64) {
    let train = arg(&dir.join("rank.train"));
    let query = arg(&dir.join("rank.train.query"));
    let start = Instant::now();
    let out = arg(out);
    let mut args = vec![
        "train", "--letor", &train, "--query", &query, "--algo", algo, "--out", &out, "--quiet",
    ];
    args.extend(params);
    ok(&args);
    let seconds = start.elapsed().as_secs_f64();
    let test = arg(&dir.join("rank.test"));
    let doc = json(
        &ok(&[
            "evaluate", "--letor", &test, "--model", &out, "--k", "1,3,5", "--format", "json",
        ])
        .stdout,
    );
    (
        ["ndcg@1", "ndcg@3", "ndcg@5"].map(|k| json_number(&doc, k)),
        seconds,
    )
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "slow in debug builds: run with cargo test --release"
)]
fn lightgbm_lambdarank_reference_is_met() {
    let Some(dir) = lightgbm_dir() else { return };
    let tmp = temp_dir();
    let (pairwise, pw_secs) = lightgbm_run(&dir, &tmp.path().join("pw.json"), "pairwise", &[]);
    let lm = tmp.path().join("lm.json");
    let (lambdamart, lm_secs) = lightgbm_run(&dir, &lm, "lambdamart", &TRAIN_CONF);
    println!(
        "rank.test NDCG@1/3/5: pairwise {:.4} / {:.4} / {:.4} (train {pw_secs:.2} s); \
         lambdamart {:.4} / {:.4} / {:.4} (train {lm_secs:.2} s); LightGBM {:?}",
        pairwise[0],
        pairwise[1],
        pairwise[2],
        lambdamart[0],
        lambdamart[1],
        lambdamart[2],
        LIGHTGBM_NDCG
    );
    assert!(pairwise[2] >= 0.62, "pairwise NDCG@5 {}", pairwise[2]);
    for (k, (got, want)) in [1, 3, 5].iter().zip(lambdamart.iter().zip(LIGHTGBM_NDCG)) {
        assert!(
            *got >= want,
            "lambdamart NDCG@{k} {got:.4} < LightGBM {want}"
        );
    }
}

/// LightGBM 4.7's `pred_contrib` for the first rows of rank.test, from a 2-tree model trained
/// with defaults (`tests/fixtures/ltr/make_pred_contrib_fixture.py`): one SHAP value per
/// feature, then the expected value.
const PRED_CONTRIB: &str = include_str!("fixtures/ltr/lightgbm_pred_contrib.csv");

#[test]
fn tree_shap_agrees_with_lightgbm_pred_contrib() {
    let Some(dir) = lightgbm_dir() else { return };
    let tmp = temp_dir();
    let model_path = tmp.path().join("lm2.json");
    ok(&[
        "train",
        "--letor",
        &arg(&dir.join("rank.train")),
        "--algo",
        "lambdamart",
        "--param",
        "n_trees=2",
        "--out",
        &arg(&model_path),
        "--quiet",
    ]);
    let model = shiprank::read_model(&model_path).unwrap();
    let test = shiprank::read_letor(dir.join("rank.test")).unwrap();
    let width = model.features().len();
    let mut lines = PRED_CONTRIB.lines();
    lines.next(); // the header
    let mut rows = 0;
    for (r, line) in lines.enumerate() {
        let want: Vec<f64> = line.split(',').map(|v| v.parse().unwrap()).collect();
        let mut x = vec![0.0; width];
        for (c, v) in test.features.row(r).iter().enumerate() {
            x[c] = *v;
        }
        let (expected, phi) = model.contributions(&x).expect("trees keep covers");
        assert_eq!(want.len(), width + 1);
        for (f, (got, lgb)) in phi.iter().zip(&want).enumerate() {
            assert!(
                (got - lgb).abs() < 1e-6,
                "row {r} f{}: {got} vs LightGBM {lgb}",
                f + 1
            );
        }
        assert!(
            (expected - want[width]).abs() < 1e-6,
            "row {r} expected value"
        );
        // Exact: the contributions and the expected value add up to the score.
        let total = expected + phi.iter().sum::<f64>();
        assert!((total - model.score_row(&x)).abs() < 1e-9, "row {r}");
        rows += 1;
    }
    assert_eq!(rows, 60);
}
