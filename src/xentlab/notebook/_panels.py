"""What a notebook widget shows of a section's View, as JSON for the browser.

A panel is the section's title, its read-out rows (label and text), words under a control
(``hints``: what the ends of section 1's slider mean), a slider's bounds where the View
narrows its declared ones (``limits``: section 2's class index), its notes (a worked substitution, a
verdict) and its charts (ECharts options) or, for a section whose charts are
not shared yet, the static Matplotlib figure of the same View (a PNG). Sections 1, 2 and 7
read their rows, texts and chart options from :mod:`xentlab.course.charts` (the same builders as
their web pages); every other section shows its View's numbers, labelled by its content, and
its figure (:mod:`xentlab.figures`).

Nothing here computes a number of the lessons, and nothing imports a widget library.
"""

from __future__ import annotations

import base64
import dataclasses
import io
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from xentlab.course.charts import Shown, fmt, legend_room
from xentlab.course.charts import bce as bce_charts
from xentlab.course.charts import entropy_kl as entropy_kl_charts
from xentlab.course.charts import softmax_ce as softmax_ce_charts
from xentlab.course.sections import Section

__all__ = ["CONTROL_NAMES", "FIGURE_DPI", "SHARED", "Panel", "figure_png", "numbers_of", "panel"]

#: the resolution of a figure shown in place of charts (a notebook's cell is ~900 px wide)
FIGURE_DPI = 80

#: sections whose page and widget share their rows and charts (xentlab.course.charts.<key>)
SHARED = ("bce", "softmax_ce", "entropy_kl")

#: a control whose label is the content's label of another name (P's weights, not P), as
#: the section's page labels it
CONTROL_NAMES: dict[str, dict[str, str]] = {
    "entropy_kl": {"p": "p_weights", "q": "q_weights"},
    "stability": {"log_scale": "scale"},
    "applications": {"teacher": "teacher_logits", "student": "student_logits"},
}

#: the colour of a verdict, by its key (as the page's verdict styles)
BCE_TONES = {
    "right_confident": "good",
    "right_unsure": "info",
    "wrong_unsure": "warn",
    "wrong_confident": "bad",
    "undecided": "neutral",
}

Panel = dict[str, Any]
Content = dict[str, Any]


def _rows(rows: Mapping[str, Shown], labels: Mapping[str, str], v: Any) -> list[dict[str, str]]:
    return [{"key": k, "label": labels[k], "text": shown(v)} for k, shown in rows.items()]


def _chart(key: str, options: dict[str, Any], height: int) -> dict[str, Any]:
    return {"key": key, "options": legend_room(options), "height": height}


def _bce(v: Any, c: Content, ui: Content) -> Panel:
    return {
        "readout": _rows(bce_charts.ROWS, c["labels"], v),
        "hints": {"yhat": bce_charts.slider_ends(v, c)},
        "notes": [
            {
                "key": "worked",
                "label": c["labels"]["worked"],
                "text": bce_charts.worked(v, c),
                "mono": True,
            },
            {"key": "verdict", "text": bce_charts.verdict(v, ui), "tone": BCE_TONES[v.verdict]},
        ],
        "charts": [_chart("chart", bce_charts.options(v, c, ui), 360)],
    }


def _softmax_ce(v: Any, c: Content, ui: Content) -> Panel:
    labels = c["labels"]
    calls = softmax_ce_charts.calls(v, c)
    return {
        # the class slider stops at the last class (as the page's class switch offers)
        "limits": {"target": {"max": len(v.probs) - 1}},
        "readout": [
            *_rows(softmax_ce_charts.ROWS, labels, v),
            {"key": "loss_sparse", "label": labels["sparse"], "text": fmt(v.loss)},
            {"key": "loss_one_hot", "label": labels["dense"], "text": fmt(v.loss_one_hot)},
        ],
        "notes": [
            {
                "key": "worked",
                "label": labels["worked"],
                "text": softmax_ce_charts.worked(v, c),
                "mono": True,
            },
            {
                "key": "verdict",
                "text": softmax_ce_charts.verdict(v, c),
                "tone": "good" if v.right else "bad",
            },
            {"key": "calls", "text": f"{calls['sparse']}\n{calls['dense']}", "mono": True},
        ],
        "charts": [_chart("chart", softmax_ce_charts.options(v, c), 360)],
    }


def _entropy_kl(v: Any, c: Content, ui: Content) -> Panel:
    notes = []
    if v.q_misses_p:
        notes.append({"key": "misses", "text": c["labels"]["misses"], "tone": "bad"})
    return {
        "readout": _rows(entropy_kl_charts.rows(c), entropy_kl_charts.row_labels(v.unit, c), v),
        "notes": notes,
        "charts": [
            _chart("chart", entropy_kl_charts.bars(v, c), 256),
            _chart("stack-chart", entropy_kl_charts.stack(v, c), 128),
        ],
    }


_SHARED: dict[str, Callable[[Any, Content, Content], Panel]] = {
    "bce": _bce,
    "softmax_ce": _softmax_ce,
    "entropy_kl": _entropy_kl,
}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | np.floating | np.integer) and not isinstance(
        value, bool | np.bool_
    )


def numbers_of(v: Any, c: Content) -> list[dict[str, str]]:
    """The View's numbers (its fields that hold one number), labelled by the content's label of
    the same name where there is one."""
    labels = c.get("labels", {})
    rows = []
    for f in dataclasses.fields(v):
        value = getattr(v, f.name)
        if not _is_number(value):
            continue
        label = labels.get(f.name)
        text = str(value) if isinstance(value, int | np.integer) else fmt(float(value))
        rows.append(
            {"key": f.name, "label": label if isinstance(label, str) else f.name, "text": text}
        )
    return rows


def figure_png(s: Section, inputs: Any, lang: str) -> str:
    """The section's static figure of ``inputs`` as a PNG ``data:`` URL."""
    from xentlab.figures import render

    fig = render(s.key, inputs, lang)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=FIGURE_DPI)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def panel(s: Section, inputs: Any, v: Any, c: Content, ui: Content, lang: str) -> Panel:
    """What the widget of section ``s`` shows for ``inputs`` and their View ``v``."""
    title = f"{s.number}. {c['title']}"
    shared = _SHARED.get(s.key)
    if shared is not None:
        return {"title": title, "figure": "", **shared(v, c, ui)}
    return {
        "title": title,
        "readout": numbers_of(v, c),
        "notes": [],
        "charts": [],
        "figure": figure_png(s, inputs, lang),
    }
