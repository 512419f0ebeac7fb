"""Lessons of sections 7–12: numbers checked against independent references, URL round trips."""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pytest
import scipy.stats
import torch
import torch.nn.functional as F
from sklearn.metrics import log_loss
from sklearn.utils.class_weight import compute_class_weight

from xentlab import coding
from xentlab.course.lessons import (
    applications,
    entropy_kl,
    imbalance,
    landscape,
    stability,
    wrong_code,
)
from xentlab.course.sections import section

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
        (stability, {"s": "-0.5", "k": "50.5"}, ("s", "k")),
        (stability, {"k": "0"}, ("k",)),
        (imbalance, {"counts": "10,0.5"}, ("counts",)),
        (imbalance, {"counts": "1,2,3,4,5,6,7"}, ("counts",)),
        (
            imbalance,
            {"counts": "100,0", "gamma": "6", "alpha": "x", "eps": "0.6", "pt": "0"},
            ("counts", "gamma", "alpha", "eps", "pt"),
        ),
        (applications, {"T": "-1", "unit": "x"}, ("unit", "T")),
        (applications, {"ce": "12.5", "unit": "Bits"}, ("ce", "unit")),
        (applications, {"teacher": "1,abc", "student": "1e400,0"}, ("teacher", "student")),
        (applications, {"student": "1,2,3"}, ("student",)),  # the default teacher has 4 classes
        (applications, {"teacher": "1,2", "student": "1,2,3"}, ("teacher", "student")),
        (applications, {"teacher": "5"}, ("teacher",)),  # one logit: not 2 to 10
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


@pytest.mark.parametrize(
    ("module", "changes", "message"),
    [
        (entropy_kl, {"p": (1.0,)}, "p must be 2 to 8 numbers in [0, 1], got (1.0,)"),
        (
            entropy_kl,
            {"q": (0.5, 2.0, 0.5, 0.5)},
            "q must be 2 to 8 numbers in [0, 1], got (0.5, 2.0, 0.5, 0.5)",
        ),
        (
            entropy_kl,
            {"p": [0.5, 0.5, 0.5, 0.5]},
            "p must be 2 to 8 numbers in [0, 1], got [0.5, 0.5, 0.5, 0.5]",
        ),
        (
            entropy_kl,
            {"p": (0.0, 0.0, 0.0, 0.0)},
            "p must have a positive total weight, got (0.0, 0.0, 0.0, 0.0)",
        ),
        (
            entropy_kl,
            {"p": (1.0, 1.0)},
            "p and q must have the same number of outcomes, got 2 and 4",
        ),
        (entropy_kl, {"unit": "hartleys"}, "unit must be one of bits, nats, got 'hartleys'"),
        (
            wrong_code,
            {"source": "Klingon"},
            "source must be one of English, French, German, Spanish, got 'Klingon'",
        ),
        (
            wrong_code,
            {"code": "english"},
            "code must be one of English, French, German, Spanish, got 'english'",
        ),
        (
            wrong_code,
            {"text": "x" * 2001},
            "text must be a text of at most 2000 characters, got a text of 2001 characters",
        ),
        (wrong_code, {"text": None}, "text must be a text of at most 2000 characters, got None"),
        (landscape, {"p": 1.5}, "p must be a number in [0.01, 0.99], got 1.5"),
        (landscape, {"q": 0}, "q must be a number in [0.01, 0.99], got 0"),
        (landscape, {"q": "0.5"}, "q must be a number in [0.01, 0.99], got '0.5'"),
        (stability, {"log_scale": 4.5}, "log_scale must be a number in [0, 4], got 4.5"),
        (stability, {"k": 0}, "k must be a whole number in [1, 400], got 0"),
        (stability, {"k": 50.0}, "k must be a whole number in [1, 400], got 50.0"),
        (
            imbalance,
            {"counts": (900,)},
            "counts must be 2 to 6 whole numbers in [1, 100000], got (900,)",
        ),
        (
            imbalance,
            {"counts": (900, 0)},
            "counts must be 2 to 6 whole numbers in [1, 100000], got (900, 0)",
        ),
        (
            imbalance,
            {"counts": (900, 2.5)},
            "counts must be 2 to 6 whole numbers in [1, 100000], got (900, 2.5)",
        ),
        (imbalance, {"gamma": 5.5}, "gamma must be a number in [0, 5], got 5.5"),
        (imbalance, {"alpha": -0.05}, "alpha must be a number in [0, 1], got -0.05"),
        (imbalance, {"smoothing": 0.6}, "smoothing must be a number in [0, 0.5], got 0.6"),
        (imbalance, {"pt": 1.0}, "pt must be a number in [0.01, 0.99], got 1.0"),
        (applications, {"ce": 12.5}, "ce must be a number in [0, 12], got 12.5"),
        (applications, {"unit": "hartleys"}, "unit must be one of nats, bits, got 'hartleys'"),
        (
            applications,
            {"teacher": (1.0,), "student": (1.0,)},
            "teacher must be 2 to 10 numbers in [-1000, 1000], got (1.0,)",
        ),
        (
            applications,
            {"student": (1.0, 2.0, 3.0)},
            "teacher and student must have the same number of logits, got 4 and 3",
        ),
        (
            applications,
            {"temperature": 0.4},
            "temperature must be a number in [0.5, 10], got 0.4",
        ),
    ],
)
def test_inputs_reject_what_the_controls_never_offer(
    module: Any, changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        module.Inputs(**changes)


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


def test_section7_a_link_that_breaks_a_rule_of_the_pair_gives_the_default_pair() -> None:
    # valid alone, but P has no weight: P and Q are edited as a pair, so both fall back
    inputs, bad = entropy_kl.Inputs.from_query({"p": "0,0,0,0", "q": "1,1,1,1"})
    assert (inputs, bad) == (entropy_kl.Inputs(), ("p", "q"))
    shared = {"p": "1,0.5", "q": "0.25,1", "unit": "nats"}
    assert entropy_kl.Inputs.from_query(shared) == (
        entropy_kl.Inputs(p=(1.0, 0.5), q=(0.25, 1.0), unit="nats"),
        (),
    )


def test_section7_view_carries_the_drawn_bars_and_stack() -> None:
    v = entropy_kl.compute(entropy_kl.Inputs(p=(1, 0.5, 0.5, 0), q=(0.5, 0.5, 0.5, 0.5)))
    # the bars are the weights renormalised: (1, ½, ½, 0) / 2 and (½, ½, ½, ½) / 2
    np.testing.assert_allclose(v.p, [0.5, 0.25, 0.25, 0.0], rtol=1e-15)
    np.testing.assert_allclose(v.q, [0.25] * 4, rtol=1e-15)
    # a finite KL is drawn as it is, on an axis that ends at the next half unit above
    # H(P, Q) = 1.5 + 0.5 = 2 bits
    assert not v.kl_infinite and v.kl_bar == v.kl and v.stack_top == 2.5


def test_section7_an_infinite_kl_is_an_unbounded_bar() -> None:
    # Q = (1, 0) misses P's second outcome: H(P) = 1 bit and KL = ∞; the axis ends at the next
    # half unit above twice H(P), 2.5 bits, and the KL bar runs from H(P) to it
    infinite = entropy_kl.compute(entropy_kl.Inputs(p=(1, 1), q=(1, 0)))
    assert infinite.kl == math.inf and infinite.kl_infinite
    assert infinite.entropy == pytest.approx(1.0, rel=1e-15)
    assert infinite.stack_top == 2.5
    assert infinite.kl_bar == pytest.approx(infinite.stack_top - infinite.entropy, rel=1e-15)
    # a certain P (H = 0) still gets a bar: the axis then ends past 1 unit, at 1.5
    certain = entropy_kl.compute(entropy_kl.Inputs(p=(1, 0), q=(0, 1)))
    assert certain.kl_infinite and (certain.stack_top, certain.kl_bar) == (1.5, 1.5)


def test_section7_defaults_show_kl_is_not_symmetric() -> None:
    defaults = entropy_kl.Inputs()
    v = entropy_kl.compute(defaults)
    p = np.array(defaults.p) / sum(defaults.p)
    q = np.array(defaults.q) / sum(defaults.q)
    forward = scipy.stats.entropy(p, q, base=2)  # KL(P‖Q)
    backward = scipy.stats.entropy(q, p, base=2)  # KL(Q‖P)
    assert abs(forward - backward) > 0.1  # swapping P and Q changes the number visibly
    assert v.kl == pytest.approx(forward, rel=1e-12)
    assert v.kl_reverse == pytest.approx(backward, rel=1e-12)
    assert v.cross_entropy == pytest.approx(v.entropy + v.kl, rel=1e-12)  # H(P, Q) = H + KL
    swapped = entropy_kl.compute(entropy_kl.Inputs(p=defaults.q, q=defaults.p))
    assert (swapped.kl, swapped.kl_reverse) == (v.kl_reverse, v.kl)


@pytest.mark.parametrize("unit", ["bits", "nats"])
def test_section7_perplexity_is_the_units_base_to_the_entropy(unit: str) -> None:
    v = entropy_kl.compute(entropy_kl.Inputs(unit=unit))
    base = 2.0 if unit == "bits" else math.e  # the base the page names: 2^H or e^H
    assert v.perplexity_p == pytest.approx(base**v.entropy, rel=1e-12)
    assert v.perplexity_pq == pytest.approx(base**v.cross_entropy, rel=1e-12)
    p = np.array(entropy_kl.Inputs().p) / sum(entropy_kl.Inputs().p)
    # the same number in any base: 2^{H in bits} = e^{H in nats}
    assert v.perplexity_p == pytest.approx(math.exp(scipy.stats.entropy(p)), rel=1e-12)
    assert v.perplexity_p == pytest.approx(2 ** scipy.stats.entropy(p, base=2), rel=1e-12)


def test_section8_link_keys_and_text_problems() -> None:
    inputs = wrong_code.Inputs(source="German", code="Spanish", text="Hola, ¿qué tal?")
    assert inputs.to_query() == {"src": "German", "code": "Spanish", "text": "Hola, ¿qué tal?"}
    assert wrong_code.Inputs.from_query(inputs.to_query()) == (inputs, ())
    assert wrong_code.text_problem("x" * 2000) is None  # the longest text that is kept
    assert wrong_code.text_problem("x" * 2001) == "too_long"
    assert wrong_code.text_problem("1234 !") == "no_letters"


def test_section8_ranking_bars_are_in_proportion_to_the_best_language() -> None:
    text = "Der schnelle braune Fuchs springt über den faulen Hund"
    v = wrong_code.compute(wrong_code.Inputs(text=text))
    ranking = coding.rank_languages(text)
    assert v.ranking == ranking
    # the best language's bar spans 60 % of its row; each other one best / bits of that
    best = ranking[0][1]
    np.testing.assert_allclose(v.rank_widths, [60 * best / bits for _, bits in ranking])
    assert v.rank_widths[0] == 60
    assert wrong_code.compute(wrong_code.Inputs(text="1234")).rank_widths == []


def test_section9_link_is_snapped_to_the_sliders() -> None:
    assert landscape.Inputs.from_query({"p": "0.123", "q": "0.5"}) == (
        landscape.Inputs(p=0.12, q=0.5),
        (),
    )


def test_section9_view_carries_the_drawn_points() -> None:
    v = landscape.compute(landscape.Inputs(p=0.11, q=0.91))
    # the map's point is (q, p) itself, across and up, placed on the value axes
    assert v.heat_point == (0.91, 0.11)
    assert v.curve_point == (0.11, v.entropy)
    # the colour scale's top: the highest point H(0.99, 0.01) = 6.58 bits, rounded up
    assert v.surface_max == math.ceil(-(0.99 * math.log2(0.01) + 0.01 * math.log2(0.99)))


def test_section9_heat_point_is_exactly_the_slider_values() -> None:
    for k in range(1, 100):
        p = round(k / 100, 2)
        q = round(1 - p, 2)
        assert landscape.compute(landscape.Inputs(p=p, q=q)).heat_point == (q, p)


def test_section9_cells_tile_the_value_axes() -> None:
    # 50 cells of width 0.02 centred on 0.01, 0.03, …, 0.99: their edges run 0, 0.02, …, 1, so
    # on value axes over [0, 1] cell i's centre sits at GRID[i] and a point lands where it is
    v = landscape.compute(landscape.Inputs())
    assert v.heat_extent == (0.0, 1.0)
    lo, hi = v.heat_extent
    centres = lo + (np.arange(len(v.grid)) + 0.5) * (hi - lo) / len(v.grid)
    np.testing.assert_allclose(v.grid, centres, atol=1e-12)
    np.testing.assert_allclose(v.grid, np.arange(0.01, 1, 0.02), atol=1e-12)


def test_section10_overflow_points_and_conventions() -> None:
    assert stability.overflow_scale(np.float32) == pytest.approx(88.72, abs=0.01)
    assert stability.overflow_scale(np.float64) == pytest.approx(709.78, abs=0.01)
    below = stability.compute(stability.Inputs(log_scale=1.9))  # scale 79: float32 still fine
    assert np.all(np.isfinite(below.naive32)) and not below.broken("naive32")
    past32 = stability.compute(stability.Inputs(log_scale=2.0))  # scale 100 > 88.7
    assert np.isnan(past32.naive32[0]) and np.all(np.isfinite(past32.naive64))
    assert past32.broken("naive32") and not past32.broken("naive64")
    past64 = stability.compute(stability.Inputs(log_scale=3.0))  # scale 1000 > 709.8
    assert np.isnan(past64.naive64[0]) and past64.broken("naive64")
    assert not past64.broken("stable")
    np.testing.assert_allclose(past64.stable, [1, 0, 0], atol=1e-300)
    # ln softmax of the last class: −2000 − ln(1 + e^−1000 + e^−2000) = −2000 exactly in float64
    assert past64.log_softmax == -2000.0 and past64.log_of_softmax == -math.inf


def test_section10_link_keys_and_snapping() -> None:
    # s is snapped to the slider's 0.01 grid; k is a whole number, written with or without ".0"
    assert stability.Inputs.from_query({"s": "1.234", "k": "50.0"}) == (
        stability.Inputs(log_scale=1.23, k=50),
        (),
    )
    assert stability.Inputs(log_scale=2.5, k=7).to_query() == {"s": "2.5", "k": "7"}


def test_section10_view_carries_the_mark_and_the_curves() -> None:
    v = stability.compute(stability.Inputs(log_scale=2.5))
    assert v.scale == pytest.approx(10**2.5, rel=1e-15)  # where the chart marks the scale
    np.testing.assert_allclose(v.logits, [10**2.5, 0, -(10**2.5)], rtol=1e-15)
    # the scale axis runs over the slider's range, 10^0 to 10^4
    assert (v.scales[0], v.scales[-1]) == pytest.approx((1.0, 1e4), rel=1e-12)
    z = torch.tensor(v.scales)[:, None] * torch.tensor(stability.BASE_LOGITS)[None, :]
    reference = F.softmax(z, dim=1)[:, 0].numpy()
    np.testing.assert_allclose(v.curve_stable, reference, rtol=1e-12)
    # naive e^z / Σ e^z breaks (NaN) exactly where e^scale overflows float64, agrees before
    broken = v.scales > v.overflow64
    assert broken.any() and not broken.all()
    np.testing.assert_array_equal(np.isnan(v.curve_naive64), broken)
    np.testing.assert_allclose(v.curve_naive64[~broken], reference[~broken], rtol=1e-12)


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


def test_section10_sklearn_guard_is_sklearns_log_loss() -> None:
    rng = np.random.default_rng(10)
    eps = float(np.finfo(np.float64).eps)
    edges = [0.0, 1e-400, eps / 2, eps, 2 * eps, 0.5, 1 - eps, 1.0]
    for yhat in [*edges, *(10.0 ** -rng.uniform(0, 400, size=50)), *rng.uniform(0, 1, size=50)]:
        expected = log_loss([1], [[1 - yhat, yhat]], labels=[0, 1])
        assert stability.sklearn_log_loss(float(yhat)) == pytest.approx(expected, rel=1e-15), yhat


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
