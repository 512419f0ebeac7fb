"""Section 5's panel (xentlab.course.charts.likelihood): the example's likelihood and loss, its
batch and the three curves, as the page, the notebook widget and the figure draw them."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from xentlab.course.charts import fmt, fmt_small
from xentlab.course.content import load
from xentlab.course.lessons.likelihood import BATCH
from xentlab.course.sections import section

S = section("likelihood")
CASES = [(0.7, 1), (0.4, 0), (0.01, 1), (0.99, 0)]
CJK = re.compile(r"[\u4e00-\u9fff]")
ROW_KEYS = ["likelihood", "log_likelihood", "loss", "product", "nll_of_product", "mean_loss"]


def lik(yhat: float, y: int) -> float:
    return yhat if y == 1 else 1 - yhat


@pytest.mark.parametrize(("yhat", "y"), CASES)
def test_rows_are_labelled_by_the_content_and_write_the_views_numbers(yhat: float, y: int) -> None:
    v = S.lesson.compute(S.lesson.Inputs(yhat=yhat, y=y))
    panel = S.panel(v, "en")
    labels = load("likelihood")["labels"]
    assert [r.key for r in panel.rows] == ROW_KEYS
    for row in panel.rows:
        assert row.label == labels[row.key] != row.key
    likelihoods = [lik(yhat, y), *(lik(p, t) for p, t in BATCH)]
    product = math.prod(likelihoods)
    expected = {
        "likelihood": (v.likelihood, likelihoods[0]),
        "log_likelihood": (v.log_likelihood, math.log(likelihoods[0])),
        "loss": (v.loss, -math.log(likelihoods[0])),
        "product": (v.batch_product, product),
        "nll_of_product": (v.batch_nll_of_product, -math.log(product) / len(likelihoods)),
        "mean_loss": (v.batch_mean_loss, -sum(map(math.log, likelihoods)) / len(likelihoods)),
    }
    for key, (value, hand) in expected.items():
        assert panel.row(key).text == fmt_small(value), key
        assert float(panel.row(key).text.replace("−", "-")) == pytest.approx(hand, abs=1e-4)
    assert panel.row("mean_loss").text == panel.row("nll_of_product").text


@pytest.mark.parametrize(("yhat", "y"), CASES)
def test_the_batch_table_writes_each_example(yhat: float, y: int) -> None:
    v = S.lesson.compute(S.lesson.Inputs(yhat=yhat, y=y))
    c = load("likelihood")
    table = S.panel(v).tables[0]
    labels = c["labels"]
    assert table.caption == labels["batch_title"]
    heads = ("example", "yhat", "label", "lik", "loss_col")
    assert table.head == tuple(labels[k] for k in heads)
    examples = [(yhat, y), *BATCH]
    assert len(table.body) == len(examples) == len(v.batch_yhat)
    for n, (row, (p, t)) in enumerate(zip(table.body, examples, strict=True)):
        name = labels["this_example"] if n == 0 else str(n + 1)
        loss = -math.log(lik(p, t))
        assert row[:3] == (name, fmt(p, 2), str(t))
        assert row[3] == fmt_small(float(v.batch_likelihood[n]))
        assert float(row[3]) == pytest.approx(lik(p, t), abs=1e-4)
        assert row[4] == fmt_small(float(v.batch_loss[n]))
        assert float(row[4]) == pytest.approx(loss, abs=1e-4)


@pytest.mark.parametrize(("yhat", "y"), CASES)
def test_the_chart_draws_the_views_curves_and_points(yhat: float, y: int) -> None:
    v = S.lesson.compute(S.lesson.Inputs(yhat=yhat, y=y))
    options = S.panel(v).chart("chart").options
    drawn = {s["id"]: s for s in options["series"]}
    assert drawn["loss_point"]["data"] == [[yhat, round(v.loss, 6)]]
    assert drawn["log_likelihood_point"]["data"] == [[yhat, round(v.log_likelihood, 6)]]
    assert drawn["likelihood_point"]["data"] == [[yhat, round(v.likelihood, 6)]]
    curves = {
        "loss": v.loss_curve,
        "log_likelihood": v.log_likelihood_curve,
        "likelihood": v.likelihood_curve,
    }
    for sid, values in curves.items():
        xs, ys = np.array(drawn[sid]["data"]).T
        np.testing.assert_allclose(xs, v.curve_x, atol=1e-5)
        np.testing.assert_allclose(ys, values, atol=1e-6)
    # the likelihood on the right axis in [−1, 1], the rest on the left in [−5, 5]
    assert drawn["likelihood"]["yAxisIndex"] == drawn["likelihood_point"]["yAxisIndex"] == 1
    left, right = options["yAxis"]
    assert (left["min"], left["max"], right["min"], right["max"]) == (-5, 5, -1, 1)


def test_the_panel_speaks_chinese() -> None:
    v = S.lesson.compute(S.lesson.Inputs(yhat=0.4, y=0))
    panel = S.panel(v, "zh")
    zh = load("likelihood", "zh")
    assert all(r.label == zh["labels"][r.key] for r in panel.rows)
    assert CJK.search(panel.row("likelihood").label) and CJK.search(panel.row("loss").label)
    assert panel.row("likelihood").text == "0.6000"
    assert panel.tables[0].body[0][0] == zh["labels"]["this_example"]
    assert panel.chart("chart").options["yAxis"][1]["name"] == zh["chart"]["likelihood"]
