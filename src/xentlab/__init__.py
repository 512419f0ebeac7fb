"""xentlab: see, compute and trust cross-entropy loss.

The library half: NumPy implementations of the cross-entropy family with exactly the semantics
of ``torch.nn.functional``, their analytic gradients in :mod:`xentlab.grad`, and information
theory of distributions in :mod:`xentlab.info`.

Example:
    >>> import numpy as np, xentlab as xl
    >>> logits, target = np.array([[2.0, 1.0, -1.0]]), np.array([0])
    >>> print(round(float(xl.cross_entropy(logits, target)), 4))
    0.349
    >>> print(xl.grad.cross_entropy(logits, target).round(4))
    [[-0.2946  0.2595  0.0351]]
"""

from xentlab import grad, info
from xentlab.grad import cross_entropy_with_grad
from xentlab.losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    kl_div,
    mse_loss,
    nll_loss,
    sigmoid_focal_loss,
)
from xentlab.numerics import log_sigmoid, log_softmax, logsumexp, sigmoid, softmax

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "cross_entropy_with_grad",
    "grad",
    "info",
    "kl_div",
    "log_sigmoid",
    "log_softmax",
    "logsumexp",
    "mse_loss",
    "nll_loss",
    "sigmoid",
    "sigmoid_focal_loss",
    "softmax",
]
