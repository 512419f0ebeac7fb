"""Section 6 — binary versus categorical: one sigmoid output is a 2-class softmax.

σ(z) = softmax(0, z)₁, so BCE(σ(z), y) = CE((0, z), y). With K classes whose other logits
stay at 0, the same logit z buys less probability: p = e^z / (e^z + K − 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

import xentlab as xl
from xentlab.course.lessons._common import LABEL, FloatArray, item, vec
from xentlab.course.params import Declared, Real, Whole, param

__all__ = ["Z_GRID", "Inputs", "K", "View", "Z", "compute", "k_logits"]

#: the logit slider: [−6, 6] in steps of 0.1
Z = Real(-6.0, 6.0, 0.1)
#: the number of classes: 2 to 10
K = Whole(2, 10)
#: logits at which the curves are drawn: the slider's range, one point per step
Z_GRID: FloatArray = np.linspace(Z.lo, Z.hi, 121)
Z_GRID.setflags(write=False)
#: two loss curves closer than this everywhere are drawn as one (rounding differs by ~1e-16)
COINCIDE = 1e-9


@dataclass(frozen=True)
class Inputs(Declared):
    """The logit z of class 1, the true label y ∈ {0, 1} and the number of classes K."""

    z: float = param(Z, 1.0)
    y: int = param(LABEL, 1)
    k: int = param(K, 2)


@dataclass(frozen=True, eq=False)
class View:
    """The prediction as a sigmoid, as a 2-class softmax, and as a K-class softmax."""

    k: int
    sigmoid_p: float  # σ(z), the probability of class 1
    bce: float  # BCE-with-logits(z, y)
    softmax2: FloatArray = field(repr=False)  # softmax(0, z)
    ce2: float  # CE((0, z), y)
    gap: float  # |BCE − CE₂|: 0, or floating-point rounding
    probs_k: FloatArray = field(repr=False)  # softmax(0, z, 0, …, 0), K entries
    p_true_k: float  # the K-class probability of the true class y
    ce_k: float  # CE of the K-class prediction
    chance_k: float  # ln K: the loss of a uniform guess over K classes
    curve_x: FloatArray = field(repr=False)
    bce_curve: FloatArray = field(repr=False)
    ce_k_curve: FloatArray = field(repr=False)
    bce_point: tuple[float, float]  # (z, BCE), the current point on the binary curve
    ce_k_point: tuple[float, float]  # (z, CE over K classes), on the K-class curve
    curves_coincide: bool  # the K-class curve lies on the binary one (K = 2), up to rounding


def k_logits(z: float | FloatArray, k: int) -> FloatArray:
    """Logits (0, z, 0, …, 0) of K classes: class 1 gets z, every other class 0."""
    z = np.asarray(z, dtype=np.float64)
    out = np.zeros((*z.shape, k))
    out[..., 1] = z
    return out


@lru_cache(maxsize=64)
def _curves(y: int, k: int) -> tuple[FloatArray, FloatArray]:
    target = np.full(Z_GRID.shape, y)
    bce = xl.binary_cross_entropy_with_logits(Z_GRID, target.astype(np.float64), reduction="none")
    ce_k = xl.cross_entropy(k_logits(Z_GRID, k), target, reduction="none")
    out = np.asarray(bce, np.float64), np.asarray(ce_k, np.float64)
    for a in out:
        a.setflags(write=False)
    return out


def compute(inputs: Inputs) -> View:
    """The same prediction seen three ways; every number from the library."""
    z, y = vec(inputs.z), vec(inputs.y)
    target = np.asarray([inputs.y])
    two = k_logits(inputs.z, 2)[None, :]
    many = k_logits(inputs.z, inputs.k)[None, :]
    bce = item(xl.binary_cross_entropy_with_logits(z, y))
    ce2 = item(xl.cross_entropy(two, target))
    probs_k = np.asarray(xl.softmax(many), np.float64)[0]
    ce_k = item(xl.cross_entropy(many, target))
    bce_curve, ce_k_curve = _curves(inputs.y, inputs.k)
    return View(
        k=inputs.k,
        sigmoid_p=item(xl.sigmoid(z)),
        bce=bce,
        softmax2=np.asarray(xl.softmax(two), np.float64)[0],
        ce2=ce2,
        gap=abs(bce - ce2),
        probs_k=probs_k,
        p_true_k=float(probs_k[inputs.y]),
        ce_k=ce_k,
        chance_k=item(xl.info.entropy(np.full(inputs.k, 1.0 / inputs.k))),
        curve_x=Z_GRID,
        bce_curve=bce_curve,
        ce_k_curve=ce_k_curve,
        bce_point=(inputs.z, bce),
        ce_k_point=(inputs.z, ce_k),
        curves_coincide=bool(np.max(np.abs(bce_curve - ce_k_curve)) <= COINCIDE),
    )
