"""Every section's controls, driven by NiceGUI's simulated user; numbers come from the library."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import numpy as np
from nicegui import ui
from nicegui.testing.user import User

import xentlab as xl
from xentlab.app.shell import URL_DELAY_S
from xentlab.app.widgets import fmt
from xentlab.content import load

Simulate = Callable[..., None]


async def settled() -> None:
    """Wait until the page has put its state in the address bar (it waits for a pause)."""
    await asyncio.sleep(URL_DELAY_S + 0.1)


def one(user: User, marker: str) -> ui.element:
    """The single element carrying ``marker``."""
    (element,) = user.find(marker=marker).elements
    return element


def text(user: User, marker: str) -> str:
    element = one(user, marker)
    assert isinstance(element, ui.label)
    return element.text


def move(user: User, marker: str, value: float) -> None:
    """What a dragged slider sends: an ``update:model-value`` event with the new value."""
    user.find(marker=marker).trigger("update:modelValue", value)


def choose(user: User, marker: str, value: int) -> None:
    with user:
        element = one(user, marker)
        assert isinstance(element, ui.toggle)
        element.value = value


def num(x: object) -> float:
    """The one number in a library result."""
    return float(np.asarray(x).item())


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
        await settled()
        assert urls[-1] == "?yhat=0.9&y=0"  # written once the changes pause

    simulate(scenario)


def test_binary_bad_link_shows_defaults_and_notice(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/binary?yhat=abc&y=1")
        await user.should_see(marker="notice")
        assert "yhat" in text(user, "notice")
        assert text(user, "loss") == fmt(bce(0.7, 1))
        await settled()
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
        await settled()
        assert urls[-1] == "?logits=3,1,-1&T=2.5&target=2"

    simulate(scenario)


def test_softmax_add_and_remove_classes(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/softmax?logits=1,2&target=1")
        user.find(marker="add-class").click()
        await user.should_see(marker="logit-2")
        assert text(user, "prob-2") == fmt(float(xl.softmax(np.array([1.0, 2.0, 0.0]))[2]))
        user.find(marker="remove-class").click()
        await user.should_not_see(marker="logit-2")
        await settled()
        assert urls[-1] == "?logits=1,2&T=1&target=1"

    simulate(scenario)


def test_softmax_eleven_logits_is_a_bad_link(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/softmax?logits=" + ",".join(["1"] * 11))
        await user.should_see(marker="notice")
        assert text(user, "loss") == "0.3490"

    simulate(scenario)


def test_ce_vs_mse_slider(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/ce-vs-mse")
        assert (text(user, "mse"), text(user, "dmse_dyhat")) == ("0.0900", "−0.6000")
        move(user, "yhat", 0.2)
        mse = float(xl.mse_loss(np.array([0.2]), np.array([1.0])))
        assert (text(user, "ce"), text(user, "mse")) == (fmt(bce(0.2, 1)), fmt(mse))
        choose(user, "y", 0)
        assert text(user, "dce_dz") == fmt(0.2)

    simulate(scenario)


def test_slow_mse_slider(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/slow-mse")
        assert (text(user, "ce_grad"), text(user, "mse_grad")) == ("0.8000", "0.2560")
        move(user, "yhat", 0.01)
        assert text(user, "mse_grad") == fmt(2 * 0.99 * 0.01 * 0.99)
        await settled()
        assert urls[-1] == "?yhat=0.01&y=1"

    simulate(scenario)


def test_likelihood_slider(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/likelihood?yhat=0.4&y=0")
        assert text(user, "likelihood") == "0.6000"
        assert text(user, "loss") == fmt(bce(0.4, 0))
        move(user, "yhat", 0.8)
        assert text(user, "likelihood") == "0.2000"
        assert text(user, "mean_loss") == text(user, "nll_of_product")

    simulate(scenario)


def test_binary_vs_categorical_controls(simulate: Simulate) -> None:
    async def scenario(user: User, urls: list[str]) -> None:
        await user.open("/binary-vs-categorical")
        move(user, "z", -2.0)
        assert text(user, "bce") == text(user, "ce2") == fmt(bce(float(xl.sigmoid(-2.0)), 1))
        move(user, "k", 5)
        logits = np.array([[0.0, -2.0, 0.0, 0.0, 0.0]])
        assert text(user, "ce_k") == fmt(float(xl.cross_entropy(logits, np.array([1]))))
        assert text(user, "chance_k") == fmt(float(np.log(5)))
        await settled()
        assert urls[-1] == "?z=-2&y=1&k=5"

    simulate(scenario)
