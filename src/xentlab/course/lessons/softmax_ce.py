"""Section 2 — softmax and categorical cross-entropy over 2 to 10 logits.

ŷ = softmax(z / T),  L = −ln ŷ_c for the true class c,  ∂L/∂z_i = (ŷ_i − y_i) / T.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

import xentlab as xl
from xentlab.course.lessons._common import FloatArray, item
from xentlab.course.params import Conflict, Declared, Real, Reals, Whole, param

__all__ = [
    "EXAMPLE",
    "LOGITS",
    "Inputs",
    "View",
    "compute",
    "logit_problem",
    "parse_logit",
]

#: 2 to 10 typed logits, each within ±1000
LOGITS = Reals(-1000.0, 1000.0, (2, 10))

#: the opening example: a photo of a cat, the model's (cat, dog) probabilities, the label cat
EXAMPLE = (0.8, 0.2)


def logit_problem(text: str) -> str | None:
    """Why ``text`` is not a usable logit (``empty``, ``not_a_number``, ``too_large``), or None."""
    text = text.strip().replace("−", "-")
    if not text:
        return "empty"
    try:
        value = float(text)
    except ValueError:
        return "not_a_number"
    if math.isnan(value):
        return "not_a_number"
    if not abs(value) <= LOGITS.hi:
        return "too_large"
    return None


def parse_logit(text: str) -> float:
    """The logit typed as ``text``; ValueError (message = the problem key) when it is unusable."""
    problem = logit_problem(text)
    if problem is not None:
        raise ValueError(problem)
    return float(text.strip().replace("−", "-"))


@dataclass(frozen=True)
class Inputs(Declared):
    """Logits z, softmax temperature T and the index of the true class."""

    logits: tuple[float, ...] = param(LOGITS, (2.0, 1.0, -1.0))
    temperature: float = param(Real(0.1, 5.0, 0.1), 1.0, key="T")
    target: int = param(Whole(0, LOGITS.sizes[1] - 1), 0)

    def check(self) -> None:
        if self.target >= len(self.logits):
            raise Conflict(
                ("target",),
                f"target must be a class index in [0, {len(self.logits)}), got {self.target}",
            )


@dataclass(frozen=True, eq=False)
class View:
    """Everything section 2 shows for one set of logits."""

    probs: FloatArray = field(repr=False)
    one_hot: FloatArray = field(repr=False)
    grad: FloatArray = field(repr=False)  # ∂L/∂z_i = (ŷ_i − y_i) / T
    loss: float  # from the class index (a sparse target)
    loss_one_hot: float  # from the one-hot probability target: the same number
    target: int
    temperature: float
    p_true: float  # ŷ of the true class, the one probability the loss reads
    worked_form: str  # the substitution written without T (plain) or with it (tempered)
    predicted: int
    confidence: float
    right: bool
    grad_bound: float  # the gradient axis runs over ±this: 1, or a larger multiple of 0.5
    grad_step: float  # between two ticks of the gradient axis: half of grad_bound
    example_probs: tuple[float, float]  # the opening example's (cat, dog) prediction
    example_loss: float  # its loss against the label cat
    example_flipped_loss: float  # the loss had the model answered (dog, cat) the other way


def compute(inputs: Inputs) -> View:
    """Softmax, loss and gradient for ``inputs``; every number from the library."""
    z = np.asarray(inputs.logits, dtype=np.float64)
    t = inputs.temperature
    target = np.asarray([inputs.target])
    probs = np.asarray(xl.softmax(z, temperature=t), dtype=np.float64)
    scaled = (z / t)[None, :]
    # L(z) = CE(z / T), so by the chain rule ∂L/∂z = ∂CE/∂(z/T) · 1/T = (ŷ − y) / T
    grad = np.asarray(xl.grad.cross_entropy(scaled, target), dtype=np.float64)[0] / t
    one_hot = np.asarray(xl.one_hot(target, len(z)), dtype=np.float64)
    predicted = int(np.argmax(probs))
    # 1, or the largest |gradient| rounded up to a multiple of 0.5, so the ticks stay short
    grad_bound = max(1.0, math.ceil(2.0 * float(np.abs(grad).max())) / 2.0)
    return View(
        probs=probs,
        one_hot=one_hot[0],
        grad=grad,
        loss=item(xl.cross_entropy(scaled, target)),
        loss_one_hot=item(xl.cross_entropy(scaled, one_hot)),
        target=inputs.target,
        temperature=t,
        p_true=float(probs[inputs.target]),
        worked_form="plain" if t == 1.0 else "tempered",
        predicted=predicted,
        confidence=float(probs[predicted]),
        right=predicted == inputs.target,
        grad_bound=grad_bound,
        grad_step=grad_bound / 2.0,
        example_probs=EXAMPLE,
        example_loss=_EXAMPLE_LOSSES[0],
        example_flipped_loss=_EXAMPLE_LOSSES[1],
    )


def _example_losses() -> tuple[float, float]:
    """H(y, ŷ) of the opening example against the label cat, y = (1, 0), and of the same
    prediction the other way round."""
    probs, cat = np.asarray(EXAMPLE), np.asarray([1.0, 0.0])
    return item(xl.info.cross_entropy(cat, probs)), item(xl.info.cross_entropy(cat, probs[::-1]))


#: the opening example's losses, the same for every View
_EXAMPLE_LOSSES = _example_losses()
