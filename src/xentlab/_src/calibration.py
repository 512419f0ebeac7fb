"""Calibration scores next to their reliability curve: ECE, MCE, the Brier score and the NLL.

Also the input checks shared with :mod:`xentlab._src.temperature`. Everything is computed in
float64 and returned as Python floats (or a :class:`ReliabilityCurve` of float64 arrays).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from xentlab._src.binary import binary_cross_entropy_with_logits
from xentlab._src.checks import (
    as_float_array,
    check_finite_or_neg_inf,
    check_in_unit_interval,
    check_no_nan,
    first_bad_position,
    sum_tolerance,
)
from xentlab._src.classification import cross_entropy
from xentlab._src.labels import one_hot
from xentlab._src.regression import mse_loss

__all__ = [
    "N_BINS",
    "STRATEGIES",
    "ReliabilityCurve",
    "as_labels",
    "as_logits",
    "as_probs",
    "brier_score",
    "expected_calibration_error",
    "maximum_calibration_error",
    "nll",
    "reliability_curve",
]

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.int64]

N_BINS = 15  # the common choice since Guo et al. (2017)
STRATEGIES = ("uniform", "quantile")


def _rows(arr: NDArray[Any], name: str) -> None:
    """(N, C) with C ≥ 2, or (N) for a binary problem; N ≥ 1."""
    if arr.ndim not in (1, 2) or (arr.ndim == 2 and arr.shape[1] < 2):
        raise ValueError(
            f"{name} must have shape (N, C) with C >= 2, or (N,) for class 1 of a binary "
            f"problem, got {arr.shape}"
        )
    if arr.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one row, got shape {arr.shape}")


def as_probs(probs: ArrayLike) -> FloatArray:
    """Checked probabilities as float64: rows of an (N, C) array sum to 1 (within rounding)."""
    arr = as_float_array(probs, "probs")
    _rows(arr, "probs")
    check_in_unit_interval(arr, "probs")
    if arr.ndim == 2:
        tol = sum_tolerance(arr.dtype)
        total = arr.sum(axis=1, dtype=np.float64)
        off = np.abs(total - 1) > tol
        if off.any():
            row = int(np.flatnonzero(off)[0])
            raise ValueError(
                f"probs must sum to 1 along each row (within {tol:g}), got a sum of "
                f"{total[row]:.6g} at row {row}"
            )
    return arr.astype(np.float64)


def as_logits(logits: ArrayLike) -> FloatArray:
    """Checked logits as float64: (N, C) finite or −inf (a masked class), or (N) finite."""
    arr = as_float_array(logits, "logits")
    _rows(arr, "logits")
    if arr.ndim == 2:
        check_finite_or_neg_inf(arr, "logits")
    else:
        check_no_nan(arr, "logits")
        infinite = np.isinf(arr)
        if infinite.any():
            raise ValueError(
                f"logits of class 1 must be finite, got {arr[infinite][0]} at position "
                f"{first_bad_position(infinite)}"
            )
    return arr.astype(np.float64)


def as_labels(labels: ArrayLike, rows: FloatArray, name: str) -> IndexArray:
    """Class indices (N) for the rows of ``rows`` (named ``name``): integers in [0, C)."""
    if isinstance(labels, str | bytes):
        raise TypeError(f"labels must be an integer array of class indices, got {labels!r:.40}")
    arr = np.asarray(labels)
    if arr.dtype.kind not in "iub":
        raise TypeError(f"labels must be an integer array of class indices, got dtype {arr.dtype}")
    n = rows.shape[0]
    if arr.shape != (n,):
        raise ValueError(
            f"labels must have shape ({n},), one class index per row of {name} {rows.shape}, "
            f"got {arr.shape}"
        )
    y = arr.astype(np.int64)
    n_classes = 2 if rows.ndim == 1 else rows.shape[1]
    bad = (y < 0) | (y >= n_classes)
    if bad.any():
        raise ValueError(
            f"labels must hold class indices in [0, {n_classes}), got {y[bad][0]} at position "
            f"{first_bad_position(bad)}"
        )
    return y


@dataclass(frozen=True, eq=False)
class ReliabilityCurve:
    """Per-bin mean confidence, accuracy and count of a reliability diagram (arrays read-only).

    For (N, C) probabilities ``confidence`` is the mean top-label probability max_c p_c in the
    bin and ``accuracy`` the fraction of its rows whose argmax is the label; for (N)
    probabilities of class 1 (``binary``) they are the mean probability of class 1 and the
    fraction of rows of class 1, as scikit-learn's ``calibration_curve`` (``prob_pred``,
    ``prob_true``). An empty bin has count 0 and NaN confidence and accuracy.
    """

    edges: FloatArray = field(repr=False)  # (B + 1): bin b is (edges[b], edges[b + 1]]
    confidence: FloatArray = field(repr=False)  # (B)
    accuracy: FloatArray = field(repr=False)  # (B)
    count: IndexArray = field(repr=False)  # (B)
    binary: bool
    strategy: str

    @property
    def n_bins(self) -> int:
        """Number of bins B, empty ones included."""
        return int(self.count.shape[0])

    @property
    def ece(self) -> float:
        """Expected calibration error: Σ_b (n_b / N)·|acc_b − conf_b| over the non-empty bins."""
        full = self.count > 0
        gap = np.abs(self.accuracy[full] - self.confidence[full])
        return float(np.sum(self.count[full] * gap) / np.sum(self.count))

    @property
    def mce(self) -> float:
        """Maximum calibration error: max_b |acc_b − conf_b| over the non-empty bins."""
        full = self.count > 0
        return float(np.max(np.abs(self.accuracy[full] - self.confidence[full])))


def _read_only(arr: NDArray[Any]) -> NDArray[Any]:
    arr.setflags(write=False)
    return arr


def _check_binning(n_bins: Any, strategy: Any) -> int:
    if isinstance(n_bins, bool) or not isinstance(n_bins, int | np.integer):
        raise TypeError(f"n_bins must be a whole number >= 1, got {n_bins!r}")
    if n_bins < 1:
        raise ValueError(f"n_bins must be a whole number >= 1, got {n_bins}")
    if strategy not in STRATEGIES:
        raise ValueError(f"strategy must be one of 'uniform', 'quantile', got {strategy!r}")
    return int(n_bins)


def reliability_curve(
    probs: ArrayLike, labels: ArrayLike, n_bins: int = N_BINS, strategy: str = "uniform"
) -> ReliabilityCurve:
    r"""The reliability diagram's numbers: predictions binned by confidence, against accuracy.

    .. math:: \operatorname{conf}_b = \frac{1}{n_b} \sum_{n \in b} \hat p_n, \qquad
        \operatorname{acc}_b = \frac{1}{n_b} \sum_{n \in b} [\hat y_n = y_n]

    where p̂ₙ = max_c pₙ꜀ and ŷₙ its class for (N, C) probabilities (Guo et al.), or
    p̂ₙ = pₙ and [yₙ = 1] for (N) probabilities of class 1 (scikit-learn). Bins are closed on
    the right, (e_b, e_{b+1}], the first also on the left; ``"uniform"`` edges are
    0, 1/B, …, 1 and ``"quantile"`` edges the 0, 1/B, …, 1 quantiles of p̂ (``np.percentile``,
    linear interpolation): equal counts up to ties, which can leave a bin empty. Both are
    exactly scikit-learn's ``calibration_curve`` bins, which drops the empty bins we keep.

    Args:
        probs: (N, C) class probabilities (rows summing to 1), or (N) probabilities of class 1.
        labels: (N) class indices, integers in [0, C) (0 or 1 for (N) probabilities).
        n_bins: B ≥ 1.
        strategy: ``"uniform"`` (equal width) or ``"quantile"`` (equal mass).

    Returns:
        A :class:`ReliabilityCurve` of B bins, with ``ece`` and ``mce``.

    Example:
        >>> from xentlab import calibration
        >>> c = calibration.reliability_curve([0.1, 0.3, 0.8, 0.9], [0, 1, 1, 1], n_bins=2)
        >>> c.confidence.round(4).tolist(), c.accuracy.tolist(), c.count.tolist()
        ([0.2, 0.85], [0.5, 1.0], [2, 2])

    Reference: Guo et al., *On calibration of modern neural networks* (ICML 2017), §2;
    ``sklearn.calibration.calibration_curve`` (binary).
    """
    p = as_probs(probs)
    y = as_labels(labels, p, "probs")
    bins = _check_binning(n_bins, strategy)
    if p.ndim == 1:
        conf, hit = p, (y == 1).astype(np.float64)
    else:
        predicted = np.argmax(p, axis=1)
        conf = p[np.arange(len(y)), predicted]
        hit = (predicted == y).astype(np.float64)
    if strategy == "uniform":
        edges = np.linspace(0.0, 1.0, bins + 1)
    else:
        edges = np.percentile(conf, np.linspace(0.0, 1.0, bins + 1) * 100)
    # index b with e_b < p̂ ≤ e_{b+1}: searchsorted on the inner edges, as scikit-learn
    index = np.searchsorted(edges[1:-1], conf)
    count = np.bincount(index, minlength=bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        confidence = np.bincount(index, weights=conf, minlength=bins) / count
        accuracy = np.bincount(index, weights=hit, minlength=bins) / count
    return ReliabilityCurve(
        edges=_read_only(edges),
        confidence=_read_only(confidence),
        accuracy=_read_only(accuracy),
        count=_read_only(count.astype(np.int64)),
        binary=p.ndim == 1,
        strategy=strategy,
    )


def expected_calibration_error(
    probs: ArrayLike, labels: ArrayLike, n_bins: int = N_BINS, strategy: str = "uniform"
) -> float:
    r"""Expected calibration error: the count-weighted mean gap between accuracy and confidence.

    .. math:: \operatorname{ECE} = \sum_{b:\, n_b > 0} \frac{n_b}{N}
        \left| \operatorname{acc}_b - \operatorname{conf}_b \right|

    over the bins of :func:`reliability_curve` (empty bins count for nothing). ECE = 0 for a
    calibrated model only in the limit of many rows: on a finite sample it is biased upwards,
    by about √(B / N) at most.

    Args:
        probs: (N, C) class probabilities (rows summing to 1), or (N) probabilities of class 1.
        labels: (N) class indices, integers in [0, C) (0 or 1 for (N) probabilities).
        n_bins: B ≥ 1.
        strategy: ``"uniform"`` (equal width) or ``"quantile"`` (equal mass).

    Returns:
        ECE in [0, 1], a float.

    Example:
        >>> from xentlab import calibration
        >>> p, y = [0.1, 0.3, 0.8, 0.9], [0, 1, 1, 1]
        >>> # bins [0, .5], (.5, 1]: |0.5 − 0.2|·2/4 + |1 − 0.85|·2/4
        >>> round(calibration.expected_calibration_error(p, y, n_bins=2), 6)
        0.225

    Reference: Naeini, Cooper and Hauskrecht, *Obtaining well calibrated probabilities using
    Bayesian binning* (AAAI 2015); Guo et al. (ICML 2017), eq. (3);
    ``torchmetrics.functional.calibration_error(norm="l1")``.
    """
    return reliability_curve(probs, labels, n_bins, strategy).ece


def maximum_calibration_error(
    probs: ArrayLike, labels: ArrayLike, n_bins: int = N_BINS, strategy: str = "uniform"
) -> float:
    r"""Maximum calibration error: the largest gap between accuracy and confidence of any bin.

    .. math:: \operatorname{MCE} = \max_{b:\, n_b > 0}
        \left| \operatorname{acc}_b - \operatorname{conf}_b \right|

    A worst case: a bin of a single row counts as much as a bin of thousands.

    Args:
        probs: (N, C) class probabilities (rows summing to 1), or (N) probabilities of class 1.
        labels: (N) class indices, integers in [0, C) (0 or 1 for (N) probabilities).
        n_bins: B ≥ 1.
        strategy: ``"uniform"`` (equal width) or ``"quantile"`` (equal mass).

    Returns:
        MCE in [0, 1], a float.

    Example:
        >>> from xentlab import calibration
        >>> p, y = [0.1, 0.3, 0.8, 0.9], [0, 1, 1, 1]
        >>> round(calibration.maximum_calibration_error(p, y, n_bins=2), 6)  # [0, .5]: |.5 − .2|
        0.3

    Reference: Naeini, Cooper and Hauskrecht (AAAI 2015); Guo et al. (ICML 2017), eq. (5);
    ``torchmetrics.functional.calibration_error(norm="max")``.
    """
    return reliability_curve(probs, labels, n_bins, strategy).mce


def brier_score(probs: ArrayLike, labels: ArrayLike) -> float:
    r"""Brier score: the mean squared distance between the predicted and the one-hot labels.

    .. math:: \operatorname{BS} = \frac1N \sum_n \sum_c (p_{nc} - [y_n = c])^2
        \quad\text{for } (N, C), \qquad
        \operatorname{BS} = \frac1N \sum_n (p_n - y_n)^2 \quad\text{for } (N)

    Brier's own definition, summed over classes (range [0, 2]), for (N, C) probabilities; for
    (N) probabilities of class 1, the one-column form (range [0, 1]), which is half of the
    two-column score of the same predictions. These are the conventions of scikit-learn's
    ``brier_score_loss`` (multi-class, and binary with ``scale_by_half="auto"``).

    Args:
        probs: (N, C) class probabilities (rows summing to 1), or (N) probabilities of class 1.
        labels: (N) class indices, integers in [0, C) (0 or 1 for (N) probabilities).

    Returns:
        The Brier score, a float.

    Example:
        >>> from xentlab import calibration
        >>> # ((0.3² + 0.3²) + (0.4² + 0.4²)) / 2 and ((0.3)² + (0.4)²) / 2
        >>> round(calibration.brier_score([[0.7, 0.3], [0.4, 0.6]], [0, 1]), 6)
        0.25
        >>> round(calibration.brier_score([0.3, 0.6], [0, 1]), 6)
        0.125

    Reference: Brier, *Verification of forecasts expressed in terms of probability* (Monthly
    Weather Review, 1950); ``sklearn.metrics.brier_score_loss``.
    """
    p = as_probs(probs)
    y = as_labels(labels, p, "probs")
    if p.ndim == 1:
        return float(mse_loss(p, y.astype(np.float64)))
    # Σ over classes, mean over rows: the squared error the lab trains with
    return float(mse_loss(p, one_hot(y, p.shape[1]), reduction="sum")) / len(y)


def nll(logits: ArrayLike, labels: ArrayLike) -> float:
    r"""Negative log-likelihood of the labels under the logits: the mean cross-entropy.

    .. math:: \operatorname{NLL} = -\frac1N \sum_n \log \operatorname{softmax}(z_n)_{y_n}
        \quad\text{or}\quad -\frac1N \sum_n \log \sigma\big((2y_n - 1)\, z_n\big)

    computed by :func:`xentlab.cross_entropy` for (N, C) logits and by
    :func:`xentlab.binary_cross_entropy_with_logits` for (N) logits of class 1. (Not
    :func:`xentlab.nll_loss`, which takes log-probabilities as torch's does.) Give log p as
    logits to score probabilities p.

    Args:
        logits: (N, C) logits (−inf masks a class), or (N) finite logits of class 1.
        labels: (N) class indices, integers in [0, C) (0 or 1 for (N) logits).

    Returns:
        The NLL in nats, a float (+inf where a label's logit is −inf).

    Example:
        >>> import math
        >>> from xentlab import calibration
        >>> round(calibration.nll([[math.log(0.7), math.log(0.3)]], [0]), 4)  # −ln 0.7
        0.3567

    Reference: ``torch.nn.functional.cross_entropy``; ``sklearn.metrics.log_loss``.
    """
    z = as_logits(logits)
    y = as_labels(labels, z, "logits")
    if z.ndim == 1:
        return float(binary_cross_entropy_with_logits(z, y.astype(np.float64)))
    return float(cross_entropy(z, y))
