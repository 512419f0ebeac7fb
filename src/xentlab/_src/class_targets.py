"""The validated arguments of the classification losses, and their checks (one place).

``cross_entropy`` and ``nll_loss``, their gradients and the fused kernels all start from a
:class:`ClassTargets`: logits or log-probabilities with their class axis, and class indices
(with the ignored positions marked) or class probabilities, the weights, the reduction and ε.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import ArrayLike, NDArray

from xentlab._src.checks import (
    FloatArray,
    as_float_array,
    as_index_array,
    as_probabilities,
    check_class_indices,
    check_label_smoothing,
    check_no_nan,
    check_reduction,
)

__all__ = ["ClassTargets", "prepare"]

IndexArray = NDArray[np.int64]


@dataclass(frozen=True)
class ClassTargets:
    """Validated arguments of ``cross_entropy`` / ``nll_loss`` and their gradients.

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

    def class_weight(self) -> FloatArray | float:
        """w_c along the class axis, or 1.0 without weights (a factor that keeps the dtype)."""
        return 1.0 if self.weight is None else self.weight.reshape(self.class_shape())

    @cached_property
    def target_weight(self) -> FloatArray:
        """w[target] at every position, 0 where the target is ignored (computed once)."""
        assert self.index is not None and self.valid is not None
        w = self.weight[self.index] if self.weight is not None else np.ones_like(self.index)
        return np.where(self.valid, w, 0).astype(self.input.dtype)

    def pick(self, values: FloatArray) -> FloatArray:
        """values[..., target, ...] along the class axis (any value where ignored)."""
        assert self.index is not None
        picked = np.take_along_axis(values, np.expand_dims(self.index, self.axis), self.axis)
        return np.squeeze(picked, self.axis)


def prepare(
    input: ArrayLike,
    target: ArrayLike,
    weight: ArrayLike | None,
    ignore_index: int,
    reduction: str,
    label_smoothing: float,
    *,
    allow_probs: bool,
) -> ClassTargets:
    """Check the arguments of a classification loss; float targets are probabilities if
    ``allow_probs`` (cross-entropy), integer targets are class indices."""
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
    eps = check_label_smoothing(label_smoothing)
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
        probs = as_probabilities(t_raw, "target", dtype=x.dtype)
        return ClassTargets(x, axis, n_classes, w, None, None, probs, reduction, eps)

    t = as_index_array(t_raw, "target")
    if t.shape != index_shape:
        raise ValueError(
            f"target must have shape {index_shape} for input of shape {x.shape}, got {t.shape}"
        )
    valid = t != ignore_index
    check_class_indices(t, n_classes, valid, ignore_index)
    index = np.where(valid, t, 0)
    return ClassTargets(x, axis, n_classes, w, index, valid, None, reduction, eps)
