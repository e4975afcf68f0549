//! The README's examples run: every line of every `sh` block is a `shiprank` command that must
//! succeed, in order, from the crate root (they write only under `target/readme/`).

mod util;

/// The commands of the README's `sh` blocks, in order.
fn commands() -> Vec<Vec<String>> {
    let readme = std::fs::read_to_string(util::root().join("README.md")).unwrap();
    let mut out = Vec::new();
    let mut in_sh = false;
    for line in readme.lines() {
        match line.trim() {
            "```sh" => in_sh = true,
            "```" => in_sh = false,
            text if in_sh && !text.is_empty() => {
                let words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
                assert_eq!(
                    words[0], "shiprank",
                    "README sh blocks hold shiprank commands: {text}"
                );
                out.push(words[1..].to_vec());
            }
            _ => {}
        }
    }
    out
}

#[test]
fn every_readme_example_runs() {
    std::fs::create_dir_all(util::root().join("target/readme")).unwrap();
    let commands = commands();
    assert!(
        commands.len() >= 10,
        "the README shows its examples: {}",
        commands.len()
    );
    for args in commands {
        if args[0] == "serve" {
            serves(&args);
            continue;
        }
        let run = util::run(&args);
        let expects_rejects = args.iter().any(|a| a == "--skip-invalid");
        assert!(run.success, "{}: failed:\n{}", run.command, run.stderr);
        if expects_rejects {
            assert!(
                run.stderr.contains("rejected"),
                "{}: {}",
                run.command,
                run.stderr
            );
        }
    }
}

/// A `serve` example starts, prints its URL and serves its page and roles (on a free port
/// unless the example names one), then is stopped.
fn serves(args: &[String]) {
    use std::io::{BufRead, Read, Write};
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_shiprank"));
    command.current_dir(util::root()).args(args);
    if !args.iter().any(|a| a == "--listen") {
        command.args(["--listen", "127.0.0.1:0"]);
    }
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut url = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut url)
        .unwrap();
    let address = url
        .trim()
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let get = |path: &str| {
        let mut stream = std::net::TcpStream::connect(&address).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    };
    let (page, roles) = (get("/"), get("/api/roles"));
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        page.starts_with("HTTP/1.1 200") && page.contains("page.js"),
        "{args:?}: {page}"
    );
    assert!(
        roles.starts_with("HTTP/1.1 200") && roles.contains("\"roles\""),
        "{args:?}: {roles}"
    );
}

#[test]
fn the_quick_start_names_the_two_setup_commands() {
    let readme = std::fs::read_to_string(util::root().join("README.md")).unwrap();
    assert!(readme.contains("cargo run --release -- rank"));
    let test = "cargo test --release --all-features";
    assert!(readme.contains(test));
    let ci = std::fs::read_to_string(util::root().join(".ci/run")).unwrap();
    assert!(ci.contains(test), "CI runs the README's test command");
    assert!(
        ci.contains("cargo clippy --all-targets --all-features"),
        "CI lints every feature"
    );
}
