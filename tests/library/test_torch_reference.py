"""Every loss, its gradient and the numerics against PyTorch, on random inputs.

Each case runs the same arguments through ``torch.nn.functional`` (gradients by autograd; for
reduction "none" the gradient of the summed loss) and through xentlab, in float32 and float64.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import xentlab as xl
from helpers import assert_close

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


# ------------------------------------------------------------------------------ kl_div, mse


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


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("shape", BINARY_SHAPES, ids=str)
def test_mse_loss_matches_torch(shape: tuple[int, ...], reduction: str, dtype: Any) -> None:
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(2, *shape)).astype(dtype)
    ref_loss, ref_grad = torch_value_and_grad(F.mse_loss, x, t(y), reduction=reduction)
    assert_close(xl.mse_loss(x, y, reduction), ref_loss, dtype, "mse")
    assert_close(xl.grad.mse_loss(x, y, reduction), ref_grad, dtype, "mse grad")


# ------------------------------------------------------------------------------ numerics


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize(
    ("axis", "temperature"), list(itertools.product([0, 1, -1], [1.0, 0.3, 4.0]))
)
def test_softmax_family_matches_torch(axis: int, temperature: float, dtype: Any) -> None:
    rng = np.random.default_rng(1)
    x = (rng.normal(size=(4, 6, 3)) * 5).astype(dtype)
    xt = torch.from_numpy(x)
    assert_close(
        xl.softmax(x, axis=axis, temperature=temperature),
        F.softmax(xt / temperature, dim=axis).numpy(),
        dtype,
        "softmax",
    )
    assert_close(
        xl.log_softmax(x, axis=axis, temperature=temperature),
        F.log_softmax(xt / temperature, dim=axis).numpy(),
        dtype,
        "log_softmax",
    )
    assert_close(xl.logsumexp(x, axis=axis), torch.logsumexp(xt, dim=axis).numpy(), dtype, "lse")


@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
def test_sigmoids_match_torch(dtype: Any) -> None:
    x = np.concatenate([np.linspace(-50, 50, 201), [-1e30, 1e30, 0.0]]).astype(dtype)
    xt = torch.from_numpy(x)
    assert_close(xl.sigmoid(x), torch.sigmoid(xt).numpy(), dtype, "sigmoid")
    assert_close(xl.log_sigmoid(x), F.logsigmoid(xt).numpy(), dtype, "log_sigmoid")


def test_logsumexp_of_all_minus_inf_is_minus_inf_like_torch() -> None:
    x = np.full(3, -np.inf)
    assert float(xl.logsumexp(x)) == float(torch.logsumexp(torch.from_numpy(x), 0)) == -np.inf
