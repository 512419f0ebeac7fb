"""The Kullback–Leibler divergence in torch's form (log Q first), next to its gradient.

For whole distributions in probability space see :mod:`xentlab.info`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from xentlab._src import reduction as _reduction
from xentlab._src.checks import (
    FloatArray,
    as_float_array,
    check_finite_or_neg_inf,
    check_in_unit_interval,
    check_reduction,
    check_same_shape,
)

__all__ = ["kl_div", "kl_div_grad"]


def _prepare(
    input: ArrayLike, target: ArrayLike, reduction: str, log_target: bool
) -> tuple[FloatArray, FloatArray]:
    x = as_float_array(input, "input")
    check_reduction(reduction, ("none", "mean", "sum", "batchmean"))
    if not isinstance(log_target, bool | np.bool_):
        raise TypeError(f"log_target must be a bool, got {log_target!r}")
    t = as_float_array(target, "target", dtype=x.dtype)
    check_same_shape(x, t, "input", "target")
    check_finite_or_neg_inf(x, "input")
    if log_target:
        check_finite_or_neg_inf(t, "target")
    else:
        check_in_unit_interval(t, "target")
    return x, t


def kl_div(
    input: ArrayLike, target: ArrayLike, reduction: str = "mean", log_target: bool = False
) -> FloatArray:
    r"""Kullback–Leibler divergence pointwise terms, torch's argument order (log Q first).

    .. math:: \ell = y\,(\log y - x) \quad\text{(0 where } y = 0\text{)}, \qquad
        \ell = e^{y}\,(y - x) \text{ with log\_target}

    ``"batchmean"`` divides the sum by the first dimension: the mathematical KL per sample.
    ``"mean"`` divides by the number of elements, as torch does (rarely what one wants).

    Args:
        input: log-probabilities x = log Q, any shape.
        target: probabilities P (or log P with ``log_target=True``), the input's shape.
        reduction: ``"none"`` | ``"mean"`` | ``"sum"`` | ``"batchmean"``.
        log_target: whether ``target`` is given in log space.

    Returns:
        The loss: a 0-d array, or the input's shape for ``"none"``.

    Example:
        >>> import numpy as np, xentlab as xl
        >>> p, q = np.array([[0.5, 0.5]]), np.array([[0.9, 0.1]])
        >>> print(round(float(xl.kl_div(np.log(q), p, reduction="batchmean")), 4))
        0.5108

    Reference: ``torch.nn.functional.kl_div``.
    """
    x, t = _prepare(input, target, reduction, log_target)
    if log_target:
        loss = np.exp(t) * (t - x)
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            # xlogy: 0·log 0 = 0, and a zero target ignores its input (even −inf)
            loss = np.where(t == 0, 0, t * (np.log(t) - x))
    loss = np.asarray(loss, dtype=x.dtype)
    if reduction == "batchmean":
        total = np.asarray(loss.sum(), dtype=x.dtype)
        return total / x.shape[0] if x.ndim else total
    return _reduction.reduce(loss, reduction)


def kl_div_grad(
    input: ArrayLike, target: ArrayLike, reduction: str = "mean", log_target: bool = False
) -> FloatArray:
    r"""Gradient of :func:`xentlab.kl_div` with respect to the log-probabilities x = log Q.

    .. math:: \frac{\partial \ell}{\partial x} = -y, \qquad -e^{y} \text{ with log\_target}

    divided by the number of elements for ``"mean"`` and by the first dimension for
    ``"batchmean"``. Chained through x = log_softmax(z) it gives softmax(z) − y per row.

    Args:
        input: log-probabilities x = log Q, any shape.
        target: probabilities P (or log P with ``log_target=True``), the input's shape.
        reduction: ``"none"`` | ``"mean"`` | ``"sum"`` | ``"batchmean"``; the gradient of
            ``"none"`` is that of the summed loss.
        log_target: whether ``target`` is given in log space.

    Returns:
        ∂loss/∂input: the input's shape and dtype.

    Example:
        >>> import numpy as np, xentlab as xl
        >>> p, q = np.array([[0.5, 0.5]]), np.array([[0.9, 0.1]])
        >>> print(xl.grad.kl_div(np.log(q), p, reduction="batchmean"))
        [[-0.5 -0.5]]

    Reference: ``torch.nn.functional.kl_div`` and its autograd backward.
    """
    x, t = _prepare(input, target, reduction, log_target)
    g = -np.exp(t) if log_target else -t
    if reduction == "batchmean":
        scale = 1.0 / x.shape[0] if x.ndim and x.shape[0] else 1.0
    else:
        scale = _reduction.scale(x.size, reduction)
    return np.asarray(g * scale, dtype=x.dtype)
