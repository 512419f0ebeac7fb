"""Section 12's tasks: halving the perplexity takes ln 2 off the loss, a loss means nothing
without its unit, and distillation matches distributions, not logits."""

from __future__ import annotations

import math

import numpy as np

from xentlab.course.charts import fmt
from xentlab.course.lessons.applications import TEACHER, Inputs, View, compute, logits_text
from xentlab.course.tasks import Goal, Predict, Task

__all__ = ["TASKS"]

#: the page's defaults: a cross-entropy typed in nats, its perplexity, the distillation loss
DEFAULT_INPUTS = Inputs()
DEFAULT = compute(DEFAULT_INPUTS)
#: how close to half the default perplexity the learner's must come
HALF_WITHIN = 0.05
#: what the student's logits are shifted by from the default teacher's
SHIFT = 1.0
#: how far apart (relatively) the student's and the teacher's softened probabilities may be to
#: count as one distribution, and how small a distillation loss counts as zero (both rounding)
SAME_WITHIN = 1e-9
ZERO_WITHIN = 1e-6


def _perplexity_moves(v: View) -> str:
    """The perplexity against the default one."""
    if math.isclose(v.perplexity, DEFAULT.perplexity, rel_tol=1e-12):
        return "same"
    return "higher" if v.perplexity > DEFAULT.perplexity else "lower"


def _distillation_size(v: View) -> str:
    """The distillation loss: zero, smaller than the default one, or not."""
    if abs(v.distillation_loss) <= ZERO_WITHIN:
        return "zero"
    return "smaller" if v.distillation_loss < DEFAULT.distillation_loss else "larger"


def _same_distribution(v: View) -> bool:
    """Whether the student's softened probabilities are the teacher's."""
    s, t = v.student_probs, v.teacher_probs
    return s.shape == t.shape and bool(np.allclose(s, t, rtol=SAME_WITHIN, atol=0.0))


TASKS: tuple[Task, ...] = (
    Goal(
        "halve_perplexity",
        reached=lambda v: abs(v.perplexity - DEFAULT.perplexity / 2) <= HALF_WITHIN,
        witness={"ce": 2.31},
        facts=lambda v: {
            "perplexity": fmt(v.perplexity, 2),
            "nats": fmt(v.ce_nats, 2),
            "drop": fmt(DEFAULT.ce_nats - v.ce_nats, 2),
        },
        given={
            "ce": f"{DEFAULT_INPUTS.ce:g}",
            "perplexity": fmt(DEFAULT.perplexity, 2),
            "half": fmt(DEFAULT.perplexity / 2, 2),
            "within": f"{HALF_WITHIN:g}",
        },
    ),
    Predict(
        "in_bits",
        choices=("higher", "same", "lower"),
        observed=lambda v: v.unit == "bits" and math.isclose(v.ce_bits, DEFAULT_INPUTS.ce),
        answer=_perplexity_moves,
        witness={"unit": "bits"},
        facts=lambda v: {
            "ce": f"{v.ce_bits:g}",
            "nats": fmt(v.ce_nats, 2),
            "perplexity": fmt(v.perplexity, 2),
        },
        given={"ce": f"{DEFAULT_INPUTS.ce:g}", "perplexity": fmt(DEFAULT.perplexity, 2)},
    ),
    Predict(
        "shifted_student",
        choices=("zero", "smaller", "larger"),
        observed=_same_distribution,
        answer=_distillation_size,
        witness={"student": tuple(z + SHIFT for z in TEACHER)},
        facts=lambda v: {"loss": fmt(v.distillation_loss)},
        given={
            "shift": f"{SHIFT:g}",
            "teacher": logits_text(TEACHER),
            "student": logits_text(tuple(z + SHIFT for z in TEACHER)),
            "loss": fmt(DEFAULT.distillation_loss),
        },
    ),
)
