"""Section 9 page: binary entropy and the cross-entropy landscape over (p, q)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui
from nicegui.events import EChartPointClickEventArguments

from xentlab.app.mount import State
from xentlab.app.widgets import (
    Chart,
    Readout,
    curve,
    line_options,
    numbers,
    pairs,
    param_slider,
    point,
)
from xentlab.content import load
from xentlab.lessons.landscape import Inputs, View
from xentlab.theme import BLUE, HEAT, HEAT_POINT, INK


def _heat_options(c: dict[str, Any], v: View) -> dict[str, Any]:
    chart_c, unit = c["chart"], c["labels"]["unit"]
    names = [f"{g:.2f}" for g in v.grid]
    n = len(names)
    cells = [[j, i, round(float(v.surface[i, j]), 4)] for i in range(n) for j in range(n)]
    return {
        "animation": False,
        "title": {"text": chart_c["heat_title"], "left": "center", "textStyle": {"fontSize": 14}},
        "tooltip": {"position": "top"},
        "grid": {"left": 64, "right": 90, "top": 40, "bottom": 56},
        "xAxis": {
            "type": "category",
            "data": names,
            "name": chart_c["heat_x"],
            "nameLocation": "middle",
            "nameGap": 34,
            "axisLabel": {"interval": 9},
        },
        "yAxis": {
            "type": "category",
            "data": names,
            "name": chart_c["heat_y"],
            "nameLocation": "middle",
            "nameGap": 44,
            "axisLabel": {"interval": 9},
        },
        "visualMap": {
            "min": 0,
            "max": v.surface_max,
            "calculable": False,
            "orient": "vertical",
            "right": 8,
            "top": "middle",
            "inRange": {"color": list(HEAT)},
            "text": [f"{v.surface_max:g} {unit}", f"0 {unit}"],
        },
        "series": [
            {"id": "surface", "type": "heatmap", "data": cells, "progressive": 0},
            {
                "id": "diagonal",
                "name": chart_c["diagonal"],
                "type": "line",
                "data": [[i, i] for i in range(n)],
                "showSymbol": False,
                "lineStyle": {"color": "#ffffff", "type": "dashed", "width": 1.5},
            },
            point("point", "(p, q)", HEAT_POINT),
        ],
    }


def layout(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """The p and q sliders, the read-out and the entropy curve beside the heat map."""
    labels, chart_c = c["labels"], c["chart"]
    v = state.view
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[22rem] gap-3"):
            p_slider = param_slider(state, "p", labels["p"])
            q_slider = param_slider(state, "q", labels["q"])
            ui.separator()
            ui.label(labels["unit"]).classes("text-xs text-gray-500 uppercase")
            readout = Readout(labels, numbers("cross_entropy", "entropy", "kl"))
            entropy_chart = Chart(
                line_options(
                    chart_c["curve_x"],
                    chart_c["curve_y"],
                    [
                        curve(
                            "entropy",
                            chart_c["curve_title"],
                            pairs(v.grid, v.entropy_curve),
                            BLUE,
                        ),
                        point("point", load("ui")["current"], INK),
                    ],
                    y_max=1.0,
                ),
                key="entropy-chart",
                classes="w-full h-[16rem]",
            )
        with ui.card().classes("xl-card flex-1 min-w-[22rem]"):
            heat = Chart(_heat_options(c, v), classes="w-full h-[30rem] cursor-pointer")

    def pick(e: EChartPointClickEventArguments) -> None:
        """A click on the map moves the point there (the sliders follow)."""
        if e.series_type != "heatmap" or not isinstance(e.value, list):
            return
        q, p = (float(state.view.grid[int(i)]) for i in e.value[:2])
        p_slider.value, q_slider.value = p, q
        state.set(p=p, q=q)

    heat.element.on_point_click(pick)

    def show(v: View) -> None:
        readout.show(v)
        x, y = v.curve_point
        entropy_chart.show(point=[[x, round(y, 6)]])
        heat.show(point=[list(v.heat_point)])

    return show
