"""What section 4 shows of a View: the size of each loss's gradient at the logit, σ′(z), how
many times harder cross-entropy pushes, and the chart of both gradient sizes across ŷ.

The page (:mod:`xentlab.app.pages.sections.slow_mse`), the notebook widget and the static figure
all draw these; the chart is section 3's pair chart (:func:`xentlab.course.charts.ce_vs_mse.pair`).
"""

from __future__ import annotations

from typing import Any

from xentlab.course.charts import Shown, fmt, numbers
from xentlab.course.charts.ce_vs_mse import pair
from xentlab.course.charts.panel import Panel, Plot, rows
from xentlab.course.lessons.slow_mse import View

__all__ = ["ROWS", "options", "panel"]

#: the read-out: row key (its label's key in the content, its test id) → its text for a View
ROWS: dict[str, Shown] = {
    **numbers("ce_grad", "mse_grad", "sigmoid_slope"),
    "ratio": lambda v: f"{fmt(v.ratio, 1)}×",
}


def options(v: View, c: dict[str, Any]) -> dict[str, Any]:
    """The chart: |∂CE/∂z| and |∂MSE/∂z| across ŷ for the true label (at most 1), and the
    current points."""
    return pair(v, c, y_max=1)


def panel(v: View, c: dict[str, Any], ui: dict[str, Any]) -> Panel:
    """Everything section 4 shows of ``v``."""
    return Panel(rows=rows(ROWS, c["labels"], v), charts=(Plot("chart", options(v, c), 384),))
