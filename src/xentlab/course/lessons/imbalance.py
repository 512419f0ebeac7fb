"""Section 11 — tools for imbalanced classes and over-confidence.

Inverse-frequency class weights w_c = N / (C·n_c); pos_weight = n_neg / n_pos for a binary
output; focal loss α_t (1 − p_t)^γ · CE, which fades out the easy examples (with γ = 0 it is
α_t·CE, and cross-entropy itself only when α_t = 1 too); label smoothing, whose smoothed
target (1 − ε)·y + ε/C puts a floor H(target) under the reachable loss.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

import xentlab as xl
from xentlab.course.lessons._common import YHAT, YHAT_GRID, FloatArray, item
from xentlab.course.params import Declared, Real, Reals, param

__all__ = ["COUNTS", "SMOOTH_GRID", "Inputs", "View", "batch", "compute", "spread"]

#: counts' declaration: 2 to 6 classes, each with 1 to 100000 examples
COUNTS = Reals(1, 100_000, (2, 6), whole=True)
#: where the label-smoothing curves are drawn: the focal curves' p_t, then closer to 1, where
#: the smoothed loss climbs again (a one-hot-like prediction starves the other classes)
SMOOTH_GRID: FloatArray = np.concatenate([YHAT_GRID, [0.995, 0.998, 0.999, 0.9995, 0.9999]])
SMOOTH_GRID.setflags(write=False)


def batch(n_classes: int) -> tuple[FloatArray, FloatArray]:
    """A small fixed batch from a model that leans to the majority class 0.

    Two examples per class: for each true class c one row that favours c a little and one that
    favours class 0 (for c = 0, one sure and one unsure). Returns (logits (2C, C), targets).
    """
    rows, targets = [], []
    for c in range(n_classes):
        lean = np.zeros(n_classes)
        lean[0] = 1.5
        right = lean.copy()
        right[c] += 1.0
        rows += [right, lean]
        targets += [c, c]
    return np.asarray(rows), np.asarray(targets)


@dataclass(frozen=True)
class Inputs(Declared):
    """Class counts, focal γ and α, the p_t at which the focal loss is read, and the
    label-smoothing ε."""

    counts: tuple[int, ...] = param(COUNTS, (900, 90, 10))
    gamma: float = param(Real(0.0, 5.0, 0.1), 2.0)
    alpha: float = param(Real(0.0, 1.0, 0.05), 0.25)
    pt: float = param(YHAT, 0.9)  # an easy example: the model gives the true class 0.9
    smoothing: float = param(Real(0.0, 0.5, 0.01), 0.1, key="eps")


@dataclass(frozen=True, eq=False)
class View:
    """Weights, the batch's plain and weighted losses, focal curves and the smoothing floor."""

    weights: FloatArray = field(repr=False)  # inverse-frequency class weights
    pos_weight: float  # n(class 0) / n(class 1), for a binary "class 1 vs class 0" output
    plain_loss: float  # mean CE over the batch
    weighted_loss: float  # weighted mean CE with the class weights (torch semantics)
    per_class_plain: FloatArray = field(repr=False)  # mean CE of each class's rows
    bce_plain: float  # BCE of a class-1 example predicted at p = 0.3
    bce_pos_weighted: float  # the same with pos_weight
    focal_x: FloatArray = field(repr=False)  # p_t, the probability given to the true class
    focal_ce: FloatArray = field(repr=False)  # −ln p_t
    focal_loss: FloatArray = field(repr=False)  # α (1 − p_t)^γ (−ln p_t)
    modulating: FloatArray = field(repr=False)  # (1 − p_t)^γ
    pt: float  # the chosen p_t, read out below the focal chart
    pt_ce: float  # −ln p_t
    pt_factor: float  # (1 − p_t)^γ
    pt_focal: float  # α (1 − p_t)^γ (−ln p_t): torchvision's sigmoid_focal_loss of a positive
    pt_kept: float  # focal / CE = α (1 − p_t)^γ: the share of the plain loss the example keeps
    pt_points: tuple[tuple[float, float], tuple[float, float]]  # (p_t, CE) and (p_t, focal)
    smoothed_target: FloatArray = field(repr=False)  # (1 − ε)·one_hot(0) + ε/C
    smoothing_floor: float  # H(smoothed target): the least loss any prediction can reach
    floor_check: float  # CE with label smoothing at the best prediction = the floor
    smooth_x: FloatArray = field(repr=False)  # p_t, the rest spread evenly over C − 1 classes
    smooth_plain: FloatArray = field(repr=False)  # CE against the one-hot target: −ln p_t
    smooth_loss: FloatArray = field(repr=False)  # CE with label smoothing ε (torch semantics)
    smooth_best: tuple[float, float]  # the smoothed curve's lowest point: (1 − ε + ε/C, floor)


@lru_cache(maxsize=1)
def _logits_of_grid() -> FloatArray:
    z = np.asarray(xl.logit(YHAT_GRID), dtype=np.float64)
    z.setflags(write=False)
    return z


def spread(p_t: FloatArray, n_classes: int) -> FloatArray:
    """Predictions (len(p_t), C) that give class 0 the probability p_t and share the rest
    evenly among the other C − 1 classes."""
    rest = (1 - p_t[:, None]) / (n_classes - 1)
    return np.concatenate([p_t[:, None], np.repeat(rest, n_classes - 1, axis=1)], axis=1)


@lru_cache(maxsize=8)
def _smoothing_predictions(n_classes: int) -> FloatArray:
    # log-probabilities are logits: log_softmax(log p) = log p
    logits = np.log(spread(SMOOTH_GRID, n_classes))
    logits.setflags(write=False)
    return logits


def compute(inputs: Inputs) -> View:
    """Every number of the section from the library's losses and information functions."""
    c = len(inputs.counts)
    weights = xl.class_weights(inputs.counts)
    logits, targets = batch(c)
    per_row = np.asarray(xl.cross_entropy(logits, targets, reduction="none"))
    z = _logits_of_grid()
    ones = np.ones_like(z)
    focal = np.asarray(
        xl.sigmoid_focal_loss(z, ones, alpha=inputs.alpha, gamma=inputs.gamma), dtype=np.float64
    )
    ce = np.asarray(xl.binary_cross_entropy_with_logits(z, ones, reduction="none"), np.float64)
    eps = inputs.smoothing
    target = np.asarray(xl.smooth_labels(xl.one_hot(0, c), eps), dtype=np.float64)
    pos_weight = inputs.counts[0] / inputs.counts[1]
    z_pos, y_pos = xl.logit(np.array([0.3])), np.array([1.0])
    # the focal loss of a positive predicted at p_t, as torchvision computes it
    z_t = xl.logit(np.array([inputs.pt]))
    pt_ce = item(xl.binary_cross_entropy_with_logits(z_t, y_pos))
    pt_focal = item(xl.sigmoid_focal_loss(z_t, y_pos, alpha=inputs.alpha, gamma=inputs.gamma))
    # the smoothing curves: predictions with p_t on class 0, the true class
    smooth_logits = _smoothing_predictions(c)
    zeros = np.zeros(len(SMOOTH_GRID), dtype=np.int64)
    floor = item(xl.info.entropy(target))
    with np.errstate(divide="ignore"):  # at ε = 0 the best prediction is one-hot: log 0 = −∞
        best_logits = np.log(target)
    return View(
        weights=weights,
        pos_weight=pos_weight,
        plain_loss=item(xl.cross_entropy(logits, targets)),
        weighted_loss=item(xl.cross_entropy(logits, targets, weight=weights)),
        per_class_plain=np.array([per_row[targets == k].mean() for k in range(c)]),
        bce_plain=item(xl.binary_cross_entropy_with_logits(z_pos, y_pos)),
        bce_pos_weighted=item(
            xl.binary_cross_entropy_with_logits(z_pos, y_pos, pos_weight=np.array([pos_weight]))
        ),
        focal_x=YHAT_GRID,
        focal_ce=ce,
        focal_loss=focal,
        # the modulating factor: how much of the plain loss the focal loss keeps
        modulating=np.asarray(xl.focal_factor(YHAT_GRID, inputs.gamma), dtype=np.float64),
        pt=inputs.pt,
        pt_ce=pt_ce,
        pt_factor=item(xl.focal_factor(inputs.pt, inputs.gamma)),
        pt_focal=pt_focal,
        pt_kept=pt_focal / pt_ce,
        pt_points=((inputs.pt, pt_ce), (inputs.pt, pt_focal)),
        smoothed_target=target,
        smoothing_floor=floor,
        floor_check=item(xl.cross_entropy(best_logits, np.array(0), label_smoothing=eps)),
        smooth_x=SMOOTH_GRID,
        smooth_plain=np.asarray(
            xl.cross_entropy(smooth_logits, zeros, reduction="none"), dtype=np.float64
        ),
        smooth_loss=np.asarray(
            xl.cross_entropy(smooth_logits, zeros, reduction="none", label_smoothing=eps),
            dtype=np.float64,
        ),
        smooth_best=(float(target[0]), floor),
    )
