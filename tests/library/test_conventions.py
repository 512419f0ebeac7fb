"""Each framework convention against the real framework: PyTorch (xentlab's own losses), Keras 3
with its JAX backend, and optax; ``tf.nn.softmax_cross_entropy_with_logits`` through its
equivalent in optax (TensorFlow itself: test_tf_nn.py; Keras on each of its
backends, every option combination: test_keras_losses.py).

Everything runs in float32, the frameworks' default, on random inputs with a few extremes that
make the conventions part (a logit gap of 30 reaches the 1e-7 clip and the −100 clamp).
"""

from __future__ import annotations

import itertools
import math
import os
import re
from typing import Any

os.environ["KERAS_BACKEND"] = "jax"  # before keras is imported, here or anywhere

import jax.numpy as jnp
import keras
import numpy as np
import optax
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import xentlab as xl
from support.helpers import assert_close
from xentlab import conventions as cv

F32 = np.float32
N, C = 6, 4


def test_all_is_pinned() -> None:
    assert sorted(cv.__all__) == [
        "KERAS_BACKENDS",
        "KERAS_EPSILON",
        "KERAS_REDUCTIONS",
        "TORCH_LOG_CLAMP",
        "keras_binary_crossentropy",
        "keras_categorical_crossentropy",
        "keras_sparse_categorical_crossentropy",
        "optax_safe_softmax_cross_entropy",
        "optax_sigmoid_binary_cross_entropy",
        "optax_softmax_cross_entropy",
        "optax_softmax_cross_entropy_with_integer_labels",
        "tf_sigmoid_cross_entropy_with_logits",
        "tf_softmax_cross_entropy_with_logits",
        "tf_sparse_softmax_cross_entropy_with_logits",
        "tf_weighted_cross_entropy_with_logits",
    ]
    assert keras.backend.backend() == "jax"


def batch(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(logits, class labels with one −100, one-hot of the labels (zeros where −100), sample
    weights); the first example is confidently wrong: its class gets e^-30 / (…)."""
    rng = np.random.default_rng(seed)
    z = (rng.normal(size=(N, C)) * 4).astype(F32)
    z[0] = (0.0, 30.0, 0.0, 0.0)
    target = rng.integers(0, C, N)
    target[0], target[2] = 0, -100
    onehot = np.eye(C, dtype=F32)[np.where(target >= 0, target, 0)] * (target >= 0)[:, None]
    weights = rng.uniform(0.2, 3.0, N).astype(F32)
    return z, target, onehot, weights


def probabilities(z: np.ndarray) -> np.ndarray:
    return np.asarray(keras.ops.softmax(z), dtype=F32)


KERAS_REDUCTIONS = ["sum_over_batch_size", "sum", None, "mean_with_sample_weight"]


# --------------------------------------------------------------------------------- PyTorch


def test_torch_weighted_mean_divides_by_the_sum_of_the_weights() -> None:
    z, target, _, _ = batch(1)
    w = np.array([1.0, 2.0, 0.5, 4.0], dtype=F32)
    ours = xl.cross_entropy(z, target, weight=w)
    ref = F.cross_entropy(torch.from_numpy(z), torch.from_numpy(target), weight=torch.from_numpy(w))
    assert_close(ours, ref.numpy(), F32, "weighted mean")
    kept = target != -100
    per_example = xl.cross_entropy(z, target, weight=w, reduction="none")
    # Σ w[tₙ]·ℓₙ / Σ w[tₙ] over the kept examples: not / N
    assert float(ours) == pytest.approx(per_example.sum() / w[target[kept]].sum(), rel=1e-6)
    assert float(ours) != pytest.approx(per_example.sum() / kept.sum(), rel=1e-3)


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_torch_label_smoothing_with_weights_weights_every_class_term(reduction: str) -> None:
    # torch issue #104776: with weight, the smoothing term of class c carries w_c
    z, target, onehot, _ = batch(2)
    w = np.array([1.0, 2.0, 0.5, 4.0], dtype=F32)
    ours = xl.cross_entropy(z, target, weight=w, label_smoothing=0.2, reduction=reduction)
    ref = F.cross_entropy(
        torch.from_numpy(z),
        torch.from_numpy(target),
        weight=torch.from_numpy(w),
        label_smoothing=0.2,
        reduction=reduction,
    )
    assert_close(ours, ref.numpy(), F32, f"smoothing with weights, {reduction}")
    # (1 − ε)·w[t]·(−log p_t) + (ε/C)·Σ_c w_c·(−log p_c): not w[t]·(−Σ_c ỹ_c log p_c)
    nll = -xl.log_softmax(z.astype(np.float64))
    kept = target != -100
    t = np.where(kept, target, 0)
    by_torch = (0.8 * w[t] * nll[np.arange(N), t] + 0.2 / C * (nll * w).sum(axis=1)) * kept
    if reduction == "none":
        np.testing.assert_allclose(ours, by_torch, rtol=1e-5)
    by_example_weight = w[t] * (xl.smooth_labels(onehot, 0.2) * nll).sum(axis=1) * kept
    assert not np.allclose(by_torch, by_example_weight, rtol=1e-3)


def test_torch_every_target_ignored_gives_nan() -> None:
    z, _, _, _ = batch(3)
    target = np.full(N, -100)
    ref = F.cross_entropy(torch.from_numpy(z), torch.from_numpy(target))
    ours = xl.cross_entropy(z, target)
    assert math.isnan(float(ours)) and math.isnan(float(ref))
    # Keras' ignore_class gives 0 instead (0 / 0 is "divide_no_nan")
    keras_loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-100)
    assert float(keras_loss(target, z)) == 0.0
    assert float(cv.keras_sparse_categorical_crossentropy(target, z, True, -100)) == 0.0


def test_torch_nll_after_log_softmax_is_cross_entropy() -> None:
    z, target, _, weights = batch(4)
    w = weights[:C]
    for reduction in ("none", "mean", "sum"):
        ours = xl.nll_loss(xl.log_softmax(z, axis=1), target, weight=w, reduction=reduction)
        ref = F.nll_loss(
            F.log_softmax(torch.from_numpy(z), dim=1),
            torch.from_numpy(target),
            weight=torch.from_numpy(w),
            reduction=reduction,
        )
        assert_close(ours, ref.numpy(), F32, f"nll_loss, {reduction}")
        same = xl.cross_entropy(z, target, weight=w, reduction=reduction)
        np.testing.assert_allclose(ours, same, rtol=1e-6)


def test_torch_bce_clamps_the_log_at_minus_100_where_logits_are_exact() -> None:
    z = np.array([20.0, -20.0, 0.3, 17.0, -3.0, 40.0], dtype=F32)
    y = np.array([0.0, 1.0, 1.0, 0.0, 0.0, 1.0], dtype=F32)
    p = torch.sigmoid(torch.from_numpy(z))
    ref = F.binary_cross_entropy(p, torch.from_numpy(y), reduction="none").numpy()
    ours = xl.binary_cross_entropy(xl.sigmoid(z), y, reduction="none")
    assert_close(ours, ref, F32, "BCELoss on sigmoid(z)")
    # σ(20) rounds to 1 in float32: log(1 − 1) = −inf, clamped to −100
    assert ours[0] == -cv.TORCH_LOG_CLAMP == 100.0
    pos_weight = np.array(3.0, dtype=F32)
    ref = F.binary_cross_entropy_with_logits(
        torch.from_numpy(z), torch.from_numpy(y), pos_weight=torch.from_numpy(pos_weight)
    )
    ours = xl.binary_cross_entropy_with_logits(z, y, pos_weight=pos_weight)
    assert_close(ours, ref.numpy(), F32, "BCEWithLogitsLoss with pos_weight")
    exact = xl.binary_cross_entropy_with_logits(z, y, reduction="none")
    assert exact[0] == pytest.approx(20.0, rel=1e-6)  # z·1 + log(1 + e^-20)


# ----------------------------------------------------------------------------------- Keras


@pytest.mark.parametrize(
    ("from_logits", "smoothing", "reduction", "weighted"),
    list(itertools.product([True, False], [0.0, 0.2], KERAS_REDUCTIONS, [False, True])),
)
def test_keras_categorical(
    from_logits: bool, smoothing: float, reduction: str | None, weighted: bool
) -> None:
    z, _, onehot, weights = batch(5)
    pred = z if from_logits else probabilities(z)
    sw = weights if weighted else None
    loss = keras.losses.CategoricalCrossentropy(
        from_logits=from_logits, label_smoothing=smoothing, reduction=reduction
    )
    ref = np.asarray(loss(onehot, pred, sample_weight=sw))
    ours = cv.keras_categorical_crossentropy(onehot, pred, from_logits, smoothing, sw, reduction)
    assert_close(ours, ref, F32, "CategoricalCrossentropy")


@pytest.mark.parametrize(
    ("from_logits", "ignore_class", "reduction", "weighted"),
    list(itertools.product([True, False], [None, -100], KERAS_REDUCTIONS, [False, True])),
)
def test_keras_sparse_categorical(
    from_logits: bool, ignore_class: int | None, reduction: str | None, weighted: bool
) -> None:
    z, target, _, weights = batch(6)
    if ignore_class is None:
        target = np.where(target >= 0, target, 1)
    pred = z if from_logits else probabilities(z)
    sw = weights if weighted else None
    loss = keras.losses.SparseCategoricalCrossentropy(
        from_logits=from_logits, ignore_class=ignore_class, reduction=reduction
    )
    ref = np.asarray(loss(target, pred, sample_weight=sw))
    ours = cv.keras_sparse_categorical_crossentropy(
        target, pred, from_logits, ignore_class, sw, reduction
    )
    assert_close(ours, ref, F32, "SparseCategoricalCrossentropy")


BINARY_Z = np.array([20.0, -20.0, 0.3, 17.0, -3.0, 40.0], dtype=F32)
BINARY_Y = np.array([0.0, 1.0, 1.0, 0.0, 0.0, 1.0], dtype=F32)


@pytest.mark.parametrize(
    ("from_logits", "smoothing", "reduction", "shape"),
    list(itertools.product([True, False], [0.0, 0.1], KERAS_REDUCTIONS, [(N, 1), (N,)])),
)
def test_keras_binary(
    from_logits: bool, smoothing: float, reduction: str | None, shape: tuple[int, ...]
) -> None:
    pred = BINARY_Z if from_logits else np.asarray(keras.ops.sigmoid(BINARY_Z), dtype=F32)
    pred, y = pred.reshape(shape), BINARY_Y.reshape(shape)
    sw = np.linspace(0.5, 2.0, N, dtype=F32) if len(shape) == 2 else None
    loss = keras.losses.BinaryCrossentropy(
        from_logits=from_logits, label_smoothing=smoothing, reduction=reduction
    )
    ref = np.asarray(loss(y, pred, sample_weight=sw))
    ours = cv.keras_binary_crossentropy(y, pred, from_logits, smoothing, sw, reduction)
    assert_close(ours, ref, F32, "BinaryCrossentropy")


def test_keras_clip_bounds_worked_out() -> None:
    # p = 1e-9 for the true class: clipped up to 1e-7, −ln 1e-7 = 7 ln 10 = 16.1181
    low = cv.keras_binary_crossentropy(np.array([1.0], F32), np.array([1e-9], F32))
    assert float(low) == pytest.approx(7 * math.log(10), rel=1e-6)
    # p = 1 for a label 0: clipped down to float32(1 − 1e-7) = 1 − 2^-23, −ln 2^-23 = 15.9424
    high = cv.keras_binary_crossentropy(np.array([0.0], F32), np.array([1.0], F32))
    assert float(high) == pytest.approx(23 * math.log(2), rel=1e-6)
    ref = keras.losses.BinaryCrossentropy()(np.array([0.0], F32), np.array([1.0], F32))
    assert float(ref) == pytest.approx(float(high), rel=1e-6)
    # binary smoothing moves a label toward 0.5: with ε = 0.1 a 0 becomes 0.05; at z = 0
    # every label costs ln 2, so the smoothed and the plain loss meet there
    at_zero = cv.keras_binary_crossentropy(np.array([0.0]), np.array([0.0]), True, 0.1)
    assert float(at_zero) == pytest.approx(math.log(2), rel=1e-12)


def test_keras_class_weights_as_sample_weights_divide_by_n() -> None:
    z, target, _, _ = batch(7)
    target = np.where(target >= 0, target, 1)
    w = np.array([1.0, 2.0, 0.5, 4.0], dtype=F32)
    keras_mean = cv.keras_sparse_categorical_crossentropy(target, z, True, sample_weight=w[target])
    per_example = xl.cross_entropy(z, target, weight=w, reduction="none")
    assert float(keras_mean) == pytest.approx(per_example.sum() / N, rel=1e-6)
    # reduction="mean_with_sample_weight" is torch's weighted mean
    by_weight = cv.keras_sparse_categorical_crossentropy(
        target, z, True, sample_weight=w[target], reduction="mean_with_sample_weight"
    )
    assert_close(by_weight, xl.cross_entropy(z, target, weight=w), F32, "÷Σw")


# ----------------------------------------------------------------------- optax and tf.nn


@pytest.mark.parametrize("masked", [False, True])
def test_optax_integer_labels(masked: bool) -> None:
    z, target, _, _ = batch(8)
    where = target != -100 if masked else None
    labels = target if masked else np.where(target >= 0, target, 0)
    ref = optax.losses.softmax_cross_entropy_with_integer_labels(
        jnp.asarray(z), jnp.asarray(labels), where=None if where is None else jnp.asarray(where)
    )
    ours = cv.optax_softmax_cross_entropy_with_integer_labels(z, labels, where=where)
    assert_close(ours, np.asarray(ref), F32, "softmax_cross_entropy_with_integer_labels")
    assert ours.shape == (N,)  # per example, never reduced


@pytest.mark.parametrize(("smoothing", "masked"), [(0.0, False), (0.2, False), (0.2, True)])
def test_optax_probability_labels_and_smooth_labels(smoothing: float, masked: bool) -> None:
    z, target, onehot, _ = batch(9)
    where = target != -100 if masked else None
    smoothed = np.asarray(optax.smooth_labels(jnp.asarray(onehot), smoothing))
    assert_close(xl.smooth_labels(onehot, smoothing), smoothed, F32, "smooth_labels")
    ref = optax.losses.softmax_cross_entropy(
        jnp.asarray(z), jnp.asarray(smoothed), where=None if where is None else jnp.asarray(where)
    )
    ours = cv.optax_softmax_cross_entropy(z, smoothed, where=where)
    assert_close(ours, np.asarray(ref), F32, "softmax_cross_entropy")


def test_optax_sigmoid_binary() -> None:
    ref = optax.losses.sigmoid_binary_cross_entropy(jnp.asarray(BINARY_Z), jnp.asarray(BINARY_Y))
    ours = cv.optax_sigmoid_binary_cross_entropy(BINARY_Z, BINARY_Y)
    assert_close(ours, np.asarray(ref), F32, "sigmoid_binary_cross_entropy")


def test_tf_softmax_cross_entropy_with_logits_is_optax_softmax_cross_entropy() -> None:
    # the same definition, −Σ_c y_c log softmax(z)_c per example; a zero row (tf.one_hot(-100))
    # costs 0
    z, _, onehot, _ = batch(10)
    ref = optax.losses.softmax_cross_entropy(jnp.asarray(z), jnp.asarray(onehot))
    ours = cv.tf_softmax_cross_entropy_with_logits(onehot, z)
    assert_close(ours, np.asarray(ref), F32, "tf.nn.softmax_cross_entropy_with_logits")
    assert ours[2] == 0.0 and not np.signbit(ours[2])


# ------------------------------------------------------------------------------ properties

LOGITS = arrays(F32, (N, C), elements=st.floats(-1e9, 1e9, width=32))


@settings(max_examples=60, deadline=None)
@given(LOGITS, arrays(np.int64, (N,), elements=st.integers(0, C - 1)))
def test_from_logits_every_framework_is_cross_entropy(z: np.ndarray, target: np.ndarray) -> None:
    # integer labels = one-hot rows, in every convention; ±1e9 logits stay finite. optax's
    # integer form subtracts z_y from log Σ exp(z): in float32 its error is a few ulps of |z|
    # (real optax: 1.3863525 for four logits of 1023, where ln 4 = 1.3862944)
    torch_like = xl.cross_entropy(z, target, reduction="none")
    atol = 1e-5 + 8 * float(np.spacing(np.abs(z).max()))
    onehot = xl.one_hot(target, C).astype(F32)
    for ours in (
        cv.keras_sparse_categorical_crossentropy(target, z, True, reduction=None),
        cv.keras_categorical_crossentropy(onehot, z, True, reduction=None),
        cv.optax_softmax_cross_entropy_with_integer_labels(z, target),
        cv.optax_softmax_cross_entropy(z, onehot),
        cv.tf_softmax_cross_entropy_with_logits(onehot, z),
    ):
        assert np.all(np.isfinite(ours))
        np.testing.assert_allclose(ours, torch_like, rtol=1e-5, atol=atol)


@settings(max_examples=60, deadline=None)
@given(LOGITS, arrays(np.int64, (N,), elements=st.integers(0, C - 1)))
def test_from_probabilities_keras_never_charges_more_than_the_clip(
    z: np.ndarray, target: np.ndarray
) -> None:
    # −ln 1e-7 = 16.1181 caps every example, however wrong; from the logits there is no cap
    per_example = cv.keras_sparse_categorical_crossentropy(
        target, xl.softmax(z, axis=1), reduction=None
    )
    assert np.all(per_example <= 7 * math.log(10) + 1e-4)
    exact = xl.cross_entropy(z, target, reduction="none")
    np.testing.assert_allclose(np.minimum(exact, per_example), per_example, rtol=1e-4, atol=1e-4)


# ---------------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: cv.keras_categorical_crossentropy(np.eye(3), np.ones((3, 3)), reduction="avg"),
            "reduction must be one of 'sum_over_batch_size', 'mean', 'sum', "
            "'mean_with_sample_weight', 'none', None, got 'avg'",
        ),
        (
            lambda: cv.keras_categorical_crossentropy(np.eye(3), np.full((3, 3), 1.5)),
            "y_pred must hold probabilities in [0, 1], got 1.5 at position (0, 0)",
        ),
        (
            lambda: cv.keras_sparse_categorical_crossentropy(np.array([0, 3]), np.zeros((2, 3))),
            "target must hold class indices in [0, 3), got 3 at position 1",
        ),
        (
            lambda: cv.keras_sparse_categorical_crossentropy(np.array([0]), np.zeros((2, 3))),
            "y_true must have the shape of y_pred without its class axis (2,), got (1,)",
        ),
        (
            lambda: cv.keras_binary_crossentropy(np.array([0.0]), np.array([0.5]), True, 1.5),
            "label_smoothing must be a number in [0, 1], got 1.5",
        ),
        (
            lambda: cv.optax_softmax_cross_entropy_with_integer_labels(
                np.zeros((2, 3)), np.array([0, 1]), where=np.array([1, 0])
            ),
            "where must be a boolean mask of shape (2,), got int64 of shape (2,)",
        ),
    ],
)
def test_errors_say_what_was_expected(call: Any, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


# ------------------------------------------------------------- what outside readers found


def test_keras_weights_of_shape_n_1_meet_losses_of_shape_n_1() -> None:
    # labels [[0], [1]], logits [[1], [2]], weights [[1], [3]]: ℓ = (ln(1 + e), ln(1 + e⁻²))
    y, z, w = (np.array(v, dtype=F32)[:, None] for v in ([0, 1], [1, 2], [1, 3]))
    losses = (math.log1p(math.e), math.log1p(math.exp(-2)))
    total = losses[0] + 3 * losses[1]  # 1.694046, not the 5.760758 of an N × N product
    ours = cv.keras_binary_crossentropy(y, z, True, sample_weight=w, reduction="sum")
    assert float(ours) == pytest.approx(total, rel=1e-6)
    mean = cv.keras_binary_crossentropy(y, z, True, sample_weight=w)
    assert float(mean) == pytest.approx(total / 2, rel=1e-6)
    assert cv.keras_binary_crossentropy(y, z, True, sample_weight=w, reduction=None).shape == (2, 1)


def test_keras_batch_of_one_with_a_scalar_weight_is_one_number() -> None:
    z = np.array([[2.0, 1.0, -1.0]], dtype=F32)
    ref = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(
        np.array([1]), z, sample_weight=2.5
    )
    ours = cv.keras_sparse_categorical_crossentropy(np.array([1]), z, True, sample_weight=2.5)
    # Keras squeezes the loss (1) to a scalar before weighting: 2.5 · 1.349012, not divided by N
    assert ours.shape == () and float(ours) == pytest.approx(2.5 * 1.3490121, rel=1e-6)
    assert float(ours) == pytest.approx(float(ref), rel=1e-6)


def test_keras_sparse_from_probabilities_depends_on_the_backend() -> None:
    p = np.array([[1e-8, 0.03, 0.02]], dtype=F32)
    # JAX and torch renormalise, then clip: −ln(1e-8 / 0.05 → 2e-7); TensorFlow clips to 1e-7,
    # then renormalises: −ln(1e-7 / 0.0500001)
    jax_like = cv.keras_sparse_categorical_crossentropy(np.array([0]), p)
    tf_like = cv.keras_sparse_categorical_crossentropy(np.array([0]), p, backend="tensorflow")
    assert float(jax_like) == pytest.approx(-math.log(2e-7), rel=1e-5)  # 15.424949
    assert float(tf_like) == pytest.approx(-math.log(1e-7 / (1e-7 + 0.05)), rel=1e-5)  # 13.1224
    ref = keras.losses.SparseCategoricalCrossentropy()(np.array([0]), p)
    assert float(jax_like) == pytest.approx(float(ref), rel=2e-6)
    with pytest.raises(ValueError, match="backend must be one of jax, tensorflow, torch"):
        cv.keras_sparse_categorical_crossentropy(np.array([0]), p, backend="numpy")


def test_optax_safe_softmax_cross_entropy_takes_0_log_0_as_0() -> None:
    z = np.array([[2.0, -np.inf, 0.0], [0.5, 1.0, -np.inf]], dtype=F32)
    y = np.array([[1.0, 0.0, 0.0], [0.25, 0.75, 0.0]], dtype=F32)
    ref = optax.safe_softmax_cross_entropy(jnp.asarray(z), jnp.asarray(y))
    assert_close(cv.optax_safe_softmax_cross_entropy(z, y), np.asarray(ref), F32, "safe")
    plain = optax.softmax_cross_entropy(jnp.asarray(z), jnp.asarray(y))
    assert (
        np.isnan(np.asarray(plain)).all() and np.isnan(cv.optax_softmax_cross_entropy(z, y)).all()
    )


def test_keras_and_optax_compute_in_float32_when_handed_float64() -> None:
    # what the module's docstring tells a porter: xentlab keeps float64, the frameworks do not
    z = np.array([[2.0, 1.0, -1.0]])
    keras_loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(np.array([0]), z)
    optax_loss = optax.softmax_cross_entropy_with_integer_labels(jnp.asarray(z), jnp.array([0]))
    assert keras_loss.dtype == "float32" and optax_loss.dtype == jnp.float32
    assert cv.keras_sparse_categorical_crossentropy(np.array([0]), z, True).dtype == np.float64
