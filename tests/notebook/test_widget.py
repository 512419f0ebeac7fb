"""The notebook widgets in the kernel, without a browser: a value set through the widget's
synced state (as the browser sets it) gives exactly the lesson's View, whose losses are
PyTorch's; a bad value gives the declaration's message (the page's) and changes nothing."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from matplotlib.figure import Figure

import xentlab.notebook as xn
from xentlab.course.charts import bce as bce_charts
from xentlab.course.charts import fmt
from xentlab.course.charts.describe import describe, table
from xentlab.course.content import load
from xentlab.course.lessons import bce, entropy_kl, softmax_ce
from xentlab.course.sections import SECTIONS, section
from xentlab.lab import LabOptions, race, race_view
from xentlab.notebook._widget import ECHARTS_VERSION, LabWidget, echarts_source

RTOL = 1e-12


def same(x: Any, y: Any) -> bool:
    """The same numbers in ``x`` and ``y``: arrays element by element (NaN equal to NaN),
    dataclasses field by field, containers item by item."""
    if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
        x, y = np.asarray(x), np.asarray(y)
        nan = x.dtype.kind in "fc" and y.dtype.kind in "fc"
        return bool(np.array_equal(x, y, equal_nan=nan))
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return type(x) is type(y) and all(
            same(getattr(x, f.name), getattr(y, f.name)) for f in dataclasses.fields(x)
        )
    if isinstance(x, dict):
        return isinstance(y, dict) and x.keys() == y.keys() and all(same(x[k], y[k]) for k in x)
    if isinstance(x, list | tuple):
        return type(x) is type(y) and len(x) == len(y) and all(map(same, x, y))
    if isinstance(x, float) and isinstance(y, float) and math.isnan(x) and math.isnan(y):
        return True
    return bool(x == y)


def same_view(a: Any, b: Any) -> bool:
    """Two Views of one lesson hold the same numbers."""
    return type(a) is type(b) and same(a, b)


def send(w: xn.SectionWidget, **values: Any) -> None:
    """What the browser does on a control change: the synced values with one entry changed."""
    w.values = {**w.values, **values}


def readout(w: xn.SectionWidget) -> dict[str, str]:
    return {row["key"]: row["text"] for row in w.panel["readout"]}


def message(inputs_type: type, **values: Any) -> str:
    """The declaration's message for ``values`` (what the page's checks say)."""
    with pytest.raises(ValueError) as info:
        inputs_type(**values)
    return str(info.value)


def state_json(w: Any) -> str:
    """The widget's state as the kernel sends it: strict JSON (no NaN or infinity)."""
    return json.dumps(w.get_state(), allow_nan=False)


def heard(w: Any, message: dict[str, Any]) -> dict[str, Any]:
    """The kernel's answer to the page's ``message`` (a custom message of the widget ``w``)."""
    sent: list[Any] = []
    w.send = lambda content, buffers=None: sent.append(content)
    try:
        w._handle_custom_msg(message, [])
    finally:
        del w.send  # the class's send again
    [answer] = sent
    return answer  # type: ignore[no-any-return]


# ---- section 1 ----


@pytest.mark.parametrize(("yhat", "y"), [(0.42, 0), (0.01, 1), (0.99, 1), (0.5, 0)])
def test_section_1_slider_value_gives_the_lessons_view_and_torchs_loss(yhat: float, y: int) -> None:
    w = xn.section("binary")
    send(w, yhat=yhat, y=y)
    assert w.inputs == bce.Inputs(yhat=yhat, y=y)
    assert same_view(w.view, bce.compute(bce.Inputs(yhat=yhat, y=y)))
    ref = F.binary_cross_entropy(
        torch.tensor([yhat], dtype=torch.float64), torch.tensor([float(y)], dtype=torch.float64)
    ).item()
    assert w.view.loss == pytest.approx(ref, rel=RTOL)
    z = torch.tensor([math.log(yhat / (1 - yhat))], dtype=torch.float64, requires_grad=True)
    F.binary_cross_entropy_with_logits(z, torch.tensor([float(y)], dtype=torch.float64)).backward()
    assert w.view.dloss_dlogit == pytest.approx(z.grad.item(), rel=1e-9, abs=1e-15)
    assert readout(w)["loss"] == fmt(w.view.loss)
    assert w.error == ""
    assert w.values == {"yhat": yhat, "y": y}


def test_section_1_a_slider_value_off_its_grid_is_rounded_as_the_pages_sliders_round_it() -> None:
    w = xn.section("bce")
    send(w, yhat=0.1 + 0.2)  # 0.30000000000000004, as a slider's arithmetic may give
    assert w.inputs.yhat == 0.3
    assert w.values["yhat"] == 0.3


@pytest.mark.parametrize(
    ("values", "field_values"),
    [
        ({"yhat": 1.5}, {"yhat": 1.5}),
        ({"yhat": 0.0}, {"yhat": 0.0}),
        ({"y": 2}, {"y": 2}),
        ({"yhat": "abc"}, None),
    ],
)
def test_section_1_bad_values_give_the_declared_message_and_keep_the_state(
    values: dict[str, Any], field_values: dict[str, Any] | None
) -> None:
    w = xn.section("binary", yhat=0.3, y=0)
    before, revision = w.inputs, w.revision
    send(w, **values)
    if field_values is not None:
        assert w.error == message(bce.Inputs, **field_values)
    else:
        assert w.error == "yhat must be a number in [0.01, 0.99], got 'abc'"
    assert w.inputs == before
    assert w.values == {"yhat": 0.3, "y": 0}  # the controls go back to the valid state
    assert w.revision == revision + 1
    send(w, yhat=0.6)  # the next good value clears the message
    assert w.error == "" and w.inputs.yhat == 0.6


def test_section_1_message_is_the_pages_own_words() -> None:
    w = xn.section("binary")
    send(w, yhat=1.5)
    assert w.error == "yhat must be a number in [0.01, 0.99], got 1.5"


def test_section_1_panel_shares_the_pages_rows_worked_text_and_chart() -> None:
    w = xn.section("binary", yhat=0.9, y=0)
    v, c, ui = w.view, section("bce").content(), xn._widget.load("ui")
    assert [r["key"] for r in w.panel["readout"]] == list(bce_charts.ROWS)
    assert readout(w) == {k: shown(v) for k, shown in bce_charts.ROWS.items()}
    notes = {n["key"]: n["text"] for n in w.panel["notes"]}
    assert notes["worked"] == bce_charts.worked(v, c)
    assert notes["verdict"] == ui["verdicts"]["wrong_confident"]
    assert w.panel["hints"] == {"yhat": bce_charts.slider_ends(v, c)}
    [chart] = w.panel["charts"]
    assert chart["options"]["series"] == bce_charts.options(v, c, ui)["series"]
    assert chart["options"]["series"][2]["data"] == [[0.9, round(v.loss, 6)]]
    state_json(w)


# ---- Python side: inputs, view, set, observe ----


def test_set_from_python_and_observe_see_every_change() -> None:
    w = xn.section("binary", yhat=0.3, y=0)
    seen: list[float] = []
    w.observe(lambda change: seen.append(change["new"].loss), names="view")
    w.set(yhat=0.4)
    assert w.inputs == bce.Inputs(yhat=0.4, y=0)
    assert w.values == {"yhat": 0.4, "y": 0}
    send(w, y=1)  # as from a click in the browser
    assert seen == [bce.compute(bce.Inputs(0.4, 0)).loss, bce.compute(bce.Inputs(0.4, 1)).loss]
    w.set(yhat=0.4)  # no change: no new View
    assert len(seen) == 2


def test_set_refuses_a_bad_value_with_the_declared_message() -> None:
    w = xn.section("binary", yhat=0.3)
    with pytest.raises(ValueError, match=r"^yhat must be a number in \[0.01, 0.99\], got 2$"):
        w.set(yhat=2)
    with pytest.raises(ValueError, match=r"^temperature is not an input of this section"):
        w.set(temperature=2)
    assert w.inputs.yhat == 0.3


def test_unknown_sections_and_inputs_are_named() -> None:
    with pytest.raises(ValueError, match=r"^section must be one of bce, softmax_ce, .*'nope'"):
        xn.section("nope")
    with pytest.raises(ValueError, match=r"^yhat must be a number in \[0.01, 0.99\], got 7"):
        xn.section("binary", yhat=7)


# ---- section 2 ----


def test_section_2_typed_logits_temperature_and_class_give_torchs_loss() -> None:
    w = xn.section("softmax")
    assert w.values["logits"] == "2, 1, -1"
    send(w, logits="1.5, −0.5, 3, 0.25", temperature=2.5, target=3)
    expected = softmax_ce.Inputs(logits=(1.5, -0.5, 3.0, 0.25), temperature=2.5, target=3)
    assert w.inputs == expected
    assert same_view(w.view, softmax_ce.compute(expected))
    z = torch.tensor([[1.5, -0.5, 3.0, 0.25]], dtype=torch.float64, requires_grad=True)
    loss = F.cross_entropy(z / 2.5, torch.tensor([3]))
    loss.backward()
    assert w.view.loss == pytest.approx(loss.item(), rel=RTOL)
    assert w.view.loss_one_hot == pytest.approx(loss.item(), rel=RTOL)
    np.testing.assert_allclose(w.view.grad, z.grad.numpy()[0], rtol=1e-9, atol=1e-15)
    assert readout(w)["loss"] == readout(w)["loss_one_hot"] == fmt(loss.item())
    assert w.values["logits"] == "1.5, -0.5, 3, 0.25"
    series = {s["id"]: s["data"] for s in w.panel["charts"][0]["options"]["series"]}
    assert series["target"] == [0.0, 0.0, 0.0, 1.0]
    state_json(w)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # a class index beyond the logits: the rule between the fields
        ({"target": 5}, "target must be a class index in [0, 3), got 5"),
        ({"logits": "1, x"}, "logits must be 2 to 10 numbers in [-1000, 1000], got '1, x'"),
        ({"logits": "1"}, "logits must be 2 to 10 numbers in [-1000, 1000], got '1'"),
        ({"temperature": 0.0}, "temperature must be a number in [0.1, 5], got 0.0"),
    ],
)
def test_section_2_bad_values_give_the_declared_message(
    values: dict[str, Any], expected: str
) -> None:
    w = xn.section("softmax")
    send(w, **values)
    assert w.error == expected
    assert w.inputs == softmax_ce.Inputs()
    assert w.values["logits"] == "2, 1, -1"


def test_section_2_messages_are_the_declarations() -> None:
    assert message(softmax_ce.Inputs, target=5) == "target must be a class index in [0, 3), got 5"
    assert message(softmax_ce.Inputs, temperature=0.0) == (
        "temperature must be a number in [0.1, 5], got 0.0"
    )


# ---- section 7 ----


@pytest.mark.parametrize("unit", ["bits", "nats"])
def test_section_7_weights_and_unit_give_torchs_kl_and_entropy(unit: str) -> None:
    w = xn.section("entropy-kl")
    send(w, p="0.1, 0.6, 0.3", q="0.3, 0.3, 0.4", unit=unit)
    expected = entropy_kl.Inputs(p=(0.1, 0.6, 0.3), q=(0.3, 0.3, 0.4), unit=unit)
    assert w.inputs == expected
    assert same_view(w.view, entropy_kl.compute(expected))
    p = torch.tensor([0.1, 0.6, 0.3], dtype=torch.float64)
    q = torch.tensor([0.3, 0.3, 0.4], dtype=torch.float64)
    scale = math.log(2) if unit == "bits" else 1.0
    kl = F.kl_div(q.log(), p, reduction="sum").item() / scale
    entropy = -(p * p.log()).sum().item() / scale
    assert w.view.kl == pytest.approx(kl, rel=1e-12)
    assert w.view.entropy == pytest.approx(entropy, rel=1e-12)
    assert w.view.cross_entropy == pytest.approx(entropy + kl, rel=1e-12)
    assert readout(w)["kl"] == f"{fmt(kl)} {unit}"
    base = "2^H(P)" if unit == "bits" else "e^H(P)"
    labels = {row["key"]: row["label"] for row in w.panel["readout"]}
    assert base in labels["perplexity_p"]
    assert [c["key"] for c in w.panel["charts"]] == ["chart", "stack-chart"]


def test_section_7_an_infinite_kl_is_drawn_and_sent_as_strict_json() -> None:
    w = xn.section("entropy_kl", p=(0.5, 0.5), q=(1.0, 0.0))
    assert math.isinf(w.view.kl)
    assert readout(w)["kl"] == "∞ bits"
    assert [n["key"] for n in w.panel["notes"]] == ["misses"]
    state_json(w)


def test_section_7_bad_weights_give_the_declared_message() -> None:
    w = xn.section("entropy_kl")
    send(w, q="0.5, 0.5")
    assert w.error == message(entropy_kl.Inputs, q=(0.5, 0.5))
    assert w.error == "p and q must have the same number of outcomes, got 4 and 2"
    assert w.inputs == entropy_kl.Inputs()


# ---- every section ----


@pytest.mark.parametrize("s", SECTIONS, ids=lambda s: s.key)
def test_every_section_is_a_widget_whose_controls_come_from_its_declarations(s: Any) -> None:
    w = xn.section(s.key)
    params = s.lesson.Inputs.params()
    assert [c["name"] for c in w.controls] == [p.name for p in params]
    assert set(w.values) == {p.name for p in params}
    assert same_view(w.view, s.lesson.compute(s.lesson.Inputs()))
    assert w.panel["title"] == f"{s.number}. {s.content()['title']}"
    # the page's panel, live: its rows (labelled from the content), notes, tables and charts
    shown = s.panel(w.view)
    assert list(w.panel["readout"]) == [vars(r) for r in shown.rows]
    assert [c["key"] for c in w.panel["charts"]] == [c.key for c in shown.charts]
    assert w.panel["charts"] and (w.panel["readout"] or w.panel["tables"])
    assert "figure" not in w.panel  # no PNG per change
    # each slider moved to its far end through the synced state: the lesson's View there
    for control in w.controls:
        if control["kind"] == "slider":
            # the declared end, or the end the View narrows it to (section 2's last class)
            top = w.panel.get("limits", {}).get(control["name"], {}).get("max", control["max"])
            send(w, **{control["name"]: top})
            assert w.error == ""
            assert getattr(w.inputs, control["name"]) == top
    assert same_view(w.view, s.lesson.compute(w.inputs))
    # asked, each chart says what the page says of it: its text alternative and its numbers,
    # of the last View
    words = load("ui")["chart_text"]
    said = heard(w, {"type": "say"})["charts"]
    assert list(said) == [c["key"] for c in w.panel["charts"]]
    for plot in s.panel(w.view).charts:
        assert said[plot.key]["text"] == describe(plot.options, words)
        numbers = table(plot.key, plot.options, words)
        assert said[plot.key]["table"]["body"] == [list(r) for r in numbers.body]
        assert said[plot.key]["table"]["caption"] == words["table"]
    state_json(w)


def test_a_section_in_chinese_speaks_chinese() -> None:
    w = xn.section("binary", lang="zh")
    zh = section("bce").content("zh")
    assert w.panel["title"] == f"1. {zh['title']}"
    assert w.panel["readout"][0]["label"] == zh["labels"]["loss"]


# ---- ECharts reaches the page from the kernel ----


def test_no_widget_holds_echarts_in_its_state_and_each_says_when_its_kernel_is_gone() -> None:
    for lang in ("en", "zh"):
        w = xn.section("binary", lang=lang)
        state = json.dumps(w.get_state())
        assert len(state) < 60_000  # the widget's own module and panel; ECharts is 1.1 MB
        assert json.dumps(echarts_source()[:400])[1:-1] not in state
        assert w.words == load("ui", lang)["notebook"] and w.words["no_kernel"]


def test_the_vendored_echarts_is_the_release_its_note_names_with_its_licences() -> None:
    static = Path(xn.__file__).parent / "static"
    note = (static / "README.md").read_text(encoding="utf-8")
    digest = hashlib.sha256((static / "echarts.esm.min.mjs").read_bytes()).hexdigest()
    assert f"echarts {ECHARTS_VERSION}" in note
    assert f"sha256 `{digest}`" in note
    for name in ("LICENSE-echarts", "NOTICE-echarts", "LICENSE-d3", "LICENSE-zrender"):
        assert (static / name).stat().st_size > 100, name
    assert "Apache License" in (static / "LICENSE-echarts").read_text(encoding="utf-8")


def test_a_page_that_asks_for_echarts_gets_its_source() -> None:
    w = xn.section("binary")
    answer = heard(w, {"type": "echarts"})
    assert answer == {"type": "echarts", "version": ECHARTS_VERSION, "source": echarts_source()}


def test_the_words_of_the_charts_are_written_once_per_view_when_asked() -> None:
    w = xn.section("binary", yhat=0.3, y=1)
    first = heard(w, {"type": "say"})["charts"]
    assert heard(w, {"type": "say"})["charts"] is first  # the same View: not written again
    send(w, yhat=0.31)  # a step: the panel is sent without words; asked, they follow it
    assert all("text" not in c for c in w.panel["charts"])
    after = heard(w, {"type": "say"})["charts"]["chart"]["text"]
    assert after != first["chart"]["text"] and "0.31" in after


# ---- the figure and the lab ----


def test_figure_is_the_static_figure_of_the_same_view() -> None:
    fig = xn.figure("softmax", logits=[3, 1], target=1)
    assert isinstance(fig, Figure)
    assert fig.get_suptitle() == f"2. {section('softmax_ce').content()['title']}"
    with pytest.raises(ValueError, match=r"^target must be a class index in \[0, 2\), got 2$"):
        xn.figure("softmax", logits=[3, 1], target=2)


SMALL = {"dataset": "breast-cancer", "model": "logreg", "epochs": 4, "init_scale": 1.0}


def test_lab_returns_the_races_metrics_and_draws_its_curves() -> None:
    history = xn.lab(show=False, **SMALL)
    expected = list(race(LabOptions(**SMALL)))
    assert history == expected
    w = LabWidget(LabOptions(**SMALL))
    assert w.run() == expected
    curves = race_view.curves(expected)
    charts = {c["key"]: c["options"] for c in w.panel["charts"]}
    for key in ("test_accuracy", "train_loss", "output_grad"):
        data = [s["data"] for s in charts[f"chart-{key}"]["series"]]
        assert data == list(getattr(curves, key))
    assert w.panel["status"] == "Epoch 4 of 4"
    # the finished curves are said, as the Lab's page says them once a run ends; a race not
    # run (or still training) says nothing
    assert heard(LabWidget(LabOptions(**SMALL)), {"type": "say"}) == {"type": "said", "charts": {}}
    words = load("ui")["chart_text"]
    said = heard(w, {"type": "say"})["charts"]
    assert list(said) == list(charts)
    for key, options in charts.items():
        assert said[key]["text"] == describe(options, words)
        assert len(said[key]["table"]["body"]) == len(expected)
    notes = [n["text"] for n in w.panel["notes"]]
    assert notes[0] == "Finished 4 epochs."
    assert len(notes) == 1 + 2 * len(race_view.MARKS)
    state_json(w)


@pytest.mark.parametrize(
    "options",
    [{"learning_rate": 0}, {"epochs": 0}, {"focal_gamma": 2.0}, {"dataset": "mnist"}],
)
def test_lab_refuses_bad_options_with_the_lab_pages_message(options: dict[str, Any]) -> None:
    with pytest.raises(ValueError) as page:
        race_view.from_form(options)
    with pytest.raises(ValueError) as notebook:
        xn.lab(show=False, **options)
    assert str(notebook.value) == str(page.value)


# ---- without the extra ----


def test_without_the_notebook_extra_the_import_says_what_to_install() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\nsys.modules['anywidget'] = None\nimport xentlab.notebook",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == (
        'xentlab._src.extras.MissingExtra: xentlab.notebook needs the "notebook" extra: '
        'pip install "xentlab[notebook]"'
    )
