"""Section 5 — from likelihood to loss.

The likelihood of a label y under a prediction ŷ is ŷ^y (1 − ŷ)^(1 − y); its log is
y ln ŷ + (1 − y) ln(1 − ŷ), and binary cross-entropy is exactly the negative of that log.
Over a batch, the product of likelihoods turns into the mean loss: −(1/N) ln Π = mean L.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

import xentlab as xl
from xentlab.course.lessons import bce
from xentlab.course.lessons._common import YHAT_GRID, FloatArray, item, vec

__all__ = ["BATCH", "Inputs", "View", "compute", "likelihood"]

#: the rest of the batch: (prediction ŷ, label y) pairs that stay fixed while ŷ moves
BATCH: tuple[tuple[float, int], ...] = ((0.90, 1), (0.20, 0), (0.60, 1), (0.30, 0))


@dataclass(frozen=True)
class Inputs(bce.Inputs):
    """The predicted probability ŷ of class 1 and the true label y of the first example."""


@dataclass(frozen=True, eq=False)
class View:
    """Likelihood, log-likelihood and loss of the example, and the batch they belong to."""

    likelihood: float
    log_likelihood: float
    loss: float
    batch_yhat: FloatArray = field(repr=False)  # the example first, then BATCH
    batch_y: FloatArray = field(repr=False)
    batch_likelihood: FloatArray = field(repr=False)
    batch_loss: FloatArray = field(repr=False)
    batch_product: float  # Π likelihoods
    batch_mean_loss: float  # mean loss, from the library
    batch_nll_of_product: float  # −(1/N) ln Π, equal to the mean loss
    curve_x: FloatArray = field(repr=False)
    likelihood_curve: FloatArray = field(repr=False)
    log_likelihood_curve: FloatArray = field(repr=False)  # ln of the likelihood, ≤ 0
    loss_curve: FloatArray = field(repr=False)
    likelihood_point: tuple[float, float]  # (ŷ, likelihood), the current point on its curve
    log_likelihood_point: tuple[float, float]  # (ŷ, ln likelihood)
    loss_point: tuple[float, float]  # (ŷ, loss), the current point on its curve


def likelihood(yhat: FloatArray, y: FloatArray) -> FloatArray:
    """ŷ^y (1 − ŷ)^(1 − y): the probability the model gave to the label that happened.

    Written from its definition on purpose: the section shows that −ln of it is the library's
    loss (it equals exp(−BCE), which the tests check), so it must not be read off that loss.
    """
    return np.asarray(yhat**y * (1.0 - yhat) ** (1.0 - y), dtype=np.float64)


@lru_cache(maxsize=2)
def _curves(label: int) -> tuple[FloatArray, FloatArray, FloatArray]:
    target = np.full_like(YHAT_GRID, label)
    lik = likelihood(YHAT_GRID, target)
    log_lik = np.log(lik)
    loss = np.asarray(xl.binary_cross_entropy(YHAT_GRID, target, reduction="none"), np.float64)
    for curve in (lik, log_lik, loss):
        curve.setflags(write=False)
    return lik, log_lik, loss


def compute(inputs: bce.Inputs) -> View:
    """The example's likelihood and loss, and the batch identity; losses from the library."""
    batch_yhat = vec(inputs.yhat, *(p for p, _ in BATCH))
    batch_y = vec(inputs.y, *(t for _, t in BATCH))
    batch_lik = likelihood(batch_yhat, batch_y)
    batch_loss = np.asarray(xl.binary_cross_entropy(batch_yhat, batch_y, reduction="none"))
    product = float(np.prod(batch_lik))
    lik = float(batch_lik[0])
    log_lik = math.log(lik)
    loss = item(xl.binary_cross_entropy(vec(inputs.yhat), vec(inputs.y)))
    lik_curve, log_lik_curve, loss_curve = _curves(inputs.y)
    return View(
        likelihood=lik,
        log_likelihood=log_lik,
        loss=loss,
        batch_yhat=batch_yhat,
        batch_y=batch_y,
        batch_likelihood=batch_lik,
        batch_loss=batch_loss.astype(np.float64),
        batch_product=product,
        batch_mean_loss=item(xl.binary_cross_entropy(batch_yhat, batch_y)),
        batch_nll_of_product=-math.log(product) / len(batch_yhat),
        curve_x=YHAT_GRID,
        likelihood_curve=lik_curve,
        log_likelihood_curve=log_lik_curve,
        loss_curve=loss_curve,
        likelihood_point=(inputs.yhat, lik),
        log_likelihood_point=(inputs.yhat, log_lik),
        loss_point=(inputs.yhat, loss),
    )
