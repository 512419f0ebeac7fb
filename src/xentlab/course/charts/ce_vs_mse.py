"""What section 3 shows of a View: both losses and both gradients (read-out rows, laid out by the
page as a two-column grid), the comparison table and the chart of both loss curves.

The page (:mod:`xentlab.app.pages.sections.ce_vs_mse`), the notebook widget and the static figure
all draw these. Section 4 (:mod:`xentlab.course.charts.slow_mse`) draws its gradient sizes with
the same pair chart (:func:`pair`).
"""

from __future__ import annotations

from typing import Any

from xentlab.course.charts import Shown, at, curve, line_options, numbers, pairs, point
from xentlab.course.charts.panel import Panel, Plot, Table, rows
from xentlab.course.lessons import slow_mse
from xentlab.course.lessons.ce_vs_mse import View
from xentlab.course.theme import BLUE, RED

__all__ = ["GRID", "ROWS", "comparison", "options", "pair", "panel"]

#: the read-out as the page lays it out: (row heading's label key, cross-entropy's row key,
#: squared error's row key), one line per quantity
GRID = (
    ("value", "ce", "mse"),
    ("d_dyhat", "dce_dyhat", "dmse_dyhat"),
    ("d_dz", "dce_dz", "dmse_dz"),
)

#: the read-out: row key (its label's key in the content, its test id) → its text for a View
ROWS: dict[str, Shown] = numbers(*(key for _, ce, mse in GRID for key in (ce, mse)))


def pair(v: View | slow_mse.View, c: dict[str, Any], y_max: float) -> dict[str, Any]:
    """A cross-entropy curve and a squared-error curve across ŷ, each with its current point, on
    an axis up to ``y_max`` (the losses here, their gradients at the logit in section 4)."""
    chart_c = c["chart"]
    series = [
        curve("ce", chart_c["ce"], pairs(v.curve_x, v.ce_curve), BLUE),
        curve("mse", chart_c["mse"], pairs(v.curve_x, v.mse_curve), RED),
        point("ce_point", chart_c["ce"], BLUE),
        point("mse_point", chart_c["mse"], RED),
    ]
    series[2]["data"] = at(v.ce_point)
    series[3]["data"] = at(v.mse_point)
    return line_options(chart_c["x"], chart_c["y"], series, y_max=y_max)


def options(v: View, c: dict[str, Any]) -> dict[str, Any]:
    """The chart: both losses across ŷ for the true label, and the current points."""
    return pair(v, c, y_max=5)


def comparison(c: dict[str, Any]) -> Table:
    """How the two losses compare, aspect by aspect (the same for every View)."""
    labels = c["labels"]
    return Table(
        "comparison",
        (labels["table_aspect"], labels["ce"], labels["mse"]),
        tuple((row["aspect"], row["ce"], row["mse"]) for row in c["table"]),
        caption=labels["table_title"],
    )


def panel(v: View, c: dict[str, Any], ui: dict[str, Any]) -> Panel:
    """Everything section 3 shows of ``v``."""
    return Panel(
        rows=rows(ROWS, c["labels"], v),
        tables=(comparison(c),),
        charts=(Plot("chart", options(v, c), 384),),
    )
