"""Every section's controls, driven by NiceGUI's simulated user; numbers come from the library."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from driving import choose, move, num, one, text, url_becomes
from nicegui import ui
from nicegui.testing.user import User

import xentlab as xl
from xentlab.app.pages.widgets import fmt, fmt_small
from xentlab.course.content import load

Simulate = Callable[..., None]


def bce(p: float, y: float) -> float:
    return float(xl.binary_cross_entropy(np.array([p]), np.array([y])))


def test_home_lists_every_section(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/")
        for key in ("bce", "softmax_ce", "ce_vs_mse", "slow_mse", "likelihood"):
            await user.should_see(load(key)["title"])
            await user.should_see(load(key)["teaches"])
        await user.should_see(marker="open-binary-vs-categorical")

    simulate(scenario)


def test_binary_slider_and_label(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/binary")
        assert text(user, "loss") == fmt(bce(0.7, 1))
        assert text(user, "dloss_dlogit") == fmt(
            num(
                xl.grad.binary_cross_entropy_with_logits(np.array([np.log(7 / 3)]), np.array([1.0]))
            )
        )
        move(user, "yhat", 0.9)
        assert text(user, "loss") == fmt(bce(0.9, 1)) == "0.1054"
        assert text(user, "dloss_dyhat") == fmt(
            num(xl.grad.binary_cross_entropy(np.array([0.9]), np.array([1.0])))
        )
        choose(user, "y", 0)
        assert text(user, "loss") == fmt(bce(0.9, 0))
        assert text(user, "verdict") == load("ui")["verdicts"]["wrong_confident"]
        await url_becomes(urls, "?yhat=0.9&y=0")  # written once the changes pause

    simulate(scenario)


def test_binary_bad_link_shows_defaults_and_notice(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/binary?yhat=abc&y=1")
        await user.should_see(marker="notice")
        assert "yhat" in text(user, "notice")
        assert text(user, "loss") == fmt(bce(0.7, 1))
        await url_becomes(urls, "?yhat=0.7&y=1")
        assert urls == ["?yhat=0.7&y=1"]

    simulate(scenario)


def test_binary_link_restores_state(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/binary?yhat=0.23&y=0")
        await user.should_not_see(marker="notice")
        assert text(user, "loss") == fmt(bce(0.23, 0))
        slider = one(user, "yhat")
        assert isinstance(slider, ui.slider) and slider.value == 0.23

    simulate(scenario)


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


def test_binary_worked_substitution_percent_and_slider_ends(simulate: Simulate) -> None:
    c = load("bce")

    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/binary")
        # ŷ = 0.70, y = 1: L = −ln(0.70) = 0.3567, confidence 70 %
        assert text(user, "worked") == c["worked"]["if_1"].format(p="0.70", loss=fmt(bce(0.7, 1)))
        assert text(user, "worked") == "L = −ln ŷ = −ln(0.70) = 0.3567"
        assert text(user, "confidence") == "70%"
        ends = [text(user, f"slider-end-{i}") for i in range(3)]
        assert ends == c["slider_ends"]["if_1"] == ["very wrong", "undecided", "correct"]
        choose(user, "y", 0)
        # y = 0 keeps 1 − ŷ: L = −ln(1 − 0.70) = −ln(0.30) = 1.2040
        assert text(user, "worked") == c["worked"]["if_0"].format(
            yhat="0.70", p="0.30", loss=fmt(bce(0.7, 0))
        )
        assert [text(user, f"slider-end-{i}") for i in range(3)] == c["slider_ends"]["if_0"]
        move(user, "yhat", 0.13)
        assert text(user, "confidence") == "87%"  # the model says class 0 with 1 − 0.13
        assert text(user, "worked").endswith(f"= −ln(0.87) = {fmt(bce(0.13, 0))}")

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


def series(user: User, sid: str) -> dict:
    """The series ``sid`` of the page's chart, as the browser receives it."""
    chart = one(user, "chart")
    assert isinstance(chart, ui.echart)
    (found,) = [s for s in chart.options["series"] if s.get("id") == sid]
    return found


def test_ce_vs_mse_slider(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/ce-vs-mse")
        assert (text(user, "mse"), text(user, "dmse_dyhat")) == ("0.0900", "−0.6000")
        move(user, "yhat", 0.2)
        mse = float(xl.mse_loss(np.array([0.2]), np.array([1.0])))
        assert (text(user, "ce"), text(user, "mse")) == (fmt(bce(0.2, 1)), fmt(mse))
        assert series(user, "ce_point")["data"] == [[0.2, round(bce(0.2, 1), 6)]]
        assert series(user, "mse_point")["data"] == [[0.2, round(mse, 6)]]
        choose(user, "y", 0)
        assert text(user, "dce_dz") == fmt(0.2)
        assert series(user, "ce_point")["data"] == [[0.2, round(bce(0.2, 0), 6)]]
        assert series(user, "ce")["data"][0] == [0.01, round(bce(0.01, 0), 6)]  # y = 0's curve
        await url_becomes(urls, "?yhat=0.2&y=0")

    simulate(scenario)


def test_slow_mse_slider(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/slow-mse")
        assert (text(user, "ce_grad"), text(user, "mse_grad")) == ("0.8000", "0.2560")
        move(user, "yhat", 0.01)
        assert text(user, "mse_grad") == fmt(2 * 0.99 * 0.01 * 0.99)
        # the points at ŷ = 0.01: |∂CE/∂z| = |ŷ − y| = 0.99, |∂MSE/∂z| = 2 · 0.99 · 0.01 · 0.99
        assert series(user, "ce_point")["data"] == [[0.01, 0.99]]
        assert series(user, "mse_point")["data"] == [[0.01, round(2 * 0.99 * 0.01 * 0.99, 6)]]
        await url_becomes(urls, "?yhat=0.01&y=1")

    simulate(scenario)


def test_likelihood_slider(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/likelihood?yhat=0.4&y=0")
        assert text(user, "likelihood") == "0.6000"
        assert text(user, "loss") == fmt(bce(0.4, 0))
        move(user, "yhat", 0.8)
        assert text(user, "likelihood") == "0.2000"
        assert text(user, "mean_loss") == text(user, "nll_of_product")
        # y = 0: the likelihood of ŷ = 0.8 is 1 − 0.8, drawn on the right-hand axis
        assert series(user, "likelihood_point")["data"] == [[0.8, 0.2]]
        assert series(user, "likelihood_point")["yAxisIndex"] == 1
        assert series(user, "loss_point")["data"] == [[0.8, round(bce(0.8, 0), 6)]]
        # the log-likelihood ln(1 − 0.8) = −1.6094, mirror of the loss, on the left axis
        assert series(user, "log_likelihood_point")["data"] == [[0.8, round(-bce(0.8, 0), 6)]]
        assert series(user, "log_likelihood_point").get("yAxisIndex", 0) == 0
        curve = series(user, "log_likelihood")["data"]
        assert curve[0] == [0.01, round(float(np.log(0.99)), 6)]  # ln(1 − ŷ) at ŷ = 0.01
        assert [y for _, y in curve] == [-y for _, y in series(user, "loss")["data"]]

    simulate(scenario)


def test_binary_vs_categorical_controls(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/binary-vs-categorical")
        move(user, "z", -2.0)
        assert text(user, "bce") == text(user, "ce2") == fmt(bce(float(xl.sigmoid(-2.0)), 1))
        move(user, "k", 5)
        logits = np.array([[0.0, -2.0, 0.0, 0.0, 0.0]])
        ce_k = float(xl.cross_entropy(logits, np.array([1])))
        assert text(user, "ce_k") == fmt(ce_k)
        assert text(user, "chance_k") == fmt(float(np.log(5)))
        assert text(user, "p_true_k") == fmt(float(xl.softmax(logits)[0, 1]))
        c = load("binary_vs_categorical")
        await user.should_see(c["labels"]["ce_k"].format(k=5))
        await user.should_see(c["labels"]["k_title"].format(k=5))
        binary = num(xl.binary_cross_entropy_with_logits(np.array([-2.0]), np.array([1.0])))
        gap = abs(binary - float(xl.cross_entropy(logits[:, :2], np.array([1]))))
        same = c["labels"]["same_rounding"].format(diff=f"{gap:.1e}")
        assert text(user, "same") == (same if gap else c["labels"]["same_exact"])
        k_name = c["chart"]["ce_k"].format(k=5)
        assert series(user, "ce_k")["name"] == series(user, "ce_k_point")["name"] == k_name
        assert one(user, "chart").options["legend"]["data"] == [c["chart"]["bce"], k_name]
        assert series(user, "bce_point")["data"] == [[-2.0, round(binary, 6)]]
        assert series(user, "ce_k_point")["data"] == [[-2.0, round(ce_k, 6)]]
        assert series(user, "ce_k")["markLine"]["data"] == [{"yAxis": round(float(np.log(5)), 6)}]
        await url_becomes(urls, "?z=-2&y=1&k=5")

    simulate(scenario)


def test_binary_vs_categorical_at_two_classes_shows_both_curves(simulate: Simulate) -> None:
    c = load("binary_vs_categorical")

    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/binary-vs-categorical")  # K = 2: the two curves coincide
        same = c["chart"]["ce_k_same"].format(k=2)
        assert series(user, "ce_k")["name"] == same
        assert one(user, "chart").options["legend"]["data"] == [c["chart"]["bce"], same]
        band, dashed = series(user, "bce")["lineStyle"], series(user, "ce_k")["lineStyle"]
        assert band["width"] > 2 * dashed["width"] and band["opacity"] < 1  # a pale band …
        assert dashed["type"] == "dashed"  # … under a dashed line
        assert series(user, "ce_k_point")["symbolSize"] < series(user, "bce_point")["symbolSize"]
        move(user, "k", 3)
        assert series(user, "ce_k")["name"] == c["chart"]["ce_k"].format(k=3)
        for name, *entries in c["properties"]["rows"]:
            await user.should_see(name)
            for entry in entries:
                await user.should_see(entry)

    simulate(scenario)
