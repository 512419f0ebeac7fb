"""Section 10 lesson (numerical stability): overflow points and each library's conventions."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from sklearn.metrics import log_loss

from xentlab.course.lessons import (
    stability,
)


def test_section10_overflow_points_and_conventions() -> None:
    assert stability.overflow_scale(np.float32) == pytest.approx(88.72, abs=0.01)
    assert stability.overflow_scale(np.float64) == pytest.approx(709.78, abs=0.01)
    below = stability.compute(stability.Inputs(log_scale=1.9))  # scale 79: float32 still fine
    assert np.all(np.isfinite(below.naive32)) and not below.broken("naive32")
    past32 = stability.compute(stability.Inputs(log_scale=2.0))  # scale 100 > 88.7
    assert np.isnan(past32.naive32[0]) and np.all(np.isfinite(past32.naive64))
    assert past32.broken("naive32") and not past32.broken("naive64")
    past64 = stability.compute(stability.Inputs(log_scale=3.0))  # scale 1000 > 709.8
    assert np.isnan(past64.naive64[0]) and past64.broken("naive64")
    assert not past64.broken("stable")
    np.testing.assert_allclose(past64.stable, [1, 0, 0], atol=1e-300)
    # ln softmax of the last class: −2000 − ln(1 + e^−1000 + e^−2000) = −2000 exactly in float64
    assert past64.log_softmax == -2000.0 and past64.log_of_softmax == -math.inf


def test_section10_link_keys_and_snapping() -> None:
    # s is snapped to the slider's 0.01 grid; k is a whole number, written with or without ".0"
    assert stability.Inputs.from_query({"s": "1.234", "k": "50.0"}) == (
        stability.Inputs(log_scale=1.23, k=50),
        (),
    )
    assert stability.Inputs(log_scale=2.5, k=7).to_query() == {"s": "2.5", "k": "7"}


def test_section10_view_carries_the_mark_and_the_curves() -> None:
    v = stability.compute(stability.Inputs(log_scale=2.5))
    assert v.scale == pytest.approx(10**2.5, rel=1e-15)  # where the chart marks the scale
    np.testing.assert_allclose(v.logits, [10**2.5, 0, -(10**2.5)], rtol=1e-15)
    # the scale axis runs over the slider's range, 10^0 to 10^4
    assert (v.scales[0], v.scales[-1]) == pytest.approx((1.0, 1e4), rel=1e-12)
    z = torch.tensor(v.scales)[:, None] * torch.tensor(stability.BASE_LOGITS)[None, :]
    reference = F.softmax(z, dim=1)[:, 0].numpy()
    np.testing.assert_allclose(v.curve_stable, reference, rtol=1e-12)
    # naive e^z / Σ e^z breaks (NaN) exactly where e^scale overflows float64, agrees before
    broken = v.scales > v.overflow64
    assert broken.any() and not broken.all()
    np.testing.assert_array_equal(np.isnan(v.curve_naive64), broken)
    np.testing.assert_allclose(v.curve_naive64[~broken], reference[~broken], rtol=1e-12)


@pytest.mark.parametrize("k", [1, 5, 8, 20, 50, 330])
def test_section10_bce_conventions_follow_each_library(k: int) -> None:
    c = stability.bce_conventions(k)
    yhat = 10.0 ** (-k)
    assert c["exact"] == pytest.approx(k * math.log(10), rel=1e-12)
    # PyTorch itself
    ref = F.binary_cross_entropy(
        torch.tensor([yhat], dtype=torch.float64), torch.tensor([1.0], dtype=torch.float64)
    )
    assert c["pytorch"] == pytest.approx(float(ref), rel=1e-12)
    # Keras' documented rule: clip to [1e-7, 1 − 1e-7], then −ln
    assert c["keras"] == pytest.approx(-math.log(min(max(yhat, 1e-7), 1 - 1e-7)), rel=1e-12)
    # scikit-learn's documented rule: clip to the float64 machine epsilon
    eps = np.finfo(np.float64).eps
    assert c["sklearn"] == pytest.approx(-math.log(max(yhat, eps)), rel=1e-9)
    assert c["sklearn"] == pytest.approx(log_loss([1], [[1 - yhat, yhat]], labels=[0, 1]))


def test_section10_sklearn_guard_is_sklearns_log_loss() -> None:
    rng = np.random.default_rng(10)
    eps = float(np.finfo(np.float64).eps)
    edges = [0.0, 1e-400, eps / 2, eps, 2 * eps, 0.5, 1 - eps, 1.0]
    for yhat in [*edges, *(10.0 ** -rng.uniform(0, 400, size=50)), *rng.uniform(0, 1, size=50)]:
        expected = log_loss([1], [[1 - yhat, yhat]], labels=[0, 1])
        assert stability.sklearn_log_loss(float(yhat)) == pytest.approx(expected, rel=1e-15), yhat
