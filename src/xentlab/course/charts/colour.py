"""Curves told apart by more than their colour (WCAG 1.4.1): a dash and a marker each, which
stay distinct for a reader who cannot tell the theme's red from its green."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xentlab.course.theme import DASHES, MARKERS

__all__ = ["distinguish"]


def distinguish(series: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The series of one chart with each curve (a named line) told apart from the others by more
    than its colour (WCAG 1.4.1): a dash of its own, and the marker of that dash
    (:data:`~xentlab.course.theme.MARKERS`) as its legend icon and as the shape of its current
    point (a scatter series of the same name).

    A curve keeps a dash its builder gave it (a dashed curve means something there); the others
    take the first of :data:`~xentlab.course.theme.DASHES` no curve has yet, in order. The
    series are copies: those given are not changed.

    Raises:
        ValueError: two curves given the same dash, or more curves than dashes.

    Example:
        >>> a, b = distinguish([{"type": "line", "name": n} for n in ("A", "B")])
        >>> (a["lineStyle"]["type"], a["symbol"]), (b["lineStyle"]["type"], b["symbol"])
        (('solid', 'circle'), ('dashed', 'triangle'))
    """
    out = [dict(s) for s in series]
    curves = [s for s in out if s.get("type") == "line" and s.get("name")]
    given = [(s.get("lineStyle") or {}).get("type") for s in curves]
    taken = [d for d in given if d is not None]
    if len(set(taken)) < len(taken):
        raise ValueError(f"two curves of a chart have the same dash: {taken}")
    free = iter([d for d in DASHES if d not in taken])
    marker = {}
    for s, dash in zip(curves, given, strict=True):
        dash = dash if dash is not None else next(free, None)
        if dash is None:
            raise ValueError(f"a chart tells {len(DASHES)} curves apart at most, got {len(curves)}")
        s["lineStyle"] = {**(s.get("lineStyle") or {}), "type": dash}
        s.setdefault("symbol", MARKERS[dash])
        marker[s["name"]] = s["symbol"]
    for s in out:
        if s.get("type") == "scatter" and s.get("name") in marker:
            s.setdefault("symbol", marker[s["name"]])
    return out
