"""Charts and numbers as data: ECharts options and read-out texts built from lesson Views.

Nothing here imports a web or notebook package, so that the explorer's pages
(:mod:`xentlab.app`) and the notebook widgets (:mod:`xentlab.notebook`) draw the same charts
from the same builders. This module holds the builders every section uses (curves, bars, the
current point, number formats); ``xentlab.course.charts.<section key>`` holds what one section shows
of its View (its read-out rows, its worked texts, its charts' options).

Nothing here computes a number of the lessons: it only writes what a View holds.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from xentlab.course.charts.colour import distinguish
from xentlab.course.theme import PALETTE

__all__ = [
    "AXIS_NUMBER",
    "LEGEND_CHAR_EM",
    "Shown",
    "at",
    "bar_options",
    "components",
    "curve",
    "distinguish",
    "fmt",
    "fmt_small",
    "item_value",
    "legend_room",
    "line_options",
    "never_changes",
    "numbers",
    "pairs",
    "percent",
    "point",
    "race_chart",
    "renew",
    "text_em",
]

#: an ECharts axis-label formatter (an option key ``":formatter"``): at most two decimals and a
#: true minus sign, as :func:`fmt` writes numbers (1.9868540558671774 would show raw otherwise)
AXIS_NUMBER = "v => String(Math.round(v * 100) / 100).replace('-', '\u2212')"


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


def pairs(x: np.ndarray, y: np.ndarray) -> list[list[float]]:
    """Chart points [[x, y], …] rounded to what a screen can show.

    The points of two read-only arrays (a lesson's cached curves, the same on every slider
    step) are made once and the same list is returned again: treat it as read-only.
    """
    fixed = never_changes(x) and never_changes(y)
    known = _PAIRS.get((id(x), id(y))) if fixed else None
    if known is not None and known[0] is x and known[1] is y:
        return known[2]
    points: list[list[float]] = np.column_stack([np.round(x, 5), np.round(y, 6)]).tolist()
    if fixed:
        if len(_PAIRS) >= PAIRS_KEPT:
            del _PAIRS[next(iter(_PAIRS))]
        _PAIRS[(id(x), id(y))] = (x, y, points)  # holding x and y keeps their ids theirs
    return points


def never_changes(a: np.ndarray) -> bool:
    """Whether ``a`` and every array it views are read-only (its values can never change)."""
    base: Any = a
    while isinstance(base, np.ndarray):
        if base.flags.writeable:
            return False
        base = base.base
    return True


#: how many read-only curves' point lists :func:`pairs` keeps (the oldest goes first)
PAIRS_KEPT = 256
_PAIRS: dict[tuple[int, int], tuple[np.ndarray, np.ndarray, list[list[float]]]] = {}


#: how a read-out row turns a View into the text it shows
Shown = Callable[[Any], str]


def numbers(*attrs: str, digits: int = 4) -> dict[str, Shown]:
    """Read-out rows that show the View's attributes ``attrs`` as numbers (row key = attribute),
    by the one small-number rule (:func:`fmt_small`: a nonzero value never reads as zero)."""

    def shown(attr: str) -> Shown:
        return lambda view: fmt_small(getattr(view, attr), digits)

    return {a: shown(a) for a in attrs}


def at(point: tuple[float, float]) -> list[list[float]]:
    """The data of a one-point series at ``point`` (x, y), rounded as the curves are."""
    x, y = point
    return [[round(x, 5), round(y, 6)]]


#: a legend entry's text is about this many font sizes wide per character (a generous guess:
#: too wide costs a little room on a screen where the legend just fits, too narrow an overlap);
#: a wide character (Chinese) takes a whole font size
LEGEND_CHAR_EM = 0.6


def text_em(text: str) -> float:
    """How many font sizes wide ``text`` is, about: 1 per wide (CJK) character, else
    :data:`LEGEND_CHAR_EM`.

    Example:
        >>> text_em("loss"), text_em("损失")
        (2.4, 2.0)
    """
    wide = sum(unicodedata.east_asian_width(ch) in ("W", "F") for ch in text)
    return wide + (len(text) - wide) * LEGEND_CHAR_EM


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
    width = sum(35 + text_em(str(n)) * size for n in names) + 10 * len(names)
    media = []
    for lines in (2, 3):
        needed = legend_top + 24 * lines - 10 + 22
        if needed > top:
            narrow = {"maxWidth": round(width / (lines - 1))}
            media.append({"query": narrow, "option": {"grid": {"top": needed}}})
    if media:  # the rule without a query is ECharts' default, restored when a screen widens
        options["media"] = [{"option": {"grid": {"top": top}}}, *media]
    return options


def renew(live: dict[str, Any], fresh: dict[str, Any]) -> dict[str, Any]:
    """Make the options ``live`` (a chart's) those of ``fresh``, with the room for a wrapped
    legend (:func:`legend_room`); returns ``live``.

    ``live`` is changed in place, down to its nested parts where both have the same shape (a
    series stays the same dict, its data list is replaced), so that whatever holds a part of
    it (a page's series by id) sees the new values. A page builds its chart's options for each
    new View and renews them; the chart then sends them to the browser as it always does.
    """
    _merge(live, legend_room(fresh))
    return live


def _merge(live: dict[str, Any], fresh: dict[str, Any]) -> None:
    for key in [k for k in live if k not in fresh]:
        del live[key]
    for key, new in fresh.items():
        old = live.get(key)
        if old is new:
            continue
        if isinstance(old, dict) and isinstance(new, dict):
            _merge(old, new)
        elif isinstance(old, list) and _same_shape(old, new):
            for o, n in zip(old, new, strict=True):
                _merge(o, n)
        else:
            live[key] = new


def _same_shape(old: Any, new: Any) -> bool:
    """Two lists of as many dicts (a chart's series, its axes); a curve's points fail at the
    first."""
    return (
        isinstance(old, list)
        and isinstance(new, list)
        and len(old) == len(new)
        and all(isinstance(x, dict) for x in old)
        and all(isinstance(x, dict) for x in new)
    )


def components(options: Mapping[str, Any], name: str) -> list[Any]:
    """An options' component ``name`` (``"xAxis"``, ``"grid"``) as a list, as ECharts reads
    one given alone or as a list; an absent one is one empty component."""
    found = options.get(name)
    return list(found) if isinstance(found, list) else [found or {}]


def item_value(item: Any) -> Any:
    """A data item's value (``{"value": v, …}`` or ``v``)."""
    return item.get("value") if isinstance(item, Mapping) else item


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

    The legend lists the curves only (a current point shares its curve's name, colour and
    marker); each curve has a dash of its own (:func:`distinguish`).
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
        "series": distinguish(series),
    }


def race_chart(
    title: str, epoch: str, names: Sequence[str], *, log: bool = False
) -> dict[str, Any]:
    """ECharts options for one metric of the Lab's race: the cross-entropy run and the
    squared-error run (named ``names``) over the epochs, empty until drawn; the second run's
    line dashed, its points triangles (:func:`distinguish`)."""
    return {
        "animation": False,
        "color": [PALETTE[0], PALETTE[1]],
        "title": {"text": title, "left": 8, "top": 2, "textStyle": {"fontSize": 13}},
        "legend": {"left": 8, "top": 22},
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 56, "right": 16, "top": 52, "bottom": 40},
        "xAxis": {
            "type": "value",
            "name": epoch,
            "nameLocation": "middle",
            "nameGap": 26,
            "min": 0,
        },
        "yAxis": {"type": "log" if log else "value", "scale": True},
        "series": distinguish(
            [
                # symbols show on short runs (one epoch is one point), hide when the line is dense
                {"name": names[0], "type": "line", "data": [], "symbolSize": 5},
                {"name": names[1], "type": "line", "data": [], "symbolSize": 5},
            ]
        ),
    }
