"""Section 10's tasks: float32 overflows before float64, log-sum-exp never does, log(softmax)
underflows before either, and each library's log(0) guard acts at its own ŷ."""

from __future__ import annotations

import math

import numpy as np

from xentlab.course.charts import fmt
from xentlab.course.lessons.stability import KERAS_EPSILON, View, overflow_scale
from xentlab.course.tasks import Goal, Predict, Task

__all__ = ["TASKS"]

#: the logit scale above which e^z overflows float64: the prediction is checked beyond it
FLOAT64_LIMIT = overflow_scale(np.float64)
#: the libraries whose guarded loss is compared with the exact one
LIBRARIES = ("pytorch", "keras", "sklearn")
#: how close to the exact loss a library's must be to count as exact, in nats
AGREE_WITHIN = 1e-4
#: the most Keras ever charges a prediction of a true label 1: −ln ε, ŷ clipped at ε
KERAS_CAP = -math.log(KERAS_EPSILON)


def _broken_rows(v: View) -> str:
    """Which softmax rows are NaN: all three, both naive ones, or only naive float32."""
    if v.broken("stable"):
        return "all"
    return "naive" if v.broken("naive64") else "float32"


def _all_exact(v: View) -> bool:
    """Whether every library's guarded loss is the exact −ln ŷ."""
    return all(abs(v.bce[lib] - v.bce["exact"]) <= AGREE_WITHIN for lib in LIBRARIES)


TASKS: tuple[Task, ...] = (
    Goal(
        "float32_only",
        reached=lambda v: v.broken("naive32") and not v.broken("naive64"),
        witness={"log_scale": 2.5},
        facts=lambda v: {
            "z": fmt(float(v.logits.max()), 1),
            "limit32": fmt(v.overflow32, 2),
            "limit64": fmt(v.overflow64, 2),
        },
    ),
    Predict(
        "past_float64",
        choices=("float32", "naive", "all"),
        observed=lambda v: v.scale > v.overflow64,
        answer=_broken_rows,
        witness={"log_scale": 3.0},
        facts=lambda v: {"z": fmt(float(v.logits.max()), 1), "p": fmt(float(v.stable[0]))},
        given={"limit": fmt(FLOAT64_LIMIT, 2), "log": f"{math.log10(FLOAT64_LIMIT):.2f}"},
    ),
    Goal(
        "log_underflow",
        reached=lambda v: math.isinf(v.log_of_softmax) and not v.broken("naive64"),
        witness={"log_scale": 2.6},
        facts=lambda v: {
            "scale": fmt(v.scale, 1),
            "exact": fmt(v.log_softmax, 1),
            "limit64": fmt(v.overflow64, 2),
        },
    ),
    Goal(
        "all_exact",
        # all exact, and ŷ no larger than Keras' clip: the smallest ŷ at which all still agree
        reached=lambda v: _all_exact(v) and v.bce["exact"] >= KERAS_CAP - AGREE_WITHIN,
        witness={"k": 7},
        facts=lambda v: {"loss": fmt(v.bce["exact"])},
        given={"within": f"{AGREE_WITHIN:g}"},
    ),
)
