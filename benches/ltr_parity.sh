#!/usr/bin/env bash
# LambdaMART parity harness: shiprank against LightGBM's lambdarank (benches/LTR_PARITY.md).
#
#   benches/ltr_parity.sh [HARNESS OPTIONS...]        e.g. --threads 2 --repeat 3 --json out.json
#
# Environment:
#   VENV=DIR   Python virtual environment [target/ltr-venv]; created, with lightgbm, numpy and
#              scikit-learn installed by pip from the package registry, when it lacks them
#   BIN=PATH   the shiprank binary to measure; without it, `cargo build --release` is run and
#              the release binary is used
#   PYTHON=EXE the Python that creates the environment [python3]
#
# Not part of `cargo test`: nothing there needs this script, Python or LightGBM.
set -euo pipefail

cd "$(dirname "$0")/.."

VENV=${VENV:-target/ltr-venv}
PYTHON=${PYTHON:-python3}

if ! "$VENV/bin/python" -c 'import lightgbm, numpy, sklearn' >/dev/null 2>&1; then
    echo "ltr_parity: setting up $VENV (pip install lightgbm numpy scikit-learn)" >&2
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet lightgbm numpy scikit-learn
fi

if [ -z "${BIN:-}" ]; then
    echo "ltr_parity: cargo build --release" >&2
    cargo build --release
    BIN="${CARGO_TARGET_DIR:-target}/release/shiprank"
fi

exec "$VENV/bin/python" benches/ltr_parity.py --bin "$BIN" "$@"
