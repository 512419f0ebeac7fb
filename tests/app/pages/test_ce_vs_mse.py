"""Section 3 (cross-entropy against squared error) driven by NiceGUI's simulated user."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from nicegui.testing.user import User

import xentlab as xl
from support.driving import bce, choose, move, series, text, url_becomes
from xentlab.app.pages.widgets import fmt

Simulate = Callable[..., None]


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
