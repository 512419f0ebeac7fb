"""Section 7 — entropy, cross-entropy and KL divergence of two distributions P and Q.

H(P, Q) = H(P) + D_KL(P‖Q): the cost of coding P with Q's code is P's own entropy plus the
penalty for the wrong model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

import xentlab as xl
from xentlab.course.lessons._common import FloatArray, item
from xentlab.course.params import Choice, Conflict, Declared, Reals, param

__all__ = ["WEIGHTS", "Inputs", "View", "compute"]

#: the weights of the bars of P and Q: 2 to 8 outcomes, each weight in [0, 1]
WEIGHTS = Reals(0.0, 1.0, (2, 8))


@dataclass(frozen=True)
class Inputs(Declared):
    """Weights of P and Q over the same outcomes (renormalised), and the unit of information.

    P and Q are edited as a pair (the same outcomes, added, removed and swapped together), so a
    link that breaks a rule of either gives the default pair.
    """

    p: tuple[float, ...] = param(WEIGHTS, (0.5, 0.25, 0.125, 0.125))
    # Q's weights sum to 2: the bars show them halved, (0.1, 0.2, 0.3, 0.4); a Q that is not a
    # permutation of P, so that KL(P‖Q) = 0.874 and KL(Q‖P) = 0.754 bits differ
    q: tuple[float, ...] = param(WEIGHTS, (0.2, 0.4, 0.6, 0.8))
    unit: str = param(Choice(("bits", "nats")), "bits")

    def check(self) -> None:
        for name, weights in (("p", self.p), ("q", self.q)):
            if sum(weights) <= 0:
                raise Conflict(
                    ("p", "q"), f"{name} must have a positive total weight, got {weights}"
                )
        if len(self.p) != len(self.q):
            raise Conflict(
                ("p", "q"),
                "p and q must have the same number of outcomes, "
                f"got {len(self.p)} and {len(self.q)}",
            )


@dataclass(frozen=True, eq=False)
class View:
    """H(P), H(P, Q), D_KL in both directions and perplexities in the chosen unit, and what is
    drawn."""

    p: FloatArray = field(repr=False)  # the renormalised distributions: the bars (and the
    q: FloatArray = field(repr=False)  # probability written under each weight's slider)
    entropy: float
    cross_entropy: float  # +inf when Q gives zero probability to an outcome P can produce
    kl: float
    kl_reverse: float  # D_KL(Q‖P): the other direction, another number (KL is no distance)
    kl_infinite: bool  # the KL bar is unbounded: drawn to the axis end and marked ∞
    kl_bar: float  # the drawn length of the KL part of the stacked bar
    stack_top: float  # the end of the stacked bar's axis
    perplexity_p: float  # 2^{H(P) in bits} = e^{H(P) in nats}: P's equally likely outcomes
    perplexity_pq: float  # 2^{H(P, Q) in bits} = e^{H(P, Q) in nats}
    unit: str  # bits or nats: also which base the perplexity's label names (2 or e)
    q_misses_p: bool  # some outcome has q = 0 < p: the wrong code cannot code it at all


def _normalised(weights: tuple[float, ...]) -> FloatArray:
    w = np.asarray(weights, dtype=np.float64)
    out: FloatArray = w / w.sum()
    return out


def _axis_top(reach: float) -> float:
    """The stacked bar's axis end: the next half unit strictly above ``reach``."""
    return math.floor(2 * reach) / 2 + 0.5


def compute(inputs: Inputs) -> View:
    """The quantities and perplexities; every number from ``xentlab.info``."""
    p, q = _normalised(inputs.p), _normalised(inputs.q)
    base = 2.0 if inputs.unit == "bits" else None
    entropy = item(xl.info.entropy(p, base=base))
    cross_entropy = item(xl.info.cross_entropy(p, q, base=base))
    kl = item(xl.info.kl_divergence(p, q, base=base))
    infinite = not math.isfinite(kl)
    # an infinite KL runs off the axis, which then ends past twice H(P) (past 1 unit at least)
    top = _axis_top(max(2 * entropy, 1.0) if infinite else cross_entropy)
    return View(
        p=p,
        q=q,
        entropy=entropy,
        cross_entropy=cross_entropy,
        kl=kl,
        kl_reverse=item(xl.info.kl_divergence(q, p, base=base)),
        kl_infinite=infinite,
        kl_bar=top - entropy if infinite else kl,
        stack_top=top,
        perplexity_p=item(xl.info.perplexity(p)),
        perplexity_pq=item(xl.info.perplexity(p, q)),
        unit=inputs.unit,
        q_misses_p=bool(np.any((q == 0) & (p > 0))),
    )
