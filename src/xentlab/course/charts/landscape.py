"""What section 9 shows of a View: its read-out rows (in bits), the binary entropy curve with
the current p on it, and the heat map of H(p, q) over every (p, q) with the current point.

The page (:mod:`xentlab.app.pages.sections.landscape`), the notebook widget and the static
figure all draw these (a click on the page's map moves the point: that stays the page's).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from xentlab.course.charts import (
    Shown,
    at,
    curve,
    line_options,
    never_changes,
    numbers,
    pairs,
    point,
)
from xentlab.course.charts.panel import Panel, Plot, rows
from xentlab.course.lessons.landscape import View
from xentlab.course.theme import BLUE, HEAT, HEAT_POINT, INK

__all__ = ["ROWS", "TICK", "cells", "entropy_chart", "heat_map", "panel"]

#: the ticks of the map's value axes: round probabilities, 0, 0.2, …, 1
TICK = 0.2

#: the read-out (bits): row key (its label's key in the content, its test id) → its text
ROWS: dict[str, Shown] = numbers("cross_entropy", "entropy", "kl")

#: the cells of read-only surfaces already written out, by the surface's id (the lesson's
#: surface is one fixed array: its 2500 cells are made once, not on every slider step)
_CELLS: dict[int, tuple[NDArray[np.float64], list[list[float]]]] = {}


def cells(surface: NDArray[np.float64]) -> list[list[float]]:
    """The heat map's cells [column j (q), row i (p), H(p, q)] of ``surface[i, j]``, rounded
    to what a colour can show; a read-only surface's list is made once and returned again
    (treat it as read-only)."""
    known = _CELLS.get(id(surface))
    if known is not None and known[0] is surface:
        return known[1]
    n_rows, n_cols = surface.shape
    made = [[j, i, round(float(surface[i, j]), 4)] for i in range(n_rows) for j in range(n_cols)]
    if never_changes(surface):
        _CELLS.clear()  # one surface at a time: the lesson has only one
        _CELLS[id(surface)] = (surface, made)  # holding it keeps its id its own
    return made


def entropy_chart(v: View, c: dict[str, Any], ui: dict[str, Any]) -> dict[str, Any]:
    """The binary entropy curve H(p) in bits, and the current point (p, H(p)) on it."""
    chart_c = c["chart"]
    now = point("point", ui["current"], INK)
    now["data"] = at(v.curve_point)
    return line_options(
        chart_c["curve_x"],
        chart_c["curve_y"],
        [curve("entropy", chart_c["curve_title"], pairs(v.grid, v.entropy_curve), BLUE), now],
        y_max=1.0,
    )


def _value_axis(name: str, gap: int, extent: tuple[float, float]) -> dict[str, Any]:
    """A probability axis over the cells' span: the point and the diagonal are placed on it."""
    return {
        "type": "value",
        "min": extent[0],
        "max": extent[1],
        "interval": TICK,
        "name": name,
        "nameLocation": "middle",
        "nameGap": gap,
        "splitLine": {"show": False},
    }


def heat_map(v: View, c: dict[str, Any]) -> dict[str, Any]:
    """H(p, q) as cells on hidden category axes (index 0), coloured from 0 to the surface's
    top; the diagonal q = p (the floor) and the current point (q, p) on value axes over the
    same span (index 1), so that they sit exactly at their (q, p)."""
    chart_c, unit = c["chart"], c["labels"]["unit"]
    cell_axis = {"type": "category", "data": [f"{g:.2f}" for g in v.grid], "show": False}
    lo, hi = v.heat_extent
    now = {**point("point", "(q, p)", HEAT_POINT), "xAxisIndex": 1, "yAxisIndex": 1}
    now["data"] = at(v.heat_point)
    return {
        "animation": False,
        "title": {"text": chart_c["heat_title"], "left": "center", "textStyle": {"fontSize": 14}},
        "tooltip": {"position": "top"},
        "grid": {"left": 52, "right": 64, "top": 44, "bottom": 50},
        "xAxis": [
            cell_axis,
            {**_value_axis(chart_c["heat_x"], 30, v.heat_extent), "position": "bottom"},
        ],
        "yAxis": [
            cell_axis,
            {**_value_axis(chart_c["heat_y"], 36, v.heat_extent), "position": "left"},
        ],
        "visualMap": {
            "seriesIndex": 0,
            "min": 0,
            "max": v.surface_max,
            "calculable": False,
            "orient": "vertical",
            "right": 4,
            "top": "middle",
            "itemWidth": 14,
            "inRange": {"color": list(HEAT)},
            "text": [f"{v.surface_max:g} {unit}", f"0 {unit}"],
        },
        "series": [
            {
                "id": "surface",
                "name": chart_c["heat_title"],
                "type": "heatmap",
                "data": cells(v.surface),
                "progressive": 0,
            },
            {
                "id": "diagonal",
                "name": chart_c["diagonal"],
                "type": "line",
                "xAxisIndex": 1,
                "yAxisIndex": 1,
                "data": [[lo, lo], [hi, hi]],
                "showSymbol": False,
                "silent": True,
                "lineStyle": {"color": "#ffffff", "type": "dashed", "width": 1.5},
            },
            now,
        ],
    }


def panel(v: View, c: dict[str, Any], ui: dict[str, Any]) -> Panel:
    """Everything section 9 shows of ``v``: the read-out, the entropy curve, the map."""
    return Panel(
        rows=rows(ROWS, c["labels"], v),
        charts=(
            Plot("entropy-chart", entropy_chart(v, c, ui), 256),
            Plot("chart", heat_map(v, c), 480),
        ),
    )
