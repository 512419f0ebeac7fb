"""Section 11 (class imbalance: weights, focal loss, label smoothing) driven by NiceGUI's
simulated user; expected numbers come from the library."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from nicegui import ui
from nicegui.testing.user import User

import xentlab as xl
from support.driving import move, one, text, url_becomes
from xentlab.app.pages.widgets import at, fmt, fmt_small, pairs
from xentlab.course.content import load
from xentlab.course.lessons import imbalance

Simulate = Callable[..., None]


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
