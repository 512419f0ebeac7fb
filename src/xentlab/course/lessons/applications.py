"""Section 12 — where cross-entropy is used, with two small calculators.

Language models report perplexity e^CE (2^CE when CE is in bits): the number of equally likely
next tokens that would be as surprising. Distillation trains a student on the teacher's
softened distribution: T² · KL(softmax(t/T) ‖ softmax(s/T)), for typed teacher logits t and
student logits s over the same classes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

import xentlab as xl
from xentlab.course.lessons._common import FloatArray, item
from xentlab.course.lessons.softmax_ce import LOGITS, logit_problem, parse_logit
from xentlab.course.params import Choice, Conflict, Declared, Real, param

__all__ = [
    "STUDENT",
    "TEACHER",
    "Inputs",
    "View",
    "compute",
    "logits_problem",
    "logits_text",
    "pair_problems",
    "parse_logits",
]

#: the default logits of a teacher and a student over four classes
TEACHER = (4.0, 2.5, 1.0, -1.0)
STUDENT = (3.0, 3.0, 0.0, 0.0)


@dataclass(frozen=True)
class Inputs(Declared):
    """A mean cross-entropy and its unit; the distillation temperature T and the logits of the
    teacher and of the student (as many of each as there are classes, 2 to 10)."""

    ce: float = param(Real(0.0, 12.0, 0.01), 3.0)
    unit: str = param(Choice(("nats", "bits")), "nats")
    temperature: float = param(Real(0.5, 10.0, 0.1), 2.0, key="T")
    teacher: tuple[float, ...] = param(LOGITS, TEACHER)
    student: tuple[float, ...] = param(LOGITS, STUDENT)

    def check(self) -> None:
        if len(self.teacher) != len(self.student):
            raise Conflict(
                ("teacher", "student"),
                "teacher and student must have the same number of logits, "
                f"got {len(self.teacher)} and {len(self.student)}",
            )


def logits_text(logits: tuple[float, ...]) -> str:
    """Logits as they are written into their box: ``4, 2.5, 1, -1``."""
    return ", ".join(f"{z:g}" for z in logits)


def logits_problem(text: str) -> str | None:
    """Why ``text`` is not a usable list of logits (``empty``, ``not_a_number``, ``too_large``,
    ``count``: not 2 to 10 of them), or None; each logit is read as section 2 reads one."""
    if not text.strip():
        return "empty"
    parts = text.split(",")
    for part in parts:
        problem = logit_problem(part)
        if problem is not None:
            return "not_a_number" if problem == "empty" else problem
    lo, hi = LOGITS.sizes
    return None if lo <= len(parts) <= hi else "count"


def parse_logits(text: str) -> tuple[float, ...]:
    """The logits typed as ``text``; ValueError (message = the problem key) when unusable."""
    problem = logits_problem(text)
    if problem is not None:
        raise ValueError(problem)
    return tuple(parse_logit(part) for part in text.split(","))


def pair_problems(teacher: str, student: str) -> tuple[str | None, str | None]:
    """The problem of the teacher's box and of the student's: each its own, and ``mismatch``
    for the student's when both are usable but the counts of logits differ."""
    problems = logits_problem(teacher), logits_problem(student)
    if problems == (None, None) and len(parse_logits(teacher)) != len(parse_logits(student)):
        return None, "mismatch"
    return problems


@dataclass(frozen=True, eq=False)
class View:
    """Perplexity of the cross-entropy, and the distillation loss at temperature T."""

    perplexity: float
    unit: str  # the unit of the typed CE, which names the perplexity's base: e (nats), 2 (bits)
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
    teacher = np.asarray(xl.softmax(np.asarray(inputs.teacher), temperature=t), np.float64)
    student_log = np.asarray(xl.log_softmax(np.asarray(inputs.student), temperature=t))
    kl = item(xl.kl_div(student_log[None, :], teacher[None, :], reduction="batchmean"))
    ce_bits = ce_nats / math.log(2)
    other = "bits" if inputs.unit == "nats" else "nats"
    return View(
        perplexity=item(xl.info.perplexity_of_loss(inputs.ce, base=BASES[inputs.unit])),
        unit=inputs.unit,
        ce_nats=ce_nats,
        ce_bits=ce_bits,
        other_unit=other,
        ce_other=ce_bits if other == "bits" else ce_nats,
        teacher_probs=teacher,
        student_probs=np.exp(student_log),
        distillation_kl=kl,
        distillation_loss=t * t * kl,
    )
