"""A chart in words and as a table, written from its ECharts options: the text alternative a
screen reader reads, and the numbers behind the chart.

Both read the same options the chart is drawn from (a section's :class:`~xentlab.course.charts.
panel.Plot`), so what is said is what is drawn: each curve from its first to its last point
(with its lowest or highest point where that lies inside), each current point, each series of
bars category by category, a heat map's range and each marked line. The words come from the
shared strings (``ui.toml``'s ``chart_text``) of the page's language.

Example:
    >>> from xentlab.course.content import load
    >>> options = {
    ...     "xAxis": {"type": "value", "name": "ŷ"},
    ...     "yAxis": {"type": "value", "name": "loss"},
    ...     "series": [
    ...         {"id": "c", "name": "−ln ŷ", "type": "line", "data": [[0.1, 2.3026], [0.9, 0.11]]},
    ...         {"id": "p", "name": "now", "type": "scatter", "data": [[0.5, 0.6931]]},
    ...     ],
    ... }
    >>> print(describe(options, load("ui")["chart_text"]))
    loss against ŷ. −ln ŷ: from 2.303 at ŷ = 0.1 to 0.11 at ŷ = 0.9. now: ŷ = 0.5, loss = 0.693.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from xentlab.course.charts import components, fmt_small, item_value
from xentlab.course.charts.panel import Table

__all__ = ["ROWS_KEPT", "describe", "number", "table"]

Options = Mapping[str, Any]
Words = Mapping[str, str]

#: at most this many rows of a curve in its table (evenly spaced, both ends kept)
ROWS_KEPT = 21


def number(x: Any) -> str:
    """A number as a description says it: three significant decimals at most, a tiny one in
    scientific notation, never a nonzero as zero; a gap (None) as a dash."""
    if not isinstance(x, int | float):
        return "—"
    if float(x).is_integer() and abs(x) < 1e6:
        return str(int(x)).replace("-", "−")
    text = fmt_small(float(x), 3)
    return text.rstrip("0").rstrip(".") if "e" not in text and "." in text else text


def _names(options: Options, series: Mapping[str, Any]) -> tuple[str, str, Mapping[str, Any]]:
    """The x and y axis names of ``series`` and its x axis."""
    x = components(options, "xAxis")[series.get("xAxisIndex", 0)]
    y = components(options, "yAxis")[series.get("yAxisIndex", 0)]
    return str(x.get("name") or "x"), str(y.get("name") or "y"), x


def _points(series: Mapping[str, Any]) -> list[tuple[float, float]]:
    """A line's or scatter's [x, y] points, gaps left out."""
    out = []
    for item in series.get("data") or []:
        v = item_value(item)
        if isinstance(v, list | tuple) and all(isinstance(c, int | float) for c in v[:2]):
            out.append((float(v[0]), float(v[1])))
    return out


def _curve(series: Mapping[str, Any], x: str, y: str, words: Words) -> str:
    points = _points(series)
    if not points:
        return ""
    (x0, y0), (x1, y1) = points[0], points[-1]
    text = words["curve"].format(
        name=series.get("name", ""), x=x, x0=number(x0), y0=number(y0), x1=number(x1), y1=number(y1)
    )
    ys = np.array([p[1] for p in points])
    for key, i in (("lowest", int(ys.argmin())), ("highest", int(ys.argmax()))):
        if 0 < i < len(points) - 1 and ys[i] not in (y0, y1):
            text += words[key].format(x=x, at=number(points[i][0]), y=number(points[i][1]))
    return text


def _bars(series: Mapping[str, Any], x_axis: Mapping[str, Any], words: Words) -> str:
    categories = [str(c) for c in x_axis.get("data") or []]
    values = [item_value(d) for d in series.get("data") or []]
    if not categories:  # a horizontal bar: its categories are on the y axis
        categories = [str(i + 1) for i in range(len(values))]
    pairs = [
        words["bar"].format(category=c, value=number(v))
        for c, v in zip(categories, values, strict=False)
    ]
    return words["bars"].format(name=series.get("name", ""), values=words["and"].join(pairs))


def _series_text(options: Options, series: Mapping[str, Any], words: Words) -> list[str]:
    x, y, x_axis = _names(options, series)
    kind = series.get("type")
    parts: list[str] = []
    if kind == "line":
        parts.append(_curve(series, x, y, words))
    elif kind == "scatter":
        parts += [
            words["point"].format(
                name=series.get("name", ""), x=x, xv=number(px), y=y, yv=number(py)
            )
            for px, py in _points(series)
        ]
    elif kind == "bar":
        if x_axis.get("type") != "category":
            x_axis = components(options, "yAxis")[series.get("yAxisIndex", 0)]
        parts.append(_bars(series, x_axis, words))
    elif kind == "heatmap":
        values = [item_value(d)[2] for d in series.get("data") or [] if item_value(d)]
        if values:
            name = series.get("name") or words["map"]
            parts.append(
                words["heat"].format(name=name, lo=number(min(values)), hi=number(max(values)))
            )
    for mark in (series.get("markLine") or {}).get("data") or []:
        if isinstance(mark, Mapping):
            where = mark.get("xAxis", mark.get("yAxis"))
            label = (mark.get("label") or {}).get("formatter") or words["mark"]
            parts.append(words["marked"].format(name=label, value=number(where)))
    return [p for p in parts if p]


def describe(options: Options, words: Words) -> str:
    """The chart ``options`` in words (``words``: ``ui.toml``'s ``chart_text`` of a language)."""
    title = (options.get("title") or {}).get("text")
    series = list(options.get("series") or [])
    head = []
    if title:
        head.append(words["title"].format(title=title))
    named = [s for s in series if _names(options, s)[:2] != ("x", "y")]
    if named:
        x, y, _ = _names(options, named[0])
        head.append(words["against"].format(x=x, y=y))
    body = [t for s in series for t in _series_text(options, s, words)]
    return words["space"].join(head + [words["sentence"].format(text=t) for t in body])


def table(key: str, options: Options, words: Words) -> Table:
    """The numbers behind the chart ``options``: one column per series, one row per x (a
    curve's points thinned to :data:`ROWS_KEPT`), or one row per category for bars."""
    series = [s for s in options.get("series") or [] if s.get("type") in ("line", "scatter", "bar")]
    if not series:
        return Table(key, (), ())
    x, _, x_axis = _names(options, series[0])
    columns: dict[str, dict[str, str]] = {}
    order: dict[str, float] = {}
    for s in series:
        name = str(s.get("name") or s.get("id"))
        if s.get("type") == "bar":
            axis = x_axis if x_axis.get("type") == "category" else components(options, "yAxis")[0]
            cats = [str(c) for c in axis.get("data") or []] or [
                str(i + 1) for i in range(len(s.get("data") or []))
            ]
            for i, (cat, item) in enumerate(zip(cats, s.get("data") or [], strict=False)):
                order.setdefault(cat, i)
                columns.setdefault(name, {})[cat] = number(item_value(item))
            continue
        points = _points(s)
        keep = np.unique(np.linspace(0, len(points) - 1, min(len(points), ROWS_KEPT)).astype(int))
        for i in keep if len(points) else []:
            px, py = points[i]
            order.setdefault(number(px), px)
            columns.setdefault(name, {})[number(px)] = number(py)
    rows = sorted(order, key=lambda k: order[k])
    body = tuple((r, *(columns[c].get(r, "") for c in columns)) for r in rows)
    return Table(key, (x, *columns), body, caption=words["table"])
