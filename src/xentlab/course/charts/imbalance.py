"""What section 11 shows of a View: each class's weight and mean loss, the batch's plain and
weighted losses, the focal curves with the losses read at one pₜ, and the label-smoothing curves
with the floor H(y_smooth) marked under them.

The page (:mod:`xentlab.app.pages.sections.imbalance`), the notebook widget and the static
figure all draw these.
"""

from __future__ import annotations

from typing import Any

from xentlab.course.charts import Shown, at, curve, fmt, fmt_small, line_options, pairs, point
from xentlab.course.charts.panel import Note, Panel, Plot, rows
from xentlab.course.lessons.imbalance import View
from xentlab.course.theme import BLUE, GREEN, GREY, INK, RED

__all__ = [
    "BATCH_ROWS",
    "PT_ROWS",
    "SMOOTHING_ROWS",
    "class_labels",
    "class_rows",
    "focal",
    "panel",
    "smoothing",
]

#: the batch's losses and pos_weight: row key (its label's key in the content, its test id) →
#: its text for a View (pos_weight = n₀ / n₁, and the loss it scales, can be tiny)
BATCH_ROWS: dict[str, Shown] = {
    "plain": lambda v: fmt(v.plain_loss),
    "weighted": lambda v: fmt(v.weighted_loss),
    "pos_weight": lambda v: fmt_small(v.pos_weight, 3),
    "bce_plain": lambda v: fmt_small(v.bce_plain),
    "bce_weighted": lambda v: fmt_small(v.bce_pos_weighted),
}
#: the losses at the chosen pₜ: CE, the modulating factor, the focal loss and the share kept
#: (the last three fade towards 0 as pₜ → 1 and γ grows)
PT_ROWS: dict[str, Shown] = {
    "pt_ce": lambda v: fmt_small(v.pt_ce),
    "pt_factor": lambda v: fmt_small(v.pt_factor),
    "pt_focal": lambda v: fmt_small(v.pt_focal),
    "pt_kept": lambda v: fmt_small(v.pt_kept),
}
#: the smoothed target (class by class) and the floor it puts under the loss
SMOOTHING_ROWS: dict[str, Shown] = {
    "smoothed": lambda v: "  ".join(fmt_small(float(t)) for t in v.smoothed_target),
    "floor": lambda v: fmt_small(v.smoothing_floor),
}


def _element(attr: str, i: int) -> Shown:
    """A read-out row that shows element ``i`` of the View's array ``attr``."""
    return lambda v: fmt_small(float(getattr(v, attr)[i]))


def class_rows(n: int) -> dict[str, Shown]:
    """The class table of ``n`` classes: each class's weight w_c (``weight-{i}``) and the mean
    loss of its examples (``class-loss-{i}``)."""
    shown: dict[str, Shown] = {}
    for i in range(n):
        shown[f"weight-{i}"] = _element("weights", i)
        shown[f"class-loss-{i}"] = _element("per_class_plain", i)
    return shown


def class_labels(n: int, c: dict[str, Any]) -> dict[str, str]:
    """The labels of :func:`class_rows`: the content's, numbered by class."""
    labels = c["labels"]
    named: dict[str, str] = {}
    for i in range(n):
        named[f"weight-{i}"] = labels["weights"].format(i=i)
        named[f"class-loss-{i}"] = labels["per_class"].format(i=i)
    return named


def focal(v: View, c: dict[str, Any]) -> dict[str, Any]:
    """The focal chart: cross-entropy −ln pₜ, the focal loss α (1 − pₜ)^γ (−ln pₜ) and the
    modulating factor (1 − pₜ)^γ (dashed), with both losses marked at the chosen pₜ."""
    chart_c = c["chart"]
    series = [
        curve("ce", chart_c["ce"], pairs(v.focal_x, v.focal_ce), BLUE),
        curve("focal", chart_c["focal"], pairs(v.focal_x, v.focal_loss), RED),
        {
            **curve("modulating", chart_c["modulating"], pairs(v.focal_x, v.modulating), GREEN),
            "lineStyle": {"type": "dashed", "width": 2},
        },
        point("ce_point", chart_c["ce"], BLUE),
        point("focal_point", chart_c["focal"], RED),
    ]
    series[3]["data"] = at(v.pt_points[0])
    series[4]["data"] = at(v.pt_points[1])
    return line_options(chart_c["focal_x"], chart_c["focal_y"], series, y_max=3)


def smoothing(v: View, c: dict[str, Any]) -> dict[str, Any]:
    """The smoothing chart: the loss against the one-hot target and with label smoothing ε,
    the smoothed curve's lowest point, and its floor H(y_smooth) marked as a dashed line."""
    chart_c = c["chart"]
    floor = round(v.smoothing_floor, 6)
    label = {"formatter": chart_c["floor"].format(floor=fmt_small(floor))}
    smoothed = curve("smoothed", chart_c["smoothed"], pairs(v.smooth_x, v.smooth_loss), RED)
    smoothed["markLine"] = {
        "symbol": "none",
        "silent": True,
        "data": [{"yAxis": floor, "label": label}],
        "lineStyle": {"color": GREY, "type": "dashed", "width": 1.5},
        "label": {"position": "insideStartTop", "color": INK},
    }
    best = point("best", chart_c["best"], RED)
    best["data"] = at(v.smooth_best)
    return line_options(
        chart_c["smooth_x"],
        chart_c["smooth_y"],
        [curve("plain", chart_c["plain"], pairs(v.smooth_x, v.smooth_plain), BLUE), smoothed, best],
        y_max=3,
    )


def panel(v: View, c: dict[str, Any], ui: dict[str, Any]) -> Panel:
    """Everything section 11 shows of ``v``: the class table, the batch's losses, the losses at
    pₜ and the smoothed target, then both charts with the notes under them."""
    labels, n = c["labels"], len(v.weights)
    return Panel(
        rows=(
            *rows(class_rows(n), class_labels(n, c), v),
            *rows(BATCH_ROWS, labels, v),
            *rows(PT_ROWS, labels, v),
            *rows(SMOOTHING_ROWS, labels, v),
        ),
        notes=(
            Note("focal_note", labels["focal_note"]),
            Note("smoothing_note", labels["smoothing_note"]),
        ),
        charts=(Plot("chart", focal(v, c), 320), Plot("smoothing-chart", smoothing(v, c), 288)),
    )
