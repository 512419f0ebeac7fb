"""Lessons of sections 7–12: numbers checked against independent references, URL round trips."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
import scipy.stats
import torch
import torch.nn.functional as F
from sklearn.metrics import log_loss

from xentlab.lessons import applications, entropy_kl, imbalance, landscape, stability, wrong_code

MODULES = [entropy_kl, wrong_code, landscape, stability, imbalance, applications]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_defaults_round_trip_through_the_url(module: Any) -> None:
    inputs, bad = module.Inputs.from_query({})
    assert bad == ()
    again, bad = module.Inputs.from_query(inputs.to_query())
    assert again == inputs and bad == ()
    module.compute(inputs)


@pytest.mark.parametrize(
    ("module", "query", "bad_keys"),
    [
        (entropy_kl, {"p": "abc", "q": "0.5,0.5"}, ("p", "q")),
        (entropy_kl, {"p": "0.5,0.5", "q": "1,1,1"}, ("p", "q")),
        (entropy_kl, {"p": "0,0", "q": "1,1"}, ("p", "q")),
        (entropy_kl, {"unit": "hartleys"}, ("unit",)),
        (wrong_code, {"src": "Klingon"}, ("src",)),
        (wrong_code, {"text": "x" * 3000}, ("text",)),
        (landscape, {"p": "5", "q": "nan"}, ("p", "q")),
        (stability, {"s": "9", "k": "1e400"}, ("s", "k")),
        (imbalance, {"counts": "10,0.5"}, ("counts",)),
        (imbalance, {"counts": "1,2,3,4,5,6,7"}, ("counts",)),
        (applications, {"T": "-1", "unit": "x"}, ("unit", "T")),
    ],
)
def test_bad_query_values_give_defaults_and_name_the_keys(
    module: Any, query: dict[str, str], bad_keys: tuple[str, ...]
) -> None:
    inputs, bad = module.Inputs.from_query(query)
    assert sorted(bad) == sorted(bad_keys)
    defaults = module.Inputs()
    for key in bad_keys:
        field = {"src": "source", "s": "log_scale", "eps": "smoothing", "T": "temperature"}.get(
            key, key
        )
        assert getattr(inputs, field) == getattr(defaults, field)


def test_section7_matches_scipy_and_shows_the_identity() -> None:
    inputs = entropy_kl.Inputs(p=(1, 0.5, 0.5, 0), q=(1, 1, 1, 1), unit="bits")
    v = entropy_kl.compute(inputs)
    p, q = np.array([0.5, 0.25, 0.25, 0]), np.full(4, 0.25)
    assert v.entropy == pytest.approx(scipy.stats.entropy(p, base=2), rel=1e-12)  # 1.5 bits
    assert v.kl == pytest.approx(scipy.stats.entropy(p, q, base=2), rel=1e-12)  # 0.5 bits
    assert v.cross_entropy == pytest.approx(v.entropy + v.kl, rel=1e-12)  # 2 bits
    assert v.perplexity_p == pytest.approx(2**1.5, rel=1e-12)
    nats = entropy_kl.compute(entropy_kl.Inputs(p=(1, 0.5, 0.5, 0), q=(1, 1, 1, 1), unit="nats"))
    assert nats.entropy == pytest.approx(1.5 * math.log(2), rel=1e-12)


def test_section7_q_missing_mass_of_p_is_infinite() -> None:
    v = entropy_kl.compute(entropy_kl.Inputs(p=(1, 1), q=(1, 0)))
    assert v.q_misses_p and v.cross_entropy == math.inf and v.kl == math.inf


def test_section8_costs_and_ranking() -> None:
    v = wrong_code.compute(
        wrong_code.Inputs(
            source="French",
            code="German",
            text="Le petit chat mange une pomme et regarde les oiseaux du jardin.",
        )
    )
    assert v.cost.entropy <= v.cost.own_length < v.cost.entropy + 1
    assert v.cost.wrong_length > v.cost.own_length
    assert v.table[0].letter == "e"
    assert v.ranking[0][0] == "French"
    empty = wrong_code.compute(wrong_code.Inputs(text="1234"))
    assert empty.text_problem == "no_letters" and empty.ranking == []


def test_section9_point_and_surface_match_scipy() -> None:
    v = landscape.compute(landscape.Inputs(p=0.3, q=0.7))
    p, q = [0.3, 0.7], [0.7, 0.3]
    assert v.entropy == pytest.approx(scipy.stats.entropy(p, base=2), rel=1e-12)
    assert v.kl == pytest.approx(scipy.stats.entropy(p, q, base=2), rel=1e-12)
    # −(0.3·log2 0.7 + 0.7·log2 0.3)
    assert v.cross_entropy == pytest.approx(-(0.3 * math.log2(0.7) + 0.7 * math.log2(0.3)))
    # the minimum of every row of the surface lies on the diagonal, where it equals H(p)
    assert np.array_equal(np.argmin(v.surface, axis=1), np.arange(len(v.grid)))
    np.testing.assert_allclose(np.diag(v.surface), v.entropy_curve, rtol=1e-12)


def test_section10_overflow_points_and_conventions() -> None:
    assert stability.overflow_scale(np.float32) == pytest.approx(88.72, abs=0.01)
    assert stability.overflow_scale(np.float64) == pytest.approx(709.78, abs=0.01)
    below = stability.compute(stability.Inputs(log_scale=1.9))  # scale 79: float32 still fine
    assert np.all(np.isfinite(below.naive32))
    past32 = stability.compute(stability.Inputs(log_scale=2.0))  # scale 100 > 88.7
    assert np.isnan(past32.naive32[0]) and np.all(np.isfinite(past32.naive64))
    past64 = stability.compute(stability.Inputs(log_scale=3.0))  # scale 1000 > 709.8
    assert np.isnan(past64.naive64[0])
    np.testing.assert_allclose(past64.stable, [1, 0, 0], atol=1e-300)
    # ln softmax of the last class: −2000 − ln(1 + e^−1000 + e^−2000) = −2000 exactly in float64
    assert past64.log_softmax == -2000.0 and past64.log_of_softmax == -math.inf


@pytest.mark.parametrize("k", [1, 5, 8, 20, 50, 330])
def test_section10_bce_conventions_follow_each_library(k: int) -> None:
    c = stability.bce_conventions(k)
    yhat = 10.0 ** (-k)
    assert c["exact"] == pytest.approx(k * math.log(10), rel=1e-12)
    # PyTorch itself
    ref = F.binary_cross_entropy(
        torch.tensor([yhat], dtype=torch.float64), torch.tensor([1.0], dtype=torch.float64)
    )
    assert c["pytorch"] == pytest.approx(float(ref), rel=1e-12)
    # Keras' documented rule: clip to [1e-7, 1 − 1e-7], then −ln
    assert c["keras"] == pytest.approx(-math.log(min(max(yhat, 1e-7), 1 - 1e-7)), rel=1e-12)
    # scikit-learn's documented rule: clip to the float64 machine epsilon
    eps = np.finfo(np.float64).eps
    assert c["sklearn"] == pytest.approx(-math.log(max(yhat, eps)), rel=1e-9)
    assert c["sklearn"] == pytest.approx(log_loss([1], [[1 - yhat, yhat]], labels=[0, 1]))


def test_section11_weights_losses_focal_and_smoothing() -> None:
    inputs = imbalance.Inputs(counts=(900, 90, 10), gamma=2.0, alpha=0.25, smoothing=0.1)
    v = imbalance.compute(inputs)
    # N / (C n_c) = 1000 / (3·900), 1000 / (3·90), 1000 / (3·10)
    np.testing.assert_allclose(v.weights, [1000 / 2700, 1000 / 270, 1000 / 30], rtol=1e-12)
    logits, targets = imbalance.batch(3)
    w = torch.tensor(v.weights)
    ref = F.cross_entropy(torch.tensor(logits), torch.tensor(targets), weight=w)
    assert v.weighted_loss == pytest.approx(float(ref), rel=1e-12)
    assert v.pos_weight == 10.0
    # focal at p_t: α (1 − p_t)^γ (−ln p_t)
    i = 50
    p_t = v.focal_x[i]
    assert v.focal_loss[i] == pytest.approx(0.25 * (1 - p_t) ** 2 * -math.log(p_t), rel=1e-9)
    assert v.focal_ce[i] == pytest.approx(-math.log(p_t), rel=1e-9)
    # the smoothed target (0.9 + 0.1/3, 0.1/3, 0.1/3) has entropy = the least reachable loss
    target = [0.9 + 0.1 / 3, 0.1 / 3, 0.1 / 3]
    np.testing.assert_allclose(v.smoothed_target, target, rtol=1e-12)
    assert v.smoothing_floor == pytest.approx(scipy.stats.entropy(target), rel=1e-12)
    assert v.floor_check == pytest.approx(v.smoothing_floor, rel=1e-12)


def test_section12_perplexity_and_distillation() -> None:
    v = applications.compute(applications.Inputs(ce=3.0, unit="bits", temperature=2.0))
    assert v.perplexity == pytest.approx(8.0, rel=1e-12)  # 2^3
    t = 2.0
    teacher = F.softmax(torch.tensor(applications.TEACHER, dtype=torch.float64) / t, dim=0)
    student = F.log_softmax(torch.tensor(applications.STUDENT, dtype=torch.float64) / t, dim=0)
    kl = F.kl_div(student[None], teacher[None], reduction="batchmean")
    assert v.distillation_kl == pytest.approx(float(kl), rel=1e-12)
    assert v.distillation_loss == pytest.approx(t * t * float(kl), rel=1e-12)
