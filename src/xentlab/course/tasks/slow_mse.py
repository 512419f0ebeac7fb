"""Section 4's tasks: a worse mistake gets a weaker push from squared error, whose push peaks
at a middling mistake and is at best half of cross-entropy's."""

from __future__ import annotations

from xentlab.course.charts import fmt, fmt_small
from xentlab.course.lessons.slow_mse import Inputs, View, compute
from xentlab.course.tasks import Goal, Predict, Task

__all__ = ["TASKS"]

#: the page's default prediction (ŷ = 0.2, y = 1, a mistake): its push, which a worse one's
#: is compared with
START = Inputs()
DEFAULT = compute(START)
#: a confident mistake: the wrong label gets at least this probability
CONFIDENTLY_WRONG = 0.95
#: two pushes closer than this factor are "about the same"
SAME_WITHIN = 1.1
#: squared error's largest push at the logit: the top of its curve on the chart
PEAK = float(DEFAULT.mse_curve.max())
#: how far below that top the push may be
PEAK_WITHIN = 0.001
#: where σ′(z) = ŷ(1 − ŷ) is largest
STEEPEST = 0.5


def _yhat(v: View) -> float:
    return v.ce_point[0]


def _error(v: View) -> float:
    """|ŷ − y| = |∂CE/∂z|, the probability given to the wrong label, rounded off the last bits
    the logit's round trip leaves."""
    return round(v.ce_grad, 9)


def _compared(push: float, before: float) -> str:
    """Whether ``push`` is harder or softer than ``before``, or about the same."""
    if push > SAME_WITHIN * before:
        return "harder"
    return "softer" if before > SAME_WITHIN * push else "same"


def _stronger(v: View) -> str:
    """Which loss pushes the logit harder: cross-entropy, squared error, or neither."""
    if v.ce_grad > SAME_WITHIN * v.mse_grad:
        return "ce"
    return "mse" if v.mse_grad > SAME_WITHIN * v.ce_grad else "same"


def _pushes(v: View) -> dict[str, str]:
    return {
        "yhat": fmt(_yhat(v), 2),
        "ce": fmt_small(v.ce_grad),
        "mse": fmt_small(v.mse_grad),
        "slope": fmt_small(v.sigmoid_slope),
    }


TASKS: tuple[Task, ...] = (
    Predict(
        "worse_mistake",
        choices=("harder", "same", "softer"),
        observed=lambda v: _error(v) >= CONFIDENTLY_WRONG,
        answer=lambda v: _compared(v.mse_grad, DEFAULT.mse_grad),
        witness={"yhat": 0.02},
        facts=_pushes,
        given={
            "yhat": f"{START.yhat:g}",
            "y": str(START.y),
            "push": fmt_small(DEFAULT.mse_grad),
            "at_least": f"{CONFIDENTLY_WRONG:g}",
        },
    ),
    Goal(
        "strongest_push",
        reached=lambda v: v.mse_grad >= PEAK - PEAK_WITHIN,
        witness={"yhat": 0.33},
        facts=_pushes,
        given={"within": f"{PEAK_WITHIN:g}"},
    ),
    Predict(
        "best_case",
        choices=("mse", "same", "ce"),
        observed=lambda v: _yhat(v) == STEEPEST,
        answer=_stronger,
        witness={"yhat": STEEPEST},
        facts=lambda v: {**_pushes(v), "ratio": fmt(v.ratio, 1)},
        given={"yhat": f"{STEEPEST:g}"},
    ),
)
