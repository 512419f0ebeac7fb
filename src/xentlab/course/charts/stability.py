"""What section 10 shows of a View: the logits and the softmax three ways (naive float32, naive
float64, log-sum-exp), where each format overflows, log(softmax) against log_softmax, the loss
each library's log(0) guard gives, and the chart of the first class's probability over the
logit scale with the overflow limits and the current scale marked.

The page (:mod:`xentlab.app.pages.sections.stability`), the notebook widget and the static
figure all draw these.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from xentlab.course.charts import Shown, distinguish, fmt, fmt_small, numbers
from xentlab.course.charts.panel import Panel, Plot, rows
from xentlab.course.lessons.stability import View
from xentlab.course.theme import AMBER, BLUE, INK, PALETTE, RED

__all__ = [
    "CONVENTIONS",
    "GUARDS",
    "LOGS",
    "SOFTMAX",
    "curve_data",
    "options",
    "panel",
    "probabilities",
    "readout",
]

#: the softmax rows, each the View's attribute of that name (the page marks a broken one)
SOFTMAX = ("naive32", "naive64", "stable")
#: the libraries whose guard of log(0) the section compares, after the exact loss
CONVENTIONS = ("exact", "pytorch", "keras", "sklearn")

#: log(softmax) against log_softmax of the last class: row key → its text for a View
LOGS: dict[str, Shown] = numbers("log_of_softmax", "log_softmax")


def _guard(key: str) -> Shown:
    return lambda v: fmt(v.bce[key])


#: −ln ŷ of ŷ = 10^(−k) under each library's guard: row key (the library) → its text
GUARDS: dict[str, Shown] = {key: _guard(key) for key in CONVENTIONS}


def probabilities(p: NDArray[np.float64], broken: str) -> str:
    """A softmax's probabilities side by side, a NaN written as ``broken``; a tiny one never
    reads as 0 unless it is 0."""
    return "  ".join(broken if math.isnan(x) else fmt_small(float(x)) for x in p)


def _softmax(row: str, broken: str) -> Shown:
    return lambda v: probabilities(getattr(v, row), broken)


def readout(c: dict[str, Any]) -> dict[str, Shown]:
    """The first read-out: the logits, the softmax rows (NaN in the content's word) and the
    scales where float32 and float64 overflow; row key → its text for a View."""
    broken = c["labels"]["broken"]
    return {
        "logits": lambda v: "  ".join(f"{z:.4g}".replace("-", "−") for z in v.logits),
        **{row: _softmax(row, broken) for row in SOFTMAX},
        **numbers("overflow32", "overflow64", digits=2),
    }


#: the points of read-only curves already written out, by the ids of their arrays (the
#: lesson's curves are fixed: made once, not on every slider step)
_CURVES: dict[tuple[int, int], tuple[Any, Any, list[list[float | None]]]] = {}


def curve_data(x: NDArray[np.float64], y: NDArray[np.float64]) -> list[list[float | None]]:
    """Chart points [[x, y], …], with a gap (None) where the curve is NaN; the points of two
    read-only arrays (the lesson's fixed curves) are made once and returned again (treat
    them as read-only)."""
    known = _CURVES.get((id(x), id(y)))
    if known is not None and known[0] is x and known[1] is y:
        return known[2]
    points: list[list[float | None]] = [
        [round(float(s), 4), None if math.isnan(p) else round(float(p), 6)]
        for s, p in zip(x, y, strict=True)
    ]
    if not (x.flags.writeable or y.flags.writeable):  # the lesson's: read-only views
        if len(_CURVES) >= 8:  # the lesson has two curves; a few more are kept at most
            del _CURVES[next(iter(_CURVES))]
        _CURVES[(id(x), id(y))] = (x, y, points)  # holding x and y keeps their ids theirs
    return points


def _limit(x: float, name: str, color: str) -> dict[str, Any]:
    """A dashed mark, labelled ``name``, at the scale ``x`` where a number format's e^z
    overflows."""
    return {
        "xAxis": round(x, 4),
        "name": name,
        "lineStyle": {"color": color, "type": "dashed", "width": 1.5},
        "label": {"formatter": name, "position": "insideEndTop", "color": color},
    }


def _marks(v: View, chart_c: dict[str, Any]) -> list[dict[str, Any]]:
    """The two mark series (no names: no legend entries): the overflow limits of float32 and
    float64, and the current scale."""
    mark = {"symbol": "none", "silent": True, "animation": False}
    limits = [
        _limit(v.overflow32, chart_c["limit32"].format(x=fmt(v.overflow32, 2)), AMBER),
        _limit(v.overflow64, chart_c["limit64"].format(x=fmt(v.overflow64, 2)), RED),
    ]
    return [
        {"id": "limits", "type": "line", "data": [], "markLine": {**mark, "data": limits}},
        {
            "id": "scale",
            "type": "line",
            "data": [],
            "markLine": {
                **mark,
                "data": [{"xAxis": round(v.scale, 4), "name": f"{v.scale:.4g}"}],
                "lineStyle": {"color": INK},
                "label": {"formatter": "{b}"},
            },
        },
    ]


def options(v: View, c: dict[str, Any]) -> dict[str, Any]:
    """The chart: the first class's probability over the logit scale (log axis), log-sum-exp
    against naive float64 (a gap where it is NaN), with the overflow limits and the current
    scale marked."""
    chart_c = c["chart"]
    return {
        "animation": False,
        "color": list(PALETTE),  # in order: log-sum-exp blue, naive red, as in the figure
        # the curves only: the marks are no series a reader could toggle
        "legend": {"top": 4, "data": [chart_c["stable"], chart_c["naive"]]},
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 56, "right": 24, "top": 44, "bottom": 48},
        "xAxis": {
            "type": "log",
            "min": round(float(v.scales[0]), 4),
            "max": round(float(v.scales[-1]), 4),
            "name": chart_c["x"],
            "nameLocation": "middle",
            "nameGap": 28,
        },
        "yAxis": {
            "type": "value",
            "min": 0,
            "max": 1,
            "name": chart_c["y"],
            "nameLocation": "middle",
            "nameGap": 40,
        },
        # the curves differ by dash and marker too, not by colour alone
        "series": distinguish(
            [
                {
                    "id": "stable",
                    "name": chart_c["stable"],
                    "type": "line",
                    "data": curve_data(v.scales, v.curve_stable),
                    "showSymbol": False,
                    "lineStyle": {"width": 5},
                    "color": BLUE,
                },
                {
                    "id": "naive",
                    "name": chart_c["naive"],
                    "type": "line",
                    "data": curve_data(v.scales, v.curve_naive64),
                    "showSymbol": False,
                    "connectNulls": False,
                    "lineStyle": {"width": 2.5, "type": "dashed"},
                    "color": RED,
                },
                *_marks(v, chart_c),
            ]
        ),
    }


def panel(v: View, c: dict[str, Any], ui: dict[str, Any]) -> Panel:
    """Everything section 10 shows of ``v``: the softmax read-out, the logs, the guards and
    the chart."""
    labels = c["labels"]
    return Panel(
        rows=(*rows(readout(c), labels, v), *rows(LOGS, labels, v), *rows(GUARDS, labels, v)),
        charts=(Plot("chart", options(v, c), 384),),
    )
