"""Section 5 lesson: likelihood ↔ loss."""

import math
import re

import numpy as np
import pytest

import xentlab as xl
from xentlab.course.lessons import bce, likelihood


def test_likelihood_log_and_loss_agree() -> None:
    view = likelihood.compute(likelihood.Inputs(yhat=0.7, y=1))
    # likelihood 0.7^1 · 0.3^0 = 0.7; its log −0.3567; the loss 0.3567
    assert view.likelihood == pytest.approx(0.7)
    assert view.log_likelihood == pytest.approx(math.log(0.7))
    assert view.loss == pytest.approx(-math.log(0.7))


def test_batch_product_becomes_mean_loss() -> None:
    view = likelihood.compute(likelihood.Inputs(yhat=0.25, y=0))
    # likelihoods 0.75, 0.9, 0.8, 0.6, 0.7 → product 0.2268; −ln(0.2268)/5 = 0.29678
    assert view.batch_likelihood == pytest.approx([0.75, 0.9, 0.8, 0.6, 0.7])
    assert view.batch_product == pytest.approx(0.75 * 0.9 * 0.8 * 0.6 * 0.7)
    expected = -math.log(0.2268) / 5
    assert view.batch_mean_loss == pytest.approx(expected)
    assert view.batch_nll_of_product == pytest.approx(expected)


def test_likelihood_from_its_definition_is_exp_of_minus_the_library_loss() -> None:
    # the section writes ŷ^y (1 − ŷ)^(1 − y) from its definition, to show that −ln of it is
    # the library's BCE; here it must equal exp(−BCE) everywhere the slider and the batch reach
    rng = np.random.default_rng(5)
    yhat = rng.uniform(0.01, 0.99, size=200)
    y = rng.integers(0, 2, size=200).astype(np.float64)
    library = np.exp(-np.asarray(xl.binary_cross_entropy(yhat, y, reduction="none")))
    np.testing.assert_allclose(likelihood.likelihood(yhat, y), library, rtol=1e-12)


@pytest.mark.parametrize("y", [0, 1])
def test_likelihood_curve_is_exp_of_minus_the_loss_curve(y: int) -> None:
    view = likelihood.compute(likelihood.Inputs(y=y))
    np.testing.assert_allclose(view.likelihood_curve, np.exp(-view.loss_curve), rtol=1e-12)
    # ŷ^y (1 − ŷ)^(1 − y) across the grid: ŷ for y = 1, 1 − ŷ for y = 0
    x = view.curve_x
    np.testing.assert_allclose(view.likelihood_curve, x if y == 1 else 1 - x, rtol=1e-12)


@pytest.mark.parametrize(("yhat", "y"), [(0.2, 0), (0.2, 1), (0.85, 0)])
def test_likelihood_view_carries_the_drawn_points(yhat: float, y: int) -> None:
    view = likelihood.compute(likelihood.Inputs(yhat=yhat, y=y))
    p_true = yhat if y == 1 else 1 - yhat
    assert view.likelihood_point == (yhat, pytest.approx(p_true, rel=1e-12))
    assert view.loss_point == (yhat, pytest.approx(-math.log(p_true), rel=1e-12))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"yhat": 0.995}, "yhat must be a number in [0.01, 0.99], got 0.995"),
        ({"y": -1}, "y must be a whole number in [0, 1], got -1"),
    ],
)
def test_likelihood_inputs_reject_what_the_controls_never_offer(
    changes: dict, message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        likelihood.Inputs(**changes)


@pytest.mark.parametrize(
    ("query", "expected", "bad"),
    [
        ({}, likelihood.Inputs(0.7, 1), ()),
        ({"y": "7"}, likelihood.Inputs(), ("y",)),
        ({"yhat": "0.4", "y": "0"}, likelihood.Inputs(0.4, 0), ()),
        ({"yhat": "-1", "y": "x"}, likelihood.Inputs(), ("yhat", "y")),
    ],
)
def test_likelihood_from_query(
    query: dict[str, str], expected: likelihood.Inputs, bad: tuple[str, ...]
) -> None:
    assert likelihood.Inputs.params() == bce.Inputs.params()
    assert likelihood.Inputs.from_query(query) == (expected, bad)


@pytest.mark.parametrize(("yhat", "y"), [(0.7, 1), (0.3, 0), (0.01, 1), (0.99, 0)])
def test_log_likelihood_curve_mirrors_the_loss(yhat: float, y: int) -> None:
    view = likelihood.compute(likelihood.Inputs(yhat=yhat, y=y))
    # ln ŷ^y (1 − ŷ)^(1 − y): ln ŷ for y = 1, ln(1 − ŷ) for y = 0, the library's −BCE
    x = view.curve_x
    expected = np.log(x if y == 1 else 1 - x)
    np.testing.assert_allclose(view.log_likelihood_curve, expected, rtol=1e-12)
    np.testing.assert_allclose(view.log_likelihood_curve, -view.loss_curve, rtol=1e-12)
    assert np.all(view.log_likelihood_curve <= 0)
    p_true = yhat if y == 1 else 1 - yhat
    assert view.log_likelihood_point == (yhat, pytest.approx(math.log(p_true), rel=1e-12))
    assert view.log_likelihood_point[1] == view.log_likelihood
