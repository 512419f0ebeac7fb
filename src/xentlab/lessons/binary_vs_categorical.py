"""Section 6 — binary versus categorical: one sigmoid output is a 2-class softmax.

σ(z) = softmax(0, z)₁, so BCE(σ(z), y) = CE((0, z), y). With K classes whose other logits
stay at 0, the same logit z buys less probability: p = e^z / (e^z + K − 1).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Self

import numpy as np

import xentlab as xl
from xentlab.lessons._common import (
    FloatArray,
    check_label,
    fmt_param,
    item,
    query_float,
    query_int,
    vec,
)

__all__ = ["K_MAX", "K_MIN", "Z_GRID", "Z_MAX", "Z_MIN", "Inputs", "View", "compute", "k_logits"]

Z_MIN, Z_MAX, Z_STEP = -6.0, 6.0, 0.1
K_MIN, K_MAX = 2, 10
Z_GRID: FloatArray = np.linspace(Z_MIN, Z_MAX, 121)
Z_GRID.setflags(write=False)


@dataclass(frozen=True)
class Inputs:
    """The logit z of class 1, the true label y ∈ {0, 1} and the number of classes K."""

    z: float = 1.0
    y: int = 1
    k: int = 2

    def __post_init__(self) -> None:
        if not Z_MIN - 1e-9 <= self.z <= Z_MAX + 1e-9:
            raise ValueError(f"z must be in [{Z_MIN}, {Z_MAX}], got {self.z}")
        check_label("y", self.y)
        if isinstance(self.k, bool) or not isinstance(self.k, int) or not K_MIN <= self.k <= K_MAX:
            raise ValueError(f"k must be an integer in [{K_MIN}, {K_MAX}], got {self.k!r}")

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> tuple[Self, tuple[str, ...]]:
        """Inputs read from a URL query (``z``, ``y``, ``k``); bad values fall back to defaults."""
        bad: list[str] = []
        z = query_float(query, "z", cls.z, Z_MIN, Z_MAX, Z_STEP, bad)
        y = query_int(query, "y", cls.y, 0, 1, bad)
        k = query_int(query, "k", cls.k, K_MIN, K_MAX, bad)
        return cls(z=z, y=y, k=k), tuple(bad)

    def to_query(self) -> dict[str, str]:
        """The URL query that restores these inputs."""
        return {"z": fmt_param(self.z), "y": str(self.y), "k": str(self.k)}


@dataclass(frozen=True, eq=False)
class View:
    """The prediction as a sigmoid, as a 2-class softmax, and as a K-class softmax."""

    sigmoid_p: float  # σ(z), the probability of class 1
    bce: float  # BCE-with-logits(z, y)
    softmax2: FloatArray = field(repr=False)  # softmax(0, z)
    ce2: float  # CE((0, z), y)
    probs_k: FloatArray = field(repr=False)  # softmax(0, z, 0, …, 0), K entries
    ce_k: float  # CE of the K-class prediction
    chance_k: float  # ln K: the loss of a uniform guess over K classes
    curve_x: FloatArray = field(repr=False)
    bce_curve: FloatArray = field(repr=False)
    ce_k_curve: FloatArray = field(repr=False)


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
    bce_curve, ce_k_curve = _curves(inputs.y, inputs.k)
    return View(
        sigmoid_p=item(xl.sigmoid(z)),
        bce=item(xl.binary_cross_entropy_with_logits(z, y)),
        softmax2=np.asarray(xl.softmax(two), np.float64)[0],
        ce2=item(xl.cross_entropy(two, target)),
        probs_k=np.asarray(xl.softmax(many), np.float64)[0],
        ce_k=item(xl.cross_entropy(many, target)),
        chance_k=item(xl.info.entropy(np.full(inputs.k, 1.0 / inputs.k))),
        curve_x=Z_GRID,
        bce_curve=bce_curve,
        ce_k_curve=ce_k_curve,
    )
