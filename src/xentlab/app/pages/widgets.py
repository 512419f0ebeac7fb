"""Pieces the section pages are laid out from: read-outs, sliders bound to declared parameters,
the label switch, and charts whose series are addressed by name.

Widgets only display what a lesson ``View`` holds; nothing here computes a number.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from nicegui import ui
from nicegui.events import ValueChangeEventArguments

from xentlab.app.pages.chart_updates import ChartPatch, Mirror
from xentlab.app.pages.chart_words import ChartWords
from xentlab.app.server.nicegui_compat import set_prop_quietly, throttle_value_events
from xentlab.app.server.steps import SLIDER_THROTTLE_S
from xentlab.course.charts import (  # the pure builders, shared with the notebook
    AXIS_NUMBER,
    Shown,
    at,
    bar_options,
    curve,
    fmt,
    fmt_small,
    legend_room,
    line_options,
    numbers,
    pairs,
    percent,
    point,
)
from xentlab.course.content import load
from xentlab.course.params import Choice, Whole
from xentlab.course.theme import PALETTE

__all__ = [
    "AXIS_NUMBER",
    "PALETTE",
    "SLIDER_THROTTLE_S",
    "Chart",
    "Readout",
    "ThumbSlider",
    "WorkedReadout",
    "at",
    "bar_options",
    "choice_toggle",
    "curve",
    "fmt",
    "fmt_small",
    "heading",
    "label_toggle",
    "legend_room",
    "line_options",
    "numbers",
    "pairs",
    "param_slider",
    "percent",
    "point",
    "prediction_controls",
    "resize_buttons",
    "slider",
    "testid",
]


E = TypeVar("E", bound=ui.element)


def testid(element: E, key: str) -> E:
    """Name ``element`` for the simulated user (``mark``) and for the browser (``data-testid``)."""
    element.mark(key).props(f"data-testid={key}")
    return element


#: a heading's look by its level: the page's title, a card's title
_HEADING_CLASSES = {1: "text-3xl font-semibold text-[#1f3b5c]", 2: "text-lg font-semibold"}


def heading(text: str = "", level: int = 2) -> ui.label:
    """A title that a screen reader lists among the page's headings (``role=heading``), styled
    by its ``level``: 1 for the page's title, 2 for a card's."""
    label = ui.label(text).classes(_HEADING_CLASSES[level])
    return label.props(f"role=heading aria-level={level}")


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
        """Write each row's text for ``view``; a row whose text is unchanged sends nothing."""
        for key, shown in self.rows.items():
            label, text = self.values[key], shown(view)
            if label.text != text:
                label.set_text(text)


class WorkedReadout:
    """Under a rule, the read-out, the loss worked out with the current numbers, and the
    verdict in words on a background of its own colour (the sections with a worked example)."""

    def __init__(self, labels: Mapping[str, str], rows: Mapping[str, Shown]) -> None:
        ui.separator()
        self.readout = Readout(labels, rows)
        ui.label(labels["worked"]).classes("text-sm text-gray-700")
        with ui.element("div").classes("w-full overflow-x-auto rounded bg-slate-50 px-3 py-2"):
            self.worked = testid(ui.label().classes("font-mono text-sm whitespace-pre"), "worked")
        self.verdict = testid(ui.label().classes("w-full rounded px-3 py-2"), "verdict")

    def show(self, view: Any, worked: str, verdict: str, style: str) -> None:
        """Write ``view``'s rows, the ``worked`` text and the ``verdict`` in the colours
        ``style`` (Tailwind classes)."""
        self.readout.show(view)
        self.worked.set_text(worked)
        self.verdict.set_text(verdict)
        self.verdict.classes(replace=f"w-full rounded px-3 py-2 {style}")


class ThumbSlider(ui.slider):
    """A slider whose thumb moves in the browser at once (no server round trip, no lost keys).

    NiceGUI's slider waits for the server to echo each new value ("loopback"); while it waits,
    a second key press starts again from the old value and is lost.

    Its value event comes every :data:`SLIDER_THROTTLE_S` at most while it is dragged (NiceGUI's
    slider: 0.05 s). Listen with ``on_value_change``: a listener of its own would make every
    move send a second event.
    """

    LOOPBACK = False

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        throttle_value_events(self, SLIDER_THROTTLE_S)


def slider(
    key: str,
    label: str,
    *,
    value: float,
    lo: float,
    hi: float,
    step: float,
    on_move: Callable[[float], None],
    valuetext: str | None = None,
) -> ui.slider:
    """A labelled slider that calls ``on_move(value)`` continuously while it is dragged.

    The keyboard moves it by arrows (a step), PageUp / PageDown (Quasar: ten steps) and Home /
    End (to its ends). ``valuetext`` says its value in words to a screen reader, where the
    number alone says too little: ``{v}`` the value, ``{pct}`` it as a percentage, ``{pow10}``
    ten to its power (the shell's script writes it as ``aria-valuetext``).
    """
    ui.label(label).classes("text-sm text-gray-700")
    s = ThumbSlider(min=lo, max=hi, step=step, value=value)
    s.props(f'label-always color=primary aria-label="{label}"').classes("mt-7")
    if valuetext is not None:
        s.props(f'data-valuetext="{valuetext}"')
    testid(s, key)
    # Quasar's slider knows arrows and PageUp / PageDown only
    s.on("keydown.home.prevent", lambda: s.set_value(lo))
    s.on("keydown.end.prevent", lambda: s.set_value(hi))

    def handle(e: ValueChangeEventArguments[Any]) -> None:
        if isinstance(e.value, int | float):
            on_move(round(float(e.value), 10))

    s.on_value_change(handle)
    return s


def param_slider(
    state: Any, name: str, label: str, *, key: str | None = None, valuetext: str | None = None
) -> ui.slider:
    """A slider over the declared range and step of the input ``name``, moving ``state``
    (a whole-number input moves in steps of 1 and is set as an int); ``valuetext`` as for
    :func:`slider`."""
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
        valuetext=valuetext,
    )


def label_toggle(state: Any, name: str = "y") -> ui.toggle:
    """The y ∈ {0, 1} switch of the binary sections, moving ``state``'s input ``name``."""
    strings = load("ui", state.lang)
    ui.label(strings["label_toggle"]).classes("text-sm text-gray-700")
    t = ui.toggle({0: strings["label_0"], 1: strings["label_1"]}, value=getattr(state.inputs, name))
    t.props(f'no-caps unelevated toggle-color=primary aria-label="{strings["label_toggle"]}"')
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
    t.props(f'no-caps unelevated toggle-color=primary aria-label="{label}"')
    return testid(t, name)


def resize_buttons(
    labels: Mapping[str, str],
    n: int,
    sizes: tuple[int, int],
    resize: Callable[[int], None],
    what: str,
) -> None:
    """The add and remove buttons of a list of ``n`` typed values (``sizes``: the fewest and
    the most), calling ``resize`` with the new count; marked ``add-{what}``, ``remove-{what}``."""
    add = ui.button(labels["add"], icon="add", on_click=lambda: resize(n + 1))
    add.props("outline no-caps size=sm").set_enabled(n < sizes[1])
    testid(add, f"add-{what}")
    rm = ui.button(labels["remove"], icon="remove", on_click=lambda: resize(n - 1))
    rm.props("outline no-caps size=sm").set_enabled(n > sizes[0])
    testid(rm, f"remove-{what}")


def prediction_controls(state: Any) -> None:
    """The ŷ slider and the true-label switch of the binary sections, then a rule."""
    strings = load("ui", state.lang)
    param_slider(state, "yhat", strings["yhat_slider"], valuetext=strings["probability_words"])
    label_toggle(state)
    ui.separator()


class Chart:
    """An ECharts chart whose series are addressed by their ``id``, never by position."""

    def __init__(
        self, options: dict[str, Any], key: str = "chart", classes: str = "w-full grow"
    ) -> None:
        options = legend_room(options)
        self.element = testid(ui.echart({}).classes(classes), key)
        # a plain dict, changed silently; update() sends what changed
        set_prop_quietly(self.element, "options", options)
        self._browser = Mirror(options)  # what the browser has, or will get with the page
        self._patch = ChartPatch(self.element)  # a step's partial options, with its numbers
        self.words = ChartWords(self.element, key)  # its text alternative and its numbers

    @property
    def options(self) -> dict[str, Any]:
        """The chart's live options (change them, then :meth:`update`)."""
        return self.element.options

    def series(self, sid: str) -> dict[str, Any]:
        """The series whose id is ``sid``."""
        series: list[dict[str, Any]] = self.options["series"]
        for s in series:
            if s.get("id") == sid:
                return s
        raise KeyError(sid)

    def show(self, **data: Any) -> None:
        """Replace the data of the named series and redraw."""
        for sid, values in data.items():
            self.series(sid)["data"] = values
        self.update()

    def update(self) -> None:
        """Send the browser what changed in the options since the last update: only the changed
        parts (a step sends the moving point, not the curves), nothing if nothing changed.

        The changed parts go in the same message as the page's other changes (a
        :class:`~xentlab.app.pages.chart_updates.ChartPatch`); the whole options are redrawn
        (NiceGUI's update) only when a merge cannot express the change (see
        :mod:`xentlab.app.pages.chart_updates`); while the page is still being built nothing is
        sent, since its HTML carries the options. The server's options are always whole, so
        a page drawn again from them shows the same.
        """
        part = self._browser.update(self.options)
        if part == "" or not getattr(self.element.client, "_response_built", True):
            return
        if part is None:
            self._patch.drop()
            self.element.update()
        else:
            self._patch.add(part)
