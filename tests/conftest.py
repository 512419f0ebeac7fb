"""Test-session hooks: report the largest error seen against a reference library."""

from __future__ import annotations

import pytest

from helpers import worst

# --doctest-modules would import every conftest.py as a module named "conftest" and trip over
# the second one; they hold no doctests, so they are not collected (they still load as plugins)
collect_ignore_glob = ["conftest.py", "*/conftest.py"]
# a script each Keras backend runs in a process of its own (test_conventions_keras_backends.py):
# importing it here would import Keras with whatever backend came first
collect_ignore_glob += ["*/keras_backend_cases.py"]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for dt, (err, what) in sorted(worst.items()):
        terminalreporter.write_line(
            f"largest normwise relative error against the reference ({dt}): {err:.3g} ({what})"
        )
