//! `shiprank serve` in a real browser: the release binary serves a copy of the bundled roles,
//! headless Chromium (driven through `chromedriver` with fantoccini) loads the page, picks a
//! role, moves two weight sliders with the keyboard, and saves. The test checks that the page
//! renders the server's ranking for the new weights, marks the movements, writes only that
//! role's `weights` into the roles file (comments and layout kept), logs no console error,
//! and looks like a page (a screenshot in `target/serve-screenshot.png`; with
//! `SHIPRANK_BLESS=1` also in `tests/screenshots/serve.png`).
//!
//! Skipped (with a message) when Chromium or chromedriver is missing and `CI` is unset; with
//! `CI` set a missing browser fails (`.ci/run` installs both).

mod util;

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde::Deserialize;
use serde_json::{json, Value};

/// The reference date of the run (fixed, so the ranking is the same every day).
const AS_OF: &str = "2026-11-30";
/// The role tuned and saved: not the first one, so picking it is a real change of role.
const ROLE: &str = "llm-app-engineer";
/// The builder slider moved, and the credential slider moved so the order surely changes.
const BUILDER: &str = "repo_impact";
const CREDENTIAL: &str = "degree";
/// Arrow presses on each slider (the sliders step by 0.5).
const PRESSES: usize = 40;
/// How long any wait may take, and how often it looks.
const TIMEOUT: Duration = Duration::from_secs(15);
const POLL: Duration = Duration::from_millis(50);
/// The browser window, as the screenshot's size.
const WINDOW: (u32, u32) = (1280, 900);

// ------------------------------------------------------------------------------ processes

/// A child process killed (and reaped) when dropped, also when the test panics; then its log
/// is printed, to say what the process saw.
struct Guard {
    name: &'static str,
    child: Child,
    log: PathBuf,
    /// chromedriver's port: asked to shut down (quitting its browsers) before it is killed.
    driver_port: Option<u16>,
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(port) = self.driver_port {
            if let Ok(mut s) = TcpStream::connect((Ipv4Addr::LOCALHOST, port)) {
                let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
                let _ = write!(
                    s,
                    "GET /shutdown HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
                );
                let _ = s.read_to_end(&mut Vec::new());
            }
            let end = Instant::now() + Duration::from_secs(5);
            while Instant::now() < end && matches!(self.child.try_wait(), Ok(None)) {
                std::thread::sleep(POLL);
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            let log = std::fs::read_to_string(&self.log).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            eprintln!("--- {} log (last lines) ---", self.name);
            for line in tail.iter().rev() {
                eprintln!("{line}");
            }
        }
    }
}

/// Panics when `CI` is set; else says why the test is skipped.
fn skip(what: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but {what} is missing: .ci/run installs chromium and chromium-driver"
    );
    eprintln!("skipped: {what} is not installed (apt-get install chromium chromium-driver)");
}

/// An executable: `preferred` if it is there, else the first of `names` on the PATH.
fn executable(preferred: &str, names: &[&str]) -> Option<PathBuf> {
    let preferred = PathBuf::from(preferred);
    if preferred.is_file() {
        return Some(preferred);
    }
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// A loopback port free a moment ago.
fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("a free port");
    listener.local_addr().expect("its address").port()
}

/// Starts `shiprank serve` in `dir` on `dir/roles.toml` and copies of the bundled candidates
/// and labels (relative paths, so the page's header is the same on every run); returns it and
/// the URL it printed.
fn start_server(dir: &Path) -> (Guard, String) {
    let data = dir.join("data");
    std::fs::create_dir_all(&data).expect("a data folder");
    for name in ["candidates.csv", "labels.csv"] {
        util::write_file(&data, name, util::read(format!("data/{name}")));
    }
    let log = dir.join("serve.stderr");
    let child = Command::new(env!("CARGO_BIN_EXE_shiprank"))
        .current_dir(dir)
        .args([
            "serve",
            "--roles",
            "roles.toml",
            "--candidates",
            "data/candidates.csv",
            "--labels",
            "data/labels.csv",
            "--listen",
            "127.0.0.1:0",
            "--as-of",
            AS_OF,
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log).expect("the server's log file"))
        .spawn()
        .expect("shiprank serve starts");
    let mut guard = Guard {
        name: "shiprank serve",
        child,
        log,
        driver_port: None,
    };
    let stdout = guard.child.stdout.take().expect("piped stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        let read = reader.read_line(&mut line).map(|_| line);
        let _ = tx.send(read);
        // Keep draining, so that the server never writes into a closed pipe.
        let _ = std::io::copy(&mut reader, &mut std::io::sink());
    });
    let line = match rx.recv_timeout(TIMEOUT) {
        Ok(Ok(line)) => line,
        Ok(Err(e)) => panic!("reading the server's stdout: {e}"),
        Err(_) => panic!("shiprank serve printed no URL within {TIMEOUT:?}"),
    };
    let url = line.trim_end().to_string();
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with('/') && !url.contains(' '),
        "the first line of stdout is the URL alone, found {line:?}"
    );
    (guard, url)
}

/// Starts chromedriver on a free port and waits until it answers; returns it and its URL.
fn start_driver(chromedriver: &Path, dir: &Path) -> (Guard, String) {
    let port = free_port();
    let log = dir.join("chromedriver.log");
    let child = Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .arg(format!("--log-path={}", log.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let mut guard = Guard {
        name: "chromedriver",
        child,
        log,
        driver_port: Some(port),
    };
    let end = Instant::now() + TIMEOUT;
    while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
        if let Ok(Some(status)) = guard.child.try_wait() {
            panic!("chromedriver exited before listening: {status}");
        }
        assert!(
            Instant::now() < end,
            "chromedriver did not listen within {TIMEOUT:?}"
        );
        std::thread::sleep(POLL);
    }
    (guard, format!("http://127.0.0.1:{port}"))
}

// ------------------------------------------------------------------------------ the browser

/// chromedriver's `POST /session/{id}/se/log`: the browser's console entries since the last
/// call (kept because the session asks for `goog:loggingPrefs`).
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        (
            axum::http::Method::POST,
            Some(json!({ "type": "browser" }).to_string()),
        )
    }
}

/// The session's capabilities: headless Chromium that makes no request of its own.
fn capabilities(chromium: &Path, profile: &Path) -> Capabilities {
    let args = [
        "--headless=new".to_string(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-dev-shm-usage".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--no-first-run".into(),
        format!("--window-size={},{}", WINDOW.0, WINDOW.1),
        format!("--user-data-dir={}", profile.display()),
    ];
    let caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": { "binary": chromium, "args": args },
        "goog:loggingPrefs": { "browser": "ALL" },
    });
    match caps {
        Value::Object(map) => map,
        _ => unreachable!(),
    }
}

/// What the page's test hooks on `<body>` and the status line say.
#[derive(Debug, Deserialize)]
struct PageState {
    state: String,
    renders: u64,
    saved: u64,
    status: String,
    kind: String,
    save_disabled: bool,
}

impl PageState {
    fn ready(&self) -> bool {
        self.state == "ready"
    }

    fn assert_no_error(&self, when: &str) {
        assert!(
            self.state != "error" && self.kind != "error" && !self.status.starts_with("Error"),
            "{when}: the page shows an error: {self:?}"
        );
    }
}

/// One row of the rendered ranking.
#[derive(Clone, Debug, Deserialize, PartialEq)]
struct Row {
    id: String,
    score: String,
    movement: String,
    badge: String,
    segments: usize,
}

/// Runs a script that returns JSON, as `T`.
async fn eval<T: serde::de::DeserializeOwned>(client: &Client, script: &str) -> T {
    let value = client
        .execute(script, Vec::new())
        .await
        .unwrap_or_else(|e| panic!("running a script in the page: {e}\n{script}"));
    serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("unexpected script result {value}: {e}\n{script}"))
}

async fn page_state(client: &Client) -> PageState {
    eval(
        client,
        "const b = document.body.dataset, s = document.getElementById('status');
         return { state: b.state, renders: Number(b.renders), saved: Number(b.saved),
                  status: s.textContent, kind: s.dataset.kind || '',
                  save_disabled: document.getElementById('save').disabled };",
    )
    .await
}

async fn ranking(client: &Client) -> Vec<Row> {
    eval(
        client,
        "return Array.from(document.querySelectorAll('#ranking tbody tr[data-candidate]'))
           .map(tr => ({ id: tr.dataset.candidate, movement: tr.dataset.movement,
                         score: tr.querySelector('td.score').textContent,
                         badge: tr.querySelector('.mv').className,
                         segments: tr.querySelectorAll('.bar .seg').length }));",
    )
    .await
}

async fn text(client: &Client, id: &str) -> String {
    element(client, id)
        .await
        .text()
        .await
        .unwrap_or_else(|e| panic!("the text of #{id}: {e}"))
}

async fn element(client: &Client, id: &str) -> Element {
    client
        .find(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("no element #{id}: {e}"))
}

/// Polls `probe` every 50 ms until `done` holds of what it returns; fails after 15 s saying
/// what was awaited and what was last seen.
async fn wait_for<T: Debug, F, Fut>(what: &str, mut probe: F, done: impl Fn(&T) -> bool) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let end = Instant::now() + TIMEOUT;
    loop {
        let seen = probe().await;
        if done(&seen) {
            return seen;
        }
        assert!(
            Instant::now() < end,
            "timed out after {TIMEOUT:?} waiting for {what}; last seen: {seen:#?}"
        );
        tokio::time::sleep(POLL).await;
    }
}

/// Waits for a ranking rendered after render number `after`, with the page ready.
async fn wait_rendered(client: &Client, after: u64, what: &str) -> PageState {
    let seen = wait_for(
        what,
        || page_state(client),
        |s| s.ready() && s.renders > after || s.state == "error",
    )
    .await;
    seen.assert_no_error(what);
    seen
}

/// The slider values (relative weights) by feature.
async fn sliders(client: &Client) -> BTreeMap<String, f64> {
    eval(
        client,
        "const w = {};
         for (const i of document.querySelectorAll('#weights input[type=range]'))
           w[i.id.slice(2)] = parseFloat(i.value);
         return w;",
    )
    .await
}

/// The server's ranking (ids and scores) of `ROLE` with `weights` and the saved filters,
/// fetched from inside the page (same origin, as the page does).
async fn server_ranking(client: &Client, weights: &BTreeMap<String, f64>) -> Vec<(String, f64)> {
    let answer = client
        .execute_async(
            "const [body, done] = arguments;
             fetch('api/rank', { method: 'POST', body: JSON.stringify(body),
                                 headers: { 'Content-Type': 'application/json' } })
               .then(r => r.json()).then(done, e => done({ error: String(e) }));",
            vec![json!({ "role": ROLE, "weights": weights, "top": 20 })],
        )
        .await
        .expect("POST api/rank from the page");
    let rows = answer["ranking"]
        .as_array()
        .unwrap_or_else(|| panic!("api/rank answered {answer}"));
    rows.iter()
        .map(|r| {
            let id = r["candidate_id"].as_str().expect("a candidate id");
            (id.to_string(), r["score"].as_f64().expect("a score"))
        })
        .collect()
}

/// Whether the rendered rows are the server's ranking (ids in order, scores to 4 decimals).
fn shows(rows: &[Row], server: &[(String, f64)]) -> bool {
    rows.len() == server.len()
        && rows.iter().zip(server).all(|(row, (id, score))| {
            row.id == *id
                && row
                    .score
                    .parse::<f64>()
                    .is_ok_and(|s| (s - score).abs() <= 6e-5)
        })
}

// ------------------------------------------------------------------------------ checks

/// Fails with the message when the condition does not hold.
macro_rules! ensure {
    ($condition:expr, $($message:tt)+) => {
        if !$condition {
            return Err(format!($($message)+));
        }
    };
}

/// The roles of a roles file, in order.
fn role_tables(text: &str) -> Result<Vec<toml::Table>, String> {
    let table: toml::Table = text.parse().map_err(|e| format!("not TOML: {e}"))?;
    let roles = table.get("role").and_then(toml::Value::as_array);
    let roles = roles.ok_or("no [[role]] tables")?;
    roles
        .iter()
        .map(|r| r.as_table().cloned().ok_or(format!("not a table: {r}")))
        .collect()
}

/// A role's `weights` table, as numbers.
fn weights_of(role: &toml::Table) -> Result<BTreeMap<String, f64>, String> {
    let Some(weights) = role.get("weights") else {
        return Ok(BTreeMap::new());
    };
    let weights = weights.as_table().ok_or("weights is not a table")?;
    weights
        .iter()
        .map(|(k, v)| {
            let w = v.as_float().or(v.as_integer().map(|i| i as f64));
            Ok((k.clone(), w.ok_or(format!("weight {k} is not a number"))?))
        })
        .collect()
}

/// Checks the saved file against the original: the same TOML but `ROLE`'s `weights`, which
/// are now `expected`; and the same bytes but that role's one `weights = {…}` line (changed,
/// keeping its comment, or added inside the role's block).
fn check_saved_file(old: &str, new: &str, expected: &BTreeMap<String, f64>) -> Result<(), String> {
    let (before, after) = (role_tables(old)?, role_tables(new)?);
    ensure!(before.len() == after.len(), "the number of roles changed");
    for (mut b, mut a) in before.into_iter().zip(after) {
        if b.get("id").and_then(toml::Value::as_str) != Some(ROLE) {
            ensure!(b == a, "a role that was not saved changed:\n{b:?}\n{a:?}");
            continue;
        }
        let written = weights_of(&a)?;
        ensure!(
            &written == expected,
            "weights written for {ROLE}: {written:?}, not {expected:?}"
        );
        b.remove("weights");
        a.remove("weights");
        ensure!(
            b == a,
            "keys other than weights of {ROLE} changed:\n{b:?}\n{a:?}"
        );
    }

    // Byte for byte: one line differs, and it is the role's weights line.
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let prefix = old_lines
        .iter()
        .zip(&new_lines)
        .take_while(|(a, b)| a == b)
        .count();
    let suffix = old_lines[prefix..]
        .iter()
        .rev()
        .zip(new_lines[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let removed = &old_lines[prefix..old_lines.len() - suffix];
    let added = &new_lines[prefix..new_lines.len() - suffix];
    let weights_line = |l: &&str| l.starts_with("weights = {") && l.contains('}');
    ensure!(
        added.len() == 1 && weights_line(&added[0]) && removed.len() <= 1,
        "more than the role's weights line changed in the roles file:\n- {removed:?}\n+ {added:?}"
    );
    if let [line] = removed {
        ensure!(
            weights_line(line),
            "a line other than a weights line was replaced: {line:?}"
        );
        let comment = |l: &str| l.rsplit_once('}').map(|(_, rest)| rest.to_string());
        ensure!(
            comment(line) == comment(added[0]),
            "the weights line lost its comment or spacing: {line:?} became {:?}",
            added[0]
        );
    }
    let start = old_lines[..prefix]
        .iter()
        .rposition(|l| l.starts_with("[[role]]"))
        .ok_or("the change is before any [[role]]")?;
    let names_role = |l: &&str| {
        l.strip_prefix(&format!("id = \"{ROLE}\""))
            .is_some_and(|rest| rest.trim().is_empty() || rest.trim_start().starts_with('#'))
    };
    ensure!(
        old_lines[start..prefix].iter().any(names_role),
        "the weights line changed is not in {ROLE}'s block (line {})",
        prefix + 1
    );
    Ok(())
}

/// Checks the screenshot: a PNG about as wide as the window, not blank in several places.
fn check_screenshot(png_bytes: &[u8]) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().expect("the screenshot is a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a sized PNG")];
    let info = reader.next_frame(&mut buf).expect("the PNG decodes");
    let (width, height) = (info.width as usize, info.height as usize);
    assert!(
        (WINDOW.0 - 40..=WINDOW.0 + 40).contains(&info.width) && height >= 400,
        "screenshot {width}×{height}, expected about {} wide",
        WINDOW.0
    );
    let samples = info.color_type.samples();
    let pixels = &buf[..info.buffer_size()];
    let ink = |x: usize, y: usize| {
        let p = &pixels[(y * width + x) * samples..][..samples.min(3)];
        p.iter().any(|&c| c < 200)
    };
    // A 4×3 grid of tiles: text, sliders, bars and table rules leave ink in most of them.
    let mut inked = 0;
    for ty in 0..3 {
        for tx in 0..4 {
            let (x0, y0) = (tx * width / 4, ty * height / 3);
            let any = (y0..y0 + height / 3)
                .step_by(2)
                .any(|y| (x0..x0 + width / 4).any(|x| ink(x, y)));
            inked += usize::from(any);
        }
    }
    assert!(
        inked >= 8,
        "the screenshot is (nearly) blank: ink in {inked} of 12 tiles"
    );
    // Coloured contribution bars: strongly saturated pixels in the table's half.
    let coloured = (0..height)
        .step_by(2)
        .flat_map(|y| (width / 3..width).step_by(2).map(move |x| (x, y)))
        .filter(|&(x, y)| {
            let p = &pixels[(y * width + x) * samples..][..3.min(samples)];
            samples >= 3 && {
                let (max, min) = (*p.iter().max().unwrap(), *p.iter().min().unwrap());
                max - min > 80
            }
        })
        .count();
    assert!(
        coloured > 2000,
        "no coloured bars in the screenshot ({coloured} coloured pixels)"
    );
}

// ------------------------------------------------------------------------------ the test

#[test]
fn tuning_a_role_in_the_browser_reranks_and_saves_only_its_weights() {
    let Some(chromium) = executable("/usr/bin/chromium", &["chromium", "chromium-browser"]) else {
        return skip("chromium");
    };
    let Some(chromedriver) = executable("/usr/bin/chromedriver", &["chromedriver"]) else {
        return skip("chromedriver (package chromium-driver)");
    };
    let started = Instant::now();
    let dir = util::temp_dir();
    let original = String::from_utf8(util::read("data/roles.toml")).expect("UTF-8 roles");
    let roles = util::write_file(dir.path(), "roles.toml", &original);
    let profile = util::temp_dir();
    // Declared after the folders they use, so they are stopped before those are removed.
    let (_server, url) = start_server(dir.path());
    let (_driver, driver_url) = start_driver(&chromedriver, dir.path());

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities(&chromium, profile.path()))
            .connect(&driver_url)
            .await
            .unwrap_or_else(|e| panic!("a WebDriver session on {driver_url}: {e}"));
        drive(&client, &url, &roles, &original).await;
        client.close().await.expect("closing the WebDriver session");
    });
    let log = std::fs::read_to_string(dir.path().join("serve.stderr")).unwrap_or_default();
    assert!(!log.contains("panicked"), "the server panicked:\n{log}");
    eprintln!("serve_browser: passed in {:.1?}", started.elapsed());
}

/// Everything done in the browser.
async fn drive(client: &Client, url: &str, roles: &Path, original: &str) {
    client.goto(url).await.expect("loading the page");
    let first = wait_rendered(client, 0, "the first ranking").await;
    assert!(first.save_disabled, "Save is enabled before any change");

    // Pick the role: its saved ranking, every row unmoved.
    element(client, "role")
        .await
        .select_by_value(ROLE)
        .await
        .expect("picking the role");
    let picked = wait_rendered(client, first.renders, "the ranking of the role picked").await;
    let saved_weights = sliders(client).await;
    let before = wait_for(
        "the page to show the server's ranking of the role picked",
        || async {
            (
                ranking(client).await,
                server_ranking(client, &saved_weights).await,
            )
        },
        |(rows, server)| shows(rows, server),
    )
    .await
    .0;
    assert_eq!(before.len(), 20, "the page shows its default top 20");
    for row in &before {
        assert_eq!(
            row.movement, "0",
            "a row moved under the saved weights: {row:?}"
        );
        assert!(row.badge.contains("same"), "{row:?}");
        assert!(row.segments > 0, "a row without contribution bars: {row:?}");
    }
    assert!(text(client, "sum-overlap").await.starts_with("20"));
    let metrics = text(client, "sum-metrics").await;
    assert!(
        metrics.contains("NDCG@20"),
        "labels are loaded: {metrics:?}"
    );

    // An impact ratio by country.
    element(client, "audit-by")
        .await
        .select_by_value("country")
        .await
        .expect("picking an audit attribute");
    let audited = wait_rendered(client, picked.renders, "the ranking audited by country").await;
    let impact = text(client, "sum-impact").await;
    assert!(
        impact.chars().next().is_some_and(|c| c.is_ascii_digit()),
        "an impact ratio by country: {impact:?}"
    );

    // Move a builder slider and a credential slider with the keyboard.
    let mut renders = audited.renders;
    let right: &str = &Key::Right;
    for feature in [BUILDER, CREDENTIAL] {
        let id = format!("w-{feature}");
        let readout = format!("v-{feature}");
        let slider = element(client, &id).await;
        client
            .execute("arguments[0].focus();", vec![json!(slider)])
            .await
            .expect("focusing the slider");
        slider
            .send_keys(&right.repeat(PRESSES))
            .await
            .unwrap_or_else(|e| panic!("arrow keys on #{id}: {e}"));
        let moved = saved_weights[feature] + 0.5 * PRESSES as f64;
        let shown = text(client, &readout).await;
        assert_eq!(
            shown.parse::<f64>().ok(),
            Some(moved),
            "#{readout} after the arrows"
        );
        renders = wait_rendered(client, renders, &format!("a ranking after moving #{id}"))
            .await
            .renders;
    }
    let weights = sliders(client).await;
    for (feature, w) in &weights {
        let moved = [BUILDER, CREDENTIAL].contains(&feature.as_str());
        let expected = saved_weights[feature] + if moved { 0.5 * PRESSES as f64 } else { 0.0 };
        assert_eq!(*w, expected, "slider {feature}");
    }
    // Debounced: wait until the page shows the server's ranking for the final weights.
    let (after, server) = wait_for(
        "the page to show the server's ranking for the moved sliders",
        || async {
            (
                ranking(client).await,
                server_ranking(client, &weights).await,
            )
        },
        |(rows, server)| shows(rows, server),
    )
    .await;
    let state = wait_for(
        "the page to be ready",
        || page_state(client),
        PageState::ready,
    )
    .await;
    state.assert_no_error("after moving the sliders");
    let ids = |rows: &[Row]| rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
    assert_ne!(ids(&before), ids(&after), "the order did not change");
    assert_ne!(before, after, "the ranking did not change");
    assert!(
        after.iter().any(|r| r.movement != "0"),
        "no movement marker after the change: {after:#?}"
    );
    for row in &after {
        let class = match row.movement.as_str() {
            "new" => "new",
            "0" => "same",
            m if m.starts_with('-') => "down",
            _ => "up",
        };
        assert!(
            row.badge.contains(class),
            "movement {} shown as {}",
            row.movement,
            row.badge
        );
    }
    let overlap = text(client, "sum-overlap").await;
    let kept = after.iter().filter(|r| r.movement != "new").count();
    assert!(
        overlap.starts_with(&format!("{kept} ")),
        "#sum-overlap {overlap:?}, kept {kept}"
    );
    assert!(!state.save_disabled, "Save is disabled after a change");
    eprintln!(
        "serve_browser: top 3 before {:?}, after {:?}",
        &ids(&before)[..3],
        &server.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>()[..3]
    );

    // The screenshot of the changed ranking (the focused slider scrolled the page a little).
    client
        .execute("window.scrollTo(0, 0);", Vec::new())
        .await
        .expect("scrolling to the top");
    let shot = client.screenshot().await.expect("a screenshot");
    let target = util::root().join("target/serve-screenshot.png");
    std::fs::write(&target, &shot).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
    if std::env::var("SHIPRANK_BLESS").as_deref() == Ok("1") {
        let blessed = util::root().join("tests/screenshots/serve.png");
        std::fs::create_dir_all(blessed.parent().unwrap()).expect("tests/screenshots");
        std::fs::write(&blessed, &shot).unwrap_or_else(|e| panic!("{}: {e}", blessed.display()));
        eprintln!("serve_browser: wrote {}", blessed.display());
    }
    check_screenshot(&shot);

    // Save: only this role's weights change in the file.
    element(client, "save")
        .await
        .click()
        .await
        .expect("clicking Save");
    let saved = wait_for(
        "the save to complete (data-saved = 1)",
        || page_state(client),
        |s| s.saved == 1 && s.ready() || s.state == "error",
    )
    .await;
    saved.assert_no_error("after saving");
    assert_eq!(saved.kind, "ok", "{saved:?}");
    assert!(
        saved.status.starts_with(&format!("Saved {ROLE} to ")),
        "{saved:?}"
    );
    assert!(
        saved.save_disabled,
        "Save is still enabled with nothing left to save"
    );
    let rows = ranking(client).await;
    assert_eq!(ids(&rows), ids(&after), "saving changed the ranking");
    assert!(
        rows.iter().all(|r| r.movement == "0"),
        "after saving, the saved weights are the baseline: {rows:#?}"
    );
    // The file's overrides stay written; the moved sliders are added.
    let new_text = std::fs::read_to_string(roles).expect("the saved roles file");
    let old_role = role_tables(original)
        .expect("the original roles")
        .into_iter()
        .find(|r| r.get("id").and_then(toml::Value::as_str) == Some(ROLE))
        .expect("the role in the file");
    let mut expected = weights_of(&old_role).expect("the role's weights");
    for feature in [BUILDER, CREDENTIAL] {
        expected.insert(feature.to_string(), weights[feature]);
    }
    if let Err(problem) = check_saved_file(original, &new_text, &expected) {
        panic!("Save wrote more than {ROLE}'s weights: {problem}\n--- file:\n{new_text}");
    }

    // A reload reads the saved weights back.
    client.goto(url).await.expect("reloading the page");
    let reloaded = wait_rendered(client, 0, "the ranking after a reload").await;
    element(client, "role")
        .await
        .select_by_value(ROLE)
        .await
        .expect("picking the role again");
    wait_rendered(client, reloaded.renders, "the saved role's ranking").await;
    assert_eq!(
        sliders(client).await,
        weights,
        "the saved weights after a reload"
    );

    // No console error over the whole session; the probe proves the log is collected.
    client
        .execute("console.info('serve_browser log probe');", Vec::new())
        .await
        .expect("logging the probe");
    let log = client
        .issue_cmd(BrowserLog)
        .await
        .expect("the browser's console log");
    let entries = log.as_array().unwrap_or_else(|| panic!("not a log: {log}"));
    assert!(
        entries.iter().any(|e| e["message"]
            .as_str()
            .is_some_and(|m| m.contains("serve_browser log probe"))),
        "the console log does not hold the probe: {entries:#?}"
    );
    let errors: Vec<&Value> = entries
        .iter()
        .filter(|e| e["level"].as_str() == Some("SEVERE"))
        .collect();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    eprintln!("serve_browser: {} console entries, no error", entries.len());
}

/// The file check itself: it takes the one weights line changed or added in the role's block,
/// and nothing else.
#[test]
fn the_saved_file_check_takes_only_the_roles_weights_line() {
    let old = format!(
        "# Roles.\n\n[[role]]\nid = \"a\"\nweights = {{ degree = 1 }}\n\n\
         [[role]]\nid = \"{ROLE}\"  # tuned\nmin_years = 2\n\n# Last.\n[[role]]\nid = \"b\"\n"
    );
    let expected: BTreeMap<String, f64> = [("degree".to_string(), 22.0)].into();
    let good = old.replace(
        "min_years = 2\n",
        "min_years = 2\nweights = { degree = 22 }\n",
    );
    check_saved_file(&old, &good, &expected).unwrap();
    let commented = old.replace("min_years = 2\n", "weights = { degree = 1 }  # hand\n");
    let kept = commented.replace("degree = 1 }  # hand", "degree = 22 }  # hand");
    check_saved_file(&commented, &kept, &expected).unwrap();
    let lost = commented.replace("degree = 1 }  # hand", "degree = 22 }");
    assert!(check_saved_file(&commented, &lost, &expected).is_err());
    let bad = [
        // A comment changed too.
        good.replace("# Last.", "# last"),
        // The weights land in another role.
        old.replace("id = \"b\"\n", "id = \"b\"\nweights = { degree = 22 }\n"),
        // Other weights than the page's.
        good.replace("degree = 22", "degree = 21"),
        // Another role's weights changed.
        good.replace("weights = { degree = 1 }", "weights = { degree = 2 }"),
    ];
    for new in bad {
        assert!(
            check_saved_file(&old, &new, &expected).is_err(),
            "accepted:\n{new}"
        );
    }
}
