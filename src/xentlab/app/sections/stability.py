"""Section 10 page: naive softmax overflowing, log-sum-exp staying exact, and log(0) guards."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from nicegui import ui

from xentlab.app.shell import notice, section_intro, section_outro, url_writer
from xentlab.app.widgets import PALETTE, Live, Readout, fmt, slider, testid
from xentlab.content import load
from xentlab.lessons import stability as lesson
from xentlab.lessons.stability import K_MAX, K_MIN, LOG_SCALE_MAX, LOG_SCALE_MIN, LOG_SCALE_STEP

ROWS = ("naive32", "naive64", "stable")
CONVENTIONS = ("exact", "pytorch", "keras", "sklearn")


def _probs_text(probs: np.ndarray, broken: str) -> str:
    return "  ".join(broken if math.isnan(p) else f"{p:.4f}" for p in probs)


def _curve_options(c: dict[str, Any], v: lesson.View) -> dict[str, Any]:
    chart_c = c["chart"]

    def data(y: np.ndarray) -> list[list[float | None]]:
        return [
            [round(float(s), 4), None if math.isnan(p) else round(float(p), 6)]
            for s, p in zip(v.scales, y, strict=True)
        ]

    return {
        "animation": False,
        "color": PALETTE,
        "legend": {"top": 4},
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 56, "right": 24, "top": 44, "bottom": 48},
        "xAxis": {
            "type": "log",
            "min": 1,
            "max": 10**LOG_SCALE_MAX,
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
                "name": chart_c["stable"],
                "type": "line",
                "data": data(v.curve_stable),
                "showSymbol": False,
                "lineStyle": {"width": 5, "opacity": 0.35},
            },
            {
                "name": chart_c["naive"],
                "type": "line",
                "data": data(v.curve_naive64),
                "showSymbol": False,
                "connectNulls": False,
                "lineStyle": {"width": 2},
            },
            {
                "name": "scale",
                "type": "line",
                "data": [],
                "showSymbol": False,
                "markLine": {
                    "symbol": "none",
                    "data": [],
                    "lineStyle": {"color": "#111827"},
                    "label": {"formatter": "{b}"},
                },
            },
        ],
    }


def build(query: dict[str, str]) -> None:
    """Draw section 10 with the state read from ``query``."""
    c = load("stability")
    labels = c["labels"]
    inputs, bad = lesson.Inputs.from_query(query)
    section_intro(c)
    notice(bad)
    view = lesson.compute(inputs)
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[30rem] gap-3"):
            slider(
                "scale",
                labels["scale"],
                value=inputs.log_scale,
                lo=LOG_SCALE_MIN,
                hi=LOG_SCALE_MAX,
                step=LOG_SCALE_STEP,
                on_move=lambda v: live.set(log_scale=v),
            )
            readout = Readout()
            readout.row("logits", labels["logits"])
            for key in ROWS:
                readout.row(key, labels[key])
            readout.row("overflow32", labels["overflow32"])
            readout.row("overflow64", labels["overflow64"])
            ui.separator()
            logs = Readout()
            logs.row("log_of_softmax", labels["log_of_softmax"])
            logs.row("log_softmax", labels["log_softmax"])
        with ui.card().classes("xl-card flex-1 min-w-[22rem]"):
            chart = testid(ui.echart(_curve_options(c, view)), "chart").classes("w-full h-[24rem]")
    with ui.card().classes("xl-card w-full gap-3"):
        slider(
            "k",
            labels["k"],
            value=inputs.k,
            lo=K_MIN,
            hi=K_MAX,
            step=1,
            on_move=lambda v: live.set(k=int(v)),
        )
        bce = Readout()
        for key in CONVENTIONS:
            bce.row(key, labels[key])
    section_outro(c, "stability")

    def draw(now: lesson.Inputs) -> None:
        v = lesson.compute(now)
        readout.set("logits", "  ".join(f"{z:.4g}".replace("-", "−") for z in v.logits))
        for key in ROWS:
            readout.set(key, _probs_text(getattr(v, key), labels["broken"]))
            broken = bool(np.isnan(getattr(v, key)).any())
            readout.values[key].classes(
                replace="font-mono text-lg text-right tabular-nums"
                + (" text-rose-700" if broken else "")
            )
        readout.set("overflow32", fmt(v.overflow32, 2))
        readout.set("overflow64", fmt(v.overflow64, 2))
        logs.set("log_of_softmax", fmt(v.log_of_softmax))
        logs.set("log_softmax", fmt(v.log_softmax))
        for key in CONVENTIONS:
            bce.set(key, fmt(v.bce[key]))
        chart.options["series"][2]["markLine"]["data"] = [
            {"xAxis": round(now.scale, 4), "name": f"{now.scale:.4g}"}
        ]
        chart.update()

    live: Live[lesson.Inputs] = Live(inputs, draw, url_writer())
    live.show(bad)
