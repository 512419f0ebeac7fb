"""Section 5 page: likelihood, log-likelihood and loss of one example and of a batch."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from xentlab.app.pages.mount import State
from xentlab.app.pages.widgets import Chart, Readout, fmt, numbers, prediction_controls, testid
from xentlab.course.charts import AXIS_NUMBER, at, curve, line_options, pairs, point
from xentlab.course.lessons.likelihood import Inputs, View
from xentlab.course.theme import GREEN, RED, VIOLET

#: labels of the likelihood's axis: its lower half (below the shared zero line) stays blank
UPPER_HALF = "v => v < 0 ? '' : String(v)"


def _options(chart_c: dict[str, Any]) -> dict[str, Any]:
    """The loss and the log-likelihood on the left axis, mirror images about 0; the likelihood
    on a right axis in [0, 1] whose 0 sits on the same line."""
    options = line_options(
        chart_c["x"],
        chart_c["y"],
        [
            curve("loss", chart_c["loss"], [], RED),
            curve("log_likelihood", chart_c["log_likelihood"], [], VIOLET),
            {**curve("likelihood", chart_c["likelihood"], [], GREEN), "yAxisIndex": 1},
            point("loss_point", chart_c["loss"], RED),
            point("log_likelihood_point", chart_c["log_likelihood"], VIOLET),
            {**point("likelihood_point", chart_c["likelihood"], GREEN), "yAxisIndex": 1},
        ],
        y_max=5,
    )
    options["yAxis"] |= {"min": -5, "interval": 2.5, "axisLabel": {":formatter": AXIS_NUMBER}}
    options["xAxis"]["axisLine"] = {"onZero": False}  # the ŷ axis stays at the bottom
    options["yAxis"] = [
        options["yAxis"],
        {
            "type": "value",
            "name": chart_c["likelihood"],
            "nameLocation": "middle",
            "nameGap": 36,
            "min": -1,
            "max": 1,
            "interval": 0.5,
            "axisLabel": {":formatter": UPPER_HALF},
            "splitLine": {"show": False},
        },
    ]
    options["grid"] |= {"right": 56, "top": 64}  # room for the legend on two lines (phones)
    return options


def layout(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """Controls and read-out beside both curves, then the example in its batch."""
    labels = c["labels"]
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[24rem] gap-3"):
            prediction_controls(state)
            readout = Readout(labels, numbers("likelihood", "log_likelihood", "loss"))
        with ui.card().classes("xl-card flex-1 min-w-[22rem]"):
            chart = Chart(_options(c["chart"]), classes="w-full grow min-h-[24rem]")
    cells: dict[str, ui.label] = {}
    with ui.card().classes("xl-card w-full"):
        ui.label(labels["batch_title"]).classes("text-lg font-semibold")
        with ui.row().classes("w-full gap-8 items-start"):
            with ui.grid(columns="repeat(5, auto)").classes("gap-x-3 sm:gap-x-6 gap-y-1 text-sm"):
                for head in ("example", "yhat", "label", "lik", "loss_col"):
                    ui.label(labels[head]).classes("font-semibold text-gray-700 text-right")
                for n in range(len(state.view.batch_yhat)):
                    name = labels["this_example"] if n == 0 else str(n + 1)
                    ui.label(name).classes("text-right text-gray-600")
                    for col in ("yhat", "y", "lik", "loss"):
                        cell = ui.label().classes("font-mono text-right tabular-nums")
                        cells[f"batch-{col}-{n}"] = testid(cell, f"batch-{col}-{n}")
            summary = Readout(
                labels,
                {
                    "product": lambda v: fmt(v.batch_product),
                    "nll_of_product": lambda v: fmt(v.batch_nll_of_product),
                    "mean_loss": lambda v: fmt(v.batch_mean_loss),
                },
                width="w-auto",
            )

    def show(v: View) -> None:
        readout.show(v)
        for n in range(len(v.batch_yhat)):
            cells[f"batch-yhat-{n}"].set_text(fmt(float(v.batch_yhat[n]), 2))
            cells[f"batch-y-{n}"].set_text(f"{v.batch_y[n]:.0f}")
            cells[f"batch-lik-{n}"].set_text(fmt(float(v.batch_likelihood[n])))
            cells[f"batch-loss-{n}"].set_text(fmt(float(v.batch_loss[n])))
        summary.show(v)
        chart.show(
            loss=pairs(v.curve_x, v.loss_curve),
            log_likelihood=pairs(v.curve_x, v.log_likelihood_curve),
            likelihood=pairs(v.curve_x, v.likelihood_curve),
            loss_point=at(v.loss_point),
            log_likelihood_point=at(v.log_likelihood_point),
            likelihood_point=at(v.likelihood_point),
        )

    return show
