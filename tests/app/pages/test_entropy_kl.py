"""Section 7 (entropy and KL divergence) driven by NiceGUI's simulated user; expected numbers
come from the library."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from nicegui import ui
from nicegui.testing.user import User

import xentlab as xl
from support.driving import choose, move, one, text, url_becomes
from xentlab.app.pages.widgets import fmt
from xentlab.course.content import load
from xentlab.course.lessons import entropy_kl

Simulate = Callable[..., None]


def test_entropy_kl_typing_dragging_and_units(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        labels = load("entropy_kl")["labels"]
        await user.open("/entropy-kl")
        assert text(user, "entropy") == "1.7500 bits"  # (½·1 + ¼·2 + 2·⅛·3) bits
        p = np.array([0.5, 0.25, 0.125, 0.125])
        q = np.array([0.2, 0.4, 0.6, 0.8]) / 2  # Q's default weights sum to 2
        kl = fmt(float(xl.info.kl_divergence(p, q, base=2))) + " bits"
        assert text(user, "kl") == kl
        assert text(user, "kl_reverse") == fmt(float(xl.info.kl_divergence(q, p, base=2))) + " bits"
        assert text(user, "kl_reverse") != text(user, "kl")  # KL is not symmetric
        # under each weight, the probability it becomes: the weight over its row's sum
        assert [text(user, f"q-prob-{i}") for i in range(4)] == ["0.100", "0.200", "0.300", "0.400"]
        await user.should_see(labels["perplexity_p_bits"])  # 2^H next to H in bits
        user.find(marker="q-0").clear().type("abc")
        await user.should_see(labels["bad_weight"])
        assert text(user, "kl") == kl  # the last good weights stay in force
        user.find(marker="q-0").clear().type("0.75")
        q = np.array([0.75, 0.4, 0.6, 0.8]) / 2.55
        assert text(user, "kl") == fmt(float(xl.info.kl_divergence(p, q, base=2))) + " bits"
        assert text(user, "q-prob-0") == fmt(0.75 / 2.55, 3)
        move(user, "p-bar-3", 0.0)  # dragging the last bar of P to zero
        p = np.array([0.5, 0.25, 0.125, 0.0]) / 0.875
        assert text(user, "entropy") == fmt(float(xl.info.entropy(p, base=2))) + " bits"
        assert text(user, "p-prob-0") == fmt(0.5 / 0.875, 3)
        assert text(user, "p-prob-3") == "0.000"
        choose(user, "unit", "nats")
        assert text(user, "entropy") == fmt(float(xl.info.entropy(p))) + " nats"
        await user.should_see(labels["perplexity_p_nats"])  # e^H next to H in nats
        await user.should_not_see(labels["perplexity_p_bits"])
        # the perplexity is the same number in either unit: e^{H in nats} = 2^{H in bits}
        assert text(user, "perplexity_p") == fmt(float(np.exp(xl.info.entropy(p))), 3)
        assert text(user, "perplexity_p") == fmt(2 ** float(xl.info.entropy(p, base=2)), 3)
        await url_becomes(urls, "?p=0.5,0.25,0.125,0&q=0.75,0.4,0.6,0.8&unit=nats")

    simulate(scenario)


def test_entropy_kl_zero_in_q_is_infinite_and_link_restores(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/entropy-kl?p=1,1&q=1,0&unit=bits")
        assert text(user, "kl") == "∞ bits"
        await user.should_see(marker="misses")
        stack = one(user, "stack-chart")
        assert isinstance(stack, ui.echart)
        drawn = {s["id"]: s["data"] for s in stack.options["series"]}
        # H(½, ½) = 1 bit; the infinite KL runs to the axis end (2.5 bits), marked ∞
        view = entropy_kl.compute(entropy_kl.Inputs(p=(1, 1), q=(1, 0)))
        assert stack.options["xAxis"]["max"] == view.stack_top == 2.5
        assert drawn["entropy"] == [1.0]
        (kl_bar,) = drawn["kl"]
        assert kl_bar["value"] == 1.5 and kl_bar["label"]["formatter"] == "∞"
        assert "decal" in kl_bar["itemStyle"]  # striped: unbounded
        user.find(marker="swap").click()
        # now P = (1, 0) and Q = (½, ½): KL = 1·log2(1 / ½) = 1 bit, and Q misses nothing
        assert text(user, "kl") == "1.0000 bits"
        assert text(user, "kl_reverse") == "∞ bits"  # but P misses Q's second outcome
        await user.should_not_see(marker="misses")
        drawn = {s["id"]: s["data"] for s in stack.options["series"]}
        assert drawn["kl"] == [{"value": 1.0}]  # a finite KL is drawn as it is, unlabelled
        assert stack.options["xAxis"]["max"] == 1.5  # the next half unit above H(P, Q) = 1
        # the probabilities under the swapped weights were rebuilt with the new rows
        assert [text(user, f"p-prob-{i}") for i in range(2)] == ["1.000", "0.000"]
        await user.open("/entropy-kl?p=1,1,1&q=1,1")
        await user.should_see(marker="notice")

    simulate(scenario)
