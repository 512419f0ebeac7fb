"""The same cross-entropy under each framework's rules, in NumPy, for side-by-side comparison.

PyTorch's conventions are xentlab's own: :func:`xentlab.cross_entropy` (the weighted ``mean``
divides by Σ w[y_n]; ``label_smoothing`` with ``weight`` weights the smoothing term of every
class by its own w_c, torch issue #104776; every target ignored gives NaN),
:func:`xentlab.nll_loss` after :func:`xentlab.log_softmax`, :func:`xentlab.binary_cross_entropy`
(``BCELoss``: each log clamped at −100) and :func:`xentlab.binary_cross_entropy_with_logits`
(``BCEWithLogitsLoss``, with ``pos_weight``). This module adds the others:

- Keras 3 (the loss objects, called with ``sample_weight``): from probabilities each one is
  clipped to [1e-7, 1 − 1e-7] (rows renormalised first); ``BinaryCrossentropy`` smooths toward
  0.5, ``CategoricalCrossentropy`` toward 1/C; the default reduction
  ``"sum_over_batch_size"`` divides by N whatever the weights; ``ignore_class`` averages over
  the examples kept and gives 0, not NaN, when none is kept. These are Keras' JAX, TensorFlow
  and torch backends; on its NumPy backend ``BinaryCrossentropy(from_logits=True)`` clips too.
  Labels and weights of shape (N, 1) meet losses of shape (N) as Keras makes them meet
  (``squeeze_or_expand_to_same_rank``), and a batch of one with a scalar weight is one number.
  Only ``SparseCategoricalCrossentropy`` from probabilities differs between the backends
  (``backend="tensorflow"``: clipped first, renormalised after).
- ``tf.nn`` (``softmax_``, ``sparse_softmax_``, ``sigmoid_`` and
  ``weighted_cross_entropy_with_logits``, the last TensorFlow's ``pos_weight``) and optax
  (``softmax_cross_entropy``, its ``safe_`` version that takes 0 · log 0 = 0 for −inf logits,
  ``…_with_integer_labels``, ``sigmoid_binary_cross_entropy``): one loss per example or
  element, no reduction, logits only; ``optax.smooth_labels`` is :func:`xentlab.smooth_labels`.

Each function computes in the dtype of its input. The frameworks do not: Keras converts its
inputs to its ``floatx`` (float32), and JAX, so optax, works in float32 unless
``jax_enable_x64`` is set, so both compute in float32 when handed float64. Pass float32, as
they do, to get their numbers to the last digit they print.

Verified against the real frameworks in CI (tests/library/test_conventions.py,
test_keras_losses.py, test_tf_nn.py; the ``dev`` extra): PyTorch 2.13, Keras 3.15 on each of its
JAX, TensorFlow and torch backends (each in a process of its own), TensorFlow 2.21's ``tf.nn`` and
optax 0.2.8.

Example:
    >>> import numpy as np, xentlab as xl
    >>> from xentlab import conventions as cv
    >>> logits = np.array([[2.0, 1.0, -1.0], [0.5, 2.5, 0.0]], dtype=np.float32)
    >>> target, w = np.array([0, 1]), np.array([1.0, 3.0, 1.0], dtype=np.float32)
    >>> # ℓ = (0.3490, 0.1967); torch: (1·0.3490 + 3·0.1967) / (1 + 3), Keras: the same sum / 2
    >>> torch_mean = xl.cross_entropy(logits, target, weight=w)
    >>> keras_mean = cv.keras_sparse_categorical_crossentropy(
    ...     target, logits, from_logits=True, sample_weight=w[target])
    >>> print(f"{float(torch_mean):.4f} {float(keras_mean):.4f}")
    0.2348 0.4696
"""

from xentlab._src.keras_losses import (
    KERAS_BACKENDS,
    KERAS_EPSILON,
    KERAS_REDUCTIONS,
    keras_binary_crossentropy,
    keras_categorical_crossentropy,
    keras_sparse_categorical_crossentropy,
)
from xentlab._src.per_example import (
    optax_safe_softmax_cross_entropy,
    optax_sigmoid_binary_cross_entropy,
    optax_softmax_cross_entropy,
    optax_softmax_cross_entropy_with_integer_labels,
    tf_softmax_cross_entropy_with_logits,
)
from xentlab._src.tf_nn import (
    tf_sigmoid_cross_entropy_with_logits,
    tf_sparse_softmax_cross_entropy_with_logits,
    tf_weighted_cross_entropy_with_logits,
)

__all__ = [
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

#: ``BCELoss`` clamps each log at this value, so a probability of exactly 0 or 1 costs 100
TORCH_LOG_CLAMP = -100.0
