"""What section 5 shows of a View: the example's likelihood, log-likelihood and loss, the batch
it belongs to (a table and its product and mean loss) and the chart of the three curves.

The page (:mod:`xentlab.app.pages.sections.likelihood`), the notebook widget and the static
figure all draw these.
"""

from __future__ import annotations

from typing import Any

from xentlab.course.charts import (
    AXIS_NUMBER,
    Shown,
    at,
    curve,
    fmt,
    fmt_small,
    line_options,
    numbers,
    pairs,
    point,
)
from xentlab.course.charts.panel import Panel, Plot, Table, rows
from xentlab.course.lessons.likelihood import View
from xentlab.course.theme import GREEN, RED, VIOLET

__all__ = ["BATCH_COLUMNS", "ROWS", "SUMMARY", "UPPER_HALF", "batch", "options", "panel"]

#: labels of the likelihood's axis: its lower half (below the shared zero line) stays blank
UPPER_HALF = "v => v < 0 ? '' : String(v)"

#: the read-out: row key (its label's key in the content, its test id) → its text for a View
ROWS: dict[str, Shown] = numbers("likelihood", "log_likelihood", "loss")

#: the batch's summary: the product of its likelihoods, −(1/N) ln of it and the mean loss
SUMMARY: dict[str, Shown] = {
    "product": lambda v: fmt_small(v.batch_product),
    "nll_of_product": lambda v: fmt_small(v.batch_nll_of_product),
    "mean_loss": lambda v: fmt_small(v.batch_mean_loss),
}

#: the batch table's number columns: cell key (its test id ``batch-<key>-<n>``) → heading key
BATCH_COLUMNS = {"yhat": "yhat", "y": "label", "lik": "lik", "loss": "loss_col"}


def batch(v: View, c: dict[str, Any]) -> Table:
    """The example and the rest of the batch, one row each: its name, ŷ, y, its likelihood and
    its loss."""
    labels = c["labels"]
    return Table(
        "batch",
        (labels["example"], *(labels[key] for key in BATCH_COLUMNS.values())),
        tuple(
            (
                labels["this_example"] if n == 0 else str(n + 1),
                fmt(float(yhat), 2),
                f"{y:.0f}",
                fmt_small(float(lik)),
                fmt_small(float(loss)),
            )
            for n, (yhat, y, lik, loss) in enumerate(
                zip(v.batch_yhat, v.batch_y, v.batch_likelihood, v.batch_loss, strict=True)
            )
        ),
        caption=labels["batch_title"],
    )


def options(v: View, c: dict[str, Any]) -> dict[str, Any]:
    """The chart: the loss and the log-likelihood on the left axis, mirror images about 0; the
    likelihood on a right axis in [0, 1] whose 0 sits on the same line; each with its point."""
    chart_c = c["chart"]
    curves, points = [], []
    for sid, values, at_point, color in (
        ("loss", v.loss_curve, v.loss_point, RED),
        ("log_likelihood", v.log_likelihood_curve, v.log_likelihood_point, VIOLET),
        ("likelihood", v.likelihood_curve, v.likelihood_point, GREEN),
    ):
        axis = {"yAxisIndex": 1} if sid == "likelihood" else {}
        curves.append({**curve(sid, chart_c[sid], pairs(v.curve_x, values), color), **axis})
        points.append({**point(f"{sid}_point", chart_c[sid], color), **axis})
        points[-1]["data"] = at(at_point)
    series = curves + points
    options = line_options(chart_c["x"], chart_c["y"], series, y_max=5)
    options["yAxis"] |= {"min": -5, "interval": 2.5, "axisLabel": {":formatter": AXIS_NUMBER}}
    options["xAxis"]["axisLine"] = {"onZero": False}  # the ŷ axis stays at the bottom
    options["yAxis"] = [
        options["yAxis"],
        {
            "type": "value",
            "name": chart_c["likelihood"],
            "nameLocation": "middle",
            "nameGap": 36,
            "min": -1,
            "max": 1,
            "interval": 0.5,
            "axisLabel": {":formatter": UPPER_HALF},
            "splitLine": {"show": False},
        },
    ]
    options["grid"] |= {"right": 56, "top": 64}  # room for the legend on two lines (phones)
    return options


def panel(v: View, c: dict[str, Any], ui: dict[str, Any]) -> Panel:
    """Everything section 5 shows of ``v``."""
    labels = c["labels"]
    return Panel(
        rows=(*rows(ROWS, labels, v), *rows(SUMMARY, labels, v)),
        tables=(batch(v, c),),
        charts=(Plot("chart", options(v, c), 384),),
    )
