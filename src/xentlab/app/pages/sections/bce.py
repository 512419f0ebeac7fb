"""Section 1 page: binary cross-entropy of one prediction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from xentlab.app.pages.mount import State
from xentlab.app.pages.widgets import Chart, WorkedReadout, label_toggle, param_slider, testid
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
            param_slider(
                state, "yhat", strings["yhat_slider"], valuetext=strings["probability_words"]
            )
            with ui.row().classes("w-full justify-between -mt-3 text-xs text-gray-500"):
                ends = [testid(ui.label(), f"slider-end-{i}") for i in range(3)]
            label_toggle(state)
            worked = WorkedReadout(labels, parts.ROWS)
        with ui.card().classes("xl-card flex-1 min-w-[22rem]"):
            chart = Chart(parts.options(v, c, strings), classes="w-full grow min-h-[26rem]")

    def show(v: View) -> None:
        worked.show(v, parts.worked(v, c), parts.verdict(v, strings), VERDICT_STYLE[v.verdict])
        for end, text in zip(ends, parts.slider_ends(v, c), strict=True):
            end.set_text(text)
        renew(chart.options, parts.options(v, c, strings))
        chart.update()

    return show
