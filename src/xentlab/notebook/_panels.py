"""What a notebook widget shows of a section's View, as JSON for the browser.

A section's panel (:mod:`xentlab.course.charts.panel`: its read-out rows, notes, tables and
charts as ECharts options) is built by the same builders as its web page; the widget adds the
section's title. What each chart says to a reader who cannot see it, its text alternative and
the table of its numbers, is written as the web page writes it
(:mod:`xentlab.course.charts.describe`, in the words of ``ui.toml``'s ``chart_text``). Nothing
here computes a number of the lessons, and nothing imports a widget library.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from xentlab.course.charts.describe import describe, table
from xentlab.course.content import load
from xentlab.course.sections import Section

__all__ = ["CONTROL_NAMES", "chart_said", "panel", "said"]

#: a control whose label is the content's label of another name (P's weights, not P), as
#: the section's page labels it
CONTROL_NAMES: dict[str, dict[str, str]] = {
    "entropy_kl": {"p": "p_weights", "q": "q_weights"},
    "stability": {"log_scale": "scale"},
    "applications": {"teacher": "teacher_logits", "student": "student_logits"},
}


def panel(s: Section, v: Any, lang: str) -> dict[str, Any]:
    """What the widget of section ``s`` shows for the View ``v``, in ``lang``."""
    return {"title": f"{s.number}. {s.content(lang)['title']}", **s.panel(v, lang).to_json()}


def chart_said(key: str, options: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """What the chart ``key`` drawn from ``options`` says, as JSON: ``text``, its text
    alternative, and ``table``, the numbers behind it (``caption``, ``head``, ``body``)."""
    words = load("ui", lang)["chart_text"]
    numbers = table(key, options, words)
    return {
        "text": describe(options, words),
        "table": {
            "caption": numbers.caption,
            "head": list(numbers.head),
            "body": [list(r) for r in numbers.body],
        },
    }


def said(s: Section, v: Any, lang: str) -> dict[str, dict[str, Any]]:
    """What each chart of section ``s`` says of the View ``v`` in ``lang``, by chart key."""
    return {p.key: chart_said(p.key, p.options, lang) for p in s.panel(v, lang).charts}
