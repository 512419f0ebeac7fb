"""Section 6 page: one sigmoid output as a 2-class softmax, and the same logit with K classes."""

from __future__ import annotations

from nicegui import ui

from xentlab.app.shell import notice, section_intro, section_outro, url_writer
from xentlab.app.widgets import (
    PALETTE,
    Live,
    Readout,
    curve,
    fmt,
    label_toggle,
    line_options,
    pairs,
    point,
    slider,
    testid,
)
from xentlab.content import load
from xentlab.lessons import binary_vs_categorical as lesson


def build(query: dict[str, str]) -> None:
    """Draw section 6 with the state read from ``query``."""
    c = load("binary_vs_categorical")
    labels, chart_c = c["labels"], c["chart"]
    inputs, bad = lesson.Inputs.from_query(query)
    section_intro(c)
    notice(bad)
    view = lesson.compute(inputs)
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[24rem] gap-3"):
            slider(
                "z",
                labels["z"],
                value=inputs.z,
                lo=lesson.Z_MIN,
                hi=lesson.Z_MAX,
                step=0.1,
                on_move=lambda v: live.set(z=v),
            )
            label_toggle(inputs.y, lambda y: live.set(y=y))
            slider(
                "k",
                labels["k"],
                value=inputs.k,
                lo=lesson.K_MIN,
                hi=lesson.K_MAX,
                step=1,
                on_move=lambda v: live.set(k=int(v)),
            )
            ui.separator()
            ui.label(labels["sigmoid_title"]).classes("font-medium")
            binary = Readout()
            binary.row("sigmoid_p", labels["sigmoid_p"])
            binary.row("bce", labels["bce"])
            ui.label(labels["softmax_title"]).classes("font-medium")
            two = Readout()
            two.row("softmax2", labels["softmax2"])
            two.row("ce2", labels["ce2"])
            same = testid(ui.label().classes("text-sm rounded bg-emerald-50 px-3 py-1"), "same")
            k_title = ui.label().classes("font-medium")
            many = Readout()
            many.row("p_true_k", labels["probs_k"])
            many.row("ce_k", "")
            many.row("chance_k", labels["chance_k"])
        with ui.card().classes("xl-card flex-1 min-w-[22rem]"):
            options = line_options(
                chart_c["x"],
                chart_c["y"],
                [
                    curve(chart_c["bce"], pairs(view.curve_x, view.bce_curve), PALETTE[0]),
                    curve("", pairs(view.curve_x, view.ce_k_curve), PALETTE[4]),
                    point(chart_c["bce"], [], PALETTE[0]),
                    point("", [], PALETTE[4]),
                ],
                x_range=(lesson.Z_MIN, lesson.Z_MAX),
            )
            options["series"][1]["lineStyle"]["type"] = "dashed"
            options["series"][1]["markLine"] = {
                "symbol": "none",
                "silent": True,
                "lineStyle": {"type": "dashed", "color": "#6b7280"},
                "label": {"formatter": chart_c["chance"], "position": "insideEndTop"},
                "data": [{"yAxis": 0}],
            }
            chart = testid(ui.echart(options).classes("w-full grow min-h-[26rem]"), "chart")
    section_outro(c, "binary_vs_categorical")

    def draw(now: lesson.Inputs) -> None:
        v = lesson.compute(now)
        binary.set("sigmoid_p", fmt(v.sigmoid_p))
        binary.set("bce", fmt(v.bce))
        two.set("softmax2", f"({fmt(float(v.softmax2[0]))}, {fmt(float(v.softmax2[1]))})")
        two.set("ce2", fmt(v.ce2))
        diff = abs(v.bce - v.ce2)
        same.set_text(
            labels["same_rounding"].format(diff=f"{diff:.1e}") if diff else labels["same_exact"]
        )
        k_title.set_text(labels["k_title"].format(k=now.k))
        many.set("p_true_k", fmt(float(v.probs_k[now.y])))
        many.set("ce_k", fmt(v.ce_k))
        many.set("chance_k", fmt(v.chance_k))
        many.labels["ce_k"].set_text(labels["ce_k"].format(k=now.k))
        series = chart.options["series"]
        k_name = chart_c["ce_k"].format(k=now.k)
        series[0]["data"] = pairs(v.curve_x, v.bce_curve)
        series[1]["data"] = pairs(v.curve_x, v.ce_k_curve)
        series[1]["name"] = series[3]["name"] = k_name
        series[1]["markLine"]["data"] = [{"yAxis": round(v.chance_k, 6)}]
        series[2]["data"] = [[now.z, round(v.bce, 6)]]
        series[3]["data"] = [[now.z, round(v.ce_k, 6)]]
        chart.options["legend"]["data"] = [chart_c["bce"], k_name]
        chart.update()

    live: Live[lesson.Inputs] = Live(inputs, draw, url_writer())
    live.show(bad)
