"""What section 1 shows of a View: its read-out rows, the worked substitution, the verdict, the
words at the ŷ slider's ends and the chart of both loss curves.

The page (:mod:`xentlab.app.pages.sections.bce`) and the notebook widget both lay these out.
"""

from __future__ import annotations

from typing import Any

from xentlab.course.charts import (
    Shown,
    at,
    curve,
    fmt,
    line_options,
    numbers,
    pairs,
    percent,
    point,
)
from xentlab.course.charts.panel import Note, Panel, Plot, rows
from xentlab.course.lessons.bce import View
from xentlab.course.theme import BLUE, INK, RED

__all__ = ["ROWS", "TONES", "options", "panel", "slider_ends", "verdict", "worked"]

#: the tone of a verdict, by its key (the page colours it so)
TONES = {
    "right_confident": "good",
    "right_unsure": "info",
    "wrong_unsure": "warn",
    "wrong_confident": "bad",
    "undecided": "neutral",
}

#: the read-out: row key (its label's key in the content, its test id) → its text for a View
ROWS: dict[str, Shown] = {
    **numbers("loss", "dloss_dyhat", "logit", "dloss_dlogit"),
    "predicted": lambda v: str(v.predicted),
    "confidence": lambda v: percent(v.confidence),
}


def worked(v: View, c: dict[str, Any]) -> str:
    """The loss written out with the current numbers (``c``: the section's content)."""
    template: str = c["worked"][v.worked_form]
    return template.format(yhat=fmt(v.yhat, 2), p=fmt(v.p_true, 2), loss=fmt(v.loss))


def verdict(v: View, ui: dict[str, Any]) -> str:
    """What the prediction is, in words (``ui``: the shared strings; ``v.verdict`` is its key)."""
    text: str = ui["verdicts"][v.verdict]
    return text


def slider_ends(v: View, c: dict[str, Any]) -> list[str]:
    """What the left end, the middle and the right end of the ŷ slider mean for the label."""
    ends: list[str] = c["slider_ends"][f"if_{v.y}"]
    return ends


def options(v: View, c: dict[str, Any], ui: dict[str, Any]) -> dict[str, Any]:
    """The chart: the loss curves of both labels (the true label's in full colour) and the
    current point on it."""
    chart_c = c["chart"]
    series = [
        curve("if_1", chart_c["if_1"], pairs(v.curve_x, v.curve_if_1), BLUE),
        curve("if_0", chart_c["if_0"], pairs(v.curve_x, v.curve_if_0), RED),
        point("point", ui["current"], INK),
    ]
    for s, label in ((series[0], 1), (series[1], 0)):
        s["lineStyle"]["opacity"] = 1.0 if v.y == label else 0.3
    series[2]["data"] = at(v.point)
    return line_options(chart_c["x"], chart_c["y"], series, y_max=5)


def panel(v: View, c: dict[str, Any], ui: dict[str, Any]) -> Panel:
    """Everything section 1 shows of ``v``."""
    return Panel(
        rows=rows(ROWS, c["labels"], v),
        hints={"yhat": slider_ends(v, c)},
        notes=(
            Note("worked", worked(v, c), label=c["labels"]["worked"], mono=True),
            Note("verdict", verdict(v, ui), tone=TONES[v.verdict]),
        ),
        charts=(Plot("chart", options(v, c, ui), 360),),
    )
