"""Section 5 page: likelihood, log-likelihood and loss of one example and of a batch."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from xentlab.app.shell import notice, section_intro, section_outro, url_writer
from xentlab.app.widgets import (
    PALETTE,
    Live,
    Readout,
    curve,
    fmt,
    line_options,
    pairs,
    point,
    prediction_controls,
    redraw_pair,
    testid,
)
from xentlab.content import load
from xentlab.lessons import likelihood as lesson


def _options(c: dict[str, Any], view: lesson.View) -> dict[str, Any]:
    chart_c = c["chart"]
    options = line_options(
        chart_c["x"],
        chart_c["loss"],
        [
            curve(chart_c["loss"], pairs(view.curve_x, view.loss_curve), PALETTE[1]),
            curve(chart_c["likelihood"], pairs(view.curve_x, view.likelihood_curve), PALETTE[2]),
            point(chart_c["loss"], [], PALETTE[1]),
            point(chart_c["likelihood"], [], PALETTE[2]),
        ],
        y_max=5,
    )
    options["yAxis"] = [
        options["yAxis"],
        {
            "type": "value",
            "name": chart_c["likelihood"],
            "nameLocation": "middle",
            "nameGap": 36,
            "min": 0,
            "max": 1,
            "splitLine": {"show": False},
        },
    ]
    options["grid"]["right"] = 56
    options["series"][1]["yAxisIndex"] = 1
    options["series"][3]["yAxisIndex"] = 1
    options["legend"]["data"] = [chart_c["loss"], chart_c["likelihood"]]
    return options


def build(query: dict[str, str]) -> None:
    """Draw section 5 with the state read from ``query``."""
    c = load("likelihood")
    labels = c["labels"]
    inputs, bad = lesson.Inputs.from_query(query)
    section_intro(c)
    notice(bad)
    view = lesson.compute(inputs)
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[24rem] gap-3"):
            prediction_controls(inputs.yhat, inputs.y, lambda **kw: live.set(**kw))
            readout = Readout()
            for key in ("likelihood", "log_likelihood", "loss"):
                readout.row(key, labels[key])
        with ui.card().classes("xl-card flex-1 min-w-[22rem]"):
            chart = testid(
                ui.echart(_options(c, view)).classes("w-full grow min-h-[24rem]"), "chart"
            )
    cells: dict[str, ui.label] = {}
    with ui.card().classes("xl-card w-full"):
        ui.label(labels["batch_title"]).classes("text-lg font-semibold")
        with ui.row().classes("w-full gap-8 items-start"):
            with ui.grid(columns=5).classes("gap-x-6 gap-y-1 text-sm"):
                for head in ("example", "yhat", "label", "lik", "loss_col"):
                    ui.label(labels[head]).classes("font-semibold text-gray-700 text-right")
                for n in range(len(view.batch_yhat)):
                    name = labels["this_example"] if n == 0 else str(n + 1)
                    ui.label(name).classes("text-right text-gray-600")
                    for col in ("yhat", "y", "lik", "loss"):
                        cell = ui.label().classes("font-mono text-right tabular-nums")
                        cells[f"batch-{col}-{n}"] = testid(cell, f"batch-{col}-{n}")
            summary = Readout(width="w-auto")
            summary.row("product", labels["product"])
            summary.row("nll_of_product", labels["nll_of_product"])
            summary.row("mean_loss", labels["mean_loss"])
    section_outro(c, "likelihood")

    def draw(now: lesson.Inputs) -> None:
        v = lesson.compute(now)
        readout.set("likelihood", fmt(v.likelihood))
        readout.set("log_likelihood", fmt(v.log_likelihood))
        readout.set("loss", fmt(v.loss))
        for n in range(len(v.batch_yhat)):
            cells[f"batch-yhat-{n}"].set_text(fmt(float(v.batch_yhat[n]), 2))
            cells[f"batch-y-{n}"].set_text(f"{v.batch_y[n]:.0f}")
            cells[f"batch-lik-{n}"].set_text(fmt(float(v.batch_likelihood[n])))
            cells[f"batch-loss-{n}"].set_text(fmt(float(v.batch_loss[n])))
        summary.set("product", fmt(v.batch_product))
        summary.set("nll_of_product", fmt(v.batch_nll_of_product))
        summary.set("mean_loss", fmt(v.batch_mean_loss))
        curves = (v.loss_curve, v.likelihood_curve)
        redraw_pair(chart, v.curve_x, curves, now.yhat, (v.loss, v.likelihood))

    live: Live[lesson.Inputs] = Live(inputs, draw, url_writer())
    live.show(bad)
