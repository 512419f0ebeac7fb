"""What section 7 shows of a View: its read-out rows (in the chosen unit) and the charts of P
and Q's bars and of H(P, Q) = H(P) + D_KL(P‖Q) as one stacked bar.

The page (:mod:`xentlab.app.pages.sections.entropy_kl`) and the notebook widget both lay these out.
"""

from __future__ import annotations

from typing import Any

from xentlab.course.charts import Shown, bar_options, fmt_small, numbers
from xentlab.course.charts.panel import Note, Panel, Plot, Table
from xentlab.course.charts.panel import rows as panel_rows
from xentlab.course.lessons.entropy_kl import View
from xentlab.course.theme import AMBER, BLUE, INK

__all__ = ["UNBOUNDED", "bars", "panel", "probabilities", "row_labels", "rows", "stack"]

#: the stripes of an unbounded (infinite) bar
UNBOUNDED = {"symbol": "rect", "dashArrayX": [1, 0], "dashArrayY": [3, 5], "rotation": -0.785}


def rows(c: dict[str, Any]) -> dict[str, Shown]:
    """The read-out: row key (its label's key in the content, its test id) → its text for a
    View; the quantities are followed by their unit in the content's words."""
    labels = c["labels"]

    def in_unit(attr: str) -> Shown:
        return lambda v: f"{fmt_small(getattr(v, attr))} {labels['unit_' + v.unit]}"

    return {
        **{key: in_unit(key) for key in ("entropy", "cross_entropy", "kl", "kl_reverse")},
        **numbers("perplexity_p", "perplexity_pq", digits=3),
    }


def row_labels(unit: str, c: dict[str, Any]) -> dict[str, str]:
    """The read-out's labels: the content's, with the perplexities' base named for ``unit``
    (2 for bits, e for nats)."""
    labels = c["labels"]
    return {
        **labels,
        "perplexity_p": labels[f"perplexity_p_{unit}"],
        "perplexity_pq": labels[f"perplexity_pq_{unit}"],
    }


def probabilities(v: View, c: dict[str, Any]) -> Table:
    """P's and Q's probabilities (the weights divided by their sums), outcome by outcome; each
    row's first cell names it."""
    labels = c["labels"]
    return Table(
        "probs",
        (labels["outcomes"], *(str(i + 1) for i in range(len(v.p)))),
        tuple(
            (labels[f"{name}_probs"], *(fmt_small(float(x), 3) for x in getattr(v, name)))
            for name in ("p", "q")
        ),
    )


def bars(v: View, c: dict[str, Any]) -> dict[str, Any]:
    """The chart of P's and Q's probabilities, outcome by outcome."""
    labels, chart_c = c["labels"], c["chart"]
    names = [str(i + 1) for i in range(len(v.p))]
    options = bar_options(
        names, chart_c["bars_x"], chart_c["bars_y"], {"p": labels["p"], "q": labels["q"]}
    )
    p, q = options["series"]
    p["data"] = [round(float(x), 6) for x in v.p]
    q["data"] = [round(float(x), 6) for x in v.q]
    return options


def _kl_bar(v: View, labels: dict[str, str]) -> dict[str, Any]:
    """The KL part of the stacked bar: an infinite KL runs to the axis end, striped, marked ∞."""
    if not v.kl_infinite:
        return {"value": round(v.kl_bar, 6)}
    return {
        "value": round(v.kl_bar, 6),
        "itemStyle": {"decal": {**UNBOUNDED, "color": "rgba(255, 255, 255, 0.45)"}},
        "label": {
            "show": True,
            "position": "insideRight",
            "formatter": labels["infinite"],
            "fontSize": 20,
            "fontWeight": "bold",
            "color": INK,
            "backgroundColor": "#ffffff",
            "borderRadius": 3,
            "padding": [0, 4],
        },
    }


def stack(v: View, c: dict[str, Any]) -> dict[str, Any]:
    """The chart of H(P, Q) as H(P) and D_KL(P‖Q) stacked (its axis ends at ``v.stack_top``)."""
    chart_c, labels = c["chart"], c["labels"]
    return {
        "animation": False,
        "legend": {"top": 4},
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 96, "right": 24, "top": 40, "bottom": 40},
        "xAxis": {
            "type": "value",
            "min": 0,
            "max": v.stack_top,
            "name": chart_c[f"stack_axis_{v.unit}"],
            "nameLocation": "middle",
            "nameGap": 26,
        },
        "yAxis": {"type": "category", "data": [labels["cross_entropy"]]},
        "series": [
            {
                "id": "entropy",
                "name": chart_c["stack_entropy"],
                "type": "bar",
                "stack": "h",
                "data": [round(v.entropy, 6)],
                "color": BLUE,
            },
            {
                "id": "kl",
                "name": chart_c["stack_kl"],
                "type": "bar",
                "stack": "h",
                "data": [_kl_bar(v, labels)],
                "color": AMBER,
            },
        ],
    }


def panel(v: View, c: dict[str, Any], ui: dict[str, Any]) -> Panel:
    """Everything section 7 shows of ``v``: a warning where Q misses an outcome P has."""
    misses = (Note("misses", c["labels"]["misses"], tone="bad"),) if v.q_misses_p else ()
    return Panel(
        rows=panel_rows(rows(c), row_labels(v.unit, c), v),
        notes=misses,
        tables=(probabilities(v, c),),
        charts=(Plot("chart", bars(v, c), 256), Plot("stack-chart", stack(v, c), 128)),
    )
