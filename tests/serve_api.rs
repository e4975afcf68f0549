//! `shiprank serve` over real HTTP on 127.0.0.1: every endpoint and every error, and the
//! API's rankings, metrics and impact ratios against the command line's on the same files.

mod util;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};

use std::process::{Child, Command, Stdio};

use serde_json::{json, Value};
use util::{json as parse_json, ok, temp_dir, AS_OF};

/// A running `shiprank serve`, stopped when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_shiprank"))
            .current_dir(util::root())
            .arg("serve")
            .args(["--listen", "127.0.0.1:0", "--as-of", AS_OF, "--quiet"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("shiprank serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        if line.is_empty() {
            let mut err = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            panic!("serve printed no URL: {err}");
        }
        Server {
            child,
            url: line.trim().to_string(),
        }
    }

    /// The URL of `path` (the printed URL ends with `/`, and may carry `?token=`).
    fn at(&self, path: &str) -> String {
        let base = self.url.split('?').next().unwrap();
        format!("{}{}", base.trim_end_matches('/'), path)
    }

    fn get(&self, path: &str) -> (u16, String) {
        answer(agent().get(&self.at(path)).call())
    }

    fn post(&self, path: &str, body: &str) -> (u16, String) {
        answer(
            agent()
                .post(&self.at(path))
                .header("content-type", "application/json")
                .send(body),
        )
    }

    fn rank(&self, body: Value) -> Value {
        let (status, text) = self.post("/api/rank", &body.to_string());
        assert_eq!(status, 200, "{body}: {text}");
        serde_json::from_str(&text).unwrap()
    }

    /// The save token, from the page.
    fn save_token(&self) -> String {
        let (status, page) = self.get("/");
        assert_eq!(status, 200);
        let at = page
            .find("shiprank-save-token\" content=\"")
            .expect("the token's meta");
        let rest = &page[at + "shiprank-save-token\" content=\"".len()..];
        rest[..rest.find('"').unwrap()].to_string()
    }

    fn save(&self, role: &str, body: Value, token: Option<&str>) -> (u16, String) {
        let mut request = agent()
            .post(&self.at(&format!("/api/roles/{role}/save")))
            .header("content-type", "application/json");
        if let Some(t) = token {
            request = request.header("x-shiprank-save-token", t);
        }
        answer(request.send(&body.to_string()))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

fn answer(result: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> (u16, String) {
    let mut response = result.expect("the server answers");
    let status = response.status().as_u16();
    (status, response.body_mut().read_to_string().unwrap())
}

/// A copy of the bundled roles in a fresh folder.
fn roles_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = temp_dir();
    let path = dir.path().join("roles.toml");
    std::fs::copy(util::root().join("data/roles.toml"), &path).unwrap();
    (dir, path)
}

/// `rank --format json --explain` of one role, from a roles file.
fn cli_role(roles: &Path, role: &str, top: usize) -> Value {
    let doc = parse_json(
        &ok(&[
            "rank",
            "--roles",
            roles.to_str().unwrap(),
            "--role",
            role,
            "--as-of",
            AS_OF,
            "--top",
            &top.to_string(),
            "--format",
            "json",
            "--explain",
        ])
        .stdout,
    );
    doc["roles"][0].clone()
}

/// The API's answer has every key of the command line's, with the same values.
fn assert_same_ranking(api: &Value, cli: &Value) {
    for (key, value) in cli.as_object().unwrap() {
        assert_eq!(&api[key], value, "key {key} of role {}", cli["role_id"]);
    }
}

const ROLE_IDS: [&str; 10] = [
    "ml-senior-us-west",
    "fintech-backend",
    "data-engineer",
    "llm-app-engineer",
    "mobile-engineer",
    "platform-engineer",
    "frontend-engineer",
    "fullstack-typescript",
    "data-scientist",
    "rust-systems",
];

#[test]
fn roles_lists_every_role_with_its_weights_filters_and_preset() {
    let (_dir, roles) = roles_copy();
    let server = Server::start(&["--roles", roles.to_str().unwrap()]);
    let (status, text) = server.get("/api/roles");
    assert_eq!(status, 200, "{text}");
    let doc: Value = serde_json::from_str(&text).unwrap();
    let ids: Vec<&str> = doc["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let cli = parse_json(&ok(&["rank", "--as-of", AS_OF, "--format", "json", "--top", "1"]).stdout);
    let cli_ids: Vec<&str> = cli["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["role_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, cli_ids);
    assert_eq!(doc["candidates"], 300);
    assert_eq!(doc["can_save"], true);
    assert_eq!(doc["labels"], false);
    assert_eq!(doc["features"].as_array().unwrap().len(), 12);
    let attributes: Vec<&str> = doc["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert!(attributes.contains(&"country") && attributes.contains(&"gender"));
    assert!(!attributes.contains(&"email"), "identifiers are not groups");
    for (role, cli_role) in doc["roles"]
        .as_array()
        .unwrap()
        .iter()
        .zip(cli["roles"].as_array().unwrap())
    {
        // The normalized weights are what `rank` scores with.
        assert_eq!(role["normalized"], cli_role["weights"], "{}", role["id"]);
        assert!(role["preset_weights"].as_object().unwrap().len() == 12);
    }
    let fintech = &doc["roles"][1];
    assert_eq!(fintech["filters"]["max_salary"], 360000.0);
    assert_eq!(fintech["salary_currency"], "BRL");
    assert_eq!(fintech["strategy"], "builder-first");
}

#[test]
fn rank_scores_are_the_command_line_s_for_bundled_and_changed_weights() {
    let (dir, roles) = roles_copy();
    let server = Server::start(&["--roles", roles.to_str().unwrap()]);
    for role in ROLE_IDS {
        let api = server.rank(json!({"role": role, "top": 15, "explain": true}));
        assert_same_ranking(&api, &cli_role(&roles, role, 15));
        assert_eq!(
            api["saved"]["overlap"], api["saved"]["of"],
            "saved weights: same top"
        );
        assert!(api.get("metrics").is_none(), "no labels, no metrics");
    }
    // Changed weights and filters: the API against `rank` on a file holding them.
    let cases = [
        (
            "data-engineer",
            json!({"repo_impact": 40, "degree": 0, "salary_fit": 7.5}),
            json!({"must_have": ["docker"], "max_salary": 70000}),
            "weights = { repo_impact = 40, degree = 0, salary_fit = 7.5 }\nfilters = { must_have = [\"docker\"], max_salary = 70000 }",
        ),
        (
            "ml-senior-us-west",
            json!({"skill_coverage": 1, "commit_activity": 30.25}),
            json!({"min_overlap_hours": 5}),
            "weights = { skill_coverage = 1, commit_activity = 30.25 }\nfilters = { min_overlap_hours = 5 }",
        ),
    ];
    for (role, weights, filters, toml) in cases {
        let api = server.rank(
            json!({"role": role, "weights": weights, "filters": filters, "top": 20, "explain": true}),
        );
        let text = std::fs::read_to_string(&roles).unwrap();
        let changed = dir.path().join(format!("{role}.toml"));
        // The role's own weights and filters lines are replaced by the request's.
        let start = text.find(&format!("id = \"{role}\"")).unwrap();
        let end = text[start..]
            .find("[[role]]")
            .map_or(text.len(), |e| start + e);
        let block: String = text[start..end]
            .lines()
            .filter(|l| !l.starts_with("weights") && !l.starts_with("filters"))
            .map(|l| format!("{l}\n"))
            .collect();
        let edited = format!("{}{block}{toml}\n\n{}", &text[..start], &text[end..]);
        std::fs::write(&changed, edited).unwrap();
        let cli = cli_role(&changed, role, 20);
        assert_same_ranking(&api, &cli);
        assert!(
            api["saved"]["overlap"].as_u64() < api["saved"]["of"].as_u64(),
            "{role}: moved"
        );
        let movers = api["ranking"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| {
                api["saved"]["ranks"]
                    .get(r["candidate_id"].as_str().unwrap())
                    .is_none()
            })
            .count();
        assert_eq!(
            movers,
            api["saved"]["dropped"].as_array().unwrap().len(),
            "new = dropped"
        );
    }
}

#[test]
fn credentials_ignored_ranks_as_weights_without_degree_and_certifications() {
    let (_dir, roles) = roles_copy();
    let server = Server::start(&["--roles", roles.to_str().unwrap()]);
    let role = "data-scientist";
    let api = server.rank(json!({"role": role, "top": 10, "credentials_ignored": true}));
    assert_eq!(api["weights"]["degree"], 0.0);
    assert_eq!(api["weights"]["certifications"], 0.0);
    let with = server.rank(json!({"role": role, "top": 10}));
    let kept = &with["top_kept_without_credentials"];
    let ids = |doc: &Value| -> Vec<String> {
        doc["ranking"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["candidate_id"].as_str().unwrap().to_string())
            .collect()
    };
    let (a, b) = (ids(&api), ids(&with));
    let both = b.iter().filter(|id| a.contains(id)).count();
    assert_eq!(kept["kept"], both);
    assert_eq!(kept["of"], 10);
}

#[test]
fn labels_give_the_metrics_evaluate_gives() {
    let (_dir, roles) = roles_copy();
    let server = Server::start(&[
        "--roles",
        roles.to_str().unwrap(),
        "--labels",
        "data/labels.csv",
    ]);
    let eval = parse_json(
        &ok(&[
            "evaluate",
            "--labels",
            "data/labels.csv",
            "--as-of",
            AS_OF,
            "--k",
            "10",
            "--format",
            "json",
        ])
        .stdout,
    );
    for query in eval["per_query"].as_array().unwrap() {
        let role = query["query"].as_str().unwrap();
        let api = server.rank(json!({"role": role, "top": 10}));
        let metrics = &api["metrics"];
        assert_eq!(metrics["k"], 10);
        assert_eq!(metrics["labelled"], query["rows"]);
        let close =
            |a: &Value, b: &Value| (a.as_f64().unwrap() - b.as_f64().unwrap()).abs() < 1e-12;
        assert!(
            close(&metrics["ndcg"], &query["ndcg@10"]),
            "{role}: {metrics} vs {query}"
        );
        assert!(
            close(&metrics["map"], &query["map"]),
            "{role}: {metrics} vs {query}"
        );
    }
}

#[test]
fn impact_ratios_are_the_audit_s() {
    let (_dir, roles) = roles_copy();
    let server = Server::start(&["--roles", roles.to_str().unwrap()]);
    for role in ["data-engineer", "frontend-engineer", "data-scientist"] {
        let api = server.rank(json!({"role": role, "top": 25, "audit_by": "gender"}));
        let audit = parse_json(
            &ok(&[
                "audit",
                "--roles",
                roles.to_str().unwrap(),
                "--role",
                role,
                "--by",
                "gender",
                "--top",
                "25",
                "--as-of",
                AS_OF,
                "--format",
                "json",
            ])
            .stdout,
        );
        let attribute = &audit["roles"][0]["attributes"][0];
        let impact = &api["impact"];
        assert_eq!(impact["attribute"], "gender");
        for (ours, theirs) in impact["categories"]
            .as_array()
            .unwrap()
            .iter()
            .zip(attribute["categories"].as_array().unwrap())
        {
            assert_eq!(ours["category"], theirs["category"]);
            assert_eq!(ours["pool"], theirs["pool"]);
            assert_eq!(ours["selected"], theirs["selection"]["count"], "{role}");
            assert_eq!(ours["ratio"], theirs["selection"]["impact_ratio"], "{role}");
        }
        let lowest = &attribute["lowest_selection_impact_ratio"];
        match impact["lowest"].get("ratio") {
            Some(ratio) => assert_eq!(ratio, &lowest["impact_ratio"], "{role}: {lowest}"),
            None => assert!(lowest.is_null(), "{role}"),
        }
    }
    let api = server.rank(json!({"role": "data-engineer", "audit_by": "country"}));
    assert!(api["impact"]["categories"].as_array().unwrap().len() > 3);
}

#[test]
fn every_error_has_its_status_and_a_message() {
    let (_dir, roles) = roles_copy();
    let server = Server::start(&["--roles", roles.to_str().unwrap()]);
    let cases: &[(&str, u16, &str)] = &[
        ("{\"role\": ", 400, "invalid request body"),
        ("[1, 2]", 400, "invalid request body"),
        ("{\"role\": \"data-engineer\", \"weights\": {\"stars\": 1}}", 400, "unknown feature"),
        ("{\"role\": \"data-engineer\", \"weights\": {\"degree\": -1}}", 400, "non-negative"),
        ("{\"role\": \"data-engineer\", \"weights\": {\"degree\": 1e999}}", 400, "out of range"),
        ("{\"role\": \"data-engineer\", \"weights\": {\"degree\": NaN}}", 400, "invalid request body"),
        ("{\"role\": \"data-engineer\", \"weights\": {\"degree\": \"high\"}}", 400, "invalid type"),
        ("{\"role\": \"data-engineer\", \"weights\": {\"degree\": 0, \"certifications\": 0, \"skill_coverage\": 0, \"skill_depth\": 0, \"nice_to_have\": 0, \"repo_impact\": 0, \"commit_activity\": 0, \"code_recency\": 0, \"code_relevance\": 0, \"experience\": 0, \"timezone_overlap\": 0, \"salary_fit\": 0}}", 400, "all be zero"),
        ("{\"role\": \"data-engineer\", \"filters\": {\"must_have\": [\"cobolx\"]}}", 400, "unknown skill"),
        ("{\"role\": \"data-engineer\", \"filters\": {\"min_salary\": 1}}", 400, "unknown field"),
        ("{\"role\": \"data-engineer\", \"top\": 0}", 400, "top must be"),
        ("{\"role\": \"data-engineer\", \"audit_by\": \"gendr\"}", 400, "no attribute"),
        ("{\"role\": \"data-engineer\", \"colour\": 1}", 400, "unknown field"),
        ("{\"role\": \"nobody\"}", 404, "no role"),
    ];
    for &(body, status, message) in cases {
        for path in ["/api/rank", "/api/export"] {
            let (got, text) = server.post(path, body);
            assert_eq!(got, status, "{path} {body}: {text}");
            let error: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{text}"));
            let said = error["error"].as_str().unwrap();
            assert!(said.contains(message), "{path} {body}: {said}");
        }
    }
    // Bodies over 64 KiB are refused before they are read.
    let big = format!(
        "{{\"role\": \"data-engineer\", \"pad\": \"{}\"}}",
        "x".repeat(70 * 1024)
    );
    let (got, text) = server.post("/api/rank", &big);
    assert_eq!(got, 413, "{text}");
    assert!(text.contains("64 KiB"), "{text}");
    // Unknown paths and methods.
    assert_eq!(server.get("/api/nothing").0, 404);
    assert_eq!(server.get("/etc/passwd").0, 404);
    assert_eq!(server.get("/../Cargo.toml").0, 404);
    assert_eq!(server.get("/api/rank").0, 405);
    // Saving: the token, the role, the body.
    let token = server.save_token();
    assert_eq!(token.len(), 32);
    let (got, text) = server.save("data-engineer", json!({}), None);
    assert_eq!(got, 403, "{text}");
    let (got, _) = server.save(
        "data-engineer",
        json!({}),
        Some("0123456789abcdef0123456789abcdef"),
    );
    assert_eq!(got, 403);
    let (got, text) = server.save("nobody", json!({}), Some(&token));
    assert_eq!(got, 404, "{text}");
    let (got, text) = server.save(
        "data-engineer",
        json!({"weights": {"stars": 1}}),
        Some(&token),
    );
    assert_eq!(got, 400, "{text}");
    let before = std::fs::read_to_string(&roles).unwrap();
    assert_eq!(
        std::fs::read_to_string(&roles).unwrap(),
        before,
        "nothing saved"
    );
}

/// Sends a raw request with a chosen Host header (the HTTP client will not let us lie).
fn raw_get(server: &Server, host: &str, path: &str) -> String {
    let addr = server.at("").trim_start_matches("http://").to_string();
    let mut stream = TcpStream::connect(&addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn only_loopback_names_reach_a_server_without_a_token() {
    let server = Server::start(&[]);
    let addr = server.at("").trim_start_matches("http://").to_string();
    let port = addr.rsplit(':').next().unwrap();
    assert!(raw_get(&server, &addr, "/api/roles").starts_with("HTTP/1.1 200"));
    assert!(raw_get(&server, &format!("localhost:{port}"), "/").starts_with("HTTP/1.1 200"));
    let rebound = raw_get(&server, &format!("attacker.example:{port}"), "/");
    assert!(rebound.starts_with("HTTP/1.1 403"), "{rebound}");
    assert!(!rebound.contains("save-token"));
    // Security headers on every answer.
    let page = raw_get(&server, &addr, "/");
    for header in [
        "content-security-policy: default-src 'self'",
        "x-content-type-options: nosniff",
        "referrer-policy: no-referrer",
    ] {
        assert!(page.to_ascii_lowercase().contains(header), "{header}");
    }
    // The bundled roles cannot be saved.
    let token = server.save_token();
    let (got, text) = server.save(
        "data-engineer",
        json!({"weights": {"degree": 0}}),
        Some(&token),
    );
    assert_eq!(got, 409, "{text}");
    assert!(text.contains("--roles"), "{text}");
}

#[test]
fn a_token_guards_every_request_but_the_page_s_files() {
    let token = "test-token-0123456789";
    let server = Server::start(&["--token", token]);
    assert!(
        server.url.ends_with(&format!("/?token={token}")),
        "{}",
        server.url
    );
    let (status, text) = server.get("/api/roles");
    assert_eq!(status, 401, "{text}");
    assert_eq!(server.get("/").0, 401);
    assert_eq!(server.get("/page.js").0, 200);
    assert_eq!(server.get("/page.css").0, 200);
    assert_eq!(server.get(&format!("/api/roles?token={token}")).0, 200);
    assert_eq!(server.get(&format!("/?token={token}")).0, 200);
    assert_eq!(server.get("/api/roles?token=wrong-token-0123456789").0, 401);
    let (status, _) = answer(
        agent()
            .get(&server.at("/api/roles"))
            .header("authorization", format!("Bearer {token}"))
            .call(),
    );
    assert_eq!(status, 200);
    // Off loopback, a token is required; a short one is refused.
    let stderr = util::fail(&["serve", "--listen", "0.0.0.0:0"]);
    assert!(stderr.contains("--token"), "{stderr}");
    let stderr = util::fail(&["serve", "--token", "short"]);
    assert!(stderr.contains("at least 16"), "{stderr}");
}

#[test]
fn save_writes_only_the_role_s_weights_and_they_become_the_saved_ones() {
    let (_dir, roles) = roles_copy();
    let server = Server::start(&["--roles", roles.to_str().unwrap()]);
    let before = std::fs::read_to_string(&roles).unwrap();
    let token = server.save_token();
    let weights = json!({"repo_impact": 30, "degree": 0.5});
    let tuned = server
        .rank(json!({"role": "data-engineer", "weights": weights, "top": 10, "explain": true}));
    let (status, text) = server.save("data-engineer", json!({"weights": weights}), Some(&token));
    assert_eq!(status, 200, "{text}");
    let saved: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(saved["saved"], true);
    let after = std::fs::read_to_string(&roles).unwrap();
    let (old, new): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    assert_eq!(new.len(), old.len() + 1, "one line added:\n{after}");
    let added: Vec<&&str> = new.iter().filter(|l| !old.contains(l)).collect();
    assert_eq!(added, [&"weights = { repo_impact = 30, degree = 0.5 }"]);
    // Inside the data-engineer block, after its last key.
    let at = after.find("weights = { repo_impact = 30").unwrap();
    let role_at = after.find("id = \"data-engineer\"").unwrap();
    let next = after[role_at..].find("[[role]]").unwrap() + role_at;
    assert!(role_at < at && at < next);
    // The file still checks, and `rank` on it gives what the API gave.
    assert_same_ranking(&tuned, &cli_role(&roles, "data-engineer", 10));
    // The saved weights are the baseline now.
    let again = server.rank(json!({"role": "data-engineer", "top": 10, "explain": true}));
    assert_eq!(again["saved"]["overlap"], 10);
    assert_eq!(again["ranking"], tuned["ranking"]);
    let listed: Value = serde_json::from_str(&server.get("/api/roles").1).unwrap();
    let role = &listed["roles"][2];
    assert_eq!(role["id"], "data-engineer");
    assert_eq!(role["weights"]["repo_impact"], 30.0);
    assert_eq!(
        role["overrides"],
        json!({"repo_impact": 30.0, "degree": 0.5})
    );
    // Saving filters edits only the filters line; saving the same again changes nothing.
    let filters = json!({"must_have": ["python"], "max_salary": 80000});
    let body = json!({"weights": {"repo_impact": 30, "degree": 0.5}, "filters": filters});
    assert_eq!(
        server.save("data-engineer", body.clone(), Some(&token)).0,
        200
    );
    let with_filters = std::fs::read_to_string(&roles).unwrap();
    assert!(with_filters.contains("filters = { must_have = [\"python\"], max_salary = 80000 }"));
    assert_eq!(server.save("data-engineer", body, Some(&token)).0, 200);
    assert_eq!(std::fs::read_to_string(&roles).unwrap(), with_filters);
    // No temporary file is left beside it.
    let files: Vec<_> = std::fs::read_dir(roles.parent().unwrap())
        .unwrap()
        .collect();
    assert_eq!(files.len(), 1);
}

#[test]
fn export_is_the_command_line_s_explained_csv() {
    let (_dir, roles) = roles_copy();
    let server = Server::start(&["--roles", roles.to_str().unwrap()]);
    let (status, csv) = server.post(
        "/api/export",
        &json!({"role": "frontend-engineer", "top": 12}).to_string(),
    );
    assert_eq!(status, 200, "{csv}");
    let cli = ok(&[
        "rank",
        "--roles",
        roles.to_str().unwrap(),
        "--role",
        "frontend-engineer",
        "--as-of",
        AS_OF,
        "--top",
        "12",
        "--format",
        "csv",
        "--explain",
    ]);
    assert_eq!(csv, cli.stdout_text());
    let page = raw_get(
        &server,
        server.at("").trim_start_matches("http://"),
        "/page.js",
    );
    assert!(page.contains("text/javascript"));
}
