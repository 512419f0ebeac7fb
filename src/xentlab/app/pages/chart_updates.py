"""What a chart sends when its options change: only the parts that changed.

ECharts' ``setOption`` merges what it is given into what it has ("normal merge"): nested
objects key by key, series by their ``id``, anything else (an array such as a series' data, a
number, a string) replaced whole. So a slider step that moves a chart's current point needs
to send ``{"series": [{"id": "point", "data": [[x, y]]}]}``, not the chart's whole options with
curves of hundreds of points (NiceGUI's ``update()`` sends the whole element).

A :class:`Mirror` holds a copy of what the browser's chart has; :meth:`Mirror.update` compares
the options with it and gives the partial options to merge (as JSON text), ``""`` when nothing
changed, or ``None`` when no merge can express the change and only a redraw of the whole
options can: a key removed, series added, removed, reordered or changing type, a series
without an ``id``, a ``":key"`` (NiceGUI turns its value into a JavaScript function, which a
redraw does but ``setOption`` does not), the ``media`` rules.

Example:
    >>> options = {"xAxis": {"max": 1}, "series": [{"id": "p", "type": "scatter", "data": []}]}
    >>> mirror = Mirror(options)
    >>> options["series"][0]["data"] = [[0.5, 0.7]]
    >>> mirror.update(options)
    '{"series":[{"id":"p","data":[[0.5,0.7]]}]}'
    >>> mirror.update(options)
    ''
    >>> del options["xAxis"]["max"]
    >>> mirror.update(options) is None
    True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from nicegui import json, ui

from xentlab.app.server.nicegui_compat import PropsWhenSent

__all__ = ["ChartPatch", "Mirror"]

#: top-level keys ECharts reads as another layout of the options, never merged in part
WHOLE_ONLY = frozenset({"media", "baseOption", "options", "timeline"})

#: a ``":name"`` key in JSON text
DYNAMIC_KEY = re.compile(r'[{,]":')

_MISSING = object()


class Mirror:
    """A copy of the options a browser's chart holds, kept as ECharts merges what it gets."""

    def __init__(self, options: Mapping[str, Any]) -> None:
        self.options: dict[str, Any] = _copy(options)

    def update(self, options: Mapping[str, Any]) -> str | None:
        """What to send for the browser's chart to show ``options``: the partial options as
        JSON text, ``""`` if nothing changed, ``None`` if only a whole redraw can do it; from
        now on the mirror holds ``options``."""
        part = _changes(self.options, options, top=True)
        if part is None:
            self.options = _copy(options)
            return None
        if not part:
            return ""
        text = json.dumps(part)
        if DYNAMIC_KEY.search(text):
            self.options = _copy(options)
            return None
        _merge(self.options, json.loads(text), top=True)
        return text


def _copy(options: Mapping[str, Any]) -> dict[str, Any]:
    copy: dict[str, Any] = json.loads(json.dumps(options))
    return copy


def _changes(before: dict[str, Any], after: Mapping[str, Any], top: bool = False) -> Any:
    """The partial options turning ``before`` into ``after`` under a merge, or None."""
    if before.keys() - after.keys():
        return None  # a merge cannot remove a key
    part: dict[str, Any] = {}
    for key, value in after.items():
        old = before.get(key, _MISSING)
        if top and key == "series" and isinstance(old, list) and isinstance(value, list):
            series = _series(old, value)  # (comparing series by series, not the list twice)
            if series is None:
                return None
            if series:
                part[key] = series
            continue
        if old == value:
            continue
        if key.startswith(":") or (top and key in WHOLE_ONLY):
            return None
        if isinstance(old, dict) and isinstance(value, dict):
            nested = _changes(old, value)
            if nested is None:
                return None
            if nested:
                part[key] = nested
        else:
            part[key] = value
    return part


def _series(before: list[Any], after: list[Any]) -> list[dict[str, Any]] | None:
    """The changed series, each as ``{"id": …, changed keys…}`` (ECharts finds them by id)."""
    if len(before) != len(after):
        return None
    out = []
    for old, new in zip(before, after, strict=True):
        if old == new:
            continue
        if not isinstance(old, dict) or not isinstance(new, dict):
            return None
        if "id" not in new or old.get("id") != new["id"]:
            return None
        part = _changes(old, new)
        if part is None or "type" in part:
            return None
        out.append({"id": new["id"], **part})
    return out


def _merge(target: dict[str, Any], part: dict[str, Any], top: bool = False) -> None:
    """Merge ``part`` into ``target`` as ECharts' ``setOption`` does."""
    for key, value in part.items():
        if top and key == "series":
            by_id = {s.get("id"): s for s in target[key]}
            for series in value:
                _merge(by_id[series["id"]], series)
        elif isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = value


class ChartPatch(PropsWhenSent, component="chart_patch.js"):
    """A hidden element that carries a chart's partial options in the page's update message.

    Each :meth:`add` is sent with the next update (NiceGUI's outbox sends one message a turn
    for all the elements that changed, so a step's numbers and its chart go together); in the
    browser, once that message's elements are rendered, ``apply()`` merges the patches into the
    chart of element ``target``, in order. A patch sent is forgotten: a page drawn again gets
    the chart's whole options, which already hold it.
    """

    def __init__(self, target: ui.element) -> None:
        super().__init__(update_method="apply")
        self.props["target"] = target.id
        self._pending: list[Any] = []

    def add(self, part: str) -> None:
        """Send ``part`` (partial options, JSON text) with the next update."""
        self._pending.append(json.loads(part))
        self.update()

    def drop(self) -> None:
        """Forget the unsent patches (a whole redraw of the chart replaces them)."""
        self._pending.clear()

    def props_to_send(self, props: dict[str, Any]) -> dict[str, Any]:
        # called when the outbox sends the update: the patches go now (and when the page is
        # drawn, where none wait: Chart.update sends nothing before the page is built)
        patches, self._pending = self._pending, []
        return {**props, "patches": patches}
