"""Cross-entropy and negative log-likelihood over C classes, each next to its gradient.

Both losses are ℓ = −Σ_c a_c log p_c at every position, with p = softmax(x) for
``cross_entropy`` and log p = x for ``nll_loss``; the coefficients a (:func:`_coefficients`)
hold the target, the weights and the label smoothing, and give both gradients. Large inputs
take the fused kernels (:mod:`xentlab._src.fused`), decided in one place, :func:`_evaluate`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from xentlab._src import fused as _fused
from xentlab._src import reduction as _reduction
from xentlab._src.checks import FloatArray, check_finite_or_neg_inf, check_no_nan, check_out
from xentlab._src.class_targets import ClassTargets, prepare
from xentlab._src.labels import smoothed
from xentlab._src.numerics import log_softmax

__all__ = [
    "cross_entropy",
    "cross_entropy_grad",
    "cross_entropy_with_grad",
    "nll_loss",
    "nll_loss_grad",
]


def cross_entropy(
    input: ArrayLike,
    target: ArrayLike,
    weight: ArrayLike | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> FloatArray:
    r"""Cross-entropy between logits and class indices or class probabilities.

    .. math:: \ell_n = -\sum_c w_c\, y_{n,c} \log \operatorname{softmax}(x_n)_c

    With class indices, ``mean`` is the *weighted* mean Σ w[y_n]·ℓ_n / Σ w[y_n] over targets that
    are not ``ignore_index`` (NaN, as in torch, when every target is ignored). With probability
    targets ``mean`` divides by the number of positions N·d1·…, whatever the weights. Label
    smoothing ε mixes the target with the uniform distribution: (1 − ε)·y + ε/C
    (:func:`xentlab.smooth_labels`).

    Args:
        input: logits of shape (C), (N, C) or (N, C, d1, ..., dK).
        target: integer class indices of shape (), (N) or (N, d1, ..., dK), or float
            probabilities of the input's shape.
        weight: per-class weights of shape (C).
        ignore_index: index targets equal to it contribute nothing (index targets only).
        reduction: ``"none"`` | ``"mean"`` | ``"sum"``.
        label_smoothing: ε in [0, 1].

    Returns:
        The loss: a 0-d array, or the target's shape (without the class axis) for ``"none"``.

    Example:
        >>> import numpy as np, xentlab as xl
        >>> print(round(float(xl.cross_entropy(np.array([2.0, 1.0, -1.0]), np.array(0))), 4))
        0.349

    Reference: ``torch.nn.functional.cross_entropy``.
    """
    ct = prepare(input, target, weight, ignore_index, reduction, label_smoothing, allow_probs=True)
    loss, _ = _evaluate(ct, with_loss=True, with_grad=False)
    assert loss is not None
    return loss


def cross_entropy_grad(
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

    where ℓ_n = −Σ_c a_{n,c} log softmax(x_n)_c: a = w ⊙ ((1 − ε)·y + ε/C), times the
    reduction's 1/Σ w[y_n] (index targets) or 1/(N·d1·…) (probabilities) for ``"mean"``. For a
    one-hot target without weights or smoothing this is the familiar softmax(x) − y.

    Args:
        input: logits of shape (C), (N, C) or (N, C, d1, ..., dK).
        target: integer class indices of shape (), (N) or (N, d1, ..., dK), or float
            probabilities of the input's shape.
        weight: per-class weights of shape (C).
        ignore_index: index targets equal to it contribute nothing (index targets only).
        reduction: ``"none"`` | ``"mean"`` | ``"sum"``; the gradient of ``"none"`` is that
            of the summed loss.
        label_smoothing: ε in [0, 1].

    Returns:
        ∂loss/∂input: the input's shape and dtype (0 where the target is ignored).

    Example:
        >>> import numpy as np, xentlab as xl
        >>> print(xl.grad.cross_entropy(np.array([2.0, 1.0, -1.0]), np.array(0)).round(4))
        [-0.2946  0.2595  0.0351]

    Reference: ``torch.nn.functional.cross_entropy`` and its autograd backward.
    """
    ct = prepare(input, target, weight, ignore_index, reduction, label_smoothing, allow_probs=True)
    _, g = _evaluate(ct, with_loss=False, with_grad=True)
    assert g is not None
    return g


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
    with the same arguments, from one log-softmax. For large (N, C) logits with class indices
    both come from one fused pass over each row (the row statistics are shared) and no N×C
    temporary is made.

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
    ct = prepare(input, target, weight, ignore_index, reduction, label_smoothing, allow_probs=True)
    loss, g = _evaluate(ct, with_loss=True, with_grad=True, out=check_out(out, ct.input))
    assert loss is not None and g is not None
    return loss, g


def _evaluate(
    ct: ClassTargets, *, with_loss: bool, with_grad: bool, out: FloatArray | None = None
) -> tuple[FloatArray | None, FloatArray | None]:
    """(loss, gradient), each if asked for (the kernels give the loss anyway), the gradient into
    ``out`` when given: the one dispatch between the fused kernels and the reference path."""
    fused = _fused.cross_entropy(ct, _grad_scale(ct) if with_grad else None, out)
    if fused is not None:
        return fused
    return _reference(ct, with_loss=with_loss, with_grad=with_grad, out=out)


def _reference(
    ct: ClassTargets, *, with_loss: bool, with_grad: bool, out: FloatArray | None = None
) -> tuple[FloatArray | None, FloatArray | None]:
    """:func:`_evaluate` in NumPy: every shape and option, and the errors (NaN, +inf, a row of
    only −inf) that the kernels leave to it."""
    check_finite_or_neg_inf(ct.input, "input")
    log_probs = log_softmax(ct.input, axis=ct.axis)
    loss = _loss(ct, log_probs) if with_loss else None
    if not with_grad:
        return loss, None
    # the reduction's scale goes into the coefficients first: one rounding fewer in float32
    a = (_coefficients(ct) * _grad_scale(ct)).astype(ct.input.dtype)
    p = np.exp(log_probs)
    g = (a.sum(axis=ct.axis, keepdims=True) * p - a).astype(ct.input.dtype)
    if out is None:
        return loss, g
    out[...] = g
    return loss, out


def _loss(ct: ClassTargets, log_probs: FloatArray) -> FloatArray:
    """The reduced cross-entropy from log softmax(x)."""
    dtype = ct.input.dtype
    eps = ct.label_smoothing
    if ct.probs is not None:
        t = smoothed(ct.probs, eps, ct.n_classes)
        # 0·log 0 = 0: a masked class (logit −inf) with zero target mass costs nothing (the
        # product 0·(−inf) is NaN before np.where drops it, hence errstate)
        with np.errstate(invalid="ignore"):
            terms = np.where(t == 0, 0, t * ct.class_weight() * log_probs)
        loss = -terms.sum(axis=ct.axis)
        if ct.reduction == "mean":
            # torch divides by the number of positions, not by the weights
            n_positions = ct.input.size // ct.n_classes
            with np.errstate(invalid="ignore", divide="ignore"):
                return np.asarray(loss.sum() / n_positions, dtype=dtype)
        return _reduction.reduce(loss.astype(dtype), ct.reduction)
    assert ct.valid is not None
    nll = _nll(ct, log_probs)
    if eps == 0:
        return nll
    # label smoothing of an index target y: (1 − ε)·nll + (ε/C)·(−Σ_c w_c log p_c)
    with np.errstate(invalid="ignore"):
        smooth = np.where(ct.valid, -(log_probs * ct.class_weight()).sum(axis=ct.axis), 0)
    smooth = _weighted_reduce(ct, smooth.astype(dtype))
    return np.asarray((1 - eps) * nll + (eps / ct.n_classes) * smooth, dtype=dtype)


def _nll(ct: ClassTargets, log_probs: FloatArray) -> FloatArray:
    """torch's nll_loss on log-probabilities, all reductions (weighted mean over non-ignored)."""
    assert ct.valid is not None
    with np.errstate(invalid="ignore"):
        loss = np.where(ct.valid, -ct.target_weight * ct.pick(log_probs), 0)
    return _weighted_reduce(ct, loss.astype(log_probs.dtype))


def _weighted_reduce(ct: ClassTargets, loss: FloatArray) -> FloatArray:
    """Reduce per-position losses of index targets: the mean is Σ ℓ_n / Σ w[y_n]."""
    if ct.reduction != "mean":
        return _reduction.reduce(loss, ct.reduction)
    # 0/0 = NaN when every target is ignored, and a sum that overflows is inf, as in torch
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        return np.asarray(loss.sum() / ct.target_weight.sum(), dtype=loss.dtype)


def _coefficients(ct: ClassTargets) -> FloatArray:
    """a with loss = −Σ_c a_c log p_c at every position (before the reduction's scale)."""
    w = ct.class_weight()
    if ct.probs is not None:
        return (smoothed(ct.probs, ct.label_smoothing, ct.n_classes) * w).astype(ct.input.dtype)
    assert ct.index is not None and ct.valid is not None
    eps = ct.label_smoothing
    a = np.zeros_like(ct.input)
    picked = np.expand_dims((1 - eps) * ct.target_weight, ct.axis).astype(ct.input.dtype)
    np.put_along_axis(a, np.expand_dims(ct.index, ct.axis), picked, ct.axis)
    if eps > 0:
        a += ct.input.dtype.type(eps / ct.n_classes) * w * np.expand_dims(ct.valid, ct.axis)
    return a


def _grad_scale(ct: ClassTargets) -> float:
    """d(reduced loss)/d(loss at a position): the reduction's 1/denominator (1 without mean)."""
    if ct.probs is not None:
        return _reduction.scale(ct.input.size // ct.n_classes, ct.reduction)
    if ct.reduction != "mean":
        return 1.0
    assert ct.valid is not None
    total = float(ct.target_weight.sum())
    if total != 0:
        return 1.0 / total
    # torch writes no gradient when every target is ignored (the loss itself is NaN), and NaN
    # when targets are there but their weights sum to 0
    return 0.0 if not ct.valid.any() else np.nan


def nll_loss(
    input: ArrayLike,
    target: ArrayLike,
    weight: ArrayLike | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
) -> FloatArray:
    r"""Negative log-likelihood of class indices under given log-probabilities.

    .. math:: \ell_n = -w_{y_n} x_{n, y_n}, \qquad
        \text{mean} = \frac{\sum_n \ell_n}{\sum_n w_{y_n}} \text{ over non-ignored } n

    Args:
        input: log-probabilities of shape (C), (N, C) or (N, C, d1, ..., dK).
        target: integer class indices of shape (), (N) or (N, d1, ..., dK).
        weight: per-class weights of shape (C).
        ignore_index: targets equal to it contribute nothing.
        reduction: ``"none"`` | ``"mean"`` | ``"sum"``.

    Returns:
        The loss: a 0-d array, or the target's shape for ``"none"``.

    Example:
        >>> import numpy as np, xentlab as xl
        >>> logp = np.log(np.array([[0.5, 0.5], [0.9, 0.1]]))
        >>> print(round(float(xl.nll_loss(logp, np.array([0, 0]))), 4))  # (ln 2 + ln(1/0.9)) / 2
        0.3993

    Reference: ``torch.nn.functional.nll_loss``.
    """
    ct = prepare(input, target, weight, ignore_index, reduction, 0.0, allow_probs=False)
    check_no_nan(ct.input, "input")
    return _nll(ct, ct.input)


def nll_loss_grad(
    input: ArrayLike,
    target: ArrayLike,
    weight: ArrayLike | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
) -> FloatArray:
    r"""Gradient of :func:`xentlab.nll_loss` with respect to the log-probabilities.

    .. math:: \frac{\partial \ell_n}{\partial x_{n,c}} = -w_{y_n} [c = y_n], \qquad
        \text{divided by } \sum_n w_{y_n} \text{ for the mean}

    Args:
        input: log-probabilities of shape (C), (N, C) or (N, C, d1, ..., dK).
        target: integer class indices of shape (), (N) or (N, d1, ..., dK).
        weight: per-class weights of shape (C).
        ignore_index: targets equal to it contribute nothing (a zero gradient).
        reduction: ``"none"`` | ``"mean"`` | ``"sum"``; the gradient of ``"none"`` is that
            of the summed loss.

    Returns:
        ∂loss/∂input: the input's shape and dtype, nonzero at the target classes only.

    Example:
        >>> import numpy as np, xentlab as xl
        >>> print(xl.grad.nll_loss(np.log(np.array([[0.5, 0.5], [0.9, 0.1]])), np.array([0, 1])))
        [[-0.5 -0. ]
         [-0.  -0.5]]

    Reference: ``torch.nn.functional.nll_loss`` and its autograd backward.
    """
    ct = prepare(input, target, weight, ignore_index, reduction, 0.0, allow_probs=False)
    check_no_nan(ct.input, "input")
    return (-_coefficients(ct) * _grad_scale(ct)).astype(ct.input.dtype)
