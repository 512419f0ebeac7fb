"""Sections 3 and 4: cross-entropy against squared error, values and gradients by hand."""

import math

import pytest

from xentlab.lessons import ce_vs_mse, slow_mse


def test_reference_point_yhat_070_y_1() -> None:
    view = ce_vs_mse.compute(ce_vs_mse.Inputs(yhat=0.7, y=1))
    # CE = −ln 0.7 = 0.3567; MSE = (0.7 − 1)² = 0.09; dMSE/dŷ = 2(0.7 − 1) = −0.6
    assert round(view.ce, 4) == 0.3567
    assert view.mse == pytest.approx(0.09, abs=1e-12)
    assert view.dmse_dyhat == pytest.approx(-0.6, abs=1e-12)
    assert view.dce_dyhat == pytest.approx(-1 / 0.7, abs=1e-12)
    # at the logit: CE gives ŷ − y = −0.3; MSE gives −0.6 · 0.7 · 0.3 = −0.126
    assert view.dce_dz == pytest.approx(-0.3, abs=1e-12)
    assert view.dmse_dz == pytest.approx(-0.126, abs=1e-12)


@pytest.mark.parametrize(("yhat", "y"), [(0.01, 1), (0.99, 1), (0.01, 0), (0.99, 0)])
def test_edges(yhat: float, y: int) -> None:
    view = ce_vs_mse.compute(ce_vs_mse.Inputs(yhat=yhat, y=y))
    p_true = yhat if y == 1 else 1 - yhat
    assert view.ce == pytest.approx(-math.log(p_true), rel=1e-12)
    assert view.mse == pytest.approx((yhat - y) ** 2, rel=1e-12)
    assert view.dmse_dz == pytest.approx(2 * (yhat - y) * yhat * (1 - yhat), rel=1e-9)


def test_slow_mse_reference_point_yhat_020_y_1() -> None:
    inputs = slow_mse.Inputs()
    assert (inputs.yhat, inputs.y) == (0.2, 1)
    view = slow_mse.compute(inputs)
    # |∂CE/∂z| = |0.2 − 1| = 0.8; |∂MSE/∂z| = 2 · 0.8 · 0.2 · 0.8 = 0.256
    assert view.ce_grad == pytest.approx(0.8, abs=1e-12)
    assert view.mse_grad == pytest.approx(0.256, abs=1e-12)
    assert view.sigmoid_slope == pytest.approx(0.16, abs=1e-12)
    assert view.ratio == pytest.approx(0.8 / 0.256)


def test_confidently_wrong_mse_gradient_vanishes() -> None:
    view = slow_mse.compute(slow_mse.Inputs(yhat=0.01, y=1))
    # CE: 0.99; MSE: 2 · 0.99 · 0.01 · 0.99 = 0.019602, about fifty times weaker
    assert view.ce_grad == pytest.approx(0.99, abs=1e-12)
    assert view.mse_grad == pytest.approx(0.019602, abs=1e-12)
    assert view.ratio > 50


def test_slow_mse_curves_match_the_point() -> None:
    view = slow_mse.compute(slow_mse.Inputs(yhat=0.99, y=0))
    assert view.curve_x[-1] == pytest.approx(0.99)
    assert view.ce_curve[-1] == pytest.approx(view.ce_grad)
    assert view.mse_curve[-1] == pytest.approx(view.mse_grad)


def test_slow_mse_link_defaults() -> None:
    assert slow_mse.Inputs.from_query({"yhat": "x"}) == (slow_mse.Inputs(yhat=0.2), ("yhat",))
