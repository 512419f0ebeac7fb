"""Analytic gradients of the losses in :mod:`xentlab.losses`, with respect to the first argument.

Each function takes exactly the arguments of the loss of the same name and returns
d(loss)/d(input) with the input's shape and dtype, equal to what torch autograd gives. For
``reduction="none"`` the gradient is that of the summed loss (a vector-Jacobian product with
ones), as ``loss.backward(torch.ones_like(loss))`` gives.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from xentlab import _fused, losses
from xentlab._checks import check_finite_or_neg_inf, check_no_nan
from xentlab.losses import (
    ClassTargets,
    _focal_one_minus_pt,
    _prepare_binary,
    _prepare_class_targets,
    _prepare_focal,
    _prepare_kl,
    _prepare_mse,
    _prepare_pos_weight,
    smoothed_probs,
)
from xentlab.numerics import sigmoid, softmax

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "kl_div",
    "mse_loss",
    "nll_loss",
    "sigmoid_focal_loss",
]

FloatArray = NDArray[np.floating[Any]]


def _mean_scale(n: float, reduction: str) -> float:
    """d(reduced)/d(element): 1/n for a mean, 1 for a sum or for "none" (gradient of the sum)."""
    return 1.0 / n if reduction == "mean" and n else 1.0


def _class_scale(ct: ClassTargets) -> float:
    """The mean's denominator for index targets is Σ w[target] over non-ignored positions."""
    if ct.reduction != "mean":
        return 1.0
    total = float(ct.target_weight().sum())
    # torch writes no gradient when every target is ignored (the loss itself is NaN)
    with np.errstate(divide="ignore"):
        return 1.0 / total if total != 0 else (0.0 if not ct.valid.any() else np.nan)  # type: ignore[union-attr]


def _class_coefficients(ct: ClassTargets) -> FloatArray:
    """a with loss = −Σ_c a_c log p_c at every position (before the reduction's scale)."""
    dtype = ct.input.dtype
    w = (
        ct.weight.reshape(ct.class_shape())
        if ct.weight is not None
        else np.ones(ct.class_shape(), dtype)
    )
    if ct.probs is not None:
        return (smoothed_probs(ct) * w).astype(dtype)
    assert ct.index is not None and ct.valid is not None
    eps = ct.label_smoothing
    a = np.zeros_like(ct.input)
    picked = np.expand_dims((1 - eps) * ct.target_weight(), ct.axis).astype(dtype)
    np.put_along_axis(a, np.expand_dims(ct.index, ct.axis), picked, ct.axis)
    if eps > 0:
        a += (eps / ct.n_classes) * w * np.expand_dims(ct.valid, ct.axis)
    return a


def cross_entropy(
    input: ArrayLike,
    target: ArrayLike,
    weight: ArrayLike | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> FloatArray:
    r"""Gradient of :func:`xentlab.cross_entropy` with respect to the logits.

    .. math:: \frac{\partial \ell_n}{\partial x_{n,c}} = \Big(\sum_k a_{n,k}\Big)\,
        \operatorname{softmax}(x_n)_c - a_{n,c}

    where ℓ_n = −Σ_c a_{n,c} log softmax(x_n)_c; for a one-hot target without weights this is
    the familiar ŷ − y.

    Example:
        >>> import numpy as np, xentlab as xl
        >>> print(xl.grad.cross_entropy(np.array([2.0, 1.0, -1.0]), np.array(0)).round(4))
        [-0.2946  0.2595  0.0351]
    """
    ct = _prepare_class_targets(
        input, target, weight, ignore_index, reduction, label_smoothing, allow_probs=True
    )
    if _fused.applies(ct):
        loss_and_grad = _fused.cross_entropy_with_grad(ct, _class_scale(ct), None)
        if loss_and_grad is not None:
            return loss_and_grad[1]
        # the kernel met NaN, +inf or a row of only −inf: the reference path raises
    return _cross_entropy_reference(ct)


def _cross_entropy_reference(ct: ClassTargets) -> FloatArray:
    """:func:`cross_entropy` in NumPy from validated arguments (every shape and option)."""
    check_finite_or_neg_inf(ct.input, "input")
    if ct.probs is not None:
        scale = _mean_scale(ct.input.size // ct.n_classes, ct.reduction)
    else:
        scale = _class_scale(ct)
    # the reduction's scale goes into the coefficients first: one rounding fewer in float32
    a = (_class_coefficients(ct) * scale).astype(ct.input.dtype)
    p = softmax(ct.input, axis=ct.axis)
    return (a.sum(axis=ct.axis, keepdims=True) * p - a).astype(ct.input.dtype)


def _check_out(out: Any, x: FloatArray) -> FloatArray | None:
    if out is None:
        return None
    if not (
        isinstance(out, np.ndarray)
        and out.shape == x.shape
        and out.dtype == x.dtype
        and out.flags.writeable
    ):
        got = (
            f"shape {out.shape}, dtype {out.dtype}{'' if out.flags.writeable else ', read-only'}"
            if isinstance(out, np.ndarray)
            else type(out).__name__
        )
        raise ValueError(
            f"out must be a writable array of the input's shape {x.shape} and dtype {x.dtype}, "
            f"got {got}"
        )
    return out


def cross_entropy_with_grad(
    input: ArrayLike,
    target: ArrayLike,
    weight: ArrayLike | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
    *,
    out: NDArray[Any] | None = None,
) -> tuple[FloatArray, FloatArray]:
    r"""Cross-entropy and its gradient with respect to the logits, in one call.

    .. math:: \ell_n = -\sum_c a_{n,c} \log \operatorname{softmax}(x_n)_c, \qquad
        \frac{\partial \ell_n}{\partial x_{n,c}} = \Big(\sum_k a_{n,k}\Big)
        \operatorname{softmax}(x_n)_c - a_{n,c}

    The same numbers as :func:`xentlab.cross_entropy` and :func:`xentlab.grad.cross_entropy`
    with the same arguments. For large (N, C) logits with class indices both come from one
    fused pass over each row (the row statistics are shared) and no N×C temporary is made.

    Args:
        input: logits of shape (C), (N, C) or (N, C, d1, ..., dK).
        target: integer class indices of shape (), (N) or (N, d1, ..., dK), or float
            probabilities of the input's shape.
        weight: per-class weights of shape (C).
        ignore_index: index targets equal to it contribute nothing (index targets only).
        reduction: ``"none"`` | ``"mean"`` | ``"sum"``; the gradient of ``"none"`` is that
            of the summed loss.
        label_smoothing: ε in [0, 1].
        out: a writable array of the input's shape and dtype to receive the gradient; pass the
            logits themselves to overwrite them and save a buffer of their size (if an error
            is raised, rows already processed then hold their gradient).

    Returns:
        (loss, gradient): the loss as :func:`xentlab.cross_entropy` returns it, and an array of
        the input's shape and dtype (``out`` when given).

    Example:
        >>> import numpy as np, xentlab as xl
        >>> loss, g = xl.cross_entropy_with_grad(np.array([[2.0, 1.0, -1.0]]), np.array([0]))
        >>> print(round(float(loss), 4), g.round(4))
        0.349 [[-0.2946  0.2595  0.0351]]

    Reference: ``torch.nn.functional.cross_entropy`` and its autograd backward.
    """
    ct = _prepare_class_targets(
        input, target, weight, ignore_index, reduction, label_smoothing, allow_probs=True
    )
    out = _check_out(out, ct.input)
    if _fused.applies(ct, out):
        loss_and_grad = _fused.cross_entropy_with_grad(ct, _class_scale(ct), out)
        if loss_and_grad is not None:
            return loss_and_grad
        # the kernel met NaN, +inf or a row of only −inf: the reference path raises
    loss = losses._cross_entropy_reference(ct)
    g = _cross_entropy_reference(ct)
    if out is None:
        return loss, g
    out[...] = g
    return loss, out


def nll_loss(
    input: ArrayLike,
    target: ArrayLike,
    weight: ArrayLike | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
) -> FloatArray:
    r"""Gradient of :func:`xentlab.nll_loss`: −w[y] at the target class, 0 elsewhere.

    Example:
        >>> import numpy as np, xentlab as xl
        >>> print(xl.grad.nll_loss(np.log(np.array([[0.5, 0.5], [0.9, 0.1]])), np.array([0, 1])))
        [[-0.5 -0. ]
         [-0.  -0.5]]
    """
    ct = _prepare_class_targets(
        input, target, weight, ignore_index, reduction, 0.0, allow_probs=False
    )
    check_no_nan(ct.input, "input")
    return (-_class_coefficients(ct) * _class_scale(ct)).astype(ct.input.dtype)


def binary_cross_entropy(
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

    Example:
        >>> import numpy as np, xentlab as xl
        >>> print(round(float(xl.grad.binary_cross_entropy(np.array(0.7), np.array(1.0))), 4))
        -1.4286
    """
    bt = _prepare_binary(input, target, weight, reduction, input_is_probability=True)
    x, y = bt.input, bt.target
    # torch's backward guards the denominator with EPSILON, a float32 1e-12 (also in float64)
    g = (x - y) / np.maximum((1 - x) * x, x.dtype.type(np.float32(1e-12)))
    if bt.weight is not None:
        g = g * bt.weight
    return (g * _mean_scale(x.size, reduction)).astype(x.dtype)


def binary_cross_entropy_with_logits(
    input: ArrayLike,
    target: ArrayLike,
    weight: ArrayLike | None = None,
    reduction: str = "mean",
    pos_weight: ArrayLike | None = None,
) -> FloatArray:
    r"""Gradient of :func:`xentlab.binary_cross_entropy_with_logits` with respect to the logit.

    .. math:: \frac{\partial \ell}{\partial x} = w\,[\,(p_w y + 1 - y)\,\sigma(x) - p_w y\,]
        \quad (= w\,(\sigma(x) - y) \text{ without pos\_weight})

    Example:
        >>> import numpy as np, xentlab as xl
        >>> g = xl.grad.binary_cross_entropy_with_logits(np.array(0.0), np.array(1.0))
        >>> print(float(g))  # σ(0) − 1
        -0.5
    """
    bt = _prepare_binary(input, target, weight, reduction, input_is_probability=False)
    pw = _prepare_pos_weight(bt, pos_weight)
    x, y = bt.input, bt.target
    g = sigmoid(x) - y if pw is None else (pw * y + 1 - y) * sigmoid(x) - pw * y
    if bt.weight is not None:
        g = g * bt.weight
    return (g * _mean_scale(x.size, reduction)).astype(x.dtype)


def sigmoid_focal_loss(
    inputs: ArrayLike,
    targets: ArrayLike,
    alpha: float = 0.25,
    gamma: float = 2.0,
    reduction: str = "none",
) -> FloatArray:
    r"""Gradient of :func:`xentlab.sigmoid_focal_loss` with respect to the logits.

    With m = 1 − p_t and BCE' = p − y, m' = (1 − 2y)·p(1 − p):

    .. math:: \frac{\partial \ell}{\partial x} = \alpha_t\,[\,(p - y)\,m^\gamma
        + \operatorname{BCE}\,\gamma\, m^{\gamma - 1} m'\,]

    Example:
        >>> import numpy as np, xentlab as xl
        >>> print(xl.grad.sigmoid_focal_loss(np.array([0.0]), np.array([1.0]), gamma=0.0))
        [-0.125]
    """
    bt, alpha_f, gamma_f = _prepare_focal(inputs, targets, alpha, gamma, reduction)
    x, y = bt.input, bt.target
    p = sigmoid(x)
    ce = losses.binary_cross_entropy_with_logits(x, y, reduction="none")
    m = _focal_one_minus_pt(x, y)
    dm = (1 - 2 * y) * p * (1 - p)
    g = (p - y) * m**gamma_f
    if gamma_f != 0:
        with np.errstate(divide="ignore", invalid="ignore"):
            # at m = 0 the term's limit is 0 (torch would produce 0·inf = NaN for γ < 1)
            g = g + np.where(m > 0, ce * gamma_f * m ** (gamma_f - 1) * dm, 0)
    if alpha_f >= 0:
        g = (alpha_f * y + (1 - alpha_f) * (1 - y)) * g
    return (g * _mean_scale(x.size, reduction)).astype(x.dtype)


def kl_div(
    input: ArrayLike,
    target: ArrayLike,
    reduction: str = "mean",
    log_target: bool = False,
) -> FloatArray:
    r"""Gradient of :func:`xentlab.kl_div` with respect to the log-probabilities: −y (or −e^y).

    Example:
        >>> import numpy as np, xentlab as xl
        >>> p, q = np.array([[0.5, 0.5]]), np.array([[0.9, 0.1]])
        >>> print(xl.grad.kl_div(np.log(q), p, reduction="batchmean"))
        [[-0.5 -0.5]]
    """
    x, t = _prepare_kl(input, target, reduction, log_target)
    g = -np.exp(t) if log_target else -t
    if reduction == "batchmean":
        scale = 1.0 / x.shape[0] if x.ndim and x.shape[0] else 1.0
    else:
        scale = _mean_scale(x.size, reduction)
    return np.asarray(g * scale, dtype=x.dtype)


def mse_loss(input: ArrayLike, target: ArrayLike, reduction: str = "mean") -> FloatArray:
    r"""Gradient of :func:`xentlab.mse_loss`: 2(x − y), divided by the count for a mean.

    Example:
        >>> import numpy as np, xentlab as xl
        >>> print(round(float(xl.grad.mse_loss(np.array(0.7), np.array(1.0))), 4))
        -0.6
    """
    x, t = _prepare_mse(input, target, reduction)
    return np.asarray(2 * (x - t) * _mean_scale(x.size, reduction), dtype=x.dtype)
