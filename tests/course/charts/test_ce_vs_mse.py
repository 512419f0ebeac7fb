"""Section 3's panel (xentlab.course.charts.ce_vs_mse): both losses and both gradients, the
comparison table and the pair chart, as the page, the notebook widget and the figure draw them."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from xentlab.course.charts import ce_vs_mse as parts
from xentlab.course.charts import fmt, fmt_small
from xentlab.course.content import load
from xentlab.course.sections import section

S = section("ce_vs_mse")
CASES = [(0.7, 1), (0.2, 1), (0.99, 1), (0.01, 0)]
CJK = re.compile(r"[\u4e00-\u9fff]")


def by_hand(yhat: float, y: int) -> dict[str, float]:
    """Both losses and gradients, written out from their formulas."""
    p_true = yhat if y == 1 else 1 - yhat
    return {
        "ce": -math.log(p_true),
        "mse": (yhat - y) ** 2,
        "dce_dyhat": -y / yhat + (1 - y) / (1 - yhat),
        "dmse_dyhat": 2 * (yhat - y),
        "dce_dz": yhat - y,
        "dmse_dz": 2 * (yhat - y) * yhat * (1 - yhat),
    }


@pytest.mark.parametrize(("yhat", "y"), CASES)
def test_rows_are_labelled_by_the_content_and_write_the_views_numbers(yhat: float, y: int) -> None:
    v = S.lesson.compute(S.lesson.Inputs(yhat=yhat, y=y))
    panel = S.panel(v, "en")
    labels = load("ce_vs_mse")["labels"]
    assert [r.key for r in panel.rows] == [key for _, ce, mse in parts.GRID for key in (ce, mse)]
    for row in panel.rows:
        assert row.label == labels[row.key] != row.key
        assert row.text == fmt_small(getattr(v, row.key))
        expected = by_hand(yhat, y)[row.key]
        assert float(row.text.replace("−", "-")) == pytest.approx(expected, rel=0.01, abs=1e-4)


def test_a_tiny_gradient_never_reads_as_zero() -> None:
    v = S.lesson.compute(S.lesson.Inputs(yhat=0.99, y=1))
    text = S.panel(v).row("dmse_dz").text  # 2 · (−0.01) · 0.99 · 0.01 ≈ −1.98e−4
    assert text == "−1.98e−4" and fmt(v.dmse_dz) == "−0.0002"


@pytest.mark.parametrize(("yhat", "y"), CASES)
def test_the_chart_draws_the_views_curves_and_points(yhat: float, y: int) -> None:
    v = S.lesson.compute(S.lesson.Inputs(yhat=yhat, y=y))
    chart = S.panel(v).chart("chart")
    drawn = {s["id"]: s for s in chart.options["series"]}
    assert drawn["ce_point"]["data"] == [[yhat, round(v.ce, 6)]]
    assert drawn["mse_point"]["data"] == [[yhat, round(v.mse, 6)]]
    for sid, values in (("ce", v.ce_curve), ("mse", v.mse_curve)):
        xs, ys = np.array(drawn[sid]["data"]).T
        np.testing.assert_allclose(xs, v.curve_x, atol=1e-5)
        np.testing.assert_allclose(ys, values, atol=1e-6)
    assert chart.options["yAxis"]["max"] == 5
    assert drawn["ce"]["name"] == load("ce_vs_mse")["chart"]["ce"]


def test_the_comparison_table_is_the_contents() -> None:
    c = load("ce_vs_mse")
    table = S.panel(S.lesson.compute(S.lesson.Inputs())).tables[0]
    assert table == parts.comparison(c)
    assert table.caption == c["labels"]["table_title"]
    assert table.head == (c["labels"]["table_aspect"], c["labels"]["ce"], c["labels"]["mse"])
    assert table.body == tuple((r["aspect"], r["ce"], r["mse"]) for r in c["table"])


def test_the_panel_speaks_chinese() -> None:
    v = S.lesson.compute(S.lesson.Inputs(yhat=0.3, y=0))
    panel = S.panel(v, "zh")
    zh = load("ce_vs_mse", "zh")
    assert all(r.label == zh["labels"][r.key] and CJK.search(r.label) for r in panel.rows)
    assert panel.row("mse").text == fmt_small(0.09)
    assert panel.tables[0].caption == zh["labels"]["table_title"]
    names = {s["name"] for s in panel.chart("chart").options["series"]}
    assert names == {zh["chart"]["ce"], zh["chart"]["mse"]}
