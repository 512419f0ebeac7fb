"""Section 12's panel (xentlab.course.charts.applications): the perplexity calculator (its labels
following the unit), the distillation KL and loss, and the chart of the softened teacher and
student, as the page, the notebook widget and the figure draw them."""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pytest

from xentlab.course.charts import fmt_small
from xentlab.course.content import load
from xentlab.course.sections import section

S = section("applications")
CASES: list[dict[str, Any]] = [
    {},
    {"ce": 3.0, "unit": "bits", "temperature": 1.0},
    {"ce": 0.0, "unit": "nats", "temperature": 10.0, "teacher": (5, 0, -5), "student": (1, 1, -1)},
    {"ce": 12.0, "unit": "bits", "teacher": (1.0, 2.0), "student": (1.0, 2.001)},
]
CJK = re.compile(r"[\u4e00-\u9fff]")


def _softmax(z: tuple[float, ...], t: float) -> np.ndarray:
    e = np.exp(np.asarray(z, dtype=float) / t - max(z) / t)
    out: np.ndarray = e / e.sum()
    return out


@pytest.mark.parametrize("case", CASES)
def test_rows_are_labelled_for_the_unit(case: dict[str, Any]) -> None:
    inputs = S.lesson.Inputs(**case)
    panel = S.panel(S.lesson.compute(inputs), "en")
    labels = load("applications")["labels"]
    assert [r.key for r in panel.rows] == ["perplexity", "ce_other", "kl", "distill"]
    other = "bits" if inputs.unit == "nats" else "nats"
    assert panel.row("perplexity").label == labels[f"perplexity_{inputs.unit}"]
    assert panel.row("ce_other").label == labels["ce_other"].format(unit=labels[other])
    assert panel.row("kl").label == labels["kl"] and panel.row("distill").label == labels["distill"]
    assert all(r.label != r.key for r in panel.rows)


@pytest.mark.parametrize("case", CASES)
def test_rows_write_the_views_numbers(case: dict[str, Any]) -> None:
    inputs = S.lesson.Inputs(**case)
    panel = S.panel(S.lesson.compute(inputs))
    ce, t = inputs.ce, inputs.temperature
    base = math.e if inputs.unit == "nats" else 2.0
    assert panel.row("perplexity").text == fmt_small(base**ce, 2)
    other = ce / math.log(2) if inputs.unit == "nats" else ce * math.log(2)
    assert panel.row("ce_other").text == fmt_small(other)
    p, q = _softmax(inputs.teacher, t), _softmax(inputs.student, t)
    kl = float((p * (np.log(p) - np.log(q))).sum())
    assert float(panel.row("kl").text.replace("−", "-")) == pytest.approx(kl, rel=1e-2, abs=1e-12)
    assert panel.row("kl").text == fmt_small(S.lesson.compute(inputs).distillation_kl)
    distill = float(panel.row("distill").text.replace("−", "-"))
    assert distill == pytest.approx(t * t * kl, rel=1e-2, abs=1e-12)


def test_a_tiny_distillation_loss_never_reads_as_zero() -> None:
    """Student and teacher one thousandth apart: KL ≈ 6e−8, not 0.0000."""
    panel = S.panel(S.lesson.compute(S.lesson.Inputs(**CASES[3])))
    assert panel.row("kl").text != "0.0000" and "e−" in panel.row("kl").text
    assert panel.row("distill").text != "0.0000"


@pytest.mark.parametrize("case", CASES)
def test_the_chart_draws_the_softened_distributions(case: dict[str, Any]) -> None:
    inputs = S.lesson.Inputs(**case)
    chart = S.panel(S.lesson.compute(inputs)).chart("chart")
    n = len(inputs.teacher)
    assert chart.options["xAxis"]["data"] == [str(i) for i in range(n)]
    drawn = {s["id"]: s for s in chart.options["series"]}
    assert list(drawn) == ["teacher", "student"]
    t = inputs.temperature
    np.testing.assert_allclose(drawn["teacher"]["data"], _softmax(inputs.teacher, t), atol=1e-6)
    np.testing.assert_allclose(drawn["student"]["data"], _softmax(inputs.student, t), atol=1e-6)
    assert drawn["teacher"]["name"] == load("applications")["labels"]["teacher"]
    assert chart.height == 256


def test_the_panel_speaks_chinese() -> None:
    panel = S.panel(S.lesson.compute(S.lesson.Inputs(unit="bits", ce=3.0)), "zh")
    zh = load("applications", "zh")["labels"]
    assert panel.row("perplexity").label == zh["perplexity_bits"]
    assert (
        panel.row("ce_other").label
        == zh["ce_other"].format(unit=zh["nats"])
        == "同一个损失，以奈特计"
    )
    assert CJK.search(panel.row("distill").label)
    assert panel.row("perplexity").text == "8.00"
    assert panel.chart("chart").options["series"][0]["name"] == zh["teacher"]
