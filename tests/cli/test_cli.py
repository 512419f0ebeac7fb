"""The command line: ``xentlab demo``, ``--help`` of every command, ``--version``, a bad port;
whole outputs compared, errors on one line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from xentlab import cli


def test_demo_prints_the_worked_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["demo"]) == 0
    # numbers: −ln 0.7, −1/0.7, 0.3², softmax(2, 1, −1), −ln 0.7054, ŷ − y
    assert capsys.readouterr().out == (
        "Binary cross-entropy at ŷ = 0.70, y = 1\n"
        "  loss   −ln ŷ            = 0.3567\n"
        "  dL/dŷ  −1/ŷ             = -1.4286\n"
        "  squared error (ŷ − y)²  = 0.0900\n"
        "Softmax of logits (2, 1, −1), true class 0\n"
        "  probabilities           = 0.7054 / 0.2595 / 0.0351\n"
        "  cross-entropy           = 0.3490\n"
        "  gradient ŷ − y          = -0.2946 / +0.2595 / +0.0351\n"
    )


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["serve", "--help"], ["demo", "--help"], ["lab", "--help"], ["loss", "--help"]],
)
def test_help_exits_zero_with_an_example(argv: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "xentlab", *argv], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert "\nexample:\n  xentlab" in done.stdout or "\nexamples:\n  xentlab" in done.stdout


def test_bad_port_is_a_one_line_usage_error() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "xentlab", "serve", "--port", "abc"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1] == (
        "xentlab serve: error: argument --port: expected a port number, got 'abc'"
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    import xentlab

    with pytest.raises(SystemExit) as stop:
        cli.main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"xentlab {xentlab.__version__}\n"
