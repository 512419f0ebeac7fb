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
            # the math the explorer and the lab use (issue 9)
            "class_weights",
            "focal_factor",
            "logit",
            "one_hot",
            "sigmoid_backward",
            "smooth_labels",
            "softmax_backward",
            # calibration: reliability, ECE, Brier, temperature scaling (issue 14)
            "calibration",
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
    assert sorted(xl.info.__all__) == [
        "cross_entropy",
        "entropy",
        "kl_divergence",
        "perplexity",
        "perplexity_of_loss",
    ]
    assert sorted(xl.calibration.__all__) == [
        "N_BINS",
        "ReliabilityCurve",
        "STRATEGIES",
        "TemperatureFit",
        "apply_temperature",
        "brier_score",
        "expected_calibration_error",
        "fit_temperature",
        "maximum_calibration_error",
        "nll",
        "reliability_curve",
    ]
    for module in (xl, xl.grad, xl.info, xl.calibration):
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
        xl.logit(p),
        xl.smooth_labels(x / 10 + 0.5, 0.1),
        xl.focal_factor(p, 2.0),
        xl.sigmoid_backward(x, x),
        xl.softmax_backward(x, x),
    ]
    assert [o.dtype for o in outputs] == [np.dtype(dtype)] * len(outputs)


def test_encodings_are_float64_whatever_the_input() -> None:
    assert xl.one_hot(np.array([1], np.int8), 2).dtype == np.float64
    assert xl.class_weights(np.array([3, 1], np.int32)).dtype == np.float64
    assert xl.class_weights(np.array([3, 1], np.float32)).dtype == np.float64


def _public_functions() -> list[tuple[str, Any]]:
    import inspect

    return [
        (f"{module.__name__}.{name}", getattr(module, name))
        for module in (xl, xl.grad, xl.info, xl.calibration)
        for name in module.__all__
        if inspect.isfunction(getattr(module, name))
    ]


@pytest.mark.parametrize(
    ("name", "function"), _public_functions(), ids=[name for name, _ in _public_functions()]
)
def test_every_public_function_has_the_full_docstring(name: str, function: Any) -> None:
    # one line, the formula, Args (with shapes), Returns, a doctested Example, a Reference
    doc = function.__doc__ or ""
    summary = doc.split("\n", 1)[0]
    assert summary.strip() and summary.endswith((".", ":")), name
    sections = [".. math::", "\n    Args:\n", "\n    Returns:\n", "\n    Example:\n", "Reference:"]
    positions = [doc.find(section) for section in sections]
    assert -1 not in positions, f"{name} lacks {sections[positions.index(-1)].strip()}"
    assert positions == sorted(positions), f"{name}: sections out of order"
    assert ">>> " in doc, name
