"""What section 12 shows of a View: the perplexity of a cross-entropy (its base named for the
unit the loss is typed in) and the same loss in the other unit, the distillation KL and loss,
and the chart of the teacher's and the student's softened probabilities.

The page (:mod:`xentlab.app.pages.sections.applications`), the notebook widget and the static
figure all draw these.
"""

from __future__ import annotations

from typing import Any

from xentlab.course.charts import Shown, bar_options, fmt_small, numbers
from xentlab.course.charts.panel import Panel, Plot, rows
from xentlab.course.lessons.applications import View

__all__ = ["DISTILL_ROWS", "PERPLEXITY_ROWS", "bars", "panel", "perplexity_labels"]

#: the perplexity calculator: row key (its label's key in the content, its test id) → its text
#: for a View
PERPLEXITY_ROWS: dict[str, Shown] = {**numbers("perplexity", digits=2), **numbers("ce_other")}
#: the distillation calculator: KL(teacher_T ‖ student_T) and T² · KL (0 when they agree,
#: tiny when they nearly do)
DISTILL_ROWS: dict[str, Shown] = {
    "kl": lambda v: fmt_small(v.distillation_kl),
    "distill": lambda v: fmt_small(v.distillation_loss),
}


def perplexity_labels(v: View, c: dict[str, Any]) -> dict[str, str]:
    """The perplexity calculator's labels: the perplexity's base is that of the typed loss's
    unit (e for nats, 2 for bits), and the converted loss names the other unit."""
    labels = c["labels"]
    return {
        "perplexity": labels[f"perplexity_{v.unit}"],
        "ce_other": labels["ce_other"].format(unit=labels[v.other_unit]),
    }


def bars(v: View, c: dict[str, Any]) -> dict[str, Any]:
    """The chart of softmax(t/T) and softmax(s/T), the teacher's and the student's
    probabilities, class by class."""
    labels, chart_c = c["labels"], c["chart"]
    names = [str(i) for i in range(len(v.teacher_probs))]
    series = {"teacher": labels["teacher"], "student": labels["student"]}
    options = bar_options(names, chart_c["x"], chart_c["y"], series)
    options["tooltip"][":valueFormatter"] = "v => v.toPrecision(4)"
    teacher, student = options["series"]
    teacher["data"] = [round(float(p), 6) for p in v.teacher_probs]
    student["data"] = [round(float(p), 6) for p in v.student_probs]
    return options


def panel(v: View, c: dict[str, Any], ui: dict[str, Any]) -> Panel:
    """Everything section 12 shows of ``v``: both calculators' read-outs and the chart."""
    return Panel(
        rows=(
            *rows(PERPLEXITY_ROWS, perplexity_labels(v, c), v),
            *rows(DISTILL_ROWS, c["labels"], v),
        ),
        charts=(Plot("chart", bars(v, c), 256),),
    )
