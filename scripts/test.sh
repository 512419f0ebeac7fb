#!/usr/bin/env bash
# Install everything the tests need, then run the whole suite: lint, types, tests (browser too).
# Extra arguments go to pytest. The developer's loop, where everything is installed already:
#   SKIP_INSTALL=1 bash scripts/test.sh -m "not slow"
# (the browser suite and the tests that train or start frameworks are marked slow). CI (.ci/run)
# runs this script with neither: it installs, and every test runs.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SKIP_INSTALL:-}" = 1 ]; then
    echo "== SKIP_INSTALL=1: installing nothing (CI always installs)"
else
    # Debian packages the tests start for real: chromium (browser tests), fonts-noto-cjk (Chinese
    # pages and figures), haproxy (serve --workers), redis-server (a class's Redis store)
    missing=""
    for pkg in chromium fonts-noto-cjk haproxy redis-server; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
    done
    if [ -n "$missing" ]; then
        echo "== installing Debian packages:$missing"
        SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
        $SUDO apt-get update -qq
        # shellcheck disable=SC2086
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
    fi

    echo "== installing xentlab with its development extras (PyTorch 2.13.0 CPU, SciPy, ...)"
    python -m pip install -q -e ".[dev]"
fi

echo "== ruff"
python -m ruff check src tests benchmarks docs scripts
python -m ruff format --check src tests benchmarks docs/*.py scripts
echo "== mypy"
python -m mypy
echo "== import contract (pyproject.toml [tool.importlinter]: layers import downward, no cycles)"
lint-imports --no-cache
echo "== pytest (library, lessons, app, browser; doctests included) $*"
python -m pytest --fail-on-skip "$@"
