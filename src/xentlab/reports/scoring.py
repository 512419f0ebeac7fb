"""The numbers of ``xentlab loss``: read predictions and labels, score them, describe the result.

:func:`read_array` (from :mod:`xentlab.reports.prediction_files`) reads a ``.npy`` or ``.csv`` file
within a size limit and without pickle, :func:`loss_report` checks predictions against labels and
computes every number with the library, and :func:`format_loss_report` turns the
:class:`LossReport` into the text the command prints. Bad data raises ``ValueError`` with a
one-line message that names the file or argument, the row, and what was expected.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

import xentlab as xl
from xentlab._src.checks import REDUCTIONS
from xentlab._src.messages import Phrase, Problem
from xentlab.reports.prediction_files import read_array

__all__ = [
    "SUM_TOLERANCE",
    "LossReport",
    "WrongRow",
    "clip_probabilities",
    "format_loss_report",
    "loss_report",
    "number",
    "read_array",
]

FloatArray = NDArray[np.floating[Any]]
IndexArray = NDArray[np.int64]

SUM_TOLERANCE = 1e-3  # how far a row of probabilities may sum from 1 (rounded CSV values)
N_WRONG = 10


@dataclass(frozen=True)
class WrongRow:
    """A misclassified row: its true class, the predicted class and the confidence in it."""

    row: int
    label: int
    predicted: int
    confidence: float
    loss: float


@dataclass(frozen=True, eq=False)
class LossReport:
    """Everything ``xentlab loss`` prints about a set of predictions."""

    n_rows: int
    n_classes: int
    binary: bool  # one column of predictions (class 1), rather than N × C
    from_logits: bool
    reduction: str
    label_smoothing: float
    loss: FloatArray = field(repr=False)  # 0-d, or one loss per row for "none"
    mean_loss: float
    accuracy: float
    n_correct: int
    perplexity: float
    class_rows: tuple[int, ...]
    class_loss: tuple[float, ...]
    class_accuracy: tuple[float, ...]
    wrong: tuple[WrongRow, ...]


def _where(mask: NDArray[np.bool_]) -> Phrase:
    pos = [int(i) for i in np.argwhere(mask)[0]]
    if len(pos) > 1:
        return Phrase("at_row_column", row=pos[0], column=pos[1])
    return Phrase("at_row", row=pos[0])


def _check_predictions(pred: NDArray[Any], from_logits: bool) -> FloatArray:
    if pred.ndim not in (1, 2):
        raise Problem("pred_shape", shape=pred.shape)
    if pred.shape[0] == 0:
        raise Problem("pred_empty")
    if pred.ndim == 2 and pred.shape[1] < 2:
        raise Problem("pred_columns", shape=pred.shape)
    p = pred.astype(np.float64)
    if np.isnan(p).any():
        raise Problem("no_nan", name=Phrase("predictions"), where=_where(np.isnan(p)))
    if from_logits:
        # −inf masks a class of N × C logits; one column of class-1 logits must be finite
        bad = np.isposinf(p) if p.ndim == 2 else np.isinf(p)
        if bad.any():
            raise Problem("pred_not_finite", value=p[bad][0], where=_where(bad))
        return p
    hint = Phrase("hint_logits", flag="--from-logits")
    _check_probabilities(p, Phrase("predictions"), hint)
    return p


def _check_probabilities(p: FloatArray, name: str, hint: str = "") -> None:
    """Raise ValueError unless ``p`` holds probabilities in [0, 1] whose rows (of a 2-D array)
    sum to 1 within SUM_TOLERANCE; ``hint`` follows the rule in the message."""
    bad = (p < 0) | (p > 1)
    if bad.any():
        value = p[tuple(np.argwhere(bad)[0])]
        raise Problem("not_probabilities", name=name, hint=hint, value=value, where=_where(bad))
    if p.ndim == 2:
        off = np.abs(p.sum(axis=1) - 1) > SUM_TOLERANCE
        if off.any():
            row = int(np.flatnonzero(off)[0])
            total = p[row].sum()
            raise Problem("rows_not_one", name=name, hint=hint, total=total, row=row)


def _check_labels(labels: NDArray[Any], pred: FloatArray) -> FloatArray | IndexArray:
    """Labels as class indices (int64, shape (N)) or probabilities (float64, pred's shape)."""
    n = pred.shape[0]
    y = labels.astype(np.float64)
    if y.shape[:1] != (n,):
        raise Problem("labels_rows", n=n, shape=labels.shape)
    if np.isnan(y).any():
        raise Problem("no_nan", name=Phrase("labels"), where=_where(np.isnan(y)))
    if pred.ndim == 1:
        if y.shape != (n,):
            raise Problem("labels_binary_shape", n=n, shape=labels.shape)
        bad = (y < 0) | (y > 1)
        if bad.any():
            raise Problem("labels_binary_values", value=y[bad][0], where=_where(bad))
        return y
    n_classes = pred.shape[1]
    if y.ndim == 2:
        if y.shape != pred.shape:
            raise Problem("labels_shape", n=n, pred_shape=pred.shape, shape=labels.shape)
        _check_probabilities(y, Phrase("labels"))
        return y
    if (y != np.round(y)).any():
        bad = y != np.round(y)
        value, where = y[bad][0], _where(bad)
        raise Problem("labels_not_whole", pred_shape=pred.shape, value=value, where=where)
    bad = (y < 0) | (y >= n_classes)
    if bad.any():
        raise Problem("labels_out_of_range", n=n_classes, value=y[bad][0], where=_where(bad))
    return y.astype(np.int64)


def _per_row_loss(
    p: FloatArray, y: FloatArray | IndexArray, from_logits: bool, eps: float, reduction: str
) -> FloatArray:
    if p.ndim == 1:
        # binary label smoothing towards 1/2: the class-1 column of the smoothed (1 − y, y)
        t = xl.smooth_labels(np.stack([1 - y, y], axis=-1), eps)[:, 1]
        if from_logits:
            return xl.binary_cross_entropy_with_logits(p, t, reduction=reduction)
        return xl.binary_cross_entropy(p, t, reduction=reduction)
    with np.errstate(divide="ignore"):
        # log p as logits: softmax(log p) = p, and a zero probability is a masked class (−inf)
        logits = p if from_logits else np.log(p)
    return xl.cross_entropy(logits, y, reduction=reduction, label_smoothing=eps)


def _probabilities_and_classes(
    p: FloatArray, y: FloatArray | IndexArray, from_logits: bool
) -> tuple[FloatArray, IndexArray]:
    """Each row's class probabilities (N, C; binary: two columns) and its true class."""
    if p.ndim == 1:
        prob1 = xl.sigmoid(p) if from_logits else p
        return np.stack([1 - prob1, prob1], axis=1), (y >= 0.5).astype(np.int64)
    probs = xl.softmax(p, axis=1) if from_logits else p
    true = np.asarray(y, np.int64) if y.ndim == 1 else np.argmax(y, axis=1)
    return probs, true


# finite logits near the largest float give losses whose sum is inf: shown as inf, no warning
@np.errstate(over="ignore")
def loss_report(
    predictions: NDArray[Any],
    labels: NDArray[Any],
    *,
    from_logits: bool = False,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> LossReport:
    r"""Check predictions against labels and compute loss, accuracy, perplexity and the rest.

    .. math:: \text{loss} = -\frac1N \sum_n \log \hat p_n(y_n), \qquad
        \text{perplexity} = e^{\text{mean loss}}

    Predictions of shape (N, C) are class probabilities (rows summing to 1) or, with
    ``from_logits``, logits, scored by ``xl.cross_entropy``; predictions of shape (N) are
    probabilities (or logits) of class 1, scored by ``xl.binary_cross_entropy(_with_logits)``.

    Args:
        predictions: (N, C) or (N).
        labels: class indices (N) or probabilities of the predictions' shape; for (N)
            predictions, 0/1 labels or probabilities (N).
        from_logits: whether the predictions are logits.
        reduction: ``"mean"`` | ``"sum"`` | ``"none"``: how :attr:`LossReport.loss` is reduced.
        label_smoothing: ε in [0, 1] (binary: targets (1 − ε)·y + ε/2).

    Returns:
        The :class:`LossReport`.

    Example:
        >>> r = loss_report(np.array([[0.7, 0.3], [0.4, 0.6]]), np.array([0, 0]))
        >>> round(r.mean_loss, 4), r.accuracy, r.wrong[0].row  # (−ln 0.7 − ln 0.4) / 2
        (0.6365, 0.5, 1)
    """
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of 'mean', 'sum', 'none', got {reduction!r}")
    if not 0 <= label_smoothing <= 1:
        raise ValueError(f"label_smoothing must be in [0, 1], got {label_smoothing:g}")
    p = _check_predictions(np.asarray(predictions), from_logits)
    y = _check_labels(np.asarray(labels), p)
    n = p.shape[0]
    rows = np.asarray(_per_row_loss(p, y, from_logits, label_smoothing, "none"), np.float64)
    loss = np.asarray(_per_row_loss(p, y, from_logits, label_smoothing, reduction), np.float64)
    probs, true = _probabilities_and_classes(p, y, from_logits)
    predicted = np.argmax(probs, axis=1)
    confidence = probs[np.arange(n), predicted]
    correct = predicted == true
    n_classes = probs.shape[1]
    counts = np.bincount(true, minlength=n_classes)
    with np.errstate(invalid="ignore"):
        class_loss = np.bincount(true, weights=rows, minlength=n_classes) / counts
        class_acc = np.bincount(true, weights=correct, minlength=n_classes) / counts
    # most confident first; among equals, the lower row first (a stable sort)
    wrong_rows = np.flatnonzero(~correct)
    order = wrong_rows[np.argsort(-confidence[wrong_rows], kind="stable")][:N_WRONG]
    mean_loss = float(rows.mean())
    return LossReport(
        n_rows=n,
        n_classes=n_classes,
        binary=p.ndim == 1,
        from_logits=from_logits,
        reduction=reduction,
        label_smoothing=label_smoothing,
        loss=loss,
        mean_loss=mean_loss,
        accuracy=float(correct.mean()),
        n_correct=int(correct.sum()),
        perplexity=math.exp(mean_loss) if mean_loss < 709 else math.inf,
        class_rows=tuple(int(c) for c in counts),
        class_loss=tuple(float(v) for v in class_loss),
        class_accuracy=tuple(float(v) for v in class_acc),
        wrong=tuple(
            WrongRow(int(r), int(true[r]), int(predicted[r]), float(confidence[r]), float(rows[r]))
            for r in order
        ),
    )


def clip_probabilities(pred: NDArray[Any], eps: float) -> tuple[FloatArray, int]:
    """Probabilities clipped to [eps, 1 − eps], rows of several columns renormalised after (as
    Keras does), and how many values the clip changed (``xentlab loss --clip``).

    Example:
        >>> p, changed = clip_probabilities(np.array([[1.0, 0.0], [0.5, 0.5]]), 1e-3)
        >>> changed, p[0].round(4).tolist()
        (2, [0.999, 0.001])
    """
    p = _check_predictions(np.asarray(pred), from_logits=False)
    clipped = np.clip(p, eps, 1 - eps)
    changed = int(np.count_nonzero(clipped != p))
    if clipped.ndim == 2:
        clipped = clipped / clipped.sum(axis=1, keepdims=True)
    return clipped, changed


def number(value: float) -> str:
    """A score as the reports print it: four decimals, or four significant digits in
    scientific notation from 1e6 on (a loss of 1e308 in full would fill a screen).

    Example:
        >>> [number(v) for v in (0.35667, 1234567.0, float("inf"), float("nan"))]
        ['0.3567', '1.2346e+06', 'inf', 'nan']
    """
    if not math.isfinite(value):
        return str(value)
    return f"{value:.4e}" if abs(value) >= 1e6 else f"{value:.4f}"


def format_loss_report(report: LossReport) -> str:
    """The text ``xentlab loss`` prints: summary, per-class table, most confidently wrong rows.

    Example:
        >>> r = loss_report(np.array([0.9, 0.2]), np.array([1, 1]))
        >>> print(format_loss_report(r).splitlines()[1])  # (−ln 0.9 − ln 0.2) / 2
        loss (mean)  0.8574
    """
    kind = "logits" if report.from_logits else "probabilities"
    shape = "1 column (binary)" if report.binary else f"{report.n_classes} classes"
    smoothing = f", label smoothing {report.label_smoothing:g}" if report.label_smoothing else ""
    total = "one per row, below" if report.reduction == "none" else number(float(report.loss))
    summary = [
        (f"loss ({report.reduction}{smoothing})", total),
        ("accuracy", f"{report.accuracy:.4f}  ({report.n_correct} of {report.n_rows})"),
        ("perplexity", f"{number(report.perplexity)}  (e^mean loss)"),
    ]
    width = max(len(name) for name, _ in summary) + 2
    lines = [f"{report.n_rows} rows, {shape}, predictions are {kind}"]
    lines += [f"{name:<{width}}{value}" for name, value in summary]
    lines += [
        "",
        "per class (by true class)",
        "  class   rows    loss  accuracy",
    ]
    for c, (count, loss, acc) in enumerate(
        zip(report.class_rows, report.class_loss, report.class_accuracy, strict=True)
    ):
        if count:
            lines.append(f"  {c:>5}  {count:>5}  {number(loss):>6}  {acc:>8.4f}")
    lines.append("")
    if report.wrong:
        lines.append(
            f"most confidently wrong ({len(report.wrong)} of {report.n_rows - report.n_correct})"
        )
        lines.append("    row  label  predicted  confidence    loss")
        lines += [
            f"  {w.row:>5}  {w.label:>5}  {w.predicted:>9}  {w.confidence:>10.4f}  "
            f"{number(w.loss):>6}"
            for w in report.wrong
        ]
    else:
        lines.append("no wrong rows")
    if report.reduction == "none":
        lines += ["", "loss per row", "    row    loss"]
        lines += [f"  {i:>5}  {number(v):>6}" for i, v in enumerate(report.loss)]
    return "\n".join(lines)
