"""Section 6 page: one sigmoid output as a 2-class softmax, and the same logit with K classes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from xentlab.app.pages.mount import State
from xentlab.app.pages.widgets import Chart, Readout, heading, label_toggle, param_slider, testid
from xentlab.course.charts import binary_vs_categorical as parts
from xentlab.course.charts import renew
from xentlab.course.lessons.binary_vs_categorical import Inputs, View


def layout(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """The logit, label and class count beside the three readings and the two loss curves
    (their rows, texts and chart options shared with the notebook widget and the figure:
    :mod:`xentlab.course.charts.binary_vs_categorical`)."""
    labels, v = c["labels"], state.view
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[24rem] gap-3"):
            param_slider(state, "z", labels["z"])
            label_toggle(state)
            param_slider(state, "k", labels["k"])
            ui.separator()
            ui.label(labels["sigmoid_title"]).classes("font-medium")
            binary = Readout(labels, parts.BINARY_ROWS)
            ui.label(labels["softmax_title"]).classes("font-medium")
            two = Readout(labels, parts.TWO_ROWS)
            same = testid(ui.label().classes("text-sm rounded bg-emerald-50 px-3 py-1"), "same")
            k_title = ui.label().classes("font-medium")
            many = Readout(parts.k_labels(v, c), parts.K_ROWS)
        with ui.card().classes("xl-card flex-1 min-w-[22rem]"):
            chart = Chart(parts.options(v, c), classes="w-full grow min-h-[26rem]")
    properties(c["properties"])

    def show(v: View) -> None:
        for readout in (binary, two, many):
            readout.show(v)
        same.set_text(parts.same(v, c))
        k_title.set_text(parts.k_title(v, c))
        for key, name in parts.k_labels(v, c).items():
            if many.names[key].text != name:
                many.names[key].set_text(name)
        renew(chart.options, parts.options(v, c))
        chart.update()

    return show


def properties(table: dict[str, Any]) -> None:
    """The properties of the two losses, side by side (from the content). On a narrow screen
    the table reflows: each property, then its binary and its categorical entry, each named."""
    _, binary_name, categorical_name = table["head"]
    with ui.card().classes("xl-card w-full gap-2"):
        heading(table["title"])
        grid = ui.element("div").classes(
            "grid w-full grid-cols-1 md:grid-cols-[auto_1fr_1fr] gap-x-6 gap-y-1 md:gap-y-2"
        )
        with testid(grid.classes("text-sm"), "properties"):
            for head in table["head"]:
                ui.label(head).classes("max-md:hidden font-semibold text-gray-700")
            for name, *entries in table["rows"]:
                ui.label(name).classes("mt-2 md:mt-0 font-medium text-gray-600")
                for loss, entry in zip((binary_name, categorical_name), entries, strict=True):
                    with ui.element("div").classes("text-gray-800"):
                        ui.label(f"{loss}: ").classes("md:hidden inline text-gray-500")
                        ui.label(entry).classes("inline")
