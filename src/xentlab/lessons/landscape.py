"""Section 9 — the landscape of binary cross-entropy over (p, q).

H(p) is the binary entropy curve; H(p, q) over the square has its minimum, for each p, on the
diagonal q = p, where it equals H(p); the height above that floor is D_KL(p‖q).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

import xentlab as xl
from xentlab.lessons._common import FloatArray, fmt_param, item, query_float

__all__ = ["GRID", "P_MAX", "P_MIN", "P_STEP", "Inputs", "View", "compute", "two_point"]

P_MIN, P_MAX, P_STEP = 0.01, 0.99, 0.01
#: the grid of the heat map and of the entropy curve (both axes)
GRID: FloatArray = np.round(np.linspace(P_MIN, P_MAX, 50), 6)
GRID.setflags(write=False)


def two_point(p: FloatArray | float) -> FloatArray:
    """Bernoulli distributions (p, 1 − p) stacked along a last axis of length 2."""
    arr = np.asarray(p, dtype=np.float64)
    return np.stack([arr, 1 - arr], axis=-1)


@dataclass(frozen=True)
class Inputs:
    """The true probability p of outcome 1 and the model's probability q of it."""

    p: float = 0.3
    q: float = 0.7

    def __post_init__(self) -> None:
        for name, v in (("p", self.p), ("q", self.q)):
            if not P_MIN - 1e-9 <= v <= P_MAX + 1e-9:
                raise ValueError(f"{name} must be in [{P_MIN}, {P_MAX}], got {v!r}")

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> tuple[Inputs, tuple[str, ...]]:
        """Inputs from ``p=0.3&q=0.7``; bad values give the defaults and name the keys."""
        bad: list[str] = []
        p = query_float(query, "p", cls.p, P_MIN, P_MAX, P_STEP, bad)
        q = query_float(query, "q", cls.q, P_MIN, P_MAX, P_STEP, bad)
        return cls(p=p, q=q), tuple(bad)

    def to_query(self) -> dict[str, str]:
        """The URL query that restores these inputs."""
        return {"p": fmt_param(self.p), "q": fmt_param(self.q)}


@dataclass(frozen=True, eq=False)
class View:
    """The current point's H(p, q), H(p), KL (bits) and the fixed curves and surface."""

    cross_entropy: float
    entropy: float
    kl: float
    grid: FloatArray = field(repr=False)
    entropy_curve: FloatArray = field(repr=False)  # H(p) over the grid: also the diagonal floor
    surface: FloatArray = field(repr=False)  # surface[i, j] = H(p = grid[i], q = grid[j])


@lru_cache(maxsize=1)
def _fixed() -> tuple[FloatArray, FloatArray]:
    n = len(GRID)
    p = np.broadcast_to(two_point(GRID)[:, None, :], (n, n, 2))
    q = np.broadcast_to(two_point(GRID)[None, :, :], (n, n, 2))
    surface = np.asarray(xl.info.cross_entropy(p, q, base=2), dtype=np.float64)
    curve = np.asarray(xl.info.entropy(two_point(GRID), base=2), dtype=np.float64)
    surface.setflags(write=False)
    curve.setflags(write=False)
    return curve, surface


def compute(inputs: Inputs) -> View:
    """H(p, q), H(p), D_KL(p‖q) in bits at the point, with the curve and surface."""
    p, q = two_point(inputs.p), two_point(inputs.q)
    curve, surface = _fixed()
    return View(
        cross_entropy=item(xl.info.cross_entropy(p, q, base=2)),
        entropy=item(xl.info.entropy(p, base=2)),
        kl=item(xl.info.kl_divergence(p, q, base=2)),
        grid=GRID,
        entropy_curve=curve,
        surface=surface,
    )
