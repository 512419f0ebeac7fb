"""Section 4's panel (xentlab.course.charts.slow_mse): the gradient sizes at the logit, σ′(z),
their ratio and the pair chart, as the page, the notebook widget and the figure draw them."""

from __future__ import annotations

import re

import numpy as np
import pytest

from xentlab.course.charts import fmt, fmt_small
from xentlab.course.content import load
from xentlab.course.sections import section

S = section("slow_mse")
CASES = [(0.2, 1), (0.01, 1), (0.5, 0), (0.99, 0)]
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize(("yhat", "y"), CASES)
def test_rows_are_labelled_by_the_content_and_write_the_views_numbers(yhat: float, y: int) -> None:
    v = S.lesson.compute(S.lesson.Inputs(yhat=yhat, y=y))
    panel = S.panel(v, "en")
    labels = load("slow_mse")["labels"]
    assert [r.key for r in panel.rows] == ["ce_grad", "mse_grad", "sigmoid_slope", "ratio"]
    for row in panel.rows:
        assert row.label == labels[row.key] != row.key
    slope = yhat * (1 - yhat)
    ce, mse = abs(yhat - y), 2 * abs(yhat - y) * slope
    assert panel.row("ce_grad").text == fmt_small(v.ce_grad) == fmt_small(ce)
    assert panel.row("mse_grad").text == fmt_small(v.mse_grad)
    assert float(panel.row("mse_grad").text.replace("−", "-")) == pytest.approx(mse, rel=0.01)
    assert panel.row("sigmoid_slope").text == fmt_small(v.sigmoid_slope) == fmt_small(slope)
    assert panel.row("ratio").text == f"{fmt(v.ratio, 1)}×" == f"{fmt(ce / mse, 1)}×"


@pytest.mark.parametrize(("yhat", "y"), CASES)
def test_the_chart_draws_the_views_curves_and_points(yhat: float, y: int) -> None:
    v = S.lesson.compute(S.lesson.Inputs(yhat=yhat, y=y))
    chart = S.panel(v).chart("chart")
    drawn = {s["id"]: s for s in chart.options["series"]}
    assert drawn["ce_point"]["data"] == [[yhat, round(v.ce_grad, 6)]]
    assert drawn["mse_point"]["data"] == [[yhat, round(v.mse_grad, 6)]]
    for sid, values in (("ce", v.ce_curve), ("mse", v.mse_curve)):
        xs, ys = np.array(drawn[sid]["data"]).T
        np.testing.assert_allclose(xs, v.curve_x, atol=1e-5)
        np.testing.assert_allclose(ys, values, atol=1e-6)
    assert chart.options["yAxis"]["max"] == 1
    assert chart.options["yAxis"]["name"] == load("slow_mse")["chart"]["y"]


def test_the_panel_speaks_chinese() -> None:
    v = S.lesson.compute(S.lesson.Inputs())
    panel = S.panel(v, "zh")
    zh = load("slow_mse", "zh")
    assert all(r.label == zh["labels"][r.key] for r in panel.rows)
    assert CJK.search(panel.row("ratio").label) and CJK.search(panel.row("ce_grad").label)
    assert panel.row("ce_grad").text == "0.8000"
    assert panel.chart("chart").options["yAxis"]["name"] == zh["chart"]["y"]
