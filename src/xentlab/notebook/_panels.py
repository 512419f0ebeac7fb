"""What a notebook widget shows of a section's View, as JSON for the browser.

A section's panel (:mod:`xentlab.course.charts.panel`: its read-out rows, notes, tables and
charts as ECharts options) is built by the same builders as its web page; the widget adds the
section's title. Nothing here computes a number of the lessons, and nothing imports a widget
library.
"""

from __future__ import annotations

from typing import Any

from xentlab.course.sections import Section

__all__ = ["CONTROL_NAMES", "panel"]

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
