"""Section 1's tasks: the loss of one prediction, and the gradient that does not explode."""

from __future__ import annotations

from xentlab.course.charts import fmt
from xentlab.course.lessons.bce import Inputs, View, compute
from xentlab.course.tasks import Goal, Predict, Task

__all__ = ["TASKS"]

#: how close to 1 nat the loss must come
ONE_NAT_WITHIN = 0.01
#: the page's default prediction (ŷ = 0.7, y = 1): its loss, which a y = 0 one is to match
DEFAULT = compute(Inputs())
SAME_WITHIN = 0.001
#: a confidently wrong prediction: ŷ at least this with y = 0
CONFIDENTLY_WRONG = 0.95


def _gradient_size(v: View) -> str:
    """∂L/∂z at a confidently wrong prediction: near 0, near 1, or larger than 1."""
    g = abs(v.dloss_dlogit)
    return "huge" if g > 1.0 else "near_one" if g >= 0.5 else "near_zero"


TASKS: tuple[Task, ...] = (
    Goal(
        "one_nat",
        reached=lambda v: v.y == 1 and abs(v.loss - 1.0) <= ONE_NAT_WITHIN,
        witness={"yhat": 0.37},
        facts=lambda v: {"yhat": fmt(v.yhat, 2), "loss": fmt(v.loss)},
        given={"within": f"{ONE_NAT_WITHIN:g}"},
    ),
    Predict(
        "wrong_gradient",
        choices=("near_zero", "near_one", "huge"),
        observed=lambda v: v.y == 0 and v.yhat >= CONFIDENTLY_WRONG,
        answer=_gradient_size,
        witness={"y": 0, "yhat": 0.99},
        facts=lambda v: {
            "yhat": fmt(v.yhat, 2),
            "grad": fmt(v.dloss_dlogit),
            "dyhat": fmt(v.dloss_dyhat),
        },
        given={"at_least": f"{CONFIDENTLY_WRONG:g}"},
    ),
    Goal(
        "same_loss",
        reached=lambda v: v.y == 0 and abs(v.loss - DEFAULT.loss) <= SAME_WITHIN,
        witness={"y": 0, "yhat": 0.3},
        facts=lambda v: {"yhat": fmt(v.yhat, 2), "loss": fmt(v.loss)},
        given={
            "yhat": f"{DEFAULT.yhat:g}",
            "loss": fmt(DEFAULT.loss),
            "within": f"{SAME_WITHIN:g}",
        },
    ),
)
