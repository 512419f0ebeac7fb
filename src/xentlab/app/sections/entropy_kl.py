"""Section 7 page: entropy, cross-entropy and KL of two editable distributions."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from nicegui import ui

from xentlab.app.mount import State
from xentlab.app.widgets import (
    SLIDER_THROTTLE_S,
    Chart,
    Readout,
    ThumbSlider,
    bar_options,
    choice_toggle,
    fmt,
    numbers,
    testid,
)
from xentlab.lessons.entropy_kl import WEIGHTS, Inputs, View
from xentlab.theme import AMBER, BLUE

#: how far a dragged bar moves per step
BAR_STEP = 0.01


def as_weight(text: object) -> float | None:
    """The weight typed as ``text`` if it is a number in the declared range, else None."""
    try:
        value = float(str(text).strip().replace("−", "-"))
    except ValueError:
        return None
    return value if math.isfinite(value) and WEIGHTS.lo <= value <= WEIGHTS.hi else None


def _bars(c: dict[str, Any], n: int) -> dict[str, Any]:
    labels, chart_c = c["labels"], c["chart"]
    names = [str(i + 1) for i in range(n)]
    return bar_options(
        names, chart_c["bars_x"], chart_c["bars_y"], {"p": labels["p"], "q": labels["q"]}
    )


def _stack(c: dict[str, Any]) -> dict[str, Any]:
    chart_c, labels = c["chart"], c["labels"]
    return {
        "animation": False,
        "legend": {"top": 4},
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 96, "right": 24, "top": 40, "bottom": 40},
        "xAxis": {
            "type": "value",
            "min": 0,
            "name": chart_c["stack_axis"],
            "nameLocation": "middle",
            "nameGap": 26,
        },
        "yAxis": {"type": "category", "data": [labels["cross_entropy"]]},
        "series": [
            {
                "id": "entropy",
                "name": chart_c["stack_entropy"],
                "type": "bar",
                "stack": "h",
                "data": [0],
                "color": BLUE,
            },
            {
                "id": "kl",
                "name": chart_c["stack_kl"],
                "type": "bar",
                "stack": "h",
                "data": [0],
                "color": AMBER,
            },
        ],
    }


def layout(state: State[Inputs, View], c: dict[str, Any]) -> Callable[[View], None]:
    """Bars and boxes of P and Q, the unit switch, beside the bar charts and the read-out."""
    labels = c["labels"]
    texts = {"p": [f"{w:g}" for w in state.inputs.p], "q": [f"{w:g}" for w in state.inputs.q]}
    boxes: dict[str, list[ui.input]] = {"p": [], "q": []}
    bar_sliders: dict[str, list[ui.slider]] = {"p": [], "q": []}
    echo = {"on": False}  # on while a dragged bar writes its value into its box

    def set_weight(name: str, i: int, value: object, *, typed: bool = False) -> None:
        """A typed or dragged weight: update the other control of the pair and the inputs.

        Only a typed weight moves its bar: writing a dragged bar's value back from the server
        could land after a newer key press and move the bar back. The box a dragged bar writes
        into does not report that change back as typing.
        """
        w = as_weight(value)
        if w is None or (typed and echo["on"]):
            return
        weights = list(getattr(state.inputs, name))
        weights[i] = w
        texts[name][i] = f"{w:g}"
        if typed:
            bar_sliders[name][i].value = w
        elif as_weight(boxes[name][i].value) != w:
            echo["on"] = True
            boxes[name][i].value = texts[name][i]
            echo["on"] = False
        state.set(**{name: tuple(weights)})

    def reset(p: tuple[float, ...], q: tuple[float, ...]) -> None:
        texts["p"], texts["q"] = [f"{w:g}" for w in p], [f"{w:g}" for w in q]
        state.set(p=p, q=q)
        editors.refresh()

    def resize(n: int) -> None:
        now = state.inputs
        grow = max(0, n - len(now.p))
        reset(tuple(now.p[:n]) + (0.5,) * grow, tuple(now.q[:n]) + (0.5,) * grow)

    with ui.row().classes("w-full gap-4 items-stretch"):
        with ui.card().classes("xl-card w-full md:w-[30rem] gap-2"):

            @ui.refreshable
            def editors() -> None:
                n = len(texts["p"])
                boxes["p"], boxes["q"], bar_sliders["p"], bar_sliders["q"] = [], [], [], []
                with ui.grid(columns=n + 1).classes("w-full gap-x-2 gap-y-1 items-center"):
                    ui.label(labels["outcomes"]).classes("text-xs text-gray-500")
                    for i in range(n):
                        ui.label(str(i + 1)).classes("text-center text-gray-600")
                    for name, color in (("p", "primary"), ("q", "red")):
                        ui.label(labels[name]).classes("text-sm text-gray-700")
                        for i in range(n):
                            bar_sliders[name].append(
                                _bar_slider(name, i, float(texts[name][i]), color, set_weight)
                            )
                    for name in ("p", "q"):
                        ui.label(f"{name.upper()} {labels['weight']}").classes(
                            "text-xs text-gray-500"
                        )
                        for i in range(n):
                            box = ui.input(
                                value=texts[name][i],
                                validation=lambda t: (
                                    None if as_weight(t) is not None else labels["bad_weight"]
                                ),
                                on_change=lambda e, name=name, i=i: set_weight(
                                    name, i, e.value, typed=True
                                ),
                            )
                            box.props("dense outlined").classes("w-full min-w-[3rem]")
                            boxes[name].append(testid(box, f"{name}-{i}"))
                with ui.row().classes("gap-2"):
                    add = ui.button(labels["add"], icon="add", on_click=lambda: resize(n + 1))
                    add.props("outline no-caps size=sm").set_enabled(n < WEIGHTS.sizes[1])
                    testid(add, "add-outcome")
                    rm = ui.button(labels["remove"], icon="remove", on_click=lambda: resize(n - 1))
                    rm.props("outline no-caps size=sm").set_enabled(n > WEIGHTS.sizes[0])
                    testid(rm, "remove-outcome")
                    sw = ui.button(
                        labels["swap"],
                        icon="swap_vert",
                        on_click=lambda: reset(state.inputs.q, state.inputs.p),
                    )
                    testid(sw.props("outline no-caps size=sm"), "swap")

            editors()
            choice_toggle(state, "unit", labels["unit"], labels)
        with ui.card().classes("xl-card flex-1 min-w-[22rem] gap-2"):
            bars = Chart(_bars(c, len(texts["p"])), classes="w-full h-[16rem]")
            stack = Chart(_stack(c), key="stack-chart", classes="w-full h-[8rem]")
            readout = Readout(
                labels,
                {
                    "entropy": lambda v: f"{fmt(v.entropy)} {v.unit}",
                    "cross_entropy": lambda v: f"{fmt(v.cross_entropy)} {v.unit}",
                    "kl": lambda v: f"{fmt(v.kl)} {v.unit}",
                    **numbers("perplexity_p", "perplexity_pq", digits=3),
                },
            )
            misses = testid(
                ui.label(labels["misses"]).classes("rounded bg-rose-50 text-rose-900 px-3 py-2"),
                "misses",
            )

    def show(v: View) -> None:
        readout.show(v)
        misses.set_visibility(v.q_misses_p)
        names = [str(i + 1) for i in range(len(v.p))]
        if bars.options["xAxis"]["data"] != names:
            bars.options["xAxis"]["data"] = names
        bars.show(p=[round(float(x), 6) for x in v.p], q=[round(float(x), 6) for x in v.q])
        stack.show(entropy=[round(v.entropy, 6)], kl=[round(v.kl_shown, 6)])

    return show


def _bar_slider(
    name: str, i: int, value: float, color: str, on_move: Callable[[str, int, float], None]
) -> ui.slider:
    """A vertical slider standing in for a draggable bar of the distribution."""
    s = ThumbSlider(min=WEIGHTS.lo, max=WEIGHTS.hi, step=BAR_STEP, value=value)
    s.props(f'vertical reverse label color={color} aria-label="{name.upper()} weight {i + 1}"')
    s.classes("h-28 justify-self-center")
    testid(s, f"{name}-bar-{i}")
    s.on(
        "update:model-value",
        lambda e: on_move(name, i, e.args) if isinstance(e.args, int | float) else None,
        throttle=SLIDER_THROTTLE_S,
    )
    return s
