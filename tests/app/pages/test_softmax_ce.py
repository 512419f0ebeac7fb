"""Section 2 (softmax and categorical cross-entropy) driven by NiceGUI's simulated user; numbers
come from the library."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from nicegui import ui
from nicegui.testing.user import User

import xentlab as xl
from support.driving import choose, move, one, text, url_becomes
from xentlab.app.pages.widgets import fmt, fmt_small
from xentlab.course.content import load

Simulate = Callable[..., None]


def test_softmax_typing_logits_and_temperature(simulate: Simulate) -> None:
    def expected(logits: list[float], t: float, target: int) -> str:
        z = np.array([logits]) / t
        return fmt(float(xl.cross_entropy(z, np.array([target]))))

    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/softmax")
        assert text(user, "loss") == expected([2, 1, -1], 1, 0) == "0.3490"
        assert [text(user, f"prob-{i}") for i in range(3)] == ["0.7054", "0.2595", "0.0351"]
        user.find(marker="logit-0").clear().type("abc")
        await user.should_see(load("ui")["logit_problems"]["not_a_number"])
        assert text(user, "loss") == "0.3490"  # the last good logits stay in force
        user.find(marker="logit-0").clear().type("1e400")
        await user.should_see(load("ui")["logit_problems"]["too_large"])
        user.find(marker="logit-0").clear()
        await user.should_see(load("ui")["logit_problems"]["empty"])
        user.find(marker="logit-0").type("3")
        assert text(user, "loss") == expected([3, 1, -1], 1, 0)
        move(user, "temperature", 2.5)
        assert text(user, "loss") == expected([3, 1, -1], 2.5, 0)
        choose(user, "target", 2)
        assert text(user, "loss") == expected([3, 1, -1], 2.5, 2)
        await url_becomes(urls, "?logits=3,1,-1&T=2.5&target=2")

    simulate(scenario)


def test_softmax_add_and_remove_classes(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/softmax?logits=1,2&target=1")
        user.find(marker="add-class").click()
        await user.should_see(marker="logit-2")
        assert text(user, "prob-2") == fmt(float(xl.softmax(np.array([1.0, 2.0, 0.0]))[2]))
        chart = one(user, "chart")
        assert isinstance(chart, ui.echart)
        axis = chart.options["xAxis"][0]  # rebuilt for three classes, each still labelled
        assert (axis["data"], axis["axisLabel"]["interval"]) == (["0", "1", "2"], 0)
        user.find(marker="remove-class").click()
        await user.should_not_see(marker="logit-2")
        await url_becomes(urls, "?logits=1,2&T=1&target=1")

    simulate(scenario)


def test_softmax_eleven_logits_is_a_bad_link(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/softmax?logits=" + ",".join(["1"] * 11))
        await user.should_see(marker="notice")
        assert text(user, "loss") == "0.3490"

    simulate(scenario)


def test_softmax_worked_substitution_and_both_kinds_of_target(simulate: Simulate) -> None:
    c = load("softmax_ce")

    def ce(logits: list[float], t: float, target: np.ndarray) -> str:
        return fmt(float(xl.cross_entropy(np.array([logits]) / t, target)))

    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/softmax")
        # T = 1: L = −ln ŷ₀ = −ln(0.7054) = 0.3490
        assert text(user, "worked") == "L = −ln ŷ₀ = −ln(0.7054) = 0.3490"
        assert text(user, "loss_sparse") == text(user, "loss_one_hot") == "0.3490"
        await user.should_see(c["labels"]["sparse_call"].format(c=0))
        await user.should_see(c["labels"]["dense_call"].format(one_hot="1, 0, 0"))
        move(user, "temperature", 2.0)
        choose(user, "target", 1)
        p1 = float(xl.softmax(np.array([2.0, 1.0, -1.0]), temperature=2.0)[1])
        expected = c["worked"]["tempered"].format(
            t="2.0", c="₁", p=fmt(p1), loss=ce([2, 1, -1], 2.0, np.array([1]))
        )
        assert text(user, "worked") == expected
        assert text(user, "worked").startswith("ŷ = softmax(z / 2.0)\nL = −ln ŷ₁")
        one_hot = np.asarray(xl.one_hot(np.array([1]), 3), dtype=np.float64)
        assert text(user, "loss_sparse") == ce([2, 1, -1], 2.0, np.array([1]))
        assert text(user, "loss_one_hot") == ce([2, 1, -1], 2.0, one_hot)
        await user.should_see(c["labels"]["dense_call"].format(one_hot="0, 1, 0"))

    simulate(scenario)


def test_softmax_opening_example_tiny_numbers_and_axes(simulate: Simulate) -> None:
    c = load("softmax_ce")

    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/softmax?logits=2,1,-1&T=0.1&target=0")
        # the cat/dog example: −ln 0.8 and −ln 0.2, each by the library
        cat = float(xl.info.cross_entropy(np.array([1.0, 0.0]), np.array([0.8, 0.2])))
        flipped = float(xl.info.cross_entropy(np.array([1.0, 0.0]), np.array([0.2, 0.8])))
        example = one(user, "example")
        assert isinstance(example, ui.markdown)
        assert example.content == c["example"]["text"].format(
            cat="0.8", dog="0.2", loss=fmt(cat), flipped=fmt(flipped)
        )
        assert (fmt(cat), fmt(flipped)) == ("0.2231", "1.6094")
        # softmax(20, 10, −10): ŷ₁ = 4.54e−5, ŷ₂ = 9.36e−14; ∂L/∂z = ŷ/T: never shown as 0
        probs = np.asarray(xl.softmax(np.array([2.0, 1.0, -1.0]), temperature=0.1))
        for i in (1, 2):
            assert text(user, f"prob-{i}") == fmt_small(float(probs[i]))
            assert text(user, f"grad-{i}") == fmt_small(float(probs[i]) / 0.1)
        assert text(user, "prob-1") == "4.54e−5"
        # the gradient axis: (ŷ₀ − 1)/0.1 = −4.54e−4 is the largest; the axis stays ±1
        chart = one(user, "chart")
        assert isinstance(chart, ui.echart)
        grad_axis = chart.options["yAxis"][1]
        assert (grad_axis["min"], grad_axis["max"], grad_axis["interval"]) == (-1.0, 1.0, 0.5)
        assert ":formatter" in grad_axis["axisLabel"]
        choose(user, "target", 2)  # (9.36e−14 − 1)/0.1 = −10.0: the axis grows to ±10
        assert (grad_axis["min"], grad_axis["max"], grad_axis["interval"]) == (-10.0, 10.0, 5.0)
        await user.open("/softmax?logits=" + ",".join(["0"] * 10))
        # ten classes: every one labelled (interval 0), by its index
        chart = one(user, "chart")
        assert isinstance(chart, ui.echart)
        axis = chart.options["xAxis"][0]
        assert axis["data"] == [str(i) for i in range(10)]
        assert axis["axisLabel"]["interval"] == 0

    simulate(scenario)
