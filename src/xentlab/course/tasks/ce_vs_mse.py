"""Section 3's tasks: what each loss charges for a confident mistake, where both agree there is
little left to learn, and the squared error's gradient that the sigmoid swallows."""

from __future__ import annotations

from xentlab.course.charts import fmt, fmt_small
from xentlab.course.lessons.ce_vs_mse import View
from xentlab.course.tasks import Goal, Predict, Task

__all__ = ["TASKS"]

#: a confident mistake: the wrong label gets at least this probability
CONFIDENTLY_WRONG = 0.95
#: a gradient at the logit this small (in size) leaves little to learn
SMALL = 0.05
#: squared error's gradient at ŷ still at least this large (in size) before the sigmoid
LARGE = 1.5
#: two losses closer than this factor are "about the same"
SAME_WITHIN = 1.1


def _yhat(v: View) -> float:
    return v.ce_point[0]


def _error(v: View) -> float:
    """|ŷ − y|, the probability given to the wrong label (∂CE/∂z = ŷ − y), rounded off the
    last bits the logit's round trip leaves."""
    return round(abs(v.dce_dz), 9)


def _costlier(v: View) -> str:
    """Which loss charges more: cross-entropy, squared error, or both about the same."""
    if v.ce > SAME_WITHIN * v.mse:
        return "ce"
    return "mse" if v.mse > SAME_WITHIN * v.ce else "same"


TASKS: tuple[Task, ...] = (
    Predict(
        "confident_mistake",
        choices=("ce", "same", "mse"),
        observed=lambda v: _error(v) >= CONFIDENTLY_WRONG,
        answer=_costlier,
        witness={"yhat": 0.02},
        facts=lambda v: {"yhat": fmt(_yhat(v), 2), "ce": fmt(v.ce), "mse": fmt(v.mse)},
        given={"at_least": f"{CONFIDENTLY_WRONG:g}"},
    ),
    Goal(
        "little_left",
        reached=lambda v: abs(v.dce_dz) < SMALL and abs(v.dmse_dz) < SMALL,
        witness={"yhat": 0.97},
        facts=lambda v: {
            "yhat": fmt(_yhat(v), 2),
            "ce": fmt_small(v.dce_dz),
            "mse": fmt_small(v.dmse_dz),
        },
        given={"small": f"{SMALL:g}"},
    ),
    Goal(
        "lost_in_sigmoid",
        reached=lambda v: abs(v.dmse_dyhat) >= LARGE and abs(v.dmse_dz) < SMALL,
        witness={"yhat": 0.01},
        facts=lambda v: {
            "yhat": fmt(_yhat(v), 2),
            "dyhat": fmt_small(v.dmse_dyhat),
            "dz": fmt_small(v.dmse_dz),
            # ∂MSE/∂z = ∂MSE/∂ŷ · σ′(z), so σ′(z) is their ratio
            "slope": fmt_small(v.dmse_dz / v.dmse_dyhat),
            "ce": fmt_small(v.dce_dz),
        },
        given={"large": f"{LARGE:g}", "small": f"{SMALL:g}"},
    ),
)
