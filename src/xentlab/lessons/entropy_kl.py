"""Section 7 — entropy, cross-entropy and KL divergence of two distributions P and Q.

H(P, Q) = H(P) + D_KL(P‖Q): the cost of coding P with Q's code is P's own entropy plus the
penalty for the wrong model.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

import xentlab as xl
from xentlab.lessons._common import FloatArray, item
from xentlab.lessons._lists import fmt_list, query_choice, query_floats

__all__ = ["MAX_OUTCOMES", "MIN_OUTCOMES", "UNITS", "Inputs", "View", "compute"]

MIN_OUTCOMES, MAX_OUTCOMES = 2, 8
#: each bar is a non-negative weight up to this; the distribution is the weights renormalised
WEIGHT_MAX = 1.0
UNITS = ("bits", "nats")


@dataclass(frozen=True)
class Inputs:
    """Weights of P and Q over the same outcomes (renormalised), and the unit of information."""

    p: tuple[float, ...] = (0.5, 0.25, 0.125, 0.125)
    q: tuple[float, ...] = (0.25, 0.25, 0.25, 0.25)
    unit: str = "bits"

    def __post_init__(self) -> None:
        for name, w in (("p", self.p), ("q", self.q)):
            if not MIN_OUTCOMES <= len(w) <= MAX_OUTCOMES:
                raise ValueError(
                    f"{name} must have {MIN_OUTCOMES} to {MAX_OUTCOMES} outcomes, got {len(w)}"
                )
            if not all(math.isfinite(v) and 0 <= v <= WEIGHT_MAX for v in w):
                raise ValueError(f"{name} must hold weights in [0, {WEIGHT_MAX:g}], got {w}")
            if sum(w) <= 0:
                raise ValueError(f"{name} must have a positive total weight, got {w}")
        if len(self.p) != len(self.q):
            raise ValueError(
                "p and q must have the same number of outcomes, "
                f"got {len(self.p)} and {len(self.q)}"
            )
        if self.unit not in UNITS:
            raise ValueError(f"unit must be one of {UNITS}, got {self.unit!r}")

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> tuple[Inputs, tuple[str, ...]]:
        """Inputs from ``p=…&q=…&unit=bits``; bad values (or p and q of different sizes,
        or an all-zero distribution) give the defaults and name the rejected keys."""
        bad: list[str] = []
        sizes = (MIN_OUTCOMES, MAX_OUTCOMES)
        p = query_floats(query, "p", cls.p, 0.0, WEIGHT_MAX, sizes, bad)
        q = query_floats(query, "q", cls.q, 0.0, WEIGHT_MAX, sizes, bad)
        if len(p) != len(q) or sum(p) <= 0 or sum(q) <= 0:
            bad.extend(k for k in ("p", "q") if k not in bad)
            p, q = cls.p, cls.q
        unit = query_choice(query, "unit", cls.unit, UNITS, bad)
        return cls(p=p, q=q, unit=unit), tuple(bad)

    def to_query(self) -> dict[str, str]:
        """The URL query that restores these inputs."""
        return {"p": fmt_list(self.p), "q": fmt_list(self.q), "unit": self.unit}


@dataclass(frozen=True, eq=False)
class View:
    """H(P), H(P, Q), D_KL(P‖Q) and perplexities, in the chosen unit."""

    p: FloatArray = field(repr=False)  # the renormalised distributions that are drawn
    q: FloatArray = field(repr=False)
    entropy: float
    cross_entropy: float  # +inf when Q gives zero probability to an outcome P can produce
    kl: float
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
    return View(
        p=p,
        q=q,
        entropy=item(xl.info.entropy(p, base=base)),
        cross_entropy=item(xl.info.cross_entropy(p, q, base=base)),
        kl=item(xl.info.kl_divergence(p, q, base=base)),
        perplexity_p=item(xl.info.perplexity(p)),
        perplexity_pq=item(xl.info.perplexity(p, q)),
        unit=inputs.unit,
        q_misses_p=bool(np.any((q == 0) & (p > 0))),
    )
