"""Section 11's panel (xentlab.course.charts.imbalance): the class table, the batch's losses,
the focal losses at pₜ, the smoothed target and floor, and the focal and smoothing charts, as
the page, the notebook widget and the figure draw them."""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pytest

from xentlab.course.charts import fmt, fmt_small
from xentlab.course.content import load
from xentlab.course.sections import section

S = section("imbalance")
CASES: list[dict[str, Any]] = [
    {},
    {"counts": (50, 200, 10, 40), "gamma": 0.0, "alpha": 1.0, "pt": 0.3, "smoothing": 0.2},
    {"counts": (1, 100_000), "gamma": 5.0, "alpha": 0.05, "pt": 0.99, "smoothing": 0.0},
    {"counts": (7, 7, 7, 7, 7, 7), "gamma": 1.5, "alpha": 0.5, "pt": 0.6, "smoothing": 0.5},
]
CJK = re.compile(r"[\u4e00-\u9fff]")


def _inputs(case: dict[str, Any]) -> Any:
    return S.lesson.Inputs(**case)


def _batch_losses(counts: tuple[int, ...]) -> tuple[float, float, list[float]]:
    """The batch's mean CE, its weighted mean and each class's mean, by NumPy."""
    logits, targets = S.lesson.batch(len(counts))
    log_p = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    nll = -log_p[np.arange(len(targets)), targets]
    w = sum(counts) / (len(counts) * np.asarray(counts, dtype=float))
    weighted = float((w[targets] * nll).sum() / w[targets].sum())
    return (
        float(nll.mean()),
        weighted,
        [float(nll[targets == k].mean()) for k in range(len(counts))],
    )


def _number(text: str) -> float:
    return float(text.replace("−", "-"))


@pytest.mark.parametrize("case", CASES)
def test_rows_are_labelled_by_the_content(case: dict[str, Any]) -> None:
    inputs = _inputs(case)
    panel = S.panel(S.lesson.compute(inputs), "en")
    labels = load("imbalance")["labels"]
    n = len(inputs.counts)
    per_class = [k for i in range(n) for k in (f"weight-{i}", f"class-loss-{i}")]
    rest = ["plain", "weighted", "pos_weight", "bce_plain", "bce_weighted"]
    rest += ["pt_ce", "pt_factor", "pt_focal", "pt_kept", "smoothed", "floor"]
    assert [r.key for r in panel.rows] == per_class + rest
    for i in range(n):
        assert panel.row(f"weight-{i}").label == labels["weights"].format(i=i)
        assert panel.row(f"class-loss-{i}").label == labels["per_class"].format(i=i)
    for key in rest:
        assert panel.row(key).label == labels[key] != key
    for raw in ("plain_loss", "weighted_loss", "bce_pos_weighted", "smoothing_floor"):
        assert all(raw not in r.label and r.key != raw for r in panel.rows)
    assert [n.text for n in panel.notes] == [labels["focal_note"], labels["smoothing_note"]]


@pytest.mark.parametrize("case", CASES)
def test_rows_write_the_views_numbers(case: dict[str, Any]) -> None:
    inputs = _inputs(case)
    panel = S.panel(S.lesson.compute(inputs))
    counts, c = inputs.counts, len(inputs.counts)
    plain, weighted, per_class = _batch_losses(counts)
    for i, n_i in enumerate(counts):
        assert panel.row(f"weight-{i}").text == fmt_small(sum(counts) / (c * n_i))
        assert panel.row(f"class-loss-{i}").text == fmt_small(per_class[i])
    assert panel.row("plain").text == fmt(plain)
    assert panel.row("weighted").text == fmt(weighted)
    pos_weight = counts[0] / counts[1]
    assert panel.row("pos_weight").text == fmt_small(pos_weight, 3)
    assert panel.row("bce_plain").text == fmt_small(-math.log(0.3))
    assert _number(panel.row("bce_weighted").text) == pytest.approx(
        -pos_weight * math.log(0.3), rel=1e-2
    )
    pt, gamma, alpha, eps = inputs.pt, inputs.gamma, inputs.alpha, inputs.smoothing
    assert panel.row("pt_ce").text == fmt_small(-math.log(pt))
    assert panel.row("pt_factor").text == fmt_small((1 - pt) ** gamma)
    assert panel.row("pt_focal").text == fmt_small(alpha * (1 - pt) ** gamma * -math.log(pt))
    assert panel.row("pt_kept").text == fmt_small(alpha * (1 - pt) ** gamma)
    target = np.full(c, eps / c)
    target[0] += 1 - eps
    assert panel.row("smoothed").text == "  ".join(fmt_small(float(t)) for t in target)
    floor = float(-(target * np.log(np.where(target > 0, target, 1))).sum())
    assert panel.row("floor").text == fmt_small(floor)


def test_a_tiny_focal_loss_never_reads_as_zero() -> None:
    """γ = 5, α = 0.05 at pₜ = 0.99: the focal loss is about 5e−14, not 0.0000."""
    panel = S.panel(S.lesson.compute(_inputs(CASES[2])))
    for key in ("pt_factor", "pt_focal", "pt_kept", "bce_weighted"):
        assert panel.row(key).text not in ("0.0000", "0.000")
    focal = 0.05 * 0.01**5 * -math.log(0.99)
    assert _number(panel.row("pt_focal").text) == pytest.approx(focal, rel=1e-2)
    assert panel.row("pt_focal").text == "5.03e−14"


@pytest.mark.parametrize("case", CASES)
def test_the_focal_chart_draws_the_views_curves_and_points(case: dict[str, Any]) -> None:
    v = S.lesson.compute(_inputs(case))
    chart = S.panel(v).chart("chart")
    drawn = {s["id"]: s for s in chart.options["series"]}
    assert list(drawn) == ["ce", "focal", "modulating", "ce_point", "focal_point"]
    for sid, values in (("ce", v.focal_ce), ("focal", v.focal_loss), ("modulating", v.modulating)):
        xs, ys = np.array(drawn[sid]["data"]).T
        np.testing.assert_allclose(xs, v.focal_x, atol=1e-5)
        np.testing.assert_allclose(ys, values, atol=1e-6)
    pt = _inputs(case).pt
    assert drawn["ce_point"]["data"] == [[pt, round(-math.log(pt), 6)]]
    assert drawn["focal_point"]["data"] == [[pt, round(v.pt_focal, 6)]]
    assert drawn["modulating"]["lineStyle"]["type"] == "dashed"
    assert chart.options["yAxis"]["max"] == 3 and chart.height == 320


@pytest.mark.parametrize("case", CASES)
def test_the_smoothing_chart_marks_the_floor(case: dict[str, Any]) -> None:
    v = S.lesson.compute(_inputs(case))
    chart = S.panel(v).chart("smoothing-chart")
    drawn = {s["id"]: s for s in chart.options["series"]}
    assert list(drawn) == ["plain", "smoothed", "best"]
    for sid, values in (("plain", v.smooth_plain), ("smoothed", v.smooth_loss)):
        xs, ys = np.array(drawn[sid]["data"]).T
        np.testing.assert_allclose(xs, v.smooth_x, atol=1e-5)
        np.testing.assert_allclose(ys, values, atol=1e-6)
    floor = round(v.smoothing_floor, 6)
    (mark,) = drawn["smoothed"]["markLine"]["data"]
    assert mark["yAxis"] == floor
    chart_c = load("imbalance")["chart"]
    assert mark["label"]["formatter"] == chart_c["floor"].format(floor=fmt_small(floor))
    eps, c = _inputs(case).smoothing, len(_inputs(case).counts)
    assert drawn["best"]["data"] == [[round(1 - eps + eps / c, 5), floor]]


def test_the_panel_speaks_chinese() -> None:
    v = S.lesson.compute(_inputs({}))
    panel = S.panel(v, "zh")
    zh = load("imbalance", "zh")
    assert panel.row("weight-1").label == zh["labels"]["weights"].format(i=1)
    assert all(panel.row(k).label == zh["labels"][k] for k in ("plain", "pt_focal", "floor"))
    assert CJK.search(panel.row("plain").label) and CJK.search(panel.row("floor").label)
    assert panel.row("pt_focal").text == "2.63e−4"
    smoothing = panel.chart("smoothing-chart").options
    assert smoothing["yAxis"]["name"] == zh["chart"]["smooth_y"]
    (mark,) = smoothing["series"][1]["markLine"]["data"]
    assert mark["label"]["formatter"].startswith("下限")
