"""What the tests against PyTorch share: the dtypes and reductions, a loss's value and gradient
by autograd, and the cross-entropy cases.

Each case runs the same arguments through ``torch.nn.functional`` (gradients by autograd; for
reduction "none" the gradient of the summed loss) and through xentlab, in float32 and float64."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

import xentlab as xl

torch.set_num_threads(1)


DTYPES = [np.float32, np.float64]


REDUCTIONS = ["none", "mean", "sum"]


TORCH_DTYPE = {np.float32: torch.float32, np.float64: torch.float64}


def torch_value_and_grad(fn: Any, x: np.ndarray, *args: Any, **kwargs: Any) -> tuple[Any, Any]:
    xt = torch.tensor(x, requires_grad=True)
    loss = fn(xt, *args, **kwargs)
    loss.sum().backward()
    assert xt.grad is not None
    return loss.detach().numpy(), xt.grad.numpy()


def t(a: np.ndarray | None) -> torch.Tensor | None:
    return None if a is None else torch.from_numpy(np.array(a))


# ------------------------------------------------------------------------------ cross_entropy

SHAPES = {"(C)": (5,), "(N,C)": (7, 5), "(N,C,d1,d2)": (3, 4, 2, 3)}


def _ce_case(shape_name: str, target_kind: str, ignore: str, dtype: Any, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    shape = SHAPES[shape_name]
    axis = 1 if len(shape) >= 2 else 0
    n_classes = shape[axis]
    x = (rng.normal(size=shape) * 3).astype(dtype)
    if target_kind == "probs":
        target = xl.softmax(rng.normal(size=shape) * 2, axis=axis).astype(dtype)
        ignore_index = -100
    else:
        index_shape = shape[:axis] + shape[axis + 1 :]
        target = rng.integers(0, n_classes, size=index_shape)
        ignore_index = {"none": -100, "-100": -100, "class 1": 1}[ignore]
        if ignore == "-100":
            mask = rng.random(index_shape) < 0.3
            target = np.where(mask, -100, target)
    weight = rng.uniform(0.2, 2.0, size=n_classes).astype(dtype)
    return {"x": x, "target": target, "ignore_index": ignore_index, "weight": weight}


# ------------------------------------------------------------------------------ binary losses

BINARY_SHAPES = [(), (7,), (3, 4)]


def _binary_case(shape: tuple[int, ...], dtype: Any, seed: int) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    p = rng.uniform(0.001, 0.999, size=shape).astype(dtype)
    y = rng.uniform(0, 1, size=shape).astype(dtype)
    if seed == 0:
        y = (y > 0.5).astype(dtype)
    w = rng.uniform(0.5, 2.0, size=shape[-1:] if shape else ()).astype(dtype)
    return p, y, w
