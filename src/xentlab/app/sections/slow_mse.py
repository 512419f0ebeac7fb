"""Section 4 page: the gradient at the logit, cross-entropy against squared error."""

from __future__ import annotations

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
    testid,
)
from xentlab.content import load
from xentlab.lessons import slow_mse as lesson


def build(query: dict[str, str]) -> None:
    """Draw section 4 with the state read from ``query``."""
    c = load("slow_mse")
    labels, chart_c = c["labels"], c["chart"]
    inputs, bad = lesson.Inputs.from_query(query)
    section_intro(c)
    notice(bad)
    view = lesson.compute(inputs)
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[24rem] gap-3"):
            prediction_controls(inputs.yhat, inputs.y, lambda **kw: live.set(**kw))
            readout = Readout()
            for key in ("ce_grad", "mse_grad", "sigmoid_slope", "ratio"):
                readout.row(key, labels[key])
        with ui.card().classes("xl-card flex-1 min-w-[22rem]"):
            options = line_options(
                chart_c["x"],
                chart_c["y"],
                [
                    curve(chart_c["ce"], pairs(view.curve_x, view.ce_curve), PALETTE[0]),
                    curve(chart_c["mse"], pairs(view.curve_x, view.mse_curve), PALETTE[1]),
                    point(chart_c["ce"], [], PALETTE[0]),
                    point(chart_c["mse"], [], PALETTE[1]),
                ],
                y_max=1,
            )
            options["legend"]["data"] = [chart_c["ce"], chart_c["mse"]]
            chart = testid(ui.echart(options).classes("w-full grow min-h-[24rem]"), "chart")
    section_outro(c, "slow_mse")

    def draw(now: lesson.Inputs) -> None:
        v = lesson.compute(now)
        readout.set("ce_grad", fmt(v.ce_grad))
        readout.set("mse_grad", fmt(v.mse_grad))
        readout.set("sigmoid_slope", fmt(v.sigmoid_slope))
        readout.set("ratio", f"{fmt(v.ratio, 1)}×")
        series = chart.options["series"]
        series[0]["data"] = pairs(v.curve_x, v.ce_curve)
        series[1]["data"] = pairs(v.curve_x, v.mse_curve)
        series[2]["data"] = [[now.yhat, round(v.ce_grad, 6)]]
        series[3]["data"] = [[now.yhat, round(v.mse_grad, 6)]]
        chart.update()

    live: Live[lesson.Inputs] = Live(inputs, draw, url_writer())
    live.show(bad)
