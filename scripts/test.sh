#!/usr/bin/env bash
# Install everything the tests need, then run the whole suite: lint, types, tests (browser too).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
    echo "== installing Debian's chromium for the browser tests"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

echo "== installing xentlab with its development extras (PyTorch 2.13.0 CPU, SciPy, ...)"
python -m pip install -q -e ".[dev]"

echo "== ruff"
python -m ruff check src tests benchmarks
python -m ruff format --check src tests benchmarks
echo "== mypy"
python -m mypy
echo "== pytest (library, lessons, app, browser; doctests included)"
python -m pytest "$@"
