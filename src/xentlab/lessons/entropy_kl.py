"""Section 7 — entropy, cross-entropy and KL divergence of two distributions P and Q.

H(P, Q) = H(P) + D_KL(P‖Q): the cost of coding P with Q's code is P's own entropy plus the
penalty for the wrong model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

import xentlab as xl
from xentlab.lessons._common import FloatArray, item
from xentlab.params import Choice, Conflict, Declared, Reals, param

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
    q: tuple[float, ...] = param(WEIGHTS, (0.25, 0.25, 0.25, 0.25))
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
    """H(P), H(P, Q), D_KL(P‖Q) and perplexities in the chosen unit, and what is drawn."""

    p: FloatArray = field(repr=False)  # the renormalised distributions: the bars
    q: FloatArray = field(repr=False)
    entropy: float
    cross_entropy: float  # +inf when Q gives zero probability to an outcome P can produce
    kl: float
    kl_shown: float  # the KL part of the stacked bar: KL, or 0 when it is infinite (no bar)
    perplexity_p: float  # e^{H(P)}: P's effective number of equally likely outcomes
    perplexity_pq: float  # e^{H(P, Q)}
    unit: str
    q_misses_p: bool  # some outcome has q = 0 < p: the wrong code cannot code it at all


def _normalised(weights: tuple[float, ...]) -> FloatArray:
    w = np.asarray(weights, dtype=np.float64)
    return w / w.sum()


def compute(inputs: Inputs) -> View:
    """The three quantities and perplexities; every number from ``xentlab.info``."""
    p, q = _normalised(inputs.p), _normalised(inputs.q)
    base = 2.0 if inputs.unit == "bits" else None
    kl = item(xl.info.kl_divergence(p, q, base=base))
    return View(
        p=p,
        q=q,
        entropy=item(xl.info.entropy(p, base=base)),
        cross_entropy=item(xl.info.cross_entropy(p, q, base=base)),
        kl=kl,
        kl_shown=kl if math.isfinite(kl) else 0.0,
        perplexity_p=item(xl.info.perplexity(p)),
        perplexity_pq=item(xl.info.perplexity(p, q)),
        unit=inputs.unit,
        q_misses_p=bool(np.any((q == 0) & (p > 0))),
    )
