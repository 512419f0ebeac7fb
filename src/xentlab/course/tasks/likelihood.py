"""Section 5's tasks: one example's loss moves the batch's mean by 1/N of its change, and
halving the product of the likelihoods adds ln 2 / N to the mean loss."""

from __future__ import annotations

import math

from xentlab.course.charts import fmt, fmt_small
from xentlab.course.lessons.likelihood import Inputs, View, compute
from xentlab.course.tasks import Goal, Predict, Task

__all__ = ["TASKS"]

#: the page's default example in its batch: the loss and the product the tasks start from
DEFAULT = compute(Inputs())
#: how much the example's loss must rise before the batch's mean is compared
RISE = 1.0
#: the product of the likelihoods to reach, half of the default's, and how close
HALF = DEFAULT.batch_product / 2
HALF_WITHIN = 0.005


def _share(v: View) -> str:
    """How the rise of the mean loss compares with the rise of the example's loss: the same,
    1/N of it or N times it, whichever is nearest (as a ratio)."""
    ratio = (v.batch_mean_loss - DEFAULT.batch_mean_loss) / (v.loss - DEFAULT.loss)
    n = len(v.batch_y)
    nearest = {"same": 1.0, "share": 1.0 / n, "times": float(n)}
    return min(nearest, key=lambda c: abs(math.log(abs(ratio)) - math.log(nearest[c])))


TASKS: tuple[Task, ...] = (
    Predict(
        "mean_share",
        choices=("same", "share", "times"),
        observed=lambda v: v.loss >= DEFAULT.loss + RISE,
        answer=_share,
        witness={"yhat": 0.2},
        facts=lambda v: {
            "rise": fmt(v.loss - DEFAULT.loss),
            "mean_rise": fmt(v.batch_mean_loss - DEFAULT.batch_mean_loss),
            "n": str(len(v.batch_y)),
        },
        given={"loss": fmt(DEFAULT.loss), "rise": f"{RISE:g}"},
    ),
    Goal(
        "halve_product",
        reached=lambda v: abs(v.batch_product - HALF) <= HALF_WITHIN,
        witness={"yhat": 0.35},
        facts=lambda v: {
            "product": fmt_small(v.batch_product),
            "rise": fmt(v.batch_mean_loss - DEFAULT.batch_mean_loss),
            "n": str(len(v.batch_y)),
        },
        given={
            "n": str(len(DEFAULT.batch_y)),
            "product": fmt_small(DEFAULT.batch_product),
            "half": fmt_small(HALF),
            "within": f"{HALF_WITHIN:g}",
        },
    ),
)
