"""Section 12 — where cross-entropy is used, with two small calculators.

Language models report perplexity e^CE (2^CE when CE is in bits): the number of equally likely
next tokens that would be as surprising. Distillation trains a student on the teacher's
softened distribution: T² · KL(softmax(t/T) ‖ softmax(s/T)).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

import xentlab as xl
from xentlab.lessons._common import FloatArray, item
from xentlab.params import Choice, Declared, Real, param

__all__ = ["STUDENT", "TEACHER", "Inputs", "View", "compute"]

#: fixed logits of a teacher and a student over four classes (the calculator moves T only)
TEACHER = (4.0, 2.5, 1.0, -1.0)
STUDENT = (3.0, 3.0, 0.0, 0.0)


@dataclass(frozen=True)
class Inputs(Declared):
    """A mean cross-entropy and its unit; the distillation temperature T."""

    ce: float = param(Real(0.0, 12.0, 0.01), 3.0)
    unit: str = param(Choice(("nats", "bits")), "nats")
    temperature: float = param(Real(0.5, 10.0, 0.1), 2.0, key="T")


@dataclass(frozen=True, eq=False)
class View:
    """Perplexity of the cross-entropy, and the distillation loss at temperature T."""

    perplexity: float
    ce_nats: float
    ce_bits: float
    other_unit: str  # the unit the calculator converts to: bits for a CE typed in nats
    ce_other: float  # the typed CE in the other unit
    teacher_probs: FloatArray = field(repr=False)  # softmax(teacher / T)
    student_probs: FloatArray = field(repr=False)
    distillation_kl: float  # KL(teacher_T ‖ student_T), nats
    distillation_loss: float  # T² · KL, the usual scaling that keeps gradients comparable


#: the base of a logarithm for each unit of information
BASES: dict[str, float | None] = {"nats": None, "bits": 2}


def compute(inputs: Inputs) -> View:
    """Perplexity from the cross-entropy; the distillation loss from ``xl.kl_div``."""
    ce_nats = inputs.ce if inputs.unit == "nats" else inputs.ce * math.log(2)
    t = inputs.temperature
    teacher = np.asarray(xl.softmax(np.asarray(TEACHER), temperature=t), dtype=np.float64)
    student_log = np.asarray(xl.log_softmax(np.asarray(STUDENT), temperature=t))
    kl = item(xl.kl_div(student_log[None, :], teacher[None, :], reduction="batchmean"))
    ce_bits = ce_nats / math.log(2)
    other = "bits" if inputs.unit == "nats" else "nats"
    return View(
        perplexity=item(xl.info.perplexity_of_loss(inputs.ce, base=BASES[inputs.unit])),
        ce_nats=ce_nats,
        ce_bits=ce_bits,
        other_unit=other,
        ce_other=ce_bits if other == "bits" else ce_nats,
        teacher_probs=teacher,
        student_probs=np.exp(student_log),
        distillation_kl=kl,
        distillation_loss=t * t * kl,
    )
