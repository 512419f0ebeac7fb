"""Sections 5 and 6: likelihood ↔ loss, and sigmoid ↔ 2-class softmax."""

import math

import numpy as np
import pytest

from xentlab.lessons import binary_vs_categorical as bvc
from xentlab.lessons import likelihood


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


@pytest.mark.parametrize(("z", "y"), [(-6.0, 1), (-0.3, 0), (0.0, 1), (2.5, 1), (6.0, 0)])
def test_sigmoid_equals_two_class_softmax(z: float, y: int) -> None:
    view = bvc.compute(bvc.Inputs(z=z, y=y, k=2))
    p = 1 / (1 + math.exp(-z))
    assert view.sigmoid_p == pytest.approx(p, rel=1e-12)
    assert view.softmax2 == pytest.approx([1 - p, p], rel=1e-12)
    expected = -math.log(p if y == 1 else 1 - p)
    assert view.bce == pytest.approx(expected, rel=1e-12)
    assert view.ce2 == pytest.approx(expected, rel=1e-12)
    assert view.ce_k == pytest.approx(expected, rel=1e-12)


def test_more_classes_share_the_probability() -> None:
    view = bvc.compute(bvc.Inputs(z=1.0, y=1, k=4))
    # p₁ = e / (e + 3) = 0.47537; CE = −ln p₁; uniform guess ln 4 = 1.3863
    p1 = math.e / (math.e + 3)
    assert view.probs_k == pytest.approx([(1 - p1) / 3, p1, (1 - p1) / 3, (1 - p1) / 3])
    assert view.ce_k == pytest.approx(-math.log(p1))
    assert view.chance_k == pytest.approx(math.log(4))
    assert np.all(np.diff(view.ce_k_curve) < 0)  # more logit, less loss for the true class 1


def test_bvc_link_round_trip_and_defaults() -> None:
    inputs = bvc.Inputs(z=-2.3, y=0, k=7)
    assert bvc.Inputs.from_query(inputs.to_query()) == (inputs, ())
    assert bvc.Inputs.from_query({"z": "9", "k": "11"}) == (bvc.Inputs(), ("z", "k"))
