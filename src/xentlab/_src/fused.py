"""When and how cross-entropy runs through the fused kernels of :mod:`xentlab._src.fused_kernels`.

A large 2-D input with class-index targets (float32 or float64, C-contiguous, at least
:data:`MIN_ELEMENTS` logits) takes the kernels: one read of the logits gives the loss, a second
pass over each row, still in cache, gives the gradient, and nothing of size N×C is allocated
except the gradient itself. Every other input, and any input in which the kernels meet NaN,
+inf or a row of only −inf, takes the reference path in NumPy, which also raises the errors:
the two paths differ by rounding only.

This module imports numba only when a kernel is about to run, so that ``import xentlab`` and
small inputs (the explorer, the lab) never pay for it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from xentlab._src.checks import FloatArray
from xentlab._src.class_targets import ClassTargets
from xentlab._src.extras import missing

__all__ = ["MIN_ELEMENTS", "SHORT_ROW", "applies", "cross_entropy"]

# Below about a million logits the reference path takes a few milliseconds, less than loading
# the compiled kernels from numba's cache (≈ 0.5 s once per process, a few seconds to compile
# them the first time on a machine). Tests lower it to send small inputs through the kernels.
MIN_ELEMENTS = 1 << 20
# Rows shorter than this are processed in blocks of rows (one flat exp pass per block).
SHORT_ROW = 64


def applies(ct: ClassTargets, out: NDArray[Any] | None = None) -> bool:
    """Whether the kernels handle these validated arguments (and gradient buffer)."""
    x = ct.input
    if out is not None and not (
        out.flags.c_contiguous and (out is x or not np.may_share_memory(out, x))
    ):
        return False
    return (
        ct.index is not None
        and x.ndim == 2
        and x.dtype in (np.float32, np.float64)
        and x.flags.c_contiguous
        and x.size >= MIN_ELEMENTS
        and not missing("fast")  # without numba, large inputs take the NumPy path too
    )


def _row_losses(ct: ClassTargets, scale: float, g: FloatArray | None) -> NDArray[Any] | None:
    """Loss of every row (float64), and the gradient into g when given; None if the kernels
    met NaN, +inf or a row of only −inf (the reference path then raises)."""
    from xentlab._src import fused_kernels as kernels

    assert ct.index is not None and ct.valid is not None
    x = ct.input
    n_classes = x.shape[1]
    weight = ct.weight if ct.weight is not None else np.ones(n_classes, x.dtype)
    kernel = kernels.short_rows if n_classes < SHORT_ROW else kernels.long_rows
    with_grad = g is not None
    # without a gradient the kernels still want a (1, C) row of scratch of the input's type
    buffer = g if g is not None else np.empty((1, n_classes), x.dtype)
    eps = ct.label_smoothing
    loss, lse = kernel(x, ct.index, ct.valid, weight, eps, scale, buffer, with_grad, g is x)
    if not np.isfinite(lse).all():
        return None
    out: NDArray[Any] = loss  # the kernels are compiled by numba: untyped
    return out


def _reduce(ct: ClassTargets, loss: NDArray[Any]) -> FloatArray:
    """torch's reduction of per-row losses: the mean is Σ ℓ_n / Σ w[y_n] over non-ignored n."""
    dtype = ct.input.dtype
    if ct.reduction == "none":
        return loss.astype(dtype)
    if ct.reduction == "sum":
        return np.asarray(loss.sum(), dtype=dtype)
    assert ct.index is not None and ct.valid is not None
    if ct.weight is None:
        total_weight = float(np.count_nonzero(ct.valid))
    else:
        total_weight = float(ct.weight[ct.index].sum(where=ct.valid, dtype=np.float64))
    # 0/0 = NaN when every target is ignored, as in torch
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(np.float64(loss.sum()) / total_weight, dtype=dtype)


def cross_entropy(
    ct: ClassTargets, scale: float | None, out: FloatArray | None = None
) -> tuple[FloatArray, FloatArray | None] | None:
    """(loss, gradient) through the kernels, or None: then the reference path takes the input.

    The one place that decides: None when the kernels do not apply to these arguments and
    buffer (:func:`applies`), or when they met NaN, +inf or a row of only −inf (the reference
    path then raises; rows already done hold their gradient in ``out``). Without ``scale`` no
    gradient is computed; with it, ``scale`` is the reduction's d(reduced)/d(row loss) and the
    gradient goes into ``out`` (a new array if None).
    """
    if not applies(ct, out):
        return None
    g = None if scale is None else (out if out is not None else np.empty_like(ct.input))
    loss = _row_losses(ct, 0.0 if scale is None else scale, g)
    return None if loss is None else (_reduce(ct, loss), g)
