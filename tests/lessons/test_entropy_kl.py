"""Section 7 lesson (entropy and KL divergence): numbers checked against SciPy, the bars, the
stack and the perplexity."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats

from xentlab.course.lessons import (
    entropy_kl,
)


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
