"""URL-query helpers for sections whose state includes a list of numbers or a choice."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from xentlab.lessons._common import fmt_param

__all__ = ["fmt_list", "query_choice", "query_floats"]


def query_floats(
    query: Mapping[str, str],
    key: str,
    default: tuple[float, ...],
    lo: float,
    hi: float,
    sizes: tuple[int, int],
    bad: list[str],
) -> tuple[float, ...]:
    """The comma-separated numbers under ``key`` (each in [lo, hi], count within ``sizes``).

    Anything else gives ``default`` and appends ``key`` to ``bad``.
    """
    raw = query.get(key)
    if raw is None:
        return default
    parts = raw.replace("−", "-").split(",")
    if not sizes[0] <= len(parts) <= sizes[1]:
        bad.append(key)
        return default
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        bad.append(key)
        return default
    if not all(math.isfinite(v) and lo <= v <= hi for v in values):
        bad.append(key)
        return default
    return values


def query_choice(
    query: Mapping[str, str], key: str, default: str, choices: Sequence[str], bad: list[str]
) -> str:
    """The value under ``key`` if it is one of ``choices``; else ``default`` (``key`` is bad)."""
    raw = query.get(key)
    if raw is None:
        return default
    if raw not in choices:
        bad.append(key)
        return default
    return raw


def fmt_list(values: Sequence[float]) -> str:
    """Numbers written for a URL, comma-separated."""
    return ",".join(fmt_param(v) for v in values)
