//! `shiprank audit` on a pool built so that every number can be worked out by hand.

mod util;

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;
use util::{fail, json, ok, temp_dir, write_file, Csv, AS_OF};

/// The hand-built pool, in rank order (best first): (id, gender, ethnicity). Only stars
/// differ between rows, and they fall with the position, so the ranking is this order.
///
/// - ranks 1–20 (the top 20): m+a c000–c005, m+b c025–c030, w+a c050–c053, w+b c075–c077,
///   and c099 (gender missing, ethnicity a);
/// - ranks 21–50 (above the median, the mean of the 50th and 51st scores): m+a c006–c014,
///   m+b c031–c039, w+a c054–c059, w+b c078–c083;
/// - ranks 51–100: everyone else.
///
/// Pool: m 50 (a 25, b 25), w 49 (a 25, b 24), unknown 1 (a).
fn pool() -> Vec<(String, &'static str, &'static str)> {
    let person = |i: usize| {
        let gender = match i {
            0..=49 => "m",
            50..=98 => "w",
            _ => "",
        };
        let ethnicity = match i {
            0..=24 | 50..=74 | 99 => "a",
            _ => "b",
        };
        (format!("c{i:03}"), gender, ethnicity)
    };
    let ranges = [
        0..=5,
        25..=30,
        50..=53,
        75..=77,
        99..=99,
        6..=14,
        31..=39,
        54..=59,
        78..=83,
    ];
    let mut order: Vec<usize> = ranges.into_iter().flatten().collect();
    let rest: Vec<usize> = (0..100).filter(|i| !order.contains(i)).collect();
    order.extend(rest);
    assert_eq!(order.len(), 100);
    order.into_iter().map(person).collect()
}

fn write_pool(dir: &Path) -> (String, String) {
    let mut csv = String::from("id,name,country,years_experience,total_stars,gender,ethnicity\n");
    for (position, (id, gender, ethnicity)) in pool().iter().enumerate() {
        let stars = 10_000 - 90 * position;
        csv += &format!("{id},Person {id},Chile,5,{stars},{gender},{ethnicity}\n");
    }
    let candidates = write_file(dir, "pool.csv", csv);
    let roles = write_file(
        dir,
        "roles.toml",
        "[[role]]\nid = \"r\"\ntitle = \"Role\"\n",
    );
    (
        candidates.display().to_string(),
        roles.display().to_string(),
    )
}

fn audit(candidates: &str, roles: &str, extra: &[&str]) -> Value {
    let mut args = vec![
        "audit",
        "--candidates",
        candidates,
        "--roles",
        roles,
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--by",
        "gender",
        "--by",
        "gender+ethnicity",
    ];
    args.extend_from_slice(extra);
    json(&ok(&args).stdout)
}

/// The categories of one attribute, by name.
fn categories<'a>(attributes: &'a Value, attribute: &str) -> HashMap<String, &'a Value> {
    let a = attributes
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["attribute"] == attribute)
        .unwrap_or_else(|| panic!("no attribute {attribute}"));
    a["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["category"].as_str().unwrap().to_string(), c))
        .collect()
}

fn close(value: &Value, expected: f64) -> bool {
    (value.as_f64().unwrap() - expected).abs() < 1e-12
}

/// (pool, selected, above median, selection impact ratio, scoring impact ratio, flags).
type Expected = (
    u64,
    u64,
    u64,
    Option<f64>,
    Option<f64>,
    &'static [&'static str],
);

fn check(doc_categories: &HashMap<String, &Value>, expected: &[(&str, Expected)]) {
    assert_eq!(doc_categories.len(), expected.len(), "{doc_categories:?}");
    for (name, (pool, selected, above, sel_ir, score_ir, flags)) in expected {
        let c = doc_categories[*name];
        assert_eq!(c["pool"], *pool, "{name}");
        assert!(close(&c["share"], *pool as f64 / 100.0), "{name}");
        assert_eq!(c["selection"]["count"], *selected, "{name}");
        assert!(
            close(&c["selection"]["rate"], *selected as f64 / *pool as f64),
            "{name}"
        );
        assert_eq!(c["scoring"]["count"], *above, "{name}");
        assert!(
            close(&c["scoring"]["rate"], *above as f64 / *pool as f64),
            "{name}"
        );
        for (got, want) in [
            (&c["selection"]["impact_ratio"], sel_ir),
            (&c["scoring"]["impact_ratio"], score_ir),
        ] {
            match want {
                Some(w) => assert!(close(got, *w), "{name}: {got} vs {w}"),
                None => assert!(got.is_null(), "{name}: {got}"),
            }
        }
        let got_flags: Vec<&str> = c["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        assert_eq!(got_flags, *flags, "{name}");
    }
}

#[test]
fn audit_numbers_match_the_worked_example() {
    let dir = temp_dir();
    let (candidates, roles) = write_pool(dir.path());
    let doc = audit(&candidates, &roles, &["--top", "20"]);
    assert_eq!(doc["as_of"], AS_OF);
    assert_eq!(doc["selection"], "top:20");
    let role = &doc["roles"][0];
    assert_eq!(
        (role["pool"].as_u64(), role["selected"].as_u64()),
        (Some(100), Some(20))
    );
    // By gender. Selection: m 12/50 = 0.24 (the highest), w 7/49; unknown is 1 % of the pool,
    // under 2 %: shown, not compared, flagged. Scoring: m 30/50 = 0.6, w 19/49.
    let sel = |r: f64| Some(r / 0.24);
    let score = |r: f64| Some(r / 0.6);
    let below = &["selection-below-four-fifths", "scoring-below-four-fifths"][..];
    check(
        &categories(&role["attributes"], "gender"),
        &[
            ("m", (50, 12, 30, Some(1.0), Some(1.0), &[])),
            ("w", (49, 7, 19, sel(7.0 / 49.0), score(19.0 / 49.0), below)),
            ("unknown", (1, 1, 1, None, None, &["small-group"])),
        ],
    );
    // Intersections: m+a 6/25 and 15/25, m+b the same, w+a 4/25 and 10/25, w+b 3/24 and
    // 9/24; unknown+a is 1 %.
    check(
        &categories(&role["attributes"], "gender+ethnicity"),
        &[
            ("m+a", (25, 6, 15, Some(1.0), Some(1.0), &[])),
            ("m+b", (25, 6, 15, Some(1.0), Some(1.0), &[])),
            (
                "w+a",
                (25, 4, 10, sel(4.0 / 25.0), score(10.0 / 25.0), below),
            ),
            ("w+b", (24, 3, 9, sel(3.0 / 24.0), score(9.0 / 24.0), below)),
            ("unknown+a", (1, 1, 1, None, None, &["small-group"])),
        ],
    );
    // Uncertainty: w's selection 7/49 (Wilson, and Fisher against the rest [[7, 42], [13,
    // 38]]), values from SciPy.
    let w = categories(&role["attributes"], "gender")["w"];
    assert!(
        (w["selection"]["interval"]["low"].as_f64().unwrap() - 0.07096423720406762).abs() < 1e-9
    );
    assert!(
        (w["selection"]["interval"]["high"].as_f64().unwrap() - 0.26667706223914406).abs() < 1e-9
    );
    assert!((w["selection"]["p_value"].as_f64().unwrap() - 0.21296905357319626).abs() < 1e-9);
    // With one role, all roles is the same audit.
    assert_eq!(doc["all_roles"]["attributes"], role["attributes"]);
    let lowest = &role["attributes"][0]["lowest_selection_impact_ratio"];
    assert_eq!(lowest["category"], "w");
}

#[test]
fn a_score_threshold_selects_like_the_top_k_it_matches_and_the_ranking_is_the_audit_s() {
    let dir = temp_dir();
    let (candidates, roles) = write_pool(dir.path());
    let ranked = json(
        &ok(&[
            "rank",
            "--candidates",
            &candidates,
            "--roles",
            &roles,
            "--as-of",
            AS_OF,
            "--top",
            "20",
            "--format",
            "json",
        ])
        .stdout,
    );
    let ranking = ranked["roles"][0]["ranking"].as_array().unwrap();
    // The audit selects exactly the ranking's top 20, by category.
    let genders: HashMap<String, &str> = pool()
        .into_iter()
        .map(|(id, g, _)| (id, if g.is_empty() { "unknown" } else { g }))
        .collect();
    let mut from_rank: HashMap<&str, u64> = HashMap::new();
    for row in ranking {
        *from_rank
            .entry(genders[row["candidate_id"].as_str().unwrap()])
            .or_default() += 1;
    }
    let top = audit(&candidates, &roles, &["--selected", "top:20"]);
    let t20 = ranking[19]["score"].as_f64().unwrap();
    let threshold = audit(
        &candidates,
        &roles,
        &["--selected", &format!("score:{t20}")],
    );
    assert_eq!(threshold["selection"], format!("score:{t20}"));
    for doc in [&top, &threshold] {
        let cats = categories(&doc["roles"][0]["attributes"], "gender");
        for (name, n) in &from_rank {
            assert_eq!(cats[*name]["selection"]["count"], *n, "{name}");
        }
    }
    assert_eq!(
        top["roles"][0]["attributes"],
        threshold["roles"][0]["attributes"]
    );
}

#[test]
fn every_format_renders_and_bad_columns_are_named() {
    let dir = temp_dir();
    let (candidates, roles) = write_pool(dir.path());
    let base = [
        "audit",
        "--candidates",
        &candidates,
        "--roles",
        &roles,
        "--as-of",
        AS_OF,
        "--by",
        "gender",
    ];
    let csv_out = dir.path().join("audit.csv");
    let mut args = base.to_vec();
    args.extend(["--format", "csv", "--out", csv_out.to_str().unwrap()]);
    ok(&args);
    let csv = Csv::parse(&std::fs::read(&csv_out).unwrap());
    // One role and all roles, three categories each.
    assert_eq!(csv.rows.len(), 6);
    assert!(csv
        .rows
        .iter()
        .any(|r| r["scope"] == "all" && r["category"] == "w"));
    let mut args = base.to_vec();
    args.extend(["--format", "html"]);
    let html = ok(&args).stdout_text();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<table>"));
    assert!(html.contains("selection-below-four-fifths") && !html.contains("<script"));
    let table = ok(&base).stdout_text();
    assert!(table.contains("gender") && table.contains("small-group"));
    let e = fail(&[
        "audit",
        "--candidates",
        &candidates,
        "--roles",
        &roles,
        "--by",
        "gendr",
    ]);
    assert!(
        e.contains("--by gendr: no column \"gendr\"; did you mean \"gender\"?"),
        "{e}"
    );
    let e = fail(&["audit", "--candidates", &candidates, "--roles", &roles]);
    assert!(e.contains("gender, ethnicity, country"), "{e}");
    let e = fail(&["audit", "--by", "gender", "--selected", "best:3"]);
    assert!(e.contains("expected top:K"), "{e}");
}

#[test]
fn the_audit_page_renders_in_chromium() {
    let dir = temp_dir();
    let out = dir.path().join("audit.html");
    ok(&[
        "audit",
        "--as-of",
        AS_OF,
        "--by",
        "gender",
        "--by",
        "gender+age_band",
        "--by",
        "country",
        "--format",
        "html",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]);
    let shots = util::root().join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let Some(dom) = util::chromium::render(&out, &shots.join("audit.png"), (1200, 1600)) else {
        return;
    };
    assert!(dom.contains("<title>Adverse-impact audit of data/candidates.csv</title>"));
    assert!(dom.contains("selection impact ratio by gender"));
    assert!(dom.contains("All 10 roles"));
}
