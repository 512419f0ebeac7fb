"""Binary cross-entropy, on probabilities and on logits (xentlab._src.binary), and their
gradients against PyTorch on random inputs; against scikit-learn's log_loss."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch.nn.functional as F
from sklearn.metrics import log_loss

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


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("shape", BINARY_SHAPES, ids=str)
def test_binary_cross_entropy_matches_torch(
    shape: tuple[int, ...], weighted: bool, reduction: str, dtype: Any
) -> None:
    for seed in range(3):
        p, y, w = _binary_case(shape, dtype, seed)
        weight = w if weighted else None
        ref_loss, ref_grad = torch_value_and_grad(
            F.binary_cross_entropy, p, t(y), weight=t(weight), reduction=reduction
        )
        assert_close(xl.binary_cross_entropy(p, y, weight, reduction), ref_loss, dtype, "bce")
        grad = xl.grad.binary_cross_entropy(p, y, weight, reduction)
        assert_close(grad, ref_grad, dtype, "bce grad")


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
def test_binary_cross_entropy_clamps_log_at_minus_100_like_torch(dtype: Any) -> None:
    p = np.array([0.0, 1.0, 0.0, 1.0, 1e-45 if dtype == np.float32 else 1e-300], dtype=dtype)
    y = np.array([1.0, 0.0, 0.0, 1.0, 1.0], dtype=dtype)
    ref_loss, ref_grad = torch_value_and_grad(F.binary_cross_entropy, p, t(y), reduction="none")
    assert_close(xl.binary_cross_entropy(p, y, reduction="none"), ref_loss, dtype)
    assert_close(xl.grad.binary_cross_entropy(p, y, reduction="none"), ref_grad, dtype)
    assert float(xl.binary_cross_entropy(p[:1], y[:1], reduction="sum")) == 100.0


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("options", ["plain", "weight", "pos_weight", "both"])
@pytest.mark.parametrize("shape", BINARY_SHAPES, ids=str)
def test_bce_with_logits_matches_torch(
    shape: tuple[int, ...], options: str, reduction: str, dtype: Any
) -> None:
    for seed in range(3):
        rng = np.random.default_rng(seed)
        x = (rng.normal(size=shape) * 4).astype(dtype)
        _, y, w = _binary_case(shape, dtype, seed)
        pw = rng.uniform(0.5, 3.0, size=shape[-1:] if shape else ()).astype(dtype)
        weight = w if options in ("weight", "both") else None
        pos_weight = pw if options in ("pos_weight", "both") else None
        ref_loss, ref_grad = torch_value_and_grad(
            F.binary_cross_entropy_with_logits,
            x,
            t(y),
            weight=t(weight),
            reduction=reduction,
            pos_weight=t(pos_weight),
        )
        kwargs = {"weight": weight, "reduction": reduction, "pos_weight": pos_weight}
        ours = xl.binary_cross_entropy_with_logits(x, y, **kwargs)
        assert_close(ours, ref_loss, dtype, f"bce_with_logits {options}")
        grad = xl.grad.binary_cross_entropy_with_logits(x, y, **kwargs)
        assert_close(grad, ref_grad, dtype, f"bce_with_logits {options} grad")


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
def test_bce_with_logits_is_stable_up_to_1e30(dtype: Any) -> None:
    x = np.array([1e30, -1e30, 1e30, -1e30, 88.0, -88.0], dtype=dtype)
    y = np.array([1.0, 1.0, 0.0, 0.0, 0.5, 0.5], dtype=dtype)
    pw = np.array(2.0, dtype=dtype)
    for pos_weight in (None, pw):
        ref_loss, ref_grad = torch_value_and_grad(
            F.binary_cross_entropy_with_logits, x, t(y), reduction="none", pos_weight=t(pos_weight)
        )
        ours = xl.binary_cross_entropy_with_logits(x, y, reduction="none", pos_weight=pos_weight)
        assert np.all(np.isfinite(ours))
        assert_close(ours, ref_loss, dtype, "bce_with_logits 1e30")
        grad = xl.grad.binary_cross_entropy_with_logits(
            x, y, reduction="none", pos_weight=pos_weight
        )
        assert_close(grad, ref_grad, dtype, "bce_with_logits 1e30 grad")


def test_binary_cross_entropy_matches_sklearn_log_loss() -> None:
    rng = np.random.default_rng(7)
    p = rng.uniform(0.01, 0.99, size=40)
    y = rng.integers(0, 2, size=40)
    y[:2] = [0, 1]
    expected = log_loss(y, p)
    assert_close(xl.binary_cross_entropy(p, y.astype(float)), expected, np.float64, "bce log_loss")
