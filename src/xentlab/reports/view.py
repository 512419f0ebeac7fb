"""The explorer's "Your predictions" page as pure logic: data in, every shown number out.

Predictions come from two uploaded files (read in memory by
:func:`xentlab.reports.prediction_files.parse_array`), from pasted CSV text, or from the bundled
example: the Lab's digits model trained with cross-entropy or squared error, optionally with label
smoothing (:func:`xentlab.lab.held_out.held_out_predictions`). :func:`compute` scores them with
:func:`xentlab.reports.scoring.loss_report` and
:func:`xentlab.reports.calibration_report.calibration_report` (the numbers of ``xentlab loss
--calibration``) and returns a :class:`View` that holds every number and every drawn coordinate;
the page only lays it out. Bad data raises ``ValueError`` (a
:class:`~xentlab._src.messages.Problem`) with a one-line message that names the problem. Where the
predictions came from (:attr:`Predictions.source`) and any message are
:class:`~xentlab._src.messages.Phrase` objects: English text that the page writes in its own
language with :func:`~xentlab._src.messages.translate`.

Example:
    >>> import numpy as np
    >>> data = Predictions("pasted", np.array([[0.9, 0.1], [0.3, 0.7], [0.6, 0.4]]),
    ...                    np.array([0, 1, 1]))
    >>> view = compute(data, Options(bins=2))
    >>> round(view.loss, 4), view.accuracy, view.from_logits  # (−ln .9 − ln .7 − ln .4) / 3
    (0.4594, 0.6666666666666666, False)
    >>> round(view.before.ece, 4)  # one bin (0.5, 1]: |2/3 − 0.7333|
    0.0667
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

import xentlab as xl
from xentlab._src.extras import require
from xentlab._src.messages import Phrase, Problem
from xentlab.calibration import N_BINS, STRATEGIES
from xentlab.course.params import Choice, Declared, Real, Whole, param
from xentlab.lab.objective import LOSSES
from xentlab.reports.calibration_report import BINS, Scores, calibration_report
from xentlab.reports.prediction_files import MAX_FILE_BYTES, _check_size, parse_array
from xentlab.reports.scoring import LossReport, WrongRow, loss_report

__all__ = [
    "KINDS",
    "MAX_CLASSES_SHOWN",
    "MAX_PASTE_CHARS",
    "ClassRow",
    "Diagram",
    "Options",
    "Predictions",
    "View",
    "compute",
    "example",
    "example_if_ready",
    "from_text",
    "keep_example",
    "size_problem",
    "uploaded",
]

#: how the predictions are read: decided from their values, or as the user says
KINDS = ("auto", "probabilities", "logits")
#: the most text a paste box takes (an upload takes MAX_FILE_BYTES); a browser sends a paste
#: over the page's socket, whose messages must stay below 1 MB
MAX_PASTE_CHARS = 250_000
#: the per-class table lists every class up to this many, else the classes with most loss
MAX_CLASSES_SHOWN = 20

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Options(Declared):
    """What the page's controls set: the bundled example, how to read and bin predictions."""

    example: str = param(Choice(LOSSES), "ce")
    smoothing: float = param(Real(0.0, 0.2, 0.05), 0.0, key="eps")
    kind: str = param(Choice(KINDS), "auto")
    bins: int = param(BINS, N_BINS)
    binning: str = param(Choice(STRATEGIES), "uniform")
    fit: int = param(Whole(0, 1), 1)


@dataclass(frozen=True, eq=False)
class Predictions:
    """Predictions (N, C) or (N) of class 1 and their labels, as read; not yet checked."""

    source: str  # where they came from: a Phrase (files, paste, example), or a caller's name
    values: NDArray[Any] = field(repr=False)
    labels: NDArray[Any] = field(repr=False)
    from_logits: bool | None = None  # None: as the options' kind says
    class_names: tuple[str, ...] | None = None


@dataclass(frozen=True)
class ClassRow:
    """One row of the per-class table: the true class, its rows, mean loss and accuracy."""

    name: str
    rows: int
    loss: float
    accuracy: float


@dataclass(frozen=True, eq=False)
class Diagram:
    """A reliability diagram as drawn, with its scores."""

    ece: float
    mce: float
    brier: float
    nll: float
    bars: list[list[float]]  # outline of the accuracy bars: [x, y] along the bins' edges
    points: list[list[float]]  # [mean confidence, accuracy, rows, share of all rows] a bin


@dataclass(frozen=True, eq=False)
class View:
    """Every number and drawn coordinate of the page."""

    source: str
    n_rows: int
    n_classes: int
    binary: bool  # one column: the probability (or logit) of class 1
    from_logits: bool
    loss: float  # mean cross-entropy, nats
    accuracy: float
    n_correct: int
    perplexity: float  # e^loss
    classes: tuple[ClassRow, ...]
    classes_cut: bool  # only the MAX_CLASSES_SHOWN classes with the highest loss are listed
    wrong: tuple[WrongRow, ...]  # the most confidently wrong rows, most confident first
    n_wrong: int
    class_names: tuple[str, ...]
    n_bins: int
    binning: str
    before: Diagram
    temperature: float | None = None  # fitted T, when asked for and a T exists
    after: Diagram | None = None  # the diagram after dividing the logits by T
    fit_problem: str | None = None  # why no T was fitted, when asked for (a Phrase)


def size_problem(name: str, size: int) -> str | None:
    """The one-line message (a :class:`~xentlab._src.messages.Phrase`) for a file of ``size`` bytes
    above the limit, else None.

    Example:
        >>> size_problem("big.npy", 21_000_000)
        'big.npy: the file is 21.0 MB, more than the 20 MB limit'
    """
    try:
        _check_size(name, size)
    except Problem as exc:
        return exc.phrase
    return None


def uploaded(
    predictions: tuple[str, NDArray[Any]], labels: tuple[str, NDArray[Any]]
) -> Predictions:
    """Predictions and labels from two files' (name, array), each read by
    :func:`xentlab.reports.prediction_files.parse_array` as it arrived."""
    (p_name, p), (y_name, y) = predictions, labels
    return Predictions(Phrase("origin_files", predictions=p_name, labels=y_name), p, y)


def from_text(predictions: str, labels: str) -> Predictions:
    """Predictions and labels from pasted comma-separated text (a header line allowed)."""
    texts = {"predictions": predictions, "labels": labels}
    for what, text in texts.items():
        name = Phrase("pasted", what=Phrase(what))
        if len(text) > MAX_PASTE_CHARS:
            mb = MAX_FILE_BYTES // 1_000_000
            raise Problem("paste_too_long", name=name, length=len(text), max=MAX_PASTE_CHARS, mb=mb)
        if not text.strip():
            raise Problem("paste_empty", name=name)
    arrays = [
        parse_array(Phrase("pasted_csv", what=Phrase(what)), text.encode())
        for what, text in texts.items()
    ]
    return Predictions(Phrase("origin_paste"), arrays[0], arrays[1])


_examples: dict[tuple[str, float], Predictions] = {}
_lock = threading.Lock()


def _example_key(options: Options) -> tuple[str, float]:
    return options.example, options.smoothing


def example_if_ready(options: Options) -> Predictions | None:
    """The bundled example the options name, if it has been trained in this process."""
    with _lock:
        return _examples.get(_example_key(options))


def example(options: Options) -> Predictions:
    """The bundled example: the Lab's digits MLP trained with ``options.example``'s loss and
    label smoothing ``options.smoothing``, its logits on the 450 held-out rows. Trained on the
    first call (a few seconds; run it in a worker thread), then kept. Needs the "lab" extra
    (:class:`~xentlab._src.extras.MissingExtra` otherwise)."""
    require("lab", Phrase("what_example"))
    from xentlab.lab.held_out import CALIBRATION_EXAMPLE, held_out_predictions

    if (ready := example_if_ready(options)) is not None:
        return ready
    lab = replace(CALIBRATION_EXAMPLE, label_smoothing=options.smoothing)
    held = held_out_predictions(options.example, lab)
    smoothing = Phrase("smoothing_suffix", eps=options.smoothing) if options.smoothing else ""
    source = Phrase(
        "origin_example", loss=Phrase(f"trained_{options.example}"), smoothing=smoothing
    )
    return keep_example(
        options, Predictions(source, held.logits, held.labels, True, held.class_names)
    )


def keep_example(options: Options, data: Predictions) -> Predictions:
    """Keep the bundled example ``options`` name, trained elsewhere (in a worker process), for
    :func:`example_if_ready`; the one kept first wins."""
    with _lock:
        return _examples.setdefault(_example_key(options), data)


def _reads_as_logits(values: NDArray[Any], kind: str) -> bool:
    """``auto``: logits when any value lies outside [0, 1], else probabilities (whose rows
    must then sum to 1)."""
    if kind != "auto":
        return kind == "logits"
    finite = values[np.isfinite(values)] if values.dtype.kind == "f" else values
    return bool(finite.size) and bool(finite.min() < 0 or finite.max() > 1)


def _page_words(exc: ValueError) -> ValueError:
    """The message with the command line's ``--from-logits`` as the page names that choice."""
    if isinstance(exc, Problem):
        phrase = exc.phrase.replacing("--from-logits", Phrase("read_as_logits"))
        return Problem(phrase.replacing(Phrase("hint_clip"), ""))  # a flag the page lacks
    return exc


def _diagram(scores: Scores) -> Diagram:
    c = scores.curve
    bars: list[list[float]] = []
    points: list[list[float]] = []
    for b in np.flatnonzero(c.count):
        lo, hi, acc = float(c.edges[b]), float(c.edges[b + 1]), float(c.accuracy[b])
        bars += [[lo, 0.0], [lo, acc], [hi, acc], [hi, 0.0]]
        points.append([float(c.confidence[b]), acc, int(c.count[b])])
    total = int(c.count.sum())
    rounded = [[round(x, 5), round(y, 6)] for x, y in bars]
    shown = [[round(x, 5), round(y, 6), n, round(n / total, 6)] for x, y, n in points]
    return Diagram(scores.ece, scores.mce, scores.brier, scores.nll, rounded, shown)


def _classes(report: LossReport, names: tuple[str, ...]) -> tuple[tuple[ClassRow, ...], bool]:
    rows = [
        ClassRow(names[c], n, loss, acc)
        for c, (n, loss, acc) in enumerate(
            zip(report.class_rows, report.class_loss, report.class_accuracy, strict=True)
        )
        if n
    ]
    if len(rows) <= MAX_CLASSES_SHOWN:
        return tuple(rows), False
    worst = sorted(rows, key=lambda r: -r.loss)[:MAX_CLASSES_SHOWN]
    return tuple(worst), True


def compute(data: Predictions, options: Options) -> View:
    """Score ``data`` and measure its calibration (and, if ``options.fit``, after temperature
    scaling). Raises ``ValueError`` with a one-line message for data that cannot be scored."""
    values = np.asarray(data.values)
    logits = data.from_logits
    if logits is None:
        logits = _reads_as_logits(values, options.kind)
    try:
        report = loss_report(values, data.labels, from_logits=logits)
        calibration = calibration_report(
            values, data.labels, from_logits=logits, n_bins=options.bins, strategy=options.binning
        )
    except ValueError as exc:
        raise _page_words(exc) from None
    fitted, problem = None, None
    if options.fit:
        try:
            fitted = calibration_report(
                values,
                data.labels,
                from_logits=logits,
                n_bins=options.bins,
                strategy=options.binning,
                fit_temperature=True,
            )
        except ValueError as exc:
            page = _page_words(exc)
            problem = page.phrase if isinstance(page, Problem) else str(page)
    names = data.class_names or tuple(str(c) for c in range(report.n_classes))
    classes, cut = _classes(report, names)
    after = fitted.after if fitted is not None else None
    return View(
        source=data.source,
        n_rows=report.n_rows,
        n_classes=report.n_classes,
        binary=report.binary,
        from_logits=logits,
        loss=report.mean_loss,
        accuracy=report.accuracy,
        n_correct=report.n_correct,
        perplexity=float(xl.info.perplexity_of_loss(report.mean_loss)),
        classes=classes,
        classes_cut=cut,
        wrong=report.wrong,
        n_wrong=report.n_rows - report.n_correct,
        class_names=names,
        n_bins=options.bins,
        binning=options.binning,
        before=_diagram(calibration.before),
        temperature=fitted.temperature.temperature if fitted and fitted.temperature else None,
        after=_diagram(after) if after is not None else None,
        fit_problem=problem,
    )
