"""Finite-difference checks of every analytic gradient, in float64.

Central differences with step h have error O(h²·f'''); with h = 1e-5 on O(1) inputs the
agreement is about 1e-8 relative, so the tolerance 1e-6 cannot hide a wrong gradient.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import xentlab as xl


def numerical_grad(fn: Callable[[np.ndarray], Any], x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += h
        xm[i] -= h
        g[i] = (np.sum(fn(xp)) - np.sum(fn(xm))) / (2 * h)
    return g


def check(fn: Callable[[np.ndarray], Any], grad: np.ndarray, x: np.ndarray) -> None:
    expected = numerical_grad(fn, x)
    scale = max(1.0, float(np.max(np.abs(expected))))
    np.testing.assert_allclose(grad, expected, rtol=0, atol=1e-6 * scale)


rng = np.random.default_rng(11)
LOGITS = rng.normal(size=(4, 5)) * 2
LOGITS_KD = rng.normal(size=(2, 3, 2, 2))
INDEX = np.array([0, 3, -100, 4])
PROBS = xl.softmax(rng.normal(size=(4, 5)))
WEIGHT = rng.uniform(0.5, 2, size=5)


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
@pytest.mark.parametrize("label_smoothing", [0.0, 0.3])
@pytest.mark.parametrize("weight", [None, WEIGHT], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("target", [INDEX, PROBS], ids=["index", "probs"])
def test_cross_entropy_gradient(
    target: Any, weight: Any, label_smoothing: float, reduction: str
) -> None:
    kw = {"weight": weight, "label_smoothing": label_smoothing, "reduction": reduction}
    check(
        lambda x: xl.cross_entropy(x, target, **kw),
        xl.grad.cross_entropy(LOGITS, target, **kw),
        LOGITS,
    )


def test_cross_entropy_gradient_k_dimensional() -> None:
    target = np.array([[[0, 2], [1, 1]], [[2, 0], [-100, 1]]])
    check(
        lambda x: xl.cross_entropy(x, target, label_smoothing=0.1),
        xl.grad.cross_entropy(LOGITS_KD, target, label_smoothing=0.1),
        LOGITS_KD,
    )


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_nll_loss_gradient(reduction: str) -> None:
    logp = xl.log_softmax(LOGITS)
    check(
        lambda x: xl.nll_loss(x, INDEX, weight=WEIGHT, reduction=reduction),
        xl.grad.nll_loss(logp, INDEX, weight=WEIGHT, reduction=reduction),
        logp,
    )


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_binary_losses_gradients(reduction: str) -> None:
    p = rng.uniform(0.05, 0.95, size=(3, 4))
    y = rng.uniform(0, 1, size=(3, 4))
    w = rng.uniform(0.5, 2, size=4)
    check(
        lambda x: xl.binary_cross_entropy(x, y, w, reduction),
        xl.grad.binary_cross_entropy(p, y, w, reduction),
        p,
    )
    z = rng.normal(size=(3, 4)) * 2
    pw = rng.uniform(0.5, 3, size=4)
    check(
        lambda x: xl.binary_cross_entropy_with_logits(x, y, w, reduction, pos_weight=pw),
        xl.grad.binary_cross_entropy_with_logits(z, y, w, reduction, pos_weight=pw),
        z,
    )


@pytest.mark.parametrize(("alpha", "gamma"), [(0.25, 2.0), (-1.0, 0.5), (0.6, 0.0)])
@pytest.mark.parametrize("reduction", ["none", "mean"])
def test_focal_loss_gradient(alpha: float, gamma: float, reduction: str) -> None:
    z = rng.normal(size=(3, 4)) * 2
    y = (rng.uniform(size=(3, 4)) > 0.5).astype(float)
    check(
        lambda x: xl.sigmoid_focal_loss(x, y, alpha, gamma, reduction),
        xl.grad.sigmoid_focal_loss(z, y, alpha, gamma, reduction),
        z,
    )


@pytest.mark.parametrize("reduction", ["none", "mean", "sum", "batchmean"])
@pytest.mark.parametrize("log_target", [False, True])
def test_kl_div_and_mse_gradients(reduction: str, log_target: bool) -> None:
    logq = xl.log_softmax(LOGITS)
    target = np.log(PROBS) if log_target else PROBS
    check(
        lambda x: xl.kl_div(x, target, reduction, log_target),
        xl.grad.kl_div(logq, target, reduction, log_target),
        logq,
    )
    if reduction != "batchmean":
        check(
            lambda x: xl.mse_loss(x, PROBS, reduction),
            xl.grad.mse_loss(LOGITS, PROBS, reduction),
            LOGITS,
        )


def test_sigmoid_backward_is_the_gradient_through_the_sigmoid() -> None:
    # sigmoid_backward(z, g) = ∂/∂z Σ g·σ(z)
    z = rng.normal(size=(3, 4)) * 3
    g = rng.normal(size=(3, 4))
    check(lambda x: g * xl.sigmoid(x), xl.sigmoid_backward(z, g), z)


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_softmax_backward_is_the_gradient_through_the_softmax(axis: int) -> None:
    # softmax_backward(z, g, axis) = ∂/∂z Σ g·softmax(z, axis)
    g = rng.normal(size=LOGITS_KD.shape)
    check(
        lambda x: g * xl.softmax(x, axis=axis), xl.softmax_backward(LOGITS_KD, g, axis), LOGITS_KD
    )
