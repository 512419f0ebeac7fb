"""Stable building blocks: log-sum-exp, softmax and log-softmax (with temperature), sigmoid.

All functions accept anything array-like of real numbers, keep float32 as float32 and float64
as float64 (integers become float64), and never overflow: they work from logits with the
log-sum-exp and log-sigmoid identities.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from xentlab._checks import as_float_array, check_finite_or_neg_inf, check_no_nan

__all__ = ["log_sigmoid", "log_softmax", "logsumexp", "sigmoid", "softmax"]

FloatArray = NDArray[np.floating[Any]]


def _check_temperature(temperature: Any) -> float:
    if isinstance(temperature, bool) or not isinstance(temperature, int | float | np.number):
        raise TypeError(f"temperature must be a positive number, got {temperature!r}")
    t = float(temperature)
    if not (np.isfinite(t) and t > 0):
        raise ValueError(f"temperature must be a positive finite number, got {t!r}")
    return t


def _shifted_logsumexp(x: FloatArray, axis: int) -> tuple[FloatArray, FloatArray]:
    """(m, log Σ exp(x − m)) along ``axis`` with keepdims, where m is the row maximum.

    Rows that are all −inf (or hold +inf) get m = 0 so that x − m never becomes inf − inf.
    """
    m = np.max(x, axis=axis, keepdims=True) if x.size else np.zeros_like(x)
    m = np.where(np.isfinite(m), m, 0).astype(x.dtype, copy=False)
    with np.errstate(divide="ignore"):
        s = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True))
    return m, s


def logsumexp(x: ArrayLike, axis: int = -1, keepdims: bool = False) -> FloatArray:
    r"""Log of the sum of exponentials along ``axis``, without overflow.

    .. math:: \operatorname{LSE}(x) = m + \log \sum_i e^{x_i - m}, \quad m = \max_i x_i

    Args:
        x: real array of any shape; −inf entries contribute nothing, +inf gives +inf.
        axis: the axis to reduce.
        keepdims: keep the reduced axis with length one.

    Returns:
        An array of ``x``'s shape without ``axis`` (or with length one there), ``x``'s float dtype.

    Example:
        >>> import xentlab as xl
        >>> print(round(float(xl.logsumexp([1000.0, 1000.0])), 6))
        1000.693147

    Reference: ``torch.logsumexp``, ``scipy.special.logsumexp``.
    """
    arr = as_float_array(x, "x")
    check_no_nan(arr, "x")
    m, s = _shifted_logsumexp(arr, axis)
    out = m + s
    return out if keepdims else np.squeeze(out, axis=axis)


def log_softmax(x: ArrayLike, axis: int = -1, temperature: float = 1.0) -> FloatArray:
    r"""Logarithm of the softmax of ``x / temperature`` along ``axis``.

    .. math:: \log \operatorname{softmax}(x)_i = x_i / T - \operatorname{LSE}(x / T)

    Args:
        x: logits of any shape (−inf allowed to mask a class; NaN and +inf are refused).
        axis: the class axis.
        temperature: T > 0; T > 1 flattens the distribution, T < 1 sharpens it.

    Returns:
        Log-probabilities of ``x``'s shape and float dtype.

    Example:
        >>> import xentlab as xl
        >>> print(xl.log_softmax([2.0, 1.0, -1.0]).round(4))
        [-0.349 -1.349 -3.349]

    Reference: ``torch.nn.functional.log_softmax``.
    """
    arr = as_float_array(x, "x")
    check_finite_or_neg_inf(arr, "x")
    t = _check_temperature(temperature)
    if t != 1.0:
        arr = arr / arr.dtype.type(t)
    m, s = _shifted_logsumexp(arr, axis)
    if np.isneginf(s).any():
        raise ValueError("x must have at least one finite logit along the class axis, got all -inf")
    # log softmax = (x - m) - log Σ exp(x - m): no exponential of a large number is ever taken
    return (arr - m) - s


def softmax(x: ArrayLike, axis: int = -1, temperature: float = 1.0) -> FloatArray:
    r"""Softmax of ``x / temperature`` along ``axis``: probabilities that sum to one.

    .. math:: \operatorname{softmax}(x)_i = \frac{e^{x_i/T}}{\sum_j e^{x_j/T}}

    Args:
        x: logits of any shape (−inf allowed to mask a class; NaN and +inf are refused).
        axis: the class axis.
        temperature: T > 0.

    Returns:
        Probabilities of ``x``'s shape and float dtype.

    Example:
        >>> import xentlab as xl
        >>> print(xl.softmax([2.0, 1.0, -1.0]).round(4))
        [0.7054 0.2595 0.0351]

    Reference: ``torch.nn.functional.softmax``.
    """
    return np.exp(log_softmax(x, axis=axis, temperature=temperature))


def sigmoid(x: ArrayLike) -> FloatArray:
    r"""The logistic function, evaluated without overflow for any finite or infinite x.

    .. math:: \sigma(x) = \frac{1}{1 + e^{-x}}

    Example:
        >>> import xentlab as xl
        >>> print(xl.sigmoid([-1000.0, 0.0, 1000.0]))
        [0.  0.5 1. ]

    Reference: ``torch.sigmoid``.
    """
    arr = as_float_array(x, "x")
    check_no_nan(arr, "x")
    # only e^{-|x|} <= 1 is ever formed, so nothing overflows
    e = np.exp(-np.abs(arr))
    return np.where(arr >= 0, 1 / (1 + e), e / (1 + e))


def log_sigmoid(x: ArrayLike) -> FloatArray:
    r"""Logarithm of the logistic function, exact for large |x|.

    .. math:: \log \sigma(x) = \min(x, 0) - \log(1 + e^{-|x|})

    Example:
        >>> import xentlab as xl
        >>> print(xl.log_sigmoid([-1000.0, -1.0, 1000.0]).tolist())
        [-1000.0, -1.3132616875182228, 0.0]

    Reference: ``torch.nn.functional.logsigmoid``.
    """
    arr = as_float_array(x, "x")
    check_no_nan(arr, "x")
    return np.minimum(arr, 0) - np.log1p(np.exp(-np.abs(arr)))
