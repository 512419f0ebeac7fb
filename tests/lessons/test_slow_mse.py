"""Section 4 lesson: why squared error learns slowly, gradients by hand."""

import numpy as np
import pytest

from support.lessons import slider_values
from xentlab.course.lessons import slow_mse


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


def test_slow_mse_on_random_slider_values() -> None:
    rng = np.random.default_rng(4)
    for yhat, y in zip(slider_values(rng, 40), rng.integers(0, 2, size=40), strict=True):
        view = slow_mse.compute(slow_mse.Inputs(yhat=yhat, y=int(y)))
        # σ′(z) = ŷ(1 − ŷ) at z = logit(ŷ)
        assert view.sigmoid_slope == pytest.approx(yhat * (1 - yhat), rel=1e-9)
        assert view.mse_grad == pytest.approx(2 * abs(yhat - y) * yhat * (1 - yhat), rel=1e-9)


@pytest.mark.parametrize("y", [0, 1])
def test_slow_mse_curves_are_the_gradient_sizes_across_yhat(y: int) -> None:
    view = slow_mse.compute(slow_mse.Inputs(y=y))
    x = view.curve_x
    # |∂CE/∂z| = |ŷ − y|; |∂MSE/∂z| = 2|ŷ − y| · ŷ(1 − ŷ)
    np.testing.assert_allclose(view.ce_curve, np.abs(x - y), rtol=1e-9)
    np.testing.assert_allclose(view.mse_curve, 2 * np.abs(x - y) * x * (1 - x), rtol=1e-9)


def test_slow_mse_curves_match_the_point() -> None:
    view = slow_mse.compute(slow_mse.Inputs(yhat=0.99, y=0))
    assert view.curve_x[-1] == pytest.approx(0.99)
    assert view.ce_curve[-1] == pytest.approx(view.ce_grad)
    assert view.mse_curve[-1] == pytest.approx(view.mse_grad)


@pytest.mark.parametrize(("yhat", "y"), [(0.2, 0), (0.2, 1), (0.85, 0)])
def test_slow_mse_view_carries_the_drawn_points(yhat: float, y: int) -> None:
    view = slow_mse.compute(slow_mse.Inputs(yhat=yhat, y=y))
    assert view.ce_point == (yhat, pytest.approx(abs(yhat - y), rel=1e-9))
    assert view.mse_point == (yhat, pytest.approx(2 * abs(yhat - y) * yhat * (1 - yhat), rel=1e-9))


@pytest.mark.parametrize(
    ("query", "expected", "bad"),
    [
        ({}, slow_mse.Inputs(0.2, 1), ()),
        ({"yhat": "x"}, slow_mse.Inputs(yhat=0.2), ("yhat",)),
        ({"yhat": ""}, slow_mse.Inputs(), ("yhat",)),
        ({"yhat": "0.9", "y": "0"}, slow_mse.Inputs(0.9, 0), ()),
    ],
)
def test_slow_mse_link_defaults(
    query: dict[str, str], expected: slow_mse.Inputs, bad: tuple[str, ...]
) -> None:
    assert slow_mse.Inputs.from_query(query) == (expected, bad)
