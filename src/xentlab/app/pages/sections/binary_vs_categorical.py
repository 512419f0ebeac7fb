"""Section 6 page: one sigmoid output as a 2-class softmax, and the same logit with K classes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from xentlab.app.pages.mount import State
from xentlab.app.pages.widgets import (
    Chart,
    Readout,
    at,
    curve,
    fmt,
    label_toggle,
    line_options,
    numbers,
    pairs,
    param_slider,
    point,
    testid,
)
from xentlab.course.lessons.binary_vs_categorical import Inputs, View, Z
from xentlab.course.theme import BLUE, VIOLET


def _options(chart_c: dict[str, Any]) -> dict[str, Any]:
    """The binary loss and the K-class loss across z; the K-class curve and ln K dashed."""
    # the binary curve is a broad pale band and the K-class curve a dashed line on top, so
    # that at K = 2, where the two coincide, both stay visible
    bce = curve("bce", chart_c["bce"], [], BLUE)
    bce["lineStyle"] = {"width": 7, "opacity": 0.45}
    # named at first as at K = 2, its longest name: the legend's room is measured from it
    ce_k = curve("ce_k", chart_c["ce_k_same"].format(k=2), [], VIOLET)
    ce_k["lineStyle"]["type"] = "dashed"
    ce_k["z"] = 3
    ce_k["markLine"] = {
        "symbol": "none",
        "silent": True,
        "lineStyle": {"type": "dashed", "color": "#6b7280"},
        "label": {"formatter": chart_c["chance"], "position": "insideEndTop"},
        "data": [],
    }
    return line_options(
        chart_c["x"],
        chart_c["y"],
        [
            bce,
            ce_k,
            point("bce_point", chart_c["bce"], BLUE),
            {**point("ce_k_point", "", VIOLET), "symbolSize": 8, "z": 6},
        ],
        x_range=(Z.lo, Z.hi),
    )


def layout(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """The logit, label and class count beside the three readings and the two loss curves."""
    labels, chart_c = c["labels"], c["chart"]
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[24rem] gap-3"):
            param_slider(state, "z", labels["z"])
            label_toggle(state)
            param_slider(state, "k", labels["k"])
            ui.separator()
            ui.label(labels["sigmoid_title"]).classes("font-medium")
            binary = Readout(labels, numbers("sigmoid_p", "bce"))
            ui.label(labels["softmax_title"]).classes("font-medium")
            two = Readout(
                labels,
                {
                    "softmax2": lambda v: (
                        f"({fmt(float(v.softmax2[0]))}, {fmt(float(v.softmax2[1]))})"
                    ),
                    **numbers("ce2"),
                },
            )
            same = testid(ui.label().classes("text-sm rounded bg-emerald-50 px-3 py-1"), "same")
            k_title = ui.label().classes("font-medium")
            many = Readout(
                {"p_true_k": labels["probs_k"], "ce_k": "", "chance_k": labels["chance_k"]},
                numbers("p_true_k", "ce_k", "chance_k"),
            )
            ce_k_name = many.names["ce_k"]
        with ui.card().classes("xl-card flex-1 min-w-[22rem]"):
            chart = Chart(_options(chart_c), classes="w-full grow min-h-[26rem]")
    properties(c["properties"])

    def show(v: View) -> None:
        for readout in (binary, two, many):
            readout.show(v)
        same.set_text(
            labels["same_rounding"].format(diff=f"{v.gap:.1e}") if v.gap else labels["same_exact"]
        )
        k_title.set_text(labels["k_title"].format(k=v.k))
        ce_k_name.set_text(labels["ce_k"].format(k=v.k))
        k_name = chart_c["ce_k_same" if v.curves_coincide else "ce_k"].format(k=v.k)
        chart.series("ce_k")["name"] = chart.series("ce_k_point")["name"] = k_name
        chart.series("ce_k")["markLine"]["data"] = [{"yAxis": round(v.chance_k, 6)}]
        chart.options["legend"]["data"] = [chart_c["bce"], k_name]
        chart.show(
            bce=pairs(v.curve_x, v.bce_curve),
            ce_k=pairs(v.curve_x, v.ce_k_curve),
            bce_point=at(v.bce_point),
            ce_k_point=at(v.ce_k_point),
        )

    return show


def properties(table: dict[str, Any]) -> None:
    """The properties of the two losses, side by side (from the content). On a narrow screen
    the table reflows: each property, then its binary and its categorical entry, each named."""
    _, binary_name, categorical_name = table["head"]
    with ui.card().classes("xl-card w-full gap-2"):
        ui.label(table["title"]).classes("text-lg font-semibold")
        grid = ui.element("div").classes(
            "grid w-full grid-cols-1 md:grid-cols-[auto_1fr_1fr] gap-x-6 gap-y-1 md:gap-y-2"
        )
        with testid(grid.classes("text-sm"), "properties"):
            for head in table["head"]:
                ui.label(head).classes("max-md:hidden font-semibold text-gray-700")
            for name, *entries in table["rows"]:
                ui.label(name).classes("mt-2 md:mt-0 font-medium text-gray-600")
                for loss, entry in zip((binary_name, categorical_name), entries, strict=True):
                    with ui.element("div").classes("text-gray-800"):
                        ui.label(f"{loss}: ").classes("md:hidden inline text-gray-500")
                        ui.label(entry).classes("inline")
