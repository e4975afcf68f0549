//! Latency of `shiprank serve`'s `POST /api/rank` under a bounded local load loop (not a
//! timed test, and not criterion: the server is a separate process and what counts is the
//! distribution of request times).
//!
//! `cargo bench --bench serve_latency [FILTER]` generates 300,000 candidates with the binary
//! (once: the folder `target/bench-serve-300000/` is reused while its stamp matches), starts
//! `shiprank serve` on 127.0.0.1:0 as of 2026-10-01, and for each variant sends 20 warm-up
//! requests, then N measured ones from C client threads, each sending its next request when
//! the previous answer has arrived (a closed loop: at most C requests in flight). Every request
//! asks for one role's top 20 with explanations, as the page does, with every feature's weight
//! jittered from a seeded counter (a slider drag that no cache can answer). Every answer must
//! be a 200 whose JSON holds 20 ranking rows; anything else stops the run. The server is
//! killed at the end; then the same requests and the ranking passes under them are timed in
//! this process (no HTTP), to show where a request's time goes.
//!
//! The binary is cargo's (`CARGO_BIN_EXE_shiprank`, built with the benchmark). Delete the
//! pool's folder to generate it again (after a change to `shiprank generate`).
//!
//! Environment: `SHIPRANK_BENCH_REQUESTS` (N, default 1,000), `SHIPRANK_BENCH_CLIENTS` (C of
//! the concurrent variants, default 2), `SHIPRANK_BENCH_CANDIDATES` (default 300,000).
//! Run without `--bench` (`cargo test --benches`) it only checks itself on 2,000 candidates.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Barrier;
use std::time::{Duration, Instant};

use serde_json::{json, Map, Value};

/// The binary under test (built by cargo before the benchmark, in the same profile).
const BIN: &str = env!("CARGO_BIN_EXE_shiprank");
const ROLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/roles.toml");
const AS_OF: &str = "2026-10-01";
const SEED: u64 = 1;
const TOP: usize = 20;
const WARM_UP: usize = 20;
/// The role of the single-role variants.
const ROLE: &str = "data-engineer";
/// The audit attribute the page offers for generated candidates.
const AUDIT_BY: &str = "gender";

struct Config {
    candidates: usize,
    requests: usize,
    clients: usize,
    filter: Option<String>,
    /// Run without `--bench`: a quick check that the loop works, not a measurement.
    check: bool,
}

fn env_or(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(v) => match v.trim().replace('_', "").parse::<usize>() {
            Ok(n) if n > 0 => n,
            _ => panic!("{name}={v:?}: expected a positive whole number"),
        },
        Err(_) => default,
    }
}

impl Config {
    fn from_env() -> Config {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let bench = args.iter().any(|a| a == "--bench");
        let filter = args.iter().find(|a| !a.starts_with('-')).cloned();
        if bench {
            Config {
                candidates: env_or("SHIPRANK_BENCH_CANDIDATES", 300_000),
                requests: env_or("SHIPRANK_BENCH_REQUESTS", 1_000),
                clients: env_or("SHIPRANK_BENCH_CLIENTS", 2),
                filter,
                check: false,
            }
        } else {
            // `cargo test --benches`: check that the loop works, quickly.
            Config {
                candidates: 2_000,
                requests: 10,
                clients: 2,
                filter,
                check: true,
            }
        }
    }
}

/// What a variant sends.
struct Variant {
    name: String,
    clients: usize,
    /// Rotate through every role instead of [`ROLE`] alone.
    all_roles: bool,
    /// `audit_by: gender`, and `credentials_ignored` on every other request.
    audit: bool,
}

/// A role's weights and filters as `GET /api/roles` gives them: what the page starts from.
struct RoleBase {
    id: String,
    weights: Vec<(String, f64)>,
    filters: Value,
}

fn main() {
    let config = Config::from_env();
    let target = Path::new(BIN)
        .parent()
        .and_then(Path::parent)
        .expect("the binary sits in target/PROFILE/");
    let dir = pool_dir(target, config.candidates);
    let candidates = dir.join("candidates.csv");
    let roles = dir.join("roles.toml");
    // A copy: the server is never asked to save, but its roles file is never the repository's.
    fs::copy(ROLES, &roles).expect("copying data/roles.toml");

    if config.check {
        println!("a check of the benchmark (no --bench): 2,000 candidates, not a measurement");
    }
    println!("machine: {}", machine());
    println!("load average before starting the server: {}", loadavg());
    let server = Server::start(&candidates, &roles);
    let (rss_loaded, _) = server.memory();
    println!(
        "server: {} candidates loaded and prepared in {:.2} s (spawn to URL), RSS {:.0} MiB, {}",
        config.candidates,
        server.load.as_secs_f64(),
        rss_loaded,
        server.url
    );

    let bases = role_bases(&server.url, config.candidates);
    let variants = [
        Variant {
            name: format!("{ROLE}, 1 client"),
            clients: 1,
            all_roles: false,
            audit: false,
        },
        Variant {
            name: format!("{ROLE}, {} clients", config.clients),
            clients: config.clients,
            all_roles: false,
            audit: false,
        },
        Variant {
            name: format!(
                "{ROLE}, {} clients, audit_by {AUDIT_BY}, credentials_ignored toggled",
                config.clients
            ),
            clients: config.clients,
            all_roles: false,
            audit: true,
        },
        Variant {
            name: format!(
                "all {} roles in turn, {} clients",
                bases.len(),
                config.clients
            ),
            clients: config.clients,
            all_roles: true,
            audit: false,
        },
    ];
    let mut rows = Vec::new();
    for (v, variant) in variants.iter().enumerate() {
        if let Some(f) = &config.filter {
            if !variant.name.contains(f.as_str()) {
                continue;
            }
        }
        let salt = (v as u64 + 1) << 40;
        let (first, _) = run(&server.url, &bases, variant, salt, WARM_UP);
        let cpu_before = server.cpu_seconds();
        let (times, wall) = run(
            &server.url,
            &bases,
            variant,
            salt + 1_000_000,
            config.requests,
        );
        let cpu = server.cpu_seconds() - cpu_before;
        let stats = Stats::of(&times, wall, cpu);
        println!(
            "{}: {} requests in {:.2} s after {WARM_UP} warm-up (the first took {:.1} ms); load {}",
            variant.name,
            times.len(),
            wall.as_secs_f64(),
            ms(first[0]),
            loadavg()
        );
        println!("  {}", stats.line());
        rows.push((variant.name.clone(), stats));
    }
    let (rss, hwm) = server.memory();
    println!(
        "server memory at the end: RSS {rss:.0} MiB, peak (VmHWM) {hwm:.0} MiB; load average {}",
        loadavg()
    );
    println!();
    println!(
        "| variant | p50 | p95 | p99 | max | mean | req/s | server CPU / req |\n|---|---|---|---|---|---|---|---|"
    );
    for (name, s) in &rows {
        println!(
            "| {name} | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} | {:.1} ms |",
            s.p50, s.p95, s.p99, s.max, s.mean, s.throughput, s.cpu_per_request
        );
    }
    println!(
        "\nload {:.2} s (spawn to URL), RSS after load {rss_loaded:.0} MiB, peak {hwm:.0} MiB",
        server.load.as_secs_f64()
    );
    if let Some((_, headline)) = rows.iter().find(|(n, _)| *n == variants[1].name) {
        println!(
            "goal p95 <= 50 ms with {} clients: {} (p95 {:.1} ms)",
            config.clients,
            if headline.p95 <= 50.0 {
                "met"
            } else {
                "MISSED"
            },
            headline.p95
        );
    }
    drop(server);
    if config
        .filter
        .as_deref()
        .is_none_or(|f| "in-process".contains(f))
    {
        let reps = (config.requests / 10).max(5);
        in_process(&candidates, &roles, &bases, reps);
    }
}

/// Where a request's time goes, without HTTP or a second process: the server's own answer
/// ([`Session::rank`]) and the ranking passes under it ([`Pool`]), each timed `reps` times
/// after 3 untimed runs, with the global rayon pool (one thread per core) and with 1 thread.
fn in_process(candidates: &Path, roles: &Path, bases: &[RoleBase], reps: usize) {
    use shiprank::serve::{RankRequest, Session, SessionInputs};
    use shiprank::{
        parse_role_specs, read_candidates, Feature, Pool, RankOptions, RateTable, ReadOptions,
        Taxonomy,
    };
    use std::num::NonZeroUsize;

    let (taxonomy, rates) = (Taxonomy::bundled(), RateTable::bundled());
    let t = Instant::now();
    let read = ReadOptions {
        keep_attributes: true,
        ..ReadOptions::new(taxonomy, rates)
    };
    let set = read_candidates(candidates, &read).expect("reading the candidates");
    let text = fs::read_to_string(roles).expect("reading the roles");
    let specs = parse_role_specs(&text, "roles.toml", taxonomy, rates).expect("the roles");
    let all: Vec<_> = specs.iter().map(|(_, r)| r.clone()).collect();
    let options = RankOptions {
        top: NonZeroUsize::MIN,
        as_of: AS_OF.parse().expect("a date"),
        taxonomy,
        rates,
        model: None,
    };
    let pool = Pool::new(set.candidates.clone(), &all, &options);
    let read_and_pool = t.elapsed();
    let role = all.iter().find(|r| r.id == ROLE).expect("the role").clone();
    // Prepared for the one role's skills only, not the union of every role's.
    let narrow = Pool::new(
        set.candidates.clone(),
        std::slice::from_ref(&role),
        &options,
    );
    let session = Session::new(SessionInputs {
        candidates: set.candidates,
        candidates_file: "candidates.csv".into(),
        roles: specs,
        roles_path: None,
        roles_file: "roles.toml".into(),
        labels: None,
        options,
    })
    .expect("a session");
    println!(
        "\nin process ({} candidates read and pooled in {:.2} s; each line: {reps} runs):",
        session.candidates(),
        read_and_pool.as_secs_f64()
    );

    let top = NonZeroUsize::new(TOP).expect("positive");
    let twin = role.without(&Feature::CREDENTIALS).expect("other weights");
    let plain = Variant {
        name: String::new(),
        clients: 1,
        all_roles: false,
        audit: false,
    };
    let requests: Vec<RankRequest> = (0..reps as u64 + 3)
        .map(|i| serde_json::from_str(&request(bases, &plain, (7 << 40) + i).1).expect("a request"))
        .collect();
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a 1-thread pool");
    type Case<'c> = Box<dyn Fn(usize) + Sync + 'c>;
    let cases: Vec<(&str, Case)> = vec![
        (
            "Session::rank: the server's whole answer (JSON out), no HTTP",
            Box::new(|i| {
                let body = session.rank(&requests[i]).expect("an answer");
                assert!(body.len() > 1000);
            }),
        ),
        (
            "Pool::rank_checked, 1 role: the two passes a request runs",
            Box::new(|_| {
                pool.rank_checked(std::slice::from_ref(&role), top);
            }),
        ),
        (
            "Pool::rank, 1 role: one kernel pass",
            Box::new(|_| {
                pool.rank(std::slice::from_ref(&role), top);
            }),
        ),
        (
            "Pool::rank, the role and its credential-free twin in one pass",
            Box::new(|_| {
                pool.rank(&[role.clone(), twin.clone()], top);
            }),
        ),
        (
            "Pool::rank, 1 role, the pool prepared for that role only",
            Box::new(|_| {
                narrow.rank(std::slice::from_ref(&role), top);
            }),
        ),
        (
            "Pool::rank, all 10 roles in one pass",
            Box::new(|_| {
                pool.rank(&all, top);
            }),
        ),
    ];
    println!("| what | threads | median | p95 | mean |\n|---|---|---|---|---|");
    for (name, case) in &cases {
        for threads in [rayon::current_num_threads(), 1] {
            let timed = || -> Vec<Duration> {
                (0..reps + 3)
                    .map(|i| {
                        let t = Instant::now();
                        case(i);
                        t.elapsed()
                    })
                    .skip(3)
                    .collect()
            };
            let times = if threads == 1 {
                one.install(timed)
            } else {
                timed()
            };
            let s = Stats::of(&times, Duration::from_secs(1), 0.0);
            println!(
                "| {name} | {threads} | {:.1} ms | {:.1} ms | {:.1} ms |",
                s.p50, s.p95, s.mean
            );
        }
    }
}

/// The generated pool's folder under the target folder, generated unless its stamp matches.
fn pool_dir(target: &Path, n: usize) -> PathBuf {
    let dir = target.join(format!("bench-serve-{n}"));
    let stamp_file = dir.join("generated.txt");
    let stamp = format!("shiprank generate --count {n} --seed {SEED} --as-of {AS_OF}\n");
    let fresh = fs::read_to_string(&stamp_file).is_ok_and(|s| s == stamp)
        && dir.join("candidates.csv").is_file();
    if fresh {
        println!("reusing {}", dir.display());
        return dir;
    }
    fs::create_dir_all(&dir).expect("creating the pool folder");
    let _ = fs::remove_file(&stamp_file);
    let t = Instant::now();
    let status = Command::new(BIN)
        .args(["generate", "--count", &n.to_string()])
        .args(["--seed", &SEED.to_string(), "--as-of", AS_OF, "--quiet"])
        .arg("--out-dir")
        .arg(&dir)
        .status()
        .expect("running shiprank generate");
    assert!(status.success(), "shiprank generate failed: {status}");
    fs::write(&stamp_file, stamp).expect("writing the stamp");
    println!(
        "generated {n} candidates into {} in {:.1} s",
        dir.display(),
        t.elapsed().as_secs_f64()
    );
    dir
}

/// The running server; killed when dropped (also when the benchmark panics).
struct Server {
    child: Child,
    /// Held so that the server's standard output stays open.
    _stdout: BufReader<ChildStdout>,
    url: String,
    load: Duration,
}

impl Server {
    fn start(candidates: &Path, roles: &Path) -> Server {
        let t = Instant::now();
        let mut child = Command::new(BIN)
            .arg("serve")
            .arg("--candidates")
            .arg(candidates)
            .arg("--roles")
            .arg(roles)
            .args(["--as-of", AS_OF, "--listen", "127.0.0.1:0", "--quiet"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("starting shiprank serve");
        let stdout = child.stdout.take().expect("piped");
        let mut server = Server {
            child,
            _stdout: BufReader::new(stdout),
            url: String::new(),
            load: Duration::ZERO,
        };
        let mut line = String::new();
        server
            ._stdout
            .read_line(&mut line)
            .expect("reading the server's URL");
        server.load = t.elapsed();
        let url = line.trim();
        assert!(
            url.starts_with("http://"),
            "shiprank serve printed no URL (exit: {:?})",
            server.child.try_wait()
        );
        server.url = url.trim_end_matches('/').to_string();
        server
    }

    /// (VmRSS, VmHWM) in MiB.
    fn memory(&self) -> (f64, f64) {
        let status = fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("reading /proc/PID/status");
        let kib = |key: &str| -> f64 {
            status
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
                .unwrap_or_else(|| panic!("no {key} in /proc/PID/status"))
        };
        (kib("VmRSS:") / 1024.0, kib("VmHWM:") / 1024.0)
    }

    /// User plus system CPU time of every thread of the server so far.
    fn cpu_seconds(&self) -> f64 {
        let stat = fs::read_to_string(format!("/proc/{}/stat", self.child.id()))
            .expect("reading /proc/PID/stat");
        // Fields after the command name (which may hold spaces): state is field 3, utime 14.
        let rest = &stat[stat.rfind(')').expect("stat format") + 2..];
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
        ticks / clock_ticks()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn clock_ticks() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into()
}

/// Every role's weights in force and filters, from `GET /api/roles`.
fn role_bases(url: &str, candidates: usize) -> Vec<RoleBase> {
    let mut response = agent()
        .get(format!("{url}/api/roles"))
        .call()
        .expect("GET /api/roles");
    let text = response.body_mut().read_to_string().expect("roles body");
    assert_eq!(response.status().as_u16(), 200, "GET /api/roles: {text}");
    let answer: Value = serde_json::from_str(&text).expect("roles JSON");
    assert_eq!(answer["candidates"].as_u64(), Some(candidates as u64));
    let roles: Vec<RoleBase> = answer["roles"]
        .as_array()
        .expect("roles")
        .iter()
        .map(|r| RoleBase {
            id: r["id"].as_str().expect("id").to_string(),
            weights: r["weights"]
                .as_object()
                .expect("weights")
                .iter()
                .map(|(k, v)| (k.clone(), v.as_f64().expect("a weight")))
                .collect(),
            filters: r["filters"].clone(),
        })
        .collect();
    assert!(roles.iter().any(|r| r.id == ROLE), "no role {ROLE}");
    roles
}

/// SplitMix64: a deterministic number in [0, 1) for each counter value.
fn unit(counter: u64) -> f64 {
    let mut z = counter.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// Request `i`'s role and body: every weight between half and one and a half times the role's
/// own (to 0.1), its saved filters, top 20 with explanations, as the page sends them.
fn request(bases: &[RoleBase], variant: &Variant, i: u64) -> (String, String) {
    let base = if variant.all_roles {
        &bases[(i % bases.len() as u64) as usize]
    } else {
        bases.iter().find(|r| r.id == ROLE).expect("the role")
    };
    let weights: Map<String, Value> = base
        .weights
        .iter()
        .enumerate()
        .map(|(j, (name, w))| {
            let jittered = w * (0.5 + unit(i.wrapping_mul(64) + j as u64));
            (name.clone(), json!((jittered * 10.0).round() / 10.0))
        })
        .collect();
    let body = json!({
        "role": base.id,
        "weights": weights,
        "filters": base.filters,
        "top": TOP,
        "explain": true,
        "credentials_ignored": variant.audit && i % 2 == 1,
        "audit_by": if variant.audit { Value::from(AUDIT_BY) } else { Value::Null },
    });
    (base.id.clone(), body.to_string())
}

/// Checks an answer: a 200 with the role's top 20, explained (and the impact asked for).
fn check(status: u16, text: &str, role: &str, audit: bool) -> Result<(), String> {
    if status != 200 {
        return Err(format!("HTTP {status}: {text}"));
    }
    let v: Value = serde_json::from_str(text).map_err(|e| format!("not JSON ({e}): {text}"))?;
    if v["role_id"] != role {
        return Err(format!("role_id {} instead of {role}", v["role_id"]));
    }
    let rows = v["ranking"].as_array().ok_or("no ranking array")?;
    if rows.len() != TOP {
        return Err(format!("{} ranking rows instead of {TOP}", rows.len()));
    }
    if let Some(bad) = rows.iter().find(|r| !r["explanation"].is_object()) {
        return Err(format!("a row without its explanation: {bad}"));
    }
    if audit && v["impact"]["attribute"] != AUDIT_BY {
        return Err(format!("no impact by {AUDIT_BY}: {}", v["impact"]));
    }
    Ok(())
}

/// Sends `count` requests from the variant's clients, each sending its next request when the
/// previous answer has arrived; every request's time (sending to the whole body read), in
/// the order they finished, and the wall time of the whole loop.
fn run(
    url: &str,
    bases: &[RoleBase],
    variant: &Variant,
    salt: u64,
    count: usize,
) -> (Vec<Duration>, Duration) {
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let start = Barrier::new(variant.clients + 1);
    let endpoint = format!("{url}/api/rank");
    let (results, wall) = std::thread::scope(|scope| {
        let clients: Vec<_> = (0..variant.clients)
            .map(|_| {
                let (next, failed, start, endpoint) = (&next, &failed, &start, &endpoint);
                scope.spawn(move || -> Result<Vec<Duration>, String> {
                    let agent = agent();
                    let mut times = Vec::with_capacity(count);
                    start.wait();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= count || failed.load(Ordering::Relaxed) {
                            return Ok(times);
                        }
                        let (role, body) = request(bases, variant, salt + i as u64);
                        let t = Instant::now();
                        let outcome = agent
                            .post(endpoint.as_str())
                            .header("content-type", "application/json")
                            .send(body.as_str())
                            .and_then(|mut r| {
                                let text = r.body_mut().read_to_string()?;
                                Ok((r.status().as_u16(), text))
                            });
                        let took = t.elapsed();
                        let checked = match outcome {
                            Ok((status, text)) => check(status, &text, &role, variant.audit),
                            Err(e) => Err(e.to_string()),
                        };
                        if let Err(e) = checked {
                            failed.store(true, Ordering::Relaxed);
                            return Err(format!("request {i} ({body}): {e}"));
                        }
                        times.push(took);
                    }
                })
            })
            .collect();
        start.wait();
        let t = Instant::now();
        let results: Vec<_> = clients
            .into_iter()
            .map(|c| c.join().expect("a client thread panicked"))
            .collect();
        (results, t.elapsed())
    });
    let mut times = Vec::with_capacity(count);
    for r in results {
        match r {
            Ok(t) => times.extend(t),
            Err(e) => panic!("{}: {e}", variant.name),
        }
    }
    assert_eq!(times.len(), count);
    (times, wall)
}

struct Stats {
    p50: f64,
    p95: f64,
    p99: f64,
    max: f64,
    mean: f64,
    throughput: f64,
    cpu_per_request: f64,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

impl Stats {
    /// Nearest-rank percentiles, in milliseconds.
    fn of(times: &[Duration], wall: Duration, cpu_seconds: f64) -> Stats {
        let mut sorted: Vec<f64> = times.iter().copied().map(ms).collect();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let at = |q: f64| sorted[((q * n as f64).ceil() as usize).clamp(1, n) - 1];
        Stats {
            p50: at(0.50),
            p95: at(0.95),
            p99: at(0.99),
            max: sorted[n - 1],
            mean: sorted.iter().sum::<f64>() / n as f64,
            throughput: n as f64 / wall.as_secs_f64(),
            cpu_per_request: cpu_seconds * 1e3 / n as f64,
        }
    }

    fn line(&self) -> String {
        format!(
            "p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms, mean {:.1} ms, {:.1} req/s, \
             server CPU {:.1} ms per request",
            self.p50,
            self.p95,
            self.p99,
            self.max,
            self.mean,
            self.throughput,
            self.cpu_per_request
        )
    }
}

fn loadavg() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// Cores, CPU model and memory, from /proc.
fn machine() -> String {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|m| m.trim_start_matches([' ', '\t', ':']).to_string())
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem_gib = fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0 / 1024.0);
    format!("{cores} cores, {model}, {mem_gib:.1} GiB RAM")
}
