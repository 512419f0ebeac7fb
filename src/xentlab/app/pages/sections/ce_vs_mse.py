"""Section 3 page: cross-entropy and squared error side by side."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from xentlab.app.pages.mount import State
from xentlab.app.pages.widgets import Chart, heading, prediction_controls, testid
from xentlab.course.charts import ce_vs_mse as parts
from xentlab.course.charts import renew
from xentlab.course.charts.panel import Table
from xentlab.course.lessons.ce_vs_mse import Inputs, View
from xentlab.course.theme import BLUE, RED


def pair_chart(options: dict[str, Any]) -> Chart:
    """A chart of a cross-entropy curve and a squared-error curve across ŷ with their current
    points (:func:`xentlab.course.charts.ce_vs_mse.pair`: the losses here, their gradients at
    the logit in section 4)."""
    return Chart(options, classes="w-full grow min-h-[24rem]")


def show_pair(chart: Chart, options: dict[str, Any]) -> None:
    """Draw a View's pair chart ``options`` into a :func:`pair_chart`."""
    renew(chart.options, options)
    chart.update()


def layout(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """Controls and a two-column read-out beside both loss curves, then the comparison table
    (the read-out rows, the table and the chart options shared with the notebook widget:
    :mod:`xentlab.course.charts.ce_vs_mse`)."""
    labels = c["labels"]
    cells: dict[str, ui.label] = {}
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[24rem] gap-3"):
            prediction_controls(state)
            with ui.grid(columns="auto 1fr 1fr").classes("w-full gap-x-4 gap-y-1 items-baseline"):
                ui.label("")
                ui.label(labels["ce"]).classes("text-right font-medium").style(f"color:{BLUE}")
                ui.label(labels["mse"]).classes("text-right font-medium").style(f"color:{RED}")
                for row, ce_key, mse_key in parts.GRID:
                    ui.label(labels[row]).classes("text-gray-600")
                    for key in (ce_key, mse_key):
                        cell = ui.label().classes("font-mono text-lg text-right tabular-nums")
                        cells[key] = testid(cell, key)
        with ui.card().classes("xl-card flex-1 min-w-[22rem]"):
            chart = pair_chart(parts.options(state.view, c))
    _comparison_card(parts.comparison(c))

    def show(v: View) -> None:
        for key, cell in cells.items():
            cell.set_text(parts.ROWS[key](v))
        show_pair(chart, parts.options(v, c))

    return show


def _comparison_card(table: Table) -> None:
    """The comparison table: three columns; on a phone two, each aspect a heading over its two
    answers."""
    with ui.card().classes("xl-card w-full"):
        heading(table.caption)
        grid = "grid grid-cols-2 sm:grid-cols-[minmax(10rem,1fr)_2fr_2fr]"
        with ui.element("div").classes(f"{grid} w-full gap-x-4 sm:gap-x-6 gap-y-2 text-sm"):
            aspect_head, *answer_heads = table.head
            ui.label(aspect_head).classes("font-semibold text-gray-700 border-b pb-1 max-sm:hidden")
            for text in answer_heads:
                ui.label(text).classes("font-semibold text-gray-700 border-b pb-1")
            for aspect_text, *answers in table.body:
                aspect = ui.label(aspect_text).classes("text-gray-600")
                aspect.classes("max-sm:col-span-2 max-sm:pt-2 max-sm:font-medium")
                for answer in answers:
                    ui.label(answer)
