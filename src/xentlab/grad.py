"""Analytic gradients of the losses in :mod:`xentlab.losses`, with respect to the first argument.

Each function takes exactly the arguments of the loss of the same name and returns
d(loss)/d(input) with the input's shape and dtype, equal to what torch autograd gives. For
``reduction="none"`` the gradient is that of the summed loss (a vector-Jacobian product with
ones), as ``loss.backward(torch.ones_like(loss))`` gives. Each is defined next to its loss, in
the loss's family module; :func:`xentlab.cross_entropy_with_grad` gives loss and gradient at
once.
"""

from xentlab._src.binary import binary_cross_entropy_grad as binary_cross_entropy
from xentlab._src.binary import (
    binary_cross_entropy_with_logits_grad as binary_cross_entropy_with_logits,
)
from xentlab._src.classification import cross_entropy_grad as cross_entropy
from xentlab._src.classification import nll_loss_grad as nll_loss
from xentlab._src.divergence import kl_div_grad as kl_div
from xentlab._src.focal import sigmoid_focal_loss_grad as sigmoid_focal_loss
from xentlab._src.regression import mse_loss_grad as mse_loss

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "kl_div",
    "mse_loss",
    "nll_loss",
    "sigmoid_focal_loss",
]
