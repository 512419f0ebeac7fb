"""mse_loss and its gradient against PyTorch on random inputs."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch.nn.functional as F

import xentlab as xl
from support.helpers import assert_close
from support.torch_reference import (
    BINARY_SHAPES,
    DTYPES,
    REDUCTIONS,
    t,
    torch_value_and_grad,
)


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("shape", BINARY_SHAPES, ids=str)
def test_mse_loss_matches_torch(shape: tuple[int, ...], reduction: str, dtype: Any) -> None:
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(2, *shape)).astype(dtype)
    ref_loss, ref_grad = torch_value_and_grad(F.mse_loss, x, t(y), reduction=reduction)
    assert_close(xl.mse_loss(x, y, reduction), ref_loss, dtype, "mse")
    assert_close(xl.grad.mse_loss(x, y, reduction), ref_grad, dtype, "mse grad")
