"""A test module whose reference framework is missing is skipped with the reason, never an
error; and ``--fail-on-skip`` (scripts/test.sh passes it, so CI does) turns any skip into a
failed run. Checked in a pytest of its own, with PyTorch hidden (None in ``sys.modules``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent


def pytest_without_torch(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "sitecustomize.py").write_text("import sys\nsys.modules['torch'] = None\n")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-rs",
            "-p",
            "no:cacheprovider",
            *args,
            str(TESTS / "library" / "test_calibration.py"),
            str(TESTS / "library" / "test_coding.py"),  # these run: the run itself succeeds
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=TESTS.parent,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("fail_on_skip", [False, True])
def test_a_missing_reference_is_a_skip_with_its_reason(tmp_path: Path, fail_on_skip: bool) -> None:
    done = pytest_without_torch(tmp_path, *(["--fail-on-skip"] if fail_on_skip else []))
    assert "torch is not installed (pip install -e '.[dev]' installs it)" in done.stdout
    assert "error" not in done.stdout.splitlines()[-1], done.stdout
    assert done.returncode == (1 if fail_on_skip else 0), done.stdout
