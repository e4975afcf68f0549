//! Golden outputs: the commands of `tests/golden/cases.txt` on the bundled data and the
//! fixtures, compared byte for byte with the files committed beside it, so a refactor cannot
//! move an output unnoticed.
//!
//! Each case's golden file holds the exit status, standard error and either standard output or,
//! when the command writes `{out}`, that file. Values that are timings or wall-clock dates
//! (`train_seconds`, `trained_at`) and the checksum that covers them are masked. After a
//! deliberate change, `SHIPRANK_BLESS=1 cargo test --release --test golden` rewrites the files;
//! say why in the commit.

mod util;

use std::path::Path;

/// JSON keys whose values change from run to run, masked before comparing.
const VOLATILE_KEYS: [&str; 3] = ["\"train_seconds\"", "\"trained_at\"", "\"checksum\""];

/// One case: a name and the arguments after `shiprank`.
struct Case {
    name: String,
    args: Vec<String>,
}

fn cases() -> Vec<Case> {
    let text = String::from_utf8(util::read("tests/golden/cases.txt")).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|line| {
            let (name, args) = line
                .split_once('\t')
                .unwrap_or_else(|| panic!("cases.txt: no tab in {line:?}"));
            Case {
                name: name.to_string(),
                args: args.split_whitespace().map(str::to_string).collect(),
            }
        })
        .collect()
}

/// Masks the values of volatile JSON keys, keeping everything else.
fn mask(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        match VOLATILE_KEYS
            .iter()
            .find_map(|k| line.find(k).map(|i| i + k.len()))
        {
            Some(end) => {
                out.push_str(&line[..end]);
                out.push_str(": <masked>");
                if line.trim_end().ends_with(',') {
                    out.push(',');
                }
                if line.ends_with('\n') {
                    out.push('\n');
                }
            }
            None => out.push_str(&mask_training_time(line)),
        }
    }
    out
}

/// Masks the `training 0.38 s` of a table's cross-validation line.
fn mask_training_time(line: &str) -> String {
    const WORD: &str = "training ";
    let Some(start) = line.find(WORD).map(|i| i + WORD.len()) else {
        return line.to_string();
    };
    let digits = line[start..]
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(line.len() - start);
    if digits == 0 || !line[start + digits..].starts_with(" s") {
        return line.to_string();
    }
    format!("{}<masked>{}", &line[..start], &line[start + digits..])
}

/// Runs one case and renders what it did as the golden file's text.
fn render(case: &Case, tmp: &Path) -> String {
    let out = tmp.join(format!("{}.out", case.name));
    let uses_out = case.args.iter().any(|a| a == "{out}");
    let args: Vec<String> = case
        .args
        .iter()
        .map(|a| {
            if a == "{out}" {
                out.display().to_string()
            } else {
                a.clone()
            }
        })
        .collect();
    let run = util::run(&args);
    let body = if uses_out && run.success {
        String::from_utf8(util::read(&out)).expect("UTF-8 output")
    } else {
        run.stdout_text()
    };
    let stderr = run.stderr.replace(&tmp.display().to_string(), "{tmp}");
    mask(&format!(
        "# shiprank {}\n# exit: {}\n# stderr:\n{}# output:\n{}",
        case.args.join(" "),
        if run.success { "success" } else { "failure" },
        stderr,
        body
    ))
}

#[test]
fn outputs_match_the_committed_golden_files() {
    let tmp = util::temp_dir();
    let bless = std::env::var_os("SHIPRANK_BLESS").is_some();
    let cases = cases();
    assert!(cases.len() >= 30, "cases.txt lists the golden cases");
    let mut moved = Vec::new();
    for case in &cases {
        let got = render(case, tmp.path());
        let path = util::root()
            .join("tests/golden")
            .join(format!("{}.txt", case.name));
        if bless {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (bless with SHIPRANK_BLESS=1)", path.display()));
        if got != want {
            let line = got
                .lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| got.lines().count().min(want.lines().count()));
            moved.push(format!(
                "{}: first difference at line {}:\n  got:  {:?}\n  want: {:?}",
                case.name,
                line + 1,
                got.lines().nth(line),
                want.lines().nth(line)
            ));
        }
    }
    assert!(moved.is_empty(), "outputs moved:\n{}", moved.join("\n"));
}

#[test]
fn masking_keeps_the_line_and_its_comma() {
    assert_eq!(
        mask("{\n  \"trained_at\": \"2026-11-29\",\n  \"rows\": 3\n}\n"),
        "{\n  \"trained_at\": <masked>,\n  \"rows\": 3\n}\n"
    );
    assert_eq!(mask("\"rows\": 3\n"), "\"rows\": 3\n");
    assert_eq!(
        mask("(seed 0, training 0.38 s)\n"),
        "(seed 0, training <masked> s)\n"
    );
    assert_eq!(mask("training data\n"), "training data\n");
}
