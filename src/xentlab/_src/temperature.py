r"""Temperature scaling: one number T > 0 divides the logits, chosen to minimise held-out NLL.

With β = 1/T the objective L(β) = NLL(β z) is convex in β. By the chain rule through x = β z
(the gradient of the NLL at x is (p − onehot(y)) / N), with p_n = softmax(β z_n):

.. math:: L'(\beta) = \frac1N \sum_n \big(\mathbb{E}_{p_n}[z_n] - z_{n y_n}\big)
    = \frac1N \sum_n \sum_c p_{nc}\,(z_{nc} - z_{n y_n}), \qquad
    L''(\beta) = \frac1N \sum_n \operatorname{Var}_{p_n}[z_n] \ge 0

(for a binary problem, the same with the two logits (0, z)). So the fit is the root of the
increasing function L': Newton's method, kept inside a bracket where L' changes sign,
bisecting it (on a log scale) when a step would leave it or converge slowly. The root exists
exactly when L'(0) < 0 < L'(∞); otherwise the NLL keeps falling towards T = ∞ or T = 0, and
the fit says so instead of returning a boundary.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from xentlab._src.calibration import as_labels, as_logits, nll
from xentlab._src.checks import FloatArray, as_float_array_without_nan, first_bad_position
from xentlab._src.messages import Problem
from xentlab._src.numerics import _check_temperature, softmax, softmax_backward

__all__ = ["TemperatureFit", "apply_temperature", "fit_temperature"]

MAX_STEPS = 200
#: evaluations the bracket search may take on either side of β = 1 (it needs about ten)
MAX_BRACKET_STEPS = 64
REL_TOL = 1e-12  # on β: far below what the NLL can tell apart
#: the bracket's bounds: β in [1 / BETA_MAX, BETA_MAX] (β·d of gaps ≤ 1 stays finite)
BETA_MAX = 1e300


@dataclass(frozen=True)
class TemperatureFit:
    """A fitted temperature and the NLL (nats, mean over rows) before and after dividing by it."""

    temperature: float
    nll_before: float
    nll_after: float


def _gaps(z: NDArray[np.float64], y: NDArray[np.int64]) -> NDArray[np.float64]:
    """z_c − z_y, the gap of every logit to the label's (N, C); one column z is (0, z)."""
    if z.ndim == 1:
        z = np.stack([np.zeros_like(z), z], axis=1)  # softmax(0, z) = (1 − σ(z), σ(z))
    return z - z[np.arange(len(y)), y][:, None]


def _derivatives(d: NDArray[np.float64]) -> Callable[[float], tuple[float, float]]:
    """β ↦ (L'(β), L''(β)) of L(β) = NLL(β z), from the gaps d = z − z_y.

    L'(β) = mean over rows of Σ_c p_c d_c: every term a probability times a gap, with no
    1 − p_y to round to 0 when a row is confidently right (where the gradient p − onehot
    would lose the small terms that decide the fit). softmax(βd) = softmax(βz).
    """
    n = len(d)

    def derivatives(beta: float) -> tuple[float, float]:
        x = beta * d
        slope = float(np.sum(softmax(x, axis=1) * d)) / n
        # softmax_backward(x, d)·d summed over classes is Σ p d² − (Σ p d)², the variance
        return slope, float(np.sum(softmax_backward(x, d, axis=1) * d)) / n

    return derivatives


def _bracket(
    derivatives: Callable[[float], tuple[float, float]], beta_max: float
) -> tuple[float, float]:
    """0 < lo ≤ hi with L'(lo) ≤ 0 ≤ L'(hi), found from β = 1 by ever larger factors.

    The factor squares at every step, so either side is searched in at most
    ``MAX_BRACKET_STEPS`` evaluations (β reaches 1e300 or 1e-300 in ten); a sign that has
    not changed by then means no root exists in floating point, and the fit says so.
    """
    slope = derivatives(1.0)[0]
    lo = hi = 1.0
    growth = 2.0
    upward = slope < 0  # the root lies above β = 1 (else below, or at it)
    for _ in range(MAX_BRACKET_STEPS):
        if upward and slope < 0:
            if hi >= beta_max:
                break
            lo, hi = hi, min(hi * growth, beta_max)
            slope, growth = derivatives(hi)[0], growth * growth
        elif not upward and slope > 0:
            if lo <= 1 / beta_max:
                break
            lo, hi = max(lo / growth, 1 / beta_max), lo
            slope, growth = derivatives(lo)[0], growth * growth
        else:
            return lo, hi
    raise Problem("no_temperature_range")


def _root(derivatives: Callable[[float], tuple[float, float]], beta_max: float) -> float:
    """The β > 0 where L'(β) = 0, given L'(0) < 0 < L'(∞): Newton inside a bracket.

    A Newton step is taken when it stays inside the bracket and at least halves the previous
    step; otherwise the bracket is bisected at its geometric mean (rtsafe of Numerical Recipes,
    on a log scale), so that every step shrinks it.
    """
    lo, hi = _bracket(derivatives, beta_max)
    beta = math.sqrt(lo) * math.sqrt(hi)
    previous = hi - lo
    for _ in range(MAX_STEPS):
        slope, curvature = derivatives(beta)
        if slope == 0 or hi - lo <= REL_TOL * lo:
            return beta
        if slope < 0:
            lo = beta
        else:
            hi = beta
        newton = beta - slope / curvature if curvature > 0 else math.nan
        if abs(newton - beta) <= REL_TOL * beta:
            return newton
        if lo < newton < hi and abs(newton - beta) < previous / 2:
            new = newton
        else:
            new = math.sqrt(lo) * math.sqrt(hi)
        previous = abs(new - beta)
        beta = new
    raise Problem("no_temperature_steps", steps=MAX_STEPS)


def fit_temperature(logits: ArrayLike, labels: ArrayLike) -> TemperatureFit:
    r"""Temperature scaling: the T > 0 whose softmax(z / T) has the least NLL on held-out data.

    .. math:: T^\star = \operatorname*{arg\,min}_{T > 0}\; -\frac1N \sum_n
        \log \operatorname{softmax}(z_n / T)_{y_n}
        \quad \big(\text{binary: } \sigma(z_n / T)\big)

    An exact one-dimensional fit: Newton's method on 1/T, where the NLL is convex, with the
    analytic first and second derivatives (see :mod:`xentlab._src.temperature`), to a relative
    precision of 1e-12. T > 1 softens an overconfident model, T < 1 sharpens an
    underconfident one; the argmax, hence the accuracy, never changes. Fit on held-out logits
    (a validation set), not on the training set.

    Args:
        logits: (N, C) finite logits, or (N) finite logits of class 1.
        labels: (N) class indices, integers in [0, C) (0 or 1 for (N) logits).

    Returns:
        A :class:`TemperatureFit`: ``temperature``, ``nll_before`` (T = 1), ``nll_after``
        (T = T*; never above ``nll_before`` but for rounding). If every row's logits are equal
        the NLL does not depend on T and T = 1.

    Raises:
        ValueError: where no T minimises the NLL: when it falls all the way to T → 0 (every
            row classified correctly) or to T → ∞ (the labels' logits are on average no
            higher than their rows' mean logit); and for logits or labels that are not valid.

    Example:
        >>> import math
        >>> from xentlab import calibration
        >>> z = [[4.0, 0.0], [0.0, 4.0], [4.0, 0.0], [0.0, 4.0], [4.0, 0.0]]
        >>> fit = calibration.fit_temperature(z, [0, 1, 0, 1, 1])  # 4 of 5 right
        >>> # at T*, σ(4 / T*) = 4/5 (the accuracy): T* = 4 / ln 4
        >>> round(fit.temperature, 6), round(4 / math.log(4), 6)
        (2.88539, 2.88539)
        >>> # before: (4 ln(1 + e⁻⁴) + ln(1 + e⁴)) / 5; after: H(4/5) = −0.8 ln 0.8 − 0.2 ln 0.2
        >>> round(fit.nll_before, 4), round(fit.nll_after, 4)
        (0.8181, 0.5004)

    Reference: Guo et al., *On calibration of modern neural networks* (ICML 2017), §4.2;
    Press et al., *Numerical Recipes* (2007), §9.4 (Newton's method with bracketing).
    """
    z = as_logits(logits)
    y = as_labels(labels, z, "logits")
    infinite = np.isinf(z)
    if infinite.any():
        raise ValueError(
            f"logits must be finite to fit a temperature, got {z[infinite][0]} at position "
            f"{first_bad_position(infinite)}"
        )
    before = nll(z, y)
    # the gaps in units of the largest |logit|: each is at most 2, so neither they nor their
    # sums overflow (z = ±1e308 would make z_c − z_y infinite)
    unit = float(np.abs(z).max()) or 1.0
    d = _gaps(z / unit, y)
    if not d.any():  # every row's logits are equal: the NLL is log C whatever T
        return TemperatureFit(1.0, before, before)
    # fit on gaps of at most 1 (L(β) for d / s is L(β / s) for d): β·d never overflows
    scale = float(np.abs(d).max())
    g = d / scale
    # L'(0) is the mean gap; L'(∞) the mean over rows of the largest gap
    if g.mean() >= 0:
        raise Problem("no_temperature_infinity")
    if g.max() <= 0:
        raise Problem("no_temperature_zero")
    with np.errstate(over="ignore"):  # T beyond the largest float: refused just below
        temperature = unit * scale / _root(_derivatives(g), beta_max=BETA_MAX)
    if not 0 < temperature < math.inf:
        raise Problem("no_temperature_float", temperature=temperature)
    return TemperatureFit(temperature, before, nll(apply_temperature(z, temperature), y))


def apply_temperature(logits: ArrayLike, temperature: float) -> FloatArray:
    r"""Divide logits by a temperature: the calibrated logits of temperature scaling.

    .. math:: z' = z / T

    Their probabilities are ``xl.softmax(z, temperature=T)`` (or ``xl.sigmoid(z / T)``); the
    argmax is unchanged, and T = 1 returns the logits unchanged.

    Args:
        logits: logits of any shape: (N, C), or (N) logits of class 1 (−inf allowed, NaN not).
        temperature: T > 0, e.g. ``fit_temperature(...).temperature``.

    Returns:
        z / T: the logits' shape and float dtype.

    Example:
        >>> from xentlab import calibration
        >>> print(calibration.apply_temperature([[3.0, 1.0, -1.0]], 2.0))
        [[ 1.5  0.5 -0.5]]

    Reference: Guo et al. (ICML 2017), §4.2; ``torch.nn.functional.softmax(z / T)``.
    """
    z = as_float_array_without_nan(logits, "logits")
    t = _check_temperature(temperature)
    return z / z.dtype.type(t)
