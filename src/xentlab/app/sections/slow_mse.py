"""Section 4 page: the gradient at the logit, cross-entropy against squared error."""

from __future__ import annotations

from nicegui import ui

from xentlab.app.shell import notice, section_intro, section_outro, url_writer
from xentlab.app.widgets import (
    Live,
    Readout,
    fmt,
    pair_chart,
    prediction_controls,
    redraw_pair,
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
            chart = pair_chart(
                chart_c["x"],
                chart_c["y"],
                (chart_c["ce"], chart_c["mse"]),
                view.curve_x,
                (view.ce_curve, view.mse_curve),
                y_max=1,
            )
    section_outro(c, "slow_mse")

    def draw(now: lesson.Inputs) -> None:
        v = lesson.compute(now)
        readout.set("ce_grad", fmt(v.ce_grad))
        readout.set("mse_grad", fmt(v.mse_grad))
        readout.set("sigmoid_slope", fmt(v.sigmoid_slope))
        readout.set("ratio", f"{fmt(v.ratio, 1)}×")
        curves = (v.ce_curve, v.mse_curve)
        redraw_pair(chart, v.curve_x, curves, now.yhat, (v.ce_grad, v.mse_grad))

    live: Live[lesson.Inputs] = Live(inputs, draw, url_writer())
    live.show(bad)
