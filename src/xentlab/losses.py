"""The cross-entropy family with the semantics of ``torch.nn.functional``.

Same names, same arguments, same numbers: float32 in gives float32 out, float64 gives float64.
Each loss lives in the private module of its family, next to its gradient (which
:mod:`xentlab.grad` shows under the same name):

- ``_src/classification.py``: :func:`cross_entropy`, :func:`nll_loss`;
- ``_src/binary.py``: :func:`binary_cross_entropy`, :func:`binary_cross_entropy_with_logits`;
- ``_src/focal.py``: :func:`sigmoid_focal_loss`;
- ``_src/divergence.py``: :func:`kl_div`;
- ``_src/regression.py``: :func:`mse_loss`.
"""

from xentlab._src.binary import binary_cross_entropy, binary_cross_entropy_with_logits
from xentlab._src.classification import cross_entropy, nll_loss
from xentlab._src.divergence import kl_div
from xentlab._src.focal import sigmoid_focal_loss
from xentlab._src.regression import mse_loss

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "kl_div",
    "mse_loss",
    "nll_loss",
    "sigmoid_focal_loss",
]
