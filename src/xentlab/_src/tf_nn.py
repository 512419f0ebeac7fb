"""TensorFlow's ``tf.nn`` losses from logits: one loss per element or example, never reduced.

``tf.nn.softmax_cross_entropy_with_logits`` is optax's definition
(:func:`xentlab._src.per_example.tf_softmax_cross_entropy_with_logits`); these are the others a
port from TensorFlow meets, with TensorFlow's argument order (labels first, keyword-only there).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from xentlab._src.checks import FloatArray, as_float_array_without_nan, check_class_indices
from xentlab._src.numerics import log_sigmoid, log_softmax
from xentlab._src.per_example import _index_labels, _probability_labels

__all__ = [
    "tf_sigmoid_cross_entropy_with_logits",
    "tf_sparse_softmax_cross_entropy_with_logits",
    "tf_weighted_cross_entropy_with_logits",
]


def tf_sparse_softmax_cross_entropy_with_logits(labels: ArrayLike, logits: ArrayLike) -> FloatArray:
    r"""``tf.nn.sparse_softmax_cross_entropy_with_logits``: integer labels, one loss each.

    .. math:: \ell_n = -\log \operatorname{softmax}(z_n)_{y_n}

    No weights, no smoothing, no ignore index: TensorFlow refuses a label outside [0, C) on the
    CPU (``InvalidArgumentError``) and gives NaN for it on a GPU; this refuses it with a
    ``ValueError``. Mask such examples yourself.

    Args:
        labels: integer class labels in [0, C), shape (N).
        logits: logits of shape (N, C).

    Returns:
        One loss per example, shape (N), in the logits' dtype.

    Example:
        >>> import numpy as np
        >>> from xentlab.conventions import tf_sparse_softmax_cross_entropy_with_logits
        >>> logits = np.array([[2.0, 1.0, -1.0], [0.5, 2.5, 0.0]])
        >>> print(tf_sparse_softmax_cross_entropy_with_logits(np.array([0, 1]), logits).round(4))
        [0.349  0.1967]

    Reference: ``tf.nn.sparse_softmax_cross_entropy_with_logits`` (TensorFlow 2).
    """
    z, y = _index_labels(logits, labels)
    check_class_indices(y, z.shape[-1])
    picked = np.take_along_axis(log_softmax(z, axis=-1), y[..., None], axis=-1)[..., 0]
    return (-picked).astype(z.dtype)


def tf_sigmoid_cross_entropy_with_logits(labels: ArrayLike, logits: ArrayLike) -> FloatArray:
    r"""``tf.nn.sigmoid_cross_entropy_with_logits``: one loss per element, from logits.

    .. math:: \ell = -[\,y \log \sigma(z) + (1 - y) \log \sigma(-z)\,]

    PyTorch's ``BCEWithLogitsLoss`` with ``reduction="none"`` and optax's
    ``sigmoid_binary_cross_entropy``, with the labels first.

    Args:
        labels: labels in [0, 1], the logits' shape.
        logits: logits, any shape.

    Returns:
        The losses, the logits' shape and dtype.

    Example:
        >>> import numpy as np
        >>> from xentlab.conventions import tf_sigmoid_cross_entropy_with_logits
        >>> print(tf_sigmoid_cross_entropy_with_logits(np.array([1.0, 0.0]), np.array([0.0, 20.0])))
        [ 0.69314718 20.        ]

    Reference: ``tf.nn.sigmoid_cross_entropy_with_logits`` (TensorFlow 2).
    """
    return tf_weighted_cross_entropy_with_logits(labels, logits, 1.0)


def tf_weighted_cross_entropy_with_logits(
    labels: ArrayLike, logits: ArrayLike, pos_weight: ArrayLike
) -> FloatArray:
    r"""``tf.nn.weighted_cross_entropy_with_logits``: TensorFlow's ``pos_weight``, unreduced.

    .. math:: \ell = -[\,q\, y \log \sigma(z) + (1 - y) \log \sigma(-z)\,]

    PyTorch's ``BCEWithLogitsLoss(pos_weight=q, reduction="none")``: the positive term is
    multiplied by q, the negative term is not. (Keras and optax have no such argument.)

    Args:
        labels: labels in [0, 1], the logits' shape.
        logits: logits, any shape.
        pos_weight: q ≥ 0, a number or an array broadcastable to the logits (one per class).

    Returns:
        The losses, the logits' shape and dtype.

    Example:
        >>> import numpy as np
        >>> from xentlab.conventions import tf_weighted_cross_entropy_with_logits
        >>> # a positive at z = 0 costs 3 ln 2 with q = 3; a negative costs ln 2 whatever q
        >>> y, z = np.array([1.0, 0.0]), np.zeros(2)
        >>> print(tf_weighted_cross_entropy_with_logits(y, z, 3.0).round(4))
        [2.0794 0.6931]

    Reference: ``tf.nn.weighted_cross_entropy_with_logits`` (TensorFlow 2).
    """
    z, y = _probability_labels(logits, labels)
    q = as_float_array_without_nan(pos_weight, "pos_weight", dtype=z.dtype)
    if (q < 0).any():
        raise ValueError(f"pos_weight must be >= 0, got {q.min()}")
    # log(1 - σ(z)) = log σ(-z): both terms stay finite for any logit
    return (-(q * y * log_sigmoid(z) + (1 - y) * log_sigmoid(-z))).astype(z.dtype)
