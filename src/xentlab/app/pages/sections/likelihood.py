"""Section 5 page: likelihood, log-likelihood and loss of one example and of a batch."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from xentlab.app.pages.mount import State
from xentlab.app.pages.widgets import Chart, Readout, heading, prediction_controls, testid
from xentlab.course.charts import likelihood as parts
from xentlab.course.charts import renew
from xentlab.course.lessons.likelihood import Inputs, View


def layout(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """Controls and read-out beside the three curves, then the example in its batch (the
    read-out rows, the batch table and the chart options shared with the notebook widget:
    :mod:`xentlab.course.charts.likelihood`)."""
    labels = c["labels"]
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[24rem] gap-3"):
            prediction_controls(state)
            readout = Readout(labels, parts.ROWS)
        with ui.card().classes("xl-card flex-1 min-w-[22rem]"):
            chart = Chart(parts.options(state.view, c), classes="w-full grow min-h-[24rem]")
    table = parts.batch(state.view, c)
    cells: list[list[ui.label]] = []
    with ui.card().classes("xl-card w-full"):
        heading(table.caption)
        with ui.row().classes("w-full gap-8 items-start"):
            # the five columns scroll in a box of their own where the card is narrower
            with (
                ui.element("div").classes("max-w-full overflow-x-auto"),
                ui.grid(columns="repeat(5, auto)").classes("gap-x-3 sm:gap-x-6 gap-y-1 text-sm"),
            ):
                for head in table.head:
                    ui.label(head).classes("font-semibold text-gray-700 text-right")
                for n, (name, *_) in enumerate(table.body):
                    ui.label(name).classes("text-right text-gray-600")
                    row = []
                    for col in parts.BATCH_COLUMNS:
                        cell = ui.label().classes("font-mono text-right tabular-nums")
                        row.append(testid(cell, f"batch-{col}-{n}"))
                    cells.append(row)
            summary = Readout(labels, parts.SUMMARY, width="w-auto")

    def show(v: View) -> None:
        readout.show(v)
        for row, texts in zip(cells, parts.batch(v, c).body, strict=True):
            for cell, text in zip(row, texts[1:], strict=True):
                cell.set_text(text)
        summary.show(v)
        renew(chart.options, parts.options(v, c))
        chart.update()

    return show
