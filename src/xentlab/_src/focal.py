"""The focal loss of Lin et al. (2017) on logits, next to its gradient and its modulating factor.

ℓ = α_t · (1 − p_t)^γ · BCE: the factor (1 − p_t)^γ is :func:`focal_factor`, written once and
used by the loss, its gradient and the explorer.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from xentlab._src import binary as _binary
from xentlab._src import reduction as _reduction
from xentlab._src.checks import FloatArray, as_probabilities
from xentlab._src.numerics import sigmoid

__all__ = ["focal_factor", "sigmoid_focal_loss", "sigmoid_focal_loss_grad"]


def focal_factor(p_t: ArrayLike, gamma: float) -> FloatArray:
    r"""The focal loss's modulating factor: how much of the plain loss an example keeps.

    .. math:: m(p_t) = (1 - p_t)^\gamma

    p_t is the probability the model gives to the true outcome: an easy example (p_t → 1)
    keeps almost nothing, a hard one (p_t → 0) almost all; γ = 0 gives 1 everywhere (plain
    cross-entropy, with 0⁰ = 1).

    Args:
        p_t: probabilities of the true outcome in [0, 1], any shape.
        gamma: the focusing exponent γ ≥ 0.

    Returns:
        The factor in [0, 1]: p_t's shape and float dtype.

    Example:
        >>> import xentlab as xl
        >>> # (1 − 0.9)² and (1 − 0.1)²: the easy example keeps 1%, the hard one 81%
        >>> print(xl.focal_factor([0.9, 0.1], 2.0).round(4))
        [0.01 0.81]

    Reference: ``torchvision.ops.sigmoid_focal_loss``; Lin et al., *Focal Loss for Dense
    Object Detection* (2017), eq. (4).
    """
    return _factor(as_probabilities(p_t, "p_t"), _check_gamma(gamma))


def _factor(p_t: FloatArray, gamma: float) -> FloatArray:
    """(1 − p_t)^γ on validated arguments."""
    return (1 - p_t) ** gamma


def _check_gamma(gamma: Any) -> float:
    _check_number(gamma, "gamma")
    if gamma < 0:
        raise ValueError(f"gamma must be >= 0, got {gamma!r}")
    return float(gamma)


def _check_number(value: Any, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        raise TypeError(f"{name} must be a number, got {value!r}")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")


def _prepare(
    inputs: ArrayLike, targets: ArrayLike, alpha: float, gamma: float, reduction: str
) -> tuple[_binary.BinaryTargets, float, float]:
    bt = _binary.prepare(inputs, targets, None, reduction, input_is_probability=False)
    _check_number(alpha, "alpha")
    return bt, float(alpha), _check_gamma(gamma)


def _p_t(p: FloatArray, y: FloatArray) -> FloatArray:
    """The probability of the true outcome, p_t = p y + (1 − p)(1 − y), as torchvision forms it."""
    return p * y + (1 - p) * (1 - y)


def _alpha_t(alpha: float, y: FloatArray) -> FloatArray:
    """α_t = α y + (1 − α)(1 − y): the weight of positives (y = 1) against negatives."""
    return alpha * y + (1 - alpha) * (1 - y)


def sigmoid_focal_loss(
    inputs: ArrayLike,
    targets: ArrayLike,
    alpha: float = 0.25,
    gamma: float = 2.0,
    reduction: str = "none",
) -> FloatArray:
    r"""Focal loss of Lin et al. (2017) on logits, with torchvision's semantics.

    .. math:: \ell = \alpha_t\,(1 - p_t)^\gamma\, \operatorname{BCE}(x, y), \quad
        p_t = p y + (1 - p)(1 - y), \; \alpha_t = \alpha y + (1 - \alpha)(1 - y)

    with p = σ(x). A negative ``alpha`` switches the α-balancing off; γ = 0 gives
    (α-weighted) BCE. The factor (1 − p_t)^γ is :func:`xentlab.focal_factor`.

    Args:
        inputs: logits, any shape.
        targets: probabilities in [0, 1] (usually 0/1), the inputs' shape.
        alpha: balance between positives and negatives (α < 0: none).
        gamma: focusing exponent γ ≥ 0.
        reduction: ``"none"`` | ``"mean"`` | ``"sum"`` (default ``"none"``, as torchvision).

    Returns:
        The loss: the inputs' shape for ``"none"``, else a 0-d array.

    Example:
        >>> import numpy as np, xentlab as xl
        >>> # an easy positive (p = 0.9): α·(1 − 0.9)²·(−ln 0.9) = 0.25·0.01·0.10536
        >>> x = np.log(np.array([9.0]))
        >>> print(xl.sigmoid_focal_loss(x, np.array([1.0])).round(7))
        [0.0002634]

    Reference: ``torchvision.ops.sigmoid_focal_loss``; Lin et al., *Focal Loss for Dense
    Object Detection* (2017).
    """
    bt, alpha_f, gamma_f = _prepare(inputs, targets, alpha, gamma, reduction)
    x, y = bt.input, bt.target
    ce = _binary.binary_cross_entropy_with_logits(x, y, reduction="none")
    loss = ce * _factor(_p_t(sigmoid(x), y), gamma_f)
    if alpha_f >= 0:
        loss = _alpha_t(alpha_f, y) * loss
    return _reduction.reduce(loss.astype(x.dtype), reduction)


def sigmoid_focal_loss_grad(
    inputs: ArrayLike,
    targets: ArrayLike,
    alpha: float = 0.25,
    gamma: float = 2.0,
    reduction: str = "none",
) -> FloatArray:
    r"""Gradient of :func:`xentlab.sigmoid_focal_loss` with respect to the logits.

    With m = 1 − p_t, BCE' = p − y and m' = (1 − 2y)·p(1 − p):

    .. math:: \frac{\partial \ell}{\partial x} = \alpha_t\,[\,(p - y)\,m^\gamma
        + \operatorname{BCE}\,\gamma\, m^{\gamma - 1} m'\,]

    At m = 0 the second term's limit, 0, is used (torch's autograd gives 0·∞ = NaN for γ < 1).

    Args:
        inputs: logits, any shape.
        targets: probabilities in [0, 1] (usually 0/1), the inputs' shape.
        alpha: balance between positives and negatives (α < 0: none).
        gamma: focusing exponent γ ≥ 0.
        reduction: ``"none"`` | ``"mean"`` | ``"sum"``; the gradient of ``"none"`` is that
            of the summed loss.

    Returns:
        ∂loss/∂inputs: the inputs' shape and dtype.

    Example:
        >>> import numpy as np, xentlab as xl
        >>> # γ = 0: α·(σ(0) − 1) = 0.25·(−0.5)
        >>> print(xl.grad.sigmoid_focal_loss(np.array([0.0]), np.array([1.0]), gamma=0.0))
        [-0.125]

    Reference: ``torchvision.ops.sigmoid_focal_loss`` and its autograd backward.
    """
    bt, alpha_f, gamma_f = _prepare(inputs, targets, alpha, gamma, reduction)
    x, y = bt.input, bt.target
    p = sigmoid(x)
    ce = _binary.binary_cross_entropy_with_logits(x, y, reduction="none")
    p_t = _p_t(p, y)
    g = (p - y) * _factor(p_t, gamma_f)
    if gamma_f != 0:
        m, dm = 1 - p_t, (1 - 2 * y) * p * (1 - p)
        with np.errstate(divide="ignore", invalid="ignore"):
            # d/dm m^γ = γ m^(γ−1); at m = 0 the term's limit is 0 (0·inf for γ < 1)
            g = g + np.where(m > 0, ce * gamma_f * _factor(p_t, gamma_f - 1) * dm, 0)
    if alpha_f >= 0:
        g = _alpha_t(alpha_f, y) * g
    return (g * _reduction.scale(x.size, reduction)).astype(x.dtype)
