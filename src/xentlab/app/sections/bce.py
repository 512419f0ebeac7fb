"""Section 1 page: binary cross-entropy of one prediction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from xentlab.app.mount import State
from xentlab.app.widgets import (
    Chart,
    Readout,
    at,
    curve,
    fmt,
    label_toggle,
    line_options,
    numbers,
    pairs,
    param_slider,
    percent,
    point,
    testid,
)
from xentlab.content import load
from xentlab.lessons.bce import Inputs, View
from xentlab.theme import BLUE, INK, RED

VERDICT_STYLE = {
    "right_confident": "bg-emerald-50 text-emerald-900",
    "right_unsure": "bg-sky-50 text-sky-900",
    "wrong_unsure": "bg-amber-50 text-amber-900",
    "wrong_confident": "bg-rose-50 text-rose-900",
    "undecided": "bg-slate-100 text-slate-800",
}


def layout(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """Controls, read-out and verdict beside the two loss curves."""
    labels, chart_c, verdicts = c["labels"], c["chart"], load("ui")["verdicts"]
    v = state.view
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[24rem] gap-3"):
            param_slider(state, "yhat", load("ui")["yhat_slider"])
            with ui.row().classes("w-full justify-between -mt-3 text-xs text-gray-500"):
                ends = [testid(ui.label(), f"slider-end-{i}") for i in range(3)]
            label_toggle(state)
            ui.separator()
            readout = Readout(
                labels,
                {
                    **numbers("loss", "dloss_dyhat", "logit", "dloss_dlogit"),
                    "predicted": lambda v: str(v.predicted),
                    "confidence": lambda v: percent(v.confidence),
                },
            )
            ui.label(labels["worked"]).classes("text-sm text-gray-700")
            with ui.element("div").classes("w-full overflow-x-auto rounded bg-slate-50 px-3 py-2"):
                worked = testid(ui.label().classes("font-mono text-sm whitespace-pre"), "worked")
            verdict = testid(ui.label().classes("w-full rounded px-3 py-2"), "verdict")
        with ui.card().classes("xl-card flex-1 min-w-[22rem]"):
            chart = Chart(
                line_options(
                    chart_c["x"],
                    chart_c["y"],
                    [
                        curve("if_1", chart_c["if_1"], pairs(v.curve_x, v.curve_if_1), BLUE),
                        curve("if_0", chart_c["if_0"], pairs(v.curve_x, v.curve_if_0), RED),
                        point("point", load("ui")["current"], INK),
                    ],
                    y_max=5,
                ),
                classes="w-full grow min-h-[26rem]",
            )

    def show(v: View) -> None:
        readout.show(v)
        for end, text in zip(ends, c["slider_ends"][f"if_{v.y}"], strict=True):
            end.set_text(text)
        worked.set_text(
            c["worked"][v.worked_form].format(
                yhat=fmt(v.yhat, 2), p=fmt(v.p_true, 2), loss=fmt(v.loss)
            )
        )
        verdict.set_text(verdicts[v.verdict])
        verdict.classes(replace=f"w-full rounded px-3 py-2 {VERDICT_STYLE[v.verdict]}")
        for sid, label in (("if_1", 1), ("if_0", 0)):
            chart.series(sid)["lineStyle"]["opacity"] = 1.0 if v.y == label else 0.3
        chart.show(point=at(v.point))

    return show
