"""The fused kernels give the reference path's numbers; the dispatch sends them the right inputs.

Most tests lower the size threshold to 0 (``kernel`` fixture) so that small random cases, the
same as in the torch reference suite, run through the kernels; each result is compared with
the NumPy reference path and with torch. The first run compiles the kernels (a few seconds),
later runs load them from numba's cache.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tracemalloc
from typing import Any

import numpy as np
import pytest
import torch.nn.functional as F

import xentlab as xl
from support.helpers import assert_close
from support.torch_reference import DTYPES, REDUCTIONS, _ce_case, t, torch_value_and_grad
from xentlab._src import class_targets as _class_targets
from xentlab._src import classification as _classification
from xentlab._src import fused as _fused
from xentlab._src import fused_kernels as _fused_kernels


@pytest.fixture
def kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Send every eligible input, however small, through the kernels."""
    monkeypatch.setattr(_fused, "MIN_ELEMENTS", 0)


def prepare(x: np.ndarray, target: Any, **kwargs: Any) -> _class_targets.ClassTargets:
    return _class_targets.prepare(
        x,
        target,
        kwargs.get("weight"),
        kwargs.get("ignore_index", -100),
        kwargs.get("reduction", "mean"),
        kwargs.get("label_smoothing", 0.0),
        allow_probs=True,
    )


def reference(x: np.ndarray, target: Any, **kwargs: Any) -> tuple[np.ndarray, np.ndarray]:
    """Loss and gradient through the reference path in NumPy, whatever the input's size."""
    ct = prepare(x, target, **kwargs)
    loss, g = _classification._reference(ct, with_loss=True, with_grad=True)
    assert loss is not None and g is not None
    return loss, g


def fused(x: np.ndarray, target: Any, **kwargs: Any) -> tuple[np.ndarray, np.ndarray]:
    """Loss and gradient through the public functions (three calls, all through the kernels)."""
    loss, g = xl.cross_entropy_with_grad(x, target, **kwargs)
    assert_close(xl.cross_entropy(x, target, **kwargs), loss, x.dtype, "loss alone")
    assert_close(xl.grad.cross_entropy(x, target, **kwargs), g, x.dtype, "grad alone")
    return loss, g


def check_against_reference_and_torch(
    x: np.ndarray, target: np.ndarray, what: str, torch_too: bool = True, **kwargs: Any
) -> None:
    ref_loss, ref_grad = reference(x, target, **kwargs)
    loss, g = fused(x, target, **kwargs)
    assert_close(loss, ref_loss, x.dtype, what)
    assert_close(g, ref_grad, x.dtype, what + " grad")
    if not torch_too:
        return
    torch_kwargs = {**kwargs, "weight": t(kwargs.get("weight"))}
    torch_loss, torch_grad = torch_value_and_grad(F.cross_entropy, x, t(target), **torch_kwargs)
    assert_close(loss, torch_loss, x.dtype, what + " (torch)")
    assert_close(g, torch_grad, x.dtype, what + " grad (torch)")


# ------------------------------------------------------------------------------ same numbers


@pytest.mark.usefixtures("kernel")
@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("label_smoothing", [0.0, 0.2])
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("ignore", ["none", "-100", "class 1"])
def test_kernel_matches_reference_and_torch_on_the_torch_suite_cases(
    ignore: str, weighted: bool, label_smoothing: float, reduction: str, dtype: Any
) -> None:
    for seed in range(3):
        case = _ce_case("(N,C)", "index", ignore, dtype, seed)
        kwargs = {
            "weight": case["weight"] if weighted else None,
            "ignore_index": case["ignore_index"],
            "reduction": reduction,
            "label_smoothing": label_smoothing,
        }
        assert _fused.applies(prepare(case["x"], case["target"], reduction=reduction))
        what = f"fused ignore={ignore} w={weighted} ls={label_smoothing} {reduction}"
        check_against_reference_and_torch(case["x"], case["target"], what, **kwargs)


@pytest.mark.usefixtures("kernel")
@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize(
    "n_classes",
    [1, 3, 17, _fused.SHORT_ROW - 1, _fused.SHORT_ROW, 1000, 2 * _fused_kernels.CHUNK + 37],
)
def test_kernel_on_row_lengths_across_both_paths_and_chunks(n_classes: int, dtype: Any) -> None:
    rng = np.random.default_rng(n_classes)
    n_rows = 3 if n_classes > 1000 else 37  # 37: not a whole number of short-row blocks
    x = (rng.normal(size=(n_rows, n_classes)) * 4).astype(dtype)
    x[0] = np.sort(x[0])  # the running max grows at every chunk: each rescales the sum
    target = rng.integers(0, n_classes, size=n_rows)
    weight = rng.uniform(0.2, 2.0, size=n_classes).astype(dtype)
    for kwargs in [{}, {"weight": weight, "label_smoothing": 0.1, "reduction": "sum"}]:
        check_against_reference_and_torch(x, target, f"C={n_classes}", **kwargs)


@pytest.mark.usefixtures("kernel")
@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
@pytest.mark.parametrize("n_classes", [5, 5000])
def test_kernel_on_large_and_masked_logits(n_classes: int, dtype: Any) -> None:
    rng = np.random.default_rng(0)
    x = rng.uniform(-1e4, 1e4, size=(4, n_classes)).astype(dtype)
    x[1, 1:] = -np.inf  # one class left
    x[2, : n_classes // 2 + 1] = -np.inf  # a first chunk of only −inf
    x[3, ::2] = -np.inf
    target = np.array([0, 0, n_classes - 1, 1])
    for ls in (0.0, 0.3):
        what = f"±1e4 and −inf, ls={ls}"
        # in float32 torch's own sum of the 5000 smoothing coefficients of row 1 is off by 7e-6
        # (its gradient should be 0.3 − 0.3/5000); NumPy's pairwise sum and the kernel are not
        torch_too = dtype == np.float64 or ls == 0
        kwargs = {"reduction": "none", "label_smoothing": ls}
        check_against_reference_and_torch(x, target, what, torch_too, **kwargs)
        loss, _ = fused(x, target, label_smoothing=ls, reduction="none")
        assert np.all(np.isfinite(loss[1:]) == (ls == 0))  # smoothing targets masked classes


@pytest.mark.usefixtures("kernel")
@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
def test_kernel_masked_target_and_single_row(dtype: Any) -> None:
    x = np.array([[0.5, -np.inf, 2.0]], dtype=dtype)
    check_against_reference_and_torch(x, np.array([1]), "masked target", reduction="sum")
    check_against_reference_and_torch(x, np.array([2]), "N=1")


@pytest.mark.usefixtures("kernel")
@pytest.mark.parametrize("dtype", DTYPES, ids=["f32", "f64"])
def test_kernel_every_target_ignored_and_zero_weights(dtype: Any) -> None:
    x = np.arange(12, dtype=dtype).reshape(4, 3)
    every_ignored = np.full(4, -100)
    for ls in (0.0, 0.1):
        ref = reference(x, every_ignored, label_smoothing=ls)
        ours = fused(x, every_ignored, label_smoothing=ls)
        assert np.isnan(ours[0]) and np.isnan(ref[0])
        assert_close(ours[1], ref[1], dtype, "every target ignored")
    zero = np.zeros(3, dtype=dtype)  # Σ w[target] = 0 with targets present: 0/0 everywhere
    ref = reference(x, np.array([0, 1, 2, 0]), weight=zero)
    ours = fused(x, np.array([0, 1, 2, 0]), weight=zero)
    assert np.isnan(ours[0]) and np.isnan(ref[0])
    assert np.isnan(ours[1]).all() and np.isnan(ref[1]).all()


@pytest.mark.usefixtures("kernel")
def test_kernel_on_an_empty_batch() -> None:
    x = np.zeros((0, 4), np.float32)
    for reduction in REDUCTIONS:
        ref_loss, ref_grad = reference(x, np.zeros(0, np.int64), reduction=reduction)
        loss, g = fused(x, np.zeros(0, np.int64), reduction=reduction)
        assert_close(loss, ref_loss, np.float32, reduction)
        assert g.shape == ref_grad.shape == (0, 4)


# ------------------------------------------------------------------------------ errors


NAN_MESSAGE = "input must not contain NaN, got NaN at position "
INF_MESSAGE = "input must be finite (or -inf to mask a class), got +inf at position "
BAD_LOGITS = [  # the first NaN anywhere is reported, else the first +inf
    ({(2, 1): np.nan, (3, 2): np.nan}, NAN_MESSAGE + "(2, 1)"),
    ({(1, 4): np.inf, (3, 2): np.inf}, INF_MESSAGE + "(1, 4)"),
    ({(1, 4): np.inf, (3, 2): np.nan}, NAN_MESSAGE + "(3, 2)"),
]


@pytest.mark.usefixtures("kernel")
@pytest.mark.parametrize("n_classes", [5, 3000])
@pytest.mark.parametrize(("bad", "message"), BAD_LOGITS)
def test_kernel_raises_the_reference_message(
    bad: dict[tuple[int, int], float], message: str, n_classes: int
) -> None:
    x = np.zeros((4, n_classes), np.float32)
    for position, value in bad.items():
        x[position] = value
    target = np.zeros(4, np.int64)
    for call in (xl.cross_entropy, xl.grad.cross_entropy, xl.cross_entropy_with_grad):
        with pytest.raises(ValueError) as exc:
            call(x, target)
        assert str(exc.value) == message
    with pytest.raises(ValueError) as exc:  # in place: the same message from the same position
        xl.cross_entropy_with_grad(x, target, out=x)
    assert str(exc.value) == message


@pytest.mark.usefixtures("kernel")
@pytest.mark.parametrize("n_classes", [5, 3000])
def test_kernel_raises_for_a_row_of_only_minus_inf(n_classes: int) -> None:
    x = np.zeros((3, n_classes))
    x[1] = -np.inf
    with pytest.raises(ValueError) as ref:
        reference(x, np.zeros(3, np.int64))
    for call in (xl.cross_entropy, xl.grad.cross_entropy, xl.cross_entropy_with_grad):
        with pytest.raises(ValueError) as exc:
            call(x, np.zeros(3, np.int64))
        assert str(exc.value) == str(ref.value)


# ------------------------------------------------------------------------------ out buffer


@pytest.mark.usefixtures("kernel")
@pytest.mark.parametrize("n_classes", [5, 3000])
def test_gradient_into_a_buffer_or_in_place(n_classes: int) -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(6, n_classes)).astype(np.float32)
    target = rng.integers(0, n_classes, size=6)
    loss, g = xl.cross_entropy_with_grad(x, target, label_smoothing=0.1)
    buffer = np.full_like(x, np.nan)
    loss_b, g_b = xl.cross_entropy_with_grad(x, target, label_smoothing=0.1, out=buffer)
    assert g_b is buffer and np.array_equal(g_b, g) and loss_b == loss
    logits = x.copy()
    loss_i, g_i = xl.cross_entropy_with_grad(logits, target, label_smoothing=0.1, out=logits)
    assert g_i is logits and np.array_equal(g_i, g) and loss_i == loss


@pytest.mark.usefixtures("kernel")
def test_buffers_the_kernel_cannot_use_take_the_reference_path() -> None:
    rng = np.random.default_rng(2)
    x = rng.normal(size=(6, 8))
    target = rng.integers(0, 8, size=6)
    _, g = xl.cross_entropy_with_grad(x, target)
    strided = np.zeros((6, 16))[:, ::2]
    assert xl.cross_entropy_with_grad(x, target, out=strided)[1] is strided
    assert_close(strided, g, np.float64, "strided out")
    both = np.concatenate([x, np.zeros((1, 8))])  # out overlaps the logits, shifted by a row
    xl.cross_entropy_with_grad(both[:6], target, out=both[1:])
    assert_close(both[1:], g, np.float64, "overlapping out")
    probs = xl.softmax(rng.normal(size=(6, 8)), axis=1)  # every input works, with out too
    buffer = np.empty_like(x)
    loss_p, g_p = xl.cross_entropy_with_grad(x, probs, out=buffer)
    assert_close(loss_p, xl.cross_entropy(x, probs), np.float64, "probs")
    assert_close(g_p, xl.grad.cross_entropy(x, probs), np.float64, "probs grad")


@pytest.mark.parametrize(
    ("out", "got"),
    [
        (np.zeros((2, 3), np.float32), "shape (2, 3), dtype float32"),
        (np.zeros((3, 2)), "shape (3, 2), dtype float64"),
        (np.zeros((2, 3)).tolist(), "list"),
    ],
)
def test_out_must_match_the_input(out: Any, got: str) -> None:
    with pytest.raises(ValueError) as exc:
        xl.cross_entropy_with_grad(np.zeros((2, 3)), np.array([0, 1]), out=out)
    assert str(exc.value) == (
        f"out must be a writable array of the input's shape (2, 3) and dtype float64, got {got}"
    )


def test_out_must_be_writable() -> None:
    read_only = np.zeros((2, 3))
    read_only.flags.writeable = False
    with pytest.raises(ValueError, match=r"got shape \(2, 3\), dtype float64, read-only$"):
        xl.cross_entropy_with_grad(np.zeros((2, 3)), np.array([0, 1]), out=read_only)


@pytest.mark.parametrize(
    "shape_and_target",
    [((5,), np.array(2)), ((3, 4, 2), np.array([[0, 1], [3, 3], [2, -100]]))],
    ids=["(C)", "(N,C,d1)"],
)
def test_with_grad_matches_the_two_functions_on_every_shape(shape_and_target: Any) -> None:
    shape, target = shape_and_target
    x = np.random.default_rng(3).normal(size=shape)
    w = np.linspace(0.5, 2, shape[1] if len(shape) > 1 else shape[0])
    kwargs = {"weight": w, "label_smoothing": 0.1}
    loss, g = xl.cross_entropy_with_grad(x, target, **kwargs)
    assert_close(loss, xl.cross_entropy(x, target, **kwargs), np.float64, "loss")
    assert_close(g, xl.grad.cross_entropy(x, target, **kwargs), np.float64, "grad")


# ------------------------------------------------------------------------------ dispatch


def test_only_large_2d_float_index_inputs_take_the_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[int, ...]] = []
    row_losses = _fused._row_losses

    def spy(ct: Any, scale: float, g: Any) -> Any:
        calls.append(ct.input.shape)
        return row_losses(ct, scale, g)

    monkeypatch.setattr(_fused, "_row_losses", spy)
    n_rows = _fused.MIN_ELEMENTS // 16
    large = np.zeros((n_rows, 16), np.float32)
    target = np.zeros(n_rows, np.int64)
    xl.cross_entropy(large, target)
    xl.grad.cross_entropy(large, target)
    assert calls == [(n_rows, 16)] * 2
    calls.clear()
    xl.cross_entropy(large[:-1], target[:-1])  # one row short of the threshold
    xl.cross_entropy(np.zeros((n_rows, 32), np.float32)[:, ::2], target)  # not contiguous
    xl.cross_entropy(large, np.zeros((n_rows, 16), np.float32))  # probabilities
    xl.cross_entropy(np.zeros((n_rows // 4, 16, 4), np.float32), np.zeros((n_rows // 4, 4), int))
    assert calls == []


def test_small_inputs_never_import_numba() -> None:
    code = (
        "import sys, numpy as np, xentlab as xl\n"
        "x = np.zeros((512, 1000)); y = np.zeros(512, dtype=int)\n"
        "xl.cross_entropy(x, y); xl.grad.cross_entropy(x, y); xl.cross_entropy_with_grad(x, y)\n"
        "assert 'numba' not in sys.modules, 'numba imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.slow  # compiles every kernel afresh in a Python of its own: about 4 s
def test_kernels_work_when_numba_cannot_cache(tmp_path: Any) -> None:
    # the only cache locator allowed points at a file: numba finds nowhere to cache
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    env = {
        **os.environ,
        "NUMBA_CACHE_DIR": str(blocked),
        "NUMBA_CACHE_LOCATOR_CLASSES": "UserProvidedCacheLocator",
    }
    code = (
        "import numpy as np, xentlab as xl\n"
        "from xentlab._src import fused as _fused, fused_kernels as _fused_kernels\n"
        "assert type(_fused_kernels.short_rows._cache).__name__ == 'NullCache'\n"
        "_fused.MIN_ELEMENTS = 0\n"
        "x = np.array([[1.0, 2.0], [0.0, -1.0]])\n"
        "assert abs(float(xl.cross_entropy(x, np.array([1, 0]))) - 0.3132617) < 1e-6\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


@pytest.mark.usefixtures("kernel")
def test_read_only_logits() -> None:
    x = np.random.default_rng(4).normal(size=(5, 7)).astype(np.float32)
    target = np.arange(5)
    expected = reference(x, target)
    x.flags.writeable = False
    loss, g = xl.cross_entropy_with_grad(x, target)
    assert_close(loss, expected[0], np.float32, "read-only loss")
    assert_close(g, expected[1], np.float32, "read-only grad")


@pytest.mark.usefixtures("kernel")
@pytest.mark.parametrize("n_classes", [48, 4096])
def test_extra_memory_is_o_n(n_classes: int) -> None:
    x = np.ones(((1 << 22) // n_classes, n_classes), np.float32)  # 16 MiB of logits
    n_rows = x.shape[0]
    target = np.zeros(n_rows, np.int64)
    out = np.empty_like(x)
    xl.cross_entropy_with_grad(x[:2], target[:2])  # compiled before measuring
    tracemalloc.start()  # sees NumPy's allocations (the kernels' are O(N) by construction)
    try:
        xl.cross_entropy(x, target, weight=np.ones(n_classes, np.float32), label_smoothing=0.1)
        xl.cross_entropy_with_grad(x, target, out=out)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 48 * n_rows + (1 << 16) < x.nbytes / 2, f"{peak} bytes for {n_rows} rows"


# ------------------------------------------------------------------------------ the exp


def test_exp_nonpositive_is_within_two_ulp() -> None:
    from numba import njit

    from xentlab._src.fused_kernels import exp_nonpositive

    @njit
    def exp_all(x: np.ndarray) -> np.ndarray:
        out = np.empty_like(x)
        for i in range(x.size):
            out[i] = exp_nonpositive(x[i])
        return out

    for dtype, lowest in [(np.float32, -87.3), (np.float64, -708.0)]:
        x = np.concatenate([np.linspace(lowest, 0, 200_001), -np.geomspace(1e-30, 1, 1001)])
        x = x.astype(dtype)
        exact = np.exp(x.astype(np.float64))
        err = np.abs(exp_all(x).astype(np.float64) - exact) / exact
        assert err.max() <= 2 * np.finfo(dtype).eps, dtype
        special = exp_all(np.array([-np.inf, lowest - 50, np.nan, 0.0], dtype))
        assert special[0] == special[1] == 0 and np.isnan(special[2]) and special[3] == 1
