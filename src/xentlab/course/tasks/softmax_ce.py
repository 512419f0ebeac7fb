"""Section 2's tasks: temperature changes how sure, never which; equal logits say nothing; the
gradients of all the logits add up to zero."""

from __future__ import annotations

from xentlab.course.charts import fmt, fmt_small
from xentlab.course.lessons.softmax_ce import View
from xentlab.course.tasks import Goal, Predict, Task

__all__ = ["TASKS"]

#: the probability the predicted class must fall below while it stays the predicted class
BELOW = 0.5
#: how many classes a model that knows nothing spreads its probability over
UNIFORM_CLASSES = 4
#: how far apart its largest and smallest probability may be
UNIFORM_WITHIN = 0.001
#: how many classes the gradients are added up over
SUM_CLASSES = 5


def _gradient_sum(v: View) -> str:
    """Σᵢ ∂L/∂zᵢ, as the nearest of 0, 1 and −1."""
    total = float(v.grad.sum())
    return min((("zero", 0.0), ("one", 1.0), ("minus_one", -1.0)), key=lambda c: abs(total - c[1]))[
        0
    ]


TASKS: tuple[Task, ...] = (
    Goal(
        "unsure_but_right",
        reached=lambda v: v.right and v.confidence < BELOW,
        witness={"temperature": 3.0},
        facts=lambda v: {
            "t": f"{v.temperature:g}",
            "c": str(v.predicted),
            "p": fmt(v.confidence),
            "n": str(len(v.probs)),
        },
        given={"below": f"{BELOW:g}"},
    ),
    Goal(
        "know_nothing",
        reached=lambda v: (
            len(v.probs) == UNIFORM_CLASSES
            and float(v.probs.max() - v.probs.min()) <= UNIFORM_WITHIN
        ),
        witness={"logits": (0.0,) * UNIFORM_CLASSES},
        facts=lambda v: {"p": fmt(v.p_true), "loss": fmt(v.loss), "n": str(len(v.probs))},
        given={"n": str(UNIFORM_CLASSES), "within": f"{UNIFORM_WITHIN:g}"},
    ),
    Predict(
        "gradient_sum",
        choices=("one", "zero", "minus_one"),
        observed=lambda v: len(v.probs) >= SUM_CLASSES,
        answer=_gradient_sum,
        witness={"logits": (2.0, 1.0, -1.0, 0.0, 0.0)},
        facts=lambda v: {
            "n": str(len(v.probs)),
            "total": fmt(float(v.grad.sum())),
            "own": fmt_small(float(v.grad[v.target])),
        },
        given={"n": str(SUM_CLASSES)},
    ),
)
