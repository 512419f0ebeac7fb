"""Section 6's panel (xentlab.course.charts.binary_vs_categorical): the read-out of one logit
as a sigmoid, a 2-class and a K-class softmax, and the chart of both losses."""

from __future__ import annotations

import numpy as np
import pytest

from xentlab.course.charts import fmt, fmt_small
from xentlab.course.content import load
from xentlab.course.sections import section

s = section("binary_vs_categorical")

#: the defaults, a confident wrong logit with ten classes, a tiny probability, a middle case
CASES = [{}, {"z": -6.0, "y": 1, "k": 10}, {"z": 6.0, "y": 0, "k": 3}, {"z": 0.5, "y": 1, "k": 5}]


@pytest.mark.parametrize("changes", CASES)
def test_rows_are_labelled_by_the_content_and_write_the_views_numbers(
    changes: dict[str, float],
) -> None:
    v = s.lesson.compute(s.lesson.Inputs(**changes))
    c = load("binary_vs_categorical")
    labels = c["labels"]
    p = s.panel(v, "en")
    expected = {
        "sigmoid_p": (labels["sigmoid_p"], fmt_small(v.sigmoid_p)),
        "bce": (labels["bce"], fmt_small(v.bce)),
        "softmax2": (
            labels["softmax2"],
            f"({fmt_small(float(v.softmax2[0]))}, {fmt_small(float(v.softmax2[1]))})",
        ),
        "ce2": (labels["ce2"], fmt_small(v.ce2)),
        "p_true_k": (labels["probs_k"], fmt_small(v.p_true_k)),
        "ce_k": (f"CE over {v.k} classes", fmt_small(v.ce_k)),
        "chance_k": (labels["chance_k"], fmt(float(np.log(v.k)))),
    }
    assert {r.key: (r.label, r.text) for r in p.rows} == expected
    assert all(r.label != r.key for r in p.rows)


@pytest.mark.parametrize("changes", CASES)
def test_notes_say_whether_the_two_losses_agree_and_name_k(changes: dict[str, float]) -> None:
    v = s.lesson.compute(s.lesson.Inputs(**changes))
    labels = load("binary_vs_categorical")["labels"]
    p = s.panel(v, "en")
    notes = {n.key: n for n in p.notes}
    gap = abs(v.bce - v.ce2)
    same = labels["same_rounding"].format(diff=f"{gap:.1e}") if gap else labels["same_exact"]
    assert notes["same"].text == same and notes["same"].tone == "good"
    assert notes["k_title"].text == labels["k_title"].format(k=v.k)


def test_a_tiny_probability_never_reads_zero() -> None:
    v = s.lesson.compute(s.lesson.Inputs(z=-6.0, y=1, k=10))
    assert 0 < v.p_true_k < 1e-3
    assert s.panel(v, "en").row("p_true_k").text == fmt_small(v.p_true_k) != "0.0000"


@pytest.mark.parametrize("changes", CASES)
def test_the_chart_draws_the_views_curves_and_points(changes: dict[str, float]) -> None:
    v = s.lesson.compute(s.lesson.Inputs(**changes))
    chart_c = load("binary_vs_categorical")["chart"]
    options = s.panel(v, "en").chart("chart").options
    by_id = {series["id"]: series for series in options["series"]}
    np.testing.assert_allclose(np.array(by_id["bce"]["data"])[:, 0], v.curve_x, atol=1e-5)
    np.testing.assert_allclose(np.array(by_id["bce"]["data"])[:, 1], v.bce_curve, atol=1e-6)
    np.testing.assert_allclose(np.array(by_id["ce_k"]["data"])[:, 1], v.ce_k_curve, atol=1e-6)
    z = changes.get("z", 1.0)
    assert by_id["bce_point"]["data"] == [[z, round(v.bce, 6)]]
    assert by_id["ce_k_point"]["data"] == [[z, round(v.ce_k, 6)]]
    assert by_id["ce_k"]["markLine"]["data"] == [{"yAxis": round(float(np.log(v.k)), 6)}]
    name = chart_c["ce_k_same"] if v.k == 2 else chart_c["ce_k"].format(k=v.k)
    assert by_id["ce_k"]["name"] == by_id["ce_k_point"]["name"] == name
    assert options["legend"]["data"] == [chart_c["bce"], name]
    assert all(series["name"] for series in options["series"])


def test_the_legends_room_stays_put_as_k_moves() -> None:
    """Measured from K = 2's longer name, so that a new K sends no new media rules (which
    would redraw the whole chart in the browser)."""
    media = [
        s.panel(s.lesson.compute(s.lesson.Inputs(k=k)), "en").chart("chart").options["media"]
        for k in (2, 3, 10)
    ]
    assert media[0] == media[1] == media[2]


def test_the_panel_in_chinese() -> None:
    v = s.lesson.compute(s.lesson.Inputs(k=4))
    c = load("binary_vs_categorical", "zh")
    p = s.panel(v, "zh")
    assert p.row("ce_k").label == "4 个类别上的 CE"
    assert p.row("p_true_k").label == c["labels"]["probs_k"] == "真实类别的概率"
    assert p.chart("chart").options["xAxis"]["name"] == c["chart"]["x"]
    assert p.chart("chart").options["yAxis"]["name"] == "损失"
    assert {n.key: n.text for n in p.notes}["k_title"].startswith("K = 4 个类别")
