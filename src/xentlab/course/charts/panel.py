"""A section's whole display of one View, as data: read-out rows, notes, tables and charts.

Each ``xentlab.course.charts.<section key>`` module has ``panel(v, c, ui) -> Panel``: everything
the section shows of the View ``v`` (``c``: the section's content, ``ui``: the shared strings),
built from the same row, note and chart builders its web page lays out. The notebook widget
draws a Panel as it is (:meth:`Panel.to_json`); the static figure draws its charts
(:mod:`xentlab.figures`). So a chart is described once, as ECharts options, and a number is
written once, by its row's :data:`~xentlab.course.charts.Shown`.

Example:
    >>> from xentlab.course.sections import section
    >>> s = section("bce")
    >>> p = s.panel(s.lesson.compute(s.lesson.Inputs(yhat=0.3, y=0)), "en")
    >>> p.row("loss").text, [c.key for c in p.charts]
    ('0.3567', ['chart'])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from xentlab.course.charts import Shown, legend_room

__all__ = ["Note", "Panel", "Plot", "Row", "Table", "rows"]


@dataclass(frozen=True)
class Row:
    """One read-out row: its key (its label's key in the content and its test id), its label
    and its text."""

    key: str
    label: str
    text: str


@dataclass(frozen=True)
class Note:
    """A text under the read-out: a worked substitution (``mono``), a verdict (``tone``: good,
    info, warn, bad, neutral), a warning; ``label`` is a heading above it ("" for none)."""

    key: str
    text: str
    label: str = ""
    tone: str = ""
    mono: bool = False


@dataclass(frozen=True)
class Table:
    """A table of texts: its column headings and its rows (section 13's frameworks)."""

    key: str
    head: tuple[str, ...]
    body: tuple[tuple[str, ...], ...]
    caption: str = ""


@dataclass(frozen=True)
class Plot:
    """A chart: its ECharts options (the one description every renderer draws) and the height
    in pixels it is drawn at."""

    key: str
    options: dict[str, Any]
    height: int = 360


@dataclass(frozen=True)
class Panel:
    """What a section shows of one View.

    ``hints``: words under a control, by input name (what the ends of a slider mean);
    ``limits``: bounds narrower than the declared ones, by input name (``{"max": 2}``).
    """

    rows: tuple[Row, ...] = ()
    notes: tuple[Note, ...] = ()
    charts: tuple[Plot, ...] = ()
    tables: tuple[Table, ...] = ()
    hints: dict[str, list[str]] = field(default_factory=dict)
    limits: dict[str, dict[str, float]] = field(default_factory=dict)

    def row(self, key: str) -> Row:
        """The row whose key is ``key``."""
        found: Row = _by_key(self.rows, key)
        return found

    def chart(self, key: str) -> Plot:
        """The chart whose key is ``key``."""
        found: Plot = _by_key(self.charts, key)
        return found

    def to_json(self) -> dict[str, Any]:
        """The panel as JSON for a browser: charts with the room for a wrapped legend (their
        options are shared with this panel, not copied: a panel is built for one View)."""
        return {
            "readout": [dict(vars(r)) for r in self.rows],
            "notes": [dict(vars(n)) for n in self.notes],
            "charts": [
                {"key": c.key, "options": legend_room(c.options), "height": c.height}
                for c in self.charts
            ],
            "tables": [
                {
                    "key": t.key,
                    "head": list(t.head),
                    "body": [list(r) for r in t.body],
                    "caption": t.caption,
                }
                for t in self.tables
            ],
            "hints": self.hints,
            "limits": self.limits,
        }


def _by_key(items: Sequence[Any], key: str) -> Any:
    for item in items:
        if item.key == key:
            return item
    raise KeyError(key)


def rows(shown: Mapping[str, Shown], labels: Mapping[str, str], v: Any) -> tuple[Row, ...]:
    """The rows ``shown`` ({key: its text for a View}) of ``v``, labelled by ``labels[key]``."""
    return tuple(Row(key, labels[key], text(v)) for key, text in shown.items())
