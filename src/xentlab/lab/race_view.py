"""The explorer's Lab page as pure logic: options from the URL and the form, and what to draw.

The page itself only binds widgets and streams :func:`xentlab.lab.race`; the options come from
:class:`~xentlab.lab.LabOptions`' declaration (the same one the command line's flags read, with
the same bounds), and everything it shows comes from the
``RaceEpoch`` metrics through :func:`curves` and :func:`reached`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from xentlab.course.params import Spec
from xentlab.lab.report import ACCURACY_MARKS
from xentlab.lab.training import LabOptions, RaceEpoch, epochs_to_reach

__all__ = [
    "MARKS",
    "Curves",
    "curves",
    "from_form",
    "from_query",
    "reached",
]

#: test accuracies whose first epoch the summary reports (as ``xentlab lab`` does)
MARKS = ACCURACY_MARKS


def from_query(query: Mapping[str, str]) -> tuple[LabOptions, tuple[str, ...]]:
    """Lab options from the URL; a value that is not valid falls back to the default.

    Returns the options and the URL keys whose values were rejected.

    Example:
        >>> options, bad = from_query({"lr": "0.1", "epochs": "99999"})
        >>> options.learning_rate, options.epochs, bad
        (0.1, 200, ('epochs',))
    """
    return LabOptions.from_query(query)


def _field_value(spec: Spec, value: Any) -> Any:
    """A form's value as the field holds it: a select's word, or a number box's whole number
    (30.0 epochs; a batch size of 0, the box's full batch), read by the field's spec. A value
    the spec refuses is left for :class:`LabOptions` to refuse with its message."""
    if isinstance(value, int | float) and not isinstance(value, bool) and value % 1 == 0:
        raw, value = str(int(value)), int(value)
    elif isinstance(value, str):
        raw = value
    else:
        return value
    try:
        return spec.parse(raw)
    except ValueError:
        return value


def from_form(values: Mapping[str, Any]) -> LabOptions:
    """The options a filled-in form describes (field name → the widget's value).

    Raises ``ValueError`` naming the field and its rule when a value is not valid.

    Example:
        >>> from_form({"epochs": 30.0, "batch_size": 0.0, "class_weights": "none"}).epochs
        30
        >>> from_form({"epochs": 5000.0})
        Traceback (most recent call last):
        ...
        ValueError: epochs must be a whole number in [1, 2000], got 5000
    """
    return LabOptions(
        **{
            p.name: _field_value(p.spec, values[p.name])
            for p in LabOptions.params()
            if p.name in values
        }
    )


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
