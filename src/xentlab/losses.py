"""The cross-entropy family with the semantics of ``torch.nn.functional``.

Same names, same arguments, same numbers: float32 in gives float32 out, float64 gives float64.
Each loss lives in the private module of its family, next to its gradient (which
:mod:`xentlab.grad` shows under the same name):

- ``_classification``: :func:`cross_entropy`, :func:`nll_loss`;
- ``_binary``: :func:`binary_cross_entropy`, :func:`binary_cross_entropy_with_logits`;
- ``_focal``: :func:`sigmoid_focal_loss`;
- ``_divergence``: :func:`kl_div`;
- ``_regression``: :func:`mse_loss`.
"""

from xentlab._binary import binary_cross_entropy, binary_cross_entropy_with_logits
from xentlab._classification import cross_entropy, nll_loss
from xentlab._divergence import kl_div
from xentlab._focal import sigmoid_focal_loss
from xentlab._regression import mse_loss

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "kl_div",
    "mse_loss",
    "nll_loss",
    "sigmoid_focal_loss",
]
