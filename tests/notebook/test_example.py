"""The example notebook runs from top to bottom (``jupyter nbconvert --execute``, as a learner
would run it), so it never rots; its printed numbers are the library's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import xentlab as xl
from xentlab.course.sections import SECTIONS
from xentlab.lab import LabOptions, epochs_to_reach, race

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "xentlab-in-a-notebook.ipynb"

pytestmark = pytest.mark.slow


def text_of(cell: dict[str, Any]) -> str:
    """What a code cell printed (its streams) and returned (its plain-text result)."""
    parts = []
    for out in cell["outputs"]:
        if out["output_type"] == "stream":
            parts.append("".join(out["text"]))
        elif out["output_type"] in ("execute_result", "display_data"):
            parts.append("".join(out["data"].get("text/plain", "")))
    return "".join(parts)


@pytest.fixture(scope="module")
def executed_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example after a run in a fresh kernel, as nbconvert saved it (widget state included)."""
    out = tmp_path_factory.mktemp("example")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "jupyter",
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--ExecutePreprocessor.timeout=300",
            "--output-dir",
            str(out),
            str(EXAMPLE),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return out / EXAMPLE.name


@pytest.fixture(scope="module")
def executed(executed_path: Path) -> list[dict[str, Any]]:
    """The example's code cells, after a run in a fresh kernel."""
    nb = json.loads(executed_path.read_text(encoding="utf-8"))
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def test_the_committed_example_has_no_outputs() -> None:
    nb = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    assert "widgets" not in nb["metadata"]


def test_the_example_runs_without_an_error(executed: list[dict[str, Any]]) -> None:
    for cell in executed:
        assert not [o for o in cell["outputs"] if o["output_type"] == "error"], cell["source"]


def test_each_section_and_the_lab_show_a_widget(executed: list[dict[str, Any]]) -> None:
    widgets = [
        "".join(c["source"])
        for c in executed
        if any(
            "application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in c["outputs"]
        )
    ]
    assert len(widgets) == 6, widgets  # sections 1, 2, 7, 11, 13 and the lab
    for name in ('"binary"', '"softmax"', '"entropy-kl"', '"imbalance"', '"frameworks"', "xn.lab("):
        assert any(name in source for source in widgets), name


def test_every_section_is_listed_with_its_inputs(executed: list[dict[str, Any]]) -> None:
    shown = "\n".join(text_of(c) for c in executed)
    for s in SECTIONS:
        for p in s.lesson.Inputs.params():
            assert f"{p.name}={p.default!r}" in shown, (s.key, p.name)
        assert f"xn.section({s.slug!r}, " in shown


def test_the_printed_numbers_are_the_librarys(executed: list[dict[str, Any]]) -> None:
    shown = "\n".join(text_of(c) for c in executed)
    loss = float(xl.binary_cross_entropy([0.3], [1]))
    assert f"widget: {loss:.6f}\nxl:     {loss:.6f}" in shown
    assert "yhat must be a number in [0.01, 0.99], got 1.5" in shown


def test_the_race_shows_cross_entropy_far_ahead(executed: list[dict[str, Any]]) -> None:
    """The Lab's cell races where the difference shows: epochs to 50 / 80 / 90 % for both."""
    shown = "\n".join(text_of(c) for c in executed)
    history = list(race(LabOptions(dataset="digits", model="mlp", epochs=200, init_scale=4.0)))
    for mark in (0.5, 0.8, 0.9):
        ce = epochs_to_reach([e.ce for e in history], mark)
        mse = epochs_to_reach([e.mse for e in history], mark)
        assert ce is not None and (mse is None or mse > 3 * ce), (mark, ce, mse)
        line = (
            f"test accuracy {mark:.0%}: cross-entropy after {ce} epochs, squared error after {mse}"
        )
        assert line in shown
    last = history[-1]
    assert f"test accuracy {last.ce.test_accuracy:.3f} (cross-entropy)" in shown
    assert last.ce.test_accuracy - last.mse.test_accuracy > 0.1


def test_the_executed_notebook_is_small(executed_path: Path) -> None:
    """ECharts reaches a notebook as a message, never in its saved widget state."""
    nb = json.loads(executed_path.read_text(encoding="utf-8"))
    assert "application/vnd.jupyter.widget-state+json" in nb["metadata"]["widgets"]
    assert executed_path.stat().st_size <= 300_000, executed_path.stat().st_size


def test_the_figure_cell_shows_a_png(executed: list[dict[str, Any]]) -> None:
    [figure] = [c for c in executed if "xn.figure(" in "".join(c["source"])]
    assert any("image/png" in o.get("data", {}) for o in figure["outputs"])
