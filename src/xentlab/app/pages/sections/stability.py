"""Section 10 page: naive softmax overflowing, log-sum-exp staying exact, and log(0) guards."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from xentlab.app.pages.mount import State
from xentlab.app.pages.widgets import Chart, Readout, param_slider
from xentlab.course.charts import renew
from xentlab.course.charts import stability as parts
from xentlab.course.lessons.stability import Inputs, View

VALUE_CLASSES = "font-mono text-lg text-right tabular-nums"


def layout(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """The scale slider and the softmax read-outs beside the curves; the k slider below them
    with the loss each library's guard gives (the rows and the chart options shared with the
    notebook widget: :mod:`xentlab.course.charts.stability`)."""
    labels = c["labels"]
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[30rem] gap-3"):
            param_slider(
                state, "log_scale", labels["scale"], key="scale", valuetext=labels["scale_words"]
            )
            readout = Readout(labels, parts.readout(c))
            ui.separator()
            logs = Readout(labels, parts.LOGS)
        with ui.card().classes("xl-card flex-1 min-w-[22rem]"):
            chart = Chart(parts.options(state.view, c), classes="w-full h-[24rem]")
    with ui.card().classes("xl-card w-full gap-3"):
        param_slider(state, "k", labels["k"])
        bce = Readout(labels, parts.GUARDS)

    def show(v: View) -> None:
        readout.show(v)
        for row in parts.SOFTMAX:
            broken = " text-rose-700" if v.broken(row) else ""
            readout.values[row].classes(replace=VALUE_CLASSES + broken)
        logs.show(v)
        bce.show(v)
        renew(chart.options, parts.options(v, c))
        chart.update()

    return show
