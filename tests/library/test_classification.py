"""Cross-entropy and NLL (xentlab._src.classification), their gradients against PyTorch on
random inputs, and cross-entropy of probabilities against scikit-learn's log_loss."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch.nn.functional as F
from sklearn.metrics import log_loss

import xentlab as xl
from support.helpers import assert_close
from support.torch_reference import DTYPES, REDUCTIONS, SHAPES, _ce_case, t, torch_value_and_grad


def _unbatched_torch(
    fn: Any, x: np.ndarray, target: np.ndarray, weight: Any, kwargs: dict
) -> tuple:
    """The reference for a (C) input, computed as a batch of one row.

    torch itself fails on (C) inputs with reduction "none" (its backward reports "size
    mismatch"; with label smoothing even the forward fails), so the row goes in as (1, C).
    """
    loss, grad = torch_value_and_grad(
        fn, x[None], t(np.asarray(target)[None]), weight=t(weight), **kwargs
    )
    return (loss[0] if kwargs["reduction"] == "none" else loss), grad[0]


CE_GRID = [
    (shape, kind, ignore)
    for shape in SHAPES
    for kind, ignore in [
        ("index", "none"),
        ("index", "-100"),
        ("index", "class 1"),
        ("probs", "none"),
    ]
]


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("label_smoothing", [0.0, 0.2])
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize(("shape", "kind", "ignore"), CE_GRID)
def test_cross_entropy_matches_torch(
    shape: str,
    kind: str,
    ignore: str,
    weighted: bool,
    label_smoothing: float,
    reduction: str,
    dtype: Any,
) -> None:
    for seed in range(3):
        case = _ce_case(shape, kind, ignore, dtype, seed)
        weight = case["weight"] if weighted else None
        kwargs = {"ignore_index": case["ignore_index"], "reduction": reduction}
        kwargs["label_smoothing"] = label_smoothing
        ref_loss, ref_grad = (
            torch_value_and_grad(
                F.cross_entropy, case["x"], t(case["target"]), weight=t(weight), **kwargs
            )
            if shape != "(C)"
            else _unbatched_torch(F.cross_entropy, case["x"], case["target"], weight, kwargs)
        )
        what = f"cross_entropy {shape} {kind} ignore={ignore} w={weighted} ls={label_smoothing}"
        ours = xl.cross_entropy(case["x"], case["target"], weight=weight, **kwargs)
        assert_close(ours, ref_loss, dtype, what)
        grad = xl.grad.cross_entropy(case["x"], case["target"], weight=weight, **kwargs)
        assert_close(grad, ref_grad, dtype, what + " grad")


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize("label_smoothing", [0.0, 0.1])
def test_cross_entropy_every_target_ignored_is_nan_with_zero_gradient(
    dtype: Any, label_smoothing: float
) -> None:
    x = np.arange(6, dtype=dtype).reshape(2, 3)
    target = np.array([-100, -100])
    ref_loss, ref_grad = torch_value_and_grad(
        F.cross_entropy, x, t(target), label_smoothing=label_smoothing
    )
    assert np.isnan(ref_loss)
    ours = xl.cross_entropy(x, target, label_smoothing=label_smoothing)
    assert np.isnan(ours) and ours.dtype == dtype
    assert_close(xl.grad.cross_entropy(x, target, label_smoothing=label_smoothing), ref_grad, dtype)


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cross_entropy_with_a_masked_class_matches_torch(dtype: Any, reduction: str) -> None:
    # a logit of -inf removes a class; the loss stays finite while no target points at it
    x = np.array([[1.0, -np.inf, 0.5], [-np.inf, 2.0, 0.0]], dtype=dtype)
    target = np.array([0, 2])
    ref_loss, ref_grad = torch_value_and_grad(F.cross_entropy, x, t(target), reduction=reduction)
    assert_close(xl.cross_entropy(x, target, reduction=reduction), ref_loss, dtype)
    assert_close(xl.grad.cross_entropy(x, target, reduction=reduction), ref_grad, dtype)


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_probability_targets_with_a_masked_class_are_the_loss_without_that_class(
    dtype: Any, reduction: str
) -> None:
    # torch gives NaN here (0·log 0); the limit is the loss over the other classes, which is
    # torch's own value once the masked column is dropped. No warning either (warnings fail)
    x = np.array([[2.0, -np.inf, 0.0], [0.5, -np.inf, 1.5]], dtype=dtype)
    target = np.array([[1.0, 0.0, 0.0], [0.25, 0.0, 0.75]], dtype=dtype)
    kept = [0, 2]
    ref_loss, ref_grad = torch_value_and_grad(
        F.cross_entropy, x[:, kept], t(target[:, kept]), reduction=reduction
    )
    assert_close(xl.cross_entropy(x, target, reduction=reduction), ref_loss, dtype)
    grad = xl.grad.cross_entropy(x, target, reduction=reduction)
    assert_close(grad[:, kept], ref_grad, dtype)
    assert np.all(grad[:, 1] == 0)


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("shape", list(SHAPES))
def test_nll_loss_matches_torch(shape: str, weighted: bool, reduction: str, dtype: Any) -> None:
    for seed in range(3):
        case = _ce_case(shape, "index", "-100", dtype, seed)
        axis = 1 if case["x"].ndim >= 2 else 0
        logp = xl.log_softmax(case["x"], axis=axis)
        weight = case["weight"] if weighted else None
        kwargs = {"reduction": reduction}
        if shape == "(C)":
            ref_loss, ref_grad = _unbatched_torch(F.nll_loss, logp, case["target"], weight, kwargs)
        else:
            ref_loss, ref_grad = torch_value_and_grad(
                F.nll_loss, logp, t(case["target"]), weight=t(weight), **kwargs
            )
        ours = xl.nll_loss(logp, case["target"], weight=weight, reduction=reduction)
        assert_close(ours, ref_loss, dtype, f"nll_loss {shape}")
        grad = xl.grad.nll_loss(logp, case["target"], weight=weight, reduction=reduction)
        assert_close(grad, ref_grad, dtype, f"nll_loss {shape} grad")


@pytest.mark.parametrize("n_classes", [2, 5])
def test_cross_entropy_of_probabilities_matches_sklearn_log_loss(n_classes: int) -> None:
    rng = np.random.default_rng(n_classes)
    probs = rng.dirichlet(np.ones(n_classes), size=50)
    labels = rng.integers(0, n_classes, size=50)
    labels[:n_classes] = np.arange(n_classes)  # every class present, as log_loss requires
    expected = log_loss(labels, probs, labels=list(range(n_classes)))
    # log-probabilities are logits whose log_softmax is themselves
    assert_close(xl.cross_entropy(np.log(probs), labels), expected, np.float64, "log_loss")
    assert_close(xl.nll_loss(np.log(probs), labels), expected, np.float64, "log_loss nll")
