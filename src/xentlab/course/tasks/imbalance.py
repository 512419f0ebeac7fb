"""Section 11's tasks: class weights pull the mean towards the rare class's loss, focal loss
keeps the hard examples' loss, and label smoothing moves the loss's lowest point off pₜ = 1."""

from __future__ import annotations

import math

from xentlab.course.charts import fmt, percent
from xentlab.course.lessons.imbalance import Inputs, View, compute
from xentlab.course.tasks import Goal, Predict, Task

__all__ = ["TASKS"]

#: the page's defaults: focal γ and α, and the easy example whose loss the focal loss fades
DEFAULT_INPUTS = Inputs()
DEFAULT = compute(DEFAULT_INPUTS)
#: how much of its cross-entropy an example's focal loss is to keep, at the default γ and α
KEEP = 0.1
#: where the smoothed loss is to be lowest (pₜ), and how close
LOWEST_AT = 0.9
LOWEST_WITHIN = 0.005


def _mean_moves(v: View) -> str:
    """Where the weighted mean lies against the plain one."""
    if math.isclose(v.weighted_loss, v.plain_loss, rel_tol=1e-12):
        return "same"
    return "higher" if v.weighted_loss > v.plain_loss else "lower"


def _class_zero_rarest(v: View) -> bool:
    """Whether class 0 has fewer examples than every other class (the largest weight)."""
    return bool(v.weights[0] > v.weights[1:].max())


def _focal_at_defaults(v: View) -> bool:
    """Whether the focal loss is read with the default γ and α: its factor is (1 − pₜ)^γ and
    it keeps α times that."""
    factor = (1 - v.pt) ** DEFAULT_INPUTS.gamma
    return math.isclose(v.pt_factor, factor, rel_tol=1e-9) and math.isclose(
        v.pt_kept, DEFAULT_INPUTS.alpha * factor, rel_tol=1e-6
    )


TASKS: tuple[Task, ...] = (
    Predict(
        "rare_class_zero",
        choices=("higher", "same", "lower"),
        observed=_class_zero_rarest,
        answer=_mean_moves,
        witness={"counts": (10, 90, 900)},
        facts=lambda v: {
            "w0": fmt(float(v.weights[0]), 2),
            "loss0": fmt(float(v.per_class_plain[0])),
            "weighted": fmt(v.weighted_loss),
            "plain": fmt(v.plain_loss),
        },
    ),
    Goal(
        "focal_keeps",
        reached=lambda v: _focal_at_defaults(v) and v.pt_kept >= KEEP,
        witness={"pt": 0.3},
        facts=lambda v: {
            "pt": fmt(v.pt, 2),
            "kept": percent(v.pt_kept, 1),
            "pt0": fmt(DEFAULT.pt, 2),
            "kept0": percent(DEFAULT.pt_kept, 2),
        },
        given={
            "gamma": f"{DEFAULT_INPUTS.gamma:g}",
            "alpha": f"{DEFAULT_INPUTS.alpha:g}",
            "keep": percent(KEEP),
        },
    ),
    Goal(
        "smoothing_target",
        reached=lambda v: abs(v.smooth_best[0] - LOWEST_AT) <= LOWEST_WITHIN,
        witness={"smoothing": 0.15},
        facts=lambda v: {
            # each other class's share of the smoothed target is ε/C
            "eps": fmt(float(v.smoothed_target[1]) * len(v.smoothed_target), 2),
            "c": str(len(v.smoothed_target)),
            "best": fmt(v.smooth_best[0]),
            "floor": fmt(v.smooth_best[1]),
        },
        given={"at": f"{LOWEST_AT:g}", "within": f"{LOWEST_WITHIN:g}"},
    ),
)
