"""The math around the losses: logit, one-hot, label smoothing, class weights, the focal factor,
and the backward passes of sigmoid and softmax.

Each is checked on small cases worked out by hand, then against its reference (PyTorch, SciPy,
scikit-learn) on random inputs in float32 and float64. Finite differences of the backward
passes are in test_gradients_fd.py, Hypothesis identities in test_properties.py and the error
messages in test_errors.py.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
import scipy.special as sp
import torch
import torch.nn.functional as F
from sklearn.utils.class_weight import compute_class_weight

import xentlab as xl
from helpers import assert_close

DTYPES = [np.float32, np.float64]


def torch_backward(forward: Any, z: np.ndarray, g: np.ndarray) -> np.ndarray:
    """∂/∂z of Σ g·forward(z) by torch autograd: the backward pass of ``forward`` applied to g."""
    zt = torch.tensor(z, requires_grad=True)
    (forward(zt) * torch.from_numpy(g)).sum().backward()
    assert zt.grad is not None
    return zt.grad.numpy()


# ------------------------------------------------------------------------------ logit


def test_logit_by_hand() -> None:
    # logit(0.2) = ln(0.2/0.8) = −ln 4; logit(0.5) = 0; logit(0.9) = ln 9; ends at ∓inf
    z = xl.logit(np.array([0.0, 0.2, 0.5, 0.9, 1.0]))
    assert z[0] == -np.inf and z[-1] == np.inf and z[2] == 0.0
    np.testing.assert_allclose(z[[1, 3]], [-math.log(4), math.log(9)], rtol=1e-15)


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
def test_logit_matches_scipy_and_torch(dtype: Any) -> None:
    rng = np.random.default_rng(0)
    p = np.concatenate([rng.uniform(size=200), [0.0, 1.0, 1e-30, 1 - 1e-7, 0.5]]).astype(dtype)
    ours = xl.logit(p)
    assert_close(ours, sp.logit(p), dtype, "logit (scipy)")
    assert_close(ours, torch.logit(torch.from_numpy(p)).numpy(), dtype, "logit (torch)")


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
def test_the_sigmoid_inverts_the_logit(dtype: Any) -> None:
    # σ(logit(p)) = p: σ' ≤ 1/4 shrinks the rounding of the logit (logit(σ(z)) would not
    # come back for large z, where σ(z) has rounded to a neighbour of 1)
    p = np.linspace(0, 1, 1001).astype(dtype)
    assert_close(xl.sigmoid(xl.logit(p)), p, dtype, "sigmoid(logit(p))")


# ------------------------------------------------------------------------------ one_hot


def test_one_hot_by_hand() -> None:
    # rows of the identity picked by the targets, along a new last axis
    expected = np.array([[[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]], [[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]])
    np.testing.assert_array_equal(xl.one_hot(np.array([[2, 0], [1, 2]]), 3), expected)
    np.testing.assert_array_equal(xl.one_hot(np.array(1), 2), [0.0, 1.0])


@pytest.mark.parametrize("shape", [(), (7,), (3, 4)], ids=str)
def test_one_hot_matches_torch(shape: tuple[int, ...]) -> None:
    target = np.random.default_rng(1).integers(0, 5, size=shape)
    expected = F.one_hot(torch.from_numpy(np.asarray(target)), num_classes=5).numpy()
    ours = xl.one_hot(target, 5)
    assert ours.dtype == np.float64
    np.testing.assert_array_equal(ours, expected)


# ------------------------------------------------------------------------------ smooth_labels


def test_smooth_labels_by_hand() -> None:
    # ε = 0.3, C = 3: 0.7·(0, 1, 0) + 0.1 = (0.1, 0.8, 0.1); ε = 1 gives the uniform 1/C
    np.testing.assert_allclose(
        xl.smooth_labels(np.array([0.0, 1.0, 0.0]), 0.3), [0.1, 0.8, 0.1], rtol=1e-15
    )
    np.testing.assert_allclose(xl.smooth_labels(np.eye(4), 1.0), np.full((4, 4), 0.25))
    target = np.array([[0.2, 0.8]])
    assert xl.smooth_labels(target, 0.0) is target


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
@pytest.mark.parametrize("label_smoothing", [0.0, 0.1, 0.6, 1.0])
@pytest.mark.parametrize("shape", [(5,), (7, 5)], ids=str)
def test_smoothed_one_hot_targets_give_torch_label_smoothing(
    shape: tuple[int, ...], label_smoothing: float, reduction: str, dtype: Any
) -> None:
    # torch's label_smoothing on class indices = cross-entropy with the smoothed one-hot target
    rng = np.random.default_rng(2)
    z = (rng.normal(size=shape) * 3).astype(dtype)
    index = rng.integers(0, 5, size=shape[:-1])
    target = xl.smooth_labels(xl.one_hot(index, 5).astype(dtype), label_smoothing)
    zt = torch.tensor(z[None] if z.ndim == 1 else z, requires_grad=True)
    it = torch.from_numpy(np.asarray(index).reshape(-1))
    loss = F.cross_entropy(zt, it, reduction=reduction, label_smoothing=label_smoothing)
    loss.sum().backward()
    assert zt.grad is not None
    ref_loss, ref_grad = loss.detach().numpy(), zt.grad.numpy().reshape(z.shape)
    if z.ndim == 1 and reduction == "none":
        ref_loss = ref_loss[0]
    what = f"smooth_labels ε={label_smoothing} {reduction}"
    assert_close(xl.cross_entropy(z, target, reduction=reduction), ref_loss, dtype, what)
    assert_close(xl.grad.cross_entropy(z, target, reduction=reduction), ref_grad, dtype, what)


# ------------------------------------------------------------------------------ class_weights


def test_class_weights_by_hand() -> None:
    # N = 1000, C = 3: w = 1000 / (3·(900, 90, 10)); each class then weighs N/C in total
    counts = np.array([900, 90, 10])
    w = xl.class_weights(counts)
    np.testing.assert_allclose(w, [1000 / 2700, 1000 / 270, 1000 / 30], rtol=1e-15)
    np.testing.assert_allclose(w * counts, np.full(3, 1000 / 3), rtol=1e-15)
    np.testing.assert_array_equal(xl.class_weights([5, 5]), [1.0, 1.0])


@pytest.mark.parametrize("n_classes", [2, 3, 10])
def test_class_weights_match_sklearn_balanced(n_classes: int) -> None:
    rng = np.random.default_rng(n_classes)
    for _ in range(5):
        y = rng.choice(n_classes, size=500, p=rng.dirichlet(np.ones(n_classes)))
        y[:n_classes] = np.arange(n_classes)  # every class present, as scikit-learn requires
        classes = np.arange(n_classes)
        expected = compute_class_weight("balanced", classes=classes, y=y)
        counts = np.bincount(y, minlength=n_classes)
        assert_close(xl.class_weights(counts), expected, np.float64, "class_weights")


# ------------------------------------------------------------------------------ focal_factor


def test_focal_factor_by_hand() -> None:
    # (1 − 0.9)² = 0.01, (1 − 0.5)² = 0.25, (1 − 0.1)² = 0.81; γ = 0 gives 1, also at p_t = 1
    np.testing.assert_allclose(
        xl.focal_factor(np.array([0.9, 0.5, 0.1]), 2.0), [0.01, 0.25, 0.81], rtol=1e-14
    )
    np.testing.assert_array_equal(xl.focal_factor(np.array([0.0, 0.3, 1.0]), 0.0), [1, 1, 1])
    # γ = 0.5: √(1 − 0.75) = 0.5
    assert float(xl.focal_factor(0.75, 0.5)) == 0.5


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize("gamma", [0.0, 0.5, 2.0, 5.0])
def test_focal_factor_is_torchvisions_modulating_factor(gamma: float, dtype: Any) -> None:
    # torchvision: loss = ce·(1 − p_t)^γ with p = σ(x), p_t = p y + (1 − p)(1 − y)
    rng = np.random.default_rng(3)
    x = (rng.normal(size=50) * 3).astype(dtype)
    y = (rng.uniform(size=50) > 0.5).astype(dtype)
    p = torch.sigmoid(torch.from_numpy(x))
    yt = torch.from_numpy(y)
    p_t = p * yt + (1 - p) * (1 - yt)
    expected = ((1 - p_t) ** gamma).numpy()
    assert_close(xl.focal_factor(p_t.numpy(), gamma), expected, dtype, f"focal_factor γ={gamma}")
    # the focal loss without α-balancing is the factor times the plain loss
    plain = xl.binary_cross_entropy_with_logits(x, y, reduction="none")
    focal = xl.sigmoid_focal_loss(x, y, alpha=-1, gamma=gamma)
    assert_close(focal, plain * xl.focal_factor(p_t.numpy(), gamma), dtype, "focal = m·BCE")


# ------------------------------------------------------------------------------ backward passes


def test_sigmoid_backward_by_hand() -> None:
    # σ'(0) = 1/4; at σ(z) = 0.2: σ' = 0.2·0.8 = 0.16, times g = −1.6 → −0.256
    assert float(xl.sigmoid_backward(0.0, 1.0)) == 0.25
    z = math.log(0.25)
    assert float(xl.sigmoid_backward(z, -1.6)) == pytest.approx(-0.256, rel=1e-14)
    # far out the slope is e^{−|z|}, not a 0 from 1 − σ(z) rounding to 0
    assert float(xl.sigmoid_backward(40.0, 1.0)) == pytest.approx(math.exp(-40), rel=1e-14)


def test_softmax_backward_by_hand() -> None:
    # p = (0.5, 0.5), g = (1, 0): p ⊙ (g − g·p) = (0.5·0.5, 0.5·(−0.5))
    g = xl.softmax_backward(np.zeros(2), np.array([1.0, 0.0]))
    np.testing.assert_array_equal(g, [0.25, -0.25])
    # a constant g moves no probability: the gradient is 0
    z = np.array([[2.0, 1.0, -1.0]])
    np.testing.assert_allclose(xl.softmax_backward(z, np.full((1, 3), 7.0)), 0, atol=1e-15)


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize("shape", [(), (9,), (3, 4)], ids=str)
def test_sigmoid_backward_matches_torch_autograd(shape: tuple[int, ...], dtype: Any) -> None:
    rng = np.random.default_rng(4)
    z = (rng.normal(size=shape) * 4).astype(dtype)
    g = rng.normal(size=shape).astype(dtype)
    expected = torch_backward(torch.sigmoid, z, g)
    assert_close(xl.sigmoid_backward(z, g), expected, dtype, "sigmoid_backward")


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
def test_sigmoid_backward_far_out_keeps_every_digit(dtype: Any) -> None:
    # σ'(z) = σ(z)σ(−z) = e^{−|z|} / (1 + e^{−|z|})² to the last bits; torch's σ(1 − σ) gives
    # 0 once σ(z) rounds to 1 (z = 30 in float32, where σ' = 9.4e-14)
    z = np.array([-1e30, -80.0, -30.0, -17.0, 17.0, 30.0, 80.0, 1e30, np.inf, -np.inf], dtype)
    exact = sp.expit(z.astype(np.float64)) * sp.expit(-z.astype(np.float64))
    ours = xl.sigmoid_backward(z, np.ones_like(z))
    assert ours.dtype == dtype
    np.testing.assert_allclose(ours, exact, rtol=4 * np.finfo(dtype).eps, atol=0)
    if dtype == np.float32:
        assert torch_backward(torch.sigmoid, z, np.ones_like(z))[5] == 0


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_softmax_backward_matches_torch_autograd(axis: int, dtype: Any) -> None:
    rng = np.random.default_rng(5)
    z = (rng.normal(size=(4, 6, 3)) * 5).astype(dtype)
    z[0, 0, 0] = -np.inf  # a masked class: probability 0, gradient 0
    g = rng.normal(size=z.shape).astype(dtype)
    expected = torch_backward(lambda zt: torch.softmax(zt, dim=axis), z, g)
    assert_close(xl.softmax_backward(z, g, axis=axis), expected, dtype, f"softmax_backward {axis}")


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
def test_backward_chains_mse_to_the_logits_like_torch(dtype: Any) -> None:
    # the lab's MSE on probabilities: ∂/∂z of mse(softmax(z), y) and of mse(σ(z), y)
    rng = np.random.default_rng(6)
    z = (rng.normal(size=(8, 4)) * 2).astype(dtype)
    y = xl.one_hot(rng.integers(0, 4, size=8), 4).astype(dtype)
    for forward, backward in [
        (lambda zt: torch.softmax(zt, dim=1), lambda g: xl.softmax_backward(z, g, axis=1)),
        (torch.sigmoid, lambda g: xl.sigmoid_backward(z, g)),
    ]:
        zt = torch.tensor(z, requires_grad=True)
        F.mse_loss(forward(zt), torch.from_numpy(y)).backward()
        assert zt.grad is not None
        probs = forward(torch.from_numpy(z)).numpy()
        ours = backward(xl.grad.mse_loss(probs, y))
        assert_close(ours, zt.grad.numpy(), dtype, "mse chained")


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_perplexity_of_loss_is_what_language_models_report(dtype: type) -> None:
    rng = np.random.default_rng(11)
    logits = rng.normal(size=(64, 50)).astype(dtype)
    target = rng.integers(0, 50, size=64)
    loss = xl.cross_entropy(logits, target)
    reference = torch.exp(F.cross_entropy(torch.from_numpy(logits), torch.from_numpy(target)))
    assert_close(xl.info.perplexity_of_loss(loss), reference.numpy(), dtype, "perplexity")


def test_perplexity_of_loss_in_any_base_matches_the_distribution_form() -> None:
    rng = np.random.default_rng(12)
    p, q = rng.dirichlet(np.ones(6)), rng.dirichlet(np.ones(6))
    expected = xl.info.perplexity(p, q)
    for base in (None, 2, 10):
        h = xl.info.cross_entropy(p, q, base=base)
        assert xl.info.perplexity_of_loss(h, base=base) == pytest.approx(expected, rel=1e-12)
    # a uniform guess over K outcomes: loss ln K, perplexity K (worked by hand)
    assert xl.info.perplexity_of_loss(np.log(7.0)) == pytest.approx(7.0, rel=1e-14)


def test_perplexity_of_loss_rejects_a_negative_loss() -> None:
    with pytest.raises(
        ValueError, match=r"^loss must be a cross-entropy ≥ 0, got -0\.5 at position 1$"
    ):
        xl.info.perplexity_of_loss([1.0, -0.5])
