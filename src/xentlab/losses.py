"""The cross-entropy family with the semantics of ``torch.nn.functional``.

Same names, same arguments, same numbers: float32 in gives float32 out, float64 gives float64.
The loss of each function is written as the equation it implements; the checks and argument
handling it shares with :mod:`xentlab.grad` live in the ``_prepare_*`` helpers of this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from xentlab import _checks, _fused
from xentlab._checks import (
    as_float_array,
    as_index_array,
    check_finite_or_neg_inf,
    check_in_unit_interval,
    check_no_nan,
    check_reduction,
    check_same_shape,
)
from xentlab.numerics import log_sigmoid, log_softmax, sigmoid

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
IndexArray = NDArray[np.int64]


def _reduce(loss: FloatArray, reduction: str) -> FloatArray:
    if reduction == "sum":
        return np.asarray(loss.sum(), dtype=loss.dtype)
    if reduction == "mean":
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.asarray(loss.mean() if loss.size else np.nan, dtype=loss.dtype)
    return loss


# ---------------------------------------------------------------------------- class targets


@dataclass(frozen=True)
class ClassTargets:
    """Validated arguments of ``cross_entropy`` / ``nll_loss``, shared with ``xentlab.grad``.

    ``axis`` is the class axis (1, or 0 for an input of shape (C)); ``index`` holds class
    indices with ignored positions replaced by 0, ``valid`` marks the positions not ignored;
    for probability targets ``index``/``valid`` are None and ``probs`` holds the target.
    """

    input: FloatArray
    axis: int
    n_classes: int
    weight: FloatArray | None
    index: IndexArray | None
    valid: NDArray[np.bool_] | None
    probs: FloatArray | None
    reduction: str
    label_smoothing: float

    def class_shape(self) -> tuple[int, ...]:
        """The shape that broadcasts a (C,) vector along the class axis."""
        shape = [1] * self.input.ndim
        shape[self.axis] = self.n_classes
        return tuple(shape)

    def target_weight(self) -> FloatArray:
        """w[target] at every position, 0 where the target is ignored."""
        assert self.index is not None and self.valid is not None
        w = self.weight[self.index] if self.weight is not None else np.ones_like(self.index)
        return np.where(self.valid, w, 0).astype(self.input.dtype)

    def pick(self, values: FloatArray) -> FloatArray:
        """values[..., target, ...] along the class axis (any value where ignored)."""
        assert self.index is not None
        picked = np.take_along_axis(values, np.expand_dims(self.index, self.axis), self.axis)
        return np.squeeze(picked, self.axis)


def _prepare_class_targets(
    input: ArrayLike,
    target: ArrayLike,
    weight: ArrayLike | None,
    ignore_index: int,
    reduction: str,
    label_smoothing: float,
    *,
    allow_probs: bool,
) -> ClassTargets:
    x = as_float_array(input, "input")
    if x.ndim == 0:
        raise ValueError("input must have shape (C), (N, C) or (N, C, d1, ...), got shape ()")
    axis = 1 if x.ndim >= 2 else 0
    n_classes = x.shape[axis]
    if n_classes == 0:
        raise ValueError(
            f"input must have at least one class along axis {axis}, got shape {x.shape}"
        )
    check_reduction(reduction)
    if isinstance(ignore_index, bool) or not isinstance(ignore_index, int | np.integer):
        raise TypeError(f"ignore_index must be an int, got {ignore_index!r}")
    if not isinstance(label_smoothing, int | float | np.floating) or not (
        0.0 <= float(label_smoothing) <= 1.0
    ):
        raise ValueError(f"label_smoothing must be a number in [0, 1], got {label_smoothing!r}")
    w = None
    if weight is not None:
        w = as_float_array(weight, "weight", dtype=x.dtype)
        if w.shape != (n_classes,):
            raise ValueError(f"weight must have shape ({n_classes},), one per class, got {w.shape}")
        check_no_nan(w, "weight")

    t_raw = np.asarray(target)
    index_shape = x.shape[:axis] + x.shape[axis + 1 :]
    if allow_probs and t_raw.dtype.kind == "f":
        if t_raw.shape != x.shape:
            raise ValueError(
                f"target must be class indices of shape {index_shape} or probabilities of "
                f"shape {x.shape}, got a float array of shape {t_raw.shape}"
            )
        probs = as_float_array(t_raw, "target", dtype=x.dtype)
        check_in_unit_interval(probs, "target")
        return ClassTargets(
            x, axis, n_classes, w, None, None, probs, reduction, float(label_smoothing)
        )

    t = as_index_array(t_raw, "target")
    if t.shape != index_shape:
        raise ValueError(
            f"target must have shape {index_shape} for input of shape {x.shape}, got {t.shape}"
        )
    valid = t != ignore_index
    out_of_range = valid & ((t < 0) | (t >= n_classes))
    if out_of_range.any():
        pos = _checks.first_bad_position(out_of_range)
        bad = int(t.ravel()[np.flatnonzero(out_of_range.ravel())[0]])
        raise ValueError(
            f"target must hold class indices in [0, {n_classes}) or ignore_index "
            f"{ignore_index}, got {bad} at position {pos}"
        )
    index = np.where(valid, t, 0)
    return ClassTargets(
        x, axis, n_classes, w, index, valid, None, reduction, float(label_smoothing)
    )


def _nll_from_log_probs(ct: ClassTargets, log_probs: FloatArray) -> FloatArray:
    """torch's nll_loss on log-probabilities, all reductions (weighted mean over non-ignored)."""
    assert ct.valid is not None
    w_t = ct.target_weight()
    with np.errstate(invalid="ignore"):
        loss = np.where(ct.valid, -w_t * ct.pick(log_probs), 0).astype(log_probs.dtype)
    if ct.reduction == "none":
        return loss
    if ct.reduction == "sum":
        return np.asarray(loss.sum(), dtype=loss.dtype)
    # weighted mean: Σ w[t]·(−log p[t]) / Σ w[t]; 0/0 = NaN when every target is ignored (torch)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(loss.sum() / w_t.sum(), dtype=loss.dtype)


def _smoothing_term(ct: ClassTargets, log_probs: FloatArray) -> FloatArray:
    """torch's label-smoothing term for index targets: −Σ_c w_c log p_c, reduced like nll."""
    assert ct.valid is not None
    w = ct.weight.reshape(ct.class_shape()) if ct.weight is not None else 1
    smooth = np.where(ct.valid, -(log_probs * w).sum(axis=ct.axis), 0).astype(log_probs.dtype)
    if ct.reduction == "none":
        return smooth
    if ct.reduction == "sum":
        return np.asarray(smooth.sum(), dtype=smooth.dtype)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(smooth.sum() / ct.target_weight().sum(), dtype=smooth.dtype)


def smoothed_probs(ct: ClassTargets) -> FloatArray:
    """Probability targets after label smoothing: t·(1 − ε) + ε/C."""
    assert ct.probs is not None
    eps = ct.label_smoothing
    if eps == 0:
        return ct.probs
    return (ct.probs * (1 - eps) + eps / ct.n_classes).astype(ct.input.dtype)


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
    smoothing ε mixes the target with the uniform distribution: (1 − ε)·y + ε/C.

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
    ct = _prepare_class_targets(
        input, target, weight, ignore_index, reduction, label_smoothing, allow_probs=True
    )
    if _fused.applies(ct):
        loss = _fused.cross_entropy(ct)
        if loss is not None:
            return loss
        # the kernel met NaN, +inf or a row of only −inf: the reference path raises
    return _cross_entropy_reference(ct)


def _cross_entropy_reference(ct: ClassTargets) -> FloatArray:
    """:func:`cross_entropy` in NumPy from validated arguments (every shape and option)."""
    check_finite_or_neg_inf(ct.input, "input")
    log_probs = log_softmax(ct.input, axis=ct.axis)
    eps = ct.label_smoothing
    if ct.probs is not None:
        t = smoothed_probs(ct)
        w = ct.weight.reshape(ct.class_shape()) if ct.weight is not None else 1
        # 0·log 0 = 0: a masked class (logit −inf) with zero target mass costs nothing
        terms = np.where(t == 0, 0, t * w * log_probs)
        loss = -terms.sum(axis=ct.axis)
        if ct.reduction == "mean":
            # torch divides by the number of positions, not by the weights
            n_positions = ct.input.size // ct.n_classes
            with np.errstate(invalid="ignore", divide="ignore"):
                return np.asarray(loss.sum() / n_positions, dtype=ct.input.dtype)
        return _reduce(loss.astype(ct.input.dtype), ct.reduction)
    nll = _nll_from_log_probs(ct, log_probs)
    if eps == 0:
        return nll
    smooth = _smoothing_term(ct, log_probs)
    return np.asarray((1 - eps) * nll + (eps / ct.n_classes) * smooth, dtype=ct.input.dtype)


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
    ct = _prepare_class_targets(
        input, target, weight, ignore_index, reduction, 0.0, allow_probs=False
    )
    check_no_nan(ct.input, "input")
    return _nll_from_log_probs(ct, ct.input)


# ---------------------------------------------------------------------------- binary targets


@dataclass(frozen=True)
class BinaryTargets:
    """Validated arguments of the binary losses, shared with ``xentlab.grad``."""

    input: FloatArray
    target: FloatArray
    weight: FloatArray | None
    reduction: str


def _broadcastable_to(arr: FloatArray, shape: tuple[int, ...], name: str) -> FloatArray:
    try:
        return np.broadcast_to(arr, shape)
    except ValueError:
        raise ValueError(
            f"{name} must broadcast to the input's shape {shape}, got shape {arr.shape}"
        ) from None


def _prepare_binary(
    input: ArrayLike,
    target: ArrayLike,
    weight: ArrayLike | None,
    reduction: str,
    *,
    input_is_probability: bool,
) -> BinaryTargets:
    x = as_float_array(input, "input")
    check_reduction(reduction)
    t = as_float_array(target, "target", dtype=x.dtype)
    check_same_shape(x, t, "input", "target")
    if input_is_probability:
        check_in_unit_interval(x, "input")
    else:
        check_no_nan(x, "input")
    check_in_unit_interval(t, "target")
    w = None
    if weight is not None:
        w = _broadcastable_to(as_float_array(weight, "weight", dtype=x.dtype), x.shape, "weight")
        check_no_nan(w, "weight")
    return BinaryTargets(x, t, w, reduction)


def _weighted(bt: BinaryTargets, loss: FloatArray) -> FloatArray:
    return loss * bt.weight if bt.weight is not None else loss


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

    Example:
        >>> import numpy as np, xentlab as xl
        >>> print(round(float(xl.binary_cross_entropy(np.array(0.7), np.array(1.0))), 4))
        0.3567

    Reference: ``torch.nn.functional.binary_cross_entropy``.
    """
    bt = _prepare_binary(input, target, weight, reduction, input_is_probability=True)
    x, y = bt.input, bt.target
    with np.errstate(divide="ignore"):
        # torch clamps each log term at -100 so that log(0) stays finite
        log_p = np.maximum(np.log(x), -100)
        log_1mp = np.maximum(np.log1p(-x), -100)
    loss = -(y * log_p + (1 - y) * log_1mp)
    return _reduce(_weighted(bt, loss).astype(x.dtype), reduction)


def _prepare_pos_weight(bt: BinaryTargets, pos_weight: ArrayLike | None) -> FloatArray | None:
    if pos_weight is None:
        return None
    pw = as_float_array(pos_weight, "pos_weight", dtype=bt.input.dtype)
    check_no_nan(pw, "pos_weight")
    return _broadcastable_to(pw, bt.input.shape, "pos_weight")


def binary_cross_entropy_with_logits(
    input: ArrayLike,
    target: ArrayLike,
    weight: ArrayLike | None = None,
    reduction: str = "mean",
    pos_weight: ArrayLike | None = None,
) -> FloatArray:
    r"""Binary cross-entropy computed from logits, stable for any logit size.

    .. math:: \ell = w\,[\,(1 - y)\,x - (1 + (p_w - 1)\,y)\,\log\sigma(x)\,]

    which equals −w [p_w y log σ(x) + (1 − y) log(1 − σ(x))] without ever forming σ(x).

    Args:
        input: logits x, any shape.
        target: probabilities y in [0, 1], the input's shape.
        weight: rescaling weight, broadcastable to the input's shape.
        reduction: ``"none"`` | ``"mean"`` | ``"sum"``.
        pos_weight: weight p_w of positive examples, broadcastable to the input (usually (C)).

    Example:
        >>> import numpy as np, xentlab as xl
        >>> x = np.array([1e30, -1e30, 0.0])
        >>> y = np.array([1.0, 1.0, 0.0])
        >>> print(xl.binary_cross_entropy_with_logits(x, y, reduction="none"))
        [0.00000000e+00 1.00000000e+30 6.93147181e-01]

    Reference: ``torch.nn.functional.binary_cross_entropy_with_logits``.
    """
    bt = _prepare_binary(input, target, weight, reduction, input_is_probability=False)
    pw = _prepare_pos_weight(bt, pos_weight)
    x, y = bt.input, bt.target
    log_weight = 1 + (pw - 1) * y if pw is not None else 1
    # log(1 - σ(x)) = log σ(x) - x, so -(1-y)·log(1-σ(x)) - y·log σ(x) = (1-y)·x - log σ(x)
    loss = (1 - y) * x - log_weight * log_sigmoid(x)
    return _reduce(_weighted(bt, loss).astype(x.dtype), reduction)


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

    A negative ``alpha`` switches the α-balancing off; γ = 0 gives (α-weighted) BCE.

    Args:
        inputs: logits, any shape.
        targets: probabilities in [0, 1] (usually 0/1), the inputs' shape.
        alpha: balance between positives and negatives (α < 0: none).
        gamma: focusing exponent γ ≥ 0.
        reduction: ``"none"`` | ``"mean"`` | ``"sum"`` (default ``"none"``, as torchvision).

    Example:
        >>> import numpy as np, xentlab as xl
        >>> # an easy positive (p = 0.9): α·(1 − 0.9)²·(−ln 0.9) = 0.25·0.01·0.10536
        >>> x = np.log(np.array([9.0]))
        >>> print(xl.sigmoid_focal_loss(x, np.array([1.0])).round(7))
        [0.0002634]

    Reference: ``torchvision.ops.sigmoid_focal_loss``.
    """
    bt, alpha_f, gamma_f = _prepare_focal(inputs, targets, alpha, gamma, reduction)
    x, y = bt.input, bt.target
    loss = binary_cross_entropy_with_logits(x, y, reduction="none")
    one_minus_pt = _focal_one_minus_pt(x, y)
    loss = loss * one_minus_pt**gamma_f
    if alpha_f >= 0:
        loss = (alpha_f * y + (1 - alpha_f) * (1 - y)) * loss
    return _reduce(loss.astype(x.dtype), reduction)


def _prepare_focal(
    inputs: ArrayLike, targets: ArrayLike, alpha: float, gamma: float, reduction: str
) -> tuple[BinaryTargets, float, float]:
    bt = _prepare_binary(inputs, targets, None, reduction, input_is_probability=False)
    for name, value in (("alpha", alpha), ("gamma", gamma)):
        if isinstance(value, bool) or not isinstance(value, int | float | np.number):
            raise TypeError(f"{name} must be a number, got {value!r}")
        if not np.isfinite(value):
            raise ValueError(f"{name} must be finite, got {value!r}")
    if gamma < 0:
        raise ValueError(f"gamma must be >= 0, got {gamma!r}")
    return bt, float(alpha), float(gamma)


def _focal_one_minus_pt(x: FloatArray, y: FloatArray) -> FloatArray:
    """1 − p_t = p + y − 2py with p = σ(x) (torchvision forms p_t from σ(x) the same way)."""
    p = sigmoid(x)
    return 1 - (p * y + (1 - p) * (1 - y))


# ---------------------------------------------------------------------------- distributions


def _prepare_kl(
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
    input: ArrayLike,
    target: ArrayLike,
    reduction: str = "mean",
    log_target: bool = False,
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

    Example:
        >>> import numpy as np, xentlab as xl
        >>> p, q = np.array([[0.5, 0.5]]), np.array([[0.9, 0.1]])
        >>> print(round(float(xl.kl_div(np.log(q), p, reduction="batchmean")), 4))
        0.5108

    Reference: ``torch.nn.functional.kl_div``.
    """
    x, t = _prepare_kl(input, target, reduction, log_target)
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
    return _reduce(loss, reduction)


def mse_loss(input: ArrayLike, target: ArrayLike, reduction: str = "mean") -> FloatArray:
    r"""Mean squared error.

    .. math:: \ell = (x - y)^2

    Args:
        input: predictions, any shape.
        target: targets, the input's shape (torch would broadcast with a warning; we refuse).
        reduction: ``"none"`` | ``"mean"`` | ``"sum"``.

    Example:
        >>> import numpy as np, xentlab as xl
        >>> print(round(float(xl.mse_loss(np.array(0.7), np.array(1.0))), 4))
        0.09

    Reference: ``torch.nn.functional.mse_loss``.
    """
    x, t = _prepare_mse(input, target, reduction)
    return _reduce((x - t) ** 2, reduction)


def _prepare_mse(
    input: ArrayLike, target: ArrayLike, reduction: str
) -> tuple[FloatArray, FloatArray]:
    x = as_float_array(input, "input")
    check_reduction(reduction)
    t = as_float_array(target, "target", dtype=x.dtype)
    check_same_shape(x, t, "input", "target")
    check_no_nan(x, "input")
    check_no_nan(t, "target")
    return x, t
