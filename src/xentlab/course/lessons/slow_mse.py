"""Section 4 — why squared error learns slowly: the gradient that reaches the logit.

|∂CE/∂z| = |ŷ − y|,  |∂MSE/∂z| = 2|ŷ − y| · σ′(z): the factor σ′(z) = ŷ(1 − ŷ) vanishes
exactly where the model is confidently wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

import xentlab as xl
from xentlab.course.lessons import bce, ce_vs_mse
from xentlab.course.lessons._common import YHAT, YHAT_GRID, FloatArray, item, vec
from xentlab.course.params import param

__all__ = ["Inputs", "View", "compute"]


@dataclass(frozen=True)
class Inputs(bce.Inputs):
    """The predicted probability ŷ of class 1 and the true label y; the default is wrong."""

    yhat: float = param(YHAT, 0.20)


@dataclass(frozen=True, eq=False)
class View:
    """The size of each loss's gradient with respect to the logit, now and across ŷ."""

    ce_grad: float  # |∂CE/∂z|
    mse_grad: float  # |∂MSE/∂z|
    sigmoid_slope: float  # σ′(z)
    ratio: float  # |∂CE/∂z| / |∂MSE/∂z|, how many times harder CE pushes
    curve_x: FloatArray = field(repr=False)
    ce_curve: FloatArray = field(repr=False)
    mse_curve: FloatArray = field(repr=False)
    ce_point: tuple[float, float]  # (ŷ, |∂CE/∂z|), the current point on the CE curve
    mse_point: tuple[float, float]  # (ŷ, |∂MSE/∂z|), the current point on the MSE curve


@lru_cache(maxsize=2)
def _curves(label: int) -> tuple[FloatArray, FloatArray]:
    z = xl.logit(YHAT_GRID)
    target = np.full_like(YHAT_GRID, label)
    ce = xl.grad.binary_cross_entropy_with_logits(z, target, reduction="none")
    dmse_dyhat = xl.grad.mse_loss(YHAT_GRID, target, reduction="none")
    mse = xl.sigmoid_backward(z, dmse_dyhat)  # ∂MSE/∂z = ∂MSE/∂ŷ · σ′(z)
    out = np.abs(np.asarray(ce, np.float64)), np.abs(np.asarray(mse, np.float64))
    for a in out:
        a.setflags(write=False)
    return out


def compute(inputs: bce.Inputs) -> View:
    """Gradient sizes for ``inputs``; every number from the library."""
    both = ce_vs_mse.compute(inputs)
    ce_grad, mse_grad = abs(both.dce_dz), abs(both.dmse_dz)
    ce_curve, mse_curve = _curves(inputs.y)
    return View(
        ce_grad=ce_grad,
        mse_grad=mse_grad,
        # σ′(z) is what σ's backward passes on of an upstream gradient of 1
        sigmoid_slope=item(xl.sigmoid_backward(xl.logit(vec(inputs.yhat)), vec(1.0))),
        ratio=ce_grad / mse_grad if mse_grad > 0 else float("inf"),
        curve_x=YHAT_GRID,
        ce_curve=ce_curve,
        mse_curve=mse_curve,
        ce_point=(inputs.yhat, ce_grad),
        mse_point=(inputs.yhat, mse_grad),
    )
