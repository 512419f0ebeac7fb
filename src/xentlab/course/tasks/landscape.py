"""Section 9's tasks: each row's floor lies on q = p, the floor is H(p) and not zero, and the
surface climbs faster on the side of too much confidence."""

from __future__ import annotations

from xentlab.course.charts import fmt
from xentlab.course.lessons.landscape import PROBABILITY, Inputs, View, compute
from xentlab.course.tasks import Goal, Predict, Task

__all__ = ["TASKS"]

#: two slider values closer than this are the same value
_HALF_STEP = PROBABILITY.step / 2
#: the page's default true probability, whose row the learner searches
DEFAULT = compute(Inputs())
#: a fair coin, where a right model is checked
FAIR = 0.5
#: the row and the doubtful model whose penalty a too-sure model is to match, and how closely
SURE_P = 0.8
DOUBTFUL = compute(Inputs(p=SURE_P, q=0.5))
SAME_KL_WITHIN = 0.03
#: a divergence below this is zero (floating-point rounding)
ZERO = 1e-9


def _p(v: View) -> float:
    return v.heat_point[1]


def _q(v: View) -> float:
    return v.heat_point[0]


def _at(x: float, value: float) -> bool:
    return abs(x - value) < _HALF_STEP


def _on_diagonal(v: View) -> bool:
    return _at(_q(v), _p(v))


def _what_it_pays(v: View) -> str:
    """Nothing, the floor H(p), or more than the floor."""
    if v.cross_entropy <= ZERO:
        return "nothing"
    return "floor" if v.kl <= ZERO else "penalty"


TASKS: tuple[Task, ...] = (
    Goal(
        "calibrated",
        reached=lambda v: _at(_p(v), _p(DEFAULT)) and _on_diagonal(v),
        witness={"q": _p(DEFAULT)},
        facts=lambda v: {
            "q": fmt(_q(v), 2),
            "cross_entropy": fmt(v.cross_entropy),
            "kl": fmt(v.kl),
        },
        given={"p": f"{_p(DEFAULT):g}"},
    ),
    Predict(
        "right_model",
        choices=("nothing", "floor", "penalty"),
        observed=lambda v: _at(_p(v), FAIR) and _on_diagonal(v),
        answer=_what_it_pays,
        witness={"p": FAIR, "q": FAIR},
        facts=lambda v: {
            "p": fmt(_p(v), 2),
            "cross_entropy": fmt(v.cross_entropy),
            "kl": fmt(v.kl),
        },
        given={"fair": f"{FAIR:g}"},
    ),
    Goal(
        "too_sure",
        reached=lambda v: (
            _at(_p(v), SURE_P) and _q(v) > _p(v) and abs(v.kl - DOUBTFUL.kl) <= SAME_KL_WITHIN
        ),
        witness={"p": SURE_P, "q": 0.96},
        facts=lambda v: {
            "q": fmt(_q(v), 2),
            "over": fmt(_q(v) - _p(v), 2),
            "kl": fmt(v.kl, 3),
        },
        given={
            "p": f"{SURE_P:g}",
            "q": f"{_q(DOUBTFUL):g}",
            "under": fmt(SURE_P - _q(DOUBTFUL), 2),
            "kl": fmt(DOUBTFUL.kl, 3),
            "within": f"{SAME_KL_WITHIN:g}",
        },
    ),
)
