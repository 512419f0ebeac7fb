"""Section 3 page: cross-entropy and squared error side by side."""

from __future__ import annotations

from nicegui import ui

from xentlab.app.shell import notice, section_intro, section_outro, url_writer
from xentlab.app.widgets import (
    PALETTE,
    Live,
    fmt,
    pair_chart,
    prediction_controls,
    redraw_pair,
    testid,
)
from xentlab.content import load
from xentlab.lessons import ce_vs_mse as lesson

ROWS = (
    ("value", "ce", "mse"),
    ("d_dyhat", "dce_dyhat", "dmse_dyhat"),
    ("d_dz", "dce_dz", "dmse_dz"),
)


def build(query: dict[str, str]) -> None:
    """Draw section 3 with the state read from ``query``."""
    c = load("ce_vs_mse")
    labels, chart_c = c["labels"], c["chart"]
    inputs, bad = lesson.Inputs.from_query(query)
    section_intro(c)
    notice(bad)
    view = lesson.compute(inputs)
    cells: dict[str, ui.label] = {}
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[24rem] gap-3"):
            prediction_controls(inputs.yhat, inputs.y, lambda **kw: live.set(**kw))
            with ui.grid(columns="auto 1fr 1fr").classes("w-full gap-x-4 gap-y-1 items-baseline"):
                ui.label("")
                ui.label(labels["ce"]).classes("text-right font-medium").style(
                    f"color:{PALETTE[0]}"
                )
                ui.label(labels["mse"]).classes("text-right font-medium").style(
                    f"color:{PALETTE[1]}"
                )
                for row, ce_key, mse_key in ROWS:
                    ui.label(labels[row]).classes("text-gray-600")
                    for key in (ce_key, mse_key):
                        cell = ui.label().classes("font-mono text-lg text-right tabular-nums")
                        cells[key] = testid(cell, key)
        with ui.card().classes("xl-card flex-1 min-w-[22rem]"):
            chart = pair_chart(
                chart_c["x"],
                chart_c["y"],
                (chart_c["ce"], chart_c["mse"]),
                view.curve_x,
                (view.ce_curve, view.mse_curve),
                y_max=5,
            )
    with ui.card().classes("xl-card w-full"):
        ui.label(labels["table_title"]).classes("text-lg font-semibold")
        with ui.grid(columns="minmax(10rem,1fr) 2fr 2fr").classes("w-full gap-x-6 gap-y-2 text-sm"):
            for text in (labels["table_aspect"], labels["ce"], labels["mse"]):
                ui.label(text).classes("font-semibold text-gray-700 border-b pb-1")
            for row in c["table"]:
                ui.label(row["aspect"]).classes("text-gray-600")
                ui.label(row["ce"])
                ui.label(row["mse"])
    section_outro(c, "ce_vs_mse")

    def draw(now: lesson.Inputs) -> None:
        v = lesson.compute(now)
        for key in ("ce", "mse", "dce_dyhat", "dmse_dyhat", "dce_dz", "dmse_dz"):
            cells[key].set_text(fmt(getattr(v, key)))
        redraw_pair(chart, v.curve_x, (v.ce_curve, v.mse_curve), now.yhat, (v.ce, v.mse))

    live: Live[lesson.Inputs] = Live(inputs, draw, url_writer())
    live.show(bad)
