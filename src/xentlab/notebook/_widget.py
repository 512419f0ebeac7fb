"""The notebook widgets: a section's controls, read-out and charts, and the Lab's race.

Both are anywidgets whose browser side (``widget.js``, one ES module) only draws what the
kernel sends and sends back the controls' values; every number is computed here, in the
kernel, by the section's lesson (or by :func:`xentlab.lab.race`). ECharts, vendored under
``static/``, reaches the page once, as a message the first widget asks for.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import anywidget
import traitlets as t

from xentlab._src.messages import translate
from xentlab.course.charts import legend_room, race_chart
from xentlab.course.content import load
from xentlab.course.sections import Section
from xentlab.lab import LabOptions, RaceEpoch, race, race_view
from xentlab.lab.report import run_kinds
from xentlab.notebook import _controls, _panels

__all__ = ["ECHARTS_VERSION", "LabWidget", "SectionWidget", "echarts_source"]

HERE = Path(__file__).parent
#: the vendored ECharts release (static/README.md says where it comes from)
ECHARTS_VERSION = "6.1.0"
#: seconds between two redraws of the Lab's curves while it trains (every epoch is kept)
REDRAW_S = 0.1


@lru_cache(maxsize=1)
def echarts_source() -> str:
    """The vendored ECharts ES module's source."""
    return (HERE / "static" / "echarts.esm.min.mjs").read_text(encoding="utf-8")


def _compact(value: dict[str, Any], _: Any) -> str:
    """A panel as the browser gets it: compact, strict JSON text."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def _parsed(text: str, _: Any) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(text) if text else {}
    return parsed


class _Widget(anywidget.AnyWidget):
    """What both widgets share: the ES module, its style, the panel the browser draws, the
    error it shows, the words it says about its kernel and the language it speaks.

    ECharts reaches the page as a message, not as widget state: the first widget drawn in a
    page asks the kernel for it (``{"type": "echarts"}``) and the page keeps it for every
    widget, so a saved notebook stores no copy of it. A saved notebook opened without a
    kernel shows its last read-out and a placeholder where the charts were.

    What the charts say (their text alternatives and tables, :func:`_panels.chart_said`) is
    a message too: a view asks for it once the changes pause (``{"type": "say"}``), as the web
    page renews its words, so a drag pays for no words per step and a saved notebook keeps
    none for charts it does not draw.
    """

    _esm = HERE / "widget.js"
    _css = HERE / "widget.css"

    #: what the browser draws: title, read-out rows, notes, tables, charts' options (sent, and
    #: saved in a notebook, as one compact JSON text: a saved notebook's indented JSON would
    #: otherwise spend a line on every number of every curve)
    panel = t.Dict().tag(sync=True, to_json=_compact, from_json=_parsed)
    #: the message of the last value the browser sent that the declaration refused ("" if none)
    error = t.Unicode("").tag(sync=True)
    #: what the browser says when the kernel does not answer (``ui.toml``'s ``notebook``)
    words = t.Dict().tag(sync=True)
    #: the language of the widget's words (its root's ``lang``: a screen reader reads a
    #: Chinese widget in a notebook whose page is in English as Chinese)
    lang = t.Unicode("en").tag(sync=True)

    def __init__(self, lang: str, **kwargs: Any) -> None:
        super().__init__(words=dict(load("ui", lang)["notebook"]), lang=lang, **kwargs)
        self.on_msg(self._on_message)

    def _on_message(self, _: Any, content: Any, buffers: Any) -> None:
        kind = content.get("type") if isinstance(content, Mapping) else None
        if kind == "echarts":
            self.send({"type": "echarts", "version": ECHARTS_VERSION, "source": echarts_source()})
        elif kind == "say":
            self.send({"type": "said", "charts": self.said()})

    def said(self) -> dict[str, dict[str, Any]]:
        """What each chart shown now says (its text alternative and its table), by key."""
        return {}


class SectionWidget(_Widget):
    """One section of the explorer in a notebook cell: its declared controls, its read-out and
    its charts, computed by its lesson in the kernel.

    ``inputs`` and ``view`` are the current lesson Inputs and View; :meth:`set` changes inputs
    from Python; ``observe(callback, names="view")`` calls ``callback`` after every change,
    whether it came from a drag in the browser or from Python.

    The browser sends a control's value through the synced ``values`` (JSON, by input name);
    a value the declaration refuses leaves the inputs as they were and shows its message in
    ``error`` (the same words as the web page's checks).
    """

    section_key = t.Unicode("").tag(sync=True)
    #: one control per declared input: kind, label, bounds (see ``_controls.control``)
    controls: t.List[dict[str, Any]] = t.List(t.Dict()).tag(sync=True)
    #: the inputs as JSON, by name: the controls' values, written by the browser and the kernel
    values = t.Dict().tag(sync=True)
    #: counts the values the browser sent that the kernel has handled (the browser sends its
    #: next value once the last one is handled, so a drag never queues up)
    revision = t.Int(0).tag(sync=True)
    #: the lesson's Inputs and View (in the kernel only)
    inputs = t.Any()
    view = t.Any()

    def __init__(self, section: Section, inputs: Any, lang: str = "en") -> None:
        self.section = section
        self._content = section.content(lang)
        self._ui = load("ui", lang)
        self._writing = False
        self._said: tuple[Any, dict[str, dict[str, Any]]] = (None, {})
        names = _panels.CONTROL_NAMES.get(section.key)
        view = section.lesson.compute(inputs)
        super().__init__(
            lang,
            section_key=section.key,
            controls=_controls.controls(section.lesson.Inputs, self._content, self._ui, names),
            values=_controls.to_json(inputs),
            panel=_panels.panel(section, view, lang),
            inputs=inputs,
            view=view,
        )
        self.observe(self._values_sent, names="values")

    def __repr__(self) -> str:
        return f"<xentlab section {self.section.key}: {self.inputs!r}>"

    def set(self, **changes: Any) -> None:
        """Change inputs by name (``w.set(yhat=0.4)``) and show the result.

        Raises:
            ValueError: in the declaration's words, when a value is not valid (nothing changes).
        """
        new = _controls.replace(self.inputs, **changes)
        with self.hold_sync():
            self.error = ""
            if new != self.inputs:
                self._show(new)

    def said(self) -> dict[str, dict[str, Any]]:
        """What each chart says of the current View, by key (written once per View)."""
        view, words = self._said
        if view is not self.view:
            words = _panels.said(self.section, self.view, self.lang)
            self._said = (self.view, words)
        return words

    def _show(self, inputs: Any) -> None:
        view = self.section.lesson.compute(inputs)
        shown = _panels.panel(self.section, view, self.lang)
        with self.hold_sync():
            self.inputs, self.view = inputs, view
            self.panel = shown
            self._write_values()

    def _write_values(self) -> None:
        self._writing = True
        try:
            self.values = _controls.to_json(self.inputs)
        finally:
            self._writing = False

    def _values_sent(self, change: dict[str, Any]) -> None:
        """Values from the browser (or set on ``values``): show the new View, or the message of
        the declaration that refused them and the last valid values again."""
        if self._writing:
            return
        with self.hold_sync():
            try:
                new = dataclasses.replace(
                    self.inputs, **_controls.changes(self.inputs, change["new"])
                )
            except (TypeError, ValueError) as exc:
                self.error = translate(exc, self.lang)
                self._write_values()
            else:
                self.error = ""
                if new != self.inputs:
                    self._show(new)
                else:
                    self._write_values()
            self.revision += 1


class LabWidget(_Widget):
    """The Lab's race in a notebook cell: cross-entropy against squared error, trained in the
    kernel, the curves redrawn as the epochs come (see :func:`xentlab.notebook.lab`)."""

    def __init__(self, options: LabOptions, lang: str = "en") -> None:
        self.options = options
        self._content = load("lab", lang)
        kinds = run_kinds(options)
        self._names = [self._content["names"][kinds["ce"]], self._content["names"][kinds["mse"]]]
        self._said: dict[str, dict[str, Any]] = {}
        super().__init__(lang, panel=self._panel([]))  # the curves so far: none, unsaid

    def __repr__(self) -> str:
        return f"<xentlab lab: {self.options!r}>"

    def run(self) -> list[RaceEpoch]:
        """Train both runs, redrawing as they go; returns every epoch's metrics.

        An interrupt (the notebook's stop button) ends the race after the current epoch and
        returns the epochs so far. A run that diverges shows its message and raises it.
        """
        history: list[RaceEpoch] = []
        runs = race(self.options)
        last = time.monotonic()
        stopped = False
        try:
            for epoch in runs:
                history.append(epoch)
                if time.monotonic() - last > REDRAW_S:
                    self._draw(history)
                    last = time.monotonic()
        except KeyboardInterrupt:
            stopped = True
        except ValueError as exc:  # a diverging run (a learning rate far too large)
            self.error = translate(exc, self.lang)
            self._draw(history, done=True)
            raise
        finally:
            runs.close()
        self._draw(history, done=True, stopped=stopped)
        return history

    def said(self) -> dict[str, dict[str, Any]]:
        """What each chart says once the race has ended (the Lab's page says its curves then),
        by key; nothing while it trains."""
        return self._said

    def _draw(self, history: list[RaceEpoch], *, done: bool = False, stopped: bool = False) -> None:
        self.panel = self._panel(history, done=done, stopped=stopped)
        if done:
            self._said = {
                c["key"]: _panels.chart_said(c["key"], c["options"], self.lang)
                for c in self.panel["charts"]
            }

    def _panel(
        self, history: list[RaceEpoch], *, done: bool = False, stopped: bool = False
    ) -> dict[str, Any]:
        """The curves of ``history`` so far and, once ``done``, the summary."""
        c, total = self._content, self.options.epochs
        labels, chart_c = c["labels"], c["chart"]
        epoch = history[-1].epoch if history else 0
        curves = race_view.curves(history)
        charts = []
        for key, title, log in (
            ("test_accuracy", chart_c["accuracy"], False),
            ("train_loss", chart_c["loss"], True),
            ("output_grad", chart_c["grad"], True),
        ):
            options = race_chart(title, chart_c["epoch"], self._names, log=log)
            options["xAxis"]["max"] = total
            for series, data in zip(options["series"], getattr(curves, key), strict=True):
                series["data"] = data
            charts.append({"key": f"chart-{key}", "options": legend_room(options), "height": 240})
        notes = []
        if done:
            finished = labels["stopped"] if stopped or epoch < total else labels["finished"]
            notes.append({"key": "done", "text": finished.format(epoch=epoch, epochs=total)})
            for mark in race_view.MARKS:
                for name, first in zip(self._names, race_view.reached(history, mark), strict=True):
                    text = labels["reached"] if first is not None else labels["not_reached"]
                    line = text.format(name=name, mark=mark, epoch=first)
                    notes.append({"key": "reached", "text": line})
        return {
            "title": c["title"],
            "status": labels["progress"].format(epoch=epoch, epochs=total),
            "progress": epoch / total,
            "readout": [],
            "notes": notes,
            "charts": charts,
        }
