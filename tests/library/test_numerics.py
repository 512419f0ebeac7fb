"""The numerics (xentlab.numerics): logit, the softmax family, the sigmoids, logsumexp and
the backward passes of sigmoid and softmax, by hand and against PyTorch and SciPy."""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import pytest
import scipy.special as sp
import torch
import torch.nn.functional as F

import xentlab as xl
from support.helpers import assert_close
from support.torch_reference import DTYPES

# ------------------------------------------------------------------------------ numerics


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize(
    ("axis", "temperature"), list(itertools.product([0, 1, -1], [1.0, 0.3, 4.0]))
)
def test_softmax_family_matches_torch(axis: int, temperature: float, dtype: Any) -> None:
    rng = np.random.default_rng(1)
    x = (rng.normal(size=(4, 6, 3)) * 5).astype(dtype)
    xt = torch.from_numpy(x)
    assert_close(
        xl.softmax(x, axis=axis, temperature=temperature),
        F.softmax(xt / temperature, dim=axis).numpy(),
        dtype,
        "softmax",
    )
    assert_close(
        xl.log_softmax(x, axis=axis, temperature=temperature),
        F.log_softmax(xt / temperature, dim=axis).numpy(),
        dtype,
        "log_softmax",
    )
    assert_close(xl.logsumexp(x, axis=axis), torch.logsumexp(xt, dim=axis).numpy(), dtype, "lse")


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
def test_sigmoids_match_torch(dtype: Any) -> None:
    x = np.concatenate([np.linspace(-50, 50, 201), [-1e30, 1e30, 0.0]]).astype(dtype)
    xt = torch.from_numpy(x)
    assert_close(xl.sigmoid(x), torch.sigmoid(xt).numpy(), dtype, "sigmoid")
    assert_close(xl.log_sigmoid(x), F.logsigmoid(xt).numpy(), dtype, "log_sigmoid")


def test_logsumexp_of_all_minus_inf_is_minus_inf_like_torch() -> None:
    x = np.full(3, -np.inf)
    assert float(xl.logsumexp(x)) == float(torch.logsumexp(torch.from_numpy(x), 0)) == -np.inf


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


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_logsumexp_softmax_log_softmax_match_scipy(axis: int, dtype: Any) -> None:
    rng = np.random.default_rng(3)
    x = (rng.normal(size=(5, 4, 6)) * 10).astype(dtype)
    assert_close(xl.logsumexp(x, axis=axis), sp.logsumexp(x, axis=axis), dtype, "lse")
    assert_close(xl.softmax(x, axis=axis), sp.softmax(x, axis=axis), dtype, "softmax")
    assert_close(xl.log_softmax(x, axis=axis), sp.log_softmax(x, axis=axis), dtype, "log_softmax")


def test_logsumexp_keepdims_matches_scipy() -> None:
    x = np.random.default_rng(0).normal(size=(3, 4))
    assert_close(
        xl.logsumexp(x, axis=0, keepdims=True),
        sp.logsumexp(x, axis=0, keepdims=True),
        np.float64,
    )
