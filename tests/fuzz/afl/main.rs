//! AFL++ harness: `shiprank-afl TARGET` fuzzes one of the targets of `../targets.rs` (`csv`,
//! `jsonl`, `roles`, `labels`, `letor`, `github`, `model`); a panic is a crash.

#[path = "../targets.rs"]
mod targets;

fn main() {
    let name = std::env::args().nth(1).unwrap_or_default();
    let Some(target) = targets::target(&name) else {
        let names: Vec<&str> = targets::TARGETS.iter().map(|(n, _)| *n).collect();
        eprintln!("usage: shiprank-afl TARGET (one of {})", names.join(", "));
        std::process::exit(2);
    };
    afl::fuzz!(|data: &[u8]| {
        target(data);
    });
}
