"""Section 1 page: binary cross-entropy of one prediction."""

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
from xentlab.lessons import bce

VERDICT_STYLE = {
    "right_confident": "bg-emerald-50 text-emerald-900",
    "right_unsure": "bg-sky-50 text-sky-900",
    "wrong_unsure": "bg-amber-50 text-amber-900",
    "wrong_confident": "bg-rose-50 text-rose-900",
    "undecided": "bg-slate-100 text-slate-800",
}


def build(query: dict[str, str]) -> None:
    """Draw section 1 with the state read from ``query``."""
    c, strings = load("bce"), load("ui")
    labels = c["labels"]
    inputs, bad = bce.Inputs.from_query(query)
    section_intro(c)
    notice(bad)
    view = bce.compute(inputs)
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[24rem] gap-3"):
            prediction_controls(inputs.yhat, inputs.y, lambda **kw: live.set(**kw))
            readout = Readout()
            for key in ("loss", "dloss_dyhat", "logit", "dloss_dlogit", "predicted", "confidence"):
                readout.row(key, labels[key])
            verdict = testid(ui.label().classes("w-full rounded px-3 py-2"), "verdict")
        with ui.card().classes("xl-card flex-1 min-w-[22rem]"):
            chart_c = c["chart"]
            options = line_options(
                chart_c["x"],
                chart_c["y"],
                [
                    curve(chart_c["if_1"], pairs(view.curve_x, view.curve_if_1), PALETTE[0]),
                    curve(chart_c["if_0"], pairs(view.curve_x, view.curve_if_0), PALETTE[1]),
                    point(strings["current"], [], "#111827"),
                ],
                y_max=5,
            )
            chart = testid(ui.echart(options).classes("w-full grow min-h-[26rem]"), "chart")
    section_outro(c, "bce")

    def draw(now: bce.Inputs) -> None:
        v = bce.compute(now)
        readout.set("loss", fmt(v.loss))
        readout.set("dloss_dyhat", fmt(v.dloss_dyhat))
        readout.set("logit", fmt(v.logit))
        readout.set("dloss_dlogit", fmt(v.dloss_dlogit))
        readout.set("predicted", str(v.predicted))
        readout.set("confidence", fmt(v.confidence, 2))
        verdict.set_text(strings["verdicts"][v.verdict])
        verdict.classes(replace=f"w-full rounded px-3 py-2 {VERDICT_STYLE[v.verdict]}")
        series = chart.options["series"]
        for i, label in ((0, 1), (1, 0)):
            series[i]["lineStyle"]["opacity"] = 1.0 if now.y == label else 0.3
        series[2]["data"] = [[now.yhat, round(v.loss, 6)]]
        chart.update()

    live: Live[bce.Inputs] = Live(inputs, draw, url_writer())
    live.show(bad)
