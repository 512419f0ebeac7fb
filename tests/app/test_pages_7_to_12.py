"""Sections 7–12 driven by NiceGUI's simulated user; expected numbers come from the library."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from driving import choose, move, one, text, url_becomes
from nicegui import ui
from nicegui.testing.user import User

import xentlab as xl
from xentlab import coding
from xentlab.app.widgets import fmt
from xentlab.content import load
from xentlab.lessons import landscape

Simulate = Callable[..., None]


def test_entropy_kl_typing_dragging_and_units(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/entropy-kl")
        assert text(user, "entropy") == "1.7500 bits"  # (½·1 + ¼·2 + 2·⅛·3) bits
        assert text(user, "kl") == "0.2500 bits"
        user.find(marker="q-0").clear().type("abc")
        await user.should_see(load("entropy_kl")["labels"]["bad_weight"])
        assert text(user, "kl") == "0.2500 bits"  # the last good weights stay in force
        user.find(marker="q-0").clear().type("0.75")
        q = np.array([0.75, 0.25, 0.25, 0.25]) / 1.5
        p = np.array([0.5, 0.25, 0.125, 0.125])
        assert text(user, "kl") == fmt(float(xl.info.kl_divergence(p, q, base=2))) + " bits"
        move(user, "p-bar-3", 0.0)  # dragging the last bar of P to zero
        p = np.array([0.5, 0.25, 0.125, 0.0]) / 0.875
        assert text(user, "entropy") == fmt(float(xl.info.entropy(p, base=2))) + " bits"
        choose(user, "unit", "nats")
        assert text(user, "entropy") == fmt(float(xl.info.entropy(p))) + " nats"
        await url_becomes(urls, "?p=0.5,0.25,0.125,0&q=0.75,0.25,0.25,0.25&unit=nats")

    simulate(scenario)


def test_entropy_kl_zero_in_q_is_infinite_and_link_restores(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/entropy-kl?p=1,1&q=1,0&unit=bits")
        assert text(user, "kl") == "∞ bits"
        await user.should_see(marker="misses")
        stack = one(user, "stack-chart")
        assert isinstance(stack, ui.echart)
        drawn = {s["id"]: s["data"] for s in stack.options["series"]}
        assert drawn == {"entropy": [1.0], "kl": [0.0]}  # H(½, ½) = 1 bit; no bar for ∞
        user.find(marker="swap").click()
        # now P = (1, 0) and Q = (½, ½): KL = 1·log2(1 / ½) = 1 bit, and Q misses nothing
        assert text(user, "kl") == "1.0000 bits"
        await user.should_not_see(marker="misses")
        await user.open("/entropy-kl?p=1,1,1&q=1,1")
        await user.should_see(marker="notice")

    simulate(scenario)


def test_wrong_code_languages_and_text(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/wrong-code?src=German&code=Spanish")
        cost = coding.wrong_code_cost("German", "Spanish")
        assert text(user, "wrong_length") == fmt(cost.wrong_length)
        assert text(user, "kl") == fmt(cost.kl)
        with user:
            select = one(user, "code")
            assert isinstance(select, ui.select)
            select.value = "German"
        assert text(user, "kl") == "0.0000"
        user.find(marker="text").clear().type(
            "Der schnelle braune Fuchs springt über den faulen Hund"
        )
        best = coding.rank_languages("Der schnelle braune Fuchs springt über den faulen Hund")[0]
        assert best[0] == "German"
        assert text(user, "rank-0") == f"{best[1]:.4f} bits per letter"
        user.find(marker="text").clear().type("12345")
        await user.should_see(marker="text-problem")

    simulate(scenario)


def test_landscape_sliders(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/landscape")
        move(user, "p", 0.5)
        move(user, "q", 0.5)
        assert (text(user, "entropy"), text(user, "kl")) == ("1.0000", "0.0000")
        move(user, "q", 0.9)
        expected = -(0.5 * math.log2(0.9) + 0.5 * math.log2(0.1))
        assert text(user, "cross_entropy") == fmt(expected)
        await url_becomes(urls, "?p=0.5&q=0.9")
        # the points the page draws are the View's: on the curve (p, H(p)) = (0.5, 1 bit)
        curve, heat = one(user, "entropy-chart"), one(user, "chart")
        assert isinstance(curve, ui.echart) and isinstance(heat, ui.echart)
        (on_curve,) = [s["data"] for s in curve.options["series"] if s["id"] == "point"]
        assert on_curve == [[0.5, 1.0]]
        (on_map,) = [s["data"] for s in heat.options["series"] if s["id"] == "point"]
        view = landscape.compute(landscape.Inputs(p=0.5, q=0.9))
        assert on_map == [list(view.heat_point)]

    simulate(scenario)


def test_stability_scale_and_guards(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/stability?s=1&k=50")
        assert "NaN" not in text(user, "naive32")
        assert "text-rose-700" not in one(user, "naive32").classes
        move(user, "scale", 2.0)  # scale 100 > 88.7: float32's e^z overflows
        assert text(user, "naive32").startswith("NaN")
        assert "text-rose-700" in one(user, "naive32").classes  # a broken row is marked
        assert "NaN" not in text(user, "naive64")
        move(user, "scale", 3.0)  # scale 1000 > 709.8
        assert text(user, "naive64").startswith("NaN")
        assert text(user, "stable") == "1.0000  0.0000  0.0000"
        assert text(user, "log_of_softmax") == "−∞"
        assert text(user, "log_softmax") == "−2000.0000"
        chart = one(user, "chart")
        assert isinstance(chart, ui.echart)
        (mark,) = [series for series in chart.options["series"] if series["id"] == "scale"]
        assert mark["markLine"]["data"] == [{"xAxis": 1000.0, "name": "1000"}]  # 10^3
        assert text(user, "pytorch") == "100.0000"
        move(user, "k", 5)
        assert text(user, "keras") == fmt(5 * math.log(10))
        await url_becomes(urls, "?s=3&k=5")

    simulate(scenario)


def test_imbalance_counts_and_sliders(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/imbalance")
        user.find(marker="count-2").clear().type("0")
        await user.should_see(load("imbalance")["labels"]["bad_count"])
        user.find(marker="count-2").clear().type("100")
        w = np.array([1090 / 2700, 1090 / 270, 1090 / 300])  # N / (C n_c) with N = 1090
        assert text(user, "weight-2") == fmt(float(w[2]))
        move(user, "eps", 0.3)
        target = np.array([0.7 + 0.1, 0.1, 0.1])
        assert text(user, "floor") == fmt(float(xl.info.entropy(target)))
        move(user, "gamma", 0.0)
        chart = one(user, "chart")
        assert isinstance(chart, ui.echart)
        data = {series["id"]: series["data"] for series in chart.options["series"]}
        focal, ce = data["focal"], data["ce"]
        assert focal[10][1] == round(0.25 * ce[10][1], 6)  # γ = 0: α·CE
        await url_becomes(urls, "?counts=900,90,100&gamma=0&alpha=0.25&eps=0.3")
        user.find(marker="add-class").click()
        # a fourth class of 100 examples: N = 1190, w₃ = 1190 / (4·100)
        assert text(user, "weight-3") == fmt(1190 / 400)
        assert text(user, "weight-0") == fmt(1190 / 3600)
        await user.should_see(marker="count-3")  # the boxes are redrawn after the click
        user.find(marker="remove-class").click()
        await user.should_not_see(marker="count-3")
        await user.should_not_see(marker="weight-3")
        assert text(user, "weight-2") == fmt(1090 / 300)
        await url_becomes(urls, "?counts=900,90,100&gamma=0&alpha=0.25&eps=0.3")

    simulate(scenario)


def test_applications_calculators(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        labels = load("applications")["labels"]
        await user.open("/applications?ce=3&unit=bits&T=2")
        assert text(user, "perplexity") == "8.00"
        assert text(user, "ce_other") == fmt(3 * math.log(2))  # 3 bits in nats
        await user.should_see(labels["ce_other"].format(unit=labels["nats"]))
        choose(user, "unit", "nats")
        assert text(user, "perplexity") == fmt(math.exp(3), 2)
        assert text(user, "ce_other") == fmt(3 / math.log(2))  # 3 nats in bits
        await user.should_see(labels["ce_other"].format(unit=labels["bits"]))
        await user.should_not_see(labels["ce_other"].format(unit=labels["nats"]))
        move(user, "temperature", 1.0)
        teacher = xl.softmax(np.array([[4.0, 2.5, 1.0, -1.0]]))
        student = xl.log_softmax(np.array([[3.0, 3.0, 0.0, 0.0]]))
        kl = float(xl.kl_div(student, teacher, reduction="batchmean"))
        assert text(user, "kl") == fmt(kl)
        for card in load("applications")["cards"]:
            await user.should_see(card["title"])

    simulate(scenario)
