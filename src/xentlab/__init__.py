"""xentlab: see, compute and trust cross-entropy loss.

The library half: NumPy implementations of the cross-entropy family with exactly the semantics
of ``torch.nn.functional``, their analytic gradients in :mod:`xentlab.grad`, and information
theory of distributions in :mod:`xentlab.info`, calibration (reliability, ECE, Brier score,
temperature scaling) in :mod:`xentlab.calibration`; around them the stable numerics (softmax,
sigmoid, their backward passes, the logit) and the targets' math (one-hot, label smoothing,
class weights, the focal factor).

Example:
    >>> import numpy as np, xentlab as xl
    >>> logits, target = np.array([[2.0, 1.0, -1.0]]), np.array([0])
    >>> print(round(float(xl.cross_entropy(logits, target)), 4))
    0.349
    >>> print(xl.grad.cross_entropy(logits, target).round(4))
    [[-0.2946  0.2595  0.0351]]
"""

from xentlab import calibration, grad, info
from xentlab._src.classification import cross_entropy_with_grad
from xentlab._src.focal import focal_factor
from xentlab._src.labels import class_weights, one_hot, smooth_labels
from xentlab._version import __version__
from xentlab.losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    kl_div,
    mse_loss,
    nll_loss,
    sigmoid_focal_loss,
)
from xentlab.numerics import (
    log_sigmoid,
    log_softmax,
    logit,
    logsumexp,
    sigmoid,
    sigmoid_backward,
    softmax,
    softmax_backward,
)

__all__ = [
    "__version__",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "calibration",
    "class_weights",
    "cross_entropy",
    "cross_entropy_with_grad",
    "focal_factor",
    "grad",
    "info",
    "kl_div",
    "log_sigmoid",
    "log_softmax",
    "logit",
    "logsumexp",
    "mse_loss",
    "nll_loss",
    "one_hot",
    "sigmoid",
    "sigmoid_backward",
    "sigmoid_focal_loss",
    "smooth_labels",
    "softmax",
    "softmax_backward",
]
