"""Section 9 page: binary entropy and the cross-entropy landscape over (p, q)."""

from __future__ import annotations

from typing import Any

from nicegui import ui
from nicegui.events import EChartPointClickEventArguments

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
    slider,
    testid,
)
from xentlab.content import load
from xentlab.lessons import landscape as lesson
from xentlab.lessons.landscape import P_MAX, P_MIN, P_STEP


def _grid_index(value: float) -> int:
    """The heat-map cell that holds ``value`` (the map is drawn on a 50-point grid)."""
    step = (P_MAX - P_MIN) / (len(lesson.GRID) - 1)
    return round((value - P_MIN) / step)


def _heat_options(c: dict[str, Any], v: lesson.View) -> dict[str, Any]:
    chart_c = c["chart"]
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
            "max": 7,
            "calculable": False,
            "orient": "vertical",
            "right": 8,
            "top": "middle",
            "inRange": {
                "color": [
                    "#0f172a",
                    "#1e3a8a",
                    "#2563eb",
                    "#60a5fa",
                    "#fde68a",
                    "#f59e0b",
                    "#b91c1c",
                ]
            },
            "text": ["7 bits", "0 bits"],
        },
        "series": [
            {"type": "heatmap", "data": cells, "progressive": 0},
            {
                "name": chart_c["diagonal"],
                "type": "line",
                "data": [[i, i] for i in range(n)],
                "showSymbol": False,
                "lineStyle": {"color": "#ffffff", "type": "dashed", "width": 1.5},
            },
            point("(p, q)", [], "#f43f5e"),
        ],
    }


def build(query: dict[str, str]) -> None:
    """Draw section 9 with the state read from ``query``."""
    c, strings = load("landscape"), load("ui")
    labels, chart_c = c["labels"], c["chart"]
    inputs, bad = lesson.Inputs.from_query(query)
    section_intro(c)
    notice(bad)
    view = lesson.compute(inputs)
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[22rem] gap-3"):
            p_slider = slider(
                "p",
                labels["p"],
                value=inputs.p,
                lo=P_MIN,
                hi=P_MAX,
                step=P_STEP,
                on_move=lambda v: live.set(p=v),
            )
            q_slider = slider(
                "q",
                labels["q"],
                value=inputs.q,
                lo=P_MIN,
                hi=P_MAX,
                step=P_STEP,
                on_move=lambda v: live.set(q=v),
            )
            ui.separator()
            ui.label(labels["unit"]).classes("text-xs text-gray-500 uppercase")
            readout = Readout()
            for key in ("cross_entropy", "entropy", "kl"):
                readout.row(key, labels[key])
            entropy_chart = testid(
                ui.echart(
                    line_options(
                        chart_c["curve_x"],
                        chart_c["curve_y"],
                        [
                            curve(
                                chart_c["curve_title"],
                                pairs(view.grid, view.entropy_curve),
                                PALETTE[0],
                            ),
                            point(strings["current"], [], "#111827"),
                        ],
                        y_max=1.0,
                    )
                ),
                "entropy-chart",
            ).classes("w-full h-[16rem]")
        with ui.card().classes("xl-card flex-1 min-w-[22rem]"):
            heat = testid(
                ui.echart(_heat_options(c, view), on_point_click=lambda e: pick(e)), "chart"
            )
            heat.classes("w-full h-[30rem] cursor-pointer")
    section_outro(c, "landscape")

    def draw(now: lesson.Inputs) -> None:
        v = lesson.compute(now)
        readout.set("cross_entropy", fmt(v.cross_entropy))
        readout.set("entropy", fmt(v.entropy))
        readout.set("kl", fmt(v.kl))
        entropy_chart.options["series"][1]["data"] = [[now.p, round(v.entropy, 6)]]
        entropy_chart.update()
        heat.options["series"][2]["data"] = [[_grid_index(now.q), _grid_index(now.p)]]
        heat.update()

    def pick(e: EChartPointClickEventArguments) -> None:
        """A click on the map moves the point there (the sliders follow)."""
        if e.series_type != "heatmap" or not isinstance(e.value, list):
            return
        q, p = (round(float(lesson.GRID[int(i)]), 2) for i in e.value[:2])
        p_slider.value, q_slider.value = p, q
        live.set(p=p, q=q)

    live: Live[lesson.Inputs] = Live(inputs, draw, url_writer())
    live.show(bad)
