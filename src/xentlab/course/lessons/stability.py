"""Section 10 — numerical stability: what breaks when the logits grow, and what does not.

Naive softmax computes e^z and then normalises: e^z overflows float32 past z ≈ 88.7 and
float64 past z ≈ 709.8, and inf/inf is NaN. The log-sum-exp form subtracts the maximum first
and never overflows. Taking log(softmax) underflows to −inf where log_softmax stays exact. And
every library guards log(0) in binary cross-entropy its own way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

import xentlab as xl
from xentlab.course.lessons._common import FloatArray, item
from xentlab.course.params import Declared, Real, Whole, param

__all__ = [
    "BASE_LOGITS",
    "KERAS_EPSILON",
    "LOG_SCALE",
    "Inputs",
    "K",
    "View",
    "bce_conventions",
    "compute",
    "naive_softmax",
    "overflow_scale",
    "sklearn_log_loss",
]

#: the logits are BASE_LOGITS × scale, with scale = 10^log_scale
BASE_LOGITS = (1.0, 0.0, -1.0)
#: log_scale's declaration: log10 of the scale, moved in [0, 4]
LOG_SCALE = Real(0.0, 4.0, 0.01)
#: k's declaration: the prediction is ŷ = 10^(−k); k beyond 323 gives ŷ = 0 in float64
K = Whole(1, 400)
#: Keras clips probabilities to [ε, 1 − ε] with its backend epsilon, 1e-7
KERAS_EPSILON = 1e-7


def naive_softmax(z: NDArray[np.floating[Any]], axis: int = -1) -> NDArray[np.floating[Any]]:
    """Softmax the naive way, e^z / Σ e^z along ``axis``, in z's dtype: overflows to inf and
    NaN on purpose."""
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(z)
        out: NDArray[np.floating[Any]] = e / e.sum(axis=axis, keepdims=True)
        return out


def overflow_scale(dtype: Any) -> float:
    """The logit above which e^z overflows in ``dtype``: ln(largest finite number)."""
    return float(np.log(np.finfo(dtype).max))


def sklearn_log_loss(yhat: float) -> float:
    """−ln ŷ for the label y = 1, guarded as ``sklearn.metrics.log_loss`` guards it.

    No scikit-learn needed: the clip is written out (the tests compare it with the real one).
    """
    # scikit-learn's documented semantics of log_loss (default since 1.3, the only one since
    # 1.5): y_proba is clipped to [eps, 1 − eps], eps the machine epsilon of its dtype (float64)
    eps = float(np.finfo(np.float64).eps)
    return -math.log(min(max(yhat, eps), 1 - eps))


def bce_conventions(k: int) -> dict[str, float]:
    """The loss −ln ŷ of ŷ = 10^(−k) for the label y = 1, as each library's guard computes it.

    ``exact`` is k·ln 10, the true value (ŷ itself underflows to 0 in float64 past k = 323).
    PyTorch clamps the log at −100 (``xentlab.binary_cross_entropy`` reproduces it); Keras
    clips ŷ to [1e-7, 1 − 1e-7]; scikit-learn's ``log_loss`` clips to the float64 machine
    epsilon.
    """
    yhat = 10.0 ** (-k)
    keras_p = min(max(yhat, KERAS_EPSILON), 1 - KERAS_EPSILON)
    return {
        "exact": k * math.log(10),
        "pytorch": item(xl.binary_cross_entropy(np.array([yhat]), np.array([1.0]))),
        "keras": -math.log(keras_p),
        "sklearn": sklearn_log_loss(yhat),
    }


@dataclass(frozen=True)
class Inputs(Declared):
    """log10 of the logit scale, and k for the prediction ŷ = 10^(−k) of a true label 1."""

    log_scale: float = param(LOG_SCALE, 1.0, key="s")
    k: int = param(K, 50)


@dataclass(frozen=True, eq=False)
class View:
    """Naive and stable softmax at the current scale, log-probabilities, and the BCE guards."""

    scale: float  # 10^log_scale: the logits are BASE_LOGITS × scale; the chart marks it
    logits: FloatArray = field(repr=False)
    naive32: FloatArray = field(repr=False)  # may hold NaN: that is the lesson
    naive64: FloatArray = field(repr=False)
    stable: FloatArray = field(repr=False)  # xl.softmax, float64
    stable32: FloatArray = field(repr=False)  # xl.softmax, float32
    log_of_softmax: float  # ln(softmax(z)) of the last class, float64: −inf once it underflows
    log_softmax: float  # xl.log_softmax of the last class: exact
    overflow32: float  # scale where naive float32 breaks (a mark on the scale axis)
    overflow64: float
    bce: dict[str, float]  # exact / pytorch / keras / sklearn at ŷ = 10^(−k)
    scales: FloatArray = field(repr=False)  # the scale axis of the curves, 10^0 to 10^4
    curve_naive64: FloatArray = field(repr=False)  # p of the first class; NaN where it breaks
    curve_stable: FloatArray = field(repr=False)

    def broken(self, row: str) -> bool:
        """Whether the softmax row ``row`` (``naive32``, ``naive64``, ``stable``) holds NaN."""
        return bool(np.isnan(getattr(self, row)).any())


@lru_cache(maxsize=1)
def _curves() -> tuple[FloatArray, FloatArray, FloatArray]:
    scales = 10.0 ** np.linspace(LOG_SCALE.lo, LOG_SCALE.hi, 161)
    z = scales[:, None] * np.asarray(BASE_LOGITS)[None, :]
    naive = np.asarray(naive_softmax(z, axis=1)[:, 0], dtype=np.float64)
    stable = np.asarray(xl.softmax(z, axis=1), dtype=np.float64)[:, 0]
    for a in (scales, naive, stable):
        a.setflags(write=False)
    return scales, naive, stable


def compute(inputs: Inputs) -> View:
    """Everything the section shows at the current scale and k."""
    scale = float(10.0**inputs.log_scale)
    z64 = scale * np.asarray(BASE_LOGITS, dtype=np.float64)
    z32 = z64.astype(np.float32)
    stable = np.asarray(xl.softmax(z64), dtype=np.float64)
    with np.errstate(divide="ignore"):
        log_of_softmax = float(np.log(stable[-1]))
    scales, naive_curve, stable_curve = _curves()
    return View(
        scale=scale,
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
