"""Section 9 page: binary entropy and the cross-entropy landscape over (p, q)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from nicegui import ui
from nicegui.events import EChartPointClickEventArguments

from xentlab.app.pages.mount import State
from xentlab.app.pages.widgets import Chart, Readout, param_slider
from xentlab.course.charts import landscape as parts
from xentlab.course.charts import renew
from xentlab.course.content import load
from xentlab.course.lessons.landscape import Inputs, View


def layout(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """The p and q sliders, the read-out and the entropy curve beside the heat map (their rows
    and chart options shared with the notebook widget: :mod:`xentlab.course.charts.landscape`);
    a click on the map moves the point there."""
    labels, strings = c["labels"], load("ui", state.lang)
    v = state.view
    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[22rem] gap-3"):
            words = strings["probability_words"]
            p_slider = param_slider(state, "p", labels["p"], valuetext=words)
            q_slider = param_slider(state, "q", labels["q"], valuetext=words)
            ui.separator()
            ui.label(labels["unit"]).classes("text-xs text-gray-500 uppercase")
            readout = Readout(labels, parts.ROWS)
            entropy_chart = Chart(
                parts.entropy_chart(v, c, strings),
                key="entropy-chart",
                classes="w-full h-[16rem]",
            )
        with ui.card().classes("xl-card flex-1 min-w-[22rem]"):
            # as tall as it is wide (at most 30rem): the map stays square-ish on every screen
            heat = Chart(
                parts.heat_map(v, c),
                classes="w-full h-auto aspect-square max-h-[30rem] cursor-pointer",
            )
            ui.label(labels["map_keys"]).classes("text-sm text-gray-600")

    def pick(e: EChartPointClickEventArguments) -> None:
        """A click on the map moves the point there (the sliders follow)."""
        if e.series_type != "heatmap" or not isinstance(e.value, list):
            return
        q, p = (float(state.view.grid[int(i)]) for i in e.value[:2])
        p_slider.value, q_slider.value = p, q
        state.set(p=p, q=q)

    heat.element.on_point_click(pick)

    def step(dp: int, dq: int) -> None:
        """An arrow key on the map moves the point to the neighbouring cell."""
        grid = [float(g) for g in state.view.grid]

        def moved(x: float, by: int) -> float:
            i = min(range(len(grid)), key=lambda j: abs(grid[j] - x)) + by
            return grid[max(0, min(len(grid) - 1, i))]

        p, q = moved(state.inputs.p, dp), moved(state.inputs.q, dq)
        p_slider.value, q_slider.value = p, q
        state.set(p=p, q=q)

    # the map takes the focus, and its arrows move the point (the sliders follow)
    heat.element.props('tabindex=0 aria-keyshortcuts="ArrowLeft ArrowRight ArrowUp ArrowDown"')
    for key, dp, dq in (("left", 0, -1), ("right", 0, 1), ("up", 1, 0), ("down", -1, 0)):
        heat.element.on(f"keydown.{key}.prevent", partial(step, dp, dq))

    def show(v: View) -> None:
        readout.show(v)
        renew(entropy_chart.options, parts.entropy_chart(v, c, strings))
        entropy_chart.update()
        renew(heat.options, parts.heat_map(v, c))
        heat.update()

    return show
