"""Section 9's panel (xentlab.course.charts.landscape): H(p, q), H(p) and the KL in bits, the
entropy curve and the heat map of H(p, q), as the page, the notebook widget and the figure
draw them."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from xentlab.course.charts import fmt_small
from xentlab.course.charts import landscape as parts
from xentlab.course.content import load
from xentlab.course.lessons.landscape import GRID
from xentlab.course.sections import section

S = section("landscape")
CASES = [(0.3, 0.7), (0.5, 0.5), (0.01, 0.99), (0.99, 0.5)]
CJK = re.compile(r"[\u4e00-\u9fff]")


def h2(p: float) -> float:
    """Binary entropy in bits, by hand."""
    return -(p * math.log2(p) + (1 - p) * math.log2(1 - p))


def ce2(p: float, q: float) -> float:
    """Binary cross-entropy H(p, q) in bits, by hand."""
    return -(p * math.log2(q) + (1 - p) * math.log2(1 - q))


@pytest.mark.parametrize(("p", "q"), CASES)
def test_rows_are_labelled_by_the_content_and_write_the_views_bits(p: float, q: float) -> None:
    v = S.lesson.compute(S.lesson.Inputs(p=p, q=q))
    panel = S.panel(v, "en")
    labels = load("landscape")["labels"]
    assert [r.key for r in panel.rows] == ["cross_entropy", "entropy", "kl"]
    for row in panel.rows:
        assert row.label == labels[row.key] != row.key
    hand = {"cross_entropy": ce2(p, q), "entropy": h2(p), "kl": ce2(p, q) - h2(p)}
    for key, value in hand.items():
        assert panel.row(key).text == fmt_small(getattr(v, key)), key
        assert float(panel.row(key).text.replace("−", "-")) == pytest.approx(value, abs=1e-4)
    assert panel.notes == () and panel.tables == ()


@pytest.mark.parametrize(("p", "q"), CASES)
def test_the_entropy_chart_draws_the_curve_and_the_point_at_p(p: float, q: float) -> None:
    v = S.lesson.compute(S.lesson.Inputs(p=p, q=q))
    plot = S.panel(v).chart("entropy-chart")
    assert plot.height == 256
    drawn = {s["id"]: s for s in plot.options["series"]}
    assert drawn["point"]["data"] == [[p, round(h2(p), 6)]]
    assert drawn["point"]["data"] == [[v.curve_point[0], round(v.curve_point[1], 6)]]
    xs, ys = np.array(drawn["entropy"]["data"]).T
    np.testing.assert_allclose(xs, GRID, atol=1e-5)
    np.testing.assert_allclose(ys, [h2(float(g)) for g in GRID], atol=1e-6)
    assert drawn["point"]["name"] == load("ui")["current"]
    assert plot.options["legend"]["data"] == [load("landscape")["chart"]["curve_title"]]
    assert (plot.options["yAxis"]["min"], plot.options["yAxis"]["max"]) == (0, 1.0)


@pytest.mark.parametrize(("p", "q"), CASES)
def test_the_map_draws_every_cell_of_the_surface_and_the_point_at_q_p(p: float, q: float) -> None:
    v = S.lesson.compute(S.lesson.Inputs(p=p, q=q))
    plot = S.panel(v).chart("chart")
    assert plot.height == 480
    options = plot.options
    drawn = {s["id"]: s for s in options["series"]}
    assert [s["id"] for s in options["series"]] == ["surface", "diagonal", "point"]
    assert all(s.get("name") for s in options["series"])
    # the point at (q, p) on the value axes; the diagonal across the cells' span
    assert drawn["point"]["data"] == [[q, p]] == [list(v.heat_point)]
    assert (drawn["point"]["xAxisIndex"], drawn["point"]["yAxisIndex"]) == (1, 1)
    assert drawn["diagonal"]["data"] == [[0.0, 0.0], [1.0, 1.0]]
    # cell [j, i, H(p = grid[i], q = grid[j])], one per pair of grid values
    cells = np.array(drawn["surface"]["data"])
    n = len(GRID)
    assert cells.shape == (n * n, 3)
    i, j = cells[:, 1].astype(int), cells[:, 0].astype(int)
    hand = [ce2(float(GRID[a]), float(GRID[b])) for a, b in zip(i, j, strict=True)]
    np.testing.assert_allclose(cells[:, 2], hand, atol=1e-4)
    np.testing.assert_allclose(cells[:, 2], v.surface[i, j], atol=1e-4)
    # coloured from 0 to the surface's top in whole bits
    top = math.ceil(max(hand))
    assert (options["visualMap"]["min"], options["visualMap"]["max"]) == (0, top)
    assert options["visualMap"]["text"] == [f"{top} bits", "0 bits"]
    assert [a["data"] for a in (options["xAxis"][0], options["yAxis"][0])] == [
        [f"{g:.2f}" for g in GRID]
    ] * 2


def test_the_maps_cells_are_written_once_for_the_fixed_surface() -> None:
    a = S.lesson.compute(S.lesson.Inputs(p=0.3, q=0.7))
    b = S.lesson.compute(S.lesson.Inputs(p=0.6, q=0.2))
    c = load("landscape")
    assert parts.heat_map(a, c)["series"][0]["data"] is parts.heat_map(b, c)["series"][0]["data"]
    writable = np.array(a.surface)  # a copy that could change is written out each time
    assert parts.cells(writable) is not parts.cells(writable)
    assert parts.cells(writable) == parts.cells(a.surface)


def test_the_panel_speaks_chinese() -> None:
    v = S.lesson.compute(S.lesson.Inputs(p=0.5, q=0.9))
    panel = S.panel(v, "zh")
    zh = load("landscape", "zh")
    assert all(r.label == zh["labels"][r.key] for r in panel.rows)
    assert CJK.search(panel.row("entropy").label) and CJK.search(panel.row("kl").label)
    assert panel.row("entropy").text == "1.0000"
    heat = panel.chart("chart").options
    assert heat["title"]["text"] == zh["chart"]["heat_title"]
    assert heat["xAxis"][1]["name"] == zh["chart"]["heat_x"]
    assert heat["visualMap"]["text"][1] == "0 比特"
    curve = panel.chart("entropy-chart").options
    assert curve["legend"]["data"] == [zh["chart"]["curve_title"]]
    assert curve["series"][1]["name"] == load("ui", "zh")["current"]
