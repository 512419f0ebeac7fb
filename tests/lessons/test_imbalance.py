"""Section 11 lesson (class imbalance): weights, losses, the focal loss read at a chosen pₜ and
its label-smoothing curves, against scikit-learn and PyTorch (torchvision's focal loss
written out in torch: torchvision is not installed)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats
import torch
import torch.nn.functional as F
from sklearn.utils.class_weight import compute_class_weight

from xentlab.course.lessons import (
    imbalance,
)


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


def test_section11_weights_are_sklearns_balanced_weights() -> None:
    rng = np.random.default_rng(11)
    for n_classes in range(2, 7):
        counts = tuple(int(n) for n in rng.integers(1, 100_001, size=n_classes))
        v = imbalance.compute(imbalance.Inputs(counts=counts))
        y = np.repeat(np.arange(n_classes), counts)
        expected = compute_class_weight("balanced", classes=np.arange(n_classes), y=y)
        np.testing.assert_allclose(v.weights, expected, rtol=1e-12)
        assert v.pos_weight == pytest.approx(counts[0] / counts[1], rel=1e-15)


@pytest.mark.parametrize("gamma", [0.0, 0.5, 2.0, 5.0])
def test_section11_curves_match_torch(gamma: float) -> None:
    v = imbalance.compute(imbalance.Inputs(gamma=gamma, alpha=0.75))
    p = torch.tensor(v.focal_x)
    z, ones = torch.logit(p), torch.ones_like(p)
    # torchvision's sigmoid_focal_loss: α·(1 − p_t)^γ·CE with p_t = σ(z) for a positive
    ce = F.binary_cross_entropy_with_logits(z, ones, reduction="none")
    np.testing.assert_allclose(v.focal_ce, ce.numpy(), rtol=1e-12)
    np.testing.assert_allclose(v.modulating, ((1 - p) ** gamma).numpy(), rtol=1e-12)
    np.testing.assert_allclose(
        v.focal_loss, (0.75 * (1 - p) ** gamma * ce).numpy(), rtol=1e-9, atol=1e-15
    )


def test_section11_smoothed_target_and_positive_at_0_3_match_torch() -> None:
    v = imbalance.compute(imbalance.Inputs(counts=(50, 200, 10, 40), smoothing=0.2))
    # torch's label smoothing: CE with smoothing = CE against (1 − ε)·one_hot + ε/C
    z = torch.randn(4, generator=torch.Generator().manual_seed(11), dtype=torch.float64)
    smoothed = F.cross_entropy(z[None], torch.tensor([0]), label_smoothing=0.2)
    against = F.cross_entropy(z[None], torch.tensor(v.smoothed_target)[None])
    assert float(against) == pytest.approx(float(smoothed), rel=1e-12)
    assert v.smoothing_floor == pytest.approx(scipy.stats.entropy(v.smoothed_target), rel=1e-12)
    # a positive predicted at p = 0.3, plain and with pos_weight = n₀ / n₁ = 50 / 200
    z_pos = torch.logit(torch.tensor([0.3], dtype=torch.float64))
    one = torch.ones(1, dtype=torch.float64)
    plain = F.binary_cross_entropy_with_logits(z_pos, one)
    weighted = F.binary_cross_entropy_with_logits(
        z_pos, one, pos_weight=torch.tensor([0.25], dtype=torch.float64)
    )
    assert v.bce_plain == pytest.approx(float(plain), rel=1e-12)
    assert v.bce_pos_weighted == pytest.approx(float(weighted), rel=1e-12)


def test_section11_link_keys_and_snapping() -> None:
    query = {"counts": "5,6.0,7", "gamma": "2.04", "alpha": "0.26", "pt": "0.777", "eps": "0.123"}
    inputs = imbalance.Inputs(counts=(5, 6, 7), gamma=2.0, alpha=0.25, pt=0.78, smoothing=0.12)
    assert imbalance.Inputs.from_query(query) == (inputs, ())
    assert inputs.to_query() == {
        "counts": "5,6,7",
        "gamma": "2",
        "alpha": "0.25",
        "pt": "0.78",
        "eps": "0.12",
    }


def torchvision_focal(p_t: float, alpha: float, gamma: float) -> float:
    """torchvision.ops.sigmoid_focal_loss of a positive (target 1) whose σ(logit) is p_t, its
    source written out in torch (torchvision itself is not installed)."""
    inputs = torch.logit(torch.tensor([p_t], dtype=torch.float64))
    targets = torch.ones(1, dtype=torch.float64)
    p = torch.sigmoid(inputs)
    ce_loss = F.binary_cross_entropy_with_logits(inputs, targets, reduction="none")
    p_t_ = p * targets + (1 - p) * (1 - targets)
    loss = ce_loss * ((1 - p_t_) ** gamma)
    alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
    return float(alpha_t * loss)


@pytest.mark.parametrize(
    ("pt", "alpha", "gamma"),
    [(0.9, 0.25, 2.0), (0.1, 0.75, 0.5), (0.99, 1.0, 5.0), (0.5, 0.0, 1.0)],
)
def test_section11_focal_at_a_chosen_pt_is_torchvisions(
    pt: float, alpha: float, gamma: float
) -> None:
    v = imbalance.compute(imbalance.Inputs(pt=pt, alpha=alpha, gamma=gamma))
    ce = F.binary_cross_entropy_with_logits(
        torch.logit(torch.tensor([pt], dtype=torch.float64)), torch.ones(1, dtype=torch.float64)
    )
    assert v.pt == pt
    assert v.pt_ce == pytest.approx(float(ce), rel=1e-12)
    assert v.pt_factor == pytest.approx((1 - pt) ** gamma, rel=1e-12)
    assert v.pt_focal == pytest.approx(torchvision_focal(pt, alpha, gamma), rel=1e-9, abs=1e-300)
    assert v.pt_kept == pytest.approx(alpha * (1 - pt) ** gamma, rel=1e-9)
    # the chart's points at p_t sit on its curves' values there
    assert v.pt_points == ((pt, v.pt_ce), (pt, v.pt_focal))


def test_section11_default_pt_worked_out() -> None:
    v = imbalance.compute(imbalance.Inputs())
    # p_t = 0.9, γ = 2, α = 0.25: CE = −ln 0.9 = 0.10536, factor (0.1)² = 0.01,
    # focal = 0.25 · 0.01 · 0.10536 = 2.634e-4: the easy example keeps 0.25 % of its loss
    assert (v.pt, v.pt_factor) == (0.9, pytest.approx(0.01, rel=1e-12))
    assert v.pt_focal == pytest.approx(0.25 * 0.01 * -math.log(0.9), rel=1e-12)


def test_section11_gamma_zero_is_alpha_times_ce_and_ce_only_with_alpha_one() -> None:
    # what the page says: with γ = 0 the focal curve is α·CE, with α = 1 too it is CE itself
    default_alpha = imbalance.compute(imbalance.Inputs(gamma=0.0))
    np.testing.assert_allclose(default_alpha.focal_loss, 0.25 * default_alpha.focal_ce, rtol=1e-12)
    assert not np.allclose(default_alpha.focal_loss, default_alpha.focal_ce)
    plain = imbalance.compute(imbalance.Inputs(gamma=0.0, alpha=1.0))
    np.testing.assert_allclose(plain.focal_loss, plain.focal_ce, rtol=1e-12)
    np.testing.assert_allclose(plain.modulating, 1.0)


@pytest.mark.parametrize(("counts", "eps"), [((900, 90, 10), 0.1), ((5, 5), 0.3), ((1,) * 6, 0.5)])
def test_section11_smoothing_curves_match_torch(counts: tuple[int, ...], eps: float) -> None:
    v = imbalance.compute(imbalance.Inputs(counts=counts, smoothing=eps))
    c = len(counts)
    # the predictions drawn: p_t on the true class 0, (1 − p_t) / (C − 1) on each other one
    p_t = torch.tensor(v.smooth_x, dtype=torch.float64)
    rest = ((1 - p_t) / (c - 1))[:, None].expand(-1, c - 1)
    logits = torch.log(torch.cat([p_t[:, None], rest], dim=1))
    target = torch.zeros(len(p_t), dtype=torch.long)
    plain = F.cross_entropy(logits, target, reduction="none")
    smoothed = F.cross_entropy(logits, target, reduction="none", label_smoothing=eps)
    np.testing.assert_allclose(v.smooth_plain, plain.numpy(), rtol=1e-12)
    np.testing.assert_allclose(v.smooth_loss, smoothed.numpy(), rtol=1e-12)
    # the floor: no point of the smoothed curve lies below H(y_smooth); its lowest point is the
    # prediction equal to the smoothed target, p_t = 1 − ε + ε/C, where the loss is the floor
    assert v.smooth_loss.min() >= v.smoothing_floor - 1e-12
    best_pt, floor = v.smooth_best
    assert best_pt == pytest.approx(1 - eps + eps / c, rel=1e-12)
    assert floor == v.smoothing_floor
    best = [[best_pt] + [(1 - best_pt) / (c - 1)] * (c - 1)]
    at_best = torch.log(torch.tensor(best, dtype=torch.float64))
    reached = F.cross_entropy(at_best, torch.tensor([0]), label_smoothing=eps)
    assert float(reached) == pytest.approx(floor, rel=1e-9)
    # the curve climbs again towards p_t = 1: the model gains nothing by being certain
    assert v.smooth_loss[-1] > v.smoothing_floor + 0.1


def test_section11_eps_changes_the_smoothing_chart() -> None:
    none = imbalance.compute(imbalance.Inputs(smoothing=0.0))
    some = imbalance.compute(imbalance.Inputs(smoothing=0.2))
    np.testing.assert_allclose(none.smooth_loss, none.smooth_plain, rtol=1e-12)  # ε = 0: plain
    assert none.smoothing_floor == 0 and none.smooth_best == (1.0, 0.0)
    assert none.floor_check == 0  # the one-hot prediction (a logit of −∞) reaches it
    assert np.all(some.smooth_loss[-5:] > none.smooth_loss[-5:])  # a confident prediction pays
    assert some.smoothing_floor > 0
