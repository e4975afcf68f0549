//! `shiprank rank --format html`, the shortlist for hiring managers: the real binary on the
//! bundled sample (a section per role with the same candidates, scores and exclusions as the
//! CSV and JSON outputs), names from files escaped, model-scored rankings (linear, with an
//! intercept, and not linear), and the page in headless Chromium.

mod util;

use std::path::Path;

use util::{
    cell, data, json, ok, read, role_ids, temp_dir, train_lambdamart, write_file, Csv, AS_OF,
};

/// The HTML page `rank ARGS --format html --out FILE` writes, on the bundled candidates.
fn shortlist(dir: &Path, name: &str, extra: &[&str]) -> (String, std::path::PathBuf) {
    let out = dir.join(name);
    let mut args = vec![
        "rank",
        "--candidates",
        "data/candidates.csv",
        "--as-of",
        AS_OF,
        "--format",
        "html",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    let run = ok(&args);
    assert!(run.stdout.is_empty(), "--out writes the page, not stdout");
    (String::from_utf8(read(&out)).unwrap(), out)
}

/// The page's sections, one per role, in order.
fn sections(page: &str) -> Vec<&str> {
    page.split("<section class=\"part\">").skip(1).collect()
}

#[test]
fn a_section_per_role_with_what_the_other_formats_rank() {
    let dir = temp_dir();
    let (page, _) = shortlist(dir.path(), "shortlist.html", &[]);
    assert!(page.starts_with("<!DOCTYPE html>") && page.ends_with("</html>\n"));
    assert!(!page.contains("<script"), "no script at all");
    assert!(!page.contains("http") && !page.contains("src=") && !page.contains("href="));
    assert!(page.contains("@media print") && page.contains("break-before:page"));
    assert!(page.contains("Shortlist as of 2026-10-01"));
    let roles = role_ids(&data("roles.toml"));
    let sections = sections(&page);
    assert_eq!(sections.len(), roles.len());
    let csv = Csv::parse(
        &ok(&[
            "rank",
            "--candidates",
            "data/candidates.csv",
            "--as-of",
            AS_OF,
            "--format",
            "csv",
            "--quiet",
        ])
        .stdout,
    );
    let doc = json(
        &ok(&[
            "rank",
            "--candidates",
            "data/candidates.csv",
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "--quiet",
        ])
        .stdout,
    );
    for ((id, section), role) in roles
        .iter()
        .zip(&sections)
        .zip(doc["roles"].as_array().unwrap())
    {
        assert!(
            section.starts_with(&format!("\n<h2>{id} · ")),
            "{id}: {section:.80}"
        );
        // The same candidates, in the same order, with the same scores, one bar each.
        let mut at = 0;
        let rows: Vec<_> = csv
            .rows
            .iter()
            .filter(|r| cell(r, "role_id") == id)
            .collect();
        assert!(!rows.is_empty(), "{id}");
        for row in &rows {
            let wanted = format!(
                "<td class=\"r\">{}</td><td class=\"l\">{} ({})</td>",
                cell(row, "rank"),
                cell(row, "name"),
                cell(row, "candidate_id")
            );
            let found = section[at..]
                .find(&wanted)
                .unwrap_or_else(|| panic!("{id}: no row {wanted} after byte {at}"));
            at += found;
            let score: f64 = cell(row, "score").parse().unwrap();
            let bar = format!(
                "<title>{}. {} {score:.4}</title>",
                cell(row, "rank"),
                cell(row, "name")
            );
            assert!(section.contains(&bar), "{id}: no bar totalling {score:.4}");
            assert!(section.contains(&format!("<td class=\"r\">{score:.4}</td>")));
        }
        assert_eq!(
            section.matches("<tr><td class=\"r\">").count(),
            rows.len(),
            "{id}: one row per ranked candidate"
        );
        // The exclusion counts and the considered count.
        let considered = role["candidates_considered"].as_u64().unwrap();
        let excluded = role["candidates_excluded"].as_u64().unwrap();
        assert!(
            section.contains(&format!(
                "{considered} candidates scored, {excluded} excluded"
            )),
            "{id}"
        );
        for (reason, n) in role["excluded"].as_object().unwrap() {
            assert!(
                section.contains(&format!("{reason}: {n}")),
                "{id}: {reason}"
            );
        }
        // The weights, in words, as JSON gives them.
        for (feature, w) in role["weights"].as_object().unwrap() {
            let w = w.as_f64().unwrap();
            assert!(
                section.contains(&format!("{feature} {w:.3}")),
                "{id}: {feature}"
            );
        }
        assert!(section.contains("Scores split into feature contributions"));
        assert!(
            section.contains(" required skills"),
            "{id}: evidence in words"
        );
    }
}

#[test]
fn names_and_ids_from_files_are_escaped() {
    let dir = temp_dir();
    let file = write_file(
        dir.path(),
        "evil.csv",
        "id,name,country,skills,total_stars\n\
         \"o\"\"brien'<1>\",\"<script>alert(\"\"x\"\")</script>\",\"<b>Chile</b>\",python,10\n\
         ana,Ana & Bo,Chile,python,3\n",
    );
    let out = dir.path().join("evil.html");
    ok(&util::rank_open(
        &file,
        &[
            "--format",
            "html",
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ],
    ));
    let page = String::from_utf8(read(&out)).unwrap();
    assert!(
        !page.contains("<script") && !page.contains("<b>Chile"),
        "{page}"
    );
    assert!(page.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    assert!(page.contains("o&quot;brien&#39;&lt;1&gt;"));
    assert!(page.contains("&lt;b&gt;Chile&lt;/b&gt;"));
    assert!(page.contains("Ana &amp; Bo"));
}

#[test]
fn model_scored_rankings_render_split_or_whole() {
    let dir = temp_dir();
    // A linear model: contributions plus an intercept.
    let (page, _) = shortlist(
        dir.path(),
        "pairwise.html",
        &["--model", "models/pairwise-sample.json", "--top", "3"],
    );
    assert_eq!(sections(&page).len(), role_ids(&data("roles.toml")).len());
    assert!(page.contains("Scored by model:pairwise"));
    assert!(page.contains("Scores split into feature contributions"));
    assert!(
        page.contains("intercept (no feature)"),
        "the intercept has its colour"
    );
    assert!(!page.contains("is not linear"));
    // A boosted-trees model: scores split into exact SHAP values, said plainly.
    let model = train_lambdamart(dir.path(), &["n_trees=20"]);
    let (page, _) = shortlist(
        dir.path(),
        "lambdamart.html",
        &["--model", &model, "--top", "3"],
    );
    for section in sections(&page) {
        assert!(section.contains("model:lambdamart is made of trees"));
        assert!(section.contains("model:lambdamart has no weights per feature."));
        assert!(section.contains("Scores split into feature contributions"));
        assert!(!section.contains("is not linear"));
    }
    assert!(
        page.contains("intercept (no feature)"),
        "the expected value"
    );
    // A model file from before trees kept their covers: whole scores and values, as before.
    let text = std::fs::read_to_string(&model).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    for tree in doc["model"]["trees"].as_array_mut().unwrap() {
        tree.as_object_mut().unwrap().remove("cover").unwrap();
    }
    let sum = shiprank::model_checksum(serde_json::to_string(&doc).unwrap().as_bytes());
    doc["checksum"] = sum.unwrap().into();
    let old = dir.path().join("old.json");
    std::fs::write(&old, serde_json::to_string(&doc).unwrap()).unwrap();
    let (page, _) = shortlist(
        dir.path(),
        "old.html",
        &["--model", old.to_str().unwrap(), "--top", "3"],
    );
    for section in sections(&page) {
        assert!(section.contains("model:lambdamart is not linear in the features"));
        assert!(!section.contains("Scores split into feature contributions"));
        assert!(
            section.contains("<th>#</th><th>skills</th>"),
            "feature values"
        );
    }
}

/// The acceptance test: the bundled shortlist in headless Chromium (a screenshot that is not
/// blank, no console errors; kept in target/screenshots/ to look at), every role in the
/// rendered page; then a page with a `<script>` name, which must stay text.
#[test]
fn the_shortlist_renders_in_headless_chromium() {
    let dir = temp_dir();
    let (_, html) = shortlist(dir.path(), "shortlist.html", &[]);
    let shots = util::root().join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let Some(dom) = util::chromium::render(&html, &shots.join("shortlist.png"), (1200, 2400))
    else {
        return;
    };
    for id in role_ids(&data("roles.toml")) {
        assert!(
            dom.contains(&format!("<h2>{id} · ")),
            "{id} is not in the page"
        );
    }
    let file = write_file(
        dir.path(),
        "evil.csv",
        "id,name,skills\nx,<script>document.title='owned'</script>,python\n",
    );
    let evil = dir.path().join("evil.html");
    ok(&util::rank_open(
        &file,
        &[
            "--format",
            "html",
            "--out",
            evil.to_str().unwrap(),
            "--quiet",
        ],
    ));
    let dom = util::chromium::render(&evil, &dir.path().join("evil.png"), (1200, 1200)).unwrap();
    assert!(!dom.contains("<script"), "the name stays text");
    assert!(dom.contains("&lt;script&gt;document.title='owned'&lt;/script&gt;"));
    assert!(dom.contains("<title>Shortlist as of 2026-10-01</title>"));
}

#[test]
fn the_audit_table_is_the_audit_of_the_top_k_by_each_group_column() {
    let dir = temp_dir();
    let (page, _) = shortlist(dir.path(), "audited.html", &["--top", "5"]);
    let audit = json(
        &ok(&[
            "audit", "--as-of", AS_OF, "--by", "gender", "--by", "age_band", "--top", "5",
            "--format", "json", "--quiet",
        ])
        .stdout,
    );
    let roles = audit["roles"].as_array().unwrap();
    let parts = sections(&page);
    assert_eq!(parts.len(), roles.len());
    for (part, role) in parts.iter().zip(roles) {
        // gender and age_band have a few values each; email, an identifier, is left out.
        assert!(part.contains("Audit by gender") && part.contains("Audit by age_band"));
        assert!(!part.contains("Audit by email"));
        for attribute in role["attributes"].as_array().unwrap() {
            for c in attribute["categories"].as_array().unwrap() {
                // category, n, share, selected: the audit's numbers in the shortlist's table.
                let row = format!(
                    "<td>{}</td><td>{}</td><td>{:.1}%</td><td>{}</td>",
                    c["category"].as_str().unwrap(),
                    c["pool"],
                    100.0 * c["share"].as_f64().unwrap(),
                    c["selection"]["count"]
                );
                assert!(part.contains(&row), "{row} missing in {}", role["role_id"]);
            }
        }
    }
    // Without attribute columns there is no audit table.
    let plain = write_file(
        dir.path(),
        "plain.csv",
        "id,name,country,years_experience\na,A,Chile,3\nb,B,Peru,4\n",
    );
    let out = dir.path().join("plain.html");
    ok(&[
        "rank",
        "--candidates",
        plain.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--format",
        "html",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]);
    let page = String::from_utf8(read(&out)).unwrap();
    assert!(page.contains("<section") && !page.contains("Audit by"));
}
