"""Section 13's panel (xentlab.course.charts.frameworks): the conventions table as texts, the
notes under its rows, each script's code and what it prints, the per-example chart, and the
class-weight switch's words."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import numpy as np
import pytest

import xentlab as xl
from xentlab.course.charts import frameworks as parts
from xentlab.course.content import load
from xentlab.course.lessons.frameworks import LIBRARIES, ROWS, SCRIPTS, WEIGHT, printed
from xentlab.course.sections import section
from xentlab.notebook._controls import controls

s = section("frameworks")
DEFAULT = s.lesson.Inputs()
#: the defaults; per-example losses without weights, one target ignored; every target
#: ignored; sums with a wide logit gap and a confidently wrong positive
CASES = [
    DEFAULT,
    replace(DEFAULT, weighted=0, reduction="none", targets=(2, -100, 1), smoothing=0.0),
    replace(DEFAULT, targets=(-100, -100, -100), smoothing=0.25, z=0.5, y=1),
    replace(
        DEFAULT,
        reduction="sum",
        logits=(0.0, 0.0, 40.0, 5.0, -3.0, 1.0, 1.5, -2.0, 0.0),
        targets=(0, 2, 1),
        z=-20.0,
        y=1,
        pos_weight=3.5,
    ),
]
F32 = np.float32


def texts(value: Any, c: dict[str, Any]) -> str:
    return c["labels"]["no_option"] if value is None else printed(value)


@pytest.mark.parametrize("inputs", CASES)
def test_the_table_is_each_frameworks_value_as_its_code_prints_it(inputs: Any) -> None:
    v = s.lesson.compute(inputs)
    c = load("frameworks")
    (table,) = s.panel(v, "en").tables
    assert table.key == "conventions"
    assert table.head == ("Convention", "PyTorch", "Keras", "JAX / optax")
    assert table.caption == c["labels"]["table"]
    assert [row[0] for row in table.body] == [c["rows"][key] for key in ROWS]
    for row, key in zip(table.body, ROWS, strict=True):
        cells = v.row(key).cells
        assert row[1:] == tuple(texts(cells[lib], c) for lib in LIBRARIES)
    # no panel rows: the table is the read-out
    assert s.panel(v, "en").rows == ()


def test_the_defaults_worked_out() -> None:
    table = s.panel(s.lesson.compute(DEFAULT), "en").tables[0]
    body = {row[0]: row[1:] for row in table.body}
    rows = load("frameworks")["rows"]
    # ℓ = (0.3490, 0.1967, 18.0000) for logits (2, 1, −1), (0.5, 2.5, 0), (0, 18, 0)
    logits = np.array([[2.0, 1.0, -1.0], [0.5, 2.5, 0.0], [0.0, 18.0, 0.0]], dtype=F32)
    target, w = np.array([0, 1, 0]), np.array(WEIGHT, dtype=F32)
    torch_mean = printed(xl.cross_entropy(logits, target))
    assert body[rows["default"]] == (torch_mean, torch_mean, "[ 0.3490  0.1967 18.0000]")
    # Σ w·ℓ = 18.7424, ÷ Σw = 4 (PyTorch) or ÷ N = 3 (Keras, optax)
    assert body[rows["weights"]] == (
        printed(xl.cross_entropy(logits, target, w)),
        "6.2475",
        "6.2475",
    )
    # σ(20) rounds to 1: BCELoss clamps at 100, Keras clips; optax has no such option
    assert body[rows["bce_probs"]] == ("100.0000", "15.9424", "no such option")


@pytest.mark.parametrize("inputs", CASES)
def test_marks_name_the_cells_that_differ_from_pytorch(inputs: Any) -> None:
    v = s.lesson.compute(inputs)
    marks = parts.marks(v)
    for r in v.rows:
        torch = r.cells["torch"]
        for lib in LIBRARIES:
            value = r.cells[lib]
            if value is None:
                expected = "missing"
            elif torch is not None and printed(value) != printed(torch):
                expected = "differs"
            else:
                expected = ""
            assert marks[r.key, lib] == expected


@pytest.mark.parametrize("inputs", CASES)
def test_notes_under_each_row_quote_the_views_numbers(inputs: Any) -> None:
    v = s.lesson.compute(inputs)
    c = load("frameworks")
    notes = {n.key: n for n in s.panel(v, "en").notes}
    for r in v.rows:
        note = notes[f"notes-{r.key}"]
        assert note.label == c["rows"][r.key] and not note.mono
        assert note.text == "\n\n".join(c["notes"][k].format(**v.quoted) for k in r.notes)
        assert "{" not in note.text


def test_the_weights_note_quotes_the_divisors() -> None:
    notes = {n.key: n.text for n in s.panel(s.lesson.compute(DEFAULT), "en").notes}
    # w[t] = (1, 2, 1): PyTorch divides by 4, Keras by the 3 examples
    assert "Σ w[tₙ] = 4;" in notes["notes-weights"]
    assert "number of examples, 3." in notes["notes-weights"]


@pytest.mark.parametrize("inputs", CASES)
def test_each_scripts_code_and_output_are_mono_notes(inputs: Any) -> None:
    v = s.lesson.compute(inputs)
    c = load("frameworks")
    notes = {n.key: n for n in s.panel(v, "en").notes}
    filled = s.lesson.snippets(c["code"], v)
    for script in SCRIPTS:
        code, out = notes[f"code-{script}"], notes[f"output-{script}"]
        assert code.mono and out.mono
        assert code.label == c["libraries"][script] and out.label == c["labels"]["prints"]
        assert code.text == filled[script] and "$" not in code.text
        lines = out.text.splitlines()
        assert lines == [f"{name} {printed(value)}" for name, value in v.prints[script]]
    targets = repr([int(t) for t in inputs.targets])
    assert f"torch.tensor({targets})" in notes["code-torch"].text
    # the torch script's weights line is the table's torch cell
    weights = s.panel(v, "en").tables[0].body[ROWS.index("weights")][1]
    assert notes["output-torch"].text.splitlines()[1] == f"weights {weights}"


@pytest.mark.parametrize("inputs", CASES)
def test_the_chart_draws_each_examples_loss_per_framework(inputs: Any) -> None:
    v = s.lesson.compute(inputs)
    json.dumps(s.panel(v, "en").to_json(), allow_nan=False)  # what the widget sends
    (plot,) = s.panel(v, "en").charts
    assert plot.key == "chart" and plot.height == 352
    options = plot.options
    assert options["xAxis"]["data"] == ["example 1", "example 2", "example 3"]
    assert [s_["id"] for s_ in options["series"]] == list(LIBRARIES)
    assert [s_["name"] for s_ in options["series"]] == ["PyTorch", "Keras", "JAX / optax"]
    assert all(s_["type"] == "bar" for s_ in options["series"])
    for series in options["series"]:
        expected = [round(float(x), 4) for x in np.asarray(v.per_example[series["id"]])]
        assert series["data"] == expected
    assert "max" not in options["yAxis"] and len(options["color"]) == 3


def test_the_chart_at_the_defaults_is_the_smoothed_weighted_losses() -> None:
    v = s.lesson.compute(DEFAULT)
    logits = np.array([[2.0, 1.0, -1.0], [0.5, 2.5, 0.0], [0.0, 18.0, 0.0]], dtype=F32)
    w = np.array(WEIGHT, dtype=F32)
    smoothed = xl.cross_entropy(
        logits, np.array([0, 1, 0]), w, reduction="none", label_smoothing=0.1
    )
    torch = s.panel(v, "en").chart("chart").options["series"][0]
    assert torch["data"] == [round(float(x), 4) for x in smoothed]


def test_the_panel_in_chinese() -> None:
    v = s.lesson.compute(CASES[1])
    p = s.panel(v, "zh")
    zh = load("frameworks", "zh")
    table = p.tables[0]
    assert table.head[0] == "约定" and table.caption == zh["labels"]["table"]
    assert [row[0] for row in table.body] == [zh["rows"][key] for key in ROWS]
    # BCEWithLogitsLoss has no label_smoothing
    assert table.body[-1][1] == "没有此选项"
    notes = {n.key: n for n in p.notes}
    assert notes["output-torch"].label == "输出"
    assert notes["notes-bce_smoothing"].text.startswith("`BCEWithLogitsLoss`")
    assert p.chart("chart").options["xAxis"]["data"] == ["样本 1", "样本 2", "样本 3"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_class_weight_switch_is_labelled_off_and_on(lang: str) -> None:
    c, ui = load("frameworks", lang), load("ui", lang)
    by_name = {ctl["name"]: ctl for ctl in controls(s.lesson.Inputs, c, ui)}
    weighted = [o["label"] for o in by_name["weighted"]["options"]]
    assert weighted == [c["weighteds"]["0"], c["weighteds"]["1"]]
    assert weighted == (["off", "on"] if lang == "en" else ["关", "开"])
    # no control is labelled by its raw field name
    assert all(ctl["label"] != ctl["name"] for name, ctl in by_name.items() if name != "pos_weight")
