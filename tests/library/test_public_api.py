"""The public surface is pinned: a change to it is a deliberate change to this test."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import xentlab as xl


def test_all_is_pinned() -> None:
    assert sorted(xl.__all__) == sorted(
        [
            "__version__",
            "binary_cross_entropy",
            "binary_cross_entropy_with_logits",
            "cross_entropy",
            "cross_entropy_with_grad",
            "grad",
            "info",
            "kl_div",
            "log_sigmoid",
            "log_softmax",
            "logsumexp",
            "mse_loss",
            "nll_loss",
            "sigmoid",
            "sigmoid_focal_loss",
            "softmax",
        ]
    )
    assert sorted(xl.grad.__all__) == sorted(
        [
            "binary_cross_entropy",
            "binary_cross_entropy_with_logits",
            "cross_entropy",
            "kl_div",
            "mse_loss",
            "nll_loss",
            "sigmoid_focal_loss",
        ]
    )
    assert sorted(xl.info.__all__) == ["cross_entropy", "entropy", "kl_divergence", "perplexity"]
    for module in (xl, xl.grad, xl.info):
        for name in module.__all__:
            assert hasattr(module, name), name


def test_every_loss_has_a_gradient_with_the_same_signature() -> None:
    import inspect

    for name in xl.grad.__all__:
        loss, grad = getattr(xl, name), getattr(xl.grad, name)
        assert inspect.signature(loss) == inspect.signature(grad), name


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_float_dtype_is_preserved(dtype: Any) -> None:
    x = np.array([[0.3, -1.0, 2.0]], dtype=dtype)
    y = np.array([2])
    p = np.array([0.2, 0.9], dtype=dtype)
    b = np.array([0.0, 1.0], dtype=dtype)
    outputs = [
        xl.cross_entropy(x, y),
        xl.grad.cross_entropy(x, y),
        xl.nll_loss(x, y),
        xl.binary_cross_entropy(p, b),
        xl.grad.binary_cross_entropy(p, b),
        xl.binary_cross_entropy_with_logits(p, b),
        xl.sigmoid_focal_loss(p, b),
        xl.kl_div(np.log(p), b),
        xl.mse_loss(p, b),
        xl.softmax(x),
        xl.log_softmax(x),
        xl.logsumexp(x),
        xl.sigmoid(x),
        xl.log_sigmoid(x),
    ]
    assert [o.dtype for o in outputs] == [np.dtype(dtype)] * len(outputs)
