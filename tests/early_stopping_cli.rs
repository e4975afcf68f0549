//! `train --valid FILE --early-stopping N` through the real binary: LambdaMART watches NDCG
//! on a validation file and keeps the trees up to its best round.

mod util;

use util::{arg, fail, json, ok, temp_dir, write_file};

/// LETOR text of `queries` queries of 12 documents whose label follows feature 1 with noise.
fn synthetic_letor(queries: usize, seed: u64) -> String {
    let mut state = seed;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut text = String::new();
    for q in 0..queries {
        for _ in 0..12 {
            let (a, b, c) = (next(), next(), next());
            let label = ((a * 3.0 + b * 0.8).floor()).min(3.0);
            text += &format!("{label} qid:{q} 1:{a:.4} 2:{b:.4} 3:{c:.4}\n");
        }
    }
    text
}

#[test]
fn early_stopping_on_a_validation_file_keeps_the_best_trees() {
    let dir = temp_dir();
    let train = arg(&write_file(dir.path(), "train.txt", synthetic_letor(60, 1)));
    let valid = arg(&write_file(dir.path(), "valid.txt", synthetic_letor(20, 2)));
    let model = arg(&dir.path().join("m.json"));
    let base = [
        "train",
        "--letor",
        &train,
        "--algo",
        "lambdamart",
        "--out",
        &model,
        "--valid",
        &valid,
        "--param",
        "min_data_in_leaf=5",
    ];
    let out = ok(&[&base[..], &["--early-stopping", "3"]].concat());
    let err = out.stderr;
    let kept: usize = err
        .split("the model keeps trees 1-")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("{err}"))
        .parse()
        .unwrap();
    let shown = json(&ok(&["model", "show", &model, "--format", "json"]).stdout);
    assert_eq!(shown["trees"]["trees"], kept, "{err}");
    assert!(kept < 100, "stopped early: {err}");
    let recorded = shown["training"]["metrics"]["valid_ndcg@10"]
        .as_f64()
        .unwrap();
    assert!(
        err.contains(&format!("best {recorded:.4} after tree {kept}")),
        "{err}"
    );
    // Without early stopping: every tree, and the last one's NDCG recorded.
    ok(&[&base[..], &["--quiet"]].concat());
    let shown = json(&ok(&["model", "show", &model, "--format", "json"]).stdout);
    assert_eq!(shown["trees"]["trees"], 100);
    // Flags that cannot apply are refused.
    let err = fail(&[
        "train", "--letor", &train, "--algo", "pairwise", "--out", &model, "--valid", &valid,
    ]);
    assert!(err.contains("only --algo lambdamart"), "{err}");
    let err = fail(&[
        "train",
        "--letor",
        &train,
        "--algo",
        "lambdamart",
        "--out",
        &model,
        "--early-stopping",
        "3",
    ]);
    assert!(err.contains("--valid"), "{err}");
}
