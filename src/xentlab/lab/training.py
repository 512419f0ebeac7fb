"""Training runs as generators of per-epoch metrics, and the race of cross-entropy against MSE.

:func:`train` yields one :class:`EpochMetrics` after every epoch, so a caller (the command line,
a web page) can draw the curves as they grow and stop between epochs by simply not asking for
the next one (or calling ``close()``). :func:`race` runs cross-entropy and squared error side by
side from the same initial weights and the same mini-batch order. Same options, same numbers.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass

import numpy as np

import xentlab as xl
from xentlab._src.messages import Phrase, Problem
from xentlab.course.params import Choice, Conflict, Declared, Number, OrNone, param
from xentlab.lab import data, model
from xentlab.lab.data import DATASETS
from xentlab.lab.model import MODELS
from xentlab.lab.objective import LOSSES, Objective

__all__ = [
    "MAX_BATCH_SIZE",
    "MAX_EPOCHS",
    "MAX_HIDDEN_UNITS",
    "MAX_SEED",
    "EpochMetrics",
    "LabOptions",
    "RaceEpoch",
    "epochs_to_reach",
    "held_out_logits",
    "race",
    "train",
]

POSITIVE = Number(0, lo_open=True)
#: the largest sizes a run may have: a visitor types them (a link, the Lab's form, a flag), and
#: each costs memory or time in a worker (10^5 hidden units would take gigabytes)
MAX_EPOCHS = 2000
MAX_HIDDEN_UNITS = 1024
MAX_BATCH_SIZE = 100_000  # more than either data set holds: a larger batch is the full batch
MAX_SEED = 999_999


@dataclass(frozen=True)
class LabOptions(Declared):
    """Everything that determines a lab run; the defaults race on digits from a saturating start.

    Each field is declared once (its kind, range and URL key): the checks here, the explorer's
    link and form, and the flags of ``xentlab lab`` all read that declaration.

    Args:
        dataset: ``"digits"`` (10 classes) or ``"breast-cancer"`` (binary).
        model: ``"mlp"`` (one hidden ReLU layer) or ``"logreg"`` (logistic regression).
        learning_rate: gradient-descent step size η > 0.
        epochs: number of passes over the training set.
        batch_size: examples per step; None for full-batch gradient descent.
        init_scale: initial weight scale (1 = LeCun); large values saturate the outputs.
        hidden_units: width of the MLP's hidden layer (ignored by ``"logreg"``).
        label_smoothing: ε in [0, 1): targets (1 − ε)·onehot + ε/C, for both losses.
        class_weights: None, or ``"balanced"`` for inverse-frequency weights w_c = N / (C·N_c).
        focal_gamma: γ of the focal loss that replaces cross-entropy on the binary set
            (``breast-cancer`` only; 0 = plain cross-entropy). The MSE run is unaffected.
        seed: seed of the initial weights and of the mini-batch order.

    Example:
        >>> options, bad = LabOptions.from_query({"lr": "0.1", "batch": "full", "seed": "x"})
        >>> options.learning_rate, options.batch_size, bad
        (0.1, None, ('seed',))
        >>> LabOptions(learning_rate=0)
        Traceback (most recent call last):
        ...
        ValueError: learning_rate must be a number > 0, got 0
    """

    dataset: str = param(Choice(DATASETS), "digits")
    model: str = param(Choice(MODELS), "mlp")
    learning_rate: float = param(POSITIVE, 0.5, key="lr")
    epochs: int = param(Number(1, MAX_EPOCHS, whole=True), 200)
    batch_size: int | None = param(
        OrNone(Number(1, MAX_BATCH_SIZE, whole=True), ("full", "0", "")), None, key="batch"
    )
    init_scale: float = param(POSITIVE, 4.0, key="init")
    hidden_units: int = param(Number(1, MAX_HIDDEN_UNITS, whole=True), 32, key="hidden")
    # ε = 1 would make every target uniform: nothing left to learn
    label_smoothing: float = param(Number(0, 1, hi_open=True), 0.0, key="ls")
    class_weights: str | None = param(OrNone(Choice(("balanced",)), ("none",)), None, key="cw")
    focal_gamma: float = param(Number(0), 0.0, key="gamma")
    seed: int = param(Number(0, MAX_SEED, whole=True), 0)

    def check(self) -> None:
        if self.focal_gamma > 0 and self.dataset != "breast-cancer":
            rule = Phrase("focal_binary_only", gamma=self.focal_gamma, dataset=self.dataset)
            raise Conflict(["focal_gamma"], rule)


@dataclass(frozen=True)
class EpochMetrics:
    """One epoch of one run, measured on the whole training and test sets after the epoch.

    ``output_grad`` is Σ |∂L/∂z| over the training set's output logits z for the mean loss L:
    the mean size (L1 norm) of each example's gradient at the output layer.
    """

    loss: str
    epoch: int
    train_loss: float
    test_loss: float
    train_accuracy: float
    test_accuracy: float
    output_grad: float


@dataclass(frozen=True)
class RaceEpoch:
    """The same epoch of the cross-entropy run and of the squared-error run."""

    epoch: int
    ce: EpochMetrics
    mse: EpochMetrics


def _objective(options: LabOptions, loss: str, ds: data.Dataset) -> Objective:
    counts = np.bincount(ds.y_train, minlength=ds.n_classes)
    weight = xl.class_weights(counts) if options.class_weights == "balanced" else None
    return Objective(
        loss=loss,
        n_classes=ds.n_classes,
        label_smoothing=options.label_smoothing,
        class_weight=weight,
        focal_gamma=options.focal_gamma if loss == "ce" else 0.0,
    )


def _forward(
    net: model.Network, x: model.FloatArray, loss: str, epoch: int
) -> tuple[model.FloatArray, list[model.FloatArray]]:
    """The network's forward pass, refusing logits that overflowed (a diverged run)."""
    with np.errstate(over="ignore", invalid="ignore"):
        logits, inputs = model.forward(net, x)
    if not np.isfinite(logits).all():
        raise Problem("diverged", loss=Phrase(f"loss_{loss}"), epoch=epoch)
    return logits, inputs


def train(options: LabOptions, loss: str = "ce") -> Iterator[EpochMetrics]:
    """Train a fresh network with one loss, yielding the metrics after every epoch.

    Args:
        options: the run's :class:`LabOptions`.
        loss: ``"ce"`` (cross-entropy, or focal loss with γ > 0) or ``"mse"`` (squared error).

    Returns:
        A generator of ``options.epochs`` :class:`EpochMetrics`, epochs 1, 2, …; stop early by
        no longer iterating (or with ``close()``). It raises ``ValueError`` if the run diverges.

    Example:
        >>> from xentlab.lab import LabOptions, train
        >>> opts = LabOptions(dataset="breast-cancer", model="logreg", epochs=3, init_scale=1.0)
        >>> [round(m.test_accuracy, 3) for m in train(opts, "ce")]
        [0.916, 0.93, 0.923]
    """
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of 'ce', 'mse', got {loss!r}")
    return _train(options, loss)


def _networks(
    options: LabOptions, loss: str, ds: data.Dataset, objective: Objective
) -> Iterator[tuple[int, model.Network]]:
    """The network after each epoch of training: (epoch, network) for epochs 1, 2, …"""
    n_outputs = 1 if ds.binary else ds.n_classes
    hidden = options.hidden_units if options.model == "mlp" else None
    net = model.init_network(ds.n_features, n_outputs, hidden, options.init_scale, options.seed)
    order_rng = np.random.default_rng([options.seed, 1])
    n = len(ds.y_train)
    batch = min(options.batch_size or n, n)
    for epoch in range(1, options.epochs + 1):
        order = order_rng.permutation(n) if batch < n else np.arange(n)
        for start in range(0, n, batch):
            rows = order[start : start + batch]
            logits, inputs = _forward(net, ds.x_train[rows], loss, epoch)
            _, dlogits = objective.value_and_grad(logits, ds.y_train[rows])
            with np.errstate(over="ignore", invalid="ignore"):
                net = model.step(net, model.backward(net, inputs, dlogits), options.learning_rate)
        yield epoch, net


def held_out_logits(options: LabOptions, loss: str = "ce") -> model.FloatArray:
    """The test set's logits of the network trained for all of ``options.epochs``.

    Args:
        options: the run's :class:`LabOptions`.
        loss: ``"ce"`` or ``"mse"``, as for :func:`train`.

    Returns:
        Logits of shape (N_test, C), or (N_test, 1) for a binary set, the rows of
        ``data.load(options.dataset).x_test``. It raises ``ValueError`` if the run diverges.

    Example:
        >>> from xentlab.lab import LabOptions, held_out_logits
        >>> opts = LabOptions(dataset="breast-cancer", model="logreg", epochs=3, init_scale=1.0)
        >>> held_out_logits(opts, "ce").shape
        (143, 1)
    """
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of 'ce', 'mse', got {loss!r}")
    ds = data.load(options.dataset)
    runs = _networks(options, loss, ds, _objective(options, loss, ds))
    epoch, net = deque(runs, maxlen=1)[0]  # the last epoch's network (epochs >= 1)
    logits, _ = _forward(net, ds.x_test, loss, epoch)
    return logits


def _train(options: LabOptions, loss: str) -> Iterator[EpochMetrics]:
    ds = data.load(options.dataset)
    objective = _objective(options, loss, ds)
    for epoch, net in _networks(options, loss, ds, objective):
        train_logits, _ = _forward(net, ds.x_train, loss, epoch)
        test_logits, _ = _forward(net, ds.x_test, loss, epoch)
        train_loss, train_grad = objective.value_and_grad(train_logits, ds.y_train)
        test_loss, _ = objective.value_and_grad(test_logits, ds.y_test)
        yield EpochMetrics(
            loss=loss,
            epoch=epoch,
            train_loss=train_loss,
            test_loss=test_loss,
            train_accuracy=float(np.mean(objective.predict(train_logits) == ds.y_train)),
            test_accuracy=float(np.mean(objective.predict(test_logits) == ds.y_test)),
            output_grad=float(np.abs(train_grad).sum()),
        )


def race(options: LabOptions) -> Generator[RaceEpoch, None, None]:
    """Cross-entropy against squared error: both runs, same initial weights and batches.

    Args:
        options: the :class:`LabOptions` both runs share.

    Returns:
        A generator of one :class:`RaceEpoch` per epoch (the two runs advance in lockstep).

    Example:
        >>> from xentlab.lab import LabOptions, race
        >>> opts = LabOptions(dataset="breast-cancer", model="logreg", epochs=2, init_scale=1.0)
        >>> [(r.epoch, r.ce.epoch, r.mse.epoch) for r in race(opts)]
        [(1, 1, 1), (2, 2, 2)]
    """
    for ce, mse in zip(train(options, "ce"), train(options, "mse"), strict=True):
        yield RaceEpoch(ce.epoch, ce, mse)


def epochs_to_reach(history: Iterable[EpochMetrics], accuracy: float) -> int | None:
    """The first epoch whose test accuracy is at least ``accuracy``, or None if none is.

    Example:
        >>> runs = [EpochMetrics("ce", e, 0.0, 0.0, 0.0, a, 0.0) for e, a in [(1, 0.5), (2, 0.9)]]
        >>> epochs_to_reach(runs, 0.8), epochs_to_reach(runs, 0.95)
        (2, None)
    """
    return next((m.epoch for m in history if m.test_accuracy >= accuracy), None)
