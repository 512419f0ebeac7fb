"""Section 5 (likelihood and loss) driven by NiceGUI's simulated user."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from nicegui.testing.user import User

from support.driving import bce, move, series, text
from xentlab.app.pages.widgets import fmt

Simulate = Callable[..., None]


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
