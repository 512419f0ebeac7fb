"""Sections 7–12 driven by NiceGUI's simulated user; expected numbers come from the library."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from driving import choose, move, one, text, url_becomes
from nicegui import ui
from nicegui.testing.user import User

import xentlab as xl
from xentlab import coding
from xentlab.app.pages.widgets import at, fmt, fmt_small, pairs
from xentlab.course.content import load
from xentlab.course.lessons import entropy_kl, imbalance, stability

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


def test_wrong_code_says_when_a_tie_changes_the_cost(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        # v and y are equally frequent in Spanish (0.90 %): two optimal codes, and German text
        # costs 4.3819 bits a letter under one, 4.3756 under the other
        await user.open("/wrong-code?src=German&code=Spanish")
        w = coding.wrong_code_cost("German", "Spanish")
        assert w.tied_letters == ("v", "y") and w.tie_matters
        assert text(user, "tie-note") == (
            "v and y are equally frequent in Spanish, so more than one Huffman code is optimal "
            f"for it: with that tie broken the other way, German text costs "
            f"{fmt(w.other_wrong_length)} bits a letter instead of {fmt(w.wrong_length)}."
        )
        assert (fmt(w.wrong_length), fmt(w.other_wrong_length)) == ("4.3819", "4.3756")
        with user:
            select = one(user, "code")
            assert isinstance(select, ui.select)
            select.value = "French"
        assert not coding.wrong_code_cost("German", "French").tie_matters
        await user.should_not_see(marker="tie-note")

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
        assert on_map == [[0.9, 0.5]]  # exactly at (q, p), on the map's value axes
        series = {s["id"]: s for s in heat.options["series"]}
        assert (series["point"]["xAxisIndex"], series["point"]["yAxisIndex"]) == (1, 1)
        assert series["diagonal"]["data"] == [[0.0, 0.0], [1.0, 1.0]]
        # the value axes span the cells, [0, 1], with round ticks 0, 0.2, …, 1
        for axis in (heat.options["xAxis"][1], heat.options["yAxis"][1]):
            assert (axis["type"], axis["min"], axis["max"], axis["interval"]) == (
                "value",
                0.0,
                1.0,
                0.2,
            )
        # the cells sit on hidden category axes, one per grid value
        assert [axis["show"] for axis in (heat.options["xAxis"][0], heat.options["yAxis"][0])] == [
            False,
            False,
        ]
        assert heat.options["visualMap"]["seriesIndex"] == 0  # colours the cells only

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
        series = {s["id"]: s for s in chart.options["series"]}
        assert series["scale"]["markLine"]["data"] == [{"xAxis": 1000.0, "name": "1000"}]  # 10^3
        # the legend lists the two curves only: the marks are no series of their own
        chart_c = load("stability")["chart"]
        assert chart.options["legend"]["data"] == [chart_c["stable"], chart_c["naive"]]
        assert all("name" not in series[sid] for sid in ("scale", "limits"))
        # the log-sum-exp line is drawn at full strength, not faded
        assert series["stable"]["lineStyle"].get("opacity", 1) == 1
        # where e^z overflows each format, from the View: ln(max float32), ln(max float64)
        view = stability.compute(stability.Inputs(log_scale=3.0))
        limits = series["limits"]["markLine"]["data"]
        expected = [round(view.overflow32, 4), round(view.overflow64, 4)]
        assert [m["xAxis"] for m in limits] == expected
        assert [m["name"] for m in limits] == [
            chart_c["limit32"].format(x="88.72"),
            chart_c["limit64"].format(x="709.78"),
        ]
        assert round(view.overflow32, 2) == round(float(np.log(np.finfo(np.float32).max)), 2)
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
        await url_becomes(urls, "?counts=900,90,100&gamma=0&alpha=0.25&pt=0.9&eps=0.3")
        user.find(marker="add-class").click()
        # a fourth class of 100 examples: N = 1190, w₃ = 1190 / (4·100)
        assert text(user, "weight-3") == fmt(1190 / 400)
        assert text(user, "weight-0") == fmt(1190 / 3600)
        await user.should_see(marker="count-3")  # the boxes are redrawn after the click
        user.find(marker="remove-class").click()
        await user.should_not_see(marker="count-3")
        await user.should_not_see(marker="weight-3")
        assert text(user, "weight-2") == fmt(1090 / 300)
        await url_becomes(urls, "?counts=900,90,100&gamma=0&alpha=0.25&pt=0.9&eps=0.3")

    simulate(scenario)


def test_imbalance_gamma_zero_and_alpha_one_is_cross_entropy(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/imbalance")
        move(user, "gamma", 0.0)
        move(user, "alpha", 1.0)
        chart = one(user, "chart")
        assert isinstance(chart, ui.echart)
        data = {series["id"]: series["data"] for series in chart.options["series"]}
        assert data["focal"] == data["ce"]  # the page's claim: γ = 0 and α = 1 give back CE
        await url_becomes(urls, "?counts=900,90,10&gamma=0&alpha=1&pt=0.9&eps=0.1")

    simulate(scenario)


def test_imbalance_focal_read_at_a_chosen_pt(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/imbalance?gamma=2&alpha=0.25&pt=0.9")
        # p_t = 0.9: CE = −ln 0.9, factor (0.1)² = 0.01, focal 0.25·0.01·0.10536 = 2.63e−4
        assert text(user, "pt_ce") == fmt(-math.log(0.9))
        assert text(user, "pt_factor") == "0.0100"
        assert text(user, "pt_focal") == fmt_small(0.25 * 0.01 * -math.log(0.9)) == "2.63e−4"
        move(user, "pt", 0.3)
        z, one_ = np.array([float(xl.logit(0.3))]), np.array([1.0])
        focal = float(xl.sigmoid_focal_loss(z, one_, alpha=0.25, gamma=2.0)[0])
        assert text(user, "pt_ce") == fmt(-math.log(0.3))
        assert text(user, "pt_factor") == fmt_small(float(xl.focal_factor(0.3, 2.0)))
        assert text(user, "pt_focal") == fmt_small(focal)
        assert text(user, "pt_kept") == fmt_small(0.25 * 0.7**2)
        chart = one(user, "chart")
        assert isinstance(chart, ui.echart)
        points = {s["id"]: s["data"] for s in chart.options["series"] if s["type"] == "scatter"}
        view = imbalance.compute(imbalance.Inputs(pt=0.3))
        assert points == {"ce_point": at(view.pt_points[0]), "focal_point": at(view.pt_points[1])}
        await url_becomes(urls, "?counts=900,90,10&gamma=2&alpha=0.25&pt=0.3&eps=0.1")

    simulate(scenario)


def test_imbalance_eps_moves_the_smoothing_chart_and_its_floor(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/imbalance")
        chart = one(user, "smoothing-chart")
        assert isinstance(chart, ui.echart)

        def series(sid: str) -> dict[str, Any]:
            (found,) = [s for s in chart.options["series"] if s["id"] == sid]
            return found

        before = series("smoothed")["data"]
        move(user, "eps", 0.3)
        view = imbalance.compute(imbalance.Inputs(smoothing=0.3))
        after = series("smoothed")["data"]
        assert after != before and after == pairs(view.smooth_x, view.smooth_loss)
        # three classes, ε = 0.3: the floor is H(0.8, 0.1, 0.1), reached at p_t = 0.8
        floor = float(xl.info.entropy(np.array([0.8, 0.1, 0.1])))
        (mark,) = series("smoothed")["markLine"]["data"]
        assert mark["yAxis"] == round(floor, 6)
        assert series("best")["data"] == [[0.8, round(floor, 6)]]
        assert text(user, "floor") == fmt(floor)
        move(user, "eps", 0.0)  # no smoothing: the two curves are one
        assert series("smoothed")["data"] == series("plain")["data"]

    simulate(scenario)


def test_applications_calculators(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        labels = load("applications")["labels"]
        await user.open("/applications?ce=3&unit=bits&T=2")
        assert text(user, "perplexity") == "8.00"
        await user.should_see(labels["perplexity_bits"])  # 2^CE: the base is named
        assert text(user, "ce_other") == fmt(3 * math.log(2))  # 3 bits in nats
        await user.should_see(labels["ce_other"].format(unit=labels["nats"]))
        choose(user, "unit", "nats")
        assert text(user, "perplexity") == fmt(math.exp(3), 2)
        await user.should_see(labels["perplexity_nats"])
        await user.should_not_see(labels["perplexity_bits"])
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


def test_applications_typed_logits_and_the_lab_link(simulate: Simulate) -> None:
    def kl(teacher: list[float], student: list[float], t: float) -> str:
        p = xl.softmax(np.array([teacher]), temperature=t)
        log_q = xl.log_softmax(np.array([student]), temperature=t)
        return fmt(float(xl.kl_div(log_q, p, reduction="batchmean")))

    async def scenario(user: User, urls: list[str]) -> None:
        c = load("applications")
        messages = c["logits_problems"]
        await user.open("/applications")
        assert text(user, "kl") == kl([4, 2.5, 1, -1], [3, 3, 0, 0], 2.0)
        user.find(marker="teacher").clear().type("4, x, 1, -1")
        await user.should_see(messages["not_a_number"])
        assert text(user, "kl") == kl([4, 2.5, 1, -1], [3, 3, 0, 0], 2.0)  # the last good pair
        user.find(marker="teacher").clear().type("4, 1e400")
        await user.should_see(load("ui")["logit_problems"]["too_large"])
        user.find(marker="teacher").clear().type("7")
        await user.should_see(messages["count"])
        user.find(marker="teacher").clear()
        await user.should_see(messages["empty"])
        # three classes for the teacher, four for the student: the student's box says so
        user.find(marker="teacher").type("5, 0, -5")
        await user.should_see(messages["mismatch"])
        await user.should_not_see(messages["empty"])
        assert text(user, "kl") == kl([4, 2.5, 1, -1], [3, 3, 0, 0], 2.0)
        user.find(marker="student").clear().type("1, 1, −1")
        await user.should_not_see(messages["mismatch"])
        assert text(user, "kl") == kl([5, 0, -5], [1, 1, -1], 2.0)
        chart = one(user, "chart")
        assert isinstance(chart, ui.echart)
        assert chart.options["xAxis"]["data"] == ["0", "1", "2"]
        await url_becomes(urls, "?ce=3&unit=nats&T=2&teacher=5,0,-5&student=1,1,-1")
        link = one(user, "lab-link")
        assert isinstance(link, ui.link) and link.props["href"] == "/lab"
        await user.should_see(c["labels"]["lab_text"])

    simulate(scenario)
