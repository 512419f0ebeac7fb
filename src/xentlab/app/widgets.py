"""Reusable pieces of the section pages: number read-outs, sliders, toggles and chart options.

Widgets only display what a lesson ``View`` holds; nothing here computes a number.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any, Generic, Protocol, TypeVar, cast

import numpy as np
from nicegui import ui
from nicegui.events import GenericEventArguments

from xentlab.content import load
from xentlab.lessons._common import YHAT_MAX, YHAT_MIN, YHAT_STEP

__all__ = [
    "SLIDER_THROTTLE_S",
    "Live",
    "LiveSlider",
    "Readout",
    "bar_options",
    "curve",
    "fmt",
    "label_toggle",
    "line_options",
    "pair_chart",
    "pairs",
    "point",
    "prediction_controls",
    "redraw_pair",
    "slider",
    "testid",
]

#: seconds between two value events while a slider is dragged (NiceGUI's default is 0.05);
#: leading and trailing events stay on, so a single key press is sent at once
SLIDER_THROTTLE_S = 0.015

PALETTE = ["#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed"]


def fmt(x: float, digits: int = 4) -> str:
    """A number as the page shows it: fixed decimals, a true minus sign."""
    if not np.isfinite(x):
        return "∞" if x > 0 else ("−∞" if x < 0 else "—")
    text = f"{x:.{digits}f}"
    if text.startswith("-"):
        text = "−" + text[1:] if float(text) != 0 else text[1:]
    return text


E = TypeVar("E", bound=ui.element)


def testid(element: E, key: str) -> E:
    """Name ``element`` for the simulated user (``mark``) and for the browser (``data-testid``)."""
    element.mark(key).props(f"data-testid={key}")
    return element


def pairs(x: np.ndarray, y: np.ndarray) -> list[list[float]]:
    """Chart points [[x, y], …] rounded to what a screen can show."""
    return np.column_stack([np.round(x, 5), np.round(y, 6)]).tolist()


class Readout:
    """A two-column table of labelled live numbers, each value addressable by its key."""

    def __init__(self, width: str = "w-full") -> None:
        self._grid = ui.grid(columns="auto auto").classes(f"{width} gap-x-6 gap-y-1 items-baseline")
        self.values: dict[str, ui.label] = {}
        self.labels: dict[str, ui.label] = {}

    def row(self, key: str, label: str) -> ui.label:
        """Add a row; returns the label whose text the page updates."""
        with self._grid:
            self.labels[key] = ui.label(label).classes("text-gray-600")
            value = ui.label("").classes("font-mono text-lg text-right tabular-nums")
            testid(value, key)
        self.values[key] = value
        return value

    def set(self, key: str, text: str) -> None:
        """Show ``text`` as the value of row ``key``."""
        self.values[key].set_text(text)


class LiveSlider(ui.slider):
    """A slider whose thumb moves in the browser at once (no server round trip, no lost keys).

    NiceGUI's slider waits for the server to echo each new value ("loopback"); while it waits,
    a second key press starts again from the old value and is lost.
    """

    LOOPBACK = False


def slider(
    key: str,
    label: str,
    *,
    value: float,
    lo: float,
    hi: float,
    step: float,
    on_move: Callable[[float], None],
) -> ui.slider:
    """A labelled slider that calls ``on_move(value)`` continuously while it is dragged."""
    ui.label(label).classes("text-sm text-gray-700")
    s = LiveSlider(min=lo, max=hi, step=step, value=value)
    s.props(f'label-always color=primary aria-label="{label}"').classes("mt-7")
    testid(s, key)

    def handle(e: GenericEventArguments) -> None:
        if isinstance(e.args, int | float):
            on_move(round(float(e.args), 10))

    s.on("update:model-value", handle, throttle=SLIDER_THROTTLE_S)
    return s


def prediction_controls(yhat: float, y: int, change: Callable[..., None]) -> None:
    """The ŷ slider and the true-label switch of the binary sections, then a rule.

    ``change`` receives ``yhat=…`` or ``y=…`` (usually ``Live.set``).
    """
    slider(
        "yhat",
        load("ui")["yhat_slider"],
        value=yhat,
        lo=YHAT_MIN,
        hi=YHAT_MAX,
        step=YHAT_STEP,
        on_move=lambda v: change(yhat=v),
    )
    label_toggle(y, lambda v: change(y=v))
    ui.separator()


def bar_options(
    categories: Sequence[str],
    x_name: str,
    y_name: str,
    series: Sequence[str],
    *,
    y_max: float | None = 1.0,
) -> dict[str, Any]:
    """ECharts options for side-by-side bars (one series per name), empty until drawn."""
    return {
        "animation": False,
        "color": PALETTE,
        "legend": {"top": 4},
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 56, "right": 16, "top": 40, "bottom": 40},
        "xAxis": {
            "type": "category",
            "data": list(categories),
            "name": x_name,
            "nameLocation": "middle",
            "nameGap": 26,
        },
        "yAxis": {
            "type": "value",
            "min": 0,
            "name": y_name,
            "nameLocation": "middle",
            "nameGap": 40,
            **({"max": y_max} if y_max is not None else {}),
        },
        "series": [{"name": name, "type": "bar", "data": []} for name in series],
    }


def label_toggle(value: int, on_change: Callable[[int], None]) -> ui.toggle:
    """The y ∈ {0, 1} switch used by the binary sections."""
    strings = load("ui")
    ui.label(strings["label_toggle"]).classes("text-sm text-gray-700")
    t = ui.toggle({0: strings["label_0"], 1: strings["label_1"]}, value=value)
    t.props('no-caps unelevated toggle-color=primary aria-label="true label"')
    t.on_value_change(lambda e: on_change(int(e.value)))
    return testid(t, "y")


def line_options(
    x_name: str,
    y_name: str,
    series: Sequence[dict[str, Any]],
    *,
    x_range: tuple[float, float] = (0.0, 1.0),
    y_max: float | None = None,
) -> dict[str, Any]:
    """ECharts options for curves against one variable, with animation off (instant redraws)."""
    return {
        "animation": False,
        "color": PALETTE,
        "grid": {"left": 56, "right": 24, "top": 44, "bottom": 48},
        "legend": {"top": 4, "textStyle": {"fontSize": 13}},
        "tooltip": {"trigger": "axis"},
        "xAxis": {
            "type": "value",
            "name": x_name,
            "nameLocation": "middle",
            "nameGap": 28,
            "min": x_range[0],
            "max": x_range[1],
        },
        "yAxis": {
            "type": "value",
            "name": y_name,
            "nameLocation": "middle",
            "nameGap": 40,
            "min": 0,
            "axisLine": {"onZero": False},
            **({"max": y_max} if y_max is not None else {}),
        },
        "series": list(series),
    }


def pair_chart(
    x_name: str,
    y_name: str,
    names: tuple[str, str],
    x: np.ndarray,
    ys: tuple[np.ndarray, np.ndarray],
    *,
    y_max: float,
) -> ui.echart:
    """Two curves (e.g. cross-entropy and squared error) and their current points, marked
    ``chart``; the points are series 2 and 3."""
    lines = enumerate(zip(names, ys, strict=True))
    series = [curve(name, pairs(x, y), PALETTE[i]) for i, (name, y) in lines]
    series += [point(name, [], PALETTE[i]) for i, name in enumerate(names)]
    options = line_options(x_name, y_name, series, y_max=y_max)
    options["legend"]["data"] = list(names)
    return testid(ui.echart(options).classes("w-full grow min-h-[24rem]"), "chart")


def redraw_pair(
    chart: ui.echart,
    x: np.ndarray,
    ys: tuple[np.ndarray, np.ndarray],
    at: float,
    values: tuple[float, float],
) -> None:
    """Redraw a two-curve chart (series 0–1 curves, 2–3 their points) with the points at x = at."""
    series = chart.options["series"]
    for i in range(2):
        series[i]["data"] = pairs(x, ys[i])
        series[2 + i]["data"] = [[at, round(values[i], 6)]]
    chart.update()


def curve(name: str, data: list[list[float]], color: str) -> dict[str, Any]:
    """A smooth line series without markers."""
    return {
        "name": name,
        "type": "line",
        "data": data,
        "showSymbol": False,
        "lineStyle": {"width": 2.5},
        "color": color,
    }


def point(name: str, data: list[list[float]], color: str) -> dict[str, Any]:
    """The current point(s) on a curve."""
    return {
        "name": name,
        "type": "scatter",
        "data": data,
        "symbolSize": 14,
        "color": color,
        "z": 5,
        "itemStyle": {"borderColor": "#ffffff", "borderWidth": 2},
    }


class _Query(Protocol):
    def to_query(self) -> dict[str, str]: ...


InputsT = TypeVar("InputsT", bound=_Query)


class Live(Generic[InputsT]):
    """The current lesson inputs of one open page, redrawn and written to the URL on change."""

    def __init__(
        self,
        inputs: InputsT,
        draw: Callable[[InputsT], None],
        on_url: Callable[[dict[str, str]], None],
    ) -> None:
        self.inputs = inputs
        self._draw = draw
        self._on_url = on_url

    def show(self, bad_keys: Sequence[str]) -> None:
        """Draw the current inputs; after a link with bad values, put the state shown in the URL."""
        self._draw(self.inputs)
        if bad_keys:
            self._on_url(self.inputs.to_query())

    def set(self, **changes: Any) -> None:
        """Replace some inputs; invalid combinations are ignored (the controls never offer them)."""
        try:
            new: InputsT = dataclasses.replace(cast(Any, self.inputs), **changes)
        except (TypeError, ValueError):
            return
        if new == self.inputs:
            return
        self.inputs = new
        self._draw(new)
        self._on_url(new.to_query())
