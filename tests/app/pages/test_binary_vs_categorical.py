"""Section 6 (sigmoid against a K-class softmax) driven by NiceGUI's simulated user."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from nicegui.testing.user import User

import xentlab as xl
from support.driving import bce, move, num, one, series, text, url_becomes
from xentlab.app.pages.widgets import fmt
from xentlab.course.content import load

Simulate = Callable[..., None]


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
