"""The numbers of ``xentlab loss --calibration``: how far a model's confidence can be trusted.

:func:`calibration_report` checks predictions and labels as ``xentlab loss`` does (same
messages) and computes every number with :mod:`xentlab.calibration`;
:func:`format_calibration_report` is the text the command prints and
:func:`plot_reliability` draws the reliability diagram (Matplotlib, the ``lab`` extra).

Probabilities whose rows sum to 1 only within ``scoring.SUM_TOLERANCE`` (rounded CSV values)
are divided by their sum first. Their NLL and temperature scaling use log p as logits, so a
probability of 0 is a logit of −inf: a label given probability 0 costs an infinite NLL, and
fitting a temperature needs every probability above 0 (or logits, with ``from_logits``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

import xentlab as xl
from xentlab import calibration
from xentlab._src.messages import Phrase, Problem
from xentlab.calibration import ReliabilityCurve, TemperatureFit
from xentlab.course.params import Whole
from xentlab.reports.scoring import _check_labels, _check_predictions, _where, number

__all__ = [
    "BINS",
    "CalibrationReport",
    "Scores",
    "calibration_report",
    "format_calibration_report",
    "plot_reliability",
]

FloatArray = NDArray[np.floating[Any]]


#: the bins a reliability table may have, however they are asked for (the page's slider, its
#: link, ``xentlab loss --bins``): each is a row to print or a bar to draw, and 10^9 of them
#: would take gigabytes
BINS = Whole(1, 50)


@dataclass(frozen=True, eq=False)
class Scores:
    """Calibration numbers of one set of probabilities: the curve, ECE, MCE, Brier score."""

    curve: ReliabilityCurve
    ece: float
    mce: float
    brier: float
    nll: float


@dataclass(frozen=True, eq=False)
class CalibrationReport:
    """Everything ``xentlab loss --calibration`` prints; ``after`` is set when T was fitted."""

    n_rows: int
    binary: bool  # one column of predictions (class 1), rather than N × C
    n_bins: int
    strategy: str
    before: Scores
    temperature: TemperatureFit | None = None
    after: Scores | None = None


def _hard_labels(y: NDArray[Any], binary: bool) -> NDArray[np.int64]:
    """Labels as class indices: calibration compares the predicted class with a true one."""
    if y.ndim == 2:
        raise Problem("labels_soft_calibration", shape=y.shape)
    if binary:
        soft = (y != 0) & (y != 1)
        if soft.any():
            raise Problem("labels_binary_calibration", value=y[soft][0], where=_where(soft))
    return y.astype(np.int64)


def _scores(
    probs: FloatArray, logits: FloatArray, y: NDArray[np.int64], bins: int, strategy: str
) -> Scores:
    curve = calibration.reliability_curve(probs, y, bins, strategy)
    return Scores(
        curve=curve,
        ece=curve.ece,
        mce=curve.mce,
        brier=calibration.brier_score(probs, y),
        nll=calibration.nll(logits, y),
    )


def _finite_logits(logits: FloatArray, from_logits: bool) -> None:
    infinite = np.isinf(logits)
    if not infinite.any():
        return
    value, where = logits[infinite][0], _where(infinite)
    if from_logits:
        raise Problem("fit_infinite_logits", value=value, where=where)
    clip = Phrase("hint_clip")  # the command line's; the page leaves it out
    raise Problem("fit_zero_probability", value=value, where=where, flag="--from-logits", clip=clip)


# finite logits near the largest float give losses whose sum is inf: shown as inf, no warning
@np.errstate(over="ignore")
def calibration_report(
    predictions: NDArray[Any],
    labels: NDArray[Any],
    *,
    from_logits: bool = False,
    n_bins: int = calibration.N_BINS,
    strategy: str = "uniform",
    fit_temperature: bool = False,
) -> CalibrationReport:
    r"""Check predictions against class labels and measure their calibration.

    .. math:: \operatorname{ECE} = \sum_b \frac{n_b}{N} |\operatorname{acc}_b -
        \operatorname{conf}_b|, \qquad T^\star = \arg\min_T \operatorname{NLL}(z / T)

    Args:
        predictions: (N, C) probabilities or logits, or (N) of class 1 (as ``xentlab loss``).
        labels: class indices (N); 0 or 1 for (N) predictions.
        from_logits: whether the predictions are logits.
        n_bins: bins of the reliability curve.
        strategy: ``"uniform"`` or ``"quantile"``.
        fit_temperature: also fit T on these rows and measure the scaled predictions.

    Returns:
        The :class:`CalibrationReport`.

    Example:
        >>> r = calibration_report(np.array([0.9, 0.8, 0.3]), np.array([1, 0, 0]), n_bins=2)
        >>> round(r.before.ece, 4)  # bin (0.5, 1]: |1/2 − 0.85|·2/3; bin [0, 0.5]: 0.3/3
        0.3333
    """
    pred = _check_predictions(np.asarray(predictions), from_logits)
    binary = pred.ndim == 1
    y = _hard_labels(_check_labels(np.asarray(labels), pred), binary)
    with np.errstate(divide="ignore"):
        if from_logits:
            logits = pred
            probs = xl.sigmoid(pred) if binary else xl.softmax(pred, axis=1)
        else:
            probs = pred if binary else pred / pred.sum(axis=1, keepdims=True)
            logits = xl.logit(probs) if binary else np.log(probs)
    # an exact 0 or 1 of one column is an infinite logit: score it as two columns, log(1 − p, p)
    nll_logits = logits
    if binary and np.isinf(logits).any():
        with np.errstate(divide="ignore"):
            nll_logits = np.log(np.stack([1 - probs, probs], axis=1))
    before = _scores(probs, nll_logits, y, n_bins, strategy)
    report = CalibrationReport(len(y), binary, n_bins, strategy, before)
    if not fit_temperature:
        return report
    _finite_logits(logits, from_logits)
    fit = calibration.fit_temperature(logits, y)
    scaled = calibration.apply_temperature(logits, fit.temperature)
    probs_after = xl.sigmoid(scaled) if binary else xl.softmax(scaled, axis=1)
    after = _scores(probs_after, scaled, y, n_bins, strategy)
    return CalibrationReport(len(y), binary, n_bins, strategy, before, fit, after)


def _binning(report: CalibrationReport) -> str:
    width = "equal-width" if report.strategy == "uniform" else "equal-mass (quantile)"
    of = "the probability of class 1" if report.binary else "the top-label confidence"
    return f"{report.n_bins} {width} bins of {of}"


def _table(curve: ReliabilityCurve) -> list[str]:
    """One row per non-empty bin: its interval, rows, mean confidence, accuracy and the gap."""
    names = ("p(class 1)", "frequency") if curve.binary else ("confidence", "accuracy")
    lines = [f"  {'bin':<16}  {'rows':>5}  {names[0]:>10}  {names[1]:>9}  {'gap':>7}"]
    for b in np.flatnonzero(curve.count):
        lo, hi = curve.edges[b], curve.edges[b + 1]
        interval = f"{'[' if b == 0 else '('}{lo:.4f}, {hi:.4f}]"
        gap = f"{curve.accuracy[b] - curve.confidence[b]:+.4f}".replace("-0.0000", "+0.0000")
        lines.append(
            f"  {interval:<16}  {curve.count[b]:>5}  {curve.confidence[b]:>10.4f}  "
            f"{curve.accuracy[b]:>9.4f}  {gap:>7}"
        )
    empty = curve.n_bins - int(np.count_nonzero(curve.count))
    if empty:
        lines.append(f"  ({empty} empty bin{'s' if empty > 1 else ''} not shown)")
    return lines


def format_calibration_report(report: CalibrationReport) -> str:
    """The text ``xentlab loss --calibration`` prints after the loss report.

    Example:
        >>> r = calibration_report(np.array([0.9, 0.8, 0.3]), np.array([1, 0, 0]), n_bins=2)
        >>> print(format_calibration_report(r).splitlines()[1])
        ECE          0.3333  (Σ rows/N · |gap| over the bins)
    """
    s = report.before
    lines = [
        f"calibration: {_binning(report)}",
        f"ECE          {number(s.ece)}  (Σ rows/N · |gap| over the bins)",
        f"MCE          {number(s.mce)}  (largest |gap| of a bin)",
        f"Brier score  {number(s.brier)}",
        f"NLL          {number(s.nll)}  (nats, no label smoothing)",
        "",
        "reliability (gap = accuracy − confidence; below 0: overconfident)"
        if not report.binary
        else "reliability (gap = frequency − p(class 1))",
        *_table(s.curve),
    ]
    if report.temperature is None or report.after is None:
        return "\n".join(lines)
    t, a = report.temperature, report.after
    lines += [
        "",
        f"temperature scaling: T = {number(t.temperature)} (fitted by NLL on these rows)",
        "             before   after",
        f"NLL          {number(t.nll_before):>6}  {number(t.nll_after):>6}",
        f"ECE          {number(s.ece):>6}  {number(a.ece):>6}",
        f"MCE          {number(s.mce):>6}  {number(a.mce):>6}",
        f"Brier score  {number(s.brier):>6}  {number(a.brier):>6}",
        "",
        "reliability after temperature scaling",
        *_table(a.curve),
    ]
    return "\n".join(lines)


def plot_reliability(path: str | Path, report: CalibrationReport) -> None:
    """Draw the reliability diagram (and the one after temperature scaling) to a PNG.

    Accuracy per bin as bars over the bin, the diagonal of perfect calibration, and the rows
    per bin underneath. Matplotlib's object interface with the Agg canvas: no window.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    panels = [("before", report.before)]
    if report.after is not None and report.temperature is not None:
        panels.append(
            (f"after temperature scaling, T = {report.temperature.temperature:.3f}", report.after)
        )
    fig = Figure(figsize=(5.5 * len(panels), 6), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(2, len(panels), squeeze=False, height_ratios=(3, 1), sharex=True)
    x_name, y_name = (
        ("p(class 1)", "frequency of class 1") if report.binary else ("confidence", "accuracy")
    )
    for column, (title, s) in enumerate(panels):
        top, bottom = axes[0, column], axes[1, column]
        c = s.curve
        full = c.count > 0
        left, width = c.edges[:-1][full], np.diff(c.edges)[full]
        top.bar(left, c.accuracy[full], width=width, align="edge", color="tab:blue", alpha=0.7)
        # the gap from accuracy to the mean confidence of the bin, hatched to show through
        top.bar(
            left,
            c.confidence[full] - c.accuracy[full],
            bottom=c.accuracy[full],
            width=width,
            align="edge",
            fill=False,
            hatch="///",
            edgecolor="tab:red",
            label="gap to the mean confidence",
        )
        top.plot([0, 1], [0, 1], "--", color="grey", label="perfect calibration")
        top.bar([], [], color="tab:blue", alpha=0.7, label=y_name)
        top.set(title=f"{title}: ECE {s.ece:.4f}", ylabel=y_name, xlim=(0, 1), ylim=(0, 1))
        top.legend(loc="upper left", fontsize="small")
        bottom.bar(left, c.count[full], width=width, align="edge", color="grey")
        bottom.set(xlabel=x_name, ylabel="rows", yscale="log")
        for ax in (top, bottom):
            ax.grid(alpha=0.3)
    fig.suptitle(f"reliability: {report.n_rows} rows, {_binning(report)}")
    fig.savefig(Path(path), dpi=100)
