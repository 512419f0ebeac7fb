"""Section 4 (why squared error learns slowly) driven by NiceGUI's simulated user."""

from __future__ import annotations

from collections.abc import Callable

from nicegui.testing.user import User

from support.driving import move, series, text, url_becomes
from xentlab.app.pages.widgets import fmt

Simulate = Callable[..., None]


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
