"""The squared error, next to its gradient: the regression loss the lessons set against
cross-entropy (its gradient through a sigmoid fades where cross-entropy's does not)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from xentlab._src import reduction as _reduction
from xentlab._src.checks import (
    FloatArray,
    as_float_array,
    check_no_nan,
    check_reduction,
    check_same_shape,
)

__all__ = ["mse_loss", "mse_loss_grad"]


def _prepare(input: ArrayLike, target: ArrayLike, reduction: str) -> tuple[FloatArray, FloatArray]:
    x = as_float_array(input, "input")
    check_reduction(reduction)
    t = as_float_array(target, "target", dtype=x.dtype)
    check_same_shape(x, t, "input", "target")
    check_no_nan(x, "input")
    check_no_nan(t, "target")
    return x, t


def mse_loss(input: ArrayLike, target: ArrayLike, reduction: str = "mean") -> FloatArray:
    r"""Mean squared error.

    .. math:: \ell = (x - y)^2

    Args:
        input: predictions, any shape.
        target: targets, the input's shape (torch would broadcast with a warning; we refuse).
        reduction: ``"none"`` | ``"mean"`` | ``"sum"``.

    Returns:
        The loss: a 0-d array, or the input's shape for ``"none"``.

    Example:
        >>> import numpy as np, xentlab as xl
        >>> print(round(float(xl.mse_loss(np.array(0.7), np.array(1.0))), 4))
        0.09

    Reference: ``torch.nn.functional.mse_loss``.
    """
    x, t = _prepare(input, target, reduction)
    return _reduction.reduce((x - t) ** 2, reduction)


def mse_loss_grad(input: ArrayLike, target: ArrayLike, reduction: str = "mean") -> FloatArray:
    r"""Gradient of :func:`xentlab.mse_loss` with respect to the predictions.

    .. math:: \frac{\partial \ell}{\partial x} = 2\,(x - y)

    divided by the number of elements for ``"mean"``. Chain it to a logit with
    :func:`xentlab.sigmoid_backward` or :func:`xentlab.softmax_backward`.

    Args:
        input: predictions, any shape.
        target: targets, the input's shape.
        reduction: ``"none"`` | ``"mean"`` | ``"sum"``; the gradient of ``"none"`` is that
            of the summed loss.

    Returns:
        ∂loss/∂input: the input's shape and dtype.

    Example:
        >>> import numpy as np, xentlab as xl
        >>> print(round(float(xl.grad.mse_loss(np.array(0.7), np.array(1.0))), 4))  # 2·(−0.3)
        -0.6

    Reference: ``torch.nn.functional.mse_loss`` and its autograd backward.
    """
    x, t = _prepare(input, target, reduction)
    return np.asarray(2 * (x - t) * _reduction.scale(x.size, reduction), dtype=x.dtype)
