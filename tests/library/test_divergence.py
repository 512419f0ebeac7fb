"""kl_div and its gradient against PyTorch on random inputs."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch.nn.functional as F

import xentlab as xl
from support.helpers import assert_close
from support.torch_reference import (
    DTYPES,
    t,
    torch_value_and_grad,
)

# ------------------------------------------------------------------------------ kl_div


@pytest.mark.filterwarnings("ignore:reduction. 'mean' divides the total loss:UserWarning")
@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize("reduction", ["none", "mean", "sum", "batchmean"])
@pytest.mark.parametrize("log_target", [False, True])
@pytest.mark.parametrize("shape", [(5,), (4, 5), (2, 3, 4)], ids=str)
def test_kl_div_matches_torch(
    shape: tuple[int, ...], log_target: bool, reduction: str, dtype: Any
) -> None:
    for seed in range(3):
        rng = np.random.default_rng(seed)
        logq = xl.log_softmax(rng.normal(size=shape)).astype(dtype)
        p = xl.softmax(rng.normal(size=shape) * 2).astype(dtype)
        if seed == 1:
            p = np.where(p < 0.1, 0, p).astype(dtype)  # zeros in the target: 0·log 0 = 0
        target = xl.log_softmax(rng.normal(size=shape)).astype(dtype) if log_target else p
        ref_loss, ref_grad = torch_value_and_grad(
            F.kl_div, logq, t(target), reduction=reduction, log_target=log_target
        )
        ours = xl.kl_div(logq, target, reduction=reduction, log_target=log_target)
        assert_close(ours, ref_loss, dtype, f"kl_div {reduction} log_target={log_target}")
        grad = xl.grad.kl_div(logq, target, reduction=reduction, log_target=log_target)
        assert_close(grad, ref_grad, dtype, f"kl_div {reduction} grad")
