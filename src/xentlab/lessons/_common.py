"""Small helpers shared by the lesson modules: scalar plumbing and URL-query parsing."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

#: the range and step of every ŷ slider in the explorer (the design's [0.01, 0.99])
YHAT_MIN, YHAT_MAX, YHAT_STEP = 0.01, 0.99, 0.01
#: ŷ values at which the curves are drawn: the slider's range, finely sampled
YHAT_GRID: FloatArray = np.linspace(YHAT_MIN, YHAT_MAX, 197)
YHAT_GRID.setflags(write=False)

#: a prediction counts as "confident" when it gives its predicted class at least this probability
CONFIDENT = 0.8


def vec(*values: float) -> FloatArray:
    """The given numbers as a 1-D float64 array, the form the library takes."""
    return np.asarray(values, dtype=np.float64)


def item(x: object) -> float:
    """The single number held by a library result (a 0-d or one-element array)."""
    return float(np.asarray(x).item())


def logit(p: float) -> float:
    """z = ln p − ln(1 − p), the logit whose sigmoid is p (p strictly inside (0, 1))."""
    return math.log(p) - math.log1p(-p)


def check_probability(name: str, p: float) -> None:
    """Raise ValueError unless p is a real number strictly between 0 and 1."""
    if isinstance(p, bool) or not isinstance(p, int | float):
        raise TypeError(f"{name} must be a number, got {p!r}")
    if not 0.0 < p < 1.0:
        raise ValueError(f"{name} must lie strictly between 0 and 1, got {p!r}")


def check_label(name: str, y: int, n_classes: int = 2) -> None:
    """Raise ValueError unless y is a class index in [0, n_classes)."""
    if isinstance(y, bool) or not isinstance(y, int):
        raise TypeError(f"{name} must be an integer class index, got {y!r}")
    if not 0 <= y < n_classes:
        raise ValueError(f"{name} must be in [0, {n_classes}), got {y}")


def query_float(
    query: Mapping[str, str],
    key: str,
    default: float,
    lo: float,
    hi: float,
    step: float,
    bad: list[str],
) -> float:
    """The number under ``key``, snapped to the slider's ``step``; ``default`` if absent.

    A value that is not a number or lies outside [lo, hi] gives ``default`` and appends
    ``key`` to ``bad``.
    """
    raw = query.get(key)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        bad.append(key)
        return default
    if not (math.isfinite(value) and lo - 1e-9 <= value <= hi + 1e-9):
        bad.append(key)
        return default
    snapped = lo + round((value - lo) / step) * step
    return round(min(max(snapped, lo), hi), 10)


def query_int(
    query: Mapping[str, str], key: str, default: int, lo: int, hi: int, bad: list[str]
) -> int:
    """The integer under ``key`` if it lies in [lo, hi]; else ``default`` (and ``key`` is bad)."""
    raw = query.get(key)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        bad.append(key)
        return default
    if not lo <= value <= hi:
        bad.append(key)
        return default
    return value


def fmt_param(value: float) -> str:
    """A slider value written for a URL: shortest text that reads back as the same number."""
    return f"{value:.10g}"
