"""Section 1 — binary cross-entropy of one prediction ŷ against a label y ∈ {0, 1}.

L(ŷ, y) = −[y ln ŷ + (1 − y) ln(1 − ŷ)], with ŷ = σ(z) for the logit z.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

import xentlab as xl
from xentlab.course.lessons._common import CONFIDENT, LABEL, YHAT, YHAT_GRID, FloatArray, item, vec
from xentlab.course.params import Declared, param

__all__ = ["Inputs", "View", "compute", "verdict"]


@dataclass(frozen=True)
class Inputs(Declared):
    """The predicted probability ŷ of class 1 and the true label y."""

    yhat: float = param(YHAT, 0.70)
    y: int = param(LABEL, 1)


@dataclass(frozen=True, eq=False)
class View:
    """Everything section 1 shows for one (ŷ, y)."""

    yhat: float
    y: int
    p_true: float  # the probability given to the true label: ŷ (y = 1) or 1 − ŷ (y = 0)
    worked_form: str  # the substitution L = −ln(p_true) written for y = 1 (if_1) or y = 0 (if_0)
    loss: float
    dloss_dyhat: float
    logit: float
    dloss_dlogit: float
    predicted: int
    confidence: float
    verdict: str
    curve_x: FloatArray = field(repr=False)
    curve_if_1: FloatArray = field(repr=False)  # −ln ŷ, the loss when y = 1
    curve_if_0: FloatArray = field(repr=False)  # −ln(1 − ŷ), the loss when y = 0

    @property
    def point(self) -> tuple[float, float]:
        """The current point (ŷ, L) on the curve of the true label."""
        return self.yhat, self.loss


def verdict(yhat: float, y: int) -> tuple[int, float, str]:
    """(predicted class, confidence in it, verdict key) for a binary prediction.

    The key is ``undecided`` at ŷ = 0.5, otherwise ``right_`` or ``wrong_`` followed by
    ``confident`` (confidence ≥ 0.8) or ``unsure``.
    """
    predicted = 1 if yhat > 0.5 else 0
    confidence = max(yhat, 1.0 - yhat)
    if yhat == 0.5:
        return predicted, confidence, "undecided"
    right = "right" if predicted == y else "wrong"
    sure = "confident" if confidence >= CONFIDENT else "unsure"
    return predicted, confidence, f"{right}_{sure}"


@lru_cache(maxsize=2)
def _curve(label: int) -> FloatArray:
    curve = xl.binary_cross_entropy(YHAT_GRID, np.full_like(YHAT_GRID, label), reduction="none")
    out = np.asarray(curve, dtype=np.float64)
    out.setflags(write=False)
    return out


def compute(inputs: Inputs) -> View:
    """The loss, its gradients and the verdict for ``inputs``; every number from the library."""
    yhat, y = vec(inputs.yhat), vec(inputs.y)
    z = xl.logit(yhat)
    predicted, confidence, key = verdict(inputs.yhat, inputs.y)
    return View(
        yhat=inputs.yhat,
        y=inputs.y,
        # ŷ^y (1 − ŷ)^(1 − y): the one term of the loss that the label keeps
        p_true=inputs.yhat if inputs.y == 1 else 1.0 - inputs.yhat,
        worked_form=f"if_{inputs.y}",
        loss=item(xl.binary_cross_entropy(yhat, y)),
        dloss_dyhat=item(xl.grad.binary_cross_entropy(yhat, y)),
        logit=item(z),
        dloss_dlogit=item(xl.grad.binary_cross_entropy_with_logits(z, y)),
        predicted=predicted,
        confidence=confidence,
        verdict=key,
        curve_x=YHAT_GRID,
        curve_if_1=_curve(1),
        curve_if_0=_curve(0),
    )
