"""Section 11 — tools for imbalanced classes and over-confidence.

Inverse-frequency class weights w_c = N / (C·n_c); pos_weight = n_neg / n_pos for a binary
output; focal loss α_t (1 − p_t)^γ · CE, which fades out the easy examples; label smoothing,
whose smoothed target (1 − ε)·y + ε/C puts a floor H(target) under the reachable loss.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

import xentlab as xl
from xentlab.lessons._common import YHAT_GRID, FloatArray, fmt_param, item, logit, query_float
from xentlab.lessons._lists import fmt_list, query_floats

__all__ = ["Inputs", "View", "batch", "compute", "inverse_frequency_weights"]

MIN_CLASSES, MAX_CLASSES = 2, 6
COUNT_MAX = 100_000
GAMMA_MAX, GAMMA_STEP = 5.0, 0.1
ALPHA_STEP = 0.05
SMOOTHING_MAX, SMOOTHING_STEP = 0.5, 0.01


def inverse_frequency_weights(counts: tuple[int, ...]) -> FloatArray:
    """w_c = N / (C · n_c): every class then carries the same total weight N / C.

    This is scikit-learn's ``class_weight="balanced"``.
    """
    n = np.asarray(counts, dtype=np.float64)
    return n.sum() / (len(n) * n)


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
class Inputs:
    """Class counts, focal γ and α, and the label-smoothing ε."""

    counts: tuple[int, ...] = (900, 90, 10)
    gamma: float = 2.0
    alpha: float = 0.25
    smoothing: float = 0.1

    def __post_init__(self) -> None:
        if not MIN_CLASSES <= len(self.counts) <= MAX_CLASSES:
            raise ValueError(
                f"counts must have {MIN_CLASSES} to {MAX_CLASSES} classes, got {len(self.counts)}"
            )
        if not all(isinstance(n, int) and 1 <= n <= COUNT_MAX for n in self.counts):
            raise ValueError(f"counts must be whole numbers in [1, {COUNT_MAX}], got {self.counts}")
        if not 0 <= self.gamma <= GAMMA_MAX:
            raise ValueError(f"gamma must be in [0, {GAMMA_MAX}], got {self.gamma!r}")
        if not 0 <= self.alpha <= 1:
            raise ValueError(f"alpha must be in [0, 1], got {self.alpha!r}")
        if not 0 <= self.smoothing <= SMOOTHING_MAX:
            raise ValueError(f"smoothing must be in [0, {SMOOTHING_MAX}], got {self.smoothing!r}")

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> tuple[Inputs, tuple[str, ...]]:
        """Inputs from ``counts=900,90,10&gamma=2&alpha=0.25&eps=0.1``; bad values → defaults."""
        bad: list[str] = []
        raw = query_floats(
            query, "counts", cls.counts, 1, COUNT_MAX, (MIN_CLASSES, MAX_CLASSES), bad
        )
        if not all(float(n).is_integer() for n in raw):
            bad.append("counts")
            raw = cls.counts
        gamma = query_float(query, "gamma", cls.gamma, 0.0, GAMMA_MAX, GAMMA_STEP, bad)
        alpha = query_float(query, "alpha", cls.alpha, 0.0, 1.0, ALPHA_STEP, bad)
        eps = query_float(query, "eps", cls.smoothing, 0.0, SMOOTHING_MAX, SMOOTHING_STEP, bad)
        counts = tuple(int(n) for n in raw)
        return cls(counts=counts, gamma=gamma, alpha=alpha, smoothing=eps), tuple(bad)

    def to_query(self) -> dict[str, str]:
        """The URL query that restores these inputs."""
        return {
            "counts": fmt_list(self.counts),
            "gamma": fmt_param(self.gamma),
            "alpha": fmt_param(self.alpha),
            "eps": fmt_param(self.smoothing),
        }


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
    smoothed_target: FloatArray = field(repr=False)  # (1 − ε)·one_hot(0) + ε/C
    smoothing_floor: float  # H(smoothed target): the least loss any prediction can reach
    floor_check: float  # CE with label smoothing at the best prediction = the floor


@lru_cache(maxsize=1)
def _logits_of_grid() -> FloatArray:
    z = np.array([logit(float(p)) for p in YHAT_GRID])
    z.setflags(write=False)
    return z


def compute(inputs: Inputs) -> View:
    """Every number of the section from the library's losses and information functions."""
    c = len(inputs.counts)
    weights = inverse_frequency_weights(inputs.counts)
    logits, targets = batch(c)
    per_row = np.asarray(xl.cross_entropy(logits, targets, reduction="none"))
    z = _logits_of_grid()
    ones = np.ones_like(z)
    focal = np.asarray(
        xl.sigmoid_focal_loss(z, ones, alpha=inputs.alpha, gamma=inputs.gamma), dtype=np.float64
    )
    ce = np.asarray(xl.binary_cross_entropy_with_logits(z, ones, reduction="none"), np.float64)
    # the modulating factor (1 − p_t)^γ: how much of the plain loss the focal loss keeps
    modulating = (1 - YHAT_GRID) ** inputs.gamma
    eps = inputs.smoothing
    target = np.full(c, eps / c)
    target[0] += 1 - eps
    pos_weight = inputs.counts[0] / inputs.counts[1]
    z_pos, y_pos = np.array([logit(0.3)]), np.array([1.0])
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
        modulating=modulating,
        smoothed_target=target,
        smoothing_floor=item(xl.info.entropy(target)),
        floor_check=item(xl.cross_entropy(np.log(target), np.array(0), label_smoothing=eps)),
    )
