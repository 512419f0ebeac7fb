"""Section 10 — numerical stability: what breaks when the logits grow, and what does not.

Naive softmax computes e^z and then normalises: e^z overflows float32 past z ≈ 88.7 and
float64 past z ≈ 709.8, and inf/inf is NaN. The log-sum-exp form subtracts the maximum first
and never overflows. Taking log(softmax) underflows to −inf where log_softmax stays exact. And
every library guards log(0) in binary cross-entropy its own way.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.metrics import log_loss

import xentlab as xl
from xentlab.lessons._common import FloatArray, fmt_param, item, query_float

__all__ = [
    "BASE_LOGITS",
    "KERAS_EPSILON",
    "Inputs",
    "View",
    "bce_conventions",
    "compute",
    "naive_softmax",
    "overflow_scale",
]

#: the logits are BASE_LOGITS × scale; the scale slider moves log10(scale) in [0, 4]
BASE_LOGITS = (1.0, 0.0, -1.0)
LOG_SCALE_MIN, LOG_SCALE_MAX, LOG_SCALE_STEP = 0.0, 4.0, 0.01
#: ŷ = 10^(−k) for the binary cross-entropy comparison (k beyond 323 gives ŷ = 0 in float64)
K_MIN, K_MAX = 1, 400
#: Keras clips probabilities to [ε, 1 − ε] with its backend epsilon, 1e-7
KERAS_EPSILON = 1e-7


def naive_softmax(z: NDArray[np.floating[Any]]) -> NDArray[np.floating[Any]]:
    """Softmax the naive way, e^z / Σ e^z, in z's dtype: overflows to inf and NaN on purpose."""
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(z)
        return e / e.sum()


def overflow_scale(dtype: Any) -> float:
    """The logit above which e^z overflows in ``dtype``: ln(largest finite number)."""
    return float(np.log(np.finfo(dtype).max))


def bce_conventions(k: int) -> dict[str, float]:
    """The loss −ln ŷ of ŷ = 10^(−k) for the label y = 1, as each library's guard computes it.

    ``exact`` is k·ln 10, the true value (ŷ itself underflows to 0 in float64 past k = 323).
    PyTorch clamps the log at −100 (``xentlab.binary_cross_entropy`` reproduces it); Keras
    clips ŷ to [1e-7, 1 − 1e-7]; scikit-learn's ``log_loss`` clips to the float64 machine
    epsilon.
    """
    yhat = 10.0 ** (-k)
    y = np.array([1.0])
    p = np.array([yhat])
    keras_p = min(max(yhat, KERAS_EPSILON), 1 - KERAS_EPSILON)
    return {
        "exact": k * math.log(10),
        "pytorch": item(xl.binary_cross_entropy(p, y)),
        "keras": -math.log(keras_p),
        "sklearn": float(log_loss([1], [[1 - yhat, yhat]], labels=[0, 1])),
    }


@dataclass(frozen=True)
class Inputs:
    """log10 of the logit scale, and k for the prediction ŷ = 10^(−k) of a true label 1."""

    log_scale: float = 1.0
    k: int = 50

    def __post_init__(self) -> None:
        if not LOG_SCALE_MIN - 1e-9 <= self.log_scale <= LOG_SCALE_MAX + 1e-9:
            raise ValueError(
                f"log_scale must be in [{LOG_SCALE_MIN}, {LOG_SCALE_MAX}], got {self.log_scale!r}"
            )
        if isinstance(self.k, bool) or not isinstance(self.k, int) or not K_MIN <= self.k <= K_MAX:
            raise ValueError(f"k must be an integer in [{K_MIN}, {K_MAX}], got {self.k!r}")

    @property
    def scale(self) -> float:
        return float(10.0**self.log_scale)

    @property
    def yhat(self) -> float:
        return float(10.0 ** (-self.k))

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> tuple[Inputs, tuple[str, ...]]:
        """Inputs from ``s=1.5&k=50``; bad values give the defaults and name the keys."""
        bad: list[str] = []
        log_scale = query_float(
            query, "s", cls.log_scale, LOG_SCALE_MIN, LOG_SCALE_MAX, LOG_SCALE_STEP, bad
        )
        k = query_float(query, "k", cls.k, K_MIN, K_MAX, 1, bad)
        return cls(log_scale=log_scale, k=int(k)), tuple(bad)

    def to_query(self) -> dict[str, str]:
        """The URL query that restores these inputs."""
        return {"s": fmt_param(self.log_scale), "k": str(self.k)}


@dataclass(frozen=True, eq=False)
class View:
    """Naive and stable softmax at the current scale, log-probabilities, and the BCE guards."""

    logits: FloatArray = field(repr=False)
    naive32: FloatArray = field(repr=False)  # may hold NaN: that is the lesson
    naive64: FloatArray = field(repr=False)
    stable: FloatArray = field(repr=False)  # xl.softmax, float64
    stable32: FloatArray = field(repr=False)  # xl.softmax, float32
    log_of_softmax: float  # ln(softmax(z)) of the last class, float64: −inf once it underflows
    log_softmax: float  # xl.log_softmax of the last class: exact
    overflow32: float  # scale where naive float32 breaks
    overflow64: float
    bce: dict[str, float]  # exact / pytorch / keras / sklearn at ŷ = 10^(−k)
    scales: FloatArray = field(repr=False)  # the scale axis of the curves
    curve_naive64: FloatArray = field(repr=False)  # p of the first class; NaN where it breaks
    curve_stable: FloatArray = field(repr=False)


@lru_cache(maxsize=1)
def _curves() -> tuple[FloatArray, FloatArray, FloatArray]:
    scales = 10.0 ** np.linspace(LOG_SCALE_MIN, LOG_SCALE_MAX, 161)
    z = scales[:, None] * np.asarray(BASE_LOGITS)[None, :]
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(z)
        naive = (e / e.sum(axis=1, keepdims=True))[:, 0]
    stable = np.asarray(xl.softmax(z, axis=1), dtype=np.float64)[:, 0]
    for a in (scales, naive, stable):
        a.setflags(write=False)
    return scales, naive, stable


def compute(inputs: Inputs) -> View:
    """Everything the section shows at the current scale and k."""
    z64 = inputs.scale * np.asarray(BASE_LOGITS, dtype=np.float64)
    z32 = z64.astype(np.float32)
    stable = np.asarray(xl.softmax(z64), dtype=np.float64)
    with np.errstate(divide="ignore"):
        log_of_softmax = float(np.log(stable[-1]))
    scales, naive_curve, stable_curve = _curves()
    return View(
        logits=z64,
        naive32=naive_softmax(z32).astype(np.float64),
        naive64=np.asarray(naive_softmax(z64), dtype=np.float64),
        stable=stable,
        stable32=np.asarray(xl.softmax(z32), dtype=np.float64),
        log_of_softmax=log_of_softmax,
        log_softmax=float(xl.log_softmax(z64)[-1]),
        overflow32=overflow_scale(np.float32),
        overflow64=overflow_scale(np.float64),
        bce=bce_conventions(inputs.k),
        scales=scales,
        curve_naive64=naive_curve,
        curve_stable=stable_curve,
    )
