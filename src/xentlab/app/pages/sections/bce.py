"""Section 1 page: binary cross-entropy of one prediction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from xentlab.app.pages.mount import State
from xentlab.app.pages.widgets import Chart, Readout, label_toggle, param_slider, testid
from xentlab.course.charts import bce as parts
from xentlab.course.charts import renew
from xentlab.course.content import load
from xentlab.course.lessons.bce import Inputs, View

VERDICT_STYLE = {
    "right_confident": "bg-emerald-50 text-emerald-900",
    "right_unsure": "bg-sky-50 text-sky-900",
    "wrong_unsure": "bg-amber-50 text-amber-900",
    "wrong_confident": "bg-rose-50 text-rose-900",
    "undecided": "bg-slate-100 text-slate-800",
}


def layout(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """Controls, read-out and verdict beside the two loss curves (their rows, texts and chart
    options shared with the notebook widget: :mod:`xentlab.course.charts.bce`)."""
    labels, strings = c["labels"], load("ui", state.lang)
    v = state.view
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[24rem] gap-3"):
            param_slider(state, "yhat", strings["yhat_slider"])
            with ui.row().classes("w-full justify-between -mt-3 text-xs text-gray-500"):
                ends = [testid(ui.label(), f"slider-end-{i}") for i in range(3)]
            label_toggle(state)
            ui.separator()
            readout = Readout(labels, parts.ROWS)
            ui.label(labels["worked"]).classes("text-sm text-gray-700")
            with ui.element("div").classes("w-full overflow-x-auto rounded bg-slate-50 px-3 py-2"):
                worked = testid(ui.label().classes("font-mono text-sm whitespace-pre"), "worked")
            verdict = testid(ui.label().classes("w-full rounded px-3 py-2"), "verdict")
        with ui.card().classes("xl-card flex-1 min-w-[22rem]"):
            chart = Chart(parts.options(v, c, strings), classes="w-full grow min-h-[26rem]")

    def show(v: View) -> None:
        readout.show(v)
        for end, text in zip(ends, parts.slider_ends(v, c), strict=True):
            end.set_text(text)
        worked.set_text(parts.worked(v, c))
        verdict.set_text(parts.verdict(v, strings))
        verdict.classes(replace=f"w-full rounded px-3 py-2 {VERDICT_STYLE[v.verdict]}")
        renew(chart.options, parts.options(v, c, strings))
        chart.update()

    return show
