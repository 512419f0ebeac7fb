"""Section 7's tasks: KL is zero only when Q is P, a zero of P breaks only one direction, and
perplexity does not depend on the unit."""

from __future__ import annotations

import math

import numpy as np

from xentlab.course.charts import fmt
from xentlab.course.lessons.entropy_kl import Inputs, View, compute
from xentlab.course.tasks import Goal, Predict, Task

__all__ = ["TASKS"]

#: how close to 0 the KL must come (in the unit shown)
ZERO_WITHIN = 0.001
#: P counts as far from uniform when its largest and smallest probabilities are this far apart
UNEVEN = 0.1
#: the page's default pair, in bits and in nats: the entropies and perplexity the prompt quotes
DEFAULT = compute(Inputs())
IN_NATS = compute(Inputs(unit="nats"))
#: two perplexities closer than this are the same (floating-point rounding)
SAME = 1e-9


def _spread(v: View) -> float:
    return float(v.p.max() - v.p.min())


def _infinite(v: View) -> str:
    """Which of the two divergences is infinite."""
    forward, reverse = not math.isfinite(v.kl), not math.isfinite(v.kl_reverse)
    return {
        (False, False): "neither",
        (True, False): "forward",
        (False, True): "reverse",
        (True, True): "both",
    }[forward, reverse]


def _default_p(v: View) -> bool:
    return v.p.shape == DEFAULT.p.shape and bool(np.allclose(v.p, DEFAULT.p))


def _perplexity_change(v: View) -> str:
    """How P's perplexity compares with the default one, in bits."""
    change = v.perplexity_p - DEFAULT.perplexity_p
    return "same" if abs(change) <= SAME else "smaller" if change < 0 else "larger"


TASKS: tuple[Task, ...] = (
    Goal(
        "zero_kl",
        reached=lambda v: v.kl <= ZERO_WITHIN and _spread(v) >= UNEVEN,
        witness={"q": (1.0, 0.5, 0.25, 0.25)},
        facts=lambda v: {
            "entropy": fmt(v.entropy),
            "cross_entropy": fmt(v.cross_entropy),
            "kl": fmt(v.kl),
        },
        given={"within": f"{ZERO_WITHIN:g}", "uneven": f"{UNEVEN:g}"},
    ),
    Predict(
        "zero_in_p",
        choices=("neither", "forward", "reverse", "both"),
        observed=lambda v: bool(np.any((v.p == 0) & (v.q > 0))),
        answer=_infinite,
        witness={"p": (0.5, 0.25, 0.25, 0.0)},
        facts=lambda v: {"kl": fmt(v.kl), "kl_reverse": fmt(v.kl_reverse)},
    ),
    Predict(
        "unit_perplexity",
        choices=("smaller", "same", "larger"),
        observed=lambda v: v.unit == "nats" and _default_p(v),
        answer=_perplexity_change,
        witness={"unit": "nats"},
        facts=lambda v: {"entropy": fmt(v.entropy), "perplexity": fmt(v.perplexity_p)},
        given={
            "bits": fmt(DEFAULT.entropy, 2),
            "nats": fmt(IN_NATS.entropy, 2),
            "perplexity": fmt(DEFAULT.perplexity_p, 2),
        },
    ),
)
