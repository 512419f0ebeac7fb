"""Test-session hooks: report the largest error seen against a reference library; skip, with the
reason, a test module whose reference framework is not installed; with ``--fail-on-skip`` (what
scripts/test.sh, hence CI, passes), fail a run in which anything was skipped; and keep what the
collection imported out of the garbage collector's way."""

from __future__ import annotations

import re
from collections.abc import Generator

import pytest

from support.helpers import worst
from xentlab.app import tame_garbage_collection

# --doctest-modules would import every conftest.py as a module named "conftest" and trip over
# the second one; they hold no doctests, so they are not collected (they still load as plugins)
collect_ignore_glob = ["conftest.py", "*/conftest.py"]
# the shared helpers hold no doctests; among them, a script each Keras backend runs in a process
# of its own (support/keras_backend_cases.py, library/test_keras_losses.py): importing it here
# would import Keras with whatever backend came first
collect_ignore_glob += ["support/*"]

#: the frameworks the tests compare with (the ``dev`` extra installs every one of them)
REFERENCES = ("torch", "keras", "jax", "optax", "tensorflow", "sklearn", "scipy")
#: what Python says of a package that is not installed (or hidden: None in sys.modules)
MISSING = re.compile(r"ModuleNotFoundError: (?:No module named '|import of )([\w.]+)")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fail-on-skip",
        action="store_true",
        help="fail the run if any test is skipped (a skip is never a pass in CI)",
    )


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    """A test module that cannot import a reference framework is skipped, naming it, instead
    of failing to collect (any other import error still fails)."""
    report = yield
    if report.failed and isinstance(collector, pytest.Module):
        found = MISSING.search(str(report.longrepr))
        if found and found.group(1).split(".")[0] in REFERENCES:
            name = found.group(1).split(".")[0]
            report.outcome = "skipped"
            reason = f"Skipped: {name} is not installed (pip install -e '.[dev]' installs it)"
            report.longrepr = (str(collector.path), 0, reason)
    return report


def pytest_collection_finish(session: pytest.Session) -> None:
    """Every module the tests import (PyTorch, TensorFlow, JAX, NiceGUI, ...) is loaded now:
    freeze it out of the garbage collector's sight with the server's own start-up step
    (xentlab.app.tame_garbage_collection). NiceGUI's simulated user runs a full collection
    before and after each test, which would otherwise walk those millions of objects every time
    (about 0.5 s a test, the most of the app tests' time)."""
    tame_garbage_collection()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for dt, (err, what) in sorted(worst.items()):
        terminalreporter.write_line(
            f"largest normwise relative error against the reference ({dt}): {err:.3g} ({what})"
        )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter is not None else 0
    ran = exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED)
    if session.config.getoption("--fail-on-skip") and skipped and ran:
        if reporter is not None:
            reporter.write_line(f"--fail-on-skip: {skipped} skipped; every test must run here")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
