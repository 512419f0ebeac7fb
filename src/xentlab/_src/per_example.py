"""The per-example conventions: ``tf.nn.softmax_cross_entropy_with_logits`` and optax's losses.

Both take logits only, return one loss per example and never reduce: the mean (and any
weighting) is the caller's own code. ``optax.smooth_labels`` is torch's smoothing rule,
(1 − ε)·y + ε/C: :func:`xentlab.smooth_labels`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from xentlab._src.checks import (
    FloatArray,
    as_float_array,
    as_float_array_without_nan,
    as_index_array,
    check_class_indices,
    check_in_unit_interval,
    check_same_shape,
)
from xentlab._src.numerics import log_sigmoid, log_softmax, logsumexp

__all__ = [
    "optax_safe_softmax_cross_entropy",
    "optax_sigmoid_binary_cross_entropy",
    "optax_softmax_cross_entropy",
    "optax_softmax_cross_entropy_with_integer_labels",
    "tf_softmax_cross_entropy_with_logits",
]


def tf_softmax_cross_entropy_with_logits(labels: ArrayLike, logits: ArrayLike) -> FloatArray:
    r"""``tf.nn.softmax_cross_entropy_with_logits``: one loss per example, no reduction.

    .. math:: \ell_n = -\sum_c y_{n,c} \log \operatorname{softmax}(z_n)_c

    The labels are one-hot rows or probabilities; a row of zeros (what ``tf.one_hot`` makes of
    an out-of-range label such as −100) gives a loss of 0.

    Args:
        labels: probabilities of shape (N, C) (keyword-only in TensorFlow).
        logits: logits of shape (N, C).

    Returns:
        One loss per example, shape (N), in the logits' dtype.

    Example:
        >>> import numpy as np
        >>> from xentlab.conventions import tf_softmax_cross_entropy_with_logits
        >>> logits = np.array([[2.0, 1.0, -1.0], [0.5, 2.5, 0.0]])
        >>> labels = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
        >>> print(tf_softmax_cross_entropy_with_logits(labels, logits).round(4))
        [0.349 0.   ]

    Reference: ``tf.nn.softmax_cross_entropy_with_logits`` (TensorFlow 2).
    """
    return optax_softmax_cross_entropy(logits, labels)


def optax_softmax_cross_entropy(
    logits: ArrayLike, labels: ArrayLike, where: ArrayLike | None = None
) -> FloatArray:
    r"""``optax.losses.softmax_cross_entropy``: probability labels, one loss per example.

    .. math:: \ell_n = -\sum_c y_{n,c} \log \operatorname{softmax}(z_n)_c

    Args:
        logits: logits of shape (N, C).
        labels: probabilities of shape (N, C): one-hot rows, or ``optax.smooth_labels`` of
            them (:func:`xentlab.smooth_labels`, the same rule).
        where: a boolean mask of shape (N): examples where it is False get a loss of 0.

    Returns:
        One loss per example, shape (N); reduce it yourself.

    Example:
        >>> import numpy as np, xentlab as xl
        >>> from xentlab.conventions import optax_softmax_cross_entropy
        >>> # target (0.9333, 0.0333, 0.0333) against −log softmax = (0.3490, 1.3490, 3.3490)
        >>> smoothed = xl.smooth_labels(np.array([[1.0, 0.0, 0.0]]), 0.1)
        >>> print(optax_softmax_cross_entropy(np.array([[2.0, 1.0, -1.0]]), smoothed).round(4))
        [0.4823]

    Reference: ``optax.losses.softmax_cross_entropy``.
    """
    z, y = _probability_labels(logits, labels)
    with np.errstate(invalid="ignore"):  # a −inf logit with label 0: 0 · inf = NaN, as optax
        values = np.sum(y * -log_softmax(z, axis=-1), axis=-1).astype(z.dtype)
    return _masked(values, where)


def optax_safe_softmax_cross_entropy(logits: ArrayLike, labels: ArrayLike) -> FloatArray:
    r"""``optax.safe_softmax_cross_entropy``: as ``softmax_cross_entropy``, with 0 · log 0 = 0.

    .. math:: \ell_n = -\sum_{c:\, y_{n,c} \ne 0} y_{n,c} \log \operatorname{softmax}(z_n)_c

    A class masked with a logit of −inf and a label of 0 adds 0 here, where
    :func:`optax_softmax_cross_entropy` gives NaN (0 · −inf). A label above 0 on a −inf
    logit still costs inf.

    Args:
        logits: logits of shape (N, C); −inf masks a class.
        labels: probabilities of shape (N, C).

    Returns:
        One loss per example, shape (N); reduce it yourself.

    Example:
        >>> import numpy as np
        >>> from xentlab.conventions import (
        ...     optax_safe_softmax_cross_entropy, optax_softmax_cross_entropy)
        >>> z, y = np.array([[2.0, -np.inf, 0.0]]), np.array([[1.0, 0.0, 0.0]])
        >>> safe, plain = optax_safe_softmax_cross_entropy(z, y), optax_softmax_cross_entropy(z, y)
        >>> print(safe.round(4), plain)
        [0.1269] [nan]

    Reference: ``optax.safe_softmax_cross_entropy`` (optax ≥ 0.2.2).
    """
    z, y = _probability_labels(logits, labels)
    with np.errstate(invalid="ignore"):
        terms = np.where(y != 0, y * log_softmax(z, axis=-1), 0)
    out: FloatArray = (-np.sum(terms, axis=-1)).astype(z.dtype)
    return out


def optax_softmax_cross_entropy_with_integer_labels(
    logits: ArrayLike, labels: ArrayLike, where: ArrayLike | None = None
) -> FloatArray:
    r"""``optax.losses.softmax_cross_entropy_with_integer_labels``: one loss per example.

    .. math:: \ell_n = -\log \operatorname{softmax}(z_n)_{y_n}

    No weights, no smoothing, no ignore index: a masked example (``where`` False) gets 0, and
    its label is not read, so it may be −100. Computed as optax does, log Σ exp(z) − z_y: in
    float32 the error grows with |z| (four logits of 1023 give 1.3864, ln 4 = 1.3863).

    Args:
        logits: logits of shape (N, C).
        labels: integer class labels in [0, C), shape (N).
        where: a boolean mask of shape (N), or None.

    Returns:
        One loss per example, shape (N); reduce it yourself.

    Example:
        >>> import numpy as np
        >>> from xentlab.conventions import optax_softmax_cross_entropy_with_integer_labels
        >>> logits = np.array([[2.0, 1.0, -1.0], [0.0, 18.0, 0.0]])
        >>> loss = optax_softmax_cross_entropy_with_integer_labels(logits, np.array([0, 0]))
        >>> print(loss.round(4))  # the second: 18 + ln(1 + 2e^-18)
        [ 0.349 18.   ]

    Reference: ``optax.losses.softmax_cross_entropy_with_integer_labels``.
    """
    z, y = _index_labels(logits, labels)
    kept = None if where is None else _mask(where, y.shape)
    check_class_indices(y, z.shape[-1], kept)
    safe = y if kept is None else np.where(kept, y, 0)
    # optax's order of operations: log Σ exp(z) − z_y, without the whole log-softmax
    label_logits = np.take_along_axis(z, safe[..., None], axis=-1)[..., 0]
    values = logsumexp(z, axis=-1) - label_logits
    return _masked(values.astype(z.dtype), kept)


def optax_sigmoid_binary_cross_entropy(logits: ArrayLike, labels: ArrayLike) -> FloatArray:
    r"""``optax.losses.sigmoid_binary_cross_entropy``: one loss per element, from logits.

    .. math:: \ell = -[\,y \log \sigma(z) + (1 - y) \log \sigma(-z)\,]

    Exact for any logit (there is no probability version to clip); no ``pos_weight``: multiply
    the losses of the positives yourself.

    Args:
        logits: logits, any shape.
        labels: labels in [0, 1], the logits' shape.

    Returns:
        The losses, the logits' shape.

    Example:
        >>> import numpy as np
        >>> from xentlab.conventions import optax_sigmoid_binary_cross_entropy
        >>> print(optax_sigmoid_binary_cross_entropy(np.array([20.0]), np.array([0.0])))
        [20.]

    Reference: ``optax.losses.sigmoid_binary_cross_entropy``.
    """
    z, y = _probability_labels(logits, labels)
    # log(1 - σ(z)) = log σ(-z), stable for large z
    return (-(y * log_sigmoid(z) + (1 - y) * log_sigmoid(-z))).astype(z.dtype)


def _index_labels(logits: ArrayLike, labels: ArrayLike) -> tuple[FloatArray, NDArray[np.int64]]:
    """Checked logits (…, C) and integer labels of their shape without the class axis."""
    z = as_float_array_without_nan(logits, "logits")
    y = as_index_array(labels, "labels")
    if z.ndim < 1 or y.shape != z.shape[:-1]:
        raise ValueError(
            f"labels must have the shape of logits without their class axis {z.shape[:-1]}, "
            f"got {y.shape}"
        )
    return z, y


def _probability_labels(logits: ArrayLike, labels: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Checked logits and labels in [0, 1] of the same shape, in the logits' dtype."""
    z = as_float_array_without_nan(logits, "logits")
    y = as_float_array(labels, "labels", dtype=z.dtype)
    check_same_shape(z, y, "logits", "labels")
    check_in_unit_interval(y, "labels")
    return z, y


def _mask(where: ArrayLike, shape: tuple[int, ...]) -> NDArray[np.bool_]:
    mask = np.asarray(where)
    if mask.dtype != np.bool_ or mask.shape != shape:
        raise ValueError(
            f"where must be a boolean mask of shape {shape}, got {mask.dtype} of shape {mask.shape}"
        )
    return mask


def _masked(values: FloatArray, where: ArrayLike | None) -> FloatArray:
    if where is None:
        return values
    return np.where(_mask(where, values.shape), values, 0).astype(values.dtype)
