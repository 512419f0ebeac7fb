"""Section 3 page: cross-entropy and squared error side by side."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from xentlab.app.pages.mount import State
from xentlab.app.pages.widgets import (
    Chart,
    at,
    curve,
    fmt,
    line_options,
    pairs,
    point,
    prediction_controls,
    testid,
)
from xentlab.course.lessons import slow_mse
from xentlab.course.lessons.ce_vs_mse import Inputs, View
from xentlab.course.theme import BLUE, RED

ROWS = (
    ("value", "ce", "mse"),
    ("d_dyhat", "dce_dyhat", "dmse_dyhat"),
    ("d_dz", "dce_dz", "dmse_dz"),
)


def pair_chart(chart_c: dict[str, Any], y_max: float) -> Chart:
    """A cross-entropy curve and a squared-error curve across ŷ, each with its current point
    (the losses here, their gradients at the logit in section 4)."""
    return Chart(
        line_options(
            chart_c["x"],
            chart_c["y"],
            [
                curve("ce", chart_c["ce"], [], BLUE),
                curve("mse", chart_c["mse"], [], RED),
                point("ce_point", chart_c["ce"], BLUE),
                point("mse_point", chart_c["mse"], RED),
            ],
            y_max=y_max,
        ),
        classes="w-full grow min-h-[24rem]",
    )


def show_pair(chart: Chart, v: View | slow_mse.View) -> None:
    """Draw ``v``'s two curves and current points into a :func:`pair_chart`."""
    chart.show(
        ce=pairs(v.curve_x, v.ce_curve),
        mse=pairs(v.curve_x, v.mse_curve),
        ce_point=at(v.ce_point),
        mse_point=at(v.mse_point),
    )


def layout(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """Controls and a two-column read-out beside both loss curves, then the comparison table."""
    labels = c["labels"]
    cells: dict[str, ui.label] = {}
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[24rem] gap-3"):
            prediction_controls(state)
            with ui.grid(columns="auto 1fr 1fr").classes("w-full gap-x-4 gap-y-1 items-baseline"):
                ui.label("")
                ui.label(labels["ce"]).classes("text-right font-medium").style(f"color:{BLUE}")
                ui.label(labels["mse"]).classes("text-right font-medium").style(f"color:{RED}")
                for row, ce_key, mse_key in ROWS:
                    ui.label(labels[row]).classes("text-gray-600")
                    for key in (ce_key, mse_key):
                        cell = ui.label().classes("font-mono text-lg text-right tabular-nums")
                        cells[key] = testid(cell, key)
        with ui.card().classes("xl-card flex-1 min-w-[22rem]"):
            chart = pair_chart(c["chart"], y_max=5)
    with ui.card().classes("xl-card w-full"):
        ui.label(labels["table_title"]).classes("text-lg font-semibold")
        # three columns; on a phone two, each aspect a heading over its two answers
        grid = "grid grid-cols-2 sm:grid-cols-[minmax(10rem,1fr)_2fr_2fr]"
        with ui.element("div").classes(f"{grid} w-full gap-x-4 sm:gap-x-6 gap-y-2 text-sm"):
            ui.label(labels["table_aspect"]).classes(
                "font-semibold text-gray-700 border-b pb-1 max-sm:hidden"
            )
            for text in (labels["ce"], labels["mse"]):
                ui.label(text).classes("font-semibold text-gray-700 border-b pb-1")
            for row in c["table"]:
                aspect = ui.label(row["aspect"]).classes("text-gray-600")
                aspect.classes("max-sm:col-span-2 max-sm:pt-2 max-sm:font-medium")
                ui.label(row["ce"])
                ui.label(row["mse"])

    def show(v: View) -> None:
        for key, cell in cells.items():
            cell.set_text(fmt(getattr(v, key)))
        show_pair(chart, v)

    return show
