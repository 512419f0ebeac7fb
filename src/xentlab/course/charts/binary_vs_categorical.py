"""What section 6 shows of a View: the prediction's read-out as one sigmoid output, as a 2-class
softmax and as a K-class softmax, whether the first two losses agree, and the chart of the
binary loss and the K-class loss across the logit z.

The page (:mod:`xentlab.app.pages.sections.binary_vs_categorical`), the notebook widget and the
static figure all draw these.
"""

from __future__ import annotations

from typing import Any

from xentlab.course.charts import (
    Shown,
    at,
    curve,
    fmt_small,
    legend_room,
    line_options,
    numbers,
    pairs,
    point,
)
from xentlab.course.charts.panel import Note, Panel, Plot, rows
from xentlab.course.lessons.binary_vs_categorical import View, Z
from xentlab.course.theme import BLUE, VIOLET

__all__ = [
    "BINARY_ROWS",
    "K_ROWS",
    "TWO_ROWS",
    "k_labels",
    "k_name",
    "k_title",
    "options",
    "panel",
    "same",
]

#: the read-out as one sigmoid output: row key (its label's key in the content, its test id)
#: → its text for a View
BINARY_ROWS: dict[str, Shown] = numbers("sigmoid_p", "bce")

#: the read-out as a 2-class softmax of the logits (0, z): both probabilities, then the loss
TWO_ROWS: dict[str, Shown] = {
    "softmax2": lambda v: "({}, {})".format(*(fmt_small(float(p)) for p in v.softmax2)),
    **numbers("ce2"),
}

#: the read-out with K classes, logits (0, z, 0, …): labelled by :func:`k_labels`
K_ROWS: dict[str, Shown] = numbers("p_true_k", "ce_k", "chance_k")


def k_labels(v: View, c: dict[str, Any]) -> dict[str, str]:
    """The labels of :data:`K_ROWS`: the K-class loss names its class count."""
    labels = c["labels"]
    return {
        "p_true_k": labels["probs_k"],
        "ce_k": labels["ce_k"].format(k=v.k),
        "chance_k": labels["chance_k"],
    }


def k_title(v: View, c: dict[str, Any]) -> str:
    """The heading of the K-class read-out: K and the logits (0, z, 0, …)."""
    text: str = c["labels"]["k_title"].format(k=v.k)
    return text


def same(v: View, c: dict[str, Any]) -> str:
    """That BCE(σ(z), y) and CE((0, z), y) agree: exactly, or up to the rounding ``v.gap``."""
    labels = c["labels"]
    text: str = (
        labels["same_rounding"].format(diff=f"{v.gap:.1e}") if v.gap else labels["same_exact"]
    )
    return text


def k_name(v: View, c: dict[str, Any]) -> str:
    """The K-class curve's name: K, or that it is the binary curve dashed (K = 2)."""
    chart_c = c["chart"]
    name: str = chart_c["ce_k_same" if v.curves_coincide else "ce_k"].format(k=v.k)
    return name


def options(v: View, c: dict[str, Any]) -> dict[str, Any]:
    """The chart: the binary loss and the K-class loss across z, each with its current point;
    the K-class curve and ln K (a uniform guess) dashed."""
    chart_c, name = c["chart"], k_name(v, c)
    # the binary curve is a broad pale band and the K-class curve a dashed line on top, so
    # that at K = 2, where the two coincide, both stay visible
    bce = curve("bce", chart_c["bce"], pairs(v.curve_x, v.bce_curve), BLUE)
    bce["lineStyle"] = {"width": 7, "opacity": 0.45}
    ce_k = curve("ce_k", name, pairs(v.curve_x, v.ce_k_curve), VIOLET)
    ce_k["lineStyle"]["type"] = "dashed"
    ce_k["z"] = 3
    ce_k["markLine"] = {
        "symbol": "none",
        "silent": True,
        "lineStyle": {"type": "dashed", "color": "#6b7280"},
        "label": {"formatter": chart_c["chance"], "position": "insideEndTop"},
        "data": [{"yAxis": round(v.chance_k, 6)}],
    }
    bce_point = point("bce_point", chart_c["bce"], BLUE)
    bce_point["data"] = at(v.bce_point)
    ce_k_point = {**point("ce_k_point", name, VIOLET), "symbolSize": 8, "z": 6}
    ce_k_point["data"] = at(v.ce_k_point)
    out = line_options(
        chart_c["x"], chart_c["y"], [bce, ce_k, bce_point, ce_k_point], x_range=(Z.lo, Z.hi)
    )
    # the legend's room is measured from its longest names (K = 2's), whatever K is: it stays
    # put as K moves (new room would redraw the whole chart in the browser)
    widest = [chart_c["bce"], chart_c["ce_k_same"].format(k=2)]
    room = legend_room({**out, "legend": {**out["legend"], "data": widest}}).get("media")
    if room is not None:
        out["media"] = room
    return out


def panel(v: View, c: dict[str, Any], ui: dict[str, Any]) -> Panel:
    """Everything section 6 shows of ``v``."""
    labels = c["labels"]
    return Panel(
        rows=(
            *rows(BINARY_ROWS, labels, v),
            *rows(TWO_ROWS, labels, v),
            *rows(K_ROWS, k_labels(v, c), v),
        ),
        notes=(Note("same", same(v, c), tone="good"), Note("k_title", k_title(v, c))),
        charts=(Plot("chart", options(v, c), 416),),
    )
