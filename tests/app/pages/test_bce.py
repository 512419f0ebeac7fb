"""Section 1 (binary cross-entropy) driven by NiceGUI's simulated user; numbers come from the
library."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from nicegui import ui
from nicegui.testing.user import User

import xentlab as xl
from support.driving import bce, choose, move, num, one, text, url_becomes
from xentlab.app.pages.widgets import fmt
from xentlab.course.content import load

Simulate = Callable[..., None]


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
