"""Matplotlib drawing of a chart's ECharts options: the static figure of the same description
the page and the notebook widget draw.

A section describes each chart once, as ECharts options (:mod:`xentlab.course.charts`); this
module draws the subset of ECharts those options use: ``line``, ``scatter``, ``bar`` (side by
side, stacked, horizontal) and ``heatmap`` series (coloured by a ``visualMap``); ``markLine``
at an x or a y; one or several grids, each an Axes; value, category and log axes with their
names and bounds; series colours, dashes, markers (``symbol``) and opacity; a bar series'
pattern (``itemStyle.decal``) as a hatch; the title and the legend. What only a browser does
(tooltips, JavaScript formatters, media rules, animation, a pattern on one bar) is left out.

Example:
    >>> from matplotlib.figure import Figure
    >>> options = {
    ...     "xAxis": {"type": "value", "name": "x"},
    ...     "yAxis": {"type": "value", "name": "y"},
    ...     "series": [{"id": "c", "name": "curve", "type": "line", "data": [[0, 1], [1, 2]]}],
    ... }
    >>> (ax,) = draw(options, Figure())
    >>> ax.get_lines()[0].get_ydata().tolist(), ax.get_xlabel()
    ([1.0, 2.0], 'x')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure, SubFigure

from xentlab.course.charts import components, item_value
from xentlab.course.theme import PALETTE

__all__ = ["draw"]

Options = dict[str, Any]

#: ECharts' dash names → Matplotlib's
DASHES = {"dashed": "--", "dotted": ":", "solid": "-"}
#: ECharts' symbol names → Matplotlib's markers (an ``empty…`` one is drawn hollow)
MARKERS = {
    "circle": "o",
    "rect": "s",
    "roundRect": "s",
    "triangle": "^",
    "diamond": "D",
    "pin": "v",
    "arrow": "^",
    "none": "",
}
#: a bar group's share of a category's width (ECharts' default bar category gap is 20 %)
GROUP_WIDTH = 0.8


def _percent(value: Any, default: float) -> float:
    """A grid's size or place written as ``"46%"`` → 0.46 (anything else: ``default``)."""
    if isinstance(value, str) and value.endswith("%"):
        return float(value[:-1]) / 100
    return default


def _grid_axes(options: Options, fig: Figure | SubFigure) -> list[Axes]:
    """One Axes per grid: grids at one left edge are stacked top to bottom (by their heights),
    others placed side by side (by their widths)."""
    grids = components(options, "grid")
    if len(grids) == 1:
        return [fig.add_subplot()]
    lefts = [_percent(g.get("left"), 0.0) for g in grids]
    if len(set(lefts)) == 1:
        heights = [_percent(g.get("height"), 1 / len(grids)) for g in grids]
        order = sorted(range(len(grids)), key=lambda i: _percent(grids[i].get("top"), i))
        spec = fig.add_gridspec(len(grids), 1, height_ratios=[heights[i] for i in order])
        made = {i: fig.add_subplot(spec[row, 0]) for row, i in enumerate(order)}
    else:
        widths = [_percent(g.get("width"), 1 / len(grids)) for g in grids]
        order = sorted(range(len(grids)), key=lambda i: lefts[i])
        spec = fig.add_gridspec(1, len(grids), width_ratios=[widths[i] for i in order])
        made = {i: fig.add_subplot(spec[0, col]) for col, i in enumerate(order)}
    return [made[i] for i in range(len(grids))]


class _Chart:
    """The Axes of one chart's grids and where each series goes."""

    def __init__(self, options: Options, fig: Figure | SubFigure) -> None:
        self.options = options
        self.axes = _grid_axes(options, fig)
        self.x_axes = components(options, "xAxis")
        self.y_axes = components(options, "yAxis")
        self.palette = list(options.get("color") or PALETTE)
        #: the Axes of each y axis: the grid's; a second shown y axis of a grid (a scale on
        #: the right) is a twin sharing its x axis (a hidden one only places a heatmap's cells)
        self.y_ax: list[Axes] = []
        #: the twins of each grid, by its index
        self.twins: dict[int, list[Axes]] = {}
        scaled: set[int] = set()
        for y_axis in self.y_axes:
            grid = y_axis.get("gridIndex", 0)
            ax = self.axes[grid]
            if y_axis.get("show") is not False:
                if grid in scaled:
                    ax = ax.twinx()
                    self.twins.setdefault(grid, []).append(ax)
                scaled.add(grid)
            self.y_ax.append(ax)

    def axis_pair(self, series: Options) -> tuple[Options, Options]:
        return (
            self.x_axes[series.get("xAxisIndex", 0)],
            self.y_axes[series.get("yAxisIndex", 0)],
        )

    def ax_of(self, series: Options) -> Axes:
        return self.y_ax[series.get("yAxisIndex", 0)]

    def color(self, series: Options, i: int) -> str:
        style = series.get("itemStyle") or {}
        line = series.get("lineStyle") or {}
        found = series.get("color") or style.get("color") or line.get("color")
        return str(found) if isinstance(found, str) else str(self.palette[i % len(self.palette)])


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) else np.nan


def _xy(data: Sequence[Any], x_axis: Options, y_axis: Options) -> tuple[np.ndarray, np.ndarray]:
    """A line's or scatter's points: [x, y] pairs, or values along a category axis."""
    values = [item_value(d) for d in data]
    if values and all(isinstance(v, list | tuple) for v in values):
        return (
            np.array([_number(v[0]) for v in values]),
            np.array([_number(v[1]) for v in values]),
        )
    numbers = np.array([_number(v) for v in values])
    at = np.arange(len(values), dtype=float)
    if y_axis.get("type") == "category":
        return numbers, at
    return at, numbers


def _marker(series: Options, default: str) -> tuple[str, bool]:
    """A series' ECharts ``symbol`` (``default`` when it has none) as a Matplotlib marker, and
    whether it is hollow (``emptyCircle``); an unknown one (an image, a path) is a circle."""
    symbol = str(series.get("symbol", default))
    hollow = symbol.startswith("empty")
    if hollow:
        symbol = symbol[len("empty") :]
        symbol = symbol[:1].lower() + symbol[1:]
    return MARKERS.get(symbol, "o"), hollow


def _line(chart: _Chart, series: Options, i: int) -> None:
    x_axis, y_axis = chart.axis_pair(series)
    x, y = _xy(series.get("data") or [], x_axis, y_axis)
    style = series.get("lineStyle") or {}
    marker, hollow = _marker(series, "emptyCircle")
    shown = series.get("showSymbol", True) and len(x) <= 30
    chart.ax_of(series).plot(
        x,
        y,
        color=chart.color(series, i),
        lw=float(style.get("width", 2)),
        ls=DASHES.get(str(style.get("type", "solid")), "-"),
        alpha=float(style.get("opacity", 1.0)),
        label=series.get("name", ""),
        marker=marker if shown else None,
        markersize=3,
        markerfacecolor="white" if hollow else None,  # None: the line's colour
    )


def _scatter(chart: _Chart, series: Options, i: int) -> None:
    x_axis, y_axis = chart.axis_pair(series)
    x, y = _xy(series.get("data") or [], x_axis, y_axis)
    size = series.get("symbolSize", 10)
    marker, hollow = _marker(series, "circle")
    color = chart.color(series, i)
    chart.ax_of(series).plot(
        x,
        y,
        ls="none",
        marker=marker,
        markersize=float(size) * 0.6 if isinstance(size, int | float) else 6,
        color=color,
        markerfacecolor="white" if hollow else color,
        markeredgecolor=color if hollow else "white",
        label=series.get("name", ""),
        zorder=5,
    )


def _hatch(series: Options) -> str | None:
    """A bar series' pattern (``itemStyle.decal``) as a Matplotlib hatch: dots for round
    symbols, else stripes leaning as the pattern is turned (ECharts turns it anticlockwise
    by ``rotation`` radians); None without one."""
    decal = (series.get("itemStyle") or {}).get("decal")
    if not isinstance(decal, dict):
        return None
    if "ircle" in str(decal.get("symbol", "rect")):  # circle, emptyCircle
        return ".."
    rotation = decal.get("rotation", 0)
    if not isinstance(rotation, int | float) or rotation == 0:
        return "--"
    return "//" if rotation > 0 else "\\\\"


def _bars(chart: _Chart, bars: list[tuple[int, Options]]) -> None:
    """Bar series: side by side within a category (one slot per stack), stacked where they
    share a ``stack``, horizontal where the category axis is the y axis."""
    slots: dict[tuple[int, str], int] = {}
    for i, series in bars:
        slots.setdefault((id(chart.ax_of(series)), series.get("stack") or f"#{i}"), len(slots))
    per_axes: dict[int, int] = {}
    for ax_id, _ in slots:
        per_axes[ax_id] = per_axes.get(ax_id, 0) + 1
    bottoms: dict[tuple[int, str], np.ndarray] = {}
    for i, series in bars:
        ax = chart.ax_of(series)
        key = (id(ax), series.get("stack") or f"#{i}")
        n, slot = per_axes[id(ax)], [k for k in slots if k[0] == id(ax)].index(key)
        width = GROUP_WIDTH / n
        values = np.array([_number(item_value(d)) for d in series.get("data") or []])
        at = np.arange(len(values)) - GROUP_WIDTH / 2 + width * (slot + 0.5)
        base = bottoms.get(key, np.zeros(len(values)))
        shown = np.nan_to_num(values)
        _, y_axis = chart.axis_pair(series)
        look: dict[str, Any] = {"color": chart.color(series, i), "label": series.get("name", "")}
        hatch = _hatch(series)
        if hatch is not None:  # drawn in white over the bar's colour, as on the page
            look |= {"hatch": hatch, "hatchcolor": "white", "linewidth": 0}
        if y_axis.get("type") == "category":
            ax.barh(at, shown, height=width, left=base, **look)
        else:
            ax.bar(at, shown, width=width, bottom=base, **look)
        bottoms[key] = base + shown


def _heatmap(chart: _Chart, series: Options) -> None:
    """Cells [x index, y index, value] coloured by the visualMap, placed on the grid's value
    axes where it has them (so that the other series sit at their coordinates)."""
    cells = np.array([item_value(d) for d in series.get("data") or []], dtype=float)
    if not len(cells):
        return
    nx, ny = int(cells[:, 0].max()) + 1, int(cells[:, 1].max()) + 1
    grid = np.full((ny, nx), np.nan)
    grid[cells[:, 1].astype(int), cells[:, 0].astype(int)] = cells[:, 2]
    scale = chart.options.get("visualMap") or {}
    colors = (scale.get("inRange") or {}).get("color") or ["#ffffff", "#000000"]
    ax = chart.ax_of(series)
    extent = _value_extent(chart, series)
    image = ax.imshow(
        grid,
        origin="lower",
        aspect="auto",
        extent=extent,
        cmap=LinearSegmentedColormap.from_list("visualMap", list(colors)),
        vmin=scale.get("min"),
        vmax=scale.get("max"),
        interpolation="nearest",
    )
    ax.figure.colorbar(image, ax=ax, fraction=0.05)


def _value_extent(chart: _Chart, series: Options) -> tuple[float, float, float, float] | None:
    """The (left, right, bottom, top) of the value axes in the heatmap's grid, if it has both."""
    grid = chart.x_axes[series.get("xAxisIndex", 0)].get("gridIndex", 0)
    spans = []
    for axes in (chart.x_axes, chart.y_axes):
        found = [a for a in axes if a.get("gridIndex", 0) == grid and a.get("type") == "value"]
        if not found or not all(isinstance(found[0].get(k), int | float) for k in ("min", "max")):
            return None
        spans.append((float(found[0]["min"]), float(found[0]["max"])))
    return (*spans[0], *spans[1])


def _mark_lines(chart: _Chart, series: Options) -> None:
    marks = series.get("markLine") or {}
    style = marks.get("lineStyle") or {}
    look = {
        "color": style.get("color", "#888888"),
        "ls": DASHES.get(str(style.get("type", "dashed")), "--"),
        "lw": float(style.get("width", 1.5)),
    }
    ax = chart.ax_of(series)
    for mark in marks.get("data") or []:
        if not isinstance(mark, dict):
            continue
        text = str((mark.get("label") or {}).get("formatter", ""))
        if isinstance(mark.get("xAxis"), int | float):
            ax.axvline(mark["xAxis"], **look)
            if text:
                ax.annotate(text, (mark["xAxis"], 1), xycoords=("data", "axes fraction"))
        elif isinstance(mark.get("yAxis"), int | float):
            ax.axhline(mark["yAxis"], **look)
            if text:
                ax.annotate(text, (0, mark["yAxis"]), xycoords=("axes fraction", "data"))


def _dress_axis(ax: Axes, axis: Options, which: str) -> None:
    """An axis's name, scale, bounds and category labels, as its options say."""
    if axis.get("show") is False:
        return
    name = axis.get("name")
    if name:
        (ax.set_xlabel if which == "x" else ax.set_ylabel)(str(name))
    if axis.get("type") == "log":
        (ax.set_xscale if which == "x" else ax.set_yscale)("log")
    if axis.get("type") == "category":
        labels = [str(d) for d in axis.get("data") or []]
        ticks = ax.set_xticks if which == "x" else ax.set_yticks
        ticks(range(len(labels)), labels if (axis.get("axisLabel") or {}).get("show", True) else [])
        return
    lo, hi = (v if isinstance(v := axis.get(k), int | float) else None for k in ("min", "max"))
    if lo is not None or hi is not None:
        (ax.set_xlim if which == "x" else ax.set_ylim)(lo, hi)


def draw(options: Options, fig: Figure | SubFigure) -> list[Axes]:
    """Draw the chart ``options`` (ECharts) into ``fig``, one Axes per grid; returns them."""
    chart = _Chart(options, fig)
    bars = []
    for i, series in enumerate(options.get("series") or []):
        kind = series.get("type")
        if kind == "line":
            _line(chart, series, i)
        elif kind == "scatter":
            _scatter(chart, series, i)
        elif kind == "bar":
            bars.append((i, series))
        elif kind == "heatmap":
            _heatmap(chart, series)
        _mark_lines(chart, series)
    _bars(chart, bars)
    for x_axis in chart.x_axes:
        _dress_axis(chart.axes[x_axis.get("gridIndex", 0)], x_axis, "x")
    for y_axis, ax in zip(chart.y_axes, chart.y_ax, strict=True):
        _dress_axis(ax, y_axis, "y")
    title = (options.get("title") or {}).get("text")
    if title:
        chart.axes[0].set_title(str(title), fontsize=10)
    listed = (options.get("legend") or {}).get("data")
    for i, ax in enumerate(chart.axes):
        ax.grid(alpha=0.3)
        _legend(ax, listed, chart.twins.get(i, []))
    return chart.axes


def _legend(ax: Axes, listed: list[str] | None, twins: Sequence[Axes] = ()) -> None:
    """The legend of ``ax`` and its ``twins``: the names the options' legend lists (all when
    it lists none), each once (a current point shares its curve's name)."""
    handles: dict[str, Any] = {}
    for each in (ax, *twins):
        for handle, label in zip(*each.get_legend_handles_labels(), strict=True):
            if label and not label.startswith("_") and (listed is None or label in listed):
                handles.setdefault(label, handle)
    if handles:  # on the top one of the axes, so that no curve is drawn over it
        top = twins[-1] if twins else ax
        top.legend(list(handles.values()), list(handles), frameon=False, fontsize=8)
