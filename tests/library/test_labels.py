"""One-hot targets, label smoothing and class weights (xentlab._src.labels), by hand and against
PyTorch and scikit-learn."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from sklearn.utils.class_weight import compute_class_weight

import xentlab as xl
from support.helpers import assert_close
from support.torch_reference import DTYPES

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
