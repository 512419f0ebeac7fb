"""Section 12 — where cross-entropy is used, with two small calculators.

Language models report perplexity e^CE (2^CE when CE is in bits): the number of equally likely
next tokens that would be as surprising. Distillation trains a student on the teacher's
softened distribution: T² · KL(softmax(t/T) ‖ softmax(s/T)).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

import xentlab as xl
from xentlab.lessons._common import FloatArray, fmt_param, item, query_float
from xentlab.lessons._lists import query_choice

__all__ = ["STUDENT", "TEACHER", "Inputs", "View", "compute"]

CE_MAX, CE_STEP = 12.0, 0.01
T_MIN, T_MAX, T_STEP = 0.5, 10.0, 0.1
UNITS = ("nats", "bits")
#: fixed logits of a teacher and a student over four classes (the calculator moves T only)
TEACHER = (4.0, 2.5, 1.0, -1.0)
STUDENT = (3.0, 3.0, 0.0, 0.0)


@dataclass(frozen=True)
class Inputs:
    """A mean cross-entropy and its unit; the distillation temperature T."""

    ce: float = 3.0
    unit: str = "nats"
    temperature: float = 2.0

    def __post_init__(self) -> None:
        if not 0 <= self.ce <= CE_MAX:
            raise ValueError(f"ce must be in [0, {CE_MAX}], got {self.ce!r}")
        if self.unit not in UNITS:
            raise ValueError(f"unit must be one of {UNITS}, got {self.unit!r}")
        if not T_MIN - 1e-9 <= self.temperature <= T_MAX + 1e-9:
            raise ValueError(f"temperature must be in [{T_MIN}, {T_MAX}], got {self.temperature!r}")

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> tuple[Inputs, tuple[str, ...]]:
        """Inputs from ``ce=3&unit=nats&T=2``; bad values give the defaults and name the keys."""
        bad: list[str] = []
        ce = query_float(query, "ce", cls.ce, 0.0, CE_MAX, CE_STEP, bad)
        unit = query_choice(query, "unit", cls.unit, UNITS, bad)
        t = query_float(query, "T", cls.temperature, T_MIN, T_MAX, T_STEP, bad)
        return cls(ce=ce, unit=unit, temperature=t), tuple(bad)

    def to_query(self) -> dict[str, str]:
        """The URL query that restores these inputs."""
        return {"ce": fmt_param(self.ce), "unit": self.unit, "T": fmt_param(self.temperature)}


@dataclass(frozen=True, eq=False)
class View:
    """Perplexity of the cross-entropy, and the distillation loss at temperature T."""

    perplexity: float
    ce_nats: float
    ce_bits: float
    teacher_probs: FloatArray = field(repr=False)  # softmax(teacher / T)
    student_probs: FloatArray = field(repr=False)
    distillation_kl: float  # KL(teacher_T ‖ student_T), nats
    distillation_loss: float  # T² · KL, the usual scaling that keeps gradients comparable


def compute(inputs: Inputs) -> View:
    """Perplexity from the cross-entropy; the distillation loss from ``xl.kl_div``."""
    ce_nats = inputs.ce if inputs.unit == "nats" else inputs.ce * math.log(2)
    # a uniform distribution over e^CE outcomes has entropy CE: that count is the perplexity
    t = inputs.temperature
    teacher = np.asarray(xl.softmax(np.asarray(TEACHER), temperature=t), dtype=np.float64)
    student_log = np.asarray(xl.log_softmax(np.asarray(STUDENT), temperature=t))
    kl = item(xl.kl_div(student_log[None, :], teacher[None, :], reduction="batchmean"))
    return View(
        perplexity=math.exp(ce_nats),
        ce_nats=ce_nats,
        ce_bits=ce_nats / math.log(2),
        teacher_probs=teacher,
        student_probs=np.exp(student_log),
        distillation_kl=kl,
        distillation_loss=t * t * kl,
    )
