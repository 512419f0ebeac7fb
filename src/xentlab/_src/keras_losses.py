"""Keras 3's cross-entropy losses in NumPy: the loss object called on (y_true, y_pred).

``keras.losses.CategoricalCrossentropy(**options)(y_true, y_pred, sample_weight)`` is one
function here, with Keras' rules written out: from probabilities (``from_logits=False``) the
rows are renormalised and clipped to [ε, 1 − ε] with ε = 1e-7 (on TensorFlow the sparse loss
clips first and renormalises after); a binary label is smoothed toward 0.5, a one-hot label
toward 1/C; sample weights multiply the per-example losses and the default reduction
``"sum_over_batch_size"`` divides by the number of their elements, whatever the weights.

Shapes follow Keras' ``squeeze_or_expand_to_same_rank``: labels or weights one axis longer
than what they meet, with a last axis of 1, lose that axis (or the other side gains one, when
it has a single axis). So labels and weights of shape (N, 1) give N losses of shape (N, 1), not
an N × N array, and a batch of one with a scalar weight is one number.
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from xentlab._src.checks import (
    FloatArray,
    as_float_array_without_nan,
    as_index_array,
    as_probabilities,
    check_class_indices,
    check_label_smoothing,
    check_same_shape,
)
from xentlab._src.numerics import log_sigmoid, log_softmax

__all__ = [
    "KERAS_BACKENDS",
    "KERAS_EPSILON",
    "KERAS_REDUCTIONS",
    "keras_binary_crossentropy",
    "keras_categorical_crossentropy",
    "keras_sparse_categorical_crossentropy",
]

#: ``keras.backend.epsilon()``: probabilities are clipped to [ε, 1 − ε] before their log
KERAS_EPSILON = 1e-7
#: the backends whose results differ (only the sparse loss from probabilities, on TensorFlow)
KERAS_BACKENDS = ("jax", "tensorflow", "torch")
#: the reductions of a Keras loss (None and "none" both keep one loss per example)
KERAS_REDUCTIONS = ("sum_over_batch_size", "mean", "sum", "mean_with_sample_weight", "none", None)


def keras_categorical_crossentropy(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    sample_weight: ArrayLike | None = None,
    reduction: str | None = "sum_over_batch_size",
) -> FloatArray:
    r"""``keras.losses.CategoricalCrossentropy`` called on one-hot (or probability) targets.

    .. math:: \ell_n = -\sum_c \tilde y_{n,c} \log q_{n,c}, \qquad
        \tilde y = (1 - \varepsilon)\, y + \varepsilon / C

    with q = softmax(y_pred) if ``from_logits``, else q = clip(y_pred / Σ_c y_pred, ε, 1 − ε),
    ε = 1e-7: no example then costs more than −ln 1e-7 ≈ 16.12. The losses are multiplied by
    ``sample_weight`` (class weights reach Keras as ``sample_weight = w[label]``) and reduced:
    ``"sum_over_batch_size"`` (= ``"mean"``) divides their sum by N whatever the weights,
    ``"mean_with_sample_weight"`` by Σ sample_weight, ``"sum"`` only adds.

    With the TensorFlow backend, probabilities made by Keras' own softmax layer carry their
    logits and skip the clip; this function models a plain array of probabilities.

    Args:
        y_true: targets of shape (N, C): one-hot rows, or probabilities.
        y_pred: logits (``from_logits=True``) or probabilities, shape (N, C).
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: ε in [0, 1].
        sample_weight: one weight per example, shape (N) (or broadcastable to the losses).
        reduction: one of :data:`KERAS_REDUCTIONS`.

    Returns:
        A 0-d array, or one loss per example (shape (N)) for ``None``/``"none"``; the dtype of
        ``y_pred``.

    Example:
        >>> import numpy as np
        >>> from xentlab.conventions import keras_categorical_crossentropy
        >>> # the second example gives its class 1e-9: clipped to 1e-7, so −ln 1e-7 = 16.1181
        >>> probs = np.array([[0.7, 0.2, 0.1], [1e-9, 0.5, 0.5 - 1e-9]])
        >>> onehot = np.array([[1.0, 0, 0], [1, 0, 0]])
        >>> print(keras_categorical_crossentropy(onehot, probs, reduction=None).round(4))
        [ 0.3567 16.1181]

    Reference: ``keras.losses.CategoricalCrossentropy`` (Keras 3).
    """
    q, y, eps = _pair(y_pred, y_true, from_logits, label_smoothing, "one axis of classes")
    if eps:
        y = (y * (1.0 - eps) + eps / q.shape[-1]).astype(q.dtype)
    values = np.sum(y * -_log_probs(q, from_logits), axis=-1)
    return _reduce(values, sample_weight, reduction)


def keras_sparse_categorical_crossentropy(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    from_logits: bool = False,
    ignore_class: int | None = None,
    sample_weight: ArrayLike | None = None,
    reduction: str | None = "sum_over_batch_size",
    backend: str = "jax",
) -> FloatArray:
    r"""``keras.losses.SparseCategoricalCrossentropy`` called on integer class labels.

    .. math:: \ell_n = -\log q_{n, y_n}

    with q as in :func:`keras_categorical_crossentropy` (softmax, or renormalised and clipped
    probabilities) on the JAX and torch backends; on TensorFlow, probabilities are clipped
    first and renormalised after (``log_softmax(log(clip(p)))``), so a class of probability
    below ε costs less there: p = (1e-8, 0.03, 0.02), class 0, costs 15.4249 on JAX and torch
    and 13.1224 on TensorFlow. There is no label smoothing. Examples labelled ``ignore_class``
    are masked: their loss is 0 and a mean divides by the number of examples kept, not by Σw
    as torch does; when every example is ignored the mean is 0 (torch gives NaN).

    Args:
        y_true: integer class labels in [0, C) (or ``ignore_class``), shape (N) or (N, 1).
        y_pred: logits (``from_logits=True``) or probabilities, shape (N, C).
        from_logits: whether ``y_pred`` holds logits.
        ignore_class: a label whose examples are left out, or None.
        sample_weight: one weight per example, shape (N) or (N, 1), or one for all.
        reduction: one of :data:`KERAS_REDUCTIONS`.
        backend: the Keras backend to follow, one of :data:`KERAS_BACKENDS`.

    Returns:
        A 0-d array, or one loss per example (shape (N), or (N, 1) for weights of that
        shape) for ``None``/``"none"``.

    Example:
        >>> import numpy as np
        >>> from xentlab.conventions import keras_sparse_categorical_crossentropy
        >>> logits = np.array([[2.0, 1.0, -1.0], [0.5, 2.5, 0.0]])
        >>> loss = keras_sparse_categorical_crossentropy(
        ...     np.array([-100, -100]), logits, from_logits=True, ignore_class=-100)
        >>> print(loss)  # every example ignored: 0, where torch gives nan
        0.0

    Reference: ``keras.losses.SparseCategoricalCrossentropy`` (Keras 3).
    """
    if backend not in KERAS_BACKENDS:
        names = ", ".join(KERAS_BACKENDS)
        raise ValueError(f"backend must be one of {names}, got {backend!r}")
    q = _pred(y_pred, from_logits)
    labels, q = same_rank(as_index_array(y_true, "y_true"), q)
    if q.ndim >= 1 and labels.ndim == q.ndim and labels.shape[-1:] == (1,):
        labels = labels[..., 0]  # labels (N, 1) beside (N, C), as every backend takes them
    if q.ndim < 1 or labels.shape != q.shape[:-1]:
        raise ValueError(
            f"y_true must have the shape of y_pred without its class axis {q.shape[:-1]}, "
            f"got {labels.shape}"
        )
    kept = None if ignore_class is None else labels != ignore_class
    check_class_indices(labels, q.shape[-1], kept, ignore_class)
    safe = labels if kept is None else np.where(kept, labels, 0)
    if backend == "tensorflow" and not from_logits:
        # clip first, then renormalise (softmax of log p): log(clip(p) / Σ clip(p))
        log_q = log_softmax(np.log(_clip(q)), axis=-1)
    else:
        log_q = _log_probs(q, from_logits)
    values = -np.take_along_axis(log_q, safe[..., None], axis=-1)[..., 0]
    if kept is not None:
        values = np.where(kept, values, 0).astype(q.dtype)
    return _reduce(values, sample_weight, reduction, mask=kept)


def keras_binary_crossentropy(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    sample_weight: ArrayLike | None = None,
    reduction: str | None = "sum_over_batch_size",
) -> FloatArray:
    r"""``keras.losses.BinaryCrossentropy`` called on labels in [0, 1].

    .. math:: \ell = \operatorname{mean}_{\text{last axis}}
        -[\,\tilde y \log q + (1 - \tilde y) \log(1 - q)\,], \qquad
        \tilde y = (1 - \varepsilon)\, y + \varepsilon / 2

    Smoothing moves a label toward 0.5 (not toward 1/C). From logits, log q = log σ(z) exactly;
    from probabilities q is clipped to [ε, 1 − ε], ε = 1e-7, where torch's ``BCELoss`` clamps
    each log at −100 instead. The last axis is averaged (Keras' per-example loss of
    multi-label outputs), so labels of shape (N) give one number; give them shape (N, 1) for
    one loss per example. This is Keras on its JAX, TensorFlow and torch backends; on its NumPy
    backend (Keras 3.15) ``from_logits=True`` still goes through σ and the clip.

    Args:
        y_true: labels in [0, 1], the shape of ``y_pred``.
        y_pred: logits (``from_logits=True``) or probabilities, any shape with at least one axis.
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: ε in [0, 1].
        sample_weight: weights broadcastable to the per-example losses.
        reduction: one of :data:`KERAS_REDUCTIONS`.

    Returns:
        A 0-d array, or the per-example losses for ``None``/``"none"``.

    Example:
        >>> import numpy as np
        >>> from xentlab.conventions import keras_binary_crossentropy
        >>> # p = 1 for a label 0: clipped to 1 − 1e-7, so −ln 1e-7 = 16.1181 (torch: 100)
        >>> print(keras_binary_crossentropy(np.array([0.0]), np.array([1.0])).round(4))
        16.1181

    Reference: ``keras.losses.BinaryCrossentropy`` (Keras 3).
    """
    q, y, eps = _pair(y_pred, y_true, from_logits, label_smoothing, "one axis")
    if eps:
        y = (y * (1.0 - eps) + 0.5 * eps).astype(q.dtype)
    if from_logits:
        # log(1 - σ(z)) = log σ(-z): both terms stay finite for any logit
        per_element = -(y * log_sigmoid(q) + (1 - y) * log_sigmoid(-q))
    else:
        q = _clip(q)
        per_element = -(y * np.log(q) + (1 - y) * np.log(1 - q))
    values = np.mean(per_element, axis=-1).astype(q.dtype)
    return _reduce(values, sample_weight, reduction)


def _reduce(
    values: FloatArray,
    sample_weight: ArrayLike | None,
    reduction: str | None,
    mask: NDArray[np.bool_] | None = None,
) -> FloatArray:
    """Keras' weighting and reduction of per-example losses (``reduce_weighted_values``).

    A mask (ignored examples) becomes a weight of N/kept on the kept examples for the mean
    reductions, so that the sum over N divides by the number kept. Weights meet the losses at
    the same rank (:func:`same_rank`). Then ``"sum"`` adds the weighted losses,
    ``"sum_over_batch_size"`` (= ``"mean"``) divides that sum by their number of elements, and
    ``"mean_with_sample_weight"`` by Σ sample_weight; a division by 0 gives 0. Losses of shape
    () or (0,) are returned as they are, whatever the reduction.
    """
    if reduction not in KERAS_REDUCTIONS:
        names = ", ".join(repr(r) for r in KERAS_REDUCTIONS)
        raise ValueError(f"reduction must be one of {names}, got {reduction!r}")
    dtype = values.dtype
    weight = None
    if sample_weight is not None:
        weight = as_float_array_without_nan(sample_weight, "sample_weight", dtype=dtype)
    if mask is not None:
        float_mask = mask.astype(dtype)
        if reduction in ("mean", "sum_over_batch_size"):
            kept = float_mask.sum(dtype=dtype)
            scale = dtype.type(mask.size) / kept if kept else dtype.type(0)
            float_mask = np.where(mask, scale, 0).astype(dtype)
        if weight is not None:
            float_mask, weight = same_rank(float_mask, weight)
        weight = float_mask if weight is None else (weight * float_mask).astype(dtype)
    if weight is not None:
        values, weight = same_rank(values, weight)
        values = (values * weight).astype(dtype)
    if reduction in (None, "none") or values.shape in ((), (0,)):
        return values
    total = values.sum(dtype=dtype)
    if reduction == "sum":
        return np.asarray(total, dtype=dtype)
    if reduction == "mean_with_sample_weight" and weight is not None:
        divisor = weight.sum(dtype=dtype)
    else:
        divisor = dtype.type(values.size)
    return np.asarray(total / divisor if divisor else 0, dtype=dtype)


A = TypeVar("A", bound=np.ndarray)
B = TypeVar("B", bound=np.ndarray)


def same_rank(x1: A, x2: B) -> tuple[A, B]:
    """Keras' ``squeeze_or_expand_to_same_rank``: when one array has one axis more than the
    other and that last axis has length 1, it loses it, or, when the other has one axis
    only, the other gains one.

    Example:
        >>> import numpy as np
        >>> [a.shape for a in same_rank(np.zeros(2), np.zeros((2, 1)))]
        [(2, 1), (2, 1)]
        >>> [a.shape for a in same_rank(np.zeros((2, 3, 1)), np.zeros((2, 3)))]
        [(2, 3), (2, 3)]
        >>> [a.shape for a in same_rank(np.zeros(1), np.zeros(()))]  # a batch of one
        [(), ()]
    """
    if x1.ndim == x2.ndim + 1 and x1.shape[-1] == 1:
        if x2.ndim == 1:
            return x1, x2[..., None]  # type: ignore[return-value]
        return x1[..., 0], x2  # type: ignore[return-value]
    if x2.ndim == x1.ndim + 1 and x2.shape[-1] == 1:
        if x1.ndim == 1:
            return x1[..., None], x2  # type: ignore[return-value]
        return x1, x2[..., 0]  # type: ignore[return-value]
    return x1, x2


def _pred(y_pred: ArrayLike, from_logits: bool) -> FloatArray:
    if not from_logits:
        return as_probabilities(y_pred, "y_pred")
    return as_float_array_without_nan(y_pred, "y_pred")


def _pair(
    y_pred: ArrayLike, y_true: ArrayLike, from_logits: bool, label_smoothing: float, axes: str
) -> tuple[FloatArray, FloatArray, float]:
    """(q, y, ε): the checked predictions and labels, of one shape after :func:`same_rank`, and
    the label smoothing; ``axes`` says what y_pred must have at least (in the error message)."""
    q = _pred(y_pred, from_logits)
    y = as_probabilities(y_true, "y_true", dtype=q.dtype)
    if q.ndim < 1:
        raise ValueError(f"y_pred must have at least {axes}, got shape {q.shape}")
    y, q = same_rank(y, q)
    check_same_shape(q, y, "y_pred", "y_true")
    return q, y, check_label_smoothing(label_smoothing)


def _clip(q: FloatArray) -> FloatArray:
    # the bounds are rounded to q's dtype, as Keras rounds them to its floatx
    return np.clip(q, q.dtype.type(KERAS_EPSILON), q.dtype.type(1.0 - KERAS_EPSILON))


def _log_probs(q: FloatArray, from_logits: bool) -> FloatArray:
    """log q along the last axis: log-softmax of logits, or the log of the renormalised and
    clipped probabilities."""
    if from_logits:
        return log_softmax(q, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        q = (q / np.sum(q, axis=-1, keepdims=True)).astype(q.dtype)
    return np.log(_clip(q))
