"""What section 2 shows of a View: its read-out rows, the opening example, the worked
substitution, the verdict, both kinds of target and the chart of probabilities, target and
gradient per class.

The page (:mod:`xentlab.app.pages.sections.softmax_ce`) and the notebook widget both lay these out.
"""

from __future__ import annotations

from typing import Any

from xentlab.course.charts import AXIS_NUMBER, Shown, fmt, fmt_small, numbers
from xentlab.course.charts.panel import Note, Panel, Plot, Table, rows
from xentlab.course.lessons.softmax_ce import View
from xentlab.course.theme import BLUE, GREY, RED

__all__ = [
    "CLASS_COLUMNS",
    "ROWS",
    "SUBSCRIPT",
    "TARGET_ROWS",
    "calls",
    "class_table",
    "example",
    "options",
    "panel",
    "verdict",
    "worked",
]

#: subscript digits, for the class index in the worked substitution (ŷ₀)
SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")

#: the read-out: row key (its label's key in the content, its test id) → its text for a View
ROWS: dict[str, Shown] = {
    **numbers("loss"),
    "predicted": lambda v: str(v.predicted),
    **numbers("confidence"),
}


#: the same loss from each kind of target: row key → its text (label keys ``sparse``, ``dense``)
TARGET_ROWS: dict[str, Shown] = {
    "loss_sparse": lambda v: fmt_small(v.loss),
    "loss_one_hot": lambda v: fmt_small(v.loss_one_hot),
}

#: the class table's columns: cell key prefix (its test id ``<key>-<class>``) → heading
CLASS_COLUMNS = {"prob": "ŷᵢ", "onehot": "yᵢ", "grad": "∂L/∂zᵢ"}


def _target_labels(labels: dict[str, str]) -> dict[str, str]:
    return {"loss_sparse": labels["sparse"], "loss_one_hot": labels["dense"]}


def class_table(v: View, c: dict[str, Any]) -> Table:
    """Each class's ŷᵢ, yᵢ and ∂L/∂zᵢ, one row per class (its first cell the class's name)."""
    name = c["labels"]["class_name"]
    return Table(
        "classes",
        ("", *CLASS_COLUMNS.values()),
        tuple(
            (name.format(i=i), fmt_small(float(p)), f"{y:.0f}", fmt_small(float(g)))
            for i, (p, y, g) in enumerate(zip(v.probs, v.one_hot, v.grad, strict=True))
        ),
    )


def example(v: View, c: dict[str, Any]) -> str:
    """The opening cat-or-dog example with its numbers (Markdown)."""
    cat, dog = (fmt(p, 1) for p in v.example_probs)
    text: str = c["example"]["text"].format(
        cat=cat, dog=dog, loss=fmt(v.example_loss), flipped=fmt(v.example_flipped_loss)
    )
    return text


def worked(v: View, c: dict[str, Any]) -> str:
    """The loss written out with the current numbers."""
    text: str = c["worked"][v.worked_form].format(
        c=str(v.target).translate(SUBSCRIPT),
        t=fmt(v.temperature, 1),
        p=fmt_small(v.p_true),
        loss=fmt(v.loss),
    )
    return text


def verdict(v: View, c: dict[str, Any]) -> str:
    """Whether the predicted class is the true class, in words (``v.right`` says which)."""
    text: str = c["labels"]["right" if v.right else "wrong"]
    return text


def calls(v: View, c: dict[str, Any]) -> dict[str, str]:
    """The library call with each kind of target: ``sparse`` (the class index) and ``dense``
    (the one-hot vector); both give ``v.loss``."""
    labels = c["labels"]
    one_hot = ", ".join(f"{y:.0f}" for y in v.one_hot)
    return {
        "sparse": labels["sparse_call"].format(c=v.target),
        "dense": labels["dense_call"].format(one_hot=one_hot),
    }


def _x_axes(c: dict[str, Any], n: int) -> list[dict[str, Any]]:
    """The class axes of both grids: every class labelled (interval 0), by its index alone."""
    chart_c = c["chart"]
    names = [chart_c["tick"].format(i=i) for i in range(n)]
    return [
        {
            "type": "category",
            "data": names,
            "gridIndex": 0,
            "name": chart_c["x"],
            "nameLocation": "middle",
            "nameGap": 22,
            "axisLabel": {"interval": 0},
        },
        {"type": "category", "data": names, "gridIndex": 1, "axisLabel": {"show": False}},
    ]


def options(v: View, c: dict[str, Any]) -> dict[str, Any]:
    """The chart: softmax ŷ beside the one-hot target above, the gradient ∂L/∂z below (its
    axis over ±``v.grad_bound``)."""
    chart_c = c["chart"]
    return {
        "animation": False,
        "color": [BLUE, GREY, RED],
        "legend": {"top": 4, "textStyle": {"fontSize": 13}},
        "tooltip": {"trigger": "axis"},
        "grid": [
            {"left": 64, "right": 24, "top": 56, "height": "43%"},
            {"left": 64, "right": 24, "bottom": 16, "height": "24%"},
        ],
        "xAxis": _x_axes(c, len(v.probs)),
        "yAxis": [
            {
                "type": "value",
                "min": 0,
                "max": 1,
                "gridIndex": 0,
                "name": chart_c["y"],
                "nameLocation": "middle",
                "nameGap": 40,
            },
            {
                "type": "value",
                "gridIndex": 1,
                "name": chart_c["grad"],
                "nameLocation": "middle",
                "nameGap": 40,
                "min": -v.grad_bound,
                "max": v.grad_bound,
                "interval": v.grad_step,
                "axisLabel": {":formatter": AXIS_NUMBER},
            },
        ],
        "series": [
            {
                "id": "probs",
                "name": chart_c["probs"],
                "type": "bar",
                "data": [round(float(p), 6) for p in v.probs],
                "barGap": "10%",
                "xAxisIndex": 0,
                "yAxisIndex": 0,
                "color": BLUE,
            },
            {
                "id": "target",
                "name": chart_c["target"],
                "type": "bar",
                "data": [float(t) for t in v.one_hot],
                "xAxisIndex": 0,
                "yAxisIndex": 0,
                "color": GREY,
            },
            {
                "id": "grad",
                "name": chart_c["grad"],
                "type": "bar",
                "data": [round(float(g), 6) for g in v.grad],
                "xAxisIndex": 1,
                "yAxisIndex": 1,
                "color": RED,
            },
        ],
    }


def panel(v: View, c: dict[str, Any], ui: dict[str, Any]) -> Panel:
    """Everything section 2 shows of ``v`` (the class slider stops at the last class, as the
    page's class switch offers)."""
    labels, call = c["labels"], calls(v, c)
    return Panel(
        rows=(
            *rows(ROWS, labels, v),
            *rows(
                TARGET_ROWS, {"loss_sparse": labels["sparse"], "loss_one_hot": labels["dense"]}, v
            ),
        ),
        tables=(class_table(v, c),),
        limits={"target": {"max": len(v.probs) - 1}},
        notes=(
            Note("worked", worked(v, c), label=labels["worked"], mono=True),
            Note("verdict", verdict(v, c), tone="good" if v.right else "bad"),
            Note("calls", f"{call['sparse']}\n{call['dense']}", mono=True),
        ),
        charts=(Plot("chart", options(v, c), 360),),
    )
