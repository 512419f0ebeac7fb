"""Section 9 page: binary entropy and the cross-entropy landscape over (p, q)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui
from nicegui.events import EChartPointClickEventArguments

from xentlab.app.pages.mount import State
from xentlab.app.pages.widgets import (
    Chart,
    Readout,
    at,
    curve,
    line_options,
    numbers,
    pairs,
    param_slider,
    point,
)
from xentlab.course.content import load
from xentlab.course.lessons.landscape import Inputs, View
from xentlab.course.theme import BLUE, HEAT, HEAT_POINT, INK

#: the ticks of the map's value axes: round probabilities, 0, 0.2, …, 1
TICK = 0.2


def _value_axis(name: str, gap: int, extent: tuple[float, float]) -> dict[str, Any]:
    """A probability axis over the cells' span: the point and the diagonal are placed on it."""
    return {
        "type": "value",
        "min": extent[0],
        "max": extent[1],
        "interval": TICK,
        "name": name,
        "nameLocation": "middle",
        "nameGap": gap,
        "splitLine": {"show": False},
    }


def _heat_options(c: dict[str, Any], v: View) -> dict[str, Any]:
    """The surface as cells on hidden category axes (index 0); the point and the diagonal on
    value axes over the same span (index 1), so that they sit exactly at their (q, p)."""
    chart_c, unit = c["chart"], c["labels"]["unit"]
    names = [f"{g:.2f}" for g in v.grid]
    n = len(names)
    cells = [[j, i, round(float(v.surface[i, j]), 4)] for i in range(n) for j in range(n)]
    cell_axis = {"type": "category", "data": names, "show": False}
    lo, hi = v.heat_extent
    return {
        "animation": False,
        "title": {"text": chart_c["heat_title"], "left": "center", "textStyle": {"fontSize": 14}},
        "tooltip": {"position": "top"},
        "grid": {"left": 52, "right": 64, "top": 44, "bottom": 50},
        "xAxis": [
            cell_axis,
            {**_value_axis(chart_c["heat_x"], 30, v.heat_extent), "position": "bottom"},
        ],
        "yAxis": [
            cell_axis,
            {**_value_axis(chart_c["heat_y"], 36, v.heat_extent), "position": "left"},
        ],
        "visualMap": {
            "seriesIndex": 0,
            "min": 0,
            "max": v.surface_max,
            "calculable": False,
            "orient": "vertical",
            "right": 4,
            "top": "middle",
            "itemWidth": 14,
            "inRange": {"color": list(HEAT)},
            "text": [f"{v.surface_max:g} {unit}", f"0 {unit}"],
        },
        "series": [
            {"id": "surface", "type": "heatmap", "data": cells, "progressive": 0},
            {
                "id": "diagonal",
                "name": chart_c["diagonal"],
                "type": "line",
                "xAxisIndex": 1,
                "yAxisIndex": 1,
                "data": [[lo, lo], [hi, hi]],
                "showSymbol": False,
                "silent": True,
                "lineStyle": {"color": "#ffffff", "type": "dashed", "width": 1.5},
            },
            {**point("point", "(q, p)", HEAT_POINT), "xAxisIndex": 1, "yAxisIndex": 1},
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
                        point("point", load("ui", state.lang)["current"], INK),
                    ],
                    y_max=1.0,
                ),
                key="entropy-chart",
                classes="w-full h-[16rem]",
            )
        with ui.card().classes("xl-card flex-1 min-w-[22rem]"):
            # as tall as it is wide (at most 30rem): the map stays square-ish on every screen
            heat = Chart(
                _heat_options(c, v),
                classes="w-full h-auto aspect-square max-h-[30rem] cursor-pointer",
            )

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
        heat.show(point=at(v.heat_point))

    return show
