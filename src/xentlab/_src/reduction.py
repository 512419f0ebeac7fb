"""The reductions of a loss ("none", "mean", "sum") and their derivative, for every family.

Cross-entropy with class indices reduces by a *weighted* mean and ``kl_div`` knows
``"batchmean"``: their modules handle those cases and call these for the rest.
"""

from __future__ import annotations

import numpy as np

from xentlab._src.checks import FloatArray

__all__ = ["reduce", "scale"]


def reduce(loss: FloatArray, reduction: str) -> FloatArray:
    """``loss`` summed, averaged (NaN for no elements, as torch) or as is, in its dtype."""
    # a sum of finite losses may overflow to inf, as in torch; NaN for no elements, as torch
    if reduction == "sum":
        with np.errstate(over="ignore"):
            return np.asarray(loss.sum(), dtype=loss.dtype)
    if reduction == "mean":
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            return np.asarray(loss.mean() if loss.size else np.nan, dtype=loss.dtype)
    return loss


def scale(n: float, reduction: str) -> float:
    """d(reduced)/d(element): 1/n for a mean, 1 for a sum or for "none" (gradient of the sum)."""
    return 1.0 / n if reduction == "mean" and n else 1.0
