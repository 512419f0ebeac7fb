"""Pieces the section pages are laid out from: read-outs, sliders bound to declared parameters,
the label switch, and charts whose series are addressed by name.

Widgets only display what a lesson ``View`` holds; nothing here computes a number.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import numpy as np
from nicegui import ui
from nicegui.events import GenericEventArguments

from xentlab.content import load
from xentlab.params import Choice, Whole
from xentlab.theme import PALETTE

__all__ = [
    "AXIS_NUMBER",
    "PALETTE",
    "SLIDER_THROTTLE_S",
    "Chart",
    "Readout",
    "ThumbSlider",
    "at",
    "bar_options",
    "choice_toggle",
    "curve",
    "fmt",
    "fmt_small",
    "label_toggle",
    "legend_room",
    "line_options",
    "numbers",
    "pairs",
    "param_slider",
    "percent",
    "point",
    "prediction_controls",
    "slider",
    "testid",
]

#: an ECharts axis-label formatter (an option key ``":formatter"``): at most two decimals and a
#: true minus sign, as :func:`fmt` writes numbers (1.9868540558671774 would show raw otherwise)
AXIS_NUMBER = "v => String(Math.round(v * 100) / 100).replace('-', '\u2212')"

#: seconds between two value events while a slider is dragged (NiceGUI's default is 0.05);
#: leading and trailing events stay on, so a single key press is sent at once
SLIDER_THROTTLE_S = 0.015


def fmt(x: float, digits: int = 4) -> str:
    """A number as the page shows it: fixed decimals, a true minus sign."""
    if not np.isfinite(x):
        return "∞" if x > 0 else ("−∞" if x < 0 else "—")
    text = f"{x:.{digits}f}"
    if text.startswith("-"):
        text = "−" + text[1:] if float(text) != 0 else text[1:]
    return text


def fmt_small(x: float, digits: int = 4) -> str:
    """A probability or gradient that may be tiny, written so that it never reads as 0 unless
    it is 0: as :func:`fmt` down to 10^−(digits−1) (two significant digits at least), below
    that in scientific notation with three significant digits, e.g. ``1.23e−5``."""
    if x == 0 or not np.isfinite(x) or abs(x) >= 10.0 ** (1 - digits):
        return fmt(x, digits)
    mantissa, exponent = f"{x:.2e}".split("e")
    return f"{mantissa}e{int(exponent)}".replace("-", "−")


def percent(x: float, digits: int = 0) -> str:
    """A fraction in [0, 1] written as a percentage: 0.7 → ``70%``."""
    return f"{fmt(100 * x, digits)}%"


E = TypeVar("E", bound=ui.element)


def testid(element: E, key: str) -> E:
    """Name ``element`` for the simulated user (``mark``) and for the browser (``data-testid``)."""
    element.mark(key).props(f"data-testid={key}")
    return element


def pairs(x: np.ndarray, y: np.ndarray) -> list[list[float]]:
    """Chart points [[x, y], …] rounded to what a screen can show."""
    return np.column_stack([np.round(x, 5), np.round(y, 6)]).tolist()


#: how a read-out row turns a View into the text it shows
Shown = Callable[[Any], str]


def numbers(*attrs: str, digits: int = 4) -> dict[str, Shown]:
    """Read-out rows that show the View's attributes ``attrs`` as numbers (row key = attribute)."""

    def shown(attr: str) -> Shown:
        return lambda view: fmt(getattr(view, attr), digits)

    return {a: shown(a) for a in attrs}


def at(point: tuple[float, float]) -> list[list[float]]:
    """The data of a one-point series at ``point`` (x, y), rounded as the curves are."""
    x, y = point
    return [[round(x, 5), round(y, 6)]]


class Readout:
    """Labelled live numbers, one row per key, filled from a View: the label on the left, the
    value right-aligned; a value too wide to sit beside its label (a narrow screen) goes
    under it rather than wrapping (``xl-readout`` in the shell's CSS)."""

    def __init__(
        self, labels: Mapping[str, str], rows: Mapping[str, Shown], width: str = "w-full"
    ) -> None:
        self.rows = dict(rows)
        self.values: dict[str, ui.label] = {}
        self.names: dict[str, ui.label] = {}
        with ui.element("div").classes(f"xl-readout {width}"):
            for key in self.rows:
                with ui.element("div").classes("xl-readout-row"):
                    self.names[key] = ui.label(labels[key]).classes("text-gray-600")
                    value = ui.label("").classes("font-mono text-lg text-right tabular-nums")
                    self.values[key] = testid(value, key)

    def show(self, view: Any) -> None:
        """Write each row's text for ``view``."""
        for key, shown in self.rows.items():
            self.values[key].set_text(shown(view))


class ThumbSlider(ui.slider):
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
    s = ThumbSlider(min=lo, max=hi, step=step, value=value)
    s.props(f'label-always color=primary aria-label="{label}"').classes("mt-7")
    testid(s, key)

    def handle(e: GenericEventArguments) -> None:
        if isinstance(e.args, int | float):
            on_move(round(float(e.args), 10))

    s.on("update:model-value", handle, throttle=SLIDER_THROTTLE_S)
    return s


def param_slider(state: Any, name: str, label: str, *, key: str | None = None) -> ui.slider:
    """A slider over the declared range and step of the input ``name``, moving ``state``
    (a whole-number input moves in steps of 1 and is set as an int)."""
    spec = type(state.inputs).param(name).spec
    whole = isinstance(spec, Whole)
    return slider(
        key or name,
        label,
        value=getattr(state.inputs, name),
        lo=spec.lo,
        hi=spec.hi,
        step=1 if whole else spec.step,
        on_move=lambda v: state.set(**{name: round(v) if whole else v}),
    )


def label_toggle(state: Any, name: str = "y") -> ui.toggle:
    """The y ∈ {0, 1} switch of the binary sections, moving ``state``'s input ``name``."""
    strings = load("ui")
    ui.label(strings["label_toggle"]).classes("text-sm text-gray-700")
    t = ui.toggle({0: strings["label_0"], 1: strings["label_1"]}, value=getattr(state.inputs, name))
    t.props('no-caps unelevated toggle-color=primary aria-label="true label"')
    t.on_value_change(lambda e: state.set(**{name: int(e.value)}))
    return testid(t, name)


def choice_toggle(state: Any, name: str, label: str, names: Mapping[str, str]) -> ui.toggle:
    """A toggle over the declared options of the input ``name`` (shown as ``names[option]``),
    moving ``state``."""
    spec = type(state.inputs).param(name).spec
    assert isinstance(spec, Choice), f"{name} is not declared as a Choice"
    ui.label(label).classes("text-sm text-gray-700")
    t = ui.toggle(
        {option: names[option] for option in spec.options},
        value=getattr(state.inputs, name),
        on_change=lambda e: state.set(**{name: str(e.value)}),
    )
    t.props(f'no-caps unelevated toggle-color=primary aria-label="{name}"')
    return testid(t, name)


def prediction_controls(state: Any) -> None:
    """The ŷ slider and the true-label switch of the binary sections, then a rule."""
    param_slider(state, "yhat", load("ui")["yhat_slider"])
    label_toggle(state)
    ui.separator()


class Chart:
    """An ECharts chart whose series are addressed by their ``id``, never by position."""

    def __init__(
        self, options: dict[str, Any], key: str = "chart", classes: str = "w-full grow"
    ) -> None:
        self.element = testid(ui.echart(legend_room(options)).classes(classes), key)

    @property
    def options(self) -> dict[str, Any]:
        """The chart's live options (change them, then :meth:`update`)."""
        return self.element.options

    def series(self, sid: str) -> dict[str, Any]:
        """The series whose id is ``sid``."""
        for s in self.options["series"]:
            if s.get("id") == sid:
                return s
        raise KeyError(sid)

    def show(self, **data: Any) -> None:
        """Replace the data of the named series and redraw."""
        for sid, values in data.items():
            self.series(sid)["data"] = values
        self.update()

    def update(self) -> None:
        """Send the changed options to the browser."""
        self.element.update()


#: a legend entry's text is about this many font sizes wide per character (a generous guess:
#: too wide costs a little room on a screen where the legend just fits, too narrow an overlap)
LEGEND_CHAR_EM = 0.6


def legend_room(options: dict[str, Any]) -> dict[str, Any]:
    """Add to ``options`` ECharts media rules that lower the plot on a chart too narrow for its
    legend on one line (a phone): ECharts then wraps the legend, and each extra line would
    fall onto the plot. The rules read the chart's own width; a wide chart is unchanged.

    The legend's width is estimated from its entries' names (ECharts' default item layout:
    a 25 px icon, 5 px to the text, 10 px between items); lines are 14 px text + 10 px apart,
    and the plot starts 22 px below the last one, or where ``grid.top`` already puts it.
    """
    legend, grid = options.get("legend"), options.get("grid")
    if not isinstance(legend, dict) or not isinstance(grid, dict) or "media" in options:
        return options
    top, legend_top = grid.get("top"), legend.get("top", 0)
    if not isinstance(top, int | float) or not isinstance(legend_top, int | float):
        return options
    names = legend.get("data") or list(
        dict.fromkeys(s["name"] for s in options.get("series", []) if s.get("name"))
    )
    size = legend.get("textStyle", {}).get("fontSize", 12)
    width = sum(35 + len(str(n)) * size * LEGEND_CHAR_EM for n in names) + 10 * len(names)
    media = []
    for lines in (2, 3):
        needed = legend_top + 24 * lines - 10 + 22
        if needed > top:
            narrow = {"maxWidth": round(width / (lines - 1))}
            media.append({"query": narrow, "option": {"grid": {"top": needed}}})
    if media:  # the rule without a query is ECharts' default, restored when a screen widens
        options["media"] = [{"option": {"grid": {"top": top}}}, *media]
    return options


def curve(sid: str, name: str, data: list[list[float]], color: str) -> dict[str, Any]:
    """A smooth line series without markers."""
    return {
        "id": sid,
        "name": name,
        "type": "line",
        "data": data,
        "showSymbol": False,
        "lineStyle": {"width": 2.5},
        "color": color,
    }


def point(sid: str, name: str, color: str) -> dict[str, Any]:
    """The current point(s) on a curve (empty until shown)."""
    return {
        "id": sid,
        "name": name,
        "type": "scatter",
        "data": [],
        "symbolSize": 14,
        "color": color,
        "z": 5,
        "itemStyle": {"borderColor": "#ffffff", "borderWidth": 2},
    }


def bar_options(
    categories: Sequence[str],
    x_name: str,
    y_name: str,
    series: Mapping[str, str],
    *,
    y_max: float | None = 1.0,
) -> dict[str, Any]:
    """ECharts options for side-by-side bars, one series per ``{id: name}``, empty until shown."""
    return {
        "animation": False,
        "color": list(PALETTE),
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
        "series": [
            {"id": sid, "name": name, "type": "bar", "data": []} for sid, name in series.items()
        ],
    }


def line_options(
    x_name: str,
    y_name: str,
    series: Sequence[dict[str, Any]],
    *,
    x_range: tuple[float, float] = (0.0, 1.0),
    y_max: float | None = None,
) -> dict[str, Any]:
    """ECharts options for curves against one variable, with animation off (instant redraws).

    The legend lists the curves only (a current point shares its curve's name and colour).
    """
    return {
        "animation": False,
        "color": list(PALETTE),
        "grid": {"left": 56, "right": 24, "top": 44, "bottom": 48},
        "legend": {
            "top": 4,
            "textStyle": {"fontSize": 13},
            "data": [s["name"] for s in series if s["type"] == "line"],
        },
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
