"""Input validation shared by the public functions.

Every check raises ``TypeError`` (wrong kind of thing) or ``ValueError`` (right kind, wrong
value) with a message that names the argument, what was expected and what was received.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "REDUCTIONS",
    "FloatArray",
    "as_float_array",
    "as_float_array_without_nan",
    "as_index_array",
    "as_probabilities",
    "broadcastable_to",
    "check_class_indices",
    "check_finite_or_neg_inf",
    "check_in_unit_interval",
    "check_label_smoothing",
    "check_no_nan",
    "check_out",
    "check_reduction",
    "check_same_shape",
    "first_bad_position",
    "sum_tolerance",
]

REDUCTIONS = ("none", "mean", "sum")

#: a float32 or float64 array: what :func:`as_float_array` returns, and every loss
FloatArray = NDArray[np.floating[Any]]


def first_bad_position(mask: NDArray[np.bool_]) -> tuple[int, ...] | int:
    """Index of the first True in ``mask``: an int for 1-D, a tuple otherwise."""
    flat = int(np.flatnonzero(mask.ravel())[0])
    if mask.ndim <= 1:
        return flat
    return tuple(int(i) for i in np.unravel_index(flat, mask.shape))


def sum_tolerance(dtype: np.dtype[Any]) -> float:
    """How far a probability vector of ``dtype`` may sum from 1 (a few roundings of each term)."""
    return 1e-6 if dtype == np.float64 else 1e-4


def _describe(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of dtype {value.dtype}"
    return f"{type(value).__name__} {value!r}"[:80]


def as_float_array(value: Any, name: str, dtype: np.dtype[Any] | None = None) -> FloatArray:
    """``value`` as a float32/float64 array (other real dtypes become float64).

    Integers and bools are accepted and promoted; strings, objects and complex numbers are not.
    With ``dtype`` given the result is cast to it (used for weights following the input).
    """
    if isinstance(value, str | bytes):
        raise TypeError(f"{name} must be a real numeric array, got {_describe(value)}")
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError) as exc:
        raise TypeError(f"{name} must be a real numeric array, got {_describe(value)}") from exc
    if arr.dtype.kind not in "fiub":
        raise TypeError(f"{name} must be a real numeric array, got dtype {arr.dtype}")
    if dtype is not None:
        return arr.astype(dtype, copy=False)
    if arr.dtype in (np.float32, np.float64):
        return arr
    return arr.astype(np.float64)


def as_index_array(value: Any, name: str) -> NDArray[np.int64]:
    """``value`` as an int64 array of class indices; floats are refused."""
    if isinstance(value, str | bytes):
        raise TypeError(f"{name} must be an integer array of class indices, got {_describe(value)}")
    arr = np.asarray(value)
    if arr.dtype.kind not in "iu":
        raise TypeError(f"{name} must be an integer array of class indices, got dtype {arr.dtype}")
    return arr.astype(np.int64, copy=False)


def check_no_nan(arr: FloatArray, name: str) -> None:
    """Refuse NaN: a NaN in would be a silent NaN out."""
    nan = np.isnan(arr)
    if nan.any():
        raise ValueError(
            f"{name} must not contain NaN, got NaN at position {first_bad_position(nan)}"
        )


def as_float_array_without_nan(
    value: Any, name: str, dtype: np.dtype[Any] | None = None
) -> FloatArray:
    """:func:`as_float_array`, refusing NaN (:func:`check_no_nan`); ±inf may pass."""
    arr = as_float_array(value, name, dtype)
    check_no_nan(arr, name)
    return arr


def check_finite(arr: FloatArray, name: str) -> None:
    """Refuse NaN and ±inf: a binary logit of ±inf gives NaN in the loss (torch returns it)."""
    check_no_nan(arr, name)
    infinite = np.isinf(arr)
    if infinite.any():
        at = first_bad_position(infinite)
        value = arr[at] if arr.ndim else arr[()]
        raise ValueError(f"{name} must hold finite logits, got {value} at position {at}")


def check_finite_or_neg_inf(arr: FloatArray, name: str) -> None:
    """Logits may be -inf (a masked class) but never NaN or +inf."""
    check_no_nan(arr, name)
    pos_inf = np.isposinf(arr)
    if pos_inf.any():
        raise ValueError(
            f"{name} must be finite (or -inf to mask a class), got +inf at position "
            f"{first_bad_position(pos_inf)}"
        )


def check_in_unit_interval(arr: FloatArray, name: str) -> None:
    """Probabilities must lie in [0, 1] (and not be NaN)."""
    check_no_nan(arr, name)
    bad = (arr < 0) | (arr > 1)
    if bad.any():
        value = float(arr.ravel()[np.flatnonzero(bad.ravel())[0]])
        raise ValueError(
            f"{name} must hold probabilities in [0, 1], got {value:g} at position "
            f"{first_bad_position(bad)}"
        )


def as_probabilities(value: Any, name: str, dtype: np.dtype[Any] | None = None) -> FloatArray:
    """``value`` as a float array (:func:`as_float_array`) of probabilities in [0, 1]."""
    arr = as_float_array(value, name, dtype)
    check_in_unit_interval(arr, name)
    return arr


def check_reduction(reduction: Any, allowed: tuple[str, ...] = REDUCTIONS) -> str:
    if not isinstance(reduction, str) or reduction not in allowed:
        names = ", ".join(repr(r) for r in allowed)
        raise ValueError(f"reduction must be one of {names}, got {reduction!r}")
    return reduction


def check_same_shape(a: NDArray[Any], b: NDArray[Any], name_a: str, name_b: str) -> None:
    if a.shape != b.shape:
        raise ValueError(f"{name_b} must have the same shape as {name_a} {a.shape}, got {b.shape}")


def broadcastable_to(
    arr: FloatArray, shape: tuple[int, ...], name: str, whose: str = "the input's"
) -> FloatArray:
    """``arr`` broadcast to ``shape`` (a read-only view), or a ValueError naming both shapes."""
    try:
        return np.broadcast_to(arr, shape)
    except ValueError:
        raise ValueError(
            f"{name} must broadcast to {whose} shape {shape}, got shape {arr.shape}"
        ) from None


def check_class_indices(
    index: NDArray[np.int64],
    n_classes: int,
    valid: NDArray[np.bool_] | None = None,
    ignore_index: int | None = None,
) -> None:
    """Class indices lie in [0, C) (where ``valid``: the others equal ``ignore_index``)."""
    bad = (index < 0) | (index >= n_classes)
    if valid is not None:
        bad &= valid
    if bad.any():
        value = int(index.ravel()[np.flatnonzero(bad.ravel())[0]])
        allowed = f"[0, {n_classes})"
        if ignore_index is not None:
            allowed += f" or ignore_index {ignore_index}"
        raise ValueError(
            f"target must hold class indices in {allowed}, got {value} at position "
            f"{first_bad_position(bad)}"
        )


def check_label_smoothing(label_smoothing: Any) -> float:
    """ε of label smoothing: a number in [0, 1] (0 = no smoothing, 1 = the uniform target)."""
    if not isinstance(label_smoothing, int | float | np.floating) or not (
        0.0 <= float(label_smoothing) <= 1.0
    ):
        raise ValueError(f"label_smoothing must be a number in [0, 1], got {label_smoothing!r}")
    return float(label_smoothing)


def check_out(out: Any, x: FloatArray) -> FloatArray | None:
    """A buffer for a gradient: None, or a writable array of ``x``'s shape and dtype."""
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
