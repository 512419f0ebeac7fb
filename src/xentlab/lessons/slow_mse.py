"""Section 4 — why squared error learns slowly: the gradient that reaches the logit.

|∂CE/∂z| = |ŷ − y|,  |∂MSE/∂z| = 2|ŷ − y| · σ′(z): the factor σ′(z) = ŷ(1 − ŷ) vanishes
exactly where the model is confidently wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

import xentlab as xl
from xentlab.lessons import bce, ce_vs_mse
from xentlab.lessons._common import YHAT_GRID, FloatArray, logit

__all__ = ["Inputs", "View", "compute"]


@dataclass(frozen=True)
class Inputs(bce.Inputs):
    """The predicted probability ŷ of class 1 and the true label y; the default is wrong."""

    yhat: float = 0.20


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


@lru_cache(maxsize=2)
def _curves(label: int) -> tuple[FloatArray, FloatArray]:
    z = np.log(YHAT_GRID) - np.log1p(-YHAT_GRID)
    target = np.full_like(YHAT_GRID, label)
    ce = np.abs(np.asarray(xl.grad.binary_cross_entropy_with_logits(z, target, reduction="none")))
    s = np.asarray(xl.sigmoid(z), dtype=np.float64)
    dmse = np.asarray(xl.grad.mse_loss(YHAT_GRID, target, reduction="none"), np.float64)
    mse = np.abs(dmse * s * (1.0 - s))  # ∂MSE/∂z = ∂MSE/∂ŷ · σ′(z)
    ce, mse = ce.astype(np.float64), mse.astype(np.float64)
    ce.setflags(write=False)
    mse.setflags(write=False)
    return ce, mse


def compute(inputs: bce.Inputs) -> View:
    """Gradient sizes for ``inputs``; every number from the library."""
    both = ce_vs_mse.compute(inputs)
    ce_grad, mse_grad = abs(both.dce_dz), abs(both.dmse_dz)
    ce_curve, mse_curve = _curves(inputs.y)
    return View(
        ce_grad=ce_grad,
        mse_grad=mse_grad,
        sigmoid_slope=ce_vs_mse.sigmoid_slope(logit(inputs.yhat)),
        ratio=ce_grad / mse_grad if mse_grad > 0 else float("inf"),
        curve_x=YHAT_GRID,
        ce_curve=ce_curve,
        mse_curve=mse_curve,
    )
