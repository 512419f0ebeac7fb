"""The sigmoid focal loss and its gradient against torchvision's formula written out in torch;
the focal factor by hand and against torchvision's modulating factor."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import xentlab as xl
from support.helpers import assert_close
from support.torch_reference import (
    BINARY_SHAPES,
    DTYPES,
    REDUCTIONS,
    _binary_case,
    t,
    torch_value_and_grad,
)


def torchvision_sigmoid_focal_loss(
    inputs: torch.Tensor, targets: torch.Tensor, alpha: float, gamma: float, reduction: str
) -> torch.Tensor:
    """torchvision.ops.sigmoid_focal_loss as documented (torchvision's wheel cannot load here)."""
    p = torch.sigmoid(inputs)
    ce_loss = F.binary_cross_entropy_with_logits(inputs, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
        loss = alpha_t * loss
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize(("alpha", "gamma"), [(0.25, 2.0), (-1.0, 2.0), (0.75, 0.0), (0.5, 1.5)])
@pytest.mark.parametrize("shape", BINARY_SHAPES, ids=str)
def test_sigmoid_focal_loss_matches_torchvision_formula(
    shape: tuple[int, ...], alpha: float, gamma: float, reduction: str, dtype: Any
) -> None:
    for seed in range(3):
        rng = np.random.default_rng(seed)
        x = (rng.normal(size=shape) * 3).astype(dtype)
        _, y, _ = _binary_case(shape, dtype, seed)
        ref_loss, ref_grad = torch_value_and_grad(
            torchvision_sigmoid_focal_loss, x, t(y), alpha, gamma, reduction
        )
        ours = xl.sigmoid_focal_loss(x, y, alpha, gamma, reduction)
        assert_close(ours, ref_loss, dtype, f"focal a={alpha} g={gamma}")
        grad = xl.grad.sigmoid_focal_loss(x, y, alpha, gamma, reduction)
        assert_close(grad, ref_grad, dtype, f"focal a={alpha} g={gamma} grad")


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
