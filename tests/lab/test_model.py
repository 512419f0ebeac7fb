"""The NumPy network's gradients against PyTorch autograd on the same weights and batch."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import xentlab as xl
from xentlab.lab import data, model
from xentlab.lab.objective import Objective

# (dataset, option variant): plain, label smoothing, balanced class weights, focal γ (binary)
VARIANTS = [
    ("digits", {}),
    ("digits", {"label_smoothing": 0.1}),
    ("digits", {"class_weights": True}),
    ("digits", {"label_smoothing": 0.2, "class_weights": True}),
    ("breast-cancer", {}),
    ("breast-cancer", {"label_smoothing": 0.1}),
    ("breast-cancer", {"class_weights": True}),
    ("breast-cancer", {"focal_gamma": 2.0}),
    ("breast-cancer", {"focal_gamma": 0.5, "class_weights": True}),
]


def _torch_loss(
    logits: torch.Tensor, y: np.ndarray, obj: Objective, n_classes: int
) -> torch.Tensor:
    """The lab's objective restated in torch: weighted mean of per-example losses."""
    eps = obj.label_smoothing
    yt = torch.from_numpy(y)
    w = torch.from_numpy(obj.class_weight) if obj.class_weight is not None else None
    s = w[yt] if w is not None else torch.ones(len(y), dtype=torch.float64)
    s = s / s.sum()
    if n_classes == 2:
        z = logits[:, 0]
        t = (1 - eps) * yt.double() + eps / 2
        if obj.loss == "mse":
            terms = F.mse_loss(torch.sigmoid(z), t, reduction="none")
        else:
            terms = F.binary_cross_entropy_with_logits(z, t, reduction="none")
            if obj.focal_gamma > 0:  # torchvision's sigmoid_focal_loss with alpha < 0
                p = torch.sigmoid(z)
                p_t = p * t + (1 - p) * (1 - t)
                terms = terms * (1 - p_t) ** obj.focal_gamma
        return (s * terms).sum()
    if obj.loss == "ce":
        return F.cross_entropy(logits, yt, weight=w, label_smoothing=eps)
    t = (1 - eps) * F.one_hot(yt, n_classes).double() + eps / n_classes
    return (s * F.mse_loss(F.softmax(logits, dim=1), t, reduction="none").sum(dim=1)).sum()


@pytest.mark.parametrize("loss", ["ce", "mse"])
@pytest.mark.parametrize("hidden", [None, 7], ids=["logreg", "mlp"])
@pytest.mark.parametrize(("dataset", "variant"), VARIANTS)
def test_gradients_equal_torch_autograd(
    dataset: str, variant: dict[str, float], hidden: int | None, loss: str
) -> None:
    ds = data.load(dataset)
    n_outputs = 1 if ds.binary else ds.n_classes
    # a scale of 2 puts some outputs near saturation, where the Jacobian chain matters most
    net = model.init_network(ds.n_features, n_outputs, hidden, scale=2.0, seed=3)
    rows = np.random.default_rng(5).choice(len(ds.y_train), size=24, replace=False)
    x, y = ds.x_train[rows], ds.y_train[rows]
    counts = np.bincount(ds.y_train, minlength=ds.n_classes)
    weight = xl.class_weights(counts) if variant.get("class_weights") else None
    obj = Objective(
        loss,
        ds.n_classes,
        label_smoothing=variant.get("label_smoothing", 0.0),
        class_weight=weight,
        focal_gamma=variant.get("focal_gamma", 0.0) if loss == "ce" else 0.0,
    )

    logits, inputs = model.forward(net, x)
    value, dlogits = obj.value_and_grad(logits, y)
    grads = model.backward(net, inputs, dlogits)

    params = [torch.tensor(p, requires_grad=True) for p in (*net.weights, *net.biases)]
    n_layers = len(net.weights)
    a = torch.from_numpy(np.array(x))
    for i in range(n_layers):
        a = a @ params[i] + params[n_layers + i]
        if i < n_layers - 1:
            a = torch.relu(a)
    ref = _torch_loss(a, y, obj, ds.n_classes)
    ref.backward()

    assert value == pytest.approx(ref.item(), rel=1e-12)
    for ours, p in zip((*grads.weights, *grads.biases), params, strict=True):
        expected = p.grad.numpy()
        scale = np.abs(expected).max()
        assert scale > 0
        assert np.abs(ours - expected).max() <= 1e-12 * scale
