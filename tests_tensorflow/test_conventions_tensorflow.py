"""The TensorFlow conventions against TensorFlow itself, where it is installed.

TensorFlow is not in the ``dev`` extra (its wheel alone is 270 MB): CI checks
``tf.nn.softmax_cross_entropy_with_logits`` through optax (test_conventions.py). To run these,
install ``tensorflow-cpu`` in a separate environment with xentlab, numpy and pytest and run
``pytest tests_tensorflow`` there: Keras then takes its TensorFlow backend, so its losses are
checked there too. (This folder lies outside ``tests/`` so that CI never counts a skip.)
"""

from __future__ import annotations

import os

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
tf = pytest.importorskip("tensorflow", reason="TensorFlow is not installed here")

from xentlab import conventions as cv  # noqa: E402

F32 = np.float32


def logits_and_labels() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    z = (rng.normal(size=(6, 4)) * 4).astype(F32)
    z[0] = (0.0, 30.0, 0.0, 0.0)
    target = rng.integers(0, 4, 6)
    target[0], target[2] = 0, -100
    return z, target, tf.one_hot(target, 4).numpy()


def test_softmax_cross_entropy_with_logits() -> None:
    z, _, labels = logits_and_labels()
    assert labels[2].sum() == 0  # tf.one_hot of −100 is a row of zeros
    ref = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=z).numpy()
    ours = cv.tf_softmax_cross_entropy_with_logits(labels, z)
    np.testing.assert_allclose(ours, ref, rtol=2e-6, atol=1e-7)


@pytest.mark.parametrize("from_logits", [True, False])
def test_keras_losses_on_the_tensorflow_backend(from_logits: bool) -> None:
    import keras

    assert keras.backend.backend() == "tensorflow"
    z, target, labels = logits_and_labels()
    kept = target != -100
    # plain arrays: a tensor made by Keras' own softmax layer would skip the clip here
    pred = z if from_logits else tf.nn.softmax(z).numpy()
    sw = np.linspace(0.5, 2.0, 6, dtype=F32)
    ref = keras.losses.CategoricalCrossentropy(from_logits=from_logits, label_smoothing=0.1)(
        labels, pred, sample_weight=sw
    )
    ours = cv.keras_categorical_crossentropy(labels, pred, from_logits, 0.1, sw)
    np.testing.assert_allclose(ours, ref.numpy(), rtol=2e-6)
    ref = keras.losses.SparseCategoricalCrossentropy(from_logits=from_logits, ignore_class=-100)(
        target, pred
    )
    ours = cv.keras_sparse_categorical_crossentropy(target, pred, from_logits, -100)
    np.testing.assert_allclose(ours, ref.numpy(), rtol=2e-6)
    assert kept.sum() == 5
    zb = np.array([[20.0], [-20.0], [0.3]], dtype=F32)
    yb = np.array([[0.0], [1.0], [1.0]], dtype=F32)
    predb = zb if from_logits else tf.sigmoid(zb).numpy()
    ref = keras.losses.BinaryCrossentropy(from_logits=from_logits, label_smoothing=0.1)(yb, predb)
    ours = cv.keras_binary_crossentropy(yb, predb, from_logits, 0.1)
    np.testing.assert_allclose(ours, ref.numpy(), rtol=2e-6)
