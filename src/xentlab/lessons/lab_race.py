"""The explorer's Lab page as pure logic: options from and to the URL, and the curves to draw.

The page itself only binds widgets and streams :func:`xentlab.lab.race`; everything it shows
comes from the ``RaceEpoch`` metrics through :func:`curves`.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from xentlab.lab import LabOptions, RaceEpoch, epochs_to_reach
from xentlab.lab.report import ACCURACY_MARKS
from xentlab.lessons._common import fmt_param

__all__ = ["MARKS", "QUERY_KEYS", "Curves", "curves", "from_query", "reached", "to_query"]

#: URL key → LabOptions field
QUERY_KEYS = {
    "dataset": "dataset",
    "model": "model",
    "lr": "learning_rate",
    "epochs": "epochs",
    "batch": "batch_size",
    "init": "init_scale",
    "hidden": "hidden_units",
    "ls": "label_smoothing",
    "cw": "class_weights",
    "gamma": "focal_gamma",
    "seed": "seed",
}
#: the largest run the page accepts (the command line has no such limit)
MAX_EPOCHS = 2000
#: test accuracies whose first epoch the summary reports (as ``xentlab lab`` does)
MARKS = ACCURACY_MARKS

_INT_FIELDS = {"epochs", "batch_size", "hidden_units", "seed"}
_TEXT_FIELDS = {"dataset", "model", "class_weights"}


def _parse(field: str, raw: str) -> Any:
    if field in _TEXT_FIELDS:
        return None if field == "class_weights" and raw == "none" else raw
    if field == "batch_size" and raw in ("", "full", "0"):
        return None
    value = float(raw)
    if not math.isfinite(value):
        raise ValueError(raw)
    if field in _INT_FIELDS:
        if not value.is_integer():
            raise ValueError(raw)
        return int(value)
    return value


def from_query(query: Mapping[str, str]) -> tuple[LabOptions, tuple[str, ...]]:
    """Lab options from the URL; a value that is not valid falls back to the default.

    Returns the options and the URL keys whose values were rejected.
    """
    options, bad = LabOptions(), []
    for key, field in QUERY_KEYS.items():
        if key not in query:
            continue
        try:
            candidate = dataclasses.replace(options, **{field: _parse(field, query[key])})
        except (TypeError, ValueError):
            bad.append(key)
            continue
        if candidate.epochs > MAX_EPOCHS:
            bad.append(key)
            continue
        options = candidate
    return options, tuple(bad)


def to_query(options: LabOptions) -> dict[str, str]:
    """The URL query that restores ``options``."""
    out: dict[str, str] = {}
    for key, field in QUERY_KEYS.items():
        value = getattr(options, field)
        if value is None:
            out[key] = "full" if field == "batch_size" else "none"
        elif isinstance(value, float):
            out[key] = fmt_param(value)
        else:
            out[key] = str(value)
    return out


@dataclass(frozen=True, eq=False)
class Curves:
    """Chart series [[epoch, value], …] of both runs, as the page draws them."""

    test_accuracy: tuple[list[list[float]], list[list[float]]]
    train_loss: tuple[list[list[float]], list[list[float]]]
    output_grad: tuple[list[list[float]], list[list[float]]]


def curves(history: Sequence[RaceEpoch]) -> Curves:
    """The (cross-entropy, squared-error) series of each metric over the epochs so far."""

    def pair(name: str) -> tuple[list[list[float]], list[list[float]]]:
        return (
            [[r.epoch, round(getattr(r.ce, name), 6)] for r in history],
            [[r.epoch, round(getattr(r.mse, name), 6)] for r in history],
        )

    return Curves(pair("test_accuracy"), pair("train_loss"), pair("output_grad"))


def reached(history: Sequence[RaceEpoch], mark: float) -> tuple[int | None, int | None]:
    """The first epoch at which each run reached test accuracy ``mark`` (None: not yet)."""
    return (
        epochs_to_reach([r.ce for r in history], mark),
        epochs_to_reach([r.mse for r in history], mark),
    )
