"""Targets for the classification losses: one-hot encoding, label smoothing, class weights.

:func:`smoothed` is torch's label-smoothing rule, written once: :func:`smooth_labels` and the
probability-target path of :func:`xentlab.cross_entropy` both use it.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from xentlab._src.checks import (
    FloatArray,
    as_float_array,
    as_index_array,
    check_class_indices,
    check_in_unit_interval,
    check_label_smoothing,
    check_no_nan,
    first_bad_position,
)

__all__ = ["class_weights", "one_hot", "smooth_labels", "smoothed"]


def one_hot(target: ArrayLike, num_classes: int) -> NDArray[np.float64]:
    r"""Class indices as one-hot probability vectors along a new last axis.

    .. math:: \operatorname{onehot}(y)_{\ldots, c} = [\,c = y_{\ldots}\,]

    Args:
        target: integer class indices in [0, C), any shape (...).
        num_classes: C ≥ 1, the length of the new axis.

    Returns:
        A float64 array of shape (..., C): ready to be a probability target of
        :func:`xentlab.cross_entropy` (after ``np.moveaxis`` for (N, C, d1, ...) logits).

    Example:
        >>> import numpy as np, xentlab as xl
        >>> print(xl.one_hot(np.array([2, 0]), 3))
        [[0. 0. 1.]
         [1. 0. 0.]]

    Reference: ``torch.nn.functional.one_hot`` (which returns int64).
    """
    t = as_index_array(target, "target")
    if isinstance(num_classes, bool) or not isinstance(num_classes, int | np.integer):
        raise TypeError(f"num_classes must be an int, got {num_classes!r}")
    if num_classes < 1:
        raise ValueError(f"num_classes must be at least 1, got {num_classes}")
    check_class_indices(t, int(num_classes))
    return np.eye(int(num_classes))[t]


def smoothed(target: FloatArray, label_smoothing: float, n_classes: int) -> FloatArray:
    """(1 − ε)·target + ε/C on validated arguments, in the target's dtype (ε = 0: target)."""
    if label_smoothing == 0:
        return target
    return (target * (1 - label_smoothing) + label_smoothing / n_classes).astype(target.dtype)


def smooth_labels(target: ArrayLike, label_smoothing: float) -> FloatArray:
    r"""Label smoothing: mix a probability target with the uniform distribution over C classes.

    .. math:: \tilde y = (1 - \varepsilon)\, y + \varepsilon / C

    torch's rule: ``F.cross_entropy(z, t, label_smoothing=ε)`` equals the cross-entropy of z
    with ``smooth_labels(one_hot(t, C), ε)``. A smoothed target keeps its sum (1 for a
    distribution) and has entropy H(ỹ) > 0: the least loss any prediction can reach.

    Args:
        target: probabilities in [0, 1] along the last axis, shape (..., C), C ≥ 1.
        label_smoothing: ε in [0, 1]; 0 leaves the target as it is, 1 gives the uniform 1/C.

    Returns:
        The smoothed target: the target's shape and float dtype.

    Example:
        >>> import numpy as np, xentlab as xl
        >>> # 0.9·(1, 0, 0) + 0.1/3
        >>> print(xl.smooth_labels(np.array([1.0, 0.0, 0.0]), 0.1).round(4))
        [0.9333 0.0333 0.0333]

    Reference: the ``label_smoothing`` of ``torch.nn.functional.cross_entropy``;
    Szegedy et al., *Rethinking the Inception Architecture* (2016), section 7.
    """
    t = as_float_array(target, "target")
    if t.ndim == 0 or t.shape[-1] == 0:
        raise ValueError(
            f"target must have at least one class along its last axis, got shape {t.shape}"
        )
    check_in_unit_interval(t, "target")
    return smoothed(t, check_label_smoothing(label_smoothing), t.shape[-1])


def class_weights(counts: ArrayLike) -> NDArray[np.float64]:
    r"""Inverse-frequency class weights: every class then carries the same total weight N/C.

    .. math:: w_c = \frac{N}{C\, n_c}, \qquad N = \sum_c n_c

    so that Σ_c w_c n_c = N: a weighted mean over the examples still averages to the plain
    loss for a model equally good on every class. A class with no examples (n_c = 0) has no
    inverse frequency: a ``ValueError`` is raised, as scikit-learn raises for a class absent
    from y; leave the class out or give it a weight of your choice.

    Args:
        counts: the number of examples n_c of each class, shape (C), every n_c > 0 (whole
            numbers or not).

    Returns:
        The weights w, float64 of shape (C): pass them as ``weight`` to
        :func:`xentlab.cross_entropy`.

    Example:
        >>> import xentlab as xl
        >>> # N = 1000, C = 3: 1000 / (3·900), 1000 / (3·90), 1000 / (3·10)
        >>> print(xl.class_weights([900, 90, 10]).round(4))
        [ 0.3704  3.7037 33.3333]

    Reference: scikit-learn's ``compute_class_weight("balanced", ...)``, ``class_weight=
    "balanced"``; King & Zeng, *Logistic Regression in Rare Events Data* (2001).
    """
    n = as_float_array(counts, "counts").astype(np.float64)
    if n.ndim != 1 or n.size == 0:
        raise ValueError(f"counts must have shape (C), one count per class, got shape {n.shape}")
    check_no_nan(n, "counts")
    bad = ~((n > 0) & np.isfinite(n))
    if bad.any():
        position = first_bad_position(bad)
        raise ValueError(
            f"counts must be positive and finite for every class (a class with no examples "
            f"has no inverse frequency), got {n[position]:g} at position {position}"
        )
    out: NDArray[np.float64] = n.sum() / (n.size * n)
    return out
