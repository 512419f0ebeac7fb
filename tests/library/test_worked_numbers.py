"""The worked numbers of the design (shared/README.md, sections 1–4), each recomputed by hand.

The expected values are formulas written with the math module, not copied outputs; the
design's four-decimal figures are checked against those formulas too.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import xentlab as xl


def logit(p: float) -> float:
    return math.log(p / (1 - p))


@pytest.mark.parametrize(("yhat", "design"), [(0.7, 0.3567), (0.9, 0.1054), (0.001, 6.9078)])
def test_section1_binary_cross_entropy(yhat: float, design: float) -> None:
    # y = 1: L = −ln ŷ
    expected = -math.log(yhat)
    assert round(expected, 4) == design
    assert float(xl.binary_cross_entropy(np.array(yhat), np.array(1.0))) == pytest.approx(
        expected, rel=1e-12
    )
    z = np.array(logit(yhat))
    assert float(xl.binary_cross_entropy_with_logits(z, np.array(1.0))) == pytest.approx(
        expected, rel=1e-9
    )


def test_section1_gradients() -> None:
    # dL/dŷ = −y/ŷ + (1 − y)/(1 − ŷ) = −1/0.7 ; dL/dz = ŷ − y = −0.3
    assert round(-1 / 0.7, 4) == -1.4286
    g = xl.grad.binary_cross_entropy(np.array(0.7), np.array(1.0))
    assert float(g) == pytest.approx(-1 / 0.7, rel=1e-12)
    gz = xl.grad.binary_cross_entropy_with_logits(np.array(logit(0.7)), np.array(1.0))
    assert float(gz) == pytest.approx(0.7 - 1, rel=1e-9)


def test_section2_softmax_and_categorical_cross_entropy() -> None:
    # softmax(2, 1, −1) = e^z / (e^2 + e^1 + e^−1); loss = −ln p_0
    z = [2.0, 1.0, -1.0]
    denom = sum(math.exp(v) for v in z)
    expected = [math.exp(v) / denom for v in z]
    assert [round(v, 4) for v in expected] == [0.7054, 0.2595, 0.0351]
    np.testing.assert_allclose(xl.softmax(np.array(z)), expected, rtol=1e-12)
    loss = float(xl.cross_entropy(np.array(z), np.array(0)))
    assert loss == pytest.approx(-math.log(expected[0]), rel=1e-12)
    assert round(loss, 4) == 0.3490


def test_section3_squared_error() -> None:
    # MSE = (ŷ − y)² = 0.09 ; dMSE/dŷ = 2(ŷ − y) = −0.6
    assert float(xl.mse_loss(np.array(0.7), np.array(1.0))) == pytest.approx(0.3**2, rel=1e-12)
    assert float(xl.grad.mse_loss(np.array(0.7), np.array(1.0))) == pytest.approx(-0.6, rel=1e-12)


def test_section4_why_squared_error_learns_slowly() -> None:
    # w.r.t. the logit: CE gives |ŷ − y| = 0.8; MSE gives 2|ŷ − y|·σ'(z) = 2·0.8·0.2·0.8 = 0.256
    yhat, z = 0.2, np.array(logit(0.2))
    ce = abs(float(xl.grad.binary_cross_entropy_with_logits(z, np.array(1.0))))
    assert ce == pytest.approx(0.8, rel=1e-9)
    mse_dyhat = float(xl.grad.mse_loss(xl.sigmoid(z), np.array(1.0)))
    sigma_prime = float(xl.sigmoid(z) * (1 - xl.sigmoid(z)))
    assert abs(mse_dyhat * sigma_prime) == pytest.approx(2 * 0.8 * yhat * (1 - yhat), rel=1e-9)
    assert round(2 * 0.8 * 0.2 * 0.8, 4) == 0.2560
