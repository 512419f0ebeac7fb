"""Calibration: can a model's confidence be trusted? Reliability curves, calibration errors,
proper scores and temperature scaling, in NumPy.

Inputs follow one convention throughout:

- ``probs`` (N, C): class probabilities, rows summing to 1. A reliability curve bins the
  top-label confidence max_c p_c against the accuracy [argmax = label] (Guo et al., 2017).
- ``probs`` (N): the probability of class 1 of a binary problem. A reliability curve bins it
  against the fraction of class 1, as scikit-learn's ``calibration_curve``.
- ``logits`` (N, C), or (N) logits of class 1, for the NLL and temperature scaling.
- ``labels`` (N): class indices, integers in [0, C) (0 or 1 for a binary problem).

The scores live in ``_src/calibration.py`` (curve, ECE, MCE, Brier, NLL) and temperature scaling
in ``_src/temperature.py``. Vector and matrix scaling (per-class affine maps of the logits) are left
out: they need a multi-dimensional fit, can change the predicted class, and with 2C or C² + C
parameters overfit the small held-out sets calibration is fitted on; Guo et al. found plain
temperature scaling as good or better on most of their benchmarks.

Example:
    >>> import numpy as np
    >>> from xentlab import calibration
    >>> z, y = np.array([[2.0, 0.0], [0.0, 1.0], [3.0, 0.0]]), np.array([0, 0, 0])
    >>> fit = calibration.fit_temperature(z, y)
    >>> fit.nll_after <= fit.nll_before
    True
"""

from xentlab._src.calibration import (
    N_BINS,
    STRATEGIES,
    ReliabilityCurve,
    brier_score,
    expected_calibration_error,
    maximum_calibration_error,
    nll,
    reliability_curve,
)
from xentlab._src.temperature import TemperatureFit, apply_temperature, fit_temperature

__all__ = [
    "N_BINS",
    "STRATEGIES",
    "ReliabilityCurve",
    "TemperatureFit",
    "apply_temperature",
    "brier_score",
    "expected_calibration_error",
    "fit_temperature",
    "maximum_calibration_error",
    "nll",
    "reliability_curve",
]
