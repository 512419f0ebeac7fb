"""The ``tf.nn`` conventions (xentlab._src.tf_nn) against TensorFlow 2.21 itself (CPU; in the
``dev`` extra), in float32 on random inputs with extremes (a logit gap of 30, logits of ±20).
Keras on its TensorFlow backend is checked with the other backends, each in a process of its
own (test_keras_losses.py)."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import pytest
import tensorflow as tf

from xentlab import conventions as cv

F32 = np.float32


def logits_and_labels() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    z = (rng.normal(size=(6, 4)) * 4).astype(F32)
    z[0] = (0.0, 30.0, 0.0, 0.0)
    target = rng.integers(0, 4, 6)
    target[0], target[2] = 0, -100
    return z, target, tf.one_hot(target, 4).numpy()


def binary(seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    z = (rng.normal(size=(5, 3)) * 6).astype(F32)
    z[0] = (20.0, -20.0, 0.0)
    y = rng.uniform(0, 1, size=(5, 3)).astype(F32)
    y[1] = (1.0, 0.0, 1.0)
    return z, y


def test_softmax_cross_entropy_with_logits() -> None:
    z, _, labels = logits_and_labels()
    assert labels[2].sum() == 0  # tf.one_hot of −100 is a row of zeros
    ref = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=z).numpy()
    ours = cv.tf_softmax_cross_entropy_with_logits(labels, z)
    np.testing.assert_allclose(ours, ref, rtol=2e-6, atol=1e-7)


def test_sparse_softmax_cross_entropy_with_logits() -> None:
    z, target, _ = logits_and_labels()
    kept = target >= 0
    ref = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=target[kept], logits=z[kept])
    ours = cv.tf_sparse_softmax_cross_entropy_with_logits(target[kept], z[kept])
    assert ours.dtype == F32
    np.testing.assert_allclose(ours, ref.numpy(), rtol=2e-6, atol=1e-7)
    # TensorFlow refuses the −100 on the CPU; so does xentlab, in a line
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=target, logits=z)
    with pytest.raises(ValueError, match="got -100 at position 2"):
        cv.tf_sparse_softmax_cross_entropy_with_logits(target, z)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sigmoid_cross_entropy_with_logits(seed: int) -> None:
    z, y = binary(seed)
    ref = tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=z).numpy()
    np.testing.assert_allclose(cv.tf_sigmoid_cross_entropy_with_logits(y, z), ref, rtol=2e-6)


@pytest.mark.parametrize("pos_weight", [0.0, 0.5, 3.0, np.array([1.0, 4.0, 0.25], dtype=F32)])
def test_weighted_cross_entropy_with_logits(pos_weight: float | np.ndarray) -> None:
    z, y = binary(3)
    ref = tf.nn.weighted_cross_entropy_with_logits(labels=y, logits=z, pos_weight=pos_weight)
    ours = cv.tf_weighted_cross_entropy_with_logits(y, z, pos_weight)
    np.testing.assert_allclose(ours, ref.numpy(), rtol=2e-6, atol=1e-6)
