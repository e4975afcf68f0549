//! The `shiprank` command line: parses arguments, runs, reports errors.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("shiprank: {err:#}");
            ExitCode::FAILURE
        }
    }
}
