#!/usr/bin/env bash
# Runs AFL++ on one fuzz target until it has made EXECS executions (default 1000000):
#   tests/fuzz/afl/run.sh TARGET [EXECS]
# TARGET is csv, jsonl, roles, labels, letor, github or model. Needs `cargo install cargo-afl`
# (it builds AFL++ on install). Findings go to tests/fuzz/afl/out/TARGET/default/crashes and
# hangs; the corpus AFL grows stays in out/ (not committed: minimize it into
# tests/fuzz/corpus/TARGET with `cargo afl cmin` first).
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: run.sh TARGET [EXECS]}
execs=${2:-1000000}
cargo afl build --release --quiet
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
mkdir -p out
exec cargo afl fuzz -i "../corpus/$target" -o "out/$target" -x "dict/$target.dict" -m none \
    -t 2000 -E "$execs" \
    -- target/release/shiprank-afl "$target"
