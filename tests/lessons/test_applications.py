"""Section 12 lesson (applications): perplexity and distillation, typed logits against PyTorch."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from xentlab.course.lessons import (
    applications,
)
from xentlab.course.sections import section


def test_section12_perplexity_and_distillation() -> None:
    v = applications.compute(applications.Inputs(ce=3.0, unit="bits", temperature=2.0))
    assert v.perplexity == pytest.approx(8.0, rel=1e-12)  # 2^3
    t = 2.0
    teacher = F.softmax(torch.tensor(applications.TEACHER, dtype=torch.float64) / t, dim=0)
    student = F.log_softmax(torch.tensor(applications.STUDENT, dtype=torch.float64) / t, dim=0)
    kl = F.kl_div(student[None], teacher[None], reduction="batchmean")
    assert v.distillation_kl == pytest.approx(float(kl), rel=1e-12)
    assert v.distillation_loss == pytest.approx(t * t * float(kl), rel=1e-12)
    np.testing.assert_allclose(v.teacher_probs, teacher.numpy(), rtol=1e-12)
    np.testing.assert_allclose(v.student_probs, student.exp().numpy(), rtol=1e-12)


def test_section12_the_other_unit() -> None:
    bits = applications.compute(applications.Inputs(ce=3.0, unit="bits"))
    # 3 bits = 3 ln 2 nats
    assert (bits.other_unit, bits.ce_other) == ("nats", pytest.approx(3 * math.log(2)))
    nats = applications.compute(applications.Inputs(ce=3.0, unit="nats"))
    assert (nats.other_unit, nats.ce_other) == ("bits", pytest.approx(3 / math.log(2)))
    assert nats.perplexity == pytest.approx(math.e**3, rel=1e-12)
    assert applications.Inputs.from_query({"ce": "3.004", "unit": "bits", "T": "2.06"}) == (
        applications.Inputs(ce=3.0, unit="bits", temperature=2.1),
        (),
    )


def test_section12_distillation_of_typed_logits_matches_torch() -> None:
    rng = np.random.default_rng(12)
    for _ in range(30):
        k = int(rng.integers(2, 11))
        teacher = tuple(float(z) for z in np.round(rng.normal(0, 4, size=k), 1))
        student = tuple(float(z) for z in np.round(rng.normal(0, 4, size=k), 1))
        t = float(np.round(rng.uniform(0.5, 10.0), 1))
        inputs = applications.Inputs(temperature=t, teacher=teacher, student=student)
        v = applications.compute(inputs)
        p = F.softmax(torch.tensor(teacher, dtype=torch.float64) / t, dim=0)
        log_q = F.log_softmax(torch.tensor(student, dtype=torch.float64) / t, dim=0)
        kl = float(F.kl_div(log_q[None], p[None], reduction="batchmean"))
        assert v.distillation_kl == pytest.approx(kl, rel=1e-9, abs=1e-15)
        assert v.distillation_loss == pytest.approx(t * t * kl, rel=1e-9, abs=1e-15)
        np.testing.assert_allclose(v.teacher_probs, p.numpy(), rtol=1e-12)
        assert applications.Inputs.from_query(inputs.to_query()) == (inputs, ())


def test_section12_a_student_equal_to_its_teacher_costs_nothing() -> None:
    # KL(p ‖ p) = 0 at every temperature
    logits = (1.5, -2.0, 0.5)
    v = applications.compute(applications.Inputs(teacher=logits, student=logits))
    assert v.distillation_kl == pytest.approx(0.0, abs=1e-15)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("4, 2.5, 1, -1", None),
        ("−2,3", None),  # a true minus sign reads as one
        ("", "empty"),
        ("   ", "empty"),
        ("1,,2", "not_a_number"),
        ("1, x", "not_a_number"),
        ("1, nan", "not_a_number"),
        ("1, 1e400", "too_large"),
        ("1001, 0", "too_large"),
        ("5", "count"),
        (",".join(["1"] * 11), "count"),
    ],
)
def test_section12_typed_logits_problems(text: str, problem: str | None) -> None:
    assert applications.logits_problem(text) == problem
    if problem is None:
        assert applications.parse_logits(text) == tuple(
            float(part.replace("−", "-")) for part in text.split(",")
        )
    else:
        with pytest.raises(ValueError, match=f"^{problem}$"):
            applications.parse_logits(text)


@pytest.mark.parametrize(
    ("teacher", "student", "problems"),
    [
        ("4, 2.5, 1, -1", "3, 3, 0, 0", (None, None)),
        ("4, 2.5, 1", "3, 3, 0, 0", (None, "mismatch")),  # each fine, but 3 and 4 classes
        ("4, x", "3, 3, 0", ("not_a_number", None)),  # its own problem comes first
        ("", "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11", ("empty", "count")),
    ],
)
def test_section12_the_pair_of_boxes(
    teacher: str, student: str, problems: tuple[str | None, str | None]
) -> None:
    assert applications.pair_problems(teacher, student) == problems


def test_section12_logits_are_written_back_as_typed() -> None:
    text = applications.logits_text(applications.TEACHER)
    assert text == "4, 2.5, 1, -1"
    assert applications.parse_logits(text) == applications.TEACHER


@pytest.mark.parametrize(("unit", "base"), [("nats", math.e), ("bits", 2.0)])
def test_section12_perplexity_names_its_base(unit: str, base: float) -> None:
    v = applications.compute(applications.Inputs(ce=2.5, unit=unit))
    # perplexity = base^CE: e^2.5 = 12.18 in nats, 2^2.5 = 5.657 in bits
    assert v.unit == unit
    assert v.perplexity == pytest.approx(base**2.5, rel=1e-12)
    label = section("applications").content()["labels"][f"perplexity_{unit}"]
    assert ("e^CE" if unit == "nats" else "2^CE") in label and unit in label


def test_section12_cards_name_the_fields_and_the_honest_exception() -> None:
    cards = {card["title"]: card["text"] for card in section("applications").content()["cards"]}
    medical, generative = cards["Medical diagnosis"], cards["Generative models"]
    for word in ("pos_weight", "calibrated", "missed tumour", "threshold"):
        assert word in medical
    for word in ("variational autoencoder", "GAN", "BCE", "Diffusion", "squared error"):
        assert word in generative
