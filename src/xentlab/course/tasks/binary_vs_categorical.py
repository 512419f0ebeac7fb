"""Section 6's tasks: the same logit buys less probability as classes are added, and a uniform
guess costs ln K."""

from __future__ import annotations

import math

from xentlab.course.charts import fmt
from xentlab.course.lessons.binary_vs_categorical import Inputs, K, View, Z, compute
from xentlab.course.tasks import Goal, Predict, Task

__all__ = ["TASKS"]

#: the page's default prediction (z = 1, y = 1, two classes): the probability of its true class
DEFAULT = compute(Inputs())
#: "many classes": at least this K
MANY = 5
#: the class count at which the default probability is to be bought back, and how closely
BUY_BACK_K = K.hi
BUY_BACK_WITHIN = 0.01
#: two probabilities or losses closer than this are the same (floating-point rounding)
SAME = 1e-9


def _z(v: View) -> float:
    return v.bce_point[0]


def _p_two(v: View) -> float:
    """The two-class probability of the true class: CE₂ = −ln of it."""
    return math.exp(-v.ce2)


def _direction(v: View) -> str:
    """How the true class's probability moved from two classes to K at the same z."""
    change = v.p_true_k - _p_two(v)
    return "same" if abs(change) <= SAME else "falls" if change < 0 else "rises"


def _nearest_baseline(v: View) -> str:
    """Which of 0, ln 2 and ln K the K-class loss is nearest to."""
    candidates = {"zero": 0.0, "ln_two": math.log(2), "ln_k": v.chance_k}
    return min(candidates, key=lambda c: abs(v.ce_k - candidates[c]))


TASKS: tuple[Task, ...] = (
    Predict(
        "more_classes",
        choices=("rises", "same", "falls"),
        observed=lambda v: v.k >= MANY,
        answer=_direction,
        witness={"k": BUY_BACK_K},
        facts=lambda v: {
            "z": fmt(_z(v), 1),
            "k": str(v.k),
            "p_two": fmt(_p_two(v), 3),
            "p_k": fmt(v.p_true_k, 3),
        },
        given={"many": str(MANY)},
    ),
    Predict(
        "equal_logits",
        choices=("zero", "ln_two", "ln_k"),
        observed=lambda v: v.k >= MANY and abs(_z(v)) < Z.step / 2,
        answer=_nearest_baseline,
        witness={"z": 0.0, "k": BUY_BACK_K},
        facts=lambda v: {"k": str(v.k), "ce_k": fmt(v.ce_k), "bce": fmt(v.bce)},
        given={"many": str(MANY)},
    ),
    Goal(
        "buy_back",
        reached=lambda v: (
            v.k == BUY_BACK_K and abs(v.p_true_k - DEFAULT.p_true_k) <= BUY_BACK_WITHIN
        ),
        witness={"k": BUY_BACK_K, "z": 3.2},
        facts=lambda v: {
            "z": fmt(_z(v), 1),
            "k": str(v.k),
            "p": fmt(v.p_true_k, 3),
            "shift": fmt(math.log(v.k - 1), 2),
        },
        given={
            "z": fmt(_z(DEFAULT), 1),
            "p": fmt(DEFAULT.p_true_k, 3),
            "k": str(BUY_BACK_K),
            "within": f"{BUY_BACK_WITHIN:g}",
        },
    ),
)
