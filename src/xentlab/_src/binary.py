"""Binary cross-entropy on probabilities and on logits, each next to its gradient.

Both share :class:`BinaryTargets`, their validated arguments (also used by the focal loss).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from xentlab._src import reduction as _reduction
from xentlab._src.checks import (
    FloatArray,
    as_float_array,
    as_float_array_without_nan,
    broadcastable_to,
    check_finite,
    check_in_unit_interval,
    check_no_nan,
    check_reduction,
    check_same_shape,
)
from xentlab._src.numerics import log_sigmoid, sigmoid

__all__ = [
    "BinaryTargets",
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_grad",
    "prepare",
]


@dataclass(frozen=True)
class BinaryTargets:
    """Validated arguments of the binary losses and their gradients."""

    input: FloatArray
    target: FloatArray
    weight: FloatArray | None
    reduction: str

    def weighted(self, values: FloatArray) -> FloatArray:
        """values · w (values as they are without weights)."""
        return values * self.weight if self.weight is not None else values

    def reduced_grad(self, g: FloatArray) -> FloatArray:
        """The elementwise derivative g, weighted and scaled by the reduction, in the dtype."""
        x = self.input
        return (self.weighted(g) * _reduction.scale(x.size, self.reduction)).astype(x.dtype)


def prepare(
    input: ArrayLike,
    target: ArrayLike,
    weight: ArrayLike | None,
    reduction: str,
    *,
    input_is_probability: bool,
) -> BinaryTargets:
    """Check the arguments of a binary loss: probabilities ŷ, or logits if not
    ``input_is_probability``; the target y in [0, 1]; w broadcast to the input."""
    x = as_float_array(input, "input")
    check_reduction(reduction)
    t = as_float_array(target, "target", dtype=x.dtype)
    check_same_shape(x, t, "input", "target")
    if input_is_probability:
        check_in_unit_interval(x, "input")
    else:
        check_finite(x, "input")
    check_in_unit_interval(t, "target")
    w = None
    if weight is not None:
        w = broadcastable_to(as_float_array(weight, "weight", dtype=x.dtype), x.shape, "weight")
        check_no_nan(w, "weight")
    return BinaryTargets(x, t, w, reduction)


def binary_cross_entropy(
    input: ArrayLike,
    target: ArrayLike,
    weight: ArrayLike | None = None,
    reduction: str = "mean",
) -> FloatArray:
    r"""Binary cross-entropy between predicted probabilities and targets.

    .. math:: \ell = -w\,[\,y \max(\log \hat y, -100) + (1 - y) \max(\log(1 - \hat y), -100)\,]

    Each log is clamped at −100 exactly as torch does, so ŷ = 0 or 1 gives a finite loss.

    Args:
        input: probabilities ŷ in [0, 1], any shape.
        target: probabilities y in [0, 1], the input's shape.
        weight: rescaling weight, broadcastable to the input's shape.
        reduction: ``"none"`` | ``"mean"`` | ``"sum"``.

    Returns:
        The loss: a 0-d array, or the input's shape for ``"none"``.

    Example:
        >>> import numpy as np, xentlab as xl
        >>> print(round(float(xl.binary_cross_entropy(np.array(0.7), np.array(1.0))), 4))
        0.3567

    Reference: ``torch.nn.functional.binary_cross_entropy``.
    """
    bt = prepare(input, target, weight, reduction, input_is_probability=True)
    x, y = bt.input, bt.target
    with np.errstate(divide="ignore"):
        # torch clamps each log term at -100 so that log(0) stays finite
        log_p = np.maximum(np.log(x), -100)
        log_1mp = np.maximum(np.log1p(-x), -100)
    loss = -(y * log_p + (1 - y) * log_1mp)
    return _reduction.reduce(bt.weighted(loss).astype(x.dtype), reduction)


def binary_cross_entropy_grad(
    input: ArrayLike,
    target: ArrayLike,
    weight: ArrayLike | None = None,
    reduction: str = "mean",
) -> FloatArray:
    r"""Gradient of :func:`xentlab.binary_cross_entropy` with respect to ŷ.

    .. math::
        \frac{\partial \ell}{\partial \hat y}
        = w\,\frac{\hat y - y}{\max(\hat y(1 - \hat y), 10^{-12})}

    torch's backward guards the denominator with 10⁻¹²; it ignores the −100 clamp of the loss.
    Chain it to the logit with :func:`xentlab.sigmoid_backward` (or use the loss on logits).

    Args:
        input: probabilities ŷ in [0, 1], any shape.
        target: probabilities y in [0, 1], the input's shape.
        weight: rescaling weight, broadcastable to the input's shape.
        reduction: ``"none"`` | ``"mean"`` | ``"sum"``; the gradient of ``"none"`` is that
            of the summed loss.

    Returns:
        ∂loss/∂ŷ: the input's shape and dtype.

    Example:
        >>> import numpy as np, xentlab as xl
        >>> # −y/ŷ + (1 − y)/(1 − ŷ) = −1/0.7
        >>> print(round(float(xl.grad.binary_cross_entropy(np.array(0.7), np.array(1.0))), 4))
        -1.4286

    Reference: ``torch.nn.functional.binary_cross_entropy`` and its autograd backward.
    """
    bt = prepare(input, target, weight, reduction, input_is_probability=True)
    x, y = bt.input, bt.target
    # torch's backward guards the denominator with EPSILON, a float32 1e-12 (also in float64)
    return bt.reduced_grad((x - y) / np.maximum((1 - x) * x, x.dtype.type(np.float32(1e-12))))


def binary_cross_entropy_with_logits(
    input: ArrayLike,
    target: ArrayLike,
    weight: ArrayLike | None = None,
    reduction: str = "mean",
    pos_weight: ArrayLike | None = None,
) -> FloatArray:
    r"""Binary cross-entropy computed from logits, stable for any finite logit.

    .. math:: \ell = w\,[\,(1 - y)\,x - (1 + (p_w - 1)\,y)\,\log\sigma(x)\,]

    which equals −w [p_w y log σ(x) + (1 − y) log(1 − σ(x))] without ever forming σ(x).

    Args:
        input: logits x, any shape.
        target: probabilities y in [0, 1], the input's shape.
        weight: rescaling weight, broadcastable to the input's shape.
        reduction: ``"none"`` | ``"mean"`` | ``"sum"``.
        pos_weight: weight p_w of positive examples, broadcastable to the input (usually (C)).

    Returns:
        The loss: a 0-d array, or the input's shape for ``"none"``.

    Example:
        >>> import numpy as np, xentlab as xl
        >>> x = np.array([1e30, -1e30, 0.0])
        >>> y = np.array([1.0, 1.0, 0.0])
        >>> print(xl.binary_cross_entropy_with_logits(x, y, reduction="none"))
        [0.00000000e+00 1.00000000e+30 6.93147181e-01]

    Reference: ``torch.nn.functional.binary_cross_entropy_with_logits``.
    """
    bt = prepare(input, target, weight, reduction, input_is_probability=False)
    pw = _prepare_pos_weight(bt, pos_weight)
    x, y = bt.input, bt.target
    log_weight = 1 + (pw - 1) * y if pw is not None else 1
    # log(1 - σ(x)) = log σ(x) - x, so -(1-y)·log(1-σ(x)) - y·log σ(x) = (1-y)·x - log σ(x)
    loss = (1 - y) * x - log_weight * log_sigmoid(x)
    return _reduction.reduce(bt.weighted(loss).astype(x.dtype), reduction)


def binary_cross_entropy_with_logits_grad(
    input: ArrayLike,
    target: ArrayLike,
    weight: ArrayLike | None = None,
    reduction: str = "mean",
    pos_weight: ArrayLike | None = None,
) -> FloatArray:
    r"""Gradient of :func:`xentlab.binary_cross_entropy_with_logits` with respect to the logit.

    .. math:: \frac{\partial \ell}{\partial x} = w\,[\,(p_w y + 1 - y)\,\sigma(x) - p_w y\,]
        \quad (= w\,(\sigma(x) - y) \text{ without pos\_weight})

    Args:
        input: logits x, any shape.
        target: probabilities y in [0, 1], the input's shape.
        weight: rescaling weight, broadcastable to the input's shape.
        reduction: ``"none"`` | ``"mean"`` | ``"sum"``; the gradient of ``"none"`` is that
            of the summed loss.
        pos_weight: weight p_w of positive examples, broadcastable to the input (usually (C)).

    Returns:
        ∂loss/∂x: the input's shape and dtype, in [−p_w w, w] per element.

    Example:
        >>> import numpy as np, xentlab as xl
        >>> g = xl.grad.binary_cross_entropy_with_logits(np.array(0.0), np.array(1.0))
        >>> print(float(g))  # σ(0) − 1
        -0.5

    Reference: ``torch.nn.functional.binary_cross_entropy_with_logits`` and its autograd
    backward.
    """
    bt = prepare(input, target, weight, reduction, input_is_probability=False)
    pw = _prepare_pos_weight(bt, pos_weight)
    x, y = bt.input, bt.target
    return bt.reduced_grad(sigmoid(x) - y if pw is None else (pw * y + 1 - y) * sigmoid(x) - pw * y)


def _prepare_pos_weight(bt: BinaryTargets, pos_weight: ArrayLike | None) -> FloatArray | None:
    if pos_weight is None:
        return None
    pw = as_float_array_without_nan(pos_weight, "pos_weight", dtype=bt.input.dtype)
    return broadcastable_to(pw, bt.input.shape, "pos_weight")
