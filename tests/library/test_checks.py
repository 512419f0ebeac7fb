"""Bad input raises ValueError/TypeError that says what was expected and what was received."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import xentlab as xl

Z23 = np.zeros((2, 3))

CASES: list[tuple[str, Callable[[], Any], type[Exception], str]] = [
    (
        "class index out of range",
        lambda: xl.cross_entropy(Z23, np.array([0, 7])),
        ValueError,
        "target must hold class indices in [0, 3) or ignore_index -100, got 7 at position 1",
    ),
    (
        "index target shape",
        lambda: xl.cross_entropy(Z23, np.array([0, 1, 2])),
        ValueError,
        "target must have shape (2,) for input of shape (2, 3), got (3,)",
    ),
    (
        "probability target shape",
        lambda: xl.cross_entropy(Z23, np.zeros((2, 4))),
        ValueError,
        "target must be class indices of shape (2,) or probabilities of shape (2, 3), "
        "got a float array of shape (2, 4)",
    ),
    (
        "NaN logits",
        lambda: xl.cross_entropy(np.array([[np.nan, 0, 0]]), np.array([0])),
        ValueError,
        "input must not contain NaN, got NaN at position (0, 0)",
    ),
    (
        "+inf logits",
        lambda: xl.cross_entropy(np.array([[0, np.inf, 0]]), np.array([0])),
        ValueError,
        "input must be finite (or -inf to mask a class), got +inf at position (0, 1)",
    ),
    (
        "an infinite binary logit",
        lambda: xl.binary_cross_entropy_with_logits(np.array([0.0, np.inf]), np.ones(2)),
        ValueError,
        "input must hold finite logits, got inf at position 1",
    ),
    (
        "an infinite focal logit",
        lambda: xl.sigmoid_focal_loss(np.array([[-np.inf]]), np.ones((1, 1))),
        ValueError,
        "input must hold finite logits, got -inf at position (0, 0)",
    ),
    (
        "reduction name",
        lambda: xl.cross_entropy(Z23, np.array([0, 1]), reduction="avg"),
        ValueError,
        "reduction must be one of 'none', 'mean', 'sum', got 'avg'",
    ),
    (
        "non-numeric dtype",
        lambda: xl.cross_entropy(np.array(["a", "b"]), np.array(0)),
        TypeError,
        "input must be a real numeric array, got dtype <U1",
    ),
    (
        "a string",
        lambda: xl.softmax("abc"),
        TypeError,
        "x must be a real numeric array, got str 'abc'",
    ),
    (
        "weight shape",
        lambda: xl.cross_entropy(Z23, np.array([0, 1]), weight=np.ones(4)),
        ValueError,
        "weight must have shape (3,), one per class, got (4,)",
    ),
    (
        "label smoothing range",
        lambda: xl.cross_entropy(Z23, np.array([0, 1]), label_smoothing=1.5),
        ValueError,
        "label_smoothing must be a number in [0, 1], got 1.5",
    ),
    (
        "scalar logits",
        lambda: xl.cross_entropy(np.zeros(()), np.array(0)),
        ValueError,
        "input must have shape (C), (N, C) or (N, C, d1, ...), got shape ()",
    ),
    (
        "float class indices for nll_loss",
        lambda: xl.nll_loss(Z23, np.array([0.0, 1.0])),
        TypeError,
        "target must be an integer array of class indices, got dtype float64",
    ),
    (
        "probability input above 1",
        lambda: xl.binary_cross_entropy(np.array([0.5, 1.2]), np.array([1.0, 0.0])),
        ValueError,
        "input must hold probabilities in [0, 1], got 1.2 at position 1",
    ),
    (
        "probability target above 1",
        lambda: xl.binary_cross_entropy(np.array([0.5, 0.2]), np.array([1.0, 2.0])),
        ValueError,
        "target must hold probabilities in [0, 1], got 2 at position 1",
    ),
    (
        "binary shape mismatch",
        lambda: xl.binary_cross_entropy_with_logits(np.zeros(2), np.zeros(1)),
        ValueError,
        "target must have the same shape as input (2,), got (1,)",
    ),
    (
        "pos_weight shape",
        lambda: xl.binary_cross_entropy_with_logits(
            np.zeros(2), np.zeros(2), pos_weight=np.ones(3)
        ),
        ValueError,
        "pos_weight must broadcast to the input's shape (2,), got shape (3,)",
    ),
    (
        "negative kl target",
        lambda: xl.kl_div(np.zeros(3), np.array([0.5, -0.5, 1.0])),
        ValueError,
        "target must hold probabilities in [0, 1], got -0.5 at position 1",
    ),
    (
        "kl reduction",
        lambda: xl.kl_div(np.zeros(3), np.ones(3) / 3, reduction="batch"),
        ValueError,
        "reduction must be one of 'none', 'mean', 'sum', 'batchmean', got 'batch'",
    ),
    (
        "focal gamma",
        lambda: xl.sigmoid_focal_loss(np.zeros(3), np.ones(3), gamma=-1.0),
        ValueError,
        "gamma must be >= 0, got -1.0",
    ),
    (
        "temperature",
        lambda: xl.softmax([1.0, 2.0], temperature=0),
        ValueError,
        "temperature must be a positive finite number, got 0.0",
    ),
    (
        "all masked",
        lambda: xl.softmax([-np.inf, -np.inf]),
        ValueError,
        "x must have at least one finite logit along the class axis, got all -inf",
    ),
    (
        "mse shapes",
        lambda: xl.mse_loss(np.zeros(3), np.zeros(2)),
        ValueError,
        "target must have the same shape as input (3,), got (2,)",
    ),
    (
        "distribution not summing to one",
        lambda: xl.info.entropy([0.5, 0.6]),
        ValueError,
        "p must sum to 1 along axis -1 (within 1e-06), got a sum of 1.1",
    ),
    (
        "negative probability",
        lambda: xl.info.entropy([1.5, -0.5]),
        ValueError,
        "p must be a probability distribution (entries >= 0), got -0.5 at position 1",
    ),
    (
        "distribution shapes",
        lambda: xl.info.kl_divergence([0.5, 0.5], [1.0, 0.0, 0.0]),
        ValueError,
        "q must have the same shape as p (2,), got (3,)",
    ),
    (
        "log base",
        lambda: xl.info.entropy([0.5, 0.5], base=1),
        ValueError,
        "base must be a positive number other than 1, got 1",
    ),
    (
        "logit of NaN",
        lambda: xl.logit(np.array([0.5, np.nan])),
        ValueError,
        "p must not contain NaN, got NaN at position 1",
    ),
    (
        "logit of a number above 1",
        lambda: xl.logit([1.5]),
        ValueError,
        "p must hold probabilities in [0, 1], got 1.5 at position 0",
    ),
    (
        "one_hot index out of range",
        lambda: xl.one_hot(np.array([0, 3]), 3),
        ValueError,
        "target must hold class indices in [0, 3), got 3 at position 1",
    ),
    (
        "one_hot negative index",
        lambda: xl.one_hot(np.array([[0, 1], [-1, 2]]), 3),
        ValueError,
        "target must hold class indices in [0, 3), got -1 at position (1, 0)",
    ),
    (
        "one_hot of floats",
        lambda: xl.one_hot(np.array([0.0, 1.0]), 2),
        TypeError,
        "target must be an integer array of class indices, got dtype float64",
    ),
    (
        "one_hot without classes",
        lambda: xl.one_hot(np.array([0]), 0),
        ValueError,
        "num_classes must be at least 1, got 0",
    ),
    (
        "one_hot with a float class count",
        lambda: xl.one_hot(np.array([0]), 2.0),
        TypeError,
        "num_classes must be an int, got 2.0",
    ),
    (
        "smooth_labels range",
        lambda: xl.smooth_labels(np.array([0.0, 1.0]), -0.1),
        ValueError,
        "label_smoothing must be a number in [0, 1], got -0.1",
    ),
    (
        "smooth_labels of a scalar",
        lambda: xl.smooth_labels(np.array(1.0), 0.1),
        ValueError,
        "target must have at least one class along its last axis, got shape ()",
    ),
    (
        "smooth_labels of a number above 1",
        lambda: xl.smooth_labels(np.array([[0.0, 2.0]]), 0.1),
        ValueError,
        "target must hold probabilities in [0, 1], got 2 at position (0, 1)",
    ),
    (
        "class_weights of an absent class",
        lambda: xl.class_weights([900, 90, 0]),
        ValueError,
        "counts must be positive and finite for every class (a class with no examples has no "
        "inverse frequency), got 0 at position 2",
    ),
    (
        "class_weights of a negative count",
        lambda: xl.class_weights([-1, 5]),
        ValueError,
        "counts must be positive and finite for every class (a class with no examples has no "
        "inverse frequency), got -1 at position 0",
    ),
    (
        "class_weights shape",
        lambda: xl.class_weights(np.ones((2, 2))),
        ValueError,
        "counts must have shape (C), one count per class, got shape (2, 2)",
    ),
    (
        "class_weights of NaN",
        lambda: xl.class_weights([3.0, np.nan]),
        ValueError,
        "counts must not contain NaN, got NaN at position 1",
    ),
    (
        "focal_factor of a number above 1",
        lambda: xl.focal_factor(np.array([1.5]), 2.0),
        ValueError,
        "p_t must hold probabilities in [0, 1], got 1.5 at position 0",
    ),
    (
        "focal_factor gamma",
        lambda: xl.focal_factor(np.array([0.5]), -1),
        ValueError,
        "gamma must be >= 0, got -1",
    ),
    (
        "sigmoid_backward of NaN",
        lambda: xl.sigmoid_backward(np.array([np.nan]), np.ones(1)),
        ValueError,
        "z must not contain NaN, got NaN at position 0",
    ),
    (
        "sigmoid_backward shapes",
        lambda: xl.sigmoid_backward(np.zeros(3), np.ones(2)),
        ValueError,
        "grad_output must broadcast to z's shape (3,), got shape (2,)",
    ),
    (
        "softmax_backward of +inf",
        lambda: xl.softmax_backward(np.array([0.0, np.inf]), np.ones(2)),
        ValueError,
        "z must be finite (or -inf to mask a class), got +inf at position 1",
    ),
    (
        "softmax_backward of an all-masked row",
        lambda: xl.softmax_backward(np.full((1, 2), -np.inf), np.ones((1, 2))),
        ValueError,
        "z must have at least one finite logit along the class axis, got all -inf",
    ),
]


@pytest.mark.parametrize(
    ("call", "error", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input_message(call: Callable[[], Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        call()


def test_ignore_index_may_lie_outside_the_class_range() -> None:
    # torch allows any ignore_index, the default -100 included, without a range error
    loss = xl.cross_entropy(Z23, np.array([-100, 2]))
    assert float(loss) == pytest.approx(np.log(3), rel=1e-12)
