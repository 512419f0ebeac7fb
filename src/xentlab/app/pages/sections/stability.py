"""Section 10 page: naive softmax overflowing, log-sum-exp staying exact, and log(0) guards."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from nicegui import ui

from xentlab.app.pages.mount import State
from xentlab.app.pages.widgets import Chart, Readout, fmt, numbers, param_slider
from xentlab.course.lessons.stability import Inputs, View
from xentlab.course.theme import AMBER, BLUE, INK, PALETTE, RED

ROWS = ("naive32", "naive64", "stable")
CONVENTIONS = ("exact", "pytorch", "keras", "sklearn")
VALUE_CLASSES = "font-mono text-lg text-right tabular-nums"


def _probs(row: str, broken: str) -> Callable[[View], str]:
    """A read-out row that shows the probabilities of softmax row ``row``, NaN as ``broken``."""
    return lambda v: "  ".join(broken if math.isnan(p) else f"{p:.4f}" for p in getattr(v, row))


def _convention(key: str) -> Callable[[View], str]:
    """A read-out row that shows the loss under the guard of library ``key``."""
    return lambda v: fmt(v.bce[key])


def _curve_data(x: np.ndarray, y: np.ndarray) -> list[list[float | None]]:
    """Chart points, with a gap (None) where the curve is NaN."""
    return [
        [round(float(s), 4), None if math.isnan(p) else round(float(p), 6)]
        for s, p in zip(x, y, strict=True)
    ]


def _limit(x: float, name: str, color: str) -> dict[str, Any]:
    """A dashed mark at the scale ``x`` where a number format's e^z overflows."""
    return {
        "xAxis": round(x, 4),
        "name": name,
        "lineStyle": {"color": color, "type": "dashed", "width": 1.5},
        "label": {"formatter": "{b}", "position": "insideEndTop", "color": color},
    }


def _curve_options(chart_c: dict[str, Any], v: View) -> dict[str, Any]:
    mark = {"symbol": "none", "silent": True, "animation": False}
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
        "series": [
            {
                "id": "stable",
                "name": chart_c["stable"],
                "type": "line",
                "data": _curve_data(v.scales, v.curve_stable),
                "showSymbol": False,
                "lineStyle": {"width": 5},
                "color": BLUE,
            },
            {
                "id": "naive",
                "name": chart_c["naive"],
                "type": "line",
                "data": _curve_data(v.scales, v.curve_naive64),
                "showSymbol": False,
                "connectNulls": False,
                "lineStyle": {"width": 2.5, "type": "dashed"},
                "color": RED,
            },
            {
                "id": "limits",
                "type": "line",
                "data": [],
                "markLine": {
                    **mark,
                    "data": [
                        _limit(
                            v.overflow32, chart_c["limit32"].format(x=fmt(v.overflow32, 2)), AMBER
                        ),
                        _limit(
                            v.overflow64, chart_c["limit64"].format(x=fmt(v.overflow64, 2)), RED
                        ),
                    ],
                },
            },
            {
                "id": "scale",
                "type": "line",
                "data": [],
                "markLine": {
                    **mark,
                    "data": [],
                    "lineStyle": {"color": INK},
                    "label": {"formatter": "{b}"},
                },
            },
        ],
    }


def layout(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """The scale slider and the softmax read-outs beside the curves; the k slider below them
    with the loss each library's guard gives."""
    labels = c["labels"]
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[30rem] gap-3"):
            param_slider(state, "log_scale", labels["scale"], key="scale")
            readout = Readout(
                labels,
                {
                    "logits": lambda v: "  ".join(f"{z:.4g}".replace("-", "−") for z in v.logits),
                    **{row: _probs(row, labels["broken"]) for row in ROWS},
                    **numbers("overflow32", "overflow64", digits=2),
                },
            )
            ui.separator()
            logs = Readout(labels, numbers("log_of_softmax", "log_softmax"))
        with ui.card().classes("xl-card flex-1 min-w-[22rem]"):
            chart = Chart(_curve_options(c["chart"], state.view), classes="w-full h-[24rem]")
    with ui.card().classes("xl-card w-full gap-3"):
        param_slider(state, "k", labels["k"])
        bce = Readout(labels, {key: _convention(key) for key in CONVENTIONS})

    def show(v: View) -> None:
        readout.show(v)
        for row in ROWS:
            broken = " text-rose-700" if v.broken(row) else ""
            readout.values[row].classes(replace=VALUE_CLASSES + broken)
        logs.show(v)
        bce.show(v)
        chart.series("scale")["markLine"]["data"] = [
            {"xAxis": round(v.scale, 4), "name": f"{v.scale:.4g}"}
        ]
        chart.update()

    return show
