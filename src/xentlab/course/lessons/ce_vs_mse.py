"""Section 3 — cross-entropy versus squared error for one prediction ŷ = σ(z) of a label y.

CE = −[y ln ŷ + (1 − y) ln(1 − ŷ)],  MSE = (ŷ − y)²,
∂CE/∂z = ŷ − y,  ∂MSE/∂z = 2(ŷ − y) · σ′(z) with σ′(z) = ŷ(1 − ŷ).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

import xentlab as xl
from xentlab.course.lessons import bce
from xentlab.course.lessons._common import YHAT_GRID, FloatArray, item, vec

__all__ = ["Inputs", "View", "compute"]


@dataclass(frozen=True)
class Inputs(bce.Inputs):
    """The predicted probability ŷ of class 1 and the true label y (declared in section 1)."""


@dataclass(frozen=True, eq=False)
class View:
    """Both losses and both gradients (w.r.t. ŷ and w.r.t. the logit z)."""

    ce: float
    mse: float
    dce_dyhat: float
    dmse_dyhat: float
    dce_dz: float
    dmse_dz: float
    curve_x: FloatArray = field(repr=False)
    ce_curve: FloatArray = field(repr=False)
    mse_curve: FloatArray = field(repr=False)
    ce_point: tuple[float, float]  # (ŷ, CE), the current point on the cross-entropy curve
    mse_point: tuple[float, float]  # (ŷ, MSE), the current point on the squared-error curve


@lru_cache(maxsize=2)
def _curves(label: int) -> tuple[FloatArray, FloatArray]:
    target = np.full_like(YHAT_GRID, label)
    ce = np.asarray(xl.binary_cross_entropy(YHAT_GRID, target, reduction="none"), np.float64)
    mse = np.asarray(xl.mse_loss(YHAT_GRID, target, reduction="none"), np.float64)
    ce.setflags(write=False)
    mse.setflags(write=False)
    return ce, mse


def compute(inputs: bce.Inputs) -> View:
    """Both losses and gradients for ``inputs`` (any binary prediction: section 4 reads them
    too); every number from the library."""
    yhat, y = vec(inputs.yhat), vec(inputs.y)
    z = xl.logit(yhat)
    ce, mse = item(xl.binary_cross_entropy(yhat, y)), item(xl.mse_loss(yhat, y))
    dmse_dyhat = xl.grad.mse_loss(yhat, y)
    ce_curve, mse_curve = _curves(inputs.y)
    return View(
        ce=ce,
        mse=mse,
        dce_dyhat=item(xl.grad.binary_cross_entropy(yhat, y)),
        dmse_dyhat=item(dmse_dyhat),
        dce_dz=item(xl.grad.binary_cross_entropy_with_logits(z, y)),
        # chain rule through ŷ = σ(z): ∂MSE/∂z = ∂MSE/∂ŷ · σ′(z)
        dmse_dz=item(xl.sigmoid_backward(z, dmse_dyhat)),
        curve_x=YHAT_GRID,
        ce_curve=ce_curve,
        mse_curve=mse_curve,
        ce_point=(inputs.yhat, ce),
        mse_point=(inputs.yhat, mse),
    )
