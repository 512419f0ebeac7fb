"""Section 10's panel (xentlab.course.charts.stability): the logits, the softmax three ways,
the overflow scales, log(softmax) against log_softmax, each library's log(0) guard and the
chart over the logit scale, as the page, the notebook widget and the figure draw them."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from xentlab.course.charts import fmt, fmt_small
from xentlab.course.charts import stability as parts
from xentlab.course.content import load
from xentlab.course.sections import section

S = section("stability")
#: (log10 of the scale, k): the defaults; float32 broken; both broken with ŷ = 0 in float64;
#: the smallest logits and k
CASES = [(1.0, 50), (2.0, 5), (3.0, 400), (0.0, 1)]
CJK = re.compile(r"[\u4e00-\u9fff]")
ROW_KEYS = [
    *("logits", "naive32", "naive64", "stable", "overflow32", "overflow64"),
    *("log_of_softmax", "log_softmax", "exact", "pytorch", "keras", "sklearn"),
]


def naive(z: np.ndarray) -> np.ndarray:
    """e^z / Σ e^z in z's own dtype, by hand (NaN once e^z overflows)."""
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(z)
        return np.asarray(e / e.sum(), dtype=np.float64)


def shifted(z: np.ndarray) -> list[float]:
    """Softmax with the maximum subtracted first, by hand."""
    m = max(z)
    e = [math.exp(x - m) for x in z]
    return [x / sum(e) for x in e]


def written(p: np.ndarray | list[float]) -> str:
    return "  ".join("NaN" if math.isnan(x) else fmt_small(float(x)) for x in p)


@pytest.mark.parametrize(("log_scale", "k"), CASES)
def test_rows_are_labelled_by_the_content_and_write_the_views_numbers(
    log_scale: float, k: int
) -> None:
    v = S.lesson.compute(S.lesson.Inputs(log_scale=log_scale, k=k))
    panel = S.panel(v, "en")
    labels = load("stability")["labels"]
    assert [r.key for r in panel.rows] == ROW_KEYS
    for row in panel.rows:
        assert row.label == labels[row.key] != row.key
    scale = 10.0**log_scale
    z = np.array([scale, 0.0, -scale])
    logits = "  ".join(f"{x:.4g}".replace("-", "−") for x in z)
    assert panel.row("logits").text == logits
    for key, hand in (
        ("naive32", naive(z.astype(np.float32))),
        ("naive64", naive(z)),
        ("stable", shifted(list(z))),
    ):
        assert panel.row(key).text == written(hand), key
        np.testing.assert_allclose(getattr(v, key), hand, rtol=1e-6, atol=1e-300)
    assert panel.row("naive32").text.startswith("NaN") == (scale > 88.72)
    assert panel.row("naive64").text.startswith("NaN") == (scale > 709.78)
    assert panel.row("overflow32").text == "88.72" == fmt(v.overflow32, 2)
    assert panel.row("overflow64").text == "709.78" == fmt(v.overflow64, 2)


@pytest.mark.parametrize(("log_scale", "k"), CASES)
def test_the_logs_and_the_guards_write_the_views_losses(log_scale: float, k: int) -> None:
    v = S.lesson.compute(S.lesson.Inputs(log_scale=log_scale, k=k))
    panel = S.panel(v)
    scale = 10.0**log_scale
    last = -2 * scale - math.log(1 + math.exp(-scale) + math.exp(-2 * scale))
    assert panel.row("log_softmax").text == fmt_small(v.log_softmax) == fmt_small(last)
    p_last = shifted([scale, 0.0, -scale])[-1]
    assert panel.row("log_of_softmax").text == (
        "−∞" if p_last == 0 else fmt_small(math.log(p_last))
    )
    yhat, exact = 10.0**-k, k * math.log(10)
    eps = float(np.finfo(np.float64).eps)
    hand = {
        "exact": exact,
        "pytorch": min(exact, 100.0),
        "keras": -math.log(min(max(yhat, 1e-7), 1 - 1e-7)),
        "sklearn": -math.log(min(max(yhat, eps), 1 - eps)),
    }
    for key, value in hand.items():
        assert panel.row(key).text == fmt(v.bce[key]), key
        assert float(panel.row(key).text) == pytest.approx(value, abs=1e-4), key


def test_a_tiny_probability_never_reads_as_zero() -> None:
    v = S.lesson.compute(S.lesson.Inputs(log_scale=1.0))  # logits 10, 0, −10
    cells = S.panel(v).row("stable").text.split("  ")
    assert [float(c.replace("−", "-")) for c in cells] == pytest.approx(
        shifted([10.0, 0.0, -10.0]), rel=1e-2
    )
    assert all(c != "0.0000" for c in cells)


@pytest.mark.parametrize(("log_scale", "k"), CASES)
def test_the_chart_draws_both_curves_the_limits_and_the_scale(log_scale: float, k: int) -> None:
    v = S.lesson.compute(S.lesson.Inputs(log_scale=log_scale, k=k))
    plot = S.panel(v).chart("chart")
    chart_c = load("stability")["chart"]
    assert plot.height == 384
    options = plot.options
    drawn = {s["id"]: s for s in options["series"]}
    assert list(drawn) == ["stable", "naive", "limits", "scale"]
    for sid, values in (("stable", v.curve_stable), ("naive", v.curve_naive64)):
        xs = [x for x, _ in drawn[sid]["data"]]
        ys = [np.nan if y is None else y for _, y in drawn[sid]["data"]]
        np.testing.assert_allclose(xs, np.round(v.scales, 4))
        np.testing.assert_allclose(ys, values, atol=1e-6)  # NaN where the curve breaks
    assert np.isnan(v.curve_naive64[-1]) and None in [y for _, y in drawn["naive"]["data"]]
    # the overflow limits, labelled with where they are; the current scale's mark
    limits = drawn["limits"]["markLine"]["data"]
    assert [m["xAxis"] for m in limits] == [round(v.overflow32, 4), round(v.overflow64, 4)]
    names = [chart_c["limit32"].format(x="88.72"), chart_c["limit64"].format(x="709.78")]
    assert [m["name"] for m in limits] == [m["label"]["formatter"] for m in limits] == names
    scale = 10.0**log_scale
    assert drawn["scale"]["markLine"]["data"] == [
        {"xAxis": round(scale, 4), "name": f"{scale:.4g}"}
    ]
    # the legend lists the curves; the marks have no names of their own
    assert options["legend"]["data"] == [chart_c["stable"], chart_c["naive"]]
    assert all("name" not in drawn[sid] for sid in ("limits", "scale"))
    assert options["xAxis"]["type"] == "log"
    assert (options["xAxis"]["min"], options["xAxis"]["max"]) == (1.0, 10000.0)


def test_the_curves_are_written_once_for_the_fixed_arrays() -> None:
    a = S.lesson.compute(S.lesson.Inputs(log_scale=0.5))
    b = S.lesson.compute(S.lesson.Inputs(log_scale=3.5, k=7))
    c = load("stability")
    assert parts.options(a, c)["series"][1]["data"] is parts.options(b, c)["series"][1]["data"]
    x, y = np.array(a.scales), np.array(a.curve_naive64)  # copies that could change
    assert parts.curve_data(x, y) is not parts.curve_data(x, y)
    assert parts.curve_data(x, y) == parts.curve_data(a.scales, a.curve_naive64)


def test_the_panel_speaks_chinese() -> None:
    v = S.lesson.compute(S.lesson.Inputs(log_scale=2.0, k=5))
    panel = S.panel(v, "zh")
    zh = load("stability", "zh")
    assert all(r.label == zh["labels"][r.key] for r in panel.rows)
    for key in ("naive32", "overflow32", "log_softmax", "exact"):
        assert CJK.search(panel.row(key).label), key
    assert panel.row("naive32").text.startswith(zh["labels"]["broken"])
    assert panel.row("keras").text == fmt(5 * math.log(10))
    options = panel.chart("chart").options
    assert options["legend"]["data"] == [zh["chart"]["stable"], zh["chart"]["naive"]]
    assert options["xAxis"]["name"] == zh["chart"]["x"]
    limit32 = options["series"][2]["markLine"]["data"][0]["label"]["formatter"]
    assert limit32 == zh["chart"]["limit32"].format(x="88.72")
