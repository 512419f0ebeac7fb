"""Section 7 page: entropy, cross-entropy and KL of two editable distributions."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from nicegui import ui

from xentlab.app.shell import notice, section_intro, section_outro, url_writer
from xentlab.app.widgets import (
    PALETTE,
    SLIDER_THROTTLE_S,
    Live,
    LiveSlider,
    Readout,
    bar_options,
    fmt,
    testid,
)
from xentlab.content import load
from xentlab.lessons import entropy_kl as lesson
from xentlab.lessons.entropy_kl import MAX_OUTCOMES, MIN_OUTCOMES, WEIGHT_MAX


def as_weight(text: object) -> float | None:
    """The weight typed as ``text`` if it is a number in [0, WEIGHT_MAX], else None."""
    try:
        value = float(str(text).strip().replace("−", "-"))
    except ValueError:
        return None
    return value if math.isfinite(value) and 0 <= value <= WEIGHT_MAX else None


def _bars(c: dict[str, Any], n: int) -> dict[str, Any]:
    labels, chart_c = c["labels"], c["chart"]
    names = [str(i + 1) for i in range(n)]
    return bar_options(names, chart_c["bars_x"], chart_c["bars_y"], [labels["p"], labels["q"]])


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
                "name": chart_c["stack_entropy"],
                "type": "bar",
                "stack": "h",
                "data": [0],
                "color": PALETTE[0],
            },
            {
                "name": chart_c["stack_kl"],
                "type": "bar",
                "stack": "h",
                "data": [0],
                "color": PALETTE[3],
            },
        ],
    }


def build(query: dict[str, str]) -> None:
    """Draw section 7 with the state read from ``query``."""
    c = load("entropy_kl")
    labels = c["labels"]
    inputs, bad = lesson.Inputs.from_query(query)
    section_intro(c)
    notice(bad)
    texts = {"p": [f"{w:g}" for w in inputs.p], "q": [f"{w:g}" for w in inputs.q]}
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
        weights = list(getattr(live.inputs, name))
        weights[i] = w
        texts[name][i] = f"{w:g}"
        if typed:
            bar_sliders[name][i].value = w
        elif as_weight(boxes[name][i].value) != w:
            echo["on"] = True
            boxes[name][i].value = texts[name][i]
            echo["on"] = False
        live.set(**{name: tuple(weights)})

    def reset(p: tuple[float, ...], q: tuple[float, ...]) -> None:
        texts["p"], texts["q"] = [f"{w:g}" for w in p], [f"{w:g}" for w in q]
        live.set(p=p, q=q)
        editors.refresh()

    def resize(n: int) -> None:
        now = live.inputs
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
                    add.props("outline no-caps size=sm").set_enabled(n < MAX_OUTCOMES)
                    testid(add, "add-outcome")
                    rm = ui.button(labels["remove"], icon="remove", on_click=lambda: resize(n - 1))
                    rm.props("outline no-caps size=sm").set_enabled(n > MIN_OUTCOMES)
                    testid(rm, "remove-outcome")
                    sw = ui.button(
                        labels["swap"],
                        icon="swap_vert",
                        on_click=lambda: reset(live.inputs.q, live.inputs.p),
                    )
                    testid(sw.props("outline no-caps size=sm"), "swap")

            live: Live[lesson.Inputs] = Live(inputs, lambda now: draw(now), url_writer())
            editors()
            ui.label(labels["unit"]).classes("text-sm text-gray-700")
            unit = ui.toggle(
                {"bits": labels["bits"], "nats": labels["nats"]},
                value=inputs.unit,
                on_change=lambda e: live.set(unit=str(e.value)),
            )
            testid(unit.props('no-caps unelevated toggle-color=primary aria-label="unit"'), "unit")
        with ui.card().classes("xl-card flex-1 min-w-[22rem] gap-2"):
            bars = testid(ui.echart(_bars(c, len(inputs.p))), "chart").classes("w-full h-[16rem]")
            stack = testid(ui.echart(_stack(c)), "stack-chart").classes("w-full h-[8rem]")
            readout = Readout()
            for key in ("entropy", "cross_entropy", "kl", "perplexity_p", "perplexity_pq"):
                readout.row(key, labels[key])
            misses = testid(
                ui.label(labels["misses"]).classes("rounded bg-rose-50 text-rose-900 px-3 py-2"),
                "misses",
            )
    section_outro(c, "entropy_kl")

    def draw(now: lesson.Inputs) -> None:
        v = lesson.compute(now)
        unit = f" {now.unit}"
        readout.set("entropy", fmt(v.entropy) + unit)
        readout.set("cross_entropy", fmt(v.cross_entropy) + unit)
        readout.set("kl", fmt(v.kl) + unit)
        readout.set("perplexity_p", fmt(v.perplexity_p, 3))
        readout.set("perplexity_pq", fmt(v.perplexity_pq, 3))
        misses.set_visibility(v.q_misses_p)
        n = len(v.p)
        if len(bars.options["xAxis"]["data"]) != n:
            bars.options["xAxis"]["data"] = [str(i + 1) for i in range(n)]
        bars.options["series"][0]["data"] = [round(float(x), 6) for x in v.p]
        bars.options["series"][1]["data"] = [round(float(x), 6) for x in v.q]
        bars.update()
        kl_shown = v.kl if math.isfinite(v.kl) else 0.0
        stack.options["series"][0]["data"] = [round(v.entropy, 6)]
        stack.options["series"][1]["data"] = [round(kl_shown, 6)]
        stack.update()

    live.show(bad)


def _bar_slider(
    name: str, i: int, value: float, color: str, on_move: Callable[[str, int, float], None]
) -> ui.slider:
    """A vertical slider standing in for a draggable bar of the distribution."""
    s = LiveSlider(min=0, max=WEIGHT_MAX, step=0.01, value=value)
    s.props(f'vertical reverse label color={color} aria-label="{name.upper()} weight {i + 1}"')
    s.classes("h-28 justify-self-center")
    testid(s, f"{name}-bar-{i}")
    s.on(
        "update:model-value",
        lambda e: on_move(name, i, e.args) if isinstance(e.args, int | float) else None,
        throttle=SLIDER_THROTTLE_S,
    )
    return s
