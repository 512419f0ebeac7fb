"""Section 9 — the landscape of binary cross-entropy over (p, q).

H(p) is the binary entropy curve; H(p, q) over the square has its minimum, for each p, on the
diagonal q = p, where it equals H(p); the height above that floor is D_KL(p‖q).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

import xentlab as xl
from xentlab.course.lessons._common import FloatArray, item
from xentlab.course.params import Declared, Real, param

__all__ = ["GRID", "HEAT_EXTENT", "PROBABILITY", "Inputs", "View", "compute", "two_point"]

#: p and q: probabilities of outcome 1 on the sliders' grid
PROBABILITY = Real(0.01, 0.99, 0.01)
#: the grid of the heat map and of the entropy curve (both axes): 50 points over the range,
#: each on the sliders' grid (0.01, 0.03, …, 0.99), so a clicked cell is a slider value
GRID: FloatArray = np.round(np.linspace(PROBABILITY.lo, PROBABILITY.hi, 50), 6)
GRID.setflags(write=False)
#: the heat map's cells are centred on the grid, 0.02 wide: together they span [0, 1]
_HALF_CELL = (GRID[1] - GRID[0]) / 2
HEAT_EXTENT = (round(float(GRID[0] - _HALF_CELL), 6), round(float(GRID[-1] + _HALF_CELL), 6))


def two_point(p: FloatArray | float) -> FloatArray:
    """Bernoulli distributions (p, 1 − p) stacked along a last axis of length 2."""
    arr = np.asarray(p, dtype=np.float64)
    return np.stack([arr, 1 - arr], axis=-1)


@dataclass(frozen=True)
class Inputs(Declared):
    """The true probability p of outcome 1 and the model's probability q of it."""

    p: float = param(PROBABILITY, 0.3)
    q: float = param(PROBABILITY, 0.7)


@dataclass(frozen=True, eq=False)
class View:
    """The current point's H(p, q), H(p), KL (bits), where it is drawn, and the fixed curve
    and surface."""

    cross_entropy: float
    entropy: float
    kl: float
    curve_point: tuple[float, float]  # (p, H(p)): the point on the entropy curve
    heat_point: tuple[float, float]  # (q, p): the point on the heat map, across and up
    heat_extent: tuple[float, float]  # the span of the map's cells on both axes: [0, 1]
    grid: FloatArray = field(repr=False)  # the cells' centres
    entropy_curve: FloatArray = field(repr=False)  # H(p) over the grid: also the diagonal floor
    surface: FloatArray = field(repr=False)  # surface[i, j] = H(p = grid[i], q = grid[j])
    surface_max: float  # the top of the colour scale: the surface's highest point, in whole bits


@lru_cache(maxsize=1)
def _fixed() -> tuple[FloatArray, FloatArray, float]:
    n = len(GRID)
    p = np.broadcast_to(two_point(GRID)[:, None, :], (n, n, 2))
    q = np.broadcast_to(two_point(GRID)[None, :, :], (n, n, 2))
    surface = np.asarray(xl.info.cross_entropy(p, q, base=2), dtype=np.float64)
    curve = np.asarray(xl.info.entropy(two_point(GRID), base=2), dtype=np.float64)
    surface.setflags(write=False)
    curve.setflags(write=False)
    return curve, surface, float(math.ceil(surface.max()))


def compute(inputs: Inputs) -> View:
    """H(p, q), H(p), D_KL(p‖q) in bits at the point, with the curve and surface."""
    p, q = two_point(inputs.p), two_point(inputs.q)
    curve, surface, top = _fixed()
    entropy = item(xl.info.entropy(p, base=2))
    return View(
        cross_entropy=item(xl.info.cross_entropy(p, q, base=2)),
        entropy=entropy,
        kl=item(xl.info.kl_divergence(p, q, base=2)),
        curve_point=(inputs.p, entropy),
        heat_point=(inputs.q, inputs.p),
        heat_extent=HEAT_EXTENT,
        grid=GRID,
        entropy_curve=curve,
        surface=surface,
        surface_max=top,
    )
