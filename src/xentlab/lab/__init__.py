"""The training lab: the same small network trained with cross-entropy and with squared error.

:mod:`~xentlab.lab.data` loads scikit-learn's bundled digits and breast-cancer sets,
:mod:`~xentlab.lab.model` is a NumPy logistic regression / one-hidden-layer MLP,
:mod:`~xentlab.lab.objective` scores its logits with the library's losses and gradients,
:mod:`~xentlab.lab.training` runs training as a generator of per-epoch metrics, and
:mod:`~xentlab.lab.held_out` keeps the held-out logits of trained models (the bundled
example of :mod:`xentlab.calibration`). Around them,
:mod:`~xentlab.lab.report` writes what ``xentlab lab`` prints and saves, and
:mod:`~xentlab.lab.race_view` is the explorer's Lab page as pure logic.

Example:
    >>> from xentlab.lab import LabOptions, race
    >>> opts = LabOptions(dataset="breast-cancer", model="logreg", epochs=1, init_scale=1.0)
    >>> [type(r).__name__ for r in race(opts)]
    ['RaceEpoch']
"""

from xentlab.lab.data import DATASETS, Dataset, load
from xentlab.lab.held_out import held_out_predictions
from xentlab.lab.model import MODELS
from xentlab.lab.objective import LOSSES
from xentlab.lab.training import (
    EpochMetrics,
    LabOptions,
    RaceEpoch,
    epochs_to_reach,
    held_out_logits,
    race,
    train,
)

__all__ = [
    "DATASETS",
    "LOSSES",
    "MODELS",
    "Dataset",
    "EpochMetrics",
    "LabOptions",
    "RaceEpoch",
    "epochs_to_reach",
    "held_out_logits",
    "held_out_predictions",
    "load",
    "race",
    "train",
]
