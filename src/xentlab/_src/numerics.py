"""Stable building blocks: log-sum-exp, softmax and log-softmax (with temperature), sigmoid and
its inverse the logit, and the backward passes of softmax and sigmoid next to their forwards.

All functions accept anything array-like of real numbers, keep float32 as float32 and float64
as float64 (integers become float64), and never overflow: they work from logits with the
log-sum-exp and log-sigmoid identities.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from xentlab._src.checks import (
    FloatArray,
    as_float_array,
    as_float_array_without_nan,
    as_probabilities,
    broadcastable_to,
    check_finite_or_neg_inf,
)

__all__ = [
    "log_sigmoid",
    "log_softmax",
    "logit",
    "logsumexp",
    "sigmoid",
    "sigmoid_backward",
    "softmax",
    "softmax_backward",
]


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
    A gap x − m below the most negative float (x = −1e308, m = 1e308) rounds to −inf, whose
    exponential is the 0 it stands for.
    """
    m = np.max(x, axis=axis, keepdims=True) if x.size else np.zeros_like(x)
    m = np.where(np.isfinite(m), m, 0).astype(x.dtype, copy=False)
    with np.errstate(divide="ignore", over="ignore"):
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
    arr = as_float_array_without_nan(x, "x")
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
    return _log_softmax(arr, axis, "x")


def _log_softmax(arr: FloatArray, axis: int, name: str) -> FloatArray:
    """log softmax of checked logits ``arr`` (named ``name`` in the error of an all −inf row)."""
    m, s = _shifted_logsumexp(arr, axis)
    if np.isneginf(s).any():
        raise ValueError(
            f"{name} must have at least one finite logit along the class axis, got all -inf"
        )
    # log softmax = (x - m) - log Σ exp(x - m): no exponential of a large number is ever taken;
    # a gap below the most negative float is −inf, the log-probability's value in floating point
    with np.errstate(over="ignore"):
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


def softmax_backward(z: ArrayLike, grad_output: ArrayLike, axis: int = -1) -> FloatArray:
    r"""The chain rule through p = softmax(z): the gradient with respect to the logits z.

    .. math:: \frac{\partial L}{\partial z_i} = \sum_j g_j \frac{\partial p_j}{\partial z_i}
        = p_i \Big(g_i - \sum_k g_k\, p_k\Big), \qquad g = \frac{\partial L}{\partial p}

    The Jacobian diag(p) − p pᵀ is never formed: one sum per row.

    Args:
        z: logits of any shape (−inf allowed to mask a class; NaN and +inf are refused).
        grad_output: g = ∂L/∂p, broadcastable to z's shape (cast to z's float dtype).
        axis: the class axis of z.

    Returns:
        ∂L/∂z: z's shape and float dtype; it sums to 0 along ``axis``.

    Example:
        >>> import numpy as np, xentlab as xl
        >>> # L = p_0: ∂L/∂z = p_0 (e_0 − p), with p = (0.5, 0.5)
        >>> print(xl.softmax_backward(np.zeros(2), np.array([1.0, 0.0])))
        [ 0.25 -0.25]

    Reference: the autograd backward of ``torch.softmax``
    (``torch.ops.aten._softmax_backward_data``).
    """
    arr = as_float_array(z, "z")
    check_finite_or_neg_inf(arr, "z")
    g = _grad_output(grad_output, arr)
    p = np.exp(_log_softmax(arr, axis, "z"))
    out: FloatArray = p * (g - (g * p).sum(axis=axis, keepdims=True))
    return out


def sigmoid(x: ArrayLike) -> FloatArray:
    r"""The logistic function, evaluated without overflow for any finite or infinite x.

    .. math:: \sigma(x) = \frac{1}{1 + e^{-x}}

    Args:
        x: logits of any shape (±inf allowed, NaN refused).

    Returns:
        Probabilities in [0, 1]: ``x``'s shape and float dtype.

    Example:
        >>> import xentlab as xl
        >>> print(xl.sigmoid([-1000.0, 0.0, 1000.0]))
        [0.  0.5 1. ]

    Reference: ``torch.sigmoid``.
    """
    arr = as_float_array_without_nan(x, "x")
    # only e^{-|x|} <= 1 is ever formed, so nothing overflows
    e = np.exp(-np.abs(arr))
    return np.where(arr >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_backward(z: ArrayLike, grad_output: ArrayLike) -> FloatArray:
    r"""The chain rule through ŷ = σ(z): the gradient with respect to the logit z.

    .. math:: \frac{\partial L}{\partial z} = g\, \sigma(z)\,(1 - \sigma(z))
        = g\, \sigma(z)\, \sigma(-z), \qquad g = \frac{\partial L}{\partial \hat y}

    The slope σ' is at most 1/4 (at z = 0) and vanishes for large |z|: the reason a loss on ŷ
    such as the squared error learns slowly from a confident mistake.

    Args:
        z: logits of any shape (±inf allowed, NaN refused).
        grad_output: g = ∂L/∂ŷ, broadcastable to z's shape (cast to z's float dtype).

    Returns:
        ∂L/∂z: z's shape and float dtype.

    Example:
        >>> import numpy as np, xentlab as xl
        >>> # the squared error at ŷ = 0.2, y = 1: g = 2(ŷ − y) = −1.6, σ' = 0.2·0.8 = 0.16
        >>> z = np.log(np.array([0.25]))  # σ(z) = 0.2
        >>> print(xl.sigmoid_backward(z, np.array([-1.6])).round(6))
        [-0.256]

    Reference: the autograd backward of ``torch.sigmoid`` (``torch.ops.aten.sigmoid_backward``).
    """
    arr = as_float_array_without_nan(z, "z")
    g = _grad_output(grad_output, arr)
    # σ'(z) = σ(z)·σ(−z): no 1 − σ(z) to round to 0 for large z
    return g * (sigmoid(arr) * sigmoid(-arr))


def log_sigmoid(x: ArrayLike) -> FloatArray:
    r"""Logarithm of the logistic function, exact for large |x|.

    .. math:: \log \sigma(x) = \min(x, 0) - \log(1 + e^{-|x|})

    Args:
        x: logits of any shape (±inf allowed, NaN refused).

    Returns:
        log σ(x) ≤ 0: ``x``'s shape and float dtype; log(1 − σ(x)) is ``log_sigmoid(-x)``.

    Example:
        >>> import xentlab as xl
        >>> print(xl.log_sigmoid([-1000.0, -1.0, 1000.0]).tolist())
        [-1000.0, -1.3132616875182228, 0.0]

    Reference: ``torch.nn.functional.logsigmoid``.
    """
    arr = as_float_array_without_nan(x, "x")
    return np.minimum(arr, 0) - np.log1p(np.exp(-np.abs(arr)))


def logit(p: ArrayLike) -> FloatArray:
    r"""The logit, inverse of the sigmoid: the log-odds of a probability.

    .. math:: \operatorname{logit}(p) = \ln \frac{p}{1 - p} = \ln p - \ln(1 - p)

    computed as ``log(p) - log1p(-p)``: no quotient to round, and no division by zero at the
    ends, where p = 0 gives −inf and p = 1 gives +inf.

    Args:
        p: probabilities in [0, 1], any shape; 0 gives −inf and 1 gives +inf.

    Returns:
        z with σ(z) = p: p's shape and float dtype.

    Example:
        >>> import xentlab as xl
        >>> print(xl.logit([0.0, 0.2, 0.5, 1.0]).round(4))  # ln(0.2 / 0.8) = −ln 4
        [   -inf -1.3863  0.         inf]

    Reference: ``torch.logit``, ``scipy.special.logit``.
    """
    arr = as_probabilities(p, "p")
    with np.errstate(divide="ignore"):
        return np.log(arr) - np.log1p(-arr)


def _grad_output(grad_output: ArrayLike, z: FloatArray) -> FloatArray:
    """``grad_output`` in z's dtype, broadcast to z's shape, without NaN."""
    g = as_float_array_without_nan(grad_output, "grad_output", dtype=z.dtype)
    return broadcastable_to(g, z.shape, "grad_output", "z's")
